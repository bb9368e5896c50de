"""Scene gazetteer matching: hand-counted mentions for the three seeds and known-answer fixtures."""
from __future__ import annotations

import pandas as pd
import pytest

import criticlens
from criticlens.mentions import scenes as sc
from criticlens.text.textproc import fold

# ---------------------------------------------------------------------------------------------
# The bundled seeds: every mention of every bundled scene, counted by hand from the review text
# (sentence numbers are 0-based body sentences; the quoted words are what matches).
# ---------------------------------------------------------------------------------------------
HAND_MENTIONS: dict[tuple[str, str], int] = {
    # 000 Kyle Smith (New York Post)
    ("000", "wake-up"): 3,        # s4 "sneak up on the sleeping Cindy as though re-enacting a breakfast cereal commercial"
    ("000", "dog"): 1,            # s8 "Even the dog has gone missing."
    ("000", "drinking-8am"): 2,   # s16 "needs a drink in the morning" + the quoted line "I have a job ... this is the dream."
    ("000", "ukulele"): 1,        # s21 "he was sweet with a ukelele" (misspelt: fuzzy)
    ("000", "motel"): 2,          # s22 "a healing getaway means a cheesy lovers' motel"
    # 001 AP Kryza
    ("001", "ukulele"): 6,        # s0 "heart-shaped wreath", "florist", "You Always Hurt the One You Love",
                                  #    "ukulele", "tap dances"; s1 "It's their first date."
    ("001", "motel"): 3,          # s5 "sex hotel"; s6 "They've skipped town"; s12 "the hotel scenes"
    ("001", "drinking-8am"): 1,   # s15 "drinking at work"
    ("001", "closing-credits"): 1,  # s21 "closing-credits montage" (one mention, not "credits montage" again)
    # 002 unsigned
    ("002", "ukulele"): 4,        # s1 "he with a ukulele"; s2 "tap-dance"; s3 "You Always Hurt the One You Love";
                                  # s4 "He sings it goofily; she dances sweetly." (all_of sing + dance)
    ("002", "dog"): 2,            # s9 "Their dog was just killed because she left the fence open."
    ("002", "drinking-8am"): 2,   # s13 "crack a beer at 8 a.m."
    ("002", "old-boyfriend"): 1,  # s18 "running into an old boyfriend"
    ("002", "pregnancy"): 1,      # s22 "he wants her to have the baby" (s16 "had the baby" is not the decision)
    ("002", "failed-seduction"): 1,  # s23 "Cindy's tears after a failed seduction"
    ("002", "breakup"): 2,        # s23 "she tells Dean she's had enough"; s24 line "Tell me how I should be!"
}
BUNDLED_SCENES = ["dog", "wake-up", "drinking-8am", "old-boyfriend", "motel", "ukulele",
                  "pregnancy", "failed-seduction", "breakup", "closing-credits"]


@pytest.fixture(scope="module")
def bv_mentions(bv_corpus):
    return sc.find_mentions(bv_corpus)


def test_bundled_gazetteer_has_the_required_scenes_in_film_order(bv_corpus):
    specs = sc.scene_specs(bv_corpus.film)
    assert [s.id for s in specs] == BUNDLED_SCENES
    assert all(len(s.terms) + len(s.patterns) + len(s.lines) >= 2 for s in specs)
    orders = [s.order for s in specs]
    assert orders == sorted(orders) and None not in orders


@pytest.mark.parametrize("rid", ["000", "001", "002"])
@pytest.mark.parametrize("scene", BUNDLED_SCENES)
def test_seed_mention_counts_by_hand(bv_mentions, rid, scene):
    got = int(((bv_mentions["review_id"] == rid) & (bv_mentions["scene_id"] == scene)).sum())
    assert got == HAND_MENTIONS.get((rid, scene), 0)


