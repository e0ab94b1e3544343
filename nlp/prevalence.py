"""Corrected stance prevalence: adjusted classify-and-count with bootstrap intervals.

Every classifier errs, and its errors do not cancel: the share of posts it *puts* in a stance is a
biased estimate of the share that *is* in it. With a hand-labelled sample we measure the classifier's
confusion rates ``M[i, j] = P(predicted i | true j)`` and solve ``q = M p`` for the true shares ``p``
given the observed shares ``q`` (adjusted classify-and-count, ACC; Forman 2008). As is standard in
multi-class quantification (Bunse 2022; QuaPy's ``ACC(solver="minimize")``) the system is solved as a
least-squares problem constrained to the probability simplex, so shares are never negative and sum to 1.

Intervals are a 95% percentile bootstrap over both sources of error: ``M`` is redrawn from the labelled
counts (a Bayesian bootstrap per true class), and each week's classifier counts are redrawn from the
week's estimated true counts through ``M`` (the chance errors in classifying that week's own posts).
Without labels the point estimate stays the classifier's share and the interval comes from the
classifier's confusion rates measured on held-out evaluation sets (see README, "Corrected shares").

Plain numpy, vectorised over weeks × bootstrap replicates; no Dagster imports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

STANCES: tuple[str, ...] = ("deleted", "intends", "considering", "urges", "staying", "none")
DEFAULT_BOOTSTRAP = 1000
CONFIDENCE = 0.95
PERKS_PRIOR = 1.0  # total prior weight per column of M in the bootstrap (1/K per cell)

METHOD_ACC = "acc"  # corrected with confusion rates from labelled posts of this corpus
METHOD_RAW = "raw+heldout"  # no labels: classifier shares, interval from held-out confusion rates


def confusion_counts(true: Sequence[str], pred: Sequence[str], classes: Sequence[str] = STANCES) -> np.ndarray:
    """Counts ``C[i, j]`` = posts predicted ``classes[i]`` whose true label is ``classes[j]``."""
    index = {c: k for k, c in enumerate(classes)}
    t = np.array([index[x] for x in true], dtype=np.int64)
    p = np.array([index[x] for x in pred], dtype=np.int64)
    k = len(classes)
    return np.bincount(p * k + t, minlength=k * k).reshape(k, k).astype(float)


def confusion_rates(counts: np.ndarray) -> np.ndarray:
    """Column-normalise counts into ``P(pred | true)``; a class never seen as true gets an identity column.

    Works on a stack of matrices (``(..., K, K)``), as the bootstrap needs.
    """
    counts = np.asarray(counts, dtype=float)
    totals = counts.sum(axis=-2, keepdims=True)
    eye = np.broadcast_to(np.eye(counts.shape[-1]), counts.shape)
    with np.errstate(invalid="ignore", divide="ignore"):
        rates = np.where(totals > 0, counts / np.where(totals > 0, totals, 1.0), eye)
    return rates


def project_to_simplex(v: np.ndarray) -> np.ndarray:
    """Euclidean projection of each row of ``v`` onto the probability simplex (Duchi et al. 2008)."""
    v = np.asarray(v, dtype=float)
    k = v.shape[-1]
    u = -np.sort(-v, axis=-1)
    css = np.cumsum(u, axis=-1) - 1.0
    idx = np.arange(1, k + 1)
    cond = u - css / idx > 0
    rho = k - 1 - np.argmax(cond[..., ::-1], axis=-1)
    theta = np.take_along_axis(css, rho[..., None], axis=-1) / (rho[..., None] + 1.0)
    return np.maximum(v - theta, 0.0)


def adjust_shares(rates: np.ndarray, observed: np.ndarray, iterations: int = 400) -> np.ndarray:
    """Solve ``min ||M p - q||²`` over the simplex for each problem (accelerated projected gradient).

    ``rates``: ``(..., K, K)`` confusion rates ``P(pred i | true j)``; ``observed``: ``(..., K)``
    classifier shares. Broadcasts over leading axes (replicates × weeks). Starts from the observed
    shares, so a perfect classifier returns them unchanged.
    """
    m = np.asarray(rates, dtype=float)
    q = np.asarray(observed, dtype=float)
    m, q = np.broadcast_arrays(m, q[..., None, :])
    q = q[..., 0, :]
    mtm = np.einsum("...ki,...kj->...ij", m, m)
    mtq = np.einsum("...ki,...k->...i", m, q)
    # step 1/L with L the largest eigenvalue of MᵀM (Lipschitz constant of the gradient)
    lipschitz = np.linalg.eigvalsh(mtm)[..., -1:]
    step = 1.0 / np.maximum(lipschitz, 1e-12)
    x = project_to_simplex(q)
    y = x.copy()
    t = 1.0
    for _ in range(iterations):
        grad = np.einsum("...ij,...j->...i", mtm, y) - mtq
        x_next = project_to_simplex(y - step * grad)
        t_next = (1.0 + np.sqrt(1.0 + 4.0 * t * t)) / 2.0
        y = x_next + ((t - 1.0) / t_next) * (x_next - x)
        x, t = x_next, t_next
    return x


@dataclass(frozen=True)
class LabelledSample:
    """Pairs of (true label, classifier label) for posts a person labelled."""

    true: tuple[str, ...]
    pred: tuple[str, ...]

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, true_col: str = "label", pred_col: str = "stance") -> LabelledSample:
        return cls(tuple(frame[true_col].astype(str)), tuple(frame[pred_col].astype(str)))

    def __len__(self) -> int:
        return len(self.true)


def _bootstrap_rates(sample: LabelledSample, n_boot: int, rng: np.random.Generator, classes: Sequence[str]):
    """Replicates of ``M``: each column drawn from its posterior given the labelled counts.

    A Bayesian bootstrap of the labelled sample per true class (Dirichlet over the predicted classes with
    a Perks prior of 1/K per cell). Unlike resampling rows it can produce confusions the sample happened
    not to contain, which a 97%-accurate classifier's 400 labels mostly do not.
    """
    k = len(classes)
    counts = confusion_counts(sample.true, sample.pred, classes)  # (K pred, K true)
    draws = rng.gamma(counts[None, :, :] + PERKS_PRIOR / k, size=(n_boot, k, k))
    return draws / draws.sum(axis=1, keepdims=True)


def estimate_prevalence(
    counts: pd.DataFrame,
    labelled: LabelledSample | None,
    heldout: LabelledSample | None = None,
    *,
    n_boot: int = DEFAULT_BOOTSTRAP,
    seed: int = 0,
    classes: Sequence[str] = STANCES,
    group_col: str = "week",
) -> pd.DataFrame:
    """Raw and adjusted shares with 95% bootstrap intervals per group (week) and stance.

    ``counts``: one row per group × class with ``posts`` (classifier counts; missing cells are 0).
    ``labelled``: the labelled sample of this corpus (may be empty/None). ``heldout``: labelled
    evaluation sets used for the interval when there are no labels.

    Returns ``group_col, stance, week_posts, posts, raw_share, adjusted_share, ci_low, ci_high,
    n_labelled, method``; shares in a group sum to 1.
    """
    k = len(classes)
    columns = [group_col, "stance", "week_posts", "posts", "raw_share", "adjusted_share", "ci_low", "ci_high",
               "n_labelled", "method"]
    if counts.empty:
        return pd.DataFrame(columns=columns)
    pivot = (
        counts.pivot_table(index=group_col, columns="stance", values="posts", aggfunc="sum", fill_value=0)
        .reindex(columns=list(classes), fill_value=0)
        .sort_index()
    )
    groups = pivot.index
    n_w = pivot.to_numpy(dtype=float)
    totals = n_w.sum(axis=1)
    raw = np.divide(n_w, totals[:, None], out=np.zeros_like(n_w), where=totals[:, None] > 0)
    rng = np.random.default_rng(seed)
    use_labels = labelled is not None and len(labelled) > 0
    basis = labelled if use_labels else heldout
    if basis is None or len(basis) == 0:
        raise ValueError("need a labelled sample or held-out evaluation pairs to estimate uncertainty")

    rates = confusion_rates(confusion_counts(basis.true, basis.pred, classes))
    corrected = adjust_shares(rates[None, :, :], raw)  # (W, K)
    boot_rates = _bootstrap_rates(basis, n_boot, rng, classes)  # (B, K, K)
    # Parametric bootstrap of the week's classifier counts given its (estimated) true counts: each post
    # of true stance j is classified as i with probability M[i, j]. This is the error of classifying
    # *these* posts (the quantity analysts quote is the share of the corpus's own posts), re-estimated
    # with confusion rates from a resampled labelled set, so both error sources are in the interval.
    true_counts = np.rint(corrected * totals[:, None]).astype(np.int64)  # (W, K)
    draws = rng.multinomial(
        np.broadcast_to(true_counts[None, :, :], (n_boot, *true_counts.shape)), rates.T[None, None, :, :]
    )  # (B, W, K true, K predicted)
    boot_counts = draws.sum(axis=2)
    boot_totals = np.maximum(boot_counts.sum(axis=2, keepdims=True), 1)
    boot = adjust_shares(boot_rates[:, None, :, :], boot_counts / boot_totals)  # (B, W, K)
    alpha = (1.0 - CONFIDENCE) / 2.0
    lo = np.quantile(boot, alpha, axis=0)
    hi = np.quantile(boot, 1.0 - alpha, axis=0)
    if use_labels:
        point = corrected
        method = METHOD_ACC
    else:
        point = raw.copy()
        method = METHOD_RAW
    # a percentile interval can miss a point estimate on the simplex boundary; keep the row coherent
    lo = np.minimum(lo, point)
    hi = np.maximum(hi, point)
    empty = totals == 0
    point[empty], lo[empty], hi[empty] = 0.0, 0.0, 0.0

    rows = pd.DataFrame(
        {
            group_col: np.repeat(groups.to_numpy(), k),
            "stance": np.tile(np.asarray(classes, dtype=object), len(groups)),
            "week_posts": np.repeat(totals.astype(np.int64), k),
            "posts": n_w.astype(np.int64).ravel(),
            "raw_share": raw.ravel(),
            "adjusted_share": point.ravel(),
            "ci_low": lo.ravel(),
            "ci_high": hi.ravel(),
            "n_labelled": len(labelled) if use_labels else 0,
            "method": method,
        }
    )
    return rows


def sample_size_for_margin(
    margin: float, share: float = 0.5, rates: np.ndarray | None = None, confidence: float = CONFIDENCE
) -> int:
    """Labelled posts needed for a ±``margin`` interval on a share (normal approximation).

    Without ``rates`` this is the simple-random-sample size for estimating a share directly from labels
    (worst case ``share = 0.5``). With the classifier's confusion rates for a binary split (the stance vs
    the rest: ``rates = [[tpr, fpr], ...]`` as ``P(pred|true)``), the ACC estimate ``(q - fpr)/(tpr - fpr)``
    has the delta-method variance of the estimated rates; that is what a researcher sizes for.
    """
    from statistics import NormalDist

    z = NormalDist().inv_cdf(0.5 + confidence / 2.0)
    if rates is None:
        return int(np.ceil(z * z * share * (1.0 - share) / margin**2))
    tpr, fpr = float(rates[0, 0]), float(rates[0, 1])
    denom = tpr - fpr
    # Var(p_hat) ≈ [p² Var(tpr) + (1-p)² Var(fpr)] / (tpr-fpr)², Var(tpr) = tpr(1-tpr)/(n p), etc.
    per_post = (share * tpr * (1 - tpr) + (1 - share) * fpr * (1 - fpr)) / denom**2
    return int(np.ceil(z * z * per_post / margin**2))
