"""Refit policy and assignment between refits (nlp.topics.refit): keep what the current model placed."""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from nlp.topics import fit_topics
from nlp.topics.refit import assign_between_refits, decide_refit
from testing.topic_corpus import generate_corpus, hashed_embeddings


def test_known_assignments_are_kept_and_only_new_posts_are_placed():
    texts, labels = generate_corpus(600, seed=3)
    emb = hashed_embeddings(labels, seed=3)
    fit = fit_topics(texts, emb, seed=1)
    state = fit.state
    assert state is not None and len(state.topics) >= 2
    n = len(texts)
    known = np.arange(n) < n // 2
    # a known post keeps even a deliberately different stored topic: the model placed it, we do not re-decide
    stored = np.where(known, state.topic_ids[0], -1)
    posts = pd.DataFrame(
        {
            "text": texts,
            "known_topic_id": pd.Series(np.where(known, stored, 0), dtype="Int64").where(known, pd.NA),
            "known_topic_prob": np.where(known, 0.5, np.nan),
            "known_model_version": np.where(known, state.version, None),
        }
    )
    posts.loc[5, "known_model_version"] = "an-older-model"  # placed by another model: re-assigned
    out, newly = assign_between_refits(posts, emb, state)
    assert newly == n - n // 2 + 1
    assert (out["topic_id"][known].drop(index=5) == state.topic_ids[0]).all()
    fresh = out["topic_id"][~known]
    assert fresh.isin([*state.topic_ids, -1]).all() and fresh.nunique() >= 2
    again, newly_again = assign_between_refits(posts, emb, state)
    pd.testing.assert_frame_equal(out, again)


def test_saved_fits_forget_posts_deleted_upstream(tmp_path):
    from nlp.topics import forget_posts, load_state

    texts, labels = generate_corpus(400, seed=5)
    fit = fit_topics(texts, hashed_embeddings(labels, seed=5), seed=1, model_dir=tmp_path)
    examples = [d for docs in fit.topics["representative_posts"] for d in docs]
    gone = examples[0]
    live = set(texts) - {gone}
    assert forget_posts(tmp_path, live) >= 1
    saved = load_state(tmp_path)
    kept = [d for docs in saved.topics["representative_posts"] for d in docs]
    assert gone not in kept and len(kept) >= len(examples) - texts.count(gone)
    assert forget_posts(tmp_path, live) == 0


def test_refit_policy(monkeypatch):
    texts, labels = generate_corpus(400, seed=5)
    state = fit_topics(texts, hashed_embeddings(labels, seed=5), seed=1, embedding_model="model-a").state
    n = state.metrics["n_posts"]
    assert decide_refit(None, 10, "model-a").reason == "first_fit"
    up_to_date = decide_refit(state, n + 1, "model-a", growth=0.2)
    assert not up_to_date.refit and up_to_date.inherit_from is state
    grew = decide_refit(state, int(n * 1.2) + 1, "model-a", growth=0.2)
    assert grew.refit and grew.reason == "grew" and grew.inherit_from is state
    # other vectors: refit, and no ids inherited (centroids live in another space)
    changed = decide_refit(state, n, "model-b")
    assert changed.refit and changed.reason == "embedding_model_changed" and changed.inherit_from is None
    monkeypatch.setenv("HAPUSWATCH_TOPICS_REFIT_GROWTH", "0.001")
    assert decide_refit(state, n + 1, "model-a").refit


# -- the asset between refits: only new, changed and removed posts are touched ------------------------


def _upstream(data_dir, frame: pd.DataFrame) -> None:
    """Stand in for dbt: intermediate.int_posts_unioned with the columns the topics asset reads."""
    from ingestion import store

    with store.connect(data_dir / "warehouse.duckdb") as con:
        con.execute("create schema if not exists intermediate")
        con.register("upstream", frame)
        con.execute("create or replace table intermediate.int_posts_unioned as select * from upstream")
        con.unregister("upstream")


