"""How well criticlens reads critics: the critic engine against the lexicons (prints a report).

    python benchmarks/eval_reading.py --snippets ../shared/corpora/rotten_tomatoes_snippets.csv.bz2 \
        --dev ../shared/corpora/polarity_v2_fold1.csv.bz2 [--film blue-valentine] [--quick]
        [--check-weights]

1. 10-fold cross-validated sentence polarity (fresh vs rotten snippets, stratified folds) and
   subjectivity (snippet vs synopsis sentence, folds grouped by film) accuracy; vocabulary, NB
   ratios and the logistic regression are refit inside every fold (``--quick`` skips this).
2. Full-review verdict accuracy on the development fold (Pang and Lee polarity v2.0 fold 1),
   ``mixed`` counted as wrong: critic through the product's own path
   (``criticlens.verdict`` on a corpus of the reviews), VADER (compound of the whole text,
   +-0.05 neutral band) and TextBlob (polarity of the whole text); then how much the one fitted
   constant (the -0.47 domain offset, fitted on this same fold) is worth: the accuracy with the
   offset re-fitted inside 10-fold CV within the fold (5 repeats), and with no offset at all.
3. The Blue Valentine verdicts of the three engines (the bundled film, three raves).
4. Throughput in words per second: the critic engine's ``score_many`` against the naive
   per-sentence ``TextBlob(t).sentiment`` + ``SentimentIntensityAnalyzer().polarity_scores(t)``
   loop and against criticlens's exact lexicon fast path (best of 3 each).
5. ``--check-weights``: retrain from ``--snippets`` and compare with the shipped weights byte for
   byte (several minutes on a busy machine).

Needs scikit-learn for 1, 2 (CV) and 5 (``pip install 'criticlens[train]'``).
"""
from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from pathlib import Path

import numpy as np

from criticlens.sentiment import critic as CR

#: VADER's documented neutral band for the compound score (Hutto and Gilbert 2014)
VADER_NEUTRAL = 0.05


def sentence_cv(snippets: str) -> None:
    from criticlens.sentiment import train as T

    data = T.load_snippets(snippets)
    for task, C, grouped in (("polarity", T.C_POLARITY, False),
                             ("judgement", T.C_JUDGEMENT, True)):
        texts, y, groups = data[task]
        feats = T.featurize(texts)
        folds = T.fold_ids(y, 10, 0, groups if grouped else None)
        oof = T.cv_scores(feats, y, folds, C=C)
        acc = ((oof > 0).astype(int) == y).mean()
        print(f"  {task:9s} n={len(y):5d} ({y.mean():.0%} positive class)  10-fold CV accuracy "
              f"{acc:.4f}  (folds {'grouped by film' if grouped else 'stratified'})")


def lexicon_verdict(score: float, neutral: float) -> str:
    return "positive" if score > neutral else "negative" if score < -neutral else "mixed"


def lexicon_verdicts(texts: list[str]) -> dict[str, list[str]]:
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sia = SentimentIntensityAnalyzer()
    return {"vader": [lexicon_verdict(sia.polarity_scores(t)["compound"], VADER_NEUTRAL)
                      for t in texts],
            "textblob": [lexicon_verdict(TextBlob(t).sentiment.polarity, 0.0) for t in texts]}


