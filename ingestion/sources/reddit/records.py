"""Reddit items → source-input rows: whitelisted payload fields, deletion, quarantine of unusable items."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import pandas as pd
import praw

from ingestion.markers import is_deleted_marker
from ingestion.privacy import pseudonymise_payload
from ingestion.records import QUARANTINE_COLUMNS, build_quarantine
from ingestion.sources.reddit.config import PLATFORM, REDDIT_WEB, SOURCE

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
    is_deleted = is_deleted_marker(text) or bool(removed)
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
