"""Mapping an export's columns to post records: roles (id, text, created, ...), platform, payloads."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ingestion.privacy import is_person_column, pseudonymise_author, pseudonymise_payload, scrub_handles
from ingestion.sources.files.detect import ImportFileError

# Column names recognised without flags, by role (first match wins, case-insensitive).
ROLE_CANDIDATES: dict[str, tuple[str, ...]] = {
    "id": ("id", "id_str", "tweet_id", "item_id", "post_id", "video_id"),
    "text": ("text", "full_text", "body", "content", "description", "message", "caption"),
    "created": ("created", "created_at", "date", "timestamp", "timestamp_utc", "unix_timestamp", "create_time"),
    "author": ("author", "username", "user", "screen_name", "author_username", "user_name", "author_name"),
    "url": ("url", "permalink", "tweet_url", "link", "post_url", "web_url"),
    "title": ("title", "subject"),
    "thread": ("thread_id", "conversation_id_str", "conversation_id"),
    "parent": ("parent_id", "in_reply_to_status_id_str", "in_reply_to_id", "reply_to"),
    "score": ("favorite_count", "favoritecount", "like_count", "likes", "score", "digg_count", "reactions"),
    "replies": ("reply_count", "comment_count", "num_comments", "comments"),
    "community": ("subreddit", "group", "community", "channel_name", "board"),
    "platform": ("platform", "datasource", "source_platform"),
}
REQUIRED_ROLES = ("id", "text", "created")
MAPPABLE_ROLES = ("id", "text", "created", "author", "url")
DEFAULT_PLATFORM = {"tweet-harvest": "x"}
PLATFORM_ALIASES = {"twitter": "x", "tweets": "x", "twitterv2": "x", "fb": "facebook", "ig": "instagram"}
_DROP_KEYS = re.compile(r"^(location|image_url|profile_image_url|avatar|user_location)$", re.I)
_X_STATUS_URL = re.compile(r"(?i)\b(?:mobile\.)?(?:x|twitter)\.com/[A-Za-z0-9_]{1,30}/status/")

# Export URLs tell the platform when the file does not say it (4CAT TikTok/X exports, generic CSVs).
URL_PLATFORMS = {
    "tiktok.com": "tiktok", "x.com": "x", "twitter.com": "x", "facebook.com": "facebook", "fb.com": "facebook",
    "instagram.com": "instagram", "youtube.com": "youtube", "youtu.be": "youtube", "reddit.com": "reddit",
    "threads.net": "threads", "threads.com": "threads", "bsky.app": "bluesky", "t.me": "telegram",
}
_URL_HOST = re.compile(r"^[a-z][a-z0-9+.-]*://(?:www\.|m\.|mobile\.|web\.|vm\.|old\.)?([^/:?#]+)", re.IGNORECASE)


def normalise_platform_name(name: str | None) -> str | None:
    """``Twitter`` → ``x``, ``fb`` → ``facebook``; ``None`` for blank."""
    if not isinstance(name, str) or not name.strip():
        return None
    key = name.strip().lower().split("-")[0].split(".")[0]
    return PLATFORM_ALIASES.get(key, key)


def sanitise_url(value: object) -> object:
    """Drop the author handle from post URLs (``x.com/i/status/<id>`` still resolves)."""
    if not isinstance(value, str):
        return value
    if "/status/" in value:
        value = _X_STATUS_URL.sub("x.com/i/status/", value)
    return scrub_handles(value)


def resolve_columns(columns: Sequence[str], mapping: Mapping[str, str] | None, path: Path) -> dict[str, str]:
    """Map roles (id, text, created, author, url, ...) to file columns; error if a required one is missing."""
    lower = {str(c).lower(): str(c) for c in columns}
    out: dict[str, str] = {}
    for role, candidates in ROLE_CANDIDATES.items():
        wanted = (mapping or {}).get(role)
        if wanted:
            if wanted not in columns and wanted.lower() not in lower:
                raise ImportFileError(f"{path.name}: column {wanted!r} given for {role} is not in the file")
            out[role] = wanted if wanted in columns else lower[wanted.lower()]
            continue
        for cand in candidates:
            if cand in lower:
                out[role] = lower[cand]
                break
    missing = [r for r in REQUIRED_ROLES if r not in out]
    if missing:
        hints = "; ".join(f"{r}: one of {', '.join(ROLE_CANDIDATES[r][:6])} (or --{r}-col)" for r in missing)
        raise ImportFileError(f"{path.name}: missing required column(s) — {hints}")
    return out


def platform_from_urls(urls: pd.Series) -> pd.Series:
    """Platform per row from its URL's host (``None`` where the host is unknown or there is no URL)."""

    def one(v: object) -> object:
        m = _URL_HOST.match(v.strip()) if isinstance(v, str) else None
        if not m:
            return None
        host = m.group(1).lower()
        for domain, name in URL_PLATFORMS.items():
            if host == domain or host.endswith("." + domain):
                return name
        return None

    return urls.map(one)


def _safe_text(v: object) -> object:
    # Payload strings must be valid UTF-8 JSON; undecodable bytes become visible escapes there.
    if isinstance(v, str) and not v.isascii():
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:
            return v.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return v


def _is_str(values: pd.Series) -> np.ndarray:
    """Which cells are text; one C-level type scan when the column holds only text and NULLs (the usual)."""
    if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        return values.notna().to_numpy(dtype=bool)
    return np.fromiter((isinstance(v, str) for v in values), dtype=bool, count=len(values))


