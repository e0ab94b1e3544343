"""All SQL the dashboard runs, against the published ``analytics.duckdb`` only.

Each query opens a short read-only connection (the pipeline replaces the file atomically, so a
reader never blocks a run nor sees a half-written table), binds every user value as a parameter,
and is cached per database version (file mtime) so a new publish shows up without a restart.
Charts read the pre-aggregated marts (``fct_daily_*``, ``fct_topic_daily``, ``fct_destinations_daily``,
``fct_spikes``, ``fct_author_journey``); only KPIs, the sentiment cross-tabs and the Posts page touch
``fct_posts``, always with the filters applied and the Posts page paginated.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from ingestion.privacy import scrub_handles
from ingestion.settings import Settings

CACHE_TTL_S = 300
STANCES = ("deleted", "intends", "considering", "urges", "staying")
SENTIMENTS = ("negative", "neutral", "positive")
TOPIC_TABLES = {"dim_topics", "fct_topic_daily"}
# A download of fct_posts is capped: the published file itself is the way to get everything.
MAX_DOWNLOAD_ROWS = 200_000
PAGE_SIZE = 25


def analytics_path() -> Path:
    """Absolute path of the published DB: ``$HAPUSWATCH_DATA_DIR/analytics.duckdb``."""
    return Settings.from_env().analytics_path


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
    langs: tuple[str, ...] = ()

    def where(self, alias: str = "", lang: bool = True, day: str = "day") -> tuple[str, list]:
        """SQL predicate and parameters for these filters on a table with ``day`` and ``platform``.

        ``lang=False`` leaves out the language filter, for tables without a ``lang`` column.
        """
        p = f"{alias}." if alias else ""
        clauses = [f"{p}{day} between ? and ?"]
        params: list = [self.start, self.end]
        if self.platforms:
            clauses.append(f"{p}platform in ({', '.join('?' for _ in self.platforms)})")
            params.extend(self.platforms)
        if lang and self.langs:
            clauses.append(f"{p}lang in ({', '.join('?' for _ in self.langs)})")
            params.extend(self.langs)
        return " and ".join(clauses), params

    def where_for(self, columns: set[str] | list[str], day: str = "day") -> tuple[str, list, list[str]]:
        """Predicate for a table with any subset of the filter columns (``day``, ``platform``, ``lang``).

        Returns (sql or "", parameters, names of the filters that applied), so a caller can say which
        filters a table cannot take.
        """
        columns = set(columns)
        clauses: list[str] = []
        params: list = []
        applied: list[str] = []
        if day in columns:
            clauses.append(f"{day} between ? and ?")
            params.extend([self.start, self.end])
            applied.append("date")
        if "platform" in columns and self.platforms:
            clauses.append(f"platform in ({', '.join('?' for _ in self.platforms)})")
            params.extend(self.platforms)
            applied.append("platform")
        if "lang" in columns and self.langs:
            clauses.append(f"lang in ({', '.join('?' for _ in self.langs)})")
            params.extend(self.langs)
            applied.append("language")
        return " and ".join(clauses), params, applied

    def set_filters(self) -> list[str]:
        """Names of the filters that narrow anything (the date range always does)."""
        return ["date", *(["platform"] if self.platforms else []), *(["language"] if self.langs else [])]


def _query(sql: str, params: list | None = None) -> pd.DataFrame:
    con = duckdb.connect(str(analytics_path()), read_only=True)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()


def _tables(version: float | None) -> set[str]:
    if version is None:
        return set()
    try:
        df = _query("select table_name from information_schema.tables where table_schema = 'marts'")
    except duckdb.Error:
        # a file that is not (yet) a valid database reads as "nothing published"
        return set()
    return set(df["table_name"])


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def published_tables(version: float | None) -> set[str]:
    """Names of the tables in schema ``marts`` of the published DB."""
    return _tables(version)


def has_topics(version: float | None) -> bool:
    """True when the topic marts (dim_topics, fct_topic_daily) are published."""
    return published_tables(version) >= TOPIC_TABLES


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def data_bounds(version: float | None) -> dict:
    """Earliest/latest day, platforms, languages and whether demo data is present."""
    tables = _tables(version)
    if "fct_daily_volume" not in tables:
        return {"min_day": None, "max_day": None, "platforms": [], "langs": [], "has_demo": False, "posts": 0}
    row = _query(
        "select min(day) as min_day, max(day) as max_day, coalesce(bool_or(has_demo), false) as has_demo, "
        "coalesce(sum(posts), 0) as posts from marts.fct_daily_volume"
    ).iloc[0]
    platforms = _query("select distinct platform from marts.fct_daily_volume order by 1")["platform"].tolist()
    langs: list[str] = []
    if "fct_posts" in tables:
        # fct_daily_volume groups every post of fct_posts by lang: the same languages without scanning 1M posts
        langs = _query(
            "select distinct lang from marts.fct_daily_volume where lang is not null order by 1"
        )["lang"].tolist()
    return {
        "min_day": row["min_day"].date() if pd.notna(row["min_day"]) else None,
        "max_day": row["max_day"].date() if pd.notna(row["max_day"]) else None,
        "platforms": platforms,
        "langs": langs,
        "has_demo": bool(row["has_demo"]),
        "posts": int(row["posts"]),
    }


# --- Overview -----------------------------------------------------------------------------------


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
    """KPIs within the filters: posts, distinct authors, days, items deleted upstream, `deleted` and `intends` posts."""
    where, params = filters.where()
    row = _query(
        f"select count(*) as posts, count(distinct author_pseudonym) as authors, count(distinct day) as days, "
        f"count(*) filter (where is_deleted) as deleted_items, "
        f"count(*) filter (where stance = 'deleted') as says_deleted, "
        f"count(*) filter (where stance = 'intends') as says_intends "
        f"from marts.fct_posts where {where}",
        params,
    ).iloc[0]
    return {k: int(row[k]) for k in ("posts", "authors", "days", "deleted_items", "says_deleted", "says_intends")}


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def events(version: float | None, filters: Filters) -> pd.DataFrame:
    """Dated events (dim_events) inside the date range."""
    if "dim_events" not in _tables(version):
        return pd.DataFrame(columns=["event_id", "day", "title", "category", "region", "source_url"])
    return _query(
        "select event_id, day, title, description, category, region, source_url from marts.dim_events "
        "where day between ? and ? order by day",
        [filters.start, filters.end],
    )


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def spikes(version: float | None, filters: Filters) -> pd.DataFrame:
    """Anomalous days (fct_spikes) inside the date range, with their likely event and topics."""
    if "fct_spikes" not in _tables(version):
        return pd.DataFrame(columns=["day", "posts", "robust_z", "event_title", "top_topics", "top_stances"])
    return _query(
        "select day, posts, baseline_median, robust_z, ratio_to_baseline, event_id, event_title, days_from_event, "
        "top_topics, top_stances from marts.fct_spikes where day between ? and ? order by day",
        [filters.start, filters.end],
    )


# --- Movement -----------------------------------------------------------------------------------


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def stance_daily(version: float | None, filters: Filters) -> pd.DataFrame:
    """Posts per stance per day (platforms summed), with the cumulative count of `deleted` posts."""
    where, params = filters.where()
    cols = ", ".join(f"sum({s})::bigint as {s}" for s in STANCES)
    return _query(
        f"select day, {cols}, sum(authors_deleted)::bigint as authors_deleted, "
        f"sum(sum(deleted)) over (order by day)::bigint as cumulative_deleted "
        f"from marts.fct_daily_movement where {where} group by day order by day",
        params,
    )


FUNNEL_STEPS = (
    "Authors posting in range",
    "First posted in range",
    "Took a stance",
    "Intend / considering",
    "Later said they deleted",
)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def follow_through_funnel(version: float | None, filters: Filters) -> pd.DataFrame:
    """Author funnel, in distinct pseudonyms, with denominators that reconcile with Overview.

    Step 1 counts every author posting in the range on the chosen platforms (Overview's "Authors" when no
    language is picked: journeys span languages, so the language filter does not apply). Steps 2–5 follow
    the cohort whose first post falls in the range (fct_author_journey), so each journey is seen from its
    start; "later" means at any time up to the latest data.
    """
    if "fct_author_journey" not in _tables(version):
        return pd.DataFrame(columns=["step", "authors", "median_days"])
    where, params = filters.where(lang=False)
    active = int(
        _query(f"select count(distinct author_pseudonym) as n from marts.fct_posts where {where}", params).iloc[0]["n"]
    )
    where, params = filters.where(day="first_post_day", lang=False)
    row = _query(
        f"select count(distinct author_pseudonym) as cohort, "
        f"count(distinct author_pseudonym) filter (where stance_posts > 0) as with_stance, "
        f"count(distinct author_pseudonym) filter (where is_intender) as intenders, "
        f"count(distinct author_pseudonym) filter (where followed_through) as followed, "
        f"median(days_to_follow_through) as median_days "
        f"from marts.fct_author_journey where {where}",
        params,
    ).iloc[0]
    median = None if pd.isna(row["median_days"]) else float(row["median_days"])
    return pd.DataFrame(
        {
            "step": list(FUNNEL_STEPS),
            "authors": [active, *(int(row[c]) for c in ("cohort", "with_stance", "intenders", "followed"))],
            "median_days": [None, None, None, None, median],
        }
    )


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def follow_through_typical_days(version: float | None) -> float | None:
    """Median days from first intent to a `deleted` post over all data: how long a range must be to see it."""
    if "fct_author_journey" not in _tables(version):
        return None
    value = _query(
        "select median(days_to_follow_through) as d from marts.fct_author_journey where followed_through"
    ).iloc[0]["d"]
    return None if pd.isna(value) else float(value)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def destinations(version: float | None, filters: Filters) -> pd.DataFrame:
    """Posts and (summed daily) authors per destination within the filters, most posts first."""
    if "fct_destinations_daily" not in _tables(version):
        return pd.DataFrame(columns=["destination", "posts", "authors"])
    where, params = filters.where()
    return _query(
        f"select destination, sum(posts)::bigint as posts, sum(authors)::bigint as authors "
        f"from marts.fct_destinations_daily where {where} group by destination order by posts desc, destination",
        params,
    )


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def destinations_by_day(version: float | None, filters: Filters) -> pd.DataFrame:
    """Posts per day and destination within the filters (the weekly chart aggregates them, see weeks.py)."""
    if "fct_destinations_daily" not in _tables(version):
        return pd.DataFrame(columns=["day", "destination", "posts"])
    where, params = filters.where()
    return _query(
        f"select day, destination, sum(posts)::bigint as posts "
        f"from marts.fct_destinations_daily where {where} group by all order by day, destination",
        params,
    )


# --- Themes -------------------------------------------------------------------------------------


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def topic_summary(version: float | None, filters: Filters, limit: int = 12) -> pd.DataFrame:
    """Largest topics within the filters (outliers excluded) with label, terms and sentiment mix."""
    where, params = filters.where(alias="t")
    return _query(
        f"select t.topic_id, any_value(d.label) as label, any_value(d.top_terms) as top_terms, "
        f"sum(t.posts)::bigint as posts, sum(t.deleted)::bigint as deleted, sum(t.intends)::bigint as intends, "
        f"sum(t.negative)::bigint as negative, sum(t.positive)::bigint as positive, "
        f"sum(t.mean_sentiment_score * t.posts) / nullif(sum(t.posts), 0) as mean_sentiment_score "
        f"from marts.fct_topic_daily t left join marts.dim_topics d using (topic_id) "
        f"where {where} and t.topic_id <> -1 group by t.topic_id order by posts desc, t.topic_id limit ?",
        [*params, limit],
    )


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def topic_by_day(version: float | None, filters: Filters, topic_ids: tuple[int, ...]) -> pd.DataFrame:
    """Posts per day for the given topics within the filters (the weekly chart aggregates them)."""
    if not topic_ids:
        return pd.DataFrame(columns=["day", "topic_id", "posts"])
    where, params = filters.where(alias="t")
    marks = ", ".join("?" for _ in topic_ids)
    return _query(
        f"select t.day, t.topic_id, sum(t.posts)::bigint as posts from marts.fct_topic_daily t "
        f"where {where} and t.topic_id in ({marks}) group by all order by t.day, t.topic_id",
        [*params, *topic_ids],
    )


EXAMPLE_POSTS = 5


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def topic_examples(version: float | None, topic_id: int, filters: Filters) -> dict:
    """One topic within the filters: label, top terms, posts and first/last day in range, example posts.

    Examples are the topic's representative posts that fall inside the filters, then its highest-scored
    posts in range; texts have handles scrubbed. ``size`` is the topic's size over all data, for context.
    """
    df = _query(
        "select label, top_terms, size, representative_posts from marts.dim_topics where topic_id = ?", [topic_id]
    )
    if df.empty:
        return {}
    row = df.iloc[0].to_dict()
    representative = _as_list(row["representative_posts"])
    where, params = filters.where()
    stats = _query(
        f"select count(*) as posts, min(day) as first_day, max(day) as last_day from marts.fct_posts "
        f"where {where} and topic_id = ?",
        [*params, topic_id],
    ).iloc[0]
    examples = _query(
        f"select text from marts.fct_posts where {where} and topic_id = ? and text is not null "
        f"order by list_contains(?::varchar[], text) desc, score desc nulls last, post_key limit ?",
        [*params, topic_id, representative, EXAMPLE_POSTS],
    )["text"].tolist()
    return {
        "label": row["label"],
        "top_terms": _as_list(row["top_terms"]),
        "size": int(row["size"]),
        "posts_in_range": int(stats["posts"]),
        "first_day": None if pd.isna(stats["first_day"]) else pd.Timestamp(stats["first_day"]).date(),
        "last_day": None if pd.isna(stats["last_day"]) else pd.Timestamp(stats["last_day"]).date(),
        "examples": [scrub_handles(t) for t in examples],
    }


def _as_list(value: object) -> list:
    return [] if value is None else list(value)


# --- Sentiment ----------------------------------------------------------------------------------


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def sentiment_daily(version: float | None, filters: Filters) -> pd.DataFrame:
    """Posts per sentiment and the mean score per day (fct_daily_movement)."""
    where, params = filters.where()
    return _query(
        f"select day, sum(negative)::bigint as negative, sum(neutral)::bigint as neutral, "
        f"sum(positive)::bigint as positive, sum(mean_sentiment_score * posts) / nullif(sum(posts), 0) "
        f"as mean_sentiment_score from marts.fct_daily_movement where {where} group by day order by day",
        params,
    )


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def sentiment_by(version: float | None, filters: Filters, dimension: str) -> pd.DataFrame:
    """Share of each sentiment and mean score by ``lang`` or ``stance`` within the filters (fct_posts)."""
    if dimension not in ("lang", "stance"):
        raise ValueError(f"sentiment_by: unknown dimension {dimension!r}")
    where, params = filters.where()
    # one grouped scan; dimension is one of two fixed column names, never user text. Content removed
    # upstream has no text and therefore no sentiment: it is not an opinion.
    return _query(
        f"select {dimension} as label, sentiment, count(*) as posts, avg(sentiment_score) as mean_sentiment_score "
        f"from marts.fct_posts where {where} and not is_deleted group by all order by label, sentiment",
        params,
    )


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def sentiment_by_topic(version: float | None, filters: Filters, limit: int = 12) -> pd.DataFrame:
    """Negative/neutral/positive posts and mean score for the largest topics (fct_topic_daily)."""
    where, params = filters.where(alias="t")
    return _query(
        f"select any_value(d.label) as label, sum(t.negative)::bigint as negative, sum(t.neutral)::bigint as neutral, "
        f"sum(t.positive)::bigint as positive, sum(t.posts)::bigint as posts, "
        f"sum(t.mean_sentiment_score * t.posts) / nullif(sum(t.posts), 0) as mean_sentiment_score "
        f"from marts.fct_topic_daily t left join marts.dim_topics d using (topic_id) "
        f"where {where} and t.topic_id <> -1 group by t.topic_id order by posts desc limit ?",
        [*params, limit],
    )


# --- Posts --------------------------------------------------------------------------------------


def _post_filters(filters: Filters, search: str, stances: tuple[str, ...]) -> tuple[str, list]:
    where, params = filters.where()
    if search.strip():
        # the user's words are data: bound, with LIKE wildcards escaped
        escaped = search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where += " and text ilike ? escape '\\'"
        params.append(f"%{escaped}%")
    if stances:
        where += f" and stance in ({', '.join('?' for _ in stances)})"
        params.extend(stances)
    return where, params


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def search_posts(
    version: float | None,
    filters: Filters,
    search: str = "",
    stances: tuple[str, ...] = (),
    page: int = 0,
    page_size: int = PAGE_SIZE,
) -> tuple[pd.DataFrame, int]:
    """One page of posts (newest first) matching the filters, a text search and stances; and the total count.

    Authors are shown as short pseudonyms and texts are scrubbed of handles again before display.
    """
    where, params = _post_filters(filters, search, stances)
    total = int(_query(f"select count(*) as n from marts.fct_posts where {where}", params).iloc[0]["n"])
    topic = "topic_label" if "topic_label" in _columns(version, "fct_posts") else "null::varchar as topic_label"
    df = _query(
        f"select created_at, platform, left(author_pseudonym, 10) as author, lang, stance, sentiment, {topic}, "
        f"destinations, text, url from marts.fct_posts where {where} "
        f"order by created_at desc, post_key limit ? offset ?",
        [*params, page_size, page * page_size],
    )
    df["text"] = [scrub_handles(t) if isinstance(t, str) else t for t in df["text"]]
    return df, total


# --- Data ---------------------------------------------------------------------------------------


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def _columns(version: float | None, table: str) -> list[str]:
    return _query(
        "select column_name from information_schema.columns where table_schema = 'marts' and table_name = ? "
        "order by ordinal_position",
        [table],
    )["column_name"].tolist()


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def table_catalog(version: float | None) -> pd.DataFrame:
    """Published tables with row counts and the descriptions dbt wrote as comments."""
    if not _tables(version):
        return pd.DataFrame(columns=["table", "rows", "description"])
    return _query(
        "select table_name as table, estimated_size as rows, comment as description from duckdb_tables() "
        "where schema_name = 'marts' order by table_name"
    )


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def column_docs(version: float | None, table: str) -> pd.DataFrame:
    """Columns of one published table with type and description."""
    return _query(
        "select column_name as column, data_type as type, comment as description from duckdb_columns() "
        "where schema_name = 'marts' and table_name = ? order by column_index",
        [table],
    )


# Tables whose date column is not called `day`: the filter applies to the day a row starts.
DAY_COLUMNS = {"fct_author_journey": "first_post_day"}


def download_filters(version: float | None, table: str, filters: Filters) -> tuple[list[str], list[str]]:
    """(filters that apply to ``table``, filters set in the sidebar that it has no column for)."""
    _, _, applied = filters.where_for(_columns(version, table), day=DAY_COLUMNS.get(table, "day"))
    skipped = [f for f in filters.set_filters() if f not in applied]
    return applied, skipped


def filtered_table(version: float | None, table: str, filters: Filters) -> pd.DataFrame:
    """A published mart restricted to every filter it has a column for, capped at ``MAX_DOWNLOAD_ROWS``.

    ``table`` must be one of the published tables (checked; it cannot carry SQL). A table with a date column
    but no ``platform`` (``fct_spikes``, ``dim_events``) still gets the date range; ``fct_author_journey`` is
    filtered on ``first_post_day``.
    """
    if table not in published_tables(version):
        raise ValueError(f"not a published table: {table!r}")
    where, params, _ = filters.where_for(_columns(version, table), day=DAY_COLUMNS.get(table, "day"))
    where_sql = f" where {where}" if where else ""
    return _query(f'select * from marts."{table}"{where_sql} limit ?', [*params, MAX_DOWNLOAD_ROWS])


def _plain(value: object) -> object:
    """Lists (numpy arrays from DuckDB) as Python lists, recursively, so they serialise as lists."""
    if hasattr(value, "tolist") and not isinstance(value, str | bytes):
        value = value.tolist()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _list_columns(df: pd.DataFrame) -> list[str]:
    return [
        c
        for c in df.columns
        if df[c].dtype == object and df[c].map(lambda v: hasattr(v, "tolist") or isinstance(v, list)).any()
    ]


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV (UTF-8) for st.download_button: list cells as JSON arrays (``["telegram"]``), empty cells empty."""
    out = df.copy()
    for column in _list_columns(out):
        out[column] = out[column].map(
            lambda v: json.dumps(_plain(v), ensure_ascii=False) if v is not None else ""
        )
    return out.to_csv(index=False).encode("utf-8")


