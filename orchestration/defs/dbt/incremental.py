"""When a dbt step must rebuild its incremental models in full.

``int_posts_unioned`` and ``fct_posts`` are incremental (``macros/changed_rows.sql``): a run writes only
rows that changed. That is only sound while the stored rows were made by the same SQL. So every
incremental model gets a fingerprint — its own checksum, the checksums of every model and seed it reads
(transitively), the macros they call and the project file — and each step records the fingerprints it
built with in ``$HAPUSWATCH_DATA_DIR/dbt/incremental_state.json``. A step whose models' fingerprints
differ from the recorded ones (or that has none recorded: a new data dir, or one built before the models
were incremental) runs ``dbt build --full-refresh``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

STATE_FILE = Path("dbt") / "incremental_state.json"


def _node(manifest: Mapping[str, Any], unique_id: str) -> Mapping[str, Any] | None:
    for section in ("nodes", "sources", "macros"):
        if unique_id in manifest.get(section, {}):
            return manifest[section][unique_id]
    return None


def fingerprint(manifest: Mapping[str, Any], unique_id: str) -> str:
    """SHA-256 over a node's checksum and those of everything it depends on, transitively (macros too)."""
    digest = hashlib.sha256()
    seen: set[str] = set()
    todo = [unique_id]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        node = _node(manifest, current)
        if node is None:
            continue
        checksum = node.get("checksum", {}).get("checksum") or hashlib.sha256(
            json.dumps(node.get("macro_sql") or node.get("columns") or {}, sort_keys=True).encode()
        ).hexdigest()
        digest.update(f"{current}={checksum};".encode())
        depends = node.get("depends_on", {})
        todo.extend(depends.get("nodes", []))
        todo.extend(depends.get("macros", []))
    return digest.hexdigest()


def incremental_models(manifest: Mapping[str, Any], names: Iterable[str]) -> list[str]:
    """Unique ids of the incremental models among the model ``names``."""
    wanted = set(names)
    return sorted(
        uid
        for uid, node in manifest.get("nodes", {}).items()
        if node.get("resource_type") == "model"
        and node.get("name") in wanted
        and node.get("config", {}).get("materialized") == "incremental"
    )


def project_digest(project_dir: Path) -> str:
    return hashlib.sha256((Path(project_dir) / "dbt_project.yml").read_bytes()).hexdigest()


def fingerprints(manifest: Mapping[str, Any], names: Iterable[str], project_dir: Path) -> dict[str, str]:
    project = project_digest(project_dir)
    return {uid: f"{project[:16]}:{fingerprint(manifest, uid)}" for uid in incremental_models(manifest, names)}


def _read_state(data_dir: Path) -> dict[str, str]:
    path = Path(data_dir) / STATE_FILE
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def needs_full_refresh(data_dir: Path, current: Mapping[str, str]) -> bool:
    """Whether any incremental model of a step was built by other SQL than ``current`` (or never recorded)."""
    recorded = _read_state(data_dir)
    return any(recorded.get(uid) != digest for uid, digest in current.items())


def record_built(data_dir: Path, current: Mapping[str, str]) -> None:
    """Record the fingerprints a step has just built with (after it succeeded); replaced atomically."""
    if not current:
        return
    state = {**_read_state(data_dir), **current}
    path = Path(data_dir) / STATE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
