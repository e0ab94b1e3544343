"""Automation: the jobs, schedules and sensors, and how a headless run uses the jobs.

Partitioned sources get their own job and schedule: a job mixing partitioned and unpartitioned assets
cannot run. Every schedule and sensor is stopped by default; turn them on in the UI.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import dagster as dg

from ingestion.settings import Settings
from orchestration.defs.collection.reddit import partitions_to_refresh, reddit_posts

PUBLISHED = dg.AssetKey(["publish", "analytics_db"])

collect_reddit = dg.define_asset_job(
    "collect_reddit", selection=dg.AssetSelection.assets(reddit_posts), partitions_def=reddit_posts.partitions_def,
    description="Collect one day of Reddit posts (backfill older days from the UI).",
)
refresh_all = dg.define_asset_job(
    "refresh_all", selection=dg.AssetSelection.all() - dg.AssetSelection.assets(reddit_posts),
    description="Model and publish everything (demo, imports, enrichment, topics, marts).",
)

# How a headless `hapuswatch run` uses the jobs: each partitioned job runs for the partitions its chooser
# returns (settings, first day, last day → partition keys), then the refresh job runs once.
PartitionChooser = Callable[[Settings, date | None, date | None], list[str]]
PARTITIONED_JOBS: dict[str, PartitionChooser] = {collect_reddit.name: partitions_to_refresh}
REFRESH_JOB = refresh_all.name


@dg.schedule(
    job=collect_reddit, cron_schedule="0 1 * * *", execution_timezone="UTC", name="reddit_daily",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Daily Reddit collection: yesterday (final) and today (so far), UTC; off by default.",
)
def reddit_daily(context: dg.ScheduleEvaluationContext):
    """At 01:00 UTC collect the day that just ended (its late posts) and the new day's first posts."""
    today = context.scheduled_execution_time.date()
    for day in (today - timedelta(days=1), today):
        yield dg.RunRequest(run_key=f"reddit-{day.isoformat()}-{today.isoformat()}", partition_key=day.isoformat())


daily_refresh = dg.ScheduleDefinition(
    name="daily_refresh",
    job=refresh_all,
    cron_schedule="0 2 * * *",  # 09:00 WIB, after the Reddit collection
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Daily refresh of enrichment, topics, marts and the published DB; off by default.",
)

# Readers rely on a recent published DB; collectors on a recent fetch. The sensor evaluates the checks
# between runs (off by default like the schedules).
freshness_checks = dg.build_last_update_freshness_checks(
    assets=[PUBLISHED, reddit_posts.key], lower_bound_delta=timedelta(hours=36)
)
freshness_checks_sensor = dg.build_sensor_for_freshness_checks(
    freshness_checks=freshness_checks, name="freshness_checks_sensor",
    default_status=dg.DefaultSensorStatus.STOPPED,
)


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(
        jobs=[refresh_all, collect_reddit],
        schedules=[reddit_daily, daily_refresh],
        sensors=[freshness_checks_sensor],
        asset_checks=freshness_checks,
    )
