"""What a topic says: c-TF-IDF top terms (BERTopic in manual mode), a readable label, example posts."""

from __future__ import annotations

import numpy as np

from nlp.topics.params import TopicParams
from nlp.topics.stopwords import make_vectorizer


def fit_bertopic(docs: list[str], emb: np.ndarray, labels: np.ndarray, params: TopicParams):
    """c-TF-IDF topic words via BERTopic in manual mode; returns (model, {cluster: [(term, score)]}, local_to_bt).

    ``docs`` are already cleaned (:func:`nlp.topics.stopwords.clean_for_terms`).
    """
    from bertopic import BERTopic
    from bertopic.cluster import BaseCluster
    from bertopic.dimensionality import BaseDimensionalityReduction
    from bertopic.vectorizers import ClassTfidfTransformer

    model = BERTopic(
        embedding_model=None,
        umap_model=BaseDimensionalityReduction(),
        hdbscan_model=BaseCluster(),
        vectorizer_model=make_vectorizer(params.ngram_max, params.max_features),
        # Every post here is about Facebook; damping words frequent across all topics keeps
        # "facebook", "akun", "hapus" from topping every label.
        ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
        top_n_words=params.top_n_words,
        language="multilingual",
        calculate_probabilities=False,
        verbose=False,
    )
    model.fit(docs, embeddings=emb, y=labels)
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
