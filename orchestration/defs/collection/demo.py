"""The demo source as a Dagster asset: synthetic posts into ``raw.demo_posts``."""


import dagster as dg

from ingestion import warehouse as wh
from ingestion.collect import collect_demo
from ingestion.sources.demo import generate_demo_posts
from orchestration.defs.collection.metadata import collection_metadata
from orchestration.resources import SourcesResource, WarehouseResource

DEMO_SEED = 42


@dg.asset(
    key=["raw", "demo_posts"],
    group_name="raw",
    kinds={"python", "duckdb"},
    description=(
        "Synthetic Reddit-shaped demo posts and comments (is_demo = true), regenerated deterministically "
        "from a seed: HAPUSWATCH_DEMO_POSTS records including spam bursts, deleted items and a few malformed "
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
    # source → records → one store call (posts, rejects; posts absent from the corpus removed)
    stored, valid = collect_demo(warehouse.settings, generate_demo_posts(n, seed=DEMO_SEED))
    context.log.info("demo: %d generated, %d valid (%s), %d quarantined", n, valid, stored.stats, stored.quarantined)
    with warehouse.connect() as con:
        return dg.MaterializeResult(metadata=collection_metadata(con, "demo", stored))
