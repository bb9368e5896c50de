"""Packaging that matches use: the package imports and loads a film without the extras, and a
feature that needs one says which (``pip install 'criticlens[scale]'``)."""
from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

from criticlens._extras import EXTRAS
from criticlens.paths import BUNDLED_FILM, PROJECT_ROOT

#: Runs in a fresh interpreter in which the extras' packages cannot be imported.
_PROBE = r"""
import importlib, json, pkgutil, sys
BLOCKED = set(sys.argv[2].split(","))

class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, Block())
import criticlens
failed = {}
for m in pkgutil.walk_packages(criticlens.__path__, "criticlens."):
    if m.name.endswith(".__main__"):
        continue  # running it is the command line itself
    try:
        importlib.import_module(m.name)
    except Exception as exc:
        failed[m.name] = repr(exc)
corpus = criticlens.load_film(sys.argv[1])
from criticlens.scale.distributed import run_pipeline
from criticlens.teach.runbook import lint_notebook
errors = {}
for name, call in {"scale": lambda: run_pipeline(corpus.reviews.assign(text=corpus.reviews["raw"]),
                                                 scheduler="sync", film=None, progress=False),
                   "notebooks": lambda: lint_notebook("notebooks/00-tour.ipynb", corpus)}.items():
    try:
        call()
    except ImportError as exc:
        errors[name] = f"{type(exc).__name__}: {exc}"
print(json.dumps({"failed": failed, "reviews": len(corpus.reviews), "errors": errors}))
"""


def test_everything_imports_without_the_extras_and_names_the_extra_when_needed():
    blocked = sorted({p for pkgs in EXTRAS.values() for p in pkgs})
    proc = subprocess.run([sys.executable, "-c", _PROBE, str(BUNDLED_FILM), ",".join(blocked)],
                          capture_output=True, text=True, timeout=600, cwd=PROJECT_ROOT)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["failed"] == {}
    assert out["reviews"] == 3
    assert set(out["errors"]) == {"scale", "notebooks"}
    assert "MissingExtra" in out["errors"]["scale"] and "criticlens[scale]" in out["errors"]["scale"]
    assert "criticlens[notebooks]" in out["errors"]["notebooks"]


def test_pyproject_extras_match_the_code_and_requirements_installs_them():
    meta = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = " ".join(meta["dependencies"])
    extras = meta["optional-dependencies"]
    for extra, packages in EXTRAS.items():
        assert extra in extras
        for pkg in packages:
            assert pkg not in core, f"{pkg} is in the core dependencies but belongs to [{extra}]"
    reqs = Path(PROJECT_ROOT / "requirements.txt").read_text(encoding="utf-8")
    for spec in [s for extra in ("scale", "notebooks", "train") for s in extras[extra]] + meta["dependencies"]:
        name = spec.split("[")[0].split(">")[0].split("=")[0].split("<")[0].strip()
        assert name in reqs, f"requirements.txt does not install {name}"
