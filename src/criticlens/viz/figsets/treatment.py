"""Treatment figures (notebook 05): per-layer arcs, layer shares and means, aspect profile,
verdict, and the comparison page.

Every ``build_*`` returns a :class:`~criticlens.viz.export.FigureSpec` whose ``data`` is the exact
frame plotted and whose alt text is generated from it (what is plotted and its extremes).
:func:`export_figures` builds and saves them all.
"""
from __future__ import annotations

import math
import os
from collections.abc import Sequence
from typing import Literal

import matplotlib.pyplot as plt
import pandas as pd

from criticlens.treatment import core as T
from criticlens.corpus.load import Corpus
from criticlens.viz.export import FigureSpec, save_spec
from criticlens.viz.plots import treatment as P
from criticlens.viz.style import critic_colors, style_context

Size = Literal["article", "column"]
#: Figure widths in inches: a full page and a single column.
WIDTHS: dict[str, float] = {"article": 7.0, "column": 3.5}



def _n(k: int, noun: str) -> str:
    """``1 sentence``, ``2 sentences`` (alt texts never say "1 sentences")."""
    return f"{k} {noun}" + ("" if k == 1 else "s")

def _check_size(size: str) -> float:
    if size not in WIDTHS:
        raise ValueError(f"size must be one of {list(WIDTHS)}, not {size!r}")
    return WIDTHS[size]


def _suffix(size: str) -> str:
    return "" if size == "article" else "-column"


def _title(corpus: Corpus, text: str, size: str) -> str:
    """"Film: text" on one line at article size, on two lines in a single column."""
    return f"{corpus.title}: {text}" if size == "article" else f"{corpus.title}:\n{text}"


def _colors(corpus: Corpus) -> dict[str, str]:
    return critic_colors(list(corpus.labels().values()))


def _restrict(corpus: Corpus, critics: Sequence[str] | None, *frames: pd.DataFrame | None
              ) -> tuple[Corpus, list[pd.DataFrame | None]]:
    """The corpus restricted to ``critics`` (labels or review ids; ``None``: all) and the
    per-sentence frames filtered to the same reviews."""
    from criticlens.viz import many as M

    if critics is None:
        return corpus, list(frames)
    ids = M.resolve_critics(corpus, critics)
    return M.subset(corpus, ids), [M.review_rows(f, ids) for f in frames]


def _fmt(v: float) -> str:
    return "n/a" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:+.2f}"


# --------------------------------------------------------------------------------------------
# per-layer arcs
# --------------------------------------------------------------------------------------------
def layer_arcs_alt(arcs: pd.DataFrame, summary: pd.DataFrame, title: str) -> str:
    """Alt text for the per-layer arcs, from the plotted frames."""
    parts = []
    for lab, g in summary.groupby("label", sort=False):
        s = g.set_index("cls")
        parts.append(f"{lab}: synopsis mean {_fmt(s.loc['synopsis', 'mean_sentiment'])} over "
                     f"{_n(int(s.loc['synopsis', 'n_sentences']), 'sentence')}, judgement mean "
                     f"{_fmt(s.loc['judgement', 'mean_sentiment'])} over "
                     f"{int(s.loc['judgement', 'n_sentences'])}")
    hi = arcs.loc[arcs["sentiment"].idxmax()]
    lo = arcs.loc[arcs["sentiment"].idxmin()]
    return (f"Line charts, one panel per critic of {title}: sentence sentiment (-1 to 1) against "
            f"position in the review, with synopsis sentences (dashed) and judgement sentences "
            f"(solid) drawn as separate smoothed arcs. " + "; ".join(parts) + ". "
            f"Most positive sentence: {hi['label']} ({hi['cls']}, {hi['sentiment']:+.2f} at "
            f"{hi['position']:.0%}); most negative: {lo['label']} ({lo['cls']}, "
            f"{lo['sentiment']:+.2f} at {lo['position']:.0%}).")


