"""Read and validate ``film.yaml``: the film's title, people, songs, aspects and scene gazetteer.

YAML is read with ``yaml.safe_load`` only (no object construction from user data). Problems are
returned as report items rather than raised, so that one bad scene never hides the others:
``FilmMeta.from_yaml`` returns ``(meta, problems)`` where each problem is
``(level, code, message)``.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from criticlens.text import userregex

#: Keys film.yaml may have at the top level; anything else is warned about by name.
KNOWN_KEYS = frozenset({
    "title", "year", "director", "directors", "writers", "cast", "songs", "music", "aspects",
    "scenes", "people", "notes", "slug", "language", "aliases",
})
SCENE_KEYS = frozenset({"id", "label", "terms", "patterns", "all_of", "lines", "order", "notes"})
CAST_KEYS = frozenset({"actor", "character", "aliases", "notes"})
#: Longest regex accepted in a scene pattern (characters).
MAX_PATTERN_CHARS = userregex.MAX_PATTERN_CHARS
_SCENE_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")  # used with fullmatch: no trailing newline

Problem = tuple[str, str, str]  # (level, code, message)

#: Largest film.yaml read (bytes).
MAX_FILM_YAML_BYTES = 2_000_000
#: Most values a film.yaml may hold once its aliases (``*name``) are expanded. An "alias bomb"
#: (nine levels of nine aliases: 387 million values from a few lines) is refused before any
#: value is built, formatted or dumped.
MAX_YAML_EXPANDED_NODES = 200_000
#: Deepest nesting of lists and mappings in film.yaml (the real file needs 4).
MAX_YAML_DEPTH = 40


class YamlBudgetError(ValueError):
    """film.yaml exceeds :data:`MAX_YAML_EXPANDED_NODES` or :data:`MAX_YAML_DEPTH`."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class _BoundedLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that counts nesting while composing (before Python's recursion
    limit is near) and measures the alias-expanded size before constructing anything."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                mark = self.peek_event().start_mark
                raise YamlBudgetError("film_yaml_too_deep",
                                      f"nesting deeper than {MAX_YAML_DEPTH} levels at line {mark.line + 1}")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _expanded_size(root: Any) -> int:
    """Values the node graph holds once every alias is expanded (a shared node counted each time
    it is reached), computed without expanding: each node's size is memoised (post-order)."""
    memo: dict[int, int] = {}

    def kids(node: Any) -> list[Any]:
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        if isinstance(node, yaml.MappingNode):
            return [x for kv in node.value for x in kv]
        return []

    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in memo:
            continue
        if done:
            total = 1 + sum(memo[id(c)] for c in kids(node))
            memo[id(node)] = min(total, MAX_YAML_EXPANDED_NODES + 1)
            continue
        stack.append((node, True))
        stack.extend((c, False) for c in kids(node) if id(c) not in memo)
    return memo[id(root)]


def bounded_safe_load(text: str) -> Any:
    """``yaml.safe_load`` with budgets: raise :class:`YamlBudgetError` (code
    ``film_yaml_alias_budget`` or ``film_yaml_too_deep``) instead of hanging or exhausting
    memory. Tags are the safe loader's: ``!!python/...`` is refused as invalid YAML."""
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        n = _expanded_size(node)
        if n > MAX_YAML_EXPANDED_NODES:
            raise YamlBudgetError("film_yaml_alias_budget",
                                  f"its aliases (*name) expand to more than {MAX_YAML_EXPANDED_NODES:,} "
                                  "values (an alias bomb?); write the values out or use fewer aliases")
        return loader.construct_document(node)
    except RecursionError:
        raise YamlBudgetError("film_yaml_too_deep", f"nesting deeper than {MAX_YAML_DEPTH} levels") from None
    finally:
        loader.dispose()


def _short(value: Any, limit: int = 60) -> str:
    """``repr`` of a value for a message, cut to ``limit`` characters (never formats a huge value)."""
    import reprlib

    r = reprlib.Repr()
    r.maxstring = r.maxother = limit
    r.maxlist = r.maxdict = r.maxset = r.maxtuple = 4
    r.maxlevel = 2
    return r.repr(value)


def film_field(obj: Any, key: str, default: Any = None) -> Any:
    """``key`` of film metadata given either way: a :class:`FilmMeta` (or one of its entries,
    read as attributes) or a film.yaml mapping (read as keys); ``default`` when absent."""
    if isinstance(obj, Mapping):
        return obj.get(key, default)
    return getattr(obj, key, default)


