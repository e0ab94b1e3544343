"""Collection runs: source → typed records → one warehouse write.

Each function here is one run of one source, the same shape for all three: the source reads or fetches
and returns typed post records plus rejected rows (it never opens the warehouse); then a single
:func:`ingestion.warehouse.store_collection` call writes posts, rejects and the cursor in one
transaction. The Dagster collection assets and the ``hapuswatch import`` command call these.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ingestion import warehouse
from ingestion.privacy import load_or_create_key
from ingestion.records import normalise_posts
from ingestion.settings import Settings
from ingestion.sources.files import CHUNK_ROWS, IMPORT_EXTENSIONS, ImportFileError, read_export

if TYPE_CHECKING:
    import praw

    from ingestion.sources.reddit.config import RedditConfig


# -- demo --------------------------------------------------------------------------------------
def collect_demo(settings: Settings, frame: pd.DataFrame) -> tuple[warehouse.StoreReport, int]:
    """Store a regenerated demo corpus whole (posts absent from it are removed). Returns (report, valid)."""
    posts, rejected = normalise_posts(frame, source="demo", key=load_or_create_key(settings.data_dir))
    with warehouse.connect(settings.warehouse_path) as con:
        report = warehouse.store_collection(con, "demo", [warehouse.Batch(posts, rejected)], replace_all=True)
    return report, len(posts)


# -- file imports ------------------------------------------------------------------------------
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
    encoding: str | None = None

    def summary(self) -> str:
        """One line for the console and run logs."""
        if self.error:
            return f"{self.path}: error: {self.error}"
        if self.skipped:
            return f"{self.path}: already imported, skipped"
        return (
            f"{self.path} [{self.format}, encoding {self.encoding}]: loaded {self.loaded} new, {self.updated} "
            f"updated, {self.unchanged} unchanged, quarantined {self.quarantined} of {self.rows_read} rows"
        )


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

    One transaction per file. Raises :class:`ImportFileError` (and writes nothing) when the file
    itself is unusable. See :func:`ingestion.sources.files.read_export` for ``fmt``/``platform``/``mapping``.
    """
    export = read_export(
        path, key=load_or_create_key(settings.data_dir), fmt=fmt, platform=platform, mapping=mapping,
        chunk_rows=chunk_rows,
    )
    with warehouse.connect(settings.warehouse_path) as con:
        stored = warehouse.store_collection(con, "files", export.batches())
    s = stored.stats
    return ImportReport(
        s.inserted, s.updated, s.unchanged, stored.quarantined, export.rows_read, export.format,
        str(export.path), export.platform, encoding=export.encoding,
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
        with warehouse.connect(settings.warehouse_path) as con:
            seen = warehouse.import_seen(con, str(path), st.st_size, st.st_mtime, None)
        digest = None if seen else _sha256(path)
        if not seen:
            with warehouse.connect(settings.warehouse_path) as con:
                seen = warehouse.import_seen(con, str(path), st.st_size, st.st_mtime, digest)
        if seen:
            reports.append(ImportReport(0, 0, 0, 0, 0, "", str(path), skipped=True))
            continue
        try:
            report = import_file(path, settings, platform=platform or folder_platform)
        except ImportFileError as exc:
            reports.append(ImportReport(0, 0, 0, 0, 0, "", str(path), error=str(exc)))
            continue
        with warehouse.connect(settings.warehouse_path) as con:
            warehouse.record_import(
                con, path=str(path), size=st.st_size, mtime=st.st_mtime, sha256=digest, format=report.format,
                platform=report.platform, rows_read=report.rows_read, loaded=report.loaded,
                quarantined=report.quarantined, encoding=report.encoding,
            )
        reports.append(report)
    return reports


# -- Reddit ------------------------------------------------------------------------------------
def refetch_candidates(con, *, now: datetime, days: int) -> dict[str, int | None]:  # noqa: ANN001
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


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def collect_reddit_partition(
    settings: Settings,
    config: RedditConfig,
    day: date | str,
    *,
    reddit: praw.Reddit | None = None,
    now: datetime | None = None,
):  # -> RedditPartitionReport (imported lazily: PRAW loads only when Reddit is collected)
    """Collect one daily partition and store it atomically (posts, quarantine, cursor in one transaction).

    The cursor (newest submission stored for the day) makes a re-run fetch only newer submissions;
    items created in the last ``refetch_days`` are refreshed by the newest partitions (today's and
    yesterday's), so a run over the whole re-fetch window refreshes them once or twice, not per day. On
    any failure nothing of this partition is written, except quarantine rows of a malformed listing.
    """
    from ingestion.sources.reddit import (
        SOURCE,
        CollectStats,
        MalformedListingError,
        RedditPartitionReport,
        collect_reddit,
        make_reddit,
        partition_window,
        request_count,
        validate_subreddits,
    )

    now = _aware(now or datetime.now(UTC))
    start, end = partition_window(day)
    scope = start.date().isoformat()
    key = load_or_create_key(settings.data_dir)
    with warehouse.connect(settings.warehouse_path) as con:
        cursor = warehouse.read_cursor(con, SOURCE, scope)
        # Refresh recent items once per run, not once per partition: only the newest partitions do it.
        recent = end >= now - timedelta(days=1)
        refetch = refetch_candidates(con, now=now, days=config.refetch_days) if recent else {}
    # The warehouse is closed while we talk to Reddit: other writers are not blocked by the network.
    reddit = reddit or make_reddit(config)
    requests_before = request_count(reddit)
    try:
        stats = CollectStats()
        validate_subreddits(reddit, config, stats)
        result = collect_reddit(
            reddit, config, start, end, key=key,
            since_cursor=cursor.replace(tzinfo=UTC) if cursor else None, refetch=refetch, now=now,
        )
        result.stats.retries += stats.retries
        result.stats.requests = request_count(reddit) - requests_before
    except MalformedListingError as exc:
        if not exc.quarantine.empty:
            with warehouse.connect(settings.warehouse_path) as con:
                warehouse.quarantine_rows(con, exc.quarantine)
        raise
    posts, rejected = normalise_posts(result.frame, source=SOURCE, key=key) if not result.frame.empty else (
        pd.DataFrame(), None
    )
    new_cursor = result.newest_created.astimezone(UTC).replace(tzinfo=None) if result.newest_created else None
    with warehouse.connect(settings.warehouse_path) as con:
        stored = warehouse.store_collection(
            con, SOURCE, [warehouse.Batch(posts, rejected)], cursor=(scope, new_cursor)
        )
        stored_cursor = warehouse.read_cursor(con, SOURCE, scope)
    return RedditPartitionReport(
        partition=scope,
        inserted=stored.stats.inserted,
        updated=stored.stats.updated,
        unchanged=stored.stats.unchanged,
        quarantined=stored.quarantined_new,
        stats=result.stats,
        cursor=stored_cursor,
    )
