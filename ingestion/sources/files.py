"""Imports of other platforms' exports: tweet-harvest CSV (X), 4CAT CSV/NDJSON, generic CSV/JSONL.

:func:`import_file` streams one file in chunks through :func:`ingestion.records.normalise_posts`
into ``raw.file_posts`` (one DuckDB transaction per file); rows that cannot be used go to
``raw.quarantine`` with a reason and their line/record number, every good row loads. A file is
unusable (``ImportFileError``, nothing written) only when it cannot be read at all or lacks a
required column. :func:`import_folder` imports new or changed files of the drop folder and remembers
them in ``raw.import_files`` (path, size, mtime, sha256) so re-runs skip them.

Encoding: files are read as UTF-8 (a BOM is accepted); undecodable bytes are kept as surrogate
escapes so that only the rows holding them are quarantined ("text is not valid UTF-8").
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from ingestion.privacy import load_or_create_key, pseudonymise_author, pseudonymise_payload, scrub_handles
from ingestion.records import QUARANTINE_COLUMNS, build_quarantine, normalise_posts
from ingestion.settings import Settings, get_settings
from ingestion.store import connect, ensure_raw_schema, quarantine_rows, scalar, upsert_posts

SOURCE = "files"
FORMATS = ("tweet-harvest", "4cat", "jsonl", "csv")
CHUNK_ROWS = 50_000
IMPORT_EXTENSIONS = {".csv", ".jsonl", ".ndjson", ".json"}

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
    "score": ("favorite_count", "like_count", "likes", "score", "digg_count", "reactions"),
    "replies": ("reply_count", "comment_count", "num_comments", "comments"),
    "community": ("subreddit", "group", "community", "channel_name", "board"),
    "platform": ("platform", "datasource", "source_platform"),
}
REQUIRED_ROLES = ("id", "text", "created")
DEFAULT_PLATFORM = {"tweet-harvest": "x"}
PLATFORM_ALIASES = {"twitter": "x", "tweets": "x", "twitterv2": "x", "fb": "facebook", "ig": "instagram"}
# Payload keys naming a person: pseudonymised (not dropped) so audits can still link rows.
_PERSON_KEY = re.compile(r"(author|user|screen_name|handle|owner|uploader|mention|^name$|nickname)", re.I)
_DROP_KEYS = re.compile(r"^(location|image_url|profile_image_url|avatar|user_location)$", re.I)
_JSON_PERSON_VALUE = re.compile(
    r'("(?:[^"]*(?:author|user|screen_name|handle|owner|nickname)[^"]*)"\s*:\s*)"[^"]*"', re.I
)


_X_STATUS_URL = re.compile(r"(?i)\b(?:mobile\.)?(?:x|twitter)\.com/[A-Za-z0-9_]{1,30}/status/")


def sanitise_url(value: object) -> object:
    """Drop the author handle from post URLs (``x.com/i/status/<id>`` still resolves)."""
    if not isinstance(value, str):
        return value
    if "/status/" in value:
        value = _X_STATUS_URL.sub("x.com/i/status/", value)
    return scrub_handles(value)


class ImportFileError(ValueError):
    """The file cannot be imported at all (unreadable, unknown format, missing column)."""


@dataclass(frozen=True)
class ImportReport:
    """What importing one file did."""

    loaded: int
    updated: int
    unchanged: int
    quarantined: int
    rows_read: int
    format: str
    path: str = ""
    platform: str | None = None
    skipped: bool = False
    error: str | None = None

    def summary(self) -> str:
        """One line for the console and run logs."""
        if self.error:
            return f"{self.path}: error: {self.error}"
        if self.skipped:
            return f"{self.path}: already imported, skipped"
        return (
            f"{self.path} [{self.format}]: loaded {self.loaded} new, {self.updated} updated, "
            f"{self.unchanged} unchanged, quarantined {self.quarantined} of {self.rows_read} rows"
        )


# -- format detection --------------------------------------------------------------------------
def _read_head(path: Path, n: int = 65536) -> str:
    with open(path, "rb") as fh:
        raw = fh.read(n)
    return raw.decode("utf-8-sig", errors="replace")


def _first_json_keys(path: Path) -> set[str]:
    for line in _read_head(path).splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if isinstance(obj, dict):
            return {str(k).lower() for k in obj}
    return set()


def _csv_header(path: Path) -> list[str]:
    head = _read_head(path)
    try:
        return next(csv.reader(io.StringIO(head)))
    except StopIteration:
        return []


def _looks_4cat(keys: set[str]) -> bool:
    return (
        {"thread_id", "timestamp", "body"} <= keys
        or "__import_meta" in keys
        or "unix_timestamp" in keys
        and "thread_id" in keys
    )


def detect_format(path: Path) -> str:
    """Guess the export format from the file extension and its header / first JSON object."""
    path = Path(path)
    ext = path.suffix.lower()
    if ext in {".jsonl", ".ndjson", ".json"}:
        return "4cat" if _looks_4cat(_first_json_keys(path)) else "jsonl"
    if ext in {".csv", ".tsv", ".txt"}:
        header = {h.strip().lower() for h in _csv_header(path)}
        if {"full_text", "id_str"} <= header or {"full_text", "tweet_url"} <= header:
            return "tweet-harvest"
        return "4cat" if _looks_4cat(header) else "csv"
    raise ImportFileError(f"cannot tell the format of {path.name} (extension {ext or 'none'}); pass --format")


# -- reading -----------------------------------------------------------------------------------
def _is_json_format(fmt: str, path: Path) -> bool:
    return fmt == "jsonl" or (fmt == "4cat" and path.suffix.lower() in {".ndjson", ".jsonl", ".json"})


@dataclass
class _Chunk:
    frame: pd.DataFrame  # one column per field; ``line_no`` column added
    bad: list[tuple[int, str, str]] = field(default_factory=list)  # (line_no, reason, payload)


def _iter_csv(path: Path, chunk_rows: int) -> Iterator[_Chunk]:
    # object dtype: pandas 3 str (Arrow) columns cannot hold the surrogate escapes of undecodable bytes.
    kwargs = dict(
        dtype=object, keep_default_na=False, na_values=[""], encoding="utf-8-sig", encoding_errors="surrogateescape"
    )
    try:
        header = pd.read_csv(path, nrows=0, **kwargs).columns
        offset = 2  # line 1 is the header; line_no counts CSV records
        for df in pd.read_csv(path, chunksize=chunk_rows, **kwargs):
            df["line_no"] = np.arange(offset, offset + len(df))
            offset += len(df)
            yield _Chunk(df)
        return
    except pd.errors.EmptyDataError as exc:
        raise ImportFileError(f"{path.name} is empty") from exc
    except pd.errors.ParserError:
        pass  # a row with the wrong number of fields: re-read with the tolerant parser below
    bad: list[list[str]] = []

    def on_bad(fields: list[str]) -> None:
        bad.append(fields)

    df = pd.read_csv(path, engine="python", on_bad_lines=on_bad, **kwargs)
    df["line_no"] = np.arange(2, 2 + len(df))
    author_idx = [i for i, h in enumerate(header) if _PERSON_KEY.search(str(h))]
    rejected = []
    for fields in bad:
        shown = [pseudonymise_author(f, b"redacted") if i in author_idx else f for i, f in enumerate(fields)]
        rejected.append((None, f"wrong number of fields ({len(fields)}, header has {len(header)})", json.dumps(shown)))
    for start in range(0, max(len(df), 1), chunk_rows):
        yield _Chunk(df.iloc[start : start + chunk_rows].copy(), rejected if start == 0 else [])


def _iter_jsonl(path: Path, chunk_rows: int) -> Iterator[_Chunk]:
    records: list[dict] = []
    bad: list[tuple[int, str, str]] = []
    with open(path, "rb") as fh:
        for line_no, raw in enumerate(fh, start=1):
            if line_no == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            text = raw.decode("utf-8", errors="surrogateescape").strip()
            if not text:
                continue
            try:
                obj = json.loads(text)
            except ValueError as exc:
                bad.append((line_no, f"broken JSON line: {exc.msg} at column {exc.colno}", _redact_json_text(text)))
                continue
            if not isinstance(obj, dict):
                bad.append((line_no, "JSON line is not an object", _redact_json_text(text)))
                continue
            obj["line_no"] = line_no
            records.append(obj)
            if len(records) >= chunk_rows:
                yield _Chunk(_records_frame(records), bad)
                records, bad = [], []
    yield _Chunk(_records_frame(records), bad)


def _records_frame(records: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    frame.attrs["records"] = records
    return frame


def _redact_json_text(text: str) -> str:
    """A broken JSON line cannot be pseudonymised field by field: blank person-like values instead."""
    return _JSON_PERSON_VALUE.sub(r'\1"[redacted]"', text)


# -- mapping to the source-input shape ----------------------------------------------------------
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


# Export URLs tell the platform when the file does not say it (4CAT TikTok/X exports, generic CSVs).
URL_PLATFORMS = {
    "tiktok.com": "tiktok", "x.com": "x", "twitter.com": "x", "facebook.com": "facebook", "fb.com": "facebook",
    "instagram.com": "instagram", "youtube.com": "youtube", "youtu.be": "youtube", "reddit.com": "reddit",
    "threads.net": "threads", "threads.com": "threads", "bsky.app": "bluesky", "t.me": "telegram",
}
_URL_HOST = re.compile(r"^[a-z][a-z0-9+.-]*://(?:www\.|m\.|mobile\.|web\.|vm\.|old\.)?([^/:?#]+)", re.IGNORECASE)


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


def _normalise_platform(values: pd.Series) -> pd.Series:
    def one(v: object) -> object:
        if not isinstance(v, str) or not v.strip():
            return None
        name = v.strip().lower().split("-")[0].split(".")[0]
        return PLATFORM_ALIASES.get(name, name)

    return values.map(one)


def _safe_text(v: object) -> object:
    # Payload strings must be valid UTF-8 JSON; undecodable bytes become visible escapes there.
    if isinstance(v, str) and not v.isascii():
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:
            return v.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return v


def _payloads(frame: pd.DataFrame, key: bytes, person_columns: Sequence[str] = ()) -> list[dict]:
    """Per-row audit payloads: person fields pseudonymised, location-like fields dropped, handles scrubbed."""
    data = frame.drop(columns=[c for c in frame.columns if c == "line_no" or _DROP_KEYS.search(str(c))])
    out = {}
    for col in data.columns:
        values = data[col].astype(object)
        if col in person_columns or _PERSON_KEY.search(str(col)):
            uniq = {v: pseudonymise_author(v, key) for v in pd.unique(values.dropna()) if isinstance(v, str | int)}
            values = values.map(lambda v, u=uniq: u.get(v) if isinstance(v, str | int) else None)
        else:
            # Distinct values only: export columns repeat a lot (lang, counts, empty fields).
            is_str = values.map(lambda v: isinstance(v, str)).astype(bool)
            uniq = {v: sanitise_url(_safe_text(v)) for v in pd.unique(values[is_str])}
            values = values.map(
                lambda v, u=uniq: (
                    u[v] if isinstance(v, str) else pseudonymise_payload(v, key) if isinstance(v, dict | list) else v
                )
            )
        out[col] = values.where(values.notna(), None)
    cols = list(out)
    rows = zip(*(out[c].tolist() for c in cols), strict=True) if cols else iter(())
    return [{c: v for c, v in zip(cols, r, strict=True) if v is not None} for r in rows]


def _to_epoch_where_parsable(values: pd.Series, fmt: str | None) -> pd.Series:
    """Pre-parse timestamps in bulk; unparsed cells stay as text so normalise_posts reports them."""
    text = values.astype(object)
    parsed = pd.to_datetime(text, utc=True, errors="coerce", format=fmt or "ISO8601")
    if parsed.isna().all() and fmt is None:
        return text
    ok = parsed.notna()
    secs = parsed[ok].astype("datetime64[us, UTC]").astype("int64") // 1_000_000
    out = text.copy()
    out[ok] = secs.astype(object)
    return out


def _input_frame(
    df: pd.DataFrame, roles: dict[str, str], fmt: str, platform: str | None, origin: str, key: bytes, path: Path
) -> pd.DataFrame:
    n = len(df)

    def col(role: str) -> pd.Series:
        name = roles.get(role)
        if name is None or name not in df.columns:
            return pd.Series([None] * n, index=df.index, dtype=object)
        return df[name].astype(object).where(df[name].notna(), None)

    if platform:
        plat = pd.Series(platform, index=df.index, dtype=object)
    elif "platform" in roles:
        plat = _normalise_platform(col("platform"))
        if plat.isna().all():
            raise ImportFileError(f"{path.name}: the {roles['platform']} column is empty; pass --platform")
    else:
        plat = platform_from_urls(col("url"))
        if plat.isna().all():
            raise ImportFileError(
                f"{path.name}: {fmt} export has no platform/datasource column and its URLs do not name one; "
                "pass --platform NAME (or drop the file into imports/<platform>/)"
            )

    post_id = col("id").map(lambda v: str(v).strip() if v is not None else None)
    thread = col("thread").map(lambda v: str(v).strip() if v is not None else None)
    parent = col("parent").map(lambda v: str(v).strip() if v is not None else None)
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
            "score": pd.to_numeric(col("score"), errors="coerce"),
            "num_comments": pd.to_numeric(col("replies"), errors="coerce"),
            "created_at": _to_epoch_where_parsable(col("created"), created_fmt),
            "origin": origin,
            "line_no": df["line_no"].to_numpy() if "line_no" in df.columns else np.arange(1, n + 1),
        },
        index=df.index,
    )
    frame["raw_payload"] = _payloads(df, key, [roles["author"]] if "author" in roles else [])
    return frame


def _bad_rows_quarantine(bad: list[tuple[int | None, str, str]], platform: str | None, origin: str) -> pd.DataFrame:
    if not bad:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in QUARANTINE_COLUMNS})
    frame = pd.DataFrame(
        {
            "post_id": [None] * len(bad),
            "platform": platform,
            "origin": origin,
            "line_no": [b[0] for b in bad],
            "raw_payload": [b[2] for b in bad],
        }
    )
    return build_quarantine(
        frame,
        pd.Series([b[1] for b in bad]),
        source=SOURCE,
        payload_columns=["post_id"],
        now=pd.Timestamp(datetime.now(UTC).replace(tzinfo=None)),
    )


# -- import ------------------------------------------------------------------------------------
def import_file(
    path: str | Path,
    settings: Settings,
    *,
    fmt: str | None = None,
    platform: str | None = None,
    mapping: Mapping[str, str] | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> ImportReport:
    """Import one export file into ``raw.file_posts``; bad rows to ``raw.quarantine``. Idempotent.

    ``fmt`` is one of ``FORMATS`` (detected when omitted); ``platform`` overrides the format's default
    (tweet-harvest → ``x``; 4CAT reads its platform/datasource column); ``mapping`` maps roles
    (``id``, ``text``, ``created``, ``author``, ``url``, ...) to column names. Raises
    :class:`ImportFileError` (and writes nothing) when the file itself is unusable.
    """
    path = Path(path).expanduser().resolve()
    if not path.is_file():
        raise ImportFileError(f"{path} does not exist or is not a file")
    fmt = (fmt or detect_format(path)).lower()
    if fmt not in FORMATS:
        raise ImportFileError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    platform = (platform or DEFAULT_PLATFORM.get(fmt) or "").strip().lower() or None
    if platform:
        platform = PLATFORM_ALIASES.get(platform, platform)
    key = load_or_create_key(settings.data_dir)
    origin = str(path)
    chunks = _iter_jsonl(path, chunk_rows) if _is_json_format(fmt, path) else _iter_csv(path, chunk_rows)

    loaded = updated = unchanged = quarantined = rows_read = 0
    roles: dict[str, str] | None = None
    with connect(settings.warehouse_path) as con:
        ensure_raw_schema(con)
        con.execute("begin transaction")
        try:
            for chunk in chunks:
                bad_q = _bad_rows_quarantine(chunk.bad, platform, origin)
                rows_read += len(chunk.frame) + len(chunk.bad)
                if not chunk.frame.empty:
                    columns = [c for c in chunk.frame.columns if c != "line_no"]
                    if roles is None or any(v not in chunk.frame.columns for v in roles.values()):
                        roles = resolve_columns(columns, mapping, path)
                    frame = _input_frame(chunk.frame, roles, fmt, platform, origin, key, path)
                    posts, q = normalise_posts(frame, source=SOURCE, key=key)
                    stats = upsert_posts(con, SOURCE, posts)
                    loaded, updated, unchanged = (
                        loaded + stats.inserted,
                        updated + stats.updated,
                        unchanged + stats.unchanged,
                    )
                    quarantined += len(q)
                    quarantine_rows(con, q)
                quarantined += len(bad_q)
                quarantine_rows(con, bad_q)
            if roles is None and rows_read == 0:
                raise ImportFileError(f"{path.name} has no rows")
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
    return ImportReport(loaded, updated, unchanged, quarantined, rows_read, fmt, str(path), platform)


# -- drop folder -------------------------------------------------------------------------------
def _ensure_import_table(con) -> None:
    con.execute("create schema if not exists raw")
    con.execute(
        """
        create table if not exists raw.import_files (
          path VARCHAR NOT NULL, size BIGINT NOT NULL, mtime DOUBLE NOT NULL, sha256 VARCHAR NOT NULL,
          format VARCHAR, platform VARCHAR, rows_read BIGINT, loaded BIGINT, quarantined BIGINT,
          imported_at TIMESTAMP NOT NULL, primary key (path, sha256)
        )
        """
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_folder(settings: Settings, *, platform: str | None = None) -> list[ImportReport]:
    """Import every new or changed file in ``settings.imports_dir``; already-imported files are skipped.

    A file is known by path + size + mtime (cheap check) and its sha256 (a touched but identical file,
    or the same file under another name, is skipped too). A file that cannot be imported yields a
    report with ``error`` set and is retried next time; the other files still import.
    """
    folder = settings.imports_dir
    folder.mkdir(parents=True, exist_ok=True)
    reports: list[ImportReport] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in IMPORT_EXTENSIONS):
        # imports/<platform>/file.csv names the platform of files that do not carry one
        relative = path.relative_to(folder)
        folder_platform = relative.parts[0].lower() if len(relative.parts) > 1 else None
        st = path.stat()
        with connect(settings.warehouse_path) as con:
            _ensure_import_table(con)
            same = scalar(
                con,
                "select count(*) from raw.import_files where path = ? and size = ? and mtime = ?",
                [str(path), st.st_size, st.st_mtime],
            )
            digest = None if same else _sha256(path)
            seen = same or scalar(con, "select count(*) from raw.import_files where sha256 = ?", [digest])
        if seen:
            reports.append(ImportReport(0, 0, 0, 0, 0, "", str(path), skipped=True))
            continue
        try:
            report = import_file(path, settings, platform=platform or folder_platform)
        except ImportFileError as exc:
            reports.append(ImportReport(0, 0, 0, 0, 0, "", str(path), error=str(exc)))
            continue
        with connect(settings.warehouse_path) as con:
            con.execute(
                "insert into raw.import_files values (?, ?, ?, ?, ?, ?, ?, ?, ?, current_timestamp::timestamp) "
                "on conflict (path, sha256) do nothing",
                [
                    str(path),
                    st.st_size,
                    st.st_mtime,
                    digest,
                    report.format,
                    report.platform,
                    report.rows_read,
                    report.loaded,
                    report.quarantined,
                ],
            )
        reports.append(report)
    return reports


# -- console -----------------------------------------------------------------------------------
def build_import_parser(parser: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    """Arguments of ``hapuswatch import`` (pass a subparser to attach them to a larger CLI)."""
    parser = parser or argparse.ArgumentParser(prog="hapuswatch import", description="Import an export file.")
    parser.add_argument("path", help="CSV / JSONL / NDJSON export")
    parser.add_argument("--format", dest="fmt", choices=FORMATS, help="default: detected from extension/header")
    parser.add_argument("--platform", help="x, tiktok, facebook, ... (default per format)")
    for role in ("id", "text", "created", "author", "url"):
        parser.add_argument(f"--{role}-col", dest=f"{role}_col", help=f"column holding the {role}")
    return parser


def run_import(args: argparse.Namespace, settings: Settings | None = None) -> int:
    """Run a parsed ``hapuswatch import``; prints one summary line; exit 0 unless the file is unusable."""
    mapping = {
        r: getattr(args, f"{r}_col")
        for r in ("id", "text", "created", "author", "url")
        if getattr(args, f"{r}_col", None)
    }
    try:
        report = import_file(
            args.path, settings or get_settings(), fmt=args.fmt, platform=args.platform, mapping=mapping
        )
    except ImportFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(report.summary())
    return 0


def import_main(argv: Sequence[str] | None = None, settings: Settings | None = None) -> int:
    """Entry point for ``hapuswatch import PATH ...``."""
    return run_import(build_import_parser().parse_args(argv), settings)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(import_main())
