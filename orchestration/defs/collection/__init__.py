"""Collection domain: sources → raw tables in the warehouse."""

import dagster as dg

from orchestration.defs.collection.checks import build_quarantine_share_check, build_unique_key_check
from orchestration.defs.collection.demo import demo_posts

defs = dg.Definitions(
    assets=[demo_posts],
    asset_checks=[
        build_quarantine_share_check("demo", ["raw", "demo_posts"]),
        build_unique_key_check("demo", ["raw", "demo_posts"]),
    ],
)
