"""Every write into the warehouse: raw posts, quarantine, cursors, the import ledger, enrichment and topics.

Writes are set-based (``INSERT ... SELECT`` from a registered Arrow table cast to the declared schema,
never row loops) and idempotent: a post is keyed by ``(platform, post_id)``, a quarantined row by a
hash of where it came from and what it held. :func:`store_collection` is the one call a collection
run makes: posts, rejects and the cursor in one transaction.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from ingestion.warehouse.schema import (
    COLLECTION_STATE,
    IMPORT_FILES,
    POST_ENRICHMENT,
    POST_TABLES,
    POST_TOPICS,
    QUARANTINE,
    STANCE_PREVALENCE,
    TOPIC_INFO,
    ensure_schema,
    table_for,
)
from ingestion.warehouse.typed import to_table


@dataclass(frozen=True)
class UpsertStats:
    """What one upsert did: new rows, rows whose content/score/deletion changed, rows seen again unchanged."""

    inserted: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.inserted + self.updated + self.unchanged

    def __add__(self, other: UpsertStats) -> UpsertStats:
        return UpsertStats(
            self.inserted + other.inserted, self.updated + other.updated, self.unchanged + other.unchanged
        )


NO_CHANGES = UpsertStats(0, 0, 0)
KEY = ("platform", "post_id")


# Warehouses kept open between `connect` blocks of this process (keep_open), by resolved path.
_KEPT: dict[str, duckdb.DuckDBPyConnection] = {}
_KEEPING = {"enabled": False}
KEEP_OPEN_MAX_MB = 768  # a re-run adding 1% to 1M posts caches ≈ 250 MB


def keep_open(enabled: bool = True) -> None:
    """Keep each warehouse this process writes open between ``connect`` blocks, until :func:`release`.

    A `hapuswatch run` executes its steps one after another in one process, and each opened the warehouse
    and closed it again: every close checkpointed what the step wrote, and every open started with an
    empty buffer pool, so each step read the million-row tables back from the file (≈ 0.2-0.4 s a step
    at 1M posts). Kept open, the steps share one database instance (each ``connect`` is a cursor on it):
    its pages stay in memory and one checkpoint at :func:`release` writes what all of them changed.
    While it is open no other process can open the file (DuckDB's lock), so whoever starts one that does
    (the dbt steps) calls :func:`release` first, and so does a step about to need the memory (a topic refit).
    Only `hapuswatch run` enables it. A warehouse whose cached pages pass ``KEEP_OPEN_MAX_MB`` is closed
    after the block (a first run at 1M posts reads every table).
    """
    _KEEPING["enabled"] = enabled
    if not enabled:
        release()


def release() -> None:
    """Close the warehouses kept open (each checkpoints on close); the next ``connect`` opens afresh."""
    while _KEPT:
        _KEPT.popitem()[1].close()


def _open(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    if not read_only:
        try:
            ensure_schema(con)
        except BaseException:
            con.close()
            raise
    return con


@contextlib.contextmanager
def connect(path: Path, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse (creating its folder and, when writable, every declared table); always closed.

    Under :func:`keep_open` the connection is a cursor on the warehouse kept open, and only it is closed.
    """
    path = Path(path)
    key = str(path.resolve())
    if key not in _KEPT and _KEEPING["enabled"] and not read_only:
        _KEPT[key] = _open(path, read_only=False)
    kept = _KEPT.get(key)
    con = kept.cursor() if kept is not None else _open(path, read_only)
    try:
        con.execute("set enable_progress_bar = false").fetchall()
        yield con
    finally:
        con.close()
        if kept is not None and _cached_mb(kept) > KEEP_OPEN_MAX_MB:
            _KEPT.pop(key).close()


def _cached_mb(con: duckdb.DuckDBPyConnection) -> float:
    return float(con.execute("select coalesce(sum(memory_usage_bytes), 0) / 1e6 from duckdb_memory()").fetchone()[0])


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    """First column of the first row; fetches the whole (one-row) result so the connection is free again."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """``begin`` … ``commit``, or ``rollback`` on any error (then re-raised)."""
    con.execute("begin transaction").fetchall()
    try:
        yield con
    except BaseException:
        con.execute("rollback").fetchall()
        raise
    con.execute("commit").fetchall()


@contextlib.contextmanager
def _registered(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> Iterator[None]:
    con.complete()  # a caller's half-read result must not block the write (DuckDB 2 refuses otherwise)
    con.register(name, table)
    try:
        yield
    finally:
        con.unregister(name)


_CHANGED = (
    "(t.content_hash <> i.content_hash or t.is_deleted <> (t.is_deleted or i.is_deleted)"
    " or t.score is distinct from i.score or t.num_comments is distinct from i.num_comments)"
)


def upsert_posts(con: duckdb.DuckDBPyConnection, source: str, posts: pd.DataFrame | pa.Table) -> UpsertStats:
    """Insert new posts and refresh known ones from normalised rows (``ingestion.records``).

    ``posts`` is cast to the declared post schema first, so the statement's types never depend on the
    batch. On conflict: ``first_seen_at`` is kept, ``last_seen_at``/score/comments refreshed, text
    replaced when it changed, and deletion is sticky: once a fetch sees a post deleted upstream, its
    title, body and payload are cleared and never restored.
    """
    table = table_for(source)
    typed = to_table(posts, POST_TABLES[source])
    if typed.num_rows == 0:
        return NO_CHANGES
    # keep the last occurrence of a key (the freshest fetch)
    keys = list(zip(typed.column("platform").to_pylist(), typed.column("post_id").to_pylist(), strict=True))
    if len(set(keys)) != len(keys):
        last = {k: i for i, k in enumerate(keys)}
        typed = typed.take(sorted(last.values()))
    cols = ", ".join(typed.column_names)
    with _registered(con, "incoming_posts", typed):
        counts = con.execute(
            f"""
            select
              count(*) filter (where t.post_id is null),
              count(*) filter (where t.post_id is not null and {_CHANGED}),
              count(*) filter (where t.post_id is not null and not {_CHANGED})
            from incoming_posts i
            left join {table} t using (platform, post_id)
            """
        ).fetchall()[0]
        con.execute(
            f"""
            insert into {table} ({cols})
            select {cols} from incoming_posts
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
              created_at_source = coalesce(excluded.created_at_source, {table}.created_at_source),
              last_seen_at = greatest({table}.last_seen_at, excluded.last_seen_at)
            """
        ).fetchall()
    return UpsertStats(int(counts[0]), int(counts[1]), int(counts[2]))


def _key_table(keys: pd.DataFrame | pa.Table) -> pa.Table:
    """The ``(platform, post_id)`` columns of ``keys`` as an Arrow table of strings."""
    if isinstance(keys, pd.DataFrame):
        return pa.table({c: pa.array(keys[c].astype(object), pa.string(), from_pandas=True) for c in KEY})
    return keys.select(list(KEY))


def delete_posts_not_in(con: duckdb.DuckDBPyConnection, source: str, keep: pd.DataFrame | pa.Table) -> int:
    """Delete a source's posts whose key is not in ``keep`` (used by sources that are regenerated whole)."""
    table = table_for(source)
    keys = _key_table(keep)
    with _registered(con, "keep_keys", keys):
        before = scalar(con, f"select count(*) from {table}")
        con.execute(
            f"delete from {table} t where not exists "
            "(select 1 from keep_keys k where k.platform = t.platform and k.post_id = t.post_id)"
        ).fetchall()
        after = scalar(con, f"select count(*) from {table}")
    return int(before - after)


def delete_posts(con: duckdb.DuckDBPyConnection, source: str, keys: pd.DataFrame | pa.Table) -> int:
    """Delete a source's posts with these ``(platform, post_id)`` keys (a regenerated source that shrank)."""
    table = table_for(source)
    keys = _key_table(keys)
    if keys.num_rows == 0:
        return 0
    with _registered(con, "gone_keys", keys):
        before = scalar(con, f"select count(*) from {table}")
        con.execute(f"delete from {table} t using gone_keys g where g.platform = t.platform and g.post_id = t.post_id"
                    ).fetchall()
        after = scalar(con, f"select count(*) from {table}")
    return int(before - after)


def clear_source(con: duckdb.DuckDBPyConnection, source: str) -> int:
    """Remove every post of a source (the demo source when it is disabled) and its collection state."""
    table = table_for(source)
    n = scalar(con, f"select count(*) from {table}")
    with transaction(con):
        con.execute(f"delete from {table}").fetchall()
        con.execute(f"delete from {COLLECTION_STATE.name} where source = ?", [source]).fetchall()
    return int(n)


def quarantine_rows(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame | pa.Table | None) -> int:
    """Store rejected rows; the same rejection seen again is not stored twice. Returns new rows."""
    if rows is None or len(rows) == 0:
        return 0
    typed = to_table(rows, QUARANTINE)
    ids = typed.column("quarantine_id").to_pylist()
    if len(set(ids)) != len(ids):
        first = {}
        for i, q in enumerate(ids):
            first.setdefault(q, i)
        typed = typed.take(sorted(first.values()))
    cols = ", ".join(typed.column_names)
    with _registered(con, "incoming_quarantine", typed):
        before = scalar(con, "select count(*) from raw.quarantine")
        con.execute(
            f"insert into raw.quarantine ({cols}) select {cols} from incoming_quarantine "
            "on conflict (quarantine_id) do nothing"
        ).fetchall()
        after = scalar(con, "select count(*) from raw.quarantine")
    return int(after - before)


def quarantine_count(con: duckdb.DuckDBPyConnection, source: str) -> int:
    return int(scalar(con, "select count(*) from raw.quarantine where source = ?", [source]))


def post_count(con: duckdb.DuckDBPyConnection, source: str) -> int:
    return int(scalar(con, f"select count(*) from {table_for(source)}"))


# -- cursors -----------------------------------------------------------------------------------
def read_cursor(con: duckdb.DuckDBPyConnection, source: str, scope: str) -> datetime | None:
    """Newest ``created_at`` (naive UTC) stored for ``(source, scope)``, or ``None``."""
    return scalar(con, f"select cursor_at from {COLLECTION_STATE.name} where source = ? and scope = ?", [source, scope])


def write_cursor(con: duckdb.DuckDBPyConnection, source: str, scope: str, cursor_at: datetime | None) -> None:
    """Advance the cursor; it never moves backwards (a re-run of an older window keeps the newer value)."""
    t = COLLECTION_STATE.name
    con.execute(
        f"""
        insert into {t} (source, scope, cursor_at, updated_at)
        values (?, ?, ?, current_timestamp::timestamp)
        on conflict (source, scope) do update set
          cursor_at = greatest({t}.cursor_at, excluded.cursor_at),
          updated_at = excluded.updated_at
        """,
        [source, scope, cursor_at],
    ).fetchall()


def read_state(con: duckdb.DuckDBPyConnection, source: str, scope: str) -> dict | None:
    """What a collection of ``(source, scope)`` recorded it stored (:func:`write_state`), or ``None``."""
    detail = scalar(
        con, f"select detail from {COLLECTION_STATE.name} where source = ? and scope = ?", [source, scope]
    )
    return json.loads(detail) if detail else None


def write_state(con: duckdb.DuckDBPyConnection, source: str, scope: str, detail: dict) -> None:
    """Record what a collection stored (e.g. the demo's size, seed, generator version, row count)."""
    t = COLLECTION_STATE.name
    con.execute(
        f"""
        insert into {t} (source, scope, detail, updated_at)
        values (?, ?, ?, current_timestamp::timestamp)
        on conflict (source, scope) do update set detail = excluded.detail, updated_at = excluded.updated_at
        """,
        [source, scope, json.dumps(detail, sort_keys=True)],
    ).fetchall()


# -- one collection run ------------------------------------------------------------------------
@dataclass(frozen=True)
class Batch:
    """Typed records of a source plus the rows it rejected (see :mod:`ingestion.records`)."""

    posts: pd.DataFrame | pa.Table
    rejects: pd.DataFrame | pa.Table | None = None


@dataclass(frozen=True)
class StoreReport:
    """What :func:`store_collection` wrote."""

    stats: UpsertStats
    quarantined: int  # rejects delivered
    quarantined_new: int  # rejects not stored before
    removed: int = 0


def store_collection(
    con: duckdb.DuckDBPyConnection,
    source: str,
    batches: Iterable[Batch],
    *,
    cursor: tuple[str, datetime | None] | None = None,
    replace_all: bool = False,
    rewrite: bool = False,
    remove: pd.DataFrame | pa.Table | None = None,
    state: tuple[str, dict | Callable[[duckdb.DuckDBPyConnection], dict]] | None = None,
) -> StoreReport:
    """Write a collection run in one transaction: every batch's posts and rejects, then the cursor.

    ``cursor`` is ``(scope, newest created_at)``; ``replace_all`` removes the source's posts absent
    from the batches (a source regenerated whole, the demo); ``rewrite`` deletes every post of the
    source first, so the batches are stored as new rows (a source regenerated under another seed or
    generator, whose ids may now name other posts: an upsert would keep their old thread and time);
    ``remove`` holds keys of posts to delete (a regenerated source that shrank); ``state`` is
    ``(scope, detail)`` recorded with :func:`write_state`, a ``detail`` callable being called once
    the posts are written. Any error rolls everything back, so a failed run leaves posts, cursor and
    state as they were and the next run resumes.
    """
    stats, delivered, new, removed = NO_CHANGES, 0, 0, 0
    kept: list[pa.Table] = []
    with transaction(con):
        before = 0
        if rewrite:
            before = int(scalar(con, f"select count(*) from {table_for(source)}"))
            con.execute(f"delete from {table_for(source)}").fetchall()
        for batch in batches:
            typed = to_table(batch.posts, POST_TABLES[source])
            stats = stats + upsert_posts(con, source, typed)
            if replace_all:
                kept.append(typed.select(["platform", "post_id"]))
            if batch.rejects is not None and len(batch.rejects):
                delivered += len(batch.rejects)
                new += quarantine_rows(con, batch.rejects)
        if replace_all:
            keep = (
                pa.concat_tables(kept)
                if kept
                else pa.table({"platform": pa.array([], pa.string()), "post_id": pa.array([], pa.string())})
            )
            removed = delete_posts_not_in(con, source, keep)
        if remove is not None:
            removed += delete_posts(con, source, remove)
        if rewrite:  # the net decrease: posts are not matched across a rewrite
            removed += max(0, before - int(scalar(con, f"select count(*) from {table_for(source)}")))
        if cursor is not None and cursor[1] is not None:
            write_cursor(con, source, cursor[0], cursor[1])
        if state is not None:
            scope, detail = state
            write_state(con, source, scope, detail(con) if callable(detail) else detail)
    return StoreReport(stats, delivered, new, removed)


# -- the import ledger -------------------------------------------------------------------------
def import_seen(con: duckdb.DuckDBPyConnection, path: str, size: int, mtime: float, sha256: str | None) -> bool:
    """True when this file (same path, size and mtime; or the same bytes anywhere) was imported before."""
    t = IMPORT_FILES.name
    if scalar(con, f"select count(*) from {t} where path = ? and size = ? and mtime = ?", [path, size, mtime]):
        return True
    return bool(sha256 and scalar(con, f"select count(*) from {t} where sha256 = ?", [sha256]))


def record_import(
    con: duckdb.DuckDBPyConnection,
    *,
    path: str,
    size: int,
    mtime: float,
    sha256: str,
    format: str,  # noqa: A002 - the ledger's column name
    platform: str | None,
    rows_read: int,
    loaded: int,
    quarantined: int,
    encoding: str | None,
) -> None:
    """Remember an imported file so the drop folder imports it once."""
    con.execute(
        f"insert into {IMPORT_FILES.name} (path, size, mtime, sha256, format, platform, rows_read, loaded, "
        "quarantined, imported_at, encoding) values (?, ?, ?, ?, ?, ?, ?, ?, ?, current_timestamp::timestamp, ?) "
        "on conflict (path, sha256) do nothing",
        [path, size, mtime, sha256, format, platform, rows_read, loaded, quarantined, encoding],
    ).fetchall()


# -- enrichment and topics: the Python assets between dbt staging and the marts write through here ---------
def write_enrichment(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame | pa.Table) -> int:
    """Insert or replace enrichment rows (one per post), cast to ``enrichment.post_enrichment``'s schema.

    ``enriched_at`` is stamped now when the rows do not carry it. Returns the rows written.
    """
    if len(rows) == 0:
        return 0
    if isinstance(rows, pd.DataFrame) and "enriched_at" not in rows.columns:
        rows = rows.assign(enriched_at=pd.Timestamp.now(tz="UTC").tz_localize(None))
    typed = to_table(rows, POST_ENRICHMENT)
    cols = ", ".join(typed.column_names)
    with _registered(con, "incoming_enrichment", typed):
        con.execute(
            f"insert or replace into {POST_ENRICHMENT.name} ({cols}) select {cols} from incoming_enrichment"
        ).fetchall()
    return typed.num_rows


def prune_enrichment(con: duckdb.DuckDBPyConnection, posts_relation: str) -> int:
    """Delete enrichment rows of posts no longer in ``posts_relation`` (e.g. a smaller demo corpus)."""
    before = int(scalar(con, f"select count(*) from {POST_ENRICHMENT.name}"))
    con.execute(
        f"delete from {POST_ENRICHMENT.name} e where not exists (select 1 from {posts_relation} p "
        "where p.platform = e.platform and p.post_id = e.post_id)"
    ).fetchall()
    return before - int(scalar(con, f"select count(*) from {POST_ENRICHMENT.name}"))


def replace_topics(
    con: duckdb.DuckDBPyConnection, post_topics: pd.DataFrame | pa.Table, topic_info: pd.DataFrame | pa.Table
) -> None:
    """Replace ``topics.post_topics`` and ``topics.topic_info`` in one transaction (typed to their schemas)."""
    assignments = to_table(post_topics, POST_TOPICS)
    info = to_table(topic_info, TOPIC_INFO) if len(topic_info) else None
    con.complete()
    with transaction(con):
        con.execute(f"delete from {POST_TOPICS.name}").fetchall()
        con.execute(f"delete from {TOPIC_INFO.name}").fetchall()
        with _registered(con, "incoming_post_topics", assignments):
            con.execute(f"insert into {POST_TOPICS.name} by name select * from incoming_post_topics").fetchall()
        if info is not None:
            with _registered(con, "incoming_topic_info", info):
                con.execute(f"insert into {TOPIC_INFO.name} by name select * from incoming_topic_info").fetchall()


def update_topics(
    con: duckdb.DuckDBPyConnection,
    remove: pd.DataFrame,
    post_topics: pd.DataFrame | pa.Table,
    flag_changes: pd.DataFrame,
    topic_info: pd.DataFrame | pa.Table,
) -> None:
    """Between refits: change only the rows of ``topics.post_topics`` that changed, in one transaction.

    Deletes the rows keyed (``platform``, ``post_id``) in ``remove`` (posts gone upstream or whose text
    changed), inserts ``post_topics`` (new and re-placed posts; they replace a row of the same post), sets
    ``is_automated``/``automated_reason`` of the kept posts in ``flag_changes``, replaces the small
    ``topics.topic_info`` and recounts each topic's ``size`` from ``topics.post_topics``.
    """
    assignments = to_table(post_topics, POST_TOPICS)
    info = to_table(topic_info, TOPIC_INFO) if len(topic_info) else None
    replaced = pd.concat(
        [remove[["platform", "post_id"]], assignments.select(["platform", "post_id"]).to_pandas()], ignore_index=True
    )
    keys = pa.table(
        {
            "platform": pa.array(replaced["platform"], type=pa.string()),
            "post_id": pa.array(replaced["post_id"], type=pa.string()),
        }
    )
    flags = pa.table(
        {
            "platform": pa.array(flag_changes["platform"], type=pa.string()),
            "post_id": pa.array(flag_changes["post_id"], type=pa.string()),
            "is_automated": pa.array(flag_changes["is_automated"], type=pa.bool_()),
            "automated_reason": pa.array(flag_changes["automated_reason"], type=pa.string(), from_pandas=True),
        }
    )
    con.complete()
    with (
        transaction(con),
        _registered(con, "removed_post_topics", keys),
        _registered(con, "incoming_post_topics", assignments),
        _registered(con, "changed_post_flags", flags),
    ):
        if keys.num_rows:
            con.execute(
                f"delete from {POST_TOPICS.name} t using removed_post_topics r "
                "where t.platform = r.platform and t.post_id = r.post_id"
            ).fetchall()
        if assignments.num_rows:
            con.execute(f"insert into {POST_TOPICS.name} by name select * from incoming_post_topics").fetchall()
        if flags.num_rows:
            con.execute(
                f"update {POST_TOPICS.name} t set is_automated = c.is_automated, automated_reason = c.automated_reason "
                "from changed_post_flags c where t.platform = c.platform and t.post_id = c.post_id"
            ).fetchall()
        con.execute(f"delete from {TOPIC_INFO.name}").fetchall()
        if info is not None:
            with _registered(con, "incoming_topic_info", info):
                con.execute(f"insert into {TOPIC_INFO.name} by name select * from incoming_topic_info").fetchall()
            con.execute(
                f"update {TOPIC_INFO.name} i set size = coalesce(s.n, 0) from (select d.topic_id, count(t.topic_id) "
                f"as n from {TOPIC_INFO.name} d left join {POST_TOPICS.name} t on t.topic_id = d.topic_id "
                "group by d.topic_id) s where i.topic_id = s.topic_id"
            ).fetchall()


def replace_prevalence(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame | pa.Table) -> int:
    """Replace ``labels.stance_prevalence`` (weekly and all-weeks rows) in one transaction."""
    typed = to_table(rows, STANCE_PREVALENCE)
    con.complete()
    with transaction(con):
        con.execute(f"delete from {STANCE_PREVALENCE.name}").fetchall()
        with _registered(con, "incoming_prevalence", typed):
            con.execute(f"insert into {STANCE_PREVALENCE.name} by name select * from incoming_prevalence").fetchall()
    return typed.num_rows
