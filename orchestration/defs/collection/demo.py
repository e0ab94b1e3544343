"""The demo source as a Dagster asset: synthetic posts into ``raw.demo_posts``."""


import dagster as dg

from ingestion import store
from ingestion.records import normalise_posts
from ingestion.sources.demo import generate_demo_posts
from orchestration.defs.collection.metadata import collection_metadata
from orchestration.resources import WarehouseResource

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
def demo_posts(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Synthetic demo posts: one row per valid generated post, keyed (platform, post_id)."""
    with warehouse.connect() as con:
        store.ensure_raw_schema(con)
        if not warehouse.source_enabled("demo"):
            removed = store.clear_source(con, "demo")
            context.log.info("demo source disabled; removed %d demo posts", removed)
            return dg.MaterializeResult(
                metadata={"status": "disabled", "removed": dg.MetadataValue.int(removed), "dagster/row_count": 0}
            )
        n = warehouse.demo_posts
        frame = generate_demo_posts(n, seed=DEMO_SEED)
        posts, rejected = normalise_posts(frame, source="demo", key=warehouse.pseudonym_key())
        con.execute("begin transaction")
        try:
            stats = store.upsert_posts(con, "demo", posts)
            # A smaller HAPUSWATCH_DEMO_POSTS shrinks the corpus instead of leaving stale posts behind.
            removed = store.delete_posts_not_in(con, "demo", posts)
            new_quarantined = store.quarantine_rows(con, rejected)
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        context.log.info(
            "demo: %d generated, %d valid (%s), %d quarantined", n, len(posts), stats, len(rejected)
        )
        return dg.MaterializeResult(
            metadata=collection_metadata(
                con, "demo", stats, quarantined=len(rejected), new_quarantined=new_quarantined, removed=removed
            )
        )
