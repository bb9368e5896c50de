"""Per-critic vocabularies and how much they overlap.

A *vocabulary* is the set of terms a critic uses in the review body (never the headline, byline
or listing: those are ``corpus.spans``). Terms come from the ``tokens`` frame, so the tokenizer's
choices hold here too: clitics are split off ("Gosling's" -> "gosling" + "'s", and "'s" is not
a word), hyphenated words stay whole ("heart-rending"), curly and straight apostrophes match.

Defaults, and why
-----------------
``casefold=True``
    "Marriage" at the start of a sentence is the same word as "marriage" in the middle.
    (Proper names then share a form with common words: "Blue" and "blue".)
``stopwords=True`` (the project list, ``criticlens/data/stopwords_en.txt``)
    Every critic uses "the", "and", "of"; leaving them in makes every vocabulary overlap high
    and every shared set the same function words, which says nothing about the critics.
``min_length=2``
    Drops stray single letters (initials, a rating letter that reached the body) and keeps
    two-letter content words ("TV", "ex").
``stem="none"``
    Porter stems are not words ("marriag", "gosl"), which makes charts hard to read, and with a
    few short reviews stemming merges little. Use ``stem="porter"`` (NLTK's PorterStemmer, no
    data download) to count "love", "loves" and "loving" as one term.
``numbers=False``
    Pure digits (years, running times) are facts, not vocabulary.

Overlap measures
----------------
For the vocabularies ``A`` and ``B`` of two critics (Manning, Raghavan and Schütze 2008, ch. 3
and 6; textacy's ``similarity.tokens``):

- **Jaccard** ``|A∩B| / |A∪B|``: the share of all terms that both use. Penalised by size
  difference: a long review against a short one scores low even if the short one's words are
  all in the long one.
- **Sørensen–Dice** ``2|A∩B| / (|A|+|B|)``: like Jaccard but counts shared terms twice; a
  monotone function of Jaccard (``D = 2J/(1+J)``), so the ranking of pairs is the same.
- **Overlap coefficient** (Szymkiewicz–Simpson) ``|A∩B| / min(|A|,|B|)``: how much of the
  smaller vocabulary is inside the larger. Choose it when review lengths differ a lot.
- **Count cosine** ``Σ a_w b_w / (‖a‖ ‖b‖)`` over term counts: weighs frequent terms more, so
  two critics who both keep returning to "marriage" look alike even if their rare words differ.

Every function returns ``NaN`` where a measure is undefined (an empty vocabulary).
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import combinations
from typing import Any, Literal

import numpy as np
import pandas as pd

from criticlens.text.textproc import QUOTE_DASH_MAP

Measure = Literal["jaccard", "dice", "overlap", "cosine"]
Stem = Literal["none", "porter"]

MEASURES: tuple[str, ...] = ("jaccard", "dice", "overlap", "cosine")
MEASURE_LABELS: dict[str, str] = {
    "jaccard": "Jaccard",
    "dice": "Sørensen–Dice",
    "overlap": "Overlap coefficient",
    "cosine": "Count cosine",
}
#: Most critics an UpSet plot draws as rows (the figure shows the top intersections of at most
#: this many). The functions here take any number of critics: only the intersections that
#: occur are computed (at most one per term), never the 2^n possible ones.
MAX_SETS = 20
#: Separator between the words of an n-gram term.
NGRAM_SEP = " "

_TRANS = str.maketrans(QUOTE_DASH_MAP)


# --- terms -------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _porter() -> Any:
    from nltk.stem import PorterStemmer  # pure algorithm, no NLTK data needed

    return PorterStemmer()


@lru_cache(maxsize=65536)
def _stem(word: str, lower: bool) -> str:
    return _porter().stem(word, to_lowercase=lower)


def _forms(tokens: pd.DataFrame, casefold: bool) -> list[str]:
    """The form of each token to count: ``norm`` (folded), or the raw text with quotes and
    dashes folded but case kept (``norm`` where ftfy repaired the token)."""
    if casefold:
        return tokens["norm"].tolist()
    out = []
    for text, norm in zip(tokens["text"], tokens["norm"]):
        out.append(text.translate(_TRANS) if len(text) == len(norm) else norm)
    return out


def _keep_mask(tokens: pd.DataFrame, forms: list[str], *, stopwords: bool, min_length: int,
               numbers: bool) -> np.ndarray:
    keep = tokens["is_word"].to_numpy(dtype=bool).copy()
    if stopwords:
        keep &= ~tokens["is_stop"].to_numpy(dtype=bool)
    if min_length > 1:
        keep &= np.array([len(f) >= min_length for f in forms], dtype=bool)
    if not numbers:
        keep &= np.array([not f.replace(",", "").replace(".", "").isdigit() for f in forms],
                         dtype=bool)
    return keep


def _ngram_list(ngram: int | Sequence[int]) -> list[int]:
    ns = [ngram] if isinstance(ngram, int) else list(ngram)
    if not ns or any(not isinstance(n, int) or n < 1 or n > 3 for n in ns):
        raise ValueError(f"ngram must be 1, 2 or 3 (or a sequence of them), got {ngram!r}")
    return sorted(set(ns))


def term_counts(
    corpus: Any,
    *,
    ngram: int | Sequence[int] = 1,
    casefold: bool = True,
    stopwords: bool = True,
    min_length: int = 2,
    stem: Stem = "none",
    numbers: bool = False,
) -> pd.DataFrame:
    """Count terms per review in the review bodies: columns review_id, critic, term, n, count.

    ``critic`` is the review's display label (``corpus.labels()``); ``n`` is the n-gram length.
    Options are explained in the module docstring. N-grams (``ngram=2`` for bigrams, ``(1, 2)``
    for both) are runs of consecutive *word* tokens in one sentence: punctuation or a clitic
    ends a run, and with ``stopwords=True`` an n-gram is dropped when any of its words is a
    stopword or fails ``min_length`` ("of the" is dropped; "blue valentine" kept), so phrases
    are never glued together across removed words. Rows are in review order, then count
    descending, then term.
    """
    if stem not in ("none", "porter"):
        raise ValueError(f"stem must be 'none' or 'porter', got {stem!r}")
    ns = _ngram_list(ngram)
    labels = corpus.labels()
    order = list(corpus.review_ids)
    by_review = dict(tuple(corpus.tokens.groupby("review_id", sort=False)))
    empty = corpus.tokens.iloc[0:0]
    rows: list[tuple[str, str, str, int, int]] = []
    for rid in order:
        t = by_review.get(rid, empty)
        forms = _forms(t, casefold)
        keep = _keep_mask(t, forms, stopwords=stopwords, min_length=min_length, numbers=numbers)
        if stem == "porter":
            forms = [_stem(f, casefold) for f in forms]
        is_word = t["is_word"].to_numpy(dtype=bool)
        sent = t["sent_id"].to_numpy()
        counts: dict[int, Counter] = {n: Counter() for n in ns}
        for n in ns:
            c = counts[n]
            if n == 1:
                c.update(f for f, k in zip(forms, keep) if k)
                continue
            for i in range(len(forms) - n + 1):
                j = i + n
                if not is_word[i:j].all() or sent[i] != sent[j - 1]:
                    continue  # a punctuation/clitic token or a sentence break inside the run
                if not keep[i:j].all():
                    continue
                c[NGRAM_SEP.join(forms[i:j])] += 1
        label = labels[rid]
        for n in ns:
            for term, k in sorted(counts[n].items(), key=lambda kv: (-kv[1], kv[0])):
                rows.append((rid, label, term, n, k))
    return pd.DataFrame(rows, columns=["review_id", "critic", "term", "n", "count"]).astype(
        {"count": "int64", "n": "int64"})


def critic_counts(counts: pd.DataFrame | Mapping[Hashable, Mapping[str, int] | Iterable[str]]
                  ) -> dict[Hashable, Counter]:
    """Counts per critic, in first-appearance order, from a :func:`term_counts` frame or a
    mapping critic -> counts (or -> a set of terms, each counted once)."""
    out: dict[Hashable, Counter] = {}
    if isinstance(counts, pd.DataFrame):
        need = {"critic", "term", "count"}
        if not need <= set(counts.columns):
            raise ValueError(f"counts frame needs columns {sorted(need)}, has {list(counts.columns)}")
        for c, t, k in zip(counts["critic"], counts["term"], counts["count"]):
            out.setdefault(c, Counter())[t] += int(k)
        return out
    for c, v in counts.items():
        if isinstance(v, Mapping):
            out[c] = Counter({t: int(k) for t, k in v.items() if k})
        else:
            out[c] = Counter({t: 1 for t in v})
    return out


def vocabularies(corpus_or_counts: Any, **options: Any) -> dict[Hashable, frozenset[str]]:
    """Each critic's vocabulary (set of terms), in review order.

    Pass a corpus (options as for :func:`term_counts`), a term-count frame, or a mapping. From
    a corpus every critic is present, with an empty set if no term survives the options.
    """
    return {c: frozenset(k) for c, k in _per_critic(corpus_or_counts, options).items()}


# --- overlap measures ----------------------------------------------------------------------------

def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    """Jaccard similarity ``|A∩B| / |A∪B|`` (NaN if both are empty)."""
    A, B = set(a), set(b)
    union = len(A | B)
    return len(A & B) / union if union else math.nan


def dice(a: Iterable[str], b: Iterable[str]) -> float:
    """Sørensen–Dice coefficient ``2|A∩B| / (|A|+|B|)`` (NaN if both are empty)."""
    A, B = set(a), set(b)
    tot = len(A) + len(B)
    return 2 * len(A & B) / tot if tot else math.nan


def overlap_coefficient(a: Iterable[str], b: Iterable[str]) -> float:
    """Szymkiewicz–Simpson overlap ``|A∩B| / min(|A|,|B|)`` (NaN if either is empty)."""
    A, B = set(a), set(b)
    m = min(len(A), len(B))
    return len(A & B) / m if m else math.nan


def count_cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine of two term-count vectors ``Σ a_w b_w / (‖a‖ ‖b‖)`` (NaN if either is all zero)."""
    dot = sum(float(v) * float(b.get(t, 0)) for t, v in a.items())
    na = math.sqrt(sum(float(v) ** 2 for v in a.values()))
    nb = math.sqrt(sum(float(v) ** 2 for v in b.values()))
    return dot / (na * nb) if na and nb else math.nan


