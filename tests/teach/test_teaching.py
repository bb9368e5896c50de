"""Lesson exercises answer right and wrong answers correctly, and the pitfall numbers are real."""
from __future__ import annotations

import math
import re

import numpy as np
import pytest
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import criticlens
from criticlens.teach import lesson as T
from criticlens.paths import PROJECT_ROOT

VADER = SentimentIntensityAnalyzer()

# x: 3 + 3 + 7 = 13 body words, y: 9 + 7 + 11 + 3 + 2 = 32 (counted by hand)
TEXTS = {
    "x": "The dog ran. The dog slept. A devastating, heartbreaking triumph of a film.",
    "y": ("The cat sat on the mat all day long. Nothing happened to the cat at all. "
          "It is not a bad film, it is a good one. The end came. We left."),
}
FILM = {"title": "T", "scenes": [
    {"id": "moon", "label": "The moon", "order": 1, "terms": ["moon"]},
    {"id": "dog", "label": "The dog", "order": 2, "terms": ["dog"]},
]}


@pytest.fixture(scope="module")
def corpus():
    return criticlens.corpus_from_texts(TEXTS, critics={"x": "Xena", "y": "Yuri"}, film=FILM)


@pytest.fixture(scope="module")
def exercises(corpus):
    return T.lesson_exercises(corpus)


def test_word_counts_are_what_the_exercises_assume(corpus):
    assert corpus.reviews.set_index("review_id")["n_words"].to_dict() == {"x": 13, "y": 32}


# ------------------------------------------------------------------ feedback mechanics
def test_no_answer_yet_is_neither_right_nor_wrong(exercises):
    for ex in exercises.values():
        fb = ex.check(None)
        assert fb.correct is None and not fb
        assert "No answer yet" in fb.message


@pytest.mark.parametrize("given", ["Yuri", "yuri", "  YURI "])
def test_choice_right_answer_any_case(exercises, given):
    # Yuri: 32 body words against Xena's 13
    fb = exercises["longest"].check(given)
    assert fb.correct is True and fb
    assert "Yuri wrote 32 body words" in fb.message and "Xena 13" in fb.message


def test_choice_wrong_answer_explains_with_the_numbers(exercises):
    fb = exercises["longest"].check("Xena")
    assert fb.correct is False
    assert "Xena wrote 13 words" in fb.message and "Yuri wrote 32" in fb.message
    assert str(fb).startswith("\u274c")


def test_choice_accepts_a_review_id(exercises):
    assert exercises["longest"].check("y").correct is True
    assert exercises["longest"].check("x").correct is False


def test_choice_outside_the_options_lists_them(exercises):
    fb = exercises["longest"].check("Zed")
    assert fb.correct is False
    assert "'Zed' is not one of the options: 'Xena', 'Yuri'" in fb.message


@pytest.mark.parametrize("given, ok", [("2", True), (2, True), (2.0, True), (1, False), (3, False)])
def test_number_answers(exercises, given, ok):
    assert exercises["keyness"].check(given).correct is ok


@pytest.mark.parametrize("given, side", [(1, "too low"), (5, "too high")])
def test_number_wrong_says_which_way(exercises, given, side):
    assert side in exercises["keyness"].check(given).message


@pytest.mark.parametrize("given", ["two", "", "nan"])
def test_number_malformed(exercises, given):
    fb = exercises["keyness"].check(given)
    assert fb.correct in (False, None)
    assert "number" in fb.message or "No answer yet" in fb.message


@pytest.mark.parametrize("given", ["maybe", "yess"])
def test_yesno_malformed(exercises, given):
    fb = exercises["dct"].check(given)
    assert fb.correct is False and "yes or no" in fb.message


# ------------------------------------------------------------------ answers from the corpus
def test_keyness_threshold_by_hand(corpus):
    # word used k times in Xena's 13 words, never in Yuri's 32: E1 = 13k/45, E2 = 32k/45
    # LL = 2 k ln(k / E1) = 2 k ln(45/13); k=1: 2.4835 < 3.84; k=2: 4.9670 >= 3.84
    k, table = T.keyness_threshold(corpus)
    assert k == 2
    assert table["log_likelihood"].tolist() == pytest.approx(
        [2 * math.log(45 / 13), 4 * math.log(45 / 13)], abs=1e-12)
    fb = T.ex_keyness_threshold(corpus).check(1)
    assert "LL 2.48" in fb.message and "LL 4.97" in fb.message and "3.84" in fb.message


