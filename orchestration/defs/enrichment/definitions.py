"""Enrichment domain: the incremental per-post enrichment asset."""

import dagster as dg

from orchestration.defs.enrichment.assets import post_enrichment


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(assets=[post_enrichment])