def _measure(name: str, ca: Counter, cb: Counter) -> float:
    if name == "jaccard":
        return jaccard(ca, cb)
    if name == "dice":
        return dice(ca, cb)
    if name == "overlap":
        return overlap_coefficient(ca, cb)
    if name == "cosine":
        return count_cosine(ca, cb)
    raise ValueError(f"unknown measure {name!r}; choose from {MEASURES}")


def _per_critic(x: Any, options: Mapping[str, Any]) -> dict[Hashable, Counter]:
    if hasattr(x, "tokens"):
        found = critic_counts(term_counts(x, **options))
        labels = x.labels()
        # every critic in review order, even one whose review has no term left
        return {labels[r]: found.get(labels[r], Counter()) for r in x.review_ids}
    if options:
        raise TypeError(f"vocabulary options {sorted(options)} apply only to a corpus")
    return critic_counts(x)


def overlap(corpus_or_counts: Any, *, measures: Sequence[str] = MEASURES,
            **options: Any) -> pd.DataFrame:
    """Pairwise overlap of critics' vocabularies as a tidy frame.

    One row per unordered pair ``(a, b)`` (``a`` before ``b`` in review order) and measure:
    columns a, b, measure, value, shared (``|A∩B|``), n_a, n_b (vocabulary sizes).
    """
    per = _per_critic(corpus_or_counts, options)
    for m in measures:
        if m not in MEASURES:
            raise ValueError(f"unknown measure {m!r}; choose from {MEASURES}")
    names = list(per)
    ia, ib = np.triu_indices(len(names), k=1)  # the pairs in combinations() order
    shared, sizes, dots, norms = _pair_arrays(per)
    sh = shared[ia, ib]
    na, nb = sizes[ia], sizes[ib]
    with np.errstate(divide="ignore", invalid="ignore"):
        values = {
            "jaccard": np.where(na + nb - sh > 0, sh / (na + nb - sh), np.nan),
            "dice": np.where(na + nb > 0, 2 * sh / (na + nb), np.nan),
            "overlap": np.where(np.minimum(na, nb) > 0, sh / np.minimum(na, nb), np.nan),
            "cosine": np.where((norms[ia] > 0) & (norms[ib] > 0),
                               dots[ia, ib] / (norms[ia] * norms[ib]), np.nan),
        }
    k = len(measures)
    return pd.DataFrame({
        "a": pd.Series([names[i] for i in ia], dtype=object).repeat(k).to_numpy(),
        "b": pd.Series([names[j] for j in ib], dtype=object).repeat(k).to_numpy(),
        "measure": list(measures) * len(ia),
        "value": np.column_stack([values[m] for m in measures]).ravel() if k else [],
        "shared": sh.repeat(k).astype("int64"),
        "n_a": na.repeat(k).astype("int64"), "n_b": nb.repeat(k).astype("int64"),
    }, columns=["a", "b", "measure", "value", "shared", "n_a", "n_b"])


