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


def assert_legible(fig: Figure, *, what: str = "figure", tol: float = TOLERANCE_PX) -> None:
    """Raise ``AssertionError`` listing every clipped or overlapping text of ``fig``."""
    problems = text_problems(fig, tol=tol)
    if problems:
        head = problems[:12]
        more = f"\n  ... and {len(problems) - 12} more" if len(problems) > 12 else ""
        raise AssertionError(f"{what}: {len(problems)} text problem(s):\n  "
                             + "\n  ".join(head) + more)


__all__ = ["TOLERANCE_PX", "assert_legible", "drawn_texts", "text_problems"]
