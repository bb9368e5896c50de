"""Progress bars for corpus-scale steps (tqdm, notebook-aware).

``tqdm.auto`` draws a widget bar in Jupyter and a text bar in a terminal. Every corpus-scale
step (loading a table, scoring, the Dask pipeline, the cache) takes ``progress=`` and passes it
here. By default a bar is drawn where a person watches: a terminal (stderr is a TTY) or a
Jupyter kernel (a widget); not into a pipe, a file or a CI log. ``CRITICLENS_PROGRESS=0`` turns
every bar off, ``CRITICLENS_PROGRESS=1`` forces them on.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")


_OFF = ("0", "false", "no", "off")
_ON = ("1", "true", "yes", "on")


def _in_kernel() -> bool:
    """Whether this runs inside a Jupyter kernel (where tqdm.auto draws a widget)."""
    import sys

    return "ipykernel" in sys.modules


def enabled(progress: bool | None = None) -> bool:
    """Whether to draw a bar: an explicit ``progress`` wins, then ``CRITICLENS_PROGRESS``
    (0/1), else only where a person watches: stderr is a terminal, or a Jupyter kernel."""
    if progress is not None:
        return bool(progress)
    env = os.environ.get("CRITICLENS_PROGRESS", "").strip().lower()
    if env in _OFF:
        return False
    if env in _ON:
        return True
    import sys

    stream = sys.stderr
    return _in_kernel() or bool(stream is not None and hasattr(stream, "isatty") and stream.isatty())


def progress_bar(
    iterable: Iterable[T], *, total: int | None = None, desc: str = "", disable: bool = False, **kw: Any
) -> Iterator[T]:
    """Wrap ``iterable`` in a ``tqdm.auto`` bar unless ``disable`` (or bars are switched off)."""
    if disable or not enabled(None):
        yield from iterable
        return
    from tqdm.auto import tqdm

    yield from tqdm(iterable, total=total, desc=desc, leave=False, **kw)
