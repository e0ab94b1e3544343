"""orchestration.prewarm: the models the Python steps use load in the background while dbt runs."""

from __future__ import annotations

import threading

import pytest

from orchestration import prewarm


@pytest.fixture
def fresh_prewarm(monkeypatch):
    monkeypatch.setattr(prewarm, "_STATE", {"enabled": False, "thread": None})
    return prewarm


def test_nothing_loads_unless_the_runner_enabled_it(fresh_prewarm, monkeypatch):
    calls = []
    monkeypatch.setattr(fresh_prewarm, "load_step_models", lambda: calls.append(1))
    assert fresh_prewarm.start() is False  # a step process under `dagster dev`
    fresh_prewarm.wait()  # nothing to wait for
    assert calls == []


def test_models_load_once_in_a_background_thread_and_wait_joins_it(fresh_prewarm, monkeypatch):
    release = threading.Event()
    loaded = []

    def load():
        release.wait(10)
        loaded.append(threading.current_thread().name)

    monkeypatch.setattr(fresh_prewarm, "load_step_models", load)
    fresh_prewarm.enable()
    assert fresh_prewarm.start() is True
    assert fresh_prewarm.start() is False  # the second dbt step: already started
    assert loaded == []
    release.set()
    fresh_prewarm.wait()
    assert loaded == ["hapuswatch-prewarm"]


def test_a_failing_load_is_left_to_the_steps(fresh_prewarm, monkeypatch):
    import nlp.enrich

    def broken(*args, **kwargs):
        raise RuntimeError("model file missing")

    monkeypatch.setattr(nlp.enrich, "warm_up_models", broken)
    fresh_prewarm.load_step_models()  # logged at debug, not raised: the step loads again and reports it


def test_the_step_models_are_the_ones_enrichment_and_topics_then_find_loaded(fresh_prewarm, monkeypatch):
    from nlp import language
    from nlp.topics import embeddings

    language._detector.cache_clear()
    embeddings.load_embedding_model.cache_clear()
    fresh_prewarm.load_step_models()
    assert language._detector.cache_info().currsize == 2  # both lingua detectors
    model_id, path = embeddings.resolve_model(None)
    from pathlib import Path

    if embeddings.is_static(model_id) and Path(path).exists():
        # the topic step's call is answered from memory
        info = embeddings.load_embedding_model.cache_info()
        embeddings.load_embedding_model(model_id, embeddings.DEFAULT_MAX_SEQ_LENGTH)
        assert embeddings.load_embedding_model.cache_info().hits == info.hits + 1
    else:  # a model not built yet is left to the topic step (building it takes minutes)
        assert embeddings.load_embedding_model.cache_info().currsize == 0
