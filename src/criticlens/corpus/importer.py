"""Bring reviews in as users have them: saved web pages, Word files, PDFs, Markdown and text.

:func:`add_reviews` (the ``criticlens add FILM_DIR FILE...`` command) extracts the review text of
each file with a library made for it, writes it to ``reviews/<id>.txt``, keeps the original file
beside it in ``sources/`` and adds a row to ``reviews.csv``. It never overwrites anything: a
review id, text file or source file that already exists makes that file's import fail, and
every failure names the file and the reason. Nothing is fetched from the network: the user saves
the page first.

Extraction by format:

- ``.html``/``.htm``: trafilatura (Barbaresi 2021) finds the article body and drops navigation,
  comments, related links and scripts. Its metadata extraction reads the page's own
  statements (JSON-LD, OpenGraph and ``<meta>`` tags, bylines): ``critic`` from the author,
  ``outlet`` from the site name, ``headline`` from the title, ``published`` from the date.
  Fields the page does not state are left blank.
- ``.docx``: python-docx; one paragraph per Word paragraph, separated by blank lines.
- ``.pdf``: pypdf's text layer, pages separated by blank lines (a scanned PDF has none and
  fails with that reason).
- ``.md``: Markdown syntax is removed (headings, emphasis, links keep their text); a
  first-level heading at the top becomes the headline.
- ``.txt``: decoded as the loader decodes (UTF-8, UTF-16, detected code pages).

Word and PDF document properties (author, title) describe whoever saved the file, not
necessarily the review, so they are not used: those rows are left for the user to complete.
"""
from __future__ import annotations

import csv
import io
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from criticlens.text import textproc

SUPPORTED_SUFFIXES = (".html", ".htm", ".docx", ".pdf", ".md", ".txt")
META_COLUMNS = ("critic", "outlet", "headline", "published")
#: Fewest words an extraction must have to count as a review.
MIN_REVIEW_WORDS = 20
_ID_CHARS = re.compile(r"[^a-z0-9_-]+")


class ImportFailure(Exception):
    """A file could not be imported; the message says why."""


@dataclass
class Extracted:
    """Text and metadata extracted from one file (metadata ``None`` when not stated)."""

    text: str
    critic: str | None = None
    outlet: str | None = None
    headline: str | None = None
    published: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class AddResult:
    """What happened to one file: ``ok``, the new ``review_id`` and a one-line ``message``."""

    file: str
    ok: bool
    message: str
    review_id: str | None = None
    meta: dict[str, str | None] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# extraction


