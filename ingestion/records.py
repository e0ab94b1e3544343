"""The normalised post record every source produces, and its validation.

Sources build a pandas DataFrame with the *input* columns below (raw author names allowed, any
timestamp format); :func:`normalise_posts` turns it into rows of the raw schema (``POST_COLUMNS``)
and a quarantine frame with one reason per rejected row. It is vectorised: the demo source pushes
a million rows through it.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ingestion.markers import is_deleted_marker
from ingestion.privacy import pseudonymise_author, scrub_handles
from ingestion.warehouse.schema import POST_TABLES, QUARANTINE

# Column order of every raw.<source>_posts table and of raw.quarantine (declared in ingestion.warehouse.schema).
POST_COLUMNS: list[str] = POST_TABLES["demo"].column_names
QUARANTINE_COLUMNS: list[str] = QUARANTINE.column_names

# X/Twitter ids are snowflakes: the top bits are milliseconds since this epoch (2010-11-04T01:42:54.657Z).
SNOWFLAKE_EPOCH_MS = 1288834974657
# Below this an id decodes to less than a day after the snowflake epoch: a pre-2010 sequential id.
MIN_SNOWFLAKE_ID = (86_400_000) << 22
CREATED_AT_FROM_SOURCE = "source"
CREATED_AT_FROM_SNOWFLAKE = "snowflake_id"
SNOWFLAKE_PLATFORMS = frozenset({"x"})
_FLOAT_NOTATION = re.compile(r"^[+-]?\d+(?:\.\d*)?[eE][+-]?\d+$")
_INTEGRAL_DECIMAL = re.compile(r"^(\d+)\.0+$")  # "12345.0": an integer id a float column wrote

# Social media existed before this, but nothing of ours can; later than "now + 1 day" is a clock bug.
EARLIEST_VALID = pd.Timestamp("2004-01-01")
PAYLOAD_PREVIEW_CHARS = 2000


def _utcnow() -> pd.Timestamp:
    return pd.Timestamp(datetime.now(UTC).replace(tzinfo=None))


def parse_timestamps(values: pd.Series) -> pd.Series:
    """Parse mixed timestamps (epoch seconds/ms, ISO strings, datetimes) to naive UTC; NaT if unparsable."""
    if pd.api.types.is_datetime64_any_dtype(values):
        out = pd.to_datetime(values, utc=True, errors="coerce")
        return out.dt.tz_convert(None).astype("datetime64[us]")
    as_obj = values.astype(object)
    numeric = pd.to_numeric(as_obj, errors="coerce")
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us, UTC]")
    is_num = numeric.notna()
    if is_num.any():
        nums = numeric[is_num].astype("float64")
        # Epoch milliseconds (X/TikTok exports) are > 1e11; seconds (Reddit) are not.
        seconds = np.where(nums > 1e11, nums / 1000.0, nums)
        # whole microseconds: fractional epochs (1771241315.53) would otherwise come back as ns
        micros = np.round(seconds * 1e6)
        parsed = pd.to_datetime(micros, unit="us", utc=True, errors="coerce")
        out.loc[is_num] = pd.DatetimeIndex(parsed).as_unit("us")
    rest = ~is_num & as_obj.notna()
    if rest.any():
        text = as_obj[rest].astype(str).str.strip()
        parsed = pd.to_datetime(text, utc=True, errors="coerce", format="mixed")
        out.loc[rest] = pd.DatetimeIndex(parsed).as_unit("us")
    return out.dt.tz_convert(None).astype("datetime64[us]")


def has_invalid_utf8(value: object) -> bool:
    """True for text carrying undecodable bytes (lone surrogates from ``surrogateescape``) or NULs."""
    if not isinstance(value, str):
        return isinstance(value, bytes | bytearray)
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def content_hash(title: object, body: object) -> str:
    """Stable hash of a post's text; downstream stages re-run only when it changes."""
    t = title if isinstance(title, str) else ""
    b = body if isinstance(body, str) else ""
    return hashlib.sha256(f"{t}\n\x1f{b}".encode()).hexdigest()