def best_threshold(s: np.ndarray, y: np.ndarray) -> float:
    """Midpoint of the plateau of best accuracy of ``s - t > 0`` (the rule that gave -0.47)."""
    c = np.sort(s)
    cand = (c[1:] + c[:-1]) / 2
    acc = np.array([((s > t) == y).mean() for t in cand])
    idx = np.flatnonzero(np.isclose(acc, acc.max()))
    return float(cand[idx[len(idx) // 2]])


def threshold_cv(raw: np.ndarray, y: np.ndarray, repeats: int = 5) -> list[float]:
    from sklearn.model_selection import StratifiedKFold

    out = []
    for rep in range(repeats):
        ok = 0
        for tr, te in StratifiedKFold(10, shuffle=True, random_state=rep).split(raw, y):
            t = best_threshold(raw[tr], y[tr])
            ok += int(((raw[te] > t) == y[te]).sum())
        out.append(ok / len(y))
    return out


def dev_report(dev_path: str, quick: bool) -> None:
    import criticlens
    from criticlens.sentiment.train import load_dev

    dev = load_dev(dev_path)
    gold = dev["verdict"].tolist()
    texts = [str(t) for t in dev["text"]]
    ids = [str(r) for r in dev["review_id"]]
    # Pang and Lee's files hold one lower-cased sentence a line, which the loader's splitter
    # (capitals after a full stop, blank lines between paragraphs) would not cut: give it one
    # paragraph a line. The raw words are unchanged.
    corpus = criticlens.corpus_from_texts(
        {i: "\n\n".join(ln for ln in t.splitlines() if ln.strip()) for i, t in zip(ids, texts)})
    t0 = time.perf_counter()
    v = criticlens.verdict(corpus).set_index("review_id").loc[ids]
    secs = time.perf_counter() - t0
    verdicts = v["verdict"].tolist()
    acc = np.mean([a == b for a, b in zip(verdicts, gold)])
    n_sent = len(corpus.sentences)
    print(f"  {len(ids)} reviews ({gold.count('positive')} positive, {gold.count('negative')} "
          f"negative), {n_sent} sentences as the loader splits them")
    print(f"  critic   criticlens.verdict (threshold {CR.VERDICT_THRESHOLD:+.2f}): accuracy "
          f"{acc:.3f}  mixed {verdicts.count('mixed')}  positive {verdicts.count('positive')}"
          f"  negative {verdicts.count('negative')}  ({secs:.1f}s)")
    wrong = [i for i, (a, b) in enumerate(zip(verdicts, gold)) if a != b]
    print(f"           errors: {sum(gold[i] == 'positive' for i in wrong)} positive reviews "
          f"called negative/mixed, {sum(gold[i] == 'negative' for i in wrong)} negative called "
          f"positive/mixed")
    # the raw score without the offset, from the same sentences, for the threshold checks
    ev = criticlens.verdict_evidence(corpus)
    raw = []
    for rid in ids:
        g = ev[ev["review_id"] == rid]
        pos = np.arange(len(g)) / max(len(g) - 1, 1)
        raw.append(CR.review_verdict(g["polarity"], g["judgement"], pos, threshold=0.0)[1])
    raw = np.asarray(raw)
    y = np.array([g == "positive" for g in gold])
    print(f"  critic   with NO fitted constant (threshold 0): {((raw > 0) == y).mean():.3f}")
    if not quick:
        cvs = threshold_cv(raw, y)
        print(f"  critic   threshold re-fitted inside 10-fold CV within the fold (5 repeats): "
              f"{np.mean(cvs):.3f} (runs {', '.join(f'{a:.3f}' for a in cvs)}); fitted on the "
              f"whole fold: {best_threshold(raw, y):+.3f}")
    lex = lexicon_verdicts(texts)
    for name, vs in lex.items():
        a = np.mean([p == g for p, g in zip(vs, gold)])
        print(f"  {name:8s} (whole text): accuracy {a:.3f}  neutral {vs.count('mixed')}  "
              f"positive {vs.count('positive')}  negative {vs.count('negative')}")


def film_report(film: str) -> None:
    import criticlens
    from criticlens.paths import resolve_film

    corpus = criticlens.load_film(resolve_film(film))
    v = criticlens.verdict(corpus)
    texts = ["\n".join(str(t) for t in corpus.sentences.loc[
        corpus.sentences["review_id"] == rid, "text"]) for rid in v["review_id"]]
    lex = lexicon_verdicts(texts)
    for k, r in enumerate(v.itertuples()):
        print(f"  {r.label:16s} critic {r.verdict} ({r.verdict_score:+.3f}, {r.n_judgement} "
              f"judgement sentences)  vader {lex['vader'][k]}  textblob {lex['textblob'][k]}")


def throughput(dev_path: str) -> None:
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from criticlens.sentiment._fast import score_texts as fast_lexicons
    from criticlens.sentiment.train import load_dev

    dev = load_dev(dev_path)
    flat = [s for t in dev["text"] for s in CR.split_sentences(str(t))]
    words = sum(len(s.split()) for s in flat)
    t0 = time.perf_counter()
    model = CR.load_model()
    t_load = time.perf_counter() - t0
    sia = SentimentIntensityAnalyzer()

    def naive() -> None:
        for t in flat:
            TextBlob(t).sentiment
            sia.polarity_scores(t)

    def best_of(fn, n: int = 3) -> float:
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return min(times)

    t_critic = best_of(lambda: model.score_many(flat))
    t_naive = best_of(naive)
    t_fast = best_of(lambda: fast_lexicons(flat, engines=("textblob", "vader")))
    print(f"  {len(flat)} dev sentences, {words:,} words; best of 3 runs each (shared machine)")
    print(f"  critic score_many              {t_critic:6.2f}s = {words / t_critic:>10,.0f} words/s "
          f"(loading the weights: {t_load:.2f}s, once)")
    print(f"  naive TextBlob + VADER loop    {t_naive:6.2f}s = {words / t_naive:>10,.0f} words/s"
          f"  -> critic is {t_naive / t_critic:.1f}x faster")
    print(f"  criticlens exact lexicon path  {t_fast:6.2f}s = {words / t_fast:>10,.0f} words/s"
          f"  (memo tables warm after the first run) -> critic {t_fast / t_critic:.1f}x")


def check_weights(snippets: str) -> bool:
    from criticlens.sentiment.train import train

    shipped = CR.default_weights_path().read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "critic_weights.tsv.gz"
        info = train(snippets, out)
        new = out.read_bytes()
    same = new == shipped
    print(f"  retrained in {info['seconds']:.0f}s: {len(new):,} bytes md5 "
          f"{hashlib.md5(new).hexdigest()}; shipped {len(shipped):,} bytes md5 "
          f"{hashlib.md5(shipped).hexdigest()}: {'IDENTICAL' if same else 'DIFFERENT'}")
    return same


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--snippets", required=True, help="rotten_tomatoes_snippets.csv.bz2")
    ap.add_argument("--dev", required=True, help="polarity_v2_fold1.csv.bz2")
    ap.add_argument("--film", default="blue-valentine", help="film folder or slug")
    ap.add_argument("--quick", action="store_true", help="skip the cross-validations")
    ap.add_argument("--check-weights", action="store_true",
                    help="retrain and compare with the shipped weights byte for byte")
    args = ap.parse_args(argv)
    model = CR.default_model()
    print(f"critic weights: {CR.default_weights_path().name} "
          f"({CR.default_weights_path().stat().st_size:,} bytes, {len(model.vocab):,} features)")
    if not args.quick:
        print("\n[1] sentence models, 10-fold CV on the snippets")
        sentence_cv(args.snippets)
    print("\n[2] full-review verdicts on the development fold (mixed counts as wrong)")
    dev_report(args.dev, args.quick)
    print(f"\n[3] {args.film}")
    film_report(args.film)
    print("\n[4] throughput")
    throughput(args.dev)
    if args.check_weights:
        print("\n[5] retraining reproduces the shipped weights")
        return 0 if check_weights(args.snippets) else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
