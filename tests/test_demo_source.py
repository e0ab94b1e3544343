"""The demo generator: deterministic, growing without changing, and as varied as real feeds."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd

from ingestion.records import normalise_posts
from ingestion.sources.demo import (
    CHUNK_SIZE,
    daily_weights,
    generate_demo_posts,
    generate_demo_rows,
    generator_version,
    iter_demo_chunks,
)
from ingestion.sources.demo.banks import CHAINS
from ingestion.sources.demo.generate import COLUMNS
from nlp.text import post_text

TRUTH = [c for c in COLUMNS if c.startswith("gen_")] + ["raw_payload"]


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


def test_a_larger_corpus_keeps_every_post_of_a_smaller_one():
    """+1% posts must not change a single existing post (warm re-run benchmarks), across chunk borders."""
    small = generate_demo_posts(CHUNK_SIZE + 1234, seed=5)
    large = generate_demo_posts(2 * CHUNK_SIZE + 77, seed=5)
    head = large.iloc[: len(small)]
    pd.testing.assert_frame_equal(small, head)
    for col in ["post_id", "body", "title", "author", "created_at", *TRUTH]:
        assert small[col].equals(head[col]), col
    # the new rows are new posts, not copies of old ids
    assert not set(large["post_id"].iloc[len(small) :].dropna()) & set(small["post_id"].dropna())
    # streamed chunk by chunk: the same rows
    pd.testing.assert_frame_equal(pd.concat(list(iter_demo_chunks(len(large), seed=5))), large)
    # a short prefix still spans the whole period and keeps every reply's parent
    tiny = generate_demo_posts(500, seed=5)
    days = pd.to_datetime(pd.to_numeric(tiny["created_at"], errors="coerce"), unit="s")
    assert days.min() < pd.Timestamp("2025-10-15") and days.max() > pd.Timestamp("2026-02-14")
    assert tiny["parent_id"].dropna().isin(tiny["post_id"]).mean() > 0.99  # all but parents made malformed


def test_any_row_range_is_the_same_slice_of_the_full_corpus():
    """``generate_demo_rows(a, b)`` is ``generate_demo_posts(b)[a:]``: what a grown or shrunk corpus adds or drops."""
    full = generate_demo_posts(3 * CHUNK_SIZE + 321, seed=9)
    for start, stop in [(0, 10), (5, CHUNK_SIZE), (CHUNK_SIZE - 3, CHUNK_SIZE + 4), (CHUNK_SIZE + 17, len(full)),
                        (len(full) - 1, len(full))]:
        pd.testing.assert_frame_equal(generate_demo_rows(start, stop, seed=9), full.iloc[start:stop])
    assert generate_demo_rows(4, 4).empty and generate_demo_rows(2 * CHUNK_SIZE, 2 * CHUNK_SIZE).empty
    pd.testing.assert_frame_equal(generate_demo_rows(0, 2000, seed=9), generate_demo_posts(2000, seed=9))


def test_generator_version_is_a_stable_digest_of_its_code():
    v = generator_version()
    assert re.fullmatch(r"[0-9a-f]{16}", v) and v == generator_version()


def _pipeline_texts(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    posts, _ = normalise_posts(df, source="demo", key=b"k")
    texts = pd.Series([post_text(t, b) for t, b in zip(posts["title"], posts["body"], strict=True)])
    keep = (texts != "").to_numpy()
    return posts[keep].reset_index(drop=True), texts[keep].reset_index(drop=True)


def test_texts_are_as_distinct_and_as_long_as_real_posts():
    """≥ 90% distinct post texts as the pipeline stores them (links masked too), real-sized, mostly Indonesian."""
    df = generate_demo_posts(30_000, seed=11)
    posts, texts = _pipeline_texts(df)
    assert texts.nunique() / len(texts) >= 0.9
    assert texts.str.replace(r"https?://\S+", "<url>", regex=True).nunique() / len(texts) >= 0.9
    # real tweets of the movement (shared 2018 set): median ~114 characters, 10th/90th percentile ~60/140
    lengths = texts.str.len()
    assert 60 <= lengths.median() <= 160 and lengths.quantile(0.1) >= 25 and lengths.quantile(0.9) <= 280
    lang = df["gen_language"][df["gen_malformed"].isna()].value_counts(normalize=True)
    assert lang["id"] > 0.7 and 0.05 < lang["en"] < 0.25 and lang["mix"] > 0.03
    joined = " ".join(texts.head(5000)).lower()
    for form in ("udh", "gak", "bgt", "apus", "#hapusakunfacebook", "#deletefacebook", "https://t.co/", "@[user]"):
        assert form in joined, form


def test_texts_carry_their_theme_and_stance_cues():
    """The truth is readable from the text: theme vocabulary and the codebook's stance cues."""
    df = generate_demo_posts(20_000, seed=3)
    # how-to questions are about the mechanics of deleting and carry no theme words
    ok = df[df["gen_malformed"].isna() & ~df["is_deleted"] & df["gen_automation"].isna() & (df["gen_kind"] != "howto")]
    text = (ok["title"].fillna("") + " " + ok["body"].fillna("")).str.lower()
    cues = {
        "dead_personas": r"meninggal|almarhum|wafat|dead|death|passed away",
        "ai_chat_ads": r"iklan|\bads?\b",
        "scams": r"nipu|penipuan|hack|scam|bajak|phishing|kloningan|transfer|bodong",
        "marketplace_business": r"marketplace|jualan|jual beli|umkm|olshop|toko|business|shop|dagangan|reseller|order",
        "family": r"keluarga|ortu|orang tua|family|parents|relatives|cucu|tante|\bom\b|sepupu|arisan|ibu|mama|"
        r"bapak|papa|"
        r"nyokap|bokap|kakak|adik|mertua|nenek",
    }
    for theme, pattern in cues.items():
        rows = text[ok["gen_theme"] == theme]
        assert rows.str.contains(pattern).mean() > 0.95, theme
    stance_cues = {
        "deleted": r"udah|udh|dah|sudah|uda|sdh|udeh|akhirnya|deleted|deactivated|done|resmi|kuhapus|bantu|out dari",
        "intends": r"mau|bakal|akan|otw|rencana|siap2|fix|planning|will|decided|gonna|nanti|abis itu",
        "considering": r"\?|ragu|mikir|nimbang|kepikiran|galau|thinking",
        "urges": r"ayo|yuk|mending|harus|plis|boikot|please|should|delete your|just delete|kenapa masih|"
        r"share|tinggalkan|"
        r"yg masih pake",
        "staying": r"gak|ga|nggak|gk|enggak|ngga|engga|tidak|kagak|percuma|balik|never|not going|keeping|won't|tetep",
    }
    for stance, pattern in stance_cues.items():
        rows = text[ok["gen_kind"] == stance]
        assert rows.str.contains(pattern).mean() > 0.97, stance


