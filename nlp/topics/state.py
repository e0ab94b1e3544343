"""A fitted topic model's state and its persistence: safetensors centroids, ``state.json``, the BERTopic folder.

Each fit is saved under ``<model_root>/<version>/``; ``<model_root>/LATEST`` names the current one.
Between refits only the small state is needed (ids, labels, centroids), never BERTopic itself.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from nlp.topics.params import TopicParams

STATE_FILE = "state.json"
CENTROIDS_FILE = "centroids.safetensors"
BERTOPIC_DIR = "bertopic"
LATEST_FILE = "LATEST"
STATE_FORMAT = 1


@dataclass
class TopicModelState:
    """What later runs need from a fit: stable ids, labels and centroids (no BERTopic needed)."""

    version: str
    path: Path | None
    embedding_model: str
    topics: pd.DataFrame  # topic_id, label, top_terms, size, representative_posts, first_fitted_version
    centroids: np.ndarray  # (n_topics, dim) unit vectors, rows aligned with `topics`
    next_topic_id: int
    params: TopicParams
    seed: int
    fitted_at: str
    metrics: dict = field(default_factory=dict)
    center: np.ndarray | None = None  # corpus mean subtracted before clustering (None: not centred)
    removed: np.ndarray | None = None  # leading directions projected out after centring (rows, orthonormal)
    raw_centroids: np.ndarray | None = None  # topic means of the raw unit vectors (outlier decisions)

    def place(self, embeddings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Row index of the nearest topic (centred space) and the raw cosine to it (outlier test, prob)."""
        from nlp.topics.cluster import nearest, unit

        raw = unit(np.asarray(embeddings, dtype=np.float32))
        best, sim = nearest(self.space(raw), self.centroids)
        if self.raw_centroids is None:
            return best, sim
        return best, np.einsum("ij,ij->i", raw, self.raw_centroids[best])

    def space(self, embeddings: np.ndarray) -> np.ndarray:
        """Unit embeddings moved into the space the centroids live in (centred when the fit was)."""
        from nlp.topics.cluster import to_space

        return to_space(embeddings, self.center, self.removed)

    @property
    def topic_ids(self) -> np.ndarray:
        """Stable ids of the active topics, aligned with ``centroids``."""
        return self.topics["topic_id"].to_numpy(dtype=np.int64)


def empty_topics() -> pd.DataFrame:
    """A topic table with no rows and the declared columns."""
    return pd.DataFrame(
        {
            "topic_id": pd.Series(dtype="int64"),
            "label": pd.Series(dtype="object"),
            "top_terms": pd.Series(dtype="object"),
            "size": pd.Series(dtype="int64"),
            "representative_posts": pd.Series(dtype="object"),
            "first_fitted_version": pd.Series(dtype="object"),
        }
    )


def _embedding_model_pointer(model_id: str) -> str:
    """Local directory of the embedding model when there is one, else its id.

    BERTopic.load instantiates whatever this names; a local path loads offline in a second where
    a hub id would first try the network.
    """
    from nlp.topics.embeddings import is_static, resolve_model

    if is_static(model_id):  # BERTopic would load a model2vec folder as sentence-transformers
        return model_id
    _, load_path = resolve_model(model_id)
    return load_path if Path(load_path).exists() else model_id


