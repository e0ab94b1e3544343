"""Dashboard speed at scale: build a 1M-post analytics.duckdb and time every page.

fct_posts is synthesised with SQL (days weighted towards the real events, stances, sentiment, languages,
destinations, topics); every other mart is then built from it by the project's own dbt model SQL
(rendered with plain Jinja: ref() -> marts.<name>, var() -> its default), so the aggregates have the
real shapes and sizes. Then each page runs in Streamlit's AppTest with a cold cache, and each page's
queries are timed on their own.

    .venv/bin/python benchmarks/bench_dashboard.py [--posts 1000000] [--out benchmarks/out/dashboard]

Prints figures; asserts nothing about timings.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import sys
import time
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
# bare-mode caching warnings ("No runtime found") would drown the figures
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")

import duckdb  # noqa: E402
import jinja2  # noqa: E402

MARTS_DIR = REPO_ROOT / "dbt_project" / "models" / "marts"
# dependency order; dim_topics is synthesised (it comes from the topic model, not from fct_posts)
MODELS = [
    "fct_daily_volume",
    "fct_daily_movement",
    "fct_topic_daily",
    "fct_author_journey",
    "fct_destinations_daily",
    "fct_spikes",
]
TOPICS = [
    "iklan dari chat meta ai",
    "paten persona almarhum",
    "cara hapus akun",
    "privasi data",
    "pindah platform",
    "bisnis di facebook",
    "keluarga dan grup",
    "ai training",
    "berita kominfo",
    "timnas",
]

FCT_POSTS_SQL = """
create table marts.fct_posts as
with base as (
    select
        i,
        -- events make days heavier: fold a uniform draw onto spikes near the three dated events
        case
            when hash(i, 1) % 100 < 8 then date '2025-10-01' + (hash(i, 2) % 6)::int
            when hash(i, 1) % 100 < 18 then date '2025-12-16' + (hash(i, 2) % 8)::int
            when hash(i, 1) % 100 < 32 then date '2026-02-14' + (hash(i, 2) % 10)::int
            else date '2025-09-01' + (hash(i, 2) % 212)::int
        end as day,
        (hash(i, 3) % 100)::bigint as r_stance,
        (hash(i, 4) % 100)::bigint as r_sent,
        (hash(i, 5) % 100)::bigint as r_lang,
        (hash(i, 6) % 100)::bigint as r_dest,
        (hash(i, 7) % 11)::bigint as r_topic,
        (hash(i, 8) % 4)::bigint as r_platform
    from range({n}) as t(i)
)
select
    p.platform || ':' || p.post_id as post_key, p.*, hash(p) as row_hash
