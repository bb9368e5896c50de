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
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from criticlens.memo import shared

from criticlens.corpus.film import film_field
from criticlens.text.terms import (FUZZY_MAX_DISTANCE, FUZZY_MIN_LENGTH,  # noqa: F401  (re-exported)
                                   INFLECT_MIN_LENGTH, FuzzyTerm, TermHit, add_fuzzy, compile_term,
                                   fuzzy_term, inflections, is_fuzzy_match, levenshtein,
                                   longest_first, overlaps, term_regex)
from criticlens.text.textproc import NormalizedText, normalize_text
from criticlens.text.userregex import UnsafePattern, compile_user

if TYPE_CHECKING:  # pragma: no cover
    from criticlens.corpus.load import Corpus


MatchKind = Literal["exact", "pattern", "fuzzy", "all_of"]

MENTION_COLUMNS: tuple[str, ...] = (
    "review_id", "critic", "scene_id", "sent_id", "start", "end", "matched", "position",
    "match_kind", "term", "polarity", "compound",
)
SCENE_TABLE_COLUMNS: tuple[str, ...] = (
    "review_id", "critic", "scene_id", "label", "order", "mentions", "first_position",
    "sentences", "share",
)



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
@dataclass(frozen=True)
class _CompiledScene:
    matchers: tuple[tuple[Any, str, str], ...]  # (regex, kind, term): re.Pattern or UserRegex
    gate: re.Pattern[str] | None  # any term or line (one scan instead of one per term)
    fuzzy: tuple[FuzzyTerm, ...]
    groups: tuple[tuple[tuple[str, ...], tuple[re.Pattern[str], ...]], ...]


def compile_scene(spec: SceneSpec) -> _CompiledScene:
    """Compile one scene's matchers. :func:`find_mentions` compiles each scene once per call,
    so any number of scenes costs the same per scene (no cache to overflow)."""
    matchers: list[tuple[Any, str, str]] = [(compile_term(t, True, False), "exact", t) for t in spec.terms]
    matchers += [(compile_term(t, False, True), "exact", t) for t in spec.lines]
    # typed patterns run on the linear-time engine (never a hang; see text.userregex)
    matchers += [(compile_user(p), "pattern", p) for p in spec.patterns]
    fuzzy = [f for f in map(fuzzy_term, spec.terms) if f is not None]
    groups = tuple((g, tuple(compile_term(t, True, False) for t in g)) for g in spec.all_of)
    own = [rx.pattern for rx, kind, _ in matchers if kind == "exact"]
    gate = re.compile("|".join(f"(?:{p})" for p in own), re.IGNORECASE) if own else None
    return _CompiledScene(tuple(matchers), gate, tuple(fuzzy), groups)


_compile_scene = lru_cache(maxsize=1024)(compile_scene)


def match_scene(norm: str, spec: SceneSpec, *, fuzzy: bool = True,
                compiled: _CompiledScene | None = None) -> list[TermHit]:
    """All mentions of one scene in one normalised sentence, non-overlapping, in text order.

    Terms, lines and patterns are resolved together, longest first
    (:func:`criticlens.text.terms.longest_first`), then the fuzzy hits
    (:func:`criticlens.text.terms.add_fuzzy`), then the ``all_of`` groups. ``compiled`` (from
    :func:`compile_scene`) saves compiling the scene again."""
    comp = compiled if compiled is not None else _compile_scene(spec)
    cands: list[TermHit] = []
    skip_exact = comp.gate is not None and comp.gate.search(norm) is None
    for rx, kind, t in comp.matchers:
        if skip_exact and kind == "exact":
            continue
        for m in rx.finditer(norm):
            if m.end() > m.start():
                cands.append(TermHit(m.start(), m.end(), kind, t))
    chosen = longest_first(cands)
    if fuzzy:
        add_fuzzy(norm, comp.fuzzy, chosen)
    for group, rxs in comp.groups:
        spans = []
        for rx in rxs:
            m = rx.search(norm)
            if m is None:
                break
            spans.append((m.start(), m.end()))
        else:
            if not any(overlaps(s, (c.start, c.end)) for s in spans for c in chosen):
                spans.sort()
                chosen.append(TermHit(spans[0][0], max(e for _, e in spans), "all_of",
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
    from criticlens.sentiment.engines import score_texts  # the one long score frame

    long = score_texts(list(texts), ("textblob", "vader"))

    def measure(engine: str, name: str) -> list[float]:
        sel = long[(long["engine"] == engine) & (long["measure"] == name)].sort_values("text_id")
        return [float(v) for v in sel["score"]]

    return pd.DataFrame({"polarity": measure("textblob", "polarity"),
                         "compound": measure("vader", "compound")})


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


@shared
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
    if mentions is None:  # the film's own scenes: the call every figure set shares (memo)
        mentions = find_mentions(corpus) if scenes is None else find_mentions(corpus, specs)
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
    if mentions is None:  # the film's own scenes: the call every figure set shares (memo)
        mentions = find_mentions(corpus) if scenes is None else find_mentions(corpus, specs)
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
