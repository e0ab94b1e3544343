"""Stance: how the model's hyper-parameters were chosen, and what each component adds.

    .venv/bin/python benchmarks/bench_stance.py --tune     # cross-validated grid on the training files

Cross-validation runs over the training files only (posts written for the project, the independent
set's training half, the tune half of the 2018 tweets); the independent hold-out and the tweets'
test half are never read here. Out-of-fold macro-F1 is printed per training file, because the
tweets behave differently from the Indonesian posts. Prints figures only.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlp.evaluation import macro_f1  # noqa: E402
from nlp.stance.classify import SURE_RULES, featurise  # noqa: E402
from nlp.stance.model import build_pipeline, load_training_set  # noqa: E402
from nlp.stance.rules import classify_rules  # noqa: E402
from nlp.text import reading_text  # noqa: E402


def out_of_fold(features, labels, folds: int = 5, **params) -> list[str]:
    """Predictions for every training row from models that never saw it (stratified, seeded)."""
    from sklearn.model_selection import StratifiedKFold

    pred = np.empty(len(labels), dtype=object)
    y = np.array(labels)
    x = np.array(features, dtype=object)
    for train_idx, test_idx in StratifiedKFold(folds, shuffle=True, random_state=7).split(x, y):
        model = build_pipeline(**params).fit(list(x[train_idx]), list(y[train_idx]))
        pred[test_idx] = model.predict(list(x[test_idx]))
    return list(pred)


def report(name: str, sources, gold, pred) -> None:
    parts = []
    for src in sorted(set(sources)):
        idx = [i for i, s in enumerate(sources) if s == src]
        parts.append(f"{src.split('.')[0]} {macro_f1([gold[i] for i in idx], [pred[i] for i in idx]):.3f}")
    print(f"{name:<44} all {macro_f1(gold, pred):.3f} | " + " | ".join(parts), flush=True)


def tune() -> None:
    train = load_training_set()
    readings = [reading_text(t) for t in train.texts]
    rules = [classify_rules(r) for r in readings]
    report("rules alone", train.sources, train.labels, [r.label for r in rules])
    feats = featurise(train.texts, readings)
    for c in (8.0, 32.0, 128.0):
        for chars in ((2, 5), (2, 4)):
            t0 = time.perf_counter()
            pred = out_of_fold(feats, train.labels, c=c, char_ngrams=chars, calibrate=False)
            report(f"model C={c:g} chars={chars} ({time.perf_counter() - t0:.0f}s)", train.sources, train.labels, pred)
            sure = [r.label if r.rule in SURE_RULES else p for r, p in zip(rules, pred, strict=True)]
            report("  + sure rules override", train.sources, train.labels, sure)
            for threshold in (0.8, 0.85, 0.9):
                mixed = [r.label if r.score > threshold else p for r, p in zip(rules, pred, strict=True)]
                report(f"  + rules with score > {threshold} override", train.sources, train.labels, mixed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tune", action="store_true", help="cross-validated grid on the training files")
    args = parser.parse_args()
    if args.tune:
        tune()
    else:
        parser.print_help()


if __name__ == "__main__":
    main()
