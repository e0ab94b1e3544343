"""Reddit collector against the local fake Reddit: real PRAW/prawcore code, scripted faults."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import duckdb
import pytest

from ingestion.collect import collect_reddit_partition
from ingestion.settings import Settings
from ingestion.sources.reddit import (
    MalformedListingError,
    RedditAuthError,
    RedditCollectionError,
    RedditConfig,
    UnknownSubredditError,
    collect_reddit,
    make_reddit,
)
from testing.fake_reddit import AUTHOR_NAMES, CLIENT_SECRET, FakeReddit, Fault

NOW = datetime(2026, 2, 16, 12, 0, tzinfo=UTC)
DAY = "2026-02-15"
DAY_START = datetime(2026, 2, 15, tzinfo=UTC)
KEY = b"test-key"


@pytest.fixture
def fake():
    with FakeReddit() as server:
        yield server


@pytest.fixture
def settings(tmp_path, monkeypatch):
    monkeypatch.setenv("HAPUSWATCH_PSEUDONYM_KEY", "test-key")
    return Settings.from_env({"HAPUSWATCH_DATA_DIR": str(tmp_path / "data"), "HAPUSWATCH_SOURCES": "reddit"})


def config_for(fake: FakeReddit, **env: str) -> RedditConfig:
    base = {
        "HAPUSWATCH_REDDIT_SUBREDDITS": "indonesia",
        "HAPUSWATCH_REDDIT_QUERIES": "hapus akun facebook|hapus fb",
        "HAPUSWATCH_REDDIT_BACKOFF_BASE": "0.001",
        "HAPUSWATCH_REDDIT_BACKOFF_MAX": "0.01",
        "HAPUSWATCH_REDDIT_MAX_TRIES": "4",
    }
    return RedditConfig.from_env(fake.env(**{**base, **env}))


def thread(
    fake: FakeReddit,
    sid: str,
    created: datetime,
    *,
    title: str = "Mau hapus akun facebook",
    n_comments: int = 2,
    author: str = "budi_santoso",
) -> None:
    fake.add_submission(
        sid, title=title, selftext="Gara-gara Meta AI iklan", author=author, created_utc=created.timestamp()
    )
    for j in range(n_comments):
        fake.add_comment(
            f"{sid}c{j}",
            link=sid,
            body=f"setuju {j}, cc u/DewiLestari",
            author=AUTHOR_NAMES[j % len(AUTHOR_NAMES)],
            created_utc=created.timestamp() + 60 + j,
        )


def rows(settings: Settings, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_config_from_env_and_repr_masks_secrets():
    cfg = RedditConfig.from_env(
        {
            "REDDIT_CLIENT_ID": "cid",
            "REDDIT_CLIENT_SECRET": "s3cret",
            "REDDIT_PASSWORD": "pw-123",
            "REDDIT_USERNAME": "me",
            "HAPUSWATCH_REDDIT_QUERIES": "hapus fb\n#deletefacebook|hapus fb",
            "HAPUSWATCH_REDDIT_SUBREDDITS": "r/indonesia, jakarta",
            "HAPUSWATCH_REDDIT_REFETCH_DAYS": "3",
            "HAPUSWATCH_REDDIT_MORE_LIMIT": "none",
        }
    )
    assert cfg.queries == ("hapus fb", "#deletefacebook")
    assert cfg.subreddits == ("indonesia", "jakarta")
    assert cfg.refetch_days == 3 and cfg.more_limit is None
    text = repr(cfg) + str(cfg)
    assert "s3cret" not in text and "pw-123" not in text and "***" in text
    default = RedditConfig.from_env({})
    assert "hapus akun facebook" in default.queries and "#deletefacebook" in default.queries
    assert default.refetch_days == 7 and "indonesia" in default.subreddits


def test_pagination_comment_trees_and_more_children(fake):
    fake.state.max_page = 100
    fake.populate(230, now=DAY_START + timedelta(days=1), days=1, comments_per=6)  # all inside DAY
    fake.add_submission("old1", title="postingan lama", created_utc=(DAY_START - timedelta(hours=2)).timestamp())
    cfg = config_for(
        fake,
        HAPUSWATCH_REDDIT_QUERIES="postingan",
        HAPUSWATCH_REDDIT_SITEWIDE="false",
        HAPUSWATCH_REDDIT_MORE_LIMIT="none",
    )
    res = collect_reddit(make_reddit(cfg), cfg, DAY_START, DAY_START + timedelta(days=1), key=KEY, now=NOW)
    frame = res.frame
    subs = frame[frame["kind"] == "submission"]
    assert len(subs) == 230 and "t3_old1" not in set(subs["post_id"])  # older item stops the listing
    assert res.stats.pages >= 3  # 230 results at 100 per page
    assert (frame["kind"] == "comment").sum() == 230 * 6  # the 3 hidden top-level comments come via morechildren
    assert fake.count("/api/morechildren") > 0
    assert frame["post_id"].is_unique
    nested = frame[(frame["kind"] == "comment") & frame["parent_id"].str.startswith("t1_")]
    assert len(nested) > 0 and set(nested["thread_id"]) <= set(subs["post_id"])
    assert res.stats.requests >= res.stats.pages + 230


def test_more_limit_bounds_expansion(fake):
    thread(fake, "big", DAY_START + timedelta(hours=3), n_comments=8)
    cfg = config_for(fake, HAPUSWATCH_REDDIT_MORE_LIMIT="0", HAPUSWATCH_REDDIT_SITEWIDE="false")
    res = collect_reddit(make_reddit(cfg), cfg, DAY_START, DAY_START + timedelta(days=1), key=KEY, now=NOW)
    assert (res.frame["kind"] == "comment").sum() == 3  # inline only
    assert res.stats.more_skipped == 1 and fake.count("/api/morechildren") == 0


def test_same_post_from_two_queries_appears_once_and_deleted_items_lose_text(fake, settings):
    thread(fake, "both", DAY_START + timedelta(hours=5), title="hapus akun facebook, hapus fb juga")
    thread(fake, "gone", DAY_START + timedelta(hours=6))
    thread(fake, "modded", DAY_START + timedelta(hours=7))
    fake.delete("t3_gone")
    fake.delete("t3_modded", removed=True)
    fake.delete("t1_bothc1")
    cfg = config_for(fake)
    report = collect_reddit_partition(settings, cfg, DAY, now=NOW)
    assert report.inserted == 9 and report.quarantined == 0
    got = dict(rows(settings, "select post_id, matched_query from raw.reddit_posts where kind = 'submission'"))
    assert got["t3_both"] == "hapus akun facebook"
    deleted = rows(
        settings,
        "select post_id, title, body, raw_payload, author_pseudonym from raw.reddit_posts "
        "where is_deleted order by post_id",
    )
    assert [d[0] for d in deleted] == ["t1_bothc1", "t3_gone", "t3_modded"]
    assert all(d[1] is None and d[2] is None and d[3] is None for d in deleted)
    assert deleted[1][4] is None  # author "[deleted]" -> no pseudonym
    assert deleted[2][4] is not None  # removed by moderators: the author is still known


def test_retries_429_500_and_dropped_connection(fake, settings):
    thread(fake, "a1", DAY_START + timedelta(hours=1))
    fake.fail_next("/r/indonesia/search", Fault(429, '{"message": "Too Many Requests"}', {"Retry-After": "1"}))
    fake.fail_next("/comments/a1", Fault(500), Fault(503), Fault(drop=True))
    report = collect_reddit_partition(settings, config_for(fake), DAY, now=NOW)
    assert report.stats.retries == 4
    assert report.inserted == 3
    assert fake.count("/comments/a1") == 4


def test_persistent_500_fails_partition_without_damage_then_next_run_resumes(fake, settings):
    thread(fake, "k1", DAY_START + timedelta(hours=1))
    cfg = config_for(fake)
    first = collect_reddit_partition(settings, cfg, DAY, now=NOW)
    before = rows(settings, "select * from raw.reddit_posts order by post_id")
    thread(fake, "k2", DAY_START + timedelta(hours=2))
    fake.fail_next("/comments/k2", *[Fault(500)] * 4)
    with pytest.raises(RedditCollectionError, match=r"comments of t3_k2 failed after 4 tries: HTTP 500"):
        collect_reddit_partition(settings, cfg, DAY, now=NOW)
    assert rows(settings, "select * from raw.reddit_posts order by post_id") == before
    assert rows(settings, "select cursor_at from raw.collection_state")[0][0] == first.cursor
    resumed = collect_reddit_partition(settings, cfg, DAY, now=NOW)
    assert resumed.inserted == 3
    assert rows(settings, "select count(*) from raw.reddit_posts")[0][0] == 6


def test_malformed_listing_fails_cleanly_and_is_quarantined(fake, settings):
    thread(fake, "m1", DAY_START + timedelta(hours=1))
    fake.fail_next("/r/indonesia/search", Fault(200, '{"kind": "Listing", "data": {"children": [{"kind": "t3", "da'))
    with pytest.raises(MalformedListingError, match="body is not JSON"):
        collect_reddit_partition(settings, config_for(fake), DAY, now=NOW)
    assert rows(settings, "select count(*) from raw.reddit_posts")[0][0] == 0
    assert rows(settings, "select count(*) from raw.collection_state")[0][0] == 0
    q = rows(settings, "select source, origin, reason from raw.quarantine")
    assert len(q) == 1 and q[0][0] == "reddit" and "hapus akun facebook" in q[0][1]
    # next run resumes and loads everything
    assert collect_reddit_partition(settings, config_for(fake), DAY, now=NOW).inserted == 3


def test_malformed_items_are_quarantined_and_the_rest_loads(fake, settings):
    thread(fake, "ok1", DAY_START + timedelta(hours=1))
    bad = {
        "kind": "t3",
        "data": {
            "id": "bad1",
            "name": "t3_bad1",
            "title": "hapus akun facebook",
            "author": "HendraGunawan",
            "subreddit": "indonesia",
        },
    }
    good = fake.search("indonesia", {"q": "hapus akun facebook", "restrict_sr": "true"})
    good["data"]["children"].insert(0, bad)
    fake.fail_next("/r/indonesia/search", Fault(200, json.dumps(good)))
    report = collect_reddit_partition(settings, config_for(fake), DAY, now=NOW)
    assert report.inserted == 3 and report.quarantined == 1
    q = rows(settings, "select record_id, reason, payload from raw.quarantine")
    assert q[0][0] == "t3_bad1" and q[0][1] == "missing created_at"
    assert "HendraGunawan" not in q[0][2] and "anon_" in q[0][2]


def test_bad_credentials_give_one_line_error(fake):
    cfg = config_for(fake, REDDIT_CLIENT_SECRET="wrong-secret")
    with pytest.raises(RedditAuthError) as err:
        collect_reddit(make_reddit(cfg), cfg, DAY_START, DAY_START + timedelta(days=1), key=KEY, now=NOW)
    message = str(err.value)
    assert "401" in message and "\n" not in message and "wrong-secret" not in message
    assert CLIENT_SECRET not in message


def test_password_grant_works(fake):
    thread(fake, "pw1", DAY_START + timedelta(hours=1))
    cfg = config_for(fake, REDDIT_USERNAME="collector_bot", REDDIT_PASSWORD="fake-password")
    res = collect_reddit(make_reddit(cfg), cfg, DAY_START, DAY_START + timedelta(days=1), key=KEY, now=NOW)
    assert res.stats.items == 3


def test_unknown_subreddit(fake, settings):
    cfg = config_for(fake, HAPUSWATCH_REDDIT_SUBREDDITS="indonesia,tidakada_sub")
    with pytest.raises(UnknownSubredditError, match=r"r/tidakada_sub does not exist"):
        collect_reddit_partition(settings, cfg, DAY, now=NOW)


def test_two_runs_store_each_item_once_cursor_and_refetch(fake, settings):
    thread(fake, "r1", DAY_START + timedelta(hours=1))
    thread(fake, "r2", DAY_START + timedelta(hours=2))
    cfg = config_for(fake)
    first = collect_reddit_partition(settings, cfg, DAY, now=NOW)
    assert first.inserted == 6 and first.cursor == datetime(2026, 2, 15, 2, 0)
    # Upstream changes: a new post, a deletion, a new comment on r1, a score change.
    thread(fake, "r3", DAY_START + timedelta(hours=3))
    fake.delete("t1_r2c0")
    fake.add_comment("late", link="r1", body="komentar baru", created_utc=(DAY_START + timedelta(hours=9)).timestamp())
    fake.state.submissions["r2"]["score"] = 99
    second = collect_reddit_partition(settings, cfg, DAY, now=NOW)
    assert second.inserted == 4  # r3 + 2 comments, and the late comment on r1
    assert second.stats.refetched >= 3  # r1 and its comments (r2 is re-found: the cursor bound is inclusive)
    assert rows(settings, "select count(*), count(distinct post_id) from raw.reddit_posts")[0] == (10, 10)
    assert rows(settings, "select is_deleted, body from raw.reddit_posts where post_id = 't1_r2c0'")[0] == (True, None)
    assert rows(settings, "select score from raw.reddit_posts where post_id = 't3_r2'")[0][0] == 99
    third = collect_reddit_partition(settings, cfg, DAY, now=NOW)
    assert third.inserted == 0 and rows(settings, "select count(*) from raw.reddit_posts")[0][0] == 10


def test_no_author_name_anywhere_in_the_warehouse(fake, settings):
    fake.populate(20, now=DAY_START + timedelta(days=1), days=1)
    thread(fake, "leak", DAY_START + timedelta(hours=4))
    bad = {
        "kind": "t3",
        "data": {
            "id": "bad2",
            "name": "t3_bad2",
            "title": "hapus fb",
            "author": "MayaSari99",
            "author_fullname": "t2_maya",
            "subreddit": "indonesia",
        },
    }
    page = fake.search("indonesia", {"q": "hapus fb", "restrict_sr": "true"})
    page["data"]["children"].insert(0, bad)
    fake.fail_next(
        "/r/indonesia/search",
        Fault(200, json.dumps(fake.search("indonesia", {"q": "hapus akun facebook", "restrict_sr": "true"}))),
        Fault(200, json.dumps(page)),
    )
    collect_reddit_partition(settings, config_for(fake), DAY, now=NOW)
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        assert con.execute("select count(*) from raw.reddit_posts").fetchall()[0][0] > 50
        assert con.execute("select count(*) from raw.quarantine").fetchall()[0][0] >= 1
        tables = con.execute("select table_schema, table_name from information_schema.tables").fetchall()
        dump = []
        for schema, table in tables:
            for row in con.execute(f'select * from "{schema}"."{table}"').fetchall():
                dump.append(" ".join(str(v) for v in row))
    text = "\n".join(dump).lower()
    assert "anon_" in text
    for name in [*AUTHOR_NAMES, "DewiLestari"]:
        assert name.lower() not in text, name


def test_backfill_partition_whose_only_changed_item_was_removed_upstream(fake, settings):
    """Issue 9: the re-run of a partition holding only a removed item used to die in the upsert."""
    cfg = config_for(fake, HAPUSWATCH_REDDIT_SITEWIDE="false", HAPUSWATCH_REDDIT_REFETCH_DAYS="0")
    day = "2025-12-31"
    created = datetime(2025, 12, 31, 9, tzinfo=UTC)
    fake.add_submission("solo", title="mau hapus fb", selftext="alasan: Meta AI", author="budi_santoso",
                        created_utc=created.timestamp(), extra={"edited": 1767200000.25})
    first = collect_reddit_partition(settings, cfg, day, now=NOW)
    assert (first.inserted, first.quarantined) == (1, 0)
    fake.delete("t3_solo")  # author becomes [deleted], text [deleted]: every optional field of the batch is null
    again = collect_reddit_partition(settings, cfg, day, now=NOW)
    assert (again.inserted, again.updated, again.unchanged) == (0, 1, 0)
    row = rows(settings, "select is_deleted, title, body, raw_payload, author_pseudonym, created_at_source "
                         "from raw.reddit_posts where post_id = 't3_solo'")
    assert row[0][:4] == (True, None, None, None)  # the deletion reached the warehouse
    assert row[0][4].startswith("anon_") and row[0][5] == "source"  # known author kept, never re-guessed


def test_partition_whose_items_all_lack_optional_fields_and_mix_edited_types(fake, settings):
    cfg = config_for(fake, HAPUSWATCH_REDDIT_SITEWIDE="false", HAPUSWATCH_REDDIT_REFETCH_DAYS="0")
    start = datetime(2026, 1, 5, 8, tzinfo=UTC)
    for i, edited in enumerate([False, 1767600000.5, True]):
        fake.add_submission(f"bare{i}", title=f"hapus fb {i}", selftext="", author="[deleted]",
                            created_utc=start.timestamp() + i, extra={"edited": edited, "score": None})
    report = collect_reddit_partition(settings, cfg, "2026-01-05", now=NOW)
    assert (report.inserted, report.quarantined) == (3, 0)
    got = rows(settings, "select post_id, author_pseudonym, score, body, raw_payload->>'edited' "
                         "from raw.reddit_posts order by post_id")
    assert [(r[0], r[1], r[2], r[3]) for r in got] == [(f"t3_bare{i}", None, None, None) for i in range(3)]
    assert [r[4] for r in got] == ["false", "1767600000.5", "true"]
