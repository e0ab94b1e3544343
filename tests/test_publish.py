"""Publishing replaces analytics.duckdb atomically: open readers never break, new readers see new data."""

from __future__ import annotations

import json

import duckdb
import pytest

from ingestion import store
from orchestration.defs.publish.analytics import publish_analytics_db


def _warehouse_with(con: duckdb.DuckDBPyConnection, n: int) -> None:
    con.execute("create schema if not exists marts")
    con.execute("create or replace table marts.fct_things as select range as id from range(?)", [n])
    con.execute("create schema if not exists staging")
    con.execute("create or replace table staging.secret as select 1 as x")


def test_publish_copies_marts_only_with_comments(tmp_path):
    target = tmp_path / "analytics.duckdb"
    with store.connect(tmp_path / "w.duckdb") as con:
        _warehouse_with(con, 3)
        counts = publish_analytics_db(con, target, {"fct_things": ("Things.", {"id": "Thing id."})}, run_id="r1")
    assert counts == {"fct_things": 3}
    with duckdb.connect(str(target), read_only=True) as reader:
        assert reader.execute("select count(*) from marts.fct_things").fetchone()[0] == 3
        tables = {
            r[0]
            for r in reader.execute(
                "select table_schema || '.' || table_name from information_schema.tables"
            ).fetchall()
        }
        assert tables == {"marts.fct_things", "meta.publish_log"}
        assert (
            reader.execute(
                "select comment from duckdb_columns() where table_name = 'fct_things' and column_name = 'id'"
            ).fetchone()[0]
            == "Thing id."
        )
        assert (
            reader.execute("select comment from duckdb_tables() where table_name = 'fct_things'").fetchone()[0]
            == "Things."
        )


