"""Running the real `hapuswatch` console script in a clean environment, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_hapuswatch(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """`hapuswatch ARGS` with only ``env`` for hapuswatch/Reddit/Dagster settings (nothing from the caller's)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("HAPUSWATCH_", "REDDIT_", "DAGSTER_HOME"))}
    # The distilled embedding model is shared across data dirs (tests/conftest.py), not rebuilt per run.
    shared = {k: os.environ[k] for k in ("HAPUSWATCH_EMBEDDING_DIR", "HAPUSWATCH_FITTED_DIR") if k in os.environ}
    environ.update({"HF_HUB_OFFLINE": "1", **shared, **env})
    cli = Path(sys.executable).parent / "hapuswatch"
    return subprocess.run([str(cli), *args], env=environ, capture_output=True, text=True, timeout=900)
