"""Posts: search and read individual posts (pseudonymous authors, handles scrubbed), a page at a time.

Each post is shown text first, wrapped, as plain text (never Markdown/HTML: post text is untrusted), with
its metadata on one line under it; the same page is available as a table below.
"""

import re

import pandas as pd
import streamlit as st

from dashboards import palette, queries
from dashboards.app_pages.common import escape_markdown, page_context, show_post_text

SAFE_URL = re.compile(r"https://[^\s()<>\[\]`\\]+")

filters, version = page_context("Posts — read what people say")

left, right = st.columns([2, 1])
search = left.text_input("Search text", key="post_search", placeholder="e.g. pindah ke telegram, paten, Meta AI")
stances = right.multiselect(
    "Stance",
    options=list(palette.STANCE_ORDER),
    default=[],
    key="post_stances",
    placeholder="All stances",
    format_func=palette.stance_label,
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


def _meta(post) -> str:
    parts = [
        f"{pd.Timestamp(post.created_at):%Y-%m-%d %H:%M} UTC",
        palette.service_label(post.platform),
        f"author {post.author}" if isinstance(post.author, str) else "author removed",
    ]
    if isinstance(post.stance, str):
        parts += [f"stance: {palette.stance_label(post.stance)}", f"sentiment: {post.sentiment}",
                  palette.language_label(post.lang)]
    else:
        parts.append("removed upstream: no text, no labels")
    if isinstance(post.topic_label, str):
        parts.append(f"topic: {post.topic_label}")
    destinations = list(post.destinations) if post.destinations is not None else []
    if destinations:
        parts.append("moves to: " + ", ".join(palette.service_label(d) for d in destinations))
    return escape_markdown(" · ".join(parts))


for post in posts.itertuples():
    with st.container(border=True):
        # removed upstream: no text (pandas hands it over as NaN, which would print as "nan")
        show_post_text(post.text if isinstance(post.text, str) else "(removed upstream)")
        safe = isinstance(post.url, str) and SAFE_URL.fullmatch(post.url)
        link = f" · [open]({post.url})" if safe else ""
        st.caption(_meta(post) + link)

prev_col, next_col, _ = st.columns([1, 1, 6])
if prev_col.button("◀ Previous", disabled=page == 0, key="post_prev"):
    st.session_state["post_page"] = page - 1
    st.rerun()
if next_col.button("Next ▶", disabled=page >= pages - 1, key="post_next"):
    st.session_state["post_page"] = page + 1
    st.rerun()

with st.expander("This page as a table"):
    shown = posts.assign(
        destinations=posts["destinations"].map(lambda v: ", ".join(v) if v is not None else ""),
        text=posts["text"].fillna("(removed upstream)"),
    ).fillna("")
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_order=["text", "created_at", "platform", "author", "lang", "stance", "sentiment", "topic_label",
                      "destinations", "url"],
        row_height=70,
        column_config={
            "text": st.column_config.TextColumn("text", width="large"),
            "created_at": st.column_config.DatetimeColumn("posted (UTC)", format="YYYY-MM-DD HH:mm"),
            "topic_label": st.column_config.TextColumn("topic"),
            "url": st.column_config.LinkColumn("link", display_text="open"),
        },
    )
