"""The one declared schema of every table the pipeline writes, as Arrow schemas.

Each :class:`Table` is declared once with Arrow types; its DuckDB DDL is generated from that
declaration, and every frame written into it is first cast to the same Arrow schema
(:func:`ingestion.warehouse.typed.to_table`). A batch's column types therefore never come from
guessing (pandas inferring ``float64`` for an all-null column, ``object`` for mixed values): an upsert
sees the same types whatever the batch holds.

Tables created by dbt (staging, intermediate, marts) are not declared here; dbt owns those.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from ingestion.settings import KNOWN_SOURCES


@dataclass(frozen=True)
class Column:
    """One column: Arrow type, nullability, and the DuckDB type when it differs from the Arrow one."""

    name: str
    type: pa.DataType
    nullable: bool = True
    sql_type: str | None = None  # e.g. JSON, which Arrow carries as a string


@dataclass(frozen=True)
class Table:
    """A warehouse table declared once: columns, primary key, and the schema it lives in."""

    name: str  # schema.table
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    description: str = ""
    _by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {c.name: c for c in self.columns})

    @property
    def schema_name(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def arrow_schema(self) -> pa.Schema:
        return pa.schema([pa.field(c.name, c.type, nullable=c.nullable) for c in self.columns])

    def column(self, name: str) -> Column:
        return self._by_name[name]

    def create_sql(self) -> str:
        cols = [f"{c.name} {sql_type(c)}{'' if c.nullable else ' NOT NULL'}" for c in self.columns]
        if self.primary_key:
            cols.append(f"PRIMARY KEY ({', '.join(self.primary_key)})")
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n  " + ",\n  ".join(cols) + "\n)"


_SQL_TYPES = {
    pa.string(): "VARCHAR",
    pa.int32(): "INTEGER",
    pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE",
    pa.bool_(): "BOOLEAN",
    pa.timestamp("us"): "TIMESTAMP",
    pa.date32(): "DATE",
    pa.list_(pa.string()): "VARCHAR[]",
}


def sql_type(column: Column) -> str:
    """DuckDB type of a declared column."""
    if column.sql_type:
        return column.sql_type
    try:
        return _SQL_TYPES[column.type]
    except KeyError as exc:  # a new Arrow type needs a mapping here, not a guess
        raise TypeError(f"no DuckDB type declared for Arrow type {column.type} ({column.name})") from exc


S, I32, I64, F64, B, TS = pa.string(), pa.int32(), pa.int64(), pa.float64(), pa.bool_(), pa.timestamp("us")

# -- raw: what sources deliver (docs/design.md "raw layer") -----------------------------------------
POST_COLUMNS: tuple[Column, ...] = (
    Column("platform", S, False),
    Column("post_id", S, False),
    Column("source", S, False),
    Column("kind", S, False),
    Column("parent_id", S),
    Column("thread_id", S),
    Column("community", S),
    Column("author_pseudonym", S),
    Column("title", S),
    Column("body", S),
    Column("url", S),
    Column("score", I32),
    Column("num_comments", I32),
    Column("created_at", TS, False),
    Column("is_deleted", B, False),
    Column("is_demo", B, False),
    Column("content_hash", S, False),
    Column("matched_query", S),
    Column("raw_payload", S, sql_type="JSON"),
    Column("first_seen_at", TS, False),
    Column("last_seen_at", TS, False),
    # 'source' (the platform's own timestamp) or 'snowflake_id' (derived from an X/Twitter id)
    Column("created_at_source", S),
)

# One raw table per known source, named in ingestion.settings.KNOWN_SOURCES (the one list of sources).
SOURCE_TABLES: dict[str, str] = dict(KNOWN_SOURCES)

POST_TABLES: dict[str, Table] = {
    source: Table(f"raw.{name}", POST_COLUMNS, ("platform", "post_id"), f"posts of the {source} source")
    for source, name in SOURCE_TABLES.items()
}

QUARANTINE = Table(
    "raw.quarantine",
    (
        Column("quarantine_id", S, False),
        Column("source", S, False),
        Column("platform", S),
        Column("origin", S),
        Column("line_no", I64),
        Column("record_id", S),
        Column("reason", S, False),
        Column("payload", S),
        Column("quarantined_at", TS, False),
    ),
    ("quarantine_id",),
    "rejected input rows with a reason (and line number for imports)",
)

COLLECTION_STATE = Table(
    "raw.collection_state",
    (
        Column("source", S, False),
        Column("scope", S, False),
        Column("cursor_at", TS),
        Column("updated_at", TS, False),
        Column("detail", S, sql_type="JSON"),
    ),
    ("source", "scope"),
    "incremental cursor per source and scope (e.g. a Reddit partition day), and what a regenerated "
    "source last stored (``detail``: the demo's size, seed and generator version)",
)

IMPORT_FILES = Table(
    "raw.import_files",
    (
        Column("path", S, False),
        Column("size", I64, False),
        Column("mtime", F64, False),
        Column("sha256", S, False),
        Column("format", S),
        Column("platform", S),
        Column("rows_read", I64),
        Column("loaded", I64),
        Column("quarantined", I64),
        Column("imported_at", TS, False),
        Column("encoding", S),
    ),
    ("path", "sha256"),
    "the import ledger: each file of the drop folder imported once",
)

# -- enrichment and topics: written by the Python assets between dbt staging and the marts ---------
POST_ENRICHMENT = Table(
    "enrichment.post_enrichment",
    (
        Column("platform", S, False),
        Column("post_id", S, False),
        Column("content_hash", S, False),
        Column("lang", S, False),
        Column("text_norm", S),
        Column("stance", S, False),
        Column("stance_score", F64),
        Column("sentiment", S, False),
        Column("sentiment_score", F64),
        Column("enrich_version", S, False),
        Column("enriched_at", TS, False),
        Column("destinations", pa.list_(S)),
    ),
    ("platform", "post_id"),
    "language, normalised text, stance, sentiment and destinations per post",
)

POST_TOPICS = Table(
    "topics.post_topics",
    (
        Column("platform", S, False),
        Column("post_id", S, False),
        Column("content_hash", S, False),
        Column("topic_id", I32, False),
        Column("topic_prob", F64),
        Column("model_version", S),
        # automated or copy-paste post (nlp.topics.automated): counted, but out of topic fits and KPIs
        Column("is_automated", B),
        Column("automated_reason", S),
        # md5 of the normalised text (nlp.topics.automated.dedup_key): copy groups for incremental flags
        Column("dedup_key", S),
    ),
    ("platform", "post_id"),
    "topic assignment and automated-post flag per post",
)

TOPIC_INFO = Table(
    "topics.topic_info",
    (
        Column("topic_id", I32, False),
        Column("label", S, False),
        Column("top_terms", pa.list_(S)),
        Column("size", I64),
        Column("representative_posts", pa.list_(S)),
        Column("npmi", F64),
        Column("first_fitted_version", S),
        Column("model_version", S),
    ),
    ("topic_id",),
    "one row per topic of the current fit",
)

# -- labels: hand labels (hapuswatch labels import, the /label page) and corrected prevalence ---------
STANCE_LABELS = Table(
    "labels.stance_labels",
    (
        Column("platform", S, False),
        Column("post_id", S, False),
        Column("labeller", S, False),
        Column("stance", S, False),
        Column("sentiment", S),
        Column("note", S),
        Column("labelled_at", TS, False),
        Column("origin", S),
        Column("imported_at", TS, False),
    ),
    ("platform", "post_id", "labeller"),
    "one hand label per post and labeller (a newer label by the same labeller replaces the older)",
)

LABEL_FILES = Table(
    "labels.label_files",
    (
        Column("file_sha256", S, False),
        Column("origin", S, False),
        Column("rows_read", I32, False),
        Column("loaded", I32, False),
        Column("quarantined", I32, False),
        Column("imported_at", TS, False),
    ),
    ("file_sha256",),
    "the label-file ledger: each file content imported once",
)

# Written by the prevalence asset (nlp.prevalence), read by the dbt marts fct_stance_prevalence(_total).
STANCE_PREVALENCE = Table(
    "labels.stance_prevalence",
    (
        Column("period", S, False),  # 'week' (one row per week x stance) or 'all' (headline totals)
        Column("week", pa.date32()),  # Monday of the week; null for period 'all'
        Column("stance", S, False),
        Column("week_posts", I64, False),
        Column("posts", I64, False),
        Column("raw_share", F64, False),
        Column("adjusted_share", F64, False),
        Column("ci_low", F64, False),
        Column("ci_high", F64, False),
        Column("n_labelled", I32, False),
        Column("method", S, False),
        Column("computed_at", TS, False),
    ),
    (),
    "corrected stance shares with 95% intervals, per week and overall",
)

TABLES: tuple[Table, ...] = (
    *POST_TABLES.values(),
    QUARANTINE,
    COLLECTION_STATE,
    IMPORT_FILES,
    POST_ENRICHMENT,
    POST_TOPICS,
    TOPIC_INFO,
    STANCE_LABELS,
    LABEL_FILES,
    STANCE_PREVALENCE,
)

POST_SCHEMA = POST_TABLES["demo"].arrow_schema
QUARANTINE_SCHEMA = QUARANTINE.arrow_schema


def table_for(source: str) -> str:
    """``raw.<source>_posts`` of a known source."""
    try:
        return POST_TABLES[source].name
    except KeyError as exc:
        raise ValueError(f"unknown source {source!r}; known: {', '.join(POST_TABLES)}") from exc


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every declared schema and table (no-op when present).

    Tables created by an older version gain the nullable columns declared since (``created_at_source``
    on the post tables, ``detail`` on the collection state, ``destinations`` on enrichment, ``encoding`` on
    the import ledger, ``is_automated``, ``automated_reason`` and ``dedup_key`` on post_topics; the topics
    asset flags rows without a ``dedup_key`` again on its next run).
    """
    existing = {
        (s, t, c)
        for s, t, c in con.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where table_catalog = current_database()"
        ).fetchall()
    }
    tables = {(s, t) for s, t, _ in existing}
    for schema_name in dict.fromkeys(t.schema_name for t in TABLES):
        con.execute(f"create schema if not exists {schema_name}").fetchall()
    for table in TABLES:
        schema_name, table_name = table.name.split(".", 1)
        if (schema_name, table_name) not in tables:
            con.execute(table.create_sql()).fetchall()
            continue
        for column in table.columns:
            if (schema_name, table_name, column.name) not in existing and column.nullable:
                ddl = f"alter table {table.name} add column if not exists {column.name} {sql_type(column)}"
                con.execute(ddl).fetchall()
