"""Corrected prevalence (nlp.prevalence): the solver, the correction and its intervals on simulated data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nlp.prevalence import (
    METHOD_ACC,
    METHOD_RAW,
    STANCES,
    LabelledSample,
    adjust_shares,
    confusion_counts,
    confusion_rates,
    estimate_prevalence,
    looks_random,
    project_to_simplex,
    sample_size_for_margin,
    weekly_shares_em,
)
from nlp.prevalence import _projected_gradient as projected_gradient

K = len(STANCES)


def _flip(rng: np.random.Generator, true: np.ndarray, rate: float) -> np.ndarray:
    """A classifier that replaces ``rate`` of the labels with a different class drawn unevenly."""
    pred = true.copy()
    flip = rng.random(len(true)) < rate
    # errors pile up in the last classes (like real classifiers defaulting to `none`/`considering`)
    weights = np.arange(1, K + 1, dtype=float)
    for i in np.flatnonzero(flip):
        p = weights.copy()
        p[true[i]] = 0
        pred[i] = rng.choice(K, p=p / p.sum())
    return pred


def _simulated(seed: int, weeks: int = 12, flip: float = 0.3, n_labelled: int = 1500):
    rng = np.random.default_rng(seed)
    rows, truth = [], []
    base = np.array([0.12, 0.10, 0.18, 0.08, 0.10, 0.42])  # a demo-like mix: `none` dominates
    for w in range(weeks):
        p = rng.dirichlet(base * 60)
        n = int(rng.integers(2000, 4000))
        true = rng.choice(K, size=n, p=p)
        pred = _flip(rng, true, flip)
        for k in range(K):
            rows.append({"week": w, "stance": STANCES[k], "posts": int((pred == k).sum())})
            truth.append({"week": w, "stance": STANCES[k], "true_share": float((true == k).mean())})
    # the labelled sample comes from the same classifier on a random sample of posts
    true_l = rng.choice(K, size=n_labelled, p=np.full(K, 1 / K))
    sample = LabelledSample(tuple(STANCES[i] for i in true_l), tuple(STANCES[i] for i in _flip(rng, true_l, flip)))
    return pd.DataFrame(rows), pd.DataFrame(truth), sample


def test_confusion_rates_are_column_stochastic_with_identity_for_unseen_classes():
    counts = confusion_counts(["deleted", "deleted", "none"], ["deleted", "none", "none"])
    rates = confusion_rates(counts)
    assert rates[STANCES.index("none"), STANCES.index("deleted")] == pytest.approx(0.5)
    assert rates[STANCES.index("deleted"), STANCES.index("deleted")] == pytest.approx(0.5)
    np.testing.assert_allclose(rates.sum(axis=0), 1.0)
    assert rates[STANCES.index("urges"), STANCES.index("urges")] == 1.0  # never seen as true


def test_projection_lands_on_the_simplex():
    v = np.array([[0.5, 0.7, -0.2], [2.0, 0.0, 0.0], [0.2, 0.3, 0.5]])
    out = project_to_simplex(v)
    np.testing.assert_allclose(out.sum(axis=1), 1.0)
    assert (out >= 0).all()
    np.testing.assert_allclose(out[2], v[2])  # already on the simplex: unchanged


def test_adjustment_inverts_a_known_confusion_exactly():
    rng = np.random.default_rng(3)
    m = np.eye(K) * 0.7 + rng.random((K, K)) * 0.06
    m /= m.sum(axis=0, keepdims=True)
    p = rng.dirichlet(np.ones(K), size=20)
    q = p @ m.T
    np.testing.assert_allclose(adjust_shares(m[None], q), p, atol=1e-6)


def test_closed_form_interior_and_iterative_boundary_agree_with_the_iterative_solver_alone():
    """adjust_shares solves interior optima in closed form and sends the rest (boundary optima, a singular
    system) to the projected gradient; every answer is the simplex optimum the iterative solver finds alone."""
    rng = np.random.default_rng(5)
    m = np.eye(K) * 0.5 + rng.random((K, K)) * 0.15
    m /= m.sum(axis=0, keepdims=True)
    singular = m.copy()
    singular[:, 1] = singular[:, 0]  # two true classes the classifier cannot tell apart
    rates = np.stack([m, singular])
    # shares a classifier would report for mixed true shares (optima inside), and for 15 problems each with
    # one stance never predicted (optima on the boundary)
    truth = rng.dirichlet(np.full(K, 4.0), size=(2, 40))
    qs = (rates[:, None] @ truth[..., None])[..., 0]
    qs[:, :15, 2] = 0.0
    qs /= qs.sum(axis=-1, keepdims=True)
    ours = adjust_shares(rates[:, None], qs)
    mt = np.swapaxes(rates, -1, -2)
    mtm = np.broadcast_to((mt @ rates)[:, None], (2, 40, K, K)).reshape(-1, K, K)
    mtq = (mt[:, None] @ qs[..., None])[..., 0].reshape(-1, K)
    alone = projected_gradient(mtm, mtq, qs.reshape(-1, K), iterations=20000, tol=1e-12, check_every=20)
    loss = lambda p: np.linalg.norm((rates[:, None] @ p.reshape(2, 40, K, 1))[..., 0] - qs, axis=-1)  # noqa: E731
    assert (ours >= 0).all()
    np.testing.assert_allclose(ours.sum(axis=-1), 1.0)
    np.testing.assert_allclose(loss(ours), loss(alone), atol=1e-9)
    np.testing.assert_allclose(ours[0], alone.reshape(2, 40, K)[0], atol=1e-6)  # m: a unique optimum
    assert (ours[0, :15] == 0).any(axis=-1).all()  # on the boundary
    np.testing.assert_allclose(ours[0, 15:], truth[0, 15:], atol=1e-9)  # inside: the true shares, exactly


def test_solver_matches_quapy_acc():
    """Our vectorised solver reaches QuaPy's ACC(solver='minimize') optimum (same loss, same simplex)."""
    quapy = pytest.importorskip("quapy.method.aggregative")
    import quapy.functional as F

    rng = np.random.default_rng(7)
    m = np.eye(K) * 0.6 + rng.random((K, K)) * 0.1
    m /= m.sum(axis=0, keepdims=True)
    qs = rng.dirichlet(np.ones(K), size=25)
    ours = adjust_shares(m[None], qs)
    theirs = np.array(
        [F.normalize_prevalence(quapy.ACC.solve_adjustment(m, q, method="inversion", solver="minimize"), "clip")
         for q in qs]
    )
    np.testing.assert_allclose(ours, theirs, atol=2e-3)
    loss = lambda p: np.linalg.norm(p @ m.T - qs, axis=1)  # noqa: E731
    assert (loss(ours) <= loss(theirs) + 1e-9).all()


