"""Terms: the one place where search terms become matchers.

A *term* is a word or phrase from a gazetteer (a scene's ``terms`` and ``lines`` in film.yaml, a
person's name) or typed by a reader (``criticlens kwic``). It is matched on a sentence's
*normalised* text (:func:`criticlens.text.textproc.fold`: case-folded, curly quotes straight,
every dash a hyphen), at word boundaries:

- :func:`term_regex` / :func:`compile_term`: the term's words, each with its simple inflections
  (:func:`inflections`: plural and possessive, ``-ed``, ``-ing``, ``y`` -> ``ies``), joined by
  any run of spaces, hyphens, apostrophes and full stops, or none: ``tap dance`` finds
  "tap-dance", "tap dances" and "tapdancing". ``line=True`` (a dialogue line) keeps the words
  as written and accepts any punctuation between them.
- :func:`is_fuzzy_match` / :class:`FuzzyTerm`: a single word of :data:`FUZZY_MIN_LENGTH`
  letters or more also matches a word one edit away that starts with the same letter
  ("ukelele" for ``ukulele``); such hits are flagged ``fuzzy``.
- :func:`match_terms`: every hit of a list of terms in one normalised text, overlaps resolved
  longest first, then the fuzzy hits: what the scene table counts for a scene's terms and what
  ``kwic --forms`` shows.

Two more forms of term live here, so that every term-to-regex rule of the package is in this one
module, side by side:

- :func:`cue_regex` / :func:`compile_cues`: the treatment's cue lists (YAML word lists of
  evaluative, craft, story ... words): no inflection, a trailing ``*`` matches any word ending,
  spaces and hyphens inside a term match any run of spaces and hyphens.
- :func:`compile_word_list`: a list of single words (the lexicon pitfall's words of pain), whole
  words where a hyphen also joins words ("wrenching" is not found in "gut-wrenching").
- :func:`compile_name`: a person's name form: accents folded (:func:`deaccent`), words joined by
  spaces or hyphens, a possessive allowed (``Gosling's``, ``Williams'``), no other inflection.

These keep the matching each analysis was validated with; a term means the same thing in the
scene table and in KWIC (``forms=True``), which is what a reader compares.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from criticlens.text.textproc import fold

#: A word: a run of letters or digits (Unicode-aware, underscore excluded).
WORD_RE = re.compile(r"[^\W_]+")
#: Shortest term (in letters) that also matches a misspelling one edit away.
FUZZY_MIN_LENGTH = 6
#: Largest edit distance accepted for a fuzzy match.
FUZZY_MAX_DISTANCE = 1
#: Shortest word that gets inflected forms (so "up", "on", "a" stay as they are).
INFLECT_MIN_LENGTH = 3
#: What may stand between the words of a term: spaces, hyphens, apostrophes, full stops, or none.
TERM_SEPARATOR = r"[\s\-'.]*"
#: Between the words of a dialogue line: any punctuation or space, at least one character.
LINE_SEPARATOR = r"[\W_]+"

#: Order of precedence of hit kinds when two hits of the same length overlap.
KIND_RANK = {"exact": 0, "pattern": 1, "fuzzy": 2, "all_of": 3}
_VOWELS = set("aeiou")


def inflections(word: str) -> list[str]:
    """Simple inflected forms of a lower-case word (the word itself first).

    Plural/possessive ``s``, ``es``, ``'s``, ``s'``; ``ed``/``d``; ``ing`` (final ``e`` dropped:
    dance -> dancing; final consonant doubled after one vowel: run -> running); ``y`` -> ``ies``,
    ``ied``. Words shorter than :data:`INFLECT_MIN_LENGTH` or not alphabetic are returned alone.
    """
    w = word
    if len(w) < INFLECT_MIN_LENGTH or not w.isalpha():
        return [w]
    forms = [w, w + "s", w + "es", w + "'s", w + "s'", w + "'", w + "ed", w + "ing"]
    if w.endswith("e"):
        forms += [w + "d", w[:-1] + "ing"]
    if w.endswith("y") and w[-2] not in _VOWELS:
        forms += [w[:-1] + "ies", w[:-1] + "ied"]
    if (w[-1] not in _VOWELS and w[-1] not in "wxy" and w[-2] in _VOWELS
            and w[-3] not in _VOWELS and len(w) <= 5):
        forms += [w + w[-1] + "ing", w + w[-1] + "ed"]
    return list(dict.fromkeys(forms))


def term_regex(term: str, *, inflect: bool = True, line: bool = False) -> str:
    """The regex source for a term (see the module docstring).

    The term is folded like the text (:func:`criticlens.text.textproc.fold`); only its words count.
    ``line=True`` (for dialogue lines) turns inflection off and accepts any punctuation and spaces
    between words (at least one character).
    """
    words = WORD_RE.findall(fold(term))
    if not words:
        raise ValueError(f"term {term!r} has no letters or digits")
    parts = []
    for w in words:
        forms = inflections(w) if inflect and not line else [w]
        forms = sorted(forms, key=len, reverse=True)
        parts.append("(?:" + "|".join(re.escape(f) for f in forms) + ")")
    sep = LINE_SEPARATOR if line else TERM_SEPARATOR
    return r"(?<!\w)" + sep.join(parts) + r"(?!\w)"


@lru_cache(maxsize=4096)
def compile_term(term: str, inflect: bool = True, line: bool = False) -> re.Pattern[str]:
    """:func:`term_regex` compiled, case-insensitive (cached)."""
    return re.compile(term_regex(term, inflect=inflect, line=line), re.IGNORECASE)


def levenshtein(a: str, b: str, *, limit: int | None = None) -> int:
    """Levenshtein edit distance (substitution, insertion, deletion each cost 1).

    With ``limit``, returns ``limit + 1`` as soon as the distance is known to exceed it.
    """
    if a == b:
        return 0
    if limit is not None and abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if limit is not None and min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def is_fuzzy_match(word: str, term: str, *, min_length: int = FUZZY_MIN_LENGTH,
                   max_distance: int = FUZZY_MAX_DISTANCE) -> bool:
    """True when ``word`` is a misspelling of the single-word ``term`` (both folded).

    The term needs ``min_length`` letters or more; the word must start with the same letter,
    differ from the term and from its inflections, and be within ``max_distance`` edits of the
    term or of the term with an ``s`` (a misspelt plural or a possessive without apostrophe).
    """
    word, term = fold(word), fold(term)
    if len(term) < min_length or not term.isalpha() or not word or word[0] != term[0]:
        return False
    if word in inflections(term):
        return False
    for base in (term, term + "s"):
        if levenshtein(word, base, limit=max_distance) <= max_distance:
            return True
    return False


@dataclass(frozen=True)
class FuzzyTerm:
    """A single-word term prepared for fuzzy matching (:func:`fuzzy_term`)."""

    term: str              # as written
    word: str              # folded
    forms: frozenset[str]  # its inflections (exact matches, never fuzzy)

    def matches(self, word: str) -> bool:
        """:func:`is_fuzzy_match` for a lower-case word of the text, cheap tests first."""
        if word[0] != self.word[0] or abs(len(word) - len(self.word)) > FUZZY_MAX_DISTANCE + 1:
            return False
        if word in self.forms:
            return False
        return any(levenshtein(word, base, limit=FUZZY_MAX_DISTANCE) <= FUZZY_MAX_DISTANCE
                   for base in (self.word, self.word + "s"))


def fuzzy_term(term: str) -> FuzzyTerm | None:
    """The term ready for fuzzy matching, or None when it is not one alphabetic word of
    :data:`FUZZY_MIN_LENGTH` letters or more."""
    words = WORD_RE.findall(fold(term))
    if len(words) == 1 and words[0].isalpha() and len(words[0]) >= FUZZY_MIN_LENGTH:
        return FuzzyTerm(term, words[0], frozenset(inflections(words[0])))
    return None


@dataclass(frozen=True)
class TermHit:
    """One hit in a normalised text: ``[start, end)``, its kind and the term that matched."""

    start: int
    end: int
    kind: str
    term: str
    extra: tuple[tuple[int, int], ...] = field(default_factory=tuple)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two half-open spans share a character."""
    return a[0] < b[1] and b[0] < a[1]


