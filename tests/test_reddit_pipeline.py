"""Done-when of collection: two `hapuswatch run`s against a Reddit-compatible server on localhost."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from testing.fake_reddit import AUTHOR_NAMES, FakeReddit
from tests.cli import run_hapuswatch

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pipeline-reddit")]


def _run(data_dir: Path, fake: FakeReddit) -> subprocess.CompletedProcess:
    return run_hapuswatch(
        "run",
        env=fake.env(
            HAPUSWATCH_DATA_DIR=str(data_dir),
            HAPUSWATCH_SOURCES="reddit",
            HAPUSWATCH_REDDIT_SUBREDDITS="indonesia",
            HAPUSWATCH_REDDIT_REFETCH_DAYS="3",
            HAPUSWATCH_REDDIT_BACKOFF_BASE="0.01",
            HAPUSWATCH_REDDIT_BACKOFF_MAX="0.05",
        ),
    )


def _dump(path: Path) -> str:
    """Every value of every table of a DuckDB file, lower-cased, for leak checks."""
    out = []
    with duckdb.connect(str(path), read_only=True) as con:
        for schema, table in con.execute("select table_schema, table_name from information_schema.tables").fetchall():
            for row in con.execute(f'select * from "{schema}"."{table}"').fetchall():
                out.append(" ".join(str(v) for v in row))
    return "\n".join(out).lower()


def test_two_runs_keep_each_item_once_leak_no_names_and_drop_deleted_text(tmp_path, dbt_manifest):
    data_dir = tmp_path / "data"
    with FakeReddit() as fake:
        fake.populate(15, now=datetime.now(UTC) - timedelta(hours=1), days=2, comments_per=4)
        expected = len(fake.state.submissions) + len(fake.state.comments)
        first = _run(data_dir, fake)
        assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
        assert "raw/reddit_posts" in first.stdout
        fake.delete("t3_s00003")
        fake.delete("t1_c00004x01", removed=True)
        second = _run(data_dir, fake)
        assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]

    analytics = data_dir / "analytics.duckdb"
    with duckdb.connect(str(analytics), read_only=True) as con:
        n, distinct, platforms = con.execute(
            "select count(*), count(distinct post_key), list(distinct platform) from marts.fct_posts"
        ).fetchone()
        deleted = dict(
            con.execute(
                "select post_id, coalesce(text, '') from marts.fct_posts where post_id in ('t3_s00003', 't1_c00004x01')"
            ).fetchall()
        )
        demo = con.execute("select count(*) from marts.fct_posts where is_demo").fetchone()[0]
    assert n == distinct == expected
    assert platforms == ["reddit"] and demo == 0
    assert deleted == {"t3_s00003": "", "t1_c00004x01": ""}
    for db in (analytics, data_dir / "warehouse.duckdb"):
        text = _dump(db)
        for name in AUTHOR_NAMES:
            assert name.lower() not in text, (db.name, name)
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        payloads = con.execute(
            "select count(*) from raw.reddit_posts where post_id = 't3_s00003' and raw_payload is not null"
        ).fetchone()[0]
    assert payloads == 0
