"""Teaching: predict-then-check exercises that answer back, and the pitfalls shown with real numbers.

The lesson ``notebooks/07-lesson-reading-critics.ipynb`` asks students to predict a result
before computing it. Each :class:`Exercise` is built from the corpus (its answer is computed by
the same package functions the analysis uses, never typed in), and :meth:`Exercise.check`
returns a :class:`Feedback` that says *why* an answer is wrong, with the corpus's own numbers,
rather than just "wrong". ``check(None)`` (the notebook's placeholder) is "no answer yet", so the
notebook runs top to bottom unattended.

The pitfall functions return small frames with the numbers behind four ways these methods
mislead on film criticism:

- :func:`sad_praise`: lexicon sentiment reads praise written in words of pain as negative;
- :func:`negation_phrases` and :func:`negated_sentences`: negation ("isn't a bad idea");
- :func:`dct_ringing`: the syuzhet DCT overshooting on short reviews;
- :func:`tiny_keyness`: "significant" keywords from a word used twice in a tiny corpus.

Teacher notes and the solutions for the bundled film are in ``docs/teaching.md``.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from criticlens.corpus.load import Corpus

Kind = Literal["choice", "number", "yesno"]

#: VADER's own neutral band for the compound score (Hutto and Gilbert 2014; vaderSentiment README).
VADER_NEUTRAL = 0.05
#: Rayson and Garside's (2000) critical value for p < 0.05 (one degree of freedom).
LL_P05 = 3.84
#: Phrases for the negation pitfall: a judgement, and the same judgement negated three ways.
NEGATION_PHRASES: tuple[str, ...] = (
    "a bad idea", "isn't a bad idea", "is not a bad idea", "a good idea", "isn't a good idea",
)
#: Contracted and plain negations searched for in the corpus (whole words, case-insensitive).
NEGATION_RE = re.compile(r"(?<![^\W_])(?:not|never|no|\w+n['\u2019]t|cannot)(?![^\W_])", re.IGNORECASE)
_YES = {"yes", "y", "true", "t", "1"}
_NO = {"no", "n", "false", "f", "0"}


# ---------------------------------------------------------------------------------- feedback
@dataclass(frozen=True)
class Feedback:
    """The answer to a check. ``correct`` is None when no answer was given yet."""

    correct: bool | None
    message: str
    expected: Any = None
    given: Any = None

    def __bool__(self) -> bool:
        return bool(self.correct)

    @property
    def icon(self) -> str:
        return {True: "\u2705", False: "\u274c", None: "\u270d\ufe0f"}[self.correct]

    def __str__(self) -> str:
        return f"{self.icon} {self.message}"

    def _repr_markdown_(self) -> str:
        return str(self)


@dataclass
class Exercise:
    """A predict-then-check question whose answer comes from the corpus.

    ``explain(given)`` returns the sentence that says what is wrong with a wrong (but valid)
    answer; ``why`` is shown with a right answer; ``solution`` is the teacher's account.
    """

    key: str
    question: str
    kind: Kind
    answer: Any
    options: tuple[str, ...] = ()
    tolerance: float = 0.0
    explain: Callable[[Any], str] = field(default=lambda given: "", repr=False)
    why: str = ""
    solution: str = ""
    available: bool = True

    def _repr_markdown_(self) -> str:
        text = f"**Exercise `{self.key}`.** {self.question}"
        if not self.available:  # the question says why there is nothing to answer
            return text
        if self.kind == "choice":
            text += "\n\nOptions: " + ", ".join(f"`{o}`" for o in self.options)
        elif self.kind == "yesno":
            text += "\n\nAnswer `yes` or `no`."
        else:
            text += "\n\nAnswer with a number."
        return text

    def __str__(self) -> str:
        return self._repr_markdown_()

    def check(self, response: Any) -> Feedback:
        """Check a prediction; never raises for a wrong or malformed answer, it explains it."""
        if not self.available:
            return Feedback(None, self.question, None, response)
        if response is None or (isinstance(response, str) and not response.strip()):
            return Feedback(None, "No answer yet: replace `None` with your prediction and run "
                            "the cell again.", self.answer, response)
        if self.kind == "choice":
            return self._check_choice(response)
        if self.kind == "yesno":
            return self._check_yesno(response)
        return self._check_number(response)

    def _right(self, response: Any) -> Feedback:
        return Feedback(True, "Right. " + self.why, self.answer, response)

    def _wrong(self, response: Any, lead: str) -> Feedback:
        return Feedback(False, (lead + " " + self.explain(response)).strip(), self.answer, response)

    def _check_choice(self, response: Any) -> Feedback:
        given = str(response).strip()
        lookup = {o.casefold(): o for o in self.options}
        canon = lookup.get(given.casefold())
        if canon is None:
            return Feedback(False, f"{given!r} is not one of the options: "
                            + ", ".join(repr(o) for o in self.options) + ".", self.answer, response)
        if canon == self.answer:
            return self._right(response)
        return self._wrong(canon, f"Not quite: the answer is not {canon!r}.")

    def _check_yesno(self, response: Any) -> Feedback:
        if isinstance(response, bool):
            val = response
        else:
            s = str(response).strip().casefold()
            if s not in _YES | _NO:
                return Feedback(False, f"Please answer yes or no, not {response!r}.", self.answer,
                                response)
            val = s in _YES
        if val == self.answer:
            return self._right(response)
        return self._wrong(val, f"Not quite: the answer is {'yes' if self.answer else 'no'}.")

    def _check_number(self, response: Any) -> Feedback:
        try:
            val = float(str(response).strip().rstrip("%")) if not isinstance(response, (int, float)) \
                else float(response)
        except ValueError:
            return Feedback(False, f"Please give a number, not {response!r}.", self.answer, response)
        if math.isnan(val):
            return Feedback(False, "Please give a number, not NaN.", self.answer, response)
        if abs(val - float(self.answer)) <= self.tolerance:
            return self._right(response)
        side = "too high" if val > self.answer else "too low"
        return self._wrong(val, f"Not quite: {val:g} is {side}.")


# ---------------------------------------------------------------------------------- helpers
def _sentence_scores(corpus: Corpus) -> pd.DataFrame:
    """One row per body sentence: review_id, label, sent_id, text, position, critic, textblob,
    vader (primary measures), judgement (the critic engine's judgement probability) and cls
    (:func:`criticlens.treatment.core.classify_sentences`)."""
    from criticlens.sentiment.engines import primary_scores, sentence_sentiment
    from criticlens.treatment.core import classify_sentences

    sc = sentence_sentiment(corpus, engines=("critic", "vader", "textblob"))
    jud = sc[(sc["engine"] == "critic") & (sc["measure"] == "judgement")]
    sc = primary_scores(sc)
    wide = sc.pivot(index=["review_id", "sent_id"], columns="engine", values="score").reset_index()
    wide.columns.name = None
    sents = corpus.sentences[["review_id", "sent_id", "text", "position"]].copy()
    sents["review_id"] = sents["review_id"].astype("string")
    out = sents.merge(wide, on=["review_id", "sent_id"], how="left", validate="one_to_one")
    out["judgement"] = jud["score"].to_numpy(dtype=float)
    cl = classify_sentences(corpus)
    out["cls"] = cl["cls"].to_numpy(dtype=object)
    labels = corpus.labels()
    out.insert(1, "label", [labels[r] for r in out["review_id"]])
    return out


def critic_reasons(text: str, top: int = 3) -> str:
    """The ``top`` features that moved the critic engine's polarity most, as ``"feature" +0.43``
    (log-odds; :func:`criticlens.sentiment.critic.explain`)."""
    from criticlens.sentiment.critic import explain

    return ", ".join(f"\u201c{f}\u201d {c:+.2f}" for f, c in explain(text, top=top)["features"])


def vader_sign(score: float) -> str:
    """``positive``, ``negative`` or ``neutral`` by VADER's ±0.05 convention."""
    if score >= VADER_NEUTRAL:
        return "positive"
    if score <= -VADER_NEUTRAL:
        return "negative"
    return "neutral"


def sign_word(score: float) -> str:
    """``positive``, ``negative`` or ``zero`` (exactly)."""
    return "positive" if score > 0 else "negative" if score < 0 else "zero"


def lexicon_words(text: str) -> list[tuple[str, float]]:
    """Words of ``text`` found in VADER's lexicon, with their valence (-4..4), in text order."""
    from criticlens.sentiment import vader_lexicon

    lex = vader_lexicon()
    out = []
    for w in re.findall(r"[^\W_]+(?:['\u2019-][^\W_]+)*", text):
        v = lex.get(w.casefold().replace("\u2019", "'"))
        if v is not None:
            out.append((w, float(v)))
    return out


def _fmt_words(words: Sequence[tuple[str, float]]) -> str:
    return ", ".join(f"\u201c{w}\u201d {v:+.1f}" for w, v in words) or "none"


# ---------------------------------------------------------------------------------- pitfalls
def _pained_praise(s: pd.DataFrame) -> pd.DataFrame:
    """Rows of a :func:`_sentence_scores` frame that praise the film in words of pain."""
    from criticlens.sentiment.engines import PAIN_PRAISE_WORDS

    pat = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, PAIN_PRAISE_WORDS)) + r")(?![\w-])",
                     re.IGNORECASE)
    keep = (s["cls"] == "judgement") & (s["critic"] > 0) & s["text"].map(
        lambda t: bool(pat.search(str(t))))
    return s[keep.to_numpy(dtype=bool)]


