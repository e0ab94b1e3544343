"""Corrected stance shares against the demo generator's truth: error and interval coverage.

Usage: ``python benchmarks/bench_prevalence.py [--n 5000] [--labelled 400] [--repeats 20] [--flip 0.3]``.

The demo corpus carries the generator's true stance (``raw_payload.gen_stance``). For each repeat a
simple random sample of ``--labelled`` posts is "hand-labelled" with that truth, and the weekly stance
shares are estimated twice: the classifier's raw share and the corrected share (nlp.prevalence, the
code behind marts.fct_stance_prevalence) with its 95% bootstrap interval. Printed: mean absolute
error of both against the true weekly shares, and how often the interval covers the truth, over
week × stance cells where the classifier counted at least 50 posts (and over all cells).

Two classifiers: the project's stance classifier (``demo``) and a deliberately worse one that flips
``--flip`` of its labels to a random other stance (``simulation``). Also prints the labelled-sample
size a researcher needs for a ±5-point interval (measured half-widths for 100–1600 labels) and the
solver's speed next to QuaPy's ACC (when QuaPy is installed). Never asserts.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingestion.records import normalise_posts  # noqa: E402
from ingestion.sources.demo import generate_demo_posts  # noqa: E402
from nlp.enrich import post_text  # noqa: E402
from nlp.prevalence import (  # noqa: E402
    STANCES,
    LabelledSample,
    adjust_shares,
    confusion_counts,
    confusion_rates,
    estimate_prevalence,
    prior_concentration,
    sample_size_for_margin,
    weekly_shares_em,
)
from nlp.stance import predict_stance  # noqa: E402

MIN_CELL_POSTS = 50


def demo_corpus(n: int, seed: int = 42) -> pd.DataFrame:
    """Demo posts with text: week, true stance (read back from raw_payload) and the classifier's stance."""
    posts, _ = normalise_posts(generate_demo_posts(n, seed=seed), source="demo", key=b"bench")
    posts = posts[~posts["is_deleted"]].reset_index(drop=True)
    texts = [post_text(t, b) for t, b in zip(posts["title"], posts["body"], strict=True)]
    return pd.DataFrame(
        {
            "week": posts["created_at"].dt.to_period("W-SUN").dt.start_time.dt.date,
            "truth": [json.loads(p)["gen_stance"] for p in posts["raw_payload"]],
            "pred": [label for label, _ in predict_stance(texts)],
        }
    )


def flipped(pred: pd.Series, rate: float, rng: np.random.Generator) -> pd.Series:
    """A worse classifier: ``rate`` of the labels replaced by a different stance, uniformly at random."""
    out = pred.to_numpy(dtype=object).copy()
    idx = np.flatnonzero(rng.random(len(out)) < rate)
    shift = rng.integers(1, len(STANCES), size=len(idx))
    pos = np.array([STANCES.index(s) for s in out[idx]], dtype=int)
    out[idx] = np.asarray(STANCES, dtype=object)[(pos + shift) % len(STANCES)]
    return pd.Series(out, index=pred.index)


def evaluate(corpus: pd.DataFrame, pred_col: str, labelled: int, repeats: int, n_boot: int) -> dict:
    counts = corpus.groupby(["week", pred_col]).size().rename("posts").reset_index()
    counts = counts.rename(columns={pred_col: "stance"})
    truth = (
        corpus.groupby("week")["truth"].value_counts(normalize=True).rename("true_share").reset_index()
        .rename(columns={"truth": "stance"})
    )
    rows = []
    for r in range(repeats):
        rng = np.random.default_rng(1000 + r)
        sample = corpus.iloc[rng.choice(len(corpus), size=labelled, replace=False)]
        est = estimate_prevalence(counts, LabelledSample.from_frame(sample, "truth", pred_col), n_boot=n_boot, seed=r)
        est = est.merge(truth, on=["week", "stance"], how="left").fillna({"true_share": 0.0})
        rows.append(est.assign(repeat=r))
    est = pd.concat(rows)
    err = est.assign(
        raw=(est["raw_share"] - est["true_share"]).abs(), adj=(est["adjusted_share"] - est["true_share"]).abs()
    )
    per_repeat = err.groupby("repeat")[["raw", "adj"]].mean()
    big = est[est["posts"] >= MIN_CELL_POSTS]
    cover = (big["ci_low"] <= big["true_share"]) & (big["true_share"] <= big["ci_high"])
    cover_all = (est["ci_low"] <= est["true_share"]) & (est["true_share"] <= est["ci_high"])
    return {
        "weeks": est["week"].nunique(),
        "cells_ge50": len(big) // repeats,
        "raw_mae": (est["raw_share"] - est["true_share"]).abs().mean(),
        "adj_mae": (est["adjusted_share"] - est["true_share"]).abs().mean(),
        "raw_mae_ge50": (big["raw_share"] - big["true_share"]).abs().mean(),
        "adj_mae_ge50": (big["adjusted_share"] - big["true_share"]).abs().mean(),
        "coverage_ge50": cover.mean(),
        "coverage_all": cover_all.mean(),
        "half_width_ge50": ((big["ci_high"] - big["ci_low"]) / 2).mean(),
        "adj_not_worse": int((per_repeat["adj"] <= per_repeat["raw"]).sum()),
    }