def test_correction_halves_the_error_of_a_bad_classifier_and_intervals_cover():
    counts, truth, sample = _simulated(seed=11)
    out = estimate_prevalence(counts, sample, n_boot=300, seed=1).merge(truth, on=["week", "stance"])
    raw_mae = (out["raw_share"] - out["true_share"]).abs().mean()
    adj_mae = (out["adjusted_share"] - out["true_share"]).abs().mean()
    assert adj_mae <= 0.5 * raw_mae
    covered = ((out["ci_low"] <= out["true_share"]) & (out["true_share"] <= out["ci_high"])).mean()
    assert covered >= 0.85
    assert (out["method"] == METHOD_ACC).all() and (out["n_labelled"] == len(sample)).all()
    np.testing.assert_allclose(out.groupby("week")["adjusted_share"].sum(), 1.0, atol=1e-9)
    np.testing.assert_allclose(out.groupby("week")["raw_share"].sum(), 1.0, atol=1e-9)
    assert (out["ci_low"] <= out["adjusted_share"]).all() and (out["adjusted_share"] <= out["ci_high"]).all()


def test_without_labels_the_share_stays_raw_with_a_held_out_interval():
    counts, _, heldout = _simulated(seed=5, weeks=3, flip=0.1, n_labelled=150)
    out = estimate_prevalence(counts, None, heldout, n_boot=200)
    np.testing.assert_allclose(out["adjusted_share"], out["raw_share"])
    assert (out["method"] == METHOD_RAW).all() and (out["n_labelled"] == 0).all()
    assert (out["ci_low"] <= out["raw_share"]).all() and (out["raw_share"] <= out["ci_high"]).all()
    assert (out["ci_high"] - out["ci_low"]).mean() > 0.01  # a classifier with 10% error is not exact
    with pytest.raises(ValueError, match="labelled sample"):
        estimate_prevalence(counts, None, None)


def test_perfect_classifier_needs_no_correction_and_empty_input_is_empty():
    counts = pd.DataFrame({"week": [0] * K, "stance": list(STANCES), "posts": [10, 20, 30, 5, 5, 30]})
    perfect = LabelledSample(tuple(STANCES) * 20, tuple(STANCES) * 20)
    out = estimate_prevalence(counts, perfect, n_boot=100)
    np.testing.assert_allclose(out["adjusted_share"], out["raw_share"], atol=1e-9)
    assert estimate_prevalence(counts.iloc[0:0], perfect).empty


