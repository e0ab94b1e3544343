"""Movement: stances over time, cumulative self-reported deletions, follow-through and destinations."""

import pandas as pd
import plotly.express as px
import streamlit as st

from dashboards import palette, queries
from dashboards.app_pages.common import (
    count_column,
    language_note,
    page_context,
    shade_partial_weeks,
    source_caption,
    stop_if_empty,
    style_figure,
)
from dashboards.app_pages.prevalence import adjusted_share_chart
from dashboards.weeks import partial_note, weekly_per_day

filters, version = page_context("Movement — from talk to deletion")

stances = queries.stance_daily(version, filters)
stop_if_empty(stances.empty)

st.subheader("Stance over time")
stance_ids = list(queries.STANCES)
weekly = weekly_per_day(stances, filters.start, filters.end, stance_ids)
long = weekly.melt(
    id_vars=["week", "week_label", "partial"], value_vars=stance_ids, var_name="stance", value_name="per_day"
)
long["stance"] = long["stance"].map(palette.stance_label)
fig = px.area(
    long,
    x="week",
    y="per_day",
    color="stance",
    category_orders={"stance": [palette.stance_label(s) for s in stance_ids]},
    color_discrete_map=palette.color_map("stance", stance_ids, labels=True),
    labels={"per_day": "posts per day", "week": "week (Monday)"},
    hover_data={"week_label": True, "week": False},
)
fig.update_layout(height=380, legend_title_text="stance", margin={"t": 30})
style_figure(fig)
fig.update_yaxes(tickformat=",.1f", hoverformat=",.1f")
shade_partial_weeks(fig, weekly)
st.plotly_chart(fig, width="stretch", key="stance_chart")
source_caption(filters, "marts.fct_daily_movement", partial_note(weekly))

st.subheader("Stance shares per week, corrected for classifier error")
adjusted_share_chart(version, filters, key="adjusted_share_chart")

left, right = st.columns(2)
with left:
    st.subheader("Cumulative self-reported deletions")
    fig = px.line(
        stances,
        x="day",
        y="cumulative_deleted",
        labels={"cumulative_deleted": "posts saying “deleted”", "day": "day (UTC)"},
        color_discrete_sequence=[palette.STANCE_COLORS["deleted"]],
    )
    fig.update_layout(height=340, margin={"t": 30})
    style_figure(fig)
    st.plotly_chart(fig, width="stretch", key="cumulative_chart")
with right:
    st.subheader("Follow-through funnel")
    funnel = queries.follow_through_funnel(version, filters)
    if funnel.empty or funnel["authors"].iloc[0] == 0:
        st.info("No author journeys in this range.")
    else:
        fig = px.funnel(funnel, x="authors", y="step")
        fig.update_traces(texttemplate="%{value:,d}", marker_color=palette.STANCE_COLORS["intends"])
        fig.update_layout(height=340, margin={"t": 30})
        style_figure(fig, counts_axis="x")
        st.plotly_chart(fig, width="stretch", key="funnel_chart")
        counts = dict(zip(funnel["step"], funnel["authors"], strict=True))
        intenders, followed = counts["Intend / considering"], counts["Later said they deleted"]
        median_days = funnel["median_days"].iloc[-1]
        rate = f"{followed / intenders:.0%}" if intenders else "–"
        later = f" (median {median_days:,.0f} days later)" if pd.notna(median_days) else ""
        st.caption(
            f"Authors posting in range: {counts['Authors posting in range']:,} distinct pseudonyms on the chosen "
            f"platforms, all languages (Overview's Authors without a language filter). Of them, "
            f"{counts['First posted in range']:,} first posted in this range: the cohort the next steps follow. "
            f"Follow-through: {rate} of the cohort's intenders later said they deleted{later}. "
            "Source: marts.fct_posts, fct_author_journey. " + language_note(filters, "author journeys")
        )
        days = (filters.end - filters.start).days + 1
        typical = queries.follow_through_typical_days(version)
        if typical is not None and days < max(14, typical):
            st.info(
                f"This range is {days} day{'s' if days != 1 else ''}: shorter than the typical {typical:,.0f} days "
                "between saying one will delete and saying it is done, so few journeys can complete inside it. "
                "Widen the date range to read follow-through."
            )
        elif intenders == 0:
            st.info("Nobody in this range's cohort said they intend to or are considering deleting.")

st.subheader("Where people say they go")
dest = queries.destinations(version, filters)
if dest.empty:
    st.info('No moving-to statements ("pindah ke Telegram", "now on Bluesky") in this range.')
else:
    order = dest["destination"].tolist()
    dest = dest.assign(label=dest["destination"].map(palette.service_label))
    colours = palette.color_map("destination", order, labels=True)
    left, right = st.columns(2)
    with left:
        fig = px.bar(
            dest, x="posts", y="label", orientation="h", color="label", color_discrete_map=colours,
            labels={"label": "", "posts": "posts"},
        )
        fig.update_layout(height=360, yaxis={"categoryorder": "total ascending"}, margin={"t": 30}, showlegend=False)
        style_figure(fig, counts_axis="x")
        st.plotly_chart(fig, width="stretch", key="destinations_chart")
    with right:
        daily = queries.destinations_by_day(version, filters)
        weekly = weekly_per_day(daily, filters.start, filters.end, ["posts"], by="destination", categories=order)
        weekly["label"] = weekly["destination"].map(palette.service_label)
        fig = px.bar(
            weekly, x="week", y="posts", color="label", color_discrete_map=colours,
            category_orders={"label": [palette.service_label(d) for d in order]},
            labels={"label": "destination", "posts": "posts per day", "week": "week (Monday)"},
            hover_data={"week_label": True, "posts_total": ":,d", "week": False},
        )
        fig.update_layout(height=360, barmode="stack", margin={"t": 30})
        style_figure(fig)
        fig.update_yaxes(tickformat=",.1f", hoverformat=",.2f")
        shade_partial_weeks(fig, weekly)
        st.plotly_chart(fig, width="stretch", key="destinations_weekly_chart")
    st.dataframe(
        dest[["label", "posts", "authors"]],
        hide_index=True,
        width="stretch",
        key="destinations_table",
        column_config={
            "label": st.column_config.TextColumn("destination"),
            "posts": count_column("posts"),
            "authors": count_column("author-days", help="Authors summed over days (a person counts once per day)."),
        },
    )
    note = "Only moving-to statements count, not brand mentions. " + partial_note(weekly)
    source_caption(filters, "marts.fct_destinations_daily", note)
