"""The memory-saving paths of the loader give the values the per-character code gave (issue 17.5).

``fold`` handles a long text in chunks (ASCII chunks by ``str.lower``); the loader keeps per-token
numbers in typed arrays. Expected values are worked out by hand below.
"""
from __future__ import annotations

import numpy as np

from criticlens.corpus.load import contained_pairs, corpus_from_texts
from criticlens.text import textproc


def test_fold_long_text_across_chunk_edges_matches_per_character_fold():
    edge = textproc._FOLD_CHUNK
    # capital sigma lowers to σ character by character (never the final-sigma ς that
    # "ΟΔΟΣ".lower() gives), dotted capital I lowers to two characters so it is kept,
    # and curly quotes/dashes fold to ASCII; two of them sit across a chunk edge
    text = "A" * (edge - 1) + "ΟΔΟΣ İ’—" + "B" * edge + "ß“x”"
    want = "a" * (edge - 1) + "οδοσ İ'-" + "b" * edge + 'ß"x"'
    got = textproc.fold(text)
    assert got == want
    assert len(got) == len(text)
    # a long text and the same text folded in short pieces agree
    assert got == "".join(textproc.fold(text[i:i + 50]) for i in range(0, len(text), 50))


def test_loader_numbers_on_a_text_counted_by_hand():
    # "Good film. I don't care!" -> Good film . | I do n't care !
    c = corpus_from_texts({"a": "Good film. I don't care!"})
    tok = c.tokens
    assert list(tok["text"]) == ["Good", "film", ".", "I", "do", "n't", "care", "!"]
    assert list(tok["sent_id"]) == [0, 0, 0, 1, 1, 1, 1, 1]
    assert list(tok["tok_id"]) == list(range(8))
    assert list(tok["start"]) == [0, 5, 9, 11, 13, 15, 19, 23]
    assert list(tok["word_index"]) == [0, 1, -1, 2, 3, -1, 4, -1]
    # five words: position of word k is (k + 0.5) / 5; punctuation and clitics have none
    pos = tok["position"].to_numpy()
    np.testing.assert_array_equal(pos[[0, 1, 3, 4, 6]], [0.1, 0.3, 0.5, 0.7, 0.9])
    assert np.isnan(pos[[2, 5, 7]]).all()
    assert str(tok["start"].dtype) == "int64" and str(tok["is_word"].dtype) == "bool"
    sent = c.sentences
    assert list(sent["n_words"]) == [2, 3] and list(sent["word_start"]) == [0, 2]
    # sentence position: (word_start + n_words / 2) / 5
    assert list(sent["position"]) == [0.2, 0.7]


def test_contained_pairs_needs_two_reviews():
    long = "This is a review long enough to be checked for containment in another one. " * 3
    assert contained_pairs({"a": long}) == []
    assert contained_pairs({"a": long, "b": long + "And one more sentence at the end."}) == [("a", "b")]
