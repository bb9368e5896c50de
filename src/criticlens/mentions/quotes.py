"""Quotations: find quoted spans in the reviews and say what each one quotes.

**Finding quotes** (on the raw text, where curly and straight marks still differ):

- curly double quotes: from ``“`` to the next ``”`` (a ``”`` typed at the start of a word opens
  too: ``”word...”``);
- straight double quotes: pairs of ``"`` within one paragraph;
- single quotes used as quotes: an opening ``‘`` (or a straight ``'``) that starts a word (it
  follows the start of the text, a space or an opening bracket/dash/quote and precedes a letter
  or digit), closed by the first ``’`` (or ``'``) that ends a word (not followed by a letter or
  digit) within :data:`MAX_SINGLE_QUOTE_CHARS` characters in the same paragraph.

An apostrophe is never taken for a quote: a ``’`` or ``'`` inside a word ("Gosling's",
"o’clock") or after a plural ("Achilles' heels", "principals’") cannot open a quote, and it can
close one only when an opening single quote is waiting. "‘Blue’ velvet" is the quote "Blue".
Elisions that begin with an apostrophe ("'em", "'n'", "'til", "'90s") are not openers.

**Classifying** (first rule that applies; the rule is kept in the ``rule`` column):

1. ``film_title``: the quote is the film's title, or a run of its words ("Blue" in the
   headline pun "‘Blue’ velvet").
2. ``song``: the quote is a title under film.yaml ``songs:``.
3. ``dialogue`` (``known_line``): the quote contains, or is contained in, a ``lines:`` entry of a
   scene (three words or more); the quote is linked to that scene.
4. ``other_work``: title case (two words or more, every word capitalised except short function
   words such as "a", "of", "from"), without ``!`` or ``?``: "Scenes from a Marriage",
   "My Name Is Earl".
5. ``dialogue``: a speech verb among the first three words after the quote, before the clause
   ends ("...,” he pleads."), or as the last word before it ("he pleads. “I’ll do it!”")
   (rule ``speech_verb``); or a colon right before it (``colon``); or a first/second-person
   pronoun in a quote of three words or more (``pronoun``); or a quote ending in ``!`` or
   ``?`` (``exclamation``).
6. ``other``: scare quotes, quoted critics, anything else.

**Linking dialogue and songs to scenes**: a known line gives its scene; otherwise the scene
mentioned (:func:`criticlens.mentions.scenes.find_mentions`) in the quote's own sentence, else in the
sentence before, else in the sentence after (nearest mention by characters).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from criticlens.corpus.film import film_field
from criticlens.mentions.scenes import find_mentions, position_at, scene_specs
from criticlens.text.terms import WORD_RE
from criticlens.text.textproc import fold

if TYPE_CHECKING:  # pragma: no cover
    from criticlens.corpus.load import Corpus

QuoteKind = Literal["dialogue", "song", "other_work", "film_title", "other"]
KINDS: tuple[str, ...] = ("dialogue", "song", "other_work", "film_title", "other")

#: Longest single-quoted span accepted (characters): longer ones are apostrophes, not quotes.
MAX_SINGLE_QUOTE_CHARS = 120
#: Known lines shorter than this (in words) are not matched inside longer quotes.
MIN_LINE_WORDS = 3
#: How far (characters) to look before and after a quote for a speech verb.
SPEECH_WINDOW = 30
#: Words left lower case in a title ("Scenes from a Marriage").
TITLE_MINOR_WORDS = frozenset(
    "a an the of from in on and or to for at by with as but nor vs".split())
#: Speech verbs that mark a quote as something a character says.
SPEECH_VERBS = frozenset(
    "says said say pleads pleaded plead asks asked ask tells told tell replies replied reply "
    "shouts shouted yells yelled screams screamed whispers whispered insists insisted "
    "snaps snapped cries cried begs begged explains explained answers answered retorts "
    "retorted sings sang mutters muttered declares declared".split())
#: Pronouns that mark speech (first and second person).
SPEECH_PRONOUNS = frozenset("i i'm i'll i've i'd me my mine we we're we'll us our you you're "
                            "you'll your yours".split())
_ELISIONS = ("em", "n", "til", "cause", "tis", "twas", "round")

QUOTE_COLUMNS: tuple[str, ...] = (
    "review_id", "critic", "section", "sent_id", "start", "end", "text", "marks", "kind",
    "rule", "scene_id", "position",
)


@dataclass(frozen=True)
class QuoteSpan:
    """A quoted span: ``start``/``end`` delimit the content inside the marks (raw offsets)."""

    start: int
    end: int
    marks: str  # the opening and closing marks, e.g. '“”', '""', "‘’"


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


_OPEN_CONTEXT = set(" \t\n\r([{\"“‘—–-/")


def find_quote_spans(text: str, start: int = 0, end: int | None = None) -> list[QuoteSpan]:
    """Quoted spans in ``text[start:end]`` (offsets into ``text``), in text order.

    See the module docstring for the rules. Spans never cross a blank line (a paragraph break).
    Nested quotes inside a double-quoted span are not reported separately.
    """
    end = len(text) if end is None else end
    spans: list[QuoteSpan] = []
    i = start

    def para_end(j: int) -> int:
        k = text.find("\n\n", j, end)
        return end if k < 0 else k

    while i < end:
        ch = text[i]
        # a right double quote typed where a left one belongs (”word...”) also opens a quote
        misused = (ch == "\u201d" and (i == start or text[i - 1] in _OPEN_CONTEXT)
                   and i + 1 < end and _is_word_char(text[i + 1]))
        if ch == "\u201c" or misused:  # “
            pe = para_end(i)
            j = text.find("\u201d", i + 1, pe)
            k = text.find("\u201c", i + 1, pe)
            if j >= 0 and (k < 0 or k > j):
                spans.append(QuoteSpan(i + 1, j, ch + "\u201d"))
                i = j + 1
                continue
        elif ch == '"':
            pe = para_end(i)
            j = text.find('"', i + 1, pe)
            if j >= 0 and i + 1 < end and not text[i + 1].isspace():
                spans.append(QuoteSpan(i + 1, j, '""'))
                i = j + 1
                continue
        elif ch in "\u2018'":
            prev = text[i - 1] if i > 0 else " "
            nxt = text[i + 1] if i + 1 < len(text) else " "
            opens = (i == 0 or prev in _OPEN_CONTEXT) and _is_word_char(nxt)
            if opens:
                rest = fold(text[i + 1:i + 10])
                m = re.match(r"[a-z0-9]+", rest)
                # an elision ('em, rock 'n' roll) is a whole word: "‘n's’" is a quoted "n's"
                whole = m is not None and not re.match(r"'[a-z0-9]", rest[m.end():])
                # a clipped year or decade ('70, '70s) is not a quote either
                if m and whole and m.group() in _ELISIONS or (m and ch == "'"
                                                              and re.fullmatch(r"\d\ds?", m.group())):
                    opens = False
            if opens:
                closers = "\u2019" if ch == "\u2018" else "'"
                pe = min(para_end(i), i + 1 + MAX_SINGLE_QUOTE_CHARS)
                j = i + 1
                found = -1
                while j < pe:
                    if text[j] in closers or (ch == "\u2018" and text[j] == "'"):
                        after = text[j + 1] if j + 1 < len(text) else " "
                        if not _is_word_char(after) and not text[j - 1].isspace():
                            found = j
                            break
                    j += 1
                if found > i + 1:
                    spans.append(QuoteSpan(i + 1, found, ch + text[found]))
                    i = found + 1
                    continue
        i += 1
    return spans


def _clean(content: str) -> str:
    return " ".join(WORD_RE.findall(fold(content).replace("'", "")))


def _words(content: str) -> list[str]:
    return WORD_RE.findall(fold(content).replace("'", ""))


def _contains(hay: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(hay[i:i + n] == needle for i in range(len(hay) - n + 1))


def is_title_case(content: str) -> bool:
    """Two or more words, first capitalised, every other word capitalised or a minor word."""
    words = re.findall(r"[^\W_]+(?:['’][^\W_]+)*", content)
    if len(words) < 2 or not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in TITLE_MINOR_WORDS
               for w in words[1:])


@dataclass(frozen=True)
class QuoteContext:
    """What the classifier knows: the film's title, song titles and scene lines (folded words)."""

    title: tuple[str, ...]
    songs: tuple[tuple[str, ...], ...]
    lines: tuple[tuple[str, tuple[str, ...]], ...]  # (scene_id, words)
    #: film.yaml ``aliases``: other spellings of the title, each read as the title.
    aliases: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def from_film(cls, film: Any) -> QuoteContext:
        title = film_field(film, "title") or ""
        songs_raw = film_field(film, "songs") or []
        songs = []
        for s in songs_raw:
            t = s if isinstance(s, str) else film_field(s, "title")
            if t:
                songs.append(tuple(_words(str(t))))
        lines = []
        for spec in scene_specs(film):
            for ln in spec.lines:
                lines.append((spec.id, tuple(_words(ln))))
        aliases = tuple(tuple(_words(str(a))) for a in (film_field(film, "aliases") or ()) if a)
        return cls(tuple(_words(str(title))), tuple(songs), tuple(lines), aliases)


