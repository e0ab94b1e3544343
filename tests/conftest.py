"""Shared fixtures: hermetic data dirs and a parsed dbt project."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# CI replays the same examples every run (a red CI must be reproducible); locally each run explores anew.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

REPO_ROOT = Path(__file__).resolve().parents[1]
#: The distilled static embedding model is the same everywhere: build it once per checkout, not per data dir.
#: Set for the whole session (not only inside each test) so module-scoped fixtures that run the
#: `hapuswatch` console script (tests/cli.py passes it on) share it too.
EMBEDDING_DIR = str(REPO_ROOT / ".pytest_cache" / "hapuswatch-embeddings")
os.environ["HAPUSWATCH_EMBEDDING_DIR"] = EMBEDDING_DIR
#: Likewise the offline stance/sentiment fits (nlp.fitted_cache): keyed on their inputs, safe to share.
FITTED_DIR = str(REPO_ROOT / ".pytest_cache" / "hapuswatch-fitted")
os.environ["HAPUSWATCH_FITTED_DIR"] = FITTED_DIR


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """No test reads the developer's data dir, keys or Reddit credentials by accident."""
    for name in list(os.environ):
        if name.startswith(("HAPUSWATCH_", "REDDIT_")):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HAPUSWATCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HAPUSWATCH_EMBEDDING_DIR", EMBEDDING_DIR)
    monkeypatch.setenv("HAPUSWATCH_FITTED_DIR", FITTED_DIR)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    yield


@pytest.fixture(scope="session")
def dbt_manifest() -> Path:
    """Parse the dbt project once per machine (a lock keeps parallel workers from racing on target/)."""
    from orchestration.defs.dbt.project import prepare_dbt_project

    lock_path = REPO_ROOT / "dbt_project" / ".parse.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return prepare_dbt_project()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
