"""Topic terms: phrases that stand in the posts, and top terms that share posts (nlp.topics.represent)."""

from __future__ import annotations

import re
from itertools import combinations

import numpy as np
import pytest

from nlp.topics import fit_topics
from nlp.topics.metrics import cooccurrence_npmi
from nlp.topics.params import TopicParams
from nlp.topics.represent import pick_cooccurring
from nlp.topics.stopwords import PhraseAnalyzer, clean_for_terms
from testing.topic_corpus import generate_corpus, hashed_embeddings


def test_phrases_are_only_words_that_stand_next_to_each_other():
    terms = PhraseAnalyzer()("Resep di Meta, iklan panci muncul. Harga 10 ribu")
    assert {"resep", "meta", "iklan", "panci", "muncul", "harga", "ribu"} <= set(terms)
    assert {"iklan panci", "panci muncul"} <= set(terms)
    # A stopword ("di"), clause punctuation or a number between two words is no phrase.
    assert not {"resep meta", "meta iklan", "muncul harga", "harga ribu"} & set(terms)
    assert "di" not in terms
    assert "iklan panci muncul" in PhraseAnalyzer(3)("iklan panci muncul lagi")


def test_cooccurrence_npmi_values():
    # Terms 0 and 1 always together (in 2 of 3 posts), term 2 alone.
    npmi = cooccurrence_npmi([[0, 1], [0, 1], [2]], 3)
    assert npmi[0, 1] == pytest.approx(1.0)
    assert npmi[0, 2] == npmi[1, 2] == -1.0
    # Together in one of two posts where each appears: independent-looking, below 1.
    half = cooccurrence_npmi([[0, 1], [0], [1], []], 2)
    assert half[0, 1] == pytest.approx(0.0, abs=1e-9)


def test_pick_prefers_terms_that_share_posts():
    scores = np.array([1.0, 0.9, 0.8, 0.7])
    npmi = np.full((4, 4), -1.0)
    for a, b in [(0, 2), (0, 3), (2, 3)]:
        npmi[a, b] = npmi[b, a] = 0.8
    assert pick_cooccurring(scores, npmi, 3, relevance=0.5) == [0, 2, 3]
    assert pick_cooccurring(scores, npmi, 3, relevance=1.0) == [0, 1, 2]  # plain c-TF-IDF order
    assert pick_cooccurring(scores[:2], npmi[:2, :2], 5, relevance=0.5) == [0, 1]


@pytest.fixture(scope="module")
def fits():
    texts, labels = generate_corpus(800, seed=1)
    emb = hashed_embeddings(labels)
    plain = TopicParams(term_candidates=10, term_relevance=1.0)
    return texts, fit_topics(texts, emb, seed=42), fit_topics(texts, emb, seed=42, params=plain)


def _pairs_sharing_posts(texts, fit) -> float:
    """Mean over all topics' top-term pairs of the Jaccard overlap of the topic's posts holding each term."""
    analyzer = PhraseAnalyzer()
    held = [set(analyzer(clean_for_terms(t))) for t in texts]
    topic_ids = fit.assignments["topic_id"].to_numpy()
    overlaps = []
    for row in fit.topics.itertuples():
        posts = [held[k] for k in np.flatnonzero(topic_ids == row.topic_id)]
        for a, b in combinations(row.top_terms, 2):
            both = sum(a in p and b in p for p in posts)
            either = sum(a in p or b in p for p in posts)
            overlaps.append(both / either)
    return float(np.mean(overlaps))


def test_multiword_terms_stand_as_phrases_in_posts(fits):
    texts, fit, _ = fits
    lowered = [clean_for_terms(t).lower() for t in texts]
    phrases = [t for terms in fit.topics["top_terms"] for t in terms if " " in t]
    assert phrases
    for phrase in phrases:
        pattern = re.compile(r"\b" + r"\s+".join(map(re.escape, phrase.split())) + r"\b")
        assert any(pattern.search(text) for text in lowered), phrase


def test_top_terms_share_posts_more_than_plain_ctfidf(fits):
    texts, fit, plain = fits
    assert fit.topics["topic_id"].tolist() == plain.topics["topic_id"].tolist()  # same topics, other terms
    assert all(len(terms) == 10 for terms in fit.topics["top_terms"])
    assert _pairs_sharing_posts(texts, fit) > _pairs_sharing_posts(texts, plain)
    # The fit's own coherence (NPMI over the fitted posts) rises with it.
    assert fit.metrics["npmi"] > plain.metrics["npmi"]