def _corpus(n: int, seed: int, start: int = 0) -> pd.DataFrame:
    texts, _ = generate_corpus(n, seed=seed, spam_copies=max(1, n // 40))
    texts = texts[:n]
    rng = np.random.default_rng(seed)
    ids = [f"p{start + i:05d}" for i in range(n)]
    return pd.DataFrame(
        {
            "platform": rng.choice(["reddit", "x"], size=n),
            "post_id": ids,
            "content_hash": [f"h-{i}-{zlib.crc32(t.encode())}" for i, t in zip(ids, texts, strict=True)],
            "created_at": pd.Timestamp("2026-01-01") + pd.to_timedelta(rng.integers(0, 30 * 24, size=n), unit="h"),
            "is_deleted": False,
            "text": texts,
        }
    )


def _materialize(data_dir) -> dict:
    import dagster as dg

    from orchestration.defs.topics.assets import post_topics
    from orchestration.resources import WarehouseResource

    result = dg.materialize([post_topics], resources={"warehouse": WarehouseResource(data_dir=str(data_dir))})
    meta = result.asset_materializations_for_node("post_topics")[0].metadata
    return {k: getattr(v, "value", v) for k, v in meta.items()}


def _table(data_dir, sql: str) -> pd.DataFrame:
    from ingestion import store

    with store.connect(data_dir / "warehouse.duckdb") as con:
        return con.execute(sql).df()


def _reasons(frame: pd.DataFrame) -> list[str | None]:
    return [r if isinstance(r, str) else None for r in frame["automated_reason"]]


def test_between_refits_only_new_changed_and_removed_posts_are_touched(tmp_path):
    from nlp.topics import assign_topics, embed_texts, flag_automated, load_state
    from nlp.topics.state import example_posts

    data_dir = tmp_path / "data"
    first = _corpus(800, seed=4)
    _upstream(data_dir, first)
    meta = _materialize(data_dir)
    assert meta["refit"] and meta["posts_read"] == 800
    state = load_state(data_dir / "models" / "topics")
    before = _table(data_dir, "select * from topics.post_topics").set_index(["platform", "post_id"])

    # +5% posts (copies of old ones among them, some dated before the copy they repeat), one post deleted
    # upstream (an example post of a topic), one post's text changed
    added = _corpus(40, seed=9, start=800)
    added.loc[:9, "text"] = first["text"].iloc[:10].to_numpy()
    added.loc[:4, "created_at"] = first["created_at"].iloc[:5].to_numpy() - pd.Timedelta(hours=1)
    gone_text = sorted(example_posts(data_dir / "models" / "topics"))[0]
    second = pd.concat([first, added], ignore_index=True)
    second.loc[second["text"] == gone_text, ["is_deleted", "text"]] = [True, None]
    edit = "Meta baca semua chat kita untuk iklan, hapus akun sekarang juga"
    second.loc[20, ["text", "content_hash"]] = [edit, "h-new"]
    _upstream(data_dir, second)
    meta = _materialize(data_dir)
    live = second[second["text"].notna()].sort_values(["created_at", "platform", "post_id"])
    changed = live["post_id"].isin(added["post_id"]) | (live["post_id"] == second.loc[20, "post_id"])
    assert not meta["refit"] and meta["posts_read"] == int(changed.sum())

    after = _table(data_dir, "select * from topics.post_topics")
    # flags equal a full pass over the live corpus in time order
    full = pd.concat([live[["platform", "post_id"]].reset_index(drop=True), flag_automated(live["text"].tolist())],
                     axis=1).set_index(["platform", "post_id"]).sort_index()  # fmt: skip
    got = after.set_index(["platform", "post_id"]).sort_index()
    assert got.index.equals(full.index)  # the deleted post's row is gone
    assert _reasons(got) == _reasons(full)
    assert got["dedup_key"].tolist() == full["dedup_key"].tolist()
    assert (got["automated_reason"] == "copy_paste").sum() > (before["automated_reason"] == "copy_paste").sum()
    # assignments equal a from-scratch assignment with the same model: kept posts keep their topic,
    # new and changed posts go to the nearest topic
    fresh = live[changed.to_numpy()]
    cache = data_dir / "cache" / "embeddings.duckdb"
    expected = assign_topics(fresh["text"].tolist(), embed_texts(fresh["text"].tolist(), cache), state)
    fresh_rows = got.loc[list(zip(fresh["platform"], fresh["post_id"], strict=True))]
    assert fresh_rows["topic_id"].tolist() == expected["topic_id"].tolist()
    kept = got.drop(index=fresh_rows.index)
    assert kept["topic_id"].equals(before.loc[kept.index, "topic_id"])
    assert (got["model_version"] == state.version).all()
    info = _table(data_dir, "select topic_id, size, representative_posts from topics.topic_info")
    sizes = got["topic_id"].value_counts()
    assert info.set_index("topic_id")["size"].to_dict() == {t: int(sizes.get(t, 0)) for t in info["topic_id"]}
    assert not any(gone_text in docs for docs in info["representative_posts"])
    assert gone_text not in example_posts(data_dir / "models" / "topics")

    # nothing new: nothing read, nothing changed
    meta = _materialize(data_dir)
    assert meta["posts_read"] == 0
    pd.testing.assert_frame_equal(_table(data_dir, "select * from topics.post_topics order by all"),
                                  after.sort_values(list(after.columns)).reset_index(drop=True))  # fmt: skip

    # a warehouse from before dedup_key: its rows are flagged again once, and equal the full pass
    with __import__("ingestion").store.connect(data_dir / "warehouse.duckdb") as con:
        con.execute("update topics.post_topics set dedup_key = null, is_automated = false, automated_reason = null")
    meta = _materialize(data_dir)
    assert meta["posts_read"] == len(live)
    again = _table(data_dir, "select * from topics.post_topics").set_index(["platform", "post_id"]).sort_index()
    assert _reasons(again) == _reasons(full)
    assert again["topic_id"].equals(got["topic_id"])
