"""Sentence sentiment from a small registry of engines.

Three engines are built in. ``"critic"`` is the project's own, trained on critics' verdicts
(:mod:`criticlens.sentiment.critic`): measures ``polarity`` (-1..1, ``2p - 1`` with ``p`` the
calibrated probability that the sentence is favourable) and ``judgement`` (0..1, the probability
that the sentence is the critic's judgement rather than synopsis). It is the default for every
tone-based output. The two lexicons are called exactly as their libraries document them, on each
sentence's raw ``text`` (never the normalised form), so every score equals what the library
returns when called directly on that sentence:

- ``"textblob"``: TextBlob's default analyser (the Pattern lexicon shipped inside TextBlob, no
  corpora download), ``TextBlob(text).sentiment`` -> measures ``polarity`` (-1..1) and
  ``subjectivity`` (0..1).
- ``"vader"``: VADER (Hutto and Gilbert 2014) from the ``vaderSentiment`` package, which ships
  its lexicon: ``SentimentIntensityAnalyzer().polarity_scores(text)`` -> measures ``compound``
  (-1..1, normalised sum), ``pos``, ``neu``, ``neg`` (proportions).

A user adds a word-list engine from a CSV file with two columns ``word,score`` and no code::

    import criticlens
    criticlens.register_wordlist_engine("mylex", "mylex.csv")
    scores = criticlens.sentence_sentiment(corpus, engines=("textblob", "vader", "mylex"))

Every engine is an object with ``name``, ``measures`` (the measures it returns, in order),
``primary`` (the measure an arc follows) and ``score_many(texts) -> {measure: [float, ...]}``,
which scores a whole list of texts at once (so an engine can batch, deduplicate or use a fast
path without changing its callers).
"""
from __future__ import annotations

import csv
import math
import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np
import pandas as pd

from criticlens.memo import shared

if TYPE_CHECKING:  # pragma: no cover
    from criticlens.corpus.load import Corpus

#: Engines :func:`sentence_sentiment` uses when none are named.
DEFAULT_ENGINES: tuple[str, ...] = ("textblob", "vader")
#: Columns of the long frame returned by :func:`sentence_sentiment`.
SCORE_COLUMNS: tuple[str, ...] = ("review_id", "sent_id", "engine", "measure", "score")

_ENGINE_NAME_RE = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")


@runtime_checkable
class Engine(Protocol):
    """What the registry holds: an object that scores many texts at once."""

    name: str
    measures: tuple[str, ...]
    primary: str

    def score_many(self, texts: Sequence[str]) -> dict[str, list[float]]:
        """Return ``{measure: [score per text]}`` for every measure in ``measures``."""
        ...


# --------------------------------------------------------------------------------------------
# built-in engines (kept small and isolated: the scale issue plugs an exact fast path in here)
# --------------------------------------------------------------------------------------------
class TextBlobEngine:
    """TextBlob's default analyser: ``TextBlob(text).sentiment`` (polarity, subjectivity)."""

    name = "textblob"
    measures: tuple[str, ...] = ("polarity", "subjectivity")
    primary = "polarity"

    def score_many(self, texts: Sequence[str]) -> dict[str, list[float]]:
        # the exact fast path (criticlens.sentiment._fast): the same floats as TextBlob(t).sentiment
        from criticlens.sentiment._fast import score_texts as _fast

        fr = _fast(texts, engines=("textblob",))
        return {m: fr[f"textblob_{m}"].tolist() for m in self.measures}


class VaderEngine:
    """VADER: ``SentimentIntensityAnalyzer().polarity_scores(text)`` (compound, pos, neu, neg)."""

    name = "vader"
    measures: tuple[str, ...] = ("compound", "pos", "neu", "neg")
    primary = "compound"

    def score_many(self, texts: Sequence[str]) -> dict[str, list[float]]:
        # the exact fast path (criticlens.sentiment._fast): the same floats as polarity_scores(t)
        from criticlens.sentiment._fast import score_texts as _fast

        fr = _fast(texts, engines=("vader",))
        return {m: fr[f"vader_{m}"].tolist() for m in self.measures}


def _critic_engine() -> Engine:
    """The shipped ``critic`` model (weights read once per process)."""
    from criticlens.sentiment.critic import default_model

    return default_model()


