"""Metadata every collection asset reports, so runs read the same in the Dagster UI."""

from __future__ import annotations

import dagster as dg
import duckdb

from ingestion import warehouse


def collection_metadata(
    con: duckdb.DuckDBPyConnection,
    source: str,
    stored: warehouse.StoreReport,
    **extra: object,
) -> dict[str, object]:
    """Row counts, quarantine share and a preview of the newest rows of ``raw.<source>_posts``."""
    stats, quarantined = stored.stats, stored.quarantined
    table = warehouse.table_for(source)
    total = warehouse.post_count(con, source)
    preview = con.execute(
        f"select post_id, kind, community, created_at, left(coalesce(title, body, ''), 80) as text "
        f"from {table} order by created_at desc limit 10"
    ).df()
    seen = stats.total + quarantined
    meta: dict[str, object] = {
        "dagster/row_count": dg.MetadataValue.int(total),
        "inserted": dg.MetadataValue.int(stats.inserted),
        "updated": dg.MetadataValue.int(stats.updated),
        "unchanged": dg.MetadataValue.int(stats.unchanged),
        "removed": dg.MetadataValue.int(stored.removed),
        "quarantined": dg.MetadataValue.int(quarantined),
        "quarantined_new": dg.MetadataValue.int(stored.quarantined_new),
        "quarantine_share": dg.MetadataValue.float(round(quarantined / seen, 4) if seen else 0.0),
        "preview": dg.MetadataValue.md(preview.to_markdown(index=False) if not preview.empty else "_empty_"),
    }
    for key, value in extra.items():
        meta[key] = value
    return meta


def disabled_source_result(con: duckdb.DuckDBPyConnection, source: str | None = None) -> dg.MaterializeResult:
    """What a collection asset reports when its source is not in HAPUSWATCH_SOURCES.

    Its table exists all the same (every warehouse connection creates the declared tables; dbt staging
    reads every raw table) and stored posts are kept; with
    ``source`` the row count is what the table holds (e.g. posts a `hapuswatch import` loaded), so it
    agrees with the staging view over it.
    """
    rows = int(warehouse.scalar(con, f"select count(*) from {warehouse.table_for(source)}")) if source else 0
    meta: dict[str, object] = {"status": "disabled", "dagster/row_count": dg.MetadataValue.int(rows)}
    if source:
        meta["quarantined"] = dg.MetadataValue.int(warehouse.quarantine_count(con, source))
    return dg.MaterializeResult(metadata=meta)
