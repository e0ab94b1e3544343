"""Reddit collector: search submissions through PRAW, walk their comment trees, refresh recent items.

The plain-Python API the Dagster asset calls:

* :meth:`RedditConfig.from_env` — credentials and what to collect (queries, subreddits, limits);
* :func:`make_reddit` — a ``praw.Reddit`` that counts its HTTP requests and leaves retries to us;
* :func:`collect_reddit` — fetch one time window into a frame in the source-input shape that
  :func:`ingestion.records.normalise_posts` takes (payloads already pseudonymised);
* :func:`collect_reddit_partition` — one daily partition end to end: read the cursor, fetch, then
  write posts, quarantine rows and the new cursor in one DuckDB transaction.

Reddit search cannot filter by date, so each query pages through ``sort="new"`` results and stops at
the first item older than the window. Retries (429, 5xx, network errors) use bounded exponential
backoff here rather than prawcore's fixed 2-4 s sleeps, so the number of tries and the delays are
configuration (tests set them to milliseconds). prawcore still paces requests from the
``x-ratelimit-*`` headers, and a 429's ``Retry-After`` is honoured up to the backoff cap.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, ClassVar, TypeVar

import pandas as pd
import praw
import prawcore
from prawcore import exceptions as pex

from ingestion.privacy import load_or_create_key, pseudonymise_payload
from ingestion.records import QUARANTINE_COLUMNS, build_quarantine, normalise_posts
from ingestion.settings import ConfigError, Settings
from ingestion.sources.cursor import ensure_state_table, read_cursor, write_cursor
from ingestion.store import connect, ensure_raw_schema, quarantine_rows, upsert_posts

log = logging.getLogger(__name__)

SOURCE = "reddit"
PLATFORM = "reddit"
PARTITION_START = date(2025, 9, 1)
REDDIT_WEB = "https://www.reddit.com"

DEFAULT_QUERIES = (
    "hapus akun facebook",
    "#hapusakunfacebook",
    "hapusakunfacebook",
    "hapus fb",
    "hapus akun fb",
    "deact fb",
    "tinggalkan facebook",
    "keluar dari facebook",
    "Meta AI iklan",
    "delete facebook",
    "#deletefacebook",
    "quit facebook Meta AI",
)
DEFAULT_SUBREDDITS = ("indonesia", "indonesian", "jakarta", "finansial", "IndoTech")
DEFAULT_REFETCH_DAYS = 7
DEFAULT_MORE_LIMIT = 8
INFO_BATCH = 100  # Reddit's /api/info takes at most 100 fullnames per call

# Only these payload fields are kept for audit: a whitelist cannot leak a new author-ish field
# Reddit adds later (flair text, awarder names, ...).
SUBMISSION_FIELDS = (
    "id",
    "name",
    "subreddit",
    "title",
    "selftext",
    "author",
    "author_fullname",
    "created_utc",
    "edited",
    "score",
    "upvote_ratio",
    "num_comments",
    "permalink",
    "url",
    "domain",
    "is_self",
    "over_18",
    "locked",
    "stickied",
    "removed_by_category",
    "link_flair_text",
)
COMMENT_FIELDS = (
    "id",
    "name",
    "subreddit",
    "body",
    "author",
    "author_fullname",
    "created_utc",
    "edited",
    "score",
    "permalink",
    "link_id",
    "parent_id",
    "depth",
    "removed_by_category",
    "stickied",
    "distinguished",
)
DELETED_TEXT = {"[deleted]", "[removed]"}

T = TypeVar("T")


# -- errors ------------------------------------------------------------------------------------
class RedditCollectionError(RuntimeError):
    """A collection run failed; nothing of the failed window was written."""


class RedditAuthError(RedditCollectionError):
    """Reddit rejected the credentials."""


class UnknownSubredditError(RedditCollectionError):
    """A configured subreddit does not exist or cannot be read."""


class MalformedListingError(RedditCollectionError):
    """Reddit answered with a body that is not a usable listing; ``quarantine`` holds what was identified."""

    def __init__(self, message: str, quarantine: pd.DataFrame) -> None:
        super().__init__(message)
        self.quarantine = quarantine


# -- configuration -----------------------------------------------------------------------------
def _split_list(raw: str | None, seps: str) -> tuple[str, ...] | None:
    if raw is None or not raw.strip():
        return None
    text = raw
    for sep in seps[1:]:
        text = text.replace(sep, seps[0])
    return tuple(dict.fromkeys(p.strip() for p in text.split(seps[0]) if p.strip()))


def _int_env(env: Mapping[str, str], name: str, default: int | None) -> int | None:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    if raw.strip().lower() in {"none", "all"}:
        return None
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc
    if value < 0:
        raise ConfigError(f"{name} must be >= 0, got {value}")
    return value


def _float_env(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from exc


@dataclass(frozen=True)
class RedditConfig:
    """Credentials and collection settings. ``repr`` masks secrets so logging a config is safe."""

    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    user_agent: str = "hapuswatch/0.1 (research; https://github.com/hapuswatch)"
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    site: str | None = None
    oauth_url: str | None = None
    reddit_url: str | None = None
    queries: tuple[str, ...] = DEFAULT_QUERIES
    subreddits: tuple[str, ...] = DEFAULT_SUBREDDITS
    sitewide: bool = True
    refetch_days: int = DEFAULT_REFETCH_DAYS
    more_limit: int | None = DEFAULT_MORE_LIMIT
    max_tries: int = 5
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    timeout: float = 16.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> RedditConfig:
        """Read ``REDDIT_*`` credentials and ``HAPUSWATCH_REDDIT_*`` settings (see README)."""
        env = os.environ if environ is None else environ
        queries = _split_list(env.get("HAPUSWATCH_REDDIT_QUERIES"), "|\n")
        subs = _split_list(env.get("HAPUSWATCH_REDDIT_SUBREDDITS"), ",")
        sitewide = (env.get("HAPUSWATCH_REDDIT_SITEWIDE") or "true").strip().lower() not in {"0", "false", "no", "off"}
        return cls(
            client_id=env.get("REDDIT_CLIENT_ID") or None,
            client_secret=env.get("REDDIT_CLIENT_SECRET") or None,
            user_agent=env.get("REDDIT_USER_AGENT") or cls.user_agent,
            username=env.get("REDDIT_USERNAME") or None,
            password=env.get("REDDIT_PASSWORD") or None,
            site=env.get("REDDIT_SITE") or None,
            oauth_url=env.get("REDDIT_OAUTH_URL") or None,
            reddit_url=env.get("REDDIT_URL") or None,
            queries=queries or DEFAULT_QUERIES,
            subreddits=tuple(s.removeprefix("r/") for s in subs) if subs else DEFAULT_SUBREDDITS,
            sitewide=sitewide,
            refetch_days=_int_env(env, "HAPUSWATCH_REDDIT_REFETCH_DAYS", DEFAULT_REFETCH_DAYS) or 0,
            more_limit=_int_env(env, "HAPUSWATCH_REDDIT_MORE_LIMIT", DEFAULT_MORE_LIMIT),
            max_tries=max(1, _int_env(env, "HAPUSWATCH_REDDIT_MAX_TRIES", 5) or 1),
            backoff_base=_float_env(env, "HAPUSWATCH_REDDIT_BACKOFF_BASE", 1.0),
            backoff_max=_float_env(env, "HAPUSWATCH_REDDIT_BACKOFF_MAX", 60.0),
        )

    def __repr__(self) -> str:
        secret = "***" if self.client_secret else None
        password = "***" if self.password else None
        return (
            f"RedditConfig(client_id={self.client_id!r}, client_secret={secret!r}, user_agent={self.user_agent!r}, "
            f"username={self.username!r}, password={password!r}, site={self.site!r}, oauth_url={self.oauth_url!r}, "
            f"reddit_url={self.reddit_url!r}, queries={len(self.queries)}, subreddits={self.subreddits!r}, "
            f"sitewide={self.sitewide}, refetch_days={self.refetch_days}, more_limit={self.more_limit}, "
            f"max_tries={self.max_tries})"
        )

    __str__ = __repr__

    @property
    def has_credentials(self) -> bool:
        return bool(self.site or (self.client_id and self.client_secret))


# -- client ------------------------------------------------------------------------------------
class CountingRequestor(prawcore.Requestor):
    """prawcore requestor that counts HTTP requests (token requests included) for run metadata."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request_count = 0

    def request(self, *args: Any, **kwargs: Any):  # noqa: ANN201 - prawcore's signature
        self.request_count += 1
        return super().request(*args, **kwargs)