def sad_praise(corpus: Corpus, n: int = 5) -> pd.DataFrame:
    """Praise in words of pain: judgement sentences the critic engine reads as praise (polarity
    > 0) that hold words of negative valence in VADER's lexicon, VADER's lowest first.

    A sentence qualifies when it is classed ``judgement``
    (:func:`criticlens.treatment.core.classify_sentences`), the critic engine reads it as praise
    and it uses a word of :data:`criticlens.sentiment.engines.PAIN_PRAISE_WORDS`. Columns:
    label, sent_id (0-based, as everywhere in criticlens), vader, textblob, critic (the critic engine's
    polarity), negative_words (VADER lexicon words with negative valence), critic_reasons (the
    n-grams that moved the critic engine most, :func:`critic_reasons`), text. So a plot
    sentence telling a sad story is never shown as praise. The lexicons score the words;
    the critic engine, trained on critics' verdicts, learned that "devastating" and "shattering"
    are praise in a review.
    """
    s = _pained_praise(_sentence_scores(corpus))
    s = s.sort_values(["vader", "review_id", "sent_id"], kind="stable").head(n)
    return pd.DataFrame({
        "label": s["label"].to_numpy(dtype=object),
        "sent_id": s["sent_id"].to_numpy(dtype=np.int64),
        "vader": s["vader"].to_numpy(dtype=float),
        "textblob": s["textblob"].to_numpy(dtype=float),
        "critic": s["critic"].to_numpy(dtype=float),
        "negative_words": [_fmt_words([x for x in lexicon_words(t) if x[1] < 0])
                           for t in s["text"]],
        "critic_reasons": [critic_reasons(t) for t in s["text"]],
        "text": s["text"].to_numpy(dtype=object),
    })


