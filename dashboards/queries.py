"""All SQL the dashboard runs, against the published ``analytics.duckdb`` only.

Each query opens a short read-only connection (the pipeline replaces the file atomically, so a
reader never blocks a run nor sees a half-written table), binds every user value as a parameter,
and is cached per database version (file mtime) so a new publish shows up without a restart.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

CACHE_TTL_S = 300


def analytics_path() -> Path:
    data_dir = Path(os.environ.get("HAPUSWATCH_DATA_DIR") or "data").expanduser().resolve()
    return data_dir / "analytics.duckdb"


def db_version() -> float | None:
    """Modification time of the published DB (None when nothing is published yet): the cache key."""
    try:
        return analytics_path().stat().st_mtime
    except FileNotFoundError:
        return None


@dataclass(frozen=True)
class Filters:
    """Shared sidebar filters; every page query takes them."""

    start: date
    end: date
    platforms: tuple[str, ...] = ()

    def where(self, alias: str = "") -> tuple[str, list]:
        """SQL predicate and parameters for these filters on a table with ``day`` and ``platform``."""
        p = f"{alias}." if alias else ""
        clauses = [f"{p}day between ? and ?"]
        params: list = [self.start, self.end]
        if self.platforms:
            clauses.append(f"{p}platform in ({', '.join('?' for _ in self.platforms)})")
            params.extend(self.platforms)
        return " and ".join(clauses), params


def _query(sql: str, params: list | None = None) -> pd.DataFrame:
    path = analytics_path()
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()


def _tables(version: float | None) -> set[str]:
    if version is None:
        return set()
    df = _query("select table_name from information_schema.tables where table_schema = 'marts'")
    return set(df["table_name"])


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def published_tables(version: float | None) -> set[str]:
    return _tables(version)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def data_bounds(version: float | None) -> dict:
    """Earliest/latest day, platforms and whether demo data is present."""
    if "fct_daily_volume" not in _tables(version):
        return {"min_day": None, "max_day": None, "platforms": [], "has_demo": False, "posts": 0}
    row = _query(
        "select min(day) as min_day, max(day) as max_day, coalesce(bool_or(has_demo), false) as has_demo, "
        "coalesce(sum(posts), 0) as posts from marts.fct_daily_volume"
    ).iloc[0]
    platforms = _query("select distinct platform from marts.fct_daily_volume order by 1")["platform"].tolist()
    return {
        "min_day": row["min_day"].date() if pd.notna(row["min_day"]) else None,
        "max_day": row["max_day"].date() if pd.notna(row["max_day"]) else None,
        "platforms": platforms,
        "has_demo": bool(row["has_demo"]),
        "posts": int(row["posts"]),
    }


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def daily_volume(version: float | None, filters: Filters) -> pd.DataFrame:
    """Posts and authors per day (platforms summed) within the filters."""
    where, params = filters.where()
    return _query(
        f"select day, sum(posts)::bigint as posts, sum(comments)::bigint as comments, "
        f"sum(submissions)::bigint as submissions, sum(authors)::bigint as authors "
        f"from marts.fct_daily_volume where {where} group by day order by day",
        params,
    )


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def headline(version: float | None, filters: Filters) -> dict:
    """Posts, distinct authors and days covered within the filters (authors counted on fct_posts)."""
    where, params = filters.where()
    row = _query(
        f"select count(*) as posts, count(distinct author_pseudonym) as authors, count(distinct day) as days, "
        f"count(*) filter (where is_deleted) as deleted_items from marts.fct_posts where {where}",
        params,
    ).iloc[0]
    return {k: int(row[k]) for k in ("posts", "authors", "days", "deleted_items")}
