"""Compute a frame once per run and share it: the analyses every figure set asks for again.

``criticlens figures`` builds seven figure sets; each asks for the film's sentence scores,
sentence classes, scene mentions and arcs, and without sharing they were computed three to five
times in one run (and their warnings printed as often). Inside :func:`shared_results` a function
decorated with :func:`shared` computes its result once per distinct call (same corpus *object*,
equal hashable arguments) and hands every caller its own copy, so a caller that changes the frame
it got cannot change what the next caller sees. Outside the block nothing is kept: a notebook or a
library caller that edits a corpus and calls again gets a fresh result.

A DataFrame or Series argument (the sentence classes a figure set computed once and passes to
each builder) is keyed by its identity and kept alive with the result, so within a run it must
not be changed in place after it was passed. A call with an argument that cannot be a key (a
generator, a set of objects) is computed as usual, never looked up.
"""
from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_STORES: list[dict[tuple[Any, ...], tuple[Any, ...]]] = []
#: Calls answered from a store, by function name (what the tests and the benchmark read).
HITS: dict[str, int] = {}


@contextlib.contextmanager
def shared_results() -> Iterator[None]:
    """Inside the block, :func:`shared` functions compute each distinct call once."""
    _STORES.append({})
    try:
        yield
    finally:
        _STORES.pop()


def _key_part(value: Any) -> Any:
    """A hashable stand-in for an argument; ``TypeError`` if it cannot be one."""
    if value is None or isinstance(value, (str, bytes, int, float, bool, frozenset)):
        return value
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_key_part(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((str(k), _key_part(v)) for k, v in value.items())))
    if type(value).__name__ in ("DataFrame", "Series"):  # by identity (see the module doc)
        return ("frame", id(value))
    if callable(value) and hasattr(value, "__qualname__"):  # a smoother, a function: by identity
        return ("callable", id(value))
    raise TypeError(f"{type(value).__name__} is not a key")


def _copy(value: Any) -> Any:
    import numpy as np
    import pandas as pd

    if isinstance(value, (pd.DataFrame, pd.Series, np.ndarray)):
        return value.copy()
    if isinstance(value, tuple):
        return tuple(_copy(v) for v in value)
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return value


def shared(fn: F) -> F:
    """Share ``fn(corpus, ...)``'s result within :func:`shared_results` (see the module doc)."""
    name = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def wrapper(corpus: Any, *args: Any, **kwargs: Any) -> Any:
        if not _STORES:
            return fn(corpus, *args, **kwargs)
        try:
            key = (name, id(corpus), _key_part(args), _key_part(kwargs))
        except TypeError:
            return fn(corpus, *args, **kwargs)
        store = _STORES[-1]
        if key in store:
            HITS[name] = HITS.get(name, 0) + 1
        else:  # the corpus and the arguments are kept with the result, so that no id in the key
            # can be reused by a new object within the block
            store[key] = (corpus, args, kwargs, fn(corpus, *args, **kwargs))
        return _copy(store[key][-1])

    return wrapper  # type: ignore[return-value]


__all__ = ["HITS", "shared", "shared_results"]
