"""Scene, quotation and people figures (notebook 04 and ``criticlens figures``).

- ``scene-heatmap``: critics x scenes in film order, mentions annotated;
- ``scene-dispersion``: where in each review each scene comes up;
- ``scene-arcs``: each critic's sentiment arc with a marker at every scene mention;
- ``quote-kinds``: quotations per critic by kind;
- ``people-sentiment``: how often each critic names the director and the actors (characters
  counted for the actor who plays them) and the mean tone of those sentences.

Each builder returns a :class:`criticlens.viz.export.FigureSpec` whose ``data`` is exactly the
plotted frame and whose alt text is generated from it (what is plotted and the extremes).
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
import os

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from criticlens.corpus.load import Corpus
from criticlens.viz.export import FigureSpec, save_spec
from criticlens.mentions.people import find_people, people_table
from criticlens.viz.plots.scenes import (
    heatmap_matrix,
    people_sentiment_dots,
    quote_kinds_bars,
    scene_dispersion,
    scene_heatmap,
)
from criticlens.mentions.quotes import KINDS, find_quotes, quote_counts
from criticlens.mentions.scenes import find_mentions, scene_order, scene_specs, scene_table
from criticlens.viz.style import TOL_MUTED, critic_colors, style_context

#: People shown in ``people-sentiment`` (the most mentioned first).
MAX_PEOPLE = 10
#: Roles shown in ``people-sentiment``.
PEOPLE_ROLES: tuple[str, ...] = ("director", "writer", "cast")


def _n(k: int, noun: str) -> str:
    """``1 sentence``, ``2 sentences``."""
    return f"{k} {noun}" + ("" if k == 1 else "s")


def _width(size: str) -> float:
    if size not in ("article", "column"):
        raise ValueError(f"size must be 'article' or 'column', got {size!r}")
    return 7.0 if size == "article" else 3.5


def _labels(corpus: Corpus) -> list[str]:
    return list(corpus.labels().values())


def _scene_labels(corpus: Corpus) -> dict[str, str]:
    return {s.id: s.label for s in scene_specs(corpus.film)}


def scene_colors(corpus: Corpus) -> dict[str, str]:
    """One colour per scene, in film order, from Paul Tol's muted scheme: distinct from the
    critic colours (Okabe-Ito), so a scene is never mistaken for a critic."""
    return {sid: TOL_MUTED[i % len(TOL_MUTED)] for i, sid in enumerate(scene_order(corpus.film))}


def _restrict(corpus: Corpus, critics: Sequence[str] | None,
              frame: pd.DataFrame | None) -> tuple[Corpus, pd.DataFrame | None]:
    """The corpus restricted to ``critics`` (labels or review ids; ``None``: all) and ``frame``
    (mentions, quotes or people) filtered to the same reviews."""
    from criticlens.viz import many as M

    if critics is None:
        return corpus, frame
    ids = M.resolve_critics(corpus, critics)
    return M.subset(corpus, ids), M.review_rows(frame, ids)


def _many(corpus: Corpus) -> bool:
    from criticlens.viz import many as M

    return M.design_for(len(corpus.review_ids)) == "many"


def critic_rows(corpus: Corpus, totals: Mapping[str, float]) -> tuple[list[str], list[str],
                                                                        dict[str, str]]:
    """Rows of a many-critic heatmap: (labels, each row's group, group -> colour), critics
    ordered by group, then by ``totals`` (review id -> number), largest first
    (:func:`criticlens.viz.many.critic_order`)."""
    from criticlens.viz import many as M

    order = M.critic_order(corpus, dict(totals))
    labels = corpus.labels()
    gof = M.group_of(corpus)
    groups = [gof[r] for r in order]
    return [labels[r] for r in order], groups, M.group_colors(list(dict.fromkeys(groups)))


def _matrix_figure(corpus: Corpus, matrix: pd.DataFrame, groups: list[str],
                   gcol: dict[str, str], *, highlight: Sequence[str], size: str, title: str,
                   colorbar: str, order_note: str, xlabel: str) -> Figure:
    """A figure with one :func:`criticlens.viz.plots.many.critic_matrix` heatmap, its group
    legend under it, tall enough for its (thinned) row labels."""
    from criticlens.viz import many as M
    from criticlens.viz.plots.many import critic_matrix

    n = len(matrix)
    hl = M.highlight_labels(corpus, highlight)
    height = 0.16 * (-(-n // M.thin_labels(n))) + 2.6
    with style_context(size):  # type: ignore[arg-type]
        fig, ax = plt.subplots(figsize=(_width(size), height))
        critic_matrix(matrix, ax=ax, row_groups=groups, group_colors=gcol, highlight=hl,
                      highlight_colors=M.highlight_colors(hl), colorbar=colorbar)
        ax.set_xlabel(xlabel)
        ax.set_title(title)
        fig.legend(handles=[plt.Line2D([], [], linewidth=6, color=c,
                                       label=f"{g} ({groups.count(g)})") for g, c in gcol.items()],
                   loc="outside lower center", ncols=min(len(gcol), 4), frameon=False,
                   title=f"group (strip right of the rows); {order_note}",
                   title_fontsize="small", fontsize="small")
    return fig


def build_scene_heatmap(corpus: Corpus, *, mentions: pd.DataFrame | None = None,
                        size: str = "article", critics: Sequence[str] | None = None,
                        highlight: Sequence[str] = ()) -> FigureSpec:
    """Critic x scene heatmap of the number of sentences that mention each scene.

    Sentences, not matched words: a passage dense with a scene's words ("ukulele", "sings",
    "tap dances") is one mention of the scene per sentence, however many words match.
    ``data`` is the complete review x scene table (``sentences`` is plotted). ``critics``
    (labels or review ids) restricts it to those critics; more than eight critics: every critic
    a row, ordered by group then by scene sentences (most first), labels thinned, the
    ``highlight`` critics labelled and framed, a colour bar instead of numbers in the cells.
    """
    corpus, mentions = _restrict(corpus, critics, mentions)
    if _many(corpus):
        return _build_scene_heatmap_many(corpus, mentions=mentions, size=size,
                                         highlight=highlight)
    data = scene_table(corpus, mentions, complete=True)
    labels = _labels(corpus)
    width = _width(size)
    n_sc = data["scene_id"].nunique()
    with style_context(size):  # type: ignore[arg-type]
        fig, ax = plt.subplots(figsize=(width, 0.5 * len(labels) + 2.2))
        scene_heatmap(data, ax=ax, critics=labels, scenes=scene_order(corpus.film),
                      value="sentences")
        # pad: room for the unit line below the title (drawn at the top of the axes)
        ax.set_title(f"{corpus.title}: which scenes each critic brings up", pad=14)
        ax.text(0, 1.0, "sentences that mention the scene", transform=ax.transAxes,
                ha="left", va="bottom", fontsize="small", color="#444444")
    if n_sc == 0:
        alt = (f"Empty heatmap of scene mentions in the reviews of {corpus.title}: film.yaml "
               "lists no scenes.")
    elif int(data["sentences"].sum()) == 0:
        alt = (f"Heatmap of scene mentions in the reviews of {corpus.title}: no critic mentions "
               f"any of the {n_sc} scenes listed in film.yaml.")
    else:
        per_scene = data.groupby("label", sort=False)["sentences"].sum()
        critics_per = data[data["sentences"] > 0].groupby("label", sort=False)["critic"].nunique()
        best = data.loc[data["sentences"].idxmax()]
        everyone = [s for s, n in critics_per.items() if n == len(labels)]
        unmentioned = [s for s, n in per_scene.items() if n == 0]
        alt = (f"Heatmap of how many sentences of each of {len(labels)} critics mention each "
               f"of {n_sc} scenes of {corpus.title}, critics as rows, scenes in film order as "
               f"columns, each cell annotated with its number of sentences. Most mentioned "
               f"scene: {per_scene.idxmax()} ({_n(int(per_scene.max()), 'sentence')}); largest "
               f"cell: {best['critic']} on {best['label']} ({_n(int(best['sentences']), 'sentence')}). "
               + (f"Scenes every critic mentions: {', '.join(everyone)}. " if everyone else "")
               + (f"Never mentioned: {', '.join(unmentioned)}." if unmentioned else ""))
    caption = (f"Sentences that mention each scene, per critic, in reviews of {corpus.title}, "
               "scenes in film order (a sentence counts once, however many scene words it has).")
    return FigureSpec("scene-heatmap", fig, data, alt.strip(), caption)


def _build_scene_heatmap_many(corpus: Corpus, *, mentions: pd.DataFrame | None, size: str,
                              highlight: Sequence[str]) -> FigureSpec:
    data = scene_table(corpus, mentions, complete=True)
    totals = data.groupby(data["review_id"].astype(str), sort=False)["sentences"].sum()
    labels, groups, gcol = critic_rows(corpus, totals)
    names = _scene_labels(corpus)
    scenes = [str(x) for x in scene_order(corpus.film)]
    mat = heatmap_matrix(data, critics=labels, scenes=scenes, value="sentences")
    mat.columns = [names.get(c, c) for c in mat.columns]
    fig = _matrix_figure(corpus, mat, groups, gcol, highlight=highlight, size=size,
                         title=f"{corpus.title}: which scenes {len(labels)} critics bring up",
                         colorbar="sentences that mention the scene",
                         order_note="rows by scene sentences, most first",
                         xlabel="scene (in film order)")
    rank = {lab: i for i, lab in enumerate(labels)}
    gof = dict(zip(labels, groups))
    data = data.assign(group=data["critic"].astype(str).map(gof),
                       row=data["critic"].astype(str).map(rank))
    if mat.shape[1] == 0 or int(data["sentences"].sum()) == 0:
        alt = (f"Heatmap of scene mentions in the {len(labels)} reviews of {corpus.title}: "
               + ("film.yaml lists no scenes." if mat.shape[1] == 0 else "no critic mentions a "
                  "scene listed in film.yaml."))
    else:
        named = data[data["sentences"] > 0]
        per_group = named.groupby(["group"], sort=False)["critic"].nunique()
        per_scene = data.groupby("label", sort=False)["sentences"].sum()
        alt = (f"Heatmap of how many sentences of each of {len(labels)} critics of "
               f"{corpus.title} mention each of {mat.shape[1]} scenes, one row per critic, "
               f"ordered by group and then by scene sentences, most first; scenes in film order. "
               f"Critics naming a scene per group: "
               + "; ".join(f"{g} {int(per_group.get(g, 0))} of {groups.count(g)}" for g in gcol)
               + f". Most mentioned scene: {per_scene.idxmax()} "
               f"({_n(int(per_scene.max()), 'sentence')}).")
    caption = (f"Sentences that mention each scene, every critic of {corpus.title} a row, by "
               "group; pass highlight=[...] to name critics.")
    return FigureSpec("scene-heatmap", fig, data, alt, caption)


def dispersion_data(corpus: Corpus, mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The plotted mentions: ``review_id, critic, scene_id, label, position, matched``."""
    m = find_mentions(corpus) if mentions is None else mentions
    lab = _scene_labels(corpus)
    out = m[["review_id", "critic", "scene_id", "position", "matched", "match_kind"]].copy()
    out.insert(3, "label", out["scene_id"].map(lab).astype("string"))
    return out.reset_index(drop=True)


