"""The comparison page: one figure per film combining the four views of the critics.

A. tone through each review (the sentiment arcs of :mod:`criticlens.sentiment.arcs`);
B. which scenes each critic brings up (the scene heatmap of :mod:`criticlens.mentions.scenes`);
C. each critic's distinctive terms (log-odds, :mod:`criticlens.vocab.keyness`);
D. what each critic talks about (the aspect profile of :mod:`criticlens.treatment.core`).

:func:`build_comparison` returns the full page at 7 in wide (``size="article"``) or, with
``size="column"``, the four panels as separate 3.5 in figures. Each panel is drawn by its own
topic's plotting function, so the page looks like the notebooks. The page's ``data`` stacks the
four plotted frames with a ``panel`` column (A-D) naming where each row is drawn.

The page has a design for 1-8 critics (a line, a row, a panel and a dot per critic, each in its
colour) and one for more (:mod:`criticlens.viz.many`): A the median arc and middle half of each
group of critics, B the share of each group's reviews naming each scene, C the distinctive terms
of each group (fresh vs rotten...), D a critic x aspect heatmap ordered by group. ``critics=``
restricts the page to some critics (eight or fewer: the per-critic design); ``highlight=`` draws
named critics over the distributions of the "many" design.

This module has no ``export_figures``: :mod:`criticlens.viz.figsets.treatment` exports the page.
"""
from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure, SubFigure
from matplotlib.lines import Line2D

from criticlens.treatment import core as T
from criticlens.corpus.load import Corpus
from criticlens.viz import many as M
from criticlens.viz.export import FigureSpec
from criticlens.viz.style import critic_colors, style_context

Size = Literal["article", "column"]
#: Distinctive terms shown per critic on the page.
N_TERMS = 6
#: Page size in inches (width fixed by the article column, height for four readable panels).
PAGE_SIZE = (7.0, 8.6)
COLUMN_WIDTH = 3.5

#: Engines of the page's tone panel (A).
TONE_ENGINES: tuple[str, ...] = ("critic-voice",)

#: The comparison page sets critics against each other (distinctive terms): it needs two.
MIN_CRITICS = 2


@dataclass
class Panel:
    """One panel of the page: its letter, slug, title, plotted data and a drawing function."""

    letter: str
    slug: str
    title: str
    data: pd.DataFrame
    draw: Callable[[Figure | SubFigure, str], None]
    alt: str
    height_column: float


# --------------------------------------------------------------------------------------------
# panels
# --------------------------------------------------------------------------------------------
def _arcs_panel(corpus: Corpus, scores_all: pd.DataFrame | None) -> Panel:
    from criticlens.viz.figsets.arcs import DEFAULT_SMOOTHER, add_note, arc_data, short_review_note
    from criticlens.viz.plots.arcs import arcs_overlay

    # the critic's voice (critic engine polarity x judgement probability), not the story's mood
    # (the lexicons' arcs: notebook 02)
    _, _, band = arc_data(corpus, scores_all, engines=TONE_ENGINES)
    note = short_review_note(band, DEFAULT_SMOOTHER)
    labels = list(corpus.labels().values())
    colors = critic_colors(labels)

    def draw(fig: Figure | SubFigure, size: str) -> None:
        ax = fig.subplots()
        arcs_overlay(band, ax=ax, colors=colors, labels=labels, legend=(size == "column"),
                     ylabel="critic's tone (critic engine)")
        add_note(fig, note)

    hi = band.loc[band["center"].idxmax()]
    lo = band.loc[band["center"].idxmin()]
    alt = (f"A: arcs of the critic's tone, one line per critic (the critic engine's sentence "
           f"polarity weighted by how much the sentence is judgement rather than synopsis, -1 "
           f"to 1) against position in the review; highest {hi['label']} {hi['center']:+.2f} at {hi['x']:.0%}, lowest "
           f"{lo['label']} {lo['center']:+.2f} at {lo['x']:.0%}." + (f" {note}" if note else ""))
    return Panel("A", "arcs", "The critic's tone through each review", band, draw, alt, 2.4)


