"""``criticlens figures FILM_DIR --out DIR``: regenerate every figure, headless.

Calls ``export_figures(corpus, out_dir)`` of every module in :mod:`criticlens.viz.figsets` that has
one (the registry :data:`criticlens.viz.figsets.TOPICS`, in its order). Each figure is written through
:func:`criticlens.viz.export.save_figure`: ``NAME.png`` (300 dpi), ``NAME.svg``, ``NAME.pdf``
(TrueType fonts), ``NAME.csv`` (the plotted data) and ``NAME.alt.txt`` (caption and alt text
generated from the data). Then ``index.md`` lists every figure with its caption, alt text and
files.

A second run on unchanged data rewrites every file byte for byte: the export pins
``SOURCE_DATE_EPOCH`` and the file metadata, and ``index.md`` carries no date. Names are checked
by the export, so no review or scene id can write outside ``out_dir``.
"""
from __future__ import annotations

import contextlib
import importlib
import os
import traceback
from dataclasses import dataclass, field
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from criticlens.viz import export

#: Figures whose name starts with one of these prefixes are listed first in ``index.md``, under
#: the prefix as topic: the comparison page is the one figure an article needs.
INDEX_FIRST: tuple[str, ...] = ("comparison",)
INDEX_NAME = "index.md"
_ALT_SUFFIX = ".alt.txt"


class FiguresError(RuntimeError):
    """One or more topics failed to export (the others were written; see ``failures``)."""

    def __init__(self, failures: dict[str, str], records: list[FigureRecord]):
        self.failures = failures
        self.records = records
        super().__init__("figure export failed for " + "; ".join(
            f"{t}: {msg}" for t, msg in failures.items()))


@dataclass
class FigureRecord:
    """One exported figure, as listed in ``index.md``."""

    name: str
    topic: str
    caption: str
    alt_text: str
    files: dict[str, str] = field(default_factory=dict)  # format -> file name in out_dir


@dataclass
class TableRecord:
    """A CSV that is no figure's data (e.g. every sentence with its class), as listed in
    ``index.md`` with its size and columns."""

    name: str
    topic: str
    rows: int
    columns: list[str]


def figure_modules() -> list[str]:
    """The figure sets :func:`run_figures` exports, in order: the explicit registry
    :data:`criticlens.viz.figsets.TOPICS` (nothing is discovered by scanning the package)."""
    from criticlens.viz.figsets import TOPICS

    return list(TOPICS)


def read_alt(path: str | os.PathLike[str]) -> tuple[str, str]:
    """Split an ``NAME.alt.txt`` written by the export into (caption, alt text)."""
    text = Path(path).read_text(encoding="utf-8")
    if text.startswith("Caption: "):
        head, _, rest = text.partition("\n\n")
        return head[len("Caption: "):].strip(), rest.strip()
    return "", text.strip()


def _record(name: str, topic: str, out: Path, parts: list[str] = ()) -> FigureRecord:  # type: ignore[assignment]
    caption, alt = read_alt(out / f"{name}{_ALT_SUFFIX}")
    files = {fmt: f"{name}.{fmt}" for fmt in (*export.FORMATS, "csv")
             if (out / f"{name}.{fmt}").is_file()}
    for part in parts:  # the tidy CSV of each part of a figure made of parts
        files[f"csv:{part}"] = f"{name}-{part}.csv"
    files["alt"] = f"{name}{_ALT_SUFFIX}"
    first = next((p for p in INDEX_FIRST if name.startswith(f"{p}-") or name == p), None)
    return FigureRecord(name=name, topic=first or topic, caption=caption, alt_text=alt,
                        files=files)


def _file_label(key: str) -> str:
    if key == "csv":
        return "data (CSV)"
    if key.startswith("csv:"):
        return f"data: {key[4:]} (CSV)"
    return key.upper()


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _md_escape(text: str) -> str:
    """One line of Markdown text: line breaks become spaces, HTML is shown, never run
    (``<script>`` becomes ``&lt;script&gt;``), and ``[``/``]`` cannot open a link."""
    one_line = str(text).replace("\r", " ").replace("\n", " ")
    return (one_line.replace("<", "&lt;").replace(">", "&gt;")
            .replace("[", "\\[").replace("]", "\\]"))


