"""How each critic treats the film: synopsis vs judgement, aspects, and the verdict.

Three analyses of one corpus, each returning a documented long-format frame:

**Sentence classes** (:func:`classify_sentences`). Every body sentence is one of

- ``synopsis``: retelling the story (what happens to whom);
- ``judgement``: evaluating the film, the performances, the direction, the craft;
- ``context``: other films, genres, the industry, awards, the critic's asides.

The classifier is a transparent cue count, not a trained model. For each sentence it counts, on
the normalised text (case-folded, straight quotes):

- *judgement cues*: evaluative words and film-craft words from the project word list
  ``data/treatment_cues_en.yaml`` (``evaluative`` and ``craft``), plus the names of the film's
  real people from ``film.yaml`` (cast actors, director, writers, music) and the film's title:
  a critic names the actor when judging a performance;
- *synopsis cues*: the characters' names from ``film.yaml`` (``cast[].character`` and aliases),
  story-world words (``story``), and third-person pronouns at :data:`PRONOUN_WEIGHT` each;
- *context cues*: the ``context`` list (genres, the industry, awards, other media).

and decides, in this order (:data:`DECISION_RULES`): context if it has a context cue and at least
as many context cues as judgement cues; else judgement if it has a judgement cue and at least as
much judgement as synopsis weight; else synopsis if it has any synopsis weight; else (no cue at
all) the class of the previous sentence of the same review (a review runs in stretches), or
:data:`DEFAULT_CLASS` for a review's first sentence. The ``cues`` column lists what matched, so
every decision can be checked. Agreement with hand labels: :func:`label_agreement`.

**Aspects** (:func:`sentence_aspects`, :func:`aspect_profile`). In the manner of Hu and Liu
(2004, "Mining and summarizing customer reviews"): a sentence is about an aspect when it names
one of the aspect's terms, and the aspect's orientation for a critic is the mean sentiment of
those sentences. Aspects: :data:`BASE_ASPECTS` (terms in ``data/aspects_en.yaml``, extended by
names from ``film.yaml``) and any ``aspects:`` that ``film.yaml`` adds.

**Verdict** (:func:`verdict`). Per review: the mean sentiment of the final paragraph, the
position of the most positive judgement sentence, and the mixed-message entropy of the body's
word sentiment signs (:func:`mixed_messages`, as syuzhet's ``mixed_messages``, Jockers 2015).

Sentence sentiment comes from :func:`criticlens.sentiment.engines.sentence_sentiment` (default VADER
``compound``, Hutto and Gilbert 2014), the same scores the arcs use.
"""
from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from criticlens.memo import shared
import yaml

from criticlens.paths import PACKAGE_DATA_DIR
from criticlens.text.terms import compile_cues as compile_terms  # noqa: F401  (re-exported)
from criticlens.text.terms import cue_regex as term_pattern  # noqa: F401  (re-exported)
from criticlens.text.terms import find_cues as find_terms
from criticlens.sentiment.smooth import LAYER_BANDWIDTH, kernel_smooth  # noqa: F401  (re-exported)

if TYPE_CHECKING:  # pragma: no cover
    from criticlens.corpus.load import Corpus

#: The sentence classes, in display order.
CLASSES: tuple[str, ...] = ("synopsis", "judgement", "context")
#: Class of a review's first sentence when it carries no cue at all.
DEFAULT_CLASS = "judgement"
#: Weight of one third-person pronoun as a synopsis cue (a character name or story word is 1).
PRONOUN_WEIGHT = 0.5
#: The decision, in order (also the docs' wording).
DECISION_RULES: tuple[str, ...] = (
    "context   if context cues >= 1 and context cues >= judgement cues",
    "if the cues conflict (judgement cues >= 1 and synopsis weight > 0): judgement if the "
    "critic engine's judgement probability >= 0.5, else synopsis",
    "judgement if judgement cues >= 1",
    "synopsis  if synopsis weight > 0",
    "otherwise the previous sentence's class (DEFAULT_CLASS for a review's first sentence)",
)
#: The rules without the critic engine (``classify_sentences(..., model=False)``).
CUE_ONLY_RULES: tuple[str, ...] = (
    "context   if context cues >= 1 and context cues >= judgement cues",
    "judgement if judgement cues >= 1 and judgement cues >= synopsis weight",
    "synopsis  if synopsis weight > 0",
    "otherwise the previous sentence's class (DEFAULT_CLASS for a review's first sentence)",
)
#: Judgement probability at or above which the critic engine settles a cue conflict as judgement.
JUDGEMENT_PROB_CUT = 0.5
#: The aspects every film gets (film.yaml ``aspects:`` adds more), in display order.
BASE_ASPECTS: tuple[str, ...] = (
    "acting", "direction", "writing", "music_sound", "cinematography_look", "themes", "plot",
)
#: Display names of the base aspects.
ASPECT_LABELS: dict[str, str] = {
    "acting": "Acting", "direction": "Direction", "writing": "Writing",
    "music_sound": "Music & sound", "cinematography_look": "Cinematography & look",
    "themes": "Themes", "plot": "Plot",
}
#: Default sentiment engine for sentence scores (see criticlens.sentiment.engines): the critic
#: engine, trained on critics' own verdicts (the lexicons stay available by name).
DEFAULT_ENGINE = "critic"

