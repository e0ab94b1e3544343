"""Stable topic ids across refits: match new topics to the previous fit's by centroid similarity."""

from __future__ import annotations

import logging

import numpy as np

from nlp.topics.state import TopicModelState

logger = logging.getLogger(__name__)


def match_topics(new_centroids: np.ndarray, previous: TopicModelState | None, threshold: float) -> dict[int, int]:
    """Hungarian matching of new topics (rows) to the previous state's; returns {row: old topic id}.

    Only pairs with centroid cosine >= ``threshold`` count, so a genuinely new theme is not forced
    onto an unrelated old id.
    """
    from scipy.optimize import linear_sum_assignment

    if previous is None or len(previous.topics) == 0 or len(new_centroids) == 0:
        return {}
    if previous.centroids.shape[1] != new_centroids.shape[1]:
        logger.warning(
            "embedding dimension changed (%s -> %s): topic ids restart",
            previous.centroids.shape[1],
            new_centroids.shape[1],
        )
        return {}
    sims = new_centroids @ previous.centroids.T
    rows, cols = linear_sum_assignment(-sims)
    old_ids = previous.topic_ids
    return {int(r): int(old_ids[c]) for r, c in zip(rows, cols, strict=True) if sims[r, c] >= threshold}


def stable_ids(clusters: list[int], matches: dict[int, int], next_topic_id: int) -> tuple[dict[int, int], int]:
    """Matched clusters keep their old id; the rest get fresh ids in order (never reused)."""
    id_map: dict[int, int] = {}
    for c in clusters:
        if c in matches:
            id_map[c] = matches[c]
        else:
            id_map[c] = next_topic_id
            next_topic_id += 1
    return id_map, next_topic_id
