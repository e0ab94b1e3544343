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
from pandas._libs import lib

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


def content_hashes(titles, bodies) -> list[str]:  # noqa: ANN001 - any two iterables of cells
    """Stable hash of each post's text; downstream stages re-run only when it changes.

    One loop for a whole column pair: a function call per row cost as much as the hash itself.
    """
    return [
        hashlib.sha256(f"{t if isinstance(t, str) else ''}\n\x1f{b if isinstance(b, str) else ''}".encode()).hexdigest()
        for t, b in zip(titles, bodies, strict=True)
    ]


def content_hash(title: object, body: object) -> str:
    """:func:`content_hashes` of one post."""
    return content_hashes([title], [body])[0]


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

    raw_ids = df["post_id"] if "post_id" in df.columns else pd.Series([None] * n, index=df.index)
    plain = _plain_ids(raw_ids)
    post_id = _normal_ids(raw_ids, plain)
    df["post_id"] = post_id
    reasons[post_id.isna()] = "missing id"
    # a plain id (letters/digits/_/-, or all digits) is never in float notation
    float_ids = pd.Series(~plain, index=df.index)
    if float_ids.any():
        float_ids[float_ids] = [is_float_notation_id(v) for v in post_id[float_ids]]
    float_ids = float_ids.astype(bool)
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
    cells = {col: _str_cells(df[col]) for col in text_cols}  # each column's cells sorted once
    bad_text = np.zeros(n, dtype=bool)
    for col in text_cols:
        bad_text |= _invalid_utf8(cells[col])
    bad_text_s = pd.Series(bad_text, index=df.index)
    reasons[reasons.isna() & bad_text_s] = "text is not valid UTF-8"

    if "is_deleted" not in df.columns:
        is_deleted = pd.Series(False, index=df.index)
    elif pd.api.types.is_bool_dtype(df["is_deleted"]) and not df["is_deleted"].hasnans:
        is_deleted = df["is_deleted"].astype(bool)
    else:
        is_deleted = df["is_deleted"].map(
            lambda v: bool(v) if isinstance(v, bool | np.bool_ | int | np.integer) else False
        ).astype(bool)
    is_deleted = is_deleted | pd.Series(_deleted_markers(cells["body"]), index=df.index)
    has_text = pd.Series(_has_texts(cells["title"]) | _has_texts(cells["body"]), index=df.index)
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
        good[col] = _per_text(good[col], lambda v: scrub_handles(_unescape(v)) if v else None, "&|u/|@", deleted)
    good["raw_payload"] = _per_text(good["raw_payload"], _payload_json, "u/|@", deleted, others=_payload_json)

    good["source"] = source
    good["is_demo"] = good["is_demo"].fillna(False).astype(bool) if "is_demo" in good.columns else False
    for col in ("score", "num_comments"):
        good[col] = pd.to_numeric(good[col], errors="coerce").round().astype("Int64") if col in good.columns else pd.NA
    good["kind"] = good["kind"].fillna("post").astype(str)
    good["content_hash"] = content_hashes(good["title"].to_numpy(dtype=object), good["body"].to_numpy(dtype=object))
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


# An id that :func:`_id_text` leaves as it is and that is never in float notation (RE2: ASCII classes).
_PLAIN_ID = r"^(?:[A-Za-z_][A-Za-z0-9_\-]*|[0-9]+)$"


def _objects(values, index: pd.Index | None = None) -> pd.Series:  # noqa: ANN001 - any iterable
    """An object Series (no string-dtype inference: later per-cell steps iterate plain Python objects)."""
    out = np.fromiter(values, dtype=object) if not isinstance(values, np.ndarray) else values
    return pd.Series(out, index=index, dtype=object)


def _str_cells(values: pd.Series) -> tuple[np.ndarray, np.ndarray, pa.Array | None]:
    """(cells as objects, which are str, those cells as an Arrow string array with nulls elsewhere).

    The Arrow array is ``None`` when some str cell cannot be encoded (lone surrogates): callers then
    test those cells one by one.
    """
    obj = values.to_numpy(dtype=object)
    if lib.is_string_array(obj, skipna=True):  # one C pass: every cell is str or missing
        is_str = ~pd.isna(obj)
        cells = obj
    else:
        is_str = np.fromiter((isinstance(v, str) for v in obj), dtype=bool, count=len(obj))
        cells = np.where(is_str, obj, None)
    try:
        arr = pa.array(cells, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeEncodeError):
        arr = None
    return obj, is_str, arr


def _where(mask: pa.Array) -> np.ndarray:
    return pc.fill_null(mask, False).to_numpy(zero_copy_only=False).astype(bool)


def _plain_ids(values: pd.Series) -> np.ndarray:
    obj, is_str, arr = _str_cells(values)
    if arr is None:
        return np.zeros(len(obj), dtype=bool)
    return is_str & _where(pc.match_substring_regex(arr, _PLAIN_ID))


