"""Plotting functions for films with many critics (the "many" design of :mod:`criticlens.viz.many`).

- :func:`arc_quantiles` / :func:`arcs_distribution`: per group, the median arc and the band of
  the middle half of the critics (25th to 75th percentile at each point of the review), with the
  highlighted critics' own arcs drawn over it;
- :func:`matrix_heatmap`: a rows x columns heatmap whose row labels are thinned to at most
  :data:`criticlens.viz.many.MAX_ROW_LABELS` and whose cells are annotated only when there is
  room, for critic x aspect or group x scene tables;
- :func:`critic_matrix`: every critic as a row of a heatmap (critic x aspect, scene, quotation
  kind), rows ordered by group, a strip of group colours right of the rows, at most
  :data:`criticlens.viz.many.MAX_ROW_LABELS` row labels, highlighted critics always labelled
  and framed, and a colour bar under the axes;
- :func:`strip_rows` / :func:`verdict_strip`: one row per group, one dot per critic at its
  score (dots spread over :data:`STRIP_LANES` lanes so that equal scores stay visible), the
  group's median as a bar, highlighted critics as diamonds named in a legend.

Data in, ``ax`` in, ``ax`` out; no I/O.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from criticlens.viz.many import HIGHLIGHT_COLORS, MAX_ROW_LABELS, thin_labels

#: Quantiles of the band drawn around the median arc (the middle half of the critics).
BAND_QUANTILES = (0.25, 0.75)
#: Opacity of a group's band.
DIST_ALPHA = 0.22
#: Most rows whose cells still carry their value as text.
MAX_ANNOTATED_ROWS = 12
#: Share of the colour scale above which a cell's text is white.
DARK_CELL = 0.6
#: Vertical lanes of a strip plot: the i-th critic of a group (by score) sits on lane i mod 5.
STRIP_LANES = 5
#: Most rows whose highlighted rows are framed; with more, a frame's line would hide the row,
#: and a pointer left of the row marks it instead.
MAX_FRAMED_ROWS = 60
#: Distance between two lanes (a group's row is 1 tall).
STRIP_LANE_STEP = 0.14


def arc_quantiles(band: pd.DataFrame, groups: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Per group and grid point: ``group, x, n, median, lo, hi`` over the critics' arcs.

    ``band`` is an :func:`criticlens.sentiment.arcs.arc_band` frame; ``groups`` maps review id
    to group (default: one group "all critics"). ``lo``/``hi`` are :data:`BAND_QUANTILES`.
    """
    need = {"review_id", "x", "center"}
    if not need <= set(band.columns):
        raise ValueError(f"band needs columns {sorted(need)}")
    g = band["review_id"].astype(str).map(groups) if groups is not None else None
    d = band.assign(group=g if g is not None else "all critics")
    d["group"] = d["group"].fillna("all critics").astype(str)
    q = d.groupby(["group", "x"], sort=False)["center"]
    out = pd.DataFrame({
        "n": q.count(), "median": q.median(),
        "lo": q.quantile(BAND_QUANTILES[0]), "hi": q.quantile(BAND_QUANTILES[1]),
    }).reset_index()
    return out[["group", "x", "n", "median", "lo", "hi"]]


def arcs_distribution(quantiles: pd.DataFrame, *, ax: Axes, colors: Mapping[str, str],
                      band: pd.DataFrame | None = None, highlight: Sequence[str] = (),
                      highlight_colors: Mapping[str, str] | None = None,
                      ylabel: str = "tone (mean of engines)", legend: bool = True) -> Axes:
    """Median arc and middle-half band per group; highlighted critics (labels) drawn over it.

    ``quantiles`` comes from :func:`arc_quantiles`; ``band`` (the per-critic frame) is needed
    only for ``highlight``. Legend entries say how many critics each group has.
    """
    for grp, g in quantiles.groupby("group", sort=False):
        g = g.sort_values("x")
        c = colors.get(str(grp), "#444444")
        n = int(g["n"].max())
        ax.fill_between(g["x"].to_numpy(), g["lo"].to_numpy(), g["hi"].to_numpy(), color=c,
                        alpha=DIST_ALPHA, linewidth=0, gid=f"quantile-band:{grp}")
        ax.plot(g["x"].to_numpy(), g["median"].to_numpy(), color=c, linewidth=2.2,
                label=f"{grp}: median of {n}, middle half shaded")
    if highlight:
        if band is None:
            raise ValueError("highlight needs the per-critic band frame")
        hc = dict(highlight_colors or {})
        for lab in highlight:
            h = band[band["label"].astype(str) == str(lab)].sort_values("x")
            if h.empty:
                raise ValueError(f"highlighted critic {lab!r} has no arc")
            ax.plot(h["x"].to_numpy(), h["center"].to_numpy(), color=hc.get(str(lab), "#000000"),
                    linewidth=1.1, linestyle="--", label=str(lab))
    ax.axhline(0, color="#999999", linewidth=0.6, linestyle=":", zorder=0)
    ax.set_xlim(0, 1)
    ax.set_xlabel("position in review body (0 = start, 1 = end)")
    ax.set_ylabel(ylabel)
    if legend:
        ax.legend(loc="best")
    return ax


