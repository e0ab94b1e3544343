"""Stance: how the model's hyper-parameters were chosen, and what each component adds.

    .venv/bin/python benchmarks/bench_stance.py --tune     # cross-validated grid on the training files

Cross-validation runs over the training files only (posts written for the project, the independent
set's training half, the tune half of the 2018 tweets); the independent hold-out and the tweets'
test half are never read here. Out-of-fold macro-F1 is printed per training file, because the
tweets behave differently from the Indonesian posts. The rules were developed on the Indonesian
training files, so every figure that involves rules is in-sample there; the tweets' column is the
honest one. Prints figures only.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlp.evaluation import macro_f1  # noqa: E402
from nlp.stance.classify import MIN_MODEL_PROBA, SURE_RULE_SCORE, SURE_RULES, featurise  # noqa: E402
from nlp.stance.model import build_pipeline, load_training_set  # noqa: E402
from nlp.stance.rules import classify_rules  # noqa: E402
from nlp.text import reading_text  # noqa: E402


def out_of_fold(features, labels, folds: int = 5, **params) -> tuple[list[str], np.ndarray]:
    """Predictions and top probabilities for every training row from models that never saw it."""
    from sklearn.model_selection import StratifiedKFold

    pred = np.empty(len(labels), dtype=object)
    top = np.zeros(len(labels))
    y = np.array(labels)
    x = np.array(features, dtype=object)
    for train_idx, test_idx in StratifiedKFold(folds, shuffle=True, random_state=7).split(x, y):
        model = build_pipeline(**params).fit(list(x[train_idx]), list(y[train_idx]))
        proba = model.predict_proba(list(x[test_idx]))
        pred[test_idx] = model.classes_[proba.argmax(axis=1)]
        top[test_idx] = proba.max(axis=1)
    return list(pred), top


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
    # The stacked variant appends the rules' verdict to the features (the design that lost).
    text_only = featurise(train.texts)
    stacked = [
        f"{f} zzrule{r.label} zzrulename{r.rule.replace('-', '')}" for f, r in zip(text_only, rules, strict=True)
    ]
    for c in (8.0, 32.0):
        for chars in ((2, 5), (2, 4), (3, 4)):
            t0 = time.perf_counter()
            pred, _ = out_of_fold(stacked, train.labels, c=c, char_ngrams=chars, calibrate=False)
            name = f"stacked model C={c:g} chars={chars} ({time.perf_counter() - t0:.0f}s)"
            report(name, train.sources, train.labels, pred)
            text_pred, top = out_of_fold(text_only, train.labels, c=c, char_ngrams=chars, calibrate=False)
            report("  text-only model", train.sources, train.labels, text_pred)
            mixed = [
                r.label if r.rule in SURE_RULES or r.score > SURE_RULE_SCORE or p < MIN_MODEL_PROBA else t
                for r, t, p in zip(rules, text_pred, top, strict=True)
            ]
            report("  rules + text-only model (shipped design)", train.sources, train.labels, mixed)


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
