"""The demo generator: who posts what, when, in which thread, generated in fixed-size chunks.

Posts come in chunks of ``CHUNK_SIZE`` rows, each drawn from its own generator seeded by ``(seed,
chunk index)``; ``generate_demo_posts(n)`` is the first ``n`` rows of chunks ``0, 1, ...``. So a
larger ``n`` keeps every post of a smaller one unchanged (same id, text, author, time and truth): a
benchmark can add 1% posts and re-run warm, and generation can stream chunk by chunk. Within a chunk
rows are whole threads in random order (submission first, then its comments), so cutting a chunk
short never leaves a comment without its parent and every prefix still spans the whole period.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from ingestion.sources.demo import banks as B
from ingestion.sources.demo import compose as C

START = date(2025, 9, 1)
END = date(2026, 3, 31)
PLATFORM = "reddit"
DEMO_URL = "https://demo.hapuswatch.invalid/r/{community}/comments/{post_id}"
SECOND_PLATFORM = "x"
SHARE_SECOND_PLATFORM = 0.3
SECOND_PLATFORM_URL = "https://demo.hapuswatch.invalid/x/status/{post_id}"
CHUNK_SIZE = 10_000

# (day, peak multiplier over baseline, decay in days) — the events the demo reacts to.
EVENTS = [
    (date(2025, 10, 1), 7.0, 4.0),  # Meta announces AI-chat data for ads
    (date(2025, 12, 16), 9.0, 5.0),  # policy in force (not in EU/UK/KR)
    (date(2026, 2, 14), 16.0, 6.0),  # patent reports: AI personas of the dead
]

# persona -> (probability, {stance kind: weight}); "news"/"howto"/"offtopic" are stance `none` in truth.
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
STANCE_KINDS = ["deleted", "intends", "considering", "urges", "staying", "news", "howto", "offtopic"]
TRUE_STANCE = {"news": "none", "howto": "none", "offtopic": "none", "spam": "none", "digest": "none"}
DEST_P = {
    "telegram": 0.30,
    "x": 0.14,
    "threads": 0.10,
    "bluesky": 0.06,
    "instagram": 0.14,
    "whatsapp": 0.12,
    "mastodon": 0.02,
    "none": 0.12,
}

# Threads: comments per thread are geometric with mean (1 - p) / p = 3.5, so ~22% of posts start a thread.
P_THREAD_END = 0.22
# Single-post automated threads on X, per thread (≈ 0.9%, 0.9% and 1.2% of posts), plus copy-paste
# chains (share of organic comments), spam bursts, deleted and malformed rows (shares of posts).
THREAD_TYPES = {"organic": 0.88, "digest": 0.035, "link_bot": 0.035, "retweet": 0.05}
SHARE_CHAIN = 0.01
SHARE_SPAM = 0.015
SHARE_DELETED = 0.03
SHARE_MALFORMED = 0.003
# Authors: a fixed pool of regulars active across the whole corpus, and chunk-local occasional posters.
N_REGULARS = 2_000
SHARE_BY_REGULARS = 0.25
POSTS_PER_LOCAL_AUTHOR = 3.0
LOCAL_AUTHOR_BASE = 10_000_000

COLUMNS = [
    "platform",
    "post_id",
    "kind",
    "parent_id",
    "thread_id",
    "community",
    "author",
    "title",
    "body",
    "url",
    "score",
    "num_comments",
    "created_at",
    "is_deleted",
    "is_demo",
    "gen_stance",
    "gen_kind",
    "gen_theme",
    "gen_destination",
    "gen_language",
    "gen_automated",
    "gen_automation",
    "gen_malformed",
    "raw_payload",
]


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
    themes = list(B.THEMES)
    probs = np.ones((len(days), len(themes)))
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


def _zipf_weights(k: int, exponent: float = 0.85) -> np.ndarray:
    w = 1.0 / np.arange(1, k + 1) ** exponent
    return w / w.sum()


@functools.lru_cache(maxsize=8)
def _regulars(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Persona and follow-through switch day of the fixed pool of regular authors (same for every chunk)."""
    rng = np.random.default_rng([seed, 2**31])
    p = np.array([v[0] for v in PERSONAS.values()])
    persona = rng.choice(len(PERSONAS), size=N_REGULARS, p=p / p.sum())
    switch = np.datetime64("2025-10-01") + rng.integers(0, 170, N_REGULARS).astype("timedelta64[D]")
    return persona, switch