def quarantine_id(source: str, origin: object, line_no: object, record_id: object, payload: str) -> str:
    parts = ["" if v is None or pd.isna(v) else str(v) for v in (origin, line_no, record_id)]
    key = json.dumps([source, *parts, payload])
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def safe_preview(value: object) -> str:
    """Printable, UTF-8-safe, handle-scrubbed preview of a rejected payload."""
    if isinstance(value, bytes | bytearray):
        text = bytes(value).decode("utf-8", "backslashreplace")
    else:
        text = value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    text = text.replace("\x00", "\\x00")
    return scrub_handles(text[:PAYLOAD_PREVIEW_CHARS]) or ""


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str | bytes | bytearray) and bool(pd.isna(value)))


def _plain(value: object) -> object:
    """JSON-friendly form of a cell (bytes stay visible as escapes)."""
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", "backslashreplace")
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value


def build_quarantine(
    frame: pd.DataFrame,
    reasons: pd.Series,
    *,
    source: str,
    payload_columns: list[str],
    now: pd.Timestamp,
) -> pd.DataFrame:
    """Quarantine rows for ``frame`` (already filtered to rejected rows) with their reasons."""
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in QUARANTINE_COLUMNS})
    cols = [c for c in payload_columns if c in frame.columns]
    raw = frame["raw_payload"] if "raw_payload" in frame.columns else pd.Series(None, index=frame.index)
    payloads = pd.Series(
        [
            safe_preview(r) if r is not None and not (isinstance(r, float) and np.isnan(r))
            else safe_preview({k: _plain(v) for k, v in zip(cols, vals, strict=True) if not _missing(v)})
            for r, vals in zip(raw, frame[cols].itertuples(index=False, name=None), strict=True)
        ],
        index=frame.index,
        dtype=object,
    )
    origin = frame["origin"] if "origin" in frame.columns else pd.Series(None, index=frame.index)
    line_no = frame["line_no"] if "line_no" in frame.columns else pd.Series(None, index=frame.index)
    record_id = frame["post_id"].map(lambda v: safe_preview(v) if isinstance(v, str) and v else None)
    platform = frame["platform"] if "platform" in frame.columns else pd.Series(None, index=frame.index)
    out = pd.DataFrame(
        {
            "source": source,
            "platform": platform.astype(object),
            "origin": origin.astype(object),
            "line_no": pd.to_numeric(line_no, errors="coerce").astype("Int64"),
            "record_id": record_id,
            "reason": reasons.astype(str),
            "payload": payloads,
            "quarantined_at": now,
        },
        index=frame.index,
    )
    out.insert(
        0,
        "quarantine_id",
        [
            quarantine_id(source, o, ln, r, p)
            for o, ln, r, p in zip(out["origin"], out["line_no"], out["record_id"], out["payload"], strict=True)
        ],
    )
    return out.reset_index(drop=True)


def snowflake_created_at(post_ids: pd.Series) -> pd.Series:
    """Creation time (naive UTC) encoded in X/Twitter snowflake ids; NaT where an id is not one."""
    text = post_ids.astype(object).map(lambda v: v if isinstance(v, str) and v.isdigit() and len(v) <= 20 else None)
    out = pd.Series(pd.NaT, index=post_ids.index, dtype="datetime64[us]")
    ok = text.notna()
    if ok.any():
        ids = np.array([int(v) for v in text[ok]], dtype=object)
        is_snowflake = np.array([MIN_SNOWFLAKE_ID <= v < 1 << 63 for v in ids], dtype=bool)
        ms = np.array([(int(v) >> 22) + SNOWFLAKE_EPOCH_MS if f else 0 for v, f in zip(ids, is_snowflake, strict=True)])
        stamps = pd.to_datetime(ms, unit="ms").astype("datetime64[us]")
        idx = text[ok].index[is_snowflake]
        out.loc[idx] = stamps[is_snowflake]
    return out


def is_float_notation_id(value: object) -> bool:
    """``9.79684791217e+17``: an id a spreadsheet or R wrote as a float, its last digits lost."""
    if not isinstance(value, str) or value.isdigit():  # the usual id: no regex needed
        return False
    if _FLOAT_NOTATION.match(value):
        return True
    whole = _INTEGRAL_DECIMAL.match(value)
    return bool(whole) and int(whole.group(1)) >= 2**53  # beyond 2**53 a float keeps no exact integer


def _unescape(value: object) -> object:
    # Exports (X above all) carry HTML entities: "Q&amp;A" is "Q&A".
    return html.unescape(value) if isinstance(value, str) and "&" in value else value


