"""Keyword in context: every place a term or pattern occurs in the review bodies.

Matching is done on each sentence's normalised text (``sentences.norm``: lower case, curly
quotes straight, dashes ``-``), so "Ukulele", "ukulele" and a pattern typed with a straight
apostrophe all find "Dean’s". Offsets are reported into the RAW review text, so
``corpus.raw(review_id)[start:end]`` is exactly the matched raw text (the ``match`` column).

Patterns are plain terms by default (escaped, matched as whole words); ``regex=True`` takes a
regular expression in Python syntax, run by the linear-time engine of
:mod:`criticlens.text.userregex` (RE2), so its cost is linear in the text whatever its shape;
constructs that need backtracking (backreferences, lookarounds) are refused by name.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from criticlens.text.terms import match_terms, term_regex
from criticlens.text.textproc import fold, normalize_text
from criticlens.text.userregex import UnsafePattern, compile_user

#: Longest pattern accepted (characters).
MAX_PATTERN_LENGTH = 200
#: Default context on each side of a match (characters of raw text).
DEFAULT_WINDOW = 40
_WS = re.compile(r"\s")

KWIC_COLUMNS = ["review_id", "critic", "sent_id", "left", "match", "right", "start", "end"]


def compile_pattern(pattern: str, *, regex: bool = False, whole_word: bool = True) -> Any:
    """Compile a KWIC pattern for matching against normalised (folded) text.

    A plain term is folded like the text (lower case, quotes, dashes) and escaped; with
    ``whole_word`` it must not touch a letter or digit on either side ("love" does not match
    "lovely"). A regex is compiled case-insensitively for the linear-time engine of
    :mod:`criticlens.text.userregex` (the one rule shared with film.yaml:
    :func:`criticlens.corpus.film.check_pattern`), so no pattern can hang the search.
    Returns an object with ``finditer`` (matches with ``start()``/``end()``).
    Raises ``ValueError`` for an empty, too long, unsupported or invalid pattern.
    """
    if not isinstance(pattern, str) or not pattern.strip():
        raise ValueError("KWIC pattern must be a non-empty string")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise ValueError(f"KWIC pattern is {len(pattern)} characters; the limit is "
                         f"{MAX_PATTERN_LENGTH} (a long regex can take very long to run)")
    if regex:
        try:
            return compile_user(pattern, ignorecase=True, whole_word=whole_word)
        except UnsafePattern as exc:
            raise ValueError(f"KWIC {exc}") from None
    body = re.escape(normalize_text(pattern.strip(), repair=False).text)
    body = re.sub(r"(\\ )+", r"\\s+", body)  # any run of whitespace between words
    if whole_word:
        body = rf"(?<![^\W_])(?:{body})(?![^\W_])"
    return re.compile(body, re.IGNORECASE)


def align_to_raw(raw: str, norm: str) -> tuple[np.ndarray, np.ndarray]:
    """Map each character of ``norm`` (a repaired normalisation of ``raw``) to a raw span.

    Used only when ftfy repaired mojibake and the lengths differ. ``fold(raw)`` and ``norm`` are
    aligned with :class:`difflib.SequenceMatcher`: characters in equal runs map one to one (so
    "Cindy" in "Cindyâ€™s" keeps its exact raw offsets), a repaired character maps to the whole
    raw sequence it replaced ("'" -> "â€™"). Returns arrays ``starts``, ``ends`` (raw offsets,
    relative to ``raw``) of length ``len(norm)``.
    """
    starts = np.zeros(len(norm), dtype=np.int64)
    ends = np.zeros(len(norm), dtype=np.int64)
    sm = difflib.SequenceMatcher(None, fold(raw), norm, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            starts[j1:j2] = np.arange(i1, i2)
            ends[j1:j2] = np.arange(i1, i2) + 1
        elif op in ("replace", "insert"):
            starts[j1:j2] = i1
            ends[j1:j2] = i2
    return starts, ends


def _display(s: str) -> str:
    """Context for display: each whitespace character (newline, tab) becomes one space, so the
    string keeps its length and position; the raw text itself is untouched."""
    return _WS.sub(" ", s)


def check_terms(pattern: str | Sequence[str]) -> list[str]:
    """The terms of a ``forms`` search, checked: each has letters or digits and a sane length."""
    terms = [pattern] if isinstance(pattern, str) else list(pattern)
    if not terms:
        raise ValueError("KWIC needs at least one term")
    for t in terms:
        if not isinstance(t, str) or not t.strip():
            raise ValueError("KWIC pattern must be a non-empty string")
        if len(t) > MAX_PATTERN_LENGTH:
            raise ValueError(f"KWIC term is {len(t)} characters; the limit is {MAX_PATTERN_LENGTH}")
        term_regex(t)  # ValueError for a term without letters or digits
    return terms


def kwic(
    corpus: Any,
    pattern: str | Sequence[str],
    *,
    window: int = DEFAULT_WINDOW,
    regex: bool = False,
    whole_word: bool = True,
    forms: bool = False,
    fuzzy: bool = False,
    review_ids: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Keyword in context: one row per match in the review bodies.

    Columns: review_id, critic (the review's label), sent_id, left, match, right, start, end.
    ``start``/``end`` are offsets into ``corpus.raw(review_id)``; ``match`` is that raw slice;
    ``left``/``right`` are up to ``window`` raw characters on each side, clipped to the review
    body, with whitespace shown as spaces. Rows are in review order, then text order. Empty
    matches (a regex such as ``x*``) are skipped.

    ``forms=True`` matches the way the scene gazetteer does (:mod:`criticlens.text.terms`): each
    word of the term also in its inflected forms (plurals, possessives, -ed, -ing), any run of
    spaces, hyphens, apostrophes and full stops between words ("tap dance" finds "tap-dances"),
    and ``pattern`` may be a list of terms, whose overlapping hits are resolved longest first.
    ``fuzzy=True`` (with ``forms``) also finds a misspelling one edit away of a single long word
    ("ukelele" for "ukulele"). The KWIC of a scene's terms with ``forms=True, fuzzy=True`` shows
    exactly the term mentions the scene table counts.
    """
    if not isinstance(window, int) or window < 0:
        raise ValueError(f"window must be an integer >= 0, got {window!r}")
    if fuzzy and not forms:
        raise ValueError("fuzzy matching needs forms=True (the scene matcher's terms)")
    if forms:
        if regex:
            raise ValueError("forms=True matches terms; it cannot be combined with regex=True")
        terms = check_terms(pattern)

        def spans(norm: str) -> list[tuple[int, int]]:
            return [(h.start, h.end) for h in match_terms(norm, terms, fuzzy=fuzzy)]
    else:
        rx = compile_pattern(pattern, regex=regex, whole_word=whole_word)  # type: ignore[arg-type]

        def spans(norm: str) -> list[tuple[int, int]]:
            return [(m.start(), m.end()) for m in rx.finditer(norm)]
    labels = corpus.labels()
    reviews = corpus.reviews.set_index("review_id")
    wanted = list(corpus.review_ids) if review_ids is None else list(review_ids)
    unknown = [r for r in wanted if r not in labels]
    if unknown:
        raise ValueError(f"unknown review_id(s) {unknown}; the corpus has {list(labels)}")
    by_review = dict(tuple(corpus.sentences.groupby("review_id", sort=False)))
    empty = corpus.sentences.iloc[0:0]
    rows = []
    for rid in wanted:
        raw = corpus.raw(rid)
        b0, b1 = int(reviews.loc[rid, "body_start"]), int(reviews.loc[rid, "body_end"])
        s = by_review.get(rid, empty)
        for sent_id, s_start, text, norm in zip(s["sent_id"], s["start"], s["text"], s["norm"]):
            aligned = None if len(norm) == len(text) else align_to_raw(text, norm)
            for m_start, m_end in spans(norm):
                if m_end == m_start:
                    continue
                if aligned is None:
                    ls, le = m_start, m_end
                else:
                    ls = int(aligned[0][m_start])
                    le = max(ls, int(aligned[1][m_end - 1]))
                start, end = int(s_start) + ls, int(s_start) + le
                rows.append((rid, labels[rid], int(sent_id),
                             _display(raw[max(b0, start - window):start]),
                             raw[start:end],
                             _display(raw[end:min(b1, end + window)]),
                             start, end))
    df = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    return df.astype({"sent_id": "int64", "start": "int64", "end": "int64"})


