"""Publishing: copy the marts into ``analytics.duckdb`` and swap it in atomically.

Readers (dashboard, analysts) only ever open ``analytics.duckdb`` read-only. We never write to
that file in place: a fresh copy is built next to it and ``os.replace``d over it, so a reader
keeps the old file open until it reconnects and never sees a lock or a half-written table.
"""


import json
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb

from ingestion import store
from orchestration.resources import WarehouseResource

PUBLISHED_SCHEMA = "marts"
# meta.publish_log: one row describing the build a reader is looking at (documented like the marts).
PUBLISH_LOG_DOCS = (
    "One row per published file: when it was published, by which Dagster run, and the rows of every mart "
    "in it. Lets a reader tell which build they are looking at; not analysis data.",
    {
        "published_at": "When this file was published (UTC, naive timestamp).",
        "run_id": "Dagster run that published it (look it up in the Dagster UI, Runs).",
        "table_rows": "JSON object {table: rows} of every table in schema marts at publish time.",
    },
)


def plain_text(doc: str) -> str:
    """A dbt description as plain text for DuckDB comments: Markdown code ticks dropped, whitespace folded."""
    return " ".join(doc.replace("`", "").split())


def mart_descriptions(manifest_path: Path) -> dict[str, tuple[str, dict[str, str]]]:
    """Model and column descriptions of the marts from dbt's manifest: {table: (description, {column: text})}."""
    if not manifest_path.exists():
        return {}
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    out: dict[str, tuple[str, dict[str, str]]] = {}
    for node in manifest.get("nodes", {}).values():
        if node.get("resource_type") in ("model", "seed") and node.get("schema") == PUBLISHED_SCHEMA:
            columns = {name: col.get("description", "") for name, col in node.get("columns", {}).items()}
            out[node["name"]] = (node.get("description", ""), columns)
    return out


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def publish_analytics_db(
    con: duckdb.DuckDBPyConnection,
    analytics_path: Path,
    descriptions: dict[str, tuple[str, dict[str, str]]] | None = None,
    run_id: str | None = None,
) -> dict[str, int]:
    """Copy every table of the warehouse's ``marts`` schema into a new file and replace ``analytics_path``.

    Adds ``COMMENT ON`` for tables and columns (so ``DESCRIBE``/``duckdb_columns()`` show them) and a
    ``meta.publish_log`` row. Returns rows per published table.
    """
    descriptions = descriptions or {}
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
    counts: dict[str, int] = {}
    alias = f"pub_{uuid.uuid4().hex[:8]}"
    con.execute(f"attach {_quote(str(tmp))} as {alias}")
    try:
        con.execute(f"create schema {alias}.{PUBLISHED_SCHEMA}")
        con.execute(f"create schema {alias}.meta")
        for table in tables:
            target = f"{alias}.{PUBLISHED_SCHEMA}.{table}"
            con.execute(f"create table {target} as select * from {PUBLISHED_SCHEMA}.{table}")
            counts[table] = int(store.scalar(con, f"select count(*) from {target}"))
            table_doc, column_docs = descriptions.get(table, ("", {}))
            if table_doc:
                con.execute(f"comment on table {target} is {_quote(plain_text(table_doc))}")
            existing = {
                r[0]
                for r in con.execute(
                    "select column_name from duckdb_columns() where database_name = ? and schema_name = ? "
                    "and table_name = ?",
                    [alias, PUBLISHED_SCHEMA, table],
                ).fetchall()
            }
            for column, text in column_docs.items():
                if text and column in existing:
                    con.execute(f'comment on column {target}."{column}" is {_quote(plain_text(text))}')
        con.execute(
            f"create table {alias}.meta.publish_log as select ?::timestamp as published_at, ?::varchar as run_id, "
            "?::json as table_rows",
            [datetime.now(UTC).replace(tzinfo=None), run_id, json.dumps(counts)],
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
                con, settings.analytics_path, mart_descriptions(manifest_path), run_id=context.run_id
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
