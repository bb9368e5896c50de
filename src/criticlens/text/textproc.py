"""The offline text pipeline: decoding, normalisation, paragraphs, sentences and word tokens.

Everything here works on the raw text and returns character offsets into it, so that
``raw[start:end] == text`` holds for every paragraph, sentence and token. Nothing here changes
the raw text; the normalised form used for matching is a separate string with a map back to raw
offsets.

No NLTK data is needed: sentence splitting uses NLTK's Punkt algorithm with a project-owned
abbreviation list (``data/abbreviations_en.txt``) instead of the downloadable trained model, plus
three documented repair rules (see :func:`split_sentences`). Stopwords are a project data file.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from criticlens.paths import PACKAGE_DATA_DIR

# ---------------------------------------------------------------------------------------------
# decoding

#: Share of control characters (other than tab, CR, LF, FF) above which decoded text is
#: treated as binary rather than text.
MAX_CONTROL_SHARE = 0.01
#: Encodings charset-normalizer is asked to choose from first (the ones reviews arrive in).
PREFERRED_ENCODINGS = ("cp1252", "latin_1", "utf_16", "utf_16_le", "utf_16_be", "mac_roman")


class DecodeError(ValueError):
    """Bytes that are not text in any supported encoding (binary or undecodable)."""


@dataclass(frozen=True)
class Decoded:
    """Result of :func:`decode_bytes`: the text, the codec used and any notes for the report."""

    text: str
    encoding: str
    notes: tuple[str, ...] = ()


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    n = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\x0c")
    return n / len(text)


def decode_bytes(data: bytes) -> Decoded:
    """Decode review bytes: UTF-8 (with or without BOM), UTF-16 by BOM, then detection.

    Order: a UTF-8 BOM gives ``utf-8-sig``; a UTF-16 BOM gives ``utf-16``; strict UTF-8 is tried
    next; otherwise charset-normalizer chooses, first among cp1252, latin-1, UTF-16 and
    Mac Roman, then among all codecs. Text whose decoded form is more than
    ``MAX_CONTROL_SHARE`` control characters is refused as binary.

    Raises :class:`DecodeError` with a plain-language reason.
    """
    notes: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        text, enc = data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "utf-8-sig"
    elif data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            text, enc = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise DecodeError(f"has a UTF-16 byte-order mark but is not valid UTF-16 ({exc.reason})") from exc
    elif _looks_utf16(data):
        enc = "utf-16-be" if data[0::2].count(0) > data[1::2].count(0) else "utf-16-le"
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as exc:
            raise DecodeError(f"looks like UTF-16 without a byte-order mark but is not valid ({exc.reason})") from exc
        notes.append(f"no byte-order mark; decoded as {enc} (detected)")
    else:
        try:
            text, enc = data.decode("utf-8", errors="strict"), "utf-8"
        except UnicodeDecodeError:
            text, enc = _detect(data)
            notes.append(f"not UTF-8; decoded as {enc} (detected)")
    if "\x00" in text:
        raise DecodeError("contains NUL bytes: binary data, not text")
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise DecodeError(f"more than {MAX_CONTROL_SHARE:.0%} control characters: binary data, not text")
    return Decoded(text, enc, tuple(notes))


def _detect(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    if b"\x00" in data and not _looks_utf16(data):
        raise DecodeError("contains NUL bytes: binary data, not text")
    for kwargs in ({"cp_isolation": list(PREFERRED_ENCODINGS)}, {}):
        best = from_bytes(data, **kwargs).best()
        if best is not None:
            enc = str(best.encoding)
            try:
                return data.decode(enc), enc
            except (UnicodeDecodeError, LookupError):
                continue
    raise DecodeError("could not be decoded as text in any known encoding (binary or corrupt)")


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without BOM: NULs sit regularly in every other byte."""
    if len(data) < 4:
        return False
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    half = len(data) / 2
    return max(even, odd) > 0.3 * half and min(even, odd) < 0.05 * half


# ---------------------------------------------------------------------------------------------
# normalisation

