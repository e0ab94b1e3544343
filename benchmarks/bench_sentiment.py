"""Sentiment: throughput of the offline default, and how its hyper-parameters were chosen.

    .venv/bin/python benchmarks/bench_sentiment.py            # speed (posts/s) and first-use training time
    .venv/bin/python benchmarks/bench_sentiment.py --tune     # 5-fold CV grids (SmSA train; tweets' tune half)

The grids read training data only: SmSA train for the Indonesian model, the tune half of the
labelled 2018 tweets for the English one. Validation/test files are scored with
``hapuswatch eval sentiment`` (see README "Figures"), never used to choose anything here.
Prints figures only; never asserts timings.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlp.evaluation import macro_f1  # noqa: E402
from nlp.sentiment.model import (  # noqa: E402
    build_pipeline,
    english_features,
    indonesian_features,
    load_english_training,
    load_smsa,
)
from nlp.text import reading_text  # noqa: E402


def cross_validated(features: list[str], labels: list[str], folds: int = 5, **params) -> float:
    """Out-of-fold macro-F1 (stratified, seeded folds)."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    x, y = np.array(features, dtype=object), np.array(labels)
    pred = np.empty(len(y), dtype=object)
    for train_idx, test_idx in StratifiedKFold(folds, shuffle=True, random_state=7).split(x, y):
        model = build_pipeline(**params).fit(list(x[train_idx]), list(y[train_idx]))
        pred[test_idx] = model.predict(list(x[test_idx]))
    return macro_f1(list(y), list(pred))


def tune() -> None:
    english = load_english_training()
    feats = [english_features(t, reading_text(t)) for t in english["text"]]
    plain = [indonesian_features(reading_text(t)) for t in english["text"]]
    for c in (0.3, 1.0, 3.0, 10.0):
        for name, x in (("with VADER", feats), ("without VADER", plain)):
            f1 = cross_validated(x, english["label"].tolist(), c=c, class_weight="balanced")
            print(f"english (tweets' tune half, n={len(x)}) C={c:<4g} {name:<14} CV macro-F1 {f1:.3f}", flush=True)
    smsa = load_smsa()
    x = [indonesian_features(reading_text(t)) for t in smsa["text"]]
    for c in (1.0, 3.0, 10.0):
        for chars in ((2, 5), (3, 5), (1, 4)):
            t0 = time.perf_counter()
            f1 = cross_validated(x, smsa["label"].tolist(), c=c, char_ngrams=chars)
            print(
                f"indonesian (SmSA train, n={len(x)}) C={c:<4g} chars={chars} CV macro-F1 {f1:.3f} "
                f"({time.perf_counter() - t0:.0f} s)",
                flush=True,
            )


def synthetic_posts(n: int, seed: int = 7) -> list[str]:
    """n distinct post-like texts: pairs of SmSA/tweet texts, some with URLs, emoji, hashtags."""
    rng = random.Random(seed)
    pool = load_smsa()["text"].tolist()[:3000] + load_english_training()["text"].tolist()
    extras = ["", " https://example.com/p/123", " #hapusakunfacebook", " 😡", " 👍", " @user"]
    return [f"{rng.choice(pool)} {rng.choice(pool)}{rng.choice(extras)} #{i}" for i in range(n)]


def bench_speed(n: int, repeats: int) -> None:
    from nlp.language import detect_languages
    from nlp.sentiment import get_sentiment_analyzer

    start, cpu = time.perf_counter(), time.process_time()
    analyzer = get_sentiment_analyzer("")
    print(
        f"first use (imports + training): {time.perf_counter() - start:.2f} s wall, "
        f"{time.process_time() - cpu:.2f} s CPU; version {analyzer.version}"
    )
    texts = synthetic_posts(n)
    langs = detect_languages(texts)
    best = best_cpu = float("inf")
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        analyzer.predict(texts, langs)
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    # CPU time is reported too: on a shared machine wall time also measures the neighbours.
    print(
        f"predict {n} distinct posts (mean {sum(map(len, texts)) / n:.0f} chars, {langs.count('en')} English): "
        f"{n / best:,.0f} posts/s wall, {n / best_cpu:,.0f} posts/CPU-s (best of {repeats})"
    )
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=5000, help="posts for the speed run")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--tune", action="store_true", help="print the cross-validation grids")
    args = parser.parse_args()
    if args.tune:
        tune()
    else:
        bench_speed(args.n, args.repeats)


if __name__ == "__main__":
    main()
