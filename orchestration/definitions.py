"""The one entry point `dagster dev` and `hapuswatch run` load."""

from __future__ import annotations

from datetime import timedelta

import dagster as dg

from ingestion.settings import get_settings
from orchestration.defs import collection, enrichment, labels, topics
from orchestration.defs.collection.reddit import RedditResource, reddit_posts
from orchestration.defs.dbt import build_defs as build_dbt_defs
from orchestration.defs.dbt.project import dbt_project
from orchestration.defs.publish.analytics import build_publish_asset
from orchestration.resources import WarehouseResource


def reddit_daily_schedule(job: dg.UnresolvedAssetJobDefinition) -> dg.ScheduleDefinition:
    """At 01:00 UTC collect the day that just ended (its late posts) and the new day's first posts."""

    @dg.schedule(
        job=job, cron_schedule="0 1 * * *", execution_timezone="UTC", name="reddit_daily",
        default_status=dg.DefaultScheduleStatus.STOPPED,
        description="Daily Reddit collection: yesterday (final) and today (so far), UTC; off by default.",
    )
    def _schedule(context: dg.ScheduleEvaluationContext):
        today = context.scheduled_execution_time.date()
        for day in (today - timedelta(days=1), today):
            yield dg.RunRequest(run_key=f"reddit-{day.isoformat()}-{today.isoformat()}", partition_key=day.isoformat())

    return _schedule


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

    # Partitioned sources get their own job and schedule: a job mixing partitioned and unpartitioned
    # assets cannot run. Both schedules are stopped by default; turn them on in the UI.
    reddit = dg.AssetSelection.assets(reddit_posts)
    refresh_job = dg.define_asset_job(
        "refresh_all", selection=dg.AssetSelection.all() - reddit,
        description="Model and publish everything (demo, imports, enrichment, topics, marts).",
    )
    reddit_job = dg.define_asset_job(
        "collect_reddit", selection=reddit, partitions_def=reddit_posts.partitions_def,
        description="Collect one day of Reddit posts (backfill older days from the UI).",
    )
    schedules = [
        reddit_daily_schedule(reddit_job),
        dg.ScheduleDefinition(
            name="daily_refresh",
            job=refresh_job,
            cron_schedule="0 2 * * *",  # 09:00 WIB, after the Reddit collection
            execution_timezone="UTC",
            default_status=dg.DefaultScheduleStatus.STOPPED,
            description="Daily refresh of enrichment, topics, marts and the published DB; off by default.",
        ),
    ]
    # Readers rely on a recent published DB; collectors on a recent fetch. The sensor evaluates the
    # checks between runs (it is off by default like the schedules).
    freshness_checks = dg.build_last_update_freshness_checks(
        assets=[publish, reddit_posts], lower_bound_delta=timedelta(hours=36)
    )
    freshness_sensor = dg.build_sensor_for_freshness_checks(
        freshness_checks=freshness_checks, name="freshness_checks_sensor",
        default_status=dg.DefaultSensorStatus.STOPPED,
    )
    return dg.Definitions.merge(
        collection.defs,
        enrichment.defs,
        topics.defs,
        labels.defs,
        dbt_defs,
        dg.Definitions(
            assets=[publish],
            asset_checks=[latest_day_is_not_a_spike, *freshness_checks],
            sensors=[freshness_sensor],
            jobs=[refresh_job, reddit_job],
            schedules=schedules,
            resources={"warehouse": WarehouseResource.from_settings(settings), "reddit": RedditResource()},
        ),
    )


defs = build_definitions()
