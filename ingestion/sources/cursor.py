"""Collection state kept in the warehouse (``raw.collection_state``).

A cursor is the newest ``created_at`` a collector has stored for one scope (e.g. Reddit partition
``2026-02-14``). It lives next to the data it describes so that writing the data and advancing the
cursor happen in the same DuckDB transaction: a failed run leaves both untouched and the next run
resumes from the last complete write.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from ingestion.store import scalar

STATE_TABLE = "raw.collection_state"


def ensure_state_table(con: duckdb.DuckDBPyConnection) -> None:
    """Create ``raw.collection_state`` (source, scope, cursor_at, updated_at) if missing."""
    con.execute("create schema if not exists raw")
    con.execute(
        f"""
        create table if not exists {STATE_TABLE} (
          source VARCHAR NOT NULL,
          scope VARCHAR NOT NULL,
          cursor_at TIMESTAMP,
          updated_at TIMESTAMP NOT NULL,
          primary key (source, scope)
        )
        """
    )


def read_cursor(con: duckdb.DuckDBPyConnection, source: str, scope: str) -> datetime | None:
    """Newest ``created_at`` (naive UTC) stored for ``(source, scope)``, or ``None``."""
    ensure_state_table(con)
    return scalar(con, f"select cursor_at from {STATE_TABLE} where source = ? and scope = ?", [source, scope])


def write_cursor(con: duckdb.DuckDBPyConnection, source: str, scope: str, cursor_at: datetime | None) -> None:
    """Advance the cursor; it never moves backwards (a re-run of an older window keeps the newer value)."""
    ensure_state_table(con)
    con.execute(
        f"""
        insert into {STATE_TABLE} (source, scope, cursor_at, updated_at)
        values (?, ?, ?, current_timestamp::timestamp)
        on conflict (source, scope) do update set
          cursor_at = greatest({STATE_TABLE}.cursor_at, excluded.cursor_at),
          updated_at = excluded.updated_at
        """,
        [source, scope, cursor_at],
    )
