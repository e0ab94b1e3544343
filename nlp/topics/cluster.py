"""Clustering unit embeddings into topics: a bounded time-spread sample, PCA + HDBSCAN, merges and splits."""

from __future__ import annotations

import numpy as np

from nlp.topics.params import TopicParams


def unit(x: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return (x / np.where(norms == 0, 1.0, norms)).astype(np.float32)


def to_space(
    emb: np.ndarray, center: np.ndarray | None, removed: np.ndarray | None = None, block: int = 100_000
) -> np.ndarray:
    """The clustering space of a fit: unit rows, minus ``center`` when given, without their part along the
    orthonormal rows of ``removed`` when given, re-normalised. Works in blocks of rows, so a million
    posts need one output array, not four."""
    emb = np.asarray(emb, dtype=np.float32)
    out = np.empty_like(emb)
    for start in range(0, len(emb), block):
        part = unit(emb[start : start + block])
        if center is not None:
            part -= center
            if removed is not None and len(removed):
                part -= (part @ removed.T) @ removed
            part = unit(part)
        out[start : start + block] = part
    return out


def top_directions(emb: np.ndarray, k: int, seed: int) -> np.ndarray | None:
    """The ``k`` leading principal directions of (centred) rows, as orthonormal rows; None when ``k`` is 0.

    Averaged word vectors of posts share a few dominant directions (the frame every post repeats, the
    language it is written in) that swamp the themes; removing them is the "all-but-the-top"
    post-processing of Mu & Viswanath (ICLR 2018).
    """
    if k <= 0 or len(emb) <= k:
        return None
    from sklearn.decomposition import PCA

    return PCA(n_components=k, svd_solver="randomized", random_state=seed).fit(emb).components_.astype(np.float32)


def centroids(emb: np.ndarray, labels: np.ndarray, clusters: np.ndarray) -> np.ndarray:
    """Unit mean vector of each cluster in ``clusters``."""
    return unit(np.stack([emb[labels == c].mean(axis=0) for c in clusters]))


def nearest(emb: np.ndarray, cents: np.ndarray, block: int = 200_000) -> tuple[np.ndarray, np.ndarray]:
    """Index of the nearest centroid and its cosine for each row (blocked: memory stays flat)."""
    best = np.empty(len(emb), dtype=np.int64)
    sim = np.empty(len(emb), dtype=np.float32)
    for start in range(0, len(emb), block):
        sims = emb[start : start + block] @ cents.T
        best[start : start + block] = sims.argmax(axis=1)
        sim[start : start + block] = sims[np.arange(len(sims)), best[start : start + block]]
    return best, sim


def time_spread_sample(n: int, k: int) -> np.ndarray:
    """At most ``k`` of ``n`` positions, evenly spaced: a systematic sample, stratified over time when
    the rows are in time order. Deterministic; all rows when ``n <= k``."""
    if n <= k:
        return np.arange(n, dtype=np.int64)
    return np.unique(np.linspace(0, n - 1, k).round().astype(np.int64))


def hdbscan_labels(emb: np.ndarray, params: TopicParams, seed: int, min_size: int) -> np.ndarray:
    """PCA + HDBSCAN labels (-1 = noise) for unit embeddings."""
    import hdbscan
    from sklearn.decomposition import PCA

    n, dim = emb.shape
    n_components = max(1, min(params.n_components, n - 1, dim))
    reduced = PCA(n_components=n_components, svd_solver="randomized", random_state=seed).fit_transform(emb)
    clusterer = hdbscan.HDBSCAN(
        min_cluster_size=min_size,
        min_samples=min(params.min_samples, min_size),
        cluster_selection_method=params.cluster_selection_method,
        core_dist_n_jobs=1,
    )
    return clusterer.fit_predict(reduced.astype(np.float64)).astype(np.int64)


def merge_similar(emb: np.ndarray, labels: np.ndarray, threshold: float) -> np.ndarray:
    """Merge clusters whose centroids have cosine >= threshold (transitively)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    clusters = np.unique(labels[labels >= 0])
    if len(clusters) < 2:
        return labels.astype(np.int64)
    cent = centroids(emb, labels, clusters)
    sims = cent @ cent.T
    i, j = np.nonzero(sims >= threshold)
    graph = coo_matrix((np.ones(len(i)), (i, j)), shape=(len(clusters), len(clusters)))
    _, comp = connected_components(graph, directed=False)
    lookup = np.full(int(labels.max()) + 1, -1, dtype=np.int64)
    lookup[clusters] = comp
    return np.where(labels >= 0, lookup[np.maximum(labels, 0)], -1).astype(np.int64)


def relabel_by_size(labels: np.ndarray) -> np.ndarray:
    """Renumber clusters 0..k-1 by decreasing size (ties by first occurrence), -1 kept."""
    clusters, first, counts = np.unique(labels[labels >= 0], return_index=True, return_counts=True)
    if len(clusters) == 0:
        return labels.astype(np.int64)
    order = sorted(range(len(clusters)), key=lambda k: (-counts[k], first[k]))
    lookup = np.full(int(labels.max(initial=-1)) + 1, -1, dtype=np.int64)
    for new, k in enumerate(order):
        lookup[clusters[k]] = new
    return np.where(labels >= 0, lookup[np.maximum(labels, 0)], -1).astype(np.int64)


def split_dominant(emb: np.ndarray, labels: np.ndarray, params: TopicParams, seed: int, min_size: int) -> np.ndarray:
    """Re-cluster any topic holding more than ``params.max_topic_share`` of the posts, once.

    A grab-bag topic ("time · hard · reason") usually hides several themes that the corpus-wide
    density could not separate; clustering its members alone often can. When it cannot (one theme
    truly dominates), the topic stays as it is.
    """
    out = labels.copy()
    n = len(labels)
    next_label = int(labels.max(initial=-1)) + 1
    clusters, counts = np.unique(labels[labels >= 0], return_counts=True)
    for c, size in zip(clusters.tolist(), counts.tolist(), strict=True):
        if size <= params.max_topic_share * n or size < 4 * min_size:
            continue
        members = np.flatnonzero(labels == c)
        # No merge pass here: every part is close to the others by construction (they were one topic).
        sub = hdbscan_labels(emb[members], params, seed, min_size)
        parts = np.unique(sub[sub >= 0])
        if len(parts) < 2:
            continue
        # Members the sub-clustering leaves as noise join their nearest part.
        cents = centroids(emb[members], sub, parts)
        noise = sub < 0
        if noise.any():
            best, _ = nearest(emb[members[noise]], cents)
            sub[noise] = parts[best]
        lookup = {int(p): next_label + k for k, p in enumerate(parts.tolist())}
        out[members] = [lookup[int(s)] for s in sub]
        next_label += len(parts)
    return out
