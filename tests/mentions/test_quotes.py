"""Quotations: every quote of the three seeds labelled by hand; apostrophes never taken for quotes."""
from __future__ import annotations

import pandas as pd
import pytest

import criticlens
from criticlens.mentions import quotes as qt

# Every quotation in the three seeds, labelled by hand: (review_id, section, sent_id, text, kind, scene)
HAND_QUOTES = [
    # 000: the headline pun "‘Blue’ velvet" quotes a word of the film's title
    ("000", "headline", -1, "Blue", "film_title", None),
    ("000", "body", 1, "Blue Valentine,", "film_title", None),
    ("000", "body", 1, "Scenes from a Marriage.", "other_work", None),      # Ingmar Bergman's film
    ("000", "body", 9, "Blue Valentine", "film_title", None),
    ("000", "body", 13, "My Name Is Earl", "other_work", None),             # the TV series
    ("000", "body", 16, "I have a job that I can drink at 8 o’clock in the morning . . . this is the dream.",
     "dialogue", "drinking-8am"),                                           # Dean's line
    ("000", "body", 22, "Blue Valentine", "film_title", None),
    ("000", "body", 26, "Blue Valentine", "film_title", None),
    # 001: the song, in straight quotes
    ("001", "body", 0, "You Always Hurt the One You Love", "song", "ukulele"),
    # 002
    ("002", "body", 3, "You Always Hurt the One You Love.", "song", "ukulele"),
    ("002", "body", 24, "Tell me how I should be!", "dialogue", "breakup"),  # a known line
    ("002", "body", 25, "I’ll do it!", "dialogue", "breakup"),               # linked: the sentence before
]


@pytest.fixture(scope="module")
def bv_quotes(bv_corpus):
    return qt.find_quotes(bv_corpus)


@pytest.fixture(scope="module")
def bv_quotes_with_headlines(bv_corpus):
    return qt.find_quotes(bv_corpus, sections=("headline", "deck"))


def test_every_seed_quote_labelled_by_hand(bv_quotes, bv_quotes_with_headlines):
    def rows(q):
        return [(r.review_id, r.section, r.sent_id, r.text, r.kind,
                 None if pd.isna(r.scene_id) else r.scene_id) for r in q.itertuples(index=False)]
    # by default only the body is searched: the headline pun is not the critic's quotation
    assert rows(bv_quotes) == [q for q in HAND_QUOTES if q[1] == "body"]
    assert rows(bv_quotes_with_headlines) == HAND_QUOTES


def test_quote_frame_contract(bv_corpus, bv_quotes):
    assert list(bv_quotes.columns) == list(qt.QUOTE_COLUMNS)
    for r in bv_quotes.itertuples(index=False):
        raw = bv_corpus.raw(r.review_id)
        assert raw[r.start:r.end] == r.text
        assert raw[r.start - 1] + raw[r.end] == r.marks
    # the rules that decided, for the two dialogue quotes of 002
    rules = dict(zip(bv_quotes["text"], bv_quotes["rule"]))
    assert rules["Tell me how I should be!"] == "known_line"
    assert rules["I’ll do it!"] == "speech_verb+nearby_scene"  # "he pleads." just before


def test_no_apostrophe_in_the_seeds_is_a_quote(bv_corpus, bv_quotes_with_headlines):
    bv_quotes = bv_quotes_with_headlines
    # the seeds hold dozens of apostrophes (Gosling's, Williams', Achilles', principals’, o’clock);
    # the only single marks used as quote marks are the two around ‘Blue’ in 000's headline
    n_apostrophes = sum(bv_corpus.raw(r).count("'") + bv_corpus.raw(r).count("’")
                        for r in bv_corpus.review_ids)
    assert n_apostrophes > 40
    single = bv_quotes[bv_quotes["marks"].isin(["‘’", "''"])]
    assert list(zip(single["review_id"], single["section"], single["text"])) == [("000", "headline", "Blue")]
    for r in bv_quotes.itertuples(index=False):
        assert "’" not in r.marks or r.marks == "‘’"


