"""Publishing: copy the marts into ``analytics.duckdb`` and swap it in atomically.

Readers (dashboard, analysts) only ever open ``analytics.duckdb`` read-only. We never write to
that file in place: a fresh copy is built next to it and ``os.replace``d over it, so a reader
keeps the old file open until it reconnects and never sees a lock or a half-written table.

Large marts with a unique key (``fct_posts``: a million rows at 1M posts) are not copied whole on every
run: the new file starts as a copy of the last published one, and only the rows that differ from the
warehouse's (whole-row hash, as dbt's incremental models compare them; read from the ``row_hash`` column
those models store, hashed here otherwise) are deleted and written again, with
rows gone from the warehouse deleted. A run that adds 1 % of posts writes ~1 % of ``fct_posts`` instead of
all of it. Every other table is copied whole. A mart whose columns changed, a previous file that cannot be
read, or in-place rewrites since the last full build adding up to a quarter of those marts' rows (deleted
rows leave space behind in a DuckDB file) make that publish a full build.
"""


import json
import os
import shutil
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt.dbt_manifest import validate_manifest

from ingestion import store
from orchestration.resources import WarehouseResource

PUBLISHED_SCHEMA = "marts"
#: Marts with at least this many rows and a single-column unique key are published as a row diff.
DIFF_MIN_ROWS = 100_000
#: A full build once rows rewritten in place since the last one reach this share of the diffed marts' rows.
REBUILD_SHARE = 0.25
#: Column holding a hash of the row's other columns (dbt_project/macros/changed_rows.sql writes it).
ROW_HASH = "row_hash"
# meta.publish_log: one row describing the build a reader is looking at (documented like the marts).
PUBLISH_LOG_DOCS = (
    "One row per published file: when it was published, by which Dagster run, and the rows of every mart "
    "in it. Lets a reader tell which build they are looking at; not analysis data.",
    {
        "published_at": "When this file was published (UTC, naive timestamp).",
        "run_id": "Dagster run that published it (look it up in the Dagster UI, Runs).",
        "table_rows": "JSON object {table: rows} of every table in schema marts at publish time.",
        "build": "full (every mart copied) or changed rows (large marts updated in a copy of the previous file).",
        "rows_rewritten": "JSON object {table: rows} written or deleted in place by this build (changed rows only).",
        "rows_since_full_build": "Rows written or deleted in place since the last full build, this one included.",
    },
)


def plain_text(doc: str) -> str:
    """A dbt description as plain text for DuckDB comments: Markdown code ticks dropped, whitespace folded."""
    return " ".join(doc.replace("`", "").split())


def _manifest_nodes(manifest_path: Path) -> Mapping[str, Any]:
    """The manifest's nodes through dagster-dbt's cached parse (the one ``@dbt_assets`` read); none if absent."""
    return validate_manifest(manifest_path).get("nodes", {}) if Path(manifest_path).exists() else {}


def mart_descriptions(manifest_path: Path) -> dict[str, tuple[str, dict[str, str]]]:
    """Model and column descriptions of the marts from dbt's manifest: {table: (description, {column: text})}."""
    out: dict[str, tuple[str, dict[str, str]]] = {}
    for node in _manifest_nodes(manifest_path).values():
        if node.get("resource_type") in ("model", "seed") and node.get("schema") == PUBLISHED_SCHEMA:
            columns = {name: col.get("description", "") for name, col in node.get("columns", {}).items()}
            out[node["name"]] = (node.get("description", ""), columns)
    return out


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def mart_unique_keys(manifest_path: Path) -> dict[str, str]:
    """Single-column unique keys of the marts from dbt's manifest: a model's ``unique_key`` config, else
    the column of a ``unique`` data test on it. {table: column}."""
    nodes = _manifest_nodes(manifest_path)
    keys: dict[str, str] = {}
    for node in nodes.values():
        if node.get("resource_type") == "model" and node.get("schema") == PUBLISHED_SCHEMA:
            key = node.get("config", {}).get("unique_key")
            if isinstance(key, str) and key:
                keys[node["name"]] = key
    for node in nodes.values():
        tested = nodes.get(node.get("attached_node") or "", {})
        if (
            node.get("resource_type") == "test"
            and (node.get("test_metadata") or {}).get("name") == "unique"
            and tested.get("schema") == PUBLISHED_SCHEMA
            and node.get("column_name")
        ):
            keys.setdefault(tested["name"], node["column_name"])
    return keys


