"""Exact and near duplicates of posts: one representative per group of copies.

Near duplicates are *texts* that share most of their wording (a copy with a word changed, a template
with one slot refilled): the Jaccard similarity of their word-bigram sets (Broder's resemblance). MinHash
signatures with LSH banding propose only posts that agree on a whole band, and each proposed pair is
checked exactly, so the cost is linear in posts. Embedding cosine is
not used: averaged static vectors put most posts on one topic within cosine 0.95 of each other (3% of
all pairs in the 100k demo), so it would call different posts copies.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from nlp.topics.stopwords import HANDLE_RE, PLACEHOLDER_RE, URL_RE

_NON_WORD_RE = re.compile(r"[^\w\s]|\d|_", re.UNICODE)
_SPACE_RE = re.compile(r"\s+")
_N_PERM = 64  # MinHash values per post
_BAND_ROWS = 4  # values per LSH band: 16 bands; a pair at Jaccard 0.7 shares a band with p ~ 0.99


def normalise_for_dedup(text: str) -> str:
    """Lowercase text without URLs, placeholders, handles/hashtags, digits, punctuation or extra spaces."""
    text = URL_RE.sub(" ", text.lower())
    text = PLACEHOLDER_RE.sub(" ", text)
    text = HANDLE_RE.sub(" ", text)
    text = _NON_WORD_RE.sub(" ", text)
    return _SPACE_RE.sub(" ", text).strip()


def groups_of_normalised(normalised: Sequence[str]) -> np.ndarray:
    """``rep[i]`` = first row whose (already normalised) text equals row i's."""
    codes, _ = pd.factorize(pd.Series(normalised, dtype=object), sort=False)
    # factorize numbers keys by first appearance, so first_index[code] is the group's first row.
    _, first_index = np.unique(codes, return_index=True)
    return first_index[codes].astype(np.int64)


def exact_groups(texts: Sequence[str]) -> np.ndarray:
    """``rep[i]`` = first row whose normalised text equals row i's."""
    return groups_of_normalised([normalise_for_dedup(t) for t in texts])


def bigram_sets(normalised: Sequence[str]):
    """Binary CSR matrix: row i marks the word bigrams of text i (MurmurHash3 ids, scikit-learn's hasher)."""
    from sklearn.feature_extraction.text import HashingVectorizer

    vectorizer = HashingVectorizer(
        analyzer="word", tokenizer=str.split, token_pattern=None, lowercase=False, ngram_range=(2, 2),
        n_features=2**31 - 1, alternate_sign=False, norm=None, binary=True, dtype=np.float32,
    )  # fmt: skip
    matrix = vectorizer.transform(list(normalised)).tocsr()
    matrix.sort_indices()
    return matrix


def jaccard(matrix, a: np.ndarray, b: np.ndarray, chunk: int = 100_000) -> np.ndarray:
    """Exact Jaccard similarity of the bigram sets of rows ``a[k]`` and ``b[k]`` of ``matrix``."""
    sizes = np.diff(matrix.indptr)
    out = np.zeros(len(a), dtype=np.float32)
    for start in range(0, len(a), chunk):
        ra, rb = a[start : start + chunk], b[start : start + chunk]
        inter = np.asarray(matrix[ra].multiply(matrix[rb]).sum(axis=1)).ravel()
        union = sizes[ra] + sizes[rb] - inter
        out[start : start + chunk] = np.where(union > 0, inter / np.maximum(union, 1), 0.0)
    return out


