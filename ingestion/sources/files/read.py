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
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pa_csv

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


def _arrow_records(text: str, delimiter: str) -> tuple[list[str], pa.Table, np.ndarray] | None:
    """Fast path: Arrow's multi-threaded C++ reader, every column typed as a string, fillers NULL.

    Taken only when it is exact: valid UTF-8, a one-line header, every row with the header's field
    count, and physical line numbers recoverable (no blank lines). Otherwise ``None``: the
    record-by-record reader handles the file and reports each malformed row.
    """
    first_line = text.split("\n", 1)[0]
    try:
        header = next(csv.reader([first_line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return None
    if not header or '"' in first_line and first_line.count('"') % 2:
        return None  # a quoted header cell spans lines
    try:
        data = text.encode("utf-8")  # undecodable bytes (surrogate escapes) refuse: record by record
    except UnicodeEncodeError:
        return None
    names = _unique(header)
    invalid: list[object] = []

    def on_invalid(row: object) -> str:
        invalid.append(row)
        return "skip"

    try:
        table = pa_csv.read_csv(
            io.BytesIO(data),
            read_options=pa_csv.ReadOptions(column_names=names, skip_rows=1, block_size=1 << 24),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter, newlines_in_values=True, invalid_row_handler=on_invalid
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                null_values=sorted(_MISSING_SPELLINGS), strings_can_be_null=True, quoted_strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, ValueError):
        return None
    if invalid:
        return None
    physical = text.count("\n") + (0 if text.endswith("\n") else 1)
    embedded = np.zeros(table.num_rows, dtype="int64")
    if physical != table.num_rows + 1:
        for column in table.columns:
            embedded += pc.fill_null(pc.count_substring(column, "\n"), 0).to_numpy(zero_copy_only=False)
        if physical != table.num_rows + 1 + int(embedded.sum()):
            return None  # blank lines: their positions are unknown here
    line_nos = 2 + np.concatenate([[0], np.cumsum(1 + embedded)[:-1]]) if table.num_rows else embedded
    return names, table, line_nos


def iter_csv(text: str, name: str, chunk_rows: int, delimiter: str = ",") -> Iterator[Chunk]:
    """CSV records of ``text`` in chunks; rows whose field count differs from the header set aside."""
    fast = _arrow_records(text, delimiter)
    if fast is not None:
        names, table, line_nos = fast
        for start in range(0, max(table.num_rows, 1), chunk_rows):
            part = table.slice(start, chunk_rows)
            frame = pd.DataFrame(
                {n: part.column(i).to_numpy(zero_copy_only=False) for i, n in enumerate(names)}, dtype=object
            )
            frame["line_no"] = line_nos[start : start + chunk_rows]
            yield Chunk(frame)
        return
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
