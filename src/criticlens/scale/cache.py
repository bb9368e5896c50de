"""Computed frames on disk (Parquet), keyed by content, versions and parameters.

Layout under :data:`criticlens.paths.CACHE_DIR` (``.cache/criticlens`` in the project, which
git ignores; ``CRITICLENS_CACHE`` moves it)::

    <root>/<kind>/<namespace>/params.json      what the namespace hash was made from
    <root>/<kind>/<namespace>/<table>-<id>.parquet

A *namespace* is the hash of everything a result depends on besides the text: the criticlens
version, a fingerprint of the pipeline's source files and data files (for loaded frames), the
engine, its package version and the fast path's algorithm version (for scores), and the
parameters. Inside a namespace each item is keyed by a hash of its own content. So:

* a changed review re-runs the pipeline for that review only, and re-scores only the sentences
  whose text changed (every other item is found by its unchanged content hash);
* a new engine version, a change to the pipeline code or its word lists, or different
  parameters select a different namespace: everything that depends on them is recomputed;
* nothing is ever overwritten: parts are written to a temporary name and renamed.

Two levels for loaded corpora: a whole-table entry (one read when nothing changed) and per-review
parts (reused when something did). ``criticlens cache clear`` (or :meth:`Cache.clear`)
removes what criticlens wrote; ``criticlens cache info`` lists what is there.

The cache is a pure accelerator and heals itself: the root carries a ``CACHEDIR.TAG`` marker
(``clear`` refuses a folder without it and deletes only the folders criticlens writes); every
entry is verified against a checksum written with it (in a part's file name, a snapshot's
``.sum`` file, a corpus entry's ``manifest.json``); an entry that fails to read or verify is
removed with a :class:`CacheWarning` and rebuilt from the source, so a warm result always
equals the cold one.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import uuid
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from criticlens import paths
from criticlens._extras import require

#: The marker file that makes a folder a criticlens cache (the Cache Directory Tagging
#: convention, so backup tools skip it too). ``clear`` deletes only inside a folder that has it.
MARKER = "CACHEDIR.TAG"
MARKER_TEXT = ("Signature: 8a477f597d28d172789f06886806bc55\n"
               "# This file is a cache directory tag created by criticlens.\n"
               "# criticlens cache clear deletes only folders it wrote next to this file.\n")
#: The folders criticlens writes in a cache root; ``clear`` removes these and nothing else.
KINDS = ("corpus", "film", "scores", "scores-snapshot", "notebooks")


class CacheError(RuntimeError):
    """Refused: the folder is not a criticlens cache (no :data:`MARKER`), so nothing is deleted."""


class CacheWarning(UserWarning):
    """A cache entry failed to read or verify; it was removed and rebuilt from the source."""


def _file_sum(path: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _heal(path: Path, why: str) -> None:
    """Warn that a cache entry is broken and remove it, so that it is rebuilt."""
    import warnings

    warnings.warn(f"cache entry {path} {why}; rebuilding it from the source", CacheWarning, stacklevel=3)
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)

#: Subpackages whose source decides what the loader produces: every ``.py`` file in them is
#: fingerprinted, found from the import system (never from file names typed here), so moving or
#: adding a module inside them still invalidates the cache.
PIPELINE_PACKAGES = ("criticlens.corpus", "criticlens.text")
#: The module whose source decides the cached sentence scores.
SCORER_MODULE = "criticlens.sentiment._fast"


def _h(data: bytes | str, n: int = 16) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8", errors="surrogatepass")
    return hashlib.blake2b(data, digest_size=n).hexdigest()


def scorer_fingerprint() -> str:
    """Hash of the fast path's own source: an edit to the scorer invalidates cached scores
    even if nobody bumps ``sentiment.ALGORITHM_VERSION``."""
    return _h(Path(_spec(SCORER_MODULE).origin or "").read_bytes())


def _spec(name: str):
    spec = importlib.util.find_spec(name)
    if spec is None:  # pragma: no cover - the package itself is broken
        raise ModuleNotFoundError(name)
    return spec


def source_files(package: str) -> list[Path]:
    """Every ``.py`` file of ``package`` (a dotted name), sorted, located by the import system."""
    spec = _spec(package)
    if spec.submodule_search_locations is None:  # a plain module
        return [Path(spec.origin or "")]
    return sorted(p for loc in spec.submodule_search_locations for p in Path(loc).rglob("*.py"))


def text_key(text: str) -> str:
    """Content key of one text (BLAKE2b, 128 bits, hex)."""
    return _h(text)


_FINGERPRINT: str | None = None


def pipeline_fingerprint() -> str:
    """Hash of the criticlens version, the loader's source files and every package data file."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        import criticlens

        h = hashlib.blake2b(digest_size=16)
        h.update(criticlens.__version__.encode())
        for package in PIPELINE_PACKAGES:
            for src in source_files(package):
                h.update(src.relative_to(paths.PACKAGE_DIR).as_posix().encode())
                h.update(src.read_bytes())
        data = paths.PACKAGE_DATA_DIR
        for p in sorted(data.rglob("*")) if data.is_dir() else []:
            if p.is_file():
                h.update(str(p.relative_to(data)).encode())
                h.update(p.read_bytes())
        _FINGERPRINT = h.hexdigest()
    return _FINGERPRINT