def normalise_posts(
    frame: pd.DataFrame, *, source: str, key: bytes, now: pd.Timestamp | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Validate and normalise source rows into (posts in the raw schema, quarantine rows).

    Input columns: ``platform, post_id, kind, created_at`` (required) and optionally ``parent_id,
    thread_id, community, author, author_pseudonym, title, body, url, score, num_comments,
    is_deleted, is_demo, matched_query, raw_payload, origin, line_no``. Rejected rows: missing id or
    an id in float notation (precision lost), missing/unparsable/implausible ``created_at`` (an X/Twitter
    row without a usable date takes the time encoded in its snowflake id instead, recorded in
    ``created_at_source``), text that is not valid UTF-8, and rows with neither text nor title that
    were not deleted upstream. HTML entities in text are unescaped. Unknown authors (``NA``,
    ``[deleted]``, ...) stay NULL. Duplicate ids in one batch keep the last occurrence (the freshest
    fetch).
    """
    now = now if now is not None else _utcnow()
    df = frame.copy()
    n = len(df)
    for col in ("title", "body", "parent_id", "thread_id", "community", "url", "matched_query", "raw_payload"):
        if col not in df.columns:
            df[col] = None
    if "platform" not in df.columns:
        df["platform"] = None
    if "kind" not in df.columns:
        df["kind"] = "post"

    reasons = pd.Series([None] * n, index=df.index, dtype=object)

    post_id = _normal_ids(df["post_id"] if "post_id" in df.columns else pd.Series([None] * n, index=df.index))
    df["post_id"] = post_id
    reasons[post_id.isna()] = "missing id"
    float_ids = post_id.map(is_float_notation_id).astype(bool)
    if float_ids.any():
        reasons[reasons.isna() & float_ids] = post_id[float_ids].map(
            lambda v: f"id in float notation, precision lost: {safe_preview(v)[:40]!r}"
        )

    platform = _normal_platforms(df["platform"])
    df["platform"] = platform
    reasons[reasons.isna() & platform.isna()] = "missing platform"

    raw_created = df["created_at"] if "created_at" in df.columns else pd.Series([None] * n, index=df.index)
    created = parse_timestamps(raw_created)
    created_source = pd.Series(CREATED_AT_FROM_SOURCE, index=df.index, dtype=object)
    # X/Twitter: a missing or unparsable date is recoverable from the snowflake id
    undated = created.isna() & platform.isin(SNOWFLAKE_PLATFORMS) & reasons.isna()
    if undated.any():
        derived = snowflake_created_at(post_id[undated])
        got = derived.notna()
        created.loc[derived.index[got]] = derived[got]
        created_source.loc[derived.index[got]] = CREATED_AT_FROM_SNOWFLAKE
    missing_created = raw_created.isna() & created.isna()
    bad_created = created.isna() & ~missing_created
    reasons[reasons.isna() & missing_created] = "missing created_at"
    if bad_created.any():
        msgs = raw_created[bad_created].map(lambda v: f"unparsable created_at: {safe_preview(v)[:60]!r}")
        reasons[reasons.isna() & bad_created] = msgs[reasons[bad_created].isna()]
    implausible = created.notna() & ((created < EARLIEST_VALID) | (created > now + timedelta(days=1)))
    reasons[reasons.isna() & implausible] = "implausible created_at (before 2004 or in the future)"

    text_cols = ["title", "body", "community", "url", "post_id", "parent_id", "thread_id"]
    if "author" in df.columns:
        text_cols.append("author")
    bad_text = np.zeros(n, dtype=bool)
    for col in text_cols:
        if not _column_may_be_invalid(df[col]):
            continue  # one C-level check of the whole column spares a call per cell
        bad_text |= df[col].map(has_invalid_utf8).to_numpy(dtype=bool)
    bad_text_s = pd.Series(bad_text, index=df.index)
    reasons[reasons.isna() & bad_text_s] = "text is not valid UTF-8"

    is_deleted = (
        df["is_deleted"].map(lambda v: bool(v) if isinstance(v, bool | np.bool_ | int | np.integer) else False)
        if "is_deleted" in df.columns
        else pd.Series(False, index=df.index)
    ).astype(bool)
    is_deleted = is_deleted | pd.Series(_flags(df["body"], is_deleted_marker), index=df.index)
    has_text = pd.Series(_flags(df["title"], _has_text) | _flags(df["body"], _has_text), index=df.index)
    reasons[reasons.isna() & ~has_text & ~is_deleted] = "no text (empty body and no title)"

    rejected = reasons.notna()
    quarantine = build_quarantine(
        df[rejected],
        reasons[rejected],
        source=source,
        payload_columns=["post_id", "platform", "kind", "created_at", "title", "body", "url"],
        now=now,
    )
    good = df[~rejected].copy()
    good["created_at"] = created[~rejected]
    good["created_at_source"] = created_source[~rejected]
    good["is_deleted"] = is_deleted[~rejected]
    good = good.drop_duplicates(subset=["platform", "post_id"], keep="last")

    # Pseudonymise once per distinct author name: a million posts have far fewer authors.
    if "author" in good.columns:
        authors = good["author"].astype(object)
        mapping = {a: pseudonymise_author(a, key) for a in pd.unique(authors.dropna())}
        pseudonyms = authors.map(mapping)
        if "author_pseudonym" in good.columns:
            pseudonyms = good["author_pseudonym"].where(good["author_pseudonym"].notna(), pseudonyms)
        good["author_pseudonym"] = pseudonyms
        good = good.drop(columns=["author"])
    elif "author_pseudonym" not in good.columns:
        good["author_pseudonym"] = None

    deleted = good["is_deleted"].to_numpy(dtype=bool)
    for col in ("title", "body"):
        values = good[col].where(~deleted, None)
        good[col] = values.map(lambda v: scrub_handles(_unescape(v)) if isinstance(v, str) and v else None)
    good["raw_payload"] = good["raw_payload"].map(_payload_json)
    good["raw_payload"] = good["raw_payload"].where(~deleted, None)

    good["source"] = source
    good["is_demo"] = good["is_demo"].fillna(False).astype(bool) if "is_demo" in good.columns else False
    for col in ("score", "num_comments"):
        good[col] = pd.to_numeric(good[col], errors="coerce").round().astype("Int64") if col in good.columns else pd.NA
    good["kind"] = good["kind"].fillna("post").astype(str)
    good["content_hash"] = [content_hash(t, b) for t, b in zip(good["title"], good["body"], strict=True)]
    good["first_seen_at"] = now
    good["last_seen_at"] = now
    good = good[POST_COLUMNS].reset_index(drop=True)
    return good, quarantine


def normalise_keys(frame: pd.DataFrame) -> pd.DataFrame:
    """The ``(platform, post_id)`` keys :func:`normalise_posts` gives ``frame``'s rows (rows without one left out)."""
    if frame.empty or "post_id" not in frame.columns or "platform" not in frame.columns:
        return pd.DataFrame({"platform": pd.Series(dtype=object), "post_id": pd.Series(dtype=object)})
    keys = pd.DataFrame({"platform": _normal_platforms(frame["platform"]), "post_id": _normal_ids(frame["post_id"])})
    return keys[keys["platform"].notna() & keys["post_id"].notna()].reset_index(drop=True)


def _normal_ids(values: pd.Series) -> pd.Series:
    values = values.astype(object).where(values.notna(), None)
    return values.map(_id_text)


def _normal_platforms(values: pd.Series) -> pd.Series:
    return values.astype(object).map(lambda v: str(v).strip().lower() if isinstance(v, str) else None)


def _id_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:
            return None
        # an integral float id (a JSON number parsed as float) is the integer it spells
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    text = str(value).strip()
    whole = _INTEGRAL_DECIMAL.match(text)
    if whole and int(whole.group(1)) < 2**53:
        return whole.group(1)  # "12345.0" is id 12345, exactly
    return text or None


def _flags(values: pd.Series, test) -> np.ndarray:  # noqa: ANN001 - a predicate
    return np.fromiter((test(v) for v in values), dtype=bool, count=len(values))


def _column_may_be_invalid(values: pd.Series) -> bool:
    """False when no cell can fail :func:`has_invalid_utf8` (all text encodes, no NUL, no bytes)."""
    try:
        # Arrow encodes every string to UTF-8 in C and refuses bytes and lone surrogates.
        arr = pa.array(values, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeEncodeError):
        return True
    return bool(pc.any(pc.match_substring(arr, "\x00")).as_py())


def _has_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _payload_json(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)
    return scrub_handles(text)