def _pair_arrays(per: Mapping[Hashable, Counter]) -> tuple[np.ndarray, ...]:
    """For every pair of critics at once (sparse critic x term matrices, so 300 critics are
    45,000 pairs in one product): shared terms, vocabulary sizes, count dot products and count
    norms. The same numbers as :func:`jaccard`, :func:`dice`, :func:`overlap_coefficient` and
    :func:`count_cosine` pair by pair (the cosine up to the last bit of rounding)."""
    from scipy import sparse

    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for i, counts in enumerate(per.values()):
        for t, v in counts.items():
            rows.append(i)
            cols.append(vocab.setdefault(t, len(vocab)))
            vals.append(float(v))
    shape = (len(per), max(len(vocab), 1))
    counts_m = sparse.csr_matrix((vals, (rows, cols)), shape=shape, dtype=np.float64)
    member = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape, dtype=np.float64)
    shared = (member @ member.T).toarray()
    sizes = np.asarray(member.sum(axis=1)).ravel()
    dots = (counts_m @ counts_m.T).toarray()
    norms = np.sqrt(np.asarray(counts_m.multiply(counts_m).sum(axis=1)).ravel())
    return shared, sizes, dots, norms


def overlap_matrix(corpus_or_counts: Any, measure: Measure = "jaccard",
                   **options: Any) -> pd.DataFrame:
    """The n×n symmetric matrix of one measure (index and columns: critics in review order).

    The diagonal is each critic against itself (1.0 for a non-empty vocabulary).
    """
    per = _per_critic(corpus_or_counts, options)
    names = list(per)
    mat = np.full((len(names), len(names)), np.nan)
    for i, a in enumerate(names):
        for j in range(i, len(names)):
            v = _measure(measure, per[a], per[names[j]])
            mat[i, j] = mat[j, i] = v
    return pd.DataFrame(mat, index=pd.Index(names, name="critic"),
                        columns=pd.Index(names, name="other"))


