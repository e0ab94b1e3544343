"""Movement: stances over time, cumulative self-reported deletions, follow-through and destinations."""

import pandas as pd
import plotly.express as px
import streamlit as st

from dashboards import queries
from dashboards.app_pages.common import language_note, page_context, source_caption, stop_if_empty
from dashboards.app_pages.prevalence import adjusted_share_chart
from nlp.destinations import DESTINATION_LABELS

filters, version = page_context("Movement — from talk to deletion")

stances = queries.stance_daily(version, filters)
stop_if_empty(stances.empty)

st.subheader("Stance over time")
weekly = (
    stances.assign(week=stances["day"].dt.to_period("W").dt.start_time)
    .groupby("week")[list(queries.STANCES)]
    .sum()
    .reset_index()
)
fig = px.area(weekly, x="week", y=list(queries.STANCES), labels={"value": "posts per week", "week": "week"})
fig.update_layout(height=380, legend_title_text="stance", margin={"t": 30})
st.plotly_chart(fig, width="stretch", key="stance_chart")
source_caption(filters, "marts.fct_daily_movement")

st.subheader("Stance shares per week, corrected for classifier error")
adjusted_share_chart(version, filters, key="adjusted_share_chart")

left, right = st.columns(2)
with left:
    st.subheader("Cumulative self-reported deletions")
    fig = px.line(stances, x="day", y="cumulative_deleted", labels={"cumulative_deleted": "`deleted` posts"})
    fig.update_layout(height=340, margin={"t": 30})
    st.plotly_chart(fig, width="stretch", key="cumulative_chart")
with right:
    st.subheader("Follow-through funnel")
    funnel = queries.follow_through_funnel(version, filters)
    if funnel.empty or funnel["authors"].iloc[0] == 0:
        st.info("No author journeys in this range.")
    else:
        fig = px.funnel(funnel, x="authors", y="step")
        fig.update_layout(height=340, margin={"t": 30})
        st.plotly_chart(fig, width="stretch", key="funnel_chart")
        intenders, followed = int(funnel["authors"].iloc[2]), int(funnel["authors"].iloc[3])
        median_days = funnel["median_days"].iloc[3]
        rate = f"{followed / intenders:.0%}" if intenders else "–"
        later = f" (median {median_days:.0f} days later)" if pd.notna(median_days) else ""
        st.caption(
            f"Follow-through: {rate} of authors who said they intend to / are considering deleting later said "
            f"they deleted{later}. Authors counted by first post in range. Source: marts.fct_author_journey. "
            + language_note(filters, "author journeys")
        )

st.subheader("Where people say they go")
dest = queries.destinations(version, filters)
if dest.empty:
    st.info('No moving-to statements ("pindah ke Telegram", "now on Bluesky") in this range.')
else:
    dest = dest.assign(label=dest["destination"].map(lambda d: DESTINATION_LABELS.get(d, d)))
    left, right = st.columns(2)
    with left:
        fig = px.bar(dest, x="posts", y="label", orientation="h", labels={"label": "", "posts": "posts"})
        fig.update_layout(height=360, yaxis={"categoryorder": "total ascending"}, margin={"t": 30})
        st.plotly_chart(fig, width="stretch", key="destinations_chart")
    with right:
        weekly = queries.destinations_weekly(version, filters)
        weekly = weekly.assign(label=weekly["destination"].map(lambda d: DESTINATION_LABELS.get(d, d)))
        fig = px.bar(weekly, x="week", y="posts", color="label", labels={"label": "destination"})
        fig.update_layout(height=360, barmode="stack", margin={"t": 30})
        st.plotly_chart(fig, width="stretch", key="destinations_weekly_chart")
    note = "Only moving-to statements count, not brand mentions."
    source_caption(filters, "marts.fct_destinations_daily", note)
