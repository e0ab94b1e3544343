"""The demo generator: deterministic, scalable, and as varied as real feeds."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ingestion.records import normalise_posts
from ingestion.sources.demo import daily_weights, generate_demo_posts


def test_same_seed_same_corpus_and_other_seed_differs():
    a = generate_demo_posts(2000, seed=7)
    b = generate_demo_posts(2000, seed=7)
    c = generate_demo_posts(2000, seed=8)
    pd.testing.assert_frame_equal(a, b)
    assert not a["body"].equals(c["body"])


def test_sizes_scale_and_ids_are_unique():
    for n in (1, 1000, 50_000):
        df = generate_demo_posts(n)
        assert len(df) == n
        ids = df["post_id"].dropna()
        assert ids.is_unique


def test_variety_of_stances_themes_and_faults():
    df = generate_demo_posts(5000)
    kinds = set(df["gen_kind"])
    assert {"deleted", "intends", "considering", "urges", "staying", "news", "howto", "offtopic", "spam"} <= kinds
    assert {"ai_chat_ads", "dead_personas", "scams", "marketplace_business"} <= set(df["gen_theme"])
    assert set(df["kind"]) == {"submission", "comment", "post", "reply"}
    assert df["is_deleted"].sum() > 0
    assert set(df["body"][df["is_deleted"]]) <= {"[deleted]", "[removed]"}
    assert set(df["gen_malformed"].dropna()) == {"missing id", "bad timestamp", "invalid utf-8"}
    assert df["gen_destination"].notna().sum() > 100
    # English and code-mixing are present alongside Indonesian
    text = " ".join(b.lower() for b in df["body"].head(3000) if isinstance(b, str))
    assert "deleted my facebook" in text or "delete facebook" in text
    assert "udh" in text or "udah" in text


def test_comments_belong_to_earlier_submissions_in_the_same_community():
    df = generate_demo_posts(3000)
    ok = df[df["post_id"].notna() & df["created_at"].map(lambda v: isinstance(v, float))]
    subs = ok[ok["kind"] == "submission"].set_index("post_id")
    comments = ok[(ok["kind"] == "comment") & ok["parent_id"].isin(subs.index)]
    assert len(comments) > 0.9 * (ok["kind"] == "comment").sum()
    parents = subs.loc[comments["parent_id"]]
    assert (comments["created_at"].to_numpy(float) >= parents["created_at"].to_numpy(float)).all()
    assert (comments["community"].to_numpy() == parents["community"].to_numpy()).all()


def test_spam_comes_in_bursts_of_identical_text():
    df = generate_demo_posts(10_000)
    spam = df[(df["gen_kind"] == "spam") & ~df["is_deleted"]]
    assert spam["body"].nunique() == 3
    for _, burst in spam.groupby("body"):
        times = burst["created_at"].astype(float)
        assert times.max() - times.min() <= 3600 * 24  # minutes-to-hours apart, not months


def test_volume_reacts_to_the_events():
    w = daily_weights()
    baseline = w["2025-09-01":"2025-09-25"].mean()
    assert w["2025-10-01"] > 4 * baseline  # AI-ads announcement
    assert w["2025-12-16"] > 4 * baseline  # policy in force
    assert w["2026-02-14"] > w["2025-12-16"] > baseline  # patent reports are the biggest
    df = generate_demo_posts(20_000)
    days = pd.to_datetime(pd.to_numeric(df["created_at"], errors="coerce"), unit="s").dt.date
    counts = days.value_counts()
    assert counts[pd.Timestamp("2026-02-14").date()] > 3 * counts[pd.Timestamp("2025-09-10").date()]
    after = days.astype(str) >= "2026-02-14"
    assert df["gen_theme"][after].eq("dead_personas").mean() > 0.2
    assert df["gen_theme"][~after].eq("dead_personas").mean() < 0.02


def test_malformed_rows_are_exactly_the_quarantined_ones():
    df = generate_demo_posts(4000)
    posts, quarantine = normalise_posts(df, source="demo", key=b"k")
    assert len(quarantine) == df["gen_malformed"].notna().sum()
    assert len(posts) == len(df) - len(quarantine)
    assert posts["is_demo"].all()
    assert not posts["created_at"].isna().any()
    assert np.all(posts["post_id"].str.startswith("demo_"))


def test_two_platforms_whole_threads_with_their_own_shapes():
    """Some threads live on X (posts/replies, no subreddit or title) so the platform filter has work to do."""
    df = generate_demo_posts(5000)
    share = (df["platform"] == "x").mean()
    assert set(df["platform"]) == {"reddit", "x"} and 0.15 < share < 0.45
    x = df[df["platform"] == "x"]
    assert set(x["kind"]) == {"post", "reply"} and x["community"].isna().all() and x["title"].isna().all()
    assert x["url"].str.contains("/x/status/").all()
    # a thread never spans platforms: every reply's parent is on the same platform
    platform_of = dict(zip(df["post_id"], df["platform"], strict=True))
    replies = x[x["kind"] == "reply"]
    assert (replies["parent_id"].map(platform_of) == "x").all()
    reddit = df[df["platform"] == "reddit"]
    assert set(reddit["kind"]) == {"submission", "comment"}
    posts, _ = normalise_posts(df, source="demo", key=b"k")
    assert set(posts["platform"]) == {"reddit", "x"}