class Cache:
    """A cache directory. ``Cache()`` uses :data:`criticlens.paths.CACHE_DIR`."""

    def __init__(self, root: str | os.PathLike[str] | None = None) -> None:
        self.root = Path(root) if root is not None else Path(paths.CACHE_DIR)

    def __repr__(self) -> str:
        return f"Cache({str(self.root)!r})"

    # -- namespaces ---------------------------------------------------------------------------
    def is_marked(self) -> bool:
        """True if the root carries criticlens's :data:`MARKER` file."""
        m = self.root / MARKER
        try:
            return m.is_file() and m.read_text(encoding="utf-8").startswith(MARKER_TEXT.splitlines()[0])
        except (OSError, UnicodeDecodeError):
            return False

    def _mark(self) -> None:
        if not self.is_marked():
            self.root.mkdir(parents=True, exist_ok=True)
            tmp = self.root / f".{MARKER}.{uuid.uuid4().hex}"
            tmp.write_text(MARKER_TEXT, encoding="utf-8")
            os.replace(tmp, self.root / MARKER)

    def _check_ours(self) -> None:
        if self.root.exists() and not self.is_marked():
            raise CacheError(f"{self.root} is not a criticlens cache (no {MARKER} written by "
                             "criticlens); refusing to list or delete anything in it")

    def namespace(self, kind: str, params: Mapping[str, Any]) -> Path:
        """The folder for results of ``kind`` computed under ``params`` (created on demand)."""
        self._mark()
        blob = json.dumps(dict(params), sort_keys=True, default=str)
        ns = self.root / kind / _h(blob)
        if not ns.is_dir():
            ns.mkdir(parents=True, exist_ok=True)
            tmp = ns / f".params-{uuid.uuid4().hex}.json"
            tmp.write_text(json.dumps({"kind": kind, **dict(params)}, sort_keys=True, indent=1, default=str))
            os.replace(tmp, ns / "params.json")
        return ns

    # -- parts --------------------------------------------------------------------------------
    @staticmethod
    def write_part(ns: Path, table: str, df: pd.DataFrame) -> Path:
        """Write ``df`` as a new Parquet part of ``table`` in ``ns`` (atomic rename)."""
        require("pyarrow", "scale", "the cache (Parquet files)")
        ns.mkdir(parents=True, exist_ok=True)
        tmp = ns / f".tmp-{table}-{uuid.uuid4().hex}.parquet"
        df.to_parquet(tmp, index=False)
        # the file's checksum is part of its name: a truncated or edited part is detected
        final = ns / f"{table}-{_file_sum(tmp)}.parquet"
        os.replace(tmp, final)
        return final

    @staticmethod
    def read_parts(ns: Path, table: str) -> pd.DataFrame | None:
        """All parts of ``table`` in ``ns`` concatenated (None if there are none)."""
        files = sorted(ns.glob(f"{table}-*.parquet")) if ns.is_dir() else []
        if not files:
            return None
        require("pyarrow", "scale", "the cache (Parquet files)")  # a missing extra is no corruption
        frames = []
        for f in files:
            try:
                if _file_sum(f) != f.stem[len(table) + 1:]:
                    _heal(f, "does not match its checksum (truncated or edited)")
                    continue
                frames.append(pd.read_parquet(f))
            except Exception as exc:  # any unreadable part is rebuilt, never trusted
                _heal(f, f"cannot be read ({type(exc).__name__}: {exc})")
        if not frames:
            return None
        return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)

    # -- maintenance --------------------------------------------------------------------------
    def info(self) -> pd.DataFrame:
        """One row per namespace: kind, namespace, files, bytes. Raises :class:`CacheError` for
        a folder that exists but is not a criticlens cache (it is not called "empty")."""
        self._check_ours()
        rows = []
        if self.root.is_dir():
            for kind in KINDS:
                kdir = self.root / kind
                if not kdir.is_dir():
                    continue
                for ns in sorted(p for p in kdir.iterdir() if p.is_dir()):
                    files = [f for f in ns.rglob("*") if f.is_file()]
                    rows.append({"kind": kind, "namespace": ns.name, "files": len(files),
                                 "bytes": sum(f.stat().st_size for f in files)})
        return pd.DataFrame(rows, columns=["kind", "namespace", "files", "bytes"])

    def clear(self) -> tuple[int, int]:
        """Delete what criticlens wrote (the :data:`KINDS` folders and the marker); return
        (files removed, bytes freed). Anything else in the folder is left where it is. Raises
        :class:`CacheError`, deleting nothing, if the folder lacks the marker."""
        if not self.root.exists():
            return 0, 0
        self._check_ours()
        n = size = 0
        for kind in KINDS:
            kdir = self.root / kind
            if kdir.is_dir() and not kdir.is_symlink():
                files = [f for f in kdir.rglob("*") if f.is_file()]
                n += len(files)
                size += sum(f.stat().st_size for f in files)
                shutil.rmtree(kdir)
        (self.root / MARKER).unlink()
        n += 1
        # the folder goes only if nothing else is left in it: what criticlens did not write stays
        if not any(self.root.iterdir()):
            self.root.rmdir()
        return n, size


