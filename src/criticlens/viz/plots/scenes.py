"""Scene, quotation and people charts: data in, ``Axes`` out, no I/O, inputs never changed.

- :func:`scene_heatmap`: critics x scenes (film order), each cell annotated with its count;
- :func:`scene_dispersion`: where in each review the scenes come up (one tick per mention);
- :func:`quote_kinds_bars`: quotations per critic by kind, grouped bars in critic colours;
- :func:`people_sentiment_dots`: mean tone of the sentences naming each person, per critic,
  marker area proportional to mentions.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from criticlens.viz.plots.dispersion import dispersion_plot
from criticlens.viz.plots.keys import reference_counts, size_key

#: Cells at or above this share of the colour scale get white annotation text.
DARK_CELL = 0.6
#: Marker area (points^2) per mention in :func:`people_sentiment_dots`.
DOT_AREA_PER_MENTION = 18.0


def _need(frame: pd.DataFrame, cols: Sequence[str], what: str) -> None:
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} is missing column(s) {missing}; it has {list(frame.columns)}")


def _empty_note(ax: Axes, text: str) -> Axes:
    """An axes that says there is nothing to show (no ticks, one centred note)."""
    ax.set_xticks([])
    ax.set_yticks([])
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", color="#666666",
            gid="empty-note")
    return ax


def scene_order_from_table(table: pd.DataFrame) -> list[str]:
    """Scene ids of a scene table in film order (``order``, then first appearance)."""
    first = table.drop_duplicates("scene_id").reset_index(drop=True)
    if "order" in first.columns:
        key = first["order"].astype(float).fillna(np.inf)
        first = first.assign(_k=key, _i=np.arange(len(first))).sort_values(["_k", "_i"])
    return [str(s) for s in first["scene_id"]]


def heatmap_matrix(table: pd.DataFrame, *, critics: Sequence[str],
                   scenes: Sequence[str] | None = None, value: str = "mentions") -> pd.DataFrame:
    """``critics`` x ``scenes`` matrix of ``value`` from a long scene table (missing = 0)."""
    _need(table, ["critic", "scene_id", value], "scene table")
    scenes = scene_order_from_table(table) if scenes is None else list(scenes)
    piv = table.pivot_table(index="critic", columns="scene_id", values=value, aggfunc="sum",
                            observed=True) if len(table) else pd.DataFrame()
    return piv.reindex(index=list(critics), columns=scenes).fillna(0)


def scene_heatmap(table: pd.DataFrame, *, ax: Axes, critics: Sequence[str],
                  scenes: Sequence[str] | None = None, value: str = "mentions",
                  annotate: bool = True, cmap: str = "Blues", fmt: str = "{:g}") -> Axes:
    """Heatmap of a :func:`criticlens.mentions.scenes.scene_table` frame: one row per critic (top to
    bottom in ``critics`` order), one column per scene in film order (``scenes`` or the
    table's ``order`` column), labelled with the scene ``label`` when the table has one.

    Every cell is annotated with its value (``fmt``), zeros included, so the chart reads
    without the colour bar. Returns ``ax``.
    """
    mat = heatmap_matrix(table, critics=critics, scenes=scenes, value=value)
    if mat.shape[0] == 0 or mat.shape[1] == 0:
        return _empty_note(ax, "no scenes in film.yaml" if mat.shape[1] == 0 else "no critics")
    vals = mat.to_numpy(dtype=float)
    vmax = max(float(np.nanmax(vals)) if vals.size else 0.0, 1.0)
    im = ax.imshow(vals, cmap=cmap, vmin=0, vmax=vmax, aspect="auto")
    im.set_gid("scene-heatmap")
    labels = dict(zip(table["scene_id"].astype(str), table["label"].astype(str))) \
        if "label" in table.columns else {}
    ax.set_xticks(range(mat.shape[1]))
    ax.set_xticklabels([labels.get(s, s) for s in mat.columns], rotation=40, ha="right")
    ax.set_yticks(range(mat.shape[0]))
    ax.set_yticklabels(list(mat.index))
    ax.tick_params(length=0)
    ax.grid(False)
    if annotate:
        for i in range(mat.shape[0]):
            for j in range(mat.shape[1]):
                v = vals[i, j]
                ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=8,
                        color="white" if v / vmax >= DARK_CELL else "#222222", gid="cell")
    ax.set_xlabel("scene (in film order)")
    return ax


def scene_dispersion(mentions: pd.DataFrame, *, ax: Axes, critics: Sequence[str],
                     scenes: Sequence[str] | None = None,
                     colors: Mapping[str, str] | None = None,
                     scene_labels: Mapping[str, str] | None = None) -> Axes:
    """Where each review brings up each scene: one row per critic, one tick per mention at
    its position (0 = first word of the body, 1 = last), coloured by scene.

    Built on :func:`criticlens.viz.plots.dispersion.dispersion_plot`; ``scenes`` (film order) gives
    the legend and lane order; ``scene_labels`` maps scene ids to legend labels.
    """
    _need(mentions, ["critic", "scene_id", "position"], "mentions")
    scenes = list(dict.fromkeys(mentions["scene_id"].astype(str))) if scenes is None else list(scenes)
    hits = mentions[mentions["scene_id"].astype(str).isin(scenes)]
    hits = pd.DataFrame({
        "position": hits["position"].to_numpy(dtype=float),
        "label": hits["critic"].astype(str).to_numpy(),
        "scene": [scene_labels.get(s, s) if scene_labels else s
                  for s in hits["scene_id"].astype(str)],
    })
    order = [scene_labels.get(s, s) if scene_labels else s for s in scenes]
    present = [s for s in order if s in set(hits["scene"])]
    cols = None
    if colors is not None:
        cols = {(scene_labels.get(k, k) if scene_labels else k): v for k, v in colors.items()}
    if hits.empty:  # the rows are still drawn: an empty row says "never mentions a scene"
        dispersion_plot(hits, ax=ax, rows=list(critics), x="position", row="label", hue=None,
                        legend=False)
        ax.text(0.5, 0.5, "no scene mentions", transform=ax.transAxes, ha="center",
                va="center", color="#666666", gid="empty-note")
    else:
        dispersion_plot(hits, ax=ax, rows=list(critics), x="position", row="label", hue="scene",
                        colors=cols, hue_order=present or None)
    ax.set_xlabel("position in the review (0 = start, 1 = end)")
    return ax


def quote_kinds_bars(counts: pd.DataFrame, *, ax: Axes, critics: Sequence[str],
                     kinds: Sequence[str] | None = None,
                     colors: Mapping[str, str] | None = None) -> Axes:
    """Grouped bars from :func:`criticlens.mentions.quotes.quote_counts`: one group per kind, one bar per
    critic in ``critics`` order and colour. Bar heights are the counts; returns ``ax``."""
    _need(counts, ["critic", "kind", "quotes"], "quote counts")
    kinds = list(dict.fromkeys(counts["kind"].astype(str))) if kinds is None else list(kinds)
    critics = list(critics)
    n = max(len(critics), 1)
    width = 0.8 / n
    x = np.arange(len(kinds))
    table = {(str(c), str(k)): int(q) for c, k, q in
             zip(counts["critic"], counts["kind"], counts["quotes"])}
    for i, c in enumerate(critics):
        heights = [table.get((c, k), 0) for k in kinds]
        ax.bar(x - 0.4 + width * (i + 0.5), heights, width=width, label=c,
               color=None if colors is None else colors.get(c), gid=f"bars-{i}")
    ax.set_xticks(x)
    ax.set_xticklabels([k.replace("_", " ") for k in kinds])
    ax.set_ylabel("quotations")
    ax.yaxis.get_major_locator().set_params(integer=True)
    if critics:
        ax.legend(frameon=False)
    return ax


def people_sentiment_dots(table: pd.DataFrame, *, ax: Axes, critics: Sequence[str],
                          people: Sequence[str] | None = None, measure: str = "compound",
                          colors: Mapping[str, str] | None = None,
                          size: str = "mentions", area_per_unit: float = DOT_AREA_PER_MENTION,
                          size_values: Sequence[float] | None = None,
                          size_label: Callable[[float], str] | None = None,
                          size_title: str = "mentions", min_area: float = 0.0) -> Axes:
    """Dot plot from :func:`criticlens.mentions.people.people_table`: one row per person (``people``
    order, top to bottom), x = the mean ``measure`` of the sentences naming them (``tone``: the
    critic engine over the judgement sentences; NaN draws no dot), one dot per critic in that
    critic's colour, area proportional to the mentions (the critics' legend right of the axes,
    the size key in a row under the figure). Returns ``ax``.

    ``size`` names another column for the dot area (``area_per_unit`` points^2 per unit; the
    key shows ``size_values``, labelled by ``size_label`` under ``size_title``): the
    many-critic design draws one dot per group, its area the share of the group's critics
    naming the person; ``min_area`` (points^2) keeps a dot of a small share visible."""
    _need(table, ["critic", "person", size, measure], "people table")
    people = list(dict.fromkeys(table["person"].astype(str))) if people is None else list(people)
    if not people:
        return _empty_note(ax, "no people named")
    ypos = {p: i for i, p in enumerate(people)}
    crit = list(critics)
    offsets = {c: (i - (len(crit) - 1) / 2) * 0.18 for i, c in enumerate(crit)}
    drawn = {}
    for c in crit:
        g = table[(table["critic"].astype(str) == c) & table["person"].astype(str).isin(people)]
        ys = [ypos[str(p)] + offsets[c] for p in g["person"]]
        drawn[c] = ax.scatter(g[measure].to_numpy(dtype=float), ys,
                              s=np.maximum(g[size].to_numpy(dtype=float) * area_per_unit,
                                           min_area),
                              color=None if colors is None else colors.get(c), label=c,
                              alpha=0.85, edgecolors="white", linewidths=0.5, gid=f"dots-{c}")
    ax.axvline(0, color="#888888", linewidth=0.8, zorder=0)
    ax.set_yticks(range(len(people)))
    ax.set_yticklabels(people)
    ax.set_ylim(len(people) - 0.5, -0.5)  # first person on top
    ax.set_xlim(-1.05, 1.05)
    if measure == "tone":
        ax.set_xlabel("critic's tone in the judgement sentences naming them (critic engine)")
    else:
        names = {"compound": "VADER compound", "polarity": "TextBlob polarity"}
        ax.set_xlabel(f"mean {names.get(measure, measure)} of the sentences naming them")
    if crit:  # outside the axes, right: over no dot
        # one fixed-size marker per critic (scaled dots vanished for critics naming no one)
        ax.legend(handles=[Line2D([], [], linestyle="none", marker="o", markersize=5,
                                  color=drawn[c].get_facecolor()[0][:3],
                                  markeredgecolor="white", label=c) for c in crit],
                  frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0)
    if len(table):
        size_key(ax, list(size_values) if size_values is not None else
                 reference_counts(float(table[size].max())),
                 lambda v: max(v * area_per_unit, min_area),
                 label=size_label or (lambda v: f"{v:g} mention" + ("" if v == 1 else "s")),
                 title=size_title, bottom=True)
    return ax
