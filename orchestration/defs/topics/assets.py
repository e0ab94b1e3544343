"""Topics as an asset: embed new text once, refit when the corpus has grown, otherwise assign.

A refit maps new topics onto the previous fit's ids (nlp.topics), so a topic keeps its id and label
in the marts and trends do not jump. Between refits, new posts go to the nearest current topic.
"""

import time

import dagster as dg
import duckdb
import pandas as pd

from ingestion import store
from orchestration.resources import WarehouseResource

TOPIC_SEED = 42

# topics.post_topics and topics.topic_info are declared in ingestion.warehouse.schema (created on connect).
# The refit policy (growth threshold, model change) lives in nlp.topics.refit.


def _posts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Posts to model, with their current assignment when the text has not changed since it was made."""
    # Deleted posts have no text and take no part in topics.
    return con.execute(
        "select p.platform, p.post_id, p.content_hash, p.text, t.topic_id as known_topic_id, "
        "t.topic_prob as known_topic_prob, t.model_version as known_model_version "
        "from intermediate.int_posts_unioned p left join topics.post_topics t "
        "on t.platform = p.platform and t.post_id = p.post_id and t.content_hash = p.content_hash "
        "where not p.is_deleted and p.text is not null order by p.created_at, p.platform, p.post_id"
    ).df()


def _write(
    con, posts: pd.DataFrame, assignments: pd.DataFrame, flags: pd.DataFrame, topics: pd.DataFrame, version: str | None
) -> None:
    frame = pd.DataFrame(
        {
            "platform": posts["platform"].to_numpy(),
            "post_id": posts["post_id"].to_numpy(),
            "content_hash": posts["content_hash"].to_numpy(),
            "topic_id": assignments["topic_id"].to_numpy(dtype="int64"),
            "topic_prob": assignments["topic_prob"].to_numpy(dtype="float64"),
            "model_version": version,
            "is_automated": flags["is_automated"].to_numpy(dtype=bool),
            "automated_reason": flags["automated_reason"].to_numpy(dtype=object),
        }
    )
    live_texts = set(posts["text"])
    info = topics.copy()
    if len(info):
        sizes = frame["topic_id"].value_counts()
        info["size"] = info["topic_id"].map(sizes).fillna(0).astype("int64")
        # a representative post deleted upstream since the fit must not keep its text here
        info["representative_posts"] = info["representative_posts"].map(
            lambda docs: [d for d in docs if d in live_texts]
        )
        info["model_version"] = version
        info = info[
            ["topic_id", "label", "top_terms", "size", "representative_posts", "npmi", "first_fitted_version",
             "model_version"]
        ]
    store.replace_topics(con, frame, info)


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
    from nlp.topics.embeddings import resolve_model
    from nlp.topics.refit import needs_assignment

    settings = warehouse.settings
    model_root = settings.models_dir / "topics"
    cache_path = settings.cache_dir / "embeddings.duckdb"
    started = time.perf_counter()
    with warehouse.connect() as con:
        posts = _posts(con)
    texts = posts["text"].tolist()
    flags = flag_automated(texts)

    def progress(done: int, total: int) -> None:
        context.log.info("embedded %d / %d new texts", done, total)

    model_id, _ = resolve_model(None)
    previous = load_state(model_root)
    decision = decide_refit(previous, len(texts), model_id)
    metrics: dict
    if decision.refit:
        embedded = embed_texts_with_stats(texts, cache_path, progress=progress)
        fit = fit_topics(
            texts, embedded.embeddings, seed=TOPIC_SEED, previous=decision.inherit_from, model_dir=model_root,
            embedding_model=model_id, exclude=flags["is_automated"].to_numpy(),
        )  # fmt: skip
        assignments, topics, version, status, metrics = (
            fit.assignments, fit.topics, fit.version, fit.status, dict(fit.metrics)
        )
        if fit.state is None:  # too few posts: nothing to keep
            version = None
    else:
        # Only posts this model has not placed yet are embedded (cache first) and assigned.
        todo = needs_assignment(posts["known_model_version"], previous)
        embedded = embed_texts_with_stats(posts["text"][todo].tolist(), cache_path, progress=progress)
        assignments, newly_assigned = assign_between_refits(posts, embedded.embeddings, previous)
        context.log.info("assigned %d new or changed posts to the current topics", newly_assigned)
        topics, version, status = previous.topics, previous.version, "assigned"
        metrics = dict(previous.metrics)
        metrics["outlier_share_after"] = float((assignments["topic_id"] < 0).mean()) if len(assignments) else 0.0
    forgotten = forget_posts(model_root, set(texts))
    if forgotten:
        context.log.info("removed %d example posts deleted upstream from saved topic models", forgotten)
    with warehouse.connect() as con:
        _write(con, posts, assignments, flags, topics, version)
        n_topics = int(store.scalar(con, "select count(*) from topics.topic_info"))
        preview = con.execute(
            "select topic_id, label, size, array_to_string(top_terms[1:6], ', ') as terms "
            "from topics.topic_info order by size desc limit 15"
        ).df()
    seconds = time.perf_counter() - started
    context.log.info("topics %s: %d topics over %d posts in %.1fs", status, n_topics, len(texts), seconds)
    yield dg.MaterializeResult(
        asset_key=["topics", "post_topics"],
        metadata={
            "dagster/row_count": dg.MetadataValue.int(len(posts)),
            "status": status,
            "refit": decision.refit,
            "refit_reason": decision.reason,
            "automated_posts": dg.MetadataValue.int(int(flags["is_automated"].sum())),
            "automated_by_reason": dg.MetadataValue.json(
                {str(k): int(v) for k, v in flags["automated_reason"].value_counts().items()}
            ),
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
