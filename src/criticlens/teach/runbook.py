"""Run the whole notebook suite on any film folder (what ``make run FILM=path`` calls).

Every notebook in ``notebooks/`` takes its film from a ``parameters`` cell (tagged for papermill)
holding ``FILM`` and ``OUT_DIR``. :func:`run_notebooks` executes them in name order with
papermill, injecting the film folder and the output folder, and writes the executed copies to a
cache folder, so the repository's notebooks stay output-free.

:func:`lint_notebook` is the static half of "nothing is hard-wired to one film": it checks the
``parameters`` cell and flags string literals in code cells that equal a critic name, a review
label, a review id or a scene id of a given corpus.
"""
from __future__ import annotations

import ast
import os
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from criticlens.paths import CACHE_DIR, NOTEBOOKS_DIR, figures_dir_for, resolve_film

if TYPE_CHECKING:
    from criticlens.corpus.load import Corpus

#: Notebook files that belong to the suite: ``NN-name.ipynb``.
NOTEBOOK_GLOB = "[0-9][0-9]-*.ipynb"
#: Names every ``parameters`` cell must assign.
REQUIRED_PARAMETERS: tuple[str, ...] = ("FILM", "OUT_DIR")
#: Seconds papermill waits for a kernel to start (a shared 2-core machine can be slow).
KERNEL_START_TIMEOUT = 120


@dataclass(frozen=True)
class NotebookRun:
    """One executed notebook: where it came from, where the executed copy is, how it went."""

    notebook: str
    source: Path
    output: Path
    seconds: float
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class RunbookError(RuntimeError):
    """Raised by :func:`run_notebooks` when at least one notebook failed; carries every run."""

    def __init__(self, runs: Sequence[NotebookRun]):
        self.runs = list(runs)
        failed = [r for r in runs if not r.ok]
        lines = [f"{len(failed)} of {len(runs)} notebook(s) failed:"]
        lines += [f"  {r.notebook}: {r.error}  (executed copy: {r.output})" for r in failed]
        super().__init__("\n".join(lines))


def suite_notebooks(notebooks_dir: str | os.PathLike[str] = NOTEBOOKS_DIR) -> list[Path]:
    """The suite's notebooks (``NN-name.ipynb``) in name order."""
    return sorted(Path(notebooks_dir).glob(NOTEBOOK_GLOB))


def _select(notebooks: Iterable[str | os.PathLike[str]] | None, notebooks_dir: Path) -> list[Path]:
    if notebooks is None:
        found = suite_notebooks(notebooks_dir)
        if not found:
            raise FileNotFoundError(f"no notebooks matching {NOTEBOOK_GLOB} in {notebooks_dir}")
        return found
    out: list[Path] = []
    for nb in notebooks:
        p = Path(nb)
        if not p.suffix:
            p = p.with_suffix(".ipynb")
        if not p.is_file():
            p = notebooks_dir / p.name
        if not p.is_file():
            raise FileNotFoundError(f"notebook not found: {nb!s} (also tried {p})")
        out.append(p)
    return out


