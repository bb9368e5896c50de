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
import functools
import os
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from criticlens._extras import require
from criticlens.paths import CACHE_DIR, NOTEBOOKS_DIR, resolve_film

if TYPE_CHECKING:
    from criticlens.corpus.load import Corpus

#: Notebook files that belong to the suite: ``NN-name.ipynb``.
NOTEBOOK_GLOB = "[0-9][0-9]-*.ipynb"
#: Names every ``parameters`` cell must assign.
REQUIRED_PARAMETERS: tuple[str, ...] = ("FILM", "OUT_DIR")
#: Seconds papermill waits for a kernel to start (a shared 2-core machine can be slow).
KERNEL_START_TIMEOUT = 120
#: The backend of every kernel the runner starts: the inline backend a person gets in
#: JupyterLab, so the executed notebooks hold the images a reader would see. Agg belongs to
#: headless export code (``criticlens figures``), never to a notebook kernel.
KERNEL_BACKEND = "module://matplotlib_inline.backend_inline"


@dataclass(frozen=True)
class NotebookRun:
    """One executed notebook: where it came from, where the executed copy is, how it went."""

    notebook: str
    source: Path
    output: Path
    seconds: float
    error: str | None = None
    #: What a reader would see wrong in the executed copy (see :func:`check_executed`).
    problems: tuple[str, ...] = ()

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
        Where the notebooks export figures (their ``OUT_DIR``); default ``None``: the notebooks
        only display their figures. ``figures/<slug>`` belongs to ``criticlens figures``, and
        the notebooks refuse to write into it (:func:`criticlens.teach.show.show`).
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

    Each notebook runs with its own folder as working directory, the inline matplotlib backend
    (:data:`KERNEL_BACKEND`, whatever ``MPLBACKEND`` the caller has) and a kernel that talks to
    the runner over IPC sockets (a local file, not TCP: no "running over TCP without encryption"
    warning). Returns one :class:`NotebookRun` per notebook, in order.
    """
    pm = require("papermill", "notebooks", "running notebooks")  # heavy import: only when running

    film_dir = resolve_film(film).resolve()
    out: Path | None = None
    if out_dir is not None:
        out = Path(out_dir).resolve()
        out.mkdir(parents=True, exist_ok=True)
    exe_dir = Path(executed_dir) if executed_dir is not None else CACHE_DIR / "notebooks" / film_dir.name
    exe_dir.mkdir(parents=True, exist_ok=True)
    nb_dir = Path(notebooks_dir)
    selected = _select(notebooks, nb_dir)
    params = {"FILM": str(film_dir), "OUT_DIR": None if out is None else str(out)}
    old_backend = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = KERNEL_BACKEND  # the kernel inherits the runner's environment
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
                    kernel_manager_class=ipc_kernel_manager(),
                )
            except pm.PapermillExecutionError as exc:
                error = f"cell {exc.exec_count}: {exc.ename}: {exc.evalue}"
            problems = tuple(check_executed(dest)) if dest.is_file() else ()
            runs.append(NotebookRun(src.stem, src, dest, time.perf_counter() - t0, error, problems))
    finally:
        if old_backend is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = old_backend
    if raise_on_error and any(not r.ok for r in runs):
        raise RunbookError(runs)
    return runs


@functools.lru_cache(maxsize=1)
def ipc_kernel_manager() -> type:
    """A kernel manager class whose kernels listen on IPC sockets (files), not on TCP ports.

    The runner and its kernels share one machine, so nothing needs a network socket: ipykernel
    warns "Kernel is running over TCP without encryption" on every TCP start, while IPC sockets
    live in the Jupyter runtime folder, next to the connection file, readable by the user only.
    Its shutdown skips jupyter_client's SIGINT before the shutdown request: the runner only shuts
    a kernel down once the notebook has finished (nbclient interrupts a cell that times out
    itself), and that SIGINT races the kernel's last message handler, which then logs
    "KeyboardInterrupt caught in kernel." into the output of ``make run``.
    Built on first use, so that importing this module does not import jupyter_client.
    """
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_client.utils import run_sync
    from traitlets import CaselessStrEnum

    class IPCKernelManager(AsyncKernelManager):
        transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

        async def _async_shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
            if not self.owns_kernel:
                return
            self.shutting_down = True
            self.stop_restarter()
            if now:
                await self._async_kill_kernel()
            else:
                await self._async_request_shutdown(restart=restart)
                await self._async_finish_shutdown(restart=restart)
            await self._async_cleanup_resources(restart=restart)

        shutdown_kernel = run_sync(_async_shutdown_kernel)

    return IPCKernelManager


# --------------------------------------------------------------------------- executed copies
#: A code cell that draws: it shows a built figure (``show(spec)``, ``spec.fig``) or draws
#: with pyplot itself. Each such cell must hold at least one image in its outputs.
DRAWING_CELL = re.compile(r"\bshow\(|\b\w+\.fig\b|\bplt\.(subplots|figure|plot)\(")
#: What a figure prints instead of its image when a kernel has no inline backend (Agg).
FIGURE_REPR = "<Figure size"
#: Cell tag of a drawing cell that may, on some film, print one line saying why it has no chart
#: instead of drawing one (e.g. nothing of the kind in this film). Without a printed line the
#: cell still counts as showing nothing.
TEXT_FALLBACK_TAG = "text-fallback"


def _output_texts(output: Any) -> list[str]:
    if output.get("output_type") == "stream":
        return [str(output.get("text", ""))]
    data = output.get("data", {}) or {}
    if "image/png" in data:  # the text/plain beside an image is never shown
        return []
    return [str(v) for k, v in data.items() if k.startswith("text/")]


def check_executed(path: str | os.PathLike[str], *, allow_stderr: bool = False) -> list[str]:
    """What is wrong, for a reader, in an executed notebook; empty if nothing.

    - an output shows ``<Figure size ...>`` (a figure printed as text, not drawn);
    - a cell that draws (:data:`DRAWING_CELL`) has no image, or shows the same image twice; a
      cell tagged :data:`TEXT_FALLBACK_TAG` may show a printed line (stdout) instead of an image;
    - a cell shows an error, or (unless ``allow_stderr``) writes to stderr (warnings).
    """
    nbformat = require("nbformat", "notebooks", "reading notebooks")

    nb = nbformat.read(Path(path), as_version=4)
    name = Path(path).name
    problems: list[str] = []
    for i, cell in enumerate(_code_cells(nb)):
        where = f"{name}: code cell {i}"
        outputs = cell.get("outputs", [])
        images = [o["data"]["image/png"] for o in outputs
                  if "image/png" in (o.get("data") or {})]
        for o in outputs:
            if o.get("output_type") == "error":
                problems.append(f"{where} shows an error: {o.get('ename')}: {o.get('evalue')}")
            elif o.get("output_type") == "stream" and o.get("name") == "stderr" and not allow_stderr:
                first = str(o.get("text", "")).strip().splitlines()[:1]
                problems.append(f"{where} writes to stderr: {first[0] if first else ''}")
            if any(FIGURE_REPR in t for t in _output_texts(o)):
                problems.append(f"{where} prints {FIGURE_REPR} ...> instead of drawing the chart")
        said = any(o.get("output_type") == "stream" and o.get("name") == "stdout"
                   and str(o.get("text", "")).strip() for o in outputs)
        fallback = TEXT_FALLBACK_TAG in cell.get("metadata", {}).get("tags", [])
        if DRAWING_CELL.search(cell.source) and not images and not (fallback and said):
            problems.append(f"{where} draws a figure but shows no image")
        if len(images) != len(set(images)):
            problems.append(f"{where} shows the same image {len(images) - len(set(images)) + 1} times")
    return problems


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
    nbformat = require("nbformat", "notebooks", "reading notebooks")

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
