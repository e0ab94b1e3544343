"""Posts: search and read individual posts (pseudonymous authors, handles scrubbed), a page at a time."""

import streamlit as st

from dashboards import queries
from dashboards.app_pages.common import page_context

filters, version = page_context("Posts — read what people say")

left, right = st.columns([2, 1])
search = left.text_input("Search text", key="post_search", placeholder="e.g. pindah ke telegram, paten, Meta AI")
stances = right.multiselect(
    "Stance", options=[*queries.STANCES, "none"], default=[], key="post_stances", placeholder="All stances"
)

# a new search starts at the first page
signature = (search, tuple(stances), filters)
if st.session_state.get("post_signature") != signature:
    st.session_state["post_signature"] = signature
    st.session_state["post_page"] = 0
page = int(st.session_state.get("post_page", 0))

posts, total = queries.search_posts(version, filters, search, tuple(stances), page)
if total == 0:
    st.warning("No posts match the current filters and search. Widen the date range or change the search.")
    st.stop()

pages = (total + queries.PAGE_SIZE - 1) // queries.PAGE_SIZE
page = min(page, pages - 1)
st.caption(f"{total:,} posts match · page {page + 1} of {pages:,} · newest first · authors are keyed pseudonyms")
shown = posts.assign(destinations=posts["destinations"].map(lambda v: ", ".join(v) if v is not None else ""))
st.dataframe(
    shown,
    hide_index=True,
    width="stretch",
    column_config={
        "created_at": st.column_config.DatetimeColumn("posted (UTC)", format="YYYY-MM-DD HH:mm"),
        "text": st.column_config.TextColumn("text", width="large"),
        "url": st.column_config.LinkColumn("link", display_text="open"),
    },
)

prev_col, next_col, _ = st.columns([1, 1, 6])
if prev_col.button("◀ Previous", disabled=page == 0, key="post_prev"):
    st.session_state["post_page"] = page - 1
    st.rerun()
if next_col.button("Next ▶", disabled=page >= pages - 1, key="post_next"):
    st.session_state["post_page"] = page + 1
    st.rerun()
