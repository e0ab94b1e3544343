"""Previews of the marts for the Dagster UI: the first rows of each table as a Markdown table."""

from __future__ import annotations

import duckdb

from ingestion.privacy import scrub_handles

# fct_posts is wide and holds texts: a readable subset, newest first, texts shortened and scrubbed.
POSTS_PREVIEW = (
    "select created_at, platform, kind, lang, stance, sentiment, topic_label, destinations, "
    "left(text, 80) as text from marts.fct_posts order by created_at desc, post_key limit ?"
)


def mart_preview(con: duckdb.DuckDBPyConnection, schema: str, table: str, limit: int = 10) -> str:
    """Markdown table of the first ``limit`` rows of ``schema.table`` (fct_posts: newest posts, short texts)."""
    if (schema, table) == ("marts", "fct_posts"):
        frame = con.execute(POSTS_PREVIEW, [limit]).df()
        frame["text"] = [scrub_handles(t) if isinstance(t, str) else "" for t in frame["text"]]
    else:
        frame = con.execute(f'select * from "{schema}"."{table}" limit ?', [limit]).df()
    if frame.empty:
        return "_empty_"
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(
                lambda v: ", ".join(map(str, v)) if hasattr(v, "tolist") and not isinstance(v, str)
                else ("" if v is None else str(v).replace("|", "/").replace("\n", " "))
            )
    return frame.to_markdown(index=False)
