"""The one entry point `dagster dev` and `hapuswatch run` load."""

from __future__ import annotations

import dagster as dg

from ingestion.settings import get_settings
from orchestration.defs import collection, enrichment
from orchestration.defs.dbt import build_defs as build_dbt_defs
from orchestration.defs.dbt.project import dbt_project
from orchestration.defs.publish.analytics import build_publish_asset
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


def build_definitions() -> dg.Definitions:
    settings = get_settings()
    dbt_defs = build_dbt_defs()
    mart_keys = [
        key
        for asset in dbt_defs.assets or []
        for key in asset.keys  # type: ignore[union-attr]
        if key.path[0] == "marts"
    ]
    publish = build_publish_asset(mart_keys, dbt_project().manifest_path)

    everything = dg.AssetSelection.all()
    daily_job = dg.define_asset_job("refresh_all", selection=everything, description="Collect, model and publish.")
    daily = dg.ScheduleDefinition(
        name="daily_refresh",
        job=daily_job,
        cron_schedule="0 2 * * *",  # 09:00 WIB, after the Indonesian night
        execution_timezone="UTC",
        default_status=dg.DefaultScheduleStatus.STOPPED,
        description="Daily refresh of every enabled source; off by default, turn on in the UI.",
    )
    return dg.Definitions.merge(
        collection.defs,
        enrichment.defs,
        dbt_defs,
        dg.Definitions(
            assets=[publish],
            asset_checks=[latest_day_is_not_a_spike],
            jobs=[daily_job],
            schedules=[daily],
            resources={"warehouse": WarehouseResource.from_settings(settings)},
        ),
    )


defs = build_definitions()
