"""Topics as an asset: embed new text once, refit when the corpus has grown, otherwise assign.

A refit maps new topics onto the previous fit's ids (nlp.topics), so a topic keeps its id and label
in the marts and trends do not jump. Between refits, new posts go to the nearest current topic.
"""

import time

import dagster as dg
import duckdb
import pandas as pd
import pyarrow as pa

from ingestion import store
from orchestration import prewarm
from orchestration.resources import WarehouseResource

TOPIC_SEED = 42

# topics.post_topics and topics.topic_info are declared in ingestion.warehouse.schema (created on connect).
# The refit policy (growth threshold, model change) lives in nlp.topics.refit.


_LIVE = "not p.is_deleted and p.text is not null"  # deleted posts have no text and take no part in topics
_SAME_POST = "t.platform = p.platform and t.post_id = p.post_id and t.content_hash = p.content_hash"
# a post's columns as the model reads them, with its stored assignment (null when its text changed since)
_POST_READ = (
    "p.platform, p.post_id, p.content_hash, p.created_at, p.text, t.topic_id as known_topic_id, "
    "t.topic_prob as known_topic_prob, t.model_version as known_model_version"
)


def _live_count(con: duckdb.DuckDBPyConnection) -> int:
    return int(store.scalar(con, f"select count(*) from intermediate.int_posts_unioned p where {_LIVE}"))


def _posts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Posts to model (a refit reads all), with their current assignment when the text has not changed since."""
    return con.execute(
        f"select {_POST_READ} from intermediate.int_posts_unioned p left join topics.post_topics t on {_SAME_POST} "
        f"where {_LIVE} order by p.created_at, p.platform, p.post_id"
    ).df()


def _pending_and_stale(con: duckdb.DuckDBPyConnection, version: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Between refits, the only rows read, in one join of the live posts with the stored assignments:

    * pending: posts new or changed, placed by another fit, or without a stored flag (in post order);
    * stale: stored rows of posts deleted or gone upstream, or whose text changed since they were placed.
    """
    rows = con.execute(
        f"select {_POST_READ}, t.platform as stored_platform, t.post_id as stored_post_id, t.dedup_key "
        f"from (select * from intermediate.int_posts_unioned p where {_LIVE}) p "
        f"full join topics.post_topics t on {_SAME_POST} "
        "where p.post_id is null or t.post_id is null or t.model_version is distinct from ? or t.dedup_key is null "
        "order by p.created_at, p.platform, p.post_id",
        [version],
    ).df()
    live = rows["post_id"].notna()
    stored = ["stored_platform", "stored_post_id", "dedup_key"]
    pending = rows.loc[live].drop(columns=stored).reset_index(drop=True)
    stale = rows.loc[~live, stored].reset_index(drop=True)
    return pending, stale.rename(columns={"stored_platform": "platform", "stored_post_id": "post_id"})


def _copy_groups(con: duckdb.DuckDBPyConnection, keys: set[str], pending: pd.DataFrame) -> pd.DataFrame:
    """Kept, flagged posts of the copy groups ``keys`` (order columns, ``dedup_key``, ``automated_reason``)."""
    wanted = pa.table({"dedup_key": pa.array(sorted(keys), type=pa.string())})
    redo = pa.table(
        {
            "platform": pa.array(pending["platform"], type=pa.string()),
            "post_id": pa.array(pending["post_id"], type=pa.string()),
        }
    )
    con.register("copy_group_keys", wanted)
    con.register("pending_posts", redo)
    try:
        return con.execute(
            "select p.created_at, t.platform, t.post_id, t.dedup_key, t.automated_reason "
            f"from topics.post_topics t join intermediate.int_posts_unioned p on {_SAME_POST} and {_LIVE} "
            "where t.dedup_key in (select dedup_key from copy_group_keys) and not exists "
            "(select 1 from pending_posts r where r.platform = t.platform and r.post_id = t.post_id)"
        ).df()
    finally:
        con.unregister("copy_group_keys")
        con.unregister("pending_posts")


def _live_examples(con: duckdb.DuckDBPyConnection, docs: set[str]) -> set[str]:
    """Which of the example posts ``docs`` are still live upstream (the only texts forget_posts needs)."""
    if not docs:
        return set()
    con.register("example_texts", pa.table({"text": pa.array(sorted(docs), type=pa.string())}))
    try:
        rows = con.execute(
            "select distinct p.text from intermediate.int_posts_unioned p "
            f"where {_LIVE} and p.text in (select text from example_texts)"
        ).fetchall()
    finally:
        con.unregister("example_texts")
    return {r[0] for r in rows}


