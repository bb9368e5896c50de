"""An exact fast path for TextBlob and VADER sentence scores.

The naive way to score a corpus is, for every sentence ``s``::

    TextBlob(s).sentiment                                  # polarity, subjectivity
    SentimentIntensityAnalyzer().polarity_scores(s)        # compound, pos, neu, neg

This module returns the *same floats* (compared with ``==``, not approximately) several times
faster. It is a re-implementation of the two published algorithms over lexicons compiled once
from the installed packages themselves (nothing is copied into this repository, so a different
version of a lexicon is picked up, and :data:`ENGINE_VERSIONS` records which one was used):

* TextBlob 0.20.1 ``PatternAnalyzer`` = ``textblob.en.sentiment`` (pattern's ``Sentiment``):
  ``find_tokens`` (contraction and quote splitting, paragraph breaks, punctuation and
  abbreviation rules, sentence grouping, the ``(!)`` sarcasm mark and spaced emoticons),
  lower-casing, then ``Sentiment.assessments`` (modifiers, negations kept across short words,
  ``!`` boosts, emoticons) and the unweighted average of the assessments.
  (Loria; De Smedt and Daelemans 2012, *Pattern for Python*.)
* vaderSentiment 3.3.2 ``SentimentIntensityAnalyzer.polarity_scores``: emoji descriptions,
  punctuation stripping, boosters and dampeners, ALL-CAPS emphasis, negation windows, ``least``,
  idioms, the contrastive ``but`` rule (including its ``list.index`` quirk with repeated
  values), punctuation emphasis, normalisation with ``alpha = 15`` and the final rounding.
  (Hutto and Gilbert 2014.)

Where the speed comes from: the libraries' per-call overhead (TextBlob object construction,
a fresh ``namedtuple`` class per call, a lazily loaded dictionary whose ``in`` goes through
Python code for every word, VADER lower-casing the whole sentence again for every sentiment
word), per-token memo tables, cheap pre-checks that skip regular expressions which cannot
change the text, de-duplication of repeated sentences, and optionally several processes.

Every quirk of the originals is reproduced on purpose; :func:`parity` compares the two paths
on any list of sentences and ``tests/sentiment/test_fastscore.py`` pins the tricky cases.
"""
from __future__ import annotations

import gc
import math
import os
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from typing import Any

import numpy as np
import pandas as pd

#: Output columns of :func:`score_texts`, in order, with the engine measure they hold.
COLUMNS: tuple[str, ...] = (
    "textblob_polarity",
    "textblob_subjectivity",
    "vader_compound",
    "vader_pos",
    "vader_neu",
    "vader_neg",
)
#: Engines and the measures each returns (names as in :mod:`criticlens.sentiment.engines`).
ENGINE_MEASURES: dict[str, tuple[str, ...]] = {
    "textblob": ("polarity", "subjectivity"),
    "vader": ("compound", "pos", "neu", "neg"),
}
#: Chunk size (sentences) handed to each worker process when ``processes > 1``.
PROCESS_CHUNK = 2000
#: Texts scored together by the batch path (bounds its temporary arrays; one bar step each).
BATCH = 5000


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:  # pragma: no cover - both are hard dependencies
        return "missing"


#: Versions of the engines the fast path reproduces; part of every cache key.
ENGINE_VERSIONS: dict[str, str] = {
    "textblob": _version("textblob"),
    "vaderSentiment": _version("vaderSentiment"),
}
#: Bump when this module's algorithm changes (invalidates cached scores).
ALGORITHM_VERSION = "1"


# =============================================================================================
# TextBlob / pattern
# =============================================================================================


class _TextBlobTables:
    """Everything the TextBlob path needs, compiled once from the installed package."""

    def __init__(self) -> None:
        from textblob import _text as T
        from textblob.en import sentiment as S

        # Force the lazy load, then read the final dictionary (after the "-ly" adverbs are
        # annotated, exactly as the library sees it).
        _ = "good" in S
        self.lexicon: dict[str, tuple[float, float, float, bool]] = {}
        modifiers = tuple(S.modifiers)
        for w, entry in dict.items(S):
            if None not in entry:
                continue  # `pos in self[w]` with pos None would fail: the word is "unknown"
            p, s, i = entry[None]
            is_mod = any(map(entry.__contains__, modifiers))
            self.lexicon[w] = (p, s, i, is_mod)
        self.negations = frozenset(S.negations)
        # Only the defaults are reproduced: assert they are what pattern ships.
        if S.negations != ("no", "not", "n't", "never") or modifiers != ("RB",):
            raise RuntimeError("textblob sentiment defaults changed; fast path is not exact")
        self.punctuation = T.PUNCTUATION  # a str: `w not in PUNCTUATION` is a substring test
        self.punct_nodot = tuple(T.PUNCTUATION.replace(".", ""))
        self.punct_nodot_set = frozenset(self.punct_nodot)
        self.punct_dot_set = frozenset(self.punct_nodot + (".",))
        self.abbreviations = frozenset(T.ABBREVIATIONS)
        self.re_abbr = (T.RE_ABBR1, T.RE_ABBR2, T.RE_ABBR3)
        self.replace = dict(T.replacements)
        for a in self.replace:
            if re.escape(a) != a or "'" not in a:
                raise RuntimeError(f"textblob contraction pattern {a!r} is not a literal with '")
        self.eos = T.EOS
        self.re_sarcasm = T.RE_SARCASM
        self.re_emoticons = T.RE_EMOTICONS
        # emoticon (lower-cased) -> polarity; the first group in dict order wins, as in the loop
        self.emoticons: dict[str, float] = {}
        if any(ch.isspace() for group in T.EMOTICONS.values() for e in group for ch in e):
            raise RuntimeError("a textblob emoticon holds whitespace; fast path is not exact")
        for (_type, p), group in T.EMOTICONS.items():
            for e in group:
                self.emoticons.setdefault(e.lower(), p)
        # RE_EMOTICONS.sub only changes a sentence when a match contains one of its optional
        # spaces, i.e. when "<c1> <c2>" occurs for two adjacent characters of some emoticon.
        pairs = {
            e[k] + " " + e[k + 1]
            for group in T.EMOTICONS.values()
            for e in group
            for k in range(len(e) - 1)
        }
        self.spaced_pairs = frozenset(pairs)
        chars = sorted({ch for p in pairs for ch in (p[0], p[2])})
        self.pair_char_id = {ch: k + 1 for k, ch in enumerate(chars)}
        self.pair_table = np.zeros((len(chars) + 1, len(chars) + 1), dtype=bool)
        for p in pairs:
            self.pair_table[self.pair_char_id[p[0]], self.pair_char_id[p[2]]] = True
        self.re_spaced_pair = re.compile("|".join(re.escape(p) for p in sorted(pairs)))
        self.word_class: dict[str, Any] = {}
        self.chunk_memo: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self.re_crlf = re.compile("\r\n")
        self.re_linebreak = re.compile(r"\n{2,}")
        self.re_space = re.compile(r"\s+")
        self.token_re = T.TOKEN
        self.stop1 = frozenset(("...", ".", "!", "?", T.EOS))
        self.stop2 = frozenset(("'", '"', "”", "’", "...", ".", "!", "?", ")", T.EOS))