def build_scene_dispersion(corpus: Corpus, *, mentions: pd.DataFrame | None = None,
                           size: str = "article", critics: Sequence[str] | None = None,
                           highlight: Sequence[str] = ()) -> FigureSpec:
    """One row per scene (film order, labelled on the row itself), a tick at each mention's
    position in its review, in the critic's colour: no scene legend to decode, and every critic
    keeps the colour it has in every other figure.

    ``critics`` (labels or review ids) restricts it to those critics. More than eight critics:
    every critic's mentions, a lane and a colour per group (``data`` gains ``group`` and
    ``lane``), the ``highlight`` critics in a lane and colour of their own."""
    from criticlens.viz import many as M
    from criticlens.viz.plots.dispersion import dispersion_plot

    corpus, mentions = _restrict(corpus, critics, mentions)
    data = dispersion_data(corpus, mentions)
    labels = _labels(corpus)
    many = _many(corpus)
    hue_colors = critic_colors(labels)
    if many:  # lanes: the groups, then each highlighted critic
        gof = M.group_of(corpus)
        size_of = pd.Series(list(gof.values())).value_counts()
        gname = {g: f"{g} ({int(size_of[g])})" for g in dict.fromkeys(gof.values())}
        hl = M.highlight_labels(corpus, highlight)
        data = data.assign(group=data["review_id"].astype(str).map(gof))
        data["lane"] = [c if c in hl else gname[g] for c, g in
                        zip(data["critic"].astype(str), data["group"].astype(str))]
        hue_colors = {gname[g]: c for g, c in M.group_colors(list(gname)).items()}
        hue_colors.update(M.highlight_colors(hl))
    names = _scene_labels(corpus)
    order = [s for s in scene_order(corpus.film) if s in set(data["scene_id"])]
    rows = [names.get(s, s) for s in order]
    with style_context(size):  # type: ignore[arg-type]
        fig, ax = plt.subplots(figsize=(_width(size), 0.32 * max(len(rows), 1) + 1.7))
        hue = "group" if many else "critic"
        hits = pd.DataFrame({"position": data["position"].to_numpy(dtype=float),
                             "scene": data["label"].astype(str).to_numpy(),
                             hue: data["lane" if many else "critic"].astype(str).to_numpy()})
        present = [c for c in hue_colors if c in set(hits[hue])]
        if rows:
            dispersion_plot(hits, ax=ax, rows=rows, x="position", row="scene", hue=hue,
                            colors=hue_colors, hue_order=present or None,
                            legend=bool(present))
        else:  # no scene is mentioned: an empty frame with its note
            ax.set_xlim(0, 1)
            ax.set_yticks([])
        if hits.empty:
            ax.text(0.5, 0.5, "no scene mentions", transform=ax.transAxes, ha="center",
                    va="center", color="#666666", gid="empty-note")
        # a band per row, so each critic's lane is seen to belong to its scene
        ticks = sorted(ax.get_yticks())
        step = (ticks[1] - ticks[0]) if len(ticks) > 1 else 1.0
        for k, y in enumerate(ticks):
            if k % 2 == 0:
                ax.axhspan(y - step / 2, y + step / 2, color="#f0f0f0", zorder=0, linewidth=0,
                           gid="row-band")
        ax.grid(axis="y", visible=False)
        ax.set_xlabel("position in the review (0 = start, 1 = end)")
        ax.set_title(f"{corpus.title}: where in each review the scenes come up"
                     + (f" ({len(labels)} critics, by group)" if many else ""))
    if many and not data.empty:
        by = data.groupby("lane", sort=False)["position"]
        alt = (f"Dispersion plot of {len(data)} scene mentions in the {len(labels)} reviews of "
               f"{corpus.title}: one row per scene in film order, one tick per mention at its "
               f"position through the review body (0 start, 1 end), a lane and a colour per "
               f"group of critics" + (" and per highlighted critic" if set(data["lane"]) -
                                      set(gname.values()) else "")
               + ". " + "; ".join(f"{k}: {int(n)} mentions, median position {m:.0%}"
                                  for k, n, m in zip(by.size().index, by.size(), by.median()))
               + ".")
        return FigureSpec("scene-dispersion", fig, data, alt,
                          f"Where the critics of {corpus.title} bring up each scene, by group.")
    if data.empty:
        alt = f"Dispersion plot of scene mentions in the reviews of {corpus.title}: none found."
    else:
        first = data.loc[data["position"].idxmin()]
        last = data.loc[data["position"].idxmax()]
        early = data.groupby("critic", sort=False)["position"].min()
        alt = (f"Dispersion plot of {len(data)} scene mentions in {len(labels)} reviews of "
               f"{corpus.title}: one row per scene in film order, one tick per mention at its "
               f"position through the review body (0 start, 1 end), in the critic's colour. Earliest: "
               f"{first['critic']} on {first['label']} at {first['position']:.0%}; latest: "
               f"{last['critic']} on {last['label']} at {last['position']:.0%}. First scene "
               f"mention per critic: " + "; ".join(f"{c} at {p:.0%}" for c, p in early.items())
               + ".")
    caption = f"Where each critic of {corpus.title} brings up each scene."
    return FigureSpec("scene-dispersion", fig, data, alt, caption)


