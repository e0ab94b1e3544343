"""Offline demo source: a deterministic, seeded corpus of synthetic Reddit-shaped posts and comments.

The corpus imitates the #hapusakunfacebook conversation from 2025-09-01 to 2026-03-31: volume reacts
to the real events (Meta's AI-ads announcement on 1 Oct 2025, the policy in force on 16 Dec 2025,
the dead-user AI persona patent reports from 14 Feb 2026); authors follow personas (deleters,
intenders who later follow through, fence-sitters, campaigners, stayers, news sharers, askers,
off-topic chatter); and it carries what real data carries: spam bursts, deleted/removed items and a
few malformed records. Generation is vectorised with numpy so 1M posts take seconds.

Every row is ``is_demo = true``; ``gen_*`` columns hold the generator's own truth (stance, theme,
destination, malformed reason) for tests and benchmarks. Only the true stance is stored, as
``raw_payload = {"gen_stance": ...}`` in ``raw.demo_posts`` (never published), so the stance correction
can be validated end to end against the truth.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from ingestion.sources import demo_text as T

START = date(2025, 9, 1)
END = date(2026, 3, 31)
PLATFORM = "reddit"
DEMO_URL = "https://demo.hapuswatch.invalid/r/{community}/comments/{post_id}"
# A share of threads is posted on X instead (posts and replies, no subreddit), so the platform filter and
# per-platform marts have something to show. Drawn from its own generator: the Reddit corpus stays as it was.
SECOND_PLATFORM = "x"
SHARE_SECOND_PLATFORM = 0.3
SECOND_PLATFORM_URL = "https://demo.hapuswatch.invalid/x/status/{post_id}"

# (day, peak multiplier over baseline, decay in days) — the events the demo reacts to.
EVENTS = [
    (date(2025, 10, 1), 7.0, 4.0),    # Meta announces AI-chat data for ads
    (date(2025, 12, 16), 9.0, 5.0),   # policy in force (not in EU/UK/KR)
    (date(2026, 2, 14), 16.0, 6.0),   # patent reports: AI personas of the dead
]

# persona -> (probability, {stance: weight}); "news"/"howto"/"offtopic" are stance `none` in truth.
PERSONAS = {
    "deleter": (0.12, {"deleted": 0.7, "urges": 0.2, "howto": 0.1}),
    "follow_through": (0.08, {}),  # intends/considering before a switch day, deleted after
    "intender": (0.10, {"intends": 0.7, "considering": 0.2, "urges": 0.1}),
    "considerer": (0.14, {"considering": 0.7, "staying": 0.15, "intends": 0.15}),
    "campaigner": (0.08, {"urges": 0.75, "deleted": 0.15, "news": 0.1}),
    "stayer": (0.10, {"staying": 0.8, "considering": 0.2}),
    "news": (0.06, {"news": 0.9, "urges": 0.1}),
    "asker": (0.08, {"howto": 0.8, "considering": 0.2}),
    "chatter": (0.24, {"offtopic": 0.85, "considering": 0.05, "staying": 0.1}),
}
TRUE_STANCE = {"news": "none", "howto": "none", "offtopic": "none"}
SHARE_SUBMISSIONS = 0.22
SHARE_SPAM = 0.015
SHARE_DELETED = 0.03
SHARE_MALFORMED = 0.003


def daily_weights(start: date = START, end: date = END) -> pd.Series:
    """Relative expected volume per day: baseline, weekend lift, event spikes with exponential decay."""
    days = pd.date_range(start, end, freq="D")
    t = np.arange(len(days), dtype=float)
    w = np.ones(len(days))
    w *= np.where(days.dayofweek >= 5, 1.15, 1.0)
    for day, peak, decay in EVENTS:
        offset = (pd.Timestamp(day) - days[0]).days
        dt = t - offset
        # a little anticipation the day before, then decay
        w += np.where(dt >= 0, peak * np.exp(-dt / decay), 0.0) + np.where(dt == -1, peak * 0.15, 0.0)
    # discussion stays higher after the policy starts than before it was announced
    w += np.where(days >= pd.Timestamp("2025-12-16"), 0.8, 0.0)
    return pd.Series(w / w.sum(), index=days)


def _theme_probs(days: np.ndarray) -> np.ndarray:
    """Theme mix per post day: AI-ads dominates after Oct/Dec events, dead personas after mid-Feb."""
    themes = list(T.THEMES)
    base = np.array([1.0] * len(themes))
    probs = np.tile(base, (len(days), 1))
    idx = {name: i for i, name in enumerate(themes)}
    oct1 = np.datetime64("2025-10-01")
    dec16 = np.datetime64("2025-12-16")
    feb14 = np.datetime64("2026-02-14")
    probs[:, idx["ai_chat_ads"]] += np.where(days >= oct1, 2.5, 0.0) + np.where(days >= dec16, 1.5, 0.0)
    probs[:, idx["dead_personas"]] = np.where(days >= feb14, 6.0, 0.05)
    probs[:, idx["ai_training"]] += np.where(days >= dec16, 0.8, 0.0)
    return probs / probs.sum(axis=1, keepdims=True)


def _choice_rows(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """Vectorised categorical draw: one index per row of a probability matrix."""
    cdf = probs.cumsum(axis=1)
    u = rng.random(len(probs))[:, None]
    return np.minimum((u > cdf).sum(axis=1), probs.shape[1] - 1)


def _pick(rng: np.random.Generator, options: list[str], n: int) -> np.ndarray:
    return np.asarray(options, dtype=object)[rng.integers(0, len(options), n)]


def generate_demo_posts(n: int, seed: int = 42) -> pd.DataFrame:
    """Generate ``n`` demo records (valid and a few deliberately malformed), deterministically for a seed.

    Columns follow the source-input contract of ``ingestion.records.normalise_posts`` plus ``gen_*``
    truth columns. ``created_at`` holds epoch seconds (as Reddit's ``created_utc``) except on rows
    made malformed on purpose.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    rng = np.random.default_rng(seed)
    if n == 0:
        return _empty_frame()

    # --- when -----------------------------------------------------------------------------
    weights = daily_weights()
    day_idx = rng.choice(len(weights), size=n, p=weights.to_numpy())
    days = weights.index.to_numpy()[day_idx]
    # evening-heavy time of day (WIB is UTC+7: 19:00-23:00 WIB = 12:00-16:00 UTC)
    seconds = np.clip(rng.normal(13.5 * 3600, 4.5 * 3600, n), 0, 86399).astype(np.int64)
    created = days.astype("datetime64[s]").astype(np.int64) + seconds

    # --- who --------------------------------------------------------------------------------
    n_authors = max(40, n // 4)
    persona_names = list(PERSONAS)
    persona_p = np.array([PERSONAS[p][0] for p in persona_names])
    author_persona = rng.choice(len(persona_names), size=n_authors, p=persona_p / persona_p.sum())
    activity = 1.0 / np.arange(1, n_authors + 1) ** 0.85
    author = rng.choice(n_authors, size=n, p=activity / activity.sum())
    # follow-through authors switch from intending to deleted on a personal day
    switch_day = np.datetime64("2025-10-01") + rng.integers(0, 170, n_authors).astype("timedelta64[D]")

    # --- what they say (stance) ---------------------------------------------------------------
    stance_names = ["deleted", "intends", "considering", "urges", "staying", "news", "howto", "offtopic"]
    sidx = {s: i for i, s in enumerate(stance_names)}
    persona_mix = np.zeros((len(persona_names), len(stance_names)))
    for i, name in enumerate(persona_names):
        for stance, w in PERSONAS[name][1].items():
            persona_mix[i, sidx[stance]] = w
    post_persona = author_persona[author]
    probs = persona_mix[post_persona]
    ft = np.array([persona_names[p] == "follow_through" for p in post_persona])
    before = days < switch_day[author]
    probs[ft & before] = 0
    probs[ft & before, sidx["intends"]] = 0.75
    probs[ft & before, sidx["considering"]] = 0.25
    probs[ft & ~before] = 0
    probs[ft & ~before, sidx["deleted"]] = 1.0
    stance = np.asarray(stance_names, dtype=object)[_choice_rows(rng, probs)]

    # --- why (theme) ------------------------------------------------------------------------
    theme_names = list(T.THEMES)
    theme = np.asarray(theme_names, dtype=object)[_choice_rows(rng, _theme_probs(days))]
    theme[np.isin(stance, ["offtopic"])] = "offtopic"

    # --- where to (destination) -------------------------------------------------------------
    dest_names = list(T.DESTINATIONS)
    dest_p = np.array([0.30, 0.14, 0.10, 0.06, 0.14, 0.12, 0.02, 0.12])
    dest = np.asarray(dest_names, dtype=object)[rng.choice(len(dest_names), size=n, p=dest_p)]
    says_dest = np.isin(stance, ["deleted", "intends", "urges"]) & (rng.random(n) < 0.35)
    dest = np.where(says_dest, dest, None)

    # --- text -------------------------------------------------------------------------------
    body = _render_bodies(rng, stance, theme, dest)
    lower = rng.random(n) < 0.35  # many people type all lower-case
    body = np.array([b.lower() if low else b for b, low in zip(body, lower, strict=True)], dtype=object)

    kind = np.where(rng.random(n) < SHARE_SUBMISSIONS, "submission", "comment").astype(object)
    kind[0] = "submission"
    community = _pick(rng, T.SUBREDDITS, n)

    # Order by time so each comment can hang under an earlier submission.
    order = np.argsort(created, kind="stable")
    created, author, stance, theme = created[order], author[order], stance[order], theme[order]
    dest, body, kind, community = dest[order], body[order], kind[order], community[order]
    post_id = np.where(kind == "submission", "demo_s", "demo_c").astype(object) + np.arange(n).astype(str)
    sub_positions = np.flatnonzero(kind == "submission")
    # each comment: a submission among the latest few before it (searchsorted on the sorted times)
    last_sub = np.searchsorted(sub_positions, np.arange(n), side="right") - 1
    back = rng.integers(0, 4, n)
    parent_sub = sub_positions[np.clip(last_sub - back, 0, None)]
    is_comment = kind == "comment"
    thread_id = np.where(is_comment, post_id[parent_sub], post_id)
    community = np.where(is_comment, community[parent_sub], community)
    parent_id = np.where(is_comment, post_id[parent_sub], None)
    created = np.where(is_comment, np.maximum(created, created[parent_sub] + 60), created)

    title = np.full(n, None, dtype=object)
    subm = ~is_comment
    title[subm] = [_title(rng, s) for s in stance[subm]]
    # some submissions are link posts with an empty body (news shares)
    link_only = subm & (stance == "news") & (rng.random(n) < 0.5)
    body = np.where(link_only, "", body)

    score = np.where(subm, rng.lognormal(2.5, 1.2, n), rng.lognormal(1.0, 1.0, n)).astype(np.int64)
    num_comments = np.where(subm, rng.poisson(8, n), 0)
    author_name = np.char.add("demo_user_", author.astype(str)).astype(object)
    is_deleted = np.zeros(n, dtype=bool)

    frame = pd.DataFrame(
        {
            "platform": PLATFORM,
            "post_id": post_id,
            "kind": kind,
            "parent_id": parent_id,
            "thread_id": thread_id,
            "community": community,
            "author": author_name,
            "title": pd.Series(title, dtype=object),
            "body": pd.Series(body, dtype=object),
            "url": [DEMO_URL.format(community=c, post_id=p) for c, p in zip(community, post_id, strict=True)],
            "score": score,
            "num_comments": num_comments,
            "created_at": created.astype(np.float64),
            "is_deleted": is_deleted,
            "is_demo": True,
            "gen_stance": [TRUE_STANCE.get(s, s) for s in stance],
            "gen_kind": stance,
            "gen_theme": theme,
            "gen_destination": dest,
            "gen_malformed": None,
        }
    )
    _add_spam_bursts(rng, frame)
    _delete_some(rng, frame)
    _break_some(rng, frame)
    _move_some_threads_to_x(np.random.default_rng([seed, 1]), frame)
    payload = _truth_payloads(frame["gen_stance"].to_numpy(dtype=object))
    # malformed rows keep no payload so their quarantine preview shows the offending fields
    frame["raw_payload"] = np.where(frame["gen_malformed"].isna().to_numpy(), payload, None)
    return frame


def _move_some_threads_to_x(rng: np.random.Generator, frame: pd.DataFrame) -> None:
    """Re-home whole threads on X: posts/replies without a subreddit or title, X-shaped URLs."""
    threads = frame["thread_id"].dropna().unique()
    moved = set(threads[rng.random(len(threads)) < SHARE_SECOND_PLATFORM])
    rows = frame["thread_id"].isin(moved).to_numpy()
    if not rows.any():
        return
    frame.loc[rows, "platform"] = SECOND_PLATFORM
    frame.loc[rows, "kind"] = np.where(frame.loc[rows, "kind"] == "submission", "post", "reply")
    frame.loc[rows, "community"] = None
    # X has no titles: a titled post keeps its title's words as the start of its text
    titled = rows & frame["title"].notna().to_numpy() & (frame["gen_malformed"] != "invalid utf-8").to_numpy()
    frame.loc[titled, "body"] = [
        t if (not isinstance(b, str) or not b or b.startswith("[")) else f"{t}\n{b}"
        for t, b in zip(frame.loc[titled, "title"], frame.loc[titled, "body"], strict=True)
    ]
    frame.loc[rows, "title"] = None
    frame.loc[rows, "url"] = [SECOND_PLATFORM_URL.format(post_id=p) for p in frame.loc[rows, "post_id"]]


def _truth_payloads(gen_stance: np.ndarray) -> np.ndarray:
    """JSON payload per row carrying the generator's true stance (values come from a fixed label set)."""
    return np.char.add(np.char.add('{"gen_stance": "', gen_stance.astype(str)), '"}').astype(object)


def _render_bodies(rng: np.random.Generator, stance: np.ndarray, theme: np.ndarray, dest: np.ndarray) -> np.ndarray:
    n = len(stance)
    out = np.empty(n, dtype=object)
    fb = _pick(rng, T.FB, n)
    emo = _pick(rng, T.EMO, n)
    when = _pick(rng, T.WHEN, n)
    when_en = _pick(rng, T.WHEN_EN, n)
    reason_en = _pick(rng, T.REASON_EN, n)
    reason_alt = _pick(rng, T.REASON_ALT, n)
    reason_alt_en = _pick(rng, T.REASON_ALT_EN, n)
    reason = np.empty(n, dtype=object)
    for name, phrases in T.THEMES.items():
        mask = theme == name
        reason[mask] = _pick(rng, phrases, int(mask.sum()))
    reason[theme == "offtopic"] = ""
    tmpl = np.empty(n, dtype=object)
    for name, templates in T.STANCE_TEMPLATES.items():
        mask = stance == name
        tmpl[mask] = _pick(rng, templates, int(mask.sum()))
    dest_sentence = _pick(rng, T.DEST_SENTENCES, n)
    dest_word = np.empty(n, dtype=object)
    for name, words in T.DESTINATIONS.items():
        mask = dest == name
        dest_word[mask] = _pick(rng, words, int(mask.sum()))
    for i in range(n):
        text = tmpl[i].format(
            fb=fb[i], emo=emo[i], when=when[i], when_en=when_en[i], reason=reason[i],
            reason_en=reason_en[i], reason_alt=reason_alt[i], reason_alt_en=reason_alt_en[i],
        )
        if dest[i] is not None:
            text += dest_sentence[i].format(dest=dest_word[i])
        out[i] = text
    return out


def _title(rng: np.random.Generator, stance: str) -> str:
    options = T.TITLES[stance]
    return options[int(rng.integers(0, len(options)))]


def _add_spam_bursts(rng: np.random.Generator, frame: pd.DataFrame) -> None:
    """Turn a few runs of consecutive comments into identical promotional posts minutes apart."""
    n = len(frame)
    n_spam = int(n * SHARE_SPAM)
    comments = np.flatnonzero(frame["kind"].to_numpy() == "comment")
    if n_spam < 3 or len(comments) < n_spam:
        return
    bursts = 3
    size = n_spam // bursts
    starts = np.sort(rng.choice(len(comments) - size, size=bursts, replace=False))
    created = frame["created_at"].to_numpy(dtype=np.float64)
    post_time = dict(zip(frame["post_id"], created, strict=True))
    for b, start in enumerate(starts):
        rows = frame.index[comments[start : start + size]]
        t0 = created[comments[start]]
        burst_times = t0 + np.sort(rng.integers(0, 3600, len(rows))).astype(np.float64)
        # a reply can never predate the thread it is posted in
        parents = frame.loc[rows, "parent_id"].map(post_time).to_numpy(dtype=np.float64)
        frame.loc[rows, "created_at"] = np.fmax(burst_times, parents + 60)
        frame.loc[rows, "body"] = T.SPAM[b % len(T.SPAM)]
        frame.loc[rows, "author"] = f"demo_spammer_{b}"
        frame.loc[rows, "gen_stance"] = "none"
        frame.loc[rows, "gen_kind"] = "spam"
        frame.loc[rows, "gen_theme"] = "spam"
        frame.loc[rows, "gen_destination"] = None


def _delete_some(rng: np.random.Generator, frame: pd.DataFrame) -> None:
    """Mark a share of items deleted by their author or removed by moderators, as Reddit shows them."""
    n = len(frame)
    k = int(n * SHARE_DELETED)
    if k == 0:
        return
    rows = frame.index[rng.choice(n, size=k, replace=False)]
    removed = rng.random(k) < 0.4
    frame.loc[rows, "body"] = np.where(removed, "[removed]", "[deleted]")
    frame.loc[rows[~removed], "author"] = "[deleted]"
    frame.loc[rows, "is_deleted"] = True
    frame.loc[rows, "title"] = np.where(frame.loc[rows, "kind"] == "submission", "[deleted]", None)


def _break_some(rng: np.random.Generator, frame: pd.DataFrame) -> None:
    """Make a few records malformed in the ways real feeds are: no id, bad timestamp, broken bytes."""
    n = len(frame)
    k = max(3, int(n * SHARE_MALFORMED)) if n >= 20 else 0
    if k == 0:
        return
    rows = frame.index[rng.choice(n, size=k, replace=False)]
    frame["created_at"] = frame["created_at"].astype(object)
    for j, row in enumerate(rows):
        fault = j % 3
        if fault == 0:
            frame.at[row, "post_id"] = None
            frame.at[row, "gen_malformed"] = "missing id"
        elif fault == 1:
            frame.at[row, "created_at"] = ["not-a-date", "31/02/2026 25:61", "kemarin sore"][(j // 3) % 3]
            frame.at[row, "gen_malformed"] = "bad timestamp"
        else:
            # bytes that do not decode as UTF-8, as a mis-encoded export would carry
            frame.at[row, "body"] = b"hapus akun \xff\xfe fb sekarang"
            frame.at[row, "gen_malformed"] = "invalid utf-8"


def _empty_frame() -> pd.DataFrame:
    cols = ["platform", "post_id", "kind", "parent_id", "thread_id", "community", "author", "title", "body",
            "url", "score", "num_comments", "created_at", "is_deleted", "is_demo", "gen_stance", "gen_kind",
            "gen_theme", "gen_destination", "gen_malformed", "raw_payload"]
    return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