def test_all_three_critics_register_the_ukulele_scene(bv_corpus, bv_mentions):
    uke = bv_mentions[bv_mentions["scene_id"] == "ukulele"]
    assert set(uke["critic"]) == set(bv_corpus.labels().values())
    smith = uke[uke["review_id"] == "000"]
    assert list(smith["matched"]) == ["ukelele"] and list(smith["match_kind"]) == ["fuzzy"]
    summary = sc.scene_summary(bv_corpus, bv_mentions).set_index("scene_id")
    assert summary.at["ukulele", "critics"] == 3
    assert summary.at["closing-credits", "critics"] == 1
    assert summary.at["wake-up", "critic_names"] == "Kyle Smith"


def test_the_only_fuzzy_match_in_the_seeds_is_ukelele(bv_mentions):
    fuzzy = bv_mentions[bv_mentions["match_kind"] == "fuzzy"]
    assert list(zip(fuzzy["review_id"], fuzzy["matched"], fuzzy["term"])) == [("000", "ukelele", "ukulele")]


def test_mentions_frame_contract(bv_corpus, bv_mentions):
    assert list(bv_mentions.columns) == list(sc.MENTION_COLUMNS)
    assert len(bv_mentions) == sum(HAND_MENTIONS.values())
    for r in bv_mentions.itertuples(index=False):
        raw = bv_corpus.raw(r.review_id)
        if r.match_kind != "all_of":
            assert raw[r.start:r.end] == r.matched
        else:
            assert raw[r.start:r.end].startswith(r.matched.split(" ... ")[0])
        assert 0 <= r.position <= 1
    # position is the first matched word's token position: the 8 a.m. mention in 002
    row = bv_mentions[(bv_mentions["review_id"] == "002") & (bv_mentions["matched"] == "8 a.m")].iloc[0]
    tok = bv_corpus.tokens
    t = tok[(tok["review_id"] == "002") & (tok["start"] == row["start"])].iloc[0]
    assert row["position"] == pytest.approx(t["position"])


def test_sentiment_is_the_sentence_score_from_the_libraries(bv_corpus, bv_mentions):
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    row = bv_mentions[bv_mentions["matched"] == "ukelele"].iloc[0]
    text = bv_corpus.sentences.query("review_id == '000' and sent_id == 21")["text"].iloc[0]
    assert row["polarity"] == pytest.approx(TextBlob(text).sentiment.polarity)
    assert row["compound"] == pytest.approx(SentimentIntensityAnalyzer().polarity_scores(text)["compound"])


def test_scene_table_by_hand(bv_corpus, bv_mentions):
    t = sc.scene_table(bv_corpus, bv_mentions)
    assert list(t.columns) == list(sc.SCENE_TABLE_COLUMNS)
    assert {(r, s): m for r, s, m in zip(t["review_id"], t["scene_id"], t["mentions"])} == HAND_MENTIONS
    row = t[(t["review_id"] == "002") & (t["scene_id"] == "ukulele")].iloc[0]
    # four sentences (s1-s4) of the 27 body sentences of 002
    assert row["sentences"] == 4 and row["share"] == pytest.approx(4 / 27)
    # rows in review order, then film order
    assert list(t[t["review_id"] == "001"]["scene_id"]) == ["drinking-8am", "motel", "ukulele",
                                                         "closing-credits"]
    full = sc.scene_table(bv_corpus, bv_mentions, complete=True)
    assert len(full) == 3 * len(BUNDLED_SCENES)
    assert full["mentions"].sum() == sum(HAND_MENTIONS.values())


# ---------------------------------------------------------------------------------------------
# matching rules on hand-made sentences
# ---------------------------------------------------------------------------------------------
UKE = sc.SceneSpec(id="uke", label="Ukulele", order=1, terms=("ukulele", "tap dance"),
                   patterns=(r"serenad\w*",), all_of=(("sing", "dance"),),
                   lines=("You Always Hurt the One You Love",))


def _hits(text: str, spec: sc.SceneSpec = UKE, **kw) -> list[tuple[str, str]]:
    n = fold(text)
    return [(text[h.start:h.end], h.kind) for h in sc.match_scene(n, spec, **kw)]


