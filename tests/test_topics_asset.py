"""Topic assignment between refits keeps what the current model already placed."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nlp.topics import fit_topics
from orchestration.defs.topics.assets import assign_between_refits
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
    from nlp.topics import load_state
    from nlp.topics.model import forget_posts

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