def _lookup(values: pd.Series, mask: np.ndarray, mapping: dict, default: pd.Series | None) -> pd.Series:
    """``mapping[v]`` where ``mask``, else ``default`` (or None): one hash-table lookup in C for the column.

    An object index keeps keys as they are (text with undecodable-byte escapes included).
    """
    out = default.copy() if default is not None else pd.Series([None] * len(values), index=values.index, dtype=object)
    if mask.any():
        keys = pd.Index(list(mapping), dtype=object)
        mapped = np.array(list(mapping.values()), dtype=object)
        out[mask] = mapped[keys.get_indexer(pd.Index(values[mask].to_numpy(dtype=object), dtype=object))]
    return out


def payloads(frame: pd.DataFrame, key: bytes, person_columns: Sequence[str] = ()) -> list[dict]:
    """Per-row audit payloads: person fields pseudonymised, location-like fields dropped, handles scrubbed."""
    data = frame.drop(columns=[c for c in frame.columns if c == "line_no" or _DROP_KEYS.search(str(c))])
    out = {}
    for col in data.columns:
        values = data[col].astype(object)
        all_text = pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty")
        is_str = values.notna().to_numpy(dtype=bool) if all_text else _is_str(values)
        if col in person_columns or is_person_column(col):
            keep = is_str if all_text else is_str | np.fromiter(
                (isinstance(v, int) and not isinstance(v, bool) for v in values), dtype=bool, count=len(values)
            )
            uniq = {v: pseudonymise_author(v, key) for v in pd.unique(values[keep])}
            values = _lookup(values, keep, uniq, None)  # anything else (None, lists) becomes NULL
        else:
            # Distinct values only: export columns repeat a lot (lang, counts, empty fields).
            uniq = {v: sanitise_url(_safe_text(v)) for v in pd.unique(values[is_str])}
            values = _lookup(values, is_str, uniq, values)
            nested = None if all_text else values.map(lambda v: isinstance(v, dict | list))
            if nested is not None and nested.any():
                values = values.where(~nested, values[nested].map(lambda v: pseudonymise_payload(v, key)))
        out[col] = values.where(values.notna(), None)
    cols = list(out)
    rows = zip(*(out[c].tolist() for c in cols), strict=True) if cols else iter(())
    return [{c: v for c, v in zip(cols, r, strict=True) if v is not None} for r in rows]


def _to_epoch_where_parsable(values: pd.Series, fmt: str | None) -> pd.Series:
    """Pre-parse timestamps in bulk; unparsed cells stay as they are so normalise_posts reports them."""
    text = values.astype(object)
    as_str = text.map(lambda v: v.strip() if isinstance(v, str) else None)
    parsed = pd.to_datetime(as_str, utc=True, errors="coerce", format=fmt or "ISO8601")
    if parsed.isna().all() and fmt is None:
        return text
    ok = parsed.notna()
    secs = parsed[ok].astype("datetime64[us, UTC]").astype("int64") // 1_000_000
    out = text.copy()
    out[ok] = secs.astype(object)
    return out


def _id_cell(v: object) -> object:
    if v is None:
        return None
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return v  # records.normalise_posts tells an integral float from a lossy one
    return str(v).strip() or None


def input_frame(
    df: pd.DataFrame, roles: dict[str, str], fmt: str, platform: str | None, origin: str, key: bytes, path: Path
) -> pd.DataFrame:
    """An export chunk in the source-input shape of :func:`ingestion.records.normalise_posts`."""
    n = len(df)

    def col(role: str) -> pd.Series:
        name = roles.get(role)
        if name is None or name not in df.columns:
            return pd.Series([None] * n, index=df.index, dtype=object)
        return df[name].astype(object).where(df[name].notna(), None)

    if platform:
        plat = pd.Series(platform, index=df.index, dtype=object)
    elif "platform" in roles:
        plat = col("platform").map(normalise_platform_name)
        if plat.isna().all():
            raise ImportFileError(f"{path.name}: the {roles['platform']} column is empty; pass --platform")
    else:
        plat = platform_from_urls(col("url"))
        if plat.isna().all():
            raise ImportFileError(
                f"{path.name}: {fmt} export has no platform/datasource column and its URLs do not name one; "
                "pass --platform NAME (or drop the file into imports/<platform>/)"
            )

    post_id = col("id").map(_id_cell)
    thread = col("thread").map(_id_cell)
    parent = col("parent").map(_id_cell)
    is_reply = parent.notna() | (thread.notna() & (thread != post_id))
    created_fmt = "%a %b %d %H:%M:%S %z %Y" if fmt == "tweet-harvest" else None
    frame = pd.DataFrame(
        {
            "platform": plat,
            "post_id": post_id,
            "kind": np.where(is_reply, "reply", "post"),
            "parent_id": parent,
            "thread_id": thread.where(thread.notna(), post_id),
            "community": col("community"),
            "author": col("author"),
            "title": col("title"),
            "body": col("text"),
            "url": col("url").map(sanitise_url),
            "score": col("score"),
            "num_comments": col("replies"),
            "created_at": _to_epoch_where_parsable(col("created"), created_fmt),
            "origin": origin,
            "line_no": df["line_no"].to_numpy() if "line_no" in df.columns else np.arange(1, n + 1),
        },
        index=df.index,
    )
    frame["raw_payload"] = payloads(df, key, [roles["author"]] if "author" in roles else [])
    return frame
