"""Topic modelling over posts: cached offline embeddings, fast seeded BERTopic fits, stable topic ids.

Plain library code (no Dagster), one job per module: ``embeddings`` (models and the vector cache),
``stopwords`` (what may be a term), ``dedup`` (duplicate groups), ``automated`` (bot and copy-paste
flags), ``cluster`` (sample, PCA + HDBSCAN, merges, splits), ``represent`` (c-TF-IDF terms, labels),
``matching`` (stable ids), ``state`` (persistence), ``assign`` (nearest topic), ``fit`` (one fit),
``refit`` (when to refit), ``metrics`` (quality figures).
"""

from nlp.topics.assign import assign_topics
from nlp.topics.automated import flag_automated
from nlp.topics.dedup import find_duplicates
from nlp.topics.embeddings import (
    DEFAULT_MODEL_ID,
    EMBEDDING_MODEL_ENV,
    EmbeddingCache,
    EmbeddingResult,
    EmbeddingStats,
    default_cache_path,
    embed_texts,
    embed_texts_with_stats,
    text_sha256,
)
from nlp.topics.fit import STATUS_OK, STATUS_SINGLE_TOPIC, STATUS_TOO_FEW_POSTS, TopicFit, fit_topics
from nlp.topics.metrics import npmi_coherence, outlier_share, topic_diversity
from nlp.topics.params import TopicParams
from nlp.topics.refit import assign_between_refits, decide_refit
from nlp.topics.state import TopicModelState, forget_posts, load_bertopic, load_state
from nlp.topics.stopwords import clean_for_terms, topic_stopwords

__all__ = [
    "DEFAULT_MODEL_ID",
    "EMBEDDING_MODEL_ENV",
    "STATUS_OK",
    "STATUS_SINGLE_TOPIC",
    "STATUS_TOO_FEW_POSTS",
    "EmbeddingCache",
    "EmbeddingResult",
    "EmbeddingStats",
    "TopicFit",
    "TopicModelState",
    "TopicParams",
    "assign_between_refits",
    "assign_topics",
    "clean_for_terms",
    "decide_refit",
    "default_cache_path",
    "embed_texts",
    "embed_texts_with_stats",
    "find_duplicates",
    "fit_topics",
    "flag_automated",
    "forget_posts",
    "load_bertopic",
    "load_state",
    "npmi_coherence",
    "outlier_share",
    "text_sha256",
    "topic_diversity",
    "topic_stopwords",
]
