"""Topics domain: BERTopic themes with cached embeddings and stable ids."""

import dagster as dg

from orchestration.defs.topics.assets import post_topics

defs = dg.Definitions(assets=[post_topics])
