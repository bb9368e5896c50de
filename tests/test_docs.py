"""The README is assembled from docs/readme/*.md and opens with the two commands."""
from __future__ import annotations

import importlib.util

from criticlens.paths import PROJECT_ROOT


def _build():
    spec = importlib.util.spec_from_file_location("build_readme", PROJECT_ROOT / "docs" / "build_readme.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.build()


def test_readme_is_up_to_date():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert readme == _build(), "README.md is stale: run `make readme` (python docs/build_readme.py)"


def test_readme_opens_with_the_two_commands():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[:2000]
    assert "make run" in head and "make test" in head
    assert head.index("make run") < head.index("make test")
