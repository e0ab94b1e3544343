"""When to refit the topic model, and how posts are placed when it is not refit.

A refit happens when there is no model yet, the corpus grew by ``HAPUSWATCH_TOPICS_REFIT_GROWTH``
(default 20 %) since the last fit, the embedding model changed, or the last fit has no topics.
Otherwise posts already placed by the current model keep their topic and only new or changed posts
are assigned to the nearest topic, so a re-run with few new posts costs almost nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import pandas as pd

from nlp.topics.assign import assign_topics
from nlp.topics.state import TopicModelState

REFIT_GROWTH_ENV = "HAPUSWATCH_TOPICS_REFIT_GROWTH"
DEFAULT_REFIT_GROWTH = 0.2


def refit_growth() -> float:
    """Corpus growth (share) that triggers a refit: ``HAPUSWATCH_TOPICS_REFIT_GROWTH`` or 0.2."""
    raw = os.environ.get(REFIT_GROWTH_ENV, "").strip()
    return float(raw) if raw else DEFAULT_REFIT_GROWTH


@dataclass(frozen=True)
class RefitDecision:
    """Whether to refit, why, and which previous state new topics should inherit ids from."""

    refit: bool
    reason: str  # first_fit | grew | embedding_model_changed | no_topics | up_to_date
    inherit_from: TopicModelState | None


def decide_refit(
    previous: TopicModelState | None, n_posts: int, embedding_model: str, growth: float | None = None
) -> RefitDecision:
    """The refit policy. A changed embedding model refits without inheriting ids (centroids differ)."""
    growth = refit_growth() if growth is None else growth
    if previous is None:
        return RefitDecision(True, "first_fit", None)
    if previous.embedding_model != embedding_model:
        return RefitDecision(True, "embedding_model_changed", None)
    if not len(previous.topics):
        return RefitDecision(True, "no_topics", previous)
    fitted_on = int(previous.metrics.get("n_posts", 0))
    if n_posts > fitted_on * (1 + growth):
        return RefitDecision(True, "grew", previous)
    return RefitDecision(False, "up_to_date", previous)


def needs_assignment(known_model_version: pd.Series, state: TopicModelState) -> np.ndarray:
    """Posts not yet placed by this model version (new, changed, or placed by an older fit)."""
    return ~(known_model_version == state.version).fillna(False).to_numpy(dtype=bool)


def assign_between_refits(
    posts: pd.DataFrame, embeddings: np.ndarray, state: TopicModelState
) -> tuple[pd.DataFrame, int]:
    """Keep the assignment of posts already placed by this model version; place only the others.

    ``posts`` has ``text``, ``known_topic_id``, ``known_topic_prob`` and ``known_model_version``;
    ``embeddings`` has one row per post that :func:`needs_assignment` marks (in order), or one per post.
    Returns the assignments (aligned with ``posts``) and how many posts were newly assigned. Without
    this a re-run with no new posts would move posts between the fit's assignment and the nearest-
    centroid rule, and counts would drift.
    """
    todo = needs_assignment(posts["known_model_version"], state)
    topic_id = posts["known_topic_id"].fillna(-1).to_numpy(dtype="int64").copy()
    topic_prob = posts["known_topic_prob"].fillna(0.0).to_numpy(dtype="float64").copy()
    if todo.any():
        emb = embeddings[todo] if len(embeddings) == len(posts) else embeddings
        fresh = assign_topics(posts["text"][todo].tolist(), emb, state)
        topic_id[todo] = fresh["topic_id"].to_numpy(dtype="int64")
        topic_prob[todo] = fresh["topic_prob"].to_numpy(dtype="float64")
    return pd.DataFrame({"topic_id": topic_id, "topic_prob": topic_prob}), int(todo.sum())
