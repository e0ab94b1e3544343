"""enrich_posts: output contract, odd texts, batching and the combined version."""

from __future__ import annotations

import pandas as pd
import pytest

from nlp import enrich as enrich_mod
from nlp.enrich import OUTPUT_COLUMNS, enrich_posts, enrich_version, enrich_version_components, post_text

pytest.importorskip("nlp.sentiment")


def _frame(rows: list[tuple[object, object]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "platform": ["reddit"] * len(rows),
            "post_id": [f"t3_{i}" for i in range(len(rows))],
            "content_hash": [f"h{i}" for i in range(len(rows))],
            "title": [t for t, _ in rows],
            "body": [b for _, b in rows],
        }
    )


def test_contract_and_odd_texts() -> None:
    rows = [
        ("Udh apus FB", "privacy matters bro, lega banget"),
        (None, "ayo hapus fb rame2!"),
        (None, None),
        ("", "😂😂🔥"),
        (None, "https://t.co/abc"),
        (None, "مرحبا بكم 你好世界"),
        (None, "gak jadi hapus fb. " * 6000),  # ~110 kB
        ("Deleted my Facebook today", None),
    ]
    out = enrich_posts(_frame(rows), batch_size=3)
    assert list(out.columns) == list(OUTPUT_COLUMNS)
    assert len(out) == len(rows)
    assert out["post_id"].tolist() == [f"t3_{i}" for i in range(len(rows))]
    assert out["content_hash"].tolist() == [f"h{i}" for i in range(len(rows))]
    assert out["lang"].tolist() == ["id", "id", "other", "other", "other", "other", "id", "en"]
    assert out["stance"].tolist() == ["deleted", "urges", "none", "none", "none", "none", "staying", "deleted"]
    assert out.loc[0, "text_norm"] == "sudah hapus facebook\nprivacy matters bro, lega banget"
    assert set(out["sentiment"]) <= {"positive", "neutral", "negative"}
    assert out["sentiment_score"].between(-1, 1).all() and out["stance_score"].between(0, 1).all()
    # Content-free posts are neutral, not guessed.
    assert out.loc[2, "sentiment"] == "neutral" and out.loc[4, "sentiment"] == "neutral"
    assert out["enrich_version"].nunique() == 1 and out.loc[0, "enrich_version"] == enrich_version()


def test_empty_frame_keeps_columns() -> None:
    out = enrich_posts(_frame([]))
    assert list(out.columns) == list(OUTPUT_COLUMNS) and out.empty
    assert out["stance_score"].dtype == "float64"


def test_missing_columns_are_reported() -> None:
    with pytest.raises(ValueError, match="missing columns"):
        enrich_posts(pd.DataFrame({"platform": ["x"], "body": ["y"]}))


def test_batching_does_not_change_results() -> None:
    frame = _frame([(None, f"besok mau hapus fb #{i}") for i in range(7)] + [(None, "ayo boikot meta")])
    pd.testing.assert_frame_equal(enrich_posts(frame, batch_size=2), enrich_posts(frame, batch_size=100))


def test_version_changes_with_any_component(monkeypatch: pytest.MonkeyPatch) -> None:
    base = enrich_version()
    parts = enrich_version_components()
    assert set(parts) == {"language", "lexicon", "stance", "sentiment", "destinations"}

    class OtherAnalyzer:
        version = "some-other-sentiment-model"

        def predict(self, texts, langs=None):
            raise AssertionError("not called for the version")

    assert enrich_version(OtherAnalyzer()) != base
    monkeypatch.setattr(enrich_mod, "lexicon_version", lambda: "000000000000")
    assert enrich_version() != base
    monkeypatch.undo()
    monkeypatch.setattr(enrich_mod, "STANCE_VERSION", "stance-v999")
    assert enrich_version() != base
    monkeypatch.undo()
    monkeypatch.setattr(enrich_mod, "DESTINATIONS_VERSION", "dest-other")
    assert enrich_version() != base


def test_module_constant_matches_function() -> None:
    assert enrich_version() == enrich_mod.ENRICH_VERSION


def test_post_text_joins_title_and_body() -> None:
    # The same join as int_posts_unioned.sql (tests/test_text.py checks it against DuckDB).
    assert post_text("Judul", "isi") == "Judul\n\nisi"
    assert post_text(None, float("nan")) == ""


def test_version_differs_from_before_this_release() -> None:
    """Labels changed (stance v6: who decides first; SmSA sentiment): every stored post must be re-enriched."""
    parts = enrich_version_components()
    assert parts["stance"].startswith("stance-v6+") and parts["sentiment"].startswith("offline-v4:")


def _real_posts() -> pd.DataFrame:
    """Real tweets, posts written for the project and odd texts: every language path, lingua included."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    tweets = pd.read_csv(root / "tests/fixtures/imports/deletefacebook_2018/tweets.csv", dtype=str)["text"]
    written = pd.read_csv(root / "nlp/eval_data/stance_train_written.csv", dtype=str)["text"]
    odd = [None, "", "😂😂🔥", "https://t.co/abc", "مرحبا بكم 你好世界", "gak jadi hapus fb. " * 3000]
    bodies = [*tweets.tolist(), *written.tolist(), *odd]
    return _frame([("Judul" if i % 7 == 0 else None, b) for i, b in enumerate(bodies)])


def test_worker_processes_give_the_single_process_labels() -> None:
    frame = _real_posts()
    assert len(frame) > 2000
    single = enrich_posts(frame, batch_size=500, workers=1)
    forked = enrich_posts(frame, batch_size=500, workers=2)
    pd.testing.assert_frame_equal(forked, single)
    # The parent's lingua thread pool still works after the fork.
    assert enrich_posts(frame.iloc[:50], workers=1).equals(single.iloc[:50])


def test_default_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(enrich_mod, "available_cores", lambda: 4)
    monkeypatch.delenv(enrich_mod.WORKERS_ENV_VAR, raising=False)
    assert enrich_mod.default_workers(enrich_mod.PARALLEL_MIN_POSTS - 1) == 1
    assert enrich_mod.default_workers(enrich_mod.PARALLEL_MIN_POSTS) == 4
    monkeypatch.setenv(enrich_mod.WORKERS_ENV_VAR, "2")
    assert enrich_mod.default_workers(1_000_000) == 2
    assert enrich_mod.default_workers(1_000_000, analyzer=object()) == 1