def build_scene_arcs(corpus: Corpus, *, mentions: pd.DataFrame | None = None,
                     size: str = "article", critics: Sequence[str] | None = None) -> FigureSpec:
    """The sentiment-arc panels (issue 3's builder) with a marker at every scene mention.

    Each marker carries the scene's number in film order (short, so labels stay by their
    markers), and a key under the panels gives each number's label from film.yaml. One panel
    per critic: above eight critics, ``critics=[...]`` or the eight longest reviews (the title
    says so, :func:`criticlens.viz.many.focused`)."""
    import textwrap

    from criticlens.viz import many as M
    from criticlens.viz.figsets.arcs import build_arcs_panels

    corpus, focus_note = M.focused(corpus, critics)
    m = find_mentions(corpus) if mentions is None else M.review_rows(mentions, corpus.review_ids)
    names = _scene_labels(corpus)
    number = {s: i for i, s in enumerate(scene_order(corpus.film), start=1)}
    shown = m.assign(scene_id=m["scene_id"].astype(str).map(lambda s: str(number.get(s, s))))
    spec = build_arcs_panels(corpus, mentions=shown, size=size)
    used = [s for s in scene_order(corpus.film) if s in set(m["scene_id"].astype(str))]
    if used:
        from matplotlib.lines import Line2D

        handles = [Line2D([], [], linestyle="none", marker=f"${number[s]}$", color="#333333",
                          markersize=6 + 2 * len(str(number[s])),
                          label=textwrap.shorten(names.get(s, s), 34, placeholder="…"))
                   for s in used]
        # one legend under the panels: the marks, then the numbered scenes; the figure grows by
        # the key's rows so that the panels keep their height
        fig = spec.fig
        old = fig.legends[0] if fig.legends else None
        marks, texts = ([], []) if old is None else (list(old.legend_handles),
                                                      [t.get_text() for t in old.texts])
        # the old legend's title is the panels' short-review note, if any: it stays
        note = None if old is None else old.get_title()
        if old is not None:
            old.remove()
        ncols = 3 if size == "article" else 1
        fig.set_figheight(fig.get_figheight() + 0.2 * math.ceil(len(handles) / ncols))
        new = fig.legend(handles=marks + handles, labels=texts + [h.get_label() for h in handles],
                         loc="outside lower center", ncols=ncols, fontsize="small",
                         frameon=False, handletextpad=0.4, columnspacing=1.2)
        if note is not None and note.get_text():
            new.set_title(note.get_text(), prop={"size": "small"})
            new.set_alignment("left")
            new.get_title().update({"color": note.get_color(), "gid": note.get_gid()})
    counts = m.groupby("critic", sort=False).size()
    alt = (spec.alt_text + " Hollow diamonds mark the scene mentions on each arc: "
           + ("; ".join(f"{c} {int(n)}" for c, n in counts.items()) if len(counts) else "none")
           + ".")
    data = spec.data
    rows = []
    for r in m.itertuples(index=False):  # each marker sits on its review's arc, as drawn
        arc = data[(data["layer"] == "arc") & (data["review_id"] == r.review_id)].sort_values("x")
        if arc.empty:
            continue
        y = float(np.interp(r.position, arc["x"].to_numpy(float), arc["value"].to_numpy(float)))
        rows.append({"layer": "scene_mention", "review_id": r.review_id, "label": r.critic,
                     "scene_id": r.scene_id, "x": r.position, "value": y})
    marks = pd.DataFrame(rows, columns=["layer", "review_id", "label", "scene_id", "x", "value"])
    data = pd.concat([data.assign(scene_id=pd.NA), marks], ignore_index=True)
    for c in ("layer", "review_id", "label", "scene_id"):
        data[c] = data[c].astype("string")
    return M.noted([FigureSpec("scene-arcs", spec.fig, data, alt,
                               f"Sentiment arcs of {corpus.title} with the scene mentions marked.")],
                   focus_note)[0]


