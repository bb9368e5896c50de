"""The shape of the package: imports point one way, no cycles, no reaching into private names.

The import graph is built from the source with :mod:`ast` (nothing is imported), counting every
``import``/``from ... import`` at any depth (inside functions too), resolving relative imports,
``from criticlens.x import module`` and the lazy public names of a package's ``_EXPORTS``
(``from criticlens import load_film`` is an import of :mod:`criticlens.corpus.load`). Imports
under ``if TYPE_CHECKING:`` are left out: they never run.

Layers, lowest first (a module may import its own layer and the layers below, never above):

====  ============================================  ==============================================
rank  packages                                      what
====  ============================================  ==============================================
0     ``criticlens`` (its ``__init__``), ``paths``,  the base: where things are, progress bars,
      ``progress``, ``_exports``, ``_extras``       lazy public names, optional dependencies
1     ``text``                                      decoding, normalisation, segmentation, terms
2     ``corpus``                                    the model and the loaders; uses ``text``
3     ``sentiment``                                 engines, scores, smoothers, arcs
4     ``vocab``, ``mentions``, ``treatment``,        the analyses and the scale machinery; peers
      ``scale``                                     that do not import each other
5     ``viz``                                       style, export, plots, figure sets
6     ``teach``                                     explorer, lessons, notebook runner
7     ``cli``                                       the command line; nothing imports it
====  ============================================  ==============================================

``corpus`` sits above ``text`` because the loader segments every review with ``text``; ``text``
knows nothing of a corpus (it works on strings and returns offsets).
"""
from __future__ import annotations

import ast
from pathlib import Path
from typing import NamedTuple

import pytest

import criticlens

PACKAGE_DIR = Path(criticlens.__file__).resolve().parent
ROOT = "criticlens"

#: Layer rank of each top-level part of the package (see the module docstring).
LAYERS: dict[str, int] = {
    "criticlens": 0, "criticlens.paths": 0, "criticlens.progress": 0, "criticlens._exports": 0,
    "criticlens._extras": 0, "criticlens.memo": 0,
    "criticlens.text": 1,
    "criticlens.corpus": 2,
    "criticlens.sentiment": 3,
    "criticlens.vocab": 4, "criticlens.mentions": 4, "criticlens.treatment": 4, "criticlens.scale": 4,
    "criticlens.viz": 5,
    "criticlens.teach": 6,
    "criticlens.cli": 7,
}


