"""Checks on the marts that dbt's own tests do not express: is the latest day an anomalous spike?"""

import dagster as dg

from orchestration.resources import WarehouseResource


@dg.asset_check(
    asset=dg.AssetKey(["marts", "fct_spikes"]),
    name="latest_day_is_not_a_spike",
    description="Warns when the latest day with posts is an anomalous spike (see fct_spikes): look at what drove it.",
)
def latest_day_is_not_a_spike(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Fails (severity WARN) when the most recent day in fct_daily_volume is listed in fct_spikes."""
    with warehouse.connect() as con:
        latest = con.execute("select max(day) from marts.fct_daily_volume").fetchone()[0]
        spike = con.execute(
            "select posts, robust_z, event_title, top_topics, top_stances from marts.fct_spikes where day = ?",
            [latest],
        ).fetchone()
    metadata = {"latest_day": str(latest)}
    if spike is not None:
        posts, z, event, topics_, stances = spike
        metadata.update(
            {"posts": int(posts), "robust_z": float(z), "event": event or "no dated event within 3 days",
             "top_topics": ", ".join(topics_ or []), "top_stances": ", ".join(stances or [])}
        )
    return dg.AssetCheckResult(passed=spike is None, severity=dg.AssetCheckSeverity.WARN, metadata=metadata)
