"""The one term matcher (criticlens.text.terms), used by the scene gazetteer and by KWIC."""
from __future__ import annotations

import pandas as pd
import pytest

import criticlens
from criticlens.mentions.scenes import find_mentions, scene_specs, scene_table
from criticlens.text.terms import compile_term, inflections, match_terms
from criticlens.vocab.kwic import kwic


def test_inflections_of_dance_and_run():
    # worked by hand from the rules: -s -es 's s' ' -ed -ing; e-final: -d, drop e + ing; CVC: double
    assert inflections("dance") == ["dance", "dances", "dancees", "dance's", "dances'", "dance'",
                                    "danceed", "danceing", "danced", "dancing"]
    assert "running" in inflections("run") and "runned" in inflections("run")
    assert inflections("up") == ["up"]


def test_compile_term_joins_words_with_any_separator():
    rx = compile_term("tap dance")
    for text in ("a tap-dance", "two tap dances", "tapdancing all night", "tap. dance"):
        assert rx.search(text), text
    assert not rx.search("tape dance")


def test_match_terms_longest_first_then_fuzzy():
    norm = "the closing-credits montage and a ukelele"
    hits = match_terms(norm, ["closing credits", "closing-credits montage", "ukulele"], fuzzy=True)
    assert [(norm[h.start:h.end], h.kind) for h in hits] == [
        ("closing-credits montage", "exact"), ("ukelele", "fuzzy")]
    assert [norm[h.start:h.end] for h in match_terms(norm, ["ukulele"])] == []


@pytest.fixture(scope="module")
def small():
    return criticlens.corpus_from_texts({
        "a": "Gosling tap-dances while she sings. He plays the ukelele.",
        "b": "The tap dance is lovely; the ukulele scene too.",
    })


def test_kwic_forms_finds_what_plain_kwic_misses(small):
    assert kwic(small, "tap dance")["match"].tolist() == ["tap dance"]
    got = kwic(small, "tap dance", forms=True)
    assert got["match"].tolist() == ["tap-dances", "tap dance"]
    assert kwic(small, "ukulele", forms=True)["match"].tolist() == ["ukulele"]
    assert kwic(small, "ukulele", forms=True, fuzzy=True)["match"].tolist() == ["ukelele", "ukulele"]


def test_kwic_forms_options_are_checked(small):
    with pytest.raises(ValueError, match="fuzzy"):
        kwic(small, "ukulele", fuzzy=True)
    with pytest.raises(ValueError, match="regex"):
        kwic(small, "ukulele", forms=True, regex=True)
    with pytest.raises(ValueError, match="letters or digits"):
        kwic(small, "--", forms=True)


def test_kwic_of_each_scene_finds_exactly_the_scene_tables_term_mentions(bv_corpus):
    """For every scene of the bundled film, KWIC of its terms (forms, fuzzy) finds the places the
    scene table counts for those terms; a KWIC hit the table does not count as a term mention
    lies inside a longer mention of the same scene (a dialogue line, a pattern), which the table
    counts once, longest first."""
    mentions = find_mentions(bv_corpus, sentiment=False)
    table = scene_table(bv_corpus, mentions)
    specs = scene_specs(bv_corpus.film)
    assert specs, "the bundled film has scenes"
    terms_only = 0
    for spec in specs:
        mine = mentions[mentions["scene_id"] == spec.id]
        by_term = mine[mine["term"].isin(spec.terms)]
        want = sorted(zip(by_term["review_id"].astype(str), by_term["start"], by_term["end"]))
        if not spec.terms:
            assert want == []
            continue
        k = kwic(bv_corpus, list(spec.terms), forms=True, fuzzy=True, window=0)
        got = sorted(zip(k["review_id"].astype(str), k["start"], k["end"]))
        longer = list(zip(mine["review_id"].astype(str), mine["start"], mine["end"]))
        shadowed = [g for g in got if g not in want]
        assert all(any(r == g[0] and s <= g[1] and g[2] <= e and (s, e) != g[1:]
                       for r, s, e in longer) for g in shadowed), (spec.id, shadowed)
        assert [g for g in got if g not in shadowed] == want, spec.id
        if not (spec.lines or spec.patterns or spec.all_of):  # terms only: the table's own count
            assert shadowed == []
            assert len(got) == int(table.loc[table["scene_id"] == spec.id, "mentions"].sum()), spec.id
            terms_only += 1
    assert terms_only >= 1


def test_kwic_command_forms_and_fuzzy(capsys):
    from criticlens.cli.main import EXIT_USAGE, main

    assert main(["kwic", "blue-valentine", "ukulele", "--forms", "--fuzzy", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "ukelele" in out.lower()
    assert main(["kwic", "blue-valentine", "ukulele", "--fuzzy"]) == EXIT_USAGE
    assert "--fuzzy needs --forms" in capsys.readouterr().err


def test_one_vader_word_list():
    """VADER's word list is loaded once, by the sentiment package; the lesson helpers and the
    verdict's mixed-messages measure read that same list."""
    from criticlens.sentiment import vader_lexicon
    from criticlens.teach.lesson import lexicon_words
    from criticlens.treatment.core import mixed_messages

    lex = vader_lexicon()
    assert lex is vader_lexicon()
    assert lex["devastating"] == -3.3 and lex["triumph"] == 2.1  # vader_lexicon.txt
    assert lexicon_words("A devastating triumph") == [("devastating", -3.3), ("triumph", 2.1)]
    # one negative, one positive word: entropy 1 bit (worked by hand), as with the explicit list
    assert mixed_messages(["devastating", "triumph"])["entropy"] == pytest.approx(1.0)
    assert mixed_messages(["devastating", "triumph"], lex) == mixed_messages(["devastating", "triumph"])


def test_cue_alternation_matches_like_one_branch_per_term():
    """compile_cues puts the word-boundary checks around the alternation once (speed); a branch
    that fails the check after it still hands over to the next, exactly as with the checks
    inside every branch."""
    import re

    from criticlens.text.terms import compile_cues, cue_regex, find_cues

    text = "a good-looking, goodish good film; plot holes and plot-hole, the plot. don't"
    pat = compile_cues(["good", "good-looking", "plot hole*", "plot", "don’t"])
    assert find_cues(pat, text) == ["good-looking", "good", "plot holes", "plot-hole", "plot",
                                    "don't"]
    assert find_cues(compile_cues(["good*"]), text) == ["good-looking", "goodish", "good"]
    # same matches as the per-branch form on every prefix of the text
    terms = ["good", "good-looking", "good*", "plot hole*", "plot", "hole", "don’t", "the plot"]
    uniq = sorted(set(terms), key=lambda s: (-len(s), s))
    branchy = re.compile("|".join(f"(?:{cue_regex(t)})" for t in uniq))
    for i in range(len(text) + 1):
        assert find_cues(compile_cues(terms), text[i:]) == find_cues(branchy, text[i:])
