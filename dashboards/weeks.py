"""Weekly series that stay honest at the edges of a date range.

Weeks start on Monday (ISO, as DuckDB's ``date_trunc('week', ...)``). A range rarely starts on a Monday and
ends on a Sunday, so its first and last weeks may hold only a few days; their totals would read as a
collapse or a ramp. Every weekly chart therefore shows **posts per day** within each week (the week's
total divided by the days of that week inside the range), marks the partial weeks, and lists every week
of the range, with zeros where nothing was posted, so lines drop to 0 instead of skipping a gap.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import pandas as pd


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def weeks_in_range(start: date, end: date) -> pd.DataFrame:
    """One row per Monday week touching [start, end]: ``week``, ``days`` inside the range (1–7), ``partial``."""
    if end < start:
        return pd.DataFrame({"week": pd.Series(dtype="datetime64[ns]"), "days": [], "partial": []})
    rows = []
    week = week_start(start)
    while week <= end:
        first, last = max(week, start), min(week + timedelta(days=6), end)
        days = (last - first).days + 1
        rows.append({"week": pd.Timestamp(week), "days": days, "partial": days < 7})
        week += timedelta(days=7)
    return pd.DataFrame(rows)


def weekly_per_day(
    daily: pd.DataFrame,
    start: date,
    end: date,
    values: Sequence[str],
    by: str | None = None,
    categories: Sequence | None = None,
) -> pd.DataFrame:
    """Per-day rates of ``values`` for every Monday week of [start, end] (and every ``by`` category).

    ``daily`` has a ``day`` column (date or timestamp) and the ``values`` columns (counts); with ``by`` it is
    long (one row per day and category). Returns ``week``, ``days``, ``partial``, ``week_label`` (e.g.
    "2025-10-06 (3 of 7 days)"), the categories, each value as a per-day rate and ``<value>_total``.
    """
    weeks = weeks_in_range(start, end)
    frame = daily.copy()
    if frame.empty:
        frame = pd.DataFrame(columns=["day", *values, *([by] if by else [])])
    frame["week"] = pd.to_datetime(frame["day"]).dt.to_period("W-SUN").dt.start_time
    keys = ["week", *([by] if by else [])]
    totals = frame.groupby(keys, dropna=False)[list(values)].sum().reset_index() if len(frame) else frame[
        [*keys, *values]
    ]
    if by:
        cats = list(categories) if categories is not None else list(pd.unique(frame[by]))
        grid = weeks.merge(pd.DataFrame({by: cats}), how="cross")
    else:
        grid = weeks
    out = grid.merge(totals, on=keys, how="left")
    for column in values:
        total = pd.to_numeric(out[column], errors="coerce").fillna(0)
        out[f"{column}_total"] = total.astype("int64")
        out[column] = total / out["days"]
    out["week_label"] = [
        f"{w:%Y-%m-%d}" + (f" ({d} of 7 days in range)" if p else "")
        for w, d, p in zip(out["week"], out["days"], out["partial"], strict=True)
    ]
    return out.sort_values(keys).reset_index(drop=True)


def partial_note(weekly: pd.DataFrame) -> str:
    """Caption text explaining the per-day scale and naming the partial edge weeks, if any."""
    note = "Weeks start on Monday; values are posts per day within each week."
    partial = weekly.drop_duplicates("week")
    partial = partial[partial["partial"]]
    if not partial.empty:
        weeks = zip(partial["week"], partial["days"], strict=True)
        named = ", ".join(f"{w:%Y-%m-%d} ({d} of 7 days)" for w, d in weeks)
        note += f" Partial weeks at the range edges (shaded, averaged over their days in range): {named}."
    return note
