"""Load a film folder into a :class:`Corpus` of tidy pandas frames, with a load report.

A film folder holds ``film.yaml``, ``reviews.csv`` and the review texts (``reviews/*.txt``).
:func:`load_film` validates all of it; every problem becomes an item of the :class:`LoadReport`
that names the file and the problem. A review is either loaded or counted as rejected with a
reason: ``report.n_in == report.n_loaded + report.n_rejected`` always holds.

The raw text of each review is kept exactly as decoded; every ``start``/``end`` in the frames is
a character offset into it. See ``docs/architecture.md`` and the README for every column.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import re
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from criticlens.text import textproc
from criticlens.text.body import MAX_LABEL_WORDS, find_body, is_label_line
from criticlens.text.markup import MARKUP_KINDS
from criticlens.corpus.film import FilmMeta

REQUIRED_COLUMNS = ("review_id", "file")
#: Folder of a film folder where ``criticlens add`` keeps the original files (not loaded).
SOURCES_DIR = "sources"
OPTIONAL_COLUMNS = ("critic", "outlet", "headline", "published", "notes", "group")
#: The column of reviews.csv read as each review's group (a verdict such as fresh/rotten, a star
#: rating, an outlet, a date): figures compare groups as well as critics. ``load_film(group=COL)``
#: (``--group COL``) reads another column instead.
GROUP_COLUMN = "group"
#: Reviews larger than this are loaded but warned about (they are unusual for one review).
LARGE_REVIEW_BYTES = 1_000_000
#: Largest review loaded (bytes of the file, or characters of a table cell). Loading costs
#: about 190 bytes of memory per character (sentences, tokens, offsets, normalised text: a
#: 4.6 MB review peaked at 853 MB RSS), so this keeps one review near 1.5 GB; a full-length
#: review is 5-20 KB and a whole novel about 1 MB. Beyond it: error ``review_too_large``, the
#: review is rejected, the others load.
MAX_REVIEW_BYTES = 8_000_000
#: Offline language check: English prose runs at about 45-50% stopwords with the project list
#: (the three bundled reviews: 46%, 46%, 50% of body words); French, Spanish and German review
#: text at 2-5%. A body below this share is warned about as probably not English, because the
#: lexicons, stopwords and sentence rules are English-only. Only a warning: the review loads.
MIN_ENGLISH_STOPWORD_SHARE = 0.20
#: Bodies shorter than this (words) are too short for the language check and are not judged.
MIN_WORDS_FOR_LANGUAGE_CHECK = 20
#: Scripts without spaces between words (Japanese, Chinese, Thai) give few "words", so the
#: stopword share cannot judge them; instead, a body of at least this many letters, most of them
#: outside the Latin alphabet (Latin ends at U+024F), is warned about too.
MIN_LETTERS_FOR_SCRIPT_CHECK = 40
_LAST_LATIN = 0x024F
_LETTER = re.compile(r"[^\W\d_]")

REVIEW_COLUMNS = [
    "review_id", "film", "file", "critic", "outlet", "headline", "published", "notes", "group", "label",
    "raw", "encoding", "sha256", "n_bytes", "body_start", "body_end", "n_chars", "n_paragraphs",
    "n_sentences", "n_tokens", "n_words", "repaired", "layout", "lower_case", "has_markup",
]
SENTENCE_COLUMNS = ["review_id", "sent_id", "para_id", "start", "end", "text", "norm", "n_words",
                    "word_start", "position"]
TOKEN_COLUMNS = ["review_id", "sent_id", "tok_id", "start", "end", "text", "norm", "is_word",
                 "is_stop", "word_index", "position"]
SPAN_COLUMNS = ["review_id", "kind", "start", "end", "text"]
REPORT_COLUMNS = ["level", "file", "review_id", "code", "message"]


class FilmLoadError(Exception):
    """The film folder cannot be loaded at all (no film.yaml, no usable reviews.csv...).

    ``report`` holds every problem found.
    """

    def __init__(self, report: LoadReport):
        self.report = report
        errs = report.errors()
        first = errs.iloc[0]["message"] if len(errs) else "unknown error"
        more = f" (and {len(errs) - 1} more)" if len(errs) > 1 else ""
        super().__init__(f"{first}{more}")


def _printable(text: str) -> str:
    """``text`` with surrogate escapes (undecodable bytes of a file name) shown as ``\\xNN``."""
    if not isinstance(text, str):
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


@dataclass
class LoadReport:
    """Every problem found while loading, and the review accounting.

    ``items`` has the columns level (``error``, ``warning``, ``info``), file, review_id, code,
    message. Errors reject a review (or the whole film); warnings never stop the load.
    """

    source: str = ""
    rows: list[dict[str, Any]] = field(default_factory=list)
    n_in: int = 0
    n_loaded: int = 0
    n_rejected: int = 0

    def add(self, level: str, code: str, message: str, *, file: str = "", review_id: str = "") -> None:
        # a file name that is not valid UTF-8 reaches Python with surrogate escapes, which no
        # terminal or CSV can print: show its bytes as \xNN instead (issue 17.13)
        self.rows.append({"level": level, "file": _printable(file), "review_id": _printable(review_id),
                          "code": code, "message": _printable(message)})

    @property
    def items(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=REPORT_COLUMNS).astype(
            {"level": "string", "file": "string", "review_id": "string", "code": "string", "message": "string"})

    def errors(self) -> pd.DataFrame:
        it = self.items
        return it[it["level"] == "error"].reset_index(drop=True)

    def warnings(self) -> pd.DataFrame:
        it = self.items
        return it[it["level"] == "warning"].reset_index(drop=True)

    @property
    def ok(self) -> bool:
        return not any(r["level"] == "error" for r in self.rows)

    def codes(self) -> list[str]:
        return [r["code"] for r in self.rows]

    def __str__(self) -> str:
        head = (f"load report for {self.source}: {self.n_in} reviews in, {self.n_loaded} loaded, "
                f"{self.n_rejected} rejected; "
                f"{sum(r['level'] == 'error' for r in self.rows)} errors, "
                f"{sum(r['level'] == 'warning' for r in self.rows)} warnings")
        lines = [head]
        for r in self.rows:
            where = r["file"] or r["review_id"] or "-"
            lines.append(f"  {r['level'].upper():7} {where}: {r['message']} [{r['code']}]")
        return "\n".join(lines)

    def _repr_html_(self) -> str:  # pragma: no cover - notebook display
        return f"<pre>{self.__str__()}</pre>"


@dataclass(frozen=True)
class Corpus:
    """The reviews of one film (or a table of many) as tidy frames. See the module docstring."""

    reviews: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    spans: pd.DataFrame
    report: LoadReport
    film: FilmMeta | None = None
    path: Path | None = None

    @property
    def review_ids(self) -> list[str]:
        """Review ids in load order."""
        return list(self.reviews["review_id"])

    def labels(self) -> dict[str, str]:
        """``{review_id: label}`` in load order (the label is the critic's display name)."""
        return dict(zip(self.reviews["review_id"], self.reviews["label"], strict=True))

    def _row(self, review_id: str) -> pd.Series:
        hit = self.reviews.loc[self.reviews["review_id"] == review_id]
        if hit.empty:
            raise KeyError(f"no review with id {review_id!r}; ids are {self.review_ids}")
        return hit.iloc[0]

    def raw(self, review_id: str) -> str:
        """The raw text of a review, exactly as decoded."""
        return str(self._row(review_id)["raw"])

    def body(self, review_id: str) -> str:
        """The body of a review (a slice of the raw text)."""
        r = self._row(review_id)
        return str(r["raw"])[int(r["body_start"]):int(r["body_end"])]

    def normalized(self, review_id: str) -> textproc.NormalizedText:
        """The normalised form of the whole raw text, with the map back to raw offsets."""
        return self._norm_cache.setdefault(review_id, textproc.normalize_text(self.raw(review_id)))

    @cached_property
    def _norm_cache(self) -> dict[str, textproc.NormalizedText]:
        return {}

    @property
    def title(self) -> str:
        return self.film.title if self.film is not None else ""

    def summary(self) -> pd.DataFrame:
        """One row per review: label, critic, outlet, encoding and body counts."""
        cols = ["review_id", "label", "critic", "outlet", "encoding", "n_paragraphs", "n_sentences",
                "n_words", "n_chars"]
        return self.reviews[cols].copy()

    def __repr__(self) -> str:
        return (f"Corpus({self.title or 'untitled'!r}: {len(self.reviews)} reviews, "
                f"{len(self.sentences)} sentences, {len(self.tokens)} tokens)")


# =============================================================================================
# the per-review pipeline


@dataclass
class ReviewFrames:
    """The rows one review contributes to each frame (built by :func:`process_review`)."""

    review: dict[str, Any]
    sentences: dict[str, list[Any]]
    tokens: dict[str, list[Any]]
    spans: list[dict[str, Any]]
    notes: list[str]


def _int_array(a: array) -> np.ndarray:
    """An ``array('q')`` as an int64 numpy array (one copy, then the array can go)."""
    return np.array(a, dtype=np.int64) if len(a) else np.zeros(0, dtype=np.int64)


def process_review(review_id: str, raw: str, *, title: str | None = None,
                   aliases: tuple[str, ...] = ()) -> ReviewFrames:
    """Run the text pipeline on one review: body, paragraphs, sentences, tokens, positions.

    Pure: the same text always gives the same rows. Offsets are into ``raw``.
    """
    split = find_body(raw, title=title, aliases=aliases)
    # segmentation and tokens run on the masked text: the raw text with markup, debris and
    # header lines blanked out (same length, so every offset is a raw offset)
    text = split.masked if split.masked is not None else raw
    layout = textproc.detect_layout(text, split.body_start, split.body_end)
    stop = textproc.stopwords()
    notes = list(split.notes)
    # numbers go into typed arrays (8 bytes each) rather than lists of Python ints and floats
    # (about 40 bytes each): per token that is most of the loader's memory (issue 17.5)
    tok_start, tok_end, tok_sent, tok_word = (array("q") for _ in range(4))
    tok_is_word, tok_is_stop = bytearray(), bytearray()
    tok_text: list[str] = []
    tok_norm: list[str] = []
    sent_para, sent_start, sent_end, sent_nw, sent_ws = (array("q") for _ in range(5))
    sent_text_l: list[str] = []
    sent_norm: list[str] = []
    paras = textproc.paragraphs(text, split.body_start, split.body_end)
    normalized = textproc.normalize_text(text)
    token_spans = _repaired_token_spans(normalized) if normalized.repaired else None
    soft = {s: e for k, s, e in split.spans if k == "qp_soft_break"}
    word_index = 0
    sent_id = 0
    for para_id, (ps, pe) in enumerate(paras):
        for ss, se in textproc.split_sentences(text, ps, pe, layout=layout):
            n_words = 0
            first_word = word_index
            pieces = (textproc.iter_tokens(text, ss, se) if token_spans is None
                      else token_spans(ss, se))
            if soft:
                pieces = _join_soft_breaks(pieces, text, soft)
            for ts, te, *repaired in pieces:
                t = raw[ts:te]
                norm = repaired[0] if repaired else textproc.fold(t)
                is_word = textproc.is_word_token(norm)
                tok_sent.append(sent_id)
                tok_start.append(ts)
                tok_end.append(te)
                tok_text.append(t)
                tok_norm.append(norm)
                tok_is_word.append(is_word)
                tok_is_stop.append(norm in stop)
                tok_word.append(word_index if is_word else -1)
                if is_word:
                    word_index += 1
                    n_words += 1
            sent_para.append(para_id)
            sent_start.append(ss)
            sent_end.append(se)
            sent_text_l.append(raw[ss:se])
            sent_norm.append(textproc.normalize_text(text[ss:se]).text)
            sent_nw.append(n_words)
            sent_ws.append(first_word)
            sent_id += 1
    total = word_index
    n_tok = len(tok_text)
    repaired = normalized.repaired
    del normalized, token_spans  # the normalised copy of the text is not needed any more
    ws = _int_array(sent_ws)
    nw = _int_array(sent_nw)
    wi = _int_array(tok_word)
    # the same IEEE operations as the scalar formulas (ws + nw / 2) / total and
    # (wi + 0.5) / total, so the values are bit for bit those of the former per-row loop
    if total:
        sent_pos = (ws + nw / 2) / total
        tok_pos = np.where(wi >= 0, (wi + 0.5) / total, np.nan)
    else:
        sent_pos = np.full(len(ws), 0.5)
        tok_pos = np.full(n_tok, np.nan)
    sent_rows: dict[str, Any] = {
        "review_id": [review_id] * sent_id, "sent_id": np.arange(sent_id, dtype=np.int64),
        "para_id": _int_array(sent_para), "start": _int_array(sent_start), "end": _int_array(sent_end),
        "text": sent_text_l, "norm": sent_norm, "n_words": nw, "word_start": ws, "position": sent_pos,
    }
    tok_rows: dict[str, Any] = {
        "review_id": [review_id] * n_tok, "sent_id": _int_array(tok_sent),
        "tok_id": np.arange(n_tok, dtype=np.int64), "start": _int_array(tok_start),
        "end": _int_array(tok_end), "text": tok_text, "norm": tok_norm,
        "is_word": np.frombuffer(tok_is_word, dtype=np.uint8).astype(bool),
        "is_stop": np.frombuffer(tok_is_stop, dtype=np.uint8).astype(bool),
        "word_index": wi, "position": tok_pos,
    }
    tok_id = n_tok
    spans = [{"review_id": review_id, "kind": k, "start": s, "end": e, "text": raw[s:e]}
             for k, s, e in split.spans]
    review = {
        "body_start": split.body_start, "body_end": split.body_end, "n_chars": len(raw),
        "n_paragraphs": len(paras), "n_sentences": sent_id, "n_tokens": tok_id, "n_words": total,
        "repaired": repaired, "layout": layout.kind, "lower_case": layout.lower_case,
        "has_markup": any(k in MARKUP_KINDS for k, _s, _e in split.spans),
    }
    return ReviewFrames(review, sent_rows, tok_rows, spans, notes)


def english_stopword_share(fr: ReviewFrames) -> float | None:
    """Share of the body's word tokens that are English stopwords (None if there are no words)."""
    is_word = np.asarray(fr.tokens["is_word"], dtype=bool)
    n = int(is_word.sum())
    return int(np.asarray(fr.tokens["is_stop"], dtype=bool)[is_word].sum()) / n if n else None


def language_note(fr: ReviewFrames) -> str | None:
    """A plain-language warning when a body looks like it is not English, else None.

    The check is: most letters outside the Latin alphabet (bodies of at least
    :data:`MIN_LETTERS_FOR_SCRIPT_CHECK` letters), or :func:`english_stopword_share` below
    :data:`MIN_ENGLISH_STOPWORD_SHARE` (bodies of at least :data:`MIN_WORDS_FOR_LANGUAGE_CHECK`
    words). It is cheap and offline;
    it cannot tell which language a text is in, only that it does not read as English.
    """
    sample = "".join(t for t, w in zip(fr.tokens["text"][:5000], fr.tokens["is_word"][:5000], strict=True) if w)
    letters = _LETTER.findall(sample)
    if len(letters) >= MIN_LETTERS_FOR_SCRIPT_CHECK:
        other = sum(1 for ch in letters if ord(ch) > _LAST_LATIN)
        if other / len(letters) > 0.5:
            return (f"probably not English: {other / len(letters):.0%} of its letters are not in the Latin "
                    f"alphabet; the sentiment lexicons, stopwords and sentence rules are English-only, so "
                    f"its results will mislead")
    share = english_stopword_share(fr)
    if share is None or fr.review["n_words"] < MIN_WORDS_FOR_LANGUAGE_CHECK:
        return None
    if share >= MIN_ENGLISH_STOPWORD_SHARE:
        return None
    return (f"probably not English: only {share:.0%} of its {fr.review['n_words']} body words are "
            f"English stopwords (English prose has about 45%); the sentiment lexicons, stopwords "
            f"and sentence rules are English-only, so its results will mislead")


_SENTENCE_PUNCT = re.compile(r"[.!?\u2026\u203c\u2047-\u2049\u3002\uff01\uff0e\uff1f]")


def review_notes(raw: str, fr: ReviewFrames) -> list[tuple[str, str, str]]:
    """Report items ``(level, code, message)`` about a review that loads but deserves a word.

    - ``review_language`` (warning): the body does not read as English (:func:`language_note`);
    - ``review_headline_only`` (warning): the body is one short line with no sentence ending,
      e.g. a review that is only its headline;
    - ``review_no_punctuation`` (warning): a longer body with no sentence punctuation at all,
      so each paragraph is read as one sentence;
    - ``line_endings_mixed`` (info): more than one kind of line end (CRLF, CR, LF); all are
      read as line breaks and the raw text is kept as it is;
    - ``layout_markup``, ``layout_lower_case``, ``layout_one_per_line``, ``encoding_debris``
      (warnings): see :func:`layout_notes`.
    """
    out: list[tuple[str, str, str]] = []
    if (lang := language_note(fr)) is not None:
        out.append(("warning", "review_language", lang))
    body = raw[fr.review["body_start"]:fr.review["body_end"]]
    n_words = fr.review["n_words"]
    if body.strip() and not _SENTENCE_PUNCT.search(body):
        if is_label_line(body):
            out.append(("warning", "review_headline_only",
                        f"the body is one short line with no sentence ({n_words} words: {body.strip()[:60]!r}); "
                        f"it looks like a headline only, with no review text to analyse"))
        elif n_words > MAX_LABEL_WORDS:
            out.append(("warning", "review_no_punctuation",
                        f"no sentence punctuation in {n_words} body words: each paragraph is read as one "
                        f"sentence, so sentence-level results (arcs, quotes) are coarse"))
    out.extend(layout_notes(raw, fr))
    crlf = raw.count("\r\n")
    kinds = {"CRLF": crlf, "CR": raw.count("\r") - crlf, "LF": raw.count("\n") - crlf}
    present = {k: v for k, v in kinds.items() if v}
    if len(present) > 1:
        counts = ", ".join(f"{v} {k}" for k, v in present.items())
        out.append(("info", "line_endings_mixed",
                    f"mixed line endings ({counts}); all are read as line breaks, the raw text is kept as is"))
    return out


def _join_soft_breaks(pieces, text: str, soft: dict[int, int]):
    """Join the two halves of a word cut by a quoted-printable soft line break.

    ``extraordi=`` + line end + ``nary`` is one token: its raw text keeps the ``=`` and the line
    end (offsets stay raw), its ``norm`` is the folded word "extraordinary".
    """
    held = None
    for piece in pieces:
        ts, te = piece[0], piece[1]
        norm = piece[2] if len(piece) > 2 else textproc.fold(text[ts:te])
        if held is not None:
            hs, he, hn = held
            gap_end = soft.get(he)
            if gap_end is not None and text[gap_end:ts].strip() == "" and ts - gap_end <= 2 \
                    and hn[-1:].isalnum() and norm[:1].isalnum():
                held = (hs, te, hn + norm)
                continue
            yield held
        held = (ts, te, norm)
    if held is not None:
        yield held


#: A one-sentence-per-line layout is warned about from this many lines on: a few short
#: one-sentence paragraphs are not a research corpus and read the same either way.
MIN_LINES_ONE_PER_LINE_WARNING = 10
#: Numeric character references in the C1 control range (``&#137;``): bytes of a Windows
#: code page written as HTML by a converter that did not know the encoding.
_C1_ENTITY = re.compile(r"&#(?:1[2-5][0-9]) ?;")


def layout_notes(raw: str, fr: ReviewFrames) -> list[tuple[str, str, str]]:
    """Report items about how a review is laid out (issue 14); each names what was seen.

    - ``layout_markup``: HTML tags or entities (read as non-body spans, never as words);
    - ``layout_lower_case``: the text is all lower case (names are matched without case);
    - ``layout_one_per_line``: one sentence per line (each line is read as one sentence);
    - ``encoding_debris``: quoted-printable escapes or soft breaks, U+FFFD replacement
      characters, or C1 character references such as ``&#137;``.
    """
    out: list[tuple[str, str, str]] = []
    rv = fr.review
    kinds: dict[str, int] = {}
    for sp in fr.spans:
        kinds[sp["kind"]] = kinds.get(sp["kind"], 0) + 1
    n_tags, n_ent = kinds.get("markup_tag", 0), kinds.get("markup_entity", 0)
    if n_tags or n_ent:
        out.append(("warning", "layout_markup",
                    f"contains HTML markup ({n_tags} tags, {n_ent} entities, e.g. "
                    f"{next(sp['text'] for sp in fr.spans if sp['kind'].startswith('markup'))[:30]!r}); "
                    f"read as non-body spans, never as words"))
    if rv.get("lower_case"):
        out.append(("warning", "layout_lower_case",
                    "the text is all lower case: people, titles and scenes are matched without regard "
                    "to case, and names or titles of other works that film.yaml does not list cannot be found"))
    if rv.get("layout") == "one_per_line" and rv["n_sentences"] >= MIN_LINES_ONE_PER_LINE_WARNING:
        out.append(("warning", "layout_one_per_line",
                    f"one sentence per line (a research-corpus layout): each of its {rv['n_sentences']} "
                    f"lines is read as one sentence"))
    debris = []
    qp = kinds.get("qp_escape", 0) + kinds.get("qp_soft_break", 0)
    if qp:
        debris.append(f"{qp} quoted-printable escapes or soft line breaks (=20, = at a line end)")
    if (n := raw.count("\ufffd")):
        debris.append(f"{n} replacement characters (\ufffd: bytes lost in a bad conversion)")
    if (n := len(_C1_ENTITY.findall(raw))):
        debris.append(f"{n} references to control characters such as &#137; (a code page written as HTML)")
    if debris:
        out.append(("warning", "encoding_debris",
                    "encoding debris: " + "; ".join(debris) + "; the raw text keeps them, words never include them"))
    return out


#: Shortest review (characters, whitespace collapsed) checked for being contained in another.
MIN_CONTAINED_CHARS = 200
#: Words in the shingle that finds candidate containers.
_SHINGLE_WORDS = 8


def contained_pairs(texts: Mapping[str, str]) -> list[tuple[str, str]]:
    """``(inner, outer)`` review ids where the text of ``inner`` is contained in ``outer``.

    Texts are compared with whitespace collapsed and case folded; texts shorter than
    :data:`MIN_CONTAINED_CHARS` are not checked, and identical texts are left to the duplicate
    check. Candidates come from an index of the first eight-word shingle of each text, so the
    cost grows with the total length, not with the square of the number of reviews.
    """
    out: list[tuple[str, str]] = []
    if len(texts) < 2:  # no pair to find; spares a word list per word of one big review
        return out
    flat = {rid: " ".join(t.split()).casefold() for rid, t in texts.items()}
    firsts: dict[str, list[str]] = {}
    for rid, f in flat.items():
        head = f.split(" ", _SHINGLE_WORDS)  # the first eight words (and the rest, unsplit)
        if len(f) >= MIN_CONTAINED_CHARS and len(head) >= _SHINGLE_WORDS:
            firsts.setdefault(" ".join(head[:_SHINGLE_WORDS]), []).append(rid)
    if not firsts:
        return out
    for outer, f in flat.items():
        w = f.split(" ")  # one review's words at a time, not every review's at once
        seen: set[str] = set()
        for i in range(len(w) - _SHINGLE_WORDS + 1):
            for inner in firsts.get(" ".join(w[i:i + _SHINGLE_WORDS]), ()):
                if inner == outer or inner in seen or flat[inner] == flat[outer]:
                    continue
                if len(flat[inner]) < len(flat[outer]) and flat[inner] in flat[outer]:
                    seen.add(inner)
                    out.append((inner, outer))
    return out


def report_contained(texts: Mapping[str, str], report: LoadReport, files: Mapping[str, str] | None = None) -> None:
    """Warn (``near_duplicate``) for each review whose text another review contains."""
    files = files or {}
    for inner, outer in contained_pairs(texts):
        where = files.get(inner) or f"review {inner!r}"
        report.add("warning", "near_duplicate",
                   f"{where}: its whole text is contained in review {outer!r} ({files.get(outer) or 'in memory'}); "
                   f"both are loaded, but one may be a copy of the other", file=files.get(inner, ""),
                   review_id=inner)


def _repaired_token_spans(nt: textproc.NormalizedText):
    """Token spans for a review whose normalised form repaired mojibake.

    Tokens are found in the repaired, normalised text (so "couldnâ€™t" gives "could" + "n't",
    not fragments of the mojibake) and mapped back to raw offsets; each yields
    ``(raw_start, raw_end, norm)``.
    """
    import numpy as np

    idx = nt.raw_index
    assert idx is not None

    def spans(ss: int, se: int):
        ns = int(np.searchsorted(idx[:-1], ss, side="left"))
        ne = int(np.searchsorted(idx[:-1], se, side="left"))
        for a, b in textproc.iter_tokens(nt.text, ns, ne):
            rs, re_ = nt.span_to_raw(a, b)
            yield rs, min(max(re_, rs + 1), se), nt.text[a:b]

    return spans


def text_fingerprint(text: str) -> str:
    """A key equal for texts that differ only in BOM, line ends or runs of whitespace."""
    return "text:" + hashlib.sha256(" ".join(text.lstrip("\ufeff").split()).encode("utf-8", "surrogatepass")).hexdigest()


def _label_for(meta: Mapping[str, Any], review_id: str) -> str:
    for key in ("critic", "outlet"):
        v = meta.get(key)
        if isinstance(v, str) and v.strip():
            return v.strip()
    return f"Unsigned ({review_id})"


def _unique_labels(labels: list[str], ids: list[str]) -> list[str]:
    """Display labels, unique by construction: a shared name gets the review id ("Ann (002)");
    if that still collides (another critic is literally called "Ann (002)") a counter is added
    until it is free, so no two reviews ever share a label."""
    counts: dict[str, int] = {}
    for lab in labels:
        counts[lab] = counts.get(lab, 0) + 1
    wanted = [f"{lab} ({rid})" if counts[lab] > 1 else lab for lab, rid in zip(labels, ids, strict=True)]
    taken = set(labels) | set(wanted)
    out: list[str] = []
    used: set[str] = set()
    for lab, rid, want in zip(labels, ids, wanted, strict=True):
        cand, k = want, 2
        while cand in used:
            cand = f"{lab} ({rid}, {k})" if f"{lab} ({rid})" in taken else f"{lab} ({rid})"
            taken.add(cand)
            k += 1
        used.add(cand)
        out.append(cand)
    return out


def _joined(parts: list[Any]) -> Any:
    """One column from the per-review pieces: numpy arrays are concatenated (a single piece is
    used as it is, without a copy), lists of objects are chained into one list."""
    if len(parts) == 1:
        return parts[0]
    if any(isinstance(p, np.ndarray) and p.dtype != object for p in parts):
        return np.concatenate([np.asarray(p) for p in parts])
    out: list[Any] = []
    for p in parts:
        out.extend(p)
    return out


def assemble(items: Iterable[tuple[dict[str, Any], ReviewFrames]], report: LoadReport, *,
             film: FilmMeta | None, path: Path | None) -> Corpus:
    """Build a :class:`Corpus` from per-review metadata and pipeline output."""
    rev_rows: list[dict[str, Any]] = []
    sent_parts: dict[str, list[Any]] = {c: [] for c in SENTENCE_COLUMNS}
    tok_parts: dict[str, list[Any]] = {c: [] for c in TOKEN_COLUMNS}
    span_rows: list[dict[str, Any]] = []
    for meta, fr in items:
        row = {c: meta.get(c) for c in REVIEW_COLUMNS}
        row.update(fr.review)
        rev_rows.append(row)
        for c in SENTENCE_COLUMNS:
            sent_parts[c].append(fr.sentences[c])
        for c in TOKEN_COLUMNS:
            tok_parts[c].append(fr.tokens[c])
        span_rows.extend(fr.spans)
    sent_cols = {c: _joined(parts) for c, parts in sent_parts.items()}
    del sent_parts
    tok_cols = {c: _joined(parts) for c, parts in tok_parts.items()}
    del tok_parts
    reviews = pd.DataFrame(rev_rows, columns=REVIEW_COLUMNS)
    if len(reviews):
        reviews["label"] = _unique_labels(
            [_label_for(r, r["review_id"]) for r in rev_rows], list(reviews["review_id"]))
    reviews = reviews.astype({
        "review_id": "string", "film": "string", "file": "string", "critic": "string",
        "outlet": "string", "headline": "string", "published": "string", "notes": "string",
        "label": "string", "raw": "string", "encoding": "string", "sha256": "string",
        "n_bytes": "int64", "body_start": "int64", "body_end": "int64", "n_chars": "int64",
        "n_paragraphs": "int64", "n_sentences": "int64", "n_tokens": "int64", "n_words": "int64",
        "repaired": "bool", "layout": "string", "lower_case": "bool", "has_markup": "bool",
    })
    sentences = pd.DataFrame(sent_cols, columns=SENTENCE_COLUMNS).astype({
        "review_id": "string", "sent_id": "int64", "para_id": "int64", "start": "int64",
        "end": "int64", "text": "string", "norm": "string", "n_words": "int64",
        "word_start": "int64", "position": "float64"})
    tokens = pd.DataFrame(tok_cols, columns=TOKEN_COLUMNS).astype({
        "review_id": "string", "sent_id": "int64", "tok_id": "int64", "start": "int64",
        "end": "int64", "text": "string", "norm": "string", "is_word": "bool", "is_stop": "bool",
        "word_index": "int64", "position": "float64"})
    spans = pd.DataFrame(span_rows, columns=SPAN_COLUMNS).astype({
        "review_id": "string", "kind": "string", "start": "int64", "end": "int64", "text": "string"})
    return Corpus(reviews=reviews, sentences=sentences, tokens=tokens, spans=spans,
                  report=report, film=film, path=path)


# =============================================================================================
# film folders


def clean_cell(v: Any) -> str | None:
    """A metadata cell as text: stripped, with None and blanks as None."""
    if v is None:
        return None
    s = str(v).strip()
    return s or None


def _read_reviews_csv(path: Path, report: LoadReport, *,
                      group: str = GROUP_COLUMN) -> list[dict[str, Any]] | None:
    rel = path.name
    if not path.is_file():
        report.add("error", "reviews_csv_missing", f"{path}: reviews.csv is missing", file=rel)
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        report.add("error", "reviews_csv_unreadable", f"{path}: cannot be read ({exc.strerror or exc})", file=rel)
        return None
    try:
        dec = textproc.decode_bytes(raw)
    except textproc.DecodeError as exc:
        report.add("error", "reviews_csv_encoding", f"{path}: {exc}", file=rel)
        return None
    text = dec.text
    for note in dec.notes:  # a guessed codec can garble names: say so
        report.add("warning", "encoding_detected", f"{path}: {note}; check the names in the report", file=rel)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        hint = ""
        if len(header) == 1 and (sep := next((c for c in ";\t|" if c in header[0]), None)):
            hint = (f"; it looks separated by {sep!r} (a spreadsheet's export?): save it as "
                    f"comma-separated values")
        report.add("error", "reviews_csv_columns",
                   f"{path}: missing required column(s) {', '.join(missing)} (has: {', '.join(header) or 'none'}){hint}",
                   file=rel)
        return None
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS) | {group}
    if group != GROUP_COLUMN and group not in header:
        report.add("error", "reviews_csv_columns",
                   f"{path}: no column {group!r} to read as the group (has: {', '.join(header)})",
                   file=rel)
        return None
    for h in header:
        if h not in known:
            report.add("warning", "reviews_csv_unknown_column", f"{path}: unknown column {h!r} (kept out of the frames)", file=rel)
    rows = []
    try:
        for i, row in enumerate(reader, start=2):
            row = {(k or "").strip(): v for k, v in row.items()}
            if None in row or "" in row:
                report.add("warning", "reviews_csv_extra_fields", f"{path}: line {i} has more fields than the header", file=rel)
            row["_line"] = i
            rows.append(row)
    except csv.Error as exc:
        report.add("error", "reviews_csv_invalid", f"{path}: malformed CSV: {exc}", file=rel)
        return None
    return rows


