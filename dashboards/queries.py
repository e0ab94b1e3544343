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
        langs = _query("select distinct lang from marts.fct_posts where lang is not null order by 1")["lang"].tolist()
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


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def follow_through_funnel(version: float | None, filters: Filters) -> pd.DataFrame:
    """Author funnel (fct_author_journey): active in range → took a stance → intended/considered → followed through."""
    if "fct_author_journey" not in _tables(version):
        return pd.DataFrame(columns=["step", "authors"])
    where, params = filters.where(day="first_post_day", lang=False)
    row = _query(
        f"select count(*) as active, count(*) filter (where stance_posts > 0) as with_stance, "
        f"count(*) filter (where is_intender) as intenders, count(*) filter (where followed_through) as followed, "
        f"median(days_to_follow_through) as median_days "
        f"from marts.fct_author_journey where {where}",
        params,
    ).iloc[0]
    return pd.DataFrame(
        {
            "step": ["Authors", "Took a stance", "Intend / considering", "Later said they deleted"],
            "authors": [int(row["active"]), int(row["with_stance"]), int(row["intenders"]), int(row["followed"])],
            "median_days": [None, None, None, None if pd.isna(row["median_days"]) else float(row["median_days"])],
        }
    )


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
def destinations_weekly(version: float | None, filters: Filters) -> pd.DataFrame:
    """Posts per ISO week and destination within the filters."""
    if "fct_destinations_daily" not in _tables(version):
        return pd.DataFrame(columns=["week", "destination", "posts"])
    where, params = filters.where()
    return _query(
        f"select date_trunc('week', day)::date as week, destination, sum(posts)::bigint as posts "
        f"from marts.fct_destinations_daily where {where} group by all order by week, destination",
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
def topic_weekly(version: float | None, filters: Filters, topic_ids: tuple[int, ...]) -> pd.DataFrame:
    """Posts per ISO week for the given topics within the filters."""
    if not topic_ids:
        return pd.DataFrame(columns=["week", "topic_id", "label", "posts"])
    where, params = filters.where(alias="t")
    marks = ", ".join("?" for _ in topic_ids)
    return _query(
        f"select date_trunc('week', t.day)::date as week, t.topic_id, any_value(d.label) as label, "
        f"sum(t.posts)::bigint as posts from marts.fct_topic_daily t left join marts.dim_topics d using (topic_id) "
        f"where {where} and t.topic_id in ({marks}) group by all order by week, t.topic_id",
        [*params, *topic_ids],
    )


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def topic_examples(version: float | None, topic_id: int) -> dict:
    """Label, top terms, size, first/last day and representative posts (handles scrubbed) of one topic."""
    df = _query(
        "select label, top_terms, size, first_seen, last_seen, representative_posts from marts.dim_topics "
        "where topic_id = ?",
        [topic_id],
    )
    if df.empty:
        return {}
    row = df.iloc[0].to_dict()
    # list columns arrive as numpy arrays (or None)
    row["representative_posts"] = [scrub_handles(p) for p in _as_list(row["representative_posts"])]
    row["top_terms"] = _as_list(row["top_terms"])
    return row


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
    # one grouped scan; dimension is one of two fixed column names, never user text
    return _query(
        f"select {dimension} as label, sentiment, count(*) as posts, avg(sentiment_score) as mean_sentiment_score "
        f"from marts.fct_posts where {where} group by all order by label, sentiment",
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


def filtered_table(version: float | None, table: str, filters: Filters) -> pd.DataFrame:
    """A published mart restricted to the filters (columns it has), capped at ``MAX_DOWNLOAD_ROWS``.

    ``table`` must be one of the published tables (checked; it cannot carry SQL).
    """
    if table not in published_tables(version):
        raise ValueError(f"not a published table: {table!r}")
    columns = set(_columns(version, table))
    clauses, params = [], []
    if {"day", "platform"} <= columns:
        where, params = filters.where(lang="lang" in columns)
        clauses.append(where)
    where_sql = f" where {' and '.join(clauses)}" if clauses else ""
    return _query(f'select * from marts."{table}"{where_sql} limit ?', [*params, MAX_DOWNLOAD_ROWS])


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV (UTF-8) of a frame for st.download_button."""
    return df.to_csv(index=False).encode("utf-8")


def to_parquet_bytes(df: pd.DataFrame) -> bytes:
    """Parquet of a frame for st.download_button (list columns kept as lists)."""
    buffer = io.BytesIO()
    df.to_parquet(buffer, index=False)
    return buffer.getvalue()


def dbt_docs_path() -> Path:
    """Where ``dbt docs generate`` writes the static docs site (dbt_project/target/index.html)."""
    return Path(__file__).resolve().parents[1] / "dbt_project" / "target" / "index.html"


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
        df = con.execute(
            """
            select p.post_key, p.platform, p.post_id, p.kind, p.community, p.created_at, p.url, p.text,
                   thread.title as thread_title,
                   case when p.parent_id is distinct from p.thread_id then parent.text end as parent_text
            from marts.fct_posts p
            left join marts.fct_posts thread
              on thread.platform = p.platform and thread.post_id = p.thread_id and p.kind in ('comment', 'reply')
            left join marts.fct_posts parent on parent.platform = p.platform and parent.post_id = p.parent_id
            where not p.is_deleted and p.text is not null
              and p.post_key not in (select post_key from excluded_keys)
            order by md5(concat(?::varchar, ':', p.post_key))
            limit 1
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