@lru_cache(maxsize=1)
def _tb() -> _TextBlobTables:
    return _TextBlobTables()


#: Memo tables stop growing at this many entries (bounded memory on huge corpora).
MEMO_MAX = 300_000
_QUOTES = ("“", "”", "‘", "’", "'", '"')
_QUOTE_SET = frozenset(_QUOTES)
#: Marks split off the end of an alphanumeric word with no other rule involved (not ".", which
#: has the abbreviation rules, nor quotes, which have their own pass).
_TRAIL = frozenset(",;:!?)]}")


def _split_token(t: _TextBlobTables, tok: str, append: Any) -> None:
    """Verbatim port of the per-token loop of ``textblob._text.find_tokens``."""
    if tok[0] not in t.punct_nodot_set and tok[-1] not in t.punct_dot_set:
        append(tok)  # fast path: nothing to split off either end
        return
    punctuation = t.punct_nodot
    replace = t.replace
    tail: list[str] = []
    while tok.startswith(punctuation) and tok not in replace:
        if tok.startswith(punctuation):
            append(tok[0])
            tok = tok[1:]
    while tok.endswith(punctuation + (".",)) and tok not in replace:
        if tok.endswith(punctuation):
            tail.append(tok[-1])
            tok = tok[:-1]
        if tok.endswith("..."):
            tail.append("...")
            tok = tok[:-3].rstrip(".")
        if tok.endswith("."):
            if (
                tok in t.abbreviations
                or t.re_abbr[0].match(tok) is not None
                or t.re_abbr[1].match(tok) is not None
                or t.re_abbr[2].match(tok) is not None
            ):
                break
            else:
                tail.append(tok[-1])
                tok = tok[:-1]
    if tok != "":
        append(tok)
    for x in reversed(tail):
        append(x)


def _chunk_tokens(t: _TextBlobTables, chunk: str) -> tuple[Any, ...]:
    """Facts about one whitespace-free chunk of text: its tokens, the tokens joined by spaces,
    their lower-cased forms and the assessment class of each (see :func:`_classify`).

    The contraction and quote replacements of ``find_tokens`` only insert spaces inside a
    chunk, so a text's tokens are the concatenation of its chunks' tokens (paragraph breaks
    aside, which are handled by the full path).
    """
    cid = t.pair_char_id
    if chunk.isalnum():  # no contraction, quote or punctuation to split: one token
        low1 = chunk.lower()
        k1 = _classify(t, low1)
        # a single token holds no space, so no spaced emoticon pair
        got = ((chunk,), chunk, (low1,), (k1,), (1, 0, cid.get(chunk[0], 0), cid.get(chunk[-1], 0)),
               (k1 is not _PLAIN and k1 is not _INERT,))
        if len(t.chunk_memo) < MEMO_MAX:
            t.chunk_memo[chunk] = got
        return got
    if chunk[-1] in _TRAIL and len(chunk) > 1 and chunk[:-1].isalnum():
        # "word," "word;" "word?" ...: find_tokens splits off the one trailing mark
        toks: list[str] = [chunk[:-1], chunk[-1]]
    else:
        toks = _split_chunk(t, chunk)
    low = tuple(w.lower() for w in toks)
    kinds = tuple(_classify(t, w) for w in low)
    joined = " ".join(toks)
    facts = (len(toks), int(t.re_spaced_pair.search(joined) is not None),
             cid.get(joined[:1], 0), cid.get(joined[-1:], 0))
    got = (tuple(toks), joined, low, kinds, facts,
           tuple(k is not _PLAIN and k is not _INERT for k in kinds))
    if len(t.chunk_memo) < MEMO_MAX:
        t.chunk_memo[chunk] = got
    return got


def _split_chunk(t: _TextBlobTables, chunk: str) -> list[str]:
    """find_tokens' replacements and per-token loop for one chunk (the general case)."""
    toks: list[str] = []
    s = chunk
    if not _QUOTE_SET.isdisjoint(s):  # every contraction pattern holds a "'"
        for a, b in t.replace.items():
            if a in s:
                s = s.replace(a, b)
        for q in _QUOTES:
            if q in s:
                s = s.replace(q, " " + q + " ")
    for tok in s.split():
        _split_token(t, tok, toks.append)
    return toks


