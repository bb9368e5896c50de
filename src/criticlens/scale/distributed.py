"""The per-review pipeline on Dask: local processes by default, or a cluster.

Reviews are independent, so the pipeline is embarrassingly parallel: the rows of a table are
split into Dask bag partitions, each partition runs :func:`criticlens.corpus.table.process_row` (body,
paragraphs, sentences, tokens, report notes) and the exact fast scorer
(:func:`criticlens.sentiment.exact_scores`) on its sentences, and the results come back in row order, to be
assembled exactly as in a single process. The frames are identical whatever the scheduler.

``scheduler`` is one of:

* ``"processes"`` (the default): local worker processes (``dask.multiprocessing``);
* ``"threads"`` or ``"sync"``: local threads or one thread (debugging);
* a scheduler address such as ``"tcp://10.0.0.5:8786"``: a running ``dask.distributed``
  cluster (start one with ``dask scheduler`` and ``dask worker ADDRESS`` on each machine;
  every worker needs criticlens installed, e.g. ``pip install -e .``);
* a ``distributed.Client`` object, used as is.

A tqdm bar (notebook-aware) counts finished partitions.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from criticlens._extras import require
from criticlens.progress import enabled, progress_bar

#: Local scheduler names accepted besides an address.
LOCAL_SCHEDULERS = ("processes", "threads", "sync", "synchronous", "single-threaded")
#: Target rows per partition when ``npartitions`` is not given.
ROWS_PER_PARTITION = 500


def _npartitions(n: int, npartitions: int | None) -> int:
    if npartitions is not None:
        if npartitions < 1:
            raise ValueError(f"npartitions must be >= 1, got {npartitions}")
        return min(npartitions, max(n, 1))
    workers = os.cpu_count() or 1
    return max(1, min(max(n, 1), max(workers * 2, -(-n // ROWS_PER_PARTITION))))


def _process_partition(rows: Iterable[Mapping[str, Any]]) -> list[Any]:
    from criticlens.corpus.table import process_row

    return [process_row(r) for r in rows]


def _score_partition(part: Iterable[str], engines: tuple[str, ...]) -> list[tuple[float, ...]]:
    from criticlens.sentiment import score_chunk

    return score_chunk(list(part), engines)


def _is_address(scheduler: Any) -> bool:
    return isinstance(scheduler, str) and scheduler not in LOCAL_SCHEDULERS


def _compute(parts: list[Any], scheduler: Any, progress: bool | None, desc: str) -> list[Any]:
    """Compute delayed partitions in order on the chosen scheduler, with a progress bar."""
    show = enabled(progress)
    if scheduler is None:
        scheduler = "processes"
    client = None
    own = False
    if _is_address(scheduler):
        Client = require("distributed", "scale", "a Dask cluster").Client

        client = Client(scheduler)
        own = True
    elif not isinstance(scheduler, str):
        client = scheduler  # a distributed.Client
    if client is not None:
        try:
            as_completed = require("distributed", "scale", "a Dask cluster").as_completed

            futures = client.compute(parts)
            if show:
                from tqdm.auto import tqdm

                with tqdm(total=len(futures), desc=desc, leave=False) as bar:
                    for _ in as_completed(futures):
                        bar.update(1)
            return client.gather(futures)
        finally:
            if own:
                client.close()
    dask = require("dask", "scale", "the Dask pipeline")

    if scheduler not in LOCAL_SCHEDULERS:
        raise ValueError(f"unknown scheduler {scheduler!r}: use one of {LOCAL_SCHEDULERS} or an address")
    if show:
        from dask.callbacks import Callback
        from tqdm.auto import tqdm

        bar = tqdm(total=len(parts), desc=desc, leave=False)
        keys = {p.key for p in parts}

        class _Bar(Callback):
            def _posttask(self, key: Any, result: Any, dsk: Any, state: Any, id: Any) -> None:
                if key in keys:
                    bar.update(1)

        try:
            with _Bar():
                return list(dask.compute(*parts, scheduler=scheduler))
        finally:
            bar.close()
    return list(dask.compute(*parts, scheduler=scheduler))


def map_rows(rows: Sequence[Mapping[str, Any]], *, scheduler: Any = "processes",
             npartitions: int | None = None, progress: bool | None = None) -> list[Any]:
    """:func:`criticlens.corpus.table.process_row` for every row on Dask; results in row order."""
    db = require("dask.bag", "scale", "the Dask pipeline")

    rows = [dict(r) for r in rows]
    if not rows:
        return []
    bag = db.from_sequence(rows, npartitions=_npartitions(len(rows), npartitions))
    parts = bag.map_partitions(_process_partition).to_delayed()
    out = _compute(parts, scheduler, progress, "reviews (dask)")
    return [x for part in out for x in part]


def run_rows(rows: Sequence[Mapping[str, Any]], *, scheduler: Any = None,
             progress: bool | None = None) -> list[Any]:
    """:func:`criticlens.corpus.table.process_row` on every row: in this process (``scheduler``
    None) or on Dask (:func:`map_rows`); results in row order."""
    from criticlens.corpus.table import process_row

    if scheduler is not None:
        return map_rows(rows, scheduler=scheduler, progress=progress)
    return [process_row(r) for r in progress_bar(rows, total=len(rows), desc="loading reviews",
                                                   disable=progress is False)]


def _score_texts(texts: Sequence[str], *, engines: Iterable[str] = ("textblob", "vader"),
                scheduler: Any = "processes", npartitions: int | None = None,
                progress: bool | None = None) -> pd.DataFrame:
    """:func:`criticlens.sentiment.exact_scores` with the distinct texts spread over Dask
    partitions (same frame, same order)."""
    db = require("dask.bag", "scale", "the Dask pipeline")
    import numpy as np

    from criticlens.sentiment import check_engines, score_columns

    eng = check_engines(engines)
    texts = list(texts)
    cols = score_columns(eng)
    uniq = list(dict.fromkeys(texts))
    if not uniq:
        return pd.DataFrame({c: pd.Series([], dtype="float64") for c in cols})
    bag = db.from_sequence(uniq, npartitions=_npartitions(len(uniq), npartitions))
    parts = bag.map_partitions(_score_partition, eng).to_delayed()
    out = _compute(parts, scheduler, progress, "scoring (dask)")
    lookup = dict(zip(uniq, (x for part in out for x in part), strict=True))
    rows = [lookup[t] for t in texts]
    return pd.DataFrame(np.asarray(rows, dtype="float64").reshape(len(rows), len(cols)), columns=cols)


def run_pipeline(source: Any, *, scheduler: Any = "processes", engines: Iterable[str] = ("textblob", "vader"),
                 npartitions: int | None = None, progress: bool | None = None,
                 **table_kwargs: Any) -> tuple[Any, pd.DataFrame]:
    """Load a table (see :func:`criticlens.scale.tables.load_table` for ``table_kwargs``) and score its
    sentences, both on Dask. Returns ``(corpus, scores)``; ``scores`` is the frame of
    :func:`criticlens.scale.tables.score_sentences`."""
    from criticlens.corpus.table import build_corpus, read_table, with_film

    rows, extra, report = read_table(source, **table_kwargs)
    results = map_rows(rows, scheduler=scheduler, npartitions=npartitions, progress=progress)
    enc = "str" if isinstance(source, pd.DataFrame) else table_kwargs.get("encoding", "utf-8")
    corpus = build_corpus(rows, results, report, extra, encoding=enc)
    texts = [str(t) for t in corpus.sentences["text"]]
    scores = _score_texts(texts, engines=engines, scheduler=scheduler, npartitions=npartitions,
                         progress=progress)
    head = corpus.sentences[["review_id", "sent_id"]].reset_index(drop=True)
    return corpus, with_film(corpus, pd.concat([head, scores], axis=1))