class CriticVoiceEngine:
    """``critic-voice``: the critic engine's polarity weighted by the sentence's judgement
    probability (measure ``tone`` = polarity x judgement, -1..1). A retelling of the plot
    (judgement near 0) comes out near 0 whatever the story's mood, a judgement keeps its
    polarity: the arc of the critic's own voice, which the comparison page and the crux draw."""

    name = "critic-voice"
    measures: tuple[str, ...] = ("tone",)
    primary = "tone"

    def score_many(self, texts: Sequence[str]) -> dict[str, list[float]]:
        from criticlens.sentiment.critic import default_model

        sc = default_model().score_many(texts)
        return {"tone": [p * j for p, j in zip(sc["polarity"], sc["judgement"])]}


# --------------------------------------------------------------------------------------------
# word-list engine
# --------------------------------------------------------------------------------------------
#: Words for the word-list engine: letters/digits, with inner apostrophes or hyphens kept.
WORD_RE = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-"})


def wordlist_tokens(text: str) -> list[str]:
    """Lower-cased words as the word-list engine sees them (curly apostrophes made straight)."""
    return WORD_RE.findall(text.translate(_APOSTROPHES).casefold())


class WordListEngine:
    """Scores a text from a word -> score lexicon (as syuzhet's ``get_sent_values`` does).

    Measures:

    - ``sum``: the sum of the scores of every word occurrence found in the lexicon (syuzhet's
      convention, except that a repeated word counts each time it occurs);
    - ``mean``: ``sum`` divided by the number of lexicon words found (0.0 when none), which stays
      on the lexicon's own scale whatever the sentence length.

    Words are matched whole and case-insensitively after :func:`wordlist_tokens`; a lexicon entry
    must be a single word (no spaces).
    """

    measures: tuple[str, ...] = ("sum", "mean")

    def __init__(self, name: str, lexicon: dict[str, float], *, primary: str = "sum",
                 source: str = "<dict>") -> None:
        _check_name(name)
        if primary not in self.measures:
            raise ValueError(f"word-list engine {name!r}: primary must be one of {self.measures}")
        if not lexicon:
            raise ValueError(f"word-list engine {name!r}: the lexicon from {source} is empty")
        self.name = name
        self.primary = primary
        self.source = source
        self.lexicon = dict(lexicon)

    def score_many(self, texts: Sequence[str]) -> dict[str, list[float]]:
        sums: list[float] = []
        means: list[float] = []
        lex = self.lexicon
        for t in texts:
            hits = [lex[w] for w in wordlist_tokens(t) if w in lex]
            s = math.fsum(hits)
            sums.append(s)
            means.append(s / len(hits) if hits else 0.0)
        return {"sum": sums, "mean": means}


def read_wordlist(path: str | os.PathLike[str], *, word_col: str = "word",
                  score_col: str = "score") -> dict[str, float]:
    """Read a ``word,score`` CSV (UTF-8, header row) into a lexicon.

    Raises ``ValueError`` naming the file and line for a missing column, an empty or multi-word
    entry, a score that is not a finite number, or a word listed twice with different scores.
    Words are case-folded (curly apostrophes made straight) so they match :func:`wordlist_tokens`.
    """
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"word list not found: {p}")
    lex: dict[str, float] = {}
    first_line: dict[str, int] = {}
    with p.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        for col in (word_col, score_col):
            if col not in header:
                raise ValueError(f"{p}: no column {col!r} (header is {header!r}); "
                                 f"expected columns {word_col!r} and {score_col!r}")
        for row in reader:
            line = reader.line_num
            raw_word = (row.get(word_col) or "").strip()
            raw_score = (row.get(score_col) or "").strip()
            if not raw_word and not raw_score:
                continue  # blank line
            word = raw_word.translate(_APOSTROPHES).casefold()
            if not word:
                raise ValueError(f"{p}, line {line}: empty word")
            if wordlist_tokens(word) != [word]:
                raise ValueError(f"{p}, line {line}: {raw_word!r} is not a single word "
                                 "(the word-list engine matches single words only)")
            try:
                score = float(raw_score)
            except ValueError:
                raise ValueError(f"{p}, line {line}: score {raw_score!r} for {raw_word!r} "
                                 "is not a number") from None
            if not math.isfinite(score):
                raise ValueError(f"{p}, line {line}: score for {raw_word!r} is not finite")
            if word in lex and lex[word] != score:
                raise ValueError(f"{p}, line {line}: {raw_word!r} listed again with score "
                                 f"{score} (line {first_line[word]} gave {lex[word]})")
            lex.setdefault(word, score)
            first_line.setdefault(word, line)
    if not lex:
        raise ValueError(f"{p}: no words in the word list")
    return lex


