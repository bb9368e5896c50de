"""Scene gazetteer matching: which scenes each critic brings up, where, how often, in what tone.

The gazetteer is the ``scenes:`` list of ``film.yaml`` (see ``docs/architecture.md``). Each scene
has an ``id``, a ``label``, an ``order`` (its place in the film) and any of:

- ``terms``: phrases matched on the sentence's *normalised* text (curly quotes straight, dashes
  ``-``, case-folded), case-insensitively, at word boundaries. Every word of three letters or
  more also matches its simple inflections (plural and possessive ``-s``/``-es``/``'s``/``s'``,
  ``-ed``/``-d``, ``-ing`` with a final ``e`` dropped or a final consonant doubled, ``y`` to
  ``ies``/``ied``). Between the words of a term any run of spaces, hyphens, apostrophes and
  full stops is accepted, or none: ``tap dance`` finds "tap-dance", "tap dances" and
  "tapdancing"; ``8 a.m.`` finds "8 am" and "8am".
- ``patterns``: regular expressions (Python syntax, run by the linear-time engine of
  :mod:`criticlens.text.userregex`), matched case-insensitively on the normalised text.
- ``all_of``: groups of terms that match only when *all* of a group's terms occur in one
  sentence ("sings" with "dances"). A group adds one mention per sentence, and none when one of
  its terms is already part of another mention of the same scene in that sentence.
- ``lines``: known dialogue or song lines of the scene; matched like terms but without
  inflection and with any punctuation between words. :mod:`criticlens.mentions.quotes` also uses them to
  link a quotation to the scene.

Single-word terms of :data:`FUZZY_MIN_LENGTH` letters or more also match a word one edit away
(Levenshtein distance :data:`FUZZY_MAX_DISTANCE`: one letter substituted, inserted or deleted)
that starts with the same letter, e.g. "ukelele" for ``ukulele``. Such mentions are flagged
``match_kind == "fuzzy"``. Within a scene, overlapping matches are resolved longest first, so
"closing-credits montage" is one mention, not two.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from criticlens.corpus.film import film_field
from criticlens.text.terms import WORD_RE
from criticlens.text.textproc import NormalizedText, fold, normalize_text
from criticlens.text.userregex import UnsafePattern, compile_user

if TYPE_CHECKING:  # pragma: no cover
    from criticlens.corpus.load import Corpus

#: Shortest term (in letters) that also matches a misspelling one edit away.
FUZZY_MIN_LENGTH = 6
#: Largest edit distance accepted for a fuzzy match.
FUZZY_MAX_DISTANCE = 1
#: Shortest word that gets inflected forms (so "up", "on", "a" stay as they are).
INFLECT_MIN_LENGTH = 3

MatchKind = Literal["exact", "pattern", "fuzzy", "all_of"]
_KIND_RANK = {"exact": 0, "pattern": 1, "fuzzy": 2, "all_of": 3}

MENTION_COLUMNS: tuple[str, ...] = (
    "review_id", "critic", "scene_id", "sent_id", "start", "end", "matched", "position",
    "match_kind", "term", "polarity", "compound",
)
SCENE_TABLE_COLUMNS: tuple[str, ...] = (
    "review_id", "critic", "scene_id", "label", "order", "mentions", "first_position",
    "sentences", "share",
)

_VOWELS = set("aeiou")
_TOKEN_SEP = r"[\s\-'.]*"


# ---------------------------------------------------------------------------------------------
# the gazetteer
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SceneSpec:
    """One scene of the gazetteer (a ``scenes:`` entry of film.yaml)."""

    id: str
    label: str
    order: float | None = None
    terms: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    all_of: tuple[tuple[str, ...], ...] = ()
    lines: tuple[str, ...] = ()


def _as_tuple(value: Any, what: str, scene_id: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, Iterable):
        raise ValueError(f"scene {scene_id!r}: {what} must be a list of strings, got {value!r}")
    out = []
    for v in value:
        if not isinstance(v, str) or not v.strip():
            raise ValueError(f"scene {scene_id!r}: {what} entry {v!r} is not a non-empty string")
        out.append(v.strip())
    return tuple(out)


def scene_specs(film: Any) -> list[SceneSpec]:
    """The film's scenes as :class:`SceneSpec`, in film order (``order``, then file order).

    ``film`` is a :class:`~criticlens.corpus.film.FilmMeta`, a Corpus (its ``film`` is used), a
    ``film.yaml``-like dict, or a list of scene entries. Raises ``ValueError`` naming the scene
    for a missing id, a duplicate id, a non-list field or a regex that does not compile.
    """
    if hasattr(film, "film") and hasattr(film, "sentences"):
        film = film.film
    entries = film if isinstance(film, (list, tuple)) else film_field(film, "scenes", None)
    if entries is None:
        entries = []
    specs: list[SceneSpec] = []
    seen: set[str] = set()
    for i, e in enumerate(entries):
        if isinstance(e, SceneSpec):
            spec = e
        else:
            sid = film_field(e, "id")
            if not isinstance(sid, str) or not sid:
                raise ValueError(f"scene #{i + 1} has no id")
            order = film_field(e, "order")
            groups_raw = film_field(e, "all_of") or ()
            groups = tuple(_as_tuple(g, "all_of group", sid) for g in groups_raw)
            spec = SceneSpec(
                id=sid, label=str(film_field(e, "label") or sid),
                order=None if order is None else float(order),
                terms=_as_tuple(film_field(e, "terms"), "terms", sid),
                patterns=_as_tuple(film_field(e, "patterns"), "patterns", sid),
                all_of=groups,
                lines=_as_tuple(film_field(e, "lines"), "lines", sid),
            )
        if spec.id in seen:
            raise ValueError(f"duplicate scene id {spec.id!r}")
        seen.add(spec.id)
        for p in spec.patterns:
            try:
                compile_user(p)
            except UnsafePattern as exc:
                raise ValueError(f"scene {spec.id!r}: {exc}") from exc
        if any(len(g) < 2 for g in spec.all_of):
            raise ValueError(f"scene {spec.id!r}: each all_of group needs at least two terms")
        specs.append(spec)
    keyed = sorted(enumerate(specs), key=lambda t: (t[1].order is None,
                                                    t[1].order if t[1].order is not None else 0,
                                                    t[0]))
    return [s for _, s in keyed]


def scene_order(film: Any) -> list[str]:
    """Scene ids in film order (the order of the heatmap's scene axis)."""
    return [s.id for s in scene_specs(film)]


# ---------------------------------------------------------------------------------------------
# compiling terms
# ---------------------------------------------------------------------------------------------
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
    """The regex source for a gazetteer term (see the module docstring).

    The term is folded like the text (:func:`criticlens.text.textproc.fold`); only its words count.
    ``line=True`` (for ``lines``) turns inflection off and accepts any punctuation and spaces
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
    sep = r"[\W_]+" if line else _TOKEN_SEP
    return r"(?<!\w)" + sep.join(parts) + r"(?!\w)"


@lru_cache(maxsize=4096)
def _compiled(term: str, inflect: bool, line: bool) -> re.Pattern[str]:
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
class _Hit:
    start: int  # in the normalised sentence
    end: int
    kind: str
    term: str
    extra: tuple[tuple[int, int], ...] = field(default_factory=tuple)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass(frozen=True)
class _FuzzyTerm:
    term: str            # as written in the gazetteer
    word: str            # folded
    forms: frozenset[str]  # its inflections (exact matches, never fuzzy)


@dataclass(frozen=True)
class _CompiledScene:
    matchers: tuple[tuple[Any, str, str], ...]  # (regex, kind, term): re.Pattern or UserRegex
    gate: re.Pattern[str] | None  # any term or line (one scan instead of one per term)
    fuzzy: tuple[_FuzzyTerm, ...]
    groups: tuple[tuple[tuple[str, ...], tuple[re.Pattern[str], ...]], ...]


def compile_scene(spec: SceneSpec) -> _CompiledScene:
    """Compile one scene's matchers. :func:`find_mentions` compiles each scene once per call,
    so any number of scenes costs the same per scene (no cache to overflow)."""
    matchers: list[tuple[Any, str, str]] = [(_compiled(t, True, False), "exact", t) for t in spec.terms]
    matchers += [(_compiled(t, False, True), "exact", t) for t in spec.lines]
    # typed patterns run on the linear-time engine (never a hang; see text.userregex)
    matchers += [(compile_user(p), "pattern", p) for p in spec.patterns]
    fuzzy = []
    for t in spec.terms:
        words = WORD_RE.findall(fold(t))
        if len(words) == 1 and words[0].isalpha() and len(words[0]) >= FUZZY_MIN_LENGTH:
            fuzzy.append(_FuzzyTerm(t, words[0], frozenset(inflections(words[0]))))
    groups = tuple((g, tuple(_compiled(t, True, False) for t in g)) for g in spec.all_of)
    own = [rx.pattern for rx, kind, _ in matchers if kind == "exact"]
    gate = re.compile("|".join(f"(?:{p})" for p in own), re.IGNORECASE) if own else None
    return _CompiledScene(tuple(matchers), gate, tuple(fuzzy), groups)


def _fuzzy_hit(word: str, ft: _FuzzyTerm) -> bool:
    # the cheap tests of is_fuzzy_match first: same first letter, length within reach
    if word[0] != ft.word[0] or abs(len(word) - len(ft.word)) > FUZZY_MAX_DISTANCE + 1:
        return False
    if word in ft.forms:
        return False
    return any(levenshtein(word, base, limit=FUZZY_MAX_DISTANCE) <= FUZZY_MAX_DISTANCE
               for base in (ft.word, ft.word + "s"))


_compile_scene = lru_cache(maxsize=1024)(compile_scene)


def match_scene(norm: str, spec: SceneSpec, *, fuzzy: bool = True,
                compiled: _CompiledScene | None = None) -> list[_Hit]:
    """All mentions of one scene in one normalised sentence, non-overlapping, in text order.

    ``compiled`` (from :func:`compile_scene`) saves compiling the scene again."""
    comp = compiled if compiled is not None else _compile_scene(spec)
    cands: list[_Hit] = []
    skip_exact = comp.gate is not None and comp.gate.search(norm) is None
    for rx, kind, t in comp.matchers:
        if skip_exact and kind == "exact":
            continue
        for m in rx.finditer(norm):
            if m.end() > m.start():
                cands.append(_Hit(m.start(), m.end(), kind, t))
    chosen: list[_Hit] = []
    for h in sorted(cands, key=lambda h: (-(h.end - h.start), _KIND_RANK[h.kind], h.start)):
        if not any(_overlaps((h.start, h.end), (c.start, c.end)) for c in chosen):
            chosen.append(h)
    if fuzzy and comp.fuzzy:
        for m in WORD_RE.finditer(norm):
            w = m.group().lower()
            if len(w) < FUZZY_MIN_LENGTH - FUZZY_MAX_DISTANCE:
                continue
            if any(_overlaps((m.start(), m.end()), (c.start, c.end)) for c in chosen):
                continue
            for ft in comp.fuzzy:
                if _fuzzy_hit(w, ft):
                    chosen.append(_Hit(m.start(), m.end(), "fuzzy", ft.term))
                    break
    for group, rxs in comp.groups:
        spans = []
        for rx in rxs:
            m = rx.search(norm)
            if m is None:
                break
            spans.append((m.start(), m.end()))
        else:
            if not any(_overlaps(s, (c.start, c.end)) for s in spans for c in chosen):
                spans.sort()
                chosen.append(_Hit(spans[0][0], max(e for _, e in spans), "all_of",
                                   " + ".join(group), tuple(spans)))
    return sorted(chosen, key=lambda h: (h.start, h.end))


# ---------------------------------------------------------------------------------------------
# sentiment of sentences (the registry's TextBlob and VADER engines: identical to the libraries)
# ---------------------------------------------------------------------------------------------
def sentence_tone(texts: Sequence[str]) -> pd.DataFrame:
    """TextBlob polarity and VADER compound of each text: columns ``polarity``, ``compound``.

    ``TextBlob(text).sentiment.polarity`` (the Pattern lexicon shipped with TextBlob) and
    ``SentimentIntensityAnalyzer().polarity_scores(text)["compound"]`` (Hutto and Gilbert 2014),
    exactly as the libraries return them for the raw sentence text.
    """
    from criticlens.sentiment.engines import get_engine  # the registry's engines: exact, and fast

    texts = list(texts)
    pol = get_engine("textblob").score_many(texts)["polarity"]
    comp = get_engine("vader").score_many(texts)["compound"]
    return pd.DataFrame({"polarity": [float(v) for v in pol], "compound": [float(v) for v in comp]})


def finish_hits(out: pd.DataFrame, corpus: Corpus, *, columns: Sequence[str],
                strings: Sequence[str]) -> pd.DataFrame:
    """Type a frame of hits (``strings`` as string, offsets as int64), sort it in review order
    then by offset, and keep ``columns``: the last step shared by mentions and people."""
    for c in strings:
        out[c] = out[c].astype("string")
    for c in ("sent_id", "start", "end"):
        out[c] = out[c].astype("int64")
    rank = {r: i for i, r in enumerate(corpus.review_ids)}
    out["_r"] = out["review_id"].map(rank)
    out = out.sort_values(["_r", "start", "end"], kind="stable").drop(columns="_r")
    return out[list(columns)].reset_index(drop=True)


def attach_tone(out: pd.DataFrame, texts: Sequence[str], rows: Sequence[int], *, sentiment: bool) -> None:
    """Add ``polarity`` and ``compound`` columns to hit rows, from the tone of their sentences.

    ``rows[i]`` is the index into ``texts`` of hit ``i``'s sentence; each distinct sentence is
    scored once. Without ``sentiment`` the columns are NaN. Changes ``out`` in place (the
    caller's own new frame).
    """
    if sentiment:
        uniq = sorted(set(rows))
        tone = sentence_tone([texts[i] for i in uniq])
        tone.index = uniq
        out["polarity"] = tone.loc[list(rows), "polarity"].to_numpy()
        out["compound"] = tone.loc[list(rows), "compound"].to_numpy()
    else:
        out["polarity"] = np.nan
        out["compound"] = np.nan


def _word_positions(corpus: Corpus) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    tok = corpus.tokens
    words = tok[tok["is_word"].astype(bool)]
    out = {}
    for rid, g in words.groupby("review_id", sort=False):
        out[str(rid)] = (g["start"].to_numpy(dtype=np.int64), g["end"].to_numpy(dtype=np.int64),
                         g["position"].to_numpy(dtype=float))
    return out


def position_at(word_pos: tuple[np.ndarray, np.ndarray, np.ndarray] | None, offset: int,
                fallback: float) -> float:
    """Relative body position (0..1) of the first word that ends after raw ``offset``."""
    if word_pos is None or len(word_pos[0]) == 0:
        return float(fallback)
    starts, ends, pos = word_pos
    i = int(np.searchsorted(ends, offset, side="right"))
    if i >= len(pos):
        return float(fallback)
    return float(pos[i])


def _empty_mentions() -> pd.DataFrame:
    return pd.DataFrame({
        "review_id": pd.Series([], dtype="string"), "critic": pd.Series([], dtype="string"),
        "scene_id": pd.Series([], dtype="string"), "sent_id": pd.Series([], dtype="int64"),
        "start": pd.Series([], dtype="int64"), "end": pd.Series([], dtype="int64"),
        "matched": pd.Series([], dtype="string"), "position": pd.Series([], dtype=float),
        "match_kind": pd.Series([], dtype="string"), "term": pd.Series([], dtype="string"),
        "polarity": pd.Series([], dtype=float), "compound": pd.Series([], dtype=float),
    })


def find_mentions(corpus: Corpus, scenes: Any = None, *, fuzzy: bool = True,
                  sentiment: bool = True) -> pd.DataFrame:
    """Every mention of every gazetteer scene in the review bodies of ``corpus``.

    ``scenes`` defaults to the corpus's film.yaml ``scenes:`` (anything :func:`scene_specs`
    accepts). Returns one row per mention, in review order, then text order, with columns
    :data:`MENTION_COLUMNS`:

    - ``review_id``, ``critic`` (the review's display label), ``scene_id``, ``sent_id``;
    - ``start``, ``end``: raw offsets, ``raw[start:end]`` is ``matched``; for ``all_of`` they
      span from the first to the last of the group's words and ``matched`` joins those words
      with ``" ... "`` ("sings ... dances");
    - ``position``: the first matched word's place through the body, 0..1 (as in ``tokens``);
    - ``match_kind``: ``exact`` (a term or known line), ``pattern``, ``fuzzy`` or ``all_of``;
    - ``term``: the gazetteer term, pattern or group (``a + b``) that matched;
    - ``polarity`` (TextBlob) and ``compound`` (VADER) of the whole sentence (NaN when
      ``sentiment=False``).
    """
    specs = scene_specs(corpus.film if scenes is None else scenes)
    sents = corpus.sentences
    if not specs or len(sents) == 0:
        return _empty_mentions()
    compiled = [compile_scene(spec) for spec in specs]
    labels = corpus.labels()
    wpos = _word_positions(corpus)
    rows: list[dict[str, Any]] = []
    hit_sentence_rows: list[int] = []
    texts = sents["text"].astype(str).tolist()
    norms = sents["norm"].astype(str).tolist() if "norm" in sents.columns else None
    for k, (rid, sid, sstart, spos) in enumerate(zip(
            sents["review_id"].astype(str), sents["sent_id"], sents["start"], sents["position"])):
        text = texts[k]
        nt = normalize_text(text) if norms is None or len(norms[k]) != len(text) \
            else NormalizedText(norms[k])
        for spec, comp in zip(specs, compiled):
            for h in match_scene(nt.text, spec, fuzzy=fuzzy, compiled=comp):
                a, b = nt.span_to_raw(h.start, h.end)
                rs, re_ = int(sstart) + a, int(sstart) + b
                if h.kind == "all_of":
                    matched = " ... ".join(text[slice(*nt.span_to_raw(s, e))] for s, e in h.extra)
                else:
                    matched = text[a:b]
                rows.append({
                    "review_id": rid, "critic": labels.get(rid, rid), "scene_id": spec.id,
                    "sent_id": int(sid), "start": rs, "end": re_, "matched": matched,
                    "position": position_at(wpos.get(rid), rs, float(spos)),
                    "match_kind": h.kind, "term": h.term,
                })
                hit_sentence_rows.append(k)
    if not rows:
        return _empty_mentions()
    out = pd.DataFrame(rows)
    attach_tone(out, texts, hit_sentence_rows, sentiment=sentiment)
    return finish_hits(out, corpus, columns=MENTION_COLUMNS,
                       strings=("review_id", "critic", "scene_id", "matched", "match_kind", "term"))


# ---------------------------------------------------------------------------------------------
# tables
# ---------------------------------------------------------------------------------------------
def scene_table(corpus: Corpus, mentions: pd.DataFrame | None = None, *, scenes: Any = None,
                complete: bool = False) -> pd.DataFrame:
    """Per review and scene: how often, how early, how much of the review.

    Columns :data:`SCENE_TABLE_COLUMNS`: ``mentions`` (rows of the mentions frame),
    ``first_position`` (0..1, position of the first mention), ``sentences`` (sentences with at
    least one mention) and ``share`` (``sentences`` / the review's body sentences). One row per
    review and scene with at least one mention, in review order then film order; with
    ``complete=True`` every review x scene pair (zeros and NaN first position included).
    """
    specs = scene_specs(corpus.film if scenes is None else scenes)
    if mentions is None:
        mentions = find_mentions(corpus, specs)
    labels = corpus.labels()
    n_sent = dict(zip(corpus.reviews["review_id"].astype(str), corpus.reviews["n_sentences"]))
    grouped = {
        (str(r), str(s)): g for (r, s), g in mentions.groupby(["review_id", "scene_id"], sort=False)
    }
    rows = []
    for rid in corpus.review_ids:
        for spec in specs:
            g = grouped.get((str(rid), spec.id))
            if g is None and not complete:
                continue
            n = 0 if g is None else len(g)
            ns = 0 if g is None else int(g["sent_id"].nunique())
            total = int(n_sent.get(str(rid), 0))
            rows.append({
                "review_id": str(rid), "critic": labels.get(str(rid), str(rid)),
                "scene_id": spec.id, "label": spec.label, "order": spec.order,
                "mentions": n,
                "first_position": float(g["position"].min()) if g is not None else np.nan,
                "sentences": ns, "share": ns / total if total else np.nan,
            })
    out = pd.DataFrame(rows, columns=list(SCENE_TABLE_COLUMNS))
    for c in ("review_id", "critic", "scene_id", "label"):
        out[c] = out[c].astype("string")
    out["mentions"] = out["mentions"].astype("int64")
    out["sentences"] = out["sentences"].astype("int64")
    out["order"] = out["order"].astype(float)
    out["first_position"] = out["first_position"].astype(float)
    out["share"] = out["share"].astype(float)
    return out


def scene_summary(corpus: Corpus, mentions: pd.DataFrame | None = None, *,
                  scenes: Any = None) -> pd.DataFrame:
    """Per scene, in film order: ``scene_id, label, order, critics`` (how many critics bring it
    up), ``mentions`` (total), ``critic_names`` (their labels joined with ``"; "``, review
    order), and the mean ``polarity`` and ``compound`` of the mentioning sentences (each
    sentence counted once per scene)."""
    specs = scene_specs(corpus.film if scenes is None else scenes)
    if mentions is None:
        mentions = find_mentions(corpus, specs)
    labels = corpus.labels()
    rows = []
    for spec in specs:
        g = mentions[mentions["scene_id"] == spec.id]
        rids = [r for r in corpus.review_ids if r in set(g["review_id"].astype(str))]
        per_sent = g.drop_duplicates(["review_id", "sent_id"])
        rows.append({
            "scene_id": spec.id, "label": spec.label, "order": spec.order,
            "critics": len(rids), "mentions": len(g),
            "critic_names": "; ".join(labels.get(r, r) for r in rids),
            "polarity": float(per_sent["polarity"].mean()) if len(per_sent) else np.nan,
            "compound": float(per_sent["compound"].mean()) if len(per_sent) else np.nan,
        })
    out = pd.DataFrame(rows, columns=["scene_id", "label", "order", "critics", "mentions",
                                      "critic_names", "polarity", "compound"])
    for c in ("scene_id", "label", "critic_names"):
        out[c] = out[c].astype("string")
    out["order"] = out["order"].astype(float)
    return out


def scene_matrix(table: pd.DataFrame, *, rows: Sequence[str], scenes: Sequence[str],
                 value: str = "mentions", row: str = "critic") -> pd.DataFrame:
    """Pivot a :func:`scene_table` into a ``rows`` x ``scenes`` frame (missing pairs = 0)."""
    piv = table.pivot_table(index=row, columns="scene_id", values=value, aggfunc="sum",
                            observed=True)
    return piv.reindex(index=list(rows), columns=list(scenes)).fillna(0)


def scene_kwic(corpus: Corpus, mentions: pd.DataFrame, scene_id: str, *,
               window: int = 60) -> pd.DataFrame:
    """Keyword-in-context passages for one scene (textacy's ``keyword_in_context`` shape).

    One row per mention of ``scene_id``: ``review_id, critic, sent_id, position, match_kind,
    left, match, right``; ``left``/``right`` are up to ``window`` characters of the review body
    around the raw match (line breaks shown as spaces), ``match`` is the raw matched text.
    """
    if scene_id not in set(scene_order(corpus.film)) and scene_id not in set(mentions["scene_id"]):
        raise ValueError(f"unknown scene {scene_id!r}; the film has {scene_order(corpus.film)}")
    g = mentions[mentions["scene_id"] == scene_id]
    rv = corpus.reviews.set_index(corpus.reviews["review_id"].astype(str))
    rows = []
    for r in g.itertuples(index=False):
        raw = corpus.raw(r.review_id)
        b0, b1 = int(rv.at[r.review_id, "body_start"]), int(rv.at[r.review_id, "body_end"])
        left = raw[max(b0, r.start - window):r.start]
        right = raw[r.end:min(b1, r.end + window)]
        rows.append({
            "review_id": r.review_id, "critic": r.critic, "sent_id": r.sent_id,
            "position": r.position, "match_kind": r.match_kind,
            "left": re.sub(r"\s+", " ", left), "match": raw[r.start:r.end],
            "right": re.sub(r"\s+", " ", right),
        })
    return pd.DataFrame(rows, columns=["review_id", "critic", "sent_id", "position",
                                       "match_kind", "left", "match", "right"])


def format_kwic(kwic: pd.DataFrame, *, window: int = 60) -> str:
    """Plain-text KWIC lines, the match centred: ``critic | ...left [match] right...``."""
    lines = []
    width = max((len(str(c)) for c in kwic["critic"]), default=0)
    for r in kwic.itertuples(index=False):
        lines.append(f"{str(r.critic):<{width}} | {r.left[-window:]:>{window}} "
                     f"[{r.match}] {r.right[:window]}")
    return "\n".join(lines)