def classify_quote(content: str, ctx: QuoteContext, *, before: str = "", after: str = ""
                   ) -> tuple[str, str, str | None]:
    """Classify one quote: returns ``(kind, rule, scene_id or None)``.

    ``before`` and ``after`` are the raw text just before the opening mark and after the
    closing mark (used for speech verbs and a leading colon). Rules: module docstring.
    """
    words = _words(content)
    if not words:
        return "other", "empty", None
    for name in (ctx.title, *ctx.aliases):
        title = list(name)
        if words == title or (title and len(words) < len(title) and _contains(title, words)):
            return "film_title", "title" if words == title else "title_words", None
    for song in ctx.songs:
        if words == list(song):
            line_scene = next((sid for sid, ln in ctx.lines if list(ln) == words), None)
            return "song", "song_title", line_scene
    for sid, ln in ctx.lines:
        ln_l = list(ln)
        if len(ln_l) >= MIN_LINE_WORDS and (_contains(words, ln_l) or
                                           (len(words) >= MIN_LINE_WORDS and _contains(ln_l, words))):
            return "dialogue", "known_line", sid
    stripped = content.strip()
    if is_title_case(stripped) and not re.search(r"[!?]", stripped):
        return "other_work", "title_case", None
    # after: the first three words up to the end of the clause (", he says."); before: the
    # word right before the opening mark ("he pleads. “I’ll do it!”", "she says, “...”")
    after_clause = re.split(r"[.!?;:\"“”(]", fold(after[:SPEECH_WINDOW]), maxsplit=1)[0]
    after_words = WORD_RE.findall(after_clause)[:3]
    before_words = WORD_RE.findall(fold(before[-SPEECH_WINDOW:]))[-1:]
    if any(w in SPEECH_VERBS for w in after_words + before_words):
        return "dialogue", "speech_verb", None
    if before.rstrip().endswith(":"):
        return "dialogue", "colon", None
    low_words = re.findall(r"[^\W_]+(?:'[^\W_]+)*", fold(content))
    if len(low_words) >= 3 and any(w in SPEECH_PRONOUNS for w in low_words):
        return "dialogue", "pronoun", None
    if re.search(r"[!?][\s'\".,)]*$", stripped):
        return "dialogue", "exclamation", None
    return "other", "default", None