def save_state(
    state: TopicModelState, bt_model, local_to_bt: dict[int, int], id_map: dict[int, int], root: Path
) -> Path:
    """Write the fit under ``root/<version>/`` and point ``root/LATEST`` at it (atomic renames)."""
    import bertopic
    from safetensors.numpy import save_file

    path = root / state.version
    path.mkdir(parents=True, exist_ok=True)
    # scikit-learn >= 1.8 stores vocabulary indices as numpy ints, which BERTopic's JSON writer rejects.
    vectorizer = bt_model.vectorizer_model
    vectorizer.vocabulary_ = {term: int(i) for term, i in vectorizer.vocabulary_.items()}
    bt_model.save(
        str(path / BERTOPIC_DIR),
        serialization="safetensors",
        save_ctfidf=True,
        save_embedding_model=_embedding_model_pointer(state.embedding_model),
    )
    tensors = {"centroids": state.centroids, "topic_ids": state.topic_ids}
    if state.center is not None:
        tensors["center"] = np.asarray(state.center, dtype=np.float32)
    if state.removed is not None:
        tensors["removed"] = np.asarray(state.removed, dtype=np.float32)
    if state.raw_centroids is not None:
        tensors["raw_centroids"] = np.asarray(state.raw_centroids, dtype=np.float32)
    save_file(tensors, str(path / CENTROIDS_FILE))
    payload = {
        "format": STATE_FORMAT,
        "version": state.version,
        "fitted_at": state.fitted_at,
        "bertopic_version": bertopic.__version__,
        "embedding_model": state.embedding_model,
        "seed": state.seed,
        "params": asdict(state.params),
        "next_topic_id": state.next_topic_id,
        # BERTopic renumbers topics by size; this maps its ids to our stable ids.
        "bertopic_topic_to_topic_id": {str(local_to_bt[c]): tid for c, tid in id_map.items()},
        "metrics": state.metrics,
        "topics": json.loads(state.topics.to_json(orient="records")),
    }
    tmp = path / (STATE_FILE + ".tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=2))
    os.replace(tmp, path / STATE_FILE)
    latest_tmp = root / (LATEST_FILE + ".tmp")
    latest_tmp.write_text(state.version)
    os.replace(latest_tmp, root / LATEST_FILE)
    return path


def example_posts(model_root: str | os.PathLike) -> set[str]:
    """Every representative post kept in any saved fit (the texts :func:`forget_posts` checks)."""
    docs: set[str] = set()
    for state_path in Path(model_root).glob(f"*/{STATE_FILE}"):
        for topic in json.loads(state_path.read_text()).get("topics") or []:
            docs.update(topic.get("representative_posts") or [])
    return docs


def forget_posts(model_root: str | os.PathLike, live_texts: set[str]) -> int:
    """Drop representative posts that are no longer live (deleted upstream) from every saved fit.

    Saved fits keep a few example posts per topic in ``state.json``; content deleted upstream must not
    survive there. ``live_texts`` needs to hold only the live ones of :func:`example_posts`. Returns how
    many example posts were removed. The BERTopic folder holds no texts.
    """
    removed = 0
    for state_path in Path(model_root).glob(f"*/{STATE_FILE}"):
        payload = json.loads(state_path.read_text())
        changed = False
        for topic in payload.get("topics") or []:
            docs = topic.get("representative_posts") or []
            kept = [d for d in docs if d in live_texts]
            if len(kept) != len(docs):
                removed += len(docs) - len(kept)
                topic["representative_posts"] = kept
                changed = True
        if changed:
            tmp = state_path.with_name(STATE_FILE + ".tmp")
            tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=2))
            os.replace(tmp, state_path)
    return removed


def load_state(model_dir: str | os.PathLike) -> TopicModelState | None:
    """Load a saved fit: ``model_dir`` is a version folder or the root holding ``LATEST``.

    Returns None when the root has no fit yet (first run).
    """
    from safetensors.numpy import load_file

    root = Path(model_dir)
    if (root / STATE_FILE).exists():
        path = root
    elif (root / LATEST_FILE).exists():
        path = root / (root / LATEST_FILE).read_text().strip()
    else:
        return None
    payload = json.loads((path / STATE_FILE).read_text())
    tensors = load_file(str(path / CENTROIDS_FILE))
    topics = pd.DataFrame(payload["topics"]) if payload["topics"] else empty_topics()
    if len(topics):
        topics["topic_id"] = topics["topic_id"].astype("int64")
        order = {int(t): i for i, t in enumerate(tensors["topic_ids"])}
        topics = topics.iloc[np.argsort([order[int(t)] for t in topics["topic_id"]])].reset_index(drop=True)
    known = set(TopicParams.__dataclass_fields__)
    return TopicModelState(
        version=payload["version"],
        path=path,
        embedding_model=payload["embedding_model"],
        topics=topics,
        centroids=tensors["centroids"].astype(np.float32),
        next_topic_id=int(payload["next_topic_id"]),
        # Fits saved before a knob existed load with its default.
        params=TopicParams(**{k: v for k, v in payload["params"].items() if k in known}),
        seed=int(payload["seed"]),
        fitted_at=payload["fitted_at"],
        metrics=payload.get("metrics", {}),
        center=tensors["center"].astype(np.float32) if "center" in tensors else None,
        raw_centroids=tensors["raw_centroids"].astype(np.float32) if "raw_centroids" in tensors else None,
        removed=tensors["removed"].astype(np.float32) if "removed" in tensors else None,
    )


def load_bertopic(state: TopicModelState):
    """The saved BERTopic model of a state (for its plots and c-TF-IDF).

    BERTopic loads the embedding model its config names; ours point at a local directory.
    """
    from bertopic import BERTopic

    if state.path is None:
        raise ValueError("state was not saved")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return BERTopic.load(str(state.path / BERTOPIC_DIR), embedding_model=None)