# =============================================================================================
# sentence scores


def cached_scores(cache: Cache, texts: Sequence[str], *, engines: Iterable[str] = ("textblob", "vader"),
                  processes: int | None = 1, progress: bool | None = None) -> pd.DataFrame:
    """:func:`criticlens.sentiment.exact_scores` through the cache, engine by engine.

    Each engine has its own namespace (engine, package version, fast-path algorithm version);
    texts are keyed by content. Only texts not seen before under that namespace are scored,
    and they are appended as a new part."""
    feather = require("pyarrow.feather", "scale", "the cache (Arrow snapshots)")

    from criticlens import sentiment

    eng = sentiment.check_engines(engines)
    texts = list(texts)
    # a snapshot of exactly this list of texts (the warm path: one small file read)
    snap_ns = cache.namespace("scores-snapshot", {
        "engines": list(eng), "versions": sentiment.ENGINE_VERSIONS,
        "algorithm": sentiment.ALGORITHM_VERSION, "scorer": scorer_fingerprint()})
    # the texts joined, plus their lengths (so the split points are part of the key)
    h = hashlib.blake2b(digest_size=16)
    h.update(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)).tobytes())
    h.update("\x00".join(texts).encode("utf-8", errors="surrogatepass"))
    snap = snap_ns / f"{h.hexdigest()}.feather"
    if snap.is_file():
        got = _read_checked_feather(snap)
        if got is not None:
            return got
    keys = np.array([text_key(t) for t in texts], dtype=object)
    out = []
    for e in eng:
        cols = sentiment.score_columns((e,))
        dist = "textblob" if e == "textblob" else "vaderSentiment"
        ns = cache.namespace("scores", {"engine": e, "package": dist,
                                        "version": sentiment.ENGINE_VERSIONS[dist],
                                        "algorithm": sentiment.ALGORITHM_VERSION,
                                        "scorer": scorer_fingerprint()})
        have = cache.read_parts(ns, "scores")
        if have is not None:
            have = have.drop_duplicates("key").set_index("key")
            got = have.reindex(keys)[cols]
            missing = got[cols[0]].isna().to_numpy()
        else:
            got = pd.DataFrame(np.nan, index=pd.Index(keys), columns=cols)
            missing = np.ones(len(texts), dtype=bool)
        if missing.any():
            idx = np.flatnonzero(missing)
            new_texts = [texts[i] for i in idx]
            new = sentiment.exact_scores(new_texts, engines=[e], processes=processes,
                                        progress=progress is not False)
            part = new.copy()
            part.insert(0, "key", keys[idx])
            cache.write_part(ns, "scores", part.drop_duplicates("key"))
            vals = got.to_numpy(copy=True)
            vals[idx] = new[cols].to_numpy()
            got = pd.DataFrame(vals, columns=cols)
        out.append(got.reset_index(drop=True).astype("float64"))
    result = pd.concat(out, axis=1)
    tmp = snap_ns / f".tmp-{uuid.uuid4().hex}.feather"
    feather.write_feather(result, tmp, compression="uncompressed")
    _write_sum(snap, _file_sum(tmp))
    os.replace(tmp, snap)
    return result