@dataclass(frozen=True)
class CastMember:
    actor: str
    character: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Song:
    title: str
    artist: str | None = None


@dataclass(frozen=True)
class Scene:
    """One gazetteer entry. ``all_of`` groups match when all their terms share a sentence."""

    id: str
    label: str
    terms: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    all_of: tuple[tuple[str, ...], ...] = ()
    lines: tuple[str, ...] = ()
    order: float | None = None


@dataclass(frozen=True)
class FilmMeta:
    """What film.yaml says about the film."""

    title: str
    year: int | None = None
    director: tuple[str, ...] = ()
    writers: tuple[str, ...] = ()
    cast: tuple[CastMember, ...] = ()
    songs: tuple[Song, ...] = ()
    music: tuple[str, ...] = ()
    aspects: dict[str, tuple[str, ...]] = field(default_factory=dict)
    scenes: tuple[Scene, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict)
    #: Other spellings of the title (``aliases:`` under ``title:`` in film.yaml), e.g.
    #: "Inglorious Basterds" for *Inglourious Basterds*; quotes, people and the body finder
    #: treat each as the film's title.
    aliases: tuple[str, ...] = ()

    @property
    def titles(self) -> tuple[str, ...]:
        """The title, then its aliases."""
        return (self.title, *self.aliases) if self.title else self.aliases

    @property
    def characters(self) -> tuple[str, ...]:
        return tuple(c.character for c in self.cast if c.character)

    @property
    def actors(self) -> tuple[str, ...]:
        return tuple(c.actor for c in self.cast)

    def scenes_in_order(self) -> tuple[Scene, ...]:
        """Scenes sorted by ``order`` (scenes without one keep their place, after the rest)."""
        idx = {s.id: i for i, s in enumerate(self.scenes)}
        return tuple(sorted(self.scenes, key=lambda s: (s.order is None, s.order or 0, idx[s.id])))

    # -----------------------------------------------------------------------------------------
    @classmethod
    def from_yaml(cls, path: str | Path) -> tuple[FilmMeta | None, list[Problem]]:
        """Read ``path``; return the meta (None if unusable) and the problems found."""
        p = Path(path)
        if not p.is_file():
            return None, [("error", "film_yaml_missing", f"{p}: film.yaml is missing")]
        try:
            size = p.stat().st_size
            if size > MAX_FILM_YAML_BYTES:
                return None, [("error", "film_yaml_too_large",
                               f"{p}: {size:,} bytes; film.yaml may be at most {MAX_FILM_YAML_BYTES:,}")]
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            return None, [("error", "film_yaml_encoding", f"{p}: not UTF-8 ({exc.reason})")]
        except OSError as exc:
            return None, [("error", "film_yaml_unreadable", f"{p}: cannot be read ({exc.strerror or exc})")]
        try:
            data = bounded_safe_load(text)
        except YamlBudgetError as exc:
            return None, [("error", exc.code, f"{p}: {exc}")]
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else "unknown line"
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            return None, [("error", "film_yaml_invalid", f"{p}: invalid YAML at {where}: {problem}")]
        return cls.from_dict(data, source=str(p))

    @classmethod
    def from_dict(cls, data: Any, *, source: str = "film.yaml") -> tuple[FilmMeta | None, list[Problem]]:
        probs: list[Problem] = []
        if data is None:
            data = {}
        if not isinstance(data, dict):
            return None, [("error", "film_yaml_invalid", f"{source}: must be a mapping of keys to values, got {type(data).__name__}")]
        for key in data:
            if key not in KNOWN_KEYS:
                probs.append(("warning", "film_yaml_unknown_key", f"{source}: unknown key {_short(key)} (ignored)"))
        title = data.get("title")
        if not isinstance(title, str) or not title.strip():
            got = "" if title is None else f", got {type(title).__name__} {_short(title)}"
            probs.append(("error", "film_yaml_no_title", f"{source}: 'title' is required (a non-empty string){got}"))
            title = ""
        year = data.get("year")
        if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
            probs.append(("warning", "film_yaml_year", f"{source}: 'year' should be a number, got {_short(year)}"))
            year = None
        for key in ("notes", "slug", "language"):
            if data.get(key) is not None and not isinstance(data[key], str):
                probs.append(("warning", "film_yaml_type", f"{source}: {key} should be a string, "
                              f"got {type(data[key]).__name__} {_short(data[key])}"))
        director = _names(data.get("director", data.get("directors")), "director", source, probs)
        writers = _names(data.get("writers"), "writers", source, probs)
        music = _names(data.get("music"), "music", source, probs)
        cast = _cast(data.get("cast"), source, probs)
        songs = _songs(data.get("songs"), source, probs)
        aspects = _aspects(data.get("aspects"), source, probs)
        scenes = _scenes(data.get("scenes"), source, probs)
        aliases = tuple(a.strip() for a in _names(data.get("aliases"), "aliases", source, probs)
                        if a.strip() and a.strip() != title.strip())
        meta = cls(title=title.strip(), year=year, director=director, writers=writers, cast=cast,
                   songs=songs, music=music, aspects=aspects, scenes=scenes, raw=dict(data),
                   aliases=aliases)
        return meta, probs