def longest_first(candidates: Iterable[TermHit]) -> list[TermHit]:
    """Non-overlapping hits, longest first (ties: :data:`KIND_RANK`, then earlier start)."""
    chosen: list[TermHit] = []
    for h in sorted(candidates, key=lambda h: (-(h.end - h.start), KIND_RANK[h.kind], h.start)):
        if not any(overlaps((h.start, h.end), (c.start, c.end)) for c in chosen):
            chosen.append(h)
    return chosen


def add_fuzzy(norm: str, fuzzy: Sequence[FuzzyTerm], chosen: list[TermHit]) -> None:
    """Append to ``chosen`` every word of ``norm`` that fuzzily matches one of ``fuzzy`` and
    overlaps no hit already chosen (first matching term wins)."""
    if not fuzzy:
        return
    for m in WORD_RE.finditer(norm):
        w = m.group().lower()
        if len(w) < FUZZY_MIN_LENGTH - FUZZY_MAX_DISTANCE:
            continue
        if any(overlaps((m.start(), m.end()), (c.start, c.end)) for c in chosen):
            continue
        for ft in fuzzy:
            if ft.matches(w):
                chosen.append(TermHit(m.start(), m.end(), "fuzzy", ft.term))
                break


def match_terms(norm: str, terms: Sequence[str], *, fuzzy: bool = False) -> list[TermHit]:
    """Every hit of ``terms`` (with their inflections) in the normalised text ``norm``:
    non-overlapping, longest first, then (with ``fuzzy``) the misspellings; in text order."""
    cands = [TermHit(m.start(), m.end(), "exact", t)
             for t in terms for m in compile_term(t).finditer(norm) if m.end() > m.start()]
    chosen = longest_first(cands)
    if fuzzy:
        add_fuzzy(norm, [f for f in map(fuzzy_term, terms) if f is not None], chosen)
    return sorted(chosen, key=lambda h: (h.start, h.end))


