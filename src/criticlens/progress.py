"""Progress bars for corpus-scale steps (tqdm, notebook-aware).

``tqdm.auto`` draws a widget bar in Jupyter and a text bar in a terminal. Every corpus-scale
step (loading a table, scoring, the Dask pipeline, the cache) takes ``progress=`` and passes it
here; ``CRITICLENS_PROGRESS=0`` in the environment turns all bars off (tests, CI logs).
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")


def enabled(progress: bool | None = None) -> bool:
    """Whether to draw a bar: an explicit ``progress`` wins, else ``CRITICLENS_PROGRESS``
    (default on)."""
    if progress is not None:
        return bool(progress)
    return os.environ.get("CRITICLENS_PROGRESS", "1").strip().lower() not in ("0", "false", "no", "off")


def progress_bar(
    iterable: Iterable[T], *, total: int | None = None, desc: str = "", disable: bool = False, **kw: Any
) -> Iterator[T]:
    """Wrap ``iterable`` in a ``tqdm.auto`` bar unless ``disable`` (or bars are switched off)."""
    if disable or not enabled(None):
        yield from iterable
        return
    from tqdm.auto import tqdm

    yield from tqdm(iterable, total=total, desc=desc, leave=False, **kw)