CUES_FILE: Path = PACKAGE_DATA_DIR / "treatment_cues_en.yaml"
ASPECTS_FILE: Path = PACKAGE_DATA_DIR / "aspects_en.yaml"

_CUE_KINDS = ("evaluative", "craft", "context", "story", "pronouns")
_LABEL_COLUMNS = ("review_id", "sent_id", "label", "text")


def _fold(text: str) -> str:
    """Case-fold and straighten quotes and dashes (the loader's ``norm`` does the same)."""
    from criticlens.text.textproc import fold

    return fold(text)


# --------------------------------------------------------------------------------------------
# cue lists and film names
# --------------------------------------------------------------------------------------------
def _read_yaml_mapping(p: Path, what: str) -> dict[str, Any]:
    """A project word-list file: safe YAML holding a mapping of ``what``; errors name the file."""
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{p}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{p}: expected a mapping of {what}")
    return data


@dataclass(frozen=True)
class Cues:
    """Word lists for :func:`classify_sentences` (see ``data/treatment_cues_en.yaml``)."""

    evaluative: tuple[str, ...]
    craft: tuple[str, ...]
    context: tuple[str, ...]
    story: tuple[str, ...]
    pronouns: tuple[str, ...]

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Cues:
        """Read a cues YAML file; every kind must be present as a list of strings."""
        p = Path(path)
        data = _read_yaml_mapping(p, "cue kinds to word lists")
        unknown = sorted(set(data) - set(_CUE_KINDS))
        if unknown:
            raise ValueError(f"{p}: unknown cue kind(s) {unknown}; expected {list(_CUE_KINDS)}")
        out: dict[str, tuple[str, ...]] = {}
        for kind in _CUE_KINDS:
            vals = data.get(kind)
            if not isinstance(vals, list) or not all(isinstance(v, str) for v in vals):
                raise ValueError(f"{p}: {kind!r} must be a list of words or phrases")
            out[kind] = tuple(vals)
        return cls(**out)


@lru_cache(maxsize=4)
def _cues_cached(path: str) -> Cues:
    return Cues.from_file(path)


def load_cues(path: str | os.PathLike[str] | None = None) -> Cues:
    """The project cue lists (``data/treatment_cues_en.yaml``) or those in ``path``."""
    return _cues_cached(str(Path(path) if path is not None else CUES_FILE))


def _as_list(v: Any) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        return [v]
    return [str(x) for x in v]


def _name_variants(full: str) -> list[str]:
    """A person's full name and surname ("Ryan Gosling" -> both "Ryan Gosling" and "Gosling")."""
    full = full.strip()
    if not full:
        return []
    parts = full.split()
    return [full] if len(parts) == 1 else [full, parts[-1]]


def film_names(film: Any) -> dict[str, tuple[str, ...]]:
    """Names from ``film.yaml`` that the heuristics use.

    Returns ``characters`` (``cast[].character`` and ``aliases``), ``people`` (full names and
    surnames of cast actors, director, writers and ``music``), ``actors``, ``directors``,
    ``writers``, ``music`` (names and surnames), ``songs`` (titles and artists) and ``title``.
    A character whose name is also a person's name counts only as a character.
    """
    if film is None:
        return {k: () for k in ("characters", "people", "actors", "directors", "writers",
                                "music", "songs", "title")}
    cast = getattr(film, "cast", ()) or ()
    chars: list[str] = []
    actors: list[str] = []
    for m in cast:
        ch = getattr(m, "character", None)
        if ch:
            chars.append(str(ch))
        chars.extend(_as_list(getattr(m, "aliases", ())))
        act = getattr(m, "actor", None)
        if act:
            actors.extend(_name_variants(str(act)))
    directors = [v for n in _as_list(getattr(film, "director", ())) for v in _name_variants(n)]
    writers = [v for n in _as_list(getattr(film, "writers", ())) for v in _name_variants(n)]
    music = [v for n in _as_list(getattr(film, "music", ())) for v in _name_variants(n)]
    songs: list[str] = []
    for s in getattr(film, "songs", ()) or ():
        for attr in ("title", "artist"):
            v = getattr(s, attr, None)
            if v:
                songs.append(str(v))
    char_set = {c.casefold() for c in chars}
    people = [p for p in dict.fromkeys(actors + directors + writers + music)
              if p.casefold() not in char_set]
    title = getattr(film, "title", None)
    return {
        "characters": tuple(dict.fromkeys(chars)),
        "people": tuple(people),
        "actors": tuple(dict.fromkeys(actors)),
        "directors": tuple(dict.fromkeys(directors)),
        "writers": tuple(dict.fromkeys(writers)),
        "music": tuple(dict.fromkeys(music)),
        "songs": tuple(dict.fromkeys(songs)),
        "title": (str(title),) if title else (),
    }


