"""Deletion stance: rules (tense, negation, scope), the combined classifier on real tweets, probabilities."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from nlp.evaluation import macro_f1
from nlp.stance import STANCE_LABELS, classify_posts, classify_stance, predict_stance
from nlp.stance.classify import MODEL_FIRST_MIN_PROBA, RULES_FIRST_MIN_PROBA, decision_group, model_threshold
from nlp.stance.model import stance_features
from nlp.stance.rules import classify_rules
from nlp.text import reading_text

EVAL = Path(__file__).resolve().parents[1] / "nlp" / "eval_data"


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
    assert classify_rules(reading_text(text)).label == expected


@pytest.mark.parametrize("text", ["", None, "😂🔥", "https://t.co/x", "مرحبا 你好", "[removed]", "selamat pagi semua"])
def test_content_free_is_none(text: object) -> None:
    prediction = classify_stance(text)
    assert (prediction.label, prediction.decided_by) == ("none", "rules")


# The examples of real 2018 tweets the earlier rules sent to ``none`` (all outside the training
# files: they are the quotes, not rows of the labelled tweets).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I deleted @Facebook already. #DeleteFacebook", "deleted"),
        ("I #DeleteFacebook and life has been greater since...", "deleted"),
        ("Just #deletefacebook", "urges"),
        ("if you haven't already, #DeleteFacebook", "urges"),
        ("Why I'm Not Going To #DeleteFacebook", "staying"),
    ],
)
def test_hashtag_read_as_verb_imperative_or_slogan(text: str, expected: str) -> None:
    assert classify_stance(text).label == expected


def test_scores_are_probabilities_and_decider_is_named() -> None:
    texts = ["udh apus fb", "Just #deletefacebook", "selamat pagi", "besok mau hapus ig", "Should I #DeleteFacebook?"]
    out = classify_posts(texts)
    assert [p.label in STANCE_LABELS for p in out] == [True] * len(texts)
    assert all(0.0 <= p.score <= 1.0 for p in out)
    assert {p.decided_by for p in out} <= {"rules", "model"}
    assert predict_stance(texts) == [(p.label, p.score) for p in out]


@pytest.mark.parametrize(
    "text",
    ["besok mau hapus fb, backup dulu", "gak jadi hapus fb, sayang fotonya", "ayo hapus fb rame2!", "udah deact ig"],
)
def test_indonesian_posts_keep_the_rules_verdict(text: str) -> None:
    """On Indonesian posts a confident rule is never overruled by the model."""
    prediction = classify_stance(text)
    rule = classify_rules(reading_text(text))
    assert (prediction.label, prediction.decided_by, prediction.rule) == (rule.label, "rules", rule.rule)


@pytest.mark.parametrize(
    "text",
    [
        # codebook, negation: a double negation, "whether or not", "not yet" are not `staying`
        "I will close my accounts.\nI have no excuse NOT to #DeleteFacebook",
        "For all the artists who are worrying whether or not to #deletefacebook, we're building something",
        "I have not #deletefacebook yet but I should",
    ],
)
def test_negation_that_is_not_a_refusal(text: str) -> None:
    assert classify_rules(reading_text(text)).rule != "negated-act"


def test_model_features_read_the_words_around_the_hashtag() -> None:
    def tokens(text: str) -> set[str]:
        return set(stance_features(text, reading_text(text), "en").split())

    assert {"zzprei", "zzppyes_i", "zzpostand"} <= tokens("Yes I #DeleteFacebook and never looked back")
    assert {"zzprejust", "zzposteos"} <= tokens("Just #DeleteFacebook")
    assert {"zzprebos", "zzpostdone"} <= tokens("#DeleteFacebook done!")
    assert "zzpptime_to" in tokens("I think it's time to #DeleteFacebook")
    assert {"zzfirstp", "zzexcl"} <= tokens("I think it's time to #DeleteFacebook!")
    headline = tokens("Facebook Admits Spying On Messenger Photos https://t.co/abc #DeleteFacebook")
    assert "zzheadlinelink" in headline and "zzfirstp" not in headline
    assert "zzvia" in tokens("Don't Delete Facebook, Regulate It via @thenation https://t.co/x")


def test_who_decides_first_depends_on_language_and_hashtags() -> None:
    assert decision_group("id", "besok gue hapus fb") == "rules"
    assert decision_group("id", "ayo #hapus akun facebook") == "rules"
    assert decision_group("en", "seriously weighing deleting ig.") == "rules"
    assert decision_group("en", "just #delete facebook") == "model"
    assert decision_group("other", "#delete facebook <url>") == "model"
    assert model_threshold("future-marker", "rules") is None
    assert model_threshold("fallback", "rules") == RULES_FIRST_MIN_PROBA
    assert model_threshold("future-marker", "model") == MODEL_FIRST_MIN_PROBA
    assert model_threshold("negated-act", "model") is None
    assert model_threshold("no-topic", "model") is None
    # "Why I'm Not Going To #DeleteFacebook": a negated act stands in a hashtagged English post too.
    prediction = classify_stance("Why I'm Not Going To #DeleteFacebook")
    assert (prediction.label, prediction.decided_by) == ("staying", "rules")
    # A plain English sentence is read by the rules (the model, trained mostly on tweets, called it staying).
    prediction = classify_stance("Seriously weighing deleting IG. My whole portfolio is there though.")
    assert (prediction.label, prediction.decided_by) == ("considering", "rules")


def test_tweets_test_half_floor() -> None:
    """Never trained on (the model reads the tune half only): 0.536 measured; the floor catches a broken model."""
    test = pd.read_csv(EVAL / "deletefacebook_2018_test.csv", dtype=str, keep_default_na=False)
    pred = [label for label, _ in predict_stance(test["text"].tolist())]
    assert macro_f1(test["stance"].tolist(), pred) > 0.53


def test_independent_holdout_floor() -> None:
    """Never trained on: 0.816 measured (see README for what this proxy has and has not been used for)."""
    holdout = pd.read_csv(EVAL / "stance_independent_holdout.csv", dtype=str, keep_default_na=False)
    pred = [label for label, _ in predict_stance(holdout["text"].tolist())]
    assert macro_f1(holdout["label"].tolist(), pred) > 0.75
