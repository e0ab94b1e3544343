"""Deletion stance: tense, negation, modality, calls to action, scope of objects, regression floor."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from nlp.evaluation import run_eval
from nlp.stance import STANCE_LABELS, classify_stance, predict_stance

DEV = Path(__file__).resolve().parents[1] / "nlp" / "eval_data" / "stance_dev.csv"
# Measured: 0.993 with rules alone, 1.000 with the back-off model (which is fitted on dev too, so the
# latter is in-sample; `python -m nlp.evaluation stance --data nlp/eval_data/stance_dev.csv`). The floor
# leaves room for deliberate generalisation changes but catches a broken rule.
DEV_MACRO_F1_FLOOR = 0.95


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # tense / aspect
        ("udah deact", "deleted"),
        ("done, akun sudah hilang", "deleted"),
        ("baru aja apus ig, lega", "deleted"),
        ("Deleted my Facebook today.", "deleted"),
        ("tadi bantu mama hapus akun fb nya", "deleted"),
        ("besok mau hapus fb, backup dulu", "intends"),
        ("otw hapus wa", "intends"),
        ("abis backup foto langsung gw deact ig", "intends"),
        ("I'm going to delete Instagram next week", "intends"),
        # negation and cancellation are never ``deleted``
        ("belum hapus, dan ga akan", "staying"),
        ("gak jadi hapus fb, sayang fotonya", "staying"),
        ("never deleting fb lol", "staying"),
        ("gw ga bakal hapus fb", "staying"),
        ("udah deact seminggu, sekarang balik lagi", "staying"),
        ("hapus fb itu percuma, data udah diambil", "staying"),
        # weighing
        ("hapus fb worth it gak sih?", "considering"),
        ("perlu gak sih apus fb gara2 meta AI?", "considering"),
        ("Should I delete Instagram too?", "considering"),
        ("kalau gw hapus fb, foto yg di-tag ilang gak?", "considering"),
        # calls to action
        ("ayo hapus fb rame2!", "urges"),
        ("hapus aja guys fb kalian", "urges"),
        ("Delete your Facebook. Now.", "urges"),
        ("mari boikot meta", "urges"),
        # not a personal Meta deletion
        ("Cara hapus akun Facebook permanen", "none"),
        ("Warganet ramai-ramai hapus akun FB", "none"),
        ("Just deleted my TikTok lol", "none"),
        ("gw hapus foto mantan dari ig", "none"),
        ("apus cache instagram biar hp ga lemot", "none"),
        ("temen gw udah hapus fb, katanya lega", "none"),
        ("How do I recover a deleted Facebook account?", "none"),
        ("selamat pagi semua", "none"),
        # clause scope: the act after a contrast or a later clause is the stance
        ("awalnya galau, tapi akhirnya gue hapus juga fb", "deleted"),
        ("dulu bilang enggak akan hapus, sekarang sudah gue hapus ig", "deleted"),
        ("sempat mikir mau hapus fb, tapi enggak jadi", "staying"),
        ("sudah reaktivasi fb, kangen grup alumni", "staying"),
        # an addressee's account is a call to action; reported speech is a third party's act
        ("hari ini waktunya hapus akun fb kalian", "urges"),
        ("sepupu gue katanya sudah hapus fb", "none"),
        # a planned act, even when helping a relative, is ``intends``
        ("minggu depan gue mau bantu ibu hapus fb nya", "intends"),
        ("rencananya habis lebaran gue hapus ig", "intends"),
    ],
)
def test_rules(text: str, expected: str) -> None:
    assert classify_stance(text).label == expected


@pytest.mark.parametrize("text", ["", None, "😂🔥", "https://t.co/x", "مرحبا 你好", "[removed]"])
def test_content_free_is_none(text: object) -> None:
    assert classify_stance(text).label == "none"


def test_scores_and_labels_are_well_formed() -> None:
    results = predict_stance(["udah deact", "ayo hapus fb", "hmm", "x" * 100_000])
    assert [label for label, _ in results] == ["deleted", "urges", "none", "none"]
    for label, score in results:
        assert label in STANCE_LABELS and 0.0 <= score <= 1.0


def test_dev_set_macro_f1_floor() -> None:
    buf = io.StringIO()
    macro = run_eval("stance", DEV, out=buf)
    assert buf.getvalue().strip().splitlines()[-1] == f"macro_f1={macro:.3f}"
    assert macro >= DEV_MACRO_F1_FLOOR


def test_backoff_model_never_trains_on_the_hold_out() -> None:
    from nlp import stance

    assert all("holdout" not in name for name in stance._BACKOFF_TRAIN_FILES)
    assert stance.STANCE_RULES_VERSION.startswith("stance-rules-v2+backoff-")


def test_backoff_is_deterministic_and_keeps_sure_rules() -> None:
    texts = ["selamat pagi semua", "udah deact", "hmm fb ya", "gw masih mikir2 soal ig"]
    first = predict_stance(texts)
    assert predict_stance(texts) == first
    # Sure rules (no topic, explicit perfective) are never overruled.
    assert first[0] == ("none", 0.95) and first[1][0] == "deleted"
