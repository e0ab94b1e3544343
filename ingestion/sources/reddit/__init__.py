"""Reddit source: search submissions through PRAW, walk their comment trees, refresh recent items.

* :mod:`~ingestion.sources.reddit.config` — :class:`RedditConfig` from the environment;
* :mod:`~ingestion.sources.reddit.client` — :func:`make_reddit`, bounded retries, one-line errors;
* :mod:`~ingestion.sources.reddit.records` — PRAW items → source-input rows (payloads pseudonymised);
* :mod:`~ingestion.sources.reddit.collect` — :func:`collect_reddit`: one time window, fetched.

Storing a partition (cursor, posts, rejects in one transaction) is
:func:`ingestion.collect.collect_reddit_partition`; this package never opens the warehouse.
"""

from ingestion.sources.reddit.client import (
    CollectStats,
    MalformedListingError,
    RedditAuthError,
    RedditCollectionError,
    UnknownSubredditError,
    make_reddit,
)
from ingestion.sources.reddit.client import _request_count as request_count
from ingestion.sources.reddit.collect import (
    CollectResult,
    RedditPartitionReport,
    collect_reddit,
    partition_window,
    validate_subreddits,
)
from ingestion.sources.reddit.config import (
    DEFAULT_QUERIES,
    DEFAULT_SUBREDDITS,
    PARTITION_START,
    PLATFORM,
    SOURCE,
    RedditConfig,
)
from ingestion.sources.reddit.records import quarantine_for_items


def collect_reddit_partition(*args, **kwargs):  # noqa: ANN002, ANN003, ANN201 - see ingestion.collect
    """Kept for callers of the old module: :func:`ingestion.collect.collect_reddit_partition`."""
    from ingestion.collect import collect_reddit_partition as run

    return run(*args, **kwargs)


__all__ = [
    "DEFAULT_QUERIES", "DEFAULT_SUBREDDITS", "PARTITION_START", "PLATFORM", "SOURCE", "CollectResult", "CollectStats",
    "MalformedListingError", "RedditAuthError", "RedditCollectionError", "RedditConfig", "RedditPartitionReport",
    "UnknownSubredditError", "collect_reddit", "collect_reddit_partition", "make_reddit", "partition_window",
    "quarantine_for_items", "request_count", "validate_subreddits",
]
