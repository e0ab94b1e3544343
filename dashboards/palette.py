"""One visual grammar for every chart: a fixed colour per stance, sentiment, platform and destination,
stances and sentiments in their natural order, and the labels shown for them.

Pages never pick colours themselves: they pass ``color_map(...)`` and ``category_orders(...)`` to Plotly so a
stance, a platform or a destination has the same colour and place in every chart, whatever subset a filter
leaves.
"""

from __future__ import annotations

import hashlib

from nlp.destinations import DESTINATION_LABELS

# From saying it is done to staying: the order a reader follows the movement in.
STANCE_ORDER = ("deleted", "intends", "considering", "urges", "staying", "none")
STANCE_LABELS = {
    "deleted": "deleted",
    "intends": "intends",
    "considering": "considering",
    "urges": "urges others",
    "staying": "staying",
    "none": "no stance",
}
STANCE_COLORS = {
    "deleted": "#b2182b",  # dark red: the act itself
    "intends": "#ef8a62",
    "considering": "#fddbc7",
    "urges": "#762a83",
    "staying": "#2166ac",
    "none": "#bababa",
}

SENTIMENT_ORDER = ("negative", "neutral", "positive")
SENTIMENT_COLORS = {"negative": "#c0392b", "neutral": "#95a5a6", "positive": "#27ae60"}

LANGUAGE_LABELS = {"id": "Indonesian", "en": "English", "other": "Other / unknown"}
LANGUAGE_COLORS = {"id": "#d62728", "en": "#1f77b4", "other": "#7f7f7f"}

# Platforms and destinations are the same services: one colour each, wherever it appears.
SERVICE_COLORS = {
    "reddit": "#ff4500",
    "x": "#14171a",
    "facebook": "#1877f2",
    "tiktok": "#25f4ee",
    "telegram": "#229ed9",
    "threads": "#7e57c2",
    "bluesky": "#0a7aff",
    "instagram": "#c13584",
    "whatsapp": "#25d366",
    "mastodon": "#563acc",
    "signal": "#3a76f0",
    "youtube": "#cc0000",
    "discord": "#5865f2",
    "linkedin": "#0a66c2",
    "no_social_media": "#8d6e63",
}
SERVICE_LABELS = {**DESTINATION_LABELS, "facebook": "Facebook"}

EVENT_COLOR = "#7b241c"
SPIKE_COLOR = "#d35400"
VOLUME_COLORS = {"submissions": "#34495e", "comments": "#95a5a6"}
PARTIAL_WEEK_OPACITY = 0.45

# Fallback for values no table above knows (a new platform in an import): stable across runs and charts.
_FALLBACK = ("#8c564b", "#e377c2", "#bcbd22", "#17becf", "#9467bd", "#2ca02c", "#ff7f0e", "#1f77b4")


def _fallback(value: str) -> str:
    digest = hashlib.sha1(value.encode("utf-8")).digest()
    return _FALLBACK[digest[0] % len(_FALLBACK)]


def stance_label(stance: str) -> str:
    return STANCE_LABELS.get(stance, stance)


def service_label(value: str) -> str:
    """Readable name of a platform or destination id (``x`` → ``X (Twitter)``)."""
    return SERVICE_LABELS.get(value, value)


def language_label(code: str | None) -> str:
    return LANGUAGE_LABELS.get(code, code) if code else "removed upstream"


def color_map(kind: str, values=None, labels: bool = False) -> dict[str, str]:
    """``{value: colour}`` for Plotly's ``color_discrete_map``.

    ``kind`` is ``stance``, ``sentiment``, ``language``, ``platform`` or ``destination``. With ``labels=True``
    the keys are the readable labels the chart shows instead of the ids.
    """
    table, namer = {
        "stance": (STANCE_COLORS, stance_label),
        "sentiment": (SENTIMENT_COLORS, str),
        "language": (LANGUAGE_COLORS, language_label),
        "platform": (SERVICE_COLORS, service_label),
        "destination": (SERVICE_COLORS, service_label),
    }[kind]
    keys = list(table) if values is None else [str(v) for v in values]
    out = {}
    for key in keys:
        colour = table.get(key) or _fallback(key)
        out[namer(key) if labels else key] = colour
    return out


def category_orders(kind: str, labels: bool = False) -> list[str]:
    """The natural order of stances or sentiments (ids, or their labels with ``labels=True``)."""
    if kind == "stance":
        return [stance_label(s) for s in STANCE_ORDER] if labels else list(STANCE_ORDER)
    if kind == "sentiment":
        return list(SENTIMENT_ORDER)
    raise ValueError(f"no natural order for {kind!r}")
