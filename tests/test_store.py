"""Raw storage: upserts never duplicate, deletion is sticky, bad rows are kept with a reason."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from ingestion import store
from ingestion.records import normalise_posts


def _frame(**overrides) -> pd.DataFrame:
    row = {
        "platform": "reddit", "post_id": "t3_a", "kind": "submission", "author": "budi",
        "title": "Hapus FB?", "body": "udah deact fb, makasih u/siti", "created_at": 1765900000.0,
        "score": 3, "num_comments": 1, "community": "indonesia",
    }
    row.update(overrides)
    return pd.DataFrame([row])


@pytest.fixture
def con(tmp_path):
    with store.connect(tmp_path / "w.duckdb") as c:  # creates every declared table
        yield c


def _upsert(con, frame, source="reddit"):
    posts, rejected = normalise_posts(frame, source=source, key=b"k")
    stats = store.upsert_posts(con, source, posts)
    store.quarantine_rows(con, rejected)
    return stats


def test_upsert_is_idempotent_and_tracks_changes(con):
    assert _upsert(con, _frame()) == store.UpsertStats(1, 0, 0)
    assert _upsert(con, _frame()) == store.UpsertStats(0, 0, 1)
    assert _upsert(con, _frame(score=10)) == store.UpsertStats(0, 1, 0)
    rows = con.execute("select score, author_pseudonym, body from raw.reddit_posts").fetchall()
    assert len(rows) == 1
    score, author, body = rows[0]
    assert score == 10 and author.startswith("anon_") and "siti" not in body and "u/[user]" in body


def test_first_seen_is_kept_and_last_seen_moves(con):
    posts, _ = normalise_posts(_frame(), source="reddit", key=b"k", now=pd.Timestamp("2026-01-01"))
    store.upsert_posts(con, "reddit", posts)
    posts, _ = normalise_posts(_frame(), source="reddit", key=b"k", now=pd.Timestamp("2026-01-05"))
    store.upsert_posts(con, "reddit", posts)
    first, last = con.execute("select first_seen_at, last_seen_at from raw.reddit_posts").fetchone()
    assert str(first).startswith("2026-01-01") and str(last).startswith("2026-01-05")


def test_deleted_upstream_clears_text_for_good(con):
    _upsert(con, _frame())
    _upsert(con, _frame(body="[deleted]", author="[deleted]"))
    row = con.execute("select is_deleted, title, body, raw_payload from raw.reddit_posts").fetchone()
    assert row == (True, None, None, None)
    _upsert(con, _frame())  # a stale cached copy must not bring the text back
    assert con.execute("select is_deleted, body from raw.reddit_posts").fetchone() == (True, None)


def test_same_post_twice_in_one_batch_is_stored_once(con):
    frame = pd.concat([_frame(score=1), _frame(score=2)])
    assert _upsert(con, frame) == store.UpsertStats(1, 0, 0)
    assert con.execute("select score from raw.reddit_posts").fetchall() == [(2,)]


@pytest.mark.parametrize(
    ("override", "reason"),
    [
        ({"post_id": None}, "missing id"),
        ({"post_id": "  "}, "missing id"),
        ({"created_at": "kemarin"}, "unparsable created_at"),
        ({"created_at": None}, "missing created_at"),
        ({"created_at": "1999-01-01"}, "implausible created_at"),
        ({"body": b"hapus \xff fb"}, "not valid UTF-8"),
        ({"body": "nul \x00 byte"}, "not valid UTF-8"),
    ],
)
def test_bad_rows_are_quarantined_with_reason_and_good_rows_load(con, override, reason):
    frame = pd.concat([_frame(post_id="t3_good"), _frame(**{"post_id": "t3_bad", **override})], ignore_index=True)
    stats = _upsert(con, frame)
    assert stats.inserted == 1
    reasons = [r[0] for r in con.execute("select reason from raw.quarantine").fetchall()]
    assert len(reasons) == 1 and reason in reasons[0]
    _upsert(con, frame)  # the same rejection is not stored twice
    assert store.quarantine_count(con, "reddit") == 1


def test_undecodable_id_or_author_is_quarantined_not_a_crash(con):
    # object columns as a decoding reader leaves them (surrogateescape); pandas cannot infer str here
    good = _frame(post_id="t3_good").iloc[0].to_dict()
    rows = [good, {**good, "post_id": "t3_\udcff"}, {**good, "post_id": "t3_c", "author": "b\udcffudi"}]
    frame = pd.DataFrame({k: pd.Series([r[k] for r in rows], dtype=object) for k in rows[0]})
    assert _upsert(con, frame).inserted == 1
    reasons = [r[0] for r in con.execute("select reason from raw.quarantine").fetchall()]
    assert reasons == ["text is not valid UTF-8"] * 2


def test_quarantine_payload_has_no_author_name(con):
    frame = _frame(post_id=None, author="Rahasia_Sekali", body="hi @Rahasia_Sekali")
    _upsert(con, frame)
    payload = con.execute("select payload from raw.quarantine").fetchone()[0]
    assert "Rahasia_Sekali" not in payload


def test_timestamps_in_many_formats(con):
    frame = pd.concat(
        [
            _frame(post_id="a", created_at=1765900000),
            _frame(post_id="b", created_at=1765900000000),  # epoch ms (X/TikTok exports)
            _frame(post_id="c", created_at="2025-12-16T17:06:40+07:00"),
            _frame(post_id="d", created_at="Tue Dec 16 10:06:40 +0000 2025"),  # tweet-harvest style
        ],
        ignore_index=True,
    )
    _upsert(con, frame)
    got = dict(con.execute("select post_id, created_at::varchar from raw.reddit_posts").fetchall())
    assert got["a"] == got["b"] == "2025-12-16 15:46:40"
    assert got["c"] == got["d"] == "2025-12-16 10:06:40"


def test_delete_posts_not_in_shrinks_a_regenerated_source(con):
    frame = pd.concat([_frame(post_id="x1"), _frame(post_id="x2")], ignore_index=True)
    posts, _ = normalise_posts(frame, source="demo", key=b"k")
    store.upsert_posts(con, "demo", posts)
    assert store.delete_posts_not_in(con, "demo", posts.head(1)) == 1
    assert store.scalar(con, "select count(*) from raw.demo_posts") == 1


def test_unknown_source_is_a_clear_error(con):
    with pytest.raises(ValueError, match="unknown source"):
        store.table_for("myspace")
    assert isinstance(con, duckdb.DuckDBPyConnection)


def test_fractional_epoch_seconds_and_nanosecond_strings_parse():
    from ingestion.records import parse_timestamps

    got = parse_timestamps(pd.Series([1771241315.53, "2025-01-01T10:00:00.123456789Z", "x"], dtype=object))
    assert str(got[0]) == "2026-02-16 11:28:35.530000"
    assert str(got[1]) == "2025-01-01 10:00:00.123456"
    assert pd.isna(got[2])