@pytest.mark.parametrize("text, expected", [
    ("‘Blue’ velvet", ["Blue"]),
    ("Gosling's Dean and Gosling’s Dean", []),
    ("our own Achilles' heels, and the principals’ poisoned exhaustion", []),
    ("8 o’clock in the morning", []),
    ("rock 'n' roll and 'em and the '90s", []),
    ("he said 'hello there' and left", ["hello there"]),
    ("a ‘small’ film by Williams’ friend", ["small"]),
    ("the “Blue Valentine,” a film", ["Blue Valentine,"]),
    ('the "Blue Valentine" film, "two" of them', ["Blue Valentine", "two"]),
    ("“Tell me!” he pleads. “I’ll do it!”", ["Tell me!", "I’ll do it!"]),
    ("an unclosed “quote that runs on", []),
    ("a mistyped ”Blue Valentine” quote", ["Blue Valentine"]),
    ("closing ” alone, then “a real one”", ["a real one"]),
    ('an unclosed "quote\n\nthat crosses a paragraph" break', []),
    ("the Mills Brothers' \"You Always Hurt\"", ["You Always Hurt"]),
])
def test_find_quote_spans(text, expected):
    assert [text[s.start:s.end] for s in qt.find_quote_spans(text)] == expected


CTX = qt.QuoteContext.from_film({
    "title": "Blue Valentine",
    "songs": [{"title": "You Always Hurt the One You Love"}],
    "scenes": [{"id": "end", "label": "End", "lines": ["Tell me how I should be"]}],
})


@pytest.mark.parametrize("content, before, after, kind, rule, scene", [
    ("Blue Valentine", "", "", "film_title", "title", None),
    ("Blue", "", "", "film_title", "title_words", None),
    ("You Always Hurt the One You Love.", "", "", "song", "song_title", None),
    ("Tell me how I should be!", "", "", "dialogue", "known_line", "end"),
    ("Scenes from a Marriage.", "Bergman's ", "", "other_work", "title_case", None),
    ("My Name Is Earl", "on ", "", "other_work", "title_case", None),
    ("get out", "", " she says.", "dialogue", "speech_verb", None),
    ("this is the dream", "he turns it back on her: ", "", "dialogue", "colon", None),
    ("I can do this", "", "", "dialogue", "pronoun", None),
    ("Stop!", "", "", "dialogue", "exclamation", None),
    ("torture porn", "", "", "other", "default", None),
    ("Why Not?", "", "", "dialogue", "exclamation", None),  # title case but a question
])
def test_classify_quote(content, before, after, kind, rule, scene):
    assert qt.classify_quote(content, CTX, before=before, after=after) == (kind, rule, scene)


def test_dialogue_linked_to_a_scene_in_or_beside_its_sentence():
    film = {"title": "Tiny", "scenes": [
        {"id": "storm", "label": "Storm", "order": 1, "terms": ["thunderstorm"]},
        {"id": "party", "label": "Party", "order": 2, "terms": ["party"]},
    ]}
    c = criticlens.corpus_from_texts({
        "a": ("In the thunderstorm she shouts “I am leaving you now.” Later, a quiet dinner. "
              "Nothing here at all. The party starts. “We dance all night,” he says. "
              "Then a “brilliant” ending."),
    }, film=film)
    q = qt.find_quotes(c)
    got = list(zip(q["text"], q["kind"], q["scene_id"].astype(object).where(q["scene_id"].notna(), None)))
    assert got == [
        ("I am leaving you now.", "dialogue", "storm"),   # same sentence
        ("We dance all night,", "dialogue", "party"),     # the sentence before
        ("brilliant", "other", None),                     # scare quote: never linked
    ]


def test_quote_counts_every_critic_and_kind(bv_corpus, bv_quotes, bv_quotes_with_headlines):
    labels = list(bv_corpus.labels().values())
    qc = qt.quote_counts(bv_quotes, labels=labels)
    # a headline quote given to quote_counts is not counted: the same table
    pd.testing.assert_frame_equal(qt.quote_counts(bv_quotes_with_headlines, labels=labels), qc)
    assert len(qc) == len(labels) * len(qt.KINDS)
    table = {(c, k): n for c, k, n in zip(qc["critic"], qc["kind"], qc["quotes"])}
    assert table[("Kyle Smith", "film_title")] == 4  # 5 with the headline pun "‘Blue’ velvet"
    assert table[("Kyle Smith", "other_work")] == 2
    assert table[("Kyle Smith", "dialogue")] == 1
    assert table[("AP Kryza", "song")] == 1
    assert table[("Unsigned (002)", "dialogue")] == 2
    assert qc["quotes"].sum() == len(HAND_QUOTES) - 1 == 11  # all but the headline's