def load_film(path: str | os.PathLike[str], *, raise_on_error: bool = True,
              group: str = GROUP_COLUMN) -> Corpus:
    """Load a film folder into a :class:`Corpus`.

    Fatal problems (no film.yaml or invalid YAML, no reviews.csv or a missing required column,
    no folder) raise :class:`FilmLoadError` carrying the report, unless ``raise_on_error`` is
    False, in which case an empty corpus with the report is returned. Problems with a single
    review reject that review and are reported; the rest still load. ``group`` names the column
    of reviews.csv read into ``reviews.group`` (default ``group``; a named column must exist).
    """
    folder = Path(path)
    report = LoadReport(source=str(folder))
    if not folder.is_dir():
        report.add("error", "film_dir_missing", f"{folder}: not a folder", file=str(folder))
        return _fail(report, raise_on_error)
    film, probs = FilmMeta.from_yaml(folder / "film.yaml")
    for level, code, msg in probs:
        report.add(level, code, msg, file="film.yaml")
    rows = _read_reviews_csv(folder / "reviews.csv", report, group=group)
    if film is None or rows is None:
        return _fail(report, raise_on_error, film=film, folder=folder)

    root = folder.resolve()
    referenced: set[Path] = set()
    seen_ids: dict[str, str] = {}
    seen_hash: dict[str, str] = {}
    loaded: list[tuple[dict[str, Any], ReviewFrames]] = []
    slug = folder.resolve().name
    for row in rows:
        report.n_in += 1
        line = row["_line"]
        rid = clean_cell(row.get("review_id"))
        rel = clean_cell(row.get("file")) or ""
        where = f"reviews.csv line {line}"
        if rel:  # its file has a row, even if the row is rejected: never count it twice as unlisted
            referenced.add((folder / rel).resolve())
        if not accept_review_id(rid, seen_ids, report, where=where, here=f"on line {line}", file=rel,
                                missing_hint=f" (file {rel or '?'})"):
            continue
        if not rel:
            report.add("error", "file_missing", f"{where}: review {rid!r} has no file", review_id=rid)
            report.n_rejected += 1
            continue
        fpath = folder / rel
        if Path(rel).is_absolute() or not _inside(fpath, root):
            report.add("error", "file_outside",
                       f"{rel}: resolves outside the film folder (absolute path, '..' or a symlink); refused",
                       file=rel, review_id=rid)
            report.n_rejected += 1
            continue
        referenced.add(fpath.resolve())
        if not fpath.is_file():
            what = ("is a folder, not a file" if fpath.is_dir()
                    else "is not a regular file (a FIFO, socket or device); refused, since "
                         "reading it could block or never end" if fpath.exists()
                    else "file does not exist")
            code = "file_not_regular" if fpath.exists() and not fpath.is_dir() else "file_missing"
            report.add("error", code, f"{rel}: {what} (review {rid!r})", file=rel, review_id=rid)
            report.n_rejected += 1
            continue
        try:
            size = fpath.stat().st_size
            if size > MAX_REVIEW_BYTES:
                report.add("error", "review_too_large",
                           f"{rel}: {size:,} bytes; a review may be at most {MAX_REVIEW_BYTES:,} "
                           "(loading costs about 190 bytes of memory per character)",
                           file=rel, review_id=rid)
                report.n_rejected += 1
                continue
            data = fpath.read_bytes()
        except OSError as exc:  # permissions, a file vanishing mid-load: reject and say why
            report.add("error", "file_unreadable", f"{rel}: cannot be read ({exc.strerror or exc})",
                       file=rel, review_id=rid)
            report.n_rejected += 1
            continue
        fr_or_none = _load_one(rid, rel, data, film, report)
        if fr_or_none is None:
            report.n_rejected += 1
            continue
        text, enc, fr = fr_or_none
        digest = hashlib.sha256(data).hexdigest()
        text_key = text_fingerprint(text)
        if digest in seen_hash:
            report.add("warning", "duplicate_text",
                       f"{rel}: same bytes as review {seen_hash[digest]!r}; loaded, but it may be a duplicate",
                       file=rel, review_id=rid)
        elif text_key in seen_hash:
            report.add("warning", "duplicate_text",
                       f"{rel}: same text as review {seen_hash[text_key]!r} apart from encoding, line ends or "
                       f"spacing; loaded, but it may be a duplicate", file=rel, review_id=rid)
        seen_hash.setdefault(digest, rid)
        seen_hash.setdefault(text_key, rid)
        meta = {c: clean_cell(row.get(c)) for c in OPTIONAL_COLUMNS}
        meta["group"] = clean_cell(row.get(group))
        meta.update(review_id=rid, film=slug, file=rel, raw=text, encoding=enc, sha256=digest,
                    n_bytes=len(data))
        if fr.review["repaired"]:
            report.add("warning", "mojibake_repaired",
                       f"{rel}: looks like mis-decoded text (mojibake); repaired in the normalised form only",
                       file=rel, review_id=rid)
        loaded.append((meta, fr))
        report.n_loaded += 1

    for txt in sorted(folder.rglob("*.txt")):
        if txt.resolve() in referenced:
            continue
        if txt.relative_to(folder).parts[0] == SOURCES_DIR:  # originals kept by criticlens add
            continue
        if _inside(txt, root):
            rel = txt.relative_to(folder).as_posix()
            report.add("warning", "file_unlisted",
                       f"{rel}: .txt file has no row in reviews.csv; not loaded (add a row to include it)", file=rel)
            report.n_in += 1
            report.n_rejected += 1
        else:
            rel = txt.relative_to(folder).as_posix()
            report.add("warning", "file_outside",
                       f"{rel}: symlink to a file outside the film folder; not loaded (copy the file in instead)",
                       file=rel)
            report.n_in += 1
            report.n_rejected += 1
    report_contained({m["review_id"]: m["raw"] for m, _fr in loaded}, report,
                     {m["review_id"]: m["file"] for m, _fr in loaded})
    if report.n_loaded == 0:
        report.add("error", "no_reviews", f"{folder}: no review could be loaded")
    return assemble(loaded, report, film=film, path=folder)