def review_verdicts(corpus: Corpus) -> pd.DataFrame:
    """Per review: mean VADER and TextBlob score, the share of sentences VADER calls negative,
    and the critic engine's verdict and verdict score (:func:`criticlens.verdict`)."""
    from criticlens.treatment.core import verdict

    s = _sentence_scores(corpus)
    g = s.groupby("review_id", sort=False)
    out = pd.DataFrame({
        "label": g["label"].first(),
        "sentences": g.size(),
        "mean_vader": g["vader"].mean(),
        "mean_textblob": g["textblob"].mean(),
        "share_negative_vader": g["vader"].apply(lambda v: float((v <= -VADER_NEUTRAL).mean())),
    }).reset_index()
    v = verdict(corpus).set_index("review_id")
    out["critic_verdict"] = [v.loc[str(r), "verdict"] for r in out["review_id"]]
    out["critic_score"] = [float(v.loc[str(r), "verdict_score"]) for r in out["review_id"]]
    return out


def negation_phrases(phrases: Sequence[str] = NEGATION_PHRASES) -> pd.DataFrame:
    """VADER compound and TextBlob polarity for each phrase, exactly as the libraries return them."""
    from criticlens.sentiment.engines import primary_measure, score_texts

    long = score_texts(list(phrases), ("vader", "textblob"))
    out = pd.DataFrame({"phrase": list(phrases)})
    for eng in ("vader", "textblob"):
        sel = long[(long["engine"] == eng) & (long["measure"] == primary_measure(eng))]
        out[eng] = sel.sort_values("text_id")["score"].to_numpy(dtype=float)
    return out


