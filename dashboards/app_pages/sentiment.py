"""Sentiment: how people feel, over time and by language, stance and topic (opinions only: content removed
upstream has no text, hence no sentiment, and is left out)."""

import plotly.express as px
import streamlit as st

from dashboards import palette, queries
from dashboards.app_pages.common import (
    chart_label,
    page_context,
    shade_partial_weeks,
    source_caption,
    stop_if_empty,
    style_figure,
)
from dashboards.weeks import partial_note, weekly_per_day

SENTIMENTS = list(palette.SENTIMENT_ORDER)
COLORS = palette.color_map("sentiment")

filters, version = page_context("Sentiment — how people feel about leaving")

daily = queries.sentiment_daily(version, filters)
stop_if_empty(daily.empty)

st.subheader("Sentiment over time")
weekly = weekly_per_day(daily, filters.start, filters.end, SENTIMENTS)
long = weekly.melt(id_vars=["week", "week_label"], value_vars=SENTIMENTS, var_name="sentiment", value_name="per_day")
fig = px.bar(
    long,
    x="week",
    y="per_day",
    color="sentiment",
    color_discrete_map=COLORS,
    category_orders={"sentiment": SENTIMENTS},
    labels={"per_day": "posts per day", "week": "week (Monday)"},
    hover_data={"week_label": True, "week": False},
)
fig.update_layout(barmode="stack", height=360, legend_title_text="", margin={"t": 30})
style_figure(fig)
fig.update_yaxes(tickformat=",.1f", hoverformat=",.1f")
partial_weeks = set(weekly.loc[weekly["partial"], "week"])
for trace in fig.data:  # partial edge weeks: lighter bars
    trace.marker.opacity = [palette.PARTIAL_WEEK_OPACITY if w in partial_weeks else 1.0 for w in trace.x]
shade_partial_weeks(fig, weekly)
st.plotly_chart(fig, width="stretch", key="sentiment_weekly_chart")
source_caption(filters, "marts.fct_daily_movement", partial_note(weekly) + " Content removed upstream is left out.")


def share_chart(df, label_name: str, key: str, namer=None, order: list[str] | None = None) -> None:
    """100% stacked bars of sentiment shares per label."""
    if df.empty:
        st.info("Nothing to show for these filters.")
        return
    df = df.assign(share=df["posts"] / df.groupby("label")["posts"].transform("sum"))
    if namer:
        df = df.assign(label=df["label"].map(namer))
    orders = {"sentiment": SENTIMENTS}
    if order:
        orders["label"] = [namer(v) if namer else v for v in order]
    fig = px.bar(
        df,
        x="share",
        y="label",
        color="sentiment",
        orientation="h",
        color_discrete_map=COLORS,
        category_orders=orders,
        labels={"label": label_name, "share": "share of posts"},
        hover_data={"posts": ":,d", "mean_sentiment_score": ":.2f"},
    )
    fig.update_layout(barmode="stack", height=320, xaxis_tickformat=".0%", margin={"t": 30}, legend_title_text="")
    st.plotly_chart(fig, width="stretch", key=key)


left, right = st.columns(2)
with left:
    st.subheader("By language")
    share_chart(
        queries.sentiment_by(version, filters, "lang"), "language", "sentiment_lang_chart", palette.language_label,
        ["id", "en", "other"],
    )
with right:
    st.subheader("By stance")
    share_chart(
        queries.sentiment_by(version, filters, "stance"), "stance", "sentiment_stance_chart", palette.stance_label,
        list(palette.STANCE_ORDER),
    )
source_caption(filters, "marts.fct_posts (filtered, grouped; content removed upstream left out)")

st.subheader("By topic")
if not queries.has_topics(version):
    st.info("Topics not built yet: sentiment by topic appears once `dim_topics` / `fct_topic_daily` are published.")
else:
    by_topic = queries.sentiment_by_topic(version, filters)
    if by_topic.empty:
        st.info("No topics in this range.")
    else:
        by_topic = by_topic.assign(label=by_topic["label"].map(lambda v: chart_label(v, 50)))
        long = by_topic.melt(id_vars=["label", "posts"], value_vars=SENTIMENTS, var_name="sentiment", value_name="n")
        fig = px.bar(
            long,
            x="n",
            y="label",
            color="sentiment",
            orientation="h",
            color_discrete_map=COLORS,
            category_orders={"sentiment": SENTIMENTS},
            labels={"n": "posts", "label": "topic"},
        )
        fig.update_layout(barmode="stack", height=420, yaxis={"categoryorder": "total ascending"}, margin={"t": 30})
        style_figure(fig, counts_axis="x")
        st.plotly_chart(fig, width="stretch", key="sentiment_topic_chart")
        source_caption(filters, "marts.fct_topic_daily, dim_topics")
