"""Markup, encoding debris, headers and sign-offs as non-body spans (issue 14).

Every header/sign-off rule is tested on a real line from Pang and Lee's polarity dataset v2.0,
fold 1 (the review id is given); the rules for "new address" and "seen at :" use the lines
quoted in issue 14 from the same dataset.
"""
from __future__ import annotations

import pytest

from criticlens.corpus.load import corpus_from_texts, offsets_ok
from criticlens.text.body import edge_kind, find_body, line_spans
from criticlens.text.markup import find_markup, mask

IMDB = "It stank.<br /><br />It stinks. The plot is silly."


def test_imdb_br_splits_paragraphs_and_is_never_a_token():
    c = corpus_from_texts({"a": IMDB, "b": "A <i>fine</i> film.<br />Really.<br><br>Go &amp; see it&nbsp;now."})
    a = c.sentences[c.sentences["review_id"] == "a"]
    assert list(a["text"]) == ["It stank.", "It stinks.", "The plot is silly."]
    assert list(a["para_id"]) == [0, 1, 1]
    norms = set(c.tokens["norm"])
    assert not norms & {"br", "i", "amp", "nbsp", "<", ">", "/", "&", ";"}
    b = c.tokens[c.tokens["review_id"] == "b"]
    assert list(b["text"]) == ["A", "fine", "film", ".", "Really", ".", "Go", "see", "it", "now", "."]
    assert list(c.reviews["has_markup"]) == [True, True]
    assert offsets_ok(c)
    assert c.raw("a") == IMDB  # the raw text is never edited


def test_markup_spans_map_into_the_raw_text():
    spans = find_markup(IMDB + " &#39;x&#x2019; &bogus; a < b > c <!-- hi --> <script>var s='<b>';</script>")
    kinds = [k for k, _s, _e in spans]
    assert kinds == ["markup_tag", "markup_tag", "markup_entity", "markup_entity", "markup_tag", "markup_tag"]
    text = IMDB + " &#39;x&#x2019; &bogus; a < b > c <!-- hi --> <script>var s='<b>';</script>"
    assert [text[s:e] for _k, s, e in spans] == [
        "<br />", "<br />", "&#39;", "&#x2019;", "<!-- hi -->", "<script>var s='<b>';</script>"]


def test_mask_keeps_the_length_and_breaks_blocks():
    raw = "a<br />b &amp; c"
    m = mask(raw, find_markup(raw))
    assert len(m) == len(raw)
    assert m == "a\n     b       c"


def test_quoted_printable_debris():
    raw = "The film is extraordi=\nnary.=20 It was=20\nwonderful =3D grand. Really good."
    c = corpus_from_texts({"q": raw})
    assert list(c.spans["kind"]) == ["qp_soft_break", "qp_escape", "qp_escape", "qp_escape"]
    toks = c.tokens
    word = toks[toks["norm"] == "extraordinary"]
    assert list(word["text"]) == ["extraordi=\nnary"]  # raw offsets, one token
    assert not set(toks["norm"]) & {"=20", "20", "3d", "="}
    assert offsets_ok(c)


def test_equals_sign_in_prose_is_not_quoted_printable():
    assert find_markup("The score was 3=3 at the end.\nx = y") == []


@pytest.mark.parametrize("line, kind, source", [
    # credits
    ("directed by : christian duguay", "credits", "cv064_25842"),
    ("starring : wesley snipes , anne archer , michael chaykin , donald sutherland , marie matiko .",
     "credits", "cv064_25842"),
    ("running time : 117 minutes", "credits", "cv064_25842"),
    ("rated r for sci-fi violence .", "credits", "cv049_20471"),
    ("screen story by kevin yagher and andrew kevin walker .", "credits", "cv073_21785"),
    ("produced by bruce cohen & dan jinks written by alan ball directed by sam mendes", "credits", "cv041_21113"),
    ("directed by michael bay", "credits", "issue 14"),
    # theatre
    ("seen may 31 , 1999 on home video ( rented ) .", "theatre", "cv029_18643"),
    ("various films seen at the seattle film festival :", "theatre", "cv090_0049"),
    ("seen at : amc old pasadena 8", "theatre", "issue 14"),
    # blurbs
    ("a fully loaded entertainment review - website coming in july !", "blurb", "cv022_12864"),
    ("new address . same old attitude", "blurb", "issue 14"),
    # copyright
    ("? 1999 eugene novikov", "copyright", "cv047_18725"),
    ("? 1999 eugene novikov&#137 ;", "copyright", "cv037_18510"),
    ("review by david wilcock ? 1998", "copyright", "cv078_14730"),
    # headers
    ("the happy bastard's quick movie review", "header", "cv001_19502"),
    ('susan granger\'s review of " the closet " ( miramax films )', "header", "cv063_28997"),
    ("meet joe black ( reviewed on nov . 27/98 )", "header", "cv098_15435"),
    # epigraph
    ('" you know , for kids " - norville barnes', "epigraph", "cv078_14730"),
    # ratings
    ("[pg-13]", "rating", "cv018_21672"),
    ("overall rating=", "rating", "cv078_14730"),
    ("a nightmare of elm street 3 ( 7/10 ) - blair witch 2 ( 7/10 ) - the crow ( 9/10 ) - "
     "the crow : salvation ( 4/10 ) - lost highway ( 10/10 )", "rating", "cv000_29416"),
    ("* * * out of four", "rating", "issue 14"),
    ("3/4", "rating", "issue 14"),
    ("grade : b+", "rating", "issue 14"),
])
def test_edge_rules_on_real_lines(line, kind, source):
    assert edge_kind(line) == kind, source


@pytest.mark.parametrize("line", [
    # real first and last lines of polarity reviews that are review text, not headers
    "a movie like mortal kombat : annihilation works ( and must be reviewed on ) multiple levels .",
    "warning : anyone offended by blatant , leering machismo had better avoid this film .",
    "it's one of the worst movies i've seen in a long time .",
    "this was as wrong as you can get without going to jail .",
    "grade : z . avoid like the plague , unless you're looking for inadvertent yuks .",
])
def test_edge_rules_leave_review_sentences_alone(line):
    assert edge_kind(line) is None


def test_headers_only_at_the_edges_and_ratings_anywhere():
    text = ("directed by michael bay\nseen at : amc old pasadena 8\nthe film is loud .\n"
            "starring nobody you know , it goes on .\n* * * out of four\nit ends .\n"
            "new address . same old attitude\n")
    spans, bs, be = line_spans(text, 0, len(text))
    assert [(k, text[s:e]) for k, s, e in spans] == [
        ("credits", "directed by michael bay"), ("theatre", "seen at : amc old pasadena 8"),
        ("rating", "* * * out of four"), ("blurb", "new address . same old attitude")]
    assert text[bs:be].startswith("the film is loud") and text[bs:be].endswith("it ends .")
    c = corpus_from_texts({"a": text})
    assert list(c.sentences["text"]) == ["the film is loud .", "starring nobody you know , it goes on .", "it ends ."]


def test_a_text_of_header_lines_only_is_kept_whole():
    text = "directed by michael bay\nstarring : nobody\n"
    split = find_body(text)
    assert (split.body_start, split.body_end) == (0, len(text.rstrip()))