@dataclass(frozen=True)
class _NoPrawcoreRetries(prawcore.sessions.FiniteRetryStrategy):
    """Disable prawcore's own retries (fixed 2-4 s sleeps); :func:`_with_retries` does them, bounded."""

    DEFAULT_RETRIES: ClassVar[int] = 0
    retries: int = 0


def make_reddit(config: RedditConfig) -> praw.Reddit:
    """Build a read-only (or script-auth) ``praw.Reddit`` from ``config``.

    Raises ``ConfigError`` without credentials.
    """
    if not config.has_credentials:
        raise ConfigError(
            "Reddit credentials missing: set REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET "
            "(or REDDIT_SITE for a praw.ini site)"
        )
    kwargs: dict[str, Any] = {"check_for_updates": False, "check_for_async": False, "timeout": int(config.timeout)}
    if not config.site:
        kwargs.update(client_id=config.client_id, client_secret=config.client_secret, user_agent=config.user_agent)
        if config.username and config.password:
            kwargs.update(username=config.username, password=config.password)
    elif config.user_agent:
        kwargs["user_agent"] = config.user_agent
    if config.oauth_url:
        kwargs["oauth_url"] = config.oauth_url
    if config.reddit_url:
        kwargs["reddit_url"] = config.reddit_url
    reddit = praw.Reddit(config.site, requestor_class=CountingRequestor, **kwargs)
    for core in (reddit._read_only_core, reddit._authorized_core):  # noqa: SLF001 - no public hook
        if core is not None:
            core._retry_strategy_class = _NoPrawcoreRetries  # noqa: SLF001
    return reddit


