"""KWIC: matches on normalised text, offsets into the raw text (raw[start:end] == match)."""
from __future__ import annotations

import pytest

import criticlens
from criticlens.vocab.kwic import KWIC_COLUMNS, MAX_PATTERN_LENGTH, align_to_raw, compile_pattern, kwic, kwic_text

TEXTS = {
    "r1": "Dean’s UKULELE plays.\nHe sings — badly — to Cindy. The ukulele is lovely.",
    "r2": "No instrument here, only “love” and lovely love.",
    # mojibake: ftfy repairs "â€™" to an apostrophe in the normalised form only
    "r3": "Itâ€™s Cindyâ€™s film. Deanâ€™s ukulele!",
}


@pytest.fixture(scope="module")
def corpus():
    return criticlens.corpus_from_texts(TEXTS, critics={"r1": "Ann", "r2": "Bo", "r3": "Cy"})


def _check_offsets(corpus, frame):
    for r in frame.itertuples():
        assert corpus.raw(r.review_id)[r.start:r.end] == r.match


def test_plain_term_case_insensitive_with_raw_offsets(corpus):
    k = kwic(corpus, "ukulele", window=10)
    assert list(k.columns) == KWIC_COLUMNS
    assert list(k["review_id"]) == ["r1", "r1", "r3"]
    assert list(k["match"]) == ["UKULELE", "ukulele", "ukulele"]
    _check_offsets(corpus, k)
    first = k.iloc[0]
    raw = TEXTS["r1"]
    assert (first["start"], first["end"]) == (raw.index("UKULELE"), raw.index("UKULELE") + 7)
    assert first["left"] == "Dean’s "            # clipped at the body start
    assert first["right"] == " plays. He"      # newline shown as a space, 10 chars
    assert first["critic"] == "Ann" and first["sent_id"] == 0
    assert k.iloc[1]["sent_id"] == 2  # "He sings ... Cindy." is sentence 1


def test_straight_apostrophe_finds_curly(corpus):
    k = kwic(corpus, "dean's")
    assert list(k["match"]) == ["Dean’s", "Deanâ€™s"]
    _check_offsets(corpus, k)


def test_repaired_text_keeps_exact_offsets(corpus):
    k = kwic(corpus, "cindy", review_ids=["r3"])
    assert len(k) == 1
    raw = TEXTS["r3"]
    assert (k.iloc[0]["start"], k.iloc[0]["end"]) == (raw.index("Cindy"), raw.index("Cindy") + 5)
    _check_offsets(corpus, k)


def test_whole_word_and_quotes(corpus):
    k = kwic(corpus, "love")
    assert list(k["match"]) == ["love", "love"]  # not "lovely"
    assert len(kwic(corpus, "love", whole_word=False)) == 4  # love, lovely (r2) ... and r1's lovely
    _check_offsets(corpus, kwic(corpus, "love", whole_word=False))


def test_phrase_and_dash(corpus):
    k = kwic(corpus, "sings - badly")  # em dash in the text, hyphen in the query
    assert list(k["match"]) == ["sings — badly"]
    _check_offsets(corpus, k)


def test_regex(corpus):
    k = kwic(corpus, r"uk[ue]lele|instrument", regex=True)
    assert list(k["match"]) == ["UKULELE", "ukulele", "instrument", "ukulele"]
    _check_offsets(corpus, k)
    assert kwic(corpus, "x*", regex=True, whole_word=False).empty  # empty matches skipped


@pytest.mark.parametrize("pattern, kw, msg", [
    ("", {}, "non-empty"),
    ("a" * (MAX_PATTERN_LENGTH + 1), {}, "limit"),
    (r"(a)\1", {"regex": True}, "backreference"),
    (r"(?<=x)a", {"regex": True}, "lookahead or lookbehind"),
    ("(unclosed", {"regex": True}, "invalid"),
])
def test_bad_patterns_refused(pattern, kw, msg):
    with pytest.raises(ValueError, match=msg):
        compile_pattern(pattern, **kw)


def test_plain_term_is_escaped():
    assert compile_pattern("a.m.").search("at 3 a.m. sharp")
    assert not compile_pattern("a.m.").search("at 3 axmy sharp")


def test_bad_arguments(corpus):
    with pytest.raises(ValueError, match="unknown review_id"):
        kwic(corpus, "love", review_ids=["zz"])
    with pytest.raises(ValueError, match="window"):
        kwic(corpus, "love", window=-1)


def test_align_to_raw():
    starts, ends = align_to_raw("Itâ€™s", "it's")
    assert list(starts) == [0, 1, 2, 5]
    assert list(ends) == [1, 2, 5, 6]


def test_kwic_text_and_bundled(bv_corpus):
    k = kwic(bv_corpus, r"uk[ue]lele", regex=True)
    assert set(k["critic"]) == set(bv_corpus.labels().values())  # each review mentions it
    _check_offsets(bv_corpus, k)
    text = kwic_text(k)
    assert text.count("[") == len(k)


def test_term_hits_positions_match_tokens(corpus):
    from criticlens.vocab.kwic import term_hits

    hits = term_hits(corpus, ["ukulele", "cindy", "absent"])
    assert list(hits.columns) == ["review_id", "label", "term", "sent_id", "start", "end", "position"]
    assert hits.groupby("term").size().to_dict() == {"cindy": 2, "ukulele": 3}
    tok = corpus.tokens
    for r in hits.itertuples():
        t = tok[(tok["review_id"] == r.review_id) & (tok["start"] == r.start)]
        assert len(t) == 1 and t["position"].iloc[0] == r.position
    assert term_hits(corpus, ["absent"]).empty


def test_public_kwic_callable_after_module_import(corpus):
    import criticlens.vocab.kwic  # binds the module to the package attribute

    out = criticlens.kwic(corpus, "ukulele")
    assert list(out["match"]) == ["UKULELE", "ukulele", "ukulele"]


def test_cli_kwic_keyness_overlap(capsys):
    from criticlens.cli.main import EXIT_UNSAFE, main

    assert main(["kwic", "blue-valentine", "uk[ue]lele", "--regex", "--window", "20"]) == 0
    out = capsys.readouterr().out
    assert out.count("[uk") == 3 and "[ukelele]" in out
    assert main(["kwic", "blue-valentine", r"(a)\1", "--regex"]) == EXIT_UNSAFE
    assert "backreference" in capsys.readouterr().err
    assert main(["keyness", "blue-valentine", "-n", "2", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("critic,other,term,count,rate")
    assert len(lines) == 1 + 2 * 3
    assert main(["overlap", "blue-valentine", "--format", "csv"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 1 + 3 * 4  # 3 pairs x 4 measures