from (
    select
        ['reddit', 'x', 'tiktok', 'facebook'][r_platform + 1] as platform,
        'bench_' || i as post_id,
        'demo' as source,
        case when i % 5 = 0 then 'submission' else 'comment' end as kind,
        null::varchar as parent_id,
        'bench_' || (i - i % 5) as thread_id,
        'indonesia' as community,
        md5((hash(i, 9) % {authors})::varchar) as author_pseudonym,
        day + to_seconds((hash(i, 10) % 86400)::bigint) as created_at,
        day,
        null::varchar as title,
        case when r_dest < 12 then 'udah hapus fb, sekarang pindah ke telegram aja. post ' || i
             else 'meta ai dan iklan, hapus akun facebook? post ' || i end as body,
        case when r_dest < 12 then 'udah hapus fb, sekarang pindah ke telegram aja. post ' || i
             else 'meta ai dan iklan, hapus akun facebook? post ' || i end as text,
        'https://demo.hapuswatch.invalid/' || i as url,
        (hash(i, 11) % 50)::integer as score,
        0::integer as num_comments,
        hash(i, 12) % 100 < 3 as is_deleted,
        true as is_demo,
        -- ~5% automated (as in the demo generator's truth), excluded from the KPI marts like real flags
        hash(i, 13) % 100 < 5 as is_automated,
        case when hash(i, 13) % 100 < 5 then 'copy_paste' end as automated_reason,
        case when r_lang < 70 then 'id' when r_lang < 92 then 'en' else 'other' end as lang,
        case when r_stance < 12 then 'deleted' when r_stance < 22 then 'intends' when r_stance < 36 then 'considering'
             when r_stance < 46 then 'urges' when r_stance < 56 then 'staying' else 'none' end as stance,
        0.8 as stance_score,
        case when r_sent < 45 then 'negative' when r_sent < 85 then 'neutral' else 'positive' end as sentiment,
        (r_sent - 50) / 50.0 as sentiment_score,
        'bench' as enrich_version,
        case when r_dest < 6 then ['telegram'] when r_dest < 8 then ['x'] when r_dest < 9 then ['threads']
             when r_dest < 10 then ['bluesky', 'mastodon'] when r_dest < 12 then ['no_social_media']
             else []::varchar[] end as destinations,
        (r_topic - 1)::integer as topic_id,
        case when r_topic = 0 then 'Outliers / unassigned' else {topics}[r_topic] end as topic_label,
        day::timestamp as first_seen_at,
        day::timestamp as last_seen_at
    from base
) as p
"""


def _render_model(name: str) -> str:
    """The model's SQL with ref()/var() resolved the way dbt would for schema `marts`, built in full
    (``is_incremental()`` false, ``config()`` and its hooks ignored)."""
    # the project's macros are plain Jinja macros: define them ahead of the model
    macros = "".join(p.read_text(encoding="utf-8") for p in sorted((MARTS_DIR.parents[1] / "macros").glob("*.sql")))
    text = macros + (MARTS_DIR / f"{name}.sql").read_text(encoding="utf-8")
    env = jinja2.Environment()
    return env.from_string(text).render(
        ref=lambda model: f"marts.{model}", var=lambda _n, default=None: default,
        config=lambda **_kw: "", is_incremental=lambda: False, this=f"marts.{name}",
    )


def build_db(path: Path, n_posts: int) -> dict[str, float]:
    """Create ``path`` with every mart the dashboard reads, from ``n_posts`` synthetic posts; seconds per table."""
    if path.exists():
        path.unlink()
    timings: dict[str, float] = {}
    con = duckdb.connect(str(path))
    try:
        con.execute("create schema marts")
        topics_sql = "[" + ", ".join("'" + t + "'" for t in TOPICS) + "]"
        started = time.perf_counter()
        con.execute(FCT_POSTS_SQL.format(n=n_posts, authors=max(1000, n_posts // 5), topics=topics_sql))
        timings["fct_posts"] = time.perf_counter() - started
        rows = list(csv.DictReader((REPO_ROOT / "dbt_project" / "seeds" / "dim_events.csv").open(encoding="utf-8")))
        con.execute(
            "create table marts.dim_events (event_id varchar, day date, title varchar, description varchar, "
            "category varchar, region varchar, source_url varchar)"
        )
        con.executemany(
            "insert into marts.dim_events values (?, ?, ?, ?, ?, ?, ?)",
            [
                [r["event_id"], r["day"], r["title"], r["description"], r["category"], r["region"], r["source_url"]]
                for r in rows
            ],
        )
        con.execute(
            "create table marts.dim_topics as select topic_id, any_value(topic_label) as label, "
            "string_split(any_value(topic_label), ' ') as top_terms, count(*) as size, "
            "[min(text), max(text)] as representative_posts, min(day) as first_seen, max(day) as last_seen, "
            "'bench' as model_version, topic_id = -1 as is_outlier from marts.fct_posts group by topic_id"
        )
        for model in MODELS:
            if not (MARTS_DIR / f"{model}.sql").exists():
                print(f"  (skipping {model}: model file missing)")
                continue
            started = time.perf_counter()
            con.execute(f"create table marts.{model} as {_render_model(model)}")
            timings[model] = time.perf_counter() - started
        con.execute("checkpoint")
    finally:
        con.close()
    return timings


def time_queries(filters) -> dict[str, float]:
    """Median seconds of each page's queries, called directly (no Streamlit cache)."""
    from dashboards import queries as q

    version = q.db_version()
    per_page = {
        "overview": lambda: (
            q.headline.__wrapped__(version, filters),
            q.daily_volume.__wrapped__(version, filters),
            q.events.__wrapped__(version, filters),
            q.spikes.__wrapped__(version, filters),
        ),
        "movement": lambda: (
            q.stance_daily.__wrapped__(version, filters),
            q.follow_through_funnel.__wrapped__(version, filters),
            q.destinations.__wrapped__(version, filters),
            q.destinations_by_day.__wrapped__(version, filters),
            q.follow_through_typical_days.__wrapped__(version),
        ),
        "themes": lambda: (
            q.topic_summary.__wrapped__(version, filters),
            q.topic_by_day.__wrapped__(version, filters, tuple(range(6))),
            q.topic_examples.__wrapped__(version, 0, filters),
        ),
        "sentiment": lambda: (
            q.sentiment_daily.__wrapped__(version, filters),
            q.sentiment_by.__wrapped__(version, filters, "lang"),
            q.sentiment_by.__wrapped__(version, filters, "stance"),
            q.sentiment_by_topic.__wrapped__(version, filters),
        ),
        "posts": lambda: q.search_posts.__wrapped__(version, filters, "telegram", (), 3),
        "data": lambda: (q.table_catalog.__wrapped__(version), q.column_docs.__wrapped__(version, "fct_posts")),
    }
    out = {}
    for page, run in per_page.items():
        samples = []
        for _ in range(3):
            started = time.perf_counter()
            run()
            samples.append(time.perf_counter() - started)
        out[page] = statistics.median(samples)
    return out


def time_apptest() -> dict[str, tuple[float, float]]:
    """(cold, warm) seconds of a full AppTest run per page; cold = caches cleared first."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    app = str(REPO_ROOT / "dashboards" / "app.py")
    pages = {
        "overview": None,
        "movement": "app_pages/movement.py",
        "themes": "app_pages/themes.py",
        "sentiment": "app_pages/sentiment.py",
        "posts": "app_pages/posts.py",
        "data": "app_pages/data.py",
    }
    out = {}
    for name, page in pages.items():
        at = AppTest.from_file(app, default_timeout=120).run()  # shared filters and navigation warm-up
        if page:
            at.switch_page(page)
        st.cache_data.clear()
        started = time.perf_counter()
        at.run()
        cold = time.perf_counter() - started
        if at.exception:
            raise RuntimeError(f"{name}: {at.exception[0].message}")
        started = time.perf_counter()
        at.run()
        warm = time.perf_counter() - started
        out[name] = (cold, warm)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "benchmarks" / "out" / "dashboard")
    args = parser.parse_args()

    data_dir = args.out.resolve()
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    os.environ["HAPUSWATCH_DATA_DIR"] = str(data_dir)
    path = data_dir / "analytics.duckdb"

    started = time.perf_counter()
    timings = build_db(path, args.posts)
    print(
        f"built {path} with {args.posts:,} posts in {time.perf_counter() - started:.1f}s "
        f"({path.stat().st_size / 1e6:.0f} MB)"
    )
    with duckdb.connect(str(path), read_only=True) as con:
        for table, seconds in timings.items():
            rows = con.execute(f"select count(*) from marts.{table}").fetchone()[0]
            print(f"  {table:<24} {rows:>10,} rows  {seconds:6.2f}s")

    from dashboards import queries as q

    bounds = q.data_bounds.__wrapped__(q.db_version())
    filters = q.Filters(start=bounds["min_day"], end=bounds["max_day"])
    narrow = q.Filters(start=date(2026, 2, 14), end=date(2026, 2, 20), platforms=("reddit",), langs=("id",))

    print("\nqueries per page, median of 3, no cache (s):   all data   narrow filters")
    wide_t, narrow_t = time_queries(filters), time_queries(narrow)
    for page in wide_t:
        print(f"  {page:<10} {wide_t[page]:>36.3f}   {narrow_t[page]:>14.3f}")

    print("\nAppTest full page run (s):   cold cache   warm cache")
    for page, (cold, warm) in time_apptest().items():
        print(f"  {page:<10} {cold:>26.3f}   {warm:>10.3f}")


if __name__ == "__main__":
    main()