def _topic_table(topics: pd.DataFrame, version: str | None, live: set[str], sizes: pd.Series) -> pd.DataFrame:
    info = topics.copy()
    if len(info):
        info["size"] = info["topic_id"].map(sizes).fillna(0).astype("int64")
        # a representative post deleted upstream since the fit must not keep its text here
        info["representative_posts"] = info["representative_posts"].map(lambda docs: [d for d in docs if d in live])
        info["model_version"] = version
        info = info[
            ["topic_id", "label", "top_terms", "size", "representative_posts", "npmi", "first_fitted_version",
             "model_version"]
        ]  # fmt: skip
    return info


def _rows(posts: pd.DataFrame, assignments: pd.DataFrame, flags: pd.DataFrame, version: str | None) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "platform": posts["platform"].to_numpy(),
            "post_id": posts["post_id"].to_numpy(),
            "content_hash": posts["content_hash"].to_numpy(),
            "topic_id": assignments["topic_id"].to_numpy(dtype="int64"),
            "topic_prob": assignments["topic_prob"].to_numpy(dtype="float64"),
            "model_version": version,
            "is_automated": flags["is_automated"].to_numpy(dtype=bool),
            "automated_reason": flags["automated_reason"].to_numpy(dtype=object),
            "dedup_key": flags["dedup_key"].to_numpy(dtype=object),
        }
    )


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            ["topics", "post_topics"],
            deps=[dg.AssetKey(["intermediate", "int_posts_unioned"])],
            group_name="topics",
            kinds={"python", "duckdb"},
            description=(
                "Topic per non-deleted post (topics.post_topics; -1 = outlier) with the model version. Embeddings "
                "are cached per (text, model); the model is refit when the corpus grew by "
                "HAPUSWATCH_TOPICS_REFIT_GROWTH (default 20%), topic ids stay stable across refits, and in between "
                "new posts are assigned to the nearest topic."
            ),
        ),
        dg.AssetSpec(
            ["topics", "topic_info"],
            deps=[dg.AssetKey(["intermediate", "int_posts_unioned"])],
            group_name="topics",
            kinds={"python", "duckdb"},
            description=(
                "One row per topic of the current model (topics.topic_info): stable id, label, top terms, size, "
                "representative posts and NPMI coherence."
            ),
        ),
    ],
)
def post_topics(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """BERTopic themes: assignments per post and the topic table."""
    from nlp.topics import (
        assign_between_refits,
        decide_refit,
        embed_texts_with_stats,
        fit_topics,
        flag_automated,
        forget_posts,
        load_state,
    )
    from nlp.topics.automated import dedup_key, flag_incremental
    from nlp.topics.dedup import normalise_for_dedup
    from nlp.topics.embeddings import resolve_model
    from nlp.topics.refit import needs_assignment
    from nlp.topics.state import example_posts

    prewarm.wait()  # the embedding model may be loading in the background (orchestration.prewarm)
    settings = warehouse.settings
    model_root = settings.models_dir / "topics"
    cache_path = settings.cache_dir / "embeddings.duckdb"
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        context.log.info("embedded %d / %d new texts", done, total)

    model_id, _ = resolve_model(None)
    previous = load_state(model_root)
    with warehouse.connect() as con:
        n_live = _live_count(con)
        decision = decide_refit(previous, n_live, model_id)
        # Between refits: read only what changed; flags and assignments of the other posts stay.
        posts, stale = (_posts(con), None) if decision.refit else _pending_and_stale(con, previous.version)
        # Normalised once: the automated flags, their copy groups and the near-duplicate pass all use it.
        normalised = [normalise_for_dedup("" if t is None else str(t)) for t in posts["text"]]
        if not decision.refit:
            keys = {dedup_key(t) for t in normalised} | set(stale["dedup_key"].dropna())
            groups = _copy_groups(con, keys, posts)
    metrics: dict
    if decision.refit:
        # a fit holds every post's text and vector: a warehouse kept open between steps gives back its cache
        store.release()
        texts = posts["text"].tolist()
        flags = flag_automated(texts, normalised=normalised)
        embedded = embed_texts_with_stats(texts, cache_path, progress=progress)
        fit = fit_topics(
            texts, embedded.embeddings, seed=TOPIC_SEED, previous=decision.inherit_from, model_dir=model_root,
            embedding_model=model_id, exclude=flags["is_automated"].to_numpy(), normalised=normalised,
        )  # fmt: skip
        assignments, topics, version, status, metrics = (
            fit.assignments, fit.topics, fit.version, fit.status, dict(fit.metrics)
        )  # fmt: skip
        if fit.state is None:  # too few posts: nothing to keep
            version = None
        sizes = assignments["topic_id"].value_counts()
    else:
        flags, flag_changes = flag_incremental(posts, groups, normalised=normalised)
        # Only posts this model has not placed yet are embedded (cache first) and assigned.
        todo = needs_assignment(posts["known_model_version"], previous)
        # the cache checkpoints its new vectors while the posts are placed and written (joined below)
        embedded = embed_texts_with_stats(
            posts["text"][todo].tolist(), cache_path, progress=progress, close_in_background=True
        )
        assignments, newly_assigned = assign_between_refits(posts, embedded.embeddings, previous)
        context.log.info(
            "assigned %d new or changed posts to the current topics; flagged %d, re-flagged %d kept posts, "
            "removed %d rows of posts changed or gone upstream",
            newly_assigned, len(posts), len(flag_changes), len(stale),
        )  # fmt: skip
        topics, version, status = previous.topics, previous.version, "assigned"
        metrics = dict(previous.metrics)
        sizes = pd.Series(dtype="int64")  # recounted in SQL by store.update_topics
    with warehouse.connect() as con:
        docs = example_posts(model_root) | {d for ds in topics.get("representative_posts", []) for d in ds}
        live = _live_examples(con, docs)
    forgotten = forget_posts(model_root, live)
    if forgotten:
        context.log.info("removed %d example posts deleted upstream from saved topic models", forgotten)
    rows = _rows(posts, assignments, flags, version)
    info = _topic_table(topics, version, live, sizes)
    with warehouse.connect() as con:
        if decision.refit:
            store.replace_topics(con, rows, info)
        else:
            store.update_topics(con, stale, rows, flag_changes, info)
        n_topics = int(store.scalar(con, "select count(*) from topics.topic_info"))
        preview = con.execute(
            "select topic_id, label, size, array_to_string(top_terms[1:6], ', ') as terms "
            "from topics.topic_info order by size desc limit 15"
        ).df()
        by_reason = con.execute(
            "select automated_reason, count(*) from topics.post_topics where automated_reason is not null "
            "group by all order by 2 desc"
        ).fetchall()
        if not decision.refit:
            metrics["outlier_share_after"] = float(
                store.scalar(con, "select coalesce(avg((topic_id < 0)::int), 0) from topics.post_topics")
            )
    # The cache may still be checkpointing its new vectors (0.1-5 s at 1M cached, depending on how full its
    # last row group is): not waited for here. Opening the file again waits for it, and so do `hapuswatch
    # run` before it exits (orchestration/runner.py) and a step's process (the thread is not a daemon).
    seconds = time.perf_counter() - started
    context.log.info("topics %s: %d topics over %d posts in %.1fs", status, n_topics, n_live, seconds)
    yield dg.MaterializeResult(
        asset_key=["topics", "post_topics"],
        metadata={
            "dagster/row_count": dg.MetadataValue.int(n_live),
            "posts_read": dg.MetadataValue.int(len(posts)),
            "status": status,
            "refit": decision.refit,
            "refit_reason": decision.reason,
            "automated_posts": dg.MetadataValue.int(sum(int(n) for _, n in by_reason)),
            "automated_by_reason": dg.MetadataValue.json({str(k): int(n) for k, n in by_reason}),
            "model_version": version or "",
            "embedding_model": model_id,
            "embedded_new": dg.MetadataValue.int(embedded.stats.embedded),
            "embedding_cache_hits": dg.MetadataValue.int(embedded.stats.cache_hits),
            "outlier_share": dg.MetadataValue.float(round(float(metrics.get("outlier_share_after", 1.0)), 4)),
            "outlier_share_before_reduction": dg.MetadataValue.float(
                round(float(metrics.get("outlier_share_before", 1.0)), 4)
            ),
            "largest_topic_share": dg.MetadataValue.float(round(float(metrics.get("largest_topic_share", 0.0)), 4)),
            "duplicate_share": dg.MetadataValue.float(
                round(float(metrics.get("exact_or_near_duplicate_share", 0.0)), 4)
            ),
            "seconds": dg.MetadataValue.float(round(seconds, 2)),
        },
    )
    yield dg.MaterializeResult(
        asset_key=["topics", "topic_info"],
        metadata={
            "dagster/row_count": dg.MetadataValue.int(n_topics),
            "model_version": version or "",
            "topic_diversity": dg.MetadataValue.float(round(float(metrics.get("diversity", 0.0)), 4)),
            "npmi_coherence": dg.MetadataValue.float(round(float(metrics.get("npmi", 0.0)), 4)),
            "topics": dg.MetadataValue.md(preview.to_markdown(index=False) if len(preview) else "_no topics_"),
        },
    )