def negated_sentences(corpus: Corpus) -> pd.DataFrame:
    """Corpus sentences containing a negation, with both engines' scores and the negations.

    Columns: label, sent_id (0-based), negations, vader, textblob, disagree (the engines'
    signs differ), text. Contracted negations ("isn't") are where TextBlob's pattern analyser,
    which only negates after a separate word such as "not" or "never", is most often wrong.
    """
    s = _sentence_scores(corpus)
    neg = [NEGATION_RE.findall(t) for t in s["text"]]
    keep = np.array([bool(x) for x in neg])
    s = s[keep]
    return pd.DataFrame({
        "label": s["label"].to_numpy(dtype=object),
        "sent_id": s["sent_id"].to_numpy(dtype=np.int64),
        "negations": [", ".join(x) for x, k in zip(neg, keep) if k],
        "vader": s["vader"].to_numpy(dtype=float),
        "textblob": s["textblob"].to_numpy(dtype=float),
        "disagree": np.sign(s["vader"].to_numpy(dtype=float)) != np.sign(s["textblob"].to_numpy(dtype=float)),
        "text": s["text"].to_numpy(dtype=object),
    })


def _review_scores(corpus: Corpus, review_id: str, engine: str = "vader") -> np.ndarray:
    s = _sentence_scores(corpus)
    return s.loc[s["review_id"] == review_id, engine].to_numpy(dtype=float)


def longest_review_id(corpus: Corpus) -> str:
    """Review with the most body words (first in corpus order on a tie)."""
    rv = corpus.reviews
    return str(rv.loc[rv["n_words"].idxmax(), "review_id"])


#: Columns of :func:`dct_ringing` (also of its empty frame, for a film of short reviews).
RINGING_COLUMNS = ["review_id", "label", "sentences", "score_min", "score_max", "arc_min",
                   "arc_max", "overshoot", "turns", "raw_range"]


def dct_ringing(corpus: Corpus, review_id: str | None = None, *, engine: str = "vader",
                low_pass_size: int = 5, lengths: Sequence[int] | None = None) -> pd.DataFrame:
    """How the syuzhet DCT arc behaves as a review gets shorter.

    Takes the first ``k`` sentences of one review (default: the longest) for each ``k`` in
    ``lengths`` (default ``low_pass_size`` .. 10, then every 5, then all), and reports for the
    length-corrected DCT arc (:func:`criticlens.sentiment.arcs.dct_arc`, 100 points):

    - ``score_min``, ``score_max``: the lowest and highest sentence score;
    - ``arc_min``, ``arc_max``: the arc's extremes;
    - ``overshoot``: how far the arc goes beyond the sentence scores (max of the excess above
      the highest and below the lowest, 0 if it stays inside): ringing;
    - ``turns``: interior peaks and valleys of the arc;
    - ``raw_range``: the range of syuzhet's *unscaled* output, which grows with ``k``.

    When no review has ``low_pass_size`` sentences (a film of one-line snippets), the frame is
    empty; a ``review_id`` too short is a ``ValueError``.
    """
    from criticlens.sentiment.arcs import dct_arc, local_extrema, syuzhet_dct

    rid = longest_review_id(corpus) if review_id is None else str(review_id)
    v = _review_scores(corpus, rid, engine)
    n = len(v)
    if n < low_pass_size and review_id is None:  # the film's longest review is too short:
        return pd.DataFrame(columns=RINGING_COLUMNS)  # nothing to show (the notebook says so)
    if n < low_pass_size:
        raise ValueError(f"review {rid} has {n} sentences; the DCT with low_pass_size="
                         f"{low_pass_size} needs at least {low_pass_size}")
    if lengths is None:
        ks = list(range(low_pass_size, min(n, 10) + 1)) + list(range(15, n, 5)) + [n]
    else:
        ks = [int(k) for k in lengths]
    rows = []
    for k in sorted(set(ks)):
        if not low_pass_size <= k <= n:
            raise ValueError(f"length {k} outside {low_pass_size}..{n} for review {rid}")
        x = v[:k]
        arc = dct_arc(x, low_pass_size)
        raw = syuzhet_dct(x, low_pass_size)
        mx, mn = local_extrema(arc)
        turns = len([i for i in mx + mn if 0 < i < len(arc) - 1])
        over = max(0.0, float(arc.max() - x.max()), float(x.min() - arc.min()))
        rows.append({"review_id": rid, "label": corpus.labels()[rid], "sentences": k,
                     "score_min": float(x.min()), "score_max": float(x.max()),
                     "arc_min": float(arc.min()), "arc_max": float(arc.max()),
                     "overshoot": over, "turns": turns, "raw_range": float(raw.max() - raw.min())})
    return pd.DataFrame(rows)


