"""Keys for values encoded by marker area (a "size key"): a few reference dots and what they mean.

A dot plot whose dot area carries a value needs a key, or the reader cannot tell "3 sentences"
from "6". :func:`size_key` adds one outside the axes (to the right), so it covers no data point,
and keeps any legend already on the axes.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties
from matplotlib.legend import Legend
from matplotlib.lines import Line2D

#: ``gid`` of the size key legend (tests and readers find it by this).
SIZE_KEY_GID = "size-key"


def reference_counts(max_count: float) -> list[int]:
    """Reference counts for a key of counts from 1 to ``max_count``: 1, the middle (rounded
    half up) and the largest, without repeats. ``reference_counts(6) == [1, 4, 6]``,
    ``reference_counts(2) == [1, 2]``, ``reference_counts(1) == [1]`` (NaN or < 1: ``[1]``)."""
    top = int(math.floor(max_count)) if max_count == max_count and max_count >= 1 else 1
    return sorted({1, int(math.floor((1 + top) / 2 + 0.5)), top})


def size_key(ax: Axes, values: Sequence[float], area: Callable[[float], float], *,
             label: Callable[[float], str], title: str, color: str = "#777777",
             below: bool = False, bottom: bool = False) -> Legend:
    """Add a key of reference dot areas to ``ax`` (outside it, on the right; any legend already
    on the axes is kept: ``below=True`` puts the key at the bottom right, under such a legend at
    the top right; ``bottom=True`` puts it in one row under the whole figure instead, where
    point labels running off the axes' right edge cannot reach it). ``area(v)`` is the scatter area (points^2) the plot uses for value
    ``v``; ``label(v)`` its text. Returns the key (``gid`` :data:`SIZE_KEY_GID`)."""
    handles = [Line2D([], [], linestyle="none", marker="o", color=color,
                      markersize=math.sqrt(max(area(v), 0.0)), markeredgecolor="white",
                      label=label(v)) for v in values]
    # each row as tall as the largest reference dot (in font sizes), so no dot reaches the title
    fs = FontProperties(size="small").get_size_in_points()
    tall = max(h.get_markersize() for h in handles) / fs + 0.2
    if bottom:
        key = ax.figure.legend(handles=handles, title=title, loc="outside lower center",
                               ncols=len(handles), frameon=False, handletextpad=0.5,
                               columnspacing=1.2, fontsize="small", title_fontsize="small",
                               handleheight=tall)
        key.set_gid(SIZE_KEY_GID)
        return key
    old = ax.get_legend()
    key = ax.legend(handles=handles, title=title, loc="lower left" if below else "upper left",
                    bbox_to_anchor=(1.01, 0.0 if below else 1.0),
                    borderaxespad=0.0, frameon=False, handletextpad=0.8,
                    fontsize="small", title_fontsize="small", alignment="left",
                    handleheight=tall, labelspacing=0.4)
    key.set_gid(SIZE_KEY_GID)
    if old is not None:
        ax.add_artist(old)
    return key
