"""nlp.fitted_cache: fitted offline models are kept on disk and refitted exactly when their inputs change."""

from __future__ import annotations

import pickle

from nlp import fitted_cache
from nlp.fitted_cache import cached_fit, fitted_dir, inputs_digest


def _counting_fit(calls: list[int], value: object):
    def fit():
        calls.append(1)
        return value

    return fit


def test_second_call_loads_what_the_first_fitted(tmp_path):
    calls: list[int] = []
    first = cached_fit("toy", "C1", _counting_fit(calls, {"weights": [1, 2, 3]}), folder=tmp_path)
    second = cached_fit("toy", "C1", _counting_fit(calls, {"weights": "other"}), folder=tmp_path)
    assert first == second == {"weights": [1, 2, 3]} and len(calls) == 1
    assert len(list(tmp_path.glob("toy-*.pkl"))) == 1 and not list(tmp_path.glob(".*tmp"))


def test_other_params_or_other_inputs_refit_and_replace_the_old_file(tmp_path, monkeypatch):
    calls: list[int] = []
    cached_fit("toy", "C1", _counting_fit(calls, 1), folder=tmp_path)
    assert cached_fit("toy", "C2", _counting_fit(calls, 2), folder=tmp_path) == 2
    monkeypatch.setattr(fitted_cache, "inputs_digest", lambda: "edited-rules")
    assert cached_fit("toy", "C2", _counting_fit(calls, 3), folder=tmp_path) == 3
    assert len(calls) == 3 and len(list(tmp_path.glob("toy-*.pkl"))) == 1  # stale fits removed
    assert cached_fit("other", "C2", _counting_fit(calls, 4), folder=tmp_path) == 4
    assert len(list(tmp_path.glob("*.pkl"))) == 2  # each model keeps its own newest fit


def test_a_corrupt_file_is_refitted_and_replaced(tmp_path):
    calls: list[int] = []
    cached_fit("toy", "C1", _counting_fit(calls, "good"), folder=tmp_path)
    (path,) = tmp_path.glob("toy-*.pkl")
    path.write_bytes(b"\x80\x05truncated")
    assert cached_fit("toy", "C1", _counting_fit(calls, "refitted"), folder=tmp_path) == "refitted"
    assert pickle.loads(path.read_bytes()) == "refitted" and len(calls) == 2


def test_an_unwritable_folder_still_returns_the_fit(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert cached_fit("toy", "C1", lambda: 42, folder=blocker / "fitted") == 42


def test_folder_follows_the_data_dir_unless_set(tmp_path, monkeypatch):
    monkeypatch.setenv("HAPUSWATCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("HAPUSWATCH_FITTED_DIR", raising=False)
    assert fitted_dir() == (tmp_path / "data" / "models" / "fitted").resolve()
    monkeypatch.setenv("HAPUSWATCH_FITTED_DIR", str(tmp_path / "shared"))
    assert fitted_dir() == (tmp_path / "shared").resolve()


def test_inputs_digest_covers_training_files_and_code_but_not_topics():
    files = {p.relative_to(fitted_cache.NLP_DIR).parts[0] for p in fitted_cache.NLP_DIR.rglob("*") if p.is_file()}
    assert {"eval_data", "stance", "sentiment"} <= files
    assert len(inputs_digest()) == 64


def test_the_offline_models_load_from_the_cache_with_the_same_labels(tmp_path, monkeypatch):
    """The sentiment analyser built from a cached fit labels like the one fitted in this process."""
    from nlp.sentiment.model import OfflineSentimentAnalyzer

    monkeypatch.setenv("HAPUSWATCH_FITTED_DIR", str(tmp_path / "fitted"))
    texts = ["aku senang sekali pakai aplikasi ini", "this is terrible, deleting facebook now", "biasa saja"]
    fitted = OfflineSentimentAnalyzer()
    assert list((tmp_path / "fitted").glob("sentiment-offline-*.pkl"))
    loaded = OfflineSentimentAnalyzer()
    assert loaded.predict(texts) == fitted.predict(texts) and loaded.version == fitted.version