def build_quote_kinds(corpus: Corpus, *, quotes: pd.DataFrame | None = None,
                      size: str = "article", critics: Sequence[str] | None = None,
                      highlight: Sequence[str] = ()) -> FigureSpec:
    """Grouped bars: quotations per critic by kind; ``data`` is the critic x kind counts.

    ``critics`` (labels or review ids) restricts the figure to those critics. More than eight
    critics: a critic x kind heatmap with every critic a row, by group then by number of
    quotations (most first), the ``highlight`` critics labelled and framed."""
    corpus, quotes = _restrict(corpus, critics, quotes)
    q = find_quotes(corpus) if quotes is None else quotes[
        quotes["review_id"].astype(str).isin(corpus.review_ids)]
    if _many(corpus):
        return _build_quote_kinds_many(corpus, q, size=size, highlight=highlight)
    labels = _labels(corpus)
    data = quote_counts(q, labels=labels)
    with style_context(size):  # type: ignore[arg-type]
        fig, ax = plt.subplots(figsize=(_width(size), 3.2))
        quote_kinds_bars(data, ax=ax, critics=labels, kinds=KINDS, colors=critic_colors(labels))
        ax.set_title(f"{corpus.title}: what the critics quote")
    total = int(data["quotes"].sum())
    if total == 0:
        alt = f"Bar chart of quotations by kind in the reviews of {corpus.title}: none found."
    else:
        by_kind = data.groupby("kind", sort=False)["quotes"].sum()
        by_critic = data.groupby("critic", sort=False)["quotes"].sum()
        best = data.loc[data["quotes"].idxmax()]
        alt = (f"Grouped bar chart of {total} quotations in {len(labels)} reviews of "
               f"{corpus.title}, by kind (" + ", ".join(f"{k.replace('_', ' ')} {int(n)}"
                                                        for k, n in by_kind.items())
               + f"), one bar per critic. Most quotations: {by_critic.idxmax()} "
               f"({int(by_critic.max())}); largest bar: {best['critic']}, "
               f"{str(best['kind']).replace('_', ' ')} ({int(best['quotes'])}).")
    caption = f"Quotations in reviews of {corpus.title}: dialogue, songs, titles and others."
    return FigureSpec("quote-kinds", fig, data, alt, caption)


