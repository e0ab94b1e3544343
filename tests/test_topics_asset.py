"""Refit policy and assignment between refits (nlp.topics.refit): keep what the current model placed."""

from __future__ import annotations

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
