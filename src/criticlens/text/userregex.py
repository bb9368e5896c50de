"""Regular expressions typed by users, matched in time linear in the text: never a hang.

Python's ``re`` backtracks, and has no timeout: ``.*.*.*.*.*.*.*.*z`` takes hours on a page of
text, and no list of refused shapes catches every such pattern. So every pattern a user types
(film.yaml scene ``patterns``, ``criticlens kwic --regex``, the explorer's regex box) is run
by RE2 (``google-re2``), an automaton engine whose cost is bounded by
``program size x text length`` whatever the pattern.

The *syntax* stays Python's: a pattern is parsed by Python's own regex parser and the parse
tree is written out in RE2 syntax, so that

- ``\\w``, ``\\d``, ``\\s`` (and ``\\W``, ``\\D``, ``\\S``) mean exactly what they mean in
  Python on ``str``: the classes are generated from Python's own definitions (``isalnum``,
  ``isdecimal``, ``isspace``), not RE2's ASCII ones;
- ``$`` without ``(?m)`` matches only at the very end of the text (Python also matches before a
  final newline; the texts matched here never end with one);
- offsets are character offsets into the ``str``, as with ``re``.

Two documented differences and one refusal:

- ``\\b`` and ``\\B`` are RE2's: only ASCII letters, digits and ``_`` count as word characters
  for them, so ``\\bcafé\\b`` does not find "café" (the é is not a word character for ``\\b``).
  Whole-word matching (``whole_word=True``, the KWIC default) does not use ``\\b`` and is
  Unicode-exact.
- a pattern that can match the empty string reports only its non-empty matches (an empty match
  is never a mention or a passage); after an empty match the search moves on one character.
  So a pattern that can match the empty string (``(b)*|a``, ``x*?``) may miss a non-empty match
  that Python finds at the same place, and a repeated group that can match empty
  (``(a*|b)+x``) may end sooner than Python's backtracking does. Patterns without either give
  exactly Python's matches (property-tested against ``re``); neither shape is useful for
  finding a scene or a word.
- constructs that need backtracking are **refused** with :class:`UnsafePattern` naming the
  construct: backreferences (``\\1``, ``(?P=name)``), lookahead and lookbehind (``(?=``,
  ``(?!``, ``(?<=``, ``(?<!``), conditionals (``(?(1)a|b)``), atomic groups and possessive
  quantifiers. We refuse rather than run them under a time budget: a budget turns a slow
  machine into wrong answers, and none of these is needed to find a scene or a word.

Limits (named constants): :data:`MAX_PATTERN_CHARS` characters, repeat counts up to
:data:`MAX_REPEAT` (RE2's own limit), and a compiled program of at most
:data:`MAX_PROGRAM_SIZE` instructions, so the work per character is bounded too.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from re import _constants as _C  # the opcodes of the stdlib parser (Python >= 3.11)
from re import _parser
from typing import Any

import re2

#: Longest pattern accepted (characters).
MAX_PATTERN_CHARS = 300
#: Largest repeat count ``{m,n}`` (RE2's limit is 1000).
MAX_REPEAT = 1000
#: Largest compiled program (RE2 instructions). The matching work is at most about this many
#: steps per character of text, so this bounds the cost of any accepted pattern.
MAX_PROGRAM_SIZE = 50_000
#: Memory RE2 may use for one compiled pattern and its automata (bytes).
MAX_MEM = 16 << 20


class UnsafePattern(ValueError):
    """A user pattern that is refused; the message names the pattern and the reason."""

    def __init__(self, pattern: Any, reason: str):
        super().__init__(f"pattern {pattern!r} refused: {reason}")
        self.pattern = pattern
        self.reason = reason


# ---------------------------------------------------------------------------------------------
# Python's character classes, as explicit Unicode ranges
# ---------------------------------------------------------------------------------------------
def _ranges(pred: Any) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start = None
    for cp in range(0x110000):
        ok = 0xD800 <= cp <= 0xDFFF or pred(chr(cp))  # surrogates never reach RE2 (see _encode)
        if ok and start is None:
            start = cp
        elif not ok and start is not None:
            out.append((start, cp - 1))
            start = None
    if start is not None:
        out.append((start, 0x10FFFF))
    return [r for r in _split_surrogates(out)]


def _split_surrogates(ranges: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    for lo, hi in ranges:
        if lo <= 0xDFFF and hi >= 0xD800:
            if lo < 0xD800:
                yield (lo, 0xD7FF)
            if hi > 0xDFFF:
                yield (0xE000, hi)
        else:
            yield (lo, hi)


def _complement(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out, nxt = [], 0
    for lo, hi in ranges:
        if lo > nxt:
            out.append((nxt, lo - 1))
        nxt = hi + 1
    if nxt <= 0x10FFFF:
        out.append((nxt, 0x10FFFF))
    return list(_split_surrogates(out))


def _fmt_range(lo: int, hi: int) -> str:
    return _lit(lo) if lo == hi else f"{_lit(lo)}-{_lit(hi)}"


@lru_cache(maxsize=None)
def _category(name: str, ascii_only: bool) -> str:
    """RE2 class *content* (without brackets) for one of Python's categories."""
    preds = {
        "ALNUM": (lambda c: c.isalnum()) if not ascii_only
        else (lambda c: c.isascii() and c.isalnum()),
        "WORD": (lambda c: c.isalnum() or c == "_") if not ascii_only
        else (lambda c: c.isascii() and (c.isalnum() or c == "_")),
        "DIGIT": (lambda c: c.isdecimal()) if not ascii_only else (lambda c: "0" <= c <= "9"),
        "SPACE": (lambda c: c.isspace()) if not ascii_only else (lambda c: c in " \t\n\r\f\v"),
    }
    base, neg = name.replace("NOT_", ""), name.startswith("NOT_")
    rng = _ranges(preds[base]) if not ascii_only else [
        (cp, cp) for cp in range(128) if preds[base](chr(cp))]
    if not ascii_only:
        rng = [r for r in rng if not (r[0] >= 0xD800 and r[1] <= 0xDFFF)]
    if neg:
        rng = _complement(_merge(rng))
    return "".join(_fmt_range(lo, hi) for lo, hi in _merge(rng))