@pytest.mark.parametrize("text, expected", [
    ("He plays the UKULELE.", [("UKULELE", "exact")]),
    ("Two ukuleles and a ukulele's case.", [("ukuleles", "exact"), ("ukulele's", "exact")]),
    ("She tap-dances, he tapdanced, they were tap dancing.",
     [("tap-dances", "exact"), ("tapdanced", "exact"), ("tap dancing", "exact")]),
    ("a ukelele", [("ukelele", "fuzzy")]),
    ("a Ukelele!", [("Ukelele", "fuzzy")]),
    ("the serenades", [("serenades", "pattern")]),
    ("He sang? No: he sings, she dances.", [("sings, she dances", "all_of")]),
    ("croons “You Always Hurt the One You Love” while",
     [("You Always Hurt the One You Love", "exact")]),
])
def test_match_rules(text, expected):
    assert _hits(text) == expected


@pytest.mark.parametrize("text", [
    "the ukuleleist",        # word boundary: a longer word is not the term
    "tap the dance floor",   # words of a term must be adjacent
    "she dances alone",      # all_of needs every term of the group
    "the yukulele",          # different first letter: not a fuzzy match
    "a kukulele",
    "nothing to see here, a lullaby",
])
def test_no_false_matches(text):
    assert _hits(text) == []


def test_all_of_is_not_counted_twice_with_an_exact_term():
    spec = sc.SceneSpec(id="x", label="x", terms=("ukulele",), all_of=(("ukulele", "dance"),))
    assert _hits("A ukulele and a dance.", spec) == [("ukulele", "exact")]


def test_fuzzy_only_for_long_single_word_terms_and_can_be_off():
    dog = sc.SceneSpec(id="d", label="d", terms=("dog", "motel"))
    assert _hits("a dig at the hotel", dog) == []  # 3 and 5 letters: never fuzzy
    assert _hits("a ukelele", fuzzy=False) == []


@pytest.mark.parametrize("word, term, ok", [
    ("ukelele", "ukulele", True),
    ("ukulle", "ukulele", True),
    ("ukuleles", "ukulele", False),   # an inflection, found as exact instead
    ("ukulele", "ukulele", False),    # identical: exact
    ("wedding", "welding", True),
    ("bedding", "wedding", False),    # first letter differs
    ("ukeleles", "ukulele", True),    # misspelt plural
    ("uke", "ukulele", False),
    ("cianfrace", "cianfrance", True),
    ("cianfrances", "cianfrance", False),  # plural/possessive inflection, not a misspelling
])
def test_is_fuzzy_match(word, term, ok):
    assert sc.is_fuzzy_match(word, term) is ok


@pytest.mark.parametrize("a, b, d", [("kitten", "sitting", 3), ("ukelele", "ukulele", 1),
                                     ("", "abc", 3), ("flaw", "lawn", 2), ("same", "same", 0)])
def test_levenshtein(a, b, d):
    assert sc.levenshtein(a, b) == d


def test_inflections():
    assert sc.inflections("dance")[:1] == ["dance"]
    assert {"dances", "danced", "dancing"} <= set(sc.inflections("dance"))
    assert {"running", "runs"} <= set(sc.inflections("run"))
    assert {"parties", "partied"} <= set(sc.inflections("party"))
    assert sc.inflections("up") == ["up"]


def test_scene_specs_validation_names_the_scene():
    with pytest.raises(ValueError, match="scene 'bad'.*refused: invalid regular expression"):
        sc.scene_specs({"scenes": [{"id": "bad", "label": "B", "patterns": ["tap(["]}]})
    with pytest.raises(ValueError, match="duplicate scene id 'a'"):
        sc.scene_specs({"scenes": [{"id": "a", "label": "A"}, {"id": "a", "label": "A2"}]})
    with pytest.raises(ValueError, match="all_of"):
        sc.scene_specs({"scenes": [{"id": "a", "label": "A", "all_of": [["one"]]}]})
    # order sorts; scenes without order come last, in file order
    specs = sc.scene_specs({"scenes": [{"id": "z", "label": "Z"}, {"id": "b", "label": "B", "order": 2},
                                       {"id": "a", "label": "A", "order": 1}]})
    assert [s.id for s in specs] == ["a", "b", "z"]


