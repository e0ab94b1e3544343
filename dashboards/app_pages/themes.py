"""Themes: which topics drive the conversation, how they trend, their terms and example posts."""

import plotly.express as px
import streamlit as st

from dashboards import queries
from dashboards.app_pages.common import page_context, source_caption, stop_if_empty

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
top_ids = tuple(int(t) for t in topics["topic_id"].head(6))
weekly = queries.topic_weekly(version, filters, top_ids)
fig = px.line(weekly, x="week", y="posts", color="label", markers=True, labels={"label": "topic"})
fig.update_layout(height=400, margin={"t": 30}, legend={"orientation": "h", "y": -0.25})
st.plotly_chart(fig, width="stretch", key="topic_trend_chart")
source_caption(filters, "marts.fct_topic_daily, dim_topics", "Six largest topics in range.")

st.subheader("Largest topics")
table = topics.assign(
    top_terms=topics["top_terms"].map(lambda v: ", ".join(list(v)[:8]) if v is not None else ""),
    deleted_share=(topics["deleted"] / topics["posts"]).round(3),
)
st.dataframe(
    table[["topic_id", "label", "posts", "deleted_share", "mean_sentiment_score", "top_terms"]],
    hide_index=True,
    width="stretch",
)

labels = {int(r.topic_id): f"{r.topic_id}: {r.label}" for r in topics.itertuples()}
chosen = st.selectbox("Example posts for topic", options=list(labels), format_func=labels.get, key="topic_pick")
detail = queries.topic_examples(version, int(chosen))
if detail:
    st.markdown(f"**{detail['label']}** — {detail['size']:,} posts, {detail['first_seen']} to {detail['last_seen']}")
    st.markdown("Top terms: " + ", ".join(f"`{t}`" for t in detail["top_terms"][:12]))
    for post in detail["representative_posts"][:5]:
        st.markdown(f"> {post}")
