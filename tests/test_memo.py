"""criticlens.memo: one computation per distinct call inside a run, copies handed out."""
from __future__ import annotations

import pandas as pd

from criticlens import memo


class Film:  # any object stands for a corpus: the key is its identity
    pass


calls: list[tuple[int, tuple]] = []


@memo.shared
def frame_of(corpus, n=2, *, words=("a", "b")):
    calls.append((id(corpus), (n, words)))
    return pd.DataFrame({"x": list(range(n))}), ["kept", "as", "list"]


def setup_function():
    calls.clear()


def test_outside_a_run_nothing_is_kept():
    film = Film()
    frame_of(film)
    frame_of(film)
    assert len(calls) == 2


def test_inside_a_run_each_distinct_call_is_computed_once():
    a, b = Film(), Film()
    with memo.shared_results():
        first, _ = frame_of(a, 3)
        again, _ = frame_of(a, 3)
        frame_of(a, 3, words=["a", "b"])  # a list and a tuple of the same words are different keys
        frame_of(a, 4)
        frame_of(b, 3)
    assert len(calls) == 4  # (a,3) (a,3,list) (a,4) (b,3)
    assert first.equals(again) and first is not again


def test_callers_get_copies_they_may_change():
    film = Film()
    with memo.shared_results():
        first, names = frame_of(film, 2)
        first.loc[0, "x"] = 99
        names.append("changed")
        second, names2 = frame_of(film, 2)
    assert second["x"].tolist() == [0, 1]
    assert names2 == ["kept", "as", "list"]


def test_a_frame_argument_is_keyed_by_identity():
    film = Film()
    words = pd.Series(["a"])
    with memo.shared_results():
        frame_of(film, 2, words=words)
        frame_of(film, 2, words=words)
        frame_of(film, 2, words=pd.Series(["a"]))  # an equal but new frame: computed again
    assert len(calls) == 2


def test_an_argument_that_cannot_be_a_key_is_computed_every_time():
    film = Film()
    with memo.shared_results():
        frame_of(film, 2, words={object()})
        frame_of(film, 2, words={object()})
    assert len(calls) == 2


def test_the_store_ends_with_the_run():
    film = Film()
    with memo.shared_results():
        frame_of(film)
    with memo.shared_results():
        frame_of(film)
    assert len(calls) == 2


def test_figures_share_the_film_analyses(tmp_path, monkeypatch):
    """`criticlens figures` asks for the sentence scores in several figure sets; they are
    computed once per run (before sharing: three to five times)."""
    from criticlens.corpus.load import load_film
    from criticlens.paths import resolve_film
    from criticlens.sentiment import engines
    from criticlens.viz.figures import run_figures

    seen: list[tuple[str, ...]] = []
    original = engines.score_texts

    def counting(texts, names=engines.DEFAULT_ENGINES):
        if len(texts) == n_sentences:  # the film's body sentences (not scene windows)
            seen.append(tuple(names))
        return original(texts, names)

    monkeypatch.setattr(engines, "score_texts", counting)
    corpus = load_film(resolve_film("blue-valentine"))
    n_sentences = len(corpus.sentences)
    run_figures("blue-valentine", tmp_path, corpus=corpus, topics=["arcs", "treatment"],
                progress=False, workers=1)
    # each engine scores the sentences once, though both figure sets ask for several engines
    assert seen and len(seen) == len(set(seen))
    assert all(len(names) == 1 for names in seen)