def test_automated_and_copy_paste_posts_are_a_flagged_minority():
    df = generate_demo_posts(20_000, seed=9)
    valid = df[df["gen_malformed"].isna()]
    share = valid["gen_automated"].mean()
    assert 0.02 < share < 0.08
    assert set(valid["gen_automation"].dropna()) == {"digest", "link_bot", "retweet", "copypaste", "spam"}
    payload = valid["raw_payload"].map(json.loads)
    assert (payload.map(lambda p: p["gen_automated"]) == valid["gen_automated"]).all()
    kinds = payload.map(lambda p: p.get("gen_automation") or "")
    assert (kinds == valid["gen_automation"].fillna("")).all()
    body = valid["body"].astype(str).where(~valid["is_deleted"], "")
    digests = body[(valid["gen_automation"] == "digest") & ~valid["is_deleted"]]
    assert digests.str.match(r"(The latest .+ (Daily|News)!|Edisi terbaru .+ Harian!) https://t\.co/\w+").all()
    # a retweet repeats an earlier post of the corpus word for word, after it in time
    rts = valid[(valid["gen_automation"] == "retweet") & ~valid["is_deleted"]]
    assert rts["body"].str.match(r"RT @\w+: ").all()
    earlier = dict(zip(df["body"][::-1], df.index[::-1], strict=True))  # first row with each text
    originals = rts["body"].str.replace(r"^RT @\w+: ", "", regex=True).map(earlier)
    # (an original may since have been deleted, as happens)
    assert originals.notna().mean() > 0.9
    assert (originals.dropna().to_numpy() < rts.index[originals.notna()].to_numpy()).all()
    # link bots repeat one headline each; copy-paste chains are near-duplicates
    bots = valid[(valid["gen_automation"] == "link_bot") & ~valid["is_deleted"]]
    assert (bots.groupby("author")["body"].agg(lambda b: b.str.split(" http| #|: ").str[0].nunique()) == 1).all()
    chains = body[(valid["gen_automation"] == "copypaste") & ~valid["is_deleted"]]
    cores = [chain[2] for chain in CHAINS]
    assert len(chains) > 50 and chains.map(lambda b: sum(c in b for c in cores) == 1).all()  # one message, re-pasted
    assert (valid.loc[valid["gen_automation"] == "retweet", "platform"] == "x").all()
    # organic posts stay organic: no bot wording leaks into them
    organic = body[~valid["gen_automated"] & ~valid["is_deleted"]]
    assert not organic.str.contains(r"^RT @|The latest .* Daily!").any()
    assert not re.search(r"\{[a-z_0-9]+\}", " ".join(body)), "an unfilled template slot"
