"""People: gazetteer from film.yaml, mentions counted by hand in the three seeds, other names."""
from __future__ import annotations

import io

import pandas as pd
import pytest

import criticlens
from criticlens.mentions import people as pp
from criticlens.cli import mentions as cli_mentions
from criticlens.cli.main import main

# Body mentions per review and person, counted by hand (s = 0-based body sentence).
HAND_PEOPLE: dict[tuple[str, str], int] = {
    # 000 Kyle Smith
    ("000", "Derek Cianfrance"): 3,   # s1 "Derek Cianfrance", s10 "Cianfrance’s", s14 "(by Cianfrance, ..."
    ("000", "Joey Curtis"): 1,        # s14
    ("000", "Cami Delavigne"): 1,     # s14
    ("000", "Ryan Gosling"): 3,       # s2 "Dean (Ryan Gosling)", s11 "Williams and Gosling", s14 "Gosling chooses"
    ("000", "Michelle Williams"): 2,  # s2, s11
    ("000", "Dean"): 8,               # s2, s4, s6, s14, s20, s22 "Dean’s idea", s23, s24
    ("000", "Cindy"): 6,              # s2, s4 "the sleeping Cindy", s6, s16, s20, s23
    ("000", "Frankie"): 2,            # s4, s6
    ("000", "Ingmar Bergman"): 1,     # s1 "Ingmar Bergman’s “Scenes from a Marriage.”"
    ("000", "Scenes from a Marriage"): 1,
    ("000", "My Name Is Earl"): 1,    # s13
    # 001 AP Kryza
    ("001", "Ryan Gosling"): 4,       # s0 "Ryan Gosling", s5 "Gosling's Dean", s14 "Williams and Gosling", s15 "Gosling's"
    ("001", "Michelle Williams"): 4,  # s0, s5 "Williams' Cindy", s14, s16 "Williams' Cindy"
    ("001", "Dean"): 4,               # s5, s13, s15, s16 "support Dean"
    ("001", "Cindy"): 3,              # s5, s13, s16
    ("001", "Derek Cianfrance"): 2,   # s11 "director Derek Cianfrance", s12 "Cianfrance's choice"
    ("001", "Grizzly Bear"): 1,       # s12 (music)
    ("001", "The Mills Brothers"): 1,  # s0 "croons the Mills Brothers'"
    # 002 unsigned (the deck's "Derek Cianfrances" is not body text)
    ("002", "Derek Cianfrance"): 1,   # s7
    ("002", "Ryan Gosling"): 3,       # s7, s21, s22 "Gosling displays"
    ("002", "Michelle Williams"): 3,  # s7, s21, s22 "Williams gives"
    ("002", "Dean"): 8,               # s7, s13, s17 "Dean’s", s18 x2, s21, s22, s23
    ("002", "Cindy"): 7,              # s7, s15, s18, s21, s22 x2, s23 "Cindy’s tears"
    ("002", "Days of Summer"): 1,     # s7 "(500) Days of Summer-style": an unquoted title, role other_name
}


@pytest.fixture(scope="module")
def bv_people(bv_corpus):
    return pp.find_people(bv_corpus)


def test_people_gazetteer_from_film_yaml(bv_corpus):
    specs = {s.name: s for s in pp.people_specs(bv_corpus.film)}
    assert specs["Derek Cianfrance"].role == "director"
    assert specs["Derek Cianfrance"].roles == ("director", "writer")   # one person, two roles
    assert specs["Derek Cianfrance"].forms == ("Derek Cianfrance", "Cianfrance")
    assert specs["Dean"].role == "character" and specs["Dean"].actor == "Ryan Gosling"
    assert specs["The Mills Brothers"].forms == ("The Mills Brothers", "Mills Brothers")
    assert specs["Grizzly Bear"].role == "music"


def test_seed_people_counts_by_hand(bv_people):
    got = bv_people.groupby(["review_id", "person"]).size().to_dict()
    assert got == HAND_PEOPLE


def test_people_frame_contract(bv_corpus, bv_people):
    assert list(bv_people.columns) == list(pp.PEOPLE_COLUMNS)
    for r in bv_people.itertuples(index=False):
        assert bv_corpus.raw(r.review_id)[r.start:r.end] == r.matched
        assert 0 <= r.position <= 1
    roles = dict(zip(bv_people["person"], bv_people["role"]))
    assert roles["Ingmar Bergman"] == "other_filmmaker"
    assert roles["Scenes from a Marriage"] == "other_work"
    assert roles["Days of Summer"] == "other_name"
    assert roles["The Mills Brothers"] == "song_artist"
    # the film's title is never a person
    assert not bv_people["matched"].str.contains("Blue Valentine").any()


def test_people_table_mean_sentiment_by_hand(bv_corpus, bv_people):
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    t = pp.people_table(bv_corpus, bv_people)
    row = t[(t["review_id"] == "000") & (t["person"] == "Michelle Williams")].iloc[0]
    assert row["mentions"] == 2 and row["sentences"] == 2
    s = bv_corpus.sentences
    texts = s[(s["review_id"] == "000") & s["sent_id"].isin([2, 11])]["text"].tolist()
    vader = SentimentIntensityAnalyzer()
    assert row["polarity"] == pytest.approx(sum(TextBlob(x).sentiment.polarity for x in texts) / 2)
    assert row["compound"] == pytest.approx(sum(vader.polarity_scores(x)["compound"] for x in texts) / 2)


