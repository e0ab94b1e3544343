"""How consistently the 2018 tweets were labelled: a second, blind reading of 200 of them.

    .venv/bin/python benchmarks/bench_label_agreement.py

``nlp/eval_data/deletefacebook_2018_retest.csv`` holds 200 of the labelled tweets (the 200 with the
smallest ``sha256("hapuswatch-retest:" + id)``, a content-blind sample of both halves) labelled a second
time by the codebook, without the first labels or any classifier output in view (provenance in
``nlp/eval_data/README.md``). Printed for stance and sentiment: raw agreement, Cohen's kappa, and the
macro-F1 of the second reading scored against the first (the figure a classifier's macro-F1 on these
labels can be set against), overall, per half, and without the tweets the codebook quotes as examples
(their first labels were in view through the codebook). Prints figures only.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.evaluation import (  # noqa: E402
    SENTIMENT_LABELS,
    classification_report,
    cohen_kappa,
    macro_f1,
)
from nlp.stance import STANCE_LABELS  # noqa: E402

EVAL = ROOT / "nlp" / "eval_data"
_LINK = re.compile(r"https?://\S+")


def read_pairs() -> pd.DataFrame:
    """The retest rows joined to their first labels (``stance``/``sentiment``) and split."""
    dev = pd.read_csv(EVAL / "deletefacebook_2018_dev.csv", dtype=str, keep_default_na=False)
    retest = pd.read_csv(EVAL / "deletefacebook_2018_retest.csv", dtype=str, keep_default_na=False)
    pairs = retest.merge(dev[["id", "stance", "sentiment", "split"]], on="id", how="inner", validate="one_to_one")
    if len(pairs) != len(retest):
        raise SystemExit(f"{len(retest) - len(pairs)} retest ids are not in the dev set")
    return pairs


def quoted_in_codebook(texts: pd.Series) -> pd.Series:
    """True for tweets whose opening words (links dropped, 30 characters) appear in docs/codebook.md."""
    codebook = (ROOT / "docs" / "codebook.md").read_text(encoding="utf-8").lower()
    keys = texts.map(lambda t: _LINK.sub("", t.lower().replace("&amp;", "&")).strip()[:30])
    return keys.map(lambda k: bool(k) and k in codebook)


def line(name: str, first, second) -> str:
    agree = sum(a == b for a, b in zip(first, second, strict=True)) / len(first)
    kappa = cohen_kappa(first, second)
    f1 = macro_f1(list(first), list(second))
    return f"{name:<34} n={len(first):<4} agreement {agree:.3f}  kappa {kappa:.3f}  macro-F1 {f1:.3f}"


def main() -> None:
    pairs = read_pairs()
    quoted = quoted_in_codebook(pairs["text"])
    for task, labels in (("stance", STANCE_LABELS), ("sentiment", SENTIMENT_LABELS)):
        first, second = pairs[task], pairs[f"{task}_retest"]
        print(f"== {task}: first reading (rows) vs second reading (columns)")
        print(line("all", first, second))
        for split in ("tune", "test"):
            mask = pairs["split"] == split
            print(line(f"{split} half", first[mask], second[mask]))
        print(line("not quoted in the codebook", first[~quoted], second[~quoted]))
        report, _ = classification_report(list(first), list(second), labels)
        print(report)
        print()


if __name__ == "__main__":
    main()