# --------------------------------------------------------------------------------------------
# sentence sentiment
# --------------------------------------------------------------------------------------------
def sentence_scores(corpus: Corpus, *, engine: str = DEFAULT_ENGINE,
                    measure: str | None = None) -> pd.DataFrame:
    """One sentiment score per body sentence: ``review_id, sent_id, sentiment``.

    ``engine``/``measure`` as in :func:`criticlens.sentiment.engines.sentence_sentiment` (the measure
    defaults to the engine's primary one: VADER ``compound``, TextBlob ``polarity``).
    """
    from criticlens.sentiment import engines as sentiment

    scores = sentiment.sentence_sentiment(corpus, engines=(engine,))
    m = measure or sentiment.primary_measure(engine)
    sel = scores[scores["measure"] == m]
    if sel.empty:
        raise ValueError(f"engine {engine!r} has no measure {m!r}")
    return pd.DataFrame({
        "review_id": sel["review_id"].astype(str).to_numpy(),
        "sent_id": sel["sent_id"].astype("int64").to_numpy(),
        "sentiment": sel["score"].astype(float).to_numpy(),
    })


def _with_sentiment(sents: pd.DataFrame, scores: pd.DataFrame | None, corpus: Corpus | None,
                    engine: str) -> pd.DataFrame:
    if scores is None:
        if corpus is None:
            raise ValueError("give either sentence scores or a corpus to score")
        scores = sentence_scores(corpus, engine=engine)
    need = {"review_id", "sent_id", "sentiment"}
    if not need <= set(scores.columns):
        raise ValueError(f"scores need columns {sorted(need)}; got {list(scores.columns)}")
    sc = scores[["review_id", "sent_id", "sentiment"]].copy()
    sc["review_id"] = sc["review_id"].astype(str)
    sc["sent_id"] = sc["sent_id"].astype("int64")
    left = sents.copy()
    left["review_id"] = left["review_id"].astype(str)
    left["sent_id"] = left["sent_id"].astype("int64")
    out = left.merge(sc, on=["review_id", "sent_id"], how="left", validate="one_to_one")
    if out["sentiment"].isna().any():
        miss = out.loc[out["sentiment"].isna(), ["review_id", "sent_id"]].head(3).to_dict("records")
        raise ValueError(f"no sentiment score for sentences {miss}")
    return out


# --------------------------------------------------------------------------------------------
# synopsis / judgement / context
# --------------------------------------------------------------------------------------------
def _decide(ctx: float, jud: float, syn: float, prev: str | None,
            p_judgement: float | None = None) -> tuple[str, str]:
    """The class and what decided it (``cues``, ``model`` or ``previous``)."""
    if ctx >= 1 and ctx >= jud:
        return "context", "cues"
    if p_judgement is not None and jud >= 1 and syn > 0:
        return ("judgement" if p_judgement >= JUDGEMENT_PROB_CUT else "synopsis"), "model"
    if jud >= 1 and jud >= syn:
        return "judgement", "cues"
    if syn > 0:
        return "synopsis", "cues"
    return (prev if prev is not None else DEFAULT_CLASS), "previous"


def judgement_probability(texts: Sequence[str]) -> np.ndarray:
    """The critic engine's probability that each text is judgement rather than synopsis."""
    from criticlens.sentiment.critic import default_model

    return np.asarray(default_model().score_many([str(t) for t in texts])["judgement"],
                      dtype=float)


