"""Shared sidebar filters, owned by app.py and read by every page."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from dashboards import palette, queries

LANGUAGE_NAMES = palette.LANGUAGE_LABELS


def sidebar_filters(bounds: dict) -> queries.Filters | None:
    """Draw the shared filters; None when there is no data to filter yet."""
    if bounds["min_day"] is None:
        return None
    lo, hi = bounds["min_day"], bounds["max_day"]
    st.sidebar.header("Filters")
    picked = st.sidebar.date_input("Date range", value=(lo, hi), min_value=lo, max_value=hi, key="date_range")
    start, end = _as_range(picked, lo, hi)
    platforms = st.sidebar.multiselect(
        "Platform", options=bounds["platforms"], default=[], key="platforms", placeholder="All platforms",
        format_func=palette.service_label,
    )
    langs = st.sidebar.multiselect(
        "Language",
        options=bounds.get("langs", []),
        default=[],
        key="langs",
        placeholder="All languages",
        format_func=lambda code: LANGUAGE_NAMES.get(code, code),
    )
    filters = queries.Filters(start=start, end=end, platforms=tuple(platforms), langs=tuple(langs))
    st.session_state["filters"] = filters
    return filters


def _as_range(picked: object, lo: date, hi: date) -> tuple[date, date]:
    # While a user is picking, date_input returns a 1-tuple; treat it as a single day.
    if isinstance(picked, tuple | list):
        if len(picked) == 2:
            return picked[0], picked[1]
        if len(picked) == 1:
            return picked[0], picked[0]
        return lo, hi
    if isinstance(picked, date):
        return picked, picked
    return lo, hi + timedelta(days=0)


def current_filters() -> queries.Filters | None:
    """The filters app.py drew on this run (None when nothing is published)."""
    return st.session_state.get("filters")
