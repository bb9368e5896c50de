"""Generic dispersion plot: where hits fall along a 0..1 axis, one row per label.

This is the lexical dispersion plot of NLTK (``Text.dispersion_plot``) and Voyant, generalised:
rows are any labels (critics, scenes), x is a relative position (a word's place through the
review body, 0 = first word, 1 = last), and colour is any category (term, scene).

NLTK's own ``dispersion_plot`` once drew its rows in reverse order of the words it was given (and
reversed the caller's list in place). Here row ``rows[0]`` is always the TOP row, the order given
is kept exactly, and no input is changed.
"""
from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

#: Fraction of a row's height that the markers of one row fill (the rest is gap between rows).
ROW_FILL = 0.8


def _default_colors(values: Sequence[Hashable]) -> dict[Hashable, str]:
    # Local import: style pulls in pyplot, and callers of this module already have it loaded.
    from criticlens.viz.style import PALETTE

    return {v: PALETTE[i % len(PALETTE)] for i, v in enumerate(values)}


def dispersion_plot(
    hits: pd.DataFrame,
    *,
    ax: Axes,
    rows: Sequence[Hashable],
    x: str = "position",
    row: str = "label",
    hue: str | None = "term",
    colors: Mapping[Hashable, str] | None = None,
    hue_order: Sequence[Hashable] | None = None,
    lane_by_hue: bool = True,
    legend: bool = True,
) -> Axes:
    """Draw one short vertical tick per hit: x = ``hits[x]`` (0..1), one row per entry of ``rows``.

    Parameters
    ----------
    hits:
        Long frame, one row per hit, with columns ``x``, ``row`` and (unless ``hue`` is None)
        ``hue``. Not modified.
    ax:
        The Axes to draw on; returned.
    rows:
        Row labels, drawn top to bottom in exactly this order. Rows with no hits are still drawn
        (an empty row is information: this critic never uses the term). Every value of
        ``hits[row]`` must be in ``rows``.
    x, row, hue:
        Column names. ``hue=None`` draws every hit in one colour.
    colors:
        Mapping hue value -> colour (for critics use :func:`criticlens.viz.style.critic_colors`).
        Default: the criticlens palette in ``hue_order``.
    hue_order:
        Order of hue values in the legend and the lanes; default order of first appearance.
    lane_by_hue:
        With several hue values, give each its own thin lane inside the row so that ticks of
        different terms at the same position do not hide each other.
    legend:
        Draw a legend of hue values (when there is more than one).

    Raises ``ValueError`` for a missing column, a row value not in ``rows``, duplicate ``rows``,
    or a position outside 0..1 or missing.
    """
    rows = list(rows)  # our own copy: the caller's sequence is never reordered
    if len(set(rows)) != len(rows):
        raise ValueError(f"rows must be unique, got {rows!r}")
    need = [x, row] + ([hue] if hue is not None else [])
    missing = [c for c in need if c not in hits.columns]
    if missing:
        raise ValueError(f"hits is missing column(s) {missing}; it has {list(hits.columns)}")
    xs = pd.to_numeric(hits[x], errors="coerce").to_numpy(dtype=float)
    if np.isnan(xs).any():
        raise ValueError(f"column {x!r} has missing or non-numeric positions")
    if ((xs < 0) | (xs > 1)).any():
        raise ValueError(f"column {x!r} must lie in 0..1; got min {xs.min()}, max {xs.max()}")
    row_index = {r: i for i, r in enumerate(rows)}
    unknown = sorted({str(v) for v in hits[row] if v not in row_index})
    if unknown:
        raise ValueError(f"hits has {row!r} values not in rows: {unknown}")

    if hue is None:
        hue_values: list[Hashable] = [None]
        hv = np.full(len(hits), None, dtype=object)
    else:
        hv = hits[hue].to_numpy(dtype=object)
        present = list(dict.fromkeys(hv.tolist()))
        if hue_order is None:
            hue_values = present
        else:
            hue_values = list(dict.fromkeys(hue_order))
            extra = [v for v in present if v not in hue_values]
            if extra:
                raise ValueError(f"hits has {hue!r} values not in hue_order: {extra}")
    if colors is None:
        colors = _default_colors([v for v in hue_values if v is not None] or ["_"])
        if hue is None:
            colors = {None: colors["_"]}
    # no hits at all still draws the empty rows (one lane): "nobody uses this term" is an answer
    n_lanes = max(len(hue_values), 1) if (lane_by_hue and hue is not None) else 1
    lane_h = ROW_FILL / n_lanes
    ys = np.array([row_index[v] for v in hits[row]], dtype=float)

    handles = []
    for k, value in enumerate(hue_values):
        mask = np.array([h == value for h in hv], dtype=bool) if hue is not None else np.ones(len(hits), bool)
        lane = k if n_lanes > 1 else 0
        # Rows are at y = 0, 1, 2, ... and the y axis is inverted, so rows[0] is on top.
        lo = -ROW_FILL / 2 + lane * lane_h
        color = colors[value] if value in colors else "#444444"
        if mask.any():
            ax.vlines(xs[mask], ys[mask] + lo, ys[mask] + lo + lane_h, colors=color,
                      linewidth=1.2, label=None if value is None else str(value))
        handles.append(Line2D([], [], color=color, marker="|", linestyle="none",
                              markersize=10, markeredgewidth=1.6,
                              label="" if value is None else str(value)))

    ax.set_xlim(0, 1)
    ax.set_ylim(len(rows) - 0.5, -0.5)  # inverted: first row at the top
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([str(r) for r in rows])
    ax.grid(False, axis="y")
    for i in range(len(rows)):
        ax.axhline(i, color="#e6e6e6", linewidth=0.6, zorder=0)
    ax.set_xlabel("position in review body (0 = start, 1 = end)")
    if legend and hue is not None and len(hue_values) > 1:
        ax.legend(handles=handles, title=hue, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  borderaxespad=0)
    return ax
