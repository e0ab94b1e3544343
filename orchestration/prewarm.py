"""Load the models the Python steps start with while the Dagster process waits on dbt.

`hapuswatch run` executes every step in one process (Dagster's in-process executor). While a dbt step
runs, dbt works in its own process and this one only relays dbt's log, so a core sits idle. The first
dbt step therefore starts a thread that loads what enrichment and topics otherwise load first: the
enrichment modules (scikit-learn), the sentiment and stance models, lingua's language detectors and an
already built static embedding model (≈ 2.5 s at 1M posts +1 %, docs/scaling.md).

The steps call :func:`wait` before they use those models, so nothing is loaded twice and enrichment never
forks its workers while the thread runs. Loading goes through the same memoised functions the steps call;
if it fails, the step loads again and reports the error itself. Only `hapuswatch run` enables it: under
`dagster dev` each step runs in its own process, where the loaded models would be thrown away.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

logger = logging.getLogger(__name__)

_LOCK = threading.Lock()
_STATE: dict[str, object] = {"enabled": False, "thread": None}


def enable(enabled: bool = True) -> None:
    """Allow :func:`start` in this process (the runner does; a step process under `dagster dev` does not)."""
    with _LOCK:
        _STATE["enabled"] = enabled


def start() -> bool:
    """Start loading in a background thread, once per process; whether a thread was started now."""
    with _LOCK:
        if not _STATE["enabled"] or _STATE["thread"] is not None:
            return False
        thread = threading.Thread(target=load_step_models, name="hapuswatch-prewarm", daemon=True)
        _STATE["thread"] = thread
    thread.start()
    return True


def wait() -> None:
    """Block until the loading thread (if one was started) has finished."""
    thread = _STATE["thread"]
    if isinstance(thread, threading.Thread) and thread is not threading.current_thread():
        thread.join()


def load_step_models() -> None:
    """Load the enrichment models and an already built static embedding model (never builds or downloads)."""
    try:
        from nlp.enrich import warm_up_models

        warm_up_models()
        from nlp.topics.embeddings import DEFAULT_MAX_SEQ_LENGTH, is_static, load_embedding_model, resolve_model

        model_id, load_path = resolve_model(None)
        # a static model not built yet is built by the topic step (minutes, once); other models need torch
        if is_static(model_id) and Path(load_path).exists():
            load_embedding_model(model_id, DEFAULT_MAX_SEQ_LENGTH)
    except Exception:  # noqa: BLE001 - the steps load again and report their own errors
        logger.debug("prewarm failed; the steps load their models themselves", exc_info=True)

