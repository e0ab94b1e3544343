"""Labels domain: imported hand labels and the corrected stance shares."""

import dagster as dg

from orchestration.defs.labels.assets import stance_labels, stance_prevalence


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(assets=[stance_labels, stance_prevalence])
