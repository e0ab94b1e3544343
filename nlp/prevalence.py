"""Corrected stance prevalence: classifier counts corrected with hand labels, with 95% intervals.

Every classifier errs, and its errors do not cancel: the share of posts it *puts* in a stance is a
biased estimate of the share that *is* in it. With ``M[i, j] = P(predicted i | true j)`` the classifier's
shares are ``q = M p``; adjusted classify-and-count (ACC; Forman 2008) solves for ``p``. ACC is unbiased, but
on weeks of ~150 posts it is noisy: each week's own chance errors are amplified by ``M⁻¹`` and every one of
the 36 rates in ``M`` comes from a few hundred labels. Solving ``q = M p`` week by week therefore lost to the
raw shares with a poor classifier (weekly MAE 1.19× the raw error with 30% of labels wrong, 400 labels).
The estimator here removes both sources of noise without giving up the bias correction:

1. **Two-phase rates.** Labels come from a random sample of the posts, so ``P(true | predicted)`` is
   estimated from them and combined with the classifier's labels of *all* posts (the double-sampling
   estimator of survey statistics, Tenenbein 1970): the pooled true shares and ``M`` follow from the joint
   ``q_i P(j | i)``. A sample picked by class (detected by a chi-square test of its classifier labels
   against the corpus) falls back to ``M`` from the labels alone and the constrained least-squares ACC
   (``min ||M p - q||²`` on the simplex, as QuaPy's ``ACC(solver="minimize")``).
2. **Weeks borrow strength from each other.** Each week's true shares get a Dirichlet prior centred on the
   pooled shares, whose concentration is estimated from the data (empirical Bayes: the marginal likelihood
   of all weeks' classifier counts). Weeks that differ by more than chance keep their own mix; small weeks
   are pulled toward the pooled mix in proportion to their noise. The weekly shares are fitted by EM with
   ``M`` fixed (Saerens et al. 2002), the maximum-likelihood form of ACC.
3. **The share of the week's own posts.** The estimate is ``Σ_i n_i P(true j | predicted i, week)`` / ``n``:
   the expected realised share of the posts the week actually has, which is what analysts quote.

Intervals: 95% percentiles of posterior draws that redraw ``M`` (Dirichlet over the labelled counts, Perks
prior), the pooled centre with it, and then each week's shares and its posts' true labels by a few Gibbs
sweeps. Without labels the point estimate stays the classifier's share and the interval comes from the
classifier's confusion rates measured on held-out evaluation sets (see README, "Corrected shares").

Plain numpy (scipy for one chi-square tail), vectorised over weeks × replicates; no Dagster imports.
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


def _solve_on_hyperplane(mtm: np.ndarray, mtq: np.ndarray) -> np.ndarray:
    """``argmin ||M p - q||²`` subject to ``Σ p = 1`` only, per row; NaN rows where the system is singular."""
    n, k = mtq.shape
    kkt = np.zeros((n, k + 1, k + 1))
    kkt[:, :k, :k] = mtm
    kkt[:, :k, k] = 1.0
    kkt[:, k, :k] = 1.0
    rhs = np.concatenate([mtq, np.ones((n, 1))], axis=1)[..., None]
    solution = np.full((n, k), np.nan)
    try:
        solution[:] = np.linalg.solve(kkt, rhs)[:, :k, 0]
    except np.linalg.LinAlgError:  # one singular system fails the whole batch: solve the regular ones
        regular = np.linalg.cond(kkt) < 1e12
        if regular.any():
            solution[regular] = np.linalg.solve(kkt[regular], rhs[regular])[:, :k, 0]
    return solution


def _projected_gradient(
    mtm: np.ndarray, mtq: np.ndarray, start: np.ndarray, iterations: int, tol: float, check_every: int
) -> np.ndarray:
    """``min ||M p - q||²`` over the simplex per row (accelerated projected gradient from ``start``).

    Stops before ``iterations`` once every problem is solved to ``tol``: every ``check_every`` steps the
    gradient mapping ``(x - P(x - step ∇f(x))) / step`` (zero exactly at the constrained optimum) is
    measured, scaled by the step to a distance in share units.
    """
    # step 1/L with L the largest eigenvalue of MᵀM (Lipschitz constant of the gradient)
    step = 1.0 / np.maximum(np.linalg.eigvalsh(mtm)[:, -1:], 1e-12)
    x = project_to_simplex(start)
    y = x.copy()
    t = 1.0
    out = np.empty_like(x)
    active = np.arange(len(x))  # problems not yet solved to tol; solved ones leave the loop
    for i in range(1, iterations + 1):
        grad = (mtm @ y[:, :, None])[:, :, 0] - mtq
        x_next = project_to_simplex(y - step * grad)
        t_next = (1.0 + np.sqrt(1.0 + 4.0 * t * t)) / 2.0
        y = x_next + ((t - 1.0) / t_next) * (x_next - x)
        x, t = x_next, t_next
        if i % check_every == 0:
            grad_x = (mtm @ x[:, :, None])[:, :, 0] - mtq
            done = np.abs(x - project_to_simplex(x - step * grad_x)).max(axis=1) <= tol
            out[active[done]] = x[done]
            active, x, y, mtm, mtq, step = (a[~done] for a in (active, x, y, mtm, mtq, step))
            if not len(active):
                break
    out[active] = x
    return out


def adjust_shares(
    rates: np.ndarray, observed: np.ndarray, iterations: int = 400, tol: float = 1e-10, check_every: int = 20
) -> np.ndarray:
    """Solve ``min ||M p - q||²`` over the simplex for each problem.

    ``rates``: ``(..., K, K)`` confusion rates ``P(pred i | true j)``; ``observed``: ``(..., K)``
    classifier shares. Broadcasts over leading axes (replicates × weeks).

    Where the optimum lies inside the simplex it is the least-squares solution under ``Σ p = 1`` alone:
    one batched solve of that problem's KKT system (``[MᵀM 1; 1ᵀ 0] [p; λ] = [Mᵀq; 1]``) gives it exactly,
    and a solution with no negative share is then the constrained optimum too (the problem is convex and
    no other constraint is active). That holds for most problems (95% of the 31,000 replicate-weeks of the
    1M-post demo; 0.5 s → 0.05 s). The others — an optimum on the simplex's boundary, or a singular system —
    go to an accelerated projected gradient started from the observed shares (so a perfect classifier
    returns them unchanged), run until ``tol`` or ``iterations`` (:func:`_projected_gradient`).
    """
    m = np.asarray(rates, dtype=float)
    q = np.asarray(observed, dtype=float)
    k = q.shape[-1]
    shape = np.broadcast_shapes(m.shape[:-2], q.shape[:-1])
    # MᵀM once per distinct matrix (a bootstrap replicate's M serves all its weeks), then one row per problem
    mt = np.swapaxes(m, -1, -2)
    mtm = np.broadcast_to(mt @ m, (*shape, k, k)).reshape(-1, k, k)
    mtq = np.broadcast_to((mt @ q[..., None])[..., 0], (*shape, k)).reshape(-1, k)
    out = _solve_on_hyperplane(mtm, mtq)
    boundary = ~(out >= 0).all(axis=1)  # NaN (singular) rows too
    if boundary.any():
        start = np.broadcast_to(q, (*shape, k)).reshape(-1, k)[boundary]
        out[boundary] = _projected_gradient(mtm[boundary], mtq[boundary], start, iterations, tol, check_every)
    return out.reshape(*shape, k)


ALPHA_GRID = np.geomspace(2.0, 5000.0, 25)  # candidate prior concentrations for the weekly shares
EM_ITERATIONS = 200
MARGINAL_DRAWS = 20000
GIBBS_SWEEPS = 4
RANDOMNESS_LEVEL = 0.001  # below this p-value the labels are not treated as a random sample


def _posterior_true(rates: np.ndarray, prior: np.ndarray) -> np.ndarray:
    """``P(true j | predicted i)`` for posts of a group with true shares ``prior``; ``(..., K pred, K true)``."""
    joint = rates * prior[..., None, :]
    norm = joint.sum(axis=-1, keepdims=True)
    return np.divide(joint, norm, out=np.zeros_like(joint), where=norm > 0)


def weekly_shares_em(
    rates: np.ndarray, counts: np.ndarray, centre: np.ndarray, alpha: float, iterations: int = EM_ITERATIONS
) -> tuple[np.ndarray, np.ndarray]:
    """Each group's true shares with a Dirichlet(``alpha · centre``) prior, by EM (MAP); broadcasts.

    ``rates``: ``(..., K, K)`` ``P(pred | true)``; ``counts``: ``(..., W, K)`` classifier counts; ``centre``:
    ``(..., K)`` pooled true shares. Returns ``(pi, expected)``: the group's shares and the expected number
    of its *own* posts truly in each class given their classifier labels (``Σ_i n_i P(j | i, pi)``), whose
    share is the estimate of the realised share of those posts. With ``alpha → 0`` this is the maximum
    likelihood ACC (Saerens et al. 2002's EM with the confusion matrix held fixed).
    """
    m = np.asarray(rates, dtype=float)[..., None, :, :]  # (..., 1, K, K)
    n = np.asarray(counts, dtype=float)
    prior = alpha * np.asarray(centre, dtype=float)[..., None, :]  # (..., 1, K)
    totals = n.sum(axis=-1, keepdims=True)
    pi = np.broadcast_to(np.asarray(centre, dtype=float)[..., None, :], n.shape).copy()
    for _ in range(iterations):
        expected = np.einsum("...i,...ij->...j", n, _posterior_true(m, pi))
        pi = (expected + prior) / (totals + alpha)
    expected = np.einsum("...i,...ij->...j", n, _posterior_true(m, pi))
    return pi, expected


def prior_concentration(rates: np.ndarray, counts: np.ndarray, centre: np.ndarray, seed: int = 0) -> float:
    """Empirical Bayes: the Dirichlet concentration of the groups' true shares around ``centre``.

    Picks, from ``ALPHA_GRID``, the value with the highest marginal likelihood of the groups' classifier
    counts (true shares ~ Dirichlet(alpha · centre), counts ~ Multinomial(M · shares)), by Monte Carlo.
    Groups that differ from each other more than their posts' chance errors explain get a small alpha
    (little pooling); groups that differ by no more than chance get a large one.
    """
    n = np.asarray(counts, dtype=float)
    if n.shape[0] < 2:
        return float(ALPHA_GRID[0])  # one group: nothing to pool with
    rng = np.random.default_rng(seed)
    centre = np.maximum(np.asarray(centre, dtype=float), 1e-6)
    centre = centre / centre.sum()
    best, best_ll = float(ALPHA_GRID[0]), -np.inf
    for alpha in ALPHA_GRID:
        draws = rng.gamma(alpha * centre, size=(MARGINAL_DRAWS, len(centre)))
        shares = draws / draws.sum(axis=1, keepdims=True)
        logp = np.log(np.maximum(shares @ np.asarray(rates).T, 1e-300))  # (S, K pred)
        ll = logp @ n.T  # (S, W)
        top = ll.max(axis=0)
        total = float((top + np.log(np.exp(ll - top).mean(axis=0))).sum())
        if total > best_ll:
            best, best_ll = float(alpha), total
    return best


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


def looks_random(sample: LabelledSample, pooled: np.ndarray, classes: Sequence[str] = STANCES,
                 level: float = RANDOMNESS_LEVEL) -> bool:
    """Whether the labelled posts' classifier labels are distributed like all posts' (chi-square test).

    The two-phase estimator needs the labels to be a random sample of the posts (as ``labels export`` and
    the Label page draw them). A sample whose classifier labels are far from the corpus's (p < ``level``),
    e.g. one picked to have so many posts of each stance, falls back to plain ACC, which needs only
    ``P(pred | true)`` to transfer.
    """
    from scipy.stats import chi2  # scipy comes with scikit-learn

    observed = confusion_counts(sample.true, sample.pred, classes).sum(axis=1)
    expected = np.asarray(pooled, dtype=float) * len(sample)
    seen = expected > 0
    if observed[~seen].sum() > 0:
        return False
    stat = float((((observed - expected) ** 2)[seen] / expected[seen]).sum())
    return bool(chi2.sf(stat, max(int(seen.sum()) - 1, 1)) >= level)


def _two_phase_rates(sample: LabelledSample, pooled: np.ndarray, classes: Sequence[str], n_boot: int,
                     rng: np.random.Generator | None) -> tuple[np.ndarray, np.ndarray]:
    """``M`` and the pooled true shares from the labelled sample *and* the classifier's shares of all posts.

    The labels are a random sample of the posts, so ``P(true j | predicted i)`` is estimated from them
    (rows of the labelled confusion counts, Perks prior) and combined with the classifier's share ``q_i``
    of *all* posts: joint ``q_i P(j | i)``, true shares its column sums, ``M`` its columns normalised. This is
    the two-phase (double-sampling) estimator of survey statistics (Tenenbein 1970): it uses every post's
    classifier label, not only the labelled ones', so it needs far fewer labels than ``M`` from labels alone.
    ``rng=None`` gives the point estimate, else ``n_boot`` posterior draws.
    """
    k = len(classes)
    counts = confusion_counts(sample.true, sample.pred, classes)  # (K pred, K true)
    if rng is None:
        rows = counts + PERKS_PRIOR / k
        rows = rows / rows.sum(axis=1, keepdims=True)
    else:
        draws = rng.gamma(counts[None] + PERKS_PRIOR / k, size=(n_boot, k, k))
        rows = draws / draws.sum(axis=-1, keepdims=True)
    joint = pooled[:, None] * rows  # (..., K pred, K true)
    centre = joint.sum(axis=-2)
    rates = joint / np.maximum(centre[..., None, :], 1e-12)
    # a class no post is predicted as and no label has: keep the identity column
    return np.where(centre[..., None, :] > 1e-12, rates, np.eye(k)), centre


def _pooled_weekly(
    sample: LabelledSample, classes: Sequence[str], counts: np.ndarray, totals: np.ndarray,
    rng: np.random.Generator, n_boot: int, seed: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Point estimates and 95% intervals of each group's realised true shares (see ``estimate_prevalence``)."""
    pooled = counts.sum(axis=0) / max(float(totals.sum()), 1.0)
    two_phase = looks_random(sample, pooled, classes)
    if two_phase:
        rates, centre = _two_phase_rates(sample, pooled, classes, n_boot, None)
    else:  # labels picked by class, not at random: only P(pred | true) transfers (plain ACC)
        rates = confusion_rates(confusion_counts(sample.true, sample.pred, classes))
        centre = adjust_shares(rates[None, :, :], pooled[None, :])[0]
    alpha = prior_concentration(rates, counts[totals > 0], centre, seed=seed)
    safe = np.maximum(totals, 1.0)[:, None]
    _, expected = weekly_shares_em(rates, counts, centre, alpha)
    point = expected / safe
    # replicates: M redrawn from the labelled counts, the centre re-solved with it, each group's shares
    # drawn from their (conjugate) posterior, and the true labels of the group's own posts drawn given
    # their classifier labels, so the interval is for the realised share of those posts
    if two_phase:
        boot_rates, boot_centre = _two_phase_rates(sample, pooled, classes, n_boot, rng)  # (B, K, K), (B, K)
    else:
        boot_rates = _bootstrap_rates(sample, n_boot, rng, classes)
        boot_centre = adjust_shares(boot_rates, np.broadcast_to(pooled, (n_boot, len(pooled))))
    boot_counts = np.broadcast_to(counts[None], (n_boot, *counts.shape))
    boot_pi, _ = weekly_shares_em(boot_rates, boot_counts, boot_centre, alpha)  # (B, W, K)
    # a few Gibbs sweeps from the EM mode: true labels of the group's posts | shares, shares | true labels
    shares, prior = boot_pi, alpha * boot_centre[:, None, :] + 1e-9
    for _ in range(GIBBS_SWEEPS):
        post = _posterior_true(boot_rates[:, None, :, :], shares)  # (B, W, K pred, K true)
        post /= post.sum(axis=-1, keepdims=True)
        true_counts = rng.multinomial(boot_counts.astype(np.int64), post).sum(axis=-2)  # (B, W, K true)
        shares = rng.gamma(prior + true_counts)
        shares /= shares.sum(axis=-1, keepdims=True)
    boot = true_counts / safe[None]
    tail = (1.0 - CONFIDENCE) / 2.0
    return point, np.quantile(boot, tail, axis=0), np.quantile(boot, 1.0 - tail, axis=0)


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
    """Raw and adjusted shares with 95% intervals per group (week) and stance (see the module docstring).

    ``counts``: one row per group × class with ``posts`` (classifier counts; missing cells are 0).
    ``labelled``: the labelled sample of this corpus, a random sample of its posts (may be empty/None).
    ``heldout``: labelled evaluation sets used for the interval when there are no labels. ``n_boot``:
    posterior draws (or bootstrap replicates without labels) behind the intervals.

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
    boot_rates = _bootstrap_rates(basis, n_boot, rng, classes)  # (B, K, K)
    if use_labels:
        point, lo, hi = _pooled_weekly(labelled, classes, n_w, totals, rng, n_boot, seed)
        method = METHOD_ACC
    else:
        # No labels of this corpus: the held-out rates are not this corpus's, so the estimate stays the
        # classifier's share; the interval is what ACC with those rates and the chance errors allow.
        corrected = adjust_shares(rates[None, :, :], raw)  # (W, K)
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