def _build_quote_kinds_many(corpus: Corpus, q: pd.DataFrame, *, size: str,
                            highlight: Sequence[str]) -> FigureSpec:
    ids = {lab: r for r, lab in corpus.labels().items()}
    data = quote_counts(q, labels=_labels(corpus))
    totals = data.groupby("critic", sort=False)["quotes"].sum()
    labels, groups, gcol = critic_rows(corpus, {ids[c]: v for c, v in totals.items()})
    mat = data.pivot(index="critic", columns="kind", values="quotes").reindex(
        index=labels, columns=list(KINDS)).fillna(0)
    mat.columns = [str(k).replace("_", " ") for k in mat.columns]
    fig = _matrix_figure(corpus, mat, groups, gcol, highlight=highlight, size=size,
                         title=f"{corpus.title}: what {len(labels)} critics quote",
                         colorbar="quotations", order_note="rows by quotations, most first",
                         xlabel="kind of quotation")
    rank = {lab: i for i, lab in enumerate(labels)}
    gof = dict(zip(labels, groups))
    data = data.assign(group=data["critic"].astype(str).map(gof),
                       row=data["critic"].astype(str).map(rank))
    total = int(data["quotes"].sum())
    if total == 0:
        alt = (f"Heatmap of quotations by kind in the {len(labels)} reviews of {corpus.title}: "
               "none found.")
    else:
        by_kind = data.groupby("kind", sort=False)["quotes"].sum()
        quoting = data[data["quotes"] > 0].groupby("group", sort=False)["critic"].nunique()
        alt = (f"Heatmap of {total} quotations in {len(labels)} reviews of {corpus.title}, one "
               f"row per critic (by group, then most quotations first), one column per kind ("
               + ", ".join(f"{k.replace('_', ' ')} {int(n)}" for k, n in by_kind.items())
               + "). Critics quoting per group: "
               + "; ".join(f"{g} {int(quoting.get(g, 0))} of {groups.count(g)}" for g in gcol)
               + f". Most quotations: {totals.idxmax()} ({int(totals.max())}).")
    caption = (f"Quotations in reviews of {corpus.title} by kind, every critic a row, by group; "
               "pass highlight=[...] to name critics.")
    return FigureSpec("quote-kinds", fig, data, alt, caption)


