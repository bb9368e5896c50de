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
    """Result of :func:`find_body`.

    ``spans`` are ``(kind, start, end)`` of the non-body material, sorted by start; markup and
    rating spans may lie inside the body. ``masked`` is the raw text with every span inside
    the body blanked out (same length, see :func:`criticlens.text.markup.mask`): segmentation
    and tokens run on it, so no token ever includes markup or a header line.
    """

    body_start: int
    body_end: int
    spans: list[tuple[str, int, int]] = field(default_factory=list)  # (kind, start, end)
    notes: list[str] = field(default_factory=list)
    masked: str | None = None


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


def find_body(raw: str, *, title: str | None = None, aliases: tuple[str, ...] = ()) -> BodySplit:
    """Find the body of a review and label the material around and inside it.

    1. Markup and encoding debris (:func:`criticlens.text.markup.find_markup`): span kinds
       ``markup_tag``, ``markup_entity``, ``qp_soft_break``, ``qp_escape``, wherever they are.
       The rules below run on the text with these blanked out.
    2. Paragraph rules: ``section`` (a section label such as "Entertainment"), ``headline``,
       ``deck``, ``deck_repeat`` (a duplicated deck), ``byline`` (a "By ..." line or an e-mail),
       ``signature`` (rating letter and name closing the last paragraph), ``title`` (a short
       title line near the end, e.g. above a listing), ``listing`` ("opens Friday at Fox Tower.").
    3. Line rules (:func:`line_spans`): header and sign-off lines at either end of the body
       (``credits``, ``theatre``, ``blurb``, ``copyright``, ``header``, ``epigraph``) and
       ``rating`` lines anywhere.

    ``title`` and its ``aliases`` are the film's names (a short closing line that is not one of
    them is noted).
    """
    from criticlens.text.markup import find_markup, mask

    markup = find_markup(raw)
    text = mask(raw, markup)
    split = _find_blocks(text, title=title, aliases=aliases)
    bs, be = split.body_start, split.body_end
    lines, nbs, nbe = line_spans(text, bs, be)
    spans = split.spans + lines
    split.masked = mask(text, lines)
    split.body_start, split.body_end = nbs, nbe
    split.spans = sorted(spans + markup, key=lambda t: (t[1], t[2]))
    return split


def _find_blocks(raw: str, *, title: str | None, aliases: tuple[str, ...] = ()) -> BodySplit:
    """Steps 2 of :func:`find_body` on ``raw`` (markup already masked)."""
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
        notes.extend(_title_notes(raw, spans, (title, *aliases)))
    spans.sort(key=lambda t: t[1])
    return BodySplit(body_start, body_end, spans, notes)


def _title_notes(raw: str, spans: list[tuple[str, int, int]], titles: tuple[str, ...]) -> list[str]:
    out = []
    names = {t.strip().lower() for t in titles}
    for kind, s, e in spans:
        if kind == "title" and raw[s:e].strip().lower() not in names:
            out.append(f"short line near the end labelled 'title' but it is not the film title: {raw[s:e].strip()!r}")
    return out


# =============================================================================================
# line rules: headers and sign-offs, rating lines (issue 14)
#
# Research corpora and e-mailed reviews put their non-review material on lines of its own, at
# the start or the end, inside what find_body's paragraph rules see as one block (a text with
# one sentence per line has no blank lines at all). Each rule below is one regular expression
# over a single line, matched case-insensitively; every rule is tested on a real line from
# Pang and Lee's polarity data (tests/text/test_markup.py). A line is only ever labelled whole.

#: Lines scanned from each end of the body for headers and sign-offs.
MAX_EDGE_LINES = 8
#: Longest line (words) a header or sign-off rule may label.
MAX_EDGE_LINE_WORDS = 60

#: ``credits``: a line that starts with a credit ("directed by", "starring :", "running time",
#: "rated r", "[pg-13]"), or a studio's "X presents ..." line.
CREDITS_RE = re.compile(
    r"^(?:directed\s+by|written\s+by|screenplay\s+by|screen\s+story\s+by|story\s+by|inspired\s+by|"
    r"based\s+on|produced\s+by|executive\s+producers?|music\s+by|starring|cast\s*:|director\s*:|"
    r"running\s+time|runtime|rated\s*(?::|\b(?:g|pg|pg-13|r|nc-17|nr|x)\b)|mpaa\s*:|"
    r"\[\s*(?:g|pg|pg-13|r|nc-17|nr|x)\s*\])"
    r"|^[\w'&. -]{1,40}?\s+presents\b", re.IGNORECASE)
#: ``theatre``: where and when the critic saw the film ("seen at : amc old pasadena 8",
#: "seen may 31 , 1999 on home video").
THEATRE_RE = re.compile(r"^seen\b|\bseen\s+at\b", re.IGNORECASE)
#: ``blurb``: the critic's own notice ("new address . same old attitude", "website coming in
#: july", an e-mail or web address).
BLURB_RE = re.compile(r"\bnew\s+address\b|\bweb\s?site\b|\be-?mail\b|https?://|\bwww\.|\bhome\s?page\b",
                      re.IGNORECASE)
