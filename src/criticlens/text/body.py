"""Separate the review body from the material around it, without touching the raw text.

Reviews copied from newspapers and sites carry non-review material: a section label, a headline
and deck (sometimes repeated by a bad copy, with a dropped apostrophe), a byline or an e-mail, a
rating letter and signature at the end of the last paragraph ("R. AP KRYZA."), and listing lines
("opens Friday at Fox Tower."). :func:`find_body` labels each as a span and returns the body span;
analyses use the body only.

The rules are deliberately conservative and inspectable; each is a small function below. When
every block looks like non-body material, the whole text is kept as body and a note says so, so
that no review ever loses its words silently.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from criticlens.text.textproc import paragraphs

#: A leading or trailing line this short, with no sentence punctuation at its end, is a label,
#: headline or title rather than prose.
MAX_LABEL_WORDS = 10
#: Shortest repeated tail (characters) recognised as a duplicated deck.
MIN_REPEAT_CHARS = 20
#: Longest first block searched for a duplicated deck.
MAX_DECK_BLOCK_CHARS = 800
#: Section labels that newspapers print above a review.
SECTION_LABELS = frozenset({
    "entertainment", "movies", "movie", "film", "films", "arts", "culture", "review", "reviews",
    "movie review", "film review", "screen", "cinema", "weekend", "arts & entertainment",
    "arts and entertainment", "opinion", "features", "a&e",
})

_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
_BYLINE = re.compile(r"^(?:by|reviewed by)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}$", re.IGNORECASE)
_DASH_BYLINE = re.compile(r"^[—–-]{1,2}\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}$")
_LISTING = re.compile(
    r"^(?:opens|opening|now playing|playing|now showing|showing|in theaters|in theatres|at|"
    r"rated|running time|runtime|grade|rating)\b",
    re.IGNORECASE,
)
#: Rating letter (A-F with +/-, or an MPAA rating) then an all-caps name, ending a paragraph.
_SIGNATURE = re.compile(
    r"(?<=[.!?\"”’)])\s+"
    r"((?:(?:[A-F][+-]?|G|PG|PG-13|R|NC-17|NR)\.\s+)?"
    r"[A-Z][A-Z'’.-]*(?:\s+[A-Z][A-Z'’.-]*){1,3}\.?)\s*$"
)
_TERMINAL = re.compile(r"[.!?…][\"”’')\]]*$")
_HEADLINE_COLON = re.compile(r"([^\n:.!?]{3,80}):\s+")
#: Share of a headline's words that must be capitalised (title case, small words allowed).
MIN_TITLE_CASE_SHARE = 0.6


@dataclass
class BodySplit:
    """Result of :func:`find_body`."""

    body_start: int
    body_end: int
    spans: list[tuple[str, int, int]] = field(default_factory=list)  # (kind, start, end)
    notes: list[str] = field(default_factory=list)


def _words(text: str) -> int:
    return len(text.split())


def is_label_line(text: str) -> bool:
    """Whether a paragraph is a short label line (a byline, a heading): one line, at most
    :data:`MAX_LABEL_WORDS` words, no sentence-final punctuation."""
    # a bare CR (old Mac line end) is a line break too, as in :func:`paragraphs`
    one_line = "\n" not in text.strip() and "\r" not in text.strip()
    return one_line and _words(text) <= MAX_LABEL_WORDS and not _TERMINAL.search(text)


def _is_title_case(text: str) -> bool:
    """Headline-like: at most MAX_LABEL_WORDS words, first capitalised, most capitalised."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text)]
    if not words or len(words) > MAX_LABEL_WORDS or not words[0][0].isupper():
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= MIN_TITLE_CASE_SHARE