def _group_and_mark(t: _TextBlobTables, tokens: list[str]) -> list[str]:
    """Sentence grouping, EOS removal and the per-sentence ``(!)`` and emoticon regexes."""
    stop1 = t.stop1
    if stop1.isdisjoint(tokens):
        sentences = [tokens] if tokens else []
    else:
        stop2 = t.stop2
        eos = t.eos
        sentences = [[]]
        i = j = 0
        n = len(tokens)
        while j < n:
            if tokens[j] in stop1:
                while j < n and tokens[j] in stop2:
                    if tokens[j] in ("'", '"') and sentences[-1].count(tokens[j]) % 2 == 0:
                        break
                    j += 1
                sentences[-1].extend(x for x in tokens[i:j] if x != eos)
                sentences.append([])
                i = j
            j += 1
        sentences[-1].extend(tokens[i:j])
        sentences = [x for x in sentences if len(x) > 0]
    out: list[str] = []
    for sent in sentences:
        joined = " ".join(sent)
        changed = False
        if "!" in joined:
            new = t.re_sarcasm.sub("(!)", joined)
            changed = new != joined
            joined = new
        if t.re_spaced_pair.search(joined) is not None:
            new = t.re_emoticons.sub(lambda m: m.group(1).replace(" ", "") + m.group(2), joined)
            changed = changed or new != joined
            joined = new
        if changed:
            out.extend(joined.split())
        else:
            # " ".join(sent).split() == sent: tokens hold no whitespace and are never empty
            out.extend(sent)
    return out


def _textblob_tokens_full(t: _TextBlobTables, text: str) -> list[str]:
    """The whole of ``find_tokens`` (used when the text holds a line break)."""
    s = text
    for a, b in t.replace.items():
        if a in s:
            s = s.replace(a, b)
    for q in _QUOTES:
        if q in s:
            s = s.replace(q, " " + q + " ")
    if "\n" in s:
        s = t.re_crlf.sub("\n", s)
        s = t.re_linebreak.sub(" %s " % t.eos, s)
    s = t.re_space.sub(" ", s)
    tokens: list[str] = []
    for tok in t.token_re.findall(s + " "):
        _split_token(t, tok, tokens.append)
    return [w.lower() for w in _group_and_mark(t, tokens)]


def _textblob_words(t: _TextBlobTables, text: str) -> tuple[list[str], list[Any] | None]:
    """The lower-cased words and, on the fast path, their assessment classes."""
    if "\n" in text:
        return _textblob_tokens_full(t, text), None
    get = t.chunk_memo.get
    parts = [get(c) or _chunk_tokens(t, c) for c in text.split()]
    if (
        "!" not in text
        and t.eos not in text
        and t.re_spaced_pair.search(" ".join([p[1] for p in parts if p[1]])) is None
    ):
        # one sentence or many, nothing is dropped or rewritten: the tokens are the words
        return [w for p in parts for w in p[2]], [k for p in parts for k in p[3]]
    tokens = [w for p in parts for w in p[0]]
    return [w.lower() for w in _group_and_mark(t, tokens)], None


def textblob_tokens(text: str) -> list[str]:
    """The lower-cased words pattern's ``Sentiment`` assesses for ``text``.

    Equal to ``[w.lower() for w in " ".join(textblob.en.sentiment.tokenizer(text)).split()]``.
    """
    return _textblob_words(_tb(), text)[0]


#: Unknown words that are no negation, "!", "(!)" or emoticon do nothing while no negation or
#: modifier is pending; _PLAIN ones (3+ characters, 2+ without quotes) also clear both.
_PLAIN = object()
_INERT = object()
#: Unknown words with a rule of their own (negation, "!", "(!)", emoticon).
_OTHER = object()


def _classify(t: _TextBlobTables, w: str) -> Any:
    """A lexicon entry ``(p, s, i, is_modifier)``, or ``_PLAIN`` / ``_INERT`` / ``_OTHER``."""
    got = t.word_class.get(w)
    if got is not None:
        return got
    entry: Any = t.lexicon.get(w)
    if entry is None:
        special = (
            w in t.negations
            or w == "!"
            or w == "(!)"
            or (w.isalpha() is False and len(w) <= 5 and w not in t.punctuation and w in t.emoticons)
        )
        if special:
            entry = _OTHER
        elif len(w.strip("'")) > 1 and len(w) > 2:
            entry = _PLAIN
        else:
            entry = _INERT
    if len(t.word_class) < MEMO_MAX:
        t.word_class[w] = entry
    return entry


def textblob_scores(text: str) -> tuple[float, float]:
    """``(polarity, subjectivity)``, equal to ``tuple(TextBlob(text).sentiment)``."""
    t = _tb()
    words, kinds = _textblob_words(t, text)
    if kinds is None:
        kinds = [_classify(t, w) for w in words]
    special = [k for k, e in enumerate(kinds) if e is not _PLAIN and e is not _INERT]
    return _tb_assess(t, words, special)