def keyness_threshold(corpus: Corpus, review_id: str | None = None, *, critical: float = LL_P05,
                      max_k: int = 50) -> tuple[int, pd.DataFrame]:
    """Smallest count ``k`` of a word used only in one review that passes ``critical``.

    Sizes are body word counts (``reviews.n_words``): the review (default the shortest) against
    the rest of the corpus. Returns ``(k, table)`` where ``table`` has the log-likelihood for
    ``k = 1 .. k`` (Rayson and Garside 2000, :func:`criticlens.vocab.keyness.log_likelihood`).
    """
    from criticlens.vocab.keyness import log_likelihood

    rv = corpus.reviews
    rid = str(rv.loc[rv["n_words"].idxmin(), "review_id"]) if review_id is None else str(review_id)
    n_i = int(rv.loc[rv["review_id"] == rid, "n_words"].iloc[0])
    n_rest = int(rv["n_words"].sum()) - n_i
    if n_rest <= 0:
        raise ValueError("keyness needs at least two reviews with words")
    rows = []
    for k in range(1, max_k + 1):
        ll = float(log_likelihood(k, 0, n_i, n_rest))
        rows.append({"review_id": rid, "label": corpus.labels()[rid], "count": k,
                     "review_words": n_i, "other_words": n_rest, "log_likelihood": ll})
        if ll >= critical:
            return k, pd.DataFrame(rows)
    raise ValueError(f"no count up to {max_k} reaches {critical}")


TINY_KEYNESS_COLUMNS = ["critic", "top_terms", "used_at_most_twice", "significant", "of"]


def tiny_keyness(corpus: Corpus, top: int = 10) -> pd.DataFrame:
    """Each critic's top log-likelihood keywords (one vs the rest) and how thin they are.

    Returns one row per critic: the top terms with their counts, how many of the ``top`` are
    used at most twice, and how many are labelled significant (p < 0.05 or better). A film
    with one critic has nobody to compare with: no rows (the columns all the same).
    """
    from criticlens.vocab.keyness import NOT_SIGNIFICANT, keyness, top_terms
    from criticlens.vocab.counts import term_counts

    counts = term_counts(corpus)
    res = keyness(counts, method="log_likelihood", order=list(corpus.labels().values()))
    tt = top_terms(res, top)
    rows = []
    for critic, g in tt.groupby("critic", sort=False):
        rows.append({
            "critic": critic,
            "top_terms": ", ".join(f"{t} ({int(c)})" for t, c in zip(g["term"], g["count"])),
            "used_at_most_twice": int((g["count"] <= 2).sum()),
            "significant": int((g["significance"] != NOT_SIGNIFICANT).sum()),
            "of": len(g),
        })
    return pd.DataFrame(rows, columns=TINY_KEYNESS_COLUMNS)


