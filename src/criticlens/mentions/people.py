"""People: how often each critic names the characters, the cast, the director and the writers,
and in what tone.

**The people gazetteer** comes from film.yaml (:func:`people_specs`):

- ``director`` and ``writers`` (one person per name; a writer-director is one person with the
  role ``director`` and ``roles`` ``director; writer``), ``cast`` actors, ``music`` and the
  artists of ``songs:``; each matched by the full name and, for people, the surname alone
  ("Gosling", "Cianfrance"); a surname shared by two people in the gazetteer is not used alone;
- characters (``cast[].character`` and ``cast[].aliases``), with the actor who plays them.

Names are matched on the normalised sentence text (accents folded: "Noel" finds "Noël") at
word boundaries, but only where the raw text is capitalised ("Dean", not "dean"), with
possessives ("Gosling's", "Williams'") and a possessive whose apostrophe was lost
("Cianfrances"). Single-word names of
:data:`criticlens.text.terms.FUZZY_MIN_LENGTH` letters or more also match one misspelling
(``match_kind == "fuzzy"``). Overlaps are resolved longest first: "Ryan Gosling" is one mention
of Ryan Gosling, not also one of "Gosling".

**Other names** (:func:`other_names`): runs of two or more capitalised words (joined by "of",
"the", "from", "de", "van", "von", "and" is not a joiner) that are not a gazetteer person, not
the film's title and not inside a quotation. A name followed by a possessive and a quoted title
of another work ("Ingmar Bergman’s “Scenes from a Marriage”") is an ``other_filmmaker`` (with
the ``work``); the rest are ``other_name`` (a person, a place or an unquoted title: the text does
not say which). Quoted titles of other works (:mod:`criticlens.mentions.quotes`) are ``other_work``.

**Tone**: each mention carries the TextBlob polarity and VADER compound of its sentence
(:func:`criticlens.mentions.scenes.sentence_tone`); :func:`people_table` averages them over the distinct
sentences that mention a person, per critic, and adds ``tone``: the critic engine's polarity
averaged over the *judgement* sentences only (the story's mood about a character is not the
critic's view of the actor), with those sentences listed in ``tone_sentences``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from criticlens.corpus.film import film_field
from criticlens.mentions.scenes import attach_tone, finish_hits, position_at
from criticlens.text.terms import FUZZY_MIN_LENGTH, compile_name, deaccent, is_fuzzy_match
from criticlens.text.textproc import fold, is_common_word, normalize_text

if TYPE_CHECKING:  # pragma: no cover
    from criticlens.corpus.load import Corpus

Role = Literal["director", "writer", "cast", "character", "music", "song_artist",
               "other_filmmaker", "other_name", "other_work"]
#: Roles from film.yaml, in the order tables list them.
GAZETTEER_ROLES: tuple[str, ...] = ("director", "writer", "cast", "character", "music",
                                    "song_artist")
PEOPLE_COLUMNS: tuple[str, ...] = (
    "review_id", "critic", "person", "role", "actor", "sent_id", "start", "end", "matched",
    "position", "match_kind", "polarity", "compound",
)
TABLE_COLUMNS: tuple[str, ...] = (
    "review_id", "critic", "person", "role", "mentions", "sentences", "polarity", "compound",
    "judgement_sentences", "tone", "tone_sentences",
)
#: Lower-case words allowed inside a multi-word name ("Days of Summer", "Ludwig van Beethoven").
NAME_JOINERS = frozenset({"of", "the", "from", "de", "van", "von", "da", "di", "del", "la", "le"})
#: Suffixes cut from the end of a name run ("(500) Days of Summer-style").
NAME_SUFFIXES = ("-style", "-esque", "-like", "-type")

#: Longest word of a name run (characters). The bound keeps the name finder linear: an
#: unbounded ``[\w'-]*`` backtracked over the rest of the text at every capital of
#: ``a-A-a-A...`` (80 KB took 30-40 s; issue 17.4). No name has a 60-letter word.
MAX_NAME_WORD = 60
_CAP_WORD = rf"[A-Z][\w’'\-]{{0,{MAX_NAME_WORD - 2}}}[\w]|[A-Z]"
_NAME_RUN_RE = re.compile(
    rf"(?<![\w’'])(?:{_CAP_WORD})(?:[ \t]+(?:(?:{'|'.join(sorted(NAME_JOINERS))})[ \t]+)*(?:{_CAP_WORD}))+(?!\w)")
_POSSESSIVE_RE = re.compile(r"(?:['’]s|s['’]|['’])$")


@dataclass(frozen=True)
class PersonSpec:
    """One person of the gazetteer and the forms that name them (full name first)."""

    name: str
    role: str
    roles: tuple[str, ...]
    forms: tuple[str, ...]
    actor: str | None = None


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if v]


def people_specs(film: Any) -> list[PersonSpec]:
    """The film's people (see the module docstring), in role order, then file order."""
    if film is None:
        return []
    if hasattr(film, "film") and hasattr(film, "sentences"):
        film = film.film
    entries: dict[str, dict[str, Any]] = {}

    def add(name: str, role: str, forms: list[str], actor: str | None = None) -> None:
        name = name.strip()
        if not name:
            return
        e = entries.setdefault(name, {"role": role, "roles": [], "forms": [], "actor": actor})
        if role not in e["roles"]:
            e["roles"].append(role)
        e["forms"] += [f for f in forms if f and f not in e["forms"]]

    def person_forms(name: str) -> list[str]:
        parts = name.split()
        return [name] + ([parts[-1]] if len(parts) > 1 else [])

    for n in _names(film_field(film, "director")):
        add(n, "director", person_forms(n))
    for n in _names(film_field(film, "writers")):
        add(n, "writer", person_forms(n))
    cast = film_field(film, "cast") or []
    for c in cast:
        actor = str(film_field(c, "actor") or "").strip()
        if actor:
            add(actor, "cast", person_forms(actor), actor)
    for c in cast:
        ch = film_field(c, "character")
        if ch:
            add(str(ch), "character", [str(ch)] + _names(film_field(c, "aliases")),
                str(film_field(c, "actor") or "") or None)
    music = film_field(film, "music")
    if music is None:
        music = (film_field(film, "raw") or {}).get("music")
    for n in _names(music):
        add(n, "music", [n])
    for s in film_field(film, "songs") or []:
        artist = film_field(s, "artist")
        if artist:
            bare = re.sub(r"^(?i:the)\s+", "", str(artist))
            add(str(artist), "song_artist", [str(artist), bare])
    # a surname shared by two people is ambiguous: keep it only on nobody
    owners: dict[str, set[str]] = {}
    for name, e in entries.items():
        for f in e["forms"]:
            owners.setdefault(fold(f), set()).add(name)
    specs = []
    for name, e in entries.items():
        forms = tuple(f for f in e["forms"] if len(owners[fold(f)]) == 1 or fold(f) == fold(name))
        specs.append(PersonSpec(name=name, role=e["role"], roles=tuple(e["roles"]), forms=forms,
                                actor=e["actor"]))
    rank = {r: i for i, r in enumerate(GAZETTEER_ROLES)}
    return [s for _, s in sorted(enumerate(specs), key=lambda t: (rank[t[1].role], t[0]))]




