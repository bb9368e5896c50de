"""Designs for 1, few and many critics (criticlens.viz.many, viz.plots.many) and groups."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from criticlens.corpus.load import load_film  # noqa: E402
from criticlens.scale.tables import load_table  # noqa: E402
from criticlens.paths import resolve_film  # noqa: E402
from criticlens.viz import many as M  # noqa: E402
from criticlens.viz.plots.many import arc_quantiles, matrix_heatmap  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def small():
    """Four reviews of 2, 5, 3 and 5 words; groups a, b, a and none."""
    df = pd.DataFrame({"text": ["Good film.", "A long and dull one.", "Fine but slow.",
                                "Dull dull dull and slow."],
                       "critic": ["Ann", "Bob", "Cy", "Di"], "g": ["a", "b", "a", None]})
    return load_table(df, film=None, critic="critic", group="g", progress=False)


def test_design_by_number_of_critics():
    assert [M.design_for(n) for n in (1, 2, 8, 9, 300)] == ["single", "few", "few", "many", "many"]
    with pytest.raises(ValueError):
        M.design_for(0)


def test_critics_by_label_or_id_in_corpus_order(small):
    assert M.resolve_critics(small, ["Cy", "1"]) == ["1", "3"]
    with pytest.raises(ValueError, match=r"unknown critic\(s\) \['Zed'\]"):
        M.resolve_critics(small, ["Zed"])


def test_focus_keeps_the_longest_reviews_in_corpus_order(small):
    sub, note = M.focus(small, n=2)
    assert sub.review_ids == ["2", "4"]  # 5 words each; "Fine but slow." has 3
    assert note == "2 of 4 critics shown (the longest reviews)"
    same, none = M.focus(small, n=4)
    assert same is small and none == ""


def test_groups_and_group_corpus_pool_counts(small):
    assert list(M.groups(small)) == ["a", "b", "a", M.NO_GROUP]
    gc = M.group_corpus(small)
    assert gc.review_ids == ["a", "b", M.NO_GROUP]
    assert list(gc.reviews["n_words"]) == [2 + 3, 5, 5]
    assert len(gc.tokens) == len(small.tokens)


def test_arc_quantiles_median_and_middle_half():
    band = pd.DataFrame({"review_id": ["r1", "r2", "r3"] * 2, "x": [0.0] * 3 + [1.0] * 3,
                         "center": [0.0, 1.0, 2.0, 0.0, 1.0, 2.0]})
    q = arc_quantiles(band, {"r1": "g", "r2": "g", "r3": "g"})
    # linear quantiles of 0, 1, 2: 25% = 0.5, 50% = 1, 75% = 1.5
    assert list(q["median"]) == [1.0, 1.0] and list(q["lo"]) == [0.5, 0.5]
    assert list(q["hi"]) == [1.5, 1.5] and list(q["n"]) == [3, 3]


def test_matrix_heatmap_thins_row_labels_and_annotates_small_tables():
    big = pd.DataFrame(np.zeros((100, 3)), index=[f"r{i}" for i in range(100)])
    fig, ax = plt.subplots()
    matrix_heatmap(big, ax=ax)
    assert len(ax.get_yticklabels()) == 25  # every 4th of 100 (at most 30 labels)
    assert not [t for t in ax.texts if t.get_gid() == "cell"]
    fig2, ax2 = plt.subplots()
    matrix_heatmap(pd.DataFrame([[0.25, 0.5]], index=["x"], columns=["a", "b"]), ax=ax2)
    assert [t.get_text() for t in ax2.texts] == ["25%", "50%"]


def test_bundled_snippets_film_has_fresh_and_rotten_groups():
    c = load_film(resolve_film("austin-powers-in-goldmember"))
    assert len(c.reviews) == 35
    assert M.groups(c).value_counts().to_dict() == {"fresh": 19, "rotten": 16}


def test_group_column_named_but_absent_is_an_error(tmp_path):
    from criticlens.corpus.load import FilmLoadError

    (tmp_path / "reviews").mkdir()
    (tmp_path / "film.yaml").write_text("title: T\n", encoding="utf-8")
    (tmp_path / "reviews.csv").write_text("review_id,file,verdict\na,reviews/a.txt,fresh\n",
                                          encoding="utf-8")
    (tmp_path / "reviews" / "a.txt").write_text("Fine film.", encoding="utf-8")
    assert list(load_film(tmp_path, group="verdict").reviews["group"]) == ["fresh"]
    with pytest.raises(FilmLoadError, match="no column 'stars'"):
        load_film(tmp_path, group="stars")
