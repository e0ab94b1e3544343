"""Cleaner themes: placeholders never become terms, automated posts are flagged and left out of fits,
big corpora are fitted on a bounded sample, and no grab-bag topic swallows the corpus."""

from __future__ import annotations

import numpy as np

from nlp.topics import TopicParams, clean_for_terms, fit_topics, flag_automated
from testing.topic_corpus import generate_corpus, hashed_embeddings


def test_placeholders_links_entities_and_retweet_markers_are_not_terms():
    text = "RT @[user]: u/[user] says &amp; <url> https://t.co/abc [user] data privacy #DeleteFacebook"
    cleaned = clean_for_terms(text)
    for gone in ("user", "amp", "RT", "http", "t.co", "#"):
        assert gone not in cleaned
    assert "data privacy" in " ".join(cleaned.split())


def test_automated_flags_with_reasons():
    texts = [
        "RT @[user]: Facebook knew about Cambridge Analytica for years",
        "The latest AppleADE_UK Daily! https://t.co/hGZ0LoECRi #deletefacebook",
        "https://t.co/xyz #deletefacebook",
        "Utter bullshit #DeleteFacebook https://t.co/ltG2NS29zP",
        "Cambridge Analytica scam fallout can lead to a reckoning https://t.co/a",
        "Cambridge Analytica scam fallout can lead to a reckoning https://t.co/b @[user]",
        "done",
        "done",
        "I deleted my account today after ten years, feels good",
    ]
    flags = flag_automated(texts)
    assert flags["automated_reason"].tolist() == [
        "retweet", "digest", "link_only", None, None, "copy_paste", None, None, None,
    ]  # fmt: skip
    assert flags["is_automated"].tolist() == [True, True, True, False, False, True, False, False, False]


def test_automated_posts_stay_out_of_the_fit_but_get_a_topic():
    texts, labels = generate_corpus(800, seed=2)
    emb = hashed_embeddings(labels, seed=2)
    exclude = np.zeros(len(texts), dtype=bool)
    exclude[::10] = True
    fit = fit_topics(texts, emb, seed=1, exclude=exclude)
    assert fit.metrics["n_excluded_automated"] == exclude.sum()
    assert fit.metrics["n_fit"] <= (~exclude).sum()
    assert (fit.assignments["topic_id"][exclude] >= 0).mean() > 0.9


def test_bounded_sample_fit_assigns_everyone_like_a_full_fit():
    texts, labels = generate_corpus(1500, seed=4)
    emb = hashed_embeddings(labels, seed=4)
    full = fit_topics(texts, emb, seed=1)
    sampled = fit_topics(texts, emb, seed=1, params=TopicParams(max_fit_texts=400))
    assert sampled.metrics["n_fit"] <= 400 < full.metrics["n_fit"]
    # every theme still gets its own topic, and posts outside the sample are placed
    themes = {lab: sampled.assignments["topic_id"][np.array(labels) == lab].mode()[0] for lab in set(labels)}
    assert len(set(themes.values())) == len(themes)
    assert sampled.metrics["outlier_share_after"] <= 0.1
    assert sampled.topics["size"].sum() == (sampled.assignments["topic_id"] >= 0).sum()


def test_a_grab_bag_topic_is_split_when_it_holds_distinct_themes():
    from nlp.topics import cluster

    _, labels = generate_corpus(1000, seed=6)
    emb = cluster.unit(hashed_embeddings(labels, seed=6))
    themes = np.unique(labels, return_inverse=True)[1]
    # a clustering that lumped four themes into topic 0 (40% of posts)
    lumped = np.where(themes < 4, 0, themes - 3)
    params = TopicParams()
    split = cluster.split_dominant(emb, lumped, params, seed=1, min_size=5)
    assert np.bincount(split[split >= 0]).max() / len(split) <= 0.25
    for theme in range(4):  # each lumped theme now has a topic of its own
        assert np.bincount(split[themes == theme][split[themes == theme] >= 0]).max() >= 0.9 * (themes == theme).sum()
    # one genuine theme is left alone
    one = np.zeros(len(emb), dtype=np.int64)
    same = cluster.unit(np.tile(emb[:1], (len(emb), 1)) + 0.01 * np.random.default_rng(0).normal(size=emb.shape))
    assert (cluster.split_dominant(same, one, params, seed=1, min_size=5) == 0).all()
