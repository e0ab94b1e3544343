"""Placing posts on the current topics by nearest centroid (between refits, and beyond the fit sample)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from nlp.topics.state import TopicModelState


def assign_topics(texts: Sequence[str], embeddings: np.ndarray, state: TopicModelState) -> pd.DataFrame:
    """Assign posts to the current topics by nearest centroid; returns ``topic_id``, ``topic_prob``.

    Posts below the fit's outlier threshold, and empty texts, get topic -1. Costs one
    matrix product, so new posts between refits are cheap.
    """
    n = len(texts)
    topic_ids = np.full(n, -1, dtype=np.int64)
    probs = np.zeros(n, dtype=np.float32)
    if n and len(state.topics):
        best, sim = state.place(np.asarray(embeddings, dtype=np.float32).reshape(n, -1))
        has_text = np.array([bool(t and str(t).strip()) for t in texts])
        ok = (sim >= state.params.outlier_threshold) & has_text
        topic_ids[ok] = state.topic_ids[best[ok]]
        probs[ok] = np.clip(sim[ok], 0, 1)
    return pd.DataFrame({"topic_id": topic_ids, "topic_prob": probs})