def _write_sum(path: Path, digest: str) -> None:
    tmp = path.with_name(f".tmp-{uuid.uuid4().hex}.sum")
    tmp.write_text(digest)
    os.replace(tmp, path.with_name(path.name + ".sum"))


def _read_checked_feather(path: Path) -> pd.DataFrame | None:
    """A feather file whose checksum (``NAME.sum``) matches, or None after healing it."""
    import pyarrow.feather as feather

    sum_file = path.with_name(path.name + ".sum")
    try:
        if not sum_file.is_file() or sum_file.read_text().strip() != _file_sum(path):
            _heal(path, "does not match its checksum (truncated or edited)")
            sum_file.unlink(missing_ok=True)
            return None
        return feather.read_feather(path, memory_map=True)
    except Exception as exc:  # any unreadable entry is rebuilt, never trusted
        _heal(path, f"cannot be read ({type(exc).__name__}: {exc})")
        sum_file.unlink(missing_ok=True)
        return None


# =============================================================================================
# loaded corpora


_FRAME_NAMES = ("reviews", "sentences", "tokens", "spans")


def _report_blob(report: Any) -> str:
    return json.dumps({"source": report.source, "rows": report.rows, "n_in": report.n_in,
                       "n_loaded": report.n_loaded, "n_rejected": report.n_rejected})


def _report_from(blob: str) -> Any:
    from criticlens.corpus.load import LoadReport

    d = json.loads(blob)
    return LoadReport(source=d["source"], rows=d["rows"], n_in=d["n_in"], n_loaded=d["n_loaded"],
                      n_rejected=d["n_rejected"])


def _write_whole(cache: Cache, ns: Path, key: str, corpus: Any, extras: Mapping[str, bytes] | None = None) -> None:
    """A snapshot of a whole corpus: the four frames as uncompressed Arrow IPC (Feather v2)
    files, which are memory-mapped on reading (tens of times faster than Parquet), plus the
    report as JSON."""
    feather = require("pyarrow.feather", "scale", "the cache (Arrow snapshots)")

    d = ns / "whole" / key
    if d.is_dir():
        return
    tmp = ns / "whole" / f".tmp-{key}-{uuid.uuid4().hex}"
    tmp.mkdir(parents=True)
    for name in _FRAME_NAMES:
        feather.write_feather(getattr(corpus, name), tmp / f"{name}.feather", compression="uncompressed")
    (tmp / "report.json").write_text(_report_blob(corpus.report))
    for name, blob in (extras or {}).items():
        (tmp / name).write_bytes(blob)
    # a checksum per file, verified on every read
    manifest = {f.name: _file_sum(f) for f in sorted(tmp.iterdir())}
    (tmp / "manifest.json").write_text(json.dumps(manifest, sort_keys=True))
    try:
        os.replace(tmp, d)
    except OSError:  # another process wrote the same entry first: keep theirs
        shutil.rmtree(tmp)


