"""The loader and its load report (issue 2): the bundled seeds pinned exactly, and every bad input."""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

import criticlens
from criticlens.corpus.load import FilmLoadError, load_film, offsets_ok
from criticlens.paths import BUNDLED_FILM

MINIMAL_YAML = "title: Test Film\nyear: 2020\n"
GOOD_TEXT = "A fine film. The acting is strong and the ending lands.\n"


def make_film(root: Path, files: dict[str, bytes], rows: list[tuple[str, str]] | None = None,
              *, yaml_text: str | None = MINIMAL_YAML, header: str = "review_id,file") -> Path:
    """Write a film folder: film.yaml, reviews.csv (rows of id,file) and the given files."""
    folder = root / "film"
    (folder / "reviews").mkdir(parents=True)
    if yaml_text is not None:
        (folder / "film.yaml").write_text(yaml_text, encoding="utf-8")
    if rows is None:
        rows = [(Path(f).stem, f) for f in files]
    lines = [header] + [",".join(r) for r in rows]
    (folder / "reviews.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for rel, data in files.items():
        p = folder / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return folder


def codes(corpus) -> list[str]:
    return corpus.report.codes()


def assert_accounted(corpus) -> None:
    r = corpus.report
    assert r.n_in == r.n_loaded + r.n_rejected
    assert r.n_loaded == len(corpus.reviews)


# ---------------------------------------------------------------------------------------------
# the bundled corpus, pinned


def test_bundled_loads_three_reviews(bv_corpus):
    assert list(bv_corpus.reviews["review_id"]) == ["000", "001", "002"]
    assert bv_corpus.report.ok and bv_corpus.report.n_in == 3 and bv_corpus.report.n_rejected == 0
    assert len(bv_corpus.report.rows) == 0
    assert bv_corpus.title == "Blue Valentine"


def test_bundled_metadata_only_what_the_text_shows(bv_corpus):
    r = bv_corpus.reviews.set_index("review_id")
    assert r.loc["000", "critic"] == "Kyle Smith" and r.loc["000", "outlet"] == "New York Post"
    assert r.loc["001", "critic"] == "AP Kryza"
    assert r.loc["001", "outlet"] is pd_na() or str(r.loc["001", "outlet"]) == "<NA>"
    assert str(r.loc["002", "critic"]) == "<NA>"
    assert list(r["label"]) == ["Kyle Smith", "AP Kryza", "Unsigned (002)"]


def pd_na():
    import pandas as pd

    return pd.NA


def test_raw_text_is_byte_exact(bv_corpus):
    for _, row in bv_corpus.reviews.iterrows():
        data = (BUNDLED_FILM / row["file"]).read_bytes()
        assert row["sha256"] == hashlib.sha256(data).hexdigest()
        assert row["raw"] == data.decode("utf-8")
        assert row["encoding"] == "utf-8"
        assert row["n_bytes"] == len(data)


# Hand-made: each span below was found by reading the seed files.
EXPECTED_SPANS = {
    "000": [("section", "Entertainment"), ("headline", "‘Blue’ velvet"), ("byline", "kyle.smith@nypost.com")],
    "001": [("signature", "R. AP KRYZA."), ("title", "Blue Valentine"), ("listing", "opens Friday at Fox Tower.")],
    "002": [("headline", "The Best Part of Breaking Up"),
            ("deck", "Derek Cianfrances art house portrait of a dying marriage is painful and exquisite."),
            ("deck_repeat", "s art house portrait of a dying marriage is painful and exquisite.")],
}
EXPECTED_SPAN_OFFSETS = {
    "000": [(0, 13), (15, 28), (3612, 3633)],
    "001": [(2660, 2672), (2675, 2689), (2691, 2717)],
    "002": [(0, 28), (30, 112), (113, 179)],
}


@pytest.mark.parametrize("rid", ["000", "001", "002"])
def test_non_body_spans_exact(bv_corpus, rid):
    sp = bv_corpus.spans[bv_corpus.spans["review_id"] == rid]
    assert list(zip(sp["kind"], sp["text"], strict=True)) == EXPECTED_SPANS[rid]
    assert list(zip(sp["start"], sp["end"], strict=True)) == EXPECTED_SPAN_OFFSETS[rid]
    raw = bv_corpus.raw(rid)
    for s, e, t in zip(sp["start"], sp["end"], sp["text"], strict=True):
        assert raw[s:e] == t


@pytest.mark.parametrize(("rid", "first", "last"), [
    ("000", "The broken-love movie has to be", "the strain of its sorrows."),
    ("001", "In Blue Valentine's most iconic sequence", "It's a triumph that stings to the core."),
    ("002", "There’s a scene in Blue Valentine", "their relationship has been the same."),
])
def test_body_bounds(bv_corpus, rid, first, last):
    body = bv_corpus.body(rid)
    assert body.startswith(first) and body.endswith(last)
    assert "nypost" not in body and "KRYZA" not in body and "Fox Tower" not in body
    assert "Best Part of Breaking Up" not in body


# Sentence counts made by hand from the seeds (000: 28, 001: 23, 002: 27).
@pytest.mark.parametrize(("rid", "n"), [("000", 28), ("001", 23), ("002", 27)])
def test_sentence_counts_by_hand(bv_corpus, rid, n):
    s = bv_corpus.sentences[bv_corpus.sentences["review_id"] == rid]
    assert len(s) == n
    assert list(s["sent_id"]) == list(range(n))


def test_tricky_sentences_kept_whole(bv_corpus):
    texts = list(bv_corpus.sentences["text"])
    # ". . ." inside a quotation does not end the sentence
    assert any(t.startswith("When Cindy urges him") and t.endswith("this is the dream.”") for t in texts)
    # "8 a.m." followed by a capital does
    assert any(t.endswith("allows him to crack a beer at 8 a.m.") for t in texts)
    assert any(t.startswith("He sees nothing wrong") for t in texts)
    # "!" inside a quotation followed by lower case does not
    assert "(“Tell me how I should be!” he pleads." in texts
    assert "“I’ll do it!”)" in texts
    # a sentence ending in a quoted title
    assert any(t.endswith("Ingmar Bergman’s “Scenes from a Marriage.”") for t in texts)


def test_every_offset_maps_into_raw(bv_corpus):
    assert offsets_ok(bv_corpus)


def test_positions_are_word_midpoints(bv_corpus):
    s = bv_corpus.sentences
    for rid, grp in s.groupby("review_id"):
        total = int(bv_corpus.reviews.set_index("review_id").loc[rid, "n_words"])
        assert grp["n_words"].sum() == total
        first = grp.iloc[0]
        assert first["position"] == pytest.approx(first["n_words"] / 2 / total)
        assert grp["position"].is_monotonic_increasing
        assert 0 < grp["position"].min() and grp["position"].max() < 1


def test_tokens_clitics_and_abbreviations(bv_corpus):
    t = bv_corpus.tokens
    t2 = t[t["review_id"] == "002"]
    assert "a.m." in set(t2["text"])
    # "isn’t" -> "is" + "n’t"; the clitic is a token but not a word, and a stopword
    t0 = t[t["review_id"] == "000"]
    i = t0.index[t0["text"] == "n’t"][0]
    assert t0.loc[i - 1, "text"] in {"is", "was", "does", "could", "should", "would"}
    assert not t0.loc[i, "is_word"] and t0.loc[i, "is_stop"] and t0.loc[i, "norm"] == "n't"
    # curly quotes fold to straight quotes in norm, raw text untouched
    q = t0[t0["text"] == "“"]
    assert (q["norm"] == '"').all()


def test_word_counts_by_hand():
    c = criticlens.corpus_from_texts({"a": "It’s a small but shattering film. Gosling’s Dean isn’t bad."})
    words = list(c.tokens.loc[c.tokens["is_word"], "text"])
    assert words == ["It", "a", "small", "but", "shattering", "film", "Gosling", "Dean", "is", "bad"]
    assert list(c.sentences["text"]) == ["It’s a small but shattering film.", "Gosling’s Dean isn’t bad."]
    assert list(c.sentences["n_words"]) == [6, 4]
    assert c.sentences["position"].tolist() == pytest.approx([3 / 10, 8 / 10])


def test_normalised_text_never_changes_raw():
    from criticlens.text.textproc import normalize_text

    raw = "“Blue” — it’s ‘good’"
    n = normalize_text(raw)
    assert n.text == '"blue" - it\'s \'good\''
    assert len(n.text) == len(raw) and n.raw_index is None
    assert raw == "“Blue” — it’s ‘good’"


# ---------------------------------------------------------------------------------------------
# decoding


def test_cp1252_file_loads_correctly(tmp_path):
    text = "“Blue Valentine” is Cianfrance’s best film — café scenes included.\n"
    folder = make_film(tmp_path, {"reviews/a.txt": text.encode("cp1252")})
    c = load_film(folder)
    assert c.raw("a") == text
    assert c.reviews.iloc[0]["encoding"].replace("_", "").replace("-", "").lower() in {"cp1252", "windows1252"}
    assert "encoding_detected" in codes(c)
    assert "a.txt" in c.report.warnings().iloc[0]["message"]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le"])
def test_utf16_file_loads_correctly(tmp_path, codec):
    text = "Williams and Gosling are wrenching. It’s painful and exquisite.\n"
    data = text.encode(codec)
    folder = make_film(tmp_path, {"reviews/a.txt": data})
    c = load_film(folder)
    assert c.raw("a") == text
    assert c.reviews.iloc[0]["encoding"].lower().replace("_", "-").startswith("utf-16")
    assert len(c.sentences) == 2


def test_utf8_bom(tmp_path):
    folder = make_film(tmp_path, {"reviews/a.txt": b"\xef\xbb\xbf" + GOOD_TEXT.encode()})
    c = load_film(folder)
    assert c.raw("a") == GOOD_TEXT and c.reviews.iloc[0]["encoding"] == "utf-8-sig"


def test_mojibake_repaired_in_norm_only_and_reported(tmp_path):
    text = "It’s a fine film. Cianfrance’s best.\n"
    bad = text.encode("utf-8").decode("cp1252")  # the classic mojibake: â€™
    folder = make_film(tmp_path, {"reviews/a.txt": bad.encode("utf-8")})
    c = load_film(folder)
    assert c.raw("a") == bad  # raw untouched
    assert bool(c.reviews.iloc[0]["repaired"])
    assert "mojibake_repaired" in codes(c)
    assert "it's a fine film" in c.normalized("a").text
    assert offsets_ok(c)


# ---------------------------------------------------------------------------------------------
# bad input: each case of issue 2, item 7


def test_film_yaml_missing(tmp_path):
    folder = make_film(tmp_path, {"reviews/a.txt": GOOD_TEXT.encode()}, yaml_text=None)
    with pytest.raises(FilmLoadError, match="film.yaml is missing"):
        load_film(folder)
    c = load_film(folder, raise_on_error=False)
    assert "film_yaml_missing" in codes(c) and not c.report.ok


def test_film_yaml_invalid_names_the_line(tmp_path):
    folder = make_film(tmp_path, {"reviews/a.txt": GOOD_TEXT.encode()},
                       yaml_text="title: X\ncast:\n  - actor: [unclosed\nyear: 2020\n")
    c = load_film(folder, raise_on_error=False)
    msg = c.report.errors().iloc[0]["message"]
    assert "invalid YAML at line" in msg and "film.yaml" in msg
    assert "line 4" in msg or "line 3" in msg


def test_reviews_csv_missing_required_column(tmp_path):
    folder = make_film(tmp_path, {"reviews/a.txt": GOOD_TEXT.encode()}, rows=[("reviews/a.txt",)],
                       header="path")
    c = load_film(folder, raise_on_error=False)
    msg = c.report.errors().iloc[0]["message"]
    assert "reviews.csv" in msg and "review_id" in msg and "file" in msg
    assert "reviews_csv_columns" in codes(c)


def test_row_whose_file_does_not_exist(tmp_path):
    folder = make_film(tmp_path, {"reviews/a.txt": GOOD_TEXT.encode()},
                       rows=[("a", "reviews/a.txt"), ("b", "reviews/missing.txt")])
    c = load_film(folder)
    assert list(c.reviews["review_id"]) == ["a"]
    err = c.report.errors()
    assert err.iloc[0]["code"] == "file_missing" and "reviews/missing.txt" in err.iloc[0]["message"]
    assert c.report.n_rejected == 1
    assert_accounted(c)


def test_txt_file_with_no_row(tmp_path):
    folder = make_film(tmp_path, {"reviews/a.txt": GOOD_TEXT.encode(), "reviews/orphan.txt": GOOD_TEXT.encode()},
                       rows=[("a", "reviews/a.txt")])
    c = load_film(folder)
    w = c.report.warnings()
    assert "file_unlisted" in list(w["code"]) and "reviews/orphan.txt" in w.iloc[0]["message"]
    assert c.report.n_in == 2 and c.report.n_rejected == 1
    assert_accounted(c)


def test_duplicate_review_id(tmp_path):
    folder = make_film(tmp_path, {"reviews/a.txt": GOOD_TEXT.encode(), "reviews/b.txt": b"Another take. Fine.\n"},
                       rows=[("a", "reviews/a.txt"), ("a", "reviews/b.txt")])
    c = load_film(folder)
    assert len(c.reviews) == 1
    e = c.report.errors().iloc[0]
    assert e["code"] == "review_id_duplicate" and "'a'" in e["message"] and "line 2" in e["message"]
    assert_accounted(c)


@pytest.mark.parametrize(("data", "code"), [(b"", "review_empty"), (b"  \n\t \r\n ", "review_blank")])
def test_empty_or_whitespace_review(tmp_path, data, code):
    folder = make_film(tmp_path, {"reviews/a.txt": GOOD_TEXT.encode(), "reviews/b.txt": data})
    c = load_film(folder)
    assert list(c.reviews["review_id"]) == ["a"]
    e = c.report.errors()
    assert e.iloc[0]["code"] == code and "reviews/b.txt" in e.iloc[0]["message"]
    assert_accounted(c)


def test_binary_file_rejected(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    folder = make_film(tmp_path, {"reviews/a.txt": GOOD_TEXT.encode(), "reviews/b.txt": png})
    c = load_film(folder)
    e = c.report.errors().iloc[0]
    assert e["code"] == "review_undecodable" and "reviews/b.txt" in e["message"] and "binary" in e["message"]
    assert_accounted(c)


def test_five_megabyte_review_loads(tmp_path):
    para = ("The performances are shattering and the direction is precise. " * 40 + "\n\n")
    big = (para * (5_000_000 // len(para) + 1)).encode()
    assert len(big) > 5_000_000
    folder = make_film(tmp_path, {"reviews/big.txt": big})
    c = load_film(folder)
    assert len(c.reviews) == 1 and c.reviews.iloc[0]["n_bytes"] == len(big)
    assert "review_large" in codes(c)
    assert c.reviews.iloc[0]["n_sentences"] == len(c.sentences) > 70_000


def test_invalid_scene_regex_names_scene_and_error(tmp_path):
    y = MINIMAL_YAML + "scenes:\n  - id: dance\n    label: The dance\n    terms: [dance]\n    patterns: ['tap[- ]?danc(e']\n"
    folder = make_film(tmp_path, {"reviews/a.txt": GOOD_TEXT.encode()}, yaml_text=y)
    c = load_film(folder)
    e = c.report.errors().iloc[0]
    assert e["code"] == "scene_pattern"
    assert "'dance'" in e["message"] and "invalid regular expression" in e["message"]
    assert "missing )" in e["message"]
    # the scene survives with its good terms; the review still loads
    assert c.film.scenes[0].terms == ("dance",) and len(c.reviews) == 1


# ---------------------------------------------------------------------------------------------
# command line


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "criticlens.cli.main", *args], capture_output=True, text=True)


def test_cli_validate_bundled():
    r = run_cli("validate", str(BUNDLED_FILM))
    assert r.returncode == 0
    assert "3 reviews in, 3 loaded, 0 rejected" in r.stdout


def test_cli_validate_reports_errors_and_exits_nonzero(tmp_path):
    folder = make_film(tmp_path, {"reviews/a.txt": GOOD_TEXT.encode()}, rows=[("a", "reviews/a.txt"), ("b", "reviews/nope.txt")])
    r = run_cli("validate", str(folder))
    assert r.returncode == 1
    assert "reviews/nope.txt: file does not exist" in r.stdout


def test_cli_new_film_scaffold_validates_after_adding_a_review(tmp_path):
    r = run_cli("new-film", "my-film", "--films-dir", str(tmp_path), "--title", "My Film")
    assert r.returncode == 0, r.stderr
    folder = tmp_path / "my-film"
    assert (folder / "film.yaml").is_file() and (folder / "reviews.csv").is_file()
    (folder / "reviews" / "one.txt").write_text(GOOD_TEXT, encoding="utf-8")
    with open(folder / "reviews.csv", "a", encoding="utf-8") as f:
        f.write("one,reviews/one.txt,Ann Critic,,,,\n")
    c = load_film(folder)
    assert c.title == "My Film" and list(c.reviews["label"]) == ["Ann Critic"]
    again = run_cli("new-film", "my-film", "--films-dir", str(tmp_path))
    assert again.returncode == 4 and "already exists" in again.stderr
    bad = run_cli("new-film", "../escape", "--films-dir", str(tmp_path))
    assert bad.returncode == 5 and "invalid slug" in bad.stderr


def test_in_memory_corpus_rejects_blank_with_report():
    c = criticlens.corpus_from_texts({"a": GOOD_TEXT, "b": "   "}, critics={"a": "Ann"})
    assert list(c.reviews["review_id"]) == ["a"] and c.report.n_rejected == 1
    assert c.report.errors().iloc[0]["code"] == "review_blank"
    assert list(c.reviews["label"]) == ["Ann"]


def test_mojibake_tokens_come_from_the_repaired_text():
    text = "Cianfrance couldn’t be better."
    bad = text.encode("utf-8").decode("cp1252")  # "couldnâ€™t"
    c = criticlens.corpus_from_texts({"a": bad})
    t = c.tokens
    assert list(t["norm"]) == ["cianfrance", "could", "n't", "be", "better", "."]
    assert list(t["text"]) == ["Cianfrance", "could", "nâ€™t", "be", "better", "."]
    assert int(c.reviews.iloc[0]["n_words"]) == 4
    assert offsets_ok(c)


# ---- issue 17.3: every film.yaml field typed (property) ---------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=3)),
    max_leaves=6)


@settings(max_examples=300, deadline=None)
@given(field=st.sampled_from(["terms", "patterns", "lines", "all_of", "label", "order", "id"]),
       value=_VALUES, alias_value=_VALUES)
def test_any_value_in_any_field_gives_items_not_exceptions(field, value, alias_value):
    from criticlens.corpus.film import FilmMeta

    scene = {"id": "dance", "label": "Dance", "terms": ["dance"], field: value}
    data = {"title": "T", "scenes": [scene], "cast": [{"actor": "A B", "character": "Dean", "aliases": alias_value}]}
    meta, probs = FilmMeta.from_dict(data)
    assert meta is not None
    assert all(isinstance(m, str) and len(m) < 400 for _l, _c, m in probs)
    for s in meta.scenes:
        for group in (s.terms, s.patterns, s.lines):
            assert all(isinstance(x, str) for x in group)
            if isinstance(value, str) and len(value.strip()) > 1 and field in ("terms", "patterns", "lines") \
                    and group is getattr(s, field):
                assert value.strip() in group or any(c == "scene_pattern" for _l, c, _m in probs)  # never its letters
    (member,) = meta.cast
    assert all(isinstance(a, str) for a in member.aliases)
    if isinstance(alias_value, str) and alias_value.strip():
        assert member.aliases == (alias_value.strip(),)
