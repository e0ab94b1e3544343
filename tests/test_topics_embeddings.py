"""Embedding cache: each text is embedded once per model; the shipped MiniLM and the distilled default work offline."""

from __future__ import annotations

import numpy as np

from nlp.topics import EmbeddingCache, embed_texts, embed_texts_with_stats, text_sha256
from tests.duckdb_lock import other_process_can_open


class CountingEncoder:
    """Deterministic stand-in for a sentence encoder that records what it was asked to embed."""

    def __init__(self, dim: int = 16):
        self.dim = dim
        self.seen: list[str] = []

    def __call__(self, batch: list[str]) -> np.ndarray:
        self.seen.extend(batch)
        rows = [np.random.default_rng(int(text_sha256(t)[:8], 16)).normal(size=self.dim) for t in batch]
        return np.stack(rows)


def test_rerun_embeds_only_new_or_changed_texts(tmp_path):
    cache = tmp_path / "cache" / "embeddings.duckdb"
    texts = ["hapus akun fb sekarang", "pindah ke Signal", "hapus akun fb sekarang", "iklan dari chat Meta AI"]
    encoder = CountingEncoder()
    progress: list[tuple[int, int]] = []
    first = embed_texts_with_stats(texts, cache, encoder=encoder, progress=lambda d, t: progress.append((d, t)))
    assert first.stats.embedded == 3 and first.stats.cache_hits == 0
    assert sorted(encoder.seen) == sorted(set(texts))
    assert progress[-1] == (3, 3)
    # Duplicates in the input share one vector; rows are unit length.
    np.testing.assert_array_equal(first.embeddings[0], first.embeddings[2])
    np.testing.assert_allclose(np.linalg.norm(first.embeddings, axis=1), 1.0, rtol=1e-5)

    encoder.seen.clear()
    changed = texts[:3] + ["iklan dari chat Meta AI!!", "post baru tentang UU PDP"]
    second = embed_texts_with_stats(changed, cache, encoder=encoder, progress=lambda d, t: None)
    assert sorted(encoder.seen) == ["iklan dari chat Meta AI!!", "post baru tentang UU PDP"]
    assert second.stats.cache_hits == 2 and second.stats.embedded == 2
    np.testing.assert_array_equal(second.embeddings[:3], first.embeddings[:3])
    with EmbeddingCache(cache) as store:
        assert store.count() == 5


def test_cache_is_keyed_by_model(tmp_path):
    cache = tmp_path / "emb.duckdb"
    encoder = CountingEncoder()
    embed_texts(["satu", "dua"], cache, model_name="model-a", encoder=encoder, progress=lambda d, t: None)
    embed_texts(["satu", "dua"], cache, model_name="model-b", encoder=encoder, progress=lambda d, t: None)
    assert encoder.seen == ["dua", "satu", "dua", "satu"]  # shortest first, once per model


def test_shipped_minilm_embeds_offline_and_caches(tmp_path, monkeypatch):
    monkeypatch.setenv("HAPUSWATCH_EMBEDDING_MODEL", "sentence-transformers/all-MiniLM-L6-v2")
    cache = tmp_path / "emb.duckdb"
    texts = [
        "Meta pakai chat dengan Meta AI buat iklan, aku hapus akun",
        "Meta uses Meta AI chats to target ads, so I am deleting my account",
        "resep rendang yang empuk dong",
    ]
    first = embed_texts_with_stats(texts, cache, progress=lambda d, t: None)
    assert first.embeddings.shape == (3, 384)
    assert first.stats.model_key == "sentence-transformers/all-MiniLM-L6-v2@128"
    sims = first.embeddings @ first.embeddings.T
    assert sims[0, 1] > sims[0, 2]  # the two ad posts are closer than the recipe
    again = embed_texts_with_stats(texts, cache, progress=lambda d, t: None)
    assert again.stats.embedded == 0 and again.stats.cache_hits == 3
    np.testing.assert_array_equal(again.embeddings, first.embeddings)


def test_default_static_model_is_distilled_offline_once_and_reads_indonesian(tmp_path):
    from nlp.topics.embeddings import DEFAULT_MODEL_ID, indonesian_vocabulary, load_embedding_model, static_model_dir

    vocabulary = indonesian_vocabulary()
    assert {"penipuan", "iklan", "menghapus"} <= set(vocabulary) and vocabulary == sorted(vocabulary)
    texts = [
        "akun fb aku dibajak dan dipakai buat penipuan",
        "akunku dibajak penipu, teman-teman dimintai transfer",
        "resep rendang yang empuk dong",
    ]
    first = embed_texts_with_stats(texts, tmp_path / "emb.duckdb", progress=lambda d, t: None)
    assert first.stats.model_key == f"{DEFAULT_MODEL_ID}@v1"
    assert first.embeddings.shape == (3, 256)
    assert static_model_dir(DEFAULT_MODEL_ID).exists()  # built once (HAPUSWATCH_EMBEDDING_DIR in tests)
    sims = first.embeddings @ first.embeddings.T
    assert sims[0, 1] > sims[0, 2]  # the two hijacked-account posts are closer than the recipe
    # Indonesian words are whole tokens of the distilled vocabulary, not English word pieces.
    model = load_embedding_model(DEFAULT_MODEL_ID)
    assert model.tokenizer.encode("menghapus penipuan", add_special_tokens=False).tokens == ["menghapus", "penipuan"]


