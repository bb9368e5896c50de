"""The malformed-corpus catalogue: every kind of messy film folder we know, and what the load
report must say about it.

Each case builds its film folder inside ``tmp_path`` and declares:

- the report items it must produce, as ``(level, code, fragment, where)``: the item's message
  contains ``fragment`` and names ``where`` (the file, or the scene, the problem is in);
- the exact set of report codes (no surprise warnings, no missing ones);
- the review ids that load, and every input (reviews.csv rows and stray ``.txt`` files).

Then one generic test checks, for every case, that nothing was dropped silently:
``n_in == n_loaded + n_rejected``, ``n_in`` counts every input, and every input that did not
load is named by an item of the report. Loaded reviews keep their raw text exactly and every
offset maps back into it. Cases with extra, case-specific facts have a second test below.

The foundation's list (issue 2, item 7) is here as well as the reliability list (issue 9);
``tests/corpus/test_loader.py`` pins the same foundation cases in more detail and the 5 MB review.
"""
from __future__ import annotations

import codecs
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from criticlens.corpus.load import FilmLoadError, load_film, offsets_ok

YAML = "title: Test Film\nyear: 2020\n"
#: Ordinary English review text (two sentences, 17 words).
GOOD = "A fine film about a marriage. The acting is strong, and the ending lands with real force.\n"
GOOD2 = "Another critic disagrees. She finds the film slow, and the score is far too loud for her.\n"
#: 40 word tokens ("d'un" is one), of which one English stopword ("y"): 2.5%, printed "2%".
FRENCH = ("Blue Valentine est un film dur et beau sur la fin d'un mariage. Ryan Gosling et Michelle "
          "Williams y sont extraordinaires. Le réalisateur alterne les souvenirs heureux du couple et "
          "sa lente dissolution, avec une caméra très proche des visages.\n")

#: Japanese has no spaces between words: 7 "words" by the tokenizer, so only the script check sees it.
JAPANESE = ("ブルーバレンタインは、結婚の終わりを描いた厳しくも美しい映画だ。ライアン・ゴズリングとミシェル・"
            "ウィリアムズが素晴らしい。二人の演技は本物で、観終わった後も長く心に残る。\n")
RUSSIAN = ("Блю Валентайн — жёсткий и красивый фильм о конце брака. Райан Гослинг и Мишель Уильямс "
           "великолепны. Режиссёр чередует счастливые воспоминания пары и её медленный распад.\n")

#: Nine levels of nine aliases: 9**9 (387 million) strings from ten lines (issue 17.2).
ALIAS_BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi"))

Item = tuple[str, str, str, str]  # level, code, fragment of the message, file or scene it names


@dataclass
class Case:
    id: str
    build: Callable[[Path], Path]
    expect: list[Item]
    loaded: list[str]
    inputs: list[tuple[str, str]] = field(default_factory=list)  # (review_id or "", file)
    fatal: bool = False


def write_film(root: Path, files: dict[str, bytes | str], rows: list[tuple[str, str]] | None = None, *,
               yaml_text: str | None = YAML, header: str = "review_id,file", csv_text: str | None = None) -> Path:
    """A film folder: film.yaml, reviews.csv (``rows`` of id,file) and the given files."""
    folder = root / "film"
    (folder / "reviews").mkdir(parents=True)
    if yaml_text is not None:
        (folder / "film.yaml").write_text(yaml_text, encoding="utf-8")
    if rows is None:
        rows = [(Path(f).stem, f) for f in files]
    if csv_text is None:
        csv_text = "\n".join([header] + [",".join(r) for r in rows]) + "\n"
    if csv_text != "<none>":
        (folder / "reviews.csv").write_text(csv_text, encoding="utf-8")
    for rel, data in files.items():
        p = folder / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return folder


def simple(files: dict[str, bytes | str], rows: list[tuple[str, str]] | None = None, **kw) -> Callable[[Path], Path]:
    return lambda root: write_film(root, files, rows, **kw)


def symlink_out(listed: bool) -> Callable[[Path], Path]:
    def build(root: Path) -> Path:
        outside = root / "elsewhere"
        outside.mkdir()
        (outside / "secret.txt").write_text(GOOD2, encoding="utf-8")
        rows = [("a", "reviews/a.txt")] + ([("b", "reviews/b.txt")] if listed else [])
        folder = write_film(root, {"reviews/a.txt": GOOD}, rows)
        os.symlink(outside / "secret.txt", folder / "reviews" / "b.txt")
        return folder
    return build