def matrix_from_tidy(tidy: pd.DataFrame, measure: str, order: Sequence[Hashable] | None = None
                     ) -> pd.DataFrame:
    """Turn the tidy :func:`overlap` frame into the matrix of one ``measure`` (diagonal 1)."""
    t = tidy[tidy["measure"] == measure]
    names = list(order) if order is not None else list(dict.fromkeys(list(t["a"]) + list(t["b"])))
    pos = {n: i for i, n in enumerate(names)}
    if all(n in pos for n in t["a"]) and all(n in pos for n in t["b"]):
        # every pair in the order: one array assignment (300 critics are 44,850 pairs)
        m = np.eye(len(names))
        ia = np.fromiter((pos[n] for n in t["a"]), dtype=np.intp, count=len(t))
        ib = np.fromiter((pos[n] for n in t["b"]), dtype=np.intp, count=len(t))
        v = t["value"].to_numpy(dtype=float)
        m[ia, ib] = v
        m[ib, ia] = v
        return pd.DataFrame(m, index=pd.Index(names, name="critic"),
                            columns=pd.Index(names, name="other"))
    mat = pd.DataFrame(np.eye(len(names)), index=pd.Index(names, name="critic"),
                       columns=pd.Index(names, name="other"))
    for a, b, v in zip(t["a"], t["b"], t["value"]):
        mat.loc[a, b] = v
        mat.loc[b, a] = v
    return mat