@shared
def classify_sentences(corpus: Corpus, *, cues: Cues | None = None,
                       model: bool = True) -> pd.DataFrame:
    """Classify every body sentence as synopsis, judgement or context (see the module doc).

    With ``model`` (the default) the critic engine's judgement probability settles the
    sentences whose cues conflict (:data:`DECISION_RULES`); ``model=False`` is the cue count
    alone (:data:`CUE_ONLY_RULES`). Returns one row per sentence in corpus order: ``review_id,
    sent_id, para_id, position, n_words, text, n_evaluative, n_craft, n_people, n_title,
    n_characters, n_story, n_pronouns, n_context, judgement_cues, synopsis_weight,
    context_cues, judgement_prob, cls, decided_by, cues`` where ``judgement_prob`` is the
    critic engine's probability (NaN with ``model=False``), ``decided_by`` says which rule
    decided (``cues``, ``model`` or ``previous``) and ``cues`` lists the matched cue words as
    ``kind:word`` separated by ``; ``.
    """
    cues = cues or load_cues()
    names = film_names(corpus.film)
    pats = {
        "evaluative": compile_terms(cues.evaluative),
        "craft": compile_terms(cues.craft),
        "people": compile_terms(names["people"]),
        "title": compile_terms(names["title"]),
        "characters": compile_terms(names["characters"]),
        "story": compile_terms(cues.story),
        "pronouns": compile_terms(cues.pronouns),
        "context": compile_terms(cues.context),
    }
    sents = corpus.sentences
    probs = (judgement_probability(sents["text"]) if model and len(sents)
             else np.full(len(sents), np.nan))
    rows: list[dict[str, Any]] = []
    prev: dict[str, str] = {}
    for r, pj in zip(sents.itertuples(index=False), probs):
        text = _fold(str(r.norm))
        # the title is removed before the other cues so that "Blue" in a title is not a word cue
        hits: dict[str, list[str]] = {}
        hits["title"] = find_terms(pats["title"], text)
        rest = pats["title"].sub(" ", text) if pats["title"] is not None else text
        for kind in ("people", "characters", "evaluative", "craft", "story", "pronouns",
                     "context"):
            hits[kind] = find_terms(pats[kind], rest)
        jud = len(hits["evaluative"]) + len(hits["craft"]) + len(hits["people"]) + len(hits["title"])
        syn = len(hits["characters"]) + len(hits["story"]) + PRONOUN_WEIGHT * len(hits["pronouns"])
        ctx = len(hits["context"])
        rid = str(r.review_id)
        cls, by = _decide(ctx, jud, syn, prev.get(rid), float(pj) if model else None)
        prev[rid] = cls
        rows.append({
            "review_id": rid, "sent_id": int(r.sent_id), "para_id": int(r.para_id),
            "position": float(r.position), "n_words": int(r.n_words), "text": str(r.text),
            "n_evaluative": len(hits["evaluative"]), "n_craft": len(hits["craft"]),
            "n_people": len(hits["people"]), "n_title": len(hits["title"]),
            "n_characters": len(hits["characters"]), "n_story": len(hits["story"]),
            "n_pronouns": len(hits["pronouns"]), "n_context": ctx,
            "judgement_cues": int(jud), "synopsis_weight": float(syn), "context_cues": int(ctx),
            "judgement_prob": float(pj), "cls": cls, "decided_by": by,
            "cues": "; ".join(f"{k}:{w}" for k in ("title", "people", "evaluative", "craft",
                                                   "characters", "story", "pronouns", "context")
                              for w in hits[k]),
        })
    cols = ["review_id", "sent_id", "para_id", "position", "n_words", "text", "n_evaluative",
            "n_craft", "n_people", "n_title", "n_characters", "n_story", "n_pronouns",
            "n_context", "judgement_cues", "synopsis_weight", "context_cues", "judgement_prob",
            "cls", "decided_by", "cues"]
    return pd.DataFrame(rows, columns=cols)


