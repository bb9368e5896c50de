"""The one export path for figures and tables (in the manner of seaborn's ``Plot.save``).

:func:`save_figure` writes, for a figure named ``name`` in ``out_dir``:

- ``name.png`` (300 dpi), ``name.svg`` and ``name.pdf`` (TrueType fonts embedded, from the style);
- ``name.csv``: the plotted data, exactly as given;
- ``name.alt.txt``: the alt text (and the caption, if any, on the first line after ``Caption:``).

Exports are reproducible: metadata that would carry a date or a version is fixed, SVG ids use a
fixed salt (``svg.hashsalt`` in the style), and ``SOURCE_DATE_EPOCH`` is pinned while saving, so a
re-export of unchanged data gives byte-identical files. Names are checked so that no name built
from a review or scene id can write outside ``out_dir``.
"""
from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure

#: Raster resolution for PNG exports (print quality).
PNG_DPI = 300
#: Fixed epoch (2010-12-29, the film's US release) used when the caller sets none.
DEFAULT_SOURCE_DATE_EPOCH = "1293580800"
FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")

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
    if not isinstance(name, str) or not _NAME_RE.match(name) or ".." in name:
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


def save_table(data: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write a frame as CSV, deterministically (no index, ``\\n`` line ends, 10 significant digits)."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    data.to_csv(p, index=False, float_format="%.10g", lineterminator="\n")
    return p


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
    written: dict[str, Path] = {}
    old_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = old_epoch or DEFAULT_SOURCE_DATE_EPOCH
    try:
        with mpl.rc_context(SAVE_RC):
            for fmt in formats:
                p = output_path(out, f"{name}.{fmt}")
                kw: dict[str, object] = {"format": fmt, "metadata": _METADATA[fmt]}
                if fmt == "png":
                    kw["dpi"] = PNG_DPI
                fig.savefig(p, **kw)
                written[fmt] = _saved(p)
    finally:
        if old_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old_epoch
    written["csv"] = _saved(save_table(data, output_path(out, f"{name}.csv")))
    alt_p = output_path(out, f"{name}.alt.txt")
    body = alt_text.strip() + "\n"
    if caption:
        body = f"Caption: {caption.strip()}\n\n" + body
    alt_p.write_text(body, encoding="utf-8", newline="\n")
    written["alt"] = _saved(alt_p)
    return written


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
    """Export a :class:`FigureSpec` with :func:`save_figure`, closing its figure by default."""
    import matplotlib.pyplot as plt

    try:
        return save_figure(spec.fig, spec.name, out_dir=out_dir, data=spec.data,
                           alt_text=spec.alt_text, caption=spec.caption, formats=formats)
    finally:
        if close:
            plt.close(spec.fig)
