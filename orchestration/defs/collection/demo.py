"""The demo source as a Dagster asset: synthetic posts into ``raw.demo_posts``."""


import dagster as dg

from ingestion import warehouse as wh
from ingestion.collect import DEMO_SEED, collect_demo
from orchestration.defs.collection.metadata import collection_metadata
from orchestration.resources import SourcesResource, WarehouseResource


@dg.asset(
    key=["raw", "demo_posts"],
    group_name="raw",
    kinds={"python", "duckdb"},
    description=(
        "Synthetic Reddit-shaped demo posts and comments (is_demo = true), generated deterministically "
        "from a seed (only the rows not stored yet: nothing when the size, seed and generator are those "
        "of the last run): HAPUSWATCH_DEMO_POSTS records including spam bursts, deleted items and a few malformed "
        "records, which go to raw.quarantine. Emptied when `demo` is not in HAPUSWATCH_SOURCES."
    ),
)
def demo_posts(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, sources: SourcesResource
) -> dg.MaterializeResult:
    """Synthetic demo posts: one row per valid generated post, keyed (platform, post_id)."""
    if not sources.is_enabled("demo"):
        with warehouse.connect() as con:
            removed = wh.clear_source(con, "demo")
        context.log.info("demo source disabled; removed %d demo posts", removed)
        return dg.MaterializeResult(
            metadata={"status": "disabled", "removed": dg.MetadataValue.int(removed), "dagster/row_count": 0}
        )
    n = sources.demo_posts
    # only what changed is generated: nothing when the stored corpus is the requested one
    run = collect_demo(warehouse.settings, n, seed=DEMO_SEED)
    context.log.info(
        "demo (%s): %d of %d rows generated, %d valid posts stored (%s), %d quarantined",
        run.mode, run.generated, n, run.valid, run.stored.stats, run.stored.quarantined,
    )
    with warehouse.connect() as con:
        return dg.MaterializeResult(
            metadata=collection_metadata(
                con, "demo", run.stored, mode=run.mode, generated=dg.MetadataValue.int(run.generated)
            )
        )
