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
