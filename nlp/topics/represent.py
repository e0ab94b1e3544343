"""What a topic says: c-TF-IDF top terms (BERTopic in manual mode), a readable label, example posts.

A topic's top terms are chosen from its best c-TF-IDF candidates so that they appear together in the
topic's own posts (:class:`CooccurringTerms`): c-TF-IDF alone ranks each term on its own, and a topic
that holds several related threads then lists words that rarely share a post ("worth · grup · account").
"""

from __future__ import annotations

import numpy as np

from nlp.topics.metrics import cooccurrence_npmi
from nlp.topics.params import TopicParams
from nlp.topics.stopwords import DOC_BREAK, make_vectorizer


def pick_cooccurring(scores: np.ndarray, npmi: np.ndarray, n: int, relevance: float) -> list[int]:
    """Greedy pick of ``n`` candidates: the best-scored first, then each time the candidate with the best
    ``relevance * score / max score + (1 - relevance) * mean NPMI with those already picked``.

    Returns positions into ``scores``, in the order picked.
    """
    if len(scores) == 0:
        return []
    share = scores / scores.max() if scores.max() > 0 else np.zeros_like(scores)
    picked = [int(np.argmax(scores))]
    left = [k for k in range(len(scores)) if k != picked[0]]
    while left and len(picked) < n:
        gain = relevance * share[left] + (1 - relevance) * npmi[np.ix_(left, picked)].mean(axis=1)
        picked.append(left.pop(int(np.argmax(gain))))
    return picked


class CooccurringTerms:
    """BERTopic representation model: a topic's ``n`` terms, taken from its best ``candidates`` c-TF-IDF
    terms so that they co-occur in the topic's own posts (:func:`pick_cooccurring`, NPMI inside the topic).

    Like BERTopic's ``MaximalMarginalRelevance`` it picks a subset and keeps the c-TF-IDF order and scores;
    MMR pushes terms apart by word embeddings, this pulls them together by the posts that hold them.
    """

    def __init__(self, n: int = 10, candidates: int = 20, relevance: float = 0.5):
        self.n, self.candidates, self.relevance = n, candidates, relevance

    def extract_topics(self, topic_model, documents, c_tf_idf, topics):
        analyzer = topic_model.vectorizer_model.build_analyzer()
        by_topic = documents.groupby("Topic")["Document"]
        out = {}
        for topic, terms in topics.items():
            terms = [(w, s) for w, s in terms[: self.candidates] if w and s > 0]
            if topic < 0 or len(terms) <= self.n:
                out[topic] = terms[: self.n]
                continue
            index = {w: k for k, (w, _) in enumerate(terms)}
            held = [sorted({index[t] for t in analyzer(doc) if t in index}) for doc in by_topic.get_group(topic)]
            npmi = cooccurrence_npmi(held, len(terms))
            picked = pick_cooccurring(np.array([s for _, s in terms]), npmi, self.n, self.relevance)
            out[topic] = [terms[k] for k in sorted(picked)]
        return out


def fit_bertopic(docs: list[str], emb: np.ndarray, labels: np.ndarray, params: TopicParams):
    """Topic words via BERTopic in manual mode; returns (model, {cluster: [(term, score)]}, local_to_bt).

    ``docs`` are already cleaned (:func:`nlp.topics.stopwords.clean_for_terms`). Terms are c-TF-IDF
    candidates picked by :class:`CooccurringTerms` (scores stay c-TF-IDF).
    """
    from bertopic import BERTopic
    from bertopic.cluster import BaseCluster
    from bertopic.dimensionality import BaseDimensionalityReduction
    from bertopic.representation import BaseRepresentation
    from bertopic.vectorizers import ClassTfidfTransformer

    class _Representation(CooccurringTerms, BaseRepresentation):  # BERTopic dispatches on its base class
        pass

    model = BERTopic(
        embedding_model=None,
        umap_model=BaseDimensionalityReduction(),
        hdbscan_model=BaseCluster(),
        vectorizer_model=make_vectorizer(params.ngram_max, params.max_features),
        # Every post here is about Facebook; damping words frequent across all topics keeps
        # "facebook", "akun", "hapus" from topping every label.
        ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
        top_n_words=params.top_n_words,
        representation_model=_Representation(params.top_n_words, params.term_candidates, params.term_relevance),
        language="multilingual",
        calculate_probabilities=False,
        verbose=False,
    )
    # BERTopic joins each topic's posts with a space; the break keeps phrases from running across posts.
    model.fit([doc + DOC_BREAK for doc in docs], embeddings=emb, y=labels)
    local_to_bt: dict[int, int] = {}
    for local, bt in zip(labels.tolist(), model.topics_, strict=True):
        local_to_bt.setdefault(int(local), int(bt))
    words = {}
    for local, bt in local_to_bt.items():
        if local < 0:
            continue
        terms = model.get_topic(bt) or []
        words[local] = [(w, float(s)) for w, s in terms if w and s > 0]
    return model, words, local_to_bt


def label_from_terms(terms: list[str], n: int = 4) -> str:
    """A short label from the top terms: no term repeated inside another ("meta ai" then not "ai")."""
    picked: list[str] = []
    for term in terms:
        words = term.split()
        if len(set(words)) < len(words):  # "user user"-style stutter
            continue
        if any(set(words) & set(p.split()) for p in picked):
            continue
        picked.append(term)
        if len(picked) == n:
            break
    return " · ".join(picked) if picked else "(no terms)"


def representative_posts(texts: list[str], emb: np.ndarray, centroid: np.ndarray, n: int) -> list[str]:
    """Up to ``n`` distinct texts nearest the centroid (``emb`` rows align with ``texts``)."""
    sims = emb @ centroid
    out: list[str] = []
    for k in np.argsort(-sims, kind="stable"):
        if texts[k] not in out:
            out.append(texts[k])
        if len(out) == n:
            break
    return out
