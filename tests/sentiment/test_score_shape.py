"""One sentence-score frame: long (``engine``, ``measure``, ``score``); the scale layer's wide
table is that frame pivoted, never a second set of numbers."""
from __future__ import annotations

import ast

import numpy as np

import criticlens
from criticlens.sentiment import exact_scores
from criticlens.sentiment.engines import score_texts

TEXTS = ["A good film.", "A bad, bad film!", "", "A good film.", "Not great, not terrible."]


def test_wide_exact_scores_are_the_long_frame_pivoted():
    long = score_texts(TEXTS, ("textblob", "vader"))
    assert list(long.columns) == ["text_id", "engine", "measure", "score"]
    piv = (long.assign(column=long["engine"] + "_" + long["measure"])
           .pivot(index="text_id", columns="column", values="score"))
    wide = exact_scores(TEXTS)
    assert list(wide.columns) == ["textblob_polarity", "textblob_subjectivity", "vader_compound",
                                  "vader_pos", "vader_neu", "vader_neg"]
    for c in wide.columns:
        assert np.array_equal(wide[c].to_numpy(), piv[c].to_numpy()), c  # the same floats


def test_scene_tone_is_read_from_the_long_frame():
    from criticlens.mentions.scenes import sentence_tone

    long = score_texts(TEXTS, ("textblob", "vader"))
    tone = sentence_tone(TEXTS)
    want_pol = long[(long["engine"] == "textblob") & (long["measure"] == "polarity")]["score"]
    want_comp = long[(long["engine"] == "vader") & (long["measure"] == "compound")]["score"]
    assert tone["polarity"].tolist() == want_pol.tolist()
    assert tone["compound"].tolist() == want_comp.tolist()


def test_score_texts_is_defined_once_in_the_public_modules():
    root = criticlens.__path__[0]
    from pathlib import Path

    owners = []
    for p in Path(root).rglob("*.py"):
        rel = p.relative_to(root).with_suffix("")
        if any(part.startswith("_") and part != "__init__" for part in rel.parts):
            continue  # a private module (sentiment/_fast.py) is not public API
        tree = ast.parse(p.read_text(encoding="utf-8"))
        owners += [str(rel) for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "score_texts"]
    assert owners == ["sentiment/engines"]
