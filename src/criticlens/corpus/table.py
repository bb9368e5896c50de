"""Tables of reviews: many films (or one critic's career) in one CSV or DataFrame.

:func:`read_table` reads and validates a table with one review per row, :func:`process_row` runs
the per-review pipeline on one row and :func:`build_corpus` assembles the results into the same
:class:`Corpus` frames and :class:`LoadReport` as :func:`criticlens.load_film`, through the same
per-review pipeline (:func:`criticlens.corpus.load.process_review`,
:func:`criticlens.corpus.load.review_notes`, :func:`criticlens.corpus.load.assemble`). Running the
rows (here, on Dask, through the cache) is orchestration: :func:`criticlens.scale.tables.load_table`
does all three steps. The ``reviews`` frame's ``film`` column says which film
each review is about; :func:`films`, :func:`film_corpus` and :func:`per_film` run any analysis
film by film, and every analysis that works on a corpus also works across all films at once.

Rows are never dropped silently: a row with no text, a missing film, or a duplicate review id is
rejected with an error naming the table and row; ``n_in == n_loaded + n_rejected`` holds.
"""
from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from criticlens.corpus.load import (
    MAX_REVIEW_BYTES,
    OPTIONAL_COLUMNS,
    Corpus,
    LoadReport,
    ReviewFrames,
    accept_review_id,
    assemble,
    clean_cell,
    process_review,
    review_notes,
)
from criticlens.progress import progress_bar

#: Columns of a table row after :func:`read_table`: the metadata one review needs.
ROW_KEYS = ("review_id", "film", "text", "title", *OPTIONAL_COLUMNS)


class TableError(ValueError):
    """The table itself cannot be read (missing file, missing text column, unreadable CSV)."""


def _cell(v: Any) -> str | None:
    """A metadata cell as clean text: None, NaN, NA and blanks are missing."""
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    return clean_cell(v)


def _table_name(source: Any) -> str:
    if isinstance(source, pd.DataFrame):
        return "<DataFrame>"
    return Path(source).name


#: Largest table read, in bytes after decompression: a 300 KB ``.gz`` can expand to 300 MB.
MAX_TABLE_BYTES = 512_000_000
#: Most cells (rows x columns) in a table.
MAX_TABLE_CELLS = 20_000_000


def _read_bounded(p: Path) -> bytes:
    """The bytes of a table file, decompressed by its suffix (.bz2 .gz .xz .zip), refusing more
    than :data:`MAX_TABLE_BYTES` (read in blocks: a compression bomb never fills memory) and a
    zip holding anything but exactly one file, each with a :class:`TableError` naming the file."""
    import bz2
    import gzip
    import lzma
    import zipfile

    suffix = p.suffix.lower()
    try:
        if suffix == ".zip":
            with zipfile.ZipFile(p) as zf:
                names = [i.filename for i in zf.infolist() if not i.is_dir()]
                if len(names) != 1:
                    raise TableError(f"{p}: a zip must hold exactly one CSV file; it holds "
                                     f"{len(names)}: {names[:5]}")
                fh: Any = zf.open(names[0])
                return _read_capped(fh, p)
        opener = {".bz2": bz2.open, ".gz": gzip.open, ".xz": lzma.open}.get(suffix, open)
        with opener(p, "rb") as fh:
            return _read_capped(fh, p)
    except (OSError, EOFError, zipfile.BadZipFile, lzma.LZMAError) as exc:
        raise TableError(f"{p}: cannot be read or decompressed ({type(exc).__name__}: {exc})") from exc


def _read_capped(fh: Any, p: Path) -> bytes:
    chunks, total = [], 0
    while True:
        block = fh.read(1 << 20)
        if not block:
            return b"".join(chunks)
        total += len(block)
        if total > MAX_TABLE_BYTES:
            raise TableError(f"{p}: more than {MAX_TABLE_BYTES:,} bytes (after decompression); "
                             "split the table")
        chunks.append(block)


