"""Sentiment: how people feel, over time and by language, stance and topic."""

import plotly.express as px
import streamlit as st

from dashboards import queries
from dashboards.app_pages.common import page_context, source_caption, stop_if_empty
from dashboards.filters import LANGUAGE_NAMES

COLORS = {"negative": "#c0392b", "neutral": "#95a5a6", "positive": "#27ae60"}

filters, version = page_context("Sentiment — how people feel about leaving")

daily = queries.sentiment_daily(version, filters)
stop_if_empty(daily.empty)

st.subheader("Sentiment over time")
weekly = (
    daily.assign(week=daily["day"].dt.to_period("W").dt.start_time)
    .groupby("week")[list(queries.SENTIMENTS)]
    .sum()
    .reset_index()
)
fig = px.bar(weekly, x="week", y=list(queries.SENTIMENTS), color_discrete_map=COLORS, labels={"value": "posts"})
fig.update_layout(barmode="stack", height=360, legend_title_text="", margin={"t": 30})
st.plotly_chart(fig, width="stretch", key="sentiment_weekly_chart")
source_caption(filters, "marts.fct_daily_movement")


def share_chart(df, label_name: str, key: str, names: dict | None = None) -> None:
    """100% stacked bars of sentiment shares per label."""
    if df.empty:
        st.info("Nothing to show for these filters.")
        return
    df = df.assign(share=df["posts"] / df.groupby("label")["posts"].transform("sum"))
    if names:
        df = df.assign(label=df["label"].map(lambda v: names.get(v, v)))
    fig = px.bar(
        df,
        x="share",
        y="label",
        color="sentiment",
        orientation="h",
        color_discrete_map=COLORS,
        labels={"label": label_name, "share": "share of posts"},
        hover_data=["posts", "mean_sentiment_score"],
    )
    fig.update_layout(barmode="stack", height=320, xaxis_tickformat=".0%", margin={"t": 30}, legend_title_text="")
    st.plotly_chart(fig, width="stretch", key=key)


left, right = st.columns(2)
with left:
    st.subheader("By language")
    share_chart(queries.sentiment_by(version, filters, "lang"), "language", "sentiment_lang_chart", LANGUAGE_NAMES)
with right:
    st.subheader("By stance")
    share_chart(queries.sentiment_by(version, filters, "stance"), "stance", "sentiment_stance_chart")
source_caption(filters, "marts.fct_posts (filtered, grouped)")

st.subheader("By topic")
if not queries.has_topics(version):
    st.info("Topics not built yet: sentiment by topic appears once `dim_topics` / `fct_topic_daily` are published.")
else:
    by_topic = queries.sentiment_by_topic(version, filters)
    if by_topic.empty:
        st.info("No topics in this range.")
    else:
        long = by_topic.melt(
            id_vars=["label", "posts"], value_vars=list(queries.SENTIMENTS), var_name="sentiment", value_name="n"
        )
        fig = px.bar(
            long,
            x="n",
            y="label",
            color="sentiment",
            orientation="h",
            color_discrete_map=COLORS,
            labels={"n": "posts", "label": "topic"},
        )
        fig.update_layout(barmode="stack", height=420, yaxis={"categoryorder": "total ascending"}, margin={"t": 30})
        st.plotly_chart(fig, width="stretch", key="sentiment_topic_chart")
        source_caption(filters, "marts.fct_topic_daily, dim_topics")
