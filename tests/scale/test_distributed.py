"""The per-review pipeline on Dask gives exactly the single-process frames."""
from __future__ import annotations

import pandas as pd
import pytest

from criticlens.scale import distributed
from criticlens.scale import tables

FRAMES = ("reviews", "sentences", "tokens", "spans")


def reviews_table() -> pd.DataFrame:
    texts = [
        "A fine film. I loved it!",
        "Dull and long.\n\nThe second paragraph is worse: not good at all.",
        "Too loud. But fun :) and a great cast.",
        "",
        "Mr. Smith's “ukulele” scene is wonderful... really?",
        "It's a small but shattering film.",
    ]
    return pd.DataFrame({"text": texts, "film": ["a", "a", "b", "b", "c", "c"],
                         "critic": ["Ann", "Bo", "Cy", "Di", "Ed", "Flo"]})


@pytest.fixture(scope="module")
def single():
    corpus = tables.load_table(reviews_table(), critic="critic", progress=False)
    return corpus, tables.score_sentences(corpus, progress=False)


def assert_same(corpus, scores, single):
    ref, ref_scores = single
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(corpus, name), getattr(ref, name))
    assert str(corpus.report) == str(ref.report)
    pd.testing.assert_frame_equal(scores, ref_scores)


def test_local_cluster_two_workers(single):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        corpus, scores = distributed.run_pipeline(reviews_table(), scheduler=cluster.scheduler_address,
                                                  npartitions=3, critic="critic", progress=False)
    assert corpus.report.n_rejected == 1
    assert_same(corpus, scores, single)


def test_client_object_and_threads(single):
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        corpus, scores = distributed.run_pipeline(reviews_table(), scheduler=client, npartitions=2,
                                                  critic="critic", progress=True)
    assert_same(corpus, scores, single)
    corpus, scores = distributed.run_pipeline(reviews_table(), scheduler="threads", npartitions=4,
                                              critic="critic", progress=False)
    assert_same(corpus, scores, single)


def test_load_table_scheduler_option(single):
    corpus = tables.load_table(reviews_table(), critic="critic", scheduler="sync", progress=False)
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(corpus, name), getattr(single[0], name))


@pytest.mark.parametrize("n, parts, expected", [(10, 3, 3), (2, 5, 2), (0, None, 1)])
def test_npartitions(n, parts, expected):
    assert distributed._npartitions(n, parts) == expected


def test_bad_scheduler():
    with pytest.raises(ValueError, match="npartitions"):
        distributed.map_rows([{"review_id": "1", "text": "x"}], npartitions=0)


@pytest.mark.slow
def test_default_local_processes(single):
    # the default scheduler: local worker processes (each imports criticlens)
    corpus, scores = distributed.run_pipeline(reviews_table(), npartitions=2, critic="critic",
                                              progress=False)
    assert_same(corpus, scores, single)
