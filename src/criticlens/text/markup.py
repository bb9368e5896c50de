"""Markup and encoding debris inside a review: found as spans, masked for analysis, never removed.

Reviews arrive with remnants of the way they travelled: HTML tags and entities (IMDb user
reviews as distributed separate paragraphs with ``<br /><br />``), and quoted-printable e-mail
encoding (``=20`` for a space, ``=`` at a line end for a soft line break, ``=3D`` for ``=``).
:func:`find_markup` labels each remnant as a span of its own kind; :func:`mask` returns a copy
of the text of the *same length* in which every span is blanked out, so that segmentation and
tokens run on the masked copy while every offset still points into the raw text, which is never
edited. Block-level tags (``<br>``, ``<p>``, ``<div>`` ...) are masked to a line break, so
``<br /><br />`` separates paragraphs the way a blank line does.

Span kinds:

- ``markup_tag``: an HTML tag (a known HTML element name, so ``a < b`` is not a tag), an HTML
  comment, or a whole ``<script>``/``<style>`` element;
- ``markup_entity``: a named (``&amp;``, ``&nbsp;``) or numeric (``&#39;``, ``&#x2019;``)
  character reference; the spaced form ``&#137 ;`` of the tokenised polarity corpus too;
- ``qp_soft_break``: a quoted-printable soft line break (``=`` ending a line);
- ``qp_escape``: a quoted-printable escape (``=20``, ``=3D``, ``=E9``).

Quoted-printable is only recognised in a text that shows it (see :func:`has_quoted_printable`),
so an ``=`` in ordinary prose is left alone.
"""
from __future__ import annotations

import html.entities
import re

#: HTML element names recognised as tags.
HTML_TAGS = frozenset({
    "a", "abbr", "acronym", "address", "article", "aside", "b", "big", "blockquote", "body", "br",
    "caption", "center", "cite", "code", "dd", "del", "div", "dl", "dt", "em", "figcaption",
    "figure", "font", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html",
    "i", "img", "ins", "kbd", "li", "link", "main", "mark", "meta", "nav", "nobr", "ol", "p", "pre",
    "q", "s", "section", "small", "span", "strike", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "title", "tr", "tt", "u", "ul", "wbr",
})
#: Tags masked to a line break: they end a line or a block in a browser.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
#: Longest tag recognised (attributes included); longer runs between ``<`` and ``>`` are prose.
MAX_TAG_CHARS = 1000
#: Fewest quoted-printable signs (``=20``/``=3D``/``=09`` escapes or soft line breaks) for a text
#: to be read as quoted-printable.
MIN_QP_SIGNS = 2

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,15})(?=[\s/>])[^<>]{0,%d}>" % MAX_TAG_CHARS)
_COMMENT = re.compile(r"<!--.{0,%d}?-->" % (20 * MAX_TAG_CHARS), re.DOTALL)
_SCRIPT = re.compile(r"<(script|style)\b[^<>]{0,%d}>.{0,200000}?</\1\s*>" % MAX_TAG_CHARS,
                     re.DOTALL | re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}) ?;|&([A-Za-z][A-Za-z0-9]{1,31});")
_QP_SOFT = re.compile(r"=(?=\r\n|\r|\n)")
_QP_ESCAPE = re.compile(r"=[0-9A-F]{2}")
_QP_SIGN = re.compile(r"=(?:20|3D|09)|=(?:\r\n|\r|\n)")

MARKUP_KINDS = ("markup_tag", "markup_entity", "qp_soft_break", "qp_escape")


def has_quoted_printable(text: str) -> bool:
    """At least :data:`MIN_QP_SIGNS` quoted-printable signs (``=20``, ``=3D``, ``=09``, soft breaks)."""
    n = 0
    for _ in _QP_SIGN.finditer(text):
        n += 1
        if n >= MIN_QP_SIGNS:
            return True
    return False


def find_markup(raw: str) -> list[tuple[str, int, int]]:
    """Markup and debris spans ``(kind, start, end)`` in ``raw``, sorted, not overlapping."""
    found: list[tuple[str, int, int]] = []
    if "<" in raw:
        for rx in (_SCRIPT, _COMMENT):
            found.extend(("markup_tag", m.start(), m.end()) for m in rx.finditer(raw))
        for m in _TAG.finditer(raw):
            if m.group(2).lower() in HTML_TAGS:
                found.append(("markup_tag", m.start(), m.end()))
    if "&" in raw:
        for m in _ENTITY.finditer(raw):
            name = m.group(1)
            if name is None or (name + ";") in html.entities.html5:
                found.append(("markup_entity", m.start(), m.end()))
    if "=" in raw and has_quoted_printable(raw):
        found.extend(("qp_soft_break", m.start(), m.end()) for m in _QP_SOFT.finditer(raw))
        found.extend(("qp_escape", m.start(), m.end()) for m in _QP_ESCAPE.finditer(raw))
    found.sort(key=lambda t: (t[1], -t[2]))
    out: list[tuple[str, int, int]] = []
    last = 0
    for kind, s, e in found:  # a tag inside a script element or a comment is part of it
        if s >= last:
            out.append((kind, s, e))
            last = e
    return out


def is_block_tag(text: str) -> bool:
    """True for a tag that ends a line in a browser (``<br />``, ``</p>``, ``<div class=x>``)."""
    m = _TAG.match(text)
    return m is not None and m.group(2).lower() in BLOCK_TAGS


def mask(raw: str, spans: list[tuple[str, int, int]]) -> str:
    """A copy of ``raw`` of the same length with every span blanked out.

    Characters of a span become spaces, except that line breaks inside it are kept (so line
    structure survives) and a block-level tag becomes a line break followed by spaces.
    """
    if not spans:
        return raw
    chars = list(raw)
    for kind, s, e in spans:
        for i in range(s, e):
            if chars[i] not in "\r\n":
                chars[i] = " "
        if kind == "markup_tag" and e > s and is_block_tag(raw[s:e]):
            chars[s] = "\n"
    return "".join(chars)