def matrix_heatmap(matrix: pd.DataFrame, *, ax: Axes, fmt: str = "{:.0%}", cmap: str = "Blues",
                   vmax: float | None = None, annotate: bool | None = None,
                   row_colors: Mapping[str, str] | None = None,
                   max_row_labels: int = MAX_ROW_LABELS, xrotation: float = 40) -> Axes:
    """Heatmap of ``matrix`` (rows top to bottom, columns left to right, values as given).

    Cells carry their value (``fmt``) when there are at most :data:`MAX_ANNOTATED_ROWS` rows
    (``annotate`` overrides); with more rows than ``max_row_labels`` every k-th row label is
    shown. ``row_colors`` colours row labels (e.g. by group). NaN cells are left blank.
    """
    vals = matrix.to_numpy(dtype=float)
    if vals.size == 0:
        ax.text(0.5, 0.5, "nothing to show", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    top = vmax if vmax is not None else (float(np.nanmax(vals)) if np.isfinite(vals).any() else 1.0)
    top = top if top > 0 else 1.0
    ax.imshow(vals, cmap=cmap, vmin=0, vmax=top, aspect="auto", interpolation="nearest")
    ax.set_xticks(range(matrix.shape[1]))
    ax.set_xticklabels([str(c) for c in matrix.columns], rotation=xrotation,
                       ha="right" if xrotation else "center")
    k = thin_labels(matrix.shape[0], most=max_row_labels)
    rows = list(range(0, matrix.shape[0], k))
    ax.set_yticks(rows)
    ax.set_yticklabels([str(matrix.index[i]) for i in rows])
    if row_colors:
        for t, i in zip(ax.get_yticklabels(), rows):
            t.set_color(row_colors.get(str(matrix.index[i]), "#222222"))
    ax.tick_params(length=0)
    ax.grid(False)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    if annotate if annotate is not None else matrix.shape[0] <= MAX_ANNOTATED_ROWS:
        for i in range(matrix.shape[0]):
            for j in range(matrix.shape[1]):
                v = vals[i, j]
                if np.isfinite(v):
                    ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=7,
                            color="white" if v / top >= DARK_CELL else "#222222", gid="cell")
    return ax


def shown_rows(n: int, highlight_rows: Sequence[int] = (), *,
               most: int = MAX_ROW_LABELS) -> list[int]:
    """Rows of an ``n``-row heatmap that carry a label: every k-th (:func:`thin_labels`), plus
    the ``highlight_rows``, which push out the thinned labels closer than k rows to them, so
    that no two labels are closer than the thinning step."""
    k = thin_labels(n, most=most)
    hl = sorted({int(i) for i in highlight_rows if 0 <= int(i) < n})
    rows = [i for i in range(0, n, k) if all(abs(i - h) >= k for h in hl)]
    return sorted(set(rows) | set(hl))