def load_sentence_labels(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read hand labels: a CSV with ``review_id, sent_id, label, text`` (labels in CLASSES)."""
    p = Path(path)
    df = pd.read_csv(p, dtype={"review_id": str, "sent_id": "int64", "label": str, "text": str},
                     keep_default_na=False)
    missing = [c for c in _LABEL_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{p}: missing column(s) {missing}")
    bad = sorted(set(df["label"]) - set(CLASSES))
    if bad:
        raise ValueError(f"{p}: unknown label(s) {bad}; use {list(CLASSES)}")
    dup = df.duplicated(["review_id", "sent_id"])
    if dup.any():
        raise ValueError(f"{p}: duplicate labels for {df.loc[dup, ['review_id', 'sent_id']].values.tolist()}")
    return df[list(_LABEL_COLUMNS)]


def label_agreement(classes: pd.DataFrame, labels: pd.DataFrame) -> dict[str, Any]:
    """Agreement of :func:`classify_sentences` with hand labels.

    Sentences are matched on ``review_id`` and ``sent_id``, and the text must be the same (a
    label for a sentence that the splitter now cuts differently is an error, not a silent skip).
    Returns ``n``, ``agree``, ``accuracy``, Cohen's ``kappa`` (Cohen 1960: chance-corrected
    agreement), ``confusion`` (a frame: hand label rows x predicted columns) and ``per_class``
    (precision, recall and support per class).
    """
    c = classes[["review_id", "sent_id", "text", "cls"]].copy()
    c["review_id"] = c["review_id"].astype(str)
    lab = labels.copy()
    lab["review_id"] = lab["review_id"].astype(str)
    m = lab.merge(c, on=["review_id", "sent_id"], how="left", suffixes=("_label", ""))
    if m["cls"].isna().any():
        miss = m.loc[m["cls"].isna(), ["review_id", "sent_id"]].values.tolist()
        raise ValueError(f"hand labels for sentences not in the corpus: {miss[:5]}")
    differ = m["text_label"].astype(str) != m["text"].astype(str)
    if differ.any():
        bad = m.loc[differ, ["review_id", "sent_id"]].values.tolist()
        raise ValueError(f"hand-labelled text differs from the corpus sentence at {bad[:5]}")
    n = len(m)
    agree = int((m["label"] == m["cls"]).sum())
    conf = pd.crosstab(pd.Categorical(m["label"], categories=CLASSES),
                       pd.Categorical(m["cls"], categories=CLASSES), dropna=False)
    conf.index.name, conf.columns.name = "label", "predicted"
    po = agree / n if n else math.nan
    pe = sum((conf.loc[k].sum() / n) * (conf[k].sum() / n) for k in CLASSES) if n else math.nan
    kappa = (po - pe) / (1 - pe) if n and pe < 1 else math.nan
    per = []
    for k in CLASSES:
        tp = int(conf.loc[k, k])
        pred = int(conf[k].sum())
        sup = int(conf.loc[k].sum())
        per.append({"cls": k, "support": sup, "predicted": pred,
                    "precision": tp / pred if pred else math.nan,
                    "recall": tp / sup if sup else math.nan})
    return {"n": n, "agree": agree, "accuracy": po, "kappa": kappa, "confusion": conf,
            "per_class": pd.DataFrame(per)}


# --------------------------------------------------------------------------------------------
# per-layer arcs
# --------------------------------------------------------------------------------------------
def layer_arcs(corpus: Corpus, *, classes: pd.DataFrame | None = None,
               scores: pd.DataFrame | None = None, engine: str = DEFAULT_ENGINE,
               bandwidth: float = LAYER_BANDWIDTH) -> pd.DataFrame:
    """Each critic's sentiment arc per layer (synopsis, judgement, context).

    One row per sentence: ``review_id, label, sent_id, position, cls, sentiment, smooth`` where
    ``smooth`` is :func:`kernel_smooth` of the layer's own sentences in the same review
    (Gaussian kernel, ``bandwidth`` in units of review length). Ordered by review, layer,
    position. This is the chart that separates the story's sadness (synopsis) from the critic's
    praise (judgement), which one arc over all sentences mixes.
    """
    cl = classes if classes is not None else classify_sentences(corpus)
    df = _with_sentiment(cl[["review_id", "sent_id", "position", "cls"]], scores, corpus, engine)
    labels = corpus.labels()
    df["label"] = df["review_id"].map(lambda r: labels.get(r, r))
    order = {r: i for i, r in enumerate(corpus.review_ids)}
    df["_r"] = df["review_id"].map(order)
    df["_c"] = df["cls"].map({k: i for i, k in enumerate(CLASSES)})
    df = df.sort_values(["_r", "_c", "position"], kind="stable")
    df["smooth"] = np.nan
    for _, g in df.groupby(["review_id", "cls"], sort=False):
        df.loc[g.index, "smooth"] = kernel_smooth(g["position"], g["sentiment"],
                                                  bandwidth=bandwidth)
    return df[["review_id", "label", "sent_id", "position", "cls", "sentiment", "smooth"]
              ].reset_index(drop=True)


def layer_summary(arcs: pd.DataFrame, *, review_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Per critic and layer: ``review_id, label, cls, n_sentences, share, mean_sentiment``.

    ``share`` is the layer's share of the review's sentences; ``mean_sentiment`` is NaN for a
    layer with no sentence. Every (review, class) pair appears, in review then class order.
    """
    rids = list(review_ids) if review_ids is not None else list(dict.fromkeys(arcs["review_id"]))
    labels = dict(zip(arcs["review_id"], arcs["label"]))
    rows = []
    for rid in rids:
        g = arcs[arcs["review_id"] == rid]
        for k in CLASSES:
            s = g.loc[g["cls"] == k, "sentiment"]
            rows.append({"review_id": rid, "label": labels.get(rid, rid), "cls": k,
                         "n_sentences": int(len(s)),
                         "share": len(s) / len(g) if len(g) else math.nan,
                         "mean_sentiment": float(s.mean()) if len(s) else math.nan})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# aspects (Hu and Liu 2004)
# --------------------------------------------------------------------------------------------
@lru_cache(maxsize=4)
def _aspect_file_cached(path: str) -> dict[str, tuple[str, ...]]:
    p = Path(path)
    data = _read_yaml_mapping(p, "aspect names to term lists")
    out: dict[str, tuple[str, ...]] = {}
    for k, v in data.items():
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise ValueError(f"{p}: aspect {k!r} must be a list of words or phrases")
        out[str(k)] = tuple(v)
    return out


def aspect_terms(film: Any = None, *, path: str | os.PathLike[str] | None = None
                 ) -> dict[str, tuple[str, ...]]:
    """Terms of every aspect: the base aspects, extended with ``film.yaml`` names, then the
    film's own ``aspects:``.

    Names added: acting <- cast actors; direction <- director; writing <- writers;
    music_sound <- ``music`` people, song titles and artists; plot <- character names. A film
    aspect with the name of a base aspect extends it.
    """
    base = _aspect_file_cached(str(Path(path) if path is not None else ASPECTS_FILE))
    missing = [a for a in BASE_ASPECTS if a not in base]
    if missing:
        raise ValueError(f"aspect file lacks base aspect(s) {missing}")
    names = film_names(film)
    add = {"acting": names["actors"], "direction": names["directors"],
           "writing": names["writers"], "music_sound": names["music"] + names["songs"],
           "plot": names["characters"]}
    out: dict[str, tuple[str, ...]] = {}
    for a in list(BASE_ASPECTS) + [k for k in base if k not in BASE_ASPECTS]:
        out[a] = tuple(dict.fromkeys(base[a] + tuple(add.get(a, ()))))
    extra = getattr(film, "aspects", None) or {}
    for name, terms in extra.items():
        key = str(name)
        out[key] = tuple(dict.fromkeys(out.get(key, ()) + tuple(_as_list(terms))))
    return out