def build_layer_arcs(corpus: Corpus, *, size: Size = "article",
                     classes: pd.DataFrame | None = None,
                     scores: pd.DataFrame | None = None,
                     critics: Sequence[str] | None = None) -> FigureSpec:
    """Each critic's synopsis and judgement arcs, one panel per critic (shared y axis).

    Article size: panels side by side; column size: panels stacked. Above eight critics it
    draws ``critics=[...]`` or else the eight longest reviews, and says so in its title, caption
    and alt text (:func:`criticlens.viz.many.focused`).
    """
    from criticlens.viz import many as M

    corpus, focus_note = M.focused(corpus, critics)
    if focus_note:
        classes = M.review_rows(classes, corpus.review_ids)
        scores = M.review_rows(scores, corpus.review_ids)
    width = _check_size(size)
    arcs = T.layer_arcs(corpus, classes=classes, scores=scores)
    summary = T.layer_summary(arcs, review_ids=corpus.review_ids)
    colors = _colors(corpus)
    labels = list(corpus.labels().values())
    n = len(labels)
    with style_context(size):
        if size == "article":
            ncols = min(n, 3)
            nrows = math.ceil(n / ncols)
            fig, axes = plt.subplots(nrows, ncols, figsize=(width, 2.6 * nrows + 0.4),
                                     sharey=True, squeeze=False)
        else:
            fig, axes = plt.subplots(n, 1, figsize=(width, 1.9 * n + 0.4), sharex=True,
                                     sharey=True, squeeze=False)
        flat = list(axes.ravel())
        for i, (rid, lab) in enumerate(corpus.labels().items()):
            ax = flat[i]
            P.plot_layer_arc(arcs[arcs["review_id"] == rid], ax=ax, color=colors[lab],
                             title=lab, legend=False)
            if size == "article" and i % axes.shape[1]:
                ax.set_ylabel("")
            if size == "column" and i < n - 1:
                ax.set_xlabel("")
        for ax in flat[n:]:
            ax.set_visible(False)
        fig.legend(handles=P.layer_handles(), loc="outside lower center", ncols=2)
        fig.suptitle(_title(corpus, "the story's mood vs the critic's voice", size),
                     x=0.01, ha="left", fontweight="bold",
                     fontsize="large" if size == "article" else "medium")
    return M.noted([FigureSpec(
        f"treatment-layer-arcs{_suffix(size)}", fig, arcs,
        layer_arcs_alt(arcs, summary, corpus.title),
        caption=("Sentiment arcs drawn separately for plot synopsis and for judgement: the "
                 "synopsis carries the story's mood, the judgement carries the critic's verdict. "
                 f"A line breaks where its layer has no sentence for more than "
                 f"{P.MAX_GAP:.0%} of the review."))], focus_note)[0]


def build_layer_means(corpus: Corpus, *, size: Size = "article",
                      classes: pd.DataFrame | None = None,
                      scores: pd.DataFrame | None = None,
                      critics: Sequence[str] | None = None,
                      highlight: Sequence[str] = ()) -> FigureSpec:
    """Dumbbell chart of each critic's mean synopsis vs judgement sentiment.

    ``critics`` (labels or review ids) restricts it to those critics. More than eight: a
    critic x layer heatmap of the mean sentiment, every critic a row by group then verdict
    (:func:`_critic_heatmap`), the ``highlight`` critics labelled and framed."""
    from criticlens.viz import many as M

    corpus, (classes, scores) = _restrict(corpus, critics, classes, scores)
    width = _check_size(size)
    arcs = T.layer_arcs(corpus, classes=classes, scores=scores)
    summary = T.layer_summary(arcs, review_ids=corpus.review_ids)
    if M.design_for(len(corpus.review_ids)) == "many":
        return _critic_heatmap(
            corpus, summary[summary["cls"].isin(["synopsis", "judgement"])], column="cls",
            value="mean_sentiment", name=f"treatment-layer-means{_suffix(size)}", size=size,
            classes=classes, scores=scores, highlight=highlight, cmap="RdBu", vmin=-1.0,
            vmax=1.0, title="mean sentiment of synopsis and judgement",
            colorbar="mean sentence sentiment", fmt=_fmt,
            what="the mean sentence sentiment of each critic's synopsis and judgement sentences",
            caption="Mean sentence sentiment of each critic's synopsis and judgement, every "
                    "critic a row by group then verdict (blank: no such sentence).")
    colors = _colors(corpus)
    with style_context(size):
        fig, ax = plt.subplots(figsize=(width, 0.5 * summary["label"].nunique() + 1.2))
        P.plot_layer_means(summary, ax=ax, colors=colors)
        ax.set_title(_title(corpus, "mean sentiment of synopsis vs judgement", size))
    both = summary[summary["cls"].isin(["synopsis", "judgement"])].pivot(
        index="label", columns="cls", values="mean_sentiment")
    gap = (both["judgement"] - both["synopsis"]).dropna()
    alt = (f"Dot chart, one row per critic of {corpus.title}: the mean sentence sentiment of "
           f"their synopsis sentences (hollow dot) and of their judgement sentences (filled dot). "
           + "; ".join(f"{lab}: synopsis {_fmt(r['synopsis'])}, judgement {_fmt(r['judgement'])}"
                       for lab, r in both.reindex(list(dict.fromkeys(summary['label']))).iterrows())
           + ".")
    if len(gap):
        alt += (f" Widest gap (judgement minus synopsis): {gap.idxmax()} ({gap.max():+.2f}); "
                f"narrowest: {gap.idxmin()} ({gap.min():+.2f}).")
    return FigureSpec(f"treatment-layer-means{_suffix(size)}", fig, summary, alt,
                      caption="Mean sentence sentiment of each critic's synopsis and judgement.")