# --- shared, unique, every intersection -------------------------------------------------------

_RESERVED = {"term", "members", "degree", "n_terms", "terms", "count"}


def _check_sets(vocabs: Mapping[Hashable, Iterable[str]]) -> list[Hashable]:
    names = list(vocabs)
    if not names:
        raise ValueError("intersections need at least one critic")
    clash = [n for n in names if n in _RESERVED]
    if clash:
        raise ValueError(f"critic label(s) {clash} clash with column names {sorted(_RESERVED)}")
    return names


def term_membership(vocabs: Mapping[Hashable, Iterable[str]]) -> pd.DataFrame:
    """One row per term: term, members (critics using it, joined by `` & `` in review order),
    degree (how many critics), and one boolean column per critic.

    Sorted by degree descending, then members, then term.
    """
    names = _check_sets(vocabs)
    sets = {n: set(vocabs[n]) for n in names}
    allterms = sorted(set().union(*sets.values()))
    rows = []
    for t in allterms:
        flags = [t in sets[n] for n in names]
        members = " & ".join(str(n) for n, f in zip(names, flags) if f)
        rows.append([t, members, sum(flags), *flags])
    df = pd.DataFrame(rows, columns=["term", "members", "degree", *names])
    key = {m: i for i, m in enumerate(_membership_order(df, names))}
    df = df.assign(_k=df["members"].map(key)).sort_values(["_k", "term"], kind="mergesort")
    return df.drop(columns="_k").reset_index(drop=True).astype({n: bool for n in names})


def _membership_order(df: pd.DataFrame, names: list[Hashable]) -> list[str]:
    """Membership patterns by degree descending, then by the critics' review order."""
    pats = df.drop_duplicates("members")
    rank = {str(n): i for i, n in enumerate(names)}
    keyed = [(-int(d), [rank[p] for p in m.split(" & ")], m)
             for m, d in zip(pats["members"], pats["degree"])]
    return [m for *_, m in sorted(keyed)]