def generate_demo_posts(n: int, seed: int = 42) -> pd.DataFrame:
    """Generate ``n`` demo records (valid and a few deliberately malformed), deterministically for a seed.

    Columns follow the source-input contract of ``ingestion.records.normalise_posts`` plus ``gen_*``
    truth columns. ``created_at`` holds epoch seconds (as Reddit's ``created_utc``) except on rows made
    malformed on purpose. ``generate_demo_posts(m)`` for ``m > n`` starts with these ``n`` rows unchanged.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    return generate_demo_rows(0, n, seed)


def generate_demo_rows(start: int, stop: int, seed: int = 42) -> pd.DataFrame:
    """Rows ``start .. stop - 1`` of the corpus: ``generate_demo_posts(stop, seed)[start:]``, same index.

    Only the chunks holding those rows are generated, so the posts a grown corpus adds (or a shrunk
    one drops) cost their own chunks, not the whole corpus.
    """
    if not 0 <= start <= stop:
        raise ValueError("need 0 <= start <= stop")
    if start == stop:
        return _empty_frame()
    first = start // CHUNK_SIZE
    chunks = [_chunk(seed, k) for k in range(first, math.ceil(stop / CHUNK_SIZE))]
    lo, hi = start - first * CHUNK_SIZE, stop - first * CHUNK_SIZE
    columns = {c: np.concatenate([chunk[c] for chunk in chunks])[lo:hi] for c in COLUMNS}
    return _frame(columns, start=start)


@functools.cache
def generator_version() -> str:
    """Digest of the generator's code and of the numpy/pandas versions it draws with.

    Any change to either may change the corpus, so a collection that recorded another version
    regenerates the corpus whole instead of trusting what it stored.
    """
    digest = hashlib.sha256(f"numpy {np.__version__} pandas {pd.__version__}".encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def iter_demo_chunks(n: int, seed: int = 42) -> Iterator[pd.DataFrame]:
    """The same rows as ``generate_demo_posts(n, seed)``, one chunk (≤ ``CHUNK_SIZE`` rows) at a time."""
    if n < 0:
        raise ValueError("n must be >= 0")
    for k in range(math.ceil(n / CHUNK_SIZE)):
        rows = min(CHUNK_SIZE, n - k * CHUNK_SIZE)
        chunk = _chunk(seed, k)
        yield _frame({c: chunk[c][:rows] for c in COLUMNS}, start=k * CHUNK_SIZE)


def _frame(columns: dict[str, np.ndarray], start: int = 0) -> pd.DataFrame:
    # explicit dtypes: inference would depend on content (a row of broken bytes turns `body` into object)
    index = pd.RangeIndex(start, start + len(columns["post_id"]))
    dtypes = {"score": np.int64, "num_comments": np.int64, "is_deleted": bool, "is_demo": bool, "gen_automated": bool}
    return pd.DataFrame({c: pd.Series(v, index=index, dtype=dtypes.get(c, object)) for c, v in columns.items()})


def _chunk(seed: int, k: int) -> dict[str, np.ndarray]:
    """Chunk ``k``: ``CHUNK_SIZE`` rows from a generator seeded by ``(seed, k)`` alone."""
    rng = np.random.default_rng([seed, k])
    n = CHUNK_SIZE
    base = k * CHUNK_SIZE

    # --- threads: a submission and its comments, threads in random order ---------------------------
    n_threads = n  # enough: every thread has at least one row
    types = np.asarray(list(THREAD_TYPES), dtype=object)[
        rng.choice(len(THREAD_TYPES), size=n_threads, p=list(THREAD_TYPES.values()))
    ]
    size = np.where(types == "organic", rng.geometric(P_THREAD_END, n_threads), 1)
    ends = np.cumsum(size)
    last = int(np.searchsorted(ends, n))  # first thread reaching n rows
    types, size = types[: last + 1], size[: last + 1]
    thread_of = np.repeat(np.arange(last + 1), size)[:n]
    starts = np.concatenate([[0], np.cumsum(size)[:-1]])
    is_sub = np.arange(n) == starts[thread_of]
    row_type = types[thread_of]
    n_t = last + 1
    on_x = np.where(types == "organic", rng.random(n_t) < SHARE_SECOND_PLATFORM, True)[thread_of]
    community = np.asarray(B.SUBREDDITS, dtype=object)[rng.integers(0, len(B.SUBREDDITS), n_t)][thread_of]

    # --- when: thread starts follow the daily volume; comments come minutes to days later -------------
    weights = daily_weights()
    day0 = weights.index.to_numpy()[rng.choice(len(weights), size=n_t, p=weights.to_numpy())]
    seconds = np.clip(rng.normal(13.5 * 3600, 4.5 * 3600, n_t), 0, 86399).astype(np.int64)
    t0 = (day0.astype("datetime64[s]").astype(np.int64) + seconds)[thread_of]
    lag = np.clip(np.exp(rng.normal(np.log(2 * 3600), 1.3, n)), 60, 5 * 86400).astype(np.int64)
    end_s = np.datetime64(END).astype("datetime64[s]").astype(np.int64) + 86399
    created = np.where(is_sub, t0, np.maximum(np.minimum(t0 + lag, end_s), t0 + 60))
    days = created.astype("datetime64[s]").astype("datetime64[D]")

    # --- who ------------------------------------------------------------------------------------------
    reg_persona, reg_switch = _regulars(seed)
    n_local = max(1, int(n * (1 - SHARE_BY_REGULARS) / POSTS_PER_LOCAL_AUTHOR))
    p = np.array([v[0] for v in PERSONAS.values()])
    local_persona = rng.choice(len(PERSONAS), size=n_local, p=p / p.sum())
    local_switch = np.datetime64("2025-10-01") + rng.integers(0, 170, n_local).astype("timedelta64[D]")
    regular = rng.random(n) < SHARE_BY_REGULARS
    reg_idx = rng.choice(N_REGULARS, size=n, p=_zipf_weights(N_REGULARS))
    loc_idx = rng.choice(n_local, size=n, p=_zipf_weights(n_local))
    author_id = np.where(regular, reg_idx, LOCAL_AUTHOR_BASE + base + loc_idx)
    persona = np.where(regular, reg_persona[reg_idx], local_persona[loc_idx])
    switch_day = np.where(regular, reg_switch[reg_idx], local_switch[loc_idx])

    # --- what they say (stance kind), why (theme), where to (destination) ------------------------------
    sidx = {s: i for i, s in enumerate(STANCE_KINDS)}
    persona_names = list(PERSONAS)
    mix = np.zeros((len(PERSONAS), len(STANCE_KINDS)))
    for i, name in enumerate(persona_names):
        for stance, w in PERSONAS[name][1].items():
            mix[i, sidx[stance]] = w
    probs = mix[persona]
    ft = persona == persona_names.index("follow_through")
    before = days < switch_day
    probs[ft & before] = 0
    probs[ft & before, sidx["intends"]] = 0.75
    probs[ft & before, sidx["considering"]] = 0.25
    probs[ft & ~before] = 0
    probs[ft & ~before, sidx["deleted"]] = 1.0
    kind = np.asarray(STANCE_KINDS, dtype=object)[_choice_rows(rng, probs)]
    theme = np.asarray(list(B.THEMES), dtype=object)[_choice_rows(rng, _theme_probs(days))]
    theme[kind == "offtopic"] = "offtopic"
    dest = np.asarray(list(DEST_P), dtype=object)[rng.choice(len(DEST_P), size=n, p=list(DEST_P.values()))]
    says_dest = C.isin(kind, ["deleted", "intends", "urges"]) & (rng.random(n) < 0.35)
    dest = np.where(says_dest, dest, None)

    # --- text -------------------------------------------------------------------------------------------
    platform = np.where(on_x, SECOND_PLATFORM, PLATFORM).astype(object)
    body, lang, headline = C.compose_organic(rng, kind, theme, dest, platform)
    body = C.reply_prefix(rng, on_x & ~is_sub) + body
    title = np.full(n, None, dtype=object)
    titled = is_sub & ~on_x
    title[titled] = C.compose_titles(rng, kind[titled])
    # half the news submissions on Reddit are link posts: the headline as title, no body
    link_only = titled & (kind == "news") & (rng.random(n) < 0.5)
    title[link_only] = headline[link_only]
    body[link_only] = ""

    automation = np.full(n, None, dtype=object)
    author = np.char.add("demo_user_", author_id.astype(str)).astype(object)
    _automated_threads(rng, row_type, on_x, body, kind, theme, dest, lang, created, author, automation)
    _chains(rng, row_type, is_sub, body, kind, theme, dest, lang, author, automation)

    # --- ids, threads, platform shapes -----------------------------------------------------------------
    gid = (base + np.arange(n)).astype(str)
    post_id = np.where(is_sub, "demo_s", "demo_c").astype(object) + gid
    thread_id = post_id[starts[thread_of]]
    parent_id = np.where(is_sub, None, thread_id)
    post_kind = np.where(on_x, np.where(is_sub, "post", "reply"), np.where(is_sub, "submission", "comment"))
    community = np.where(on_x, None, community)
    url = np.where(
        on_x,
        "https://demo.hapuswatch.invalid/x/status/" + post_id,
        "https://demo.hapuswatch.invalid/r/" + community.astype(str) + "/comments/" + post_id,
    ).astype(object)
    score = np.where(is_sub, rng.lognormal(2.5, 1.2, n), rng.lognormal(1.0, 1.0, n)).astype(np.int64)
    num_comments = np.where(is_sub, rng.poisson(8, n), 0)

    cols = {
        "platform": platform,
        "post_id": post_id,
        "kind": post_kind.astype(object),
        "parent_id": parent_id,
        "thread_id": thread_id,
        "community": community,
        "author": author,
        "title": title,
        "body": body,
        "url": url,
        "score": score,
        "num_comments": num_comments,
        "created_at": created.astype(np.float64),
        "is_deleted": np.zeros(n, dtype=bool),
        "is_demo": np.ones(n, dtype=bool),
        "gen_kind": kind,
        "gen_theme": theme,
        "gen_destination": dest,
        "gen_language": lang,
        "gen_automation": automation,
        "gen_malformed": np.full(n, None, dtype=object),
    }
    _spam_bursts(rng, cols, is_sub, row_type)
    _delete_some(rng, cols, is_sub)
    cols["created_at"] = cols["created_at"].astype(object)
    _break_some(rng, cols, is_sub)
    cols["gen_stance"] = np.array([TRUE_STANCE.get(s, s) for s in cols["gen_kind"]], dtype=object)
    cols["gen_automated"] = np.array([a is not None for a in cols["gen_automation"]], dtype=bool)
    payload = _truth_payloads(cols["gen_stance"], cols["gen_automation"])
    # malformed rows keep no payload so their quarantine preview shows the offending fields
    cols["raw_payload"] = np.where(_isnone(cols["gen_malformed"]), payload, None)
    return cols


def _isnone(values: np.ndarray) -> np.ndarray:
    return np.array([v is None for v in values], dtype=bool)


def _automated_threads(rng, row_type, on_x, body, kind, theme, dest, lang, created, author, automation) -> None:
    """Fill the single-post automated threads: digests, link bots and retweets of earlier posts."""
    digest = np.flatnonzero(row_type == "digest")
    bots = rng.integers(0, C.N_DIGEST_BOTS, len(digest))
    body[digest] = C.compose_digests(rng, bots)
    kind[digest], theme[digest], dest[digest] = "digest", "digest", None
    lang[digest] = np.where(bots % len(B.DIGEST_TEMPLATES) == 3, "id", "en")
    author[digest] = np.char.add("demo_digest_bot_", bots.astype(str)).astype(object)
    automation[digest] = "digest"

    link = np.flatnonzero(row_type == "link_bot")
    bots = rng.integers(0, C.N_LINK_BOTS, len(link))
    body[link] = C.compose_link_bot_posts(rng, bots)
    kind[link], theme[link], dest[link], lang[link] = "news", C.link_bot_theme(bots), None, "id"
    author[link] = np.char.add("demo_link_bot_", bots.astype(str)).astype(object)
    automation[link] = "link_bot"

    # a retweet repeats an earlier organic X post of this chunk (earlier rows: a prefix keeps both);
    # popular posts get retweeted more (draws skewed towards each retweet's earliest candidates)
    rt = np.flatnonzero(row_type == "retweet")
    lengths = np.fromiter((len(b) for b in body), dtype=np.int64, count=len(body))
    candidates = np.flatnonzero((row_type == "organic") & on_x & (lengths > 20) & (lengths < 250))
    before = np.searchsorted(candidates, rt)
    has = before > 0
    rt, before = rt[has], before[has]
    orig = candidates[(rng.random(len(rt)) ** 3 * before).astype(np.int64)]
    body[rt] = C.compose_retweets(rng, body[orig])
    kind[rt], theme[rt], dest[rt], lang[rt] = kind[orig], theme[orig], dest[orig], lang[orig]
    created[rt] = np.maximum(created[rt], created[orig] + 60)
    automation[rt] = "retweet"
    # a retweet thread without an earlier post to repeat stays an ordinary post (rare: chunk start)
    row_type[np.flatnonzero(row_type == "retweet")[~has]] = "organic"


def _chains(rng, row_type, is_sub, body, kind, theme, dest, lang, author, automation) -> None:
    """Turn a share of organic comments into copy-pasted chain messages (near-duplicates by people)."""
    rows = np.flatnonzero((row_type == "organic") & ~is_sub & (rng.random(len(body)) < SHARE_CHAIN))
    text, stance, chain_theme = C.compose_chains(rng, len(rows))
    body[rows], kind[rows], theme[rows], dest[rows], lang[rows] = text, stance, chain_theme, None, "id"
    automation[rows] = "copypaste"


def _truth_payloads(gen_stance: np.ndarray, automation: np.ndarray) -> np.ndarray:
    """JSON payload per row: true stance and whether a bot or copy-paste made the post (fixed label sets)."""
    auto = np.where(
        _isnone(automation),
        '"gen_automated": false}',
        '"gen_automated": true, "gen_automation": "' + automation.astype(str) + '"}',
    )
    return ('{"gen_stance": "' + gen_stance.astype(str) + '", ' + auto).astype(object)


def _spam_bursts(rng: np.random.Generator, cols: dict[str, np.ndarray], is_sub: np.ndarray, row_type) -> None:
    """Turn a few sets of comments into identical promotional posts minutes apart (three spammers)."""
    n = len(is_sub)
    size = int(n * SHARE_SPAM) // len(B.SPAM)
    created = cols["created_at"]
    comment = ~is_sub & (row_type == "organic") & _isnone(cols["gen_automation"])
    parent_time = created[np.maximum.accumulate(np.where(is_sub, np.arange(n), 0))]
    for b, text in enumerate(B.SPAM):
        anchor = np.quantile(created, 0.5 + 0.5 * rng.random())
        # a reply can never predate the thread it is posted in
        eligible = np.flatnonzero(comment & (parent_time <= anchor - 60))
        if len(eligible) < size:
            continue
        rows = np.sort(rng.choice(eligible, size=size, replace=False))
        created[rows] = anchor + np.sort(rng.integers(0, 3600, size)).astype(np.float64)
        cols["body"][rows] = text
        cols["author"][rows] = f"demo_spammer_{b}"
        cols["gen_kind"][rows], cols["gen_theme"][rows], cols["gen_destination"][rows] = "spam", "spam", None
        cols["gen_automation"][rows] = "spam"
        comment[rows] = False


def _delete_some(rng: np.random.Generator, cols: dict[str, np.ndarray], is_sub: np.ndarray) -> None:
    """Mark a share of items deleted by their author or removed by moderators, as Reddit shows them."""
    n = len(is_sub)
    rows = np.flatnonzero(rng.random(n) < SHARE_DELETED)
    removed = rng.random(len(rows)) < 0.4
    cols["body"][rows] = np.where(removed, "[removed]", "[deleted]")
    cols["author"][rows[~removed]] = "[deleted]"
    cols["is_deleted"][rows] = True
    cols["title"][rows] = np.where(is_sub[rows] & (cols["platform"][rows] == PLATFORM), "[deleted]", None)


def _break_some(rng: np.random.Generator, cols: dict[str, np.ndarray], is_sub: np.ndarray) -> None:
    """Make a few replies malformed in the ways real feeds are: no id, bad timestamp, broken bytes."""
    n = len(cols["body"])
    # bot output (spam bursts, digests) stays well-formed: the faults are an export's, not a bot's; and
    # thread starters keep their ids so every valid reply still finds its parent
    rows = np.flatnonzero((rng.random(n) < SHARE_MALFORMED / 0.78) & _isnone(cols["gen_automation"]) & ~is_sub)
    for j, row in enumerate(rows):
        fault = j % 3
        if fault == 0:
            cols["post_id"][row] = None
            cols["gen_malformed"][row] = "missing id"
        elif fault == 1:
            cols["created_at"][row] = ["not-a-date", "31/02/2026 25:61", "kemarin sore"][(j // 3) % 3]
            cols["gen_malformed"][row] = "bad timestamp"
        else:
            # bytes that do not decode as UTF-8, as a mis-encoded export would carry
            cols["body"][row] = b"hapus akun \xff\xfe fb sekarang"
            cols["gen_malformed"][row] = "invalid utf-8"


def _empty_frame() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