def _match_people(text: str, nt: Any, specs: list[PersonSpec], *, fuzzy: bool,
                  any_case: bool = False) -> list[tuple[int, int, PersonSpec, str]]:
    """Non-overlapping raw (start, end, person, kind) in the sentence ``text`` (normalised
    ``nt``); a match counts only where the raw text starts with a capital ("the Mills
    Brothers" is a mention of "Mills Brothers", "dean" is not Dean), unless ``any_case`` (a
    review written all in lower case: "verhoeven" is Verhoeven). Lower-case reviews get exact
    matches only, and a one-word form (a surname) only when it is not a common English word
    (:func:`criticlens.text.textproc.is_common_word`): without capitals to go by, "best" would
    be Ahmed Best and one-letter misspellings would find common words."""
    norm = deaccent(nt.text)
    if any_case:
        fuzzy = False

    def capital(s: int) -> bool:
        return any_case or text[nt.to_raw(s):nt.to_raw(s) + 1].isupper()

    cands = []
    for spec in specs:
        for f in spec.forms:
            if any_case and " " not in f.strip() and is_common_word(fold(f).strip()):
                continue  # lower-case text: "best" is not Ahmed Best, "park" not Ray Park
            for m in compile_name(f).finditer(norm):
                if capital(m.start()):
                    cands.append((m.start(), m.end(), spec, "exact"))
    chosen: list[tuple[int, int, PersonSpec, str]] = []
    for c in sorted(cands, key=lambda c: (-(c[1] - c[0]), c[0])):
        if not any(c[0] < o[1] and o[0] < c[1] for o in chosen):
            chosen.append(c)
    if fuzzy:
        singles = [(spec, fold(f)) for spec in specs for f in spec.forms
                   if " " not in f.strip() and len(f) >= FUZZY_MIN_LENGTH]
        singles = [(spec, deaccent(f)) for spec, f in singles]
        for m in re.finditer(r"[^\W\d_]+", norm):
            if any(m.start() < o[1] and o[0] < m.end() for o in chosen):
                continue
            for spec, f in singles:
                if capital(m.start()) and is_fuzzy_match(m.group(), f):
                    chosen.append((m.start(), m.end(), spec, "fuzzy"))
                    break
    out = []
    for s, e, spec, kind in sorted(chosen, key=lambda c: c[0]):
        a, b = nt.span_to_raw(s, e)
        out.append((a, b, spec, kind))
    return out