def kwic_text(frame: pd.DataFrame, *, width: int = DEFAULT_WINDOW) -> str:
    """A KWIC frame as aligned plain-text lines (``label  left [match] right``), for printing.

    The label column is as wide as the longest critic label: a label is never cut."""
    labels = [str(c) for c in frame["critic"]]
    w = max((len(s) for s in labels), default=0)
    lines = []
    for crit, left, match, right in zip(labels, frame["left"], frame["match"], frame["right"]):
        lines.append(f"{crit:<{w}} {left[-width:]:>{width}} [{_display(match)}] {right[:width]}")
    return "\n".join(lines)


def term_hits(
    corpus: Any,
    terms: Iterable[str],
    *,
    regex: bool = False,
    whole_word: bool = True,
    forms: bool = False,
    fuzzy: bool = False,
) -> pd.DataFrame:
    """Where each term falls in each review: one row per match, for a dispersion plot.

    Columns: review_id, label, term, sent_id, start, end, position. ``position`` is the
    ``tokens.position`` of the word where the match starts (``(word_index + 0.5) / body_words``,
    0..1 through the review body), so hits line up with every other position in criticlens.
    Matching is :func:`kwic`'s (normalised text, whole words by default; ``forms`` and
    ``fuzzy`` as there).
    """
    tok = corpus.tokens
    words = tok[tok["is_word"]]
    ends_pos = {rid: (g["end"].to_numpy(), g["position"].to_numpy(dtype=float))
                for rid, g in words.groupby("review_id", sort=False)}
    frames = []
    for term in dict.fromkeys(terms):
        k = kwic(corpus, term, window=0, regex=regex, whole_word=whole_word, forms=forms, fuzzy=fuzzy)
        if k.empty:
            continue
        pos = []
        for rid, start in zip(k["review_id"], k["start"]):
            if rid not in ends_pos:
                raise ValueError(f"review {rid}: a match for {term!r} but no body words to place it")
            ends, positions = ends_pos[rid]
            i = int(np.searchsorted(ends, start, side="right"))  # first word ending after start
            if i >= len(ends):
                raise ValueError(f"review {rid}: match at {start} lies after the last body word")
            pos.append(float(positions[i]))
        frames.append(pd.DataFrame({
            "review_id": k["review_id"], "label": k["critic"], "term": term,
            "sent_id": k["sent_id"], "start": k["start"], "end": k["end"], "position": pos,
        }))
    cols = ["review_id", "label", "term", "sent_id", "start", "end", "position"]
    if not frames:
        return pd.DataFrame(columns=cols).astype({"position": "float64"})
    return pd.concat(frames, ignore_index=True)[cols]

