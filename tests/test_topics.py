"""Topic model logic on a themed synthetic corpus with cheap hashed embeddings (no model load)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nlp.topics import (
    STATUS_OK,
    STATUS_SINGLE_TOPIC,
    STATUS_TOO_FEW_POSTS,
    assign_topics,
    find_duplicates,
    fit_topics,
    load_bertopic,
    load_state,
    npmi_coherence,
    topic_diversity,
    topic_stopwords,
)
from testing.topic_corpus import generate_corpus, hashed_embeddings


def _majority_topic(labels: list[str], topic_ids: pd.Series) -> dict[str, int]:
    frame = pd.DataFrame({"theme": labels, "topic_id": topic_ids.to_numpy()})
    return frame.groupby("theme")["topic_id"].agg(lambda s: s.value_counts().idxmax()).to_dict()


@pytest.fixture(scope="module")
def corpus():
    texts, labels = generate_corpus(800, seed=1)
    return texts, labels, hashed_embeddings(labels)


@pytest.fixture(scope="module")
def first_fit(corpus, tmp_path_factory):
    texts, _, emb = corpus
    return fit_topics(texts, emb, seed=42, model_dir=tmp_path_factory.mktemp("models"))


def test_fit_finds_the_themes_with_few_outliers(corpus, first_fit):
    _, labels, _ = corpus
    assert first_fit.status == STATUS_OK
    majority = _majority_topic(labels, first_fit.assignments["topic_id"])
    # Ten themes land in ten different topics.
    assert len(set(majority.values())) == 10
    assert first_fit.metrics["outlier_share_after"] <= 0.10
    assert first_fit.metrics["outlier_share_after"] <= first_fit.metrics["outlier_share_before"]
    assert 0 < first_fit.metrics["diversity"] <= 1
    assert -1 <= first_fit.metrics["npmi"] <= 1
    sizes = first_fit.assignments["topic_id"].value_counts()
    for row in first_fit.topics.itertuples():
        assert row.size == sizes[row.topic_id]
        assert len(row.representative_posts) == 3
        assert row.label and len(row.top_terms) == 10


def test_same_input_and_seed_give_same_assignments(corpus, first_fit):
    texts, _, emb = corpus
    again = fit_topics(texts, emb, seed=42, model_dir=None)
    pd.testing.assert_frame_equal(again.assignments, first_fit.assignments)
    assert again.topics["top_terms"].tolist() == first_fit.topics["top_terms"].tolist()


def test_stopwords_and_filler_absent_from_top_terms(first_fit):
    stop = topic_stopwords()
    assert {"yang", "dan", "the", "yg", "gak", "aja", "nya", "sih", "fb"} <= stop
    assert "ai" not in stop  # the subject matter, even though stopwordsiso lists it
    words = {w for terms in first_fit.topics["top_terms"] for term in terms for w in term.split()}
    assert words and not (words & stop)


def test_refit_keeps_ids_and_labels_and_gives_new_themes_fresh_ids(corpus, first_fit, tmp_path):
    texts, labels, emb = corpus
    first_map = _majority_topic(labels, first_fit.assignments["topic_id"])
    more_texts, more_labels = generate_corpus(300, seed=7)
    rng = np.random.default_rng(0)
    words = ["kopi", "susu", "gula", "aren", "espresso", "barista", "latte", "seduh", "manual", "robusta"]
    # Distinct posts (not a duplicate burst): random word mixes about one new theme.
    new_theme_texts = [" ".join(rng.choice(words, size=6)) + f" resep {i}" for i in range(120)]
    all_texts = texts + more_texts + new_theme_texts
    all_labels = labels + more_labels + ["coffee"] * 120
    all_emb = hashed_embeddings(all_labels, seed=0)
    # Same theme directions (seed 0), fresh noise draws for the whole corpus.
    refit = fit_topics(all_texts, all_emb, seed=3, previous=first_fit.state, model_dir=tmp_path)
    second_map = _majority_topic(all_labels, refit.assignments["topic_id"])
    for theme, topic_id in first_map.items():
        assert second_map[theme] == topic_id
    old = first_fit.topics.set_index("topic_id")
    new = refit.topics.set_index("topic_id")
    for topic_id in first_map.values():
        assert new.at[topic_id, "label"] == old.at[topic_id, "label"]
        assert new.at[topic_id, "first_fitted_version"] == first_fit.version
    coffee_id = second_map["coffee"]
    assert coffee_id >= first_fit.state.next_topic_id
    assert refit.state.next_topic_id > coffee_id
    assert new.at[coffee_id, "first_fitted_version"] == refit.version


def test_assign_between_refits_uses_current_topics(corpus, first_fit):
    _, labels, _ = corpus
    first_map = _majority_topic(labels, first_fit.assignments["topic_id"])
    new_texts, new_labels = generate_corpus(100, seed=11)
    new_emb = hashed_embeddings(new_labels, seed=0)
    assigned = assign_topics(new_texts, new_emb, first_fit.state)
    expected = np.array([first_map[lab] for lab in new_labels])
    assert (assigned["topic_id"].to_numpy() == expected).mean() >= 0.95
    # Nothing resembles an unrelated direction, and an empty text is never assigned.
    odd = np.random.default_rng(5).normal(size=(1, new_emb.shape[1])).astype(np.float32)
    out = assign_topics(["", "?"], np.vstack([new_emb[:1], odd]), first_fit.state)
    assert out["topic_id"].tolist() == [-1, -1]


def test_saved_model_round_trips(first_fit):
    path = first_fit.model_path
    assert (path / "state.json").exists() and (path / "centroids.safetensors").exists()
    assert (path / "bertopic" / "config.json").exists()
    assert (path / "bertopic" / "ctfidf.safetensors").exists()
    loaded = load_state(path.parent)  # via LATEST
    assert loaded.version == first_fit.version
    assert loaded.topics["topic_id"].tolist() == first_fit.topics["topic_id"].tolist()
    assert loaded.topics["label"].tolist() == first_fit.topics["label"].tolist()
    np.testing.assert_allclose(loaded.centroids, first_fit.state.centroids)
    assert loaded.params == first_fit.state.params
    bt = load_bertopic(loaded)
    assert len(bt.get_topic_info()) >= len(first_fit.topics)


def test_duplicate_burst_does_not_become_a_topic():
    texts, labels = generate_corpus(500, seed=2, spam_copies=150)
    from nlp.topics import flag_automated

    emb = hashed_embeddings(labels)
    automated = flag_automated(texts)["is_automated"].to_numpy()
    fit = fit_topics(texts, emb, seed=42, exclude=automated)
    spam = np.array(labels) == "spam"
    assert fit.assignments.loc[spam, "duplicate_count"].min() >= 100
    # every copy after the first is flagged (and so out of the KPI marts), and no topic is the burst's own
    assert automated[spam].sum() == spam.sum() - 1
    frame = pd.DataFrame({"spam": spam, "topic_id": fit.assignments["topic_id"]})[~automated]
    spam_share = frame[frame.topic_id >= 0].groupby("topic_id")["spam"].mean()
    assert spam_share.max() < 0.5, spam_share
    assert fit.metrics["n_fit"] <= 500 + 1


def test_near_duplicates_collapse_to_one_representative():
    texts, labels = generate_corpus(200, seed=4)
    emb = hashed_embeddings(labels)
    # 80 copies of one chain message, each with one slot refilled: different texts, same wording.
    base = "tolong sebarkan pesan ini ke semua teman sebelum facebook menghapus akun yang tidak aktif minggu depan"
    base = [*base.split(), "ya"]
    burst = [" ".join(base[:7] + [f"teman{chr(97 + i % 26)}{chr(97 + i // 26)}"] + base[7:]) for i in range(80)]
    burst_emb = emb[:1] + np.random.default_rng(0).normal(scale=0.01, size=(80, emb.shape[1])).astype(np.float32)
    fit = fit_topics(texts + burst, np.vstack([emb, burst_emb]), seed=42)
    reps = fit.assignments["duplicate_of"].to_numpy()[200:]
    assert set(reps.tolist()) == {200}
    assert fit.assignments["duplicate_count"].to_numpy()[200] == 80
    assert fit.metrics["n_fit"] <= 201


@pytest.mark.parametrize("n", [0, 1, 6])
def test_tiny_corpus_reports_too_few_posts(n):
    texts, labels = generate_corpus(n, seed=3) if n else ([], [])
    emb = hashed_embeddings(labels) if n else np.zeros((0, 64), dtype=np.float32)
    fit = fit_topics(texts, emb, seed=42)
    assert fit.status == STATUS_TOO_FEW_POSTS
    assert len(fit.assignments) == n
    assert (fit.assignments["topic_id"] == -1).all()
    assert fit.topics.empty
    assert fit.state is None and fit.model_path is None


def test_single_theme_corpus_gives_one_topic():
    texts, labels = generate_corpus(300, seed=5, themes=["mental_health"])
    fit = fit_topics(texts, hashed_embeddings(labels), seed=42)
    assert fit.status in {STATUS_OK, STATUS_SINGLE_TOPIC}
    # Centring (needed by static vectors) leaves only noise in a one-theme corpus: at most a split in two.
    assert len(fit.topics) <= 2
    assert (fit.assignments["topic_id"] >= 0).mean() >= 0.9


def test_diversity_and_npmi_on_known_cases():
    assert topic_diversity([["a", "b"], ["c", "d"]]) == 1.0
    assert topic_diversity([["a", "b"], ["a", "b"]]) == 0.5
    texts = ["kopi susu", "kopi susu gula", "teh manis", "teh manis es", "kopi teh"]
    analyzer = str.split
    mean, per = npmi_coherence([["kopi", "susu"], ["susu", "manis"]], texts, analyzer)
    assert per[0] > 0.3  # always together
    assert per[1] == -1.0  # never together
    assert mean == pytest.approx((per[0] + per[1]) / 2)


def test_near_duplicate_chains_do_not_merge_different_posts():
    words = [f"kata{chr(97 + i)}" for i in range(20)]
    a = " ".join(words)
    b = " ".join(words[:6] + ["ganti"] + words[7:])  # one word changed: bigram Jaccard 17/21
    c = " ".join(words[:6] + ["ganti"] + words[7:13] + ["lagi"] + words[14:])  # two changed vs a: 15/23
    rep = find_duplicates([a, b, c, "paten persona orang mati"], threshold=0.75)
    assert rep.tolist() == [0, 0, 2, 3]


def test_near_duplicates_are_texts_not_embeddings():
    # Same theme, different wording: not copies, however close their vectors would be.
    texts = [
        "hapus akun facebook karena iklan dari chat",
        "aku hapus fb gara gara iklan dari obrolan ai",
        "RT @someone: hapus akun facebook karena iklan dari chat",
    ]
    assert find_duplicates(texts).tolist() == [0, 1, 0]
    assert find_duplicates([]).tolist() == []
