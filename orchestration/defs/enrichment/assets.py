"""Enrichment as an incremental asset: only new, changed or out-of-version posts are processed."""

import time

import dagster as dg
import duckdb
import pandas as pd

from ingestion import store
from orchestration import prewarm
from orchestration.resources import WarehouseResource

CHUNK = 20_000

def posts_to_enrich(con: duckdb.DuckDBPyConnection, version: str) -> pd.DataFrame:
    """Posts without enrichment, whose text changed, or enriched by another model/lexicon version.

    ``enrichment.post_enrichment`` is declared in :mod:`ingestion.warehouse.schema` and exists once the
    warehouse is opened.
    """
    return con.execute(
        """
        select p.platform, p.post_id, p.content_hash, p.title, p.body
        from intermediate.int_posts_unioned p
        left join enrichment.post_enrichment e using (platform, post_id)
        where e.post_id is null or e.content_hash <> p.content_hash or e.enrich_version <> ?
        order by p.platform, p.post_id
        """,
        [version],
    ).df()


@dg.asset(
    key=["enrichment", "post_enrichment"],
    deps=[dg.AssetKey(["intermediate", "int_posts_unioned"])],
    group_name="enrichment",
    kinds={"python", "duckdb"},
    description=(
        "One row per post: language (id/en/other), normalised text, deletion stance "
        "(deleted/intends/considering/urges/staying/none) and sentiment (positive/neutral/negative) with "
        "scores and the enrichment version. Incremental: re-runs only new, changed or out-of-version posts."
    ),
)
def post_enrichment(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Language, normalised text, stance and sentiment per post (table enrichment.post_enrichment)."""
    # imported here: scikit-learn and the models load while dbt runs (orchestration.prewarm), not at start-up
    from nlp.enrich import enrich_posts, enrich_version, enrich_version_components
    from nlp.sentiment import get_sentiment_analyzer

    prewarm.wait()
    analyzer = get_sentiment_analyzer()
    version = enrich_version(analyzer)
    with warehouse.connect() as con:
        pending = posts_to_enrich(con, version)
        started = time.perf_counter()
        for start in range(0, len(pending), CHUNK):
            chunk = pending.iloc[start : start + CHUNK]
            store.write_enrichment(con, enrich_posts(chunk, analyzer=analyzer, version=version))
            context.log.info("enriched %d / %d posts", min(start + CHUNK, len(pending)), len(pending))
        seconds = time.perf_counter() - started
        # posts gone upstream (e.g. a smaller demo corpus) lose their enrichment too
        store.prune_enrichment(con, "intermediate.int_posts_unioned")
        total = int(store.scalar(con, "select count(*) from enrichment.post_enrichment"))
        mix = con.execute(
            "select stance, count(*) as posts from enrichment.post_enrichment group by 1 order by 2 desc"
        ).df()
        sentiment = con.execute(
            "select sentiment, count(*) as posts from enrichment.post_enrichment group by 1 order by 2 desc"
        ).df()
        langs = con.execute(
            "select lang, count(*) as posts from enrichment.post_enrichment group by 1 order by 2 desc"
        ).df()
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": dg.MetadataValue.int(total),
            "processed": dg.MetadataValue.int(len(pending)),
            "reused": dg.MetadataValue.int(total - len(pending)),
            "posts_per_second": dg.MetadataValue.float(round(len(pending) / seconds, 1) if seconds > 0 else 0.0),
            "enrich_version": version,
            "components": dg.MetadataValue.json(enrich_version_components(analyzer)),
            "stance_mix": dg.MetadataValue.md(mix.to_markdown(index=False)),
            "sentiment_mix": dg.MetadataValue.md(sentiment.to_markdown(index=False)),
            "language_mix": dg.MetadataValue.md(langs.to_markdown(index=False)),
        }
    )
