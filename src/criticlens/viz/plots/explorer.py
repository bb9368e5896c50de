"""The explorer's arc chart: each chosen critic's sentence sentiment through the review, with a
marker wherever the current search term or scene is mentioned.

Data in, ``ax`` in, the Axes out; nothing saved or shown, no input changed.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

#: Marker for a hit (a downward triangle sitting on the curve).
HIT_MARKER = "v"
HIT_SIZE = 55


def arcs_with_hits(
    points: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    ax: Axes,
    order: Sequence[str],
    colors: Mapping[str, str],
    smooth: pd.DataFrame | None = None,
    measure: str = "score",
) -> Axes:
    """Plot sentence scores against position, one colour per critic, and mark the hits.

    Parameters
    ----------
    points:
        One row per sentence: ``label``, ``position`` (0..1), ``score``. Drawn as small dots
        joined by a thin line (the unsmoothed arc).
    hits:
        One row per hit: ``label``, ``position``. Each hit is drawn as a marker on its critic's
        curve (the curve's value at that position, linearly interpolated), edged in black.
    order:
        Critic labels to draw, in this order (legend order); labels absent from ``points`` are
        skipped.
    colors:
        Label -> colour (use :func:`criticlens.viz.style.critic_colors` on the corpus order).
    smooth:
        Optional smoothed arcs: ``label``, ``position``, ``value``, drawn as a thick line.
    measure:
        Y-axis label.
    """
    for col in ("label", "position", "score"):
        if col not in points.columns:
            raise ValueError(f"points needs column {col!r}; it has {list(points.columns)}")
    for col in ("label", "position"):
        if col not in hits.columns:
            raise ValueError(f"hits needs column {col!r}; it has {list(hits.columns)}")
    ax.axhline(0, color="#999999", linewidth=0.6, zorder=0)
    for lab in order:
        p = points[points["label"] == lab].sort_values("position")
        if p.empty:
            continue
        c = colors.get(lab, "#444444")
        x = p["position"].to_numpy(dtype=float)
        y = p["score"].to_numpy(dtype=float)
        ax.plot(x, y, color=c, linewidth=0.8, alpha=0.55, marker="o", markersize=2.5,
                label=lab if smooth is None else None)
        yline_x, yline_y = x, y
        if smooth is not None:
            s = smooth[smooth["label"] == lab].sort_values("position")
            if not s.empty:
                yline_x = s["position"].to_numpy(dtype=float)
                yline_y = s["value"].to_numpy(dtype=float)
                ax.plot(yline_x, yline_y, color=c, linewidth=2.0, label=lab)
        h = hits[hits["label"] == lab]
        if len(h):
            hx = h["position"].to_numpy(dtype=float)
            hy = np.interp(hx, yline_x, yline_y)
            ax.scatter(hx, hy, marker=HIT_MARKER, s=HIT_SIZE, color=c, edgecolors="black",
                       linewidths=0.8, zorder=5)
    ax.set_xlim(0, 1)
    ax.set_xlabel("position in review body (0 = start, 1 = end)")
    ax.set_ylabel(measure)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    return ax
