"""The warehouse: the one owner of every table's schema and every write.

* :mod:`~ingestion.warehouse.schema` declares every table the pipeline writes (raw posts per source,
  quarantine, collection cursors, the import ledger, enrichment and topic tables) once, as Arrow
  schemas, and creates them (:func:`ensure_schema`);
* :mod:`~ingestion.warehouse.typed` casts any frame to a declared schema (the typed boundary);
* :mod:`~ingestion.warehouse.writes` holds the writes: upserts, quarantine, cursors, the ledger, and
  :func:`store_collection`, the single transaction a collection run makes, and the enrichment and
  topic writes (:func:`write_enrichment`, :func:`prune_enrichment`, :func:`replace_topics`,
  :func:`update_topics`).

Sources never import this package's writes: they return typed records and rejects; the collection
runs in :mod:`ingestion.collect` hand those to :func:`store_collection`.
"""

from ingestion.warehouse.schema import (
    COLLECTION_STATE,
    IMPORT_FILES,
    POST_ENRICHMENT,
    POST_SCHEMA,
    POST_TABLES,
    POST_TOPICS,
    QUARANTINE,
    QUARANTINE_SCHEMA,
    SOURCE_TABLES,
    TABLES,
    TOPIC_INFO,
    Column,
    Table,
    ensure_schema,
    table_for,
)
from ingestion.warehouse.typed import to_table
from ingestion.warehouse.writes import (
    NO_CHANGES,
    Batch,
    StoreReport,
    UpsertStats,
    clear_source,
    connect,
    delete_posts,
    delete_posts_not_in,
    import_seen,
    keep_open,
    post_count,
    prune_enrichment,
    quarantine_count,
    quarantine_rows,
    read_cursor,
    read_state,
    record_import,
    release,
    replace_prevalence,
    replace_topics,
    scalar,
    store_collection,
    transaction,
    update_topics,
    upsert_posts,
    write_cursor,
    write_enrichment,
    write_state,
)

__all__ = [
    "COLLECTION_STATE", "IMPORT_FILES", "NO_CHANGES", "POST_ENRICHMENT", "POST_SCHEMA", "POST_TABLES", "POST_TOPICS",
    "QUARANTINE", "QUARANTINE_SCHEMA", "SOURCE_TABLES", "TABLES", "TOPIC_INFO", "Batch", "Column", "StoreReport",
    "Table", "UpsertStats", "clear_source", "connect", "delete_posts", "delete_posts_not_in", "ensure_schema",
    "import_seen", "keep_open", "post_count", "prune_enrichment", "quarantine_count", "quarantine_rows",
    "read_cursor", "read_state", "record_import", "release", "replace_prevalence", "replace_topics", "scalar",
    "store_collection", "table_for", "to_table", "transaction", "update_topics", "upsert_posts", "write_cursor",
    "write_enrichment", "write_state",
]
