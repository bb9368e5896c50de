"""The lean PDF fonts of the export are the same bytes whenever they are made."""
from __future__ import annotations

import time

from matplotlib import font_manager

from criticlens.viz import export


def test_lean_font_is_the_same_bytes_a_second_later(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # as in `criticlens figures`
    path = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"))
    monkeypatch.setattr(export, "_LEAN_FONTS", {})
    first = export._lean_font_bytes(path)
    time.sleep(1.1)  # fontTools would stamp the head table with the current second
    monkeypatch.setattr(export, "_LEAN_FONTS", {})
    assert export._lean_font_bytes(path) == first
    # the layout tables are gone, the glyph outlines are kept
    assert b"GSUB" not in first[:400] and b"glyf" in first[:400]


def test_one_pdf_font_subset_serves_every_figure_of_plain_text():
    """Every subset carries the common characters, so figures in plain ASCII share one subset
    (made once per process); a figure with other letters gets a subset of its own with them."""
    from matplotlib.ft2font import FT2Font

    path = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"))
    cmap = FT2Font(path).get_charmap()
    plain = {cmap[ord(c)] for c in "Blue Valentine - 3 critics"}
    base_bytes, base_map = export._common_subset(path, ())
    assert export._common_subset(path, plain)[0] is base_bytes  # the same object: not made again
    gids = dict(base_map)
    assert all(cmap[c] in gids for c in export.COMMON_CHARS if c in cmap)
    accented = plain | {cmap[ord("ø")], cmap[ord("λ")]}
    data, index_map = export._common_subset(path, accented)
    assert data != base_bytes and {cmap[ord("ø")], cmap[ord("λ")]} <= dict(index_map).keys()
    # the subset is a font fontTools can read back, with one glyph per kept id (plus .notdef)
    import io

    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data))
    kept = len(set(dict(index_map).values()))
    assert font["maxp"].numGlyphs in (kept, kept + 1)
