"""The numbers and claims the notebooks' markdown states are true of the package and the data.

Film-specific claims (which sentence scores what) are generated in code cells, never typed
into markdown (:func:`criticlens.teach.lesson.pitfall_notes`); the numbers the markdown does state
are constants of the methods, checked here against the package, so a change of a default or of
an engine fails a test instead of leaving the prose wrong.
"""
from __future__ import annotations

import nbformat
import pytest

import criticlens
from criticlens.paths import NOTEBOOKS_DIR
from criticlens.teach.runbook import suite_notebooks


def _markdown(name: str) -> str:
    nb = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


ALL_MARKDOWN = {p.name: _markdown(p.name) for p in suite_notebooks()}


def test_no_markdown_states_a_films_sentence_score():
    # the claim that was wrong: "a small but shattering film" scores negative (VADER: 0.00,
    # and the whole sentence +0.72); and any other quoted sentence with a sign typed in
    for name, text in ALL_MARKDOWN.items():
        assert "small but shattering" not in text, name
        assert "all three reviews" not in text, name
        assert "It's excruciating" not in text and "It’s excruciating" not in text, name


def test_vader_valence_stated_in_the_lesson():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    text = ALL_MARKDOWN["07-lesson-reading-critics.ipynb"]
    assert "\"devastating\" is −3.3 in VADER's lexicon" in text
    assert SentimentIntensityAnalyzer().lexicon["devastating"] == pytest.approx(-3.3)


def test_smoother_defaults_stated_in_notebook_02():
    from criticlens.sentiment import smooth

    text = ALL_MARKDOWN["02-sentiment-arcs.ipynb"]
    assert "default\n  10% of its sentences" in text and smooth.DEFAULT_WINDOW == 0.10
    assert "`low_pass_size` = 5" in text and smooth.DEFAULT_LOW_PASS_SIZE == 5
    assert "`x_reverse_len` = 100" in text and smooth.DEFAULT_X_REVERSE_LEN == 100
    assert "**common 100-point axis**" in text and smooth.N_POINTS == 100


def test_keyness_thresholds_stated_in_notebooks_03_and_07():
    from criticlens.vocab import keyness as K

    assert "(3.84, 6.63, 10.83 and 15.13 are the\n  p < 0.05, 0.01, 0.001 and 0.0001 levels)" in \
        ALL_MARKDOWN["03-vocabulary-overlap.ipynb"]
    assert (K.LL_P05, K.LL_P01, K.LL_P001, K.LL_P0001) == (3.84, 6.63, 10.83, 15.13)
    assert "above 3.84" in ALL_MARKDOWN["07-lesson-reading-critics.ipynb"]


def test_export_sizes_stated_in_notebooks_01_and_05():
    from criticlens.viz.export import PNG_DPI
    from criticlens.viz.figsets import comparison as C

    assert "PNG (300\ndpi)" in ALL_MARKDOWN["01-load-reviews.ipynb"] and PNG_DPI == 300
    text = ALL_MARKDOWN["05-critic-comparison.ipynb"]
    assert "full page is 7 inches wide" in text and C.PAGE_SIZE[0] == 7.0
    assert "3.5 inches wide" in text and C.COLUMN_WIDTH == 3.5


def test_pitfall_notes_are_generated_from_the_table(bv_corpus):
    from criticlens.teach.lesson import pitfall_notes

    pit = criticlens.lexicon_pitfalls(bv_corpus)
    notes = pitfall_notes(pit)
    neg = pit[(pit[["vader", "textblob"]] < 0).any(axis=1)]
    assert notes.startswith(f"{len(neg)} of the {len(pit)} sentences with a word of pain")
    # Kryza's "small miracle ... even if those feelings are devastating": both engines negative
    row = pit[pit["words"].str.contains("devastating") & (pit["label"] == "AP Kryza")].iloc[0]
    assert f"AP Kryza, sent_id {row.sent_id} (devastating): vader {row.vader:+.2f}, " \
           f"textblob {row.textblob:+.2f}" in notes
    assert row.vader < 0 and row.textblob < 0
    # "shattering" is in neither lexicon: both notes say so
    assert notes.count("'shattering'") == 2
    nb = nbformat.read(NOTEBOOKS_DIR / "02-sentiment-arcs.ipynb", as_version=4)
    assert any("print(pitfall_notes(pit))" in c.source for c in nb.cells if c.cell_type == "code")
