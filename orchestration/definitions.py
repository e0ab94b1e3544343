"""The one entry point `dagster dev` and `hapuswatch run` load: every domain's definitions, merged."""

from __future__ import annotations

import dagster as dg

from ingestion.settings import Settings
from orchestration.defs import automation
from orchestration.defs.collection import definitions as collection
from orchestration.defs.dbt import definitions as dbt
from orchestration.defs.enrichment import definitions as enrichment
from orchestration.defs.labels import definitions as labels
from orchestration.defs.publish import definitions as publish
from orchestration.defs.topics import definitions as topics
from orchestration.resources import shared_resources


def build_definitions(settings: Settings | None = None) -> dg.Definitions:
    """Merge the domains; shared resources from ``settings`` (headless runs) or the environment (`dagster dev`)."""
    return dg.Definitions.merge(
        collection.defs(),
        dbt.defs(),
        enrichment.defs(),
        topics.defs(),
        labels.defs(),
        publish.defs(),
        automation.defs(),
        dg.Definitions(resources=shared_resources(settings)),
    )


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions()