# --------------------------------------------------------------------------------------------
# registry
# --------------------------------------------------------------------------------------------
_FACTORIES: dict[str, Callable[[], Engine]] = {
    "textblob": TextBlobEngine,
    "vader": VaderEngine,
    "critic": _critic_engine,
    "critic-voice": CriticVoiceEngine,
}
_BUILTIN = frozenset(_FACTORIES)
_INSTANCES: dict[str, Engine] = {}


def _check_name(name: str) -> None:
    if not isinstance(name, str) or not _ENGINE_NAME_RE.match(name):
        raise ValueError(f"bad engine name {name!r}: use lower-case letters, digits, '_' or '-'")


def register_engine(name: str, engine: Engine | Callable[[], Engine], *,
                    replace: bool = False) -> None:
    """Add an engine (an object, or a zero-argument factory building one) under ``name``.

    Refuses to shadow an existing name unless ``replace=True``; the built-in ``critic``,
    ``textblob`` and ``vader`` can never be replaced (parity with the libraries depends on them).
    """
    _check_name(name)
    if name in _BUILTIN:
        raise ValueError(f"engine {name!r} is built in and cannot be replaced")
    if name in _FACTORIES and not replace:
        raise ValueError(f"engine {name!r} is already registered; pass replace=True")
    if not isinstance(engine, type) and isinstance(engine, Engine):
        if engine.name != name:
            raise ValueError(f"engine object is named {engine.name!r}, registered as {name!r}")
        _check_engine(engine)
        inst = engine
        _FACTORIES[name] = lambda: inst
    elif callable(engine):
        _FACTORIES[name] = engine
    else:
        raise TypeError(f"engine {name!r}: expected an engine object or a factory")
    _INSTANCES.pop(name, None)


def register_wordlist_engine(name: str, path: str | os.PathLike[str], *, word_col: str = "word",
                             score_col: str = "score", primary: str = "sum",
                             replace: bool = False) -> WordListEngine:
    """Register a word-list engine read from a ``word,score`` CSV; return it.

    Example (no code beyond this call)::

        criticlens.register_wordlist_engine("mylex", "mylex.csv")
        criticlens.sentence_sentiment(corpus, engines=("vader", "mylex"))
    """
    lex = read_wordlist(path, word_col=word_col, score_col=score_col)
    eng = WordListEngine(name, lex, primary=primary, source=str(path))
    register_engine(name, eng, replace=replace)
    return eng


def unregister_engine(name: str) -> None:
    """Remove a user engine (built-ins stay)."""
    if name in _BUILTIN:
        raise ValueError(f"engine {name!r} is built in and cannot be removed")
    if name not in _FACTORIES:
        raise KeyError(f"no engine named {name!r}")
    _FACTORIES.pop(name)
    _INSTANCES.pop(name, None)


def available_engines() -> list[str]:
    """Names of the registered engines (built-ins first)."""
    return list(_FACTORIES)


def get_engine(name: str) -> Engine:
    """The engine registered as ``name`` (built once, then reused)."""
    if name not in _FACTORIES:
        raise KeyError(f"no sentiment engine {name!r}; available: {', '.join(_FACTORIES)} "
                       "(add one with criticlens.register_wordlist_engine)")
    if name not in _INSTANCES:
        eng = _FACTORIES[name]()
        _check_engine(eng)
        _INSTANCES[name] = eng
    return _INSTANCES[name]


def _check_engine(eng: Any) -> None:
    for attr in ("name", "measures", "primary", "score_many"):
        if not hasattr(eng, attr):
            raise TypeError(f"sentiment engine {eng!r} has no {attr!r}")
    measures = tuple(eng.measures)
    if not measures or eng.primary not in measures:
        raise TypeError(f"engine {eng.name!r}: primary measure {eng.primary!r} not among its "
                        f"measures {measures}")


