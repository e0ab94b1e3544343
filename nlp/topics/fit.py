"""One topic fit: fast seeded BERTopic on a bounded sample, stable ids, every post assigned.

Steps of :func:`fit_topics`:

1. collapse exact and near duplicates to one representative each (:mod:`nlp.topics.dedup`), and
   leave automated posts (:mod:`nlp.topics.automated`) out of the fit;
2. cluster at most ``params.max_fit_texts`` representatives, spread evenly over time
   (:mod:`nlp.topics.cluster`): PCA + HDBSCAN, merge near-identical clusters, split a topic holding
   more than ``params.max_topic_share`` once more, reassign outliers near a centroid;
3. c-TF-IDF terms, labels and example posts for each topic (:mod:`nlp.topics.represent`);
4. every other post goes to its nearest topic centroid (outlier below the threshold), duplicates
   inherit their representative's topic; so time and memory stay flat as the corpus grows;
5. map topics onto the previous fit's ids (:mod:`nlp.topics.matching`) and save (:mod:`nlp.topics.state`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from nlp.topics import cluster
from nlp.topics import metrics as topic_metrics
from nlp.topics.dedup import find_duplicates
from nlp.topics.embeddings import DEFAULT_MODEL_ID
from nlp.topics.matching import match_topics, stable_ids
from nlp.topics.params import TopicParams
from nlp.topics.represent import fit_bertopic, label_from_terms, representative_posts
from nlp.topics.state import TopicModelState, empty_topics, save_state
from nlp.topics.stopwords import clean_for_terms

logger = logging.getLogger(__name__)

STATUS_OK = "ok"
STATUS_SINGLE_TOPIC = "single_topic"
STATUS_TOO_FEW_POSTS = "too_few_posts"


@dataclass
class TopicFit:
    """Result of :func:`fit_topics`.

    ``assignments`` has one row per input post in input order: ``topic_id`` (-1 = outlier),
    ``topic_prob`` (cosine to the topic centroid), ``duplicate_of`` (row index of the
    representative, itself for non-duplicates) and ``duplicate_count`` (size of its group).
    """

    status: str
    version: str
    assignments: pd.DataFrame
    topics: pd.DataFrame
    metrics: dict
    state: TopicModelState | None
    model_path: Path | None
    id_map: dict[int, int] = field(default_factory=dict)  # fit-local cluster -> stable topic id


def _version(fingerprint: str) -> str:
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}-{fingerprint[:8]}"


def _fingerprint(texts: Sequence[str], seed: int, params: TopicParams, embedding_model: str) -> str:
    digest = hashlib.sha256()
    for text in texts:
        digest.update(hashlib.sha256(text.encode("utf-8")).digest())
    digest.update(json.dumps([seed, asdict(params), embedding_model], sort_keys=True).encode())
    return digest.hexdigest()


def _assignment_frame(topic_ids, probs, rep) -> pd.DataFrame:
    counts = np.bincount(rep, minlength=len(rep))
    return pd.DataFrame(
        {
            "topic_id": np.asarray(topic_ids, dtype=np.int64),
            "topic_prob": np.asarray(probs, dtype=np.float32),
            "duplicate_of": rep,
            "duplicate_count": counts[rep].astype(np.int64),
        }
    )


def _cluster_sample(emb: np.ndarray, params: TopicParams, seed: int, min_size: int) -> tuple[np.ndarray, str]:
    """Cluster labels for the fit sample (0..k-1 by size, -1 noise) and the fit status."""
    raw = cluster.hdbscan_labels(emb, params, seed, min_size)
    labels = cluster.merge_similar(emb, raw, params.merge_threshold)
    # HDBSCAN leaves most short posts as noise, and noise later joins its nearest topic: judge (and split)
    # a dominant topic by the posts it will hold, not by its dense core alone.
    noise = labels < 0
    clusters = np.unique(labels[~noise])
    if len(clusters) and noise.any():
        best, _ = cluster.nearest(emb[noise], cluster.centroids(emb, labels, clusters))
        labels = labels.copy()
        labels[noise] = clusters[best]
    labels = cluster.split_dominant(emb, labels, params, seed, min_size)
    labels = cluster.relabel_by_size(np.where(noise, -1, labels))
    if labels.max(initial=-1) < 1:
        # Nothing separable (one theme, or all noise): one topic holding every post is the honest answer.
        return np.zeros(len(emb), dtype=np.int64), STATUS_SINGLE_TOPIC
    return labels, STATUS_OK


def fit_topics(
    texts: Sequence[str],
    embeddings: np.ndarray,
    *,
    seed: int = 42,
    previous: TopicModelState | None = None,
    model_dir: str | os.PathLike | None = None,
    params: TopicParams | None = None,
    embedding_model: str = DEFAULT_MODEL_ID,
    exclude: np.ndarray | None = None,
    normalised: Sequence[str] | None = None,
) -> TopicFit:
    """Fit topics on posts and their embeddings; save the model under ``model_dir/<version>/``.

    Same texts, embeddings, seed and params give the same assignments. With ``previous`` the new
    topics inherit ids and labels from matching old topics. ``embedding_model`` is the id
    recorded with the saved model (what ``embed_texts`` used). ``exclude`` marks posts (automated)
    that take no part in the fit; they are still assigned to the nearest topic. ``normalised`` (each
    text through :func:`nlp.topics.dedup.normalise_for_dedup`, as the automated flags computed it) saves
    a pass. ``model_dir=None`` skips saving. Fewer unique posts than two minimum-size topics gives status
    ``too_few_posts``: all posts -1, no topics, ``state`` and ``model_path`` None, nothing saved.
    """
    params = params or TopicParams()
    texts = ["" if t is None else str(t) for t in texts]
    n = len(texts)
    emb = np.asarray(embeddings, dtype=np.float32).reshape(n, -1) if n else np.zeros((0, 0), np.float32)
    if len(emb) != n:
        raise ValueError(f"{n} texts but {len(emb)} embeddings")
    emb = cluster.unit(emb) if n else emb
    excluded = np.zeros(n, dtype=bool) if exclude is None else np.asarray(exclude, dtype=bool)
    timings: dict[str, float] = {}
    version = _version(_fingerprint(texts, seed, params, embedding_model))

    t0 = time.perf_counter()
    if params.deduplicate:
        rep = find_duplicates(texts, params.near_duplicate_jaccard, seed=seed, normalised=normalised)
    else:
        rep = np.arange(n, dtype=np.int64)
    timings["dedup_s"] = time.perf_counter() - t0
    is_rep = rep == np.arange(n)
    has_text = np.fromiter((bool(t.strip()) for t in texts), dtype=bool, count=n)
    candidates = np.flatnonzero(is_rep & ~excluded & has_text)
    fit_idx = candidates[cluster.time_spread_sample(len(candidates), params.max_fit_texts)]
    n_fit = len(fit_idx)
    base_metrics = {
        "n_posts": n,
        "n_unique": int(is_rep.sum()),
        "n_excluded_automated": int(excluded.sum()),
        "n_fit": n_fit,
        "n_duplicates": int(n - is_rep.sum()),
        "exact_or_near_duplicate_share": float((n - is_rep.sum()) / n) if n else 0.0,
    }
    min_size = params.effective_min_cluster_size(n_fit)
    if n_fit < 2 * min_size or n_fit < 10:
        logger.warning("too few posts for topics: %d unique (need %d)", n_fit, max(2 * min_size, 10))
        metrics = base_metrics | {
            "n_topics": 0, "outlier_share_before": 1.0, "outlier_share_after": 1.0, "diversity": 0.0,
            "npmi": 0.0, "largest_topic_share": 0.0, **timings,
        }  # fmt: skip
        assignments = _assignment_frame(np.full(n, -1), np.zeros(n), rep)
        # No model comes out of this fit (state None); the caller still holds `previous` if any.
        return TopicFit(STATUS_TOO_FEW_POSTS, version, assignments, empty_topics(), metrics, None, None)

    # Clustering and assignment work in the centred space without its leading directions.
    # The outlier test and topic_prob use the raw cosine (comparable across models and with centring off).
    raw = emb
    center = raw[fit_idx].mean(axis=0) if params.center else None
    removed = (
        cluster.top_directions(raw[fit_idx] - center, params.drop_components, seed) if center is not None else None
    )
    emb = cluster.to_space(raw, center, removed)
    fit_emb = emb[fit_idx]
    fit_docs = [clean_for_terms(texts[i]) for i in fit_idx]

    t0 = time.perf_counter()
    labels, status = _cluster_sample(fit_emb, params, seed, min_size)
    timings["cluster_s"] = time.perf_counter() - t0
    clusters = np.arange(labels.max() + 1)
    core_centroids = cluster.centroids(fit_emb, labels, clusters)
    raw_centroids = cluster.centroids(raw[fit_idx], labels, clusters)
    before = labels.copy()

    def place(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        best, _ = cluster.nearest(emb[rows], core_centroids)
        return best, np.einsum("ij,ij->i", raw[rows], raw_centroids[best])

    t0 = time.perf_counter()
    outliers = np.flatnonzero(labels < 0)
    if len(outliers):
        best, sim = place(fit_idx[outliers])
        ok = sim >= params.outlier_threshold
        labels[outliers[ok]] = best[ok]
    timings["outlier_reduction_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    bt_model, words, local_to_bt = fit_bertopic(fit_docs, fit_emb, labels, params)
    timings["ctfidf_s"] = time.perf_counter() - t0

    # Every representative outside the sample (and every automated one) goes to its nearest topic.
    t0 = time.perf_counter()
    local_rep = np.full(n, -1, dtype=np.int64)
    local_rep[fit_idx] = labels
    rest = np.setdiff1d(np.flatnonzero(is_rep & has_text), fit_idx, assume_unique=True)
    if len(rest):
        best, sim = place(rest)
        ok = sim >= params.outlier_threshold
        local_rep[rest[ok]] = best[ok]
    local_all = local_rep[rep]
    timings["assign_rest_s"] = time.perf_counter() - t0

    matches = match_topics(core_centroids, previous, params.match_threshold)
    id_map, next_id = stable_ids(clusters.tolist(), matches, previous.next_topic_id if previous is not None else 0)
    prev_rows = previous.topics.set_index("topic_id") if previous is not None else None
    lookup = np.array([id_map[c] for c in clusters.tolist()], dtype=np.int64)
    stable = np.where(local_all >= 0, lookup[np.maximum(local_all, 0)], -1)
    probs = np.zeros(n, dtype=np.float32)
    assigned = local_all >= 0
    probs[assigned] = np.clip(np.einsum("ij,ij->i", raw[assigned], raw_centroids[local_all[assigned]]), 0, 1)
    sizes = np.bincount(local_all[assigned], minlength=len(clusters))

    rows = []
    for c in clusters.tolist():
        members = np.flatnonzero(labels == c)
        docs = representative_posts([texts[fit_idx[k]] for k in members], fit_emb[members], core_centroids[c],
                                    params.n_representative)  # fmt: skip
        terms = [w for w, _ in words.get(c, [])][: params.top_n_words]
        tid = id_map[c]
        if prev_rows is not None and tid in prev_rows.index:
            label, first = prev_rows.at[tid, "label"], prev_rows.at[tid, "first_fitted_version"]
        else:
            label, first = label_from_terms(terms), version
        rows.append(
            {"topic_id": tid, "label": label, "top_terms": terms, "size": int(sizes[c]),
             "representative_posts": docs, "first_fitted_version": first}
        )  # fmt: skip
    topics = pd.DataFrame(rows)

    t0 = time.perf_counter()
    analyzer = bt_model.vectorizer_model.build_analyzer()
    npmi, npmi_per_topic = topic_metrics.npmi_coherence(topics["top_terms"].tolist(), fit_docs, analyzer)
    timings["metrics_s"] = time.perf_counter() - t0
    topics["npmi"] = npmi_per_topic
    counted = ~excluded
    metrics = base_metrics | {
        "n_topics": len(topics),
        "n_matched_topics": len(matches),
        "min_cluster_size": min_size,
        "outlier_share_before": topic_metrics.outlier_share(before),
        "outlier_share_after": topic_metrics.outlier_share(stable[counted]),
        "largest_topic_share": float(np.bincount(local_all[counted & assigned]).max() / max(1, counted.sum()))
        if (counted & assigned).any()
        else 0.0,
        "diversity": topic_metrics.topic_diversity(topics["top_terms"].tolist()),
        "npmi": npmi,
        **timings,
    }

    state = TopicModelState(
        version=version, path=None, embedding_model=embedding_model, topics=topics, centroids=core_centroids,
        next_topic_id=next_id, params=params, seed=seed, fitted_at=datetime.now(UTC).isoformat(), metrics=metrics,
        center=center, raw_centroids=raw_centroids, removed=removed,
    )  # fmt: skip
    model_path = None
    if model_dir is not None:
        t0 = time.perf_counter()
        model_path = save_state(state, bt_model, local_to_bt, id_map, Path(model_dir))
        state.path = model_path
        metrics["save_s"] = time.perf_counter() - t0
    logger.info(
        "fitted %d topics on %d posts (%d unique, %d in the fit): outliers %.1f%% -> %.1f%%, npmi %.3f",
        len(topics), n, base_metrics["n_unique"], n_fit, 100 * metrics["outlier_share_before"],
        100 * metrics["outlier_share_after"], npmi,
    )  # fmt: skip
    return TopicFit(status, version, _assignment_frame(stable, probs, rep), topics, metrics, state, model_path, id_map)