def test_no_quotes_gives_empty_frame():
    c = criticlens.corpus_from_texts({"a": "Gosling's film, the Williams' house, rock 'n' roll."})
    q = qt.find_quotes(c)
    assert q.empty and list(q.columns) == list(qt.QUOTE_COLUMNS)


def test_cli_quotes_csv_columns_and_rows(capsys):
    import io

    from criticlens.cli.main import main

    assert main(["quotes", "blue-valentine", "--format", "csv"]) == 0
    df = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    assert list(df.columns) == ["review_id", "text", "kind", "scene_id"]
    assert list(zip(df["review_id"], df["text"], df["kind"], df["scene_id"])) == [
        (r, t, k, s or "") for r, sec, _, t, k, s in HAND_QUOTES if sec == "body"]




def test_second_film_quotes(second_film):
    c = criticlens.load_film(second_film)
    q = qt.find_quotes(c)
    assert list(zip(q["review_id"], q["text"], q["kind"], q["rule"], q["scene_id"])) == [
        # "... Laura tells herself": speech verb; the sentence before mentions the boating scene
        ("be-fenwick", "This misery can’t last,", "dialogue", "speech_verb+nearby_scene", "boating"),
        # straight quotes, a line the gazetteer lists under the homecoming scene
        ("be-unsigned", "Thank you for coming back to me,", "dialogue", "known_line", "homecoming"),
    ]


# ---------------------------------------------------------------------------------------------
# property: apostrophes are never quotes, whatever the words around them
# ---------------------------------------------------------------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ", min_size=1, max_size=8)
_apos = st.sampled_from(["'", "’"])


@st.composite
def _apostrophe_word(draw):
    w = draw(_word)
    a = draw(_apos)
    form = draw(st.sampled_from(["poss", "plural_poss", "inner", "plain"]))
    if form == "poss":
        return f"{w}{a}s"            # Gosling's
    if form == "plural_poss":
        return f"{w}s{a}"            # Achilles' / principals’
    if form == "inner":
        return f"{w}{a}{draw(_word)}"  # o’clock, can't
    return w


@settings(max_examples=200, deadline=None)
@given(st.lists(_apostrophe_word(), min_size=1, max_size=25),
       st.lists(st.sampled_from([" ", " ", " ", ", ", ". ", " - "]), min_size=25, max_size=25))
def test_property_apostrophes_are_never_quotes(words, seps):
    text = "".join(w + s for w, s in zip(words, seps))
    assert qt.find_quote_spans(text) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(_apostrophe_word(), min_size=1, max_size=6),
       st.lists(_apostrophe_word(), min_size=1, max_size=6),
       st.sampled_from([("“", "”"), ('"', '"'), ("‘", "’")]))
def test_property_a_quote_among_apostrophes_is_found_whole(before, inside, marks):
    body = " ".join(inside)
    if marks == ("‘", "’") and any(w.endswith(("'", "’")) for w in inside):
        return  # "‘the principals’ ...’": a plural possessive inside single quotes is ambiguous
    text = " ".join(before) + f" {marks[0]}{body}{marks[1]} and after"
    spans = qt.find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans] == [body]


@pytest.mark.parametrize("text, expected", [
    ("A's \u2018n's\u2019 and after", ["n's"]),       # found by the property test: "n's" is no elision
    ("rock \u2018n\u2019 roll and \u2018em all", []),   # elisions stay apostrophes
    ("rock 'n' roll", []),
    ("the '70s were 'great' fun", ["great"]),          # a clipped decade is not an opening quote
    ("back in '70 it was 'fine' then", ["fine"]),
])
def test_elisions_and_clipped_years_against_real_quotes(text, expected):
    assert [text[s.start:s.end] for s in qt.find_quote_spans(text)] == expected
