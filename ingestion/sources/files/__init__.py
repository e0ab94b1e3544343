"""Imports of other platforms' exports: tweet-harvest CSV (X), 4CAT CSV/NDJSON, generic CSV/JSONL.

This source only reads: :func:`read_export` decodes a file (encoding detected, see
:func:`~ingestion.sources.files.detect.detect_encoding`), reads it in chunks
(:mod:`~ingestion.sources.files.read`), maps its columns to post records
(:mod:`~ingestion.sources.files.mapping`) and yields typed batches of posts and rejected rows.
Writing them (one transaction per file) and the import ledger are
:func:`ingestion.collect.import_file` / :func:`ingestion.collect.import_folder`.

A file is unusable (:class:`ImportFileError`) only when it cannot be read at all or lacks a required
column; every other problem is a rejected row with a reason and its line number.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from ingestion.records import QUARANTINE_COLUMNS, build_quarantine, normalise_posts
from ingestion.sources.files.detect import (
    FORMATS,
    IMPORT_EXTENSIONS,
    ImportFileError,
    detect_encoding,
    detect_format,
    is_json_format,
    read_text,
)
from ingestion.sources.files.mapping import (
    DEFAULT_PLATFORM,
    MAPPABLE_ROLES,
    input_frame,
    normalise_platform_name,
    platform_from_urls,
    resolve_columns,
    sanitise_url,
)
from ingestion.sources.files.read import iter_csv, iter_jsonl
from ingestion.warehouse.writes import Batch

SOURCE = "files"
CHUNK_ROWS = 50_000

__all__ = [
    "CHUNK_ROWS", "FORMATS", "IMPORT_EXTENSIONS", "MAPPABLE_ROLES", "SOURCE", "ExportRead", "ImportFileError",
    "detect_encoding", "detect_format", "platform_from_urls", "read_export", "resolve_columns", "sanitise_url",
]


@dataclass
class ExportRead:
    """One export file being read: what it is, and its batches (counters fill while iterating)."""

    path: Path
    format: str
    platform: str | None
    encoding: str
    text: str = field(repr=False)
    key: bytes = field(repr=False)
    mapping: Mapping[str, str] | None = None
    chunk_rows: int = CHUNK_ROWS
    rows_read: int = 0

    def batches(self) -> Iterator[Batch]:
        """Typed posts and rejects per chunk. Raises :class:`ImportFileError` for an unusable file."""
        origin = str(self.path)
        delimiter = "\t" if self.path.suffix.lower() == ".tsv" else ","
        chunks = (
            iter_jsonl(self.text, self.chunk_rows)
            if is_json_format(self.format, self.path)
            else iter_csv(self.text, self.path.name, self.chunk_rows, delimiter)
        )
        roles: dict[str, str] | None = None
        for chunk in chunks:
            self.rows_read += len(chunk.frame) + len(chunk.bad)
            rejects = [_bad_rows_quarantine(chunk.bad, self.platform, origin)]
            posts = None
            if not chunk.frame.empty:
                columns = [c for c in chunk.frame.columns if c != "line_no"]
                if roles is None or any(v not in chunk.frame.columns for v in roles.values()):
                    roles = resolve_columns(columns, self.mapping, self.path)
                frame = input_frame(chunk.frame, roles, self.format, self.platform, origin, self.key, self.path)
                posts, rejected = normalise_posts(frame, source=SOURCE, key=self.key)
                rejects.append(rejected)
            rejects = [r for r in rejects if len(r)]
            yield Batch(
                posts if posts is not None else pd.DataFrame(),
                pd.concat(rejects, ignore_index=True) if rejects else None,
            )
        if self.rows_read == 0:
            raise ImportFileError(f"{self.path.name} has no rows")


def read_export(
    path: str | Path,
    *,
    key: bytes,
    fmt: str | None = None,
    platform: str | None = None,
    mapping: Mapping[str, str] | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> ExportRead:
    """Open an export: decode it whole, detect its format and platform. Nothing is parsed yet.

    ``fmt`` is one of ``FORMATS`` (detected when omitted); ``platform`` overrides the format's default
    (tweet-harvest → ``x``; 4CAT reads its platform/datasource column); ``mapping`` maps roles
    (``id``, ``text``, ``created``, ``author``, ``url``, ...) to column names.
    """
    path = Path(path).expanduser().resolve()
    if not path.is_file():
        raise ImportFileError(f"{path} does not exist or is not a file")
    text, encoding = read_text(path)
    fmt = (fmt or detect_format(path, text[:65536])).lower()
    if fmt not in FORMATS:
        raise ImportFileError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    platform = normalise_platform_name(platform or DEFAULT_PLATFORM.get(fmt))
    return ExportRead(path, fmt, platform, encoding, text, key, mapping, chunk_rows)


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