def to_parquet_bytes(df: pd.DataFrame) -> bytes:
    """Parquet for st.download_button: list columns stay real lists (``list<string>``)."""
    out = df.copy()
    for column in _list_columns(out):
        out[column] = out[column].map(lambda v: _plain(v) if v is not None else None)
    buffer = io.BytesIO()
    out.to_parquet(buffer, index=False)
    return buffer.getvalue()


def dbt_docs_path() -> Path:
    """Where the README's ``dbt docs generate`` writes the static docs site: ``$HAPUSWATCH_DATA_DIR/dbt/docs``."""
    return Settings.from_env().data_dir / "dbt" / "docs" / "index.html"


# --- Corrected stance shares and the labelling page (marts.fct_stance_prevalence*, fct_post_labels) ----

PREVALENCE_TABLES = {"fct_stance_prevalence", "fct_stance_prevalence_total"}


def has_prevalence(version: float | None) -> bool:
    """True when the corrected-share marts are published."""
    return published_tables(version) >= PREVALENCE_TABLES


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def stance_prevalence_weekly(version: float | None, start: date, end: date) -> pd.DataFrame:
    """Raw and corrected stance shares with 95% intervals for the weeks that overlap ``start``–``end``."""
    return _query(
        "select week, stance, week_posts, posts, raw_share, adjusted_share, ci_low, ci_high, n_labelled, method "
        "from marts.fct_stance_prevalence where week + interval 6 day >= ? and week <= ? order by week, stance",
        [start, end],
    )


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def stance_prevalence_total(version: float | None) -> pd.DataFrame:
    """Headline corrected stance shares over all weeks."""
    return _query(
        "select stance, total_posts, posts, raw_share, adjusted_share, ci_low, ci_high, n_labelled, method "
        "from marts.fct_stance_prevalence_total"
    )


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def labelled_post_keys(version: float | None) -> frozenset[str]:
    """``post_key`` of every post with a published hand label (empty before the first labelled run)."""
    if "fct_post_labels" not in published_tables(version):
        return frozenset()
    return frozenset(_query("select post_key from marts.fct_post_labels")["post_key"])


