"""Reading decoded export text into chunks of string cells, setting malformed rows aside.

Every cell stays text (no dtype is guessed from a batch); export fillers for "unknown" (``NA``,
``null``, ``None``, empty, see :data:`ingestion.markers.MISSING_VALUES`) become ``None``. A CSV row
with fewer or more fields than the header, a JSON line that does not parse or is not an object, is
set aside with its reason and physical line number (the line it starts on).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ingestion.markers import MISSING_VALUES
from ingestion.privacy import redact_fields, redact_json_text
from ingestion.sources.files.detect import ImportFileError

csv.field_size_limit(1 << 27)  # a long post is one field; the csv module's default stops at 128 KiB


@dataclass
class Chunk:
    """Rows of one chunk: ``frame`` has one object column per field plus ``line_no``."""

    frame: pd.DataFrame
    bad: list[tuple[int | None, str, str]] = field(default_factory=list)  # (line_no, reason, payload)


# The fillers as exports spell them ("NA", "null", "None", "N/A", ...): one set lookup per cell.
_MISSING_SPELLINGS = frozenset(
    form for v in MISSING_VALUES for form in (v, v.upper(), v.capitalize(), v.title(), f" {v}", f"{v} ")
)


def _cell(value: object) -> object:
    if isinstance(value, str) and len(value) <= 8 and value.strip().lower() in MISSING_VALUES:
        return None
    return value


def _column(values: tuple | list) -> list:
    """Cells of one column with fillers as ``None`` (one set lookup per cell)."""
    return [None if v in _MISSING_SPELLINGS else v for v in values]


def _unique(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in header:
        name = name.strip() or "unnamed"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
        out.append(name)
    return out


def _frame(columns: list[str], rows: list[list[str]], line_nos: list[int]) -> pd.DataFrame:
    cols = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
    # object columns, explicitly: pandas would otherwise infer its str dtype per batch
    frame = pd.DataFrame({c: _column(cols[i]) for i, c in enumerate(columns)}, dtype=object)
    frame["line_no"] = np.array(line_nos, dtype="int64")
    return frame


def _records_with_lines(text: str, delimiter: str) -> tuple[list[str], list[tuple[int, list[str]]], list]:
    """(header, [(start line, fields)], unreadable rows). Fast path: the C reader parses every record
    in one call and line numbers come from the newlines inside fields; an unreadable record (e.g. an
    unterminated quote) switches to a record-by-record read that reports it and goes on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return [], [], []
    try:
        records = list(reader)
    except csv.Error:
        return header, *_records_one_by_one(text, delimiter)
    physical_lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    first = 2 + sum(h.count("\n") for h in header)
    if physical_lines == len(records) + first - 1:  # no field holds a line break: record i is line i + first
        out = [(first + i, r) for i, r in enumerate(records)]
    else:
        out, line = [], first
        for r in records:
            out.append((line, r))
            line += 1 + "\n".join(r).count("\n") - max(len(r) - 1, 0)
    return header, out, []


def _records_one_by_one(text: str, delimiter: str) -> tuple[list[tuple[int, list[str]]], list]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    next(reader)
    out: list[tuple[int, list[str]]] = []
    unreadable: list[tuple[int | None, str, str]] = []
    last_line = reader.line_num
    while True:
        try:
            for fields in reader:
                out.append((last_line + 1, fields))
                last_line = reader.line_num
            break
        except csv.Error as exc:  # reported, and reading goes on with the next line
            unreadable.append((last_line + 1, f"unreadable CSV row: {exc}", ""))
            last_line = reader.line_num
    return out, unreadable


def iter_csv(text: str, name: str, chunk_rows: int, delimiter: str = ",") -> Iterator[Chunk]:
    """CSV records of ``text`` in chunks; rows whose field count differs from the header set aside."""
    try:
        raw_header, records, bad = _records_with_lines(text, delimiter)
    except csv.Error as exc:
        raise ImportFileError(f"{name}: the header cannot be read ({exc})") from None
    if not raw_header:
        raise ImportFileError(f"{name} is empty")
    header = _unique(raw_header)
    width = len(header)
    rows: list[list[str]] = []
    line_nos: list[int] = []
    for start, fields in records:
        if len(fields) != width:
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue  # blank line
            payload = json.dumps(redact_fields(fields, raw_header), ensure_ascii=False)
            bad.append((start, f"wrong number of fields ({len(fields)}, header has {width})", payload))
            continue
        rows.append(fields)
        line_nos.append(start)
        if len(rows) >= chunk_rows:
            yield Chunk(_frame(header, rows, line_nos), bad)
            rows, line_nos, bad = [], [], []
    yield Chunk(_frame(header, rows, line_nos), bad)


def iter_jsonl(text: str, chunk_rows: int) -> Iterator[Chunk]:
    """JSON objects, one per line, in chunks; broken lines and non-objects set aside."""
    records: list[dict] = []
    bad: list[tuple[int | None, str, str]] = []
    # split on "\n" only: U+2028 and friends may sit unescaped inside JSON strings
    for line_no, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            msg = getattr(exc, "msg", str(exc))
            col = getattr(exc, "colno", None)
            bad.append((line_no, f"broken JSON line: {msg}" + (f" at column {col}" if col else ""),
                        redact_json_text(line)))
            continue
        if not isinstance(obj, dict):
            bad.append((line_no, "JSON line is not an object", redact_json_text(line)))
            continue
        obj["line_no"] = line_no
        records.append(obj)
        if len(records) >= chunk_rows:
            yield Chunk(records_frame(records), bad)
            records, bad = [], []
    yield Chunk(records_frame(records), bad)


def records_frame(records: list[dict]) -> pd.DataFrame:
    """JSON records as object columns (a numeric id keeps all its digits; no float64 guessing)."""
    keys = list(dict.fromkeys(k for r in records for k in r))
    frame = pd.DataFrame({k: pd.Series([_cell(r.get(k)) for r in records], dtype=object) for k in keys})
    frame.attrs["records"] = records
    return frame
