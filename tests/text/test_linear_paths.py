"""Issue 17.4: the mojibake repair's alignment and the name finder are linear; their answers are
checked here (speed is measured in benchmarks/bench_scaling.py, never asserted in tests)."""
from __future__ import annotations

import ftfy

from criticlens.text import textproc


def test_repaired_run_maps_each_character_onto_its_raw_bytes(hang_detector):
    n = 3000  # 21 KB in one "word": minutes with the old difflib alignment
    run = "donâ€™t" * n
    fixed = ftfy.fix_encoding(run)
    assert fixed == "don\u2019t" * n
    with hang_detector(60):
        idx = textproc._align(run, fixed, 100)
    expect = [100 + 7 * k + d for k in range(n) for d in (0, 1, 2, 3, 6)]
    assert idx == expect


def test_dropped_characters_go_to_the_next_character():
    # "Â¡" -> "¡": the dropped "Â" belongs to the "¡" token; "â€œ" -> "“" maps onto its first byte
    assert textproc._align("Â¡Hola", "¡Hola", 0) == [0, 2, 3, 4, 5]
    assert textproc._align("xâ€œy", "x\u201cy", 0) == [0, 1, 4]
    assert textproc._align("cafÃ©", "café", 10) == [10, 11, 12, 13]


def test_normalised_mojibake_review_keeps_offsets(hang_detector):
    raw = "I donâ€™t know. " * 2000 + ("donâ€™t" * 2000)
    with hang_detector(60):
        nt = textproc.normalize_text(raw)
    assert nt.repaired and nt.text.startswith("i don't know.")
    s = nt.text.index("don't")
    assert raw[slice(*nt.span_to_raw(s, s + 5))] == "donâ€™t"


def test_name_runs_on_hostile_text(hang_detector):
    from criticlens.mentions.people import MAX_NAME_WORD, other_names

    with hang_detector(60):
        assert other_names("a-A-" * 20_000) == []
    got = [n for _s, _e, n, _r, _w in other_names("We saw Ryan Gosling and Michelle Williams’ work.")]
    assert got == ["Ryan Gosling", "Michelle Williams"]
    long_word = "B" + "x" * (MAX_NAME_WORD + 10)
    assert other_names(f"Then Ann {long_word} sang.") == []  # no name has such a word