def known_rates_floor(corpus: pd.DataFrame, pred_col: str) -> dict[str, float]:
    """Weekly MAE with the classifier's confusion matrix known exactly (measured on every post).

    What no number of labels can beat with this estimator: the rest of the error is the chance errors
    in classifying a week's own ~150 posts. Also: the MAE if the weekly true shares were known (oracle).
    """
    rates = confusion_rates(confusion_counts(corpus["truth"], corpus[pred_col]))
    n = corpus.groupby("week")[pred_col].value_counts().unstack().reindex(columns=list(STANCES)).fillna(0)
    t = corpus.groupby("week")["truth"].value_counts().unstack().reindex(columns=list(STANCES)).fillna(0)
    n, t = n.to_numpy(dtype=float), t.to_numpy(dtype=float)
    totals = n.sum(axis=1, keepdims=True)
    centre = t.sum(axis=0) / t.sum()
    _, expected = weekly_shares_em(rates, n, centre, prior_concentration(rates, n, centre))
    joint = rates[None, :, :] * (t / totals)[:, None, :]  # P(true j | pred i) with the true weekly mix
    oracle = np.einsum("wi,wij->wj", n, joint / np.maximum(joint.sum(axis=2, keepdims=True), 1e-12))
    return {"known_rates": float(np.abs(expected / totals - t / totals).mean()),
            "oracle": float(np.abs(oracle / totals - t / totals).mean())}


def headline_half_width(corpus: pd.DataFrame, sizes: list[int], repeats: int, n_boot: int) -> pd.DataFrame:
    """Mean and worst-stance half-width of the all-weeks interval for each labelled-sample size."""
    counts = corpus.assign(week="all").groupby(["week", "pred"]).size().rename("posts").reset_index()
    counts = counts.rename(columns={"pred": "stance"})
    out = []
    for n in sizes:
        widths = []
        for r in range(repeats):
            rng = np.random.default_rng(5000 + r)
            sample = corpus.iloc[rng.choice(len(corpus), size=n, replace=False)]
            est = estimate_prevalence(counts, LabelledSample.from_frame(sample, "truth", "pred"), n_boot=n_boot, seed=r)
            widths.append(((est["ci_high"] - est["ci_low"]) / 2).to_numpy())
        w = np.mean(widths, axis=0)
        out.append({"labelled": n, "mean_half_width": w.mean(), "max_half_width": w.max()})
    return pd.DataFrame(out)


def labels_needed(corpus: pd.DataFrame, pred_col: str, margin: float = 0.05) -> dict[str, int]:
    """Labelled posts for a ±``margin`` 95% interval on each stance's corrected all-weeks share (delta method)."""
    out = {}
    for stance in STANCES:
        true = corpus["truth"] == stance
        pred = corpus[pred_col] == stance
        tpr, fpr = pred[true].mean(), pred[~true].mean()
        rates = np.array([[tpr, fpr], [1 - tpr, 1 - fpr]])
        out[stance] = sample_size_for_margin(margin, share=float(true.mean()), rates=rates)
    return out