# ---------------------------------------------------------------------------------- exercises
def ex_longest_review(corpus: Corpus) -> Exercise:
    """Which critic wrote the longest review body (in words)?"""
    rv = corpus.reviews
    labels = corpus.labels()
    words = {labels[str(r)]: int(n) for r, n in zip(rv["review_id"], rv["n_words"])}
    ans = labels[longest_review_id(corpus)]
    ids = {str(r): labels[str(r)] for r in rv["review_id"]}

    def explain(given: str) -> str:
        return (f"{given} wrote {words[given]} words in the review body; {ans} wrote "
                f"{words[ans]}. Only the body counts: headlines, bylines, signatures and "
                "listing lines are set aside by the loader.")

    ex = Exercise(
        key="longest",
        question="Skim the reviews. Which critic wrote the longest review body, in words?",
        kind="choice", answer=ans, options=tuple(words), explain=explain,
        why=f"{ans} wrote {words[ans]} body words (the others: "
            + ", ".join(f"{k} {v}" for k, v in words.items() if k != ans) + ").",
    )
    # a review id is accepted for its label
    base_check = ex.check

    def check(response: Any) -> Feedback:
        if isinstance(response, str) and response.strip() in ids:
            response = ids[response.strip()]
        return base_check(response)

    ex.check = check  # type: ignore[method-assign]
    ex.solution = ex.why
    return ex


def _praise_sentence(corpus: Corpus) -> pd.Series:
    """The sentence of praise in words of pain (:func:`sad_praise`) that VADER scores lowest;
    without one, the lowest-VADER judgement sentence the critic engine reads as praise."""
    s = _sentence_scores(corpus)
    praise = s[(s["cls"] == "judgement") & (s["critic"] > 0)]
    pained = _pained_praise(s)
    pool = pained if len(pained) else praise if len(praise) else s
    return pool.sort_values(["vader", "review_id", "sent_id"], kind="stable").iloc[0]


def ex_sad_praise(corpus: Corpus) -> Exercise:
    """Predict VADER's sign for a sentence of praise written in words of pain."""
    row = _praise_sentence(corpus)
    ans = vader_sign(float(row["vader"]))
    words = lexicon_words(str(row["text"]))
    detail = (f"VADER's compound score is {row['vader']:+.4f} (TextBlob polarity "
              f"{row['textblob']:+.4f}); the critic engine, trained on critics' verdicts, gives "
              f"{row['critic']:+.4f}. The VADER lexicon words in it: {_fmt_words(words)}. "
              f"What moved the critic engine most: {critic_reasons(str(row['text']))}.")

    def explain(given: str) -> str:
        return detail + " VADER adds up word valences; it does not know whether the sad words " \
                        "describe the story or the critic's verdict."

    return Exercise(
        key="sad_praise",
        question=(f"Read this sentence of {row['label']}'s review (sent_id {int(row['sent_id'])}, "
                  f"counting from 0), a judgement of the film:\n\n"
                  f"> {row['text']}\n\nWill VADER call it positive, negative or neutral "
                  f"(compound at least +{VADER_NEUTRAL}, at most -{VADER_NEUTRAL}, or between)?"),
        kind="choice", answer=ans, options=("positive", "negative", "neutral"), explain=explain,
        why=detail, solution=f"{ans}. {detail}",
    )


def ex_negation(corpus: Corpus | None = None) -> Exercise:
    """Predict TextBlob's sign for "isn't a bad idea" (it misses the contracted negation)."""
    ph = negation_phrases(("a bad idea", "isn't a bad idea", "is not a bad idea")).set_index("phrase")
    base, contracted, spelled = (float(ph.loc[p, "textblob"]) for p in ph.index)
    v_contracted = float(ph.loc["isn't a bad idea", "vader"])
    ans = sign_word(contracted)
    detail = (f"TextBlob gives \u201cisn't a bad idea\u201d {contracted:+.2f}, the same as "
              f"\u201ca bad idea\u201d ({base:+.2f}), but \u201cis not a bad idea\u201d "
              f"{spelled:+.2f}: its rule negates after a separate word such as \u201cnot\u201d, "
              f"and \u201cisn't\u201d is not one. VADER, whose negation list has \u201cisn't\u201d, "
              f"gives {v_contracted:+.4f}.")
    return Exercise(
        key="negation",
        question=(f"TextBlob scores \u201ca bad idea\u201d {base:+.2f}. Predict the sign of "
                  "TextBlob's polarity for \u201cisn't a bad idea\u201d."),
        kind="choice", answer=ans, options=("positive", "negative", "zero"),
        explain=lambda given: detail, why=detail, solution=f"{ans}. {detail}",
    )