def build_layer_shares(corpus: Corpus, *, size: Size = "article",
                       classes: pd.DataFrame | None = None,
                       scores: pd.DataFrame | None = None,
                       critics: Sequence[str] | None = None,
                       highlight: Sequence[str] = ()) -> FigureSpec:
    """Stacked bars: how each critic splits the review between synopsis, judgement, context.

    ``critics`` (labels or review ids) restricts it to those critics. More than eight: a
    critic x layer heatmap of the shares, every critic a row by group then verdict
    (:func:`_critic_heatmap`; ``scores`` feed the verdict that orders the rows), the
    ``highlight`` critics labelled and framed."""
    from criticlens.viz import many as M

    corpus, (classes, scores) = _restrict(corpus, critics, classes, scores)
    width = _check_size(size)
    cl = classes if classes is not None else T.classify_sentences(corpus)
    labels = corpus.labels()
    rows = []
    for rid in corpus.review_ids:
        g = cl[cl["review_id"] == rid]
        for k in T.CLASSES:
            n = int((g["cls"] == k).sum())
            rows.append({"review_id": rid, "label": labels[rid], "cls": k, "n_sentences": n,
                         "share": n / len(g) if len(g) else math.nan})
    data = pd.DataFrame(rows)
    if M.design_for(len(corpus.review_ids)) == "many":
        return _critic_heatmap(
            corpus, data, column="cls", value="share",
            name=f"treatment-layer-shares{_suffix(size)}", size=size, classes=cl, scores=scores,
            highlight=highlight, cmap="Blues", vmin=0.0, vmax=1.0,
            title="synopsis, judgement, context", colorbar="share of the review's sentences",
            fmt=lambda v: f"{v:.0%}",
            what="the share of each critic's sentences that retell the plot (synopsis), judge "
                 "the film (judgement) or talk about other things (context)",
            caption="How each critic divides the review between retelling the story, judging "
                    "the film, and context: every critic a row, by group then verdict.")
    with style_context(size):
        fig, ax = plt.subplots(figsize=(width, 0.5 * len(labels) + 1.3))
        P.plot_layer_shares(data, ax=ax)
        ax.set_title(_title(corpus, "synopsis, judgement, context", size), pad=18)
    syn = data[data["cls"] == "synopsis"].set_index("label")["share"]
    jud = data[data["cls"] == "judgement"].set_index("label")["share"]
    alt = (f"Stacked bar chart, one bar per critic of {corpus.title}: the share of the review's "
           f"sentences that retell the plot (synopsis), judge the film (judgement) or talk about "
           f"other things (context). "
           + "; ".join(f"{lab}: " + ", ".join(
               f"{k} {float(data[(data['label'] == lab) & (data['cls'] == k)]['share'].iloc[0]):.0%}"
               for k in T.CLASSES) for lab in labels.values())
           + f". Most synopsis: {syn.idxmax()} ({syn.max():.0%}); most judgement: "
           f"{jud.idxmax()} ({jud.max():.0%}).")
    return FigureSpec(f"treatment-layer-shares{_suffix(size)}", fig, data, alt,
                      caption="How each critic divides the review between retelling the story, "
                              "judging the film, and context.")


