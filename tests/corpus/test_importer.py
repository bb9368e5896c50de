"""``criticlens add``: saved web pages, Word, PDF, Markdown and text become reviews (issue 14).

The pages are built here around a real review (the bundled Blue Valentine review 001, from
../shared/seeds) with the clutter real pages carry: navigation, a byline block, scripts and
styles, related links, reader comments and a footer. Nothing is fetched.
"""
from __future__ import annotations

import html
import json
import textwrap
from pathlib import Path

import pytest

from criticlens.cli.main import main
from criticlens.corpus.importer import ImportFailure, add_reviews, extract
from criticlens.corpus.load import load_film
from criticlens.paths import DATA_DIR

REVIEW = (DATA_DIR / "films" / "blue-valentine" / "reviews" / "001_d95669fbebcdb31f.txt").read_text(encoding="utf-8")
PARAS = [p.strip() for p in REVIEW.split("\n\n") if p.strip()]
CLUTTER = ["Subscribe now", "Sign in to your account", "Related stories", "MovieFan42",
           "ukulele lessons in a new interview", "All rights reserved", "dataLayer", "color:red"]


def page(*, meta: bool = True) -> str:
    ld = {"@context": "https://schema.org", "@type": "Review",
          "headline": "Blue Valentine review: love, then the hour after",
          "author": {"@type": "Person", "name": "Jane Critic"}, "datePublished": "2011-01-07",
          "publisher": {"@type": "Organization", "name": "The Daily Screen"}}
    head = (f'<meta property="og:site_name" content="The Daily Screen"><meta name="author" content="Jane Critic">'
            f'<script type="application/ld+json">{json.dumps(ld)}</script>') if meta else ""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in PARAS)
    return f"""<!DOCTYPE html><html><head><title>Blue Valentine review: love, then the hour after</title>{head}
<script>window.dataLayer=[];function t(){{return 'Subscribe now and save 50 percent';}}</script>
<style>.nav{{color:red}}</style></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/movies">Movies</a></li>
<li><a href="/login">Sign in to your account</a></li></ul></nav>
<article><div class="article-body">{body}</div></article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Ten best break-up movies of the decade</a></li>
<li><a href="/b">Ryan Gosling talks about his ukulele lessons in a new interview</a></li></ul></aside>
<section id="comments"><h3>Comments</h3><div class="comment"><p>MovieFan42 wrote: This movie was way too
depressing for a date night, I wanted my money back honestly.</p></div></section>
<footer><p>Copyright 2011 The Daily Screen. All rights reserved. Privacy policy.</p></footer></body></html>"""


@pytest.fixture
def film(tmp_path):
    folder = tmp_path / "bv"
    folder.mkdir()
    (folder / "film.yaml").write_text("title: Blue Valentine\n", encoding="utf-8")
    return folder


def test_saved_page_gives_only_the_review_body_and_its_metadata(tmp_path):
    f = tmp_path / "review.html"
    f.write_text(page(), encoding="utf-8")
    out = extract(f)
    assert out.text.split() == REVIEW.split()  # every word of the review, nothing else
    assert not any(c in out.text for c in CLUTTER)
    assert (out.critic, out.outlet, out.headline, out.published) == (
        "Jane Critic", "The Daily Screen", "Blue Valentine review: love, then the hour after", "2011-01-07")


def test_page_without_metadata_leaves_fields_blank(tmp_path):
    f = tmp_path / "bare.htm"
    f.write_text(page(meta=False), encoding="utf-8")
    out = extract(f)
    assert out.text.split() == REVIEW.split()
    assert out.critic is None and out.outlet is None


def test_add_writes_review_source_and_row_and_never_overwrites(film, tmp_path):
    f = tmp_path / "Daily Screen review.html"
    f.write_text(page(), encoding="utf-8")
    rc = main(["add", str(film), str(f)])
    assert rc == 0
    assert (film / "sources" / f.name).read_bytes() == f.read_bytes()
    text = (film / "reviews" / "daily-screen-review.txt").read_text(encoding="utf-8")
    assert text.split() == REVIEW.split()
    corpus = load_film(film)
    assert corpus.report.ok and corpus.review_ids == ["daily-screen-review"]
    row = corpus.reviews.iloc[0]
    assert (row["critic"], row["outlet"], row["published"]) == ("Jane Critic", "The Daily Screen", "2011-01-07")
    assert "file_unlisted" not in corpus.report.codes()  # sources/ is not read as reviews
    # a second import of the same name fails, names the file and leaves everything as it was
    before = (film / "reviews.csv").read_bytes()
    res = add_reviews(film, [f])
    assert not res[0].ok and str(f) in res[0].message and "already" in res[0].message
    assert (film / "reviews.csv").read_bytes() == before


def test_docx_and_pdf_built_here(film, tmp_path):
    import docx
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    d = docx.Document()
    for p in PARAS[:3]:
        d.add_paragraph(p)
    d.save(tmp_path / "word.docx")
    with plt.rc_context({"pdf.fonttype": 42}):
        fig = plt.figure(figsize=(8.5, 11))
        y = 0.95
        for p in PARAS[:3]:
            for ln in textwrap.wrap(p, 90):
                fig.text(0.05, y, ln, fontsize=9)
                y -= 0.018
        fig.savefig(tmp_path / "paper.pdf")
        plt.close(fig)
    want = " ".join(PARAS[:3]).split()
    assert extract(tmp_path / "word.docx").text.split() == want
    assert extract(tmp_path / "paper.pdf").text.split() == want
    assert extract(tmp_path / "word.docx").text.count("\n\n") == 2  # Word paragraphs kept
    res = add_reviews(film, [tmp_path / "word.docx", tmp_path / "paper.pdf"])
    assert [r.ok for r in res] == [True, True]
    assert sorted(p.name for p in (film / "reviews").iterdir()) == ["paper.txt", "word.txt"]


def test_markdown_loses_its_syntax_and_gives_a_headline(tmp_path):
    md = "# A *small* but shattering film\n\n" + PARAS[0].replace("Mills Brothers", "[Mills Brothers](http://x)") + \
         "\n\n> " + PARAS[1] + "\n\n- **" + PARAS[2] + "**\n"
    f = tmp_path / "r.md"
    f.write_text(md, encoding="utf-8")
    out = extract(f)
    assert out.headline == "A small but shattering film"
    assert out.text.split() == " ".join(PARAS[:3]).split()


@pytest.mark.parametrize("name, data, reason", [
    ("x.rtf", b"{\\rtf1 hello}", "unsupported file type"),
    ("empty.html", b"  \n", "empty"),
    ("nav.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no (?:article text|review found)"),
    ("bad.docx", b"PK\x03\x04 not really a zip", "not a readable Word"),
    ("bad.pdf", b"%PDF-1.4 garbage", "PDF"),
    ("short.txt", b"Too short to be a review.", "only 6 words"),
])
def test_failures_name_the_reason(tmp_path, name, data, reason):
    f = tmp_path / name
    f.write_bytes(data)
    with pytest.raises(ImportFailure, match=reason):
        extract(f)


def test_cli_add_reports_failures_and_exits_nonzero(film, tmp_path, capsys):
    bad = tmp_path / "nav.html"
    bad.write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    rc = main(["add", str(film), str(bad)])
    err = capsys.readouterr().err
    assert rc == 1 and err.startswith(f"{bad}: ") and "no review found" in err
    assert not (film / "reviews.csv").exists() and not (film / "sources").exists()