def _write_ref(ns: Path, key: str, target: str) -> None:
    """``key`` names the same snapshot as ``target`` (a file's bytes -> its table's content)."""
    tmp = ns / "whole" / f".tmp-{uuid.uuid4().hex}.ref"
    tmp.write_text(target)
    os.replace(tmp, ns / "whole" / f"{key}.ref")


def _read_whole(ns: Path, key: str) -> dict[str, Any] | None:
    feather = require("pyarrow.feather", "scale", "the cache (Arrow snapshots)")

    d = ns / "whole" / key
    if not d.is_dir():
        return None
    try:
        manifest = json.loads((d / "manifest.json").read_text())
        files = [f"{n}.feather" for n in _FRAME_NAMES] + ["report.json"]
        bad = [f for f in files if manifest.get(f) is None or _file_sum(d / f) != manifest[f]]
        if bad:
            _heal(d, f"does not match its checksums ({', '.join(bad)}: truncated or edited)")
            return None
        out: dict[str, Any] = {name: feather.read_feather(d / f"{name}.feather", memory_map=True)
                               for name in _FRAME_NAMES}
        out["report"] = _report_from((d / "report.json").read_text())
    except Exception as exc:  # any unreadable entry is rebuilt, never trusted
        _heal(d, f"cannot be read ({type(exc).__name__}: {exc})")
        return None
    return out


def source_key(path: str | os.PathLike[str], params: Mapping[str, Any]) -> str:
    """Key of a table file read with ``params``: its bytes plus the parameters."""
    h = hashlib.blake2b(digest_size=16)
    h.update(json.dumps(dict(params), sort_keys=True, default=str).encode())
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return "src-" + h.hexdigest()


def corpus_snapshot(cache: Cache, key: str) -> Any:
    """The corpus stored under ``key`` in the current pipeline namespace, or None."""
    from criticlens.corpus.load import Corpus

    ns = cache.namespace("corpus", {"pipeline": pipeline_fingerprint()})
    ref = ns / "whole" / f"{key}.ref"
    if not ref.is_file():
        return None
    whole = _read_whole(ns, ref.read_text().strip())
    if whole is None:
        return None
    return Corpus(reviews=whole["reviews"], sentences=whole["sentences"], tokens=whole["tokens"],
                  spans=whole["spans"], report=whole["report"], film=None, path=None)


def _row_key(row: Mapping[str, Any]) -> str:
    return _h("\x00".join(["v1", str(row.get("title")), row["text"]]))