def _empty() -> pd.DataFrame:
    cols = {c: pd.Series([], dtype="string") for c in PEOPLE_COLUMNS}
    for c in ("sent_id", "start", "end"):
        cols[c] = pd.Series([], dtype="int64")
    for c in ("position", "polarity", "compound"):
        cols[c] = pd.Series([], dtype=float)
    return pd.DataFrame(cols)


def other_names(text: str, *, exclude: list[tuple[int, int]] = (), title: str = "",
                quotes: list[tuple[int, int, str]] = (), common: frozenset[str] = frozenset(),
                aliases: tuple[str, ...] = ()) -> list[tuple[int, int, str, str, str | None]]:
    """Capitalised name runs in one sentence ``text``: ``(start, end, name, role, work)``.

    ``exclude`` are spans already taken (gazetteer people, quotations); ``title`` is the film's
    title (not a name); ``quotes`` are ``(start, end, kind)`` of quotations in the sentence, used
    to spot "Name's “Work”" (``other_filmmaker``). Leading stopwords are dropped ("In Blue
    Valentine's" -> "Blue Valentine's"), and so is a sentence's first word when it is in
    ``common`` (words the corpus also writes in lower case: "Every Thursday" -> "Thursday");
    runs that end up one word long are dropped.
    """
    from criticlens.text.textproc import stopwords

    stop = stopwords()
    out = []
    titles: set[str] = set()
    for name in (title, *aliases):  # the title and its film.yaml aliases are not names
        tfold = fold(name).strip()
        twords = tfold.split()
        while twords and twords[0] in stop:
            twords = twords[1:]
        titles.update(t for t in (tfold, " ".join(twords)) if t)
    for m in _NAME_RUN_RE.finditer(text):
        s, e = m.start(), m.end()
        run = text[s:e]
        words = run.split()
        while words and (fold(words[0]) in stop or (
                fold(words[0]) in common and not text[:s].strip(" \t\n(\"“‘'"))):
            s += len(words[0])
            s += len(text[s:]) - len(text[s:].lstrip())
            words = words[1:]
        if len(words) < 2:
            continue
        name = text[s:e]
        for suf in NAME_SUFFIXES:
            if name.lower().endswith(suf):
                e -= len(suf)
                name = text[s:e]
        bare = _POSSESSIVE_RE.sub("", name)
        if len(bare.split()) < 2:
            continue
        if any(s < b and a < e for a, b in exclude):
            continue
        if any(fold(bare) == t or fold(bare).startswith(t + " ") for t in titles):
            continue
        role, work = "other_name", None
        if bare != name:  # possessive: is a quoted other work right after it?
            for qs, qe, qkind in quotes:
                if qkind == "other_work" and 0 < qs - e <= 3:
                    role, work = "other_filmmaker", text[qs:qe].strip().rstrip(".,;:")
        out.append((s, s + len(bare), bare, role, work))
    return out