def people_data(corpus: Corpus, *, people: pd.DataFrame | None = None,
                max_people: int = MAX_PEOPLE,
                classes: pd.DataFrame | None = None) -> pd.DataFrame:
    """The plotted people table: director, writers and cast (characters counted for their
    actors), the ``max_people`` most mentioned overall, in that order; ``tone`` over the
    judgement sentences of :func:`criticlens.treatment.core.classify_sentences`."""
    from criticlens.treatment.core import classify_sentences

    p = find_people(corpus) if people is None else people
    cl = classify_sentences(corpus) if classes is None else classes
    t = people_table(corpus, p, by="actor", roles=PEOPLE_ROLES,
                     judgement=cl[cl["cls"] == "judgement"])
    if t.empty:
        return t
    tot = t.groupby("person", sort=False)["mentions"].sum().sort_values(ascending=False,
                                                                        kind="stable")
    keep = list(tot.index[:max_people])
    t = t[t["person"].isin(keep)].copy()
    t["_k"] = t["person"].map({n: i for i, n in enumerate(keep)})
    return t.sort_values(["_k"], kind="stable").drop(columns="_k").reset_index(drop=True)


def build_people_sentiment(corpus: Corpus, *, people: pd.DataFrame | None = None,
                           measure: str = "tone", size: str = "article",
                           critics: Sequence[str] | None = None,
                           highlight: Sequence[str] = ()) -> FigureSpec:
    """Dots: per person and critic, the critic's tone in the judgement sentences naming them
    (``measure="tone"``, critic engine; or a lexicon's ``compound``/``polarity`` over every
    naming sentence), area = mentions.

    ``critics`` (labels or review ids) restricts the figure to those critics. More than eight
    critics: one dot per group (:func:`people_group_data`: the mean over its critics, area = the
    share of its critics naming the person), and one per ``highlight`` critic."""
    corpus, people = _restrict(corpus, critics, people)
    if _many(corpus):
        return _build_people_many(corpus, people=people, measure=measure, size=size,
                                  highlight=highlight)
    data = people_data(corpus, people=people)
    labels = _labels(corpus)
    order = list(dict.fromkeys(data["person"].astype(str))) if len(data) else []
    with style_context(size):  # type: ignore[arg-type]
        # tall enough for the critics' legend beside the rows, and the size key below
        fig, ax = plt.subplots(figsize=(_width(size), max(0.45 * max(len(order), 1) + 1.9,
                                                          0.24 * len(labels) + 1.6)))
        people_sentiment_dots(data, ax=ax, critics=labels, people=order, measure=measure,
                              colors=critic_colors(labels))
        ax.set_title(f"{corpus.title}: who the critics name, and in what tone")
    toned = data.dropna(subset=[measure]) if len(data) else data
    if data.empty or toned.empty:
        alt = f"Dot plot of people named in the reviews of {corpus.title}: none found."
    else:
        hi = toned.loc[toned[measure].idxmax()]
        lo = toned.loc[toned[measure].idxmin()]
        most = data.loc[data["mentions"].idxmax()]
        alt = (f"Dot plot of {len(order)} people of {corpus.title} (director, writers and "
               f"actors, characters counted for the actor who plays them), one row each, "
               f"with one dot per critic at "
               + ("the critic engine's mean tone (-1 to +1) of the judgement sentences naming "
                  "them (none: no dot)" if measure == "tone" else
                  f"the mean {measure} (-1 to +1) of the sentences naming them")
               + ", dot area proportional to mentions. Most mentions: "
               f"{most['critic']} naming {most['person']} {int(most['mentions'])} times. "
               f"Warmest: {hi['critic']} on {hi['person']} ({hi[measure]:+.2f}); coolest: "
               f"{lo['critic']} on {lo['person']} ({lo[measure]:+.2f}).")
    caption = (f"How often each critic of {corpus.title} names the filmmakers and actors, and "
               + ("the critic's tone when judging them (critic engine, judgement sentences; "
                  "the sentences are in the table)." if measure == "tone" else
                  "the mean lexicon tone of those sentences."))
    return FigureSpec("people-sentiment", fig, data, alt, caption)


