"""Enrichment domain: language, normalised text, stance and sentiment per post."""

import dagster as dg

from orchestration.defs.enrichment.assets import post_enrichment

defs = dg.Definitions(assets=[post_enrichment])
