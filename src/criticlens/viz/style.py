"""Figure style and the critic palette.

Style lives in ``.mplstyle`` files under ``criticlens/styles`` and is applied with
:func:`style_context`, a context manager, so no global rcParams change leaks into a notebook.

Each critic keeps one colour in every figure: :func:`critic_colors` assigns colours in the
corpus's review order from the Okabe-Ito palette (Okabe and Ito 2008, colour-blind safe), then
Paul Tol's "muted" scheme for corpora of more than eight critics.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Literal

import matplotlib.pyplot as plt

from criticlens.paths import STYLES_DIR

#: Okabe & Ito (2008) colour-blind-safe palette, black moved last (kept for text).
OKABE_ITO: tuple[str, ...] = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
#: Paul Tol's muted qualitative scheme, used after the first eight critics, without its pale grey
#: (#DDDDDD, which Tol keeps for missing data): as a line, a bar or a title on white it was
#: nearly invisible for the 18th critic of a film.
TOL_MUTED: tuple[str, ...] = (
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933",
    "#DDCC77", "#CC6677", "#882255", "#AA4499",
)
PALETTE: tuple[str, ...] = OKABE_ITO + TOL_MUTED

StyleName = Literal["article", "column"]


def style_path(name: str) -> str:
    """Path of a bundled style sheet (``article`` or ``column``)."""
    p = STYLES_DIR / f"{name}.mplstyle"
    if not p.is_file():
        raise ValueError(f"unknown style {name!r}: no {p}")
    return str(p)


@contextlib.contextmanager
def style_context(size: StyleName = "article") -> Iterator[None]:
    """Apply the criticlens style for the ``with`` block only.

    ``size="column"`` layers the 3.5-inch single-column sheet on the article sheet.
    """
    sheets = [style_path("article")]
    if size != "article":
        sheets.append(style_path(size))
    with plt.style.context(sheets):
        yield


def critic_colors(labels: Sequence[str]) -> dict[str, str]:
    """One colour per critic label, stable for a given order of labels.

    Pass the corpus's labels in review order (``list(corpus.labels().values())``) so that the
    same critic gets the same colour in every figure. Beyond 17 critics colours repeat, and a
    ``ValueError`` would hide data, so they cycle instead.
    """
    out: dict[str, str] = {}
    for i, lab in enumerate(dict.fromkeys(labels)):
        out[lab] = PALETTE[i % len(PALETTE)]
    return out
