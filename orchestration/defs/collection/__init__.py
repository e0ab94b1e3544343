"""Collection domain: sources → raw tables in the warehouse."""

import dagster as dg

from ingestion.warehouse import SOURCE_TABLES
from orchestration.defs.collection.checks import build_quarantine_share_check, build_unique_key_check
from orchestration.defs.collection.demo import demo_posts
from orchestration.defs.collection.files import file_posts
from orchestration.defs.collection.reddit import partitions_to_refresh, reddit_posts

# Partitioned assets and the function choosing which partitions a headless `hapuswatch run` refreshes.
PARTITION_REFRESH = {reddit_posts.key: partitions_to_refresh}

# One asset per known source, keyed like its raw table (ingestion.warehouse.SOURCE_TABLES).
SOURCE_ASSETS = {source: ["raw", table] for source, table in SOURCE_TABLES.items()}

defs = dg.Definitions(
    assets=[demo_posts, reddit_posts, file_posts],
    asset_checks=[
        check
        for source, key in SOURCE_ASSETS.items()
        for check in (build_quarantine_share_check(source, key), build_unique_key_check(source, key))
    ],
)