def module_files() -> dict[str, Path]:
    out = {}
    for p in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = list(p.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


MODULES = module_files()


def part_of(module: str) -> str:
    """The top-level part (a key of :data:`LAYERS`) a module belongs to."""
    if module == ROOT:
        return ROOT
    top = ".".join(module.split(".")[:2])
    return top


def is_package(module: str) -> bool:
    return MODULES[module].name == "__init__.py"


def lazy_exports(module: str) -> dict[str, str]:
    """A package's ``_EXPORTS`` literal: public name -> defining module."""
    if module not in MODULES or not is_package(module):
        return {}
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if isinstance(target, ast.Name) and target.id == "_EXPORTS" and isinstance(node.value, ast.Dict):
            return {k.value: v.value.partition(":")[0] for k, v in zip(node.value.keys, node.value.values)}
    return {}


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """ids of the nodes under ``if TYPE_CHECKING:``."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and (
                (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
                or (isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING")):
            for stmt in node.body:
                skip.update(id(n) for n in ast.walk(stmt))
    return skip


class Edge(NamedTuple):
    """One import: the module it loads, the name taken from it ('' for a module), the line, and
    the module as written in the source (a package, when a lazy public name was imported)."""

    target: str
    name: str
    line: int
    written: str


def imports_of(module: str) -> list[Edge]:
    """Every criticlens import in ``module``, resolved to the module that defines it."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skip = _type_checking_nodes(tree)
    package = module if is_package(module) else module.rpartition(".")[0]
    out: list[Edge] = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out += [Edge(a.name, "", node.lineno, a.name) for a in node.names if a.name.split(".")[0] == ROOT]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            if base.split(".")[0] != ROOT:
                continue
            exports = lazy_exports(base)
            for a in node.names:
                sub = f"{base}.{a.name}"
                if sub in MODULES:
                    out.append(Edge(sub, "", node.lineno, sub))
                elif a.name in exports:
                    out.append(Edge(exports[a.name], a.name, node.lineno, base))
                else:
                    out.append(Edge(base, a.name, node.lineno, base))
    return out


GRAPH: dict[str, list[Edge]] = {m: imports_of(m) for m in MODULES}


def test_every_module_belongs_to_a_layer():
    assert sorted(m for m in MODULES if part_of(m) not in LAYERS) == []


def test_every_import_resolves_to_a_module():
    unknown = [f"{m}:{e.line} imports {e.target}" for m, edges in GRAPH.items() for e in edges
               if e.target not in MODULES]
    assert unknown == []


def test_imports_point_down_the_layers():
    """cli > teach > viz > {vocab, mentions, treatment, scale} > sentiment > corpus > text > base."""
    bad = []
    for m, edges in GRAPH.items():
        here = part_of(m)
        for t, _name, line, _w in edges:
            there = part_of(t)
            if there == here:
                continue
            if LAYERS[there] > LAYERS[here]:
                bad.append(f"{m}:{line} imports {t} (layer {LAYERS[there]} above {LAYERS[here]})")
            elif LAYERS[there] == LAYERS[here] and LAYERS[here] != 0:
                bad.append(f"{m}:{line} imports its peer {t} (move what both need down a layer)")
    assert bad == []


def cycles(edges: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components of two or more nodes (Tarjan): every import cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, []):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for m in sorted(edges):
        if m not in index:
            visit(m)
    return sorted(found)


def test_no_import_cycles_between_modules():
    edges = {m: sorted({e.target for e in GRAPH[m] if e.target != m and e.target in MODULES}) for m in MODULES}
    assert cycles(edges) == []


def test_cycle_finder_on_a_known_graph():
    # a -> b -> c -> a is one cycle; d -> e -> d another; f is on none
    g = {"a": ["b"], "b": ["c"], "c": ["a", "f"], "d": ["e"], "e": ["d", "a"], "f": []}
    assert cycles(g) == [["a", "b", "c"], ["d", "e"]]


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def test_no_module_reaches_into_another_modules_private_names():
    """``from criticlens.x import _name`` only inside ``x`` itself; a private module
    (``criticlens.sentiment._fast``) only from inside its own package."""
    bad = []
    for m, edges in GRAPH.items():
        for t, name, line, written in edges:
            if name and _private(name) and t != m:
                bad.append(f"{m}:{line} imports the private name {name} of {t}")
            parts = written.split(".")
            for i, part in enumerate(parts):
                if _private(part):
                    owner = ".".join(parts[:i])
                    if not (m == owner or m.startswith(owner + ".")):
                        bad.append(f"{m}:{line} imports the private module {written}")
    assert bad == []


def test_no_private_attribute_of_another_module_is_used():
    """``import criticlens.x as x; x._name`` is reaching in too."""
    bad = []
    for m, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.split(".")[0] == ROOT and a.asname:
                        aliases[a.asname] = a.name
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == ROOT:
                for a in node.names:
                    if f"{node.module}.{a.name}" in MODULES:
                        aliases[a.asname or a.name] = f"{node.module}.{a.name}"
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in aliases and _private(node.attr) and aliases[node.value.id] != m):
                bad.append(f"{m}:{node.lineno} uses {node.value.id}.{node.attr}")
    assert bad == []


def test_no_analysis_imports_the_command_line():
    bad = [f"{m}:{e.line}" for m, edges in GRAPH.items() for e in edges
           if part_of(e.target) == "criticlens.cli" and part_of(m) != "criticlens.cli"]
    assert bad == []


# ---------------------------------------------------------------------------------------------
# the checker itself, on made-up modules (so that a passing suite means something)


@pytest.mark.parametrize("src, module, want", [
    ("from criticlens.viz import style\n", "criticlens.text.textproc", ("criticlens.viz.style", "")),
    ("def f():\n    from ..sentiment.engines import get_engine\n", "criticlens.mentions.scenes",
     ("criticlens.sentiment.engines", "get_engine")),
    ("from criticlens import load_film\n", "criticlens.vocab.kwic", ("criticlens.corpus.load", "load_film")),
    ("from criticlens.sentiment import exact_scores\n", "criticlens.scale.cache",
     ("criticlens.sentiment._fast", "exact_scores")),
])
def test_imports_are_resolved_as_python_would(src, module, want, monkeypatch, tmp_path):
    fake = tmp_path / "m.py"
    fake.write_text(src, encoding="utf-8")
    monkeypatch.setitem(MODULES, module, fake)
    assert want in [(e.target, e.name) for e in imports_of(module)]


def test_type_checking_imports_are_left_out(monkeypatch, tmp_path):
    fake = tmp_path / "m.py"
    fake.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                    "    from criticlens.viz.style import PALETTE\n", encoding="utf-8")
    monkeypatch.setitem(MODULES, "criticlens.text.fake", fake)
    assert imports_of("criticlens.text.fake") == []
