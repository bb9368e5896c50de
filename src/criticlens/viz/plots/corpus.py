"""Corpus-level charts (review length by critic)."""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from matplotlib.axes import Axes


def review_length_bars(data: pd.DataFrame, *, ax: Axes, colors: Mapping[str, str] | None = None,
                       value: str = "n_words", label: str = "label") -> Axes:
    """Horizontal bars of ``value`` per critic, first critic at the top, each in its colour.

    ``data`` has one row per review with columns ``label`` and ``value``. The bar values are
    written at the bar ends. Returns ``ax``; ``data`` is not modified.
    """
    labels = list(data[label])
    values = [float(v) for v in data[value]]
    ys = list(range(len(labels)))[::-1]  # first row at the top
    cols = [(colors or {}).get(lab, "#555555") for lab in labels]
    ax.barh(ys, values, color=cols, height=0.6)
    ax.set_yticks(ys, labels)
    for y, v in zip(ys, values, strict=True):
        ax.annotate(f"{v:,.0f}", (v, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_xlabel("body words" if value == "n_words" else value.replace("_", " "))
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlim(0, max(values + [1.0]) * 1.12)
    return ax
