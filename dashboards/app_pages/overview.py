"""Overview: how big is the movement, is it growing, and which events moved it."""

import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from dashboards import queries
from dashboards.app_pages.common import language_note, page_context, source_caption, stop_if_empty
from dashboards.app_pages.prevalence import headline_shares

filters, version = page_context("#hapusakunfacebook — overview")

kpi = queries.headline(version, filters)
stop_if_empty(kpi["posts"] == 0)

c1, c2, c3, c4, c5 = st.columns(5)
c1.metric("Posts", f"{kpi['posts']:,}")
c2.metric("Authors (pseudonymous)", f"{kpi['authors']:,}")
c3.metric("Says deleted", f"{kpi['says_deleted']:,}", help="Posts whose author says they deleted/deactivated.")
c4.metric("Says intends", f"{kpi['says_intends']:,}", help="Posts whose author says they will delete.")
ratio = kpi["says_deleted"] / kpi["says_intends"] if kpi["says_intends"] else None
c5.metric("Deleted per intends", f"{ratio:.2f}" if ratio is not None else "–")

st.subheader("Stance shares, corrected for classifier error")
headline_shares(version)

volume = queries.daily_volume(version, filters)
events = queries.events(version, filters)
spikes = queries.spikes(version, filters)

fig = px.bar(volume, x="day", y=["submissions", "comments"], labels={"value": "posts", "day": "day (UTC)"})
fig.update_layout(barmode="stack", legend_title_text="", height=440, margin={"t": 40})
for event in events.itertuples():
    fig.add_vline(x=event.day, line_dash="dot", line_color="#b03a2e", opacity=0.7)
    fig.add_annotation(
        x=event.day,
        y=1,
        yref="paper",
        text=event.title[:40],
        showarrow=False,
        textangle=-90,
        xanchor="right",
        yanchor="top",
        font={"size": 10, "color": "#b03a2e"},
    )
if not spikes.empty:
    fig.add_trace(
        go.Scatter(
            x=spikes["day"],
            y=spikes["posts"],
            mode="markers",
            name="spike",
            marker={"symbol": "triangle-down", "size": 11, "color": "#d35400"},
            hovertext=spikes["event_title"].fillna("no dated event nearby"),
        )
    )
st.subheader("Daily volume, events and spikes")
st.plotly_chart(fig, width="stretch", key="volume_chart")
note = "Dotted lines: dated events. " + language_note(filters, "spikes")
source_caption(filters, "marts.fct_daily_volume, dim_events, fct_spikes", note)

st.subheader("Spikes")
if spikes.empty:
    st.info("No day in this range is anomalous for its trailing 14-day baseline.")
else:
    table = spikes.assign(
        top_topics=spikes["top_topics"].map(lambda v: ", ".join(v) if v is not None else ""),
        top_stances=spikes["top_stances"].map(lambda v: ", ".join(v) if v is not None else ""),
    )
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
    )

if not events.empty:
    with st.expander(f"Events in range ({len(events)})"):
        for event in events.itertuples():
            st.markdown(f"**{event.day}** — [{event.title}]({event.source_url}) · {event.category} · {event.region}")
