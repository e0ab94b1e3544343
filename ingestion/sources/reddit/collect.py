"""Fetching Reddit: search submissions per query, walk their comment trees, refresh recent items by id.

Reddit search cannot filter by date, so each query pages through ``sort="new"`` results and stops at
the first item older than the window. Nothing here opens the warehouse: :func:`collect_reddit` returns
rows in the source-input shape of :func:`ingestion.records.normalise_posts`; storing them is
:func:`ingestion.collect.collect_reddit_partition`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pandas as pd
import praw
from prawcore import exceptions as pex

from ingestion.records import QUARANTINE_COLUMNS
from ingestion.sources.reddit.client import (
    CollectStats,
    RedditAuthError,
    RedditCollectionError,
    UnknownSubredditError,
    _request_count,
    _with_retries,
)
from ingestion.sources.reddit.config import INFO_BATCH, RedditConfig
from ingestion.sources.reddit.records import _record


@dataclass
class CollectResult:
    """Fetched items in the source-input shape of ``normalise_posts`` plus run counters."""

    frame: pd.DataFrame
    stats: CollectStats
    newest_created: datetime | None  # newest submission found by search (the next cursor)
    quarantine: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(QUARANTINE_COLUMNS)))



def _time_filter(lower: datetime, now: datetime) -> str:
    """Smallest Reddit ``t=`` filter that still covers items created since ``lower``."""
    age = now - lower
    for limit, name in (
        (timedelta(hours=1), "hour"),
        (timedelta(days=1), "day"),
        (timedelta(days=7), "week"),
        (timedelta(days=31), "month"),
        (timedelta(days=365), "year"),
    ):
        if age <= limit:
            return name
    return "all"


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# -- collection --------------------------------------------------------------------------------
def validate_subreddits(reddit: praw.Reddit, config: RedditConfig, stats: CollectStats | None = None) -> None:
    """Fail fast with one line when a configured subreddit does not exist (``/r/{name}/about``)."""
    stats = stats or CollectStats()
    for name in config.subreddits:

        def about(name: str = name) -> None:
            sub = reddit.subreddit(name)
            sub._fetch()  # noqa: SLF001 - a plain fetch of /about; attribute access hides errors

        try:
            _with_retries(about, config, stats, f"r/{name}")
        except RedditCollectionError as exc:
            if isinstance(exc, RedditAuthError):
                raise
            raise UnknownSubredditError(f"subreddit r/{name} does not exist or cannot be read ({exc})") from None
        except (pex.NotFound, pex.Redirect, pex.Forbidden):
            raise UnknownSubredditError(f"subreddit r/{name} does not exist or cannot be read") from None


def _search_scopes(config: RedditConfig) -> list[str]:
    scopes = list(config.subreddits)
    if config.sitewide:
        scopes.append("all")
    return scopes


def collect_reddit(
    reddit: praw.Reddit,
    config: RedditConfig,
    start: datetime,
    end: datetime,
    *,
    key: bytes,
    since_cursor: datetime | None = None,
    refetch: Mapping[str, int | None] | Iterable[str] = (),
    now: datetime | None = None,
) -> CollectResult:
    """Collect submissions created in ``[start, end)`` matching the configured queries, with their comments.

    ``since_cursor`` raises the lower bound (an incremental run fetches only newer submissions);
    ``refetch`` names fullnames (optionally mapped to the stored ``num_comments``) to refresh via
    ``/api/info`` in batches of 100; a refreshed submission with new comments gets its tree re-read.
    Items found by several queries appear once (the first query wins). Raises
    :class:`RedditCollectionError` subclasses; nothing is returned for a failed window.
    """
    now = _aware(now or datetime.now(UTC))
    start, end = _aware(start), _aware(end)
    lower = max(start, _aware(since_cursor)) if since_cursor else start
    stats = CollectStats()
    before_requests = _request_count(reddit)
    rows: dict[str, dict[str, Any]] = {}
    newest: datetime | None = None
    matched: dict[str, str] = {}  # submission id36 -> query
    tf = _time_filter(lower, now)
    lo_ts, hi_ts = lower.timestamp(), end.timestamp()

    for query in config.queries:
        for scope in _search_scopes(config):
            what = f"search {query!r} in r/{scope}"
            listing = reddit.subreddit(scope).search(query, sort="new", time_filter=tf, limit=None)
            while True:
                item = _with_retries(lambda listing=listing: next(listing, None), config, stats, what)
                if item is None:
                    break
                if listing._list_index == 1:  # noqa: SLF001 - first item of a page: one request made
                    stats.pages += 1
                rec = _record(item, matched_query=query, origin=what, key=key)
                created = rec["created_at"]
                if created is None or rec["post_id"] is None:
                    # Unidentifiable or undated item: normalise_posts quarantines it with a reason.
                    rows.setdefault(rec["post_id"] or f"?{len(rows)}", rec)
                    continue
                if created >= hi_ts:
                    continue
                if created < lo_ts:
                    break  # sorted newest first: everything after this is older than the window
                if rec["post_id"] not in rows:
                    rows[rec["post_id"]] = rec
                    matched[rec["post_id"].split("_", 1)[1]] = query
                    ts = datetime.fromtimestamp(created, UTC)
                    newest = ts if newest is None or ts > newest else newest

    for id36, query in matched.items():
        _collect_thread(reddit, config, stats, id36, query, rows, key)

    refetch_known = dict(refetch) if isinstance(refetch, Mapping) else dict.fromkeys(refetch)
    pending = [n for n in refetch_known if n not in rows]
    for i in range(0, len(pending), INFO_BATCH):
        batch = pending[i : i + INFO_BATCH]
        items = _with_retries(lambda batch=batch: list(reddit.info(fullnames=batch)), config, stats, "info refetch")
        stats.pages += 1
        for item in items:
            rec = _record(item, matched_query=None, origin="refetch", key=key)
            if rec["post_id"] is None:
                continue
            rows[rec["post_id"]] = rec
            stats.refetched += 1
            known = refetch_known.get(rec["post_id"])
            if rec["kind"] == "submission" and not rec["is_deleted"] and (rec["num_comments"] or 0) > (known or 0):
                _collect_thread(reddit, config, stats, rec["post_id"].split("_", 1)[1], None, rows, key)

    frame = pd.DataFrame(list(rows.values()))
    if not frame.empty:
        stats.submissions = int((frame["kind"] == "submission").sum())
        stats.comments = int((frame["kind"] == "comment").sum())
    stats.items = len(frame)
    stats.requests = _request_count(reddit) - before_requests
    return CollectResult(frame=frame, stats=stats, newest_created=newest)


def _collect_thread(
    reddit: praw.Reddit,
    config: RedditConfig,
    stats: CollectStats,
    id36: str,
    query: str | None,
    rows: dict[str, dict[str, Any]],
    key: bytes,
) -> None:
    """Fetch a submission's comment tree, expanding at most ``more_limit`` ``more`` placeholders."""

    def fetch() -> tuple[Any, list[Any], int]:
        submission = reddit.submission(id=id36)
        skipped = submission.comments.replace_more(limit=config.more_limit)
        return submission, submission.comments.list(), len(skipped)

    submission, comments, skipped = _with_retries(fetch, config, stats, f"comments of t3_{id36}")
    stats.threads += 1
    stats.more_skipped += skipped
    origin = f"comments of t3_{id36}"
    sub_rec = _record(submission, matched_query=query, origin=origin, key=key)
    if sub_rec["post_id"]:
        previous = rows.get(sub_rec["post_id"])
        sub_rec["matched_query"] = (previous or {}).get("matched_query") or query
        rows[sub_rec["post_id"]] = sub_rec  # the thread fetch is fresher than the search listing
    for comment in comments:
        rec = _record(comment, matched_query=query, origin=origin, key=key)
        pid = rec["post_id"] or f"?{len(rows)}"
        if pid not in rows or rows[pid]["kind"] == "comment":
            rec["matched_query"] = rows.get(pid, {}).get("matched_query") or query
            rows[pid] = rec



@dataclass(frozen=True)
class RedditPartitionReport:
    """What one partition run stored."""

    partition: str
    inserted: int
    updated: int
    unchanged: int
    quarantined: int
    stats: CollectStats
    cursor: datetime | None



def partition_window(day: date | str) -> tuple[datetime, datetime]:
    """UTC ``[start, end)`` of a daily partition key (``YYYY-MM-DD``)."""
    d = date.fromisoformat(day) if isinstance(day, str) else day
    start = datetime(d.year, d.month, d.day, tzinfo=UTC)
    return start, start + timedelta(days=1)