def _tb_assess(t: _TextBlobTables, words: Sequence[str], special: Iterable[int],
               start: int = 0) -> tuple[float, float]:
    """pattern's ``Sentiment.assessments`` + average over the words of one text.

    The text's words are ``words[start:]`` (up to its last special position). ``special``
    lists (ascending) the positions of lexicon words and of unknown words with a rule of their
    own; the other words only matter while a negation or modifier is pending, and are then
    replayed one by one (the rules below are the library's, in its order)."""
    classes = t.word_class
    negations = t.negations
    emoticons = t.emoticons
    punctuation = t.punctuation
    a: list[list[Any]] = []  # [p, s, i, n]
    m: str | None = None  # preceding modifier word
    n: str | None = None  # preceding negation
    prev = start - 1
    for k in special:
        if (m is not None or n is not None) and k > prev + 1:
            for j in range(prev + 1, k):
                w = words[j]
                # an unknown word that is no negation: the "else" branch, first three rules
                if n and len(w.strip("'")) > 1:
                    n = None
                if n is not None and m is not None and m.endswith("ly"):
                    a[-1][3] = -1
                    n = None
                elif m and len(w) > 2:
                    m = None
                if m is None and n is None:
                    break
        prev = k
        w = words[k]
        entry = classes.get(w) or _classify(t, w)
        if entry is not _OTHER:
            p, s, i, is_mod = entry
            if m is None:
                a.append([p, s, i, 1])
            else:
                last = a[-1]
                last[0] = max(-1.0, min(p * last[2], +1.0))
                last[1] = max(-1.0, min(s * last[2], +1.0))
                last[2] = i
            if n is not None:
                last = a[-1]
                last[2] = 1.0 / last[2]
                last[3] = -1
            m = None
            n = None
            if is_mod:
                m = w
            if w in negations:
                n = w
        else:
            if w in negations:
                n = w
            elif n and len(w.strip("'")) > 1:
                n = None
            if n is not None and m is not None and m.endswith("ly"):
                a[-1][3] = -1
                n = None
            elif m and len(w) > 2:
                m = None
            if w == "!" and len(a) > 0:
                last = a[-1]
                last[0] = max(-1.0, min(last[0] * 1.25, +1.0))
            if w == "(!)":
                a.append([0.0, 1.0, 1.0, 1])
            if w.isalpha() is False and len(w) <= 5 and w not in punctuation:
                ep = emoticons.get(w)
                if ep is not None:
                    a.append([ep, 1.0, 1.0, 1])
    ps: Any = 0
    ss: Any = 0
    k = 0
    for p, s, _i, neg in a:
        ps += p * -0.5 if neg < 0 else p
        ss += s
        k += 1
    return ps / float(k or 1), ss / float(k or 1)


# =============================================================================================
# VADER
# =============================================================================================


class _VaderTables:
    def __init__(self) -> None:
        from vaderSentiment import vaderSentiment as V

        sia = V.SentimentIntensityAnalyzer()
        self.lexicon: dict[str, float] = sia.lexicon
        self.emojis: dict[str, str] = sia.emojis
        self.emoji_chars = frozenset(k for k in sia.emojis if len(k) == 1)
        self.ascii_emoji = any(k.isascii() for k in self.emoji_chars)
        self.booster: dict[str, float] = dict(V.BOOSTER_DICT)
        self.special: dict[str, float] = dict(V.SPECIAL_CASES)
        self.negate = tuple(V.NEGATE)
        self.negate_set = frozenset(V.NEGATE)
        self.punct = string.punctuation
        self.B_INCR, self.C_INCR, self.N_SCALAR = V.B_INCR, V.C_INCR, V.N_SCALAR
        # first words of the multi-word SPECIAL_CASES and BOOSTER_DICT keys: a "{a} {b}"
        # sequence of single words can only equal a key if `a` is one of these
        self.idiom_first = frozenset(
            k.split(" ")[0] for k in list(V.SPECIAL_CASES) + list(V.BOOSTER_DICT) if " " in k
        )
        # words some rule of sentiment_valence looks at when they precede a lexicon word
        self.context = frozenset(
            {k for k in V.BOOSTER_DICT} | set(V.NEGATE)
            | {"no", "least", "never", "without", "so", "this", "doubt", "at", "very", "or", "nor",
               "kind", "of"}
        )
        self.word_memo: dict[str, tuple[str, str, bool, bool]] = {}


@lru_cache(maxsize=1)
def _vd() -> _VaderTables:
    return _VaderTables()


def vader_lexicon() -> dict[str, float]:
    """VADER's word valences (-4..4) as vaderSentiment ships them (``vader_lexicon.txt``; Hutto
    and Gilbert 2014): the one loader of that word list, read once and shared; do not modify."""
    return _vd().lexicon


def _scalar_inc_dec(v: _VaderTables, word: str, valence: float, is_cap_diff: bool) -> float:
    scalar = 0.0
    word_lower = word.lower()
    if word_lower in v.booster:
        scalar = v.booster[word_lower]
        if valence < 0:
            scalar *= -1
        if word.isupper() and is_cap_diff:
            if valence > 0:
                scalar += v.C_INCR
            else:
                scalar -= v.C_INCR
    return scalar