def accept_review_id(rid: str | None, seen: dict[str, str], report: LoadReport, *, where: str,
                     here: str, file: str, missing_hint: str = "") -> bool:
    """Accept a row's review id once; otherwise report why the row is rejected and count it.

    ``seen`` maps accepted ids to where they first appeared (``here``, e.g. "on line 2" or
    "in row 1"). Shared by film folders and tables of reviews, so both reject the same way.
    """
    if rid is None:
        report.add("error", "review_id_missing", f"{where}: empty review_id{missing_hint}", file=file)
    elif rid in seen:
        report.add("error", "review_id_duplicate",
                   f"{where}: duplicate review_id {rid!r} (first {seen[rid]}); this row is rejected",
                   file=file, review_id=rid)
    else:
        seen[rid] = here
        return True
    report.n_rejected += 1
    return False


def _inside(p: Path, root: Path) -> bool:
    try:
        p.resolve().relative_to(root)
    except ValueError:
        return False
    return True


def _load_one(rid: str, rel: str, data: bytes, film: FilmMeta | None,
              report: LoadReport) -> tuple[str, str, ReviewFrames] | None:
    if not data:
        report.add("error", "review_empty", f"{rel}: empty file (0 bytes)", file=rel, review_id=rid)
        return None
    try:
        dec = textproc.decode_bytes(data)
    except textproc.DecodeError as exc:
        report.add("error", "review_undecodable", f"{rel}: {exc}", file=rel, review_id=rid)
        return None
    for note in dec.notes:
        report.add("warning", "encoding_detected", f"{rel}: {note}", file=rel, review_id=rid)
    if dec.encoding.startswith("utf-16"):
        report.add("info", "encoding_utf16", f"{rel}: decoded as {dec.encoding}", file=rel, review_id=rid)
    if not dec.text.strip():
        report.add("error", "review_blank", f"{rel}: whitespace only, no text", file=rel, review_id=rid)
        return None
    if len(data) > LARGE_REVIEW_BYTES:
        report.add("warning", "review_large", f"{rel}: {len(data):,} bytes, unusually long for one review",
                   file=rel, review_id=rid)
    fr = process_review(rid, dec.text, title=film.title if film else None,
                        aliases=film.aliases if film else ())
    for note in fr.notes:
        report.add("warning", "body_fallback", f"{rel}: {note}", file=rel, review_id=rid)
    for level, code, msg in review_notes(dec.text, fr):
        report.add(level, code, f"{rel}: {msg}", file=rel, review_id=rid)
    if fr.review["n_words"] == 0:
        report.add("warning", "review_no_words", f"{rel}: the body has no words", file=rel, review_id=rid)
    return dec.text, dec.encoding, fr


