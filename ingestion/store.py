"""Writing raw records into the DuckDB warehouse: schema, upsert, quarantine.

Only this module creates or writes ``raw.*`` tables. Writes are set-based (``INSERT ... SELECT``
from a registered pandas frame), never row loops, and idempotent: a post is keyed by
``(platform, post_id)``, a quarantined row by a hash of where it came from and what it held.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from ingestion.records import POST_COLUMNS, QUARANTINE_COLUMNS

SOURCE_TABLES = {"demo": "demo_posts", "reddit": "reddit_posts", "files": "file_posts"}


@dataclass(frozen=True)
class UpsertStats:
    """What one upsert did: new rows, rows whose content/score/deletion changed, rows seen again unchanged."""

    inserted: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.inserted + self.updated + self.unchanged


@contextlib.contextmanager
def connect(path: Path, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse (creating its folder); always closed on exit so the file lock is released."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    con.execute("set enable_progress_bar = false")
    try:
        yield con
    finally:
        con.close()


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    """First column of the first row; fetches the whole (one-row) result so the connection is free again."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None


def table_for(source: str) -> str:
    try:
        return f"raw.{SOURCE_TABLES[source]}"
    except KeyError as exc:
        raise ValueError(f"unknown source {source!r}; known: {', '.join(SOURCE_TABLES)}") from exc


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create schema ``raw`` with every source table and the quarantine table (no-op if present)."""
    con.execute("create schema if not exists raw")
    cols = ",\n  ".join(f"{name} {ddl}" for name, ddl in POST_COLUMNS.items())
    for table in SOURCE_TABLES.values():
        con.execute(
            f"create table if not exists raw.{table} (\n  {cols},\n  primary key (platform, post_id)\n)"
        )
    qcols = ",\n  ".join(f"{name} {ddl}" for name, ddl in QUARANTINE_COLUMNS.items())
    con.execute(f"create table if not exists raw.quarantine (\n  {qcols}\n)")


def upsert_posts(con: duckdb.DuckDBPyConnection, source: str, posts: pd.DataFrame) -> UpsertStats:
    """Insert new posts and refresh known ones from normalised rows (``ingestion.records``).

    On conflict: ``first_seen_at`` is kept, ``last_seen_at``/score/comments refreshed, text replaced
    when it changed, and deletion is sticky: once a fetch sees a post deleted upstream, its title,
    body and payload are cleared and never restored.
    """
    ensure_raw_schema(con)
    table = table_for(source)
    if posts.empty:
        return UpsertStats(0, 0, 0)
    frame = posts[list(POST_COLUMNS)].drop_duplicates(subset=["platform", "post_id"], keep="last")
    con.register("incoming_posts", frame)
    try:
        counts = con.execute(
            f"""
            select
              count(*) filter (where t.post_id is null) as inserted,
              count(*) filter (where t.post_id is not null and (
                  t.content_hash <> i.content_hash or t.is_deleted <> (t.is_deleted or i.is_deleted)
                  or t.score is distinct from i.score or t.num_comments is distinct from i.num_comments)
              ) as updated,
              count(*) filter (where t.post_id is not null and not (
                  t.content_hash <> i.content_hash or t.is_deleted <> (t.is_deleted or i.is_deleted)
                  or t.score is distinct from i.score or t.num_comments is distinct from i.num_comments)
              ) as unchanged
            from incoming_posts i
            left join {table} t using (platform, post_id)
            """
        ).fetchall()[0]
        column_list = ", ".join(POST_COLUMNS)
        con.execute(
            f"""
            insert into {table} ({column_list})
            select {column_list} from incoming_posts
            on conflict (platform, post_id) do update set
              is_deleted = {table}.is_deleted or excluded.is_deleted,
              title = case when {table}.is_deleted or excluded.is_deleted then null else excluded.title end,
              body = case when {table}.is_deleted or excluded.is_deleted then null else excluded.body end,
              raw_payload = case when {table}.is_deleted or excluded.is_deleted then null
                                 else excluded.raw_payload end,
              content_hash = excluded.content_hash,
              author_pseudonym = coalesce(excluded.author_pseudonym, {table}.author_pseudonym),
              score = coalesce(excluded.score, {table}.score),
              num_comments = coalesce(excluded.num_comments, {table}.num_comments),
              community = coalesce(excluded.community, {table}.community),
              url = coalesce(excluded.url, {table}.url),
              matched_query = coalesce({table}.matched_query, excluded.matched_query),
              last_seen_at = greatest({table}.last_seen_at, excluded.last_seen_at)
            """
        )
    finally:
        con.unregister("incoming_posts")
    return UpsertStats(int(counts[0]), int(counts[1]), int(counts[2]))


def delete_posts_not_in(con: duckdb.DuckDBPyConnection, source: str, keep: pd.DataFrame) -> int:
    """Delete a source's posts whose key is not in ``keep`` (used by sources that are regenerated whole)."""
    ensure_raw_schema(con)
    table = table_for(source)
    con.register("keep_keys", keep[["platform", "post_id"]])
    try:
        before = scalar(con, f"select count(*) from {table}")
        con.execute(
            f"delete from {table} t where not exists "
            "(select 1 from keep_keys k where k.platform = t.platform and k.post_id = t.post_id)"
        )
        after = scalar(con, f"select count(*) from {table}")
    finally:
        con.unregister("keep_keys")
    return int(before - after)


def clear_source(con: duckdb.DuckDBPyConnection, source: str) -> int:
    """Remove every post of a source (the demo source when it is disabled)."""
    ensure_raw_schema(con)
    table = table_for(source)
    n = scalar(con, f"select count(*) from {table}")
    con.execute(f"delete from {table}")
    return int(n)


def quarantine_rows(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> int:
    """Store rejected rows; the same rejection seen again is not stored twice. Returns new rows."""
    ensure_raw_schema(con)
    if rows.empty:
        return 0
    frame = rows[list(QUARANTINE_COLUMNS)].drop_duplicates(subset=["quarantine_id"])
    con.register("incoming_quarantine", frame)
    try:
        before = scalar(con, "select count(*) from raw.quarantine")
        cols = ", ".join(QUARANTINE_COLUMNS)
        con.execute(
            f"insert into raw.quarantine ({cols}) select {cols} from incoming_quarantine "
            "on conflict (quarantine_id) do nothing"
        )
        after = scalar(con, "select count(*) from raw.quarantine")
    finally:
        con.unregister("incoming_quarantine")
    return int(after - before)


def quarantine_count(con: duckdb.DuckDBPyConnection, source: str) -> int:
    ensure_raw_schema(con)
    return int(scalar(con, "select count(*) from raw.quarantine where source = ?", [source]))
