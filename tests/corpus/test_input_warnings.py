"""What validate says about reviews as users have them (issue 14): every warning names the file,
nothing is dropped. Texts are from Pang and Lee's polarity data (tests/text/fixtures)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from criticlens.corpus.load import contained_pairs, corpus_from_texts, load_film
from criticlens.mentions.people import find_people
from criticlens.mentions.quotes import find_quotes

FIXTURE = Path(__file__).parents[1] / "text" / "fixtures" / "polarity_dev10.csv"


@pytest.fixture(scope="module")
def texts():
    df = pd.read_csv(FIXTURE)
    return dict(zip(df["review_id"], df["text"], strict=True))


def _write(folder: Path, files: dict[str, str], film: str = "title: Test Film\n") -> Path:
    (folder / "reviews").mkdir(parents=True)
    (folder / "film.yaml").write_text(film, encoding="utf-8")
    rows = ["review_id,file"]
    for name, text in files.items():
        (folder / "reviews" / name).write_text(text, encoding="utf-8")
        rows.append(f"{Path(name).stem},reviews/{name}")
    (folder / "reviews.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def test_validate_names_each_file_and_what_it_saw(tmp_path, texts):
    cv070_like = texts["cv002_15918"]
    files = {
        "pol.txt": texts["cv001_18431"],
        "imdb.txt": "It stank.<br /><br />It stinks. The plot is silly and the leads are wooden.",
        "qp.txt": "The film is extraordi=\nnary.=20 It was=20\nwonderful and long. Really good.",
        "inner.txt": cv070_like,
        "outer.txt": "a few words of my own first .\n" + cv070_like + "and a closing line .\n",
        "flat.txt": "i loved this film the acting is raw and the ending hurts and it stays with you for days",
    }
    corpus = load_film(_write(tmp_path / "f", files))
    rep = corpus.report
    assert rep.n_loaded == 6 and rep.n_rejected == 0  # nothing dropped
    got = {(r["file"], r["code"]) for r in rep.rows if r["level"] == "warning"}
    assert {("reviews/pol.txt", "layout_lower_case"), ("reviews/pol.txt", "layout_one_per_line"),
            ("reviews/imdb.txt", "layout_markup"), ("reviews/qp.txt", "encoding_debris"),
            ("reviews/inner.txt", "near_duplicate"), ("reviews/flat.txt", "review_no_punctuation"),
            ("reviews/flat.txt", "layout_lower_case")} <= got
    assert ("reviews/outer.txt", "near_duplicate") not in got
    for r in rep.rows:
        if r["level"] == "warning":
            assert r["message"].startswith(r["file"])
    msg = next(r["message"] for r in rep.rows if r["code"] == "near_duplicate")
    assert "'outer'" in msg
    assert "&#137" not in str(rep)


def test_contained_pairs_finds_containment_only(texts):
    a, b = texts["cv002_15918"], texts["cv003_11664"]
    pairs = contained_pairs({"a": a, "outer": "intro .\n" + a.upper() + "\noutro .", "b": b, "same": b})
    assert pairs == [("a", "outer")]  # identical texts are the duplicate check's business


def test_c1_entity_is_encoding_debris(texts):
    c = corpus_from_texts({"x": texts["cv001_19502"] + "? 1999 eugene novikov&#137 ;\n"})
    codes = c.report.codes()
    assert "encoding_debris" in codes


def test_lower_case_review_finds_people_case_insensitively(texts):
    """cv001_18431 (a review of "election") names its director and stars in lower case."""
    film = {"title": "Election", "director": "Alexander Payne",
            "cast": [{"actor": "Matthew Broderick"}, {"actor": "Reese Witherspoon"}]}
    c = corpus_from_texts({"r": texts["cv001_18431"]}, film=film)
    people = find_people(c, sentiment=False)
    found = people.groupby("person").size().to_dict()
    text = texts["cv001_18431"]
    assert found.get("Matthew Broderick", 0) == text.count("broderick") > 0
    assert found.get("Reese Witherspoon", 0) == text.count("witherspoon") > 0
    assert found.get("Alexander Payne", 0) == text.count("payne") > 0
    # a one-word form that is a common word is not a name in lower-case text (Brill's lexicon
    # lists "best" in lower case, "lucas" only as "Lucas"): "the best" is not Ahmed Best
    c3 = corpus_from_texts({"r": "the best thing about it is jar jar , and lucas knows it .\n" * 3},
                           film={"title": "X", "director": "George Lucas",
                                 "cast": [{"actor": "Ahmed Best", "character": "Jar Jar Binks",
                                           "aliases": ["Jar Jar"]}]})
    got = find_people(c3, sentiment=False, others=False).groupby("person").size().to_dict()
    assert got == {"George Lucas": 3, "Jar Jar Binks": 3}
    # capitalised text keeps the capital rule: "dean" is not Dean
    c2 = corpus_from_texts({"r": "Dean sings. The dean of the school frowns at Dean."},
                           film={"title": "X", "cast": [{"actor": "Ryan Gosling", "character": "Dean"}]})
    assert len(find_people(c2, sentiment=False, others=False)) == 2


def test_title_aliases_are_the_title():
    film = {"title": "Inglourious Basterds", "aliases": ["Inglorious Basterds"],
            "director": "Quentin Tarantino"}
    text = ("Tarantino's “Inglorious Basterds” opens in a farmhouse. Inglorious Basterds is long. "
            "Lt. Aldo Raine scalps Nazis.")
    c = corpus_from_texts({"r": text}, film=film)
    assert c.film.aliases == ("Inglorious Basterds",)
    q = find_quotes(c)
    assert list(q["kind"]) == ["film_title"]
    people = find_people(c, sentiment=False)
    assert "Inglorious Basterds" not in set(people["person"])  # not an "other name"
    assert "Aldo Raine" in set(people["person"])