#: ``copyright``: "copyright 1998 ...", "(c) 1999", "© 1999", and the "? 1999 eugene novikov" of
#: the polarity data, where the copyright sign was lost to a question mark.
COPYRIGHT_RE = re.compile(r"\bcopyright\b|\(c\)\s*(?:19|20)\d\d|\u00a9|(?:^|\s)\?\s*(?:19|20)\d\d\b",
                          re.IGNORECASE)
#: ``header``: the review's own title line ("the happy bastard's quick movie review",
#: "susan granger's review of ...", "meet joe black ( reviewed on nov . 27/98 )"), a
#: "review by" line, or a spoiler warning ("spoilers ahead").
HEADER_RE = re.compile(r"\bmovie\s+review\b|\breview\s+of\b|\(\s*reviewed\s+on\b|^review(?:ed)?\s+by\b|"
                       r"^a\s+[\w' .-]{1,40}\s+review\b|^spoilers?\b", re.IGNORECASE)
#: ``epigraph``: a closing quotation with its speaker (' " you know , for kids " - norville
#: barnes').
EPIGRAPH_RE = re.compile(r"^[\"\u201c].{1,120}[\"\u201d]\s*[-\u2013\u2014]{1,2}\s*[^\W\d_][\w .'-]{1,40}$")
#: ``rating``: a line that is only a rating, anywhere in the review: stars ("* * * out of
#: four"), a fraction ("3/4", "( 7/10 )"), a grade or rating label ("grade : b+", "overall
#: rating="), an MPAA rating in brackets, or a list of ratings of other films (three or more
#: "( 7/10 )").
RATING_RE = re.compile(
    r"^(?:\*\s*){1,5}(?:1/2\s*)?(?:\(?\s*out\s+of\s+(?:four|five|4|5)\s*\)?)?\s*\.?$"
    r"|^\(?\s*\d(?:\.\d)?\s*(?:/|out\s+of)\s*(?:4|5|10|four|five|ten)\s*\)?\s*\.?$"
    r"|^(?:[\w'. ]{0,30}\s)?(?:grade|rating|score|verdict)\s*[:=]\s*(?:[a-f][+-]?|\d+(?:\.\d+)?(?:\s*/\s*\d+)?|\*[* ]*)?\s*\.?$"
    r"|^\[\s*(?:g|pg|pg-13|r|nc-17|nr|x)\s*\]$",
    re.IGNORECASE)
_RATING_ITEM = re.compile(r"\(\s*\d+(?:\.\d)?\s*/\s*10\s*\)")
#: Rules in the order they are tried (the first that matches names the kind).
EDGE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("rating", RATING_RE), ("copyright", COPYRIGHT_RE), ("credits", CREDITS_RE),
    ("theatre", THEATRE_RE), ("blurb", BLURB_RE), ("header", HEADER_RE), ("epigraph", EPIGRAPH_RE),
)
LINE_KINDS = tuple(k for k, _ in EDGE_RULES)
_INNER_STOP = re.compile(r"[.!?]\s+[^\W\d_]")


def rating_line(line: str) -> bool:
    """A line that is only a rating (see :data:`RATING_RE`) or a list of ratings."""
    s = line.strip()
    return bool(RATING_RE.match(s)) or len(_RATING_ITEM.findall(s)) >= 3


def edge_kind(line: str) -> str | None:
    """The kind of header or sign-off ``line`` is (see :data:`EDGE_RULES`), or None.

    Lines longer than :data:`MAX_EDGE_LINE_WORDS` words are never labelled, nor are lines of
    more than ``MAX_LABEL_WORDS + 2`` words with a sentence boundary inside (a short blurb such
    as "new address . same old attitude" may have one).
    """
    s = line.strip()
    if not s:
        return None
    if rating_line(s):
        return "rating"
    n = _words(s)
    if n > MAX_EDGE_LINE_WORDS or (n > MAX_LABEL_WORDS + 2 and _INNER_STOP.search(s.rstrip(".!? "))):
        return None
    for kind, rx in EDGE_RULES[1:]:
        if rx.search(s):
            return kind
    return None


def line_spans(text: str, start: int, end: int) -> tuple[list[tuple[str, int, int]], int, int]:
    """Header, sign-off and rating lines in ``text[start:end]`` and the body left between them.

    Leading and trailing lines (at most :data:`MAX_EDGE_LINES` from each end) are labelled while
    :func:`edge_kind` recognises them; rating lines are labelled anywhere. Returns
    ``(spans, body_start, body_end)``; when every line would be labelled, nothing is.
    """
    from criticlens.text.textproc import text_lines

    lines = text_lines(text, start, end)
    if len(lines) < 2:
        return [], start, end
    kinds: list[str | None] = [None] * len(lines)
    lo = 0
    while lo < min(MAX_EDGE_LINES, len(lines)) and (k := edge_kind(text[lines[lo][0]:lines[lo][1]])):
        kinds[lo] = k
        lo += 1
    hi = len(lines)
    while hi > max(lo, len(lines) - MAX_EDGE_LINES) and (k := edge_kind(text[lines[hi - 1][0]:lines[hi - 1][1]])):
        kinds[hi - 1] = k
        hi -= 1
    if lo >= hi:
        return [], start, end
    for i in range(lo, hi):
        if rating_line(text[lines[i][0]:lines[i][1]]):
            kinds[i] = "rating"
    spans = [(k, s, e) for k, (s, e) in zip(kinds, lines, strict=True) if k]
    return spans, lines[lo][0], lines[hi - 1][1]
