"""Reddit as a Dagster asset: daily partitions of matched submissions and their comments into ``raw.reddit_posts``."""


import dataclasses

import dagster as dg

from ingestion import warehouse as wh
from ingestion.collect import collect_reddit_partition
from ingestion.sources.reddit import PARTITION_START, RedditCollectionError, RedditConfig
from orchestration.defs.collection.metadata import collection_metadata, disabled_source_result
from orchestration.resources import SourcesResource, WarehouseResource, env_or

# end_offset=1: today's partition exists while the day is in progress, so new posts arrive the same day.
reddit_partitions = dg.DailyPartitionsDefinition(
    start_date=PARTITION_START.isoformat(), timezone="UTC", end_offset=1
)


class RedditResource(dg.ConfigurableResource):
    """Reddit API access through PRAW. Unset fields fall back to ``REDDIT_*`` / ``HAPUSWATCH_REDDIT_*``.

    Tests point ``oauth_url`` / ``reddit_url`` at the local fake Reddit (``testing/fake_reddit.py``).
    """

    client_id: str | None = None
    client_secret: str | None = None
    user_agent: str | None = None
    username: str | None = None
    password: str | None = None
    oauth_url: str | None = None
    reddit_url: str | None = None

    def reddit_config(self) -> RedditConfig:
        base = RedditConfig.from_env()
        overrides = {k: v for k, v in {
            "client_id": self.client_id, "client_secret": self.client_secret, "user_agent": self.user_agent,
            "username": self.username, "password": self.password, "oauth_url": self.oauth_url,
            "reddit_url": self.reddit_url,
        }.items() if v}
        return dataclasses.replace(base, **overrides)

    @classmethod
    def from_env(cls) -> "RedditResource":
        """Each credential read with ``dg.EnvVar`` when its ``REDDIT_*`` variable is set (shown in the UI)."""
        return cls(**{field: env_or(var) for field, var in REDDIT_ENV.items()})


# RedditResource field → the variable RedditConfig.from_env reads for it.
REDDIT_ENV = {
    "client_id": "REDDIT_CLIENT_ID", "client_secret": "REDDIT_CLIENT_SECRET", "user_agent": "REDDIT_USER_AGENT",
    "username": "REDDIT_USERNAME", "password": "REDDIT_PASSWORD", "oauth_url": "REDDIT_OAUTH_URL",
    "reddit_url": "REDDIT_URL",
}


@dg.asset(
    key=["raw", "reddit_posts"],
    group_name="raw",
    kinds={"python", "duckdb", "reddit"},
    partitions_def=reddit_partitions,
    description=(
        "Reddit submissions matching the configured queries (created on the partition day, UTC) with their "
        "comment trees; items of the last HAPUSWATCH_REDDIT_REFETCH_DAYS re-fetched for scores, edits and "
        "deletions. Authors pseudonymised. Only ensures the table when `reddit` is not in HAPUSWATCH_SOURCES."
    ),
)
def reddit_posts(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, sources: SourcesResource, reddit: RedditResource
) -> dg.MaterializeResult:
    """One daily partition of Reddit posts and comments, keyed (platform, post_id)."""
    if not sources.is_enabled("reddit"):
        with warehouse.connect() as con:
            return disabled_source_result(con, "reddit")
    config = reddit.reddit_config()
    context.log.info("collecting Reddit partition %s with %r", context.partition_key, config)
    try:
        report = collect_reddit_partition(warehouse.settings, config, context.partition_key)
    except RedditCollectionError as exc:
        raise dg.Failure(description=str(exc)) from None
    s = report.stats
    with warehouse.connect() as con:
        meta = collection_metadata(
            con, "reddit",
            wh.StoreReport(wh.UpsertStats(report.inserted, report.updated, report.unchanged),
                           report.quarantined, report.quarantined),
            requests=dg.MetadataValue.int(s.requests), retries=dg.MetadataValue.int(s.retries),
            submissions=dg.MetadataValue.int(s.submissions), comments=dg.MetadataValue.int(s.comments),
            refetched=dg.MetadataValue.int(s.refetched), more_skipped=dg.MetadataValue.int(s.more_skipped),
            cursor=str(report.cursor) if report.cursor else "none",
        )
    return dg.MaterializeResult(metadata=meta)


def partitions_to_refresh(settings, start=None, end=None) -> list[str]:
    """Daily partitions a headless run collects: an explicit range, else the re-fetch window up to today.

    A scheduled/headless run fetches what is new (today) and refreshes the last
    HAPUSWATCH_REDDIT_REFETCH_DAYS days (scores, edits, deletions). Older history is a backfill:
    `hapuswatch run --from 2025-09-01` or a backfill in the Dagster UI.
    """
    from datetime import UTC, datetime, timedelta

    if "reddit" not in settings.sources:
        return []
    today = datetime.now(UTC).date()
    last = min(end or today, today)
    first = start or (today - timedelta(days=max(RedditConfig.from_env().refetch_days, 0)))
    first = max(first, PARTITION_START)
    days = (last - first).days
    return [(first + timedelta(days=i)).isoformat() for i in range(days + 1)] if days >= 0 else []
