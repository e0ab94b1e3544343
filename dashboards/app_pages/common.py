"""Small UI helpers shared by the pages (no SQL here)."""

from __future__ import annotations

import streamlit as st

from dashboards import queries
from dashboards.filters import current_filters

NO_DATA = "No data published yet. Run `hapuswatch run` (or `make run`) to build the analytics database."
NO_MATCH = "No posts match the current filters. Widen the date range or clear the platform/language filters."
DEMO_CAPTION = "Source: {source} in analytics.duckdb."


def page_context(title: str) -> tuple[queries.Filters, float | None]:
    """Draw the page title and return (filters, db version); stops the page with a hint when nothing is published."""
    st.title(title)
    filters = current_filters()
    version = queries.db_version()
    if filters is None:
        st.info(NO_DATA)
        st.stop()
    return filters, version


def stop_if_empty(is_empty: bool) -> None:
    """Stop the page with the 'filters match nothing' warning when ``is_empty``."""
    if is_empty:
        st.warning(NO_MATCH)
        st.stop()


def source_caption(filters: queries.Filters, source: str, note: str = "") -> None:
    """Caption under a chart: the range, the mart it comes from, and an optional note."""
    st.caption(f"{filters.start} – {filters.end}. Source: {source} in analytics.duckdb. {note}".strip())


def language_note(filters: queries.Filters, what: str) -> str:
    """Caption note for figures computed over all languages, shown when a language filter is set."""
    return f"The language filter does not apply to {what} (computed over all languages)." if filters.langs else ""
