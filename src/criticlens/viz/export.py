"""The one export path for figures and tables (in the manner of seaborn's ``Plot.save``).

:func:`save_figure` writes, for a figure named ``name`` in ``out_dir``:

- ``name.png`` (300 dpi), ``name.svg`` and ``name.pdf`` (TrueType fonts embedded, from the style);
- ``name.csv``: the plotted data, exactly as given;
- ``name.alt.txt``: the alt text (and the caption, if any, on the first line after ``Caption:``).

Exports are reproducible: metadata that would carry a date or a version is fixed, SVG ids use a
fixed salt (``svg.hashsalt`` in the style), and ``SOURCE_DATE_EPOCH`` is pinned while saving, so a
re-export of unchanged data gives byte-identical files. Names are checked so that no name built
from a review or scene id can write outside ``out_dir``.

Speed (issue 15; a profile put about 85% of ``criticlens figures`` inside ``savefig``):

- the layout is computed once per figure, not once per format: the layout engine runs once and
  the tight bounding box is measured once, then every format is rendered from that fixed layout
  (:func:`_fixed_layout`);
- PDF fonts are still TrueType (Type 42), but the subset drops the OpenType layout tables
  (GSUB/GPOS/GDEF) that no PDF viewer reads for CID fonts and that made fontTools' subsetting
  the single largest cost (:func:`_lean_pdf_subsets`);
- :func:`parallel` lets a caller (``criticlens figures``) hand each figure's rendering to a
  forked worker process, so figures are rendered on every core while the next one is built.
"""
from __future__ import annotations

import contextlib
import gc
import io
import os
import re
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from pathlib import Path

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure

#: Raster resolution for PNG exports (print quality).
PNG_DPI = 300
#: Fixed epoch (2010-12-29, the film's US release) used when the caller sets none.
DEFAULT_SOURCE_DATE_EPOCH = "1293580800"
FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}")  # fullmatch: no trailing newline

#: rcParams that decide the bytes of a saved file. They are read when ``savefig`` runs, which is
#: usually *after* the ``style_context()`` block that built the figure has closed, so the export
#: applies them itself: TrueType (Type 42) fonts in PDF/PS, text kept as text in SVG, and a fixed
#: SVG id salt (without it matplotlib salts ids with a random UUID and no two SVGs are equal).
SAVE_RC: dict[str, object] = {
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.fonttype": "none",
    "svg.hashsalt": "criticlens",
}

_METADATA: dict[str, dict[str, object]] = {
    "png": {"Software": "criticlens"},
    "svg": {"Date": None, "Creator": "criticlens"},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": "criticlens", "Producer": "criticlens"},
}


#: Callbacks told about every file :func:`save_figure` writes (see :func:`on_save`).
_SAVE_HOOKS: list[Callable[[Path], None]] = []


@contextlib.contextmanager
def on_save(callback: Callable[[Path], None]) -> Iterator[None]:
    """Call ``callback(path)`` after each file :func:`save_figure` writes, inside the block.

    ``criticlens figures`` uses it to drive one progress bar across every topic's export,
    whatever each topic's ``export_figures`` does internally.
    """
    _SAVE_HOOKS.append(callback)
    try:
        yield
    finally:
        _SAVE_HOOKS.remove(callback)


def _saved(path: Path) -> Path:
    for hook in list(_SAVE_HOOKS):
        hook(path)
    return path


def safe_name(name: str) -> str:
    """Return ``name`` if it is a safe file stem, else raise ``ValueError``.

    Allowed: letters, digits, ``.``, ``_`` and ``-``, starting with a letter or digit, no ``..``.
    Use :func:`slugify` first to turn an arbitrary id into such a stem.
    """
    if not isinstance(name, str) or not _NAME_RE.fullmatch(name) or ".." in name:
        raise ValueError(f"unsafe output name {name!r}: use letters, digits, '.', '_' or '-'")
    return name


def slugify(text: str) -> str:
    """Turn any id (a scene id, a critic name) into a safe file stem."""
    s = re.sub(r"[^A-Za-z0-9._-]+", "-", str(text)).strip("-._")  # a stem starts with a letter or digit
    s = re.sub(r"\.{2,}", ".", s)
    return s[:120] or "unnamed"