def _columns(con: duckdb.DuckDBPyConnection, database: str, table: str) -> list[tuple[str, str]]:
    return con.execute(
        "select column_name, data_type from duckdb_columns() where database_name = ? and schema_name = ? "
        "and table_name = ? order by column_index",
        [database, PUBLISHED_SCHEMA, table],
    ).fetchall()


def _previous_rewrites(con: duckdb.DuckDBPyConnection, alias: str) -> int | None:
    """Rows rewritten in place since the last full build of the attached previous file; None: not usable."""
    try:
        return int(store.scalar(con, f"select rows_since_full_build from {alias}.meta.publish_log limit 1"))
    except (duckdb.Error, TypeError, ValueError):
        return None


def _rewrite_changed_rows(
    con: duckdb.DuckDBPyConnection, source: str, target: str, key: str, row_hash: str | None = None
) -> int:
    """Make ``target`` (a copy of an earlier ``source``) equal to ``source`` by rewriting only the rows that
    differ; returns the rows deleted or written. ``row_hash`` names a column that already holds each row's
    hash of its other columns (dbt's changed_rows macro writes one), so rows need not be hashed here."""
    changed = f"_publish_changed_{uuid.uuid4().hex[:8]}"
    if row_hash is not None:
        differs = (
            f'select n.* from {source} as n anti join (select "{key}", "{row_hash}" from {target}) as o '
            f'using ("{key}", "{row_hash}")'
        )
    else:
        differs = (
            f"select n.* exclude (_row_hash) from (select s.*, hash(s) as _row_hash from {source} as s) as n "
            f'anti join (select "{key}", hash(t) as _row_hash from {target} as t) as o using ("{key}", _row_hash)'
        )
    con.execute(f"create temp table {changed} as {differs}")
    try:
        gone = store.scalar(
            con, f'delete from {target} as t where not exists (select 1 from {source} as s where s."{key}" = t."{key}")'
        )
        con.execute(f'delete from {target} where "{key}" in (select "{key}" from {changed})').fetchall()
        written = store.scalar(con, f"insert into {target} select * from {changed}")
        return int(gone) + int(written)
    finally:
        con.execute(f"drop table {changed}")


def _attach_previous(
    con: duckdb.DuckDBPyConnection, previous: Path, tmp: Path, alias: str, max_rewrites: float
) -> int | None:
    """Attach a copy of the previous published file at ``tmp`` as ``alias`` and return the rows rewritten in
    place since its last full build; None (nothing attached, no copy left) when there is none, it cannot
    be read, or those rewrites reach ``max_rewrites``."""
    if not previous.exists():
        return None
    shutil.copyfile(previous, tmp)
    try:
        con.execute(f"attach {_quote(str(tmp))} as {alias}")
    except duckdb.Error:
        tmp.unlink(missing_ok=True)
        return None
    since_full = _previous_rewrites(con, alias)
    if since_full is None or since_full >= max_rewrites:
        con.execute(f"detach {alias}")
        tmp.unlink(missing_ok=True)
        return None
    return since_full