def run_notebooks(
    film: str | os.PathLike[str],
    out_dir: str | os.PathLike[str] | None = None,
    notebooks: Iterable[str | os.PathLike[str]] | None = None,
    *,
    executed_dir: str | os.PathLike[str] | None = None,
    notebooks_dir: str | os.PathLike[str] = NOTEBOOKS_DIR,
    kernel_name: str | None = None,
    raise_on_error: bool = True,
    progress: bool = False,
) -> list[NotebookRun]:
    """Execute the notebook suite with papermill on one film folder.

    Parameters
    ----------
    film:
        A film folder, or a slug under ``data/films``.
    out_dir:
        Where the notebooks export figures (their ``OUT_DIR``); default ``figures/<slug>``.
    notebooks:
        Notebook paths or names (``"06-explorer"``); default every ``NN-*.ipynb`` in order.
    executed_dir:
        Where the executed copies go; default ``.cache/criticlens/notebooks/<film slug>``
        (outside git: the committed figure folders only hold figures).
    kernel_name:
        Jupyter kernel; default the notebook's own (``python3``, which jupyter_client maps to
        the running interpreter).
    raise_on_error:
        Raise :class:`RunbookError` after the run if any notebook failed (all are still run).

    Each notebook runs with its own folder as working directory and ``MPLBACKEND=Agg``.
    Returns one :class:`NotebookRun` per notebook, in order.
    """
    import papermill as pm  # heavy import: only when running

    film_dir = resolve_film(film).resolve()
    out = Path(out_dir) if out_dir is not None else figures_dir_for(film_dir)
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    exe_dir = Path(executed_dir) if executed_dir is not None else CACHE_DIR / "notebooks" / film_dir.name
    exe_dir.mkdir(parents=True, exist_ok=True)
    nb_dir = Path(notebooks_dir)
    selected = _select(notebooks, nb_dir)
    params = {"FILM": str(film_dir), "OUT_DIR": str(out)}
    old_backend = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = "Agg"
    runs: list[NotebookRun] = []
    try:
        for src in selected:
            dest = exe_dir / src.name
            t0 = time.perf_counter()
            error: str | None = None
            try:
                pm.execute_notebook(
                    str(src), str(dest), parameters=params, kernel_name=kernel_name,
                    cwd=str(src.parent), progress_bar=progress, start_timeout=KERNEL_START_TIMEOUT,
                )
            except pm.PapermillExecutionError as exc:
                error = f"cell {exc.exec_count}: {exc.ename}: {exc.evalue}"
            runs.append(NotebookRun(src.stem, src, dest, time.perf_counter() - t0, error))
    finally:
        if old_backend is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = old_backend
    if raise_on_error and any(not r.ok for r in runs):
        raise RunbookError(runs)
    return runs


# --------------------------------------------------------------------------- notebook lint

_MAGIC = re.compile(r"^\s*[%!]")


def _code_cells(nb: Any) -> list[Any]:
    return [c for c in nb.cells if c.cell_type == "code"]


def _string_literals(source: str) -> list[str]:
    """String constants in a code cell (IPython magics and shell lines are skipped)."""
    code = "\n".join("" if _MAGIC.match(line) else line for line in source.splitlines())
    tree = ast.parse(code)
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _assigned_names(source: str) -> set[str]:
    tree = ast.parse(source)
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def film_literals(corpus: Corpus) -> dict[str, str]:
    """Strings that must not appear as literals in notebook code: value (case-folded) -> kind."""
    out: dict[str, str] = {}
    rv = corpus.reviews
    for col, kind in (("critic", "critic name"), ("label", "review label"), ("review_id", "review id")):
        if col in rv.columns:
            for v in rv[col].dropna():
                if str(v).strip():
                    out[str(v).casefold()] = kind
    for sc in getattr(corpus.film, "scenes", None) or []:
        sid = sc.get("id") if isinstance(sc, dict) else getattr(sc, "id", None)
        if sid:
            out[str(sid).casefold()] = "scene id"
    return out


def lint_notebook(path: str | os.PathLike[str], corpus: Corpus | None = None) -> list[str]:
    """Problems that would tie a notebook to one film, or stop papermill from parameterising it.

    Checks: the first code cell is tagged ``parameters`` and assigns ``FILM`` and ``OUT_DIR``;
    no code cell after it has a string literal equal to a critic name, review label, review id
    or scene id of ``corpus`` (when given); no code cell has stored outputs or an execution count
    (the repository keeps notebooks stripped). Returns human-readable problems, empty if clean.
    """
    import nbformat

    p = Path(path)
    nb = nbformat.read(p, as_version=4)
    problems: list[str] = []
    cells = _code_cells(nb)
    if not cells:
        return [f"{p.name}: no code cells"]
    first = cells[0]
    if "parameters" not in first.get("metadata", {}).get("tags", []):
        problems.append(f"{p.name}: the first code cell is not tagged 'parameters'")
    missing = [n for n in REQUIRED_PARAMETERS if n not in _assigned_names(first.source)]
    if missing:
        problems.append(f"{p.name}: the parameters cell does not assign {', '.join(missing)}")
    banned = film_literals(corpus) if corpus is not None else {}
    for i, cell in enumerate(cells):
        if cell.get("outputs") or cell.get("execution_count") is not None:
            problems.append(f"{p.name}: code cell {i} has stored outputs (strip them)")
        if i == 0 or not banned:
            continue
        for lit in _string_literals(cell.source):
            kind = banned.get(lit.strip().casefold())
            if kind:
                problems.append(f"{p.name}: code cell {i} hard-codes the {kind} {lit!r}")
    return problems