def scene_yaml(*scene_lines: str, extra: str = "") -> str:
    return YAML + extra + "scenes:\n" + "".join(scene_lines)


CASES: list[Case] = [
    # ---- issue 2, item 7: the foundation's bad inputs
    Case("film_yaml_missing", simple({"reviews/a.txt": GOOD}, yaml_text=None),
         [("error", "film_yaml_missing", "film.yaml is missing", "film.yaml")], [], fatal=True),
    Case("film_yaml_invalid_names_line",
         simple({"reviews/a.txt": GOOD}, yaml_text="title: Test Film\nyear: 2020\ncast: [Ryan Gosling\nscenes: []\n"),
         [("error", "film_yaml_invalid", "invalid YAML at line 4, column 7", "film.yaml")], [], fatal=True),
    Case("reviews_csv_missing", simple({"reviews/a.txt": GOOD}, csv_text="<none>"),
         [("error", "reviews_csv_missing", "reviews.csv is missing", "reviews.csv")], [], fatal=True),
    Case("reviews_csv_missing_required_column",
         simple({"reviews/a.txt": GOOD}, csv_text="id,path\na,reviews/a.txt\n"),
         [("error", "reviews_csv_columns", "missing required column(s) review_id, file", "reviews.csv")],
         [], fatal=True),
    Case("row_whose_file_does_not_exist",
         simple({"reviews/a.txt": GOOD}, [("a", "reviews/a.txt"), ("b", "reviews/gone.txt")]),
         [("error", "file_missing", "file does not exist (review 'b')", "reviews/gone.txt")],
         ["a"], [("a", "reviews/a.txt"), ("b", "reviews/gone.txt")]),
    Case("txt_file_with_no_row",
         simple({"reviews/a.txt": GOOD, "reviews/extra.txt": GOOD2}, [("a", "reviews/a.txt")]),
         [("warning", "file_unlisted", "has no row in reviews.csv", "reviews/extra.txt")],
         ["a"], [("a", "reviews/a.txt"), ("", "reviews/extra.txt")]),
    Case("duplicate_review_id",
         simple({"reviews/a.txt": GOOD, "reviews/b.txt": GOOD2}, [("a", "reviews/a.txt"), ("a", "reviews/b.txt")]),
         [("error", "review_id_duplicate", "duplicate review_id 'a' (first on line 2)", "reviews/b.txt")],
         ["a"], [("a", "reviews/a.txt"), ("a", "reviews/b.txt")]),
    Case("empty_review", simple({"reviews/a.txt": GOOD, "reviews/b.txt": b""}),
         [("error", "review_empty", "empty file (0 bytes)", "reviews/b.txt")],
         ["a"], [("a", "reviews/a.txt"), ("b", "reviews/b.txt")]),
    Case("whitespace_only_review", simple({"reviews/a.txt": GOOD, "reviews/b.txt": " \r\n\t\n  \n"}),
         [("error", "review_blank", "whitespace only", "reviews/b.txt")],
         ["a"], [("a", "reviews/a.txt"), ("b", "reviews/b.txt")]),
    Case("binary_file",
         simple({"reviews/a.txt": GOOD, "reviews/b.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20}),
         [("error", "review_undecodable", "binary data, not text", "reviews/b.txt")],
         ["a"], [("a", "reviews/a.txt"), ("b", "reviews/b.txt")]),
    Case("nul_bytes_in_utf8_text", simple({"reviews/a.txt": GOOD, "reviews/b.txt": "A film.\x00 Good.\n"}),
         [("error", "review_undecodable", "contains NUL bytes", "reviews/b.txt")],
         ["a"], [("a", "reviews/a.txt"), ("b", "reviews/b.txt")]),
    Case("cp1252_file_loads",
         simple({"reviews/a.txt": "Café society – a naïve, “bruising” film. It works.\n".encode("cp1252")}),
         [("warning", "encoding_detected", "not UTF-8; decoded as cp1252", "reviews/a.txt")],
         ["a"], [("a", "reviews/a.txt")]),
    Case("utf16_file_loads", simple({"reviews/a.txt": GOOD.encode("utf-16")}),
         [("info", "encoding_utf16", "decoded as utf-16", "reviews/a.txt")], ["a"], [("a", "reviews/a.txt")]),
    Case("scene_pattern_not_a_regex",
         simple({"reviews/a.txt": GOOD}, yaml_text=scene_yaml(
             "  - id: ukulele\n    label: Ukulele\n    terms: [ukulele]\n    patterns: ['tap(dance']\n")),
         [("error", "scene_pattern", "invalid regular expression: missing ), unterminated subpattern", "'ukulele'")],
         ["a"], [("a", "reviews/a.txt")]),
    # ---- issue 9: the reliability list
    Case("crlf_line_endings",
         simple({"reviews/a.txt": "Headline Here\r\n\r\nA fine film.\r\nThe end lands.\r\n\r\nSecond part. Yes.\r\n"}),
         [], ["a"], [("a", "reviews/a.txt")]),
    Case("mixed_line_endings",
         simple({"reviews/a.txt": "A fine film.\r\nThe end lands.\rIt hurts.\n\nSecond part.\r\n\r\nYes.\n"}),
         [("info", "line_endings_mixed", "mixed line endings (3 CRLF, 1 CR, 3 LF)", "reviews/a.txt")],
         ["a"], [("a", "reviews/a.txt")]),
    Case("review_in_another_language", simple({"reviews/a.txt": GOOD, "reviews/b.txt": FRENCH}),
         [("warning", "review_language", "probably not English: only 2% of its 40 body words", "reviews/b.txt")],
         ["a", "b"], [("a", "reviews/a.txt"), ("b", "reviews/b.txt")]),
    Case("review_in_a_script_without_spaces",
         simple({"reviews/a.txt": GOOD, "reviews/b.txt": JAPANESE}),
         [("warning", "review_language", "probably not English: 100% of its letters are not in the Latin alphabet",
           "reviews/b.txt")],
         ["a", "b"], [("a", "reviews/a.txt"), ("b", "reviews/b.txt")]),
    Case("review_in_cyrillic", simple({"reviews/a.txt": GOOD, "reviews/b.txt": RUSSIAN}),
         [("warning", "review_language", "100% of its letters are not in the Latin alphabet", "reviews/b.txt")],
         ["a", "b"], [("a", "reviews/a.txt"), ("b", "reviews/b.txt")]),
    Case("no_sentence_punctuation",
         simple({"reviews/a.txt": "i loved this film the acting is raw and the ending hurts\n"
                                  "it stays with you for days and you think about it often\n\n"
                                  "see it with someone you love or someone you used to love\n"}),
         [("warning", "review_no_punctuation", "no sentence punctuation in 36 body words", "reviews/a.txt"),
          ("warning", "layout_lower_case", "the text is all lower case", "reviews/a.txt")],
         ["a"], [("a", "reviews/a.txt")]),
    Case("one_enormous_line",
         simple({"reviews/a.txt": "The film hums along with a quiet and steady force. " * 6000}),
         [], ["a"], [("a", "reviews/a.txt")]),
    Case("review_only_a_headline",
         simple({"reviews/a.txt": GOOD, "reviews/b.txt": "Blue Valentine Breaks Your Heart\n"}),
         [("warning", "review_headline_only", "looks like a headline only", "reviews/b.txt")],
         ["a", "b"], [("a", "reviews/a.txt"), ("b", "reviews/b.txt")]),
    Case("section_and_headline_only",
         simple({"reviews/a.txt": GOOD, "reviews/b.txt": "Entertainment\n\nA Love Story Comes Apart\n"}),
         [("warning", "review_headline_only", "'A Love Story Comes Apart'", "reviews/b.txt")],
         ["a", "b"], [("a", "reviews/a.txt"), ("b", "reviews/b.txt")]),
    Case("duplicate_texts_under_different_ids",
         simple({"reviews/a.txt": GOOD, "reviews/b.txt": GOOD}),
         [("warning", "duplicate_text", "same bytes as review 'a'", "reviews/b.txt")],
         ["a", "b"], [("a", "reviews/a.txt"), ("b", "reviews/b.txt")]),
    Case("duplicate_text_in_another_encoding_and_line_ends",
         simple({"reviews/a.txt": "Café society. A fine film.\n\nIt lands.\n",
                 "reviews/b.txt": "Café society. A fine film.\r\n\r\nIt lands.\r\n".encode("utf-16")}),
         [("warning", "duplicate_text", "same text as review 'a' apart from encoding, line ends or spacing",
           "reviews/b.txt"), ("info", "encoding_utf16", "decoded as utf-16", "reviews/b.txt")],
         ["a", "b"], [("a", "reviews/a.txt"), ("b", "reviews/b.txt")]),
    Case("symlink_leaving_the_folder_listed", symlink_out(listed=True),
         [("error", "file_outside", "resolves outside the film folder", "reviews/b.txt")],
         ["a"], [("a", "reviews/a.txt"), ("b", "reviews/b.txt")]),
    Case("symlink_leaving_the_folder_unlisted", symlink_out(listed=False),
         [("warning", "file_outside", "symlink to a file outside the film folder", "reviews/b.txt")],
         ["a"], [("a", "reviews/a.txt"), ("", "reviews/b.txt")]),
    Case("dotdot_path_in_reviews_csv",
         simple({"reviews/a.txt": GOOD}, [("a", "reviews/a.txt"), ("b", "../../etc/passwd")]),
         [("error", "file_outside", "resolves outside the film folder", "../../etc/passwd")],
         ["a"], [("a", "reviews/a.txt"), ("b", "../../etc/passwd")]),
    Case("absolute_path_in_reviews_csv",
         simple({"reviews/a.txt": GOOD}, [("a", "reviews/a.txt"), ("b", "/etc/hostname")]),
         [("error", "file_outside", "absolute path", "/etc/hostname")],
         ["a"], [("a", "reviews/a.txt"), ("b", "/etc/hostname")]),
    Case("film_yaml_unknown_keys",
         simple({"reviews/a.txt": GOOD}, yaml_text=scene_yaml(
             "  - id: dog\n    label: Dog\n    terms: [dog]\n    colour: red\n", extra="rating: 5\n")),
         [("warning", "film_yaml_unknown_key", "unknown key 'rating'", "film.yaml"),
          ("warning", "film_yaml_unknown_key", "scene 'dog': unknown key 'colour'", "film.yaml")],
         ["a"], [("a", "reviews/a.txt")]),
    Case("scene_terms_empty_strings",
         simple({"reviews/a.txt": GOOD}, yaml_text=scene_yaml(
             "  - id: dog\n    label: Dog\n    terms: ['', dog]\n",
             "  - id: ghost\n    label: Ghost\n    terms: ['', '   ']\n")),
         [("warning", "scene_term_empty", "scene 'dog': empty term", "'dog'"),
          ("warning", "scene_term_empty", "scene 'ghost': empty term", "'ghost'"),
          ("warning", "scene_no_terms", "it can never match", "'ghost'")],
         ["a"], [("a", "reviews/a.txt")]),
    Case("scene_regex_needs_backtracking",
         simple({"reviews/a.txt": GOOD}, yaml_text=scene_yaml(
             "  - id: slow\n    label: Slow\n    terms: [slow]\n    patterns: ['(a)\\1', 'a(?=b)']\n")),
         [("error", "scene_pattern", "pattern '(a)\\\\1' refused: it uses a backreference", "'slow'"),
          ("error", "scene_pattern", "pattern 'a(?=b)' refused: it uses a lookahead or lookbehind", "'slow'")],
         ["a"], [("a", "reviews/a.txt")]),
    # issue 17.1: shapes that hang a backtracking engine are accepted and run in linear time
    Case("scene_regex_catastrophic_shapes_run",
         simple({"reviews/a.txt": GOOD}, yaml_text=scene_yaml(
             "  - id: slow\n    label: Slow\n    terms: [slow]\n"
             "    patterns: ['.*.*.*.*.*.*.*.*z', '(a+)+$', '((\\w+))+x']\n")),
         [], ["a"], [("a", "reviews/a.txt")]),
    # ---- issue 17.2: YAML budgets (refused before any value is built, formatted or dumped)
    Case("yaml_alias_bomb", simple({"reviews/a.txt": GOOD}, yaml_text=ALIAS_BOMB + "year: *i\n"),
         [("error", "film_yaml_alias_budget", "expand to more than 200,000 values", "film.yaml")], [], fatal=True),
    Case("yaml_alias_bomb_under_unknown_key",
         simple({"reviews/a.txt": GOOD}, yaml_text=YAML + "extra:\n" + "".join(
             "  " + ln + "\n" for ln in ALIAS_BOMB.splitlines()) + "  big: *i\n"),
         [("error", "film_yaml_alias_budget", "an alias bomb?", "film.yaml")], [], fatal=True),
    Case("yaml_nesting_5000_deep", simple({"reviews/a.txt": GOOD}, yaml_text=YAML + "notes: " + "[" * 5000 + "]" * 5000 + "\n"),
         [("error", "film_yaml_too_deep", "nesting deeper than 40 levels at line 3", "film.yaml")], [], fatal=True),
    # ---- issue 17.3: every film.yaml field typed; a string where a list belongs is one item
    Case("scene_patterns_a_string_is_one_pattern",
         simple({"reviews/a.txt": GOOD}, yaml_text=scene_yaml("  - id: dance\n    label: D\n    patterns: dance\n")),
         [], ["a"], [("a", "reviews/a.txt")]),
    Case("cast_aliases_a_string_is_one_alias",
         simple({"reviews/a.txt": GOOD}, yaml_text=YAML + "cast:\n  - actor: Ryan Gosling\n    character: Dean\n    aliases: Deano\n"),
         [], ["a"], [("a", "reviews/a.txt")]),
    Case("film_yaml_numbers_where_strings_belong",
         simple({"reviews/a.txt": GOOD}, yaml_text=YAML + "cast:\n  - actor: Ryan Gosling\n    character: Dean\n    aliases: 5\n"
                + "scenes:\n  - id: dance\n    label: 7\n    terms: [dance]\n    patterns: 5\n    lines: [ok, 3]\n    all_of: 5\n"),
         [("error", "film_yaml_type", "cast[0].aliases should be a string or a list of strings, got int 5", "film.yaml"),
          ("error", "film_yaml_type", "scenes[dance].patterns should be a string or a list of strings, got int 5", "film.yaml"),
          ("error", "film_yaml_type", "scenes[dance].lines[1] should be a string, got int 3", "film.yaml"),
          ("error", "film_yaml_type", "scenes[dance].all_of should be a list of lists of terms, got int 5", "film.yaml"),
          ("error", "film_yaml_type", "scenes[dance].label should be a string, got int 7", "film.yaml")],
         ["a"], [("a", "reviews/a.txt")]),
    Case("scene_terms_a_number",
         simple({"reviews/a.txt": GOOD}, yaml_text=scene_yaml("  - id: dance\n    label: D\n    terms: 5\n")),
         [("error", "scene_terms", "'terms' should be a string or a list of strings, got int 5", "'dance'"),
          ("warning", "scene_no_terms", "it can never match", "'dance'")],
         ["a"], [("a", "reviews/a.txt")]),
    Case("scene_id_with_trailing_newline",
         simple({"reviews/a.txt": GOOD}, yaml_text=scene_yaml('  - id: "dance\\n"\n    label: D\n    terms: [dance]\n')),
         [("error", "scene_id", "'id' must be lower-case letters", "scene 1")], ["a"], [("a", "reviews/a.txt")]),
    # ---- further messy input
    Case("film_yaml_python_object_tag",
         simple({"reviews/a.txt": GOOD},
                yaml_text="title: !!python/object/apply:os.system ['echo owned']\n"),
         [("error", "film_yaml_invalid", "could not determine a constructor", "film.yaml")], [], fatal=True),
    Case("film_yaml_not_a_mapping", simple({"reviews/a.txt": GOOD}, yaml_text="- Blue Valentine\n- 2010\n"),
         [("error", "film_yaml_invalid", "must be a mapping of keys to values, got list", "film.yaml")], [],
         fatal=True),
    Case("film_yaml_without_title", simple({"reviews/a.txt": GOOD}, yaml_text="year: 2010\n"),
         [("error", "film_yaml_no_title", "'title' is required", "film.yaml")], ["a"], [("a", "reviews/a.txt")]),
    Case("mojibake_text",
         simple({"reviews/a.txt": "The film doesnâ€™t flinch. Itâ€™s brutal and honest about love.\n"}),
         [("warning", "mojibake_repaired", "repaired in the normalised form only", "reviews/a.txt")],
         ["a"], [("a", "reviews/a.txt")]),
    Case("reviews_csv_unknown_column_and_blank_id",
         simple({"reviews/a.txt": GOOD, "reviews/b.txt": GOOD2},
                csv_text="review_id,file,stars\na,reviews/a.txt,4\n,reviews/b.txt,2\n"),
         [("warning", "reviews_csv_unknown_column", "unknown column 'stars'", "reviews.csv"),
          ("error", "review_id_missing", "reviews.csv line 3: empty review_id", "reviews/b.txt")],
         ["a"], [("a", "reviews/a.txt"), ("", "reviews/b.txt")]),
    Case("reviews_csv_from_a_spreadsheet_with_semicolons",
         simple({"reviews/a.txt": GOOD}, csv_text="review_id;file\na;reviews/a.txt\n"),
         [("error", "reviews_csv_columns", "it looks separated by ';'", "reviews.csv")], [], fatal=True),
    Case("reviews_csv_cp1252_crlf_bom_free_excel_export",
         lambda root: _excel_film(root),
         [("warning", "duplicate_text", "same bytes as review 'a'", "reviews/b.txt"),
          ("warning", "encoding_detected", "not UTF-8; decoded as cp1252", "reviews.csv")],
         ["a", "b"], [("a", "reviews/a.txt"), ("b", "reviews/b.txt")]),
    Case("file_is_a_folder",
         simple({"reviews/a.txt": GOOD, "reviews/sub/x.txt": GOOD2},
                [("a", "reviews/a.txt"), ("b", "reviews/sub"), ("x", "reviews/sub/x.txt")]),
         [("error", "file_missing", "reviews/sub: is a folder, not a file (review 'b')", "reviews/sub")],
         ["a", "x"], [("a", "reviews/a.txt"), ("b", "reviews/sub"), ("x", "reviews/sub/x.txt")]),
    Case("no_review_loads", simple({"reviews/a.txt": b""}),
         [("error", "review_empty", "empty file", "reviews/a.txt"),
          ("error", "no_reviews", "no review could be loaded", "film")],
         [], [("a", "reviews/a.txt")]),
    Case("scene_id_invalid",
         simple({"reviews/a.txt": GOOD}, yaml_text=scene_yaml("  - id: Big Scene!\n    label: Big\n    terms: [big]\n")),
         [("error", "scene_id", "'id' must be lower-case letters", "'Big Scene!'")], ["a"], [("a", "reviews/a.txt")]),
]


def _excel_film(root: Path) -> Path:
    """reviews.csv as a spreadsheet saves it: cp1252, CRLF, quoted fields with commas and accents."""
    folder = write_film(root, {"reviews/a.txt": GOOD, "reviews/b.txt": GOOD}, csv_text="")
    csv_text = ('review_id,file,critic,outlet\r\n'
                'a,reviews/a.txt,"Kyle Smith, Jr.",New York Post\r\n'
                'b,reviews/b.txt,José Müller,"Café Weekly"\r\n')
    (folder / "reviews.csv").write_bytes(csv_text.encode("cp1252"))
    return folder


def test_catalogue_is_large_enough():
    assert len(CASES) >= 20
    assert len({c.id for c in CASES}) == len(CASES)


def _load(case: Case, tmp_path: Path):
    if case.id.startswith("symlink") and not hasattr(os, "symlink"):
        pytest.skip("no symlinks on this platform")
    folder = case.build(tmp_path)
    return folder, load_film(folder, raise_on_error=False)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_catalogue_case(case: Case, tmp_path: Path):
    folder, corpus = _load(case, tmp_path)
    rep = corpus.report
    items = rep.items
    # 1. the expected items, each with its text and naming the file (or scene) it is about
    for level, code, fragment, where in case.expect:
        hits = items[(items["level"] == level) & (items["code"] == code)]
        assert len(hits), f"no {level} {code}; report:\n{rep}"
        msgs = [m for m in hits["message"] if fragment in m]
        assert msgs, f"no {code} message contains {fragment!r}; got {list(hits['message'])}"
        assert any(where in m or where == f for m, f in zip(hits["message"], hits["file"], strict=True)
                   if fragment in m), f"{code} does not name {where!r}"
    # 2. and nothing else: no surprise errors or warnings, none missing
    assert sorted(set(rep.codes())) == sorted({c for _l, c, _f, _w in case.expect}), str(rep)
    assert rep.ok == (not any(lv == "error" for lv, *_ in case.expect))
    # 3. nothing dropped silently
    assert rep.n_in == rep.n_loaded + rep.n_rejected
    assert rep.n_loaded == len(corpus.reviews)
    assert list(corpus.review_ids) == case.loaded
    if case.fatal:
        assert rep.n_in == 0 and not case.loaded
        with pytest.raises(FilmLoadError) as info:
            load_film(folder)
        assert case.expect[0][2] in str(info.value)
        return
    assert rep.n_in == len(case.inputs)
    assert rep.n_rejected == len(case.inputs) - len(case.loaded)
    named_ids = set(items["review_id"].dropna())
    named_files = set(items["file"].dropna())
    loaded_files = set(corpus.reviews["file"])
    for rid, rel in case.inputs:
        if rel in loaded_files:
            continue
        assert rel in named_files or (rid and rid in named_ids and rid not in case.loaded), \
            f"input {rid or '-'} {rel} was neither loaded nor named in the report:\n{rep}"
    # 4. what loaded is exact
    assert offsets_ok(corpus)
    for rid, rel in zip(corpus.reviews["review_id"], corpus.reviews["file"], strict=True):
        data = (folder / rel).read_bytes()
        enc = corpus.reviews.set_index("review_id").loc[rid, "encoding"]
        assert corpus.raw(rid) == codecs.decode(data, enc)


# ---------------------------------------------------------------------------------------------
# case-specific facts


def _case(name: str) -> Case:
    return next(c for c in CASES if c.id == name)


def test_crlf_gives_the_same_sentences_as_lf(tmp_path):
    _f, crlf = _load(_case("crlf_line_endings"), tmp_path / "crlf")
    lf_text = crlf.raw("a").replace("\r\n", "\n")
    lf = load_film(write_film(tmp_path / "lf", {"reviews/a.txt": lf_text}))
    assert [s.replace("\r\n", "\n") for s in crlf.sentences["text"]] == list(lf.sentences["text"])
    assert list(crlf.sentences["text"]) == ["A fine film.", "The end lands.", "Second part.", "Yes."]
    assert list(crlf.spans["kind"]) == ["headline"] and list(crlf.spans["text"]) == ["Headline Here"]
    assert "\r\n" in crlf.raw("a")  # the raw text keeps its line ends


def test_mixed_line_endings_split_at_every_kind(tmp_path):
    _f, c = _load(_case("mixed_line_endings"), tmp_path)
    assert list(c.sentences["text"]) == ["A fine film.", "The end lands.", "It hurts.", "Second part.", "Yes."]
    assert list(c.sentences["para_id"]) == [0, 0, 0, 1, 2]


def test_no_punctuation_reads_each_paragraph_as_one_sentence(tmp_path):
    _f, c = _load(_case("no_sentence_punctuation"), tmp_path)
    assert list(c.sentences["n_words"]) == [24, 12]
    assert c.reviews.loc[0, "n_words"] == 36


def test_enormous_line_is_split_into_its_sentences(tmp_path):
    _f, c = _load(_case("one_enormous_line"), tmp_path)
    assert c.reviews.loc[0, "n_chars"] == 51 * 6000
    assert len(c.sentences) == 6000
    assert set(c.sentences["text"]) == {"The film hums along with a quiet and steady force."}
    assert c.reviews.loc[0, "n_words"] == 10 * 6000


def test_headline_only_review_keeps_its_words(tmp_path):
    """A headline-only review is loaded (and warned about), never emptied."""
    _f, c = _load(_case("review_only_a_headline"), tmp_path)
    b = c.reviews.set_index("review_id").loc["b"]
    assert c.body("b") == "Blue Valentine Breaks Your Heart" and b["n_words"] == 5


def test_language_check_leaves_english_alone(bv_corpus):
    assert "review_language" not in bv_corpus.report.codes()
    from criticlens.corpus.load import MIN_ENGLISH_STOPWORD_SHARE
    words = bv_corpus.tokens[bv_corpus.tokens["is_word"]]
    assert words.groupby("review_id")["is_stop"].mean().min() > 2 * MIN_ENGLISH_STOPWORD_SHARE


def test_cp1252_text_decoded_exactly(tmp_path):
    _f, c = _load(_case("cp1252_file_loads"), tmp_path)
    assert c.raw("a") == "Café society – a naïve, “bruising” film. It works.\n"
    assert c.reviews.loc[0, "encoding"] == "cp1252"


def test_backtracking_pattern_is_never_compiled_into_the_film(tmp_path):
    _f, c = _load(_case("scene_regex_needs_backtracking"), tmp_path)
    (scene,) = c.film.scenes
    assert scene.id == "slow" and scene.patterns == () and scene.terms == ("slow",)


def test_catastrophic_shapes_find_mentions_without_hanging(tmp_path, hang_detector):
    """Issue 17.1: `.*.*.*.*.*.*.*.*z` passed validate and then `scenes` never returned."""
    from criticlens.mentions.scenes import find_mentions
    _f, c = _load(_case("scene_regex_catastrophic_shapes_run"), tmp_path / "x")
    assert c.film.scenes[0].patterns == (".*.*.*.*.*.*.*.*z", "(a+)+$", "((\\w+))+x")
    # one long sentence of "a"s that nearly matches every pattern
    long = write_film(tmp_path / "long", {"reviews/a.txt": "Slow " + "a" * 20_000 + " is here.\n"},
                      yaml_text=(_f / "film.yaml").read_text())
    c2 = load_film(long)
    with hang_detector(120):
        m = find_mentions(c2, sentiment=False)
    assert set(m["term"]) == {"slow"}


def test_spreadsheet_csv_metadata_decoded(tmp_path):
    _f, c = _load(_case("reviews_csv_cp1252_crlf_bom_free_excel_export"), tmp_path)
    assert c.labels() == {"a": "Kyle Smith, Jr.", "b": "José Müller"}
    assert list(c.reviews["outlet"]) == ["New York Post", "Café Weekly"]


def test_in_memory_duplicate_texts_are_warned():
    from criticlens.corpus.load import corpus_from_texts

    c = corpus_from_texts({"a": "A fine film.\nIt lands.", "b": "A fine film.\r\nIt  lands.\n", "c": "Other."})
    w = c.report.warnings()
    assert list(w["code"]) == ["duplicate_text"] and list(w["review_id"]) == ["b"]
    assert "same text as review 'a'" in w.loc[0, "message"] and c.review_ids == ["a", "b", "c"]


def test_unreadable_review_is_rejected_and_named(tmp_path, monkeypatch):
    """A file that cannot be read (permissions; tests run as root, so simulated) is one rejected
    review with a named error, not a crash of the whole load."""
    folder = write_film(tmp_path, {"reviews/a.txt": GOOD, "reviews/b.txt": GOOD2})
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "b.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    c = load_film(folder)
    assert c.review_ids == ["a"]
    err = c.report.errors()
    assert list(err["code"]) == ["file_unreadable"]
    assert err.loc[0, "message"] == "reviews/b.txt: cannot be read (Permission denied)"
    assert c.report.n_in == 2 and c.report.n_rejected == 1


def test_string_fields_are_one_item_lists_not_letters(tmp_path):
    """Issue 17.3: `patterns: dance` gave 2,518 one-letter mentions; `aliases: Deano` made "A" Dean."""
    from criticlens.mentions.people import people_specs
    from criticlens.mentions.scenes import find_mentions

    _f, c = _load(_case("scene_patterns_a_string_is_one_pattern"), tmp_path / "p")
    assert c.film.scenes[0].patterns == ("dance",)
    assert len(find_mentions(c, sentiment=False)) == 0  # GOOD has no "dance"
    _f, c = _load(_case("cast_aliases_a_string_is_one_alias"), tmp_path / "a")
    assert c.film.cast[0].aliases == ("Deano",)
    dean = next(s for s in people_specs(c.film) if s.name == "Dean")
    assert "A" not in dean.forms and "Deano" in dean.forms


def test_yaml_budget_errors_come_fast_and_small(tmp_path, hang_detector):
    """The bomb is refused by measuring the node graph, never by expanding it."""
    from criticlens.corpus.film import FilmMeta

    p = tmp_path / "film.yaml"
    p.write_text(ALIAS_BOMB + "title: *i\n", encoding="utf-8")
    with hang_detector(60):
        meta, probs = FilmMeta.from_yaml(p)
    assert meta is None and [c for _l, c, _m in probs] == ["film_yaml_alias_budget"]
    assert len(probs[0][2]) < 300


def test_more_scenes_than_the_old_cache_compile_once_each(tmp_path, monkeypatch):
    """Issue 17.14: past 1,024 scenes the compiled-scene lru_cache thrashed (3,000 scenes: 261 s).
    find_mentions now compiles each scene exactly once per call, whatever their number."""
    from criticlens.mentions import scenes as S

    n = 1_100
    yaml_text = YAML + "scenes:\n" + "".join(
        f"  - id: s{i}\n    label: S{i}\n    terms: [word{i}]\n" for i in range(n))
    folder = write_film(tmp_path, {"reviews/a.txt": "We saw word7 and word1099 twice: word7.\n"},
                        yaml_text=yaml_text)
    c = load_film(folder)
    calls = {"n": 0}
    real = S.compile_scene

    def counting(spec):
        calls["n"] += 1
        return real(spec)

    monkeypatch.setattr(S, "compile_scene", counting)
    m = S.find_mentions(c, sentiment=False)
    assert calls["n"] == n
    assert sorted(m["scene_id"]) == ["s1099", "s7", "s7"]