def primary_measure(engine: str) -> str:
    """The measure an arc follows for ``engine`` (TextBlob ``polarity``, VADER ``compound``)."""
    return get_engine(engine).primary


def _resolve_engines(engines: str | Iterable[str]) -> list[str]:
    names = [engines] if isinstance(engines, str) else list(engines)
    if not names:
        raise ValueError("no sentiment engines given")
    if len(set(names)) != len(names):
        raise ValueError(f"engine listed twice in {names}")
    for n in names:
        get_engine(n)  # raises a KeyError naming what exists
    return names


# --------------------------------------------------------------------------------------------
# scoring a corpus
# --------------------------------------------------------------------------------------------
def score_texts(texts: Sequence[str], engines: str | Iterable[str] = DEFAULT_ENGINES
                ) -> pd.DataFrame:
    """Score plain texts: a long frame ``text_id`` (0-based), ``engine``, ``measure``, ``score``."""
    names = _resolve_engines(engines)
    texts = list(texts)
    frames = []
    for name in names:
        eng = get_engine(name)
        res = eng.score_many(texts)
        for m in eng.measures:
            vals = res.get(m)
            if vals is None or len(vals) != len(texts):
                raise RuntimeError(f"engine {name!r} returned {0 if vals is None else len(vals)}"
                                   f" scores for measure {m!r}, expected {len(texts)}")
            frames.append(pd.DataFrame({
                "text_id": np.arange(len(texts), dtype="int64"),
                "engine": name, "measure": m,
                "score": np.asarray(vals, dtype="float64"),
            }))
    return pd.concat(frames, ignore_index=True)


@shared
def _engine_scores(corpus: Corpus, name: str) -> pd.DataFrame:
    """:func:`score_texts` of the corpus's body sentences with one engine."""
    return score_texts([str(t) for t in corpus.sentences["text"]], (name,))


@shared
def sentence_sentiment(corpus: Corpus, engines: str | Iterable[str] = DEFAULT_ENGINES
                       ) -> pd.DataFrame:
    """Score every body sentence of ``corpus`` with each engine.

    Returns a long frame with columns ``review_id, sent_id, engine, measure, score``, one row
    per sentence, engine and measure, ordered by review (corpus order), sentence, engine (as
    given) and measure (the engine's order). Each score is what the library returns for the
    sentence's raw ``text``.
    """
    names = _resolve_engines(engines)
    sents = corpus.sentences
    # engine by engine, so that a run asking for (critic,) and later (critic, vader, textblob)
    # scores the sentences with each engine once (criticlens.memo); same frame as score_texts
    long = pd.concat([_engine_scores(corpus, n) for n in names], ignore_index=True)
    rid = sents["review_id"].to_numpy()
    sid = sents["sent_id"].to_numpy()
    idx = long["text_id"].to_numpy()
    out = pd.DataFrame({
        "review_id": pd.array(rid[idx], dtype="string"),
        "sent_id": sid[idx].astype("int64"),
        "engine": pd.array(long["engine"].to_numpy(), dtype="string"),
        "measure": pd.array(long["measure"].to_numpy(), dtype="string"),
        "score": long["score"].to_numpy(),
    })
    # sentence order first, then engine and measure in the order given
    eng_rank = {n: i for i, n in enumerate(names)}
    meas_rank = {(n, m): j for n in names for j, m in enumerate(get_engine(n).measures)}
    key = pd.DataFrame({
        "text": idx,
        "e": [eng_rank[e] for e in long["engine"]],
        "m": [meas_rank[(e, m)] for e, m in zip(long["engine"], long["measure"])],
    })
    order = key.sort_values(["text", "e", "m"], kind="stable").index.to_numpy()
    return out.iloc[order].reset_index(drop=True)


def primary_scores(scores: pd.DataFrame, engines: Iterable[str] | None = None) -> pd.DataFrame:
    """Keep each engine's primary measure from a :func:`sentence_sentiment` frame.

    Returns ``review_id, sent_id, engine, measure, score`` restricted to the primary measure of
    each engine (all engines present when ``engines`` is None).
    """
    missing = [c for c in SCORE_COLUMNS if c not in scores.columns]
    if missing:
        raise ValueError(f"scores frame lacks columns {missing}; use sentence_sentiment()")
    names = list(dict.fromkeys(scores["engine"])) if engines is None else list(engines)
    keep = pd.Series(False, index=scores.index)
    for n in names:
        keep |= (scores["engine"] == n) & (scores["measure"] == primary_measure(n))
    out = scores.loc[keep].reset_index(drop=True)
    absent = [n for n in names if n not in set(out["engine"])]
    if absent:
        raise ValueError(f"no scores for engine(s) {absent} in the scores frame")
    return out


