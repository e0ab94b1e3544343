"""Themes: which topics drive the conversation, how they trend, their terms and example posts."""

import plotly.express as px
import streamlit as st

from dashboards import queries
from dashboards.app_pages.common import (
    chart_label,
    count_column,
    escape_markdown,
    page_context,
    shade_partial_weeks,
    show_post_text,
    source_caption,
    stop_if_empty,
    style_figure,
)
from dashboards.weeks import partial_note, weekly_per_day

filters, version = page_context("Themes — what people talk about")

if not queries.has_topics(version):
    st.info(
        "Topics not built yet: the published database has no `dim_topics` / `fct_topic_daily`. "
        "They appear after a run with the topics step (`hapuswatch run`)."
    )
    st.stop()

topics = queries.topic_summary(version, filters)
stop_if_empty(topics.empty)

st.subheader("Topic trends")
top = topics.head(6)
top_ids = tuple(int(t) for t in top["topic_id"])
names = {int(r.topic_id): chart_label(f"{r.topic_id}: {r.label}", 50) for r in top.itertuples()}
daily = queries.topic_by_day(version, filters, top_ids)
weekly = weekly_per_day(daily, filters.start, filters.end, ["posts"], by="topic_id", categories=top_ids)
weekly["topic"] = weekly["topic_id"].map(names)
fig = px.line(
    weekly,
    x="week",
    y="posts",
    color="topic",
    markers=True,
    category_orders={"topic": [names[t] for t in top_ids]},
    labels={"posts": "posts per day", "week": "week (Monday)"},
    hover_data={"week_label": True, "posts_total": ":,d", "week": False},
)
fig.update_traces(connectgaps=False)
fig.update_layout(height=420, margin={"t": 30}, legend={"orientation": "h", "y": -0.25, "title": ""})
style_figure(fig)
fig.update_yaxes(tickformat=",.1f", hoverformat=",.1f")
shade_partial_weeks(fig, weekly)
st.plotly_chart(fig, width="stretch", key="topic_trend_chart")
source_caption(filters, "marts.fct_topic_daily, dim_topics", "Six largest topics in range. " + partial_note(weekly))

st.subheader("Largest topics")
table = topics.assign(
    top_terms=topics["top_terms"].map(lambda v: ", ".join(list(v)[:8]) if v is not None else ""),
    deleted_share=(topics["deleted"] / topics["posts"]),
)
st.dataframe(
    table[["topic_id", "label", "posts", "deleted_share", "mean_sentiment_score", "top_terms"]],
    hide_index=True,
    width="stretch",
    column_config={
        "topic_id": st.column_config.NumberColumn("topic", format="%d"),
        "posts": count_column("posts in range"),
        "deleted_share": st.column_config.NumberColumn("says deleted", format="percent"),
        "mean_sentiment_score": st.column_config.NumberColumn("mean sentiment", format="%.2f"),
        "top_terms": st.column_config.TextColumn("top terms", width="large"),
    },
)

labels = {int(r.topic_id): f"{r.topic_id}: {' '.join(str(r.label).split())}" for r in topics.itertuples()}
chosen = st.selectbox("Example posts for topic", options=list(labels), format_func=labels.get, key="topic_pick")
detail = queries.topic_examples(version, int(chosen), filters)
if detail:
    span = (
        f", {detail['first_day']:%Y-%m-%d} to {detail['last_day']:%Y-%m-%d}" if detail["first_day"] is not None else ""
    )
    st.markdown(
        f"**{escape_markdown(detail['label'])}** — {detail['posts_in_range']:,} posts in the filtered range{span} "
        f"({detail['size']:,} over all data)."
    )
    st.caption("Top terms: " + escape_markdown(", ".join(detail["top_terms"][:12])))
    if not detail["examples"]:
        st.info("No posts of this topic with text in the filtered range.")
    for text in detail["examples"]:
        with st.container(border=True):
            show_post_text(text)
    st.caption(
        "Example posts within the sidebar filters (the topic's representative posts first), handles scrubbed, "
        "shown as plain text."
    )
