"""Every metric of the project's classifiers, and the ``hapuswatch eval`` entry point.

``hapuswatch eval stance|sentiment --data FILE [--text-col text] [--label-col label]`` calls
:func:`main`. The report has per-class precision/recall/F1/support, a confusion matrix
(rows = gold, columns = predicted), per-language macro-F1 when the file has a ``lang`` column
(language as the file gives it), for stance the calibration of ``stance_score`` (reliability table,
share right by who decided, expected calibration error: :func:`calibration_report`), and, as its last
line, ``macro_f1=0.XXX``. Macro-F1 is averaged
over the labels that occur in the gold data (:func:`macro_f1`).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import pandas as pd

from nlp.stance import STANCE_LABELS, classify_posts

SENTIMENT_LABELS = ("positive", "neutral", "negative")
_SENTIMENT_SYNONYMS = {
    "positive": "positive",
    "pos": "positive",
    "positif": "positive",
    "1": "positive",
    "+1": "positive",
    "1.0": "positive",
    "neutral": "neutral",
    "neu": "neutral",
    "netral": "neutral",
    "0": "neutral",
    "0.0": "neutral",
    "negative": "negative",
    "neg": "negative",
    "negatif": "negative",
    "-1": "negative",
    "-1.0": "negative",
}
TASKS = ("stance", "sentiment")


class EvaluationInputError(ValueError):
    """The evaluation file cannot be used (missing columns, unknown labels, empty)."""


def read_labelled(data_path: str | Path, text_col: str = "text", label_col: str = "label") -> pd.DataFrame:
    """Read a CSV or TSV with a header (delimiter sniffed) and return ``text``/``label`` columns."""
    path = Path(data_path)
    if not path.exists():
        raise EvaluationInputError(f"{path}: no such file")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        sample = fh.read(64_000)
    if not sample.strip():
        raise EvaluationInputError(f"{path}: file is empty")
    try:
        delimiter = csv.Sniffer().sniff(sample.splitlines()[0], delimiters=",\t;|").delimiter
    except csv.Error:
        delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else ","
    frame = pd.read_csv(path, sep=delimiter, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in (text_col, label_col) if c not in frame.columns]
    if missing:
        raise EvaluationInputError(f"{path}: missing column(s) {missing}; available columns: {list(frame.columns)}")
    out = pd.DataFrame({"text": frame[text_col], "label": frame[label_col].str.strip()})
    if "lang" in frame.columns:
        out["lang"] = frame["lang"].str.strip().str.lower().replace("", "unknown")
    return out


def _canonical_labels(task: str, labels: Sequence[str]) -> list[str]:
    if task == "sentiment":
        mapped = [_SENTIMENT_SYNONYMS.get(str(v).strip().lower()) for v in labels]
        allowed = SENTIMENT_LABELS
    else:
        mapped = [str(v).strip().lower() or None for v in labels]
        mapped = [m if m in STANCE_LABELS else None for m in mapped]
        allowed = STANCE_LABELS
    bad = sorted({str(v) for v, m in zip(labels, mapped, strict=True) if m is None})
    if bad:
        raise EvaluationInputError(f"unknown {task} label(s) {bad[:10]}; expected one of {list(allowed)}")
    return mapped  # type: ignore[return-value]


def _predict_sentiment(texts: list[str]) -> list[str]:
    # The classifiers see exactly what enrichment gives them: detected language, repaired text.
    from nlp.language import detect_languages
    from nlp.sentiment import get_sentiment_analyzer
    from nlp.text import clean_text

    cleaned = [clean_text(t) for t in texts]
    return [label for label, _ in get_sentiment_analyzer().predict(cleaned, detect_languages(cleaned))]


def calibration_report(correct: Sequence[bool], confidence: Sequence[float], bins: int = 10) -> tuple[str, float]:
    """Reliability of a probability that each label is right: per equal-width bin of ``confidence``, the
    number of rows, the mean confidence and the share right; returns (table, expected calibration error).

    The expected calibration error (ECE) is the row-weighted mean of |share right − mean confidence| over
    the bins: 0 when the stated probability is the observed accuracy in every bin.
    """
    if len(correct) != len(confidence):
        raise ValueError(f"correct has {len(correct)} rows, confidence {len(confidence)}")
    if not correct:
        return "no rows", 0.0
    rows = [f"{'probability':<13}{'n':>6}{'mean p':>9}{'right':>8}"]
    ece = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, c in enumerate(confidence) if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if not idx:
            continue
        mean_p = sum(confidence[i] for i in idx) / len(idx)
        right = sum(bool(correct[i]) for i in idx) / len(idx)
        ece += len(idx) / len(correct) * abs(right - mean_p)
        rows.append(f"{f'{lo:.1f}-{hi:.1f}':<13}{len(idx):>6}{mean_p:>9.3f}{right:>8.3f}")
    return "\n".join(rows), ece


def per_language_report(gold: Sequence[str], pred: Sequence[str], langs: Sequence[str]) -> str:
    """One line per language in ``langs``: number of rows and macro-F1 over that language's rows."""
    rows = []
    for lang in sorted(set(langs)):
        idx = [i for i, code in enumerate(langs) if code == lang]
        f1 = macro_f1([gold[i] for i in idx], [pred[i] for i in idx])
        rows.append(f"lang={lang} n={len(idx)} macro_f1={f1:.3f}")
    return "\n".join(rows)