#: Characters folded for matching: every kind of single quote to ``'``, double quote to ``"``,
#: dash to ``-``, and exotic spaces to a space. Each maps one character to one character.
QUOTE_DASH_MAP: dict[str, str] = {
    **{c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4"},
    **{c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"},
    **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"},
    **{c: " " for c in "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003"},
}
_TRANS = str.maketrans(QUOTE_DASH_MAP)


def _fold_char(ch: str) -> str:
    low = ch.lower()
    return low if len(low) == 1 else ch


@lru_cache(maxsize=4096)
def _fold_run(run: str) -> str:
    return "".join(_fold_char(c) for c in run)


@dataclass(frozen=True)
class NormalizedText:
    """A normalised copy of a raw text and the map back to raw offsets.

    ``raw_index`` is ``None`` when normalisation kept the length (the usual case: then normalised
    index ``i`` is raw index ``i``); otherwise ``raw_index[i]`` is the raw offset of normalised
    character ``i`` and has one extra entry, ``len(raw)``, for end offsets.
    """

    text: str
    raw_index: np.ndarray | None = None
    repaired: bool = False

    def to_raw(self, i: int) -> int:
        """Raw offset of normalised offset ``i`` (``0 <= i <= len(text)``)."""
        if self.raw_index is None:
            return int(i)
        return int(self.raw_index[i])

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``(start, end)`` for a normalised span ``[start, end)``."""
        if self.raw_index is None:
            return int(start), int(end)
        s = int(self.raw_index[start])
        # exclusive end: where the next normalised character starts in the raw text, so a span
        # ending inside a repaired stretch takes all the raw bytes of that stretch
        e = int(self.raw_index[end]) if end > start else s
        return s, max(e, s)


def fold(text: str) -> str:
    """Length-preserving fold for matching: quotes, dashes, exotic spaces, lower case."""
    if len(text) < 64:
        return _fold_run(text.translate(_TRANS))
    # a long text is folded in chunks: an ASCII chunk by str.lower (the same as lower-casing
    # each character), any other chunk character by character; a generator over the whole
    # text made one new string object per character, about 60 bytes per character (issue 17.5)
    t = text.translate(_TRANS)
    return "".join(c.lower() if c.isascii() else "".join(_fold_char(ch) for ch in c)
                   for c in (t[i:i + _FOLD_CHUNK] for i in range(0, len(t), _FOLD_CHUNK)))


#: characters per chunk in :func:`fold`
_FOLD_CHUNK = 4096


_RUN_RE = re.compile(r"\S+")


def normalize_text(raw: str, *, repair: bool = True) -> NormalizedText:
    """Return the normalised form of ``raw`` for matching; the raw text is never changed.

    Folding (see :data:`QUOTE_DASH_MAP`, plus lower case) keeps the length. With ``repair``,
    each whitespace-delimited run that ftfy's ``fix_encoding`` changes (mojibake such as
    ``donâ€™t``) is replaced by its repair in the normalised form only; then ``raw_index`` maps
    each normalised character back to a raw offset and ``repaired`` is True.
    """
    if repair and _maybe_mojibake(raw):
        import ftfy

        pieces: list[str] = []
        index = array("q")  # 8 bytes per character, where a list of ints took about 40
        pos = 0
        changed = False
        for m in _RUN_RE.finditer(raw):
            if m.start() > pos:
                gap = raw[pos:m.start()]
                pieces.append(gap)
                index.extend(range(pos, m.start()))
            run = m.group()
            fixed = ftfy.fix_encoding(run)
            if fixed != run:
                changed = True
                pieces.append(fixed)
                index.extend(_align(run, fixed, m.start()))
            else:
                pieces.append(run)
                index.extend(range(m.start(), m.end()))
            pos = m.end()
        if pos < len(raw):
            pieces.append(raw[pos:])
            index.extend(range(pos, len(raw)))
        if changed:
            joined = "".join(pieces)
            index.append(len(raw))
            return NormalizedText(fold(joined), np.array(index, dtype=np.int64), True)
    return NormalizedText(fold(raw))


def _align(run: str, fixed: str, offset: int) -> list[int]:
    """Raw offset of each character of ``fixed`` (the repair of ``run``, which starts at ``offset``).

    Unchanged characters map one to one; each repaired character maps onto the first of the
    raw characters it replaces, so a token inside a repaired word maps to the raw bytes it came
    from ("couldnâ€™t" -> "couldn't": the apostrophe maps onto "â€™"). Raw characters the repair
    dropped ("Â" of "Â¡" -> "¡") go to the next character, so that every raw character still
    falls inside some token (found by tests/test_properties.py).

    Linear in the run: a two-pointer walk that knows what a repair is (a character's UTF-8
    bytes read as cp1252 or latin-1, once or twice), where ``difflib`` took minutes on a 7 KB
    run of ``donâ€™t`` (issue 17.4).
    """
    out: list[int] = []
    n_raw = len(run)
    last = offset + max(n_raw - 1, 0)
    i = j = 0
    pending: int | None = None

    def emit(raw_i: int) -> None:
        nonlocal pending
        idx = min(offset + raw_i, last)
        if pending is not None:
            idx, pending = pending, None
        out.append(idx)

    while j < len(fixed):
        if i >= n_raw:
            emit(n_raw - 1)  # nothing left to map onto: the last raw character
            j += 1
            continue
        if run[i] == fixed[j]:
            emit(i)
            i += 1
            j += 1
            continue
        width = _mojibake_width(run, i, fixed[j])
        if width:
            emit(i)
            i += width
            j += 1
            continue
        d = run.find(fixed[j], i + 1, i + 1 + _MAX_DROP)
        if d == -1:
            d = next((k for k in range(i + 1, min(i + 1 + _MAX_DROP, n_raw))
                      if _mojibake_width(run, k, fixed[j])), -1)
        if d != -1:  # raw characters dropped by the repair, then the character itself
            if pending is None:
                pending = offset + i
            i = d
            continue
        # a repair of another kind: this character replaces the raw ones up to where the next
        # character is found again
        emit(i)
        j += 1
        nxt = run.find(fixed[j], i + 1, i + 1 + _MAX_DROP) if j < len(fixed) else -1
        i = nxt if nxt != -1 else i + 1
    return out


#: Longest run of raw characters a repair may drop or replace for one character.
_MAX_DROP = 8


def _mojibake_width(run: str, i: int, ch: str) -> int:
    """How many raw characters at ``run[i:]`` are the mojibake of ``ch`` (0 if none):
    ``ch``'s UTF-8 bytes decoded as cp1252 or latin-1, once or twice over."""
    for enc in ("cp1252", "latin-1"):
        form = ch
        for _level in range(2):
            try:
                form = form.encode("utf-8").decode(enc)
            except UnicodeDecodeError:
                break
            if run.startswith(form, i):
                return len(form)
    return 0


#: Characters typical of UTF-8 read as cp1252/latin-1 (the first bytes of mojibake).
_MOJIBAKE_HINT = re.compile("[\u00c2\u00c3\u00e2\u00c5\u00ef][\u0080-\u00bf\u2010-\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u20ac\u2122]")


def _maybe_mojibake(raw: str) -> bool:
    return bool(_MOJIBAKE_HINT.search(raw))


# ---------------------------------------------------------------------------------------------
# paragraphs

_PARA_BREAK = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")


def paragraphs(raw: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Paragraph spans in ``raw[start:end]``: blocks separated by blank lines, whitespace trimmed.

    Line endings ``\\r\\n`` and ``\\r`` count as line breaks. Returns ``(start, end)`` offsets.
    """
    end = len(raw) if end is None else end
    seg = raw[start:end].replace("\r\n", " \n").replace("\r", "\n")  # same length
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA_BREAK.finditer(seg):
        out.extend(_trim(seg, pos, m.start(), start))
        pos = m.end()
    out.extend(_trim(seg, pos, len(seg), start))
    return out


def _trim(seg: str, s: int, e: int, offset: int) -> list[tuple[int, int]]:
    while s < e and seg[s].isspace():
        s += 1
    while e > s and seg[e - 1].isspace():
        e -= 1
    return [(s + offset, e + offset)] if e > s else []


# ---------------------------------------------------------------------------------------------
# sentences

#: Abbreviations after which the period means "time of day" and a capital letter next does
#: start a new sentence ("... a beer at 8 a.m. He sees nothing wrong").
TIME_ABBREVIATIONS = frozenset({"a.m", "p.m"})
#: Longest paragraph handed to Punkt in one piece; longer ones are cut at line breaks or
#: whitespace first so that one enormous line cannot make splitting quadratic.
MAX_PUNKT_CHARS = 20_000


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """The project abbreviation list (lower case, no final period)."""
    path = PACKAGE_DATA_DIR / "abbreviations_en.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip().lower() for ln in lines if ln.strip() and not ln.startswith("#"))


@lru_cache(maxsize=1)
def _punkt():
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(abbreviations() - TIME_ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


_OPENERS = "\"'“‘([{«"
#: A piece that starts with one of these continues the sentence before it (Punkt cut after a
#: parenthesis or quotation that ends in "?" or "!": "( would it be that hard ? ) , dialogue").
_CONTINUATION = ",;:)]}-\u2013\u2014"
_TIME_SPLIT = re.compile(r"\b([ap])\.m\.(?=\s+[\"“‘(]?[A-Z])", re.IGNORECASE)


def _first_letter(text: str) -> str:
    for ch in text:
        if ch.isalnum():
            return ch
        if ch not in _OPENERS and not ch.isspace() and ch not in ".…":
            return ch
    return ""


# ---------------------------------------------------------------------------------------------
# layout

#: Layout names recorded in ``reviews.layout`` (see :func:`detect_layout`).
LAYOUTS = ("prose", "one_per_line", "hard_wrapped")
#: Fewest non-empty lines for a text to be judged one-sentence-per-line or hard-wrapped.
MIN_LAYOUT_LINES = 3
#: One sentence per line: at least this share of non-empty lines ends with sentence
#: punctuation (Pang and Lee's polarity fold 1: 79% to 100%, median 100%) ...
MIN_LINE_END_SHARE = 0.7
#: ... and at most this share of lines has a sentence boundary inside it (polarity fold 1:
#: 0% to 33%, median 2%; prose paragraphs hold two sentences or more).
MAX_INNER_BOUNDARY_SHARE = 0.4
#: Hard-wrapped (e-mail, newsgroup): every line at most this many characters ...
MAX_WRAP_WIDTH = 100
#: ... a median line at least this long (wrapping fills lines) ...
MIN_WRAP_MEDIAN = 40
#: ... and at least this share of lines ending mid-sentence.
MIN_WRAP_OPEN_SHARE = 0.5
#: A text is "lower case" when it has at least this many letters with case ...
MIN_CASED_LETTERS = 20
#: ... and at most this share of them upper case (polarity fold 1: none at all).
MAX_UPPER_SHARE = 0.002

_LINE_SPLIT = re.compile(r"\r\n|\r|\n")
_LINE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s*$|[:;)\]\"\u201d]\s*$")
_INNER_BOUNDARY = re.compile(r"[.!?][\"'\u201d\u2019)]*\s+[\"'\u201c\u2018(]?[^\W\d_]")


@dataclass(frozen=True)
class Layout:
    """How a text is laid out: ``kind`` (one of :data:`LAYOUTS`) and whether it is all lower case."""

    kind: str = "prose"
    lower_case: bool = False


def text_lines(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Non-empty lines of ``text[start:end]`` as ``(start, end)`` with surrounding whitespace trimmed.

    ``\\r\\n``, ``\\r`` and ``\\n`` end a line (as in :func:`paragraphs`).
    """
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    pos = start
    for m in _LINE_SPLIT.finditer(text, start, end):
        out.extend(_trim(text, pos, m.start(), 0))
        pos = m.end()
    out.extend(_trim(text, pos, end, 0))
    return out


def is_lower_case(text: str) -> bool:
    """True for text written all in lower case (see :data:`MAX_UPPER_SHARE`)."""
    upper = lower = 0
    for ch in text:
        if ch.isupper():
            upper += 1
        elif ch.islower():
            lower += 1
    cased = upper + lower
    return cased >= MIN_CASED_LETTERS and upper <= MAX_UPPER_SHARE * cased


def detect_layout(text: str, start: int = 0, end: int | None = None) -> Layout:
    """Judge the layout of ``text[start:end]`` (pass the review body, markup masked out).

    - ``hard_wrapped``: at least :data:`MIN_LAYOUT_LINES` lines, none longer than
      :data:`MAX_WRAP_WIDTH` characters, median at least :data:`MIN_WRAP_MEDIAN`, and at least
      :data:`MIN_WRAP_OPEN_SHARE` of the lines (the last excepted) end mid-sentence: an e-mail or
      newsgroup post wrapped at a fixed width. Its lines are joined.
    - ``one_per_line``: at least :data:`MIN_LAYOUT_LINES` lines, at least
      :data:`MIN_LINE_END_SHARE` of them ending with sentence punctuation and at most
      :data:`MAX_INNER_BOUNDARY_SHARE` with a sentence boundary inside: a research corpus with
      one sentence per line (Pang and Lee). Each line is one sentence.
    - ``prose`` otherwise: paragraphs of running text.

    ``lower_case`` is :func:`is_lower_case` of the text.
    """
    end = len(text) if end is None else end
    lines = [text[s:e] for s, e in text_lines(text, start, end)]
    lower = is_lower_case(text[start:end])
    if len(lines) >= MIN_LAYOUT_LINES:
        lengths = sorted(len(ln) for ln in lines)
        median = lengths[len(lengths) // 2]
        open_share = sum(not _LINE_END.search(ln) for ln in lines[:-1]) / (len(lines) - 1)
        if lengths[-1] <= MAX_WRAP_WIDTH and median >= MIN_WRAP_MEDIAN and open_share >= MIN_WRAP_OPEN_SHARE:
            return Layout("hard_wrapped", lower)
        ended = sum(bool(_LINE_END.search(ln)) for ln in lines) / len(lines)
        inner = sum(bool(_INNER_BOUNDARY.search(ln.rstrip()[:-1])) for ln in lines) / len(lines)
        if ended >= MIN_LINE_END_SHARE and inner <= MAX_INNER_BOUNDARY_SHARE:
            return Layout("one_per_line", lower)
    return Layout("prose", lower)


def split_sentences(raw: str, start: int = 0, end: int | None = None, *,
                    layout: Layout | None = None) -> list[tuple[int, int]]:
    """Sentence spans in one paragraph ``raw[start:end]`` (offsets into ``raw``).

    With a ``one_per_line`` layout every line end ends a sentence, and each line is split by
    the prose rules below without rule 4 (so a lower-case line is one sentence, and a
    capitalised "Second part. Yes." is two). Otherwise (prose or hard-wrapped, whose line
    breaks are read as spaces):

    Punkt (untrained, with the project abbreviations) proposes boundaries; then:

    1. a piece that is only dots or punctuation (the ``. .`` of a spaced ellipsis) joins the
       sentence before it;
    2. a piece that starts with a lower-case letter, or with ``, ; : ) ] }`` or a dash, continues the
       sentence before it (an
       ellipsis or ``!``/``?`` inside a quotation: ``"... in the morning . . . this is the
       dream."`` and ``"Tell me how I should be!" he pleads.``);
    3. ``a.m.``/``p.m.`` followed by a capitalised word ends a sentence;
    4. in ``lower_case`` text, rule 2 is off and sentence punctuation followed by a lower-case
       word ends a sentence, unless the word before the period is on the abbreviation list
       (Punkt's abbreviation evidence) or a single letter (an initial).

    Whitespace-only input gives no sentences; text with no sentence punctuation is one sentence.
    """
    end = len(raw) if end is None else end
    layout = layout or Layout()
    if layout.kind == "one_per_line":
        out: list[tuple[int, int]] = []
        for s, e in text_lines(raw, start, end):
            out.extend(split_sentences(raw, s, e))
        return out
    para = raw[start:end]
    if not para.strip():
        return []
    chunks = _chunks(para)
    spans: list[tuple[int, int]] = []
    tok = _punkt()
    for cs, ce in chunks:
        piece = para[cs:ce]
        for s, e in tok.span_tokenize(piece):
            spans.append((cs + s, cs + e))
    # rule 3: split after a.m./p.m. + capital
    split: list[tuple[int, int]] = []
    for s, e in spans:
        cut = s
        for m in _TIME_SPLIT.finditer(para, s, e):
            split.append((cut, m.end()))
            cut = m.end()
            while cut < e and para[cut].isspace():
                cut += 1
        split.append((cut, e))
    if layout.lower_case:  # rule 4
        split = _split_lower(para, split)
    # rules 1 and 2: merge
    merged: list[list[int]] = []
    for s, e in split:
        text = para[s:e]
        first = _first_letter(text)
        only_punct = not any(ch.isalnum() for ch in text)
        continues = (first.isalpha() and first.islower() and not layout.lower_case) or first in _CONTINUATION
        if merged and (only_punct or continues):
            merged[-1][1] = e
        else:
            merged.append([s, e])
    return [(s + start, e + start) for s, e in (_strip_span(para, s, e) for s, e in merged) if s < e]


def _strip_span(text: str, s: int, e: int) -> tuple[int, int]:
    """``(s, e)`` narrowed past whitespace at both ends, by ``str.isspace`` (which Punkt's own
    notion of a space does not match exactly: it leaves e.g. U+001F at a sentence start)."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


_LOWER_SPLIT = re.compile(r"(?<=[.!?])\)?(?=\s+[(]?[^\W\d_A-Z])")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w.]*)\s*\.$")
_ENDS_SENTENCE = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")
_QUOTED_EXCLAIM = re.compile(r"[!?]\s*[\"'\u201d\u2019]$")


def _split_lower(para: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Rule 4 of :func:`split_sentences` on the Punkt pieces of one paragraph.

    Cuts go after sentence punctuation followed by a lower-case word (not after a closing quote:
    ``"no!" he said`` is one sentence), and Punkt's own cuts stay; a cut is vetoed when the word
    before the period is an abbreviation or an initial, spaced or not (``mr . nice guy``).
    """
    if not spans:
        return spans
    lo, hi = spans[0][0], spans[-1][1]
    cuts = {e for _, e in spans[:-1]}
    cuts.update(m.end() for m in _LOWER_SPLIT.finditer(para, lo, hi))
    abbrev = abbreviations()
    kept = []
    for c in sorted(cuts):
        before = para[max(lo, c - 40):c].rstrip()
        if not _ENDS_SENTENCE.search(before):  # a cut of an over-long paragraph, not a sentence end
            continue
        if _QUOTED_EXCLAIM.search(before):  # "no!" he said
            continue
        if before.endswith("."):
            w = _WORD_BEFORE.search(before)
            word = w.group(1).lower().rstrip(".") if w else ""
            if word in abbrev or (len(word) == 1 and word.isalpha()):
                continue
        kept.append(c)
    out: list[tuple[int, int]] = []
    pos = lo
    for c in kept + [hi]:
        out.extend(_trim(para, pos, c, 0))
        pos = c
    return out


def _chunks(para: str) -> list[tuple[int, int]]:
    """Cut an over-long paragraph at whitespace so no piece exceeds MAX_PUNKT_CHARS."""
    if len(para) <= MAX_PUNKT_CHARS:
        return [(0, len(para))]
    out: list[tuple[int, int]] = []
    pos = 0
    n = len(para)
    while pos < n:
        stop = min(pos + MAX_PUNKT_CHARS, n)
        if stop < n:
            cut = max(para.rfind("\n", pos, stop), para.rfind(" ", pos, stop))
            if cut > pos:
                stop = cut + 1
        out.append((pos, stop))
        pos = stop
    return out


# ---------------------------------------------------------------------------------------------
# tokens

_APOS = "'\u2019"
_HYPH = "-\u2010\u2011"
#: Word tokens: dotted abbreviations (a.m., U.S.), words with internal apostrophes and hyphens,
#: and any other non-space character alone (punctuation).
TOKEN_RE = re.compile(
    r"(?:[^\W\d_]\.){2,}"                      # a.m.  U.S.
    rf"|[^\W_]+(?:[{_APOS}][^\W_]+)*(?:[{_HYPH}][^\W_]+(?:[{_APOS}][^\W_]+)*)*"  # words
    r"|\S",                                    # punctuation, symbols, emoji
)
#: Clitics split off a word token (Penn Treebank style): "isn't" -> "is" + "n't",
#: "Gosling's" -> "Gosling" + "'s". They are tokens but not words (``is_word`` False).
CLITIC_RE = re.compile(rf"(?:(?<=[^\W_])n[{_APOS}]t|[{_APOS}](?:s|re|ve|ll|d|m))$", re.IGNORECASE)


def iter_tokens(raw: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Token spans in ``raw[start:end]``, clitics split off (offsets into ``raw``)."""
    end = len(raw) if end is None else end
    for m in TOKEN_RE.finditer(raw, start, end):
        s, e = m.span()
        if e - s > 2:
            c = CLITIC_RE.search(raw, s, e)
            if c is not None and c.start() > s:
                yield s, c.start()
                yield c.start(), e
                continue
        yield s, e


CLITIC_TOKEN_RE = re.compile(rf"n[{_APOS}]t|[{_APOS}](?:s|re|ve|ll|d|m)", re.IGNORECASE)


def is_word_token(text: str) -> bool:
    """A word has a letter or digit and is not a clitic."""
    return any(ch.isalnum() for ch in text) and CLITIC_TOKEN_RE.fullmatch(text) is None


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The project English stopword list (``data/stopwords_en.txt``), lower case."""
    path = PACKAGE_DATA_DIR / "stopwords_en.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#"))


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    import textblob

    from pathlib import Path

    path = Path(textblob.__file__).parent / "en" / "en-lexicon.txt"
    words = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(";;;"):
                continue
            word = line.split(" ", 1)[0]
            if word and word.islower():
                words.add(word)
    return frozenset(words)


def is_common_word(word: str) -> bool:
    """True when ``word`` (lower case) is an ordinary English word, not only a name.

    Evidence: the lexicon of Brill's tagger (trained on the Brown corpus and the Penn Treebank,
    shipped with TextBlob as ``en/en-lexicon.txt``) lists it in lower case ("best", "park",
    "stone"), whereas names appear there capitalised only ("Lucas", "Williams", "Ford"). Used
    to keep one-word names from matching common words in text written all in lower case.
    """
    return word.lower() in _common_words()
