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


# --- Untrusted text and consistent formatting ----------------------------------------------------

_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>$~:&\"'=^")


def escape_markdown(text: object) -> str:
    """``text`` as literal characters inside st.markdown/st.caption: every Markdown, LaTeX, emoji-shortcode
    and HTML trigger is backslash-escaped and line breaks become spaces (CommonMark escapes any ASCII
    punctuation). Use it for data (topic labels, event titles) mixed into a caption; show posts with
    :func:`show_post_text` instead."""
    flat = " ".join(str(text).split())
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in flat)


def show_post_text(text: str | None) -> None:
    """Untrusted post text as plain, wrapped text: never Markdown or HTML."""
    st.text(text if text else "(no text)", wrap=True)


def chart_label(text: object, limit: int = 60) -> str:
    """A data value (topic label, event title) safe as a Plotly label: Plotly reads a small HTML subset
    (<a>, <b>, <br>) in legends and hover text, so angle brackets and entities are escaped; long values are
    shortened with an ellipsis (the full value is in the table next to the chart)."""
    value = " ".join(str(text).split())
    if len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def style_figure(fig, counts_axis: str = "y") -> None:
    """Thousands separators on the count axis and in hover, dates as dates, one legend style."""
    fig.update_layout(separators=".,", hoverlabel={"namelength": -1})
    axis = {"tickformat": ",d", "hoverformat": ",.0f"} if counts_axis else {}
    if counts_axis == "y":
        fig.update_yaxes(**axis)
    elif counts_axis == "x":
        fig.update_xaxes(**axis)


def table_for_display(df, date_columns=(), list_columns=()):
    """A copy for st.dataframe: dates as dates (no 00:00:00), lists joined with ", ", no "None" in empty cells."""
    import pandas as pd

    out = df.copy()
    for column in date_columns:
        if column in out:
            out[column] = pd.to_datetime(out[column]).dt.date
    for column in list_columns:
        if column in out:
            out[column] = out[column].map(lambda v: ", ".join(str(x) for x in v) if v is not None else "")
    for column in out.columns:
        if out[column].dtype == object and column not in date_columns:
            out[column] = out[column].map(lambda v: "" if v is None or (isinstance(v, float) and v != v) else v)
    return out


def count_column(label: str, help: str | None = None):
    """A dataframe column of counts shown with thousands separators."""
    return st.column_config.NumberColumn(label, format="localized", help=help)


def date_column(label: str):
    return st.column_config.DateColumn(label, format="YYYY-MM-DD")


def shade_partial_weeks(fig, weekly) -> None:
    """Shade the partial edge weeks of a weekly chart (points sit on the week's Monday)."""
    import pandas as pd

    for week in weekly.loc[weekly["partial"], "week"].drop_duplicates():
        fig.add_vrect(
            x0=week - pd.Timedelta(days=3.5), x1=week + pd.Timedelta(days=3.5), fillcolor="#999", opacity=0.15,
            line_width=0,
        )
