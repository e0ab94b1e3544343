"""Quality metrics reported for every topic fit: outlier share, topic diversity, NPMI coherence."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from scipy import sparse


def outlier_share(topic_ids: Sequence[int] | np.ndarray) -> float:
    """Share of posts in the outlier topic ``-1`` (0.0 for an empty input)."""
    ids = np.asarray(topic_ids)
    return float((ids == -1).mean()) if ids.size else 0.0


def topic_diversity(top_terms: Sequence[Sequence[str]], top_k: int = 10) -> float:
    """Unique words among all topics' top-``top_k`` terms divided by the number of slots.

    1.0 means no topic repeats another's words; values near 0 mean every topic says the same.
    Multi-word terms count by their words so "meta ai" and "ai" overlap.
    """
    slots = 0
    unique: set[str] = set()
    for terms in top_terms:
        words = [w for term in list(terms)[:top_k] for w in term.split()][:top_k]
        slots += len(words)
        unique.update(words)
    return len(unique) / slots if slots else 0.0


def cooccurrence_npmi(term_lists: list[list[int]], n_terms: int) -> np.ndarray:
    """NPMI between ``n_terms`` terms from which terms each document holds (indices per document).

    Pairs never seen together score -1; a pair present in every document scores 1.
    """
    rows = [d for d, terms in enumerate(term_lists) for _ in terms]
    cols = [t for terms in term_lists for t in terms]
    n_docs = max(1, len(term_lists))
    presence = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n_docs, n_terms))
    p_ij = (presence.T @ presence).toarray() / n_docs
    p_i = np.diag(p_ij).copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.log(p_ij / np.outer(p_i, p_i)) / -np.log(p_ij)
    out[p_ij <= 0] = -1.0
    out[p_ij >= 1] = 1.0
    return out


def npmi_coherence(
    top_terms: Sequence[Sequence[str]],
    texts: Sequence[str],
    analyzer: Callable[[str], list[str]],
    top_k: int = 10,
) -> tuple[float, list[float]]:
    """Mean NPMI of each topic's top-term pairs from document co-occurrence in ``texts``.

    ``analyzer`` must be the tokeniser that produced the terms (e.g. the vectoriser's
    ``build_analyzer()``), so n-gram terms are found as such. Returns ``(mean, per_topic)``;
    pairs that never co-occur score -1, the NPMI convention (:func:`cooccurrence_npmi`). Only the
    top-term columns of the document-term matrix are built, so this stays fast on large corpora.
    """
    topics = [list(dict.fromkeys(terms))[:top_k] for terms in top_terms]
    vocab = sorted({t for terms in topics for t in terms})
    if not vocab or not texts:
        return 0.0, [0.0 for _ in topics]
    index = {t: i for i, t in enumerate(vocab)}
    held = [list({index[tok] for tok in analyzer(text) if tok in index}) for text in texts]
    npmi = cooccurrence_npmi(held, len(vocab))
    per_topic: list[float] = []
    for terms in topics:
        ids = [index[t] for t in terms]
        scores = [float(npmi[ids[a], ids[b]]) for a in range(len(ids)) for b in range(a + 1, len(ids))]
        per_topic.append(float(np.mean(scores)) if scores else 0.0)
    return (float(np.mean(per_topic)) if per_topic else 0.0), per_topic