def write_index(records: list[FigureRecord], out_dir: str | os.PathLike[str], *,
                title: str = "", tables: list[TableRecord] = ()) -> Path:  # type: ignore[assignment]
    """Write ``index.md``: every figure with its caption, alt text and files, then every table
    that is no figure's data (no date). Topics of :data:`INDEX_FIRST` come first."""
    lines = [f"# Figures{': ' + _md_escape(title) if title else ''}", "",
             "Written by `criticlens figures`. Each figure comes as PNG (300 dpi), SVG and PDF, "
             "with the plotted data as CSV and the alt text in `NAME.alt.txt`.", ""]
    rank = {t: i for i, t in enumerate(INDEX_FIRST)}
    records = sorted(records, key=lambda r: rank.get(r.topic, len(rank)))  # stable
    topic = None
    for r in records:
        if r.topic != topic:
            topic = r.topic
            lines += [f"## {_md_escape(topic)}", ""]
        lines += [f"### {_md_escape(r.name)}", ""]
        if "png" in r.files:
            lines += [f"![{_md_escape(r.alt_text)}]({r.files['png']})", ""]
        if r.caption:
            lines += [f"**Caption.** {_md_escape(r.caption)}", ""]
        lines += [f"**Alt text.** {_md_escape(r.alt_text)}", ""]
        links = " · ".join(f"[{_file_label(k)}]({v})" for k, v in r.files.items() if k != "alt")
        lines += [f"Files: {links}", ""]
    if tables:
        lines += ["## tables", "", "Tables behind the figures that no figure plots as such.", ""]
        for t in tables:
            lines += [f"### {t.name}", "",
                      f"[{t.name}.csv]({t.name}.csv): {_plural(t.rows, 'row')} ({t.topic}); "
                      f"columns: {', '.join(t.columns)}.", ""]
    p = export.output_path(out_dir, INDEX_NAME)
    return export.write_text_atomic(p, "\n".join(lines).rstrip("\n") + "\n")