def intersections(vocabs: Mapping[Hashable, Iterable[str]], *, max_terms: int | None = None
                  ) -> pd.DataFrame:
    """Every non-empty *exclusive* intersection (the UpSet convention): the terms used by
    exactly these critics and no other.

    Columns: members, degree, n_terms, terms (space-separated, alphabetical; the first
    ``max_terms`` if given), then one boolean column per critic. Rows: n_terms descending,
    then degree descending. The row with every critic is the shared vocabulary; the rows of
    degree 1 are each critic's unique terms. Works for any number of critics; only
    intersections that occur are listed (at most one per term).
    """
    names = _check_sets(vocabs)
    mem = term_membership(vocabs)
    flags = mem[names].to_numpy(dtype=bool) if names else np.zeros((len(mem), 0), dtype=bool)
    term = mem["term"].to_numpy(dtype=object)
    degree = mem["degree"].to_numpy()
    rows = []
    # one row per membership pattern, read from arrays (300 critics: thousands of patterns x
    # 300 flags; reading them cell by cell from the frame took 20 s)
    for members, pos in mem.groupby("members", sort=False).indices.items():
        terms = sorted(term[pos])
        shown = terms if max_terms is None else terms[:max_terms]
        rows.append([members, int(degree[pos[0]]), len(terms), " ".join(shown),
                     *flags[pos[0]].tolist()])
    df = pd.DataFrame(rows, columns=["members", "degree", "n_terms", "terms", *names])
    if df.empty:
        return df.astype({"degree": "int64", "n_terms": "int64"})
    return df.sort_values(["n_terms", "degree", "members"], ascending=[False, False, True],
                          kind="mergesort").reset_index(drop=True)


def shared_terms(vocabs: Mapping[Hashable, Iterable[str]]) -> list[str]:
    """Terms every critic uses, alphabetical."""
    names = _check_sets(vocabs)
    return sorted(set.intersection(*(set(vocabs[n]) for n in names)))


def unique_terms(vocabs: Mapping[Hashable, Iterable[str]]) -> dict[Hashable, list[str]]:
    """For each critic, the terms no other critic uses, alphabetical."""
    names = _check_sets(vocabs)
    sets = {n: set(vocabs[n]) for n in names}
    out = {}
    for n in names:
        others = set().union(*(sets[m] for m in names if m != n))
        out[n] = sorted(sets[n] - others)
    return out


def set_sizes(vocabs: Mapping[Hashable, Iterable[str]]) -> pd.DataFrame:
    """critic, n_terms: each vocabulary's size, in the given order."""
    names = _check_sets(vocabs)
    return pd.DataFrame({"critic": names, "n_terms": [len(set(vocabs[n])) for n in names]})


def _singular_candidates(term: str) -> list[str]:
    """Singular forms an English plural may come from, most specific first
    ("stories" -> "story", "boxes" -> "box", "scenes" -> "scene")."""
    out = []
    if term.endswith("ies") and len(term) > 4:
        out.append(term[:-3] + "y")
    if term.endswith("es") and len(term) > 3:
        out.append(term[:-2])
    if term.endswith("s") and not term.endswith("ss") and len(term) > 3:
        out.append(term[:-1])
    return out


def plural_map(terms: Iterable[str]) -> dict[str, str]:
    """Plural -> singular for the terms whose singular is in ``terms`` too.

    Only words of the same corpus are merged: "scenes" joins "scene" when some critic writes
    "scene"; "us" or "its" never change (no "u" or "it" term, and words of three letters or less
    are left alone). In a phrase only the last word is merged ("tap dances" -> "tap dance").
    """
    vocab = set(terms)
    out: dict[str, str] = {}
    for t in vocab:
        head, _, last = t.rpartition(" ")
        for cand in _singular_candidates(last):
            single = f"{head} {cand}" if head else cand
            if single in vocab and single != t:
                out[t] = single
                break
    return out


def merge_plurals(counts: pd.DataFrame) -> pd.DataFrame:
    """A :func:`term_counts` frame with plural forms counted under their singular
    (:func:`plural_map`), so "scene" and "scenes" are one term. Rows stay one per review and term."""
    mapping = plural_map(counts["term"].astype(str))
    if not mapping:
        return counts
    out = counts.copy()
    out["term"] = out["term"].astype(str).map(lambda t: mapping.get(t, t))
    keys = [c for c in out.columns if c != "count"]
    merged = out.groupby(keys, sort=False, dropna=False, observed=True)["count"].sum().reset_index()
    merged = merged[list(counts.columns)]
    for c in counts.columns:
        if str(counts[c].dtype) != str(merged[c].dtype):
            merged[c] = merged[c].astype(counts[c].dtype)
    return merged.reset_index(drop=True)