def minhash_signatures(matrix, seed: int = 42, n_perm: int = _N_PERM) -> np.ndarray:
    """``(n, n_perm)`` uint32 MinHash of each row's bigram set (:func:`bigram_sets`); empty rows are all-max.

    ``n_perm`` multiply-shift hashes of the bigram ids are minimised per row, vectorised over all rows.
    """
    n = matrix.shape[0]
    empty = np.iinfo(np.uint32).max
    if n == 0:
        return np.zeros((0, n_perm), dtype=np.uint32)
    shingles = matrix.indices.astype(np.uint64)
    starts = matrix.indptr[:-1]
    filled = np.diff(matrix.indptr) > 0
    rng = np.random.default_rng(seed)
    # Odd multipliers: (a * x + b) mod 2^64, top 32 bits, is a universal family over 64-bit keys.
    mult = rng.integers(1, 2**63, size=n_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    add = rng.integers(0, 2**63, size=n_perm, dtype=np.uint64)
    signatures = np.full((n, n_perm), empty, dtype=np.uint32)
    if len(shingles) == 0:
        return signatures
    with np.errstate(over="ignore"):
        for k in range(n_perm):
            hashed = ((shingles * mult[k] + add[k]) >> np.uint64(32)).astype(np.uint32)
            signatures[filled, k] = np.minimum.reduceat(hashed, starts[filled])
    return signatures


def _band_keys(signatures: np.ndarray, rows: int) -> np.ndarray:
    """One 64-bit key per (post, band): the band's values mixed together."""
    n, n_perm = signatures.shape
    bands = signatures[:, : n_perm - n_perm % rows].reshape(n, -1, rows).astype(np.uint64)
    keys = np.zeros(bands.shape[:2], dtype=np.uint64)
    with np.errstate(over="ignore"):
        for r in range(rows):
            keys = (keys ^ bands[:, :, r]) * np.uint64(0x100000001B3)
            keys ^= keys >> np.uint64(29)
    return keys


def find_duplicates(
    texts: Sequence[str], threshold: float = 0.7, seed: int = 42, normalised: Sequence[str] | None = None
) -> np.ndarray:
    """Return ``rep`` with ``rep[i]`` = index of the first post in i's duplicate group.

    Groups join exact duplicates of the normalised text (:func:`normalise_for_dedup`) and near duplicates:
    posts whose word-bigram sets have a Jaccard similarity >= ``threshold`` to the group's first post.
    Linear in posts: MinHash signatures, then LSH bands propose candidates, and each post is compared
    (exact Jaccard of the bigram sets) with the first post of every band bucket it falls in.
    ``normalised`` (:func:`normalise_for_dedup` of each text, e.g. from the automated flags) skips that pass.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(texts)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if normalised is None:
        normalised = [normalise_for_dedup(t) for t in texts]
    exact_rep = groups_of_normalised(normalised)
    uniq = np.flatnonzero(exact_rep == np.arange(n))
    matrix = bigram_sets([normalised[i] for i in uniq])
    keys = _band_keys(minhash_signatures(matrix, seed=seed), _BAND_ROWS)
    positions = np.flatnonzero(np.diff(matrix.indptr) > 0)
    heads, members = [], []
    for band in range(keys.shape[1]):
        band_keys = keys[positions, band]
        order = np.argsort(band_keys, kind="stable")
        sorted_keys = band_keys[order]
        new_bucket = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
        first = order[np.maximum.accumulate(np.where(new_bucket, np.arange(len(order)), 0))]
        pair = order != first
        members.append(positions[order[pair]])
        heads.append(positions[first[pair]])
    # Each candidate pair once (it may share several bands), then the exact test.
    candidates = np.unique(np.stack([np.concatenate(members), np.concatenate(heads)], axis=1), axis=0)
    member, head = candidates[:, 0], candidates[:, 1]
    close = jaccard(matrix, member, head) >= threshold
    rows = np.concatenate([np.arange(n), uniq[member[close]]])
    cols = np.concatenate([exact_rep, uniq[head[close]]])
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
    _, comp = connected_components(graph, directed=False)
    # Representative = lowest index of each component, so it is stable under appending posts.
    first_of = pd.Series(np.arange(n)).groupby(comp).transform("min").to_numpy(dtype=np.int64)
    # Links chain (a~b, b~c while a and c differ), so an exact-duplicate group joins its component
    # only if its own text is near the representative; otherwise it stays a group of its own.
    position = np.full(n, -1, dtype=np.int64)
    position[uniq] = np.arange(len(uniq))
    group_first = exact_rep
    target = first_of[group_first]
    moved = np.flatnonzero(target != group_first)
    keep = jaccard(matrix, position[group_first[moved]], position[target[moved]]) < threshold
    target[moved[keep]] = group_first[moved[keep]]
    return target.astype(np.int64)