def per_class_scores(
    gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]
) -> dict[str, tuple[float, float, float, int]]:
    """``{label: (precision, recall, f1, support)}`` for each of ``labels``."""
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} labels, pred {len(pred)}")
    out = {}
    for lab in labels:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred, strict=True))
        fp = sum(g != lab and p == lab for g, p in zip(gold, pred, strict=True))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[lab] = (precision, recall, f1, tp + fn)
    return out


def macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Macro-averaged F1 over the labels that occur in ``gold`` (0.0 for empty input)."""
    labels = sorted(set(gold))
    if not labels:
        return 0.0
    scores = per_class_scores(gold, pred, labels)
    return sum(scores[lab][2] for lab in labels) / len(labels)


def cohen_kappa(first: Sequence[str], second: Sequence[str]) -> float:
    """Cohen's kappa of two readings of the same items: agreement beyond what their label shares give by chance.

    1.0 is perfect agreement, 0.0 chance level; ``nan`` when chance agreement is already 1 (one label only).
    """
    from sklearn.metrics import cohen_kappa_score

    if len(first) != len(second):
        raise ValueError(f"first has {len(first)} labels, second {len(second)}")
    if len(set(first) | set(second)) < 2:
        return float("nan")
    return float(cohen_kappa_score(list(first), list(second)))


def classification_report(gold: Sequence[str], pred: Sequence[str], label_order: Sequence[str]) -> tuple[str, float]:
    """Format per-class scores and the confusion matrix; return (report, macro-F1 over gold labels)."""
    gold_set = set(gold)
    labels = [lab for lab in label_order if lab in gold_set or lab in set(pred)]
    rows = []
    width = max(len(x) for x in [*labels, "label"]) + 2
    rows.append(f"{'label':<{width}}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}")
    for lab, (precision, recall, f1, support) in per_class_scores(gold, pred, labels).items():
        rows.append(f"{lab:<{width}}{precision:>10.3f}{recall:>10.3f}{f1:>10.3f}{support:>10d}")
    accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    rows.append(f"{'accuracy':<{width}}{accuracy:>30.3f}{len(gold):>10d}")
    rows.append("")
    rows.append("confusion matrix (rows = gold, columns = predicted)")
    cell = max(width, 8)
    rows.append(" " * width + "".join(f"{lab:>{cell}}" for lab in labels))
    for g_lab in labels:
        counts = [sum(g == g_lab and p == p_lab for g, p in zip(gold, pred, strict=True)) for p_lab in labels]
        rows.append(f"{g_lab:<{width}}" + "".join(f"{c:>{cell}d}" for c in counts))
    return "\n".join(rows), macro_f1(gold, pred)


def run_eval(
    task: str,
    data_path: str | Path,
    text_col: str = "text",
    label_col: str = "label",
    out: TextIO | None = None,
) -> float:
    """Predict ``task`` labels for the file, print the report to ``out`` and return macro-F1.

    ``out`` defaults to ``sys.stdout`` looked up at call time (so redirection and capture work).
    The last printed line is exactly ``macro_f1=0.XXX`` (three decimals).
    """
    out = sys.stdout if out is None else out
    if task not in TASKS:
        raise EvaluationInputError(f"unknown task {task!r}; expected one of {list(TASKS)}")
    frame = read_labelled(data_path, text_col, label_col)
    if frame.empty:
        raise EvaluationInputError(f"{data_path}: no rows")
    gold = _canonical_labels(task, frame["label"].tolist())
    texts = frame["text"].tolist()
    stance = classify_posts(texts) if task == "stance" else None
    pred = [p.label for p in stance] if stance is not None else _predict_sentiment(texts)
    order = STANCE_LABELS if task == "stance" else SENTIMENT_LABELS
    report, macro = classification_report(gold, pred, order)
    print(f"task={task} data={data_path} n={len(gold)}", file=out)
    print(report, file=out)
    if "lang" in frame.columns:
        print("", file=out)
        print("per language (lang column of the file)", file=out)
        print(per_language_report(gold, pred, frame["lang"].tolist()), file=out)
    if stance is not None:
        _print_stance_calibration(gold, stance, out)
    print(f"macro_f1={macro:.3f}", file=out)
    return macro


def _print_stance_calibration(gold: Sequence[str], stance, out: TextIO) -> None:
    """``stance_score`` as the probability that the label is right, overall and by who decided."""
    correct = [p.label == g for p, g in zip(stance, gold, strict=True)]
    table, ece = calibration_report(correct, [p.score for p in stance])
    print("", file=out)
    print("stance_score as the probability that the label is right (reliability by score bin)", file=out)
    print(table, file=out)
    for decider in ("rules", "model"):
        idx = [i for i, p in enumerate(stance) if p.decided_by == decider]
        if idx:
            mean_p = sum(stance[i].score for i in idx) / len(idx)
            right = sum(correct[i] for i in idx) / len(idx)
            print(f"decided_by={decider} n={len(idx)} mean_score={mean_p:.3f} right={right:.3f}", file=out)
    print(f"ece={ece:.3f}", file=out)


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: ``eval stance|sentiment --data FILE [--text-col text] [--label-col label]``."""
    parser = argparse.ArgumentParser(
        prog="hapuswatch eval", description="Score stance or sentiment on a labelled file."
    )
    parser.add_argument("task", choices=TASKS)
    parser.add_argument("--data", required=True, help="CSV or TSV with a header row")
    parser.add_argument("--text-col", default="text")
    parser.add_argument("--label-col", default="label")
    args = parser.parse_args(argv)
    try:
        run_eval(args.task, args.data, args.text_col, args.label_col)
    except EvaluationInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
