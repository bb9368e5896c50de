"""Determinism: two runs of every figure and table exporter on the same data are byte-identical.

Every exporter is discovered, not listed, so a new one is covered as soon as it exists:

- figures: every ``criticlens.viz.figsets.<module>.export_figures`` (through ``criticlens figures``'s
  ``run_figures``, which also writes ``index.md``, when that command exists; the test checks
  that it covers exactly the modules found here);
- tables: every registered CLI command with ``--format csv`` and ``--out`` (scenes, quotes,
  people, sentiment, ...), and ``criticlens table`` on a small CSV of the bundled texts.

The two runs are separate processes with different ``PYTHONHASHSEED`` values (so iteration over
a ``set`` or ``dict`` of strings cannot hide), separate caches, and output folders with the same
relative name; every file is compared byte for byte. Both runs execute with every network
connection refused (the package is offline). The bundled film folder must be unchanged.
"""
from __future__ import annotations

import csv
import importlib
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

from criticlens.paths import BUNDLED_FILM

pytestmark = pytest.mark.slow

#: The runner, executed as ``python -c RUNNER FILM OUT TABLE_CSV`` inside a run folder.
RUNNER = r'''
import argparse, importlib, json, os, pkgutil, socket, sys
from pathlib import Path

# --- offline guard: any internet connection or name lookup fails loudly
_connect = socket.socket.connect
def _guard(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        raise OSError(f"network access attempted: connect {address!r}")
    return _connect(self, address)
def _refuse(*a, **k):
    raise OSError("network access attempted: name lookup or connection")
socket.socket.connect = _guard
socket.create_connection = _refuse
socket.getaddrinfo = _refuse

import matplotlib
matplotlib.use("Agg")
import criticlens.cli.main as cli
from criticlens.corpus.load import load_film

film, out, table_csv = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
done = {"figsets": [], "commands": []}

import criticlens.viz.figsets as figsets
mods = [m.name for m in pkgutil.iter_modules(figsets.__path__) if not m.name.startswith("_")]
found = [n for n in mods if callable(getattr(importlib.import_module(f"criticlens.viz.figsets.{n}"), "export_figures", None))]
try:
    from criticlens.viz import figures
except ModuleNotFoundError:
    figures = None
if figures is not None:
    assert sorted(figures.figure_modules()) == sorted(found), (figures.figure_modules(), found)
    figures.run_figures(film, out / "figures")
    done["figsets"] = sorted(found)
else:
    corpus = load_film(film)
    for n in found:
        importlib.import_module(f"criticlens.viz.figsets.{n}").export_figures(corpus, out / "figures" / n)
        done["figsets"].append(n)

parser = cli.build_parser()
sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
for name, sp in sorted(sub.choices.items()):
    opts = {a.dest: a for a in sp._actions if a.option_strings}
    pos = [a.dest for a in sp._actions if not a.option_strings]
    if "out" not in opts or not pos:
        continue
    if pos[0] == "film_dir" and "format" in opts and "csv" in (opts["format"].choices or ()):
        argv = [name, str(film)] + ["love"] * (len(pos) - 1) + ["--format", "csv", "--out", str(out / "tables" / f"{name}.csv")]
    elif pos[0] == "path" and name == "table":
        argv = [name, str(table_csv), "--critic", "critic", "--no-cache", "--no-progress",
                "--out", str(out / "tables" / "table.csv")]
    else:
        continue
    (out / "tables").mkdir(parents=True, exist_ok=True)
    code = cli.main(argv)
    assert code == 0, (argv, code)
    done["commands"].append(name)
(out.parent / "done.json").write_text(json.dumps(done))
'''


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _discovered_figsets() -> list[str]:
    import criticlens.viz.figsets as figsets

    names = [m.name for m in pkgutil.iter_modules(figsets.__path__) if not m.name.startswith("_")]
    return sorted(n for n in names
                  if callable(getattr(importlib.import_module(f"criticlens.viz.figsets.{n}"), "export_figures", None)))


