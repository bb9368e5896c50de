"""The cache: warm results equal cold ones; a change invalidates exactly what depends on it."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest
from pathlib import Path

from criticlens.scale import cache as C
from criticlens import paths
from criticlens import sentiment
from criticlens.sentiment import _fast as fastscore
from criticlens.corpus import table
from criticlens.scale import tables

FRAMES = ("reviews", "sentences", "tokens", "spans")


def df3() -> pd.DataFrame:
    return pd.DataFrame({"text": ["A fine film. I loved it!", "Dull and long.", "Too loud. But fun."],
                         "film": ["alpha", "alpha", "beta"]})


def parts(ns_kind_dir, table_name):
    return sorted(ns_kind_dir.rglob(f"{table_name}-*.parquet"))


@pytest.fixture
def counting(monkeypatch):
    calls = []
    real = table.process_row

    def spy(row):
        calls.append(row["review_id"])
        return real(row)

    monkeypatch.setattr(table, "process_row", spy)
    return calls


def assert_same(a, b):
    for n in FRAMES:
        pd.testing.assert_frame_equal(getattr(a, n), getattr(b, n))
    assert str(a.report) == str(b.report)


def test_table_warm_equals_cold_and_skips_pipeline(tmp_path, counting):
    cache = C.Cache(tmp_path)
    ref = tables.load_table(df3(), progress=False)
    counting.clear()
    cold = tables.load_table(df3(), cache=cache, progress=False)
    assert counting == ["1", "2", "3"]
    warm = tables.load_table(df3(), cache=cache, progress=False)
    assert counting == ["1", "2", "3"]  # nothing re-run
    assert_same(cold, ref)
    assert_same(warm, ref)


def test_changed_review_reruns_only_that_review(tmp_path, counting):
    cache = C.Cache(tmp_path)
    tables.load_table(df3(), cache=cache, progress=False)
    counting.clear()
    changed = df3()
    changed.loc[1, "text"] = "Dull and long. Still, a good score."
    got = tables.load_table(changed, cache=cache, progress=False)
    assert counting == ["2"]
    assert_same(got, tables.load_table(changed, progress=False))
    # ids and order may change without re-running anything: content is the key
    counting.clear()
    shuffled = changed.iloc[[2, 0, 1]].reset_index(drop=True)
    got = tables.load_table(shuffled, cache=cache, progress=False)
    assert counting == []
    assert_same(got, tables.load_table(shuffled, progress=False))


def test_title_parameter_and_pipeline_change_invalidate(tmp_path, counting, monkeypatch):
    cache = C.Cache(tmp_path)
    tables.load_table(df3(), cache=cache, progress=False)
    counting.clear()
    tables.load_table(df3(), cache=cache, titles={"beta": "Beta"}, progress=False)
    assert counting == ["3"]  # only the review whose film title changed
    counting.clear()
    monkeypatch.setattr(C, "_FINGERPRINT", "a-different-pipeline")
    tables.load_table(df3(), cache=cache, progress=False)
    assert counting == ["1", "2", "3"]


def test_pipeline_fingerprint_covers_sources_and_data():
    fp = C.pipeline_fingerprint()
    assert len(fp) == 32
    # the fingerprinted files are found from the import system, not typed-in names
    import criticlens.corpus.load as load_mod
    import criticlens.text.textproc as text_mod

    files = {p for pkg in C.PIPELINE_PACKAGES for p in C.source_files(pkg)}
    assert Path(text_mod.__file__) in files and Path(load_mod.__file__) in files
    assert Path(C.source_files(C.SCORER_MODULE)[0]).name == Path(fastscore.__file__).name


def test_pipeline_fingerprint_changes_when_a_new_module_appears(tmp_path, monkeypatch):
    """A module added to a fingerprinted package changes the fingerprint (no list to update)."""
    pkg = tmp_path / "fakepkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("x = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(C.paths, "PACKAGE_DIR", tmp_path)
    monkeypatch.setattr(C, "PIPELINE_PACKAGES", ("fakepkg",))
    monkeypatch.setattr(C, "_FINGERPRINT", None)
    before = C.pipeline_fingerprint()
    (pkg / "b.py").write_text("y = 2\n")
    monkeypatch.setattr(C, "_FINGERPRINT", None)
    assert C.pipeline_fingerprint() != before
    monkeypatch.setattr(C, "_FINGERPRINT", None)


def test_scores_cached_per_text_and_per_engine(tmp_path, monkeypatch):
    cache = C.Cache(tmp_path)
    texts = ["good", "bad", "good", "not bad at all"]
    ref = fastscore.score_texts(texts)
    got = C.cached_scores(cache, texts, progress=False)
    pd.testing.assert_frame_equal(got, ref)
    tb_dir = next(p for p in (tmp_path / "scores").iterdir()
                  if '"engine": "textblob"' in (p / "params.json").read_text())
    vd_dir = next(p for p in (tmp_path / "scores").iterdir() if p != tb_dir)
    assert len(parts(tb_dir, "scores")) == 1
    assert len(pd.read_parquet(parts(tb_dir, "scores")[0])) == 3  # distinct texts only
    # warm: nothing written
    pd.testing.assert_frame_equal(C.cached_scores(cache, texts, progress=False), ref)
    assert len(parts(tb_dir, "scores")) == 1
    # one new text: one new row per engine
    texts2 = texts + ["a great film"]
    got2 = C.cached_scores(cache, texts2, progress=False)
    pd.testing.assert_frame_equal(got2, fastscore.score_texts(texts2))
    new = [f for f in parts(tb_dir, "scores")]
    assert len(new) == 2 and sorted(len(pd.read_parquet(f)) for f in new) == [1, 3]
    # a new VADER version re-scores VADER only
    monkeypatch.setitem(fastscore.ENGINE_VERSIONS, "vaderSentiment", "9.9.9")
    C.cached_scores(cache, texts2, progress=False)
    assert len(parts(tb_dir, "scores")) == 2
    assert len(list((tmp_path / "scores").iterdir())) == 3
    assert len(parts(vd_dir, "scores")) == 2


def test_score_sentences_through_cache(tmp_path):
    c = tables.load_table(df3(), progress=False)
    cache = C.Cache(tmp_path)
    a = tables.score_sentences(c, progress=False)
    b = tables.score_sentences(c, cache=cache, progress=False)
    d = tables.score_sentences(c, cache=cache, progress=False)
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(a, d)


def test_film_folder_cache(tmp_path):
    folder = tmp_path / "film"
    shutil.copytree(paths.BUNDLED_FILM, folder)
    cache = C.Cache(tmp_path / "cache")
    import criticlens

    ref = criticlens.load_film(folder)
    cold = C.load_film_cached(folder, cache=cache)
    warm = C.load_film_cached(folder, cache=cache)
    assert_same(cold, ref)
    assert_same(warm, ref)
    assert warm.film == ref.film and warm.path == folder
    # edit one review file: the film is re-loaded and the change shows
    rid = ref.review_ids[0]
    f = folder / str(ref.reviews.loc[0, "file"])
    f.write_bytes(f.read_bytes() + b"\n\nA late, great addition.\n")
    after = C.load_film_cached(folder, cache=cache)
    assert after.raw(rid).endswith("A late, great addition.\n")
    assert_same(after, criticlens.load_film(folder))


def test_clear_and_info(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "CACHE_DIR", tmp_path / "c")
    cache = C.Cache()
    assert cache.root == tmp_path / "c"
    assert cache.info().empty
    C.cached_scores(cache, ["good"], progress=False)
    info = cache.info()
    assert info["kind"].tolist() == ["scores", "scores", "scores-snapshot"]
    from criticlens.cli import main as cli

    assert cli.main(["cache", "clear"]) == 0
    assert not (tmp_path / "c").exists()
    assert cache.clear() == (0, 0)


def test_file_snapshot_skips_reading_and_follows_the_bytes(tmp_path, monkeypatch, counting):
    cache = C.Cache(tmp_path / "cache")
    path = tmp_path / "t.csv"
    df3().to_csv(path, index=False)
    cold = tables.load_table(path, cache=cache, progress=False)
    real_read = tables.read_table

    def no_read(*a, **k):
        raise AssertionError("the table was read although its snapshot exists")

    monkeypatch.setattr(tables, "read_table", no_read)
    warm = tables.load_table(path, cache=cache, progress=False)
    assert_same(warm, cold)
    # a different parameter is a different snapshot (and needs the table read)
    with pytest.raises(AssertionError, match="snapshot"):
        tables.load_table(path, cache=cache, keep=["film"], progress=False)
    monkeypatch.setattr(tables, "read_table", real_read)
    counting.clear()
    changed = df3()
    changed.loc[2, "text"] = "Too loud. But fun, and moving."
    changed.to_csv(path, index=False)
    got = tables.load_table(path, cache=cache, progress=False)
    assert counting == ["3"]
    assert_same(got, tables.load_table(path, progress=False))


def test_scorer_edit_invalidates_scores(tmp_path, monkeypatch):
    cache = C.Cache(tmp_path)
    C.cached_scores(cache, ["good", "bad"], progress=False)
    calls = []
    real = sentiment.exact_scores

    def spy(texts, **kw):
        calls.append(list(texts))
        return real(texts, **kw)

    monkeypatch.setattr(sentiment, "exact_scores", spy)
    C.cached_scores(cache, ["good", "bad"], progress=False)
    assert calls == []
    monkeypatch.setattr(C, "scorer_fingerprint", lambda: "edited")
    got = C.cached_scores(cache, ["good", "bad"], progress=False)
    assert calls == [["good", "bad"], ["good", "bad"]]  # both engines re-scored
    pd.testing.assert_frame_equal(got, real(["good", "bad"]))
