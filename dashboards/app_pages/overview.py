"""Overview: how big is the movement and is it growing."""

import plotly.express as px
import streamlit as st

from dashboards import queries
from dashboards.filters import current_filters

st.title("#hapusakunfacebook — overview")
filters = current_filters()
version = queries.db_version()

if filters is None:
    st.info("No data published yet. Run `hapuswatch run` (or `make run`) to build the analytics database.")
    st.stop()

kpi = queries.headline(version, filters)
if kpi["posts"] == 0:
    st.warning("No posts match the current filters. Widen the date range or clear the platform filter.")
    st.stop()

c1, c2, c3, c4 = st.columns(4)
c1.metric("Posts", f"{kpi['posts']:,}")
c2.metric("Authors (pseudonymous)", f"{kpi['authors']:,}")
c3.metric("Days covered", f"{kpi['days']:,}")
c4.metric("Deleted upstream", f"{kpi['deleted_items']:,}")

volume = queries.daily_volume(version, filters)
fig = px.bar(volume, x="day", y=["submissions", "comments"], labels={"value": "posts", "day": "day (UTC)"})
fig.update_layout(barmode="stack", legend_title_text="", height=420, margin={"t": 30})
st.subheader("Daily volume")
st.plotly_chart(fig, width="stretch")
st.caption(f"{filters.start} – {filters.end}. Source: marts.fct_daily_volume in analytics.duckdb.")