FILM = {
    "title": "Tiny Film",
    "scenes": [
        {"id": "party", "label": "The party", "order": 2, "terms": ["party"]},
        {"id": "storm", "label": "The storm", "order": 1, "terms": ["thunderstorm"]},
    ],
}


@pytest.fixture(scope="module")
def tiny():
    return criticlens.corpus_from_texts(
        {
            "a": "The party is loud. I liked the thunderstorm. Then more parties.",
            "b": "A dull film about a thundrstorm and nothing else at all here.",
            "c": "No scenes at all in this short review of the film.",
        },
        critics={"a": "Ann", "b": "Bob"}, film=FILM)


def test_tiny_corpus_known_answers(tiny):
    m = sc.find_mentions(tiny)
    assert list(zip(m["review_id"], m["scene_id"], m["matched"], m["match_kind"])) == [
        ("a", "party", "party", "exact"),
        ("a", "storm", "thunderstorm", "exact"),
        ("a", "party", "parties", "exact"),
        ("b", "storm", "thundrstorm", "fuzzy"),
    ]
    t = sc.scene_table(tiny, m)
    got = {(r, s): (n, ns) for r, s, n, ns in zip(t["review_id"], t["scene_id"], t["mentions"], t["sentences"])}
    assert got == {("a", "storm"): (1, 1), ("a", "party"): (2, 2), ("b", "storm"): (1, 1)}
    # storm comes first: film order, not file order
    assert list(t[t["review_id"] == "a"]["scene_id"]) == ["storm", "party"]
    a_party = t[(t["review_id"] == "a") & (t["scene_id"] == "party")].iloc[0]
    assert a_party["share"] == pytest.approx(2 / 3)
    # 'party' is word 1 of 11 in a: position (1 + 0.5) / 11 ... the first word is 'The' (index 0)
    assert a_party["first_position"] == pytest.approx(1.5 / 11)
    s = sc.scene_summary(tiny, m).set_index("scene_id")
    assert s.at["storm", "critics"] == 2 and s.at["party", "critics"] == 1


def test_matrix_and_kwic(tiny):
    m = sc.find_mentions(tiny, sentiment=False)
    assert m["polarity"].isna().all()
    t = sc.scene_table(tiny, m)
    mat = sc.scene_matrix(t, rows=["Ann", "Bob", "Unsigned (c)"], scenes=["storm", "party"])
    assert mat.loc["Ann"].tolist() == [1, 2] and mat.loc["Unsigned (c)"].tolist() == [0, 0]
    k = sc.scene_kwic(tiny, m, "party", window=10)
    assert list(k["match"]) == ["party", "parties"]
    assert list(k["left"]) == ["The ", "Then more "]
    assert k.iloc[0]["right"] == " is loud. "
    with pytest.raises(ValueError, match="unknown scene 'nope'"):
        sc.scene_kwic(tiny, m, "nope")
    text = sc.format_kwic(k, window=10)
    assert "[party]" in text and "[parties]" in text


def test_no_scenes_gives_an_empty_frame_with_the_columns():
    c = criticlens.corpus_from_texts({"a": "Some text about nothing in particular here."})
    m = sc.find_mentions(c)
    assert m.empty and list(m.columns) == list(sc.MENTION_COLUMNS)
    assert sc.scene_table(c, m).empty


def test_inputs_not_mutated(tiny):
    m = sc.find_mentions(tiny, sentiment=False)
    before = m.copy()
    sc.scene_table(tiny, m)
    sc.scene_summary(tiny, m)
    sc.scene_kwic(tiny, m, "storm")
    pd.testing.assert_frame_equal(m, before)


