"""Overview: how big is the movement, is it growing, and which events moved it."""

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from dashboards import palette, queries
from dashboards.app_pages.common import (
    chart_label,
    count_column,
    date_column,
    language_note,
    page_context,
    source_caption,
    stop_if_empty,
    style_figure,
    table_for_display,
)
from dashboards.app_pages.prevalence import headline_shares

filters, version = page_context("#hapusakunfacebook — overview")

kpi = queries.headline(version, filters)
stop_if_empty(kpi["posts"] == 0)

c1, c2, c3, c4, c5 = st.columns(5)
c1.metric("Posts", f"{kpi['posts']:,}", help="All posts in range, incl. content since removed upstream.")
c2.metric("Authors (pseudonymous)", f"{kpi['authors']:,}")
c3.metric("Says deleted", f"{kpi['says_deleted']:,}", help="Posts whose author says they deleted/deactivated.")
c4.metric("Says intends", f"{kpi['says_intends']:,}", help="Posts whose author says they will delete.")
ratio = kpi["says_deleted"] / kpi["says_intends"] if kpi["says_intends"] else None
c5.metric("Deleted per intends", f"{ratio:.2f}" if ratio is not None else "–")
if kpi["deleted_items"]:
    st.caption(
        f"{kpi['deleted_items']:,} of these posts were deleted or removed upstream: they count as posts but have "
        "no text, so no language, stance, sentiment or topic."
        + (" (They have no language, so a language filter leaves them out.)" if filters.langs else "")
    )

st.subheader("Stance shares, corrected for classifier error")
headline_shares(version)

volume = queries.daily_volume(version, filters)
events = queries.events(version, filters).reset_index(drop=True)
spikes = queries.spikes(version, filters)

fig = px.bar(
    volume,
    x="day",
    y=["submissions", "comments"],
    labels={"value": "posts", "day": "day (UTC)", "variable": ""},
    color_discrete_map=palette.VOLUME_COLORS,
)
fig.update_layout(barmode="stack", legend_title_text="", height=460, margin={"t": 50})
# Events: a dotted line and a short number above the plot (never text over the bars); full titles are in
# the table below the chart and in the hover of the marker at the top.
if not events.empty:
    numbers = [f"E{i + 1}" for i in range(len(events))]
    for number, event in zip(numbers, events.itertuples(), strict=True):
        fig.add_vline(x=event.day, line_dash="dot", line_color=palette.EVENT_COLOR, opacity=0.6)
        fig.add_annotation(
            x=event.day, y=1.0, yref="paper", yanchor="bottom", text=number, showarrow=False,
            font={"size": 10, "color": palette.EVENT_COLOR},
        )
    top = float(volume["posts"].max()) if not volume.empty else 1.0
    fig.add_trace(
        go.Scatter(
            x=events["day"],
            y=[top * 1.02] * len(events),
            mode="markers",
            name="event",
            marker={"symbol": "line-ns-open", "size": 8, "color": palette.EVENT_COLOR},
            hovertext=[f"{n}: {chart_label(t, 90)}" for n, t in zip(numbers, events["title"], strict=True)],
            hoverinfo="text+x",
        )
    )
if not spikes.empty:
    # Spikes are detected on all posts; the marker sits on top of the bar as filtered, so it never floats
    # above (or squashes) the bars a platform/language filter shows.
    shown = volume.set_index(pd.to_datetime(volume["day"]))["posts"]
    heights = pd.to_datetime(spikes["day"]).map(shown).fillna(0).to_numpy()
    fig.add_trace(
        go.Scatter(
            x=spikes["day"],
            y=heights,
            mode="markers",
            name="spike",
            marker={"symbol": "triangle-down", "size": 11, "color": palette.SPIKE_COLOR},
            hovertext=[chart_label(t, 90) for t in spikes["event_title"].fillna("no dated event nearby")],
        )
    )
style_figure(fig)
st.subheader("Daily volume, events and spikes")
st.plotly_chart(fig, width="stretch", key="volume_chart")
note = "Dotted lines: dated events (E1, E2, ... listed below). Spike markers sit on the filtered bar. "
if filters.platforms or filters.langs:
    note += "Spikes are detected on all platforms and languages. "
source_caption(filters, "marts.fct_daily_volume, dim_events, fct_spikes", note + language_note(filters, "spikes"))

if not events.empty:
    st.subheader("Events in range")
    listed = events.assign(number=[f"E{i + 1}" for i in range(len(events))])
    st.dataframe(
        table_for_display(listed[["number", "day", "title", "category", "region", "source_url"]], date_columns=["day"]),
        hide_index=True,
        width="stretch",
        key="events_table",
        column_config={
            "number": st.column_config.TextColumn("", width="small"),
            "day": date_column("day"),
            "title": st.column_config.TextColumn("event", width="large"),
            "source_url": st.column_config.LinkColumn("source", display_text="open"),
        },
    )

st.subheader("Spikes")
if spikes.empty:
    st.info("No day in this range is anomalous for its trailing 14-day baseline.")
else:
    table = table_for_display(
        spikes.assign(event_title=spikes["event_title"].fillna("no dated event within 3 days")),
        date_columns=["day"],
        list_columns=["top_topics", "top_stances"],
    )
    table["days_from_event"] = spikes["days_from_event"].map(lambda v: "" if pd.isna(v) else f"{int(v):+d}")
    st.dataframe(
        table[
            [
                "day",
                "posts",
                "baseline_median",
                "robust_z",
                "event_title",
                "days_from_event",
                "top_topics",
                "top_stances",
            ]
        ],
        hide_index=True,
        width="stretch",
        key="spikes_table",
        column_config={
            "day": date_column("day"),
            "posts": count_column("posts (all)"),
            "baseline_median": st.column_config.NumberColumn("14-day median", format="localized"),
            "robust_z": st.column_config.NumberColumn("robust z", format="%.1f"),
            "event_title": st.column_config.TextColumn("nearest event", width="medium"),
            "days_from_event": st.column_config.TextColumn("days from event"),
            "top_topics": st.column_config.TextColumn("top topics", width="medium"),
            "top_stances": st.column_config.TextColumn("top stances"),
        },
    )