def test_negation_matches_the_libraries():
    tb = TextBlob("isn't a bad idea").sentiment.polarity
    ex = T.ex_negation()
    assert ex.answer == T.sign_word(tb)
    ph = T.negation_phrases()
    for row in ph.itertuples():
        assert row.textblob == TextBlob(row.phrase).sentiment.polarity
        assert row.vader == VADER.polarity_scores(row.phrase)["compound"]
    # the pitfall itself: TextBlob misses the contraction, VADER does not
    d = ph.set_index("phrase")
    assert d.loc["isn't a bad idea", "textblob"] == d.loc["a bad idea", "textblob"] < 0
    assert d.loc["is not a bad idea", "textblob"] > 0
    assert d.loc["isn't a bad idea", "vader"] > 0
    wrong = [o for o in ex.options if o != ex.answer][0]
    assert "is not a bad idea" in ex.check(wrong).message


def test_sad_praise_picks_praise_in_words_of_pain(corpus):
    ex = T.ex_sad_praise(corpus)
    # the one judgement sentence with words of pain that the critic engine reads as praise
    text = "A devastating, heartbreaking triumph of a film."
    assert text in ex.question
    score = VADER.polarity_scores(text)["compound"]          # -0.6369
    assert ex.answer == T.vader_sign(score) == "negative"
    critic = criticlens.explain(text)["score"]
    assert critic > 0.5
    assert f"{score:+.4f}" in ex.why and f"{critic:+.4f}" in ex.why
    assert "\u201ctriumph\u201d" in ex.why                   # what moved the critic engine


def test_bundled_sad_praise_shows_only_hand_labelled_judgements(bv_corpus):
    from criticlens.paths import BUNDLED_FILM
    from criticlens.treatment.core import load_sentence_labels

    ex = T.ex_sad_praise(bv_corpus)
    # Kryza: "director Derek Cianfrance has crafted a small miracle ... devastating"
    assert "small miracle" in ex.question and ex.answer == "negative"
    hand = load_sentence_labels(BUNDLED_FILM / "labels" / "sentence_classes.csv").set_index(
        "text")["label"]
    tab = T.sad_praise(bv_corpus, n=10)
    assert len(tab) >= 3 and (tab["critic"] > 0).all()
    # no plot sentence is shown as "praise in words of pain"
    assert all(hand[t] == "judgement" for t in tab["text"])


def test_sad_praise_table_is_sorted_and_names_the_lexicon_words(corpus):
    tab = T.sad_praise(corpus, n=3)
    assert tab["vader"].is_monotonic_increasing
    row = tab[tab["text"].str.contains("devastating")].iloc[0]
    assert row["vader"] == VADER.polarity_scores(row["text"])["compound"]
    assert "\u201cdevastating\u201d -3.3" in row["negative_words"]


def test_lexicon_words():
    # valences as in vaderSentiment's vader_lexicon.txt: devastating -3.3, triumph 2.1
    assert T.lexicon_words("A devastating triumph") == [("devastating", -3.3), ("triumph", 2.1)]


def test_scene_exercise_counts_critics(corpus, exercises):
    ex = exercises["scene"]
    # the moon is never mentioned, so the exercise uses the dog (Xena only)
    assert "The dog" in ex.question and ex.answer == 1
    assert ex.check(1).correct is True
    fb = ex.check(2)
    assert fb.correct is False and "1 of 2 critics" in fb.message and "Xena" in fb.message


def test_scene_exercise_unavailable_without_scenes():
    c = criticlens.corpus_from_texts({"a": "One. Two.", "b": "Three. Four."}, film={"title": "T"})
    ex = T.ex_scene_critics(c)
    assert ex.available is False and ex.check(1).correct is None


def test_dct_flat_review_never_rings():
    c = criticlens.corpus_from_texts({
        "a": "The cat sat. The mat lay. A pot stood. The car went. The bus came. A man walked.",
        "b": "The box sat.",
    })
    tab = T.dct_ringing(c, "a", lengths=[5, 6])
    assert (tab["overshoot"] == 0).all() and (tab["turns"] == 0).all()
    assert T.ex_dct_overshoot(c).answer is False


def test_dct_overshoot_matches_an_independent_computation(bv_corpus):
    from criticlens.sentiment.arcs import syuzhet_dct

    rv = bv_corpus.reviews
    rid = str(rv.loc[rv["n_sentences"].idxmax(), "review_id"])  # the review with most sentences
    sents = bv_corpus.sentences[bv_corpus.sentences["review_id"] == rid]
    v = np.array([VADER.polarity_scores(t)["compound"] for t in sents["text"]])[:6]
    arc = syuzhet_dct(v, 5, 100) * 100 / 6
    over = max(0.0, arc.max() - v.max(), v.min() - arc.min())
    row = T.dct_ringing(bv_corpus, rid, lengths=[6]).iloc[0]
    assert row["overshoot"] == pytest.approx(over, abs=1e-12)
    ex = T.ex_dct_overshoot(bv_corpus)
    assert ex.answer is bool(over > 0)
    assert ex.check("yes" if over > 0 else "no").correct is True
    assert ex.check(bool(over <= 0)).correct is False