def test_reader_open_during_publish_keeps_working(tmp_path):
    target = tmp_path / "analytics.duckdb"
    with store.connect(tmp_path / "w.duckdb") as con:
        _warehouse_with(con, 3)
        publish_analytics_db(con, target)
        reader = duckdb.connect(str(target), read_only=True)
        try:
            _warehouse_with(con, 5)
            publish_analytics_db(con, target)  # no lock error although a reader holds the old file
            assert reader.execute("select count(*) from marts.fct_things").fetchone()[0] == 3
        finally:
            reader.close()
    with duckdb.connect(str(target), read_only=True) as fresh:
        assert fresh.execute("select count(*) from marts.fct_things").fetchone()[0] == 5
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def _published(path, table: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as reader:
        return sorted(reader.execute(f"select * from marts.{table}").fetchall())


def _log(path) -> tuple:
    with duckdb.connect(str(path), read_only=True) as reader:
        build, rewritten, since = reader.execute(
            "select build, rows_rewritten::varchar, rows_since_full_build from meta.publish_log"
        ).fetchone()
    return build, json.loads(rewritten), since


def _posts_mart(con: duckdb.DuckDBPyConnection, more_columns: str) -> None:
    """marts.fct_posts with 100 rows: post_key p0…p99, n = the number mod 7, and ``more_columns``."""
    con.execute("create schema if not exists marts")
    con.execute(
        f"create table marts.fct_posts as select 'p' || range as post_key, range % 7 as n, {more_columns} "
        "from range(100)"
    )


@pytest.fixture
def diffed(tmp_path, monkeypatch):
    """(target file, keys) with fct_posts published as a row diff from 50 rows."""
    from orchestration.defs.publish import analytics

    monkeypatch.setattr(analytics, "DIFF_MIN_ROWS", 50)
    return tmp_path / "analytics.duckdb", {"fct_posts": "post_key"}


def test_large_marts_publish_only_changed_rows_and_equal_the_warehouse(tmp_path, diffed):
    target, keys = diffed
    with store.connect(tmp_path / "w.duckdb") as con:
        _posts_mart(con, "'text ' || range as text, [range::varchar] as tags")
        con.execute("create table marts.dim_small as select range as id from range(3)")
        docs = {"fct_posts": ("Posts.", {"text": "The `text`."})}
        publish_analytics_db(con, target, docs, run_id="r1", keys=keys)
        assert _log(target) == ("full", {}, 0)
        # 3 edited, 2 removed upstream, 4 new, the small table replaced, a mart gone and one new
        con.execute("update marts.fct_posts set n = n + 100 where post_key in ('p1', 'p2', 'p3')")
        con.execute("delete from marts.fct_posts where post_key in ('p10', 'p11')")
        con.execute(
            "insert into marts.fct_posts select 'p' || range, 1, 'new', []::varchar[] from range(100, 104)"
        )
        con.execute("create or replace table marts.dim_small as select range as id from range(5)")
        publish_analytics_db(con, target, docs, run_id="r2", keys=keys)
        warehouse = sorted(con.execute("select * from marts.fct_posts").fetchall())
        assert _published(target, "fct_posts") == warehouse
        assert _published(target, "dim_small") == [(i,) for i in range(5)]
        assert _log(target) == ("changed rows", {"fct_posts": 9}, 9)
        with duckdb.connect(str(target), read_only=True) as reader:
            assert reader.execute(
                "select comment from duckdb_columns() where table_name = 'fct_posts' and column_name = 'text'"
            ).fetchone()[0] == "The text."
        con.execute("drop table marts.dim_small")
        publish_analytics_db(con, target, docs, run_id="r3", keys=keys)
        with duckdb.connect(str(target), read_only=True) as reader:
            tables = {r[0] for r in reader.execute("select table_name from duckdb_tables()").fetchall()}
        assert tables == {"fct_posts", "publish_log"}
        assert _log(target) == ("changed rows", {"fct_posts": 0}, 9)
        # a changed column layout is copied whole
        con.execute("alter table marts.fct_posts add column extra integer")
        publish_analytics_db(con, target, docs, run_id="r4", keys=keys)
        assert _published(target, "fct_posts") == sorted(con.execute("select * from marts.fct_posts").fetchall())
        assert _log(target) == ("full", {}, 0)


def test_a_stored_row_hash_is_what_the_diff_compares(tmp_path, diffed):
    # dbt's changed_rows macro stores each row's hash of its other columns in `row_hash`; publish compares
    # (key, row_hash) instead of hashing every row of both files again
    target, keys = diffed
    with store.connect(tmp_path / "w.duckdb") as con:
        _posts_mart(con, "hash('p' || range, range % 7) as row_hash")
        publish_analytics_db(con, target, run_id="r1", keys=keys)
        con.execute("update marts.fct_posts set n = n + 100, row_hash = hash(post_key, n + 100) where post_key < 'p12'")
        con.execute("delete from marts.fct_posts where post_key = 'p50'")
        publish_analytics_db(con, target, run_id="r2", keys=keys)
        assert _published(target, "fct_posts") == sorted(con.execute("select * from marts.fct_posts").fetchall())
        # p0, p1, p10, p11 rewritten, p50 deleted
        assert _log(target) == ("changed rows", {"fct_posts": 5}, 5)
        # only row_hash is compared: a row whose hash did not change is kept as published
        con.execute("update marts.fct_posts set n = -1 where post_key = 'p2'")
        publish_analytics_db(con, target, run_id="r3", keys=keys)
        assert _log(target) == ("changed rows", {"fct_posts": 0}, 5)


def test_rewrites_adding_up_to_a_quarter_of_the_rows_force_a_full_build(tmp_path, diffed):
    target, keys = diffed
    with store.connect(tmp_path / "w.duckdb") as con:
        con.execute("create schema if not exists marts")
        con.execute("create table marts.fct_posts as select range as post_key, 0 as n from range(100)")
        publish_analytics_db(con, target, keys=keys)
        builds = []
        for step in range(1, 5):
            con.execute(f"update marts.fct_posts set n = {step} where post_key < 10")
            publish_analytics_db(con, target, keys=keys)
            builds.append(_log(target))
            assert _published(target, "fct_posts") == sorted(con.execute("select * from marts.fct_posts").fetchall())
    # 10 rows a run: 10, 20, then 30 ≥ 25 % of 100 is reached only by the run after the third
    assert builds == [
        ("changed rows", {"fct_posts": 10}, 10),
        ("changed rows", {"fct_posts": 10}, 20),
        ("changed rows", {"fct_posts": 10}, 30),
        ("full", {}, 0),
    ]


def test_an_unreadable_previous_file_means_a_full_build(tmp_path, monkeypatch):
    from orchestration.defs.publish import analytics

    monkeypatch.setattr(analytics, "DIFF_MIN_ROWS", 1)
    target = tmp_path / "analytics.duckdb"
    target.write_bytes(b"not a duckdb file")
    with store.connect(tmp_path / "w.duckdb") as con:
        _warehouse_with(con, 3)
        assert publish_analytics_db(con, target, keys={"fct_things": "id"}) == {"fct_things": 3}
    assert _log(target) == ("full", {}, 0)


def test_unique_keys_come_from_the_manifest(tmp_path):
    from orchestration.defs.publish.analytics import mart_unique_keys

    manifest = {
        "nodes": {
            "model.p.fct_posts": {"resource_type": "model", "name": "fct_posts", "schema": "marts",
                                  "config": {"unique_key": "post_key"}},
            "model.p.fct_authors": {"resource_type": "model", "name": "fct_authors", "schema": "marts",
                                    "config": {}},
            "model.p.stg_x": {"resource_type": "model", "name": "stg_x", "schema": "staging",
                              "config": {"unique_key": "k"}},
            "test.p.unique_fct_authors_author_key": {
                "resource_type": "test", "attached_node": "model.p.fct_authors", "column_name": "author_key",
                "test_metadata": {"name": "unique"}},
            "test.p.not_null_fct_authors_posts": {
                "resource_type": "test", "attached_node": "model.p.fct_authors", "column_name": "posts",
                "test_metadata": {"name": "not_null"}},
        }
    }
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(manifest))
    assert mart_unique_keys(path) == {"fct_posts": "post_key", "fct_authors": "author_key"}
    assert mart_unique_keys(tmp_path / "missing.json") == {}