def _table_key(rows: Sequence[Mapping[str, Any]], extra: pd.DataFrame, report: Any, encoding: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(encoding.encode())
    h.update(_report_blob(report).encode("utf-8", errors="surrogatepass"))
    for r in rows:
        h.update(json.dumps([r.get(k) for k in sorted(r)], default=str).encode("utf-8", errors="surrogatepass"))
    h.update(extra.to_json(orient="split").encode("utf-8", errors="surrogatepass"))
    return h.hexdigest()


def cached_table_corpus(cache: Cache, rows: Sequence[Mapping[str, Any]], extra: pd.DataFrame, report: Any,
                        *, encoding: str, scheduler: str | None = None,
                        progress: bool | None = None, also_key: str | None = None) -> Any:
    """The cached form of :func:`criticlens.scale.tables.load_table` after the table is read.

    ``also_key`` (the :func:`source_key` of the file) stores the snapshot under that key too,
    so the next run can skip reading the file."""
    from criticlens.corpus.load import Corpus, ReviewFrames
    from criticlens.corpus.table import build_corpus
    from criticlens.scale.distributed import run_rows

    ns = cache.namespace("corpus", {"pipeline": pipeline_fingerprint()})
    tkey = _table_key(rows, extra, report, encoding)
    whole = _read_whole(ns, tkey)
    if whole is not None:
        corpus = Corpus(reviews=whole["reviews"], sentences=whole["sentences"], tokens=whole["tokens"],
                        spans=whole["spans"], report=whole["report"], film=None, path=None)
        if also_key is not None:
            _write_ref(ns, also_key, tkey)
        return corpus
    # per review: reuse what is known, run the pipeline on the rest
    rkeys = [_row_key(r) for r in rows]
    known = cache.read_parts(ns, "rev")
    known_keys = set(known["key"]) if known is not None else set()
    todo = [i for i, k in enumerate(rkeys) if k not in known_keys]
    todo_keys = list(dict.fromkeys(rkeys[i] for i in todo))
    first = {k: i for i, k in reversed(list(enumerate(rkeys)))}
    fresh_rows = [rows[first[k]] for k in todo_keys]
    fresh = run_rows(fresh_rows, scheduler=scheduler, progress=progress)
    results: dict[str, tuple[ReviewFrames, list[tuple[str, str, str]]]] = {}
    for k, (fr, notes) in zip(todo_keys, fresh, strict=True):
        results[k] = (fr, notes)
    if fresh:
        _write_review_parts(cache, ns, todo_keys, fresh)
    need = set(rkeys) - set(results)
    if need:
        try:
            results.update(_read_review_parts(cache, ns, need))
        except (RuntimeError, KeyError, ValueError) as exc:  # parts lost to healing: recompute
            _heal(ns / ".parts", f"is incomplete ({exc})")
            redo = sorted(need)
            redo_rows = [rows[first[k]] for k in redo]
            again = run_rows(redo_rows, scheduler=scheduler, progress=progress)
            results.update(dict(zip(redo, again, strict=True)))
            _write_review_parts(cache, ns, redo, again)
    ordered = []
    for r, k in zip(rows, rkeys, strict=True):
        fr, notes = results[k]
        ordered.append((_relabel(fr, r["review_id"]), notes))
    corpus = build_corpus(rows, ordered, report, extra, encoding=encoding)
    _write_whole(cache, ns, tkey, corpus)
    if also_key is not None:
        _write_ref(ns, also_key, tkey)
    return corpus


def _relabel(fr: Any, review_id: str) -> Any:
    from criticlens.corpus.load import ReviewFrames

    sents = dict(fr.sentences)
    sents["review_id"] = [review_id] * len(sents["sent_id"])
    toks = dict(fr.tokens)
    toks["review_id"] = [review_id] * len(toks["tok_id"])
    spans = [dict(s, review_id=review_id) for s in fr.spans]
    return ReviewFrames(dict(fr.review), sents, toks, spans, list(fr.notes))


def _write_review_parts(cache: Cache, ns: Path, keys: Sequence[str], results: Sequence[Any]) -> None:
    from criticlens.corpus.load import SENTENCE_COLUMNS, SPAN_COLUMNS, TOKEN_COLUMNS

    rev_rows, sent, tok, span = [], {c: [] for c in ["key", *SENTENCE_COLUMNS]}, \
        {c: [] for c in ["key", *TOKEN_COLUMNS]}, []
    for k, (fr, notes) in zip(keys, results, strict=True):
        rev_rows.append({"key": k, "review": json.dumps(fr.review), "notes": json.dumps(fr.notes),
                         "report": json.dumps(notes)})
        n = len(fr.sentences["sent_id"])
        sent["key"].extend([k] * n)
        for c in SENTENCE_COLUMNS:
            sent[c].extend(fr.sentences[c])
        n = len(fr.tokens["tok_id"])
        tok["key"].extend([k] * n)
        for c in TOKEN_COLUMNS:
            tok[c].extend(fr.tokens[c])
        for s in fr.spans:
            span.append({"key": k, **s})
    # sentences/tokens/spans first, the review index last: a reader that sees a key in "rev"
    # finds all its rows
    cache.write_part(ns, "sent", pd.DataFrame(sent))
    cache.write_part(ns, "tok", pd.DataFrame(tok))
    cache.write_part(ns, "span", pd.DataFrame(span, columns=["key", *SPAN_COLUMNS]))
    cache.write_part(ns, "rev", pd.DataFrame(rev_rows, columns=["key", "review", "notes", "report"]))


def _read_review_parts(cache: Cache, ns: Path, need: set[str]) -> dict[str, Any]:
    from criticlens.corpus.load import SENTENCE_COLUMNS, SPAN_COLUMNS, TOKEN_COLUMNS, ReviewFrames

    def pick(table: str) -> pd.DataFrame:
        df = cache.read_parts(ns, table)
        if df is None:
            raise RuntimeError(f"cache namespace {ns} has review index but no {table!r} parts")
        return df[df["key"].isin(need)]

    rev = pick("rev").drop_duplicates("key")
    groups: dict[str, dict[str, Any]] = {}
    for table, cols in (("sent", SENTENCE_COLUMNS), ("tok", TOKEN_COLUMNS)):
        df = pick(table)
        # a key written twice (two processes) appears in two parts: keep the first part's rows
        for k, g in df.groupby("key", sort=False):
            g = g.drop_duplicates(["sent_id"] if table == "sent" else ["tok_id"])
            groups.setdefault(k, {})[table] = {c: g[c].tolist() for c in cols}
    span = pick("span")
    span_groups = {k: g.drop_duplicates(["kind", "start", "end"]) for k, g in span.groupby("key", sort=False)}
    out = {}
    for k, review, notes, report in rev[["key", "review", "notes", "report"]].itertuples(index=False):
        g = groups.get(k, {})
        empty_s = {c: [] for c in SENTENCE_COLUMNS}
        empty_t = {c: [] for c in TOKEN_COLUMNS}
        sp = span_groups.get(k)
        spans = [] if sp is None else [
            {c: (int(v) if c in ("start", "end") else v) for c, v in zip(SPAN_COLUMNS, row, strict=True)}
            for row in sp[list(SPAN_COLUMNS)].itertuples(index=False)]
        fr = ReviewFrames(json.loads(review), g.get("sent", empty_s), g.get("tok", empty_t), spans,
                          json.loads(notes))
        out[k] = (fr, [tuple(x) for x in json.loads(report)])
    missing = need - set(out)
    if missing:
        raise RuntimeError(f"cache namespace {ns}: {len(missing)} review(s) missing from the index")
    return out


# =============================================================================================
# film folders


def folder_key(folder: Path) -> str:
    """Hash of everything a loaded film depends on: the folder's resolved path (a copied folder
    has another slug and other paths in its report) and every file in it, dot-files included
    (``reviews/.x.txt`` may be listed in reviews.csv), by relative path and bytes. A file that
    cannot be read (permissions) is keyed by its path, size and error, so it never stops the
    load that :func:`criticlens.load_film` would do. Only ``.git`` folders are skipped."""
    h = hashlib.blake2b(digest_size=16)
    h.update(str(folder.resolve()).encode("utf-8", "surrogateescape"))
    h.update(b"\x00")
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder)
        if ".git" in rel.parts or not p.is_file():
            continue
        h.update(str(rel).encode("utf-8", "surrogateescape"))
        h.update(b"\x00")
        try:
            with open(p, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    h.update(block)
        except OSError as exc:
            h.update(f"<unreadable: {exc.errno} {p.stat().st_size if p.exists() else -1}>".encode())
        h.update(b"\x00")
    return h.hexdigest()


def load_film_cached(path: str | os.PathLike[str], *, cache: Cache | None = None,
                     raise_on_error: bool = True) -> Any:
    """:func:`criticlens.load_film` through the cache (keyed by every file in the folder).

    Any change to a file of the folder re-loads the film (a handful of reviews: cheap); the
    sentence scores stay cached per sentence (:func:`cached_scores`)."""
    from criticlens.corpus.load import Corpus, load_film
    from criticlens.corpus.film import FilmMeta

    cache = cache or Cache()
    folder = Path(path)
    if not folder.is_dir():
        return load_film(folder, raise_on_error=raise_on_error)
    ns = cache.namespace("film", {"pipeline": pipeline_fingerprint()})
    key = folder_key(folder)
    whole = _read_whole(ns, key)
    if whole is not None:
        # film.yaml is parsed again from the file the key covers (cheap, bounded): exactly what
        # a cold load gives (a JSON copy turned !!set values into strings); never a pickle
        film = FilmMeta.from_yaml(folder / "film.yaml")[0]
        return Corpus(reviews=whole["reviews"], sentences=whole["sentences"], tokens=whole["tokens"],
                      spans=whole["spans"], report=whole["report"], film=film, path=folder)
    corpus = load_film(folder, raise_on_error=raise_on_error)
    if corpus.report.ok:
        _write_whole(cache, ns, key, corpus)
    return corpus
