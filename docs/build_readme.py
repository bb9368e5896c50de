"""Assemble README.md from docs/readme/*.md in name order (run: make readme).

Each analysis documents itself in its own section file, so sections are written beside the work
and the README never drifts: tests/test_docs.py fails when README.md is stale.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ROOT / "docs" / "readme"
NOTICE = "<!-- generated from docs/readme/*.md by docs/build_readme.py (make readme); edit those files -->\n"


def build() -> str:
    parts = [p.read_text(encoding="utf-8").strip() + "\n" for p in sorted(SECTIONS.glob("*.md"))]
    first, rest = parts[0], parts[1:]
    return first + "\n" + NOTICE + "\n" + "\n".join(rest)


if __name__ == "__main__":
    text = build()
    out = ROOT / "README.md"
    if "--check" in sys.argv:
        sys.exit(0 if out.read_text(encoding="utf-8") == text else 1)
    out.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {out} ({len(text.splitlines())} lines)")
