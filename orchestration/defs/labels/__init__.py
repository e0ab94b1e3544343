"""Labels domain: hand labels of posts and the stance shares corrected with them."""

import dagster as dg

from orchestration.defs.labels.assets import stance_labels, stance_prevalence

defs = dg.Definitions(assets=[stance_labels, stance_prevalence])