def publish_analytics_db(
    con: duckdb.DuckDBPyConnection,
    analytics_path: Path,
    descriptions: dict[str, tuple[str, dict[str, str]]] | None = None,
    run_id: str | None = None,
    keys: dict[str, str] | None = None,
) -> dict[str, int]:
    """Publish every table of the warehouse's ``marts`` schema into a new file and replace ``analytics_path``.

    Marts of at least ``DIFF_MIN_ROWS`` rows with a key in ``keys`` ({table: unique column}) are updated in
    a copy of the previous file when it can be (see the module docstring); the rest are copied whole.
    Adds ``COMMENT ON`` for tables and columns (so ``DESCRIBE``/``duckdb_columns()`` show them) and a
    ``meta.publish_log`` row. Returns rows per published table.
    """
    descriptions = descriptions or {}
    keys = keys or {}
    analytics_path = Path(analytics_path)
    analytics_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = analytics_path.with_name(f".{analytics_path.name}.{uuid.uuid4().hex}.tmp")
    tables = [
        r[0]
        for r in con.execute(
            "select table_name from information_schema.tables where table_schema = ? and table_type = 'BASE TABLE' "
            "order by table_name",
            [PUBLISHED_SCHEMA],
        ).fetchall()
    ]
    local = store.scalar(con, "select current_database()")
    rows = {t: int(store.scalar(con, f"select count(*) from {PUBLISHED_SCHEMA}.{t}")) for t in tables}
    diffable = {t: keys[t] for t in tables if t in keys and rows[t] >= DIFF_MIN_ROWS}
    counts: dict[str, int] = {}
    rewritten: dict[str, int] = {}
    alias = f"pub_{uuid.uuid4().hex[:8]}"
    since_full = (
        _attach_previous(con, analytics_path, tmp, alias, REBUILD_SHARE * sum(rows[t] for t in diffable))
        if diffable else None
    )
    try:
        if since_full is None:
            con.execute(f"attach {_quote(str(tmp))} as {alias}")
            con.execute(f"create schema {alias}.{PUBLISHED_SCHEMA}")
            con.execute(f"create schema {alias}.meta")
        else:
            con.execute(f"drop table if exists {alias}.meta.publish_log")
            for (gone,) in con.execute(
                "select table_name from duckdb_tables() where database_name = ? and schema_name = ?",
                [alias, PUBLISHED_SCHEMA],
            ).fetchall():
                if gone not in rows:
                    con.execute(f"drop table {alias}.{PUBLISHED_SCHEMA}.{gone}")
        for table in tables:
            source = f"{PUBLISHED_SCHEMA}.{table}"
            target = f"{alias}.{PUBLISHED_SCHEMA}.{table}"
            layout = _columns(con, local, table)
            if since_full is not None and table in diffable and layout == _columns(con, alias, table):
                row_hash = ROW_HASH if (ROW_HASH, "UBIGINT") in layout else None
                rewritten[table] = _rewrite_changed_rows(con, source, target, diffable[table], row_hash)
            else:
                con.execute(f"drop table if exists {target}")
                con.execute(f"create table {target} as select * from {source}")
            counts[table] = rows[table]  # the target now holds exactly the source's rows
            table_doc, column_docs = descriptions.get(table, ("", {}))
            if table_doc:
                con.execute(f"comment on table {target} is {_quote(plain_text(table_doc))}")
            existing = {name for name, _ in layout}
            for column, text in column_docs.items():
                if text and column in existing:
                    con.execute(f'comment on column {target}."{column}" is {_quote(plain_text(text))}')
        build = "changed rows" if rewritten else "full"
        since = (since_full or 0) + sum(rewritten.values()) if rewritten else 0
        con.execute(
            f"create table {alias}.meta.publish_log as select ?::timestamp as published_at, ?::varchar as run_id, "
            "?::json as table_rows, ?::varchar as build, ?::json as rows_rewritten, ?::bigint as rows_since_full_build",
            [datetime.now(UTC).replace(tzinfo=None), run_id, json.dumps(counts), build, json.dumps(rewritten), since],
        )
        log_doc, log_columns = PUBLISH_LOG_DOCS
        con.execute(f"comment on table {alias}.meta.publish_log is {_quote(log_doc)}")
        for column, text in log_columns.items():
            con.execute(f"comment on column {alias}.meta.publish_log.{column} is {_quote(text)}")
        con.execute(f"detach {alias}")
    except BaseException:
        con.execute(f"detach database if exists {alias}")
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, analytics_path)
    return counts


def build_publish_asset(mart_keys: list[dg.AssetKey], manifest_path: Path) -> dg.AssetsDefinition:
    @dg.asset(
        key=["publish", "analytics_db"],
        group_name="publish",
        deps=mart_keys,
        kinds={"duckdb"},
        description=(
            "The published analytics database ($HAPUSWATCH_DATA_DIR/analytics.duckdb): every mart in schema "
            "`marts` with table/column comments, plus the one-row, documented meta.publish_log (when and by "
            "which run it was published, rows per table). Replaced atomically; safe to read during a run."
        ),
    )
    def analytics_db(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        """Publish the marts for readers."""
        settings = warehouse.settings
        with warehouse.connect() as con:
            counts = publish_analytics_db(
                con, settings.analytics_path, mart_descriptions(manifest_path), run_id=context.run_id,
                keys=mart_unique_keys(manifest_path),
            )
        size = settings.analytics_path.stat().st_size
        return dg.MaterializeResult(
            metadata={
                "path": dg.MetadataValue.path(str(settings.analytics_path)),
                "tables": dg.MetadataValue.json(counts),
                "dagster/row_count": dg.MetadataValue.int(sum(counts.values())),
                "size_mb": dg.MetadataValue.float(round(size / 1e6, 2)),
            }
        )

    return analytics_db
