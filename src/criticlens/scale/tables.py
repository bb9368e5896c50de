"""Tables of many reviews, end to end: read, run the per-review pipeline, score.

:func:`load_table` reads a table (:func:`criticlens.corpus.table.read_table`), runs the
per-review pipeline on every row (here or on Dask: :func:`criticlens.scale.distributed.run_rows`),
optionally through the cache (:mod:`criticlens.scale.cache`), and assembles the
:class:`~criticlens.corpus.load.Corpus` (:func:`criticlens.corpus.table.build_corpus`).
:func:`score_sentences` scores every body sentence with the exact fast path, optionally cached.
The results do not depend on the scheduler or the cache.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from criticlens.corpus.load import Corpus
from criticlens.corpus.table import build_corpus, read_table, with_film
from criticlens.scale.cache import Cache, cached_scores, cached_table_corpus, corpus_snapshot, source_key
from criticlens.scale.distributed import run_rows
from criticlens.sentiment import exact_scores


def load_table(
    source: str | os.PathLike[str] | pd.DataFrame,
    *,
    text: str = "text",
    film: str | None = "film",
    critic: str | None = None,
    review_id: str | None = None,
    outlet: str | None = None,
    headline: str | None = None,
    published: str | None = None,
    notes: str | None = None,
    group: str | None = None,
    keep: Sequence[str] = (),
    titles: Mapping[str, str] | None = None,
    encoding: str = "utf-8",
    scheduler: str | None = None,
    cache: bool | Any = False,
    progress: bool | None = None,
) -> Corpus:
    """Load a CSV (``.csv``, ``.csv.bz2``, ``.gz``, ``.xz``, ``.zip``) or a DataFrame of reviews.

    ``text`` names the column holding each review's text (required); ``film`` the column naming
    its film (``None``: the table is about one film, ``film`` is NA); ``critic``, ``outlet``,
    ``headline``, ``published``, ``notes``, ``group`` (a label per review that figures compare,
    e.g. fresh/rotten) optional metadata columns; ``review_id`` a column of
    unique ids (default: the 1-based row number as a string). ``keep`` lists extra columns to
    carry into ``reviews`` (e.g. ``["category"]``). ``titles`` maps film values to film titles,
    used by the body finder to recognise a repeated title line.

    ``scheduler``: ``None`` runs the per-review pipeline in this process; ``"processes"``,
    ``"threads"``, ``"sync"`` or a Dask scheduler address (``"tcp://host:8786"``) runs it on
    Dask (see :mod:`criticlens.scale.distributed`). ``cache``: ``True`` (or a
    :class:`criticlens.scale.cache.Cache`) reuses frames computed before for the same text and
    pipeline version (see :mod:`criticlens.scale.cache`). The result does not depend on either.

    Each review's ``file`` is ``"<table>#row=<n>"``. The load report names table and row for
    every rejected row.
    """
    params = dict(text=text, film=film, critic=critic, review_id=review_id, outlet=outlet,
                  headline=headline, published=published, notes=notes, group=group, keep=list(keep),
                  titles=dict(titles or {}), encoding=encoding)
    use_cache = cache is not False and cache is not None
    skey = None
    if use_cache:
        c = cache if isinstance(cache, Cache) else Cache()
        if not isinstance(source, pd.DataFrame) and Path(source).is_file():
            # same file bytes, same parameters: the snapshot, without reading the table
            skey = source_key(source, {**params, "name": Path(source).name})
            hit = corpus_snapshot(c, skey)
            if hit is not None:
                return hit
    rows, extra, report = read_table(source, **params)  # type: ignore[arg-type]
    enc = "str" if isinstance(source, pd.DataFrame) else encoding
    if use_cache:
        return cached_table_corpus(c, rows, extra, report, encoding=enc, scheduler=scheduler,
                                   progress=progress, also_key=skey)
    results = run_rows(rows, scheduler=scheduler, progress=progress)
    return build_corpus(rows, results, report, extra, encoding=enc)


def score_sentences(corpus: Corpus, *, engines: Iterable[str] = ("textblob", "vader"),
                    processes: int | None = 1, cache: bool | Any = False,
                    progress: bool | None = None) -> pd.DataFrame:
    """Exact TextBlob/VADER scores of every body sentence, wide: ``film, review_id, sent_id``
    then one column per ``<engine>_<measure>`` (see :func:`criticlens.sentiment.exact_scores`).

    The same numbers as :func:`criticlens.sentiment.engines.sentence_sentiment` (which is long), by the
    fast path; ``cache=True`` reuses scores of sentences seen before with the same engine
    versions."""
    texts = corpus.sentences["text"].astype(str).tolist()
    if cache is not False and cache is not None:
        c = cache if isinstance(cache, Cache) else Cache()
        scores = cached_scores(c, texts, engines=engines, processes=processes, progress=progress)
    else:
        scores = exact_scores(texts, engines=engines, processes=processes, progress=progress is not False)
    head = corpus.sentences[["review_id", "sent_id"]].reset_index(drop=True)
    out = pd.concat([head, scores], axis=1)
    rev = corpus.reviews
    n_sent = rev["n_sentences"].to_numpy()
    if int(n_sent.sum()) == len(out) and (
            np.repeat(rev["review_id"].to_numpy(), n_sent) == out["review_id"].to_numpy()).all():
        # sentences in review order (as every corpus is built): the film of each, without a lookup
        out.insert(0, "film", pd.array(np.repeat(rev["film"].to_numpy(), n_sent), dtype="string"))
        return out
    return with_film(corpus, out)