def critic_matrix(matrix: pd.DataFrame, *, ax: Axes, row_groups: Sequence[str] | None = None,
                  group_colors: Mapping[str, str] | None = None,
                  highlight: Sequence[str] = (),
                  highlight_colors: Mapping[str, str] | None = None,
                  cmap: str = "Blues", vmin: float = 0.0, vmax: float | None = None,
                  colorbar: str | None = None, max_row_labels: int = MAX_ROW_LABELS,
                  row_labels: bool = True, xrotation: float = 40) -> Axes:
    """Heatmap with one row per critic (``matrix`` rows top to bottom, labelled by critic).

    ``row_groups`` (one group per row, rows of a group together) draws a strip of the
    ``group_colors`` right of the rows and a white line between groups; row labels are thinned
    (:func:`shown_rows`), the ``highlight`` critics' rows always labelled, in bold, in their
    ``highlight_colors`` and framed. ``colorbar`` (its label) adds a colour bar under the axes.
    NaN cells are blank. Returns ``ax``.
    """
    vals = matrix.to_numpy(dtype=float)
    n = matrix.shape[0]
    if vals.size == 0:
        ax.text(0.5, 0.5, "nothing to show", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    top = vmax if vmax is not None else (float(np.nanmax(vals)) if np.isfinite(vals).any() else 1.0)
    top = top if top > vmin else vmin + 1.0
    im = ax.imshow(vals, cmap=cmap, vmin=vmin, vmax=top, aspect="auto", interpolation="nearest")
    im.set_gid("critic-matrix")
    ax.set_xticks(range(matrix.shape[1]))
    ax.set_xticklabels([str(c) for c in matrix.columns], rotation=xrotation,
                       ha="right" if xrotation else "center")
    index = [str(i) for i in matrix.index]
    hc = dict(highlight_colors or {})
    hl_rows = [i for i, lab in enumerate(index) if lab in {str(h) for h in highlight}]
    rows = shown_rows(n, hl_rows, most=max_row_labels)
    if row_labels:
        ax.set_yticks(rows)
        ax.set_yticklabels([index[i] for i in rows])
        for t, i in zip(ax.get_yticklabels(), rows):
            if i in hl_rows:
                t.set_color(hc.get(index[i], HIGHLIGHT_COLORS[0]))
                t.set_fontweight("bold")
            elif row_groups is not None and group_colors:
                t.set_color(group_colors.get(str(row_groups[i]), "#222222"))
    else:  # (a panel sharing its rows with a labelled one: its ticks are the shared ones)
        ax.tick_params(axis="y", labelleft=False)
    if n <= MAX_FRAMED_ROWS:  # a frame round the row
        for i in hl_rows:
            ax.add_patch(plt_rectangle((-0.5, i - 0.5), matrix.shape[1], 1.0,
                                       hc.get(index[i], HIGHLIGHT_COLORS[0])))
    elif hl_rows:  # rows thinner than a frame's line: a pointer left of the row, cells kept
        ax.tick_params(axis="y", pad=8)
        for i in hl_rows:
            ax.plot([-0.5], [i], marker=">", markersize=5, linestyle="none", clip_on=False,
                    color=hc.get(index[i], HIGHLIGHT_COLORS[0]), gid="highlight-row",
                    transform=ax.transData)
            ax.lines[-1].set_transform(ax.transData + _shift_left(ax, 3.5))
    if row_groups is not None:
        g = [str(x) for x in row_groups]
        if len(g) != n:
            raise ValueError("row_groups needs one group per row")
        for i in range(1, n):
            if g[i] != g[i - 1]:
                ax.axhline(i - 0.5, color="white", linewidth=1.5, gid="group-boundary")
        if group_colors:
            from matplotlib.colors import ListedColormap

            names = list(dict.fromkeys(g))
            strip = ax.inset_axes((1.01, 0.0, 0.025, 1.0))
            strip.imshow(np.array([[names.index(x)] for x in g]), aspect="auto",
                         cmap=ListedColormap([group_colors.get(x, "#999999") for x in names]),
                         vmin=-0.5, vmax=len(names) - 0.5, interpolation="nearest")
            strip.set_axis_off()
            strip.set_gid("group-strip")
    ax.tick_params(length=0)
    ax.grid(False)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    if colorbar:
        cb = ax.figure.colorbar(im, ax=ax, location="bottom", shrink=0.6, aspect=30,
                                pad=0.02)
        fin = vals[np.isfinite(vals)]
        if fin.size and np.all(fin == np.round(fin)):  # counts: whole-number ticks
            from matplotlib.ticker import MaxNLocator

            cb.locator = MaxNLocator(integer=True)
            cb.update_ticks()
        cb.set_label(colorbar, fontsize="small")
        cb.ax.tick_params(labelsize="small")
        cb.outline.set_visible(False)
    return ax


def _shift_left(ax: Axes, points: float):  # type: ignore[no-untyped-def]
    """A transform moving ``points`` points to the left (a marker just outside the axes)."""
    from matplotlib.transforms import ScaledTranslation

    return ScaledTranslation(-points / 72.0, 0, ax.figure.dpi_scale_trans)


def plt_rectangle(xy: tuple[float, float], width: float, height: float, color: str):  # type: ignore[no-untyped-def]
    """An unfilled frame (a highlighted row)."""
    from matplotlib.patches import Rectangle

    return Rectangle(xy, width, height, fill=False, edgecolor=color, linewidth=1.2,
                     gid="highlight-row", clip_on=False)


def strip_rows(frame: pd.DataFrame, *, value: str, group: str = "group",
               groups: Sequence[str] | None = None) -> pd.DataFrame:
    """``frame`` (rows with a finite ``value``) with ``row`` (the group's place, 0 = top, in
    ``groups`` order or first appearance) and ``y`` = row + lane offset: within a group, the
    critics ranked by ``value`` (ties in frame order) take lanes 0..4 in turn, lane ``j`` at
    ``(j - 2) * STRIP_LANE_STEP`` from the row's centre. Example: a group's scores 0.3, -0.1
    and 0.5 get lanes 1, 0 and 2 (offsets -0.14, -0.28 and 0)."""
    d = frame[pd.to_numeric(frame[value], errors="coerce").notna()].copy()
    order = list(groups) if groups is not None else list(dict.fromkeys(d[group].astype(str)))
    d["row"] = d[group].astype(str).map({g: i for i, g in enumerate(order)})
    if d["row"].isna().any():
        raise ValueError(f"groups missing from the order: {sorted(set(d[group].astype(str)) - set(order))}")
    d["_i"] = range(len(d))
    d = d.sort_values(["row", value, "_i"], kind="stable")
    lane = d.groupby("row", sort=False).cumcount() % STRIP_LANES
    d["y"] = d["row"] + (lane - (STRIP_LANES - 1) / 2) * STRIP_LANE_STEP
    return d.sort_values("_i").drop(columns="_i").reset_index(drop=True)


def verdict_strip(rows: pd.DataFrame, *, ax: Axes, group_colors: Mapping[str, str],
                  value: str = "verdict_score", group: str = "group",
                  highlight: Sequence[str] = (),
                  highlight_colors: Mapping[str, str] | None = None,
                  xlabel: str = "verdict score", legend: bool = True) -> Axes:
    """One row per group, one dot per critic (a :func:`strip_rows` frame with ``label``), the
    group's median as a black bar; the row label says the group, its size and median.
    Highlighted critics (labels) are drawn as large diamonds in their colour and named in a
    legend under the axes (never over a dot). Returns ``ax``."""
    groups = list(dict.fromkeys(rows.sort_values("row")[group].astype(str))) if len(rows) else []
    n = len(rows)
    size = 26 if n <= 60 else 10
    ticks = []
    for i, g in enumerate(groups):
        d = rows[rows[group].astype(str) == g]
        ax.scatter(d[value].to_numpy(float), d["y"].to_numpy(float), s=size,
                   color=group_colors.get(g, "#444444"), alpha=0.75, edgecolors="white",
                   linewidths=0.3, zorder=3, gid=f"strip:{g}")
        med = float(d[value].median())
        ax.plot([med, med], [i - 0.38, i + 0.38], color="#000000", linewidth=2.0, zorder=4,
                solid_capstyle="butt", gid=f"median:{g}")
        ticks.append(f"{g} ({len(d)})\nmedian {med:+.2f}")
    hc = dict(highlight_colors or {})
    handles = []
    for k, lab in enumerate(highlight):
        h = rows[rows["label"].astype(str) == str(lab)]
        if h.empty:
            raise ValueError(f"highlighted critic {lab!r} has no {value}")
        c = hc.get(str(lab), HIGHLIGHT_COLORS[k % len(HIGHLIGHT_COLORS)])
        r = h.iloc[0]
        handles.append(ax.scatter([r[value]], [r["y"]], s=70, marker="D", color=c,
                                  edgecolors="white", linewidths=0.8, zorder=5,
                                  label=f"{lab}: {float(r[value]):+.2f}", gid=f"highlight:{lab}"))
    ax.axvline(0, color="#888888", linewidth=0.6, zorder=0)
    ax.set_yticks(range(len(groups)))
    ax.set_yticklabels(ticks)
    for t, g in zip(ax.get_yticklabels(), groups):
        t.set_color(group_colors.get(g, "#222222"))
    ax.set_ylim(max(len(groups), 1) - 0.5, -0.5)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", length=0)
    if legend and handles:
        ax.figure.legend(handles=handles, loc="outside lower center", frameon=False,
                         ncols=min(len(handles), 2), fontsize="small", title="highlighted",
                         title_fontsize="small")
    return ax


__all__ = ["BAND_QUANTILES", "STRIP_LANES", "STRIP_LANE_STEP", "arc_quantiles",
           "arcs_distribution", "critic_matrix", "matrix_heatmap", "shown_rows", "strip_rows",
           "verdict_strip"]