def _fail(report: LoadReport, raise_on_error: bool, *, film: FilmMeta | None = None,
          folder: Path | None = None) -> Corpus:
    if raise_on_error:
        raise FilmLoadError(report)
    return assemble([], report, film=film, path=folder)


# =============================================================================================
# in-memory corpora


def corpus_from_texts(
    texts: Mapping[str, str],
    *,
    critics: Mapping[str, str] | None = None,
    meta: Mapping[str, Mapping[str, Any]] | None = None,
    film: FilmMeta | Mapping[str, Any] | None = None,
    film_slug: str | None = None,
) -> Corpus:
    """Build a corpus from ``{review_id: text}`` through the same pipeline as :func:`load_film`.

    ``critics`` maps review ids to critic names; ``meta`` may give any optional column per
    review (critic, outlet, headline, published, notes). ``film`` is a :class:`FilmMeta` or a
    film.yaml-shaped dict. Blank texts are rejected and reported, never dropped silently.
    """
    report = LoadReport(source="<memory>")
    fm: FilmMeta | None
    if film is None or isinstance(film, FilmMeta):
        fm = film
    else:
        fm, probs = FilmMeta.from_dict(dict(film), source="film")
        for level, code, msg in probs:
            report.add(level, code, msg, file="film")
    items = []
    seen_text: dict[str, str] = {}
    for rid, text in texts.items():
        report.n_in += 1
        rid = str(rid)
        if not isinstance(text, str):
            report.add("error", "review_not_text", f"review {rid!r}: text is {type(text).__name__}, not str", review_id=rid)
            report.n_rejected += 1
            continue
        if not text.strip():
            report.add("error", "review_blank", f"review {rid!r}: whitespace only, no text", review_id=rid)
            report.n_rejected += 1
            continue
        fr = process_review(rid, text, title=fm.title if fm else None,
                            aliases=fm.aliases if fm else ())
        for note in fr.notes:
            report.add("warning", "body_fallback", f"review {rid!r}: {note}", review_id=rid)
        for level, code, msg in review_notes(text, fr):
            report.add(level, code, f"review {rid!r}: {msg}", review_id=rid)
        m = {c: clean_cell((meta or {}).get(rid, {}).get(c)) for c in OPTIONAL_COLUMNS}
        if critics and rid in critics:
            m["critic"] = clean_cell(critics[rid])
        raw_bytes = text.encode("utf-8", errors="surrogatepass")
        if (key := text_fingerprint(text)) in seen_text:
            report.add("warning", "duplicate_text",
                       f"review {rid!r}: same text as review {seen_text[key]!r} apart from line ends or spacing; "
                       f"loaded, but it may be a duplicate", review_id=rid)
        seen_text.setdefault(key, rid)
        m.update(review_id=rid, film=film_slug or (fm.title if fm else None), file=None, raw=text,
                 encoding="str", sha256=hashlib.sha256(raw_bytes).hexdigest(), n_bytes=len(raw_bytes))
        items.append((m, fr))
        report.n_loaded += 1
    report_contained({m["review_id"]: m["raw"] for m, _fr in items}, report)
    return assemble(items, report, film=fm, path=None)


def offsets_ok(corpus: Corpus) -> bool:
    """True when every sentence and token ``start``/``end`` maps back into the raw text."""
    raws = dict(zip(corpus.reviews["review_id"], corpus.reviews["raw"], strict=True))
    for frame in (corpus.sentences, corpus.tokens, corpus.spans):
        for rid, s, e, t in zip(frame["review_id"], frame["start"], frame["end"], frame["text"], strict=True):
            if raws[rid][s:e] != t:
                return False
    return True


__all__ = ["Corpus", "LoadReport", "FilmLoadError", "load_film", "corpus_from_texts", "process_review",
           "assemble", "offsets_ok", "review_notes", "language_note", "english_stopword_share",
           "layout_notes", "contained_pairs", "report_contained"]