def test_people_table_by_actor_merges_characters(bv_corpus, bv_people):
    t = pp.people_table(bv_corpus, bv_people, by="actor", roles=("cast",))
    got = {(r, p): n for r, p, n in zip(t["review_id"], t["person"], t["mentions"])}
    # Gosling = his mentions + Dean's; Williams = hers + Cindy's; Wladyka = Frankie's
    assert got == {
        ("000", "Ryan Gosling"): 3 + 8, ("000", "Michelle Williams"): 2 + 6, ("000", "Faith Wladyka"): 2,
        ("001", "Ryan Gosling"): 4 + 4, ("001", "Michelle Williams"): 4 + 3,
        ("002", "Ryan Gosling"): 3 + 8, ("002", "Michelle Williams"): 3 + 7,
    }
    with pytest.raises(ValueError, match="by must be"):
        pp.people_table(bv_corpus, bv_people, by="nobody")


FILM = {
    "title": "The Long Night",
    "director": "Ann Vargas",
    "cast": [{"actor": "Tom Reed", "character": "Jack", "aliases": ["Jack Moss"]},
             {"actor": "Sue Reed", "character": "Mia"}],
}


def test_tiny_corpus_rules():
    c = criticlens.corpus_from_texts({"a": (
        "Vargas's film is fine. Jack Moss, played by Tom Reed, meets Mia. "
        "A dean of students appears. Reed is good. Vargass again. "
        "In The Long Night we see Federico Fellini’s “La Strada” quoted. We met John Smith there."
    )}, film=FILM)
    m = pp.find_people(c, sentiment=False)
    got = list(zip(m["person"], m["role"], m["matched"], m["match_kind"]))
    assert got == [
        ("Ann Vargas", "director", "Vargas's", "exact"),      # possessive, surname alone
        ("Jack", "character", "Jack Moss", "exact"),          # alias
        ("Tom Reed", "cast", "Tom Reed", "exact"),
        ("Mia", "character", "Mia", "exact"),
        # "dean" in lower case is nobody; "Reed" alone is shared by two actors: not matched
        ("Ann Vargas", "director", "Vargass", "exact"),       # possessive with the apostrophe lost
        ("Federico Fellini", "other_filmmaker", "Federico Fellini", "capitalised"),
        ("La Strada", "other_work", "La Strada", "quote"),
        ("John Smith", "other_name", "John Smith", "capitalised"),
    ]


def test_fuzzy_name():
    c = criticlens.corpus_from_texts({"a": "Director Cianfrence shows real care. Goslin is fine."},
                                     film={"title": "X", "director": "Derek Cianfrance",
                                           "cast": [{"actor": "Ryan Gosling"}]})
    m = pp.find_people(c, sentiment=False, others=False)
    assert list(zip(m["person"], m["matched"], m["match_kind"])) == [
        ("Derek Cianfrance", "Cianfrence", "fuzzy"), ("Ryan Gosling", "Goslin", "fuzzy")]


def test_no_people():
    c = criticlens.corpus_from_texts({"a": "nothing capitalised here at all, only words."})
    m = pp.find_people(c)
    assert m.empty and list(m.columns) == list(pp.PEOPLE_COLUMNS)
    assert pp.people_table(c, m).empty


def test_cli_people_table_and_csv(capsys):
    assert main(["people", "blue-valentine", "--format", "table", "--by", "actor"]) == 0
    out = capsys.readouterr().out
    header = out.splitlines()[0].split()
    assert header == list(cli_mentions.PEOPLE_COLUMNS)
    assert "Ryan Gosling" in out and "Ingmar Bergman" in out
    assert main(["people", "blue-valentine", "--format", "csv"]) == 0
    df = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"review_id": str})
    assert list(df.columns) == ["review_id"] + list(cli_mentions.PEOPLE_COLUMNS)
    got = {(r, p): n for r, p, n in zip(df["review_id"], df["person"], df["mentions"])}
    assert got == HAND_PEOPLE




def test_second_film_people(second_film):
    c = criticlens.load_film(second_film)
    m = pp.find_people(c, sentiment=False)
    got = m.groupby(["review_id", "person"]).size().to_dict()
    # be-okafor: "Stanley Holloway's", "Myrtle", "Trevor Howard", "Alec" x2, "Laura" x2,
    # and "Noel Coward's" (accent folded: the gazetteer writes Noël)
    assert {k[1]: v for k, v in got.items() if k[0] == "be-okafor"} == {
        "Stanley Holloway": 1, "Myrtle": 1, "Trevor Howard": 1, "Alec": 2, "Laura": 2, "Noël Coward": 1}
    coward = m[m["person"] == "Noël Coward"].iloc[0]
    assert coward["matched"] == "Noel Coward's" and coward["role"] == "writer"
    # aliases: "Laura Jesson" is one mention of Laura; "Every Thursday" is not a name
    fen = m[m["review_id"] == "be-fenwick"]
    assert "Laura Jesson" in set(fen["matched"]) and "Alec Harvey" in set(fen["matched"])
    others = m[m["role"] == "other_name"]
    assert list(others["person"]) == ["Milford Junction"]