def next_post_to_label(version: float | None, seed: int, exclude: frozenset[str] | set[str]) -> dict | None:
    """One random post with text that nobody labelled yet (not in ``exclude``), with its context.

    The order is a keyed hash of (seed, post_key): each labelling session walks its own random
    permutation. Context: the thread's title and the parent's text for a comment. None when every
    post is labelled.
    """
    excluded = pd.DataFrame({"post_key": sorted(exclude)}, dtype=object)
    con = duckdb.connect(str(analytics_path()), read_only=True)
    try:
        con.register("excluded_keys", excluded)
        # pick the post first, then join its context: joining every post to its thread and parent before the
        # limit cost seconds at 1M posts
        df = con.execute(
            """
            with pick as (
                select p.post_key, p.platform, p.post_id, p.kind, p.community, p.created_at, p.url, p.text,
                       p.thread_id, p.parent_id
                from marts.fct_posts p
                where not p.is_deleted and p.text is not null
                  and p.post_key not in (select post_key from excluded_keys)
                order by md5(concat(?::varchar, ':', p.post_key))
                limit 1
            )
            select p.post_key, p.platform, p.post_id, p.kind, p.community, p.created_at, p.url, p.text,
                   thread.title as thread_title,
                   case when p.parent_id is distinct from p.thread_id then parent.text end as parent_text
            from pick p
            left join marts.fct_posts thread
              on thread.platform = p.platform and thread.post_id = p.thread_id and p.kind in ('comment', 'reply')
            left join marts.fct_posts parent on parent.platform = p.platform and parent.post_id = p.parent_id
            """,
            [str(seed)],
        ).df()
    finally:
        con.close()
    if df.empty:
        return None
    row = df.iloc[0].to_dict()
    for col in ("text", "thread_title", "parent_text"):
        row[col] = scrub_handles(row[col]) if isinstance(row[col], str) else None
    return row