def _request_count(reddit: praw.Reddit) -> int:
    counts = set()
    for core in (getattr(reddit, "_read_only_core", None), getattr(reddit, "_authorized_core", None)):
        requestor = getattr(getattr(core, "_requestor", None), "request_count", None)
        if requestor is None and core is not None:
            requestor = getattr(core.requestor, "request_count", None)
        if requestor is not None:
            counts.add((id(core.requestor), requestor))
    return sum(c for _, c in counts)


# -- results -----------------------------------------------------------------------------------
@dataclass
class CollectStats:
    """Counters of one collection run."""

    requests: int = 0
    items: int = 0
    submissions: int = 0
    comments: int = 0
    refetched: int = 0
    retries: int = 0
    pages: int = 0
    threads: int = 0
    more_skipped: int = 0


@dataclass
class CollectResult:
    """Fetched items in the source-input shape of ``normalise_posts`` plus run counters."""

    frame: pd.DataFrame
    stats: CollectStats
    newest_created: datetime | None  # newest submission found by search (the next cursor)
    quarantine: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(QUARANTINE_COLUMNS)))


# -- retries -----------------------------------------------------------------------------------
def _status(exc: BaseException) -> int | None:
    response = getattr(exc, "response", None)
    return getattr(response, "status_code", None)


def _is_token_failure(exc: BaseException) -> bool:
    if isinstance(exc, pex.OAuthException):
        return True
    response = getattr(exc, "response", None)
    url = str(getattr(response, "url", "") or "")
    return _status(exc) in {400, 401} and "access_token" in url


def _retry_delay(exc: BaseException, attempt: int, config: RedditConfig) -> float:
    delay = min(config.backoff_max, config.backoff_base * (2**attempt))
    response = getattr(exc, "response", None)
    retry_after = getattr(response, "headers", {}).get("retry-after") if response is not None else None
    if retry_after:
        with contextlib.suppress(ValueError):
            delay = max(delay, min(float(retry_after), config.backoff_max))
    return delay


