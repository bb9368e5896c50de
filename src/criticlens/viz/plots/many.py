"""Plotting functions for films with many critics (the "many" design of :mod:`criticlens.viz.many`).

- :func:`arc_quantiles` / :func:`arcs_distribution`: per group, the median arc and the band of
  the middle half of the critics (25th to 75th percentile at each point of the review), with the
  highlighted critics' own arcs drawn over it;
- :func:`matrix_heatmap`: a rows x columns heatmap whose row labels are thinned to at most
  :data:`criticlens.viz.many.MAX_ROW_LABELS` and whose cells are annotated only when there is
  room, for critic x aspect or group x scene tables.

Data in, ``ax`` in, ``ax`` out; no I/O.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from criticlens.viz.many import MAX_ROW_LABELS, thin_labels

#: Quantiles of the band drawn around the median arc (the middle half of the critics).
BAND_QUANTILES = (0.25, 0.75)
#: Opacity of a group's band.
DIST_ALPHA = 0.22
#: Most rows whose cells still carry their value as text.
MAX_ANNOTATED_ROWS = 12
#: Share of the colour scale above which a cell's text is white.
DARK_CELL = 0.6


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


__all__ = ["BAND_QUANTILES", "arc_quantiles", "arcs_distribution", "matrix_heatmap"]
