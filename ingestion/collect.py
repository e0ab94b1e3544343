"""Collection runs: source → typed records → one warehouse write.

Each function here is one run of one source, the same shape for all three: the source reads or fetches
and returns typed post records plus rejected rows (it never opens the warehouse); then a single
:func:`ingestion.warehouse.store_collection` call writes posts, rejects and the cursor in one
transaction. The Dagster collection assets and the ``hapuswatch import`` command call these.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
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
DEMO_SEED = 42
DEMO_SCOPE = "corpus"
# rows generated and normalised per batch of a whole regeneration: bounds memory, not the result
DEMO_BATCH_ROWS = 100_000
# the code between the generator and the table: a change here may change the stored rows too
_NORMALISER_MODULES = ("records.py", "privacy.py", "markers.py", "warehouse/typed.py")


@dataclass(frozen=True)
class DemoReport:
    """What one demo collection did.

    ``mode`` is ``unchanged`` (the stored corpus is the requested one: nothing generated or written),
    ``grown`` (only the rows beyond the stored corpus generated and stored), ``shrunk`` (the posts
    beyond the requested size removed) or ``full`` (regenerated whole: first run, or seed, generator,
    normaliser or pseudonym key changed, or the table no longer holds what was recorded).
    """

    stored: warehouse.StoreReport
    valid: int  # valid demo posts in raw.demo_posts after the run
    mode: str
    generated: int  # generator rows produced and normalised this run


def demo_version(key: bytes) -> str:
    """Everything besides (size, seed) that decides the stored demo rows: generator, normaliser, key."""
    from ingestion.sources.demo import generator_version

    digest = hashlib.sha256(generator_version().encode())
    root = Path(__file__).parent
    for name in _NORMALISER_MODULES:
        digest.update(name.encode() + b"\0" + (root / name).read_bytes())
    # the demo table's declaration, not the whole schema module (other tables change more often)
    digest.update(repr((warehouse.POST_TABLES["demo"].columns, warehouse.QUARANTINE.columns)).encode())
    # pseudonyms depend on the key; only a digest of it is kept (it cannot be recovered from this)
    digest.update(hashlib.sha256(b"hapuswatch demo state\0" + key).digest())
    return digest.hexdigest()[:16]


def collect_demo(
    settings: Settings, n: int, *, seed: int = DEMO_SEED, batch_rows: int = DEMO_BATCH_ROWS
) -> DemoReport:
    """Make ``raw.demo_posts`` hold exactly the valid posts of ``generate_demo_posts(n, seed)``.

    The result is the same as regenerating and storing the corpus whole, but only what changed is
    generated: the demo records (size, seed, version: :func:`demo_version`, valid rows) in
    ``raw.collection_state``; a run asking for the recorded corpus writes nothing, a larger ``n``
    generates and stores only the new rows (the generator is prefix-stable: a larger corpus starts
    with every post of a smaller one), a smaller ``n`` removes the posts beyond it. Anything else, or a
    table that no longer holds the recorded number of posts, regenerates the whole corpus in batches
    of ``batch_rows``, removing posts absent from it (after a seed or version change the table is
    rewritten: the same ids may now be other posts). Posts, rejects and the new state are written in
    one transaction.
    """
    from ingestion.records import normalise_keys
    from ingestion.sources.demo import CHUNK_SIZE, generate_demo_rows

    if n < 0:
        raise ValueError("n must be >= 0")
    key = load_or_create_key(settings.data_dir)
    want = {"posts": n, "seed": seed, "version": demo_version(key)}
    with warehouse.connect(settings.warehouse_path) as con:
        have = warehouse.read_state(con, "demo", DEMO_SCOPE)
        stored_posts = warehouse.post_count(con, "demo")
        trusted = (
            have is not None
            and have.get("seed") == seed
            and have.get("version") == want["version"]
            and have.get("stored") == stored_posts
            and isinstance(have.get("posts"), int)
        )
        if trusted and have["posts"] == n:
            return DemoReport(warehouse.StoreReport(warehouse.NO_CHANGES, 0, 0), stored_posts, "unchanged", 0)

        def batches(start: int) -> Iterator[warehouse.Batch]:
            step = max(CHUNK_SIZE, batch_rows // CHUNK_SIZE * CHUNK_SIZE)
            for lo in range(start, n, step):
                # batch borders on chunk borders: each chunk is generated once
                hi = min(n, (lo // step + 1) * step)
                posts, rejected = normalise_posts(generate_demo_rows(lo, hi, seed), source="demo", key=key)
                yield warehouse.Batch(posts, rejected)

        def new_state(c) -> dict:  # noqa: ANN001 - the transaction's connection
            return {**want, "stored": warehouse.post_count(c, "demo")}

        state = (DEMO_SCOPE, new_state)
        if trusted and have["posts"] < n:
            mode, generated = "grown", n - have["posts"]
            report = warehouse.store_collection(con, "demo", batches(have["posts"]), state=state)
        elif trusted:
            mode, generated = "shrunk", have["posts"] - n
            gone = pd.concat(
                [normalise_keys(generate_demo_rows(lo, min(lo + batch_rows, have["posts"]), seed))
                 for lo in range(n, have["posts"], max(1, batch_rows))],
                ignore_index=True,
            )
            report = warehouse.store_collection(con, "demo", [], remove=gone, state=state)
        else:
            mode, generated = "full", n
            # recorded under another seed or version: the same ids may now be other posts, so rewrite
            rewrite = have is not None and (have.get("seed"), have.get("version")) != (seed, want["version"])
            report = warehouse.store_collection(
                con, "demo", batches(0), replace_all=True, rewrite=rewrite, state=state
            )
        valid = warehouse.post_count(con, "demo")
    return DemoReport(report, valid, mode, generated)


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
