"""Publishing replaces analytics.duckdb atomically: open readers never break, new readers see new data."""

from __future__ import annotations

import duckdb

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