def output_path(out_dir: str | os.PathLike[str], filename: str) -> Path:
    """Join ``out_dir`` and ``filename``, refusing anything that resolves outside ``out_dir``."""
    base = Path(out_dir).resolve()
    p = (base / filename).resolve()
    if p.parent != base:
        raise ValueError(f"refusing to write {filename!r} outside {base}")
    return p


#: First characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` in which every *text* cell that starts with ``=``, ``+``, ``-``, ``@``,
    a tab or a carriage return gets a leading ``'``, so that Excel, LibreOffice and Google
    Sheets show it as text instead of running it (a critic named ``=HYPERLINK(...)``). Numbers
    (``-0.5`` in a float column) are left alone; column names are treated like cells. Used for
    every CSV written for people to open (figure data, ``--format csv``, ``table --out``)."""
    def risky(v: Any) -> bool:
        return isinstance(v, str) and v.startswith(FORMULA_PREFIXES)

    def fix(v: Any) -> Any:
        return "'" + v if risky(v) else v

    out = frame
    for col in frame.columns:
        if frame[col].dtype == object or pd.api.types.is_string_dtype(frame[col].dtype):
            if any(risky(v) for v in frame[col].tolist()):
                if out is frame:
                    out = frame.copy()
                out[col] = pd.Series([fix(v) for v in frame[col].tolist()], index=frame.index,
                                     dtype=frame[col].dtype)
    if any(risky(c) for c in frame.columns):
        out = out.copy() if out is frame else out
        out.columns = [fix(c) for c in frame.columns]
    return out


def csv_text(frame: pd.DataFrame, *, float_format: str | None = "%.10g") -> str:
    """A frame as CSV text for people: formulas neutralised, no index, ``\n`` line ends."""
    return neutralise_formulas(frame).to_csv(index=False, float_format=float_format, lineterminator="\n")


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary name next to ``path``; on success rename it onto ``path`` (atomic on one
    file system), on failure remove it. A killed run leaves the old file or the new one, never
    a half-written one."""
    p = Path(path)
    tmp = p.with_name(f".{p.name}.tmp-{os.getpid()}")
    try:
        yield tmp
        os.replace(tmp, p)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_text_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Write UTF-8 text with ``\n`` line ends through :func:`atomic_path`."""
    p = Path(path)
    with atomic_path(p) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")
    return p


def save_table(data: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write a frame as CSV, deterministically (no index, ``\n`` line ends, 10 significant
    digits), formulas neutralised (:func:`neutralise_formulas`), atomically."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    return write_text_atomic(p, csv_text(data))


def export_table(data: pd.DataFrame, name: str, *, out_dir: str | os.PathLike[str]) -> Path:
    """Write a table that is no figure's data as ``out_dir/name.csv`` (listed in ``index.md``)."""
    safe_name(name)
    return _saved(save_table(data, output_path(out_dir, f"{name}.csv")))