def _scenes_panel(corpus: Corpus) -> Panel:
    from criticlens.mentions import scenes as S
    from criticlens.viz.plots.scenes import scene_heatmap

    table = S.scene_table(corpus, complete=True)
    labels = list(corpus.labels().values())

    def draw(fig: Figure | SubFigure, size: str) -> None:
        ax = fig.subplots()
        scene_heatmap(table, ax=ax, critics=labels, scenes=S.scene_order(corpus.film),
                      value="sentences", annotate=True)
        ax.set_xlabel("")

    if table.empty or int(table["sentences"].sum()) == 0:
        alt = "B: scene heatmap; no critic mentions a scene listed in film.yaml."
    else:
        top = table.groupby("label", sort=False)["sentences"].sum()
        best = table.loc[table["sentences"].idxmax()]
        alt = (f"B: heatmap of the sentences that mention each scene, critics by scenes in film "
               f"order; most mentioned scene overall: {top.idxmax()} ({int(top.max())} "
               f"sentences); largest cell: {best['critic']} on {best['label']} "
               f"({int(best['sentences'])} sentences).")
    return Panel("B", "scenes", "Sentences naming each scene", table, draw, alt, 2.6)


def _terms_panel(corpus: Corpus, colors: dict[str, str] | None = None) -> Panel:
    from criticlens.vocab.keyness import distinctive_terms, top_terms
    from criticlens.viz.plots.vocab import distinctive_terms_chart

    labels = list(corpus.labels().values())
    n = len(labels)
    # up to three critics side by side; more go on a grid of two columns with fewer terms each
    page_cols = n if n <= 3 else 2
    page_rows = -(-n // page_cols)
    n_terms = N_TERMS if page_rows == 1 else max(3, N_TERMS - 2 * (page_rows - 1))
    colors = colors or critic_colors(labels)
    if n == 1:  # the "single" design: nobody to compare with, the critic's most-used terms
        return _terms_panel_single(corpus, colors, n_terms)
    top = top_terms(distinctive_terms(corpus, method="log_odds"), n_terms)

    def draw(fig: Figure | SubFigure, size: str) -> None:
        # one x scale for every critic: bars of equal length mean equal scores
        if size == "article":
            axs = list(fig.subplots(page_rows, page_cols, squeeze=False, sharex=True).ravel())
        else:
            axs = list(fig.subplots(n, 1, squeeze=False, sharex=True)[:, 0])
        for ax, lab in zip(axs, labels):
            distinctive_terms_chart(top, ax=ax, critic=lab, color=colors[lab],
                                    score_label="log-odds z")
            ax.tick_params(axis="x", labelbottom=True)
            ax.set_title(textwrap.shorten(str(lab), width=22, placeholder="..."),
                         color=colors[lab], fontsize="medium", loc="left")
        for ax in axs[n:]:
            ax.set_visible(False)

    per = "; ".join(f"{lab}: " + ", ".join(top.loc[top["critic"] == lab, "term"].head(3))
                    for lab in labels if (top["critic"] == lab).any())
    alt = (f"C: bar charts of each critic's {n_terms} most distinctive words (log-odds z "
           f"against the other critics); top three: {per}.")
    return Panel("C", "terms", "Distinctive terms", top, draw, alt,
                 0.6 + (0.25 * n_terms + 0.6) * n)


def _terms_panel_single(corpus: Corpus, colors: dict[str, str], n_terms: int) -> Panel:
    """Panel C for one critic: their ``n_terms`` most-used words, one line saying why."""
    from criticlens.viz.figsets.vocab import single_terms
    from criticlens.viz.plots.vocab import term_count_chart

    lab = list(corpus.labels().values())[0]
    top = single_terms(corpus, n=n_terms)
    note = "One critic: nothing to compare; their most-used words instead."

    def draw(fig: Figure | SubFigure, size: str) -> None:
        ax = fig.subplots()
        term_count_chart(top, ax=ax, color=colors[lab])
        ax.set_title(note, fontsize="small", color="#444444", loc="left")

    alt = (f"C: {note[:-1]}: a bar chart of the {len(top)} words {lab} uses most, with counts: "
           + (", ".join(f"{t} ({c})" for t, c in zip(top["term"], top["count"])) or "none") + ".")
    return Panel("C", "terms", "Distinctive terms", top, draw, alt, 0.6 + 0.25 * n_terms + 0.6)


def _aspects_panel(corpus: Corpus, scores: pd.DataFrame | None,
                   classes: pd.DataFrame | None = None) -> Panel:
    from criticlens.viz.plots.treatment import plot_aspect_profile

    prof = T.aspect_profile(corpus, scores=scores, classes=classes)
    colors = critic_colors(list(corpus.labels().values()))

    def draw(fig: Figure | SubFigure, size: str) -> None:
        ax = fig.subplots()
        plot_aspect_profile(prof, ax=ax, colors=colors, value="share", legend=False)
        ax.set_xlabel("share of sentences")
        if size == "column":
            handles, texts = ax.get_legend_handles_labels()
            fig.legend(handles, texts, loc="outside lower center", ncols=3,
                       handletextpad=0.1, columnspacing=0.8)

    share = prof.loc[prof["share"].idxmax()]
    alt = (f"D: dot plot of the share of each critic's sentences naming each of "
           f"{prof['aspect'].nunique()} aspects; largest: {share['label']} on "
           f"{share['aspect_label']} ({share['share']:.0%}).")
    return Panel("D", "aspects", "What each critic talks about", prof, draw, alt,
                 0.3 * prof["aspect"].nunique() + 0.9)


# --- the "many" design (more than eight critics) ----------------------------------------------
def _group_map(corpus: Corpus) -> tuple[dict[str, str] | None, dict[str, str]]:
    """(review id -> group or None, group -> colour); one pseudo-group when there are none."""
    g = M.groups(corpus)
    if g is None:
        return None, {"all critics": M.GROUP_COLORS[0]}
    return dict(g), M.group_colors(list(dict.fromkeys(g)))


def _highlight_labels(corpus: Corpus, highlight: Sequence[str]) -> list[str]:
    labels = corpus.labels()
    return [labels[r] for r in M.resolve_critics(corpus, highlight)] if highlight else []


def _arcs_panel_many(corpus: Corpus, scores_all: pd.DataFrame | None,
                     highlight: Sequence[str]) -> Panel:
    from criticlens.viz.figsets.arcs import DEFAULT_SMOOTHER, add_note, arc_data, short_review_note
    from criticlens.viz.plots.many import arc_quantiles, arcs_distribution

    _, _, band = arc_data(corpus, scores_all, engines=TONE_ENGINES)
    note = short_review_note(band, DEFAULT_SMOOTHER)
    gmap, gcolors = _group_map(corpus)
    q = arc_quantiles(band, gmap)
    hl = _highlight_labels(corpus, highlight)
    hcol = {lab: M.HIGHLIGHT_COLORS[i % len(M.HIGHLIGHT_COLORS)] for i, lab in enumerate(hl)}

    def draw(fig: Figure | SubFigure, size: str) -> None:
        ax = fig.subplots()
        arcs_distribution(q, ax=ax, colors=gcolors, band=band, highlight=hl,
                          highlight_colors=hcol, legend=(size == "column"),
                          ylabel="critic's tone (critic engine)")
        add_note(fig, note)

    med = q.groupby("group", sort=False)["median"].mean()
    alt = (f"A: median sentiment arc of {len(corpus.review_ids)} critics"
           + (f" per group ({', '.join(f'{k} mean {v:+.2f}' for k, v in med.items())})"
              if gmap else f" (mean {float(med.iloc[0]):+.2f})")
           + ", with the middle half of the critics shaded"
           + (f"; highlighted: {', '.join(hl)}" if hl else "") + "." + (f" {note}" if note else ""))
    data = q.assign(label=q["group"])
    return Panel("A", "arcs", "Tone through the reviews", data, draw, alt, 2.4)


def _scenes_panel_many(corpus: Corpus) -> Panel:
    from criticlens.mentions import scenes as S
    from criticlens.viz.plots.many import matrix_heatmap

    table = S.scene_table(corpus, complete=True)
    gmap, gcolors = _group_map(corpus)
    names = {str(k): str(v) for k, v in zip(table["scene_id"], table["label"])} \
        if "label" in table.columns and len(table) else {}
    order = [str(x) for x in S.scene_order(corpus.film)] if corpus.film is not None else []
    t = table.assign(mentioned=table["mentions"] > 0,
                     group=table["review_id"].astype(str).map(gmap) if gmap else "all critics")
    sizes = pd.Series(gmap).value_counts() if gmap else pd.Series({"all critics": len(corpus.review_ids)})
    share = t.groupby(["group", "scene_id"], sort=False)["mentioned"].mean().unstack("scene_id")
    if gmap:
        allrow = t.groupby("scene_id", sort=False)["mentioned"].mean().rename("all critics")
        share = pd.concat([share, allrow.to_frame().T])
        sizes["all critics"] = len(corpus.review_ids)
    share = share.reindex(columns=[c for c in order if c in share.columns] or list(share.columns))
    share.index = [f"{g} ({int(sizes.get(g, 0))})" for g in share.index]
    share.columns = [names.get(str(c), str(c)) for c in share.columns]
    rowcol = {f"{g} ({int(sizes.get(g, 0))})": c for g, c in gcolors.items()}

    def draw(fig: Figure | SubFigure, size: str) -> None:
        ax = fig.subplots()
        if share.shape[1] == 0:
            ax.text(0.5, 0.5, "no scenes in film.yaml", ha="center", va="center",
                    transform=ax.transAxes)
            ax.set_axis_off()
            return
        matrix_heatmap(share, ax=ax, fmt="{:.0%}", vmax=1.0, row_colors=rowcol)

    tidy = share.stack().rename("share_of_reviews").reset_index()
    tidy.columns = ["group", "scene", "share_of_reviews"]
    if tidy.empty or float(tidy["share_of_reviews"].max()) == 0:
        alt = "B: share of reviews naming each scene; no review names a scene of film.yaml."
    else:
        best = tidy.loc[tidy["share_of_reviews"].idxmax()]
        alt = (f"B: heatmap of the share of each group's reviews that name each scene; largest: "
               f"{best['group']} on {best['scene']} ({best['share_of_reviews']:.0%}).")
    return Panel("B", "scenes", "Share of reviews naming each scene", tidy, draw, alt,
                 0.9 + 0.3 * len(share))


def _terms_panel_many(corpus: Corpus) -> Panel:
    """Distinctive terms per group (groups pooled as pseudo-critics); no groups: the longest."""
    if len(M.group_names(corpus)) >= 2:
        gc = M.group_corpus(corpus)
        p = _terms_panel(gc, colors=M.group_colors(M.group_names(corpus)))
        p.title = "Distinctive terms of each group"
        p.alt = p.alt.replace("each critic's", "each group's").replace("other critics",
                                                                       "other groups")
        return p
    sub, note = M.focus(corpus, n=3)
    p = _terms_panel(sub)
    p.title = f"Distinctive terms ({note})" if note else p.title
    return p


def _aspects_panel_many(corpus: Corpus, scores: pd.DataFrame | None) -> Panel:
    from criticlens.viz.plots.many import matrix_heatmap

    prof = T.aspect_profile(corpus, scores=scores)
    gmap, gcolors = _group_map(corpus)
    ids = list(corpus.review_ids)
    if gmap:  # rows grouped: each group's critics together, groups in first-appearance order
        rank = {g: i for i, g in enumerate(gcolors)}
        ids.sort(key=lambda r: rank[gmap[str(r)]])
    labels = corpus.labels()
    mat = prof.pivot_table(index="review_id", columns="aspect_label", values="share",
                           sort=False).reindex([str(r) for r in ids])
    mat.index = [labels[r] for r in ids]
    mat = mat[list(dict.fromkeys(prof["aspect_label"]))]
    rowcol = {labels[r]: gcolors[gmap[str(r)]] for r in ids} if gmap else None

    def draw(fig: Figure | SubFigure, size: str) -> None:
        ax = fig.subplots()
        matrix_heatmap(mat.T, ax=ax, fmt="{:.0%}", annotate=False, max_row_labels=30,
                       xrotation=90)
        ax.set_xticks([])
        ax.set_xlabel(f"{len(ids)} critics" + (", by group (strip)" if gmap else ""),
                      labelpad=12 if gmap else 4)
        if gmap:
            _group_strip(ax, [gmap[str(r)] for r in ids], gcolors)
        if ax.images:  # the colour key: what a shade means (no numbers in the cells)
            from matplotlib.ticker import PercentFormatter

            cb = fig.colorbar(ax.images[0], ax=ax, location="bottom", shrink=0.7, aspect=30,
                              pad=0.02, format=PercentFormatter(1.0, decimals=0))
            cb.set_label("share of the critic's sentences", fontsize="small")
            cb.ax.tick_params(labelsize="small")
            cb.outline.set_visible(False)

    mean = prof.groupby("aspect_label", sort=False)["share"].mean()
    alt = (f"D: heatmap of the share of each critic's sentences naming each of {len(mean)} "
           f"aspects, {len(ids)} critics as columns; highest on average: {mean.idxmax()} "
           f"({mean.max():.0%}), lowest: {mean.idxmin()} ({mean.min():.0%}).")
    return Panel("D", "aspects", "What the critics talk about", prof, draw, alt,
                 0.3 * prof["aspect"].nunique() + 1.2)


def _group_strip(ax: plt.Axes, per_column: list[str], colors: dict[str, str]) -> None:
    """A thin coloured strip under a heatmap's columns saying which group each column is in."""
    import numpy as np
    from matplotlib.colors import ListedColormap

    names = list(colors)
    idx = np.array([[names.index(g) for g in per_column]])
    strip = ax.inset_axes((0.0, -0.045, 1.0, 0.03))
    strip.imshow(idx, aspect="auto", cmap=ListedColormap([colors[n] for n in names]),
                 vmin=-0.5, vmax=len(names) - 0.5, interpolation="nearest")
    strip.set_axis_off()


def comparison_panels(corpus: Corpus, *, scores: pd.DataFrame | None = None,
                      scores_all: pd.DataFrame | None = None,
                      highlight: Sequence[str] = (),
                      classes: pd.DataFrame | None = None) -> list[Panel]:
    """The four panels (A arcs, B scenes, C distinctive terms, D aspects), data computed once.

    ``scores`` is a :func:`criticlens.treatment.core.sentence_scores` frame for the aspects;
    ``scores_all`` a :func:`criticlens.sentiment.engines.sentence_sentiment` frame holding
    the :data:`TONE_ENGINES` scores for the arcs; ``classes`` the sentence classes.
    With more than :data:`criticlens.viz.many.MAX_INDIVIDUAL` critics the panels use the
    "many" design (module docstring); ``highlight`` names critics drawn over it.
    """
    if M.design_for(len(corpus.review_ids)) == "many":
        return [_arcs_panel_many(corpus, scores_all, highlight), _scenes_panel_many(corpus),
                _terms_panel_many(corpus), _aspects_panel_many(corpus, scores)]
    return [_arcs_panel(corpus, scores_all), _scenes_panel(corpus), _terms_panel(corpus),
            _aspects_panel(corpus, scores, classes)]


def _tidy(data: pd.DataFrame) -> pd.DataFrame:
    """A panel's own frame, as plotted: its columns only (no union with the other panels)."""
    d = data.copy()
    for c in d.columns:
        if isinstance(d[c].dtype, pd.StringDtype):
            d[c] = d[c].astype(object)
    return d.reset_index(drop=True)


def page_contents(panels: list[Panel]) -> pd.DataFrame:
    """The page's own CSV: one row per panel, naming the tidy CSV that holds its data.

    Each panel plots a differently shaped frame (arcs, a scene table, terms, aspects); stacking
    them would make one wide, mostly empty table, so each goes to ``comparison-page-<view>.csv``
    (written beside the page by :func:`criticlens.viz.export.save_spec`).
    """
    return pd.DataFrame({
        "panel": [p.letter for p in panels],
        "view": [p.slug for p in panels],
        "title": [p.title for p in panels],
        "csv": [f"comparison-page-{p.slug}.csv" for p in panels],
        "rows": [len(p.data) for p in panels],
        "columns": [", ".join(map(str, p.data.columns)) for p in panels],
    })


def _page_alt(corpus: Corpus, panels: list[Panel]) -> str:
    return (f"Comparison page for {corpus.title}, {len(corpus.review_ids)} critics "
            f"({', '.join(corpus.labels().values())}), four panels. "
            + " ".join(p.alt for p in panels))


# --------------------------------------------------------------------------------------------
# builders
# --------------------------------------------------------------------------------------------
def build_comparison(corpus: Corpus, *, size: Size = "article",
                     classes: pd.DataFrame | None = None,
                     scores: pd.DataFrame | None = None,
                     scores_all: pd.DataFrame | None = None,
                     critics: Sequence[str] | None = None,
                     highlight: Sequence[str] = ()) -> list[FigureSpec]:
    """The comparison page (``size="article"``, one 7 in figure) or its four panels as
    single-column 3.5 in figures (``size="column"``). Returns a list of specs either way.

    The design follows the number of critics (module docstring). ``critics`` (labels or review
    ids) restricts the page to those critics; ``highlight`` draws critics over the distributions
    of the many-critic design.
    """
    if size not in ("article", "column"):
        raise ValueError(f"size must be 'article' or 'column', not {size!r}")
    if critics is not None:
        corpus = M.subset(corpus, M.resolve_critics(corpus, critics))
        scores = M.review_rows(scores, corpus.review_ids)
        scores_all = M.review_rows(scores_all, corpus.review_ids)
        classes = M.review_rows(classes, corpus.review_ids)
    panels = comparison_panels(corpus, scores=scores, scores_all=scores_all,
                               highlight=highlight, classes=classes)
    if size == "article":
        return [_build_page(corpus, panels, _highlight_labels(corpus, highlight))]
    return [_build_column(corpus, p) for p in panels]


def _legend_handles(corpus: Corpus, highlight: Sequence[str] = ()) -> list[Line2D]:
    """The page's legend: one entry per critic (few) or per group and highlighted critic."""
    if M.design_for(len(corpus.review_ids)) != "many":
        colors = critic_colors(list(corpus.labels().values()))
        return [Line2D([], [], color=c, marker="o", linewidth=2,
                       label=textwrap.shorten(str(lab), width=28, placeholder="..."))
                for lab, c in colors.items()]
    _, gcolors = _group_map(corpus)
    n = {g: int(k) for g, k in M.groups(corpus).value_counts().items()} \
        if M.groups(corpus) is not None else {"all critics": len(corpus.review_ids)}
    out = [Line2D([], [], color=c, linewidth=6, alpha=0.6, label=f"{g} ({n.get(g, 0)} critics)")
           for g, c in gcolors.items()]
    for i, lab in enumerate(highlight):
        out.append(Line2D([], [], color=M.HIGHLIGHT_COLORS[i % len(M.HIGHLIGHT_COLORS)],
                          linestyle="--", label=str(lab)))
    return out


def _build_page(corpus: Corpus, panels: list[Panel], highlight: Sequence[str] = ()) -> FigureSpec:
    with style_context("article"):
        fig = plt.figure(figsize=PAGE_SIZE)
        n = len(corpus.review_ids)
        how = "how 1 critic treats" if n == 1 else f"how {n} critics treat"
        fig.suptitle(f"{corpus.title}: {how} the film",
                     x=0.0, ha="left", fontweight="bold", fontsize=12)
        header, top, bottom = fig.subfigures(3, 1, height_ratios=[0.05, 1.0, 1.15],
                                             hspace=0.02)
        handles = _legend_handles(corpus, highlight)
        header.legend(handles=handles, loc="center left", ncols=min(len(handles), 4),
                      bbox_to_anchor=(0.0, 0.5), borderaxespad=0.0)
        cells = list(top.subfigures(1, 2, width_ratios=[1.0, 1.1], wspace=0.04)) + \
            list(bottom.subfigures(1, 2, width_ratios=[1.25, 1.0], wspace=0.04))
        for sub, p in zip(cells, panels):
            p.draw(sub, "article")
            sub.suptitle(f"{p.letter}. {p.title}", x=0.0, ha="left", fontweight="bold",
                         fontsize=10)
    return FigureSpec("comparison-page", fig, page_contents(panels), _page_alt(corpus, panels),
                      caption=(f"How the critics of {corpus.title} compare: tone, scenes, "
                               f"vocabulary and subjects on one page."),
                      extra={"tables": {p.slug: _tidy(p.data) for p in panels}})


def _build_column(corpus: Corpus, p: Panel) -> FigureSpec:
    with style_context("column"):
        fig = plt.figure(figsize=(COLUMN_WIDTH, p.height_column))
        p.draw(fig, "column")
        fig.suptitle(f"{p.letter}. {p.title}", x=0.0, ha="left", fontweight="bold",
                     fontsize=8.5)
    return FigureSpec(f"comparison-{p.slug}-column", fig, _tidy(p.data),
                      f"Single-column panel of the {corpus.title} comparison page. {p.alt}",
                      caption=f"{p.title} ({corpus.title}), single-column version.")