def test_cache_stores_each_key_once_without_an_index(tmp_path):
    """put() keeps the first vector of a key (within one call and across calls), per model key."""
    path = tmp_path / "emb.duckdb"
    a, b = np.ones((1, 4), np.float32), np.full((1, 4), 2.0, np.float32)
    with EmbeddingCache(path) as store:
        store.put(["h1", "h1", "h2"], "m", np.vstack([a, a, b]))
        store.put(["h1", "h3"], "m", np.vstack([b, b]))
        store.put(["h1"], "other", b)
        assert store.count("m") == 3 and store.count() == 4
        got = store.get(["h1", "h2", "h3", "missing"], "m")
    assert sorted(got) == ["h1", "h2", "h3"]
    np.testing.assert_array_equal(got["h1"], a[0])
    # a cache file made with the primary-key index (earlier versions) loses the index, keeps its vectors
    legacy = tmp_path / "legacy.duckdb"
    import duckdb

    with duckdb.connect(str(legacy)) as con:
        con.execute(
            "create table embeddings (text_sha256 varchar not null, model_key varchar not null, "
            "vector float[] not null, created_at timestamp default current_timestamp, "
            "primary key (text_sha256, model_key))"
        ).fetchall()
        con.execute("insert into embeddings (text_sha256, model_key, vector) values ('h1', 'm', [1, 1, 1, 1])")
    with EmbeddingCache(legacy) as store:
        store.put(["h1", "h2", "h2"], "m", np.vstack([b, b, a]))
        assert store.count() == 2
        np.testing.assert_array_equal(store.get(["h1"], "m")["h1"], a[0])
        np.testing.assert_array_equal(store.get(["h2"], "m")["h2"], b[0])
    with duckdb.connect(str(legacy)) as con:
        assert con.execute("select count(*) from duckdb_constraints() where constraint_type = 'PRIMARY KEY'"
                           ).fetchall() == [(0,)]


def test_a_cache_closed_in_the_background_is_whole_when_opened_again(tmp_path):
    from nlp.topics.embeddings import wait_closed

    path = tmp_path / "emb.duckdb"
    texts = [f"post nomor {i}" for i in range(300)]
    first = embed_texts_with_stats(texts, path, encoder=CountingEncoder(), progress=lambda d, t: None,
                                   close_in_background=True)  # fmt: skip
    # opening the file again waits for that close (a checkpoint) instead of failing on the file lock
    with EmbeddingCache(path) as store:
        assert store.count() == 300
    again = embed_texts_with_stats(texts, path, encoder=CountingEncoder(), progress=lambda d, t: None,
                                   close_in_background=True)  # fmt: skip
    wait_closed(path)
    wait_closed()  # nothing left to wait for
    assert again.stats.cache_hits == 300
    np.testing.assert_array_equal(again.embeddings, first.embeddings)


def test_a_static_model_embeds_small_batches_again_without_the_cache(tmp_path, monkeypatch):
    """Looking up a few texts in a large cache reads vectors spread over the whole file, and storing them
    costs a checkpoint; a static model embeds them faster, so small batches leave the cache alone. Large
    batches (a first run, a refit) read it and store what they embed, once per key."""
    from nlp.topics import embeddings

    encoder = CountingEncoder()
    monkeypatch.setattr(embeddings, "resolve_model", lambda name=None: ("hapuswatch/m2v-minilm-id", "unused"))
    monkeypatch.setattr(embeddings, "load_embedding_model", lambda model_id, max_seq_length: object())
    monkeypatch.setattr(embeddings, "_encoder", lambda model, model_id, batch_size, max_seq_length: encoder)
    path = tmp_path / "emb.duckdb"
    first = embed_texts_with_stats(["satu", "dua", "tiga"], path, progress=lambda d, t: None)
    second = embed_texts_with_stats(["satu", "dua", "empat"], path, progress=lambda d, t: None)
    assert second.stats.cache_hits == 0 and second.stats.embedded == 3
    np.testing.assert_array_equal(second.embeddings[:2], first.embeddings[:2])  # the same vectors
    assert not path.exists()  # never opened
    monkeypatch.setattr(embeddings, "STATIC_LOOKUP_FROM", 3)
    third = embed_texts_with_stats(["satu", "dua", "lima"], path, progress=lambda d, t: None)
    assert third.stats.cache_hits == 0
    np.testing.assert_array_equal(third.embeddings[:2], first.embeddings[:2])
    encoder.seen.clear()
    fourth = embed_texts_with_stats(["satu", "dua", "enam"], path, progress=lambda d, t: None)
    assert fourth.stats.cache_hits == 2 and encoder.seen == ["enam"]
    with EmbeddingCache(path) as store:
        assert store.count() == 4


def test_hapuswatch_run_waits_for_a_cache_still_closing_before_it_exits(tmp_path):
    """The topics step leaves its cache's checkpoint running; the run joins it before ``os._exit``."""
    import threading

    from orchestration.runner import _wait_for_background_work

    path = tmp_path / "emb.duckdb"
    embed_texts_with_stats([f"post {i}" for i in range(50)], path, encoder=CountingEncoder(),
                           progress=lambda d, t: None, close_in_background=True)  # fmt: skip
    assert any(t.name == f"close {path.name}" for t in threading.enumerate()) or other_process_can_open(path)
    _wait_for_background_work()
    assert not any(t.name == f"close {path.name}" for t in threading.enumerate())
    assert other_process_can_open(path)