def read_table(
    source: str | os.PathLike[str] | pd.DataFrame,
    *,
    text: str = "text",
    film: str | None = "film",
    critic: str | None = None,
    review_id: str | None = None,
    outlet: str | None = None,
    headline: str | None = None,
    published: str | None = None,
    notes: str | None = None,
    group: str | None = None,
    keep: Sequence[str] = (),
    titles: Mapping[str, str] | None = None,
    encoding: str = "utf-8",
) -> tuple[list[dict[str, Any]], pd.DataFrame, LoadReport]:
    """Read and validate a table; return (good rows, kept extra columns, report).

    No text is processed here. See :func:`load_table` for the parameters.
    """
    name = _table_name(source)
    report = LoadReport(source=name if isinstance(source, pd.DataFrame) else str(source))
    if isinstance(source, pd.DataFrame):
        df = source
    else:
        p = Path(source)
        if not p.is_file():
            raise TableError(f"{p}: no such file")
        data = _read_bounded(p)
        try:
            # every column as text, blanks kept as ""
            df = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding=encoding)
        except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise TableError(f"{p}: cannot read as a CSV table ({type(exc).__name__}: {exc})") from exc
        del data
        if df.size > MAX_TABLE_CELLS:
            raise TableError(f"{p}: {len(df):,} rows x {len(df.columns):,} columns = {df.size:,} cells; "
                             f"a table may have at most {MAX_TABLE_CELLS:,}")
    cols = {"text": text, "film": film, "critic": critic, "review_id": review_id, "outlet": outlet,
            "headline": headline, "published": published, "notes": notes, "group": group}
    missing = [f"{k}={v!r}" for k, v in cols.items() if v is not None and v not in df.columns]
    missing += [f"keep={k!r}" for k in keep if k not in df.columns]
    if missing:
        raise TableError(f"{name}: column(s) not in the table: {', '.join(missing)}; "
                         f"its columns are {list(df.columns)}")
    n = len(df)
    get = {k: (df[v].tolist() if v is not None else [None] * n) for k, v in cols.items()}
    seen: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    kept_idx: list[int] = []
    for i in range(n):
        report.n_in += 1
        where = f"{name} row {i + 1}"
        rid = _cell(get["review_id"][i]) if review_id is not None else str(i + 1)
        if not accept_review_id(rid, seen, report, where=where, here=f"in row {i + 1}", file=name):
            continue
        t = get["text"][i]
        if isinstance(t, str) and len(t) > MAX_REVIEW_BYTES:
            report.add("error", "review_too_large",
                       f"{where}: review {rid!r} is {len(t):,} characters; a review may be at most "
                       f"{MAX_REVIEW_BYTES:,}", file=name, review_id=rid)
            report.n_rejected += 1
            continue
        if not isinstance(t, str):
            report.add("error", "review_not_text",
                       f"{where}: review {rid!r} has no text ({type(t).__name__})", file=name, review_id=rid)
            report.n_rejected += 1
            continue
        if not t.strip():
            report.add("error", "review_blank", f"{where}: review {rid!r} is blank", file=name, review_id=rid)
            report.n_rejected += 1
            continue
        fv = _cell(get["film"][i]) if film is not None else None
        if film is not None and fv is None:
            report.add("error", "film_missing", f"{where}: review {rid!r} names no film", file=name,
                       review_id=rid)
            report.n_rejected += 1
            continue
        row = {"review_id": rid, "film": fv, "text": t, "file": f"{name}#row={i + 1}",
               "title": (titles or {}).get(fv) if fv is not None else None}
        for k in OPTIONAL_COLUMNS:
            row[k] = _cell(get[k][i])
        rows.append(row)
        kept_idx.append(i)
    extra = df.iloc[kept_idx][list(keep)].reset_index(drop=True) if keep else pd.DataFrame(index=range(len(rows)))
    return rows, extra, report


def process_row(row: Mapping[str, Any]) -> tuple[ReviewFrames, list[tuple[str, str, str]]]:
    """The per-review pipeline for one table row: frames plus report notes. Pure."""
    fr = process_review(row["review_id"], row["text"], title=row.get("title"))
    return fr, review_notes(row["text"], fr)


def review_meta(row: Mapping[str, Any], encoding: str) -> dict[str, Any]:
    """The ``reviews`` metadata of a row (everything the pipeline does not compute)."""
    t = row["text"]
    raw_bytes = t.encode("utf-8", errors="surrogatepass")
    m = {k: row.get(k) for k in OPTIONAL_COLUMNS}
    m.update(review_id=row["review_id"], film=row["film"], file=row["file"], raw=t, encoding=encoding,
             sha256=hashlib.sha256(raw_bytes).hexdigest(), n_bytes=len(raw_bytes))
    return m


