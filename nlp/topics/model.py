"""Topic model: fast seeded BERTopic fits with stable topic ids, duplicate handling and metrics.

Pipeline of :func:`fit_topics`:

1. collapse exact duplicates (same normalised text) and near duplicates (embedding cosine above
   a threshold, found with random-hyperplane LSH) to one representative each, so copy-paste
   bursts weigh as one post and cannot form a topic of their own;
2. PCA of the unit embeddings to a few dimensions, then HDBSCAN (a fraction of the cost of
   UMAP on two cores, deterministic for a given seed);
3. merge clusters whose centroids are nearly identical, then reassign outliers to the nearest
   topic centroid when it is similar enough;
4. c-TF-IDF by BERTopic (manual mode: our labels go in as ``y``) with Indonesian + English
   stopwords and social-media filler removed; labels from top terms, representative posts
   nearest to each centroid;
5. map the new topics onto the previous fit's (Hungarian matching on centroid cosine) so a topic
   keeps its id and label; unmatched topics get fresh ids that are never reused;
6. save the BERTopic model (safetensors) plus ``state.json`` and centroids per version.

Between refits :func:`assign_topics` places new posts by nearest centroid, which needs only the
small state and cached embeddings.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from nlp.topics import metrics as topic_metrics
from nlp.topics.embeddings import DEFAULT_MODEL_ID

logger = logging.getLogger(__name__)

STATE_FILE = "state.json"
CENTROIDS_FILE = "centroids.safetensors"
BERTOPIC_DIR = "bertopic"
LATEST_FILE = "LATEST"
STATE_FORMAT = 1

STATUS_OK = "ok"
STATUS_SINGLE_TOPIC = "single_topic"
STATUS_TOO_FEW_POSTS = "too_few_posts"

# Chat filler and platform words that stopwordsiso lacks; they carry no theme.
SOCIAL_FILLER = {
    "yg",
    "gak",
    "ga",
    "gk",
    "nggak",
    "ngga",
    "enggak",
    "engga",
    "aja",
    "aj",
    "nya",
    "sih",
    "dong",
    "deh",
    "kok",
    "loh",
    "lho",
    "kan",
    "banget",
    "bgt",
    "udah",
    "udh",
    "sdh",
    "dah",
    "tdk",
    "dgn",
    "utk",
    "klo",
    "kalo",
    "kl",
    "jg",
    "lg",
    "tp",
    "trus",
    "emang",
    "kayak",
    "kyk",
    "gitu",
    "gini",
    "nih",
    "tuh",
    "wkwk",
    "wkwkwk",
    "haha",
    "hehe",
    "ya",
    "yaa",
    "yah",
    "fb",
    "btw",
    "fyi",
    "lol",
    "im",
    "dont",
    "doesnt",
    "cant",
    "http",
    "https",
    "www",
    "com",
    "amp",
    "bener",
    "fix",
    "gimana",
    "kalian",
    "aku",
    "gue",
    "gw",
    "lu",
    "lo",
    "sama",
    "bikin",
    "aduh",
    "jujur",
    "serius",
    "menurutku",
    "kesel",
    "gila",
    "parah",
    "mutusin",
    "pokoknya",
    "anjir",
}
# stopwordsiso lists these as English stopwords, but here they are the subject matter.
KEEP_TERMS = {"ai"}

_URL_RE = re.compile(r"(https?://\S+|www\.\S+|\b\S+\.(?:ly|com|id|co|net|org)/\S*)", re.IGNORECASE)
_HANDLE_RE = re.compile(r"[@#]\w+")
_NON_WORD_RE = re.compile(r"[^\w\s]|\d|_", re.UNICODE)
_SPACE_RE = re.compile(r"\s+")
TOKEN_PATTERN = r"(?u)\b[^\W\d_]{2,}\b"
_TOKEN_RE = re.compile(TOKEN_PATTERN)


@lru_cache(maxsize=1)
def topic_stopwords() -> frozenset[str]:
    """Indonesian + English stopwords (stopwordsiso) plus social-media filler."""
    import stopwordsiso

    words = set(stopwordsiso.stopwords(["id", "en"])) | SOCIAL_FILLER
    # Add the tokens the vectoriser makes of multi-part entries ("kurang-nya", "mightn't").
    words |= {tok for w in list(words) for tok in _TOKEN_RE.findall(w)}
    return frozenset(w for w in words if w not in KEEP_TERMS)


@dataclass(frozen=True)
class TopicParams:
    """Tunable knobs of a fit; saved with every model so a fit can be reproduced."""

    n_components: int = 10
    min_cluster_size: int | None = None  # None: scale with corpus size (see effective_min_cluster_size)
    min_cluster_share: float = 0.004
    min_samples: int = 5
    # "leaf" picks the finest stable clusters; "eom" tends to return one giant cluster on a
    # corpus where every post shares the same frame ("hapus akun fb ..."). Merging undoes over-splits.
    cluster_selection_method: str = "leaf"
    merge_threshold: float = 0.9  # cluster centroids this similar are one topic
    outlier_threshold: float = 0.3  # min cosine to a centroid to leave the outlier topic
    match_threshold: float = 0.75  # min centroid cosine to keep an old topic id on refit
    near_duplicate_threshold: float = 0.95
    deduplicate: bool = True  # False fits on every post (for comparisons; bursts can then form topics)
    top_n_words: int = 10
    n_representative: int = 3
    ngram_max: int = 2
    max_features: int = 30_000

    def effective_min_cluster_size(self, n_unique: int) -> int:
        """Minimum posts per topic: fixed if set, else a share of the (deduplicated) corpus, >= 5."""
        if self.min_cluster_size is not None:
            return self.min_cluster_size
        return max(5, int(round(n_unique * self.min_cluster_share)))


@dataclass
class TopicModelState:
    """What later runs need from a fit: stable ids, labels and centroids (no BERTopic needed)."""

    version: str
    path: Path | None
    embedding_model: str
    topics: pd.DataFrame  # topic_id, label, top_terms, size, representative_posts, first_fitted_version
    centroids: np.ndarray  # (n_topics, dim) unit vectors, rows aligned with `topics`
    next_topic_id: int
    params: TopicParams
    seed: int
    fitted_at: str
    metrics: dict = field(default_factory=dict)

    @property
    def topic_ids(self) -> np.ndarray:
        """Stable ids of the active topics, aligned with ``centroids``."""
        return self.topics["topic_id"].to_numpy(dtype=np.int64)


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


# ---------------------------------------------------------------------------------------------
# duplicates


def normalise_for_dedup(text: str) -> str:
    """Lowercase text without URLs, handles/hashtags, digits, punctuation or extra spaces."""
    text = _URL_RE.sub(" ", text.lower())
    text = _HANDLE_RE.sub(" ", text)
    text = _NON_WORD_RE.sub(" ", text)
    return _SPACE_RE.sub(" ", text).strip()


def find_duplicates(
    texts: Sequence[str],
    embeddings: np.ndarray,
    threshold: float = 0.95,
    seed: int = 42,
    n_tables: int = 8,
    n_bits: int = 12,
) -> np.ndarray:
    """Return ``rep`` with ``rep[i]`` = index of the first post in i's duplicate group.

    Groups join exact duplicates of the normalised text and near duplicates (embedding cosine
    > ``threshold`` to the group's representative). Near duplicates are found with random-hyperplane
    LSH: only posts sharing a
    bucket in one of ``n_tables`` hash tables are compared, which keeps this near-linear; a pair at
    cosine 0.95 shares a bucket in at least one table with probability ~0.93.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(texts)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    codes, _ = pd.factorize(pd.Series([normalise_for_dedup(t) for t in texts]), sort=False)
    # factorize numbers keys by first appearance, so first_index[code] is the group's first row.
    _, first_index = np.unique(codes, return_index=True)
    exact_rep = first_index[codes].astype(np.int64)
    row_parts = [np.arange(n)]
    col_parts = [exact_rep]

    uniq = np.flatnonzero(exact_rep == np.arange(n))
    emb = embeddings[uniq]
    if len(uniq) > 1 and emb.shape[1] > 0:
        rng = np.random.default_rng(seed)
        weights = (1 << np.arange(n_bits)).astype(np.int64)
        block = 2048
        for _ in range(n_tables):
            planes = rng.normal(size=(emb.shape[1], n_bits)).astype(np.float32)
            codes = ((emb @ planes) > 0).astype(np.int64) @ weights
            order = np.argsort(codes, kind="stable")
            bounds = np.flatnonzero(np.diff(codes[order])) + 1
            for members in np.split(order, bounds):
                if len(members) < 2:
                    continue
                sub = emb[members]
                for start in range(0, len(members), block):
                    sims = sub[start : start + block] @ sub.T
                    i, j = np.nonzero(sims > threshold)
                    i = i + start
                    keep = i < j
                    if keep.any():
                        row_parts.append(uniq[members[i[keep]]])
                        col_parts.append(uniq[members[j[keep]]])
    rows = np.concatenate(row_parts)
    cols = np.concatenate(col_parts)
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
    _, comp = connected_components(graph, directed=False)
    # Representative = lowest index of each component, so it is stable under appending posts.
    first = pd.Series(np.arange(n)).groupby(comp).transform("min").to_numpy(dtype=np.int64)
    # Links chain (a~b, b~c while a and c differ), so an exact-duplicate group joins its component
    # only if its own text is near the representative; otherwise it stays a group of its own.
    group_first = exact_rep
    close = np.einsum("ij,ij->i", embeddings[group_first], embeddings[first[group_first]]) >= threshold
    return np.where(close, first[group_first], group_first).astype(np.int64)


# ---------------------------------------------------------------------------------------------
# clustering


def _unit(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return (x / np.where(norms == 0, 1.0, norms)).astype(np.float32)


def _centroids(emb: np.ndarray, labels: np.ndarray, clusters: np.ndarray) -> np.ndarray:
    return _unit(np.stack([emb[labels == c].mean(axis=0) for c in clusters]))


def _cluster(emb: np.ndarray, params: TopicParams, seed: int) -> np.ndarray:
    """PCA + HDBSCAN labels (-1 = noise) for unit embeddings."""
    import hdbscan
    from sklearn.decomposition import PCA

    n, dim = emb.shape
    n_components = max(1, min(params.n_components, n - 1, dim))
    reduced = PCA(n_components=n_components, svd_solver="randomized", random_state=seed).fit_transform(emb)
    min_size = params.effective_min_cluster_size(n)
    clusterer = hdbscan.HDBSCAN(
        min_cluster_size=min_size,
        min_samples=min(params.min_samples, min_size),
        cluster_selection_method=params.cluster_selection_method,
        core_dist_n_jobs=1,
    )
    return clusterer.fit_predict(reduced.astype(np.float64)).astype(np.int64)


def _merge_similar(emb: np.ndarray, labels: np.ndarray, threshold: float) -> np.ndarray:
    """Merge clusters whose centroids have cosine >= threshold (transitively)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    clusters = np.unique(labels[labels >= 0])
    if len(clusters) < 2:
        return labels
    cent = _centroids(emb, labels, clusters)
    sims = cent @ cent.T
    i, j = np.nonzero(sims >= threshold)
    graph = coo_matrix((np.ones(len(i)), (i, j)), shape=(len(clusters), len(clusters)))
    _, comp = connected_components(graph, directed=False)
    mapping = dict(zip(clusters.tolist(), comp.tolist(), strict=True))
    return np.array([mapping.get(int(label), -1) if label >= 0 else -1 for label in labels], dtype=np.int64)


def _relabel_by_size(labels: np.ndarray) -> np.ndarray:
    """Renumber clusters 0..k-1 by decreasing size (ties by first occurrence), -1 kept."""
    clusters, first, counts = np.unique(labels[labels >= 0], return_index=True, return_counts=True)
    order = sorted(range(len(clusters)), key=lambda k: (-counts[k], first[k]))
    mapping = {int(clusters[k]): new for new, k in enumerate(order)}
    return np.array([mapping[int(x)] if x >= 0 else -1 for x in labels], dtype=np.int64)


def _nearest(emb: np.ndarray, centroids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    sims = emb @ centroids.T
    best = sims.argmax(axis=1)
    return best, sims[np.arange(len(emb)), best]


# ---------------------------------------------------------------------------------------------
# BERTopic representation


def make_vectorizer(params: TopicParams, n_docs: int):
    """CountVectorizer for c-TF-IDF: ID+EN stopwords and filler out, letters-only tokens."""
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(
        lowercase=True,
        stop_words=sorted(topic_stopwords()),
        token_pattern=TOKEN_PATTERN,
        ngram_range=(1, params.ngram_max),
        # BERTopic fits this on one concatenated document per topic, so min_df would count topics,
        # not posts, and drop the most topic-specific words; max_features bounds memory instead.
        min_df=1,
        max_features=params.max_features,
    )


def _clean_for_terms(text: str) -> str:
    return _HANDLE_RE.sub(" ", _URL_RE.sub(" ", text))


def _fit_bertopic(docs: list[str], emb: np.ndarray, labels: np.ndarray, params: TopicParams):
    """c-TF-IDF topic words via BERTopic in manual mode; returns (model, {cluster: [(term, score)]})."""
    from bertopic import BERTopic
    from bertopic.cluster import BaseCluster
    from bertopic.dimensionality import BaseDimensionalityReduction
    from bertopic.vectorizers import ClassTfidfTransformer

    model = BERTopic(
        embedding_model=None,
        umap_model=BaseDimensionalityReduction(),
        hdbscan_model=BaseCluster(),
        vectorizer_model=make_vectorizer(params, len(docs)),
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


def _label(terms: list[str], n: int = 4) -> str:
    picked: list[str] = []
    for term in terms:
        # Skip a unigram already inside a chosen bigram (and vice versa) so labels do not stutter.
        if any(term in p.split() or p in term.split() for p in picked):
            continue
        picked.append(term)
        if len(picked) == n:
            break
    return " · ".join(picked) if picked else "(no terms)"


# ---------------------------------------------------------------------------------------------
# stable ids


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


# ---------------------------------------------------------------------------------------------
# fit


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


def _empty_topics() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "topic_id": pd.Series(dtype="int64"),
            "label": pd.Series(dtype="object"),
            "top_terms": pd.Series(dtype="object"),
            "size": pd.Series(dtype="int64"),
            "representative_posts": pd.Series(dtype="object"),
            "first_fitted_version": pd.Series(dtype="object"),
        }
    )


def fit_topics(
    texts: Sequence[str],
    embeddings: np.ndarray,
    *,
    seed: int = 42,
    previous: TopicModelState | None = None,
    model_dir: str | os.PathLike | None = None,
    params: TopicParams | None = None,
    embedding_model: str = DEFAULT_MODEL_ID,
) -> TopicFit:
    """Fit topics on posts and their embeddings; save the model under ``model_dir/<version>/``.

    Same texts, embeddings, seed and params give the same assignments. With ``previous`` the new
    topics inherit ids and labels from matching old topics. ``embedding_model`` is the id
    recorded with the saved model (what ``embed_texts`` used). ``model_dir=None`` skips saving.
    Fewer unique posts than two minimum-size topics gives status ``too_few_posts``: all posts -1,
    no topics, ``state`` and ``model_path`` None, nothing saved.
    """
    params = params or TopicParams()
    texts = ["" if t is None else str(t) for t in texts]
    n = len(texts)
    emb = np.asarray(embeddings, dtype=np.float32).reshape(n, -1) if n else np.zeros((0, 0), np.float32)
    if len(emb) != n:
        raise ValueError(f"{n} texts but {len(emb)} embeddings")
    emb = _unit(emb) if n else emb
    timings: dict[str, float] = {}
    fingerprint = _fingerprint(texts, seed, params, embedding_model)
    version = _version(fingerprint)

    t0 = time.perf_counter()
    if params.deduplicate:
        rep = find_duplicates(texts, emb, params.near_duplicate_threshold, seed=seed)
    else:
        rep = np.arange(n, dtype=np.int64)
    timings["dedup_s"] = time.perf_counter() - t0
    fit_idx = np.flatnonzero(rep == np.arange(n))
    n_fit = len(fit_idx)
    base_metrics = {
        "n_posts": n,
        "n_fit": n_fit,
        "n_duplicates": int(n - n_fit),
        "exact_or_near_duplicate_share": float((n - n_fit) / n) if n else 0.0,
    }
    min_size = params.effective_min_cluster_size(n_fit)
    if n_fit < 2 * min_size or n_fit < 10:
        logger.warning("too few posts for topics: %d unique (need %d)", n_fit, max(2 * min_size, 10))
        metrics = base_metrics | {
            "n_topics": 0,
            "outlier_share_before": 1.0,
            "outlier_share_after": 1.0,
            "diversity": 0.0,
            "npmi": 0.0,
            **timings,
        }
        assignments = _assignment_frame(np.full(n, -1), np.zeros(n), rep)
        # No model comes out of this fit (state None); the caller still holds `previous` if any.
        return TopicFit(STATUS_TOO_FEW_POSTS, version, assignments, _empty_topics(), metrics, None, None)

    fit_emb = emb[fit_idx]
    fit_docs = [_clean_for_terms(texts[i]) for i in fit_idx]

    t0 = time.perf_counter()
    raw_labels = _cluster(fit_emb, params, seed)
    timings["cluster_s"] = time.perf_counter() - t0
    labels = _relabel_by_size(_merge_similar(fit_emb, raw_labels, params.merge_threshold))
    status = STATUS_OK
    if labels.max(initial=-1) < 1:
        # Nothing separable (one theme, or all noise): one topic holding every post is the honest answer.
        labels = np.zeros(n_fit, dtype=np.int64)
        status = STATUS_SINGLE_TOPIC
    clusters = np.arange(labels.max() + 1)
    core_centroids = _centroids(fit_emb, labels, clusters)
    before = labels.copy()

    t0 = time.perf_counter()
    outliers = np.flatnonzero(labels < 0)
    if len(outliers):
        best, sim = _nearest(fit_emb[outliers], core_centroids)
        ok = sim >= params.outlier_threshold
        labels[outliers[ok]] = best[ok]
    timings["outlier_reduction_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    bt_model, words, local_to_bt = _fit_bertopic(fit_docs, fit_emb, labels, params)
    timings["ctfidf_s"] = time.perf_counter() - t0

    # Stable ids: match, then fresh ids for the rest in size order.
    matches = match_topics(core_centroids, previous, params.match_threshold)
    next_id = previous.next_topic_id if previous is not None else 0
    id_map: dict[int, int] = {}
    for c in clusters.tolist():
        if c in matches:
            id_map[c] = matches[c]
        else:
            id_map[c] = next_id
            next_id += 1
    prev_rows = previous.topics.set_index("topic_id") if previous is not None else None

    # Per-post assignment: representatives carry the cluster; duplicates inherit theirs.
    local_all = labels[np.searchsorted(fit_idx, rep)]
    stable = np.array([id_map[int(c)] if c >= 0 else -1 for c in local_all], dtype=np.int64)
    probs = np.zeros(n, dtype=np.float32)
    assigned = local_all >= 0
    probs[assigned] = np.clip(np.einsum("ij,ij->i", emb[assigned], core_centroids[local_all[assigned]]), 0, 1)

    rows = []
    for c in clusters.tolist():
        members = np.flatnonzero(labels == c)
        sims = fit_emb[members] @ core_centroids[c]
        reps_docs: list[str] = []
        for k in members[np.argsort(-sims, kind="stable")]:
            doc = texts[fit_idx[k]]
            if doc not in reps_docs:
                reps_docs.append(doc)
            if len(reps_docs) == params.n_representative:
                break
        terms = [w for w, _ in words.get(c, [])][: params.top_n_words]
        tid = id_map[c]
        if prev_rows is not None and tid in prev_rows.index:
            label = prev_rows.at[tid, "label"]
            first = prev_rows.at[tid, "first_fitted_version"]
        else:
            label, first = _label(terms), version
        rows.append(
            {
                "topic_id": tid,
                "label": label,
                "top_terms": terms,
                "size": int((stable == tid).sum()),
                "representative_posts": reps_docs,
                "first_fitted_version": first,
            }
        )
    topics = pd.DataFrame(rows)

    t0 = time.perf_counter()
    analyzer = bt_model.vectorizer_model.build_analyzer()
    npmi, npmi_per_topic = topic_metrics.npmi_coherence(topics["top_terms"].tolist(), fit_docs, analyzer)
    timings["metrics_s"] = time.perf_counter() - t0
    topics["npmi"] = npmi_per_topic
    before_all = before[np.searchsorted(fit_idx, rep)]
    metrics = base_metrics | {
        "n_topics": len(topics),
        "n_matched_topics": len(matches),
        "min_cluster_size": min_size,
        "outlier_share_before": topic_metrics.outlier_share(before_all),
        "outlier_share_after": topic_metrics.outlier_share(stable),
        "diversity": topic_metrics.topic_diversity(topics["top_terms"].tolist()),
        "npmi": npmi,
        **timings,
    }

    state = TopicModelState(
        version=version,
        path=None,
        embedding_model=embedding_model,
        topics=topics,
        centroids=core_centroids,
        next_topic_id=next_id,
        params=params,
        seed=seed,
        fitted_at=datetime.now(UTC).isoformat(),
        metrics=metrics,
    )
    model_path = None
    if model_dir is not None:
        t0 = time.perf_counter()
        model_path = _save(state, bt_model, local_to_bt, id_map, Path(model_dir))
        state.path = model_path
        metrics["save_s"] = time.perf_counter() - t0
    assignments = _assignment_frame(stable, probs, rep)
    logger.info(
        "fitted %d topics on %d posts (%d unique): outliers %.1f%% -> %.1f%%, diversity %.2f, npmi %.3f",
        len(topics),
        n,
        n_fit,
        100 * metrics["outlier_share_before"],
        100 * metrics["outlier_share_after"],
        metrics["diversity"],
        npmi,
    )
    return TopicFit(status, version, assignments, topics, metrics, state, model_path, id_map)


# ---------------------------------------------------------------------------------------------
# assignment between refits


def assign_topics(texts: Sequence[str], embeddings: np.ndarray, state: TopicModelState) -> pd.DataFrame:
    """Assign posts to the current topics by nearest centroid; returns ``topic_id``, ``topic_prob``.

    Posts below the fit's outlier threshold, and empty texts, get topic -1. Costs one
    matrix product, so new posts between refits are cheap.
    """
    n = len(texts)
    topic_ids = np.full(n, -1, dtype=np.int64)
    probs = np.zeros(n, dtype=np.float32)
    if n and len(state.topics):
        emb = _unit(np.asarray(embeddings, dtype=np.float32).reshape(n, -1))
        best, sim = _nearest(emb, state.centroids)
        has_text = np.array([bool(t and str(t).strip()) for t in texts])
        ok = (sim >= state.params.outlier_threshold) & has_text
        topic_ids[ok] = state.topic_ids[best[ok]]
        probs[ok] = np.clip(sim[ok], 0, 1)
    return pd.DataFrame({"topic_id": topic_ids, "topic_prob": probs})


# ---------------------------------------------------------------------------------------------
# persistence


def _embedding_model_pointer(model_id: str) -> str:
    """Local directory of the embedding model when there is one, else its id.

    BERTopic.load instantiates whatever this names; a local path loads offline in a second where
    a hub id would first try the network.
    """
    from nlp.topics.embeddings import resolve_model

    _, load_path = resolve_model(model_id)
    return load_path if Path(load_path).exists() else model_id


def _save(state: TopicModelState, bt_model, local_to_bt: dict[int, int], id_map: dict[int, int], root: Path) -> Path:
    import bertopic
    from safetensors.numpy import save_file

    path = root / state.version
    path.mkdir(parents=True, exist_ok=True)
    # scikit-learn >= 1.8 stores vocabulary indices as numpy ints, which BERTopic's JSON writer rejects.
    vectorizer = bt_model.vectorizer_model
    vectorizer.vocabulary_ = {term: int(i) for term, i in vectorizer.vocabulary_.items()}
    bt_model.save(
        str(path / BERTOPIC_DIR),
        serialization="safetensors",
        save_ctfidf=True,
        save_embedding_model=_embedding_model_pointer(state.embedding_model),
    )
    save_file(
        {"centroids": state.centroids, "topic_ids": state.topic_ids},
        str(path / CENTROIDS_FILE),
    )
    payload = {
        "format": STATE_FORMAT,
        "version": state.version,
        "fitted_at": state.fitted_at,
        "bertopic_version": bertopic.__version__,
        "embedding_model": state.embedding_model,
        "seed": state.seed,
        "params": asdict(state.params),
        "next_topic_id": state.next_topic_id,
        # BERTopic renumbers topics by size; this maps its ids to our stable ids.
        "bertopic_topic_to_topic_id": {str(local_to_bt[c]): tid for c, tid in id_map.items()},
        "metrics": state.metrics,
        "topics": json.loads(state.topics.to_json(orient="records")),
    }
    tmp = path / (STATE_FILE + ".tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=2))
    os.replace(tmp, path / STATE_FILE)
    latest_tmp = root / (LATEST_FILE + ".tmp")
    latest_tmp.write_text(state.version)
    os.replace(latest_tmp, root / LATEST_FILE)
    return path


def forget_posts(model_root: str | os.PathLike, live_texts: set[str]) -> int:
    """Drop representative posts that are no longer live (deleted upstream) from every saved fit.

    Saved fits keep a few example posts per topic in ``state.json``; content deleted upstream must not
    survive there. Returns how many example posts were removed. The BERTopic folder holds no texts.
    """
    removed = 0
    for state_path in Path(model_root).glob(f"*/{STATE_FILE}"):
        payload = json.loads(state_path.read_text())
        changed = False
        for topic in payload.get("topics") or []:
            docs = topic.get("representative_posts") or []
            kept = [d for d in docs if d in live_texts]
            if len(kept) != len(docs):
                removed += len(docs) - len(kept)
                topic["representative_posts"] = kept
                changed = True
        if changed:
            tmp = state_path.with_name(STATE_FILE + ".tmp")
            tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=2))
            os.replace(tmp, state_path)
    return removed


def load_state(model_dir: str | os.PathLike) -> TopicModelState | None:
    """Load a saved fit: ``model_dir`` is a version folder or the root holding ``LATEST``.

    Returns None when the root has no fit yet (first run).
    """
    from safetensors.numpy import load_file

    root = Path(model_dir)
    if (root / STATE_FILE).exists():
        path = root
    elif (root / LATEST_FILE).exists():
        path = root / (root / LATEST_FILE).read_text().strip()
    else:
        return None
    payload = json.loads((path / STATE_FILE).read_text())
    tensors = load_file(str(path / CENTROIDS_FILE))
    topics = pd.DataFrame(payload["topics"]) if payload["topics"] else _empty_topics()
    if len(topics):
        topics["topic_id"] = topics["topic_id"].astype("int64")
        order = {int(t): i for i, t in enumerate(tensors["topic_ids"])}
        topics = topics.iloc[np.argsort([order[int(t)] for t in topics["topic_id"]])].reset_index(drop=True)
    return TopicModelState(
        version=payload["version"],
        path=path,
        embedding_model=payload["embedding_model"],
        topics=topics,
        centroids=tensors["centroids"].astype(np.float32),
        next_topic_id=int(payload["next_topic_id"]),
        params=TopicParams(**payload["params"]),
        seed=int(payload["seed"]),
        fitted_at=payload["fitted_at"],
        metrics=payload.get("metrics", {}),
    )


def load_bertopic(state: TopicModelState):
    """The saved BERTopic model of a state (for its plots and c-TF-IDF).

    BERTopic loads the embedding model its config names; ours point at a local directory.
    """
    from bertopic import BERTopic

    if state.path is None:
        raise ValueError("state was not saved")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return BERTopic.load(str(state.path / BERTOPIC_DIR), embedding_model=None)
