"""The labelled sets in nlp/eval_data: shapes, label sets, and the fixed tune/test split of the tweets."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from nlp.sentiment.lexicon import LABELS as SENTIMENT_LABELS
from nlp.stance import STANCE_LABELS
from nlp.stance.model import TRAIN_FILES

EVAL = Path(__file__).resolve().parents[1] / "nlp" / "eval_data"


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(EVAL / name, dtype=str, keep_default_na=False)


def test_tweets_dev_set_is_labelled_and_split_by_id_hash() -> None:
    dev = _read("deletefacebook_2018_dev.csv")
    assert len(dev) >= 500 and dev["id"].is_unique
    assert set(dev["stance"]) <= set(STANCE_LABELS) and set(dev["sentiment"]) <= set(SENTIMENT_LABELS)
    expected = [
        "tune" if int(hashlib.sha256(f"hapuswatch-split:{i}".encode()).hexdigest()[:8], 16) % 2 == 0 else "test"
        for i in dev["id"]
    ]
    assert dev["split"].tolist() == expected
    for split in ("tune", "test"):
        half = _read(f"deletefacebook_2018_{split}.csv")
        pd.testing.assert_frame_equal(half, dev[dev["split"] == split].reset_index(drop=True))


def test_held_out_files_are_not_training_files() -> None:
    names = {name for name, _ in TRAIN_FILES}
    assert "deletefacebook_2018_tune.csv" in names
    assert not names & {"deletefacebook_2018_test.csv", "deletefacebook_2018_dev.csv", "stance_independent_holdout.csv"}
    assert (EVAL / "README.md").is_file()


def test_retest_sample_is_a_blind_hash_draw_of_labelled_tweets() -> None:
    """The second reading covers the 200 dev tweets with the smallest retest hash, with codebook labels."""
    dev = _read("deletefacebook_2018_dev.csv")
    retest = _read("deletefacebook_2018_retest.csv")
    assert list(retest.columns) == ["id", "text", "stance_retest", "sentiment_retest"]
    assert set(retest["stance_retest"]) <= set(STANCE_LABELS)
    assert set(retest["sentiment_retest"]) <= set(SENTIMENT_LABELS)
    drawn = sorted(dev["id"], key=lambda i: hashlib.sha256(f"hapuswatch-retest:{i}".encode()).hexdigest())[:200]
    assert sorted(retest["id"]) == sorted(drawn)
    texts = dict(zip(dev["id"], dev["text"], strict=True))
    assert all(texts[i] == t for i, t in zip(retest["id"], retest["text"], strict=True))
    assert "deletefacebook_2018_retest.csv" not in {name for name, _ in TRAIN_FILES}