def find_people(corpus: Corpus, *, quotes: pd.DataFrame | None = None, fuzzy: bool = True,
                sentiment: bool = True, others: bool = True) -> pd.DataFrame:
    """Every mention of a person (and, with ``others``, other names and works) in the bodies.

    Columns :data:`PEOPLE_COLUMNS`: ``person`` (the gazetteer name, or the name/work as the
    text gives it), ``role`` (see :data:`Role`), ``actor`` (for a character, who plays them;
    for a cast member, themself; else NA), raw ``start``/``end`` with ``raw[start:end] ==
    matched``, ``position`` (0..1 through the body), ``match_kind`` (``exact``, ``fuzzy``,
    ``capitalised`` for other names, ``quote`` for other works) and the sentence's
    ``polarity`` (TextBlob) and ``compound`` (VADER).
    """
    from criticlens.mentions.quotes import find_quotes

    specs = people_specs(corpus.film)
    sents = corpus.sentences
    if len(sents) == 0:
        return _empty()
    if others and quotes is None:
        quotes = find_quotes(corpus)
    labels = corpus.labels()
    title = str(film_field(corpus.film, "title") or "") if corpus.film is not None else ""
    aliases = tuple(str(a) for a in (film_field(corpus.film, "aliases") or ())) if corpus.film is not None else ()
    revs = corpus.reviews
    lower_ids = (set(revs.loc[revs["lower_case"].astype(bool), "review_id"].astype(str))
                 if "lower_case" in revs.columns else set())
    wt = corpus.tokens[corpus.tokens["is_word"].astype(bool)]["text"].astype(str)
    common = frozenset(fold(t) for t in wt if t.islower())
    quotes_by: dict[str, list[tuple[int, int, str]]] = {}
    if others:
        qb = quotes[quotes["section"] == "body"]
        for r, s, e, kd in zip(qb["review_id"].astype(str), qb["start"], qb["end"], qb["kind"]):
            quotes_by.setdefault(r, []).append((int(s), int(e), str(kd)))
    tok = corpus.tokens
    words = tok[tok["is_word"].astype(bool)]
    wpos_by = {str(r): (g["start"].to_numpy(dtype=np.int64), g["end"].to_numpy(dtype=np.int64),
                        g["position"].to_numpy(dtype=float))
               for r, g in words.groupby("review_id", sort=False)}
    rows: list[dict[str, Any]] = []
    hit_rows: list[int] = []
    texts = sents["text"].astype(str).tolist()
    for k, (rid, sid, sstart, spos) in enumerate(zip(
            sents["review_id"].astype(str), sents["sent_id"], sents["start"], sents["position"])):
        text = texts[k]
        nt = normalize_text(text)
        base = int(sstart)
        wpos = wpos_by.get(rid)
        taken: list[tuple[int, int]] = []

        def add(a: int, b: int, person: str, role: str, actor: str | None, kind: str) -> None:
            rows.append({
                "review_id": rid, "critic": labels.get(rid, rid), "person": person, "role": role,
                "actor": actor, "sent_id": int(sid), "start": base + a, "end": base + b,
                "matched": text[a:b], "position": position_at(wpos, base + a, float(spos)),
                "match_kind": kind,
            })
            hit_rows.append(k)

        for a, b, spec, kind in _match_people(text, nt, specs, fuzzy=fuzzy, any_case=rid in lower_ids):
            taken.append((a, b))
            add(a, b, spec.name, spec.role, spec.actor, kind)
        if not others:
            continue
        qspans = [(s - base, e - base, kd) for s, e, kd in quotes_by.get(rid, ())
                  if base <= s < base + len(text)]
        excl = taken + [(s - 1, e + 1) for s, e, _ in qspans]
        for s, e, name, role, work in other_names(text, exclude=excl, title=title, quotes=qspans,
                                                  common=common, aliases=aliases):
            add(s, e, name, role, None, "capitalised")
        for s, e, kd in qspans:
            if kd == "other_work":
                seg = text[s:e]
                name = seg.strip().rstrip(".,;:")
                a = s + len(seg) - len(seg.lstrip())
                add(a, a + len(name), name, "other_work", None, "quote")
    if not rows:
        return _empty()
    out = pd.DataFrame(rows)
    attach_tone(out, texts, hit_rows, sentiment=sentiment)
    return finish_hits(out, corpus, columns=PEOPLE_COLUMNS,
                       strings=("review_id", "critic", "person", "role", "actor", "matched", "match_kind"))