def _dedupe_tail(raw: str, s: int, e: int) -> int | None:
    """Start offset of a repeated tail in ``raw[s:e]``, or None.

    A bad copy can repeat the end of a deck, sometimes after a dropped apostrophe
    ("Cianfrances art house ... exquisite. s art house ... exquisite."). The tail, less one
    leading fragment of one or two letters, must be a suffix of the text before it.
    """
    block = raw[s:e]
    if len(block) > MAX_DECK_BLOCK_CHARS:
        return None
    for j in range(MIN_REPEAT_CHARS, len(block) - MIN_REPEAT_CHARS + 1):
        if not block[j - 1].isspace() or block[j].isspace():
            continue
        tail = block[j:].rstrip()
        head = block[:j].rstrip()
        core = re.sub(r"^\w{1,2}\s+", "", tail)
        if len(core) >= MIN_REPEAT_CHARS and head.endswith(core) and len(head) > len(core):
            return s + j
    return None


def find_body(raw: str, *, title: str | None = None) -> BodySplit:
    """Find the body of a review and label the material around it.

    Span kinds: ``section`` (a section label such as "Entertainment"), ``headline``, ``deck``,
    ``deck_repeat`` (a duplicated deck), ``byline`` (a "By ..." line or an e-mail),
    ``signature`` (rating letter and name closing the last paragraph), ``title`` (a short title
    line near the end, e.g. above a listing), ``listing`` ("opens Friday at Fox Tower.").
    """
    blocks = paragraphs(raw)
    spans: list[tuple[str, int, int]] = []
    notes: list[str] = []
    if not blocks:
        return BodySplit(0, 0, spans, ["no text"])
    lo, hi = 0, len(blocks)

    # ---- leading material
    while lo < hi - 1:
        s, e = blocks[lo]
        text = raw[s:e]
        if _EMAIL.match(text.strip()) or _BYLINE.match(text.strip()):
            spans.append(("byline", s, e))
        elif is_label_line(text):
            kind = "section" if lo == 0 and text.strip().lower() in SECTION_LABELS else "headline"
            spans.append((kind, s, e))
        elif lo <= 2 and (rep := _dedupe_tail(raw, s, e)) is not None:
            head_end = rep
            while head_end > s and raw[head_end - 1].isspace():
                head_end -= 1
            m = _HEADLINE_COLON.match(raw, s, head_end)
            if m is not None and _is_title_case(m.group(1)):
                spans.append(("headline", s, m.start(1) + len(m.group(1))))
                spans.append(("deck", m.end(), head_end))
            else:
                spans.append(("deck", s, head_end))
            spans.append(("deck_repeat", rep, e))
        else:
            break
        lo += 1

    # ---- trailing material
    while hi > lo + 1:
        s, e = blocks[hi - 1]
        text = raw[s:e].strip()
        if _EMAIL.match(text) or _BYLINE.match(text) or _DASH_BYLINE.match(text):
            spans.append(("byline", s, e))
        elif _LISTING.match(text) and _words(text) <= 2 * MAX_LABEL_WORDS:
            spans.append(("listing", s, e))
        elif is_label_line(text):
            spans.append(("title", s, e))
        else:
            break
        hi -= 1

    if lo >= hi:
        notes.append("every block looked like a headline or label; the whole text is kept as body")
        return BodySplit(blocks[0][0], blocks[-1][1], [], notes)

    body_start, body_end = blocks[lo][0], blocks[hi - 1][1]
    # ---- rating and signature closing the last body paragraph
    last_s, last_e = blocks[hi - 1]
    m = _SIGNATURE.search(raw, last_s, last_e)
    if m is not None and m.start(1) > last_s:
        spans.append(("signature", m.start(1), m.end(1)))
        body_end = m.start(1)
        while body_end > body_start and raw[body_end - 1].isspace():
            body_end -= 1
    if title and spans:
        notes.extend(_title_notes(raw, spans, title))
    spans.sort(key=lambda t: t[1])
    return BodySplit(body_start, body_end, spans, notes)


def _title_notes(raw: str, spans: list[tuple[str, int, int]], title: str) -> list[str]:
    out = []
    for kind, s, e in spans:
        if kind == "title" and raw[s:e].strip().lower() != title.strip().lower():
            out.append(f"short line near the end labelled 'title' but it is not the film title: {raw[s:e].strip()!r}")
    return out