def aspect_label(aspect: str) -> str:
    """Display name of an aspect ("music_sound" -> "Music & sound", "class" -> "Class")."""
    return ASPECT_LABELS.get(aspect, aspect.replace("_", " ").capitalize())


@shared
def sentence_aspects(corpus: Corpus, *, terms: Mapping[str, Sequence[str]] | None = None
                     ) -> pd.DataFrame:
    """Which aspects each sentence names: ``review_id, sent_id, aspect, matched``.

    One row per sentence and aspect it mentions (a sentence can name several aspects);
    ``matched`` lists the matched terms joined by ``; ``.
    """
    terms = terms if terms is not None else aspect_terms(corpus.film)
    pats = {a: compile_terms(t) for a, t in terms.items()}
    rows = []
    for r in corpus.sentences.itertuples(index=False):
        text = _fold(str(r.norm))
        for a, pat in pats.items():
            hits = find_terms(pat, text)
            if hits:
                rows.append({"review_id": str(r.review_id), "sent_id": int(r.sent_id),
                             "aspect": a, "matched": "; ".join(hits)})
    return pd.DataFrame(rows, columns=["review_id", "sent_id", "aspect", "matched"])


@shared
def aspect_profile(corpus: Corpus, *, terms: Mapping[str, Sequence[str]] | None = None,
                   scores: pd.DataFrame | None = None, engine: str = DEFAULT_ENGINE,
                   classes: pd.DataFrame | None = None, layer: str | None = None
                   ) -> pd.DataFrame:
    """Per critic and aspect: ``review_id, label, aspect, aspect_label, n_sentences, share,
    mean_sentiment, n_judgement, tone, tone_sentences``.

    ``share`` = sentences naming the aspect / sentences in the review (of the ``layer`` only,
    when one is given). ``mean_sentiment`` is the mean sentence sentiment of those sentences (Hu
    and Liu 2004's feature orientation, averaged); NaN when the critic never names the aspect.
    ``tone`` is the critic's tone about the aspect: the mean sentiment of the *judgement*
    sentences naming it (``n_judgement`` of them; NaN when none), so that the story's mood
    stays out; ``tone_sentences`` lists them as ``[score] text`` joined by `` | `` so the
    number can be read against the words. Every (review, aspect) pair appears, reviews in
    corpus order, aspects in :func:`aspect_terms` order.
    """
    terms = terms if terms is not None else aspect_terms(corpus.film)
    sents = corpus.sentences[["review_id", "sent_id", "text"]].copy()
    sents = _with_sentiment(sents, scores, corpus, engine)
    cl = classes if classes is not None else classify_sentences(corpus)
    cls_of = {(str(r), int(i)): c for r, i, c in zip(cl["review_id"], cl["sent_id"], cl["cls"])}
    sents["cls"] = [cls_of.get((r, int(i))) for r, i in zip(sents["review_id"], sents["sent_id"])]
    if layer is not None:
        if layer not in CLASSES:
            raise ValueError(f"layer must be one of {CLASSES}, not {layer!r}")
        sents = sents[sents["cls"] == layer]
    asp = sentence_aspects(corpus, terms=terms)
    labels = corpus.labels()
    # rows of each review, in corpus order, and the sentence ids naming each aspect: grouped once
    # (filtering the whole frame per critic and aspect was quadratic in the number of critics)
    rows_of = {str(k): v for k, v in sents.groupby("review_id", sort=False).indices.items()}
    named: dict[tuple[str, str], set[int]] = {}
    for r, i, a in zip(asp["review_id"], asp["sent_id"], asp["aspect"]):
        named.setdefault((str(r), str(a)), set()).add(int(i))
    sid = sents["sent_id"].to_numpy(dtype="int64")
    senti = sents["sentiment"].to_numpy(dtype="float64")
    judged = (sents["cls"] == "judgement").to_numpy(dtype=bool)
    text = sents["text"].to_numpy(dtype=object)
    empty = np.array([], dtype="int64")
    rows = []
    for rid in corpus.review_ids:
        g = rows_of.get(str(rid), empty)
        n_all = len(g)
        for a in terms:
            ids = named.get((str(rid), a))
            hit = g[np.isin(sid[g], list(ids))] if ids else empty
            j = hit[judged[hit]]
            rows.append({"review_id": rid, "label": labels.get(rid, rid), "aspect": a,
                         "aspect_label": aspect_label(a), "n_sentences": int(len(hit)),
                         "share": len(hit) / n_all if n_all else math.nan,
                         "mean_sentiment": float(senti[hit].mean()) if len(hit) else math.nan,
                         "n_judgement": int(len(j)),
                         "tone": float(senti[j].mean()) if len(j) else math.nan,
                         "tone_sentences": " | ".join(f"[{v:+.2f}] {t}" for v, t in
                                                      zip(senti[j], text[j])) or pd.NA})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# verdict