def _with_retries(fn: Callable[[], T], config: RedditConfig, stats: CollectStats, what: str) -> T:
    """Call ``fn``; retry 429, 5xx and network errors with bounded exponential backoff.

    Turns the other failures into one-line errors: bad credentials, unknown subreddit, malformed body.
    """
    attempt = 0
    while True:
        try:
            return fn()
        except (pex.OAuthException, pex.ResponseException, pex.RequestException) as exc:
            if _is_token_failure(exc):
                raise RedditAuthError(
                    "Reddit rejected the credentials (token endpoint answered "
                    f"{_status(exc) or 'an OAuth error'}): check REDDIT_CLIENT_ID / REDDIT_CLIENT_SECRET"
                    " / REDDIT_USERNAME / REDDIT_PASSWORD"
                ) from None
            if isinstance(exc, pex.BadJSON):
                msg = f"malformed response from Reddit for {what}: body is not JSON"
                raise MalformedListingError(msg, _listing_quarantine(what, msg)) from None
            status = _status(exc)
            retryable = isinstance(exc, pex.RequestException) or status == 429 or (status or 0) >= 500
            if not retryable or attempt + 1 >= config.max_tries:
                detail = f"HTTP {status}" if status else type(getattr(exc, "original_exception", exc)).__name__
                raise RedditCollectionError(
                    f"Reddit request for {what} failed after {attempt + 1} tries: {detail}"
                ) from None
            delay = _retry_delay(exc, attempt, config)
            log.warning(
                "Reddit %s for %s; retry %d in %.2fs",
                status or repr(getattr(exc, "original_exception", exc)),
                what,
                attempt + 1,
                delay,
            )
            stats.retries += 1
            attempt += 1
            time.sleep(delay)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
            # PRAW raises these while turning an unexpected body into objects.
            msg = f"malformed listing from Reddit for {what}: {type(exc).__name__}: {str(exc)[:120]}"
            raise MalformedListingError(msg, _listing_quarantine(what, msg)) from None


def _listing_quarantine(what: str, message: str) -> pd.DataFrame:
    # The body itself is not kept: it is unparsable, so its author fields cannot be pseudonymised.
    item = {
        "post_id": None,
        "platform": PLATFORM,
        "origin": what,
        "line_no": None,
        "raw_payload": {"request": what, "error": message},
    }
    return quarantine_for_items([item], [message])


def _empty_quarantine() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in QUARANTINE_COLUMNS})


# -- item extraction ---------------------------------------------------------------------------
def _payload(obj: object, fields: Iterable[str]) -> dict[str, Any]:
    """Whitelisted attributes of a PRAW object without triggering a lazy fetch."""
    data = vars(obj)
    out: dict[str, Any] = {}
    for name in fields:
        if name not in data:
            continue
        value = data[name]
        if isinstance(value, praw.models.Redditor | praw.models.Subreddit):
            value = str(value)
        out[name] = value
    return out


def _record(obj: object, *, matched_query: str | None, origin: str, key: bytes) -> dict[str, Any]:
    """One source-input row for a submission or comment (author raw; payload pseudonymised)."""
    is_comment = isinstance(obj, praw.models.Comment)
    payload = _payload(obj, COMMENT_FIELDS if is_comment else SUBMISSION_FIELDS)
    fullname = payload.get("name") or (f"{'t1' if is_comment else 't3'}_{payload['id']}" if payload.get("id") else None)
    text = payload.get("body") if is_comment else payload.get("selftext")
    removed = payload.get("removed_by_category")
    is_deleted = (isinstance(text, str) and text.strip() in DELETED_TEXT) or bool(removed)
    permalink = payload.get("permalink")
    created = payload.get("created_utc")
    return {
        "platform": PLATFORM,
        "post_id": fullname,
        "kind": "comment" if is_comment else "submission",
        "parent_id": payload.get("parent_id") if is_comment else None,
        "thread_id": payload.get("link_id") if is_comment else fullname,
        "community": payload.get("subreddit"),
        "author": payload.get("author"),
        "title": None if is_comment else payload.get("title"),
        "body": text if text != "" else None,
        "url": f"{REDDIT_WEB}{permalink}" if isinstance(permalink, str) and permalink.startswith("/") else permalink,
        "score": payload.get("score"),
        "num_comments": None if is_comment else payload.get("num_comments"),
        # Whole seconds: Reddit sends integral floats, and records.parse_timestamps rejects sub-µs epochs.
        "created_at": int(created) if isinstance(created, int | float) else None,
        "is_deleted": is_deleted,
        "matched_query": matched_query,
        "raw_payload": pseudonymise_payload(payload, key),
        "origin": origin,
    }


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


# -- partitions --------------------------------------------------------------------------------
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