def ex_dct_overshoot(corpus: Corpus, *, low_pass_size: int = 5) -> Exercise:
    """Predict whether the DCT arc of a capsule-length review overshoots its sentence scores.

    Uses the first ``low_pass_size + 1`` sentences of the review with the most sentences.
    """
    rv = corpus.reviews
    rid = str(rv.loc[rv["n_sentences"].idxmax(), "review_id"])
    n = int(rv["n_sentences"].max())
    if n < low_pass_size:
        return Exercise(key="dct", question=(
            f"The longest review here has {n} sentences, fewer than the {low_pass_size} the DCT "
            "needs, so there is no DCT exercise for this film."), kind="yesno", answer=False,
            available=False, solution=f"(no review has {low_pass_size} sentences)")
    k = min(n, low_pass_size + 1)
    row = dct_ringing(corpus, rid, low_pass_size=low_pass_size, lengths=[k]).iloc[0]
    ans = bool(row["overshoot"] > 0)
    span = (f"Over the first {k} sentences the scores run from {row['score_min']:+.3f} to "
            f"{row['score_max']:+.3f}; the DCT arc runs from {row['arc_min']:+.3f} to "
            f"{row['arc_max']:+.3f}")
    if ans:
        detail = (f"{span}, so it overshoots by {row['overshoot']:.3f}. With only {k} sentences, "
                  f"{low_pass_size} cosines nearly interpolate the points and swing past them "
                  "(ringing): a peak or valley no sentence has.")
    else:
        detail = (f"{span}, inside the scores this time. Ringing depends on where the strong "
                  "sentences fall; the pitfall table shows the overshoot for each length.")
    return Exercise(
        key="dct",
        question=(f"Treat the first {k} sentences of {row['label']}'s review as a capsule review. "
                  f"Smooth their VADER scores with syuzhet's DCT ({low_pass_size} coefficients). "
                  "Will the arc go above the highest sentence score or below the lowest anywhere?"),
        kind="yesno", answer=ans, explain=lambda given: detail, why=detail,
        solution=f"{'yes' if ans else 'no'}. {detail}",
    )


def ex_keyness_threshold(corpus: Corpus) -> Exercise:
    """Predict how many uses make a word 'significantly' key in the shortest review.

    A film with one review (or one review with words) has no "rest" to compare with: the
    exercise is then not available and its question says why (its ``check`` repeats it)."""
    rv = corpus.reviews
    with_words = int((rv["n_words"] > 0).sum())
    if with_words < 2:
        why = (f"This film has {with_words} review{'' if with_words == 1 else 's'} with words: "
               "keyness sets one review against the others, so there is no keyness exercise "
               "here (try a film with two critics or more).")
        return Exercise(key="keyness", question=why, kind="number", answer=0, available=False,
                        solution="(one critic: nothing to compare)")
    k, table = keyness_threshold(corpus)
    lab = table["label"].iloc[0]
    lls = "; ".join(f"{int(r.count)} use{'s' if r.count > 1 else ''}: LL {r.log_likelihood:.2f}"
                    for r in table.itertuples())
    detail = (f"{lab}'s review has {table['review_words'].iloc[0]} body words and the others "
              f"{table['other_words'].iloc[0]}. A word used only there gives {lls}; the p < 0.05 "
              f"critical value is {LL_P05}. So {k} use{'s already count' if k > 1 else ' already counts'} as "
              "\u201csignificant\u201d: in a tiny corpus significance says little.")
    return Exercise(
        key="keyness",
        question=(f"A word appears in {lab}'s review and in no other review. How many times must "
                  f"it appear there for its log-likelihood keyness to pass {LL_P05} (p < 0.05)?"),
        kind="number", answer=k, explain=lambda given: detail, why=detail,
        solution=f"{k}. {detail}",
    )