@contextlib.contextmanager
def warnings_once() -> Iterator[None]:
    """Inside the block, each distinct warning is recorded; at the end each is issued once, with
    ``(seen N times)`` when it repeated (two topics computing the same arcs warn alike)."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    counts: dict[tuple[type, str], int] = {}
    for w in caught:
        key = (w.category, str(w.message))
        counts[key] = counts.get(key, 0) + 1
    for (cat, msg), n in counts.items():
        # attributed to the command, not to a line of criticlens (no source line echoed)
        warnings.warn_explicit(msg + (f" (seen {n} times)" if n > 1 else ""), cat,
                               filename="criticlens figures", lineno=0)


@contextlib.contextmanager
def _render_pool(workers: int | None, failures: dict[str, str]) -> Iterator[None]:
    """Render in worker processes (:func:`criticlens.viz.export.parallel`); a failed render is
    recorded in ``failures`` under ``"render"`` rather than lost."""
    try:
        with export.parallel(workers):
            yield
    except export.RenderError as exc:
        failures["render"] = str(exc)


def run_figures(film_dir: str | os.PathLike[str], out_dir: str | os.PathLike[str] | None = None,
                *, topics: list[str] | None = None, progress: bool | None = None,
                corpus: Any = None, debug: bool = False,
                workers: int | None = None) -> list[FigureRecord]:
    """Export every figure of the film in ``film_dir`` into ``out_dir`` and write ``index.md``.

    ``out_dir`` defaults to ``figures/<film slug>``. ``topics`` limits the figsets modules run
    (default: all). Returns one :class:`FigureRecord` per figure, in index order. If a topic
    fails, the others are still exported and indexed, then :class:`FiguresError` is raised.
    ``workers`` processes render the figures (default: the usable CPUs; 1 = in this process);
    the files are the same bytes either way.
    """
    from criticlens.corpus.load import FilmLoadError, load_film
    from criticlens.memo import shared_results
    from criticlens.paths import figures_dir_for, resolve_film
    from criticlens.progress import enabled

    folder = resolve_film(film_dir)
    out = Path(out_dir) if out_dir is not None else figures_dir_for(folder)
    if corpus is None:
        corpus = load_film(folder)
    if len(corpus.reviews) == 0:
        raise FilmLoadError(corpus.report)
    out.mkdir(parents=True, exist_ok=True)  # only once there is something to write
    # index.md is written last: while figures are being replaced there is no index claiming a
    # complete set, so a killed run cannot leave an old index next to new or missing files
    export.output_path(out, INDEX_NAME).unlink(missing_ok=True)
    names = figure_modules()
    if topics is not None:
        unknown = sorted(set(topics) - set(names))
        if unknown:
            raise ValueError(f"unknown figure topic(s) {unknown}; available: {names}")
        names = [n for n in names if n in topics]

    written: list[tuple[str, Path]] = []
    current = {"topic": ""}
    bar: Any = None
    if enabled(progress):
        from tqdm.auto import tqdm

        bar = tqdm(desc="figures", unit="file", leave=True)

    def hook(path: Path) -> None:
        written.append((current["topic"], Path(path)))
        if bar is not None:
            bar.update(1)

    failures: dict[str, str] = {}
    skipped: dict[str, str] = {}
    try:
        with export.on_save(hook), _render_pool(workers, failures), warnings_once(), \
                shared_results():
            for topic in names:
                current["topic"] = topic
                if bar is not None:
                    bar.set_postfix_str(topic)
                try:
                    mod = importlib.import_module(f"criticlens.viz.figsets.{topic}")
                    need = int(getattr(mod, "MIN_CRITICS", 1))
                    if len(corpus.reviews) < need:
                        skipped[topic] = f"needs at least {need} critics, the film has {len(corpus.reviews)}"
                        continue
                    mod.export_figures(corpus, out)
                except Exception as exc:  # one topic's failure must not lose the others
                    failures[topic] = f"{type(exc).__name__}: {exc}"
                    if debug:
                        traceback.print_exc()
    finally:
        if bar is not None:
            bar.close()

    records: list[FigureRecord] = []
    seen: set[str] = set()
    figure_names = {p.name[: -len(_ALT_SUFFIX)] for _, p in written if p.name.endswith(_ALT_SUFFIX)}
    csvs = [(t, p.stem) for t, p in written if p.suffix == ".csv" and p.stem not in figure_names]
    parts: dict[str, list[str]] = {}
    loose: dict[str, str] = {}
    for topic, stem in csvs:
        owner = max((n for n in figure_names if stem.startswith(f"{n}-")), key=len, default=None)
        if owner is None:
            loose[stem] = topic
        elif stem[len(owner) + 1:] not in parts.setdefault(owner, []):
            parts[owner].append(stem[len(owner) + 1:])
    for topic, p in written:
        if p.name.endswith(_ALT_SUFFIX):
            name = p.name[: -len(_ALT_SUFFIX)]
            if name in seen:  # a later topic overwrote an earlier figure of the same name
                records = [r for r in records if r.name != name]
            seen.add(name)
            records.append(_record(name, topic, out, parts.get(name, [])))
    tables = []
    for stem, topic in loose.items():
        import pandas as pd

        frame = pd.read_csv(out / f"{stem}.csv", dtype=str, keep_default_na=False)
        tables.append(TableRecord(stem, topic, len(frame), [str(c) for c in frame.columns]))
    write_index(records, out, title=corpus.title, tables=tables)
    for topic, why in skipped.items():
        print(f"figures: skipped {topic!r}: {why}")
    if failures:
        raise FiguresError(failures, records)
    return records