def _critic_heatmap(corpus: Corpus, frame: pd.DataFrame, *, column: str, value: str, name: str,
                    size: Size, classes: pd.DataFrame | None, scores: pd.DataFrame | None,
                    highlight: Sequence[str], cmap: str, vmin: float, vmax: float, title: str,
                    colorbar: str, fmt, what: str, caption: str) -> FigureSpec:  # type: ignore[no-untyped-def]
    """The "many" design of a per-critic figure: ``frame`` (long, ``review_id``, ``column``,
    ``value``) as a critic x ``column`` heatmap, every critic a row ordered by group then by
    the critic engine's verdict, warmest first (:func:`criticlens.viz.many.critic_order`);
    ``data`` is ``frame`` with ``group``, ``verdict_score`` and ``row``."""
    from criticlens.viz import many as M
    from criticlens.viz.plots.many import critic_matrix

    width = _check_size(size)
    v = T.verdict(corpus, classes=classes, scores=scores)
    score = dict(zip(v["review_id"].astype(str), v["verdict_score"]))
    order = M.critic_order(corpus, score)
    gof = M.group_of(corpus)
    labels = corpus.labels()
    rid = frame["review_id"].astype(str)
    data = frame.assign(group=rid.map(gof), verdict_score=rid.map(score),
                        row=rid.map({r: i for i, r in enumerate(order)})).sort_values(
        "row", kind="stable").reset_index(drop=True)
    cols = list(dict.fromkeys(frame[column].astype(str)))
    mat = data.pivot(index="review_id", columns=column, values=value).reindex(
        index=order, columns=cols)
    mat.index = [labels[r] for r in order]
    groups = [gof[r] for r in order]
    gcol = M.group_colors(list(dict.fromkeys(groups)))
    hl = M.highlight_labels(corpus, highlight)
    n = len(order)
    with style_context(size):
        fig, ax = plt.subplots(figsize=(width, 0.16 * (-(-n // M.thin_labels(n))) + 2.4))
        critic_matrix(mat, ax=ax, row_groups=groups, group_colors=gcol, highlight=hl,
                      highlight_colors=M.highlight_colors(hl), cmap=cmap, vmin=vmin, vmax=vmax,
                      colorbar=colorbar, xrotation=0)
        fig.legend(handles=[plt.Line2D([], [], linewidth=6, color=c,
                                       label=f"{g} ({groups.count(g)})") for g, c in gcol.items()],
                   loc="outside lower center", ncols=min(len(gcol), 4), frameon=False,
                   title="group (strip right of the rows); rows by verdict, warmest first",
                   title_fontsize="small", fontsize="small")
        fig.suptitle(_title(corpus, f"{title}, {n} critics", size), x=0.01, ha="left",
                     fontweight="bold", fontsize="large" if size == "article" else "medium")
    means = data.groupby(["group", column], sort=False)[value].mean()
    alt = (f"Heatmap of {what}, for all {n} critics of {corpus.title}, one row each, ordered "
           f"by group ({', '.join(f'{g} {groups.count(g)}' for g in gcol)}) and within a group "
           f"by the critic engine's verdict, warmest first; columns {', '.join(cols)}. Group "
           f"means: " + "; ".join(f"{g}: " + ", ".join(f"{c} {fmt(means.get((g, c), math.nan))}"
                                                       for c in cols) for g in gcol) + "."
           + (f" Highlighted: {', '.join(hl)}." if hl else ""))
    return FigureSpec(name, fig, data, alt, caption=caption)


# --------------------------------------------------------------------------------------------
# aspects
# --------------------------------------------------------------------------------------------
def aspect_alt(profile: pd.DataFrame, title: str) -> str:
    """Alt text for the aspect profile, from the plotted frame."""
    share = profile.loc[profile["share"].idxmax()]
    named = profile.dropna(subset=["tone"])
    parts = [f"Dot plots of {profile['aspect_label'].nunique()} aspects of {title} "
             f"({', '.join(dict.fromkeys(profile['aspect_label']))}) for "
             f"{profile['label'].nunique()} critics: left, the share of each critic's sentences "
             f"naming the aspect; right, the tone (critic engine) of the judgement sentences "
             f"naming it.",
             f"Largest share: {share['label']} on {share['aspect_label']} ({share['share']:.0%})."]
    if len(named):
        hi = named.loc[named["tone"].idxmax()]
        lo = named.loc[named["tone"].idxmin()]
        parts.append(f"Warmest: {hi['label']} on {hi['aspect_label']} "
                     f"({hi['tone']:+.2f}, {_n(int(hi['n_judgement']), 'judgement sentence')}); "
                     f"coolest: {lo['label']} on {lo['aspect_label']} "
                     f"({lo['tone']:+.2f}, {_n(int(lo['n_judgement']), 'judgement sentence')}).")
    never = profile[profile["n_sentences"] == 0]
    if len(never):
        parts.append("Never named: " + "; ".join(
            f"{lab}: {', '.join(g['aspect_label'])}" for lab, g in never.groupby("label", sort=False))
            + ".")
    return " ".join(parts)


def build_aspects(corpus: Corpus, *, size: Size = "article",
                  scores: pd.DataFrame | None = None,
                  classes: pd.DataFrame | None = None,
                  critics: Sequence[str] | None = None,
                  highlight: Sequence[str] = ()) -> FigureSpec:
    """Critic x aspect dot plots: share of sentences (left) and mean sentiment (right).

    Column size: the two panels stacked. ``critics`` (labels or review ids) restricts the figure
    to those critics. More than eight critics: :func:`_build_aspects_many`, a heatmap with a row
    for every critic; ``highlight`` names critics labelled and framed in it.
    """
    from criticlens.viz import many as M

    corpus, (scores, classes) = _restrict(corpus, critics, scores, classes)
    if M.design_for(len(corpus.review_ids)) == "many":
        return _build_aspects_many(corpus, size=size, scores=scores, classes=classes,
                                   highlight=highlight)
    width = _check_size(size)
    prof = T.aspect_profile(corpus, scores=scores, classes=classes)
    colors = _colors(corpus)
    n_asp = prof["aspect"].nunique()
    with style_context(size):
        if size == "article":
            fig, (a1, a2) = plt.subplots(1, 2, figsize=(width, 0.34 * n_asp + 1.4), sharey=True)
        else:
            fig, (a1, a2) = plt.subplots(2, 1, figsize=(width, 0.62 * n_asp + 1.6))
        P.plot_aspect_profile(prof, ax=a1, colors=colors, value="share", legend=False)
        P.plot_aspect_profile(prof, ax=a2, colors=colors, value="tone", legend=False)
        # the critics' legend below the panels (inside, it covered a dot); the size key is
        # right of the tone panel
        crit = list(dict.fromkeys(prof["label"]))
        fig.legend(handles=[plt.Line2D([], [], linestyle="none", marker="o", markersize=6,
                                       color=colors.get(lab, "#000000"), label=lab)
                            for lab in crit],
                   loc="outside lower center", ncols=min(len(crit), 4 if size == "article" else 2),
                   frameon=False)
        a1.set_xlabel("share of sentences")
        a2.set_xlabel("tone of its judgement sentences")
        fig.suptitle(_title(corpus, "what each critic talks about, and how warmly", size),
                     x=0.01, ha="left", fontweight="bold",
                     fontsize="large" if size == "article" else "medium")
    return FigureSpec(f"treatment-aspects{_suffix(size)}", fig, prof,
                      aspect_alt(prof, corpus.title),
                      caption="Aspects each critic discusses (share of sentences) and the tone "
                              "of the judgement sentences naming them (Hu and Liu 2004; critic "
                              "engine; the sentences are in the table).")


def aspects_many_data(corpus: Corpus, *, scores: pd.DataFrame | None = None,
                      classes: pd.DataFrame | None = None) -> pd.DataFrame:
    """The aspect profile of every critic (:func:`criticlens.treatment.core.aspect_profile`)
    with ``group``, ``verdict_score`` and ``row`` (0 = top): critics ordered by group, then by
    verdict, warmest first (:func:`criticlens.viz.many.critic_order`)."""
    from criticlens.viz import many as M

    prof = T.aspect_profile(corpus, scores=scores, classes=classes)
    v = T.verdict(corpus, classes=classes, scores=scores)
    score = dict(zip(v["review_id"].astype(str), v["verdict_score"]))
    order = M.critic_order(corpus, score)
    gof = M.group_of(corpus)
    rid = prof["review_id"].astype(str)
    out = prof.assign(group=rid.map(gof), verdict_score=rid.map(score),
                      row=rid.map({r: i for i, r in enumerate(order)}))
    return out.sort_values(["row"], kind="stable").reset_index(drop=True)


def _build_aspects_many(corpus: Corpus, *, size: Size, scores: pd.DataFrame | None,
                        classes: pd.DataFrame | None, highlight: Sequence[str]) -> FigureSpec:
    """Every critic as a row: share of sentences naming each aspect (and, at article size, the
    tone of the judgement sentences naming it), rows by group then verdict."""
    from criticlens.viz import many as M
    from criticlens.viz.plots.many import critic_matrix

    width = _check_size(size)
    data = aspects_many_data(corpus, scores=scores, classes=classes)
    rows = data.drop_duplicates("row").sort_values("row")
    labels = list(rows["label"].astype(str))
    aspects = list(dict.fromkeys(data["aspect_label"].astype(str)))
    share = data.pivot(index="row", columns="aspect_label", values="share")[aspects]
    tone = data.pivot(index="row", columns="aspect_label", values="tone")[aspects]
    share.index = tone.index = labels
    groups = list(rows["group"].astype(str))
    gcol = M.group_colors(list(dict.fromkeys(groups)))
    hl = M.highlight_labels(corpus, highlight)
    hcol = M.highlight_colors(hl)
    n = len(labels)
    k = M.thin_labels(n)
    height = 0.16 * (-(-n // k)) + 2.6
    with style_context(size):
        if size == "article":
            fig, (a1, a2) = plt.subplots(1, 2, figsize=(width, height), sharey=True)
        else:
            fig, a1 = plt.subplots(figsize=(width, height))
            a2 = None
        critic_matrix(share, ax=a1, row_groups=groups, group_colors=gcol, highlight=hl,
                      highlight_colors=hcol, colorbar="share of the critic's sentences")
        if a2 is not None:
            critic_matrix(tone, ax=a2, row_groups=groups, group_colors=gcol, highlight=hl,
                          highlight_colors=hcol, cmap="RdBu", vmin=-1.0, vmax=1.0,
                          colorbar="tone of its judgement sentences", row_labels=False)
        fig.legend(handles=[plt.Line2D([], [], linewidth=6, color=c,
                                       label=f"{g} ({groups.count(g)})") for g, c in gcol.items()],
                   loc="outside lower center", ncols=min(len(gcol), 4), frameon=False,
                   title="group (strip right of the rows); rows by verdict, warmest first",
                   title_fontsize="small", fontsize="small")
        fig.suptitle(_title(corpus, f"what {n} critics talk about", size),
                     x=0.01, ha="left", fontweight="bold",
                     fontsize="large" if size == "article" else "medium")
    mean = data.groupby("aspect_label", sort=False)["share"].mean()
    by_group = data.groupby(["group", "aspect_label"], sort=False)["share"].mean()
    alt = (f"Heatmap{'s' if a2 is not None else ''} of {len(aspects)} aspects of "
           f"{corpus.title} for all {n} critics, one row each, ordered by group "
           f"({', '.join(f'{g} {groups.count(g)}' for g in gcol)}) and within a group by the "
           f"critic engine's verdict, warmest first: the share of each critic's sentences naming "
           f"the aspect" + (" (left) and the tone of the judgement sentences naming it (right, "
                            "blank when none)" if a2 is not None else "")
           + f". Highest share on average: {mean.idxmax()} ({mean.max():.0%}); lowest: "
           f"{mean.idxmin()} ({mean.min():.0%}). Mean share per group: "
           + "; ".join(f"{g}: " + ", ".join(f"{a} {by_group.get((g, a), float('nan')):.0%}"
                                            for a in aspects) for g in gcol) + "."
           + (f" Highlighted: {', '.join(hl)}." if hl else ""))
    return FigureSpec(f"treatment-aspects{_suffix(size)}", fig, data, alt,
                      caption="Aspects each critic discusses (share of sentences; at article "
                              "size also the tone of the judgement sentences naming them), "
                              "every critic a row, by group then verdict.")


# --------------------------------------------------------------------------------------------
# verdict
# --------------------------------------------------------------------------------------------
def build_verdict(corpus: Corpus, *, size: Size = "article",
                  classes: pd.DataFrame | None = None,
                  scores: pd.DataFrame | None = None,
                  critics: Sequence[str] | None = None,
                  highlight: Sequence[str] = ()) -> FigureSpec:
    """Each critic's verdict (critic engine score) vs position of the most positive judgement.

    ``critics`` (labels or review ids) restricts the figure to those critics. Up to three
    critics each dot is labelled beside it; four to eight: the critics are named in the legend
    under the axes (labels beside the dots ran over other dots). More than eight:
    :func:`_build_verdict_many`, the verdicts of all critics as a strip per group, with the
    ``highlight`` critics named.
    """
    from criticlens.viz import many as M

    corpus, (classes, scores) = _restrict(corpus, critics, classes, scores)
    if M.design_for(len(corpus.review_ids)) == "many":
        return _build_verdict_many(corpus, size=size, classes=classes, scores=scores,
                                   highlight=highlight)
    width = _check_size(size)
    v = T.verdict(corpus, classes=classes, scores=scores)
    colors = _colors(corpus)
    named = len(v) <= 3
    with style_context(size):
        fig, ax = plt.subplots(figsize=(width, (width * 0.6 if size == "article" else 3.2)
                                        + (0 if named else 0.22 * math.ceil(len(v) / 2))))
        # the dot-size key under the figure: the critics' labels may run past the right edge
        P.plot_verdict(v, ax=ax, colors=colors, legend=False, key="bottom" if named else None,
                       labels=named)
        if not named:  # critics and the size key in one legend under the axes
            crit = [plt.Line2D([], [], linestyle="none", marker="o", markersize=6,
                               color=colors.get(r.label, "#000000"),
                               label=f"{r.label}: {r.verdict}")
                    for r in v.itertuples(index=False)]
            fig.legend(handles=crit + P.verdict_size_handles(), loc="outside lower center",
                       ncols=2 if size == "column" else 3, frameon=False, fontsize="small",
                       title="critics; dot area = mixed messages (entropy)",
                       title_fontsize="small")
        ax.set_title(_title(corpus, "where each verdict lands", size))
    ok = v.dropna(subset=["verdict_score"])
    parts = [f"Scatter plot, one dot per critic of {corpus.title}: the verdict score of the "
             f"critic engine (x, -1 pan to +1 rave; judgement sentences weighted by their "
             f"judgement probability and towards the close) against the position of the most "
             f"positive judgement sentence (y, 0 = opening, 1 = close); dot area grows with "
             f"mixed-message entropy."]
    parts += [f"{r.label}: {r.verdict} ({_fmt(r.verdict_score)}), best judgement at "
              f"{r.best_judgement_position:.0%}, entropy {r.mixed_entropy:.2f}."
              for r in v.itertuples(index=False) if not pd.isna(r.best_judgement_position)]
    if len(ok) > 1:
        parts.append(f"Warmest verdict: {ok.loc[ok['verdict_score'].idxmax(), 'label']}; "
                     f"coolest: {ok.loc[ok['verdict_score'].idxmin(), 'label']}.")
    return FigureSpec(f"treatment-verdict{_suffix(size)}", fig, v, " ".join(parts),
                      caption="Where each critic's verdict lands: the critic engine's verdict "
                              "(sentences that decided it in the table's evidence column) and "
                              "the place of the warmest judgement.")


def verdict_many_data(corpus: Corpus, *, classes: pd.DataFrame | None = None,
                      scores: pd.DataFrame | None = None) -> pd.DataFrame:
    """The verdict table of every critic (:func:`criticlens.treatment.core.verdict`) with
    ``group`` and the strip plot's ``row`` and ``y`` (:func:`criticlens.viz.plots.many.strip_rows`);
    critics without a verdict score are left out (they have no dot)."""
    from criticlens.viz import many as M
    from criticlens.viz.plots.many import strip_rows

    v = T.verdict(corpus, classes=classes, scores=scores)
    gof = M.group_of(corpus)
    v = v.assign(group=v["review_id"].astype(str).map(gof))
    return strip_rows(v, value="verdict_score", groups=list(dict.fromkeys(gof.values())))


def _build_verdict_many(corpus: Corpus, *, size: Size, classes: pd.DataFrame | None,
                        scores: pd.DataFrame | None, highlight: Sequence[str]) -> FigureSpec:
    """One row per group, a dot per critic at its verdict score, the group's median a bar."""
    from criticlens.viz import many as M
    from criticlens.viz.plots.many import verdict_strip

    width = _check_size(size)
    data = verdict_many_data(corpus, classes=classes, scores=scores)
    groups = list(dict.fromkeys(data.sort_values("row")["group"].astype(str)))
    gcol = M.group_colors(groups)
    hl = M.highlight_labels(corpus, highlight)
    with style_context(size):
        fig, ax = plt.subplots(figsize=(width, 0.75 * len(groups) + 1.6
                                        + (0.22 * math.ceil(len(hl) / 2) + 0.3 if hl else 0)))
        verdict_strip(data, ax=ax, group_colors=gcol, highlight=hl,
                      highlight_colors=M.highlight_colors(hl),
                      xlabel="verdict score (critic engine; -1 pan, +1 rave)")
        ax.set_title(_title(corpus, f"the verdicts of {len(data)} critics", size))
    if data.empty:
        return FigureSpec(f"treatment-verdict{_suffix(size)}", fig, data,
                          f"Strip plot of the verdicts of the critics of {corpus.title}: no "
                          f"critic has a verdict score.", caption="The critic engine's verdicts.")
    med = data.groupby("group", sort=False)["verdict_score"].median()
    pos = data.groupby("group", sort=False)["verdict"].apply(lambda s: int((s == "positive").sum()))
    alt = (f"Strip plot of the critic engine's verdict score (-1 pan to +1 rave) of "
           f"{len(data)} critics of {corpus.title}, one row per group, one dot per critic, a "
           f"bar at the group's median: "
           + "; ".join(f"{g}: {int((data['group'] == g).sum())} critics, median "
                       f"{_fmt(med[g])}, {int(pos[g])} positive verdicts" for g in groups)
           + f". Warmest: {data.loc[data['verdict_score'].idxmax(), 'label']} "
           f"({_fmt(data['verdict_score'].max())}); coolest: "
           f"{data.loc[data['verdict_score'].idxmin(), 'label']} "
           f"({_fmt(data['verdict_score'].min())})."
           + (f" Highlighted: {', '.join(hl)}." if hl else ""))
    missing = len(corpus.review_ids) - len(data)
    if missing:
        alt += f" {missing} critic(s) without a verdict score are not drawn."
    return FigureSpec(f"treatment-verdict{_suffix(size)}", fig, data, alt,
                      caption="The critic engine's verdict of every critic, per group (median "
                              "as a bar); pass highlight=[...] to name critics.")


# --------------------------------------------------------------------------------------------
# export
# --------------------------------------------------------------------------------------------
BUILDERS = (build_layer_arcs, build_layer_means, build_layer_shares, build_aspects,
            build_verdict)


def build_all(corpus: Corpus, *, sizes: Sequence[Size] = ("article", "column")
              ) -> list[FigureSpec]:
    """Every treatment figure at every size (classes and scores computed once).

    With more than eight critics the layer means and shares, the aspects and the verdict draw
    every critic (their "many" design) and so does the comparison page; the per-layer arcs (one
    panel per critic) draw the eight longest reviews (their titles say so, see
    :func:`criticlens.viz.many.focused`).
    """
    cl = T.classify_sentences(corpus)
    sc = T.sentence_scores(corpus)
    specs: list[FigureSpec] = []
    for size in sizes:
        # one panel per critic: the eight longest reviews above eight critics (the builder)
        specs.append(build_layer_arcs(corpus, size=size, classes=cl, scores=sc))
        # every critic ("many" design above eight)
        specs.append(build_layer_means(corpus, size=size, classes=cl, scores=sc))
        specs.append(build_layer_shares(corpus, size=size, classes=cl, scores=sc))
        specs.append(build_aspects(corpus, size=size, scores=sc, classes=cl))
        specs.append(build_verdict(corpus, size=size, classes=cl, scores=sc))
    from criticlens.viz.figsets import comparison

    if len(corpus.reviews) >= comparison.MIN_CRITICS:  # the page compares critics (keyness)
        for size in sizes:
            specs.extend(comparison.build_comparison(corpus, size=size, classes=cl, scores=sc))
    return specs


def export_tables(corpus: Corpus, out_dir: str | os.PathLike[str]) -> list[str]:
    """The tables behind the treatment figures that no figure plots: every body sentence with
    its class and cues, as ``treatment-sentences.csv``, and every sentence's part in the critic
    engine's verdict (weight, contribution, rank), as ``treatment-verdict-evidence.csv``. (The
    verdict table is the data of the ``treatment-verdict`` figure, ``treatment-verdict.csv``:
    it is not written twice.)"""
    from criticlens.viz.export import export_table

    export_table(T.classify_sentences(corpus), "treatment-sentences", out_dir=out_dir)
    export_table(T.verdict_evidence(corpus), "treatment-verdict-evidence", out_dir=out_dir)
    return ["treatment-sentences.csv", "treatment-verdict-evidence.csv"]


def export_figures(corpus: Corpus, out_dir: str | os.PathLike[str]) -> list[FigureSpec]:
    """Build and export every treatment figure (both sizes) and the comparison page."""
    specs = build_all(corpus)
    for spec in specs:
        save_spec(spec, out_dir)
    export_tables(corpus, out_dir)
    return specs
