"""Casting frames to a declared Arrow schema: the typed boundary in front of DuckDB.

Every value maps to the declared type or NULL: ``None``/NaN/``NA``/``null``/empty strings are NULL in
every column; numeric-looking strings and integral floats fill integer columns (``"12"``, ``12.0``);
booleans accept ``true/false/1/0/yes/no``; timestamps accept datetimes, ISO strings and epoch
seconds/milliseconds. A column a batch does not carry is all NULL *of its declared type*, so an
all-null batch can never change a column's type.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ingestion.markers import MISSING_VALUES
from ingestion.warehouse.schema import Table

_TRUE = frozenset({"true", "t", "1", "yes", "y"})
_FALSE = frozenset({"false", "f", "0", "no", "n"})


def _as_str(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value != value:
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def string_array(values: pd.Series) -> pa.Array:
    """Strings as they are; non-strings as text (integral floats without ``.0``); missing as NULL.

    Text columns keep their content: only ``None``/NaN and empty strings are NULL here (a post whose
    body is literally "None" keeps it). Sources map an export's ``NA`` fillers before this point.
    """
    if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
        try:
            arr = pa.array(values, type=pa.string(), from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            arr = pa.array([_as_str(v) for v in values], type=pa.string())
    else:
        arr = pa.array([_as_str(v) for v in values.astype(object)], type=pa.string())
    # empty strings carry no information in any text column
    empty = pc.equal(arr, "")
    return pc.if_else(empty, pa.scalar(None, pa.string()), arr)


def integer_array(values: pd.Series, type_: pa.DataType) -> pa.Array:
    """Integers from ints, integral floats and numeric strings; anything else NULL."""
    if pd.api.types.is_integer_dtype(values.dtype) and not isinstance(values.dtype, pd.CategoricalDtype):
        return pa.array(values.astype("Int64"), type=type_, from_pandas=True)
    numeric = pd.to_numeric(values.astype(object).map(_strip_missing), errors="coerce").astype("float64")
    info = np.iinfo(type_.to_pandas_dtype())
    ok = numeric.notna() & np.isfinite(numeric) & (numeric >= info.min) & (numeric <= info.max)
    out = pd.Series(pd.NA, index=values.index, dtype="Int64")
    out[ok] = np.round(numeric[ok]).astype("int64")
    return pa.array(out, type=type_, from_pandas=True)


def float_array(values: pd.Series) -> pa.Array:
    numeric = pd.to_numeric(values.astype(object).map(_strip_missing), errors="coerce").astype("float64")
    return pa.array(numeric, type=pa.float64(), from_pandas=True)


def bool_array(values: pd.Series) -> pa.Array:
    if pd.api.types.is_bool_dtype(values.dtype):
        return pa.array(values, type=pa.bool_(), from_pandas=True)

    def one(v: object) -> bool | None:
        if isinstance(v, bool | np.bool_):
            return bool(v)
        if isinstance(v, int | np.integer):
            return bool(v)
        if isinstance(v, float | np.floating):
            return None if v != v else bool(v)
        if isinstance(v, str):
            t = v.strip().lower()
            return True if t in _TRUE else False if t in _FALSE else None
        return None

    return pa.array([one(v) for v in values.astype(object)], type=pa.bool_())


def timestamp_array(values: pd.Series) -> pa.Array:
    """Naive-UTC microsecond timestamps from datetimes, ISO strings or epoch seconds/milliseconds."""
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        ts = pd.to_datetime(values, utc=True).dt.tz_convert(None) if getattr(values.dtype, "tz", None) else values
        return pa.array(ts.astype("datetime64[us]"), type=pa.timestamp("us"), from_pandas=True)
    from ingestion.records import parse_timestamps  # late: records imports this package's schema

    parsed = parse_timestamps(values.astype(object).map(_strip_missing))
    return pa.array(parsed, type=pa.timestamp("us"), from_pandas=True)


def date_array(values: pd.Series) -> pa.Array:
    """Calendar dates from dates, datetimes or ISO strings; missing as NULL."""
    parsed = pd.to_datetime(values.astype(object).map(_strip_missing), errors="coerce")
    return pa.array(parsed.dt.date.where(parsed.notna(), None), type=pa.date32(), from_pandas=True)


def list_array(values: pd.Series, type_: pa.DataType) -> pa.Array:
    def one(v: object) -> list | None:
        if v is None or (isinstance(v, float) and v != v):
            return None
        return [str(x) for x in v]

    return pa.array([one(v) for v in values.astype(object)], type=type_)


def _strip_missing(value: object) -> object:
    if isinstance(value, str) and value.strip().lower() in MISSING_VALUES:
        return None
    return value


def column_array(values: pd.Series, type_: pa.DataType) -> pa.Array:
    """One column cast to ``type_`` (see module docstring for the rules)."""
    if pa.types.is_string(type_):
        return string_array(values)
    if pa.types.is_integer(type_):
        return integer_array(values, type_)
    if pa.types.is_floating(type_):
        return float_array(values)
    if pa.types.is_boolean(type_):
        return bool_array(values)
    if pa.types.is_timestamp(type_):
        return timestamp_array(values)
    if pa.types.is_date(type_):
        return date_array(values)
    if pa.types.is_list(type_):
        return list_array(values, type_)
    raise TypeError(f"no cast declared for Arrow type {type_}")


def to_table(frame: pd.DataFrame | pa.Table, table: Table) -> pa.Table:
    """``frame`` as an Arrow table of exactly ``table``'s declared columns and types.

    Missing columns become typed all-NULL columns; extra columns are dropped. Raises ``ValueError``
    naming the column when a NOT NULL column would hold NULLs (a bug in the source, not bad input:
    sources quarantine such rows before this point).
    """
    if isinstance(frame, pa.Table):
        if frame.schema.equals(table.arrow_schema, check_metadata=False):
            return frame
        frame = frame.to_pandas()
    n = len(frame)
    arrays = []
    for column in table.columns:
        if column.name in frame.columns:
            arr = column_array(frame[column.name], column.type)
        else:
            arr = pa.nulls(n, type=column.type)
        if not column.nullable and arr.null_count:
            raise ValueError(f"{table.name}.{column.name}: {arr.null_count} NULL value(s) in a NOT NULL column")
        arrays.append(arr)
    return pa.Table.from_arrays(arrays, schema=table.arrow_schema)