def build_corpus(
    rows: Sequence[Mapping[str, Any]],
    results: Iterable[tuple[ReviewFrames, list[tuple[str, str, str]]]],
    report: LoadReport,
    extra: pd.DataFrame | None = None,
    *,
    encoding: str = "utf-8",
) -> Corpus:
    """Assemble per-row pipeline results (in row order) into a :class:`Corpus`."""
    items = []
    for row, (fr, notes) in zip(rows, results, strict=True):
        rid = row["review_id"]
        for note in fr.notes:
            report.add("warning", "body_fallback", f"{row['file']}: review {rid!r}: {note}",
                       file=row["file"], review_id=rid)
        for level, code, msg in notes:
            report.add(level, code, f"{row['file']}: review {rid!r}: {msg}", file=row["file"], review_id=rid)
        items.append((review_meta(row, encoding), fr))
        report.n_loaded += 1
    corpus = assemble(items, report, film=None, path=None)
    if extra is not None and len(extra.columns):
        reviews = corpus.reviews.copy()
        for c in extra.columns:
            if c in reviews.columns:
                raise TableError(f"kept column {c!r} clashes with a reviews column")
            reviews[c] = extra[c].astype("string").to_numpy()
        corpus = replace(corpus, reviews=reviews)
    return corpus


# ---------------------------------------------------------------------------------------------
# per film / across films


def films(corpus: Corpus) -> list[str]:
    """The films of a corpus in first-appearance order (NA films are left out)."""
    f = corpus.reviews["film"].dropna()
    return list(dict.fromkeys(str(x) for x in f))


def film_corpus(corpus: Corpus, film: str) -> Corpus:
    """The sub-corpus of one film: the same frames restricted to its reviews (same order).

    The report is the whole table's (it describes the load, not the film)."""
    rev = corpus.reviews
    mask = rev["film"] == film
    if not mask.fillna(False).any():
        raise KeyError(f"no reviews of film {film!r}; films are {films(corpus)[:10]}...")
    ids = set(rev.loc[mask.fillna(False), "review_id"])

    def sub(df: pd.DataFrame) -> pd.DataFrame:
        return df[df["review_id"].isin(ids)].reset_index(drop=True)

    return replace(corpus, reviews=sub(rev), sentences=sub(corpus.sentences), tokens=sub(corpus.tokens),
                   spans=sub(corpus.spans))


def per_film(corpus: Corpus, fn: Callable[..., pd.DataFrame], *args: Any, progress: bool | None = None,
             **kwargs: Any) -> pd.DataFrame:
    """Run ``fn(film_corpus, *args, **kwargs)`` for every film and stack the frames with a
    leading ``film`` column (films in corpus order)."""
    parts = []
    fl = films(corpus)
    # row positions of each film in each frame, found once (not one scan per film)
    film_by_id = pd.Series(corpus.reviews["film"].to_numpy(), index=corpus.reviews["review_id"].to_numpy())
    idx = {}
    for name in ("reviews", "sentences", "tokens", "spans"):
        df = getattr(corpus, name)
        keys = film_by_id.reindex(df["review_id"].to_numpy()).to_numpy()
        idx[name] = pd.Series(np.arange(len(df))).groupby(keys, sort=False, dropna=True).indices
    empty = np.array([], dtype=np.int64)
    for f in progress_bar(fl, total=len(fl), desc="per film", disable=progress is False):
        sub = replace(corpus, **{name: getattr(corpus, name).iloc[idx[name].get(f, empty)].reset_index(drop=True)
                                 for name in idx})
        out = fn(sub, *args, **kwargs)
        out = out.copy()
        out.insert(0, "film", pd.array([f] * len(out), dtype="string"))
        parts.append(out)
    if not parts:
        return pd.DataFrame({"film": pd.array([], dtype="string")})
    return pd.concat(parts, ignore_index=True)


def with_film(corpus: Corpus, frame: pd.DataFrame) -> pd.DataFrame:
    """Add a ``film`` column (from ``reviews``) to any frame with a ``review_id`` column,
    so results of an analysis run across all films can be grouped by film."""
    films_by_id = pd.Series(corpus.reviews["film"].to_numpy(), index=corpus.reviews["review_id"].to_numpy())
    out = frame.copy()
    vals = films_by_id.reindex(out["review_id"].to_numpy()).to_numpy()
    out.insert(0, "film", pd.array(vals, dtype="string"))
    return out