def _nearest_scene(ments: pd.DataFrame, sid: int, offset: int) -> str | None:
    for s in (sid, sid - 1, sid + 1):
        g = ments[ments["sent_id"] == s]
        if len(g):
            d = (g["start"] - offset).abs().to_numpy()
            return str(g["scene_id"].iloc[int(np.argmin(d))])
    return None


def find_quotes(corpus: Corpus, *, mentions: pd.DataFrame | None = None,
                sections: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every quotation in the review bodies, classified and linked to scenes.

    Searches each review body, like every other analysis; pass ``sections=("headline",
    "deck")`` to also search those non-body spans ("‘Blue’ velvet" is a headline pun, written by
    a sub-editor, not a quotation by the critic). Returns one row per quote with
    columns :data:`QUOTE_COLUMNS`: ``section`` (``body`` or the span kind), ``sent_id``
    (``-1`` outside the body), ``start``/``end`` (raw offsets of the content inside the marks),
    ``text`` (the raw content), ``marks``, ``kind`` (one of :data:`KINDS`), ``rule`` (which
    rule decided), ``scene_id`` (dialogue and songs linked to a scene, else NA) and
    ``position`` (0..1 through the body; NaN outside it).
    """
    film = corpus.film
    ctx = QuoteContext.from_film(film)
    if mentions is None:
        mentions = find_mentions(corpus, sentiment=False)
    labels = corpus.labels()
    sents = corpus.sentences
    tok = corpus.tokens
    words = tok[tok["is_word"].astype(bool)]
    rows: list[dict[str, Any]] = []
    # group once (filtering the whole frames per review would be quadratic in corpus size)
    empty_m = mentions.iloc[0:0]
    sp_all = corpus.spans[corpus.spans["kind"].isin(list(sections))] if len(corpus.spans) \
        else corpus.spans
    spans_by = {str(r): g for r, g in sp_all.groupby("review_id", sort=False)} if len(sp_all) else {}
    sents_by = {str(r): g for r, g in sents.groupby("review_id", sort=False)}
    words_by = {str(r): g for r, g in words.groupby("review_id", sort=False)}
    ments_by = {str(r): g for r, g in mentions.groupby("review_id", sort=False)} \
        if len(mentions) else {}
    for rev in corpus.reviews.itertuples(index=False):
        rid = str(rev.review_id)
        raw = str(rev.raw)
        regions: list[tuple[str, int, int]] = [("body", int(rev.body_start), int(rev.body_end))]
        sp = spans_by.get(rid)
        if sp is not None:
            regions += [(str(k), int(s), int(e)) for k, s, e in zip(sp["kind"], sp["start"], sp["end"])]
        rs = sents_by.get(rid, sents.iloc[0:0])
        s_starts = rs["start"].to_numpy(dtype=np.int64)
        s_ids = rs["sent_id"].to_numpy(dtype=np.int64)
        wg = words_by.get(rid, words.iloc[0:0])
        wpos = (wg["start"].to_numpy(dtype=np.int64), wg["end"].to_numpy(dtype=np.int64),
                wg["position"].to_numpy(dtype=float))
        ments = ments_by.get(rid, empty_m)
        for section, a, b in regions:
            for q in find_quote_spans(raw, a, b):
                content = raw[q.start:q.end]
                before = raw[max(a, q.start - 1 - SPEECH_WINDOW):q.start - 1]
                after = raw[q.end + 1:min(b, q.end + 1 + SPEECH_WINDOW)]
                kind, rule, scene = classify_quote(content, ctx, before=before, after=after)
                sid = -1
                pos = np.nan
                if section == "body" and len(s_starts):
                    k = int(np.searchsorted(s_starts, q.start - 1, side="right")) - 1
                    sid = int(s_ids[max(k, 0)])
                    pos = position_at(wpos, q.start, np.nan)
                if kind in ("dialogue", "song") and scene is None and sid >= 0:
                    scene = _nearest_scene(ments, sid, q.start)
                    if scene is not None:
                        rule += "+nearby_scene"
                rows.append({
                    "review_id": rid, "critic": labels.get(rid, rid), "section": section,
                    "sent_id": sid, "start": q.start, "end": q.end, "text": content,
                    "marks": q.marks, "kind": kind, "rule": rule, "scene_id": scene,
                    "position": pos,
                })
    out = pd.DataFrame(rows, columns=list(QUOTE_COLUMNS))
    for c in ("review_id", "critic", "section", "text", "marks", "kind", "rule", "scene_id"):
        out[c] = out[c].astype("string")
    for c in ("sent_id", "start", "end"):
        out[c] = out[c].astype("int64")
    out["position"] = out["position"].astype(float)
    rank = {r: i for i, r in enumerate(corpus.review_ids)}
    out["_r"] = out["review_id"].map(rank)
    return out.sort_values(["_r", "start"], kind="stable").drop(columns="_r").reset_index(drop=True)


def quote_counts(quotes: pd.DataFrame, *, labels: list[str] | None = None) -> pd.DataFrame:
    """Quotes per critic and kind, long: ``critic, kind, quotes`` (every critic x kind pair,
    zeros included; critics in ``labels`` order, kinds in :data:`KINDS` order).

    Only quotes in the review body count (``section == "body"``): a headline is not the critic's.
    """
    labs = list(dict.fromkeys(labels if labels is not None else quotes["critic"].astype(str)))
    if "section" in quotes.columns:
        quotes = quotes[quotes["section"].astype(str) == "body"]
    counts = quotes.groupby(["critic", "kind"], observed=True).size()
    rows = [{"critic": c, "kind": k, "quotes": int(counts.get((c, k), 0))}
            for c in labs for k in KINDS]
    out = pd.DataFrame(rows, columns=["critic", "kind", "quotes"])
    out["critic"] = out["critic"].astype("string")
    out["kind"] = out["kind"].astype("string")
    out["quotes"] = out["quotes"].astype("int64")
    return out