# --------------------------------------------------------------------------------------------
def mixed_messages(words: Sequence[str], lexicon: Mapping[str, float] | None = None, *,
                   remove_neutral: bool = True) -> dict[str, float]:
    """Emotional entropy of a run of words, as syuzhet's ``mixed_messages`` (Jockers 2015).

    Each word gets the sign of its lexicon valence (0 if absent); with ``remove_neutral`` the
    zeros are dropped; ``entropy`` is the Shannon entropy (bits) of the sign frequencies and
    ``metric_entropy`` is ``entropy / len(words)`` (all words, as syuzhet divides by all tokens).
    0 means one consistent sign; 1 bit means as many positive as negative words. Also returns
    ``n_words``, ``n_positive``, ``n_negative``. Words are case-folded before lookup.
    syuzhet's example: "I loved the way he looked at me but I hated that he was no longer my
    lover" with loved/lover positive and hated negative gives 0.9183 and 0.0510.
    """
    if lexicon is None:
        from criticlens.sentiment import vader_lexicon

        lexicon = vader_lexicon()
    lex = lexicon
    signs = np.array([np.sign(lex.get(str(w).casefold(), 0.0)) for w in words], dtype=float)
    n_words = len(signs)
    if remove_neutral:
        signs = signs[signs != 0]
    n_pos = int((signs > 0).sum())
    n_neg = int((signs < 0).sum())
    if len(signs) == 0:
        ent = 0.0
    else:
        _, counts = np.unique(signs, return_counts=True)
        p = counts / counts.sum()
        ent = float(-(p * np.log2(p)).sum()) + 0.0
    return {"entropy": ent, "metric_entropy": ent / n_words if n_words else math.nan,
            "n_words": n_words, "n_positive": n_pos, "n_negative": n_neg}


#: Sentences listed in :func:`verdict`'s ``evidence`` column per review.
EVIDENCE_TOP = 3
#: Columns of :func:`verdict_evidence`.
EVIDENCE_COLUMNS: tuple[str, ...] = (
    "review_id", "label", "sent_id", "position", "polarity", "judgement", "weight",
    "contribution", "rank", "text")


@shared
def verdict_evidence(corpus: Corpus) -> pd.DataFrame:
    """Every sentence's part in its review's critic verdict (:func:`verdict`).

    One row per body sentence, corpus order: ``review_id, label, sent_id, position``,
    ``polarity`` and ``judgement`` (the critic engine's scores), ``weight`` (the sentence's
    share of the verdict: judgement probability x (1 + position gain x relative place), summing
    to 1 per review), ``contribution`` (``weight x (clipped polarity log-odds - threshold)``;
    the contributions of a review sum exactly to its raw verdict score, so positive ones pull
    towards ``positive``), ``rank`` (1 = the sentence that pulled hardest in the direction of the
    verdict; sentences pulling the other way rank after all those pulling with it) and ``text``.
    The rule and its constants are :func:`criticlens.sentiment.critic.review_verdict`'s.
    """
    from criticlens.sentiment import critic as CR

    sents = corpus.sentences
    texts = [str(t) for t in sents["text"]]
    sc = CR.default_model().score_many(texts)
    pol = np.asarray(sc["polarity"], dtype=float)
    jud = np.asarray(sc["judgement"], dtype=float)
    labels = corpus.labels()
    rid_all = sents["review_id"].astype(str).to_numpy()
    frames = []
    for rid in corpus.review_ids:
        idx = np.flatnonzero(rid_all == str(rid))
        n = len(idx)
        if n == 0:
            continue
        pos = np.arange(n) / max(n - 1, 1)
        _, raw, w = CR.review_verdict(pol[idx], jud[idx], pos)
        w = np.asarray(w)
        logit = np.clip(2.0 * np.arctanh(np.clip(pol[idx], -1 + 1e-12, 1 - 1e-12)),
                        -CR.SENTENCE_LOGIT_CLIP, CR.SENTENCE_LOGIT_CLIP)
        contrib = w * (logit - CR.VERDICT_THRESHOLD)
        sign = 1.0 if raw > 0 else -1.0
        order = np.lexsort((np.arange(n), -(sign * contrib)))
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(1, n + 1)
        frames.append(pd.DataFrame({
            "review_id": str(rid), "label": labels.get(rid, rid),
            "sent_id": sents["sent_id"].to_numpy()[idx].astype("int64"),
            "position": sents["position"].to_numpy()[idx].astype(float),
            "polarity": pol[idx], "judgement": jud[idx], "weight": w,
            "contribution": contrib, "rank": rank,
            "text": [texts[i] for i in idx]}))
    if not frames:
        return pd.DataFrame(columns=list(EVIDENCE_COLUMNS))
    return pd.concat(frames, ignore_index=True)[list(EVIDENCE_COLUMNS)]