def test_dct_ringing_rejects_too_short(corpus):
    with pytest.raises(ValueError, match="needs at least 5"):
        T.dct_ringing(corpus, "x")


def test_dct_exercise_unavailable_when_every_review_is_too_short():
    c = criticlens.corpus_from_texts({"a": "One. Two.", "b": "Three. Four. Five."})
    ex = T.ex_dct_overshoot(c)
    assert ex.available is False and "3 sentences" in ex.question and ex.check("yes").correct is None


def test_negated_sentences(corpus):
    tab = T.negated_sentences(corpus)
    assert tab["text"].tolist() == ["It is not a bad film, it is a good one."]
    assert tab["negations"].tolist() == ["not"]
    assert tab["sent_id"].tolist() == [2]  # the third sentence: sent_id counts from 0
    assert tab["vader"].iloc[0] == VADER.polarity_scores(tab["text"].iloc[0])["compound"]


def test_tiny_keyness_counts(corpus):
    tab = T.tiny_keyness(corpus, top=3)
    assert tab["critic"].tolist() == ["Xena", "Yuri"]
    assert (tab["of"] <= 3).all()
    assert (tab["used_at_most_twice"] <= tab["of"]).all()


def test_review_verdicts(corpus):
    v = T.review_verdicts(corpus).set_index("review_id")
    y = [VADER.polarity_scores(t)["compound"] for t in
         corpus.sentences.loc[corpus.sentences["review_id"] == "y", "text"]]
    assert v.loc["y", "mean_vader"] == pytest.approx(np.mean(y), abs=1e-12)
    assert v.loc["y", "share_negative_vader"] == pytest.approx(np.mean(np.array(y) <= -0.05))


def test_solutions_cover_every_exercise(corpus):
    sol = T.solutions(corpus)
    assert sol["exercise"].tolist() == list(T.EXERCISES)
    assert sol.set_index("exercise").loc["longest", "answer"] == "Yuri"


# ------------------------------------------------------------------ the teacher notes stay true
def test_teacher_notes_match_the_bundled_answers(bv_corpus):
    """docs/teaching.md lists the bundled film's answers; they must be what the code computes."""
    doc = (PROJECT_ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| `(\w+)` \| ([^|]+?) \|", doc, flags=re.M))
    sol = T.solutions(bv_corpus).set_index("exercise")["answer"]
    assert set(table) == set(sol.index)
    for key, ans in sol.items():
        assert table[key] == str(ans), key


# ------------------------------------------------------------------ the student notebook
def test_student_notebook_has_the_header_every_exercise_and_no_solutions():
    import nbformat

    from criticlens.paths import NOTEBOOKS_DIR

    nb = nbformat.read(NOTEBOOKS_DIR / "07-lesson-reading-critics.ipynb", as_version=4)
    header = nb.cells[0].source
    for field in ("Description", "Learning objectives", "Difficulty", "Time", "Prerequisites",
                  "Data", "Libraries"):
        assert f"**{field}" in header, field
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for key in T.EXERCISES:
        assert f'exercises["{key}"].check(my_answer)' in code, key
    # predictions start empty, and nothing prints the answers
    assert code.count("my_answer = None") == len(T.EXERCISES)
    for leak in ("solutions(", ".solution", ".answer", ".why"):
        assert leak not in code, leak


def test_one_review_leaves_the_keyness_exercise_out_with_a_reason():
    """One review: no "rest" to compare with. The exercise is unavailable, says why (1 review
    with words), its check repeats that without judging, and the other exercises still build."""
    c = criticlens.corpus_from_texts({"a": "The cat sat on the mat. The dog ran."},
                                     critics={"a": "Ann"})
    ex = T.lesson_exercises(c)
    k = ex["keyness"]
    assert k.available is False
    assert k.question.startswith("This film has 1 review with words")
    fb = k.check(3)
    assert fb.correct is None and fb.message == k.question
    assert str(k) == f"**Exercise `keyness`.** {k.question}"  # no "Answer with a number."
    assert ex["longest"].answer == "Ann"
    tab = T.tiny_keyness(c)
    assert tab.empty and list(tab.columns) == T.TINY_KEYNESS_COLUMNS
