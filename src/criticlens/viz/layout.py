"""Is every word of a figure readable? Text that leaves the canvas or overlaps other text.

:func:`text_problems` draws a figure once (Agg) and returns one message per problem:

- a text whose window extent leaves the canvas (clipped in the PNG, SVG and PDF alike);
- two texts whose boxes overlap (for rotated text, the rotated box, not its upright envelope,
  so neighbouring tick labels at 40 degrees are not false alarms).

Only text that is actually drawn counts: the helper records each :class:`matplotlib.text.Text`
as it is drawn (tick labels outside the view, hidden axes and empty strings are skipped).
The tests run it on every figure for 1, 3, 8, 35 and 300 critics; ``criticlens figures`` does not
(it costs a draw).
"""
from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator

import numpy as np
from matplotlib.figure import Figure
from matplotlib.text import Text

#: Pixels (at the figure's dpi) by which boxes may touch or overrun before it is a problem: the
#: glyph boxes include some empty space above and below the letters.
TOLERANCE_PX = 1.5


@contextlib.contextmanager
def _recording(drawn: list[Text]) -> Iterator[None]:
    original = Text.draw

    def draw(self: Text, renderer):  # type: ignore[no-untyped-def]
        if self.get_visible() and self.get_text().strip():
            drawn.append(self)
        return original(self, renderer)

    Text.draw = draw  # type: ignore[method-assign]
    try:
        yield
    finally:
        Text.draw = original  # type: ignore[method-assign]


def drawn_texts(fig: Figure) -> list[Text]:
    """The text artists drawn when ``fig`` is rendered, in drawing order (each once)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    drawn: list[Text] = []
    with _recording(drawn):
        fig.canvas.draw()
    return list(dict.fromkeys(drawn))


def _corners(t: Text, renderer) -> np.ndarray:  # type: ignore[no-untyped-def]
    """The four corners (pixels) of the text's own box, rotated as drawn."""
    box = t.get_window_extent(renderer)
    angle = t.get_rotation() % 180
    if angle in (0.0, 90.0):
        return np.array([[box.x0, box.y0], [box.x1, box.y0], [box.x1, box.y1], [box.x0, box.y1]])
    upright = Text(text=t.get_text())
    upright.update_from(t)
    upright.set_rotation(0)
    upright.set_figure(t.figure)
    ub = upright.get_window_extent(renderer)
    w, h = ub.width, ub.height
    cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
    a = math.radians(t.get_rotation())
    ca, sa = math.cos(a), math.sin(a)
    pts = np.array([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]])
    return pts @ np.array([[ca, sa], [-sa, ca]]) + [cx, cy]


def _overlap(p: np.ndarray, q: np.ndarray, tol: float) -> bool:
    """Separating-axis test for two convex quadrilaterals, shrunk by ``tol`` pixels."""
    for poly in (p, q):
        for i in range(4):
            edge = poly[(i + 1) % 4] - poly[i]
            n = np.array([-edge[1], edge[0]])
            norm = float(np.hypot(*n))
            if norm == 0:
                continue
            n = n / norm
            a, b = p @ n, q @ n
            if a.max() - tol <= b.min() or b.max() - tol <= a.min():
                return False
    return True


def _name(t: Text) -> str:
    s = t.get_text().replace("\n", " ")
    return repr(s if len(s) <= 40 else s[:37] + "...")


def text_problems(fig: Figure, *, tol: float = TOLERANCE_PX) -> list[str]:
    """Messages for every drawn text that leaves the canvas or overlaps another drawn text."""
    texts = drawn_texts(fig)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    W, H = fig.bbox.width, fig.bbox.height
    boxes = [_corners(t, renderer) for t in texts]
    out = []
    for t, c in zip(texts, boxes):
        x0, y0 = c.min(axis=0)
        x1, y1 = c.max(axis=0)
        sides = [s for s, bad in (("left", x0 < -tol), ("right", x1 > W + tol),
                                  ("bottom", y0 < -tol), ("top", y1 > H + tol)) if bad]
        if sides:
            out.append(f"{_name(t)} leaves the canvas ({', '.join(sides)})")
    for i in range(len(texts)):
        bi = boxes[i]
        lo_i, hi_i = bi.min(axis=0), bi.max(axis=0)
        for j in range(i + 1, len(texts)):
            bj = boxes[j]
            if (bj.min(axis=0) > hi_i - tol).any() or (bj.max(axis=0) < lo_i + tol).any():
                continue
            if _overlap(bi, bj, tol):
                out.append(f"{_name(texts[i])} overlaps {_name(texts[j])}")
    return out