def test_cli_scenes_csv_columns_and_rows(capsys):
    import io

    from criticlens.cli import mentions as cli_mentions
    from criticlens.cli.main import main

    assert main(["scenes", "blue-valentine", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    df = pd.read_csv(io.StringIO(out), dtype={"review_id": str})
    assert list(df.columns) == ["review_id", "scene_id", "mentions", "first_position"]
    assert {(r, s): m for r, s, m in zip(df["review_id"], df["scene_id"], df["mentions"])} == HAND_MENTIONS
    assert (df["mentions"] >= 1).all() and df["first_position"].between(0, 1).all()
    assert main(["scenes", "blue-valentine", "--format", "table"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == list(cli_mentions.SCENES_TABLE_COLUMNS)
    assert len(table) == 1 + len(HAND_MENTIONS)


def test_cli_scenes_missing_folder(capsys, tmp_path):
    from criticlens.cli.main import EXIT_NOT_FOUND, main

    assert main(["scenes", str(tmp_path / "nope"), "--format", "csv"]) == EXIT_NOT_FOUND
    assert "not found" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# a second film (tests/second_film.py): nothing is wired to Blue Valentine
# ---------------------------------------------------------------------------------------------

SECOND_HAND = {
    ("be-fenwick", "grit"): 2,        # "a speck of grit", "a clean handkerchief"
    ("be-fenwick", "boating"): 2,     # "The boating scene", "falling into the lake" (pattern)
    ("be-okafor", "flat"): 1,         # "The borrowed flat sequence" ("the flat's owner" alone is no term)
    ("be-okafor", "parting"): 2,      # "The final parting", "Laura's shoulder"
    ("be-unsigned", "grit"): 1,       # "The grit in the eye"
    ("be-unsigned", "boating"): 1,    # "the rowing boat"
    ("be-unsigned", "express"): 2,    # "on the platform as the express roars through"
    ("be-unsigned", "homecoming"): 2,  # "his crossword"; the line "Thank you for coming back to me"
    ("be-raman", "flat"): 1,          # "the door of the borrowed flat": all_of flat+door not counted again
}


def test_second_film_mentions_by_hand(second_film):
    c = criticlens.load_film(second_film)
    m = sc.find_mentions(c, sentiment=False)
    assert m.groupby(["review_id", "scene_id"]).size().to_dict() == SECOND_HAND
    kinds = dict(zip(m["matched"], m["match_kind"]))
    assert kinds["falling into the lake"] == "pattern"
    assert sc.scene_order(c.film) == ["grit", "boating", "flat", "express", "parting", "homecoming"]


def test_cli_scenes_warns_when_the_film_has_no_scenes(second_film, tmp_path, capsys):
    import shutil

    from criticlens.cli.main import main

    film = tmp_path / "no-scenes"
    shutil.copytree(second_film, film)
    yaml_text = (film / "film.yaml").read_text(encoding="utf-8")
    (film / "film.yaml").write_text(yaml_text.split("scenes:")[0], encoding="utf-8")
    assert main(["scenes", str(film), "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == ["review_id,scene_id,mentions,first_position"]
    assert "lists no scenes" in captured.err and str(film) in captured.err


def test_offsets_survive_mojibake_repair():
    # ftfy repairs "didnâ€™t" in the normalised form (shorter than the raw): offsets still map back
    c = criticlens.corpus_from_texts(
        {"a": "I donâ€™t like it. He didnâ€™t play the ukelele, he played a ukulele. Fine."},
        film={"title": "X", "scenes": [{"id": "u", "label": "U", "terms": ["ukulele"]}]})
    assert len(c.sentences.iloc[1]["norm"]) < len(c.sentences.iloc[1]["text"])
    m = sc.find_mentions(c, sentiment=False)
    raw = c.raw("a")
    assert [(raw[s:e], k) for s, e, k in zip(m["start"], m["end"], m["match_kind"])] == [
        ("ukelele", "fuzzy"), ("ukulele", "exact")]
