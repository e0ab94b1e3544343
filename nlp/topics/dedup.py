"""Exact and near duplicates of posts: one representative per group of copies."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from nlp.topics.stopwords import HANDLE_RE, PLACEHOLDER_RE, URL_RE

_NON_WORD_RE = re.compile(r"[^\w\s]|\d|_", re.UNICODE)
_SPACE_RE = re.compile(r"\s+")


def normalise_for_dedup(text: str) -> str:
    """Lowercase text without URLs, placeholders, handles/hashtags, digits, punctuation or extra spaces."""
    text = URL_RE.sub(" ", text.lower())
    text = PLACEHOLDER_RE.sub(" ", text)
    text = HANDLE_RE.sub(" ", text)
    text = _NON_WORD_RE.sub(" ", text)
    return _SPACE_RE.sub(" ", text).strip()


def exact_groups(texts: Sequence[str]) -> np.ndarray:
    """``rep[i]`` = first row whose normalised text equals row i's."""
    codes, _ = pd.factorize(pd.Series([normalise_for_dedup(t) for t in texts]), sort=False)
    # factorize numbers keys by first appearance, so first_index[code] is the group's first row.
    _, first_index = np.unique(codes, return_index=True)
    return first_index[codes].astype(np.int64)


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
    LSH: only posts sharing a bucket in one of ``n_tables`` hash tables are compared, which keeps this
    near-linear; a pair at cosine 0.95 shares a bucket in at least one table with probability ~0.93.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(texts)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    exact_rep = exact_groups(texts)
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