def _merge(rng: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(rng):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _lit(cp: int) -> str:
    c = chr(cp)
    if c.isascii() and c.isalnum():
        return c
    return f"\\x{{{cp:X}}}"


# ---------------------------------------------------------------------------------------------
# Python parse tree -> RE2 syntax
# ---------------------------------------------------------------------------------------------
_REFUSED = {
    "GROUPREF": "a backreference", "GROUPREF_EXISTS": "a conditional group",
    "ASSERT": "a lookahead or lookbehind", "ASSERT_NOT": "a lookahead or lookbehind",
    "ATOMIC_GROUP": "an atomic group", "POSSESSIVE_REPEAT": "a possessive quantifier",
    "GROUPREF_IGNORE": "a backreference", "GROUPREF_LOC_IGNORE": "a backreference",
    "GROUPREF_UNI_IGNORE": "a backreference",
}
_AT = {
    "AT_BEGINNING": "^", "AT_BEGINNING_STRING": r"\A", "AT_END_STRING": r"\z",
    "AT_BOUNDARY": r"\b", "AT_NON_BOUNDARY": r"\B",
}


class _Refuse(Exception):
    pass


def _translate(items: Any, flags: int, pattern: str) -> str:
    ascii_only = bool(flags & re.ASCII)
    out: list[str] = []
    for op, av in items:
        name = str(op)
        if name in _REFUSED:
            raise _Refuse(f"it uses {_REFUSED[name]}, which needs backtracking; the linear-time "
                          "engine used for typed patterns does not support it")
        if name == "LITERAL":
            out.append(_lit(av))
        elif name == "NOT_LITERAL":
            out.append(f"[^{_lit(av)}]")
        elif name == "ANY":
            out.append(".")
        elif name == "IN":
            out.append(_klass(av, ascii_only))
        elif name == "BRANCH":
            out.append("(?:" + "|".join(_translate(alt, flags, pattern) for alt in av[1]) + ")")
        elif name == "SUBPATTERN":
            gid, add, dele, sub = av
            inner = _translate(sub, (flags | add) & ~dele, pattern)
            fl = _flag_letters(add) + ("-" + _flag_letters(dele) if _flag_letters(dele) else "")
            if fl:
                inner = f"(?{fl}:{inner})"
            out.append(f"({inner})" if gid is not None else f"(?:{inner})")
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            lo, hi, sub = av
            if lo > MAX_REPEAT or (hi != _C.MAXREPEAT and hi > MAX_REPEAT):
                raise _Refuse(f"a repeat count over {MAX_REPEAT}")
            body = f"(?:{_translate(sub, flags, pattern)})"
            if hi == _C.MAXREPEAT:
                q = "*" if lo == 0 else "+" if lo == 1 else f"{{{lo},}}"
            elif lo == hi:
                q = f"{{{lo}}}"
            else:
                q = "?" if (lo, hi) == (0, 1) else f"{{{lo},{hi}}}"
            out.append(body + q + ("?" if name == "MIN_REPEAT" else ""))
        elif name == "AT":
            code = str(av)
            if code == "AT_END":
                out.append("(?m:$)" if flags & re.MULTILINE else r"\z")
            elif code == "AT_BEGINNING":
                out.append("(?m:^)" if flags & re.MULTILINE else r"\A")
            elif code in _AT:
                out.append(_AT[code])
            else:  # pragma: no cover - every AT code of Python 3.11 is listed
                raise _Refuse(f"the anchor {code}")
        elif name == "CATEGORY":  # pragma: no cover - the parser wraps categories in IN
            out.append(_klass([(op, av)], ascii_only))
        else:  # pragma: no cover - defensive: a construct this translator does not know
            raise _Refuse(f"the construct {name}")
    return "".join(out)


def _flag_letters(fl: int) -> str:
    return "".join(ch for bit, ch in ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"))
                   if fl & bit)


def _klass(items: Any, ascii_only: bool) -> str:
    neg = False
    parts: list[str] = []
    for op, av in items:
        name = str(op)
        if name == "NEGATE":
            neg = True
        elif name == "LITERAL":
            parts.append(_lit(av))
        elif name == "RANGE":
            parts.append(_fmt_range(*av))
        elif name == "CATEGORY":
            parts.append(_category(str(av).replace("CATEGORY_", ""), ascii_only))
        else:  # pragma: no cover - the parser puts nothing else in a class
            raise _Refuse(f"the class item {name}")
    body = "".join(parts)
    if not body:  # pragma: no cover - Python refuses an empty class
        raise _Refuse("an empty character class")
    return f"[{'^' if neg else ''}{body}]"


# ---------------------------------------------------------------------------------------------
# compiled user patterns
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class UserRegex:
    """A user pattern compiled for RE2. ``finditer`` yields ``(start, end)`` character spans."""

    pattern: str
    ignorecase: bool
    whole_word: bool
    re2_source: str
    _rx: Any
    _rx_after: Any = None  # whole_word: the search from inside the text

    @property
    def program_size(self) -> int:
        """RE2 instructions of the compiled program (the bound on work per character)."""
        return int(self._rx.programsize)

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """Non-empty matches of the pattern in ``text``, left to right, non-overlapping."""
        data, conv = _encode(text)
        n = len(data)
        pos = 0
        while pos <= n:
            if self.whole_word:
                # the consumed character before the match may be the one just before pos
                # (after the first search, without the start-of-text alternative, which would
                # find the same match again)
                m = self._rx.search(data, 0) if pos == 0 else self._rx_after.search(data, _prev_char(data, pos))
                if m is None:
                    return
                s, e = m.span(1)
            else:
                m = self._rx.search(data, pos)
                if m is None:
                    return
                s, e = m.span()
            if e > s:
                yield conv(s), conv(e)
                pos = e
            else:
                pos = _next_char(data, s)

    def finditer(self, text: str) -> Iterator[_Match]:
        for s, e in self.spans(text):
            yield _Match(s, e, text[s:e])

    def search(self, text: str) -> _Match | None:
        return next(self.finditer(text), None)


@dataclass(frozen=True)
class _Match:
    """Enough of ``re.Match`` for the callers: ``start()``, ``end()``, ``span()``, ``group()``."""

    _s: int
    _e: int
    _g: str

    def start(self) -> int:
        return self._s

    def end(self) -> int:
        return self._e

    def span(self) -> tuple[int, int]:
        return self._s, self._e

    def group(self, n: int = 0) -> str:
        if n != 0:
            raise IndexError("only group 0 is kept for user patterns")
        return self._g


def _next_char(data: bytes, i: int) -> int:
    i += 1
    while i < len(data) and (data[i] & 0xC0) == 0x80:
        i += 1
    return i


def _prev_char(data: bytes, i: int) -> int:
    i -= 1
    while i > 0 and (data[i] & 0xC0) == 0x80:
        i -= 1
    return i


def _encode(text: str) -> tuple[bytes, Any]:
    """UTF-8 bytes of ``text`` and a function turning byte offsets back into str offsets.

    A lone surrogate (only possible in text decoded with ``surrogateescape``) cannot be UTF-8;
    each becomes U+FFFD, one character for one, so offsets are unchanged.
    """
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        text = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
        data = text.encode("utf-8")
    if len(data) == len(text):
        return data, int
    # byte offset -> char offset, for offsets that sit on character starts
    char_of = {}
    ci = 0
    for bi, b in enumerate(data):
        if (b & 0xC0) != 0x80:
            char_of[bi] = ci
            ci += 1
    char_of[len(data)] = ci
    return data, char_of.__getitem__


def check(pattern: Any) -> str | None:
    """Why ``pattern`` is refused, or None. See :func:`compile_user`."""
    try:
        compile_user(pattern)
    except UnsafePattern as exc:
        return exc.reason
    return None


def compile_user(pattern: Any, *, ignorecase: bool = True, whole_word: bool = False) -> UserRegex:
    """Compile a pattern a user typed; raise :class:`UnsafePattern` naming why it is refused.

    ``whole_word``: a match must not touch a letter or digit on either side (exactly Python's
    ``(?<![^\\W_])(?:pattern)(?![^\\W_])``, done without lookaround).
    """
    return _compile_user(pattern, ignorecase, whole_word) if isinstance(pattern, str) else \
        _refuse(pattern, "pattern must be a non-empty string")


def _refuse(pattern: Any, reason: str) -> Any:
    raise UnsafePattern(pattern, reason)


@lru_cache(maxsize=None)
def _compile_user(pattern: str, ignorecase: bool, whole_word: bool) -> UserRegex:
    if not pattern:
        raise UnsafePattern(pattern, "pattern must be a non-empty string")
    if len(pattern) > MAX_PATTERN_CHARS:
        raise UnsafePattern(pattern, f"pattern longer than {MAX_PATTERN_CHARS} characters")
    try:
        re.compile(pattern)
        tree = _parser.parse(pattern, re.IGNORECASE if ignorecase else 0)
    except re.error as exc:
        raise UnsafePattern(pattern, f"invalid regular expression: {exc}") from None
    except (RecursionError, OverflowError) as exc:
        raise UnsafePattern(pattern, f"too deeply nested or too large ({type(exc).__name__})") from None
    flags = tree.state.flags
    try:
        body = _translate(tree, flags, pattern)
    except _Refuse as exc:
        raise UnsafePattern(pattern, str(exc)) from None
    except RecursionError:
        raise UnsafePattern(pattern, "too deeply nested") from None
    if whole_word:
        # start of text or a character that is not a letter or digit, on each side
        alnum = _category("ALNUM", bool(flags & re.ASCII))
        after = rf"[^{alnum}]({body})(?:[^{alnum}]|\z)"
        body = rf"(?:\A|[^{alnum}])({body})(?:[^{alnum}]|\z)"
    fl = _flag_letters(flags)
    source = (f"(?{fl})" if fl else "") + body
    opts = re2.Options()
    opts.log_errors = False
    opts.max_mem = MAX_MEM
    try:
        rx = re2.compile(source, opts)
    except re2.error as exc:
        raise UnsafePattern(pattern, f"too large or unsupported for the linear-time engine ({exc})") from None
    if rx.programsize > MAX_PROGRAM_SIZE:
        raise UnsafePattern(pattern, f"compiles to {rx.programsize} instructions; the limit is "
                                     f"{MAX_PROGRAM_SIZE} (repeat counts multiply the size)")
    rx_after = re2.compile((f"(?{fl})" if fl else "") + after, opts) if whole_word else None
    return UserRegex(pattern, ignorecase, whole_word, source, rx, rx_after)