def test_sample_size_for_five_points():
    assert sample_size_for_margin(0.05) == 385  # simple random sample, worst case p = 0.5
    # a classifier with tpr 0.9 / fpr 0.05 at p = 0.2 needs far fewer labels for the corrected share
    needed = sample_size_for_margin(0.05, share=0.2, rates=np.array([[0.9, 0.05], [0.1, 0.95]]))
    assert 0 < needed < 385


def _small_weeks(seed: int, weeks: int = 30, flip: float = 0.3, n_labelled: int = 400):
    """Demo-sized weeks (~150 posts) whose true mix varies, and labels drawn at random from all posts."""
    rng = np.random.default_rng(seed)
    base = np.array([0.15, 0.10, 0.22, 0.09, 0.12, 0.32])
    true_all, pred_all, rows, truth = [], [], [], []
    for w in range(weeks):
        n = int(rng.integers(60, 300))
        true = rng.choice(K, size=n, p=rng.dirichlet(base * 40))
        pred = true.copy()
        flips = rng.random(n) < flip
        pred[flips] = (true[flips] + rng.integers(1, K, size=flips.sum())) % K  # a random other stance
        true_all.append(true)
        pred_all.append(pred)
        for k in range(K):
            rows.append({"week": w, "stance": STANCES[k], "posts": int((pred == k).sum())})
            truth.append({"week": w, "stance": STANCES[k], "true_share": float((true == k).mean())})
    true_all, pred_all = np.concatenate(true_all), np.concatenate(pred_all)
    pick = rng.choice(len(true_all), size=n_labelled, replace=False)
    sample = LabelledSample(tuple(STANCES[i] for i in true_all[pick]), tuple(STANCES[i] for i in pred_all[pick]))
    return pd.DataFrame(rows), pd.DataFrame(truth), sample


@pytest.mark.parametrize("seed", [1, 2])
def test_small_weeks_random_labels_cut_the_error_and_intervals_cover(seed):
    """The case plain per-week ACC lost on (weeks of ~150 posts, 400 labels): pooling wins and stays honest."""
    counts, truth, sample = _small_weeks(seed)
    out = estimate_prevalence(counts, sample, n_boot=300, seed=seed).merge(truth, on=["week", "stance"])
    raw = (out["raw_share"] - out["true_share"]).abs()
    adj = (out["adjusted_share"] - out["true_share"]).abs()
    assert adj.mean() <= 0.85 * raw.mean()
    big = out["posts"] >= 50
    assert adj[big].mean() <= 0.75 * raw[big].mean()
    covered = (out["ci_low"] <= out["true_share"]) & (out["true_share"] <= out["ci_high"])
    assert covered.mean() >= 0.88 and covered[big].mean() >= 0.8  # ~20 big cells per run: allow one more miss
    np.testing.assert_allclose(out.groupby("week")["adjusted_share"].sum(), 1.0, atol=1e-9)


def test_labels_picked_by_class_are_not_treated_as_a_random_sample():
    counts, _, random_sample = _small_weeks(3)
    pooled = counts.groupby("stance")["posts"].sum().reindex(STANCES).to_numpy(dtype=float)
    pooled /= pooled.sum()
    assert looks_random(random_sample, pooled)
    _, _, balanced = _simulated(seed=4, weeks=1, n_labelled=600)  # the same number of labels per stance
    assert not looks_random(balanced, pooled)


def test_em_without_a_prior_is_acc_and_a_strong_prior_pools():
    rng = np.random.default_rng(5)
    m = np.eye(K) * 0.7 + rng.random((K, K)) * 0.06
    m /= m.sum(axis=0, keepdims=True)
    p = rng.dirichlet(np.ones(K) * 5, size=4)
    counts = 10_000 * (p @ m.T)  # exact expected counts: ML = the true shares
    pi, expected = weekly_shares_em(m, counts, np.full(K, 1 / K), alpha=1e-9, iterations=3000)
    np.testing.assert_allclose(pi, p, atol=2e-3)
    np.testing.assert_allclose(expected.sum(axis=1), 10_000)
    centre = p.mean(axis=0)
    pooled, _ = weekly_shares_em(m, counts / 1000, centre, alpha=1e6)
    np.testing.assert_allclose(pooled, np.broadcast_to(centre, pooled.shape), atol=1e-3)