def _critic_verdicts(ev: pd.DataFrame, review_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Per review: verdict, verdict_score and the evidence string from :func:`verdict_evidence`."""
    from criticlens.sentiment import critic as CR

    out: dict[str, dict[str, Any]] = {}
    groups = {str(k): g for k, g in ev.groupby("review_id", sort=False)}
    for rid in review_ids:
        g = groups.get(str(rid), ev.iloc[:0])
        if g.empty:
            out[str(rid)] = {"verdict": "mixed", "verdict_score": 0.0, "n_judgement": 0,
                             "evidence": pd.NA}
            continue
        n = len(g)
        pos = np.arange(n) / max(n - 1, 1)
        v, raw, _ = CR.review_verdict(g["polarity"].to_numpy(), g["judgement"].to_numpy(), pos)
        top = g.sort_values("rank").head(EVIDENCE_TOP)
        top = top[np.sign(top["contribution"]) == (1 if raw > 0 else -1)]
        out[str(rid)] = {
            "verdict": v, "verdict_score": float(np.tanh(raw / 2.0)),
            "n_judgement": int((g["judgement"] >= 0.5).sum()),
            "evidence": " | ".join(f"[{c:+.2f}] {t}" for c, t in
                                   zip(top["contribution"], top["text"])) or pd.NA}
    return out


@shared
def verdict(corpus: Corpus, *, classes: pd.DataFrame | None = None,
            scores: pd.DataFrame | None = None, engine: str = DEFAULT_ENGINE,
            lexicon: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Where each critic's verdict lands. One row per review, in corpus order:

    - ``verdict`` (``positive``, ``negative`` or ``mixed``), ``verdict_score`` in [-1, 1]
      (``tanh(score / 2)`` of the raw score of
      :func:`criticlens.sentiment.critic.review_verdict`: the judgement- and position-weighted
      mean of the sentences' clipped polarity log-odds, minus the one domain offset fitted on the
      development fold), ``n_judgement`` (sentences with judgement probability >= 0.5) and
      ``evidence``: the :data:`EVIDENCE_TOP` sentences that pulled hardest towards the verdict,
      each as ``[contribution] text`` joined by `` | `` (all of them: :func:`verdict_evidence`).
      ``mixed`` is a rule, not a trained class: the score is within 0.05 of the line AND the
      review has at least three strong judgement sentences of praise and three of criticism.
      These columns always come from the critic engine (the method was chosen with it on the
      development fold, Pang and Lee's polarity v2.0 fold 1), whatever ``engine`` is;
    - ``final_para_polarity``: mean sentence sentiment of the last body paragraph
      (``final_para_sentences`` sentences);
    - ``best_judgement_position`` (0..1 through the body), ``best_judgement_sent_id``,
      ``best_judgement_score``, ``best_judgement_text``: the most positive judgement sentence
      (the first one on a tie; NaN/NA when the review has no judgement sentence);
    - ``mixed_entropy``, ``mixed_metric_entropy``, ``n_positive_words``, ``n_negative_words``:
      :func:`mixed_messages` over the body's word tokens (their ``norm``) with VADER's lexicon.
    """
    cl = classes if classes is not None else classify_sentences(corpus)
    df = _with_sentiment(cl[["review_id", "sent_id", "para_id", "position", "cls", "text"]],
                         scores, corpus, engine)
    cv = _critic_verdicts(verdict_evidence(corpus), [str(r) for r in corpus.review_ids])
    toks = corpus.tokens
    labels = corpus.labels()
    rows = []
    groups = {str(k): g for k, g in df.groupby("review_id", sort=False)}
    is_word = toks["is_word"].to_numpy(dtype=bool)
    words_of = {str(k): v for k, v in toks.loc[is_word, "norm"].groupby(
        toks.loc[is_word, "review_id"].astype(str), sort=False)}
    for rid in corpus.review_ids:
        g = groups.get(str(rid), df.iloc[:0])
        last = g[g["para_id"] == g["para_id"].max()] if len(g) else g
        j = g[g["cls"] == "judgement"]
        if len(j):
            best = j.loc[j["sentiment"].idxmax()]
            bj = (float(best["position"]), int(best["sent_id"]), float(best["sentiment"]),
                  str(best["text"]))
        else:
            bj = (math.nan, pd.NA, math.nan, pd.NA)
        words = words_of.get(str(rid), [])
        mm = mixed_messages([str(w) for w in words], lexicon)
        rows.append({
            "review_id": rid, "label": labels.get(rid, rid), **cv[str(rid)],
            "final_para_polarity": float(last["sentiment"].mean()) if len(last) else math.nan,
            "final_para_sentences": int(len(last)),
            "best_judgement_position": bj[0], "best_judgement_sent_id": bj[1],
            "best_judgement_score": bj[2], "best_judgement_text": bj[3],
            "mixed_entropy": mm["entropy"], "mixed_metric_entropy": mm["metric_entropy"],
            "n_positive_words": mm["n_positive"], "n_negative_words": mm["n_negative"],
        })
    out = pd.DataFrame(rows)
    out["best_judgement_sent_id"] = out["best_judgement_sent_id"].astype("Int64")
    return out