def ex_scene_critics(corpus: Corpus) -> Exercise:
    """Predict how many critics bring up the film's first scene that anyone mentions."""
    from criticlens.mentions.scenes import find_mentions

    scenes = list(corpus.film.scenes_in_order()) if corpus.film is not None else []
    m = find_mentions(corpus, sentiment=False) if scenes else None
    mentioned = [s for s in scenes if m is not None and (m["scene_id"] == s.id).any()]
    n_crit = len(corpus.review_ids)
    if not mentioned:
        return Exercise(key="scene", question="This film's film.yaml lists no scene that a critic "
                        "mentions, so there is no scene exercise.", kind="number", answer=0,
                        available=False, solution="(no scene mentioned)")
    sc = mentioned[0]
    g = m[m["scene_id"] == sc.id]
    who = list(dict.fromkeys(g["critic"]))
    ans = len(who)
    first = {c: str(g.loc[g["critic"] == c, "matched"].iloc[0]) for c in who}
    detail = (f"{ans} of {n_crit} critics mention \u201c{sc.label}\u201d: "
              + "; ".join(f"{c} (\u201c{t}\u201d)" for c, t in first.items()) + ".")
    return Exercise(
        key="scene",
        question=(f"The scene \u201c{sc.label}\u201d is matched by the terms "
                  f"{', '.join(sc.terms) or '(patterns only)'}. How many of the {n_crit} critics "
                  "bring it up?"),
        kind="number", answer=ans, explain=lambda given: detail, why=detail,
        solution=f"{ans}. {detail}",
    )


EXERCISES: dict[str, Callable[[Corpus], Exercise]] = {
    "longest": ex_longest_review,
    "sad_praise": ex_sad_praise,
    "negation": ex_negation,
    "dct": ex_dct_overshoot,
    "keyness": ex_keyness_threshold,
    "scene": ex_scene_critics,
}


def lesson_exercises(corpus: Corpus) -> dict[str, Exercise]:
    """Every lesson exercise, built from ``corpus`` (key -> :class:`Exercise`)."""
    return {k: f(corpus) for k, f in EXERCISES.items()}


def solutions(corpus: Corpus) -> pd.DataFrame:
    """The teacher's table: exercise key, answer, and the explanation with the numbers."""
    ex = lesson_exercises(corpus)
    return pd.DataFrame({
        "exercise": list(ex),
        "answer": [("yes" if e.answer else "no") if e.kind == "yesno" else e.answer
                   for e in ex.values()],
        "solution": [e.solution for e in ex.values()],
    })


def pitfall_notes(pit: pd.DataFrame, *, engines: Sequence[str] = ("vader", "textblob"),
                  width: int = 110) -> str:
    """What the pitfall table of a film says, as sentences generated from it (notebook 02).

    ``pit`` is :func:`criticlens.sentiment.engines.lexicon_pitfalls` (one row per sentence using
    a word of pain, one column per engine). Names each sentence that some engine scores below
    zero, with every engine's score, and the words of pain in this corpus that an engine gives
    no value at all (a word outside its lexicon counts for nothing). Nothing here names a film:
    the numbers follow the data and the engines.
    """
    from criticlens.sentiment.engines import word_scores

    engines = [e for e in engines if e in pit.columns]
    if pit.empty or not engines:
        return "No sentence of this corpus uses a word of pain."
    lines = []
    neg = pit[(pit[engines] < 0).any(axis=1)]
    lines.append(f"{len(neg)} of the {len(pit)} sentences with a word of pain score below zero "
                 f"on at least one engine:")
    for r in neg.itertuples(index=False):
        text = " ".join(str(r.text).split())
        text = text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + " …"
        scores = ", ".join(f"{e} {getattr(r, e):+.2f}" for e in engines)
        lines.append(f"  - {r.label}, sent_id {int(r.sent_id)} ({r.words}): {scores}\n    “{text}”")
    used = sorted({w for ws in pit["words"] for w in str(ws).split(", ")})
    ws = word_scores(used, engines)
    for e in engines:
        blind = ws.loc[ws[e] == 0, "word"].tolist()
        if blind:
            lines.append(f"{e} gives {', '.join(repr(w) for w in blind)} a score of 0 on its own: "
                         "these words of pain count for nothing there.")
    return "\n".join(lines)
