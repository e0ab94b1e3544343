"""The PRAW client: request counting, our bounded retries instead of prawcore's, one-line errors.

Retries (429, 5xx, network errors) use bounded exponential backoff here rather than prawcore's fixed
2-4 s sleeps, so the number of tries and the delays are configuration (tests set them to
milliseconds). prawcore still paces requests from the ``x-ratelimit-*`` headers, and a 429's
``Retry-After`` is honoured up to the backoff cap.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

import pandas as pd
import praw
import prawcore
from prawcore import exceptions as pex

from ingestion.settings import ConfigError
from ingestion.sources.reddit.config import PLATFORM, RedditConfig

log = logging.getLogger(__name__)

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
    from ingestion.sources.reddit.records import quarantine_for_items  # records need no client

    return quarantine_for_items([item], [message])

