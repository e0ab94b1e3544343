"""dbt domain: the two dbt steps, the check on fct_spikes, and the dbt CLI resource."""

import dagster as dg

from orchestration.defs.dbt.checks import latest_day_is_not_a_spike
from orchestration.defs.dbt.project import dbt_resource, dbt_steps


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(
        assets=list(dbt_steps()),
        asset_checks=[latest_day_is_not_a_spike],
        resources={"dbt": dbt_resource()},
    )
