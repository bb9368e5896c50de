"""Build film folders with many critics from the public corpora in ``../shared/corpora``.

Two uses:

- the second bundled film, ``data/films/austin-powers-in-goldmember``: every Rotten Tomatoes
  snippet of *Austin Powers in Goldmember* (35 one-sentence reviews, 19 fresh and 16 rotten),
  with fresh/rotten kept as the ``group`` column; its ``film.yaml`` (cast, scenes) is written by
  hand and kept in the folder, this script writes only ``reviews.csv`` and ``reviews/``;
- the films of ``bench_figures.py``: N reviews (e.g. 300) from the polarity development fold (full
  reviews, pos/neg) and the snippets corpus, one review per file, its verdict as ``group``.

    python benchmarks/films.py goldmember --snippets ../shared/corpora/rotten_tomatoes_snippets.csv.bz2
    python benchmarks/films.py many --n 300 --snippets ... --polarity ... --out /tmp/film300

Each review file holds the corpus text byte for byte (UTF-8, no edit, no added newline); its row
in ``reviews.csv`` names the corpus and the row it came from. The corpora carry no critic or
outlet names, so ``critic`` and ``outlet`` stay empty (the label falls back to "Unsigned (id)").
"""
from __future__ import annotations

import argparse
import csv
import shutil
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
GOLDMEMBER = "austin_powers_in_goldmember"
GOLDMEMBER_SLUG = "austin-powers-in-goldmember"
COLUMNS = ["review_id", "file", "critic", "outlet", "headline", "published", "notes", "group"]


def _write(folder: Path, rows: list[dict[str, str]], texts: list[str]) -> Path:
    """Write ``reviews.csv`` and ``reviews/<id>.txt`` (replacing an earlier ``reviews/``)."""
    rdir = folder / "reviews"
    if rdir.exists():
        shutil.rmtree(rdir)
    rdir.mkdir(parents=True)
    for row, text in zip(rows, texts, strict=True):
        (folder / row["file"]).write_bytes(text.encode("utf-8"))
    with open(folder / "reviews.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        for row in rows:
            w.writerow({c: row.get(c, "") for c in COLUMNS})
    return folder


def snippet_rows(snippets: str | Path, movie: str) -> pd.DataFrame:
    """The review rows (not the plot row) of ``movie`` in the snippets corpus, in corpus order."""
    d = pd.read_csv(snippets)
    reviews = d[(d["movie_name"] == movie) & (d["category"] != "plot")]
    return reviews[reviews["text"].fillna("").str.strip() != ""]


def write_goldmember(snippets: str | Path, out: Path | None = None) -> Path:
    """Write the reviews of the bundled snippets film (its film.yaml is kept as it is)."""
    folder = out or ROOT / "data" / "films" / GOLDMEMBER_SLUG
    folder.mkdir(parents=True, exist_ok=True)
    reviews = snippet_rows(snippets, GOLDMEMBER)
    rows, texts = [], []
    for i, (_, r) in enumerate(reviews.iterrows(), start=1):
        rid = f"rt{i:02d}"
        rows.append({"review_id": rid, "file": f"reviews/{rid}.txt", "group": r["category"],
                     "notes": (f"Rotten Tomatoes snippet: rotten_tomatoes_snippets.csv.bz2, "
                               f"review {i} of {len(reviews)} for '{GOLDMEMBER}'; "
                               f"verdict {r['category']}")})
        texts.append(str(r["text"]))
    return _write(folder, rows, texts)


FILM_YAML_MANY = """\
# A benchmark film of {n} {reviews}, written by benchmarks/films.py: not one real film, but the
# polarity development fold (full reviews of many films) and Rotten Tomatoes snippets, so that
# every figure is drawn for a film with many critics. Cast and scenes are Goldmember's.
title: {n} {reviews} (benchmark)
cast:
  - actor: Mike Myers
    character: Austin Powers
scenes:
  - id: opening
    label: The opening
    order: 1
    terms: [opening, first five minutes, title sequence, first scene]
  - id: ending
    label: The ending
    order: 2
    terms: [ending, climax, final scene, last scene, finale]
"""


def write_many(n: int, snippets: str | Path, polarity: str | Path, out: Path) -> Path:
    """A film folder of ``n`` reviews: the polarity fold's first (full reviews), then snippets."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "film.yaml").write_text(FILM_YAML_MANY.format(n=n, reviews="review" if n == 1 else "reviews"), encoding="utf-8")
    pol = pd.read_csv(polarity)
    sn = pd.read_csv(snippets)
    sn = sn[(sn["category"] != "plot") & (sn["text"].fillna("").str.strip() != "")]
    rows, texts = [], []
    for _, r in pol.head(n).iterrows():
        rows.append({"review_id": str(r["review_id"]), "file": f"reviews/{r['review_id']}.txt",
                     "group": "fresh" if str(r["verdict"]).startswith("pos") else "rotten",
                     "notes": "polarity_v2_fold1.csv.bz2"})
        texts.append(str(r["text"]))
    for i, (_, r) in enumerate(sn.head(max(0, n - len(rows))).iterrows(), start=1):
        rid = f"rt{i:04d}"
        rows.append({"review_id": rid, "file": f"reviews/{rid}.txt", "group": r["category"],
                     "notes": f"rotten_tomatoes_snippets.csv.bz2, {r['movie_name']}"})
        texts.append(str(r["text"]))
    return _write(out, rows, texts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="what", required=True)
    g = sub.add_parser("goldmember", help="write data/films/austin-powers-in-goldmember reviews")
    g.add_argument("--snippets", required=True)
    g.add_argument("--out", type=Path, default=None)
    m = sub.add_parser("many", help="write a benchmark film of N reviews")
    m.add_argument("--n", type=int, default=300)
    m.add_argument("--snippets", required=True)
    m.add_argument("--polarity", required=True)
    m.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    if a.what == "goldmember":
        print(write_goldmember(a.snippets, a.out))
    else:
        print(write_many(a.n, a.snippets, a.polarity, a.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
