"""Topics domain: the topic assignments and the topic table (one multi-asset)."""

import dagster as dg

from orchestration.defs.topics.assets import post_topics


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(assets=[post_topics])