def _special_idioms(v: _VaderTables, valence: float, lw: list[str], i: int) -> float:
    special = v.special
    onezero = "{0} {1}".format(lw[i - 1], lw[i])
    twoonezero = "{0} {1} {2}".format(lw[i - 2], lw[i - 1], lw[i])
    twoone = "{0} {1}".format(lw[i - 2], lw[i - 1])
    threetwoone = "{0} {1} {2}".format(lw[i - 3], lw[i - 2], lw[i - 1])
    threetwo = "{0} {1}".format(lw[i - 3], lw[i - 2])
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in special:
            valence = special[seq]
            break
    if len(lw) - 1 > i:
        zeroone = "{0} {1}".format(lw[i], lw[i + 1])
        if zeroone in special:
            valence = special[zeroone]
    if len(lw) - 1 > i + 1:
        zeroonetwo = "{0} {1} {2}".format(lw[i], lw[i + 1], lw[i + 2])
        if zeroonetwo in special:
            valence = special[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in v.booster:
            valence = valence + v.booster[n_gram]
    return valence


def _valence(v: _VaderTables, words: Sequence[str], lw: Sequence[str], i: int, is_cap_diff: bool) -> Any:
    """``sentiment_valence`` for a lexicon word at ``i`` (its ``for start_i`` loop unrolled,
    ``_negation_check``, ``negated`` and ``_least_check`` inlined; same operations, same order)."""
    lexicon = v.lexicon
    booster = v.booster
    negate = v.negate_set
    N = v.N_SCALAR
    item_lowercase = lw[i]
    valence = lexicon[item_lowercase]
    if item_lowercase == "no" and i != len(words) - 1 and lw[i + 1] in lexicon:
        valence = 0.0
    w1 = lw[i - 1] if i > 0 else ""
    w2 = lw[i - 2] if i > 1 else ""
    w3 = lw[i - 3] if i > 2 else ""
    if (i > 0 and w1 == "no") or (i > 1 and w2 == "no") or (i > 2 and w3 == "no" and w1 in ("or", "nor")):
        valence = lexicon[item_lowercase] * N
    if words[i].isupper() and is_cap_diff:
        if valence > 0:
            valence += v.C_INCR
        else:
            valence -= v.C_INCR
    # start_i == 0
    if i > 0 and w1 not in lexicon:
        s = _scalar_inc_dec(v, words[i - 1], valence, is_cap_diff) if w1 in booster else 0.0
        valence = valence + s
        x = w1.lower()
        if x in negate or "n't" in x:
            valence = valence * N
    # start_i == 1
    if i > 1 and w2 not in lexicon:
        s = _scalar_inc_dec(v, words[i - 2], valence, is_cap_diff) if w2 in booster else 0.0
        if s != 0:
            s = s * 0.95
        valence = valence + s
        if w2 == "never" and (w1 == "so" or w1 == "this"):
            valence = valence * 1.25
        elif w2 == "without" and w1 == "doubt":
            pass
        else:
            x = w2.lower()
            if x in negate or "n't" in x:
                valence = valence * N
    # start_i == 2
    if i > 2 and w3 not in lexicon:
        s = _scalar_inc_dec(v, words[i - 3], valence, is_cap_diff) if w3 in booster else 0.0
        if s != 0:
            s = s * 0.9
        valence = valence + s
        if w3 == "never" and (w2 == "so" or w2 == "this") or (w1 == "so" or w1 == "this"):
            valence = valence * 1.25
        elif w3 == "without" and (w2 == "doubt" or w1 == "doubt"):
            pass
        else:
            x = w3.lower()
            if x in negate or "n't" in x:
                valence = valence * N
        first = v.idiom_first
        if w3 in first or w2 in first or w1 in first or item_lowercase in first:
            # otherwise no idiom or n-gram booster can start at i-3..i: valence unchanged
            valence = _special_idioms(v, valence, lw, i)
    # _least_check
    if i > 1 and w1 not in lexicon and w1 == "least":
        if w2 != "at" and w2 != "very":
            valence = valence * N
    elif i > 0 and w1 not in lexicon and w1 == "least":
        valence = valence * N
    return valence


def _vader_word(v: _VaderTables, tok: str) -> tuple[str, str, bool, bool, bool]:
    """Per-token facts: (word after punctuation stripping, lower-cased, ALL CAPS, is a
    lexicon word that is not a booster, is *quiet*: no rule of ``sentiment_valence`` looks
    at it as a neighbour - no booster, negation, "no", "least", "never", "without", "so",
    "this", "doubt", "at", "very", "or", "nor", "kind", "of" or idiom start)."""
    st = tok.strip(v.punct)
    if len(st) <= 2:
        st = tok
    low = str(st).lower()
    x = low.lower()  # what `negated` compares
    quiet = not (low in v.context or x in v.negate_set or "n't" in x or low in v.idiom_first)
    info = (st, low, st.isupper(), low in v.lexicon and low not in v.booster, quiet)
    if len(v.word_memo) < MEMO_MAX:
        v.word_memo[tok] = info
    return info


def _demojize(v: _VaderTables, text: str) -> str:
    # verbatim port of the emoji loop at the top of polarity_scores
    out = ""
    prev_space = True
    emojis = v.emojis
    for ch in text:
        if ch in emojis:
            description = emojis[ch]
            if not prev_space:
                out += " "
            out += description
            prev_space = False
        else:
            out += ch
            prev_space = ch == " "
    return out


def vader_scores(text: str) -> tuple[float, float, float, float]:
    """``(compound, pos, neu, neg)``, equal to VADER's ``polarity_scores(text)`` values."""
    v = _vd()
    if (not text.isascii() or v.ascii_emoji) and not v.emoji_chars.isdisjoint(text):
        text = _demojize(v, text)
    text = text.strip()
    get = v.word_memo.get
    infos = [get(tok) or _vader_word(v, tok) for tok in text.split()]
    n_words = len(infos)
    if n_words == 0:
        return 0.0, 0.0, 0.0, 0.0
    words, lw, caps, cands, quiet = zip(*infos)
    return _vader_from(v, text, words, lw, sum(caps), [k for k, c in enumerate(cands) if c], quiet)


def _vader_from(v: _VaderTables, text: str, words: Sequence[str], lw: Sequence[str], n_caps: int,
                cand_idx: list[int], quiet: Sequence[bool]) -> tuple[float, float, float, float]:
    """The rest of ``polarity_scores`` once the words are known: ``words`` (punctuation
    stripped), ``lw`` (lower-cased), the number of ALL-CAPS words and the positions of lexicon
    words that are no booster. ``text`` only feeds the ! and ? counts."""
    n_words = len(words)
    is_cap_diff = 0 < n_words - n_caps < n_words
    if not cand_idx:
        # every sentiment is 0: compound 0, neutral 1 (what score_valence gives)
        return round(0 / math.sqrt(0 * 0 + 15), 4), round(0.0, 3), round(math.fabs(n_words / n_words), 3), 0.0
    sentiments: list[Any] = [0] * n_words
    lexicon = v.lexicon
    for i in cand_idx:
        if i < n_words - 1 and lw[i] == "kind" and lw[i + 1] == "of":
            continue
        if quiet[i] and (i < 1 or quiet[i - 1]) and (i < 2 or quiet[i - 2]) and (i < 3 or quiet[i - 3]):
            # no neighbour rule can fire: _valence reduces to the lexicon value, the caps
            # emphasis and "+ 0.0" for each preceding word that is not a lexicon word
            valence = lexicon[lw[i]]
            if words[i].isupper() and is_cap_diff:
                if valence > 0:
                    valence += v.C_INCR
                else:
                    valence -= v.C_INCR
            if i > 0 and lw[i - 1] not in lexicon:
                valence = valence + 0.0
            if i > 1 and lw[i - 2] not in lexicon:
                valence = valence + 0.0
            if i > 2 and lw[i - 3] not in lexicon:
                valence = valence + 0.0
            sentiments[i] = valence
            continue
        sentiments[i] = _valence(v, words, lw, i, is_cap_diff)
    # _but_check, verbatim (the list.index quirk included)
    if "but" in lw:
        bi = lw.index("but")
        for sentiment in sentiments:
            si = sentiments.index(sentiment)
            if si < bi:
                sentiments.pop(si)
                sentiments.insert(si, sentiment * 0.5)
            elif si > bi:
                sentiments.pop(si)
                sentiments.insert(si, sentiment * 1.5)
    # score_valence
    if sentiments:
        sum_s = float(sum(sentiments))
        ep_count = text.count("!")
        if ep_count > 4:
            ep_count = 4
        ep_amplifier = ep_count * 0.292
        qm_count = text.count("?")
        qm_amplifier: Any = 0
        if qm_count > 1:
            if qm_count <= 3:
                qm_amplifier = qm_count * 0.18
            else:
                qm_amplifier = 0.96
        punct_emph_amplifier = ep_amplifier + qm_amplifier
        if sum_s > 0:
            sum_s += punct_emph_amplifier
        elif sum_s < 0:
            sum_s -= punct_emph_amplifier
        norm_score = sum_s / math.sqrt((sum_s * sum_s) + 15)
        if norm_score < -1.0:
            compound = -1.0
        elif norm_score > 1.0:
            compound = 1.0
        else:
            compound = norm_score
        pos_sum = 0.0
        neg_sum = 0.0
        # positions that are no lexicon word hold int 0 throughout (the "but" rule keeps zeros
        # zero and non-zeros non-zero), so only the candidates need visiting, in order
        neu_count = n_words - len(cand_idx)
        for sc in [sentiments[k] for k in cand_idx]:
            if sc > 0:
                pos_sum += float(sc) + 1
            if sc < 0:
                neg_sum += float(sc) - 1
            if sc == 0:
                neu_count += 1
        if pos_sum > math.fabs(neg_sum):
            pos_sum += punct_emph_amplifier
        elif pos_sum < math.fabs(neg_sum):
            neg_sum -= punct_emph_amplifier
        total = pos_sum + math.fabs(neg_sum) + neu_count
        pos = math.fabs(pos_sum / total)
        neg = math.fabs(neg_sum / total)
        neu = math.fabs(neu_count / total)
    else:
        compound = 0.0
        pos = 0.0
        neg = 0.0
        neu = 0.0
    return round(compound, 4), round(pos, 3), round(neu, 3), round(neg, 3)


def clear_memos() -> None:
    """Empty the per-token memo tables (benchmarks use this so every run starts cold)."""
    t = _tb()
    t.chunk_memo.clear()
    t.word_class.clear()
    _vd().word_memo.clear()


# =============================================================================================
# corpus-scale entry points
# =============================================================================================


def _batch(texts: list[str], engines: tuple[str, ...]) -> list[tuple[float, ...]]:
    """Score many texts at once: the per-word lookups are done once per distinct chunk and
    gathered with numpy; Python visits only the words a rule applies to. Texts the batch path
    does not cover (line breaks, "!", emoji, spaced emoticons, empty) go through
    :func:`textblob_scores` / :func:`vader_scores`. Same values either way."""
    n = len(texts)
    if n == 0:
        return []
    splits = [s.split() for s in texts]
    lens = np.fromiter(map(len, splits), dtype=np.int64, count=n)
    flat = [c for sp in splits for c in sp]
    if not flat:
        return [_score_one(s, engines) for s in texts]
    codes, uniq = pd.factorize(np.asarray(flat, dtype=object))
    uniq = list(uniq)
    chunk_end = np.cumsum(lens)
    chunk_start = chunk_end - lens
    out: dict[str, list[Any]] = {}
    if "textblob" in engines:
        out["textblob"] = _batch_textblob(texts, codes, uniq, lens, chunk_start, chunk_end)
    if "vader" in engines:
        out["vader"] = _batch_vader(texts, codes, uniq, chunk_start, chunk_end)
    if len(engines) == 1:
        return out[engines[0]]
    return [a + b for a, b in zip(out[engines[0]], out[engines[1]], strict=True)]


def _seg_sum(values: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    cs = np.concatenate([[0], np.cumsum(values, dtype=np.int64)])
    return cs[end] - cs[start]


def _batch_textblob(texts: list[str], codes: np.ndarray, uniq: list[str], lens: np.ndarray,
                    chunk_start: np.ndarray, chunk_end: np.ndarray) -> list[Any]:
    t = _tb()
    get = t.chunk_memo.get
    U = [get(c) or _chunk_tokens(t, c) for c in uniq]
    facts = np.array([u[4] for u in U], dtype=np.int64).reshape(len(U), 4)
    ntok_u = facts[:, 0]
    inner_u = facts[:, 1].astype(bool)
    first_u = facts[:, 2]
    last_u = facts[:, 3]
    # a spaced emoticon pair ("<c1> <c2>") inside a chunk, or across two neighbouring chunks
    cross = np.zeros(len(codes), dtype=bool)
    if len(codes) > 1:
        cross[:-1] = t.pair_table[last_u[codes[:-1]], first_u[codes[1:]]]
    has_end = lens > 0
    cross[chunk_end[has_end] - 1] = False  # no pair across two texts
    bad = (_seg_sum(inner_u[codes] | cross, chunk_start, chunk_end) > 0) | (
        _seg_sum(ntok_u[codes] == 0, chunk_start, chunk_end) > 0)
    # the words, gathered: every token of every chunk occurrence
    off_u = np.cumsum(ntok_u) - ntok_u
    occ_ntok = ntok_u[codes]
    occ_start = np.cumsum(occ_ntok) - occ_ntok
    total = int(occ_ntok.sum())
    gidx = np.repeat(off_u[codes] - occ_start, occ_ntok) + np.arange(total, dtype=np.int64)
    utok = np.empty(int(ntok_u.sum()), dtype=object)
    utok[:] = [w for u in U for w in u[2]]
    words = utok[gidx].tolist()
    special_u = np.fromiter((f for u in U for f in u[5]), dtype=bool, count=len(utok))
    spec = np.flatnonzero(special_u[gidx])
    tok_start = _seg_sum(occ_ntok, np.zeros_like(chunk_start), chunk_start)
    tok_end = tok_start + _seg_sum(occ_ntok, chunk_start, chunk_end)
    sp_lo = np.searchsorted(spec, tok_start).tolist()
    sp_hi = np.searchsorted(spec, tok_end).tolist()
    spec_l = spec.tolist()
    ts_l = tok_start.tolist()
    lens_l = lens.tolist()
    bad_l = bad.tolist()
    eos = t.eos
    res: list[Any] = []
    for k, text in enumerate(texts):
        if bad_l[k] or "\n" in text or "!" in text or eos in text or lens_l[k] == 0:
            res.append(textblob_scores(text))
            continue
        lo, hi = sp_lo[k], sp_hi[k]
        if lo == hi:
            res.append((0 / float(1), 0 / float(1)))
            continue
        # positions are global: the gaps replayed never reach past this text's last special
        res.append(_tb_assess(t, words, spec_l[lo:hi], ts_l[k]))
    return res


def _batch_vader(texts: list[str], codes: np.ndarray, uniq: list[str], chunk_start: np.ndarray,
                 chunk_end: np.ndarray) -> list[Any]:
    v = _vd()
    get = v.word_memo.get
    U = [get(c) or _vader_word(v, c) for c in uniq]
    st_u = np.empty(len(U), dtype=object)
    st_u[:] = [u[0] for u in U]
    low_u = np.empty(len(U), dtype=object)
    low_u[:] = [u[1] for u in U]
    caps_u = np.fromiter((u[2] for u in U), dtype=bool, count=len(U))
    cand_u = np.fromiter((u[3] for u in U), dtype=bool, count=len(U))
    quiet_l = np.fromiter((u[4] for u in U), dtype=bool, count=len(U))[codes].tolist()
    words = st_u[codes].tolist()
    lw = low_u[codes].tolist()
    n_caps = _seg_sum(caps_u[codes], chunk_start, chunk_end).tolist()
    cand = np.flatnonzero(cand_u[codes])
    c_lo = np.searchsorted(cand, chunk_start).tolist()
    c_hi = np.searchsorted(cand, chunk_end).tolist()
    cand_l = cand.tolist()
    cs_l = chunk_start.tolist()
    ce_l = chunk_end.tolist()
    emoji_chars = v.emoji_chars
    ascii_emoji = v.ascii_emoji
    res: list[Any] = []
    for k, text in enumerate(texts):
        s0, s1 = cs_l[k], ce_l[k]
        if s0 == s1 or ((not text.isascii() or ascii_emoji) and not emoji_chars.isdisjoint(text)):
            res.append(vader_scores(text))
            continue
        lo, hi = c_lo[k], c_hi[k]
        res.append(_vader_from(v, text, words[s0:s1], lw[s0:s1], n_caps[k],
                               [x - s0 for x in cand_l[lo:hi]], quiet_l[s0:s1]))
    return res


def _score_one(text: str, engines: tuple[str, ...]) -> tuple[float, ...]:
    out: tuple[float, ...] = ()
    for e in engines:
        out += textblob_scores(text) if e == "textblob" else vader_scores(text)
    return out


def score_chunk(texts: Iterable[str], engines: tuple[str, ...]) -> list[tuple[float, ...]]:
    """Scores of ``texts`` as tuples (the values of :func:`score_columns`, in order): the unit
    of work a worker process or a Dask partition runs."""
    return _batch(list(texts), engines)


def score_columns(engines: tuple[str, ...]) -> list[str]:
    """Columns of :func:`score_texts` for ``engines``: ``<engine>_<measure>``, in order."""
    return [f"{e}_{m}" for e in engines for m in ENGINE_MEASURES[e]]


def check_engines(engines: Iterable[str]) -> tuple[str, ...]:
    """``engines`` as a tuple; ``ValueError`` naming any engine the fast path does not know."""
    eng = tuple(engines)
    bad = [e for e in eng if e not in ENGINE_MEASURES]
    if bad:
        raise ValueError(f"unknown engine(s) {bad}; the fast path knows {sorted(ENGINE_MEASURES)}")
    return eng


def score_texts(
    texts: Sequence[str],
    *,
    engines: Iterable[str] = ("textblob", "vader"),
    dedup: bool = True,
    processes: int | None = 1,
    progress: bool = False,
) -> pd.DataFrame:
    """Score every text with the exact fast path; one row per input text, in input order.

    Columns are ``<engine>_<measure>`` (see :data:`COLUMNS`). ``dedup`` scores each distinct
    text once. ``processes`` > 1 (or ``None`` = all CPUs) spreads distinct texts over worker
    processes in chunks of :data:`PROCESS_CHUNK`; results do not depend on it. ``progress``
    shows a tqdm bar (notebook-aware).
    """
    eng = check_engines(engines)
    texts = list(texts)
    for k, t in enumerate(texts):
        if not isinstance(t, str):
            raise TypeError(f"text {k} is {type(t).__name__}, not str")
    if dedup:
        uniq = list(dict.fromkeys(texts))
    else:
        uniq = texts
    n_proc = (os.cpu_count() or 1) if processes is None else max(1, int(processes))
    rows: list[tuple[float, ...]]
    if n_proc > 1 and len(uniq) > PROCESS_CHUNK:
        from concurrent.futures import ProcessPoolExecutor

        from criticlens.progress import progress_bar

        chunks = [uniq[k : k + PROCESS_CHUNK] for k in range(0, len(uniq), PROCESS_CHUNK)]
        rows = []
        with ProcessPoolExecutor(max_workers=n_proc) as ex:
            for part in progress_bar(
                ex.map(score_chunk, chunks, [eng] * len(chunks)), total=len(chunks), desc="scoring (chunks)",
                disable=not progress,
            ):
                rows.extend(part)
    else:
        from criticlens.progress import progress_bar

        batches = [uniq[k : k + BATCH] for k in range(0, len(uniq), BATCH)]
        rows = []
        # scoring allocates many small objects and no reference cycles: the cyclic collector
        # would only re-walk the caller's heap; pause it (restored to its prior state)
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            for b in progress_bar(batches, total=len(batches), desc="scoring (batches)",
                                  disable=not progress):
                rows.extend(_batch(b, eng))
        finally:
            if was_enabled:
                gc.enable()
    cols = score_columns(eng)
    if dedup:
        lookup = dict(zip(uniq, rows))
        rows = [lookup[t] for t in texts]
    if not rows:
        return pd.DataFrame({c: pd.Series([], dtype="float64") for c in cols})
    return pd.DataFrame(np.asarray(rows, dtype="float64").reshape(len(rows), len(cols)), columns=cols)


def naive_scores(
    texts: Sequence[str], *, engines: Iterable[str] = ("textblob", "vader"), progress: bool = False
) -> pd.DataFrame:
    """The reference: the libraries called sentence by sentence (slow); same shape as
    :func:`score_texts`. One ``SentimentIntensityAnalyzer`` is built and reused."""
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from criticlens.progress import progress_bar

    eng = check_engines(engines)
    sia = SentimentIntensityAnalyzer() if "vader" in eng else None
    rows = []
    for t in progress_bar(list(texts), desc="naive scoring", disable=not progress):
        row: tuple[float, ...] = ()
        for e in eng:
            if e == "textblob":
                row += tuple(TextBlob(t).sentiment)
            else:
                d = sia.polarity_scores(t)  # type: ignore[union-attr]
                row += (d["compound"], d["pos"], d["neu"], d["neg"])
        rows.append(row)
    cols = score_columns(eng)
    if not rows:
        return pd.DataFrame({c: pd.Series([], dtype="float64") for c in cols})
    return pd.DataFrame(np.asarray(rows, dtype="float64").reshape(len(rows), len(cols)), columns=cols)


@dataclass
class Parity:
    """Result of :func:`parity`: ``ok`` is True when every value is identical (``==``)."""

    n_texts: int
    n_values: int
    mismatches: pd.DataFrame = field(repr=False)

    @property
    def ok(self) -> bool:
        return self.mismatches.empty

    def __str__(self) -> str:
        if self.ok:
            return f"parity OK: {self.n_values} values on {self.n_texts} sentences identical"
        return (
            f"parity FAILED: {len(self.mismatches)} of {self.n_values} values differ "
            f"on {self.mismatches['index'].nunique()} sentences\n"
            + self.mismatches.head(20).to_string()
        )


def compare(texts: Sequence[str], fast: pd.DataFrame, naive: pd.DataFrame) -> Parity:
    """Compare two score frames cell by cell with ``==`` (no tolerance)."""
    if list(fast.columns) != list(naive.columns) or len(fast) != len(naive):
        raise ValueError("score frames differ in shape or columns")
    a = fast.to_numpy()
    b = naive.to_numpy()
    bad = np.argwhere(a != b)
    rows = [
        {"index": int(r), "column": fast.columns[c], "fast": a[r, c], "naive": b[r, c], "text": texts[r]}
        for r, c in bad
    ]
    mism = pd.DataFrame(rows, columns=["index", "column", "fast", "naive", "text"])
    return Parity(n_texts=len(texts), n_values=int(a.size), mismatches=mism)


def parity(texts: Sequence[str], *, engines: Iterable[str] = ("textblob", "vader")) -> Parity:
    """Score ``texts`` both ways and compare every value exactly."""
    texts = list(texts)
    return compare(texts, score_texts(texts, engines=engines), naive_scores(texts, engines=engines))