def _str_list(value: Any, path: str, source: str, probs: list[Problem], *,
              level: str = "error") -> tuple[str, ...]:
    """A field that holds a list of strings. A single string is taken as a one-item list, on
    purpose (``aliases: Deano`` means ``aliases: [Deano]``, never its letters). Anything else (a
    number, a mapping, a list holding a number) is a ``film_yaml_type`` problem naming the field
    path (``scenes[ukulele].patterns[2]``); the wrong values are ignored."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if not isinstance(value, list):
        probs.append((level, "film_yaml_type", f"{source}: {path} should be a string or a list of "
                      f"strings, got {type(value).__name__} {_short(value)}"))
        return ()
    out = []
    for i, v in enumerate(value):
        if isinstance(v, str):
            if v.strip():
                out.append(v.strip())
        else:
            probs.append((level, "film_yaml_type", f"{source}: {path}[{i}] should be a string, "
                          f"got {type(v).__name__} {_short(v)} (ignored)"))
    return tuple(out)


def _names(value: Any, key: str, source: str, probs: list[Problem]) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v.strip() for v in value if v.strip())
    probs.append(("warning", "film_yaml_type", f"{source}: {key!r} should be a name or a list of names"))
    return ()


def _cast(value: Any, source: str, probs: list[Problem]) -> tuple[CastMember, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        probs.append(("warning", "film_yaml_type", f"{source}: 'cast' should be a list of {{actor, character}}"))
        return ()
    out = []
    for i, item in enumerate(value):
        if isinstance(item, str):
            out.append(CastMember(actor=item.strip()))
            continue
        if not isinstance(item, dict) or not isinstance(item.get("actor"), str):
            probs.append(("warning", "film_yaml_cast", f"{source}: cast entry {i + 1} needs an 'actor' name"))
            continue
        for k in item:
            if k not in CAST_KEYS:
                probs.append(("warning", "film_yaml_unknown_key", f"{source}: cast entry {i + 1}: unknown key {k!r}"))
        ch = item.get("character")
        if ch is not None and not isinstance(ch, str):
            probs.append(("error", "film_yaml_type", f"{source}: cast[{i}].character should be a "
                          f"string, got {type(ch).__name__} {_short(ch)}"))
        aliases = _str_list(item.get("aliases"), f"cast[{i}].aliases", source, probs)
        out.append(CastMember(actor=item["actor"].strip(),
                              character=ch.strip() if isinstance(ch, str) and ch.strip() else None,
                              aliases=aliases))
    return tuple(out)


def _songs(value: Any, source: str, probs: list[Problem]) -> tuple[Song, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        probs.append(("warning", "film_yaml_type", f"{source}: 'songs' should be a list"))
        return ()
    out = []
    for i, item in enumerate(value):
        if isinstance(item, str) and item.strip():
            out.append(Song(item.strip()))
        elif isinstance(item, dict) and isinstance(item.get("title"), str):
            artist = item.get("artist")
            out.append(Song(item["title"].strip(), artist.strip() if isinstance(artist, str) else None))
        else:
            probs.append(("warning", "film_yaml_song", f"{source}: song {i + 1} needs a 'title'"))
    return tuple(out)


def _aspects(value: Any, source: str, probs: list[Problem]) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        probs.append(("warning", "film_yaml_type", f"{source}: 'aspects' should map an aspect name to a list of terms"))
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for name, terms in value.items():
        if isinstance(terms, str):
            terms = [terms]  # one term, on purpose
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            probs.append(("warning", "film_yaml_aspect", f"{source}: aspect {_short(name)} should be a list of terms"))
            continue
        out[str(name)] = tuple(t.strip() for t in terms if t.strip())
    return out


def check_pattern(pattern: str) -> str | None:
    """Why a user regex is refused, or None if it is acceptable.

    The one rule for every typed pattern (film.yaml, KWIC, the explorer): it must compile for
    the linear-time engine of :mod:`criticlens.text.userregex` (RE2): a non-empty string of at
    most :data:`MAX_PATTERN_CHARS` characters, valid, without backreferences, lookarounds,
    conditionals, atomic groups or possessive quantifiers, and under the engine's size limits.
    Any accepted pattern runs in time linear in the text, so no shape can hang a command.
    """
    return userregex.check(pattern)


def _scenes(value: Any, source: str, probs: list[Problem]) -> tuple[Scene, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        probs.append(("error", "film_yaml_scenes", f"{source}: 'scenes' should be a list of scene entries"))
        return ()
    out: list[Scene] = []
    seen: set[str] = set()
    for i, item in enumerate(value):
        where = f"{source}: scene {i + 1}"
        if not isinstance(item, dict):
            probs.append(("error", "scene_invalid", f"{where}: must be a mapping with id, label and terms"))
            continue
        sid = item.get("id")
        if not isinstance(sid, str) or not _SCENE_ID.fullmatch(sid):
            probs.append(("error", "scene_id", f"{where}: 'id' must be lower-case letters, digits, '-' or '_' (got {_short(sid)})"))
            continue
        where = f"{source}: scene {sid!r}"
        if sid in seen:
            probs.append(("error", "scene_duplicate", f"{where}: duplicate scene id"))
            continue
        seen.add(sid)
        for k in item:
            if k not in SCENE_KEYS:
                probs.append(("warning", "film_yaml_unknown_key", f"{where}: unknown key {k!r} (ignored)"))
        fpath = f"scenes[{sid}]"
        label = item.get("label")
        if label is not None and not isinstance(label, str):
            probs.append(("error", "film_yaml_type", f"{source}: {fpath}.label should be a string, "
                          f"got {type(label).__name__} {_short(label)}"))
        label = label.strip() if isinstance(label, str) and label.strip() else sid
        terms_in = item.get("terms")
        if isinstance(terms_in, str):
            terms_in = [terms_in]  # one term, on purpose (see _str_list)
        if terms_in is not None and not isinstance(terms_in, list):
            probs.append(("error", "scene_terms", f"{where}: 'terms' should be a string or a list of "
                          f"strings, got {type(terms_in).__name__} {_short(terms_in)}"))
            terms_in = []
        terms = []
        for t in terms_in or []:
            if not isinstance(t, str):
                probs.append(("warning", "scene_term_type", f"{where}: term {_short(t)} is not a string (ignored)"))
            elif not t.strip():
                probs.append(("warning", "scene_term_empty", f"{where}: empty term (ignored)"))
            else:
                terms.append(t.strip())
        patterns = []
        for pat in _str_list(item.get("patterns"), f"{fpath}.patterns", source, probs):
            why = check_pattern(pat)
            if why is None:
                patterns.append(pat)
            else:
                probs.append(("error", "scene_pattern", f"{where}: pattern {_short(pat)} refused: {why}"))
        groups = []
        all_of = item.get("all_of")
        if all_of is not None and not isinstance(all_of, list):
            probs.append(("error", "film_yaml_type", f"{source}: {fpath}.all_of should be a list of "
                          f"lists of terms, got {type(all_of).__name__} {_short(all_of)}"))
            all_of = []
        for g in all_of or []:
            if isinstance(g, list) and len(g) >= 2 and all(isinstance(t, str) and t.strip() for t in g):
                groups.append(tuple(t.strip() for t in g))
            else:
                probs.append(("warning", "scene_all_of", f"{where}: all_of group {_short(g)} needs two or more non-empty terms (ignored)"))
        lines = _str_list(item.get("lines"), f"{fpath}.lines", source, probs)
        order = item.get("order")
        if order is not None and (not isinstance(order, (int, float)) or isinstance(order, bool)):
            probs.append(("warning", "scene_order", f"{where}: 'order' should be a number, got {_short(order)}"))
            order = None
        if not terms and not patterns and not groups and not lines:
            probs.append(("warning", "scene_no_terms", f"{where}: no terms, patterns, all_of groups or lines: it can never match"))
        out.append(Scene(id=sid, label=label, terms=tuple(terms), patterns=tuple(patterns),
                         all_of=tuple(groups), lines=lines, order=order))
    return tuple(out)
