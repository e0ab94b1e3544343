"""Imported export files as a Dagster asset: new files of ``$HAPUSWATCH_DATA_DIR/imports/`` into ``raw.file_posts``."""


import dagster as dg

from ingestion import warehouse as wh
from ingestion.collect import import_folder
from orchestration.defs.collection.metadata import collection_metadata, disabled_source_result
from orchestration.resources import SourcesResource, WarehouseResource


@dg.asset(
    key=["raw", "file_posts"],
    group_name="raw",
    kinds={"python", "duckdb"},
    description=(
        "Posts imported from export files (tweet-harvest CSV, 4CAT CSV/NDJSON, generic CSV/JSONL) dropped into "
        "the imports folder; each file imported once (raw.import_files), bad rows in raw.quarantine. "
        "Only ensures the table when `files` is not in HAPUSWATCH_SOURCES."
    ),
)
def file_posts(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, sources: SourcesResource
) -> dg.MaterializeResult:
    """Imported posts, keyed (platform, post_id)."""
    if not sources.is_enabled("files"):
        with warehouse.connect() as con:
            return disabled_source_result(con, "files")
    reports = import_folder(warehouse.settings)
    for r in reports:
        (context.log.warning if r.error else context.log.info)(r.summary())
    done = [r for r in reports if not r.skipped and not r.error]
    stats = sum((wh.UpsertStats(r.loaded, r.updated, r.unchanged) for r in done), wh.NO_CHANGES)
    quarantined = sum(r.quarantined for r in done)
    with warehouse.connect() as con:
        meta = collection_metadata(
            con, "files", wh.StoreReport(stats, quarantined, quarantined),
            files_imported=dg.MetadataValue.int(len(done)),
            files_skipped=dg.MetadataValue.int(sum(r.skipped for r in reports)),
            files_failed=dg.MetadataValue.md("\n".join(f"- {r.summary()}" for r in reports if r.error) or "_none_"),
            encodings=", ".join(sorted({r.encoding for r in done if r.encoding})) or "none",
        )
    return dg.MaterializeResult(metadata=meta)