def extract(path: str | Path) -> Extracted:
    """Extract the review text and stated metadata from one file (see the module docstring).

    Raises :class:`ImportFailure` with the reason when the file cannot be read or holds no
    review text.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ImportFailure(f"unsupported file type {p.suffix or '(none)'!r}; "
                            f"criticlens add reads {', '.join(SUPPORTED_SUFFIXES)}")
    if not p.is_file():
        raise ImportFailure("no such file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ImportFailure(f"cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise ImportFailure("the file is empty")
    if suffix in (".html", ".htm"):
        out = _from_html(data)
    elif suffix == ".docx":
        out = _from_docx(data)
    elif suffix == ".pdf":
        out = _from_pdf(data)
    else:
        text = _decode(data)
        out = _from_markdown(text) if suffix == ".md" else Extracted(text)
    words = len(out.text.split())
    if words < MIN_REVIEW_WORDS:
        raise ImportFailure(f"only {words} words of text could be extracted; no review found")
    return out


def _decode(data: bytes) -> str:
    try:
        return textproc.decode_bytes(data).text
    except textproc.DecodeError as exc:
        raise ImportFailure(str(exc)) from exc


def _clean_meta(value: object) -> str | None:
    if value is None:
        return None
    s = " ".join(str(value).split())
    return s or None


def _from_html(data: bytes) -> Extracted:
    import trafilatura

    html = _decode(data)
    text = trafilatura.extract(html, output_format="txt", include_comments=False,
                               include_tables=False, include_links=False, include_images=False,
                               favor_precision=True, with_metadata=False)
    if not text or not text.strip():
        raise ImportFailure("no article text found in the page (is it a saved review page?)")
    meta = trafilatura.extract_metadata(html)
    out = Extracted(_paragraphs(text))
    if meta is not None:
        out.critic = _clean_meta(meta.author)
        out.outlet = _clean_meta(meta.sitename)
        out.headline = _clean_meta(meta.title)
        out.published = _clean_meta(meta.date)
    return out


def _paragraphs(text: str) -> str:
    """One paragraph per line -> paragraphs separated by blank lines, as reviews/*.txt keep them."""
    paras = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return "\n\n".join(paras) + "\n"


def _from_docx(data: bytes) -> Extracted:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise ImportFailure(f"not a readable Word .docx file ({exc})") from exc
    except Exception as exc:  # zipfile.BadZipFile and lxml errors: report, never pass silently
        raise ImportFailure(f"not a readable Word .docx file ({type(exc).__name__}: {exc})") from exc
    paras = [p.text.strip() for p in document.paragraphs if p.text.strip()]
    return Extracted("\n\n".join(paras) + "\n" if paras else "")


def _from_pdf(data: bytes) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ImportFailure("the PDF is encrypted; save an unencrypted copy first")
        pages = [page.extract_text() or "" for page in reader.pages]
    except PdfReadError as exc:
        raise ImportFailure(f"not a readable PDF ({exc})") from exc
    text = "\n\n".join(_pdf_page(p) for p in pages if p.strip())
    if not text.strip():
        raise ImportFailure("the PDF has no text layer (a scanned image?); no text to import")
    return Extracted(text + "\n")


def _pdf_page(text: str) -> str:
    """A PDF page's lines, rejoined: lines of one paragraph are joined, a blank line or a line
    ending a sentence followed by a short gap keeps the break."""
    lines = [ln.rstrip() for ln in text.splitlines()]
    paras: list[str] = []
    cur: list[str] = []
    for ln in lines:
        if not ln.strip():
            if cur:
                paras.append(" ".join(cur))
                cur = []
            continue
        if cur and cur[-1].endswith("-") and ln[:1].islower():
            cur[-1] = cur[-1][:-1] + ln.strip()
        else:
            cur.append(ln.strip())
    if cur:
        paras.append(" ".join(cur))
    return "\n\n".join(paras)


_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPH = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MD_LIST = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")


def _from_markdown(text: str) -> Extracted:
    out_lines: list[str] = []
    headline = None
    for i, line in enumerate(text.splitlines()):
        m = _MD_HEADING.match(line)
        if m:
            if m.group(1) == "#" and headline is None and not any(ln.strip() for ln in out_lines):
                headline = _MD_EMPH.sub(r"\2", m.group(2)).strip() or None
                continue
            line = m.group(2)
        line = _MD_QUOTE.sub("", line)
        line = _MD_LIST.sub("", line)
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_EMPH.sub(r"\2", line)
        out_lines.append(line)
    body = "\n".join(out_lines).strip("\n") + "\n"
    return Extracted(body, headline=headline)


# ---------------------------------------------------------------------------------------------
# adding to a film folder


def review_id_for(path: Path) -> str:
    """A review id from a file name: lower case, letters, digits, ``_`` and ``-``."""
    rid = _ID_CHARS.sub("-", path.stem.lower()).strip("-_")
    return rid or "review"


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    if not path.is_file():
        return ["review_id", "file", *META_COLUMNS], []
    text = textproc.decode_bytes(path.read_bytes()).text
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    if "review_id" not in header or "file" not in header:
        raise ImportFailure(f"{path}: reviews.csv has no review_id/file columns; fix it first "
                            f"(criticlens validate says what is wrong)")
    rows = [{(k or "").strip(): (v or "") for k, v in row.items()} for row in reader]
    return header, rows


def add_reviews(film_dir: str | Path, files: list[str | Path]) -> list[AddResult]:
    """Import each file into the film folder (see the module docstring); one result per file.

    The folder must exist and hold a film.yaml (``criticlens new-film`` makes one). Each file is
    imported on its own: a failure never stops the others, and a failed file leaves nothing
    behind.
    """
    folder = Path(film_dir)
    if not folder.is_dir():
        raise ImportFailure(f"{folder}: not a folder (make one with criticlens new-film)")
    if not (folder / "film.yaml").is_file():
        raise ImportFailure(f"{folder}: has no film.yaml (make one with criticlens new-film)")
    from criticlens.corpus.film import FilmMeta

    _meta, probs = FilmMeta.from_yaml(folder / "film.yaml")
    errors = [msg for level, _code, msg in probs if level == "error"]
    if errors:  # reviews added to a folder that cannot load would only hide the problem
        raise ImportFailure(errors[0] + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""))
    csv_path = folder / "reviews.csv"
    header, rows = _read_csv(csv_path)
    ids = {r.get("review_id", "").strip() for r in rows}
    results: list[AddResult] = []
    for f in files:
        src = Path(f)
        try:
            out = extract(src)
            rid = review_id_for(src)
            txt = folder / "reviews" / f"{rid}.txt"
            kept = folder / "sources" / src.name
            if rid in ids:
                raise ImportFailure(f"a review with id {rid!r} is already in reviews.csv; rename the file to import it")
            if txt.exists():
                raise ImportFailure(f"reviews/{rid}.txt already exists; not overwritten")
            if kept.exists():
                raise ImportFailure(f"sources/{src.name} already exists; not overwritten")
            txt.parent.mkdir(exist_ok=True)
            kept.parent.mkdir(exist_ok=True)
            with open(txt, "x", encoding="utf-8", newline="\n") as fh:
                fh.write(out.text)
            try:
                shutil.copyfile(src, kept)
            except OSError as exc:
                txt.unlink()
                raise ImportFailure(f"cannot copy the original to sources/ ({exc.strerror or exc})") from exc
        except ImportFailure as exc:
            results.append(AddResult(str(src), False, f"{src}: {exc}"))
            continue
        except OSError as exc:
            results.append(AddResult(str(src), False, f"{src}: cannot write the review ({exc.strerror or exc})"))
            continue
        meta = {c: getattr(out, c) for c in META_COLUMNS}
        row = {"review_id": rid, "file": f"reviews/{rid}.txt", **{c: v or "" for c, v in meta.items()}}
        for c in META_COLUMNS:
            if c not in header and meta[c]:
                header.append(c)
        rows.append(row)
        ids.add(rid)
        stated = ", ".join(f"{c}={v!r}" for c, v in meta.items() if v) or "no metadata stated"
        results.append(AddResult(str(src), True, f"{src}: added as reviews/{rid}.txt ({len(out.text.split())} words; {stated})",
                                 review_id=rid, meta=meta))
    if any(r.ok for r in results):
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=header, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in header})
        csv_path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    return results