# --------------------------------------------------------------------------------------------
# the lexicon pitfall: praise in words of pain
# --------------------------------------------------------------------------------------------
#: Words critics use to praise a film for the pain it shows, which a sentiment lexicon reads
#: as the critic's own negative feeling ("a small but shattering film"). Matched whole-word,
#: case-insensitively, on the normalised sentence.
PAIN_PRAISE_WORDS: tuple[str, ...] = (
    "shattering", "devastating", "devastatingly", "painful", "painfully", "excruciating",
    "wrenching", "gut-wrenching", "heartbreaking", "heartbreak", "harrowing", "searing",
    "haunting", "brutal", "brutally", "crushing", "crushed", "punishing", "unbearable", "agonizing",
    "stings", "bleak", "melancholy", "sorrows",
)


def word_scores(words: Iterable[str], engines: str | Iterable[str] = DEFAULT_ENGINES
                ) -> pd.DataFrame:
    """What each engine says about a word on its own: ``word`` plus one column per engine.

    The value is the engine's primary measure for the word as a one-word text (TextBlob
    polarity, VADER compound), i.e. the lexicon's own reading of the word.
    """
    words = list(dict.fromkeys(words))
    names = _resolve_engines(engines)
    long = score_texts(words, names)
    out = pd.DataFrame({"word": pd.array(words, dtype="string")})
    for n in names:
        sel = long[(long["engine"] == n) & (long["measure"] == primary_measure(n))]
        out[n] = sel.sort_values("text_id")["score"].to_numpy()
    return out


def lexicon_pitfalls(corpus: Corpus, scores: pd.DataFrame | None = None, *,
                     words: Iterable[str] = PAIN_PRAISE_WORDS,
                     engines: str | Iterable[str] = DEFAULT_ENGINES) -> pd.DataFrame:
    """Sentences that use a word of ``words``, with each engine's score for the sentence.

    One row per matching body sentence, corpus order: ``review_id, label, sent_id, position,
    words`` (the matched words, lower case, joined by ", "), ``text`` (raw), then one column per
    engine with its primary measure. Read it beside the critic's verdict: a sentence of praise
    that scores negative is the lexicon following the story's sadness, not the critic's view.
    """
    names = _resolve_engines(engines)
    wl = [w.casefold() for w in dict.fromkeys(words)]
    if not wl:
        raise ValueError("no words given")
    from criticlens.text.terms import compile_word_list

    pat = compile_word_list(wl)
    sents = corpus.sentences
    hits = [sorted(dict.fromkeys(m.group(1).casefold() for m in pat.finditer(str(t))),
                   key=wl.index) for t in sents["norm"]]
    mask = np.array([bool(h) for h in hits], dtype=bool)
    sel = sents.loc[mask, ["review_id", "sent_id", "position", "text"]].reset_index(drop=True)
    labels = corpus.labels()
    out = pd.DataFrame({
        "review_id": sel["review_id"].astype("string"),
        "label": pd.array([labels[r] for r in sel["review_id"]], dtype="string"),
        "sent_id": sel["sent_id"].astype("int64"),
        "position": sel["position"].astype("float64"),
        "words": pd.array([", ".join(h) for h, m in zip(hits, mask) if m], dtype="string"),
        "text": sel["text"].astype("string"),
    })
    if scores is None:
        scores = sentence_sentiment(corpus, names)
    prim = primary_scores(scores, names)
    for n in names:
        s = prim[prim["engine"] == n].set_index(["review_id", "sent_id"])["score"]
        keys = list(zip(out["review_id"], out["sent_id"]))
        out[n] = np.array([s.get(k, np.nan) for k in keys], dtype="float64")
        if out[n].isna().any():
            raise ValueError(f"scores frame lacks {n} scores for some sentences")
    return out