# ---------------------------------------------------------------------------------------------
# cue lists (treatment) and name forms (people)
# ---------------------------------------------------------------------------------------------
def _cue_body(term: str) -> str:
    t = str(term).strip().casefold()
    if not t or t == "*":
        raise ValueError(f"empty cue term {term!r}")
    star = t.endswith("*")
    if star:
        t = t[:-1]
    parts = [re.escape(p) for p in re.split(r"[\s\-]+", t) if p]
    body = r"[\s\-]+".join(parts)
    body = body.replace("\u2019", "'")
    tail = r"[\w'\-]*" if star else ""
    return body + tail


def cue_regex(term: str) -> str:
    """Regex source for one cue term, matched on case-folded normalised text.

    Whole words only; a trailing ``*`` matches any word ending; a space or hyphen inside the term
    matches any run of spaces and hyphens; an apostrophe matches a straight one.
    """
    return rf"(?<![\w]){_cue_body(term)}(?![\w])"


def compile_cues(terms: Iterable[str]) -> re.Pattern[str] | None:
    """One alternation regex for cue ``terms`` (longest first, so phrases win); None if empty.

    The word-boundary checks stand once around the alternation, not inside every branch: the
    same matches (a branch failing the check after it still hands over to the next branch), but
    Python's engine tests the boundary once per position instead of once per term, about six
    times faster on a 300-review film.
    """
    uniq = sorted({str(t).strip() for t in terms if str(t).strip()}, key=lambda s: (-len(s), s))
    if not uniq:
        return None
    return re.compile(r"(?<![\w])(?:" + "|".join(f"(?:{_cue_body(t)})" for t in uniq) + r")(?![\w])")


def find_cues(pattern: re.Pattern[str] | None, text: str) -> list[str]:
    """Every non-overlapping match of ``pattern`` in ``text`` (already case-folded), in order."""
    if pattern is None:
        return []
    return [m.group(0) for m in pattern.finditer(text)]


def deaccent(text: str) -> str:
    """Length-preserving accent fold: each character replaced by its base letter ("ë" -> "e")."""
    return "".join(unicodedata.normalize("NFKD", ch)[:1] or ch for ch in text)


@lru_cache(maxsize=4096)
def compile_name(form: str) -> re.Pattern[str]:
    """A name form (folded, accents folded) as a regex: its words joined by spaces or hyphens,
    an optional possessive (``'s``, ``s'``, ``'``, ``s``), whole words, case-insensitive."""
    words = [re.escape(w) for w in re.split(r"[\s]+", deaccent(fold(form)).strip()) if w]
    body = r"[\s\-]+".join(words)
    return re.compile(r"(?<!\w)" + body + r"(?:'s|s'|'|s)?(?!\w)", re.IGNORECASE)


def compile_word_list(words: Sequence[str]) -> re.Pattern[str]:
    """One regex for ``words`` (longest first), group 1 the word, case-insensitive; a match may not
    touch a letter, digit, underscore or hyphen on either side."""
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                      + r")(?![\w-])", re.IGNORECASE)