def _normal_ids(values: pd.Series, plain: np.ndarray | None = None) -> pd.Series:
    """Each cell through :func:`_id_text`, except plain ids (``plain``), which it returns unchanged."""
    obj = values.to_numpy(dtype=object)
    plain = _plain_ids(values) if plain is None else plain
    out = obj.copy()
    rest = np.flatnonzero(~plain)
    if len(rest):
        cells = values.iloc[rest]
        cells = cells.astype(object).where(cells.notna(), None)
        out[rest] = np.fromiter((_id_text(v) for v in cells), dtype=object, count=len(rest))
    return _objects(out, values.index)


def _normal_platform(v: object) -> str | None:
    return str(v).strip().lower() if isinstance(v, str) else None


def _normal_platforms(values: pd.Series) -> pd.Series:
    """Stripped, lower-case platform names; a column holds a handful of distinct values, so map those."""
    obj = values.to_numpy(dtype=object)
    try:
        codes, uniques = pd.factorize(obj, use_na_sentinel=True)
    except TypeError:  # unhashable cells
        return _objects((_normal_platform(v) for v in obj), values.index)
    mapped = np.array([_normal_platform(u) for u in uniques] + [None], dtype=object)
    return _objects(mapped[codes], values.index)  # code -1 (missing) takes the trailing None


def _per_text(values: pd.Series, fn, touches: str, deleted: np.ndarray, others=None) -> pd.Series:  # noqa: ANN001
    """``fn`` of each str cell (``others`` of other cells, else ``None``); ``None`` where ``deleted``.

    ``fn`` is called only on cells matching the regex ``touches``; other str cells are returned as they
    are, so ``fn`` must leave a cell without such a match unchanged (e.g. no ``&``, ``u/`` or ``@``: no
    entity to unescape and no handle to scrub).
    """
    obj, is_str, arr = _str_cells(values)
    todo = is_str & _where(pc.match_substring_regex(arr, touches)) if arr is not None else is_str.copy()
    todo |= is_str & (obj == "")  # fn decides what an empty text becomes
    out = np.where(is_str, obj, None)
    rows = np.flatnonzero(todo & ~deleted)
    out[rows] = np.fromiter((fn(obj[i]) for i in rows), dtype=object, count=len(rows))
    if others is not None:
        rows = np.flatnonzero(~is_str & ~deleted)
        out[rows] = np.fromiter((others(obj[i]) for i in rows), dtype=object, count=len(rows))
    out[deleted] = None
    return _objects(out, values.index)


def _invalid_utf8(cells: tuple[np.ndarray, np.ndarray, pa.Array | None]) -> np.ndarray:
    """:func:`has_invalid_utf8` of every cell: bytes cells, and str cells that do not encode or hold NUL."""
    obj, is_str, arr = cells
    other = np.flatnonzero(~is_str & ~pd.isna(obj))  # neither str nor missing: bytes?
    bad = np.zeros(len(obj), dtype=bool)
    bad[other] = np.fromiter((isinstance(obj[i], bytes | bytearray) for i in other), dtype=bool, count=len(other))
    if arr is not None:
        return bad | (is_str & _where(pc.match_substring(arr, "\x00")))
    rows = np.flatnonzero(is_str)
    bad[rows] = np.fromiter((has_invalid_utf8(obj[i]) for i in rows), dtype=bool, count=len(rows))
    return bad


def _has_texts(cells: tuple[np.ndarray, np.ndarray, pa.Array | None]) -> np.ndarray:
    """:func:`_has_text` of every cell; a str cell holding an ASCII letter or digit has text for sure."""
    obj, is_str, arr = cells
    sure = is_str & _where(pc.match_substring_regex(arr, "[A-Za-z0-9]")) if arr is not None else np.zeros_like(is_str)
    out = sure.copy()
    rows = np.flatnonzero(is_str & ~sure)
    out[rows] = np.fromiter((_has_text(obj[i]) for i in rows), dtype=bool, count=len(rows))
    return out


def _deleted_markers(cells: tuple[np.ndarray, np.ndarray, pa.Array | None]) -> np.ndarray:
    """:func:`is_deleted_marker` of every cell; only cells holding ``[`` can be one (every marker has it)."""
    obj, is_str, arr = cells
    maybe = is_str & _where(pc.match_substring(arr, "[")) if arr is not None else is_str
    out = np.zeros(len(obj), dtype=bool)
    rows = np.flatnonzero(maybe)
    out[rows] = np.fromiter((is_deleted_marker(obj[i]) for i in rows), dtype=bool, count=len(rows))
    return out


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


def _has_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _payload_json(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)
    return scrub_handles(text)