def _table_csv(path: Path, corpus) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["film", "critic", "text"])
        for rid in corpus.review_ids:
            w.writerow(["blue-valentine", corpus.labels()[rid], corpus.raw(rid)])
    return path


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory, bv_corpus):
    """Run every exporter twice, in two processes at once, with different hash seeds."""
    root = tmp_path_factory.mktemp("determinism")
    table = _table_csv(root / "reviews-table.csv", bv_corpus)
    before = _snapshot(BUNDLED_FILM)
    procs = []
    for i, seed in enumerate(("1", "2")):
        run = root / f"run{i}"
        run.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed, "MPLBACKEND": "Agg",
               "CRITICLENS_CACHE": str(run / "cache"), "CRITICLENS_PROGRESS": "0"}
        env.pop("SOURCE_DATE_EPOCH", None)
        procs.append(subprocess.Popen([sys.executable, "-c", RUNNER, str(BUNDLED_FILM), "out", str(table)],
                                      cwd=run, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    results = [p.communicate(timeout=1800) for p in procs]
    for p, (_out, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err[-4000:]
    after = _snapshot(BUNDLED_FILM)
    runs = [root / "run0", root / "run1"]
    return {"runs": runs, "outs": [_snapshot(r / "out") for r in runs],
            "done": [json.loads((r / "done.json").read_text()) for r in runs],
            "film_unchanged": before == after}


def _csv_commands() -> list[str]:
    """Registered commands that export a table: ``--format csv`` and ``--out`` (plus ``table``)."""
    import argparse

    from criticlens.cli import main as cli

    sub = next(a for a in cli.build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    out = []
    for name, sp in sub.choices.items():
        opts = {a.dest: a for a in sp._actions if a.option_strings}
        pos = [a.dest for a in sp._actions if not a.option_strings]
        if "out" in opts and pos and ((pos[0] == "film_dir" and "csv" in (opts.get("format") and opts["format"].choices or ()))
                                      or name == "table"):
            out.append(name)
    return sorted(out)


def test_every_exporter_was_run(two_runs):
    done = two_runs["done"][0]
    assert done == two_runs["done"][1]
    assert done["figsets"] == _discovered_figsets()
    assert "corpus" in done["figsets"]
    assert done["commands"] == _csv_commands()
    import argparse

    from criticlens.cli import main as cli

    registered = next(a for a in cli.build_parser()._actions
                      if isinstance(a, argparse._SubParsersAction)).choices
    for name in ("scenes", "quotes", "people"):
        if name in registered:
            assert name in done["commands"]


def test_both_runs_wrote_the_same_files(two_runs):
    a, b = two_runs["outs"]
    assert sorted(a) == sorted(b)
    kinds = {Path(n).suffix for n in a}
    assert {".png", ".svg", ".pdf", ".csv", ".txt"} <= kinds, kinds
    assert len(a) > 20


def test_every_file_is_byte_identical(two_runs):
    a, b = two_runs["outs"]
    differ = [name for name in sorted(a) if a[name] != b.get(name)]
    assert differ == [], f"{len(differ)} of {len(a)} files differ between two runs: {differ[:20]}"


def test_no_output_is_empty(two_runs):
    a, _b = two_runs["outs"]
    empty = [n for n, data in a.items() if not data]
    assert empty == []


def test_film_folder_is_unchanged(two_runs):
    assert two_runs["film_unchanged"]


def test_comparison_can_fail(tmp_path):
    """The byte comparison is real: one changed byte in a copy is found."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.csv").write_bytes(b"a,b\n1,2\n")
    (tmp_path / "b" / "x.csv").write_bytes(b"a,b\n1,3\n")
    a, b = _snapshot(tmp_path / "a"), _snapshot(tmp_path / "b")
    assert [n for n in a if a[n] != b.get(n)] == ["x.csv"]