def solver_speed(problems: int = 2000) -> str:
    rng = np.random.default_rng(0)
    k = len(STANCES)
    m = np.eye(k) * 0.7 + rng.random((k, k)) * 0.06
    m /= m.sum(axis=0, keepdims=True)
    qs = rng.dirichlet(np.ones(k), size=problems)
    t0 = time.perf_counter()
    adjust_shares(m[None], qs)
    ours = (time.perf_counter() - t0) / problems * 1e3
    try:
        import quapy.functional as F
        from quapy.method.aggregative import ACC
    except ImportError:
        return f"ours {ours:.3f} ms/problem (QuaPy not installed)"
    t0 = time.perf_counter()
    for q in qs[:200]:
        F.normalize_prevalence(ACC.solve_adjustment(m, q, method="inversion", solver="minimize"), "clip")
    theirs = (time.perf_counter() - t0) / 200 * 1e3
    return f"ours {ours:.3f} ms/problem, QuaPy ACC(solver='minimize') {theirs:.2f} ms/problem"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="demo posts (default: the demo corpus size)")
    parser.add_argument("--labelled", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=20, help="independent labelled samples")
    parser.add_argument("--flip", type=float, default=0.3)
    parser.add_argument("--boot", type=int, default=1000)
    parser.add_argument("--sim-labelled", type=int, nargs="*", default=[2000],
                        help="further labelled-sample sizes for the simulation (default 2000)")
    args = parser.parse_args()

    t0 = time.perf_counter()
    corpus = demo_corpus(args.n)
    corpus["pred_flipped"] = flipped(corpus["pred"], args.flip, np.random.default_rng(99))
    print(f"demo corpus: {len(corpus):,} posts with text, {corpus['week'].nunique()} weeks "
          f"({time.perf_counter() - t0:.1f}s to generate and classify)")
    print(f"classifier accuracy vs generator truth: {(corpus['pred'] == corpus['truth']).mean():.3f} (demo), "
          f"{(corpus['pred_flipped'] == corpus['truth']).mean():.3f} (simulation, {args.flip:.0%} flipped)")
    print(f"\n{args.labelled} labelled posts, {args.repeats} independent samples, {args.boot} bootstrap replicates")
    print(f"{'classifier':<12}{'MAE raw':>9}{'MAE adj':>9}{'ratio':>7}   (cells >= 50 posts: MAE raw / adj, "
          "coverage, half-width)   coverage all cells")
    runs = [("demo", "pred", args.labelled), ("simulation", "pred_flipped", args.labelled)]
    runs += [(f"sim, {n}", "pred_flipped", n) for n in args.sim_labelled]
    for name, col, labelled in runs:
        t1 = time.perf_counter()
        res = evaluate(corpus, col, labelled, args.repeats, args.boot)
        print(
            f"{name:<12}{res['raw_mae']:>9.4f}{res['adj_mae']:>9.4f}{res['adj_mae'] / res['raw_mae']:>7.2f}   "
            f"({res['cells_ge50']} cells: {res['raw_mae_ge50']:.4f} / {res['adj_mae_ge50']:.4f}, "
            f"{res['coverage_ge50']:.1%}, ±{res['half_width_ge50']:.3f})   {res['coverage_all']:.1%}"
            f"   adjusted not worse in {res['adj_not_worse']}/{args.repeats} samples"
            f"   [{time.perf_counter() - t1:.1f}s]"
        )
    for name, col in (("demo", "pred"), ("simulation", "pred_flipped")):
        floor = known_rates_floor(corpus, col)
        print(f"floor, {name}: weekly MAE {floor['known_rates']:.4f} with the confusion matrix known exactly "
              f"(infinitely many labels), {floor['oracle']:.4f} if each week's true mix were known too")
    print("\nheadline (all weeks) interval half-width by labelled-sample size, project classifier:")
    widths = headline_half_width(corpus, [100, 200, 400, 800, 1600], repeats=max(3, args.repeats // 4),
                                 n_boot=args.boot)
    for row in widths.itertuples():
        print(f"  {row.labelled:>5} labelled: mean ±{row.mean_half_width * 100:.1f} pts, "
              f"widest stance ±{row.max_half_width * 100:.1f} pts")
    print("\nlabelled posts needed for a ±5-point 95% interval on the all-weeks share (delta method):")
    print(f"  labels alone (simple random sample, worst case p = 0.5): {sample_size_for_margin(0.05)}")
    for name, col in (("demo classifier", "pred"), (f"{args.flip:.0%}-flipped classifier", "pred_flipped")):
        needed = labels_needed(corpus, col)
        print(f"  {name}: " + ", ".join(f"{s} {n}" for s, n in needed.items()) + f"  -> max {max(needed.values())}")
    print("\nsolver:", solver_speed())


if __name__ == "__main__":
    main()