def save_figure(
    fig: Figure,
    name: str,
    *,
    out_dir: str | os.PathLike[str],
    data: pd.DataFrame,
    alt_text: str,
    caption: str = "",
    formats: Iterable[str] = FORMATS,
) -> dict[str, Path]:
    """Export ``fig`` and its data; return ``{"png": path, ..., "csv": path, "alt": path}``.

    ``data`` must be the data the figure plots (long format preferred); ``alt_text`` should say
    what is plotted and name the extremes. The figure is not closed: the caller owns it.
    """
    safe_name(name)
    if not isinstance(data, pd.DataFrame):
        raise TypeError("data must be a pandas DataFrame of the plotted values")
    if not alt_text or not alt_text.strip():
        raise ValueError(f"figure {name!r} needs alt text")
    formats = tuple(formats)
    for fmt in formats:
        if fmt not in _METADATA:
            raise ValueError(f"unsupported format {fmt!r}; choose from {FORMATS}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {fmt: output_path(out, f"{name}.{fmt}") for fmt in formats}
    written: dict[str, Path] = {}
    pool = _POOL[-1] if _POOL else None
    if pool is not None and paths:
        pool.submit(lambda: _render(fig, paths), list(paths.values()))
        written.update(paths)
    else:
        _render(fig, paths)
        for fmt, p in paths.items():
            written[fmt] = _saved(p)
    written["csv"] = _saved(save_table(data, output_path(out, f"{name}.csv")))
    alt_p = output_path(out, f"{name}.alt.txt")
    body = alt_text.strip() + "\n"
    if caption:
        body = f"Caption: {caption.strip()}\n\n" + body
    write_text_atomic(alt_p, body)
    written["alt"] = _saved(alt_p)
    return written


def _render(fig: Figure, paths: dict[str, Path]) -> None:
    """Write ``fig`` in each format of ``paths`` from one layout, with the pinned metadata."""
    old_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = old_epoch or DEFAULT_SOURCE_DATE_EPOCH
    try:
        with mpl.rc_context(SAVE_RC), _fixed_layout(fig) as bbox, _lean_pdf_subsets():
            for fmt, p in paths.items():
                kw: dict[str, object] = {"format": fmt, "metadata": _METADATA[fmt]}
                if fmt == "png":
                    kw["dpi"] = PNG_DPI
                if bbox is not None:
                    kw["bbox_inches"] = bbox
                with atomic_path(p) as tmp:  # never a 0-byte or half-written file
                    fig.savefig(tmp, **kw)
    finally:
        if old_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old_epoch


def prepare(fig: Figure) -> int:
    """What the export does to a figure before saving it: wrap titles that would run off the
    canvas, move apart point labels printed over each other (:mod:`criticlens.viz.layout`).
    Draws the figure once (its layout included); returns how many texts changed."""
    from criticlens.viz.layout import fit_long_texts, separate_annotations

    return fit_long_texts(fig) + separate_annotations(fig)


@contextlib.contextmanager
def _fixed_layout(fig: Figure) -> Iterator[object]:
    """Run the figure's layout engine once and measure its tight box once, for every format.

    ``savefig`` otherwise re-runs constrained layout and a whole extra draw (to measure the tight
    bounding box) for each format. Inside the block the engine is switched off, so each format
    renders the same positions; the engine is restored afterwards (a notebook may draw the
    figure again). Yields the bounding box to pass as ``bbox_inches`` (``None``: not "tight").
    """
    wrapped = prepare(fig)
    engine = fig.get_layout_engine()
    bbox = None
    tight = mpl.rcParams["savefig.bbox"] == "tight"
    if engine is not None:
        if wrapped:
            fig.draw_without_rendering()  # lay out again around the wrapped text
        fig.set_layout_engine("none")
    try:
        if tight:
            bbox = fig.get_tightbbox().padded(mpl.rcParams["savefig.pad_inches"])
        yield bbox
    finally:
        if engine is not None:
            fig.set_layout_engine(engine)


_LEAN_FONTS: dict[tuple[str, int], bytes] = {}


def _lean_font_bytes(fontfile: object) -> bytes:
    """The font file without GSUB/GPOS/GDEF and glyph names (``post`` format 3), once per process.

    Glyph ids are unchanged, so a subset of it by glyph id is the same glyphs and outlines as
    a subset of the original file.
    """
    from fontTools.ttLib import TTFont

    index = int(getattr(fontfile, "face_index", 0) or 0)
    key = (os.fspath(fontfile), index)  # type: ignore[arg-type]
    if key not in _LEAN_FONTS:
        font = TTFont(key[0], lazy=True, fontNumber=index if key[0].endswith((".ttc", ".otc")) else -1)
        for tag in ("GSUB", "GPOS", "GDEF", "FFTM", "PfEd", "BDF", "meta"):
            if tag in font:
                del font[tag]
        font["post"].formatType = 3.0
        _LEAN_FONTS[key] = _font_bytes(font)
    return _LEAN_FONTS[key]


def _font_bytes(font: Any) -> bytes:
    """``font`` (a fontTools TTFont) saved to bytes with its ``head`` dates pinned: fontTools
    stamps them with "now" unless SOURCE_DATE_EPOCH is set, and the embedded fonts (so the
    PDFs) would differ from run to run."""
    buf = io.BytesIO()
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = old or DEFAULT_SOURCE_DATE_EPOCH
    try:
        font.save(buf, reorderTables=False)
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
    return buf.getvalue()


#: Characters every PDF font subset carries: printable ASCII, the typographic punctuation
#: (dashes, curly quotes, ellipsis) and the symbols the figures print (minus, middle dot, times,
#: degree). With them in every subset, one subset serves nearly every figure of a run and is made
#: once; a figure with other characters (an accented name) gets its own subset. Kept this small
#: because each PDF embeds the whole set (about 18 KB per font, compressed).
COMMON_CHARS: tuple[int, ...] = (*range(0x20, 0x7F), *range(0x2010, 0x2027), 0x2212, 0xB7, 0xD7, 0xB0)

_COMMON_GIDS: dict[tuple[str, int], frozenset[int]] = {}
_SUBSETS: dict[tuple[str, int, frozenset[int]], tuple[bytes, tuple[tuple[int, int], ...]]] = {}


def _font_key(fontfile: object) -> tuple[str, int]:
    return os.fspath(fontfile), int(getattr(fontfile, "face_index", 0) or 0)  # type: ignore[arg-type]


def _common_gids(fontfile: object) -> frozenset[int]:
    """The glyph ids of :data:`COMMON_CHARS` that ``fontfile`` has (once per process)."""
    key = _font_key(fontfile)
    if key not in _COMMON_GIDS:
        from fontTools.ttLib import TTFont

        collection = key[0].lower().endswith((".ttc", ".otc"))
        with TTFont(key[0], lazy=True, fontNumber=key[1] if collection else -1) as font:
            cmap = font.getBestCmap()
            _COMMON_GIDS[key] = frozenset(font.getGlyphID(cmap[c]) for c in COMMON_CHARS if c in cmap)
    return _COMMON_GIDS[key]


def _common_subset(fontfile: object, glyphs: Iterable[int]) -> tuple[bytes, tuple[tuple[int, int], ...]]:
    """A TrueType subset of ``fontfile`` with ``glyphs`` and the common glyphs, as bytes and the
    map from original to subset glyph ids; made once per distinct glyph set in a process.

    The subset depends only on the font and the glyphs a figure uses (never on which figures ran
    before it), so exports stay byte-identical from run to run.
    """
    from fontTools import subset

    key = (*_font_key(fontfile), frozenset(int(g) for g in glyphs) | _common_gids(fontfile))
    if key not in _SUBSETS:
        options = subset.Options(glyph_names=False, recommended_glyphs=True)
        options.layout_closure = False
        font = subset.load_font(io.BytesIO(_lean_font_bytes(fontfile)), options)
        subsetter = subset.Subsetter(options=options)
        subsetter.populate(gids=sorted(key[2]))
        subsetter.subset(font)
        data = _font_bytes(font)
        font.close()
        _SUBSETS[key] = (data, tuple(sorted(subsetter.glyph_index_map.items())))
    return _SUBSETS[key]


@contextlib.contextmanager
def _lean_pdf_subsets() -> Iterator[None]:
    """While saving, subset PDF TrueType fonts without their OpenType layout tables.

    Matplotlib subsets each embedded TrueType font with fontTools, keeping GSUB/GPOS/GDEF and
    closing the glyph set over them; for DejaVu Sans that is ~0.1 s per font per PDF, the largest
    single cost of an export. A PDF CID font is drawn glyph by glyph from the content stream, so
    those tables are never read: dropping them gives the same pages, three times faster.
    Matplotlib's helper is private, so this applies only where it has the known shape
    (matplotlib 3.10+: ``get_glyphs_subset(fontfile, glyphs)`` returning ``SubsetResults``) and
    otherwise leaves matplotlib alone.
    """
    try:
        from matplotlib.backends import _backend_pdf_ps as pdfps
    except ImportError:  # matplotlib moved its helper: save with its own subsetting
        yield
        return
    original = getattr(pdfps, "get_glyphs_subset", None)
    if original is None or not hasattr(pdfps, "SubsetResults"):
        yield
        return

    def lean(fontfile, glyphs):  # type: ignore[no-untyped-def]
        from fontTools.ttLib import TTFont

        data, index_map = _common_subset(fontfile, glyphs)
        font = TTFont(io.BytesIO(data), lazy=True)
        return pdfps.SubsetResults(font, dict(index_map))._as_cm()

    pdfps.get_glyphs_subset = lean
    try:
        yield
    finally:
        pdfps.get_glyphs_subset = original


class RenderError(RuntimeError):
    """A worker process failed to render a figure (raised when :func:`parallel` ends)."""


class _ForkPool:
    """Render figures in forked worker processes, at most ``workers`` at a time.

    A forked child shares the parent's built figure without pickling it, writes its files and
    exits; the parent goes on building the next figure. A child that fails reports its traceback
    through a pipe and :meth:`join` raises it. Files are the same bytes as a serial export.
    """

    def __init__(self, workers: int):
        self.workers = max(1, int(workers))
        self.running: dict[int, tuple[int, list[Path]]] = {}
        self.errors: list[str] = []

    def submit(self, job: Callable[[], None], paths: list[Path]) -> None:
        while len(self.running) >= self.workers:
            self._reap_one()
        r, w = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        gc.freeze()  # the parent's objects leave the collector's lists: a child's collections
        # then neither scan them nor copy their pages (copy-on-write) just to mark them
        pid = os.fork()
        if pid == 0:  # child: render, report, leave without running the parent's cleanup
            gc.disable()  # a short-lived renderer: collecting cycles costs more than it frees
            os.close(r)
            code = 0
            try:
                job()
            except BaseException:  # reported to the parent, which raises it
                os.write(w, traceback.format_exc().encode("utf-8", "replace"))
                code = 1
            finally:
                os.close(w)
                os._exit(code)
        os.close(w)
        self.running[pid] = (r, paths)

    def _reap_one(self) -> None:
        pid, status = os.wait()
        if pid not in self.running:
            return
        r, paths = self.running.pop(pid)
        chunks = []
        while chunk := os.read(r, 65536):
            chunks.append(chunk)
        os.close(r)
        if os.waitstatus_to_exitcode(status) != 0:
            msg = b"".join(chunks).decode("utf-8", "replace").strip()
            self.errors.append(f"rendering {paths[0].stem} failed: {msg.splitlines()[-1] if msg else status}")
            return
        for p in paths:
            _saved(p)

    def join(self) -> None:
        while self.running:
            self._reap_one()
        if self.errors:
            raise RenderError("; ".join(self.errors))


_POOL: list[_ForkPool] = []


def _prewarm_fonts() -> None:
    """Make the lean copies of the style's regular and bold fonts in this process."""
    from matplotlib import font_manager

    from criticlens.viz.style import style_context

    with style_context():
        for weight in ("normal", "bold"):
            path = font_manager.findfont(font_manager.FontProperties(weight=weight))
            _common_subset(path, ())


def default_workers() -> int:
    """Worker processes for :func:`parallel`: the CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@contextlib.contextmanager
def parallel(workers: int | None = None) -> Iterator[None]:
    """Inside the block, :func:`save_figure` renders each figure in a forked worker process.

    Only where ``os.fork`` exists and ``workers`` > 1 (default: the usable CPUs); otherwise
    saving stays serial. Every file is written when the block ends (it waits for the workers).
    Meant for headless batch export (``criticlens figures``), not for a Jupyter kernel.
    """
    n = default_workers() if workers is None else int(workers)
    if n <= 1 or not hasattr(os, "fork"):
        yield
        return
    _prewarm_fonts()  # the lean PDF fonts are made once here, not once in every worker
    pool = _ForkPool(n)
    _POOL.append(pool)
    try:
        yield
    finally:
        _POOL.remove(pool)
        pool.join()
        gc.unfreeze()  # what the parent froze before each fork goes back to the collector


@dataclass
class FigureSpec:
    """A built figure, ready to export: what every ``build_*`` figure function returns.

    ``data`` is the frame the figure plots; ``alt_text`` is generated from it (what is plotted
    and the extremes); ``caption`` is one sentence for an article or ``index.md``.
    """

    name: str
    fig: Figure
    data: pd.DataFrame
    alt_text: str
    caption: str = ""
    extra: dict[str, object] = field(default_factory=dict)


def save_spec(spec: FigureSpec, out_dir: str | os.PathLike[str], *, close: bool = True,
              formats: Iterable[str] = FORMATS) -> dict[str, Path]:
    """Export a :class:`FigureSpec` with :func:`save_figure`, closing its figure by default.

    A figure made of parts (the comparison page) may carry one tidy frame per part in
    ``spec.extra["tables"]`` (``{part: frame}``): each is written as ``NAME-part.csv`` beside
    the figure (keys ``"csv:part"`` of the returned dict), and ``index.md`` links them.
    """
    import matplotlib.pyplot as plt

    try:
        written = save_figure(spec.fig, spec.name, out_dir=out_dir, data=spec.data,
                              alt_text=spec.alt_text, caption=spec.caption, formats=formats)
        tables = spec.extra.get("tables") or {}
        for part, frame in tables.items():  # type: ignore[union-attr]
            written[f"csv:{part}"] = export_table(frame, f"{spec.name}-{part}", out_dir=out_dir)
        return written
    finally:
        if close:
            plt.close(spec.fig)
