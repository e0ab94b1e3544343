"""Fitted offline models kept on disk, so a run does not retrain them from the files in the repo.

The offline stance and sentiment models are fitted deterministically from training files shipped in
``nlp/`` (SmSA train, the labelled tweets' tune half, the written posts). Fitting costs ~5-8 s per
process: on a re-run after a few new posts that was the largest fixed cost of enrichment. Each fitted
model is pickled once under ``<HAPUSWATCH_DATA_DIR>/models/fitted/`` (or ``HAPUSWATCH_FITTED_DIR``)
with a key that changes whenever anything the fit depends on changes:

- every file under ``nlp/`` except the topic model (code, lexicons, training files);
- the installed versions of the libraries the pipelines are made of (scikit-learn, numpy, scipy, ...)
  and of Python itself.

So an edited rule, a relabelled training row or an upgraded scikit-learn refits; nothing else does.
Pickles are written to a temporary file and renamed (a crash never leaves half a model); one that fails
to load is refitted and replaced. The cache holds only what this process family wrote into the user's
own data directory; it is never fetched from elsewhere.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TypeVar

FITTED_DIR_ENV = "HAPUSWATCH_FITTED_DIR"
NLP_DIR = Path(__file__).resolve().parent
# What a fitted model is made of besides the files under nlp/.
PACKAGES = ("scikit-learn", "numpy", "scipy", "vaderSentiment", "indo-normalizer", "lingua-language-detector")
# The topic model is fitted per corpus by its own asset and never read by enrichment.
EXCLUDED = ("topics",)

T = TypeVar("T")
log = logging.getLogger(__name__)


def fitted_dir() -> Path:
    """Where fitted models are kept: ``HAPUSWATCH_FITTED_DIR`` or ``<HAPUSWATCH_DATA_DIR>/models/fitted``."""
    explicit = os.environ.get(FITTED_DIR_ENV, "").strip()
    if explicit:
        return Path(explicit).expanduser().resolve()
    return Path(os.environ.get("HAPUSWATCH_DATA_DIR", "data")).expanduser().resolve() / "models" / "fitted"


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "absent"


@cache
def inputs_digest() -> str:
    """SHA-256 over every file under ``nlp/`` (but the topic model), the pipeline libraries and Python."""
    digest = hashlib.sha256()
    for path in sorted(NLP_DIR.rglob("*")):
        relative = path.relative_to(NLP_DIR)
        if not path.is_file() or relative.parts[0] in EXCLUDED or "__pycache__" in relative.parts:
            continue
        digest.update(str(relative).encode())
        digest.update(path.read_bytes())
    for name in PACKAGES:
        digest.update(f"{name}={_package_version(name)}".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def cached_fit(name: str, params: str, fit: Callable[[], T], folder: Path | None = None) -> T:
    """Return ``fit()``'s result, from ``<folder>/<name>-<key>.pkl`` when one was saved for the same inputs.

    ``params`` names whatever the caller passes to the fit that is not in a file under ``nlp/`` (e.g. the
    regularisation strength); it is part of the key.
    """
    folder = folder if folder is not None else fitted_dir()
    key = hashlib.sha256(f"{name}|{params}|{inputs_digest()}".encode()).hexdigest()[:20]
    path = folder / f"{name}-{key}.pkl"
    if path.is_file():
        try:
            with path.open("rb") as handle:
                return pickle.load(handle)
        except Exception as exc:  # a truncated or incompatible file: refit and replace it
            log.warning("refitting %s: cached model %s did not load (%s)", name, path, exc)
    model = fit()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{name}-", suffix=".tmp", delete=False) as handle:
            pickle.dump(model, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
        for stale in folder.glob(f"{name}-*.pkl"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError as exc:  # a read-only data dir still runs, only without the cache
        log.warning("could not keep fitted %s in %s: %s", name, folder, exc)
    return model