def fit_long_texts(fig: Figure, *, margin_px: float = 2.0) -> int:
    """Wrap titles and other non-tick text that run past the canvas's left or right edge.

    Long film titles make long figure titles ("Austin Powers in Goldmember (8 of 35 critics):
    ..."); a title that does not fit is broken at spaces into lines that do. Returns the number
    of texts wrapped; the figure's layout engine then runs again on the next draw. The export
    calls it before saving, so every exported figure gets it.
    """
    changed = 0
    for _ in range(3):  # wrapping changes the layout, which can move a text: check again
        step = _wrap_overruns(fig, margin_px)
        changed += step
        if not step:
            break
    return changed


def _wrap_overruns(fig: Figure, margin_px: float) -> int:
    import textwrap

    fig.draw_without_rendering()
    W = fig.bbox.width
    ticks = set()
    for ax in fig.get_axes():
        ticks.update(ax.get_xticklabels() + ax.get_yticklabels())
    changed = 0
    for t in fig.findobj(Text):
        if t in ticks or not t.get_visible() or not t.get_text().strip():
            continue
        if t.get_rotation() % 180 != 0 or "$" in t.get_text():
            continue
        box = t.get_window_extent()
        if box.x1 <= W - margin_px and box.x0 >= -TOLERANCE_PX:
            continue
        ha = t.get_horizontalalignment()
        if ha == "left":
            room = W - max(box.x0, 0.0) - margin_px
        elif ha == "right":
            room = min(box.x1, W) - margin_px
        else:
            centre = (box.x0 + box.x1) / 2
            room = 2 * min(centre, W - centre) - margin_px
        lines = t.get_text().split("\n")
        longest = max(len(x) for x in lines)
        if room <= 0 or box.width <= 0:
            continue
        width = max(8, int(longest * room / box.width) - 1)
        new = "\n".join(textwrap.fill(x, width) for x in lines)
        if new != t.get_text():
            t.set_text(new)
            changed += 1
    return changed


def separate_annotations(fig: Figure, *, passes: int = 30, gap_px: float = 1.0) -> int:
    """Move apart point labels (annotations placed in offset points) that overlap each other.

    Dots at the same place (two one-sentence reviews scoring alike) get their labels stacked
    upward, one line apart, instead of printed over each other. Only the label moves, never the
    point. Returns the number of moves. Called by the export before saving.
    """
    from matplotlib.text import Annotation

    moves = 0
    for ax in fig.get_axes():
        anns = [a for a in ax.texts if isinstance(a, Annotation) and a.get_visible()
                and a.get_text().strip() and isinstance(a.get_anncoords(), str)
                and "offset points" in a.get_anncoords()]
        to_pt = 72.0 / fig.dpi
        W = fig.bbox.width
        for a in anns:  # a label running off the right edge goes to the left of its point
            box = a.get_window_extent()
            x, y = a.xyann
            if box.x1 > W - 8 * gap_px and x > 0 and a.get_horizontalalignment() == "left":
                a.xyann = (-x, y)
                a.set_horizontalalignment("right")
                moves += 1
        if len(anns) < 2:
            continue
        for _ in range(passes):
            boxes = [a.get_window_extent() for a in anns]
            order = sorted(range(len(anns)), key=lambda i: (boxes[i].y0, boxes[i].x0))
            moved = False
            for k, i in enumerate(order):
                for j in order[k + 1:]:
                    bi, bj = boxes[i], boxes[j]
                    g = 4 * gap_px  # closer than this reads as touching: move apart too
                    if (bi.x1 + g <= bj.x0 or bj.x1 + g <= bi.x0 or bi.y1 <= bj.y0
                            or bj.y1 <= bi.y0):
                        continue
                    dy = (bi.y1 - bj.y0 + gap_px) * to_pt  # move j just above i
                    x, y = anns[j].xyann
                    anns[j].xyann = (x, y + dy)
                    boxes[j] = anns[j].get_window_extent()
                    moves += 1
                    moved = True
            if not moved:
                break
        # stacking moves labels upward; if the stack now leaves the axes (into the title above),
        # lower the whole stack together: the labels keep their separation from each other
        over = max(a.get_window_extent().y1 for a in anns) - ax.bbox.y1
        if over > 0:
            for a in anns:
                x, y = a.xyann
                a.xyann = (x, y - (over + gap_px) * to_pt)
            moves += 1
    return moves


def assert_legible(fig: Figure, *, what: str = "figure", tol: float = TOLERANCE_PX) -> None:
    """Raise ``AssertionError`` listing every clipped or overlapping text of ``fig``."""
    problems = text_problems(fig, tol=tol)
    if problems:
        head = problems[:12]
        more = f"\n  ... and {len(problems) - 12} more" if len(problems) > 12 else ""
        raise AssertionError(f"{what}: {len(problems)} text problem(s):\n  "
                             + "\n  ".join(head) + more)


__all__ = ["TOLERANCE_PX", "assert_legible", "drawn_texts", "fit_long_texts", "separate_annotations",
           "text_problems"]
