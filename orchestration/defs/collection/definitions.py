"""Collection domain: one asset per known source, its checks, and the Reddit resource."""

import dagster as dg

from ingestion.settings import KNOWN_SOURCES
from orchestration.defs.collection.checks import build_quarantine_share_check, build_unique_key_check
from orchestration.defs.collection.demo import demo_posts
from orchestration.defs.collection.files import file_posts
from orchestration.defs.collection.reddit import RedditResource, reddit_posts

# One asset per known source, keyed like its raw table (ingestion.settings.KNOWN_SOURCES).
SOURCE_ASSETS = [demo_posts, reddit_posts, file_posts]


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(
        assets=SOURCE_ASSETS,
        asset_checks=[
            check
            for source, table in KNOWN_SOURCES.items()
            for check in (
                build_quarantine_share_check(source, ["raw", table]),
                build_unique_key_check(source, ["raw", table]),
            )
        ],
        resources={"reddit": RedditResource.from_env()},
    )
