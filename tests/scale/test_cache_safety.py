"""Issue 17 items 6-7: the cache deletes only what it wrote, verifies what it reads, heals, and a
warm result always equals the cold one (also after corruption)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from criticlens.corpus.load import load_film
from criticlens.scale import cache as C
from criticlens.scale.cache import Cache, CacheError, CacheWarning, load_film_cached

REVIEW = ("{who} on the film. The acting is strong, and the ending lands with real force. "
          "A fine film about a marriage, though the middle sags.\n")


def film(root: Path, name: str = "film", yaml_extra: str = "") -> Path:
    f = root / name
    (f / "reviews").mkdir(parents=True)
    (f / "film.yaml").write_text("title: Test Film\nyear: 2020\n" + yaml_extra, encoding="utf-8")
    (f / "reviews" / "a.txt").write_text(REVIEW.format(who="Ann"), encoding="utf-8")
    (f / "reviews" / ".b.txt").write_text(REVIEW.format(who="Bo"), encoding="utf-8")
    (f / "reviews.csv").write_text("review_id,file,critic\na,reviews/a.txt,Ann\nb,reviews/.b.txt,Bo\n")
    return f


def same(warm, cold) -> None:
    for name in ("reviews", "sentences", "tokens", "spans"):
        pd.testing.assert_frame_equal(getattr(warm, name).reset_index(drop=True),
                                      getattr(cold, name).reset_index(drop=True), check_dtype=False)
    assert warm.report.rows == cold.report.rows
    assert (warm.report.n_in, warm.report.n_loaded) == (cold.report.n_in, cold.report.n_loaded)
    assert warm.film == cold.film and warm.film.raw == cold.film.raw
    assert Path(warm.path) == Path(cold.path)


# ---- item 6: clear only a marked folder, only its own entries ---------------------------------
def test_clear_refuses_a_folder_that_is_not_a_cache(tmp_path):
    precious = tmp_path / "home-cache"
    (precious / "pip").mkdir(parents=True)
    (precious / "pip" / "wheel.whl").write_bytes(b"x")
    with pytest.raises(CacheError, match="not a criticlens cache"):
        Cache(precious).clear()
    with pytest.raises(CacheError, match="not a criticlens cache"):
        Cache(precious).info()  # never called "empty"
    assert (precious / "pip" / "wheel.whl").read_bytes() == b"x"


def test_cli_cache_clear_on_a_foreign_folder_is_refused(tmp_path, capsys):
    from criticlens.cli.main import EXIT_UNSAFE, main

    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "keep.txt").write_text("mine")
    assert main(["cache", "clear", "--dir", str(tmp_path / "d")]) == EXIT_UNSAFE
    assert main(["cache", "info", "--dir", str(tmp_path / "d")]) == EXIT_UNSAFE
    assert "not a criticlens cache" in capsys.readouterr().err
    assert (tmp_path / "d" / "keep.txt").read_text() == "mine"


def test_clear_removes_only_what_it_wrote(tmp_path):
    root = tmp_path / "c"
    cache = Cache(root)
    load_film_cached(film(tmp_path), cache=cache)
    assert (root / C.MARKER).is_file() and (root / "film").is_dir()
    (root / "notes.txt").write_text("a user's file")
    n, _size = cache.clear()
    assert n > 2
    assert sorted(p.name for p in root.iterdir()) == ["notes.txt"]
    with pytest.raises(CacheError):
        Cache(root).clear()


def test_clear_of_a_pure_cache_removes_the_folder(tmp_path):
    cache = Cache(tmp_path / "c")
    load_film_cached(film(tmp_path), cache=cache)
    cache.clear()
    assert not (tmp_path / "c").exists()


# ---- item 7: verify, heal, key on everything -------------------------------------------------
def _entry(cache: Cache) -> Path:
    (d,) = [p for p in (cache.root / "film").glob("*/whole/*") if p.is_dir()]
    return d


@pytest.mark.parametrize("damage", ["truncate", "edit_byte", "delete", "report_json", "manifest"])
def test_a_broken_entry_is_rebuilt_with_a_warning_and_warm_equals_cold(tmp_path, damage):
    f = film(tmp_path)
    cache = Cache(tmp_path / "c")
    cold = load_film(f)
    load_film_cached(f, cache=cache)
    d = _entry(cache)
    target = d / "reviews.feather"
    if damage == "truncate":
        target.write_bytes(target.read_bytes()[: len(target.read_bytes()) // 2])
    elif damage == "edit_byte":  # same size, one byte changed (a text edited by hand)
        data = bytearray(target.read_bytes())
        i = data.find(b"Ann on the film")
        data[i] = ord("X")
        target.write_bytes(bytes(data))
    elif damage == "delete":
        target.unlink()
    elif damage == "report_json":
        (d / "report.json").write_text("{broken")
    else:
        (d / "manifest.json").write_text("not json")
    with pytest.warns(CacheWarning, match="rebuilding it from the source"):
        warm = load_film_cached(f, cache=cache)
    same(warm, cold)
    # healed: the next warm read is clean and still equal
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        same(load_film_cached(f, cache=cache), cold)


def test_truncated_parquet_part_and_snapshot_heal(tmp_path):
    cache = Cache(tmp_path / "c")
    texts = ["A fine film.", "A dull film.", "Ann sings."]
    cold = C.cached_scores(cache, texts, progress=False)
    snaps = list((cache.root / "scores-snapshot").glob("*/*.feather"))
    parts = list((cache.root / "scores").glob("*/*.parquet"))
    assert snaps and parts
    for p in snaps + parts:
        p.write_bytes(p.read_bytes()[:40])
    with pytest.warns(CacheWarning):
        warm = C.cached_scores(cache, texts, progress=False)
    pd.testing.assert_frame_equal(warm, cold)


def test_dot_file_review_edited_later_is_not_served_stale(tmp_path):
    f = film(tmp_path)
    cache = Cache(tmp_path / "c")
    load_film_cached(f, cache=cache)
    (f / "reviews" / ".b.txt").write_text(REVIEW.format(who="Edited"), encoding="utf-8")
    warm = load_film_cached(f, cache=cache)
    assert "Edited on the film" in warm.raw("b")
    same(warm, load_film(f))


def test_copied_folder_is_its_own_film(tmp_path):
    f = film(tmp_path)
    cache = Cache(tmp_path / "c")
    load_film_cached(f, cache=cache)
    copy = tmp_path / "copy-of-film"
    shutil.copytree(f, copy)
    warm = load_film_cached(copy, cache=cache)
    same(warm, load_film(copy))
    assert str(copy) in warm.report.source


def test_set_values_survive_a_warm_hit(tmp_path):
    f = film(tmp_path, yaml_extra="notes: !!set {a: null, b: null}\n")
    cache = Cache(tmp_path / "c")
    cold = load_film_cached(f, cache=cache)
    warm = load_film_cached(f, cache=cache)
    assert warm.film.raw["notes"] == {"a", "b"} == cold.film.raw["notes"]
    same(warm, load_film(f))


def test_unreadable_unrelated_file_does_not_stop_the_cached_load(tmp_path, monkeypatch):
    f = film(tmp_path)
    (f / "secret.bin").write_bytes(b"\x00" * 10)
    real_open = open

    def guarded_open(path, *a, **kw):  # root can read anything: simulate a permission error
        if str(path).endswith("secret.bin"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *a, **kw)

    monkeypatch.setattr("builtins.open", guarded_open)
    cold = load_film(f, raise_on_error=False)
    warm = load_film_cached(f, cache=Cache(tmp_path / "c"), raise_on_error=False)
    same(warm, cold)


def test_the_suite_never_writes_into_the_project():
    """Issue 17.17: the cache (and executed notebooks under it) are outside the project in tests."""
    from criticlens.paths import CACHE_DIR, PROJECT_ROOT

    assert PROJECT_ROOT.resolve() not in CACHE_DIR.resolve().parents
    assert os.environ["CRITICLENS_CACHE"] == str(CACHE_DIR)


def test_alias_bomb_under_unknown_keys_is_refused_by_the_cached_loader(tmp_path, hang_detector):
    """Issue 17.2: with the bomb only under unknown keys, load_film_cached hung in json.dumps."""
    from criticlens.corpus.load import FilmLoadError

    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi"))
    f = film(tmp_path, yaml_extra="extra:\n" + "".join("  " + ln + "\n" for ln in bomb.splitlines()))
    with hang_detector(60):
        with pytest.raises(FilmLoadError, match="film_yaml_alias_budget|alias bomb"):
            load_film_cached(f, cache=Cache(tmp_path / "c"))