def people_table(corpus: Corpus, mentions: pd.DataFrame | None = None, *,
                 by: Literal["person", "actor"] = "person",
                 roles: tuple[str, ...] | None = None,
                 judgement: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per critic and person: ``mentions``, ``sentences`` (distinct mentioning sentences), the
    mean ``polarity`` and ``compound`` of those sentences (each sentence once), and the critic's
    ``tone``: the mean critic-engine polarity of the mentioning *judgement* sentences
    (``judgement_sentences`` of them; NaN when the critic only names the person in synopsis),
    listed as ``[score] text`` joined by `` | `` in ``tone_sentences``.

    ``judgement`` is a frame with the ``review_id, sent_id`` of the judgement sentences (e.g.
    the ``cls == "judgement"`` rows of :func:`criticlens.treatment.core.classify_sentences`);
    by default a sentence is judgement when the critic engine's judgement probability is at
    least 0.5. ``by="actor"`` counts a character's mentions for the actor who plays them (Dean
    -> Ryan Gosling), which answers "how does each critic treat Gosling versus Williams"; the
    role of such a row is ``cast``. ``roles`` keeps only those roles. Rows: review order, then
    gazetteer order (role, then film.yaml order), then other names by first mention.
    """
    from criticlens.sentiment.critic import default_model

    if mentions is None:
        mentions = find_people(corpus)
    m = mentions.copy()
    if by == "actor":
        is_char = (m["role"] == "character") & m["actor"].notna()
        m.loc[is_char, "person"] = m.loc[is_char, "actor"]
        m.loc[is_char, "role"] = "cast"
    elif by != "person":
        raise ValueError(f"by must be 'person' or 'actor', got {by!r}")
    if roles is not None:
        m = m[m["role"].isin(list(roles))]
    sents = corpus.sentences
    keys = list(zip(sents["review_id"].astype(str), sents["sent_id"].astype(int)))
    text_of = dict(zip(keys, sents["text"].astype(str)))
    need = sorted({(str(r), int(i)) for r, i in zip(m["review_id"], m["sent_id"])})
    sc = default_model().score_many([text_of[k] for k in need]) if need else {
        "polarity": [], "judgement": []}
    tone_of = dict(zip(need, sc["polarity"]))
    if judgement is None:
        is_judg = {k for k, p in zip(need, sc["judgement"]) if p >= 0.5}
    else:
        is_judg = set(zip(judgement["review_id"].astype(str), judgement["sent_id"].astype(int)))
    order = {s.name: i for i, s in enumerate(people_specs(corpus.film))}
    labels = corpus.labels()
    rows = []
    for rid in corpus.review_ids:
        g = m[m["review_id"] == rid]
        if g.empty:
            continue
        firsts = g.groupby("person", sort=False)["start"].min()
        people = sorted(firsts.index, key=lambda p: (p not in order, order.get(p, 0), firsts[p]))
        for p in people:
            gp = g[g["person"] == p]
            per_sent = gp.drop_duplicates("sent_id")
            jk = [(str(rid), int(i)) for i in per_sent["sent_id"]
                  if (str(rid), int(i)) in is_judg]
            rows.append({
                "review_id": rid, "critic": labels.get(rid, rid), "person": p,
                "role": str(gp["role"].iloc[0]), "mentions": len(gp),
                "sentences": len(per_sent),
                "polarity": float(per_sent["polarity"].mean()),
                "compound": float(per_sent["compound"].mean()),
                "judgement_sentences": len(jk),
                "tone": float(np.mean([tone_of[k] for k in jk])) if jk else np.nan,
                "tone_sentences": " | ".join(f"[{tone_of[k]:+.2f}] {text_of[k]}" for k in jk)
                or pd.NA,
            })
    out = pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
    for c in ("review_id", "critic", "person", "role", "tone_sentences"):
        out[c] = out[c].astype("string")
    for c in ("mentions", "sentences", "judgement_sentences"):
        out[c] = out[c].astype("int64")
    for c in ("polarity", "compound", "tone"):
        out[c] = out[c].astype(float)
    return out
