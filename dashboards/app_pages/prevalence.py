"""Corrected stance shares with 95% interval bands: a component Movement and Overview call (not a page)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboards import queries

STANCE_COLOURS = {
    "deleted": "#c0392b",
    "intends": "#e67e22",
    "considering": "#f1c40f",
    "urges": "#8e44ad",
    "staying": "#2980b9",
    "none": "#7f8c8d",
}
SHOWN_STANCES = ("deleted", "intends", "considering", "urges", "staying")


def correction_sentence(n_labelled: int) -> str:
    """The one-sentence explanation shown on hover and under the charts."""
    if n_labelled > 0:
        return (
            f"Corrected share: the classifier's share adjusted for the errors it makes on {n_labelled:,} "
            "hand-labelled posts (confusion-matrix correction, small weeks pooled toward the overall mix); "
            "the band is a 95% interval from resampling the labels and the weeks' posts."
        )
    return (
        "No posts are labelled yet, so the line is the classifier's own share and the band is the range its "
        "error on a held-out test set allows (95%); label posts on the Label page to correct it."
    )


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def adjusted_share_chart(version: float | None, filters: queries.Filters, key: str) -> pd.DataFrame | None:
    """Weekly corrected shares with interval bands for the filtered date range; returns the data shown."""
    if not queries.has_prevalence(version):
        st.info("Corrected shares are not published yet: run `hapuswatch run`.")
        return None
    weekly = queries.stance_prevalence_weekly(version, filters.start, filters.end)
    if weekly.empty:
        st.info("No weeks with posts in this range.")
        return None
    n_labelled = int(weekly["n_labelled"].max())
    sentence = correction_sentence(n_labelled)
    fig = go.Figure()
    for stance in SHOWN_STANCES:
        rows = weekly[weekly["stance"] == stance].sort_values("week")
        colour = STANCE_COLOURS[stance]
        fig.add_trace(
            go.Scatter(
                x=pd.concat([rows["week"], rows["week"][::-1]]),
                y=pd.concat([rows["ci_high"], rows["ci_low"][::-1]]) * 100,
                fill="toself", fillcolor=_rgba(colour, 0.18), line={"width": 0}, hoverinfo="skip",
                legendgroup=stance, showlegend=False, name=f"{stance} 95% interval",
            )
        )
        custom = rows[["raw_share", "ci_low", "ci_high", "week_posts"]].to_numpy() * [100, 100, 100, 1]
        fig.add_trace(
            go.Scatter(
                x=rows["week"], y=rows["adjusted_share"] * 100, mode="lines+markers", name=stance,
                line={"color": colour, "width": 2}, marker={"size": 4}, legendgroup=stance, customdata=custom,
                hovertemplate=(
                    f"<b>{stance}</b> · week of %{{x|%d %b %Y}}<br>corrected %{{y:.1f}}% "
                    "(95% interval %{customdata[1]:.1f}–%{customdata[2]:.1f}%)<br>classifier %{customdata[0]:.1f}% "
                    f"of %{{customdata[3]:,}} posts<br><i>{sentence}</i><extra></extra>"
                ),
            )
        )
    fig.update_layout(
        height=400, margin={"t": 30}, yaxis_title="share of the week's posts (%)", xaxis_title="week (Monday, UTC)",
        legend_title_text="stance", hoverlabel={"namelength": -1},
    )
    st.plotly_chart(fig, width="stretch", key=key)
    st.caption(
        f"{sentence} Posts labelled: {n_labelled:,}. Shares of all posts with text per week, every platform and "
        "language (the platform and language filters do not apply); `none` is left out of the chart. "
        "Source: marts.fct_stance_prevalence in analytics.duckdb."
    )
    return weekly


def headline_shares(version: float | None) -> pd.DataFrame | None:
    """Metric tiles: corrected share of each stance over all weeks, with its interval and the labels used."""
    if not queries.has_prevalence(version):
        return None
    totals = queries.stance_prevalence_total(version)
    if totals.empty:
        return None
    n_labelled = int(totals["n_labelled"].max())
    sentence = correction_sentence(n_labelled)
    by_stance = totals.set_index("stance")
    columns = st.columns(len(SHOWN_STANCES))
    for column, stance in zip(columns, SHOWN_STANCES, strict=True):
        row = by_stance.loc[stance]
        column.metric(
            f"{stance} (corrected)",
            f"{row['adjusted_share']:.1%}",
            delta=f"{(row['adjusted_share'] - row['raw_share']) * 100:+.1f} pts vs classifier",
            delta_color="off",
            help=f"95% interval {row['ci_low']:.1%}–{row['ci_high']:.1%}; classifier {row['raw_share']:.1%}. "
            f"{sentence}",
        )
    st.caption(
        f"Share of all {int(totals['total_posts'].iloc[0]):,} posts with text, all weeks, platforms and languages. "
        f"Posts labelled: {n_labelled:,}. Source: marts.fct_stance_prevalence_total."
    )
    return totals
