"""Notebooks use only public names.

*Public* means: a name in ``criticlens.__all__`` (the lazy exports, grouped by subject, and the
public subpackages), a name in a subpackage's ``__all__`` (its public modules, and for
``criticlens.sentiment`` its exports), or a name without a leading underscore defined in a public
module, i.e. a module reached from ``criticlens`` through ``__all__`` at every step. So
``from criticlens.viz.figsets.arcs import build_arcs_overlay`` is public (``viz`` is in
``criticlens.__all__``, ``figsets`` in ``viz.__all__``, ``arcs`` in ``figsets.__all__``) and
``from criticlens.sentiment import _fast`` is not. The check reads every code cell of every
notebook with :mod:`ast`.
"""
from __future__ import annotations

import ast
import importlib
import json
import re

import pytest

from criticlens.paths import NOTEBOOKS_DIR

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def code_cells(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            src = "".join(cell["source"])
            # IPython magics and shell lines are not Python
            yield i, "\n".join("" if re.match(r"\s*[%!]", ln) else ln for ln in src.splitlines())


def public_path(dotted: str) -> str | None:
    """None if every step of ``dotted`` is listed in its parent's ``__all__``, else the reason."""
    parts = dotted.split(".")
    if parts[0] != "criticlens":
        return None
    for i in range(1, len(parts)):
        parent = importlib.import_module(".".join(parts[:i]))
        if parts[i] not in getattr(parent, "__all__", ()):
            return f"{parts[i]!r} is not in {'.'.join(parts[:i])}.__all__"
    return None


def is_package(module) -> bool:
    return hasattr(module, "__path__")


def problems(source: str) -> list[str]:
    out = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                why = public_path(a.name)
                if why:
                    out.append(f"import {a.name}: {why}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "criticlens":
            why = public_path(node.module)
            if why:
                out.append(f"from {node.module}: {why}")
                continue
            mod = importlib.import_module(node.module)
            for a in node.names:
                if a.name.startswith("_"):
                    out.append(f"from {node.module} import {a.name}: private")
                elif is_package(mod) and a.name not in getattr(mod, "__all__", ()):
                    out.append(f"from {node.module} import {a.name}: not in {node.module}.__all__")
                elif not hasattr(mod, a.name) and public_path(f"{node.module}.{a.name}"):
                    out.append(f"from {node.module} import {a.name}: no such name")
        elif isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            out.append(f"line {node.lineno}: uses the private attribute .{node.attr}")
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_imports_only_public_names(path):
    found = [f"cell {i}: {p}" for i, src in code_cells(path) for p in problems(src)]
    assert found == []


@pytest.mark.parametrize("source, bad", [
    ("from criticlens.sentiment import _fast", True),
    ("from criticlens.sentiment._fast import score_texts", True),
    ("from criticlens.mentions.scenes import _compile_scene", True),
    ("import criticlens\ncriticlens.corpus.load._clean", True),
    ("from criticlens import load_film, kwic", False),
    ("from criticlens.viz.figsets.arcs import build_arcs_overlay", False),
    ("from criticlens.sentiment import exact_scores, arcs", False),
])
def test_the_lint_itself(source, bad):
    assert bool(problems(source)) is bad