def people_group_data(corpus: Corpus, data: pd.DataFrame, *, measure: str = "tone",
                      highlight: Sequence[str] = ()) -> pd.DataFrame:
    """Per group (and per highlighted critic, a group of one) and person, from a
    :func:`people_data` frame: ``critic`` (the legend's name: "fresh (19)", or the critic's
    label), ``group``, ``person``, ``n_critics`` (in the group), ``naming`` (critics naming the
    person), ``share_naming`` (naming / n_critics), ``mentions`` (their sum), ``measure`` (the
    mean over the critics who have one: each critic counts once) and ``n_measured``.
    Groups in first-appearance order, then the highlighted critics; people in ``data`` order."""
    from criticlens.viz import many as M

    gof = M.group_of(corpus)
    labels = corpus.labels()
    size = pd.Series(list(gof.values())).value_counts()
    people = list(dict.fromkeys(data["person"].astype(str))) if len(data) else []
    d = data.assign(group=data["review_id"].astype(str).map(gof)) if len(data) else data
    units = [(g, f"{g} ({int(size[g])})", int(size[g]), None)
             for g in dict.fromkeys(gof.values())]
    units += [(M.group_of(corpus)[r], labels[r], 1, r)
              for r in M.resolve_critics(corpus, highlight)] if highlight else []
    rows = []
    for g, name, n, rid in units:
        sel = d[d["group"] == g] if rid is None else d[d["review_id"].astype(str) == rid]
        for p in people:
            x = sel[sel["person"].astype(str) == p]
            vals = pd.to_numeric(x[measure], errors="coerce").dropna()
            naming = int(x["review_id"].nunique())
            rows.append({"critic": name, "group": g, "person": p, "n_critics": n,
                         "naming": naming, "share_naming": naming / n,
                         "mentions": int(x["mentions"].sum()),
                         measure: float(vals.mean()) if len(vals) else float("nan"),
                         "n_measured": int(len(vals))})
    cols = ["critic", "group", "person", "n_critics", "naming", "share_naming", "mentions",
            measure, "n_measured"]
    out = pd.DataFrame(rows, columns=cols)
    return out[out["naming"] > 0].reset_index(drop=True)