def refetch_candidates(con, *, now: datetime, days: int) -> dict[str, int | None]:
    """Fullnames (with stored ``num_comments``) of Reddit items created in the last ``days`` days, not deleted."""
    if days <= 0:
        return {}
    since = (_aware(now) - timedelta(days=days)).astimezone(UTC).replace(tzinfo=None)
    rows = con.execute(
        "select post_id, num_comments from raw.reddit_posts where created_at >= ? and not is_deleted "
        "order by created_at",
        [since],
    ).fetchall()
    return {pid: n for pid, n in rows}


def partition_window(day: date | str) -> tuple[datetime, datetime]:
    """UTC ``[start, end)`` of a daily partition key (``YYYY-MM-DD``)."""
    d = date.fromisoformat(day) if isinstance(day, str) else day
    start = datetime(d.year, d.month, d.day, tzinfo=UTC)
    return start, start + timedelta(days=1)


def collect_reddit_partition(
    settings: Settings,
    config: RedditConfig,
    day: date | str,
    *,
    reddit: praw.Reddit | None = None,
    now: datetime | None = None,
) -> RedditPartitionReport:
    """Collect one daily partition and store it atomically (posts, quarantine, cursor in one transaction).

    The cursor (newest submission stored for the day) makes a re-run fetch only newer submissions;
    items created in the last ``refetch_days`` are refreshed by the newest partitions (today's and
    yesterday's), so a run over the whole re-fetch window refreshes them once or twice, not per day. On
    any failure nothing of this partition is written, except quarantine rows of a malformed listing.
    """
    now = _aware(now or datetime.now(UTC))
    start, end = partition_window(day)
    scope = start.date().isoformat()
    key = load_or_create_key(settings.data_dir)
    with connect(settings.warehouse_path) as con:
        ensure_raw_schema(con)
        ensure_state_table(con)
        cursor = read_cursor(con, SOURCE, scope)
        # Refresh recent items once per run, not once per partition: only the newest partitions do it.
        recent = end >= now - timedelta(days=1)
        refetch = refetch_candidates(con, now=now, days=config.refetch_days) if recent else {}
    # The warehouse is closed while we talk to Reddit: other writers are not blocked by the network.
    reddit = reddit or make_reddit(config)
    requests_before = _request_count(reddit)
    try:
        stats = CollectStats()
        validate_subreddits(reddit, config, stats)
        result = collect_reddit(
            reddit,
            config,
            start,
            end,
            key=key,
            since_cursor=cursor.replace(tzinfo=UTC) if cursor else None,
            refetch=refetch,
            now=now,
        )
        result.stats.retries += stats.retries
        result.stats.requests = _request_count(reddit) - requests_before
    except MalformedListingError as exc:
        if not exc.quarantine.empty:
            with connect(settings.warehouse_path) as con:
                quarantine_rows(con, exc.quarantine)
        raise
    posts, quarantine = (
        normalise_posts(result.frame, source=SOURCE, key=key)
        if not result.frame.empty
        else (pd.DataFrame(), _empty_quarantine())
    )
    new_cursor = result.newest_created.astimezone(UTC).replace(tzinfo=None) if result.newest_created else None
    with connect(settings.warehouse_path) as con:
        con.execute("begin transaction")
        try:
            stats_up = upsert_posts(con, SOURCE, posts) if not posts.empty else None
            q = quarantine_rows(con, quarantine) if not quarantine.empty else 0
            if new_cursor is not None:
                write_cursor(con, SOURCE, scope, new_cursor)
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        stored_cursor = read_cursor(con, SOURCE, scope)
    return RedditPartitionReport(
        partition=scope,
        inserted=stats_up.inserted if stats_up else 0,
        updated=stats_up.updated if stats_up else 0,
        unchanged=stats_up.unchanged if stats_up else 0,
        quarantined=q,
        stats=result.stats,
        cursor=stored_cursor,
    )


def quarantine_for_items(items: list[dict[str, Any]], reasons: list[str]) -> pd.DataFrame:
    """Quarantine rows for identified items of a malformed listing (payloads already pseudonymised)."""
    if not items:
        return _empty_quarantine()
    frame = pd.DataFrame(items)
    return build_quarantine(
        frame,
        pd.Series(reasons, index=frame.index),
        source=SOURCE,
        payload_columns=["post_id", "kind", "created_at"],
        now=pd.Timestamp(datetime.now(UTC).replace(tzinfo=None)),
    )