def _build_people_many(corpus: Corpus, *, people: pd.DataFrame | None, measure: str,
                       size: str, highlight: Sequence[str]) -> FigureSpec:
    from criticlens.viz import many as M

    base = people_data(corpus, people=people)
    hl = M.highlight_labels(corpus, highlight)
    data = people_group_data(corpus, base, measure=measure, highlight=hl) if len(base) else \
        pd.DataFrame(columns=["critic", "group", "person", "n_critics", "naming",
                              "share_naming", "mentions", measure, "n_measured"])
    units = list(dict.fromkeys(data["critic"].astype(str))) if len(data) else []
    gcol = M.group_colors(list(dict.fromkeys(M.group_of(corpus).values())))
    hcol = M.highlight_colors(hl)
    colors = {u: hcol.get(u, gcol.get(str(g), "#444444"))
              for u, g in zip(data["critic"].astype(str), data["group"].astype(str))}
    order = list(dict.fromkeys(base["person"].astype(str))) if len(base) else []
    with style_context(size):  # type: ignore[arg-type]
        fig, ax = plt.subplots(figsize=(_width(size), max(0.45 * max(len(order), 1) + 1.9,
                                                          0.24 * len(units) + 1.6)))
        people_sentiment_dots(data, ax=ax, critics=units, people=order, measure=measure,
                              colors=colors, size="share_naming", area_per_unit=200.0,
                              size_values=[0.1, 0.5, 1.0], min_area=12.0,
                              size_label=lambda v: f"{v:.0%}",
                              size_title="share of the group's critics naming them")
        ax.set_title(f"{corpus.title}: who {len(corpus.review_ids)} critics name, and in what "
                     "tone, per group")
    toned = data.dropna(subset=[measure]) if len(data) else data
    if data.empty or toned.empty:
        alt = f"Dot plot of people named in the reviews of {corpus.title}: none found."
    else:
        grp = toned[toned["n_critics"] > 1] if (toned["n_critics"] > 1).any() else toned
        hi = grp.loc[grp[measure].idxmax()]
        lo = grp.loc[grp[measure].idxmin()]
        alt = (f"Dot plot of {len(order)} people of {corpus.title} (director, writers and "
               f"actors), one row each, one dot per group of critics at the mean over its "
               f"critics of " + ("the critic engine's tone of the judgement sentences naming "
                                 "them" if measure == "tone" else f"the mean {measure} of the "
                                 "sentences naming them")
               + ", dot area the share of the group's critics naming them (at least a small dot)"
               + (f", and one dot per highlighted critic ({', '.join(hl)})" if hl else "")
               + ". " + "; ".join(f"{r.critic} on {r.person}: {r.naming} of {r.n_critics} "
                                  f"critics, {getattr(r, measure):+.2f}"
                                  for r in grp.itertuples(index=False)
                                  if pd.notna(getattr(r, measure)))
               + f". Warmest: {hi['critic']} on {hi['person']} ({hi[measure]:+.2f}); coolest: "
               f"{lo['critic']} on {lo['person']} ({lo[measure]:+.2f}).")
    caption = (f"How often each group of critics of {corpus.title} names the filmmakers and "
               "actors (dot area: share of its critics) and their mean tone; pass "
               "highlight=[...] to add critics, critics=[...] for the per-critic design.")
    return FigureSpec("people-sentiment", fig, data, alt, caption)


def export_figures(corpus: Corpus, out_dir: str | os.PathLike[str], *,
                   size: str = "article") -> list[FigureSpec]:
    """Build and save this module's figures into ``out_dir``; return their specs.

    The mentions, quotations and people are computed once and shared. ``scene-arcs`` needs
    the arcs module (issue 3); it is built whenever that module imports.
    """
    mentions = find_mentions(corpus)
    quotes = find_quotes(corpus, mentions=mentions)
    people = find_people(corpus, quotes=quotes)
    # every critic (their "many" design above eight); the arcs: one panel per critic, the
    # eight longest reviews above eight critics (the builder chooses and says so)
    specs = [build_scene_heatmap(corpus, mentions=mentions, size=size),
             build_scene_dispersion(corpus, mentions=mentions, size=size),
             build_scene_arcs(corpus, mentions=mentions, size=size),
             build_quote_kinds(corpus, quotes=quotes, size=size),
             build_people_sentiment(corpus, people=people, size=size)]
    for spec in specs:
        save_spec(spec, out_dir)
    return specs


__all__ = ["build_people_sentiment", "build_quote_kinds", "build_scene_arcs",
           "build_scene_dispersion", "build_scene_heatmap", "dispersion_data",
           "critic_rows", "export_figures", "heatmap_matrix", "people_data",
           "people_group_data"]
