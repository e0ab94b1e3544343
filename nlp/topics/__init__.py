"""Topic modelling over posts: cached offline embeddings, fast seeded BERTopic fits, stable topic ids.

Plain library code (no Dagster); the topics asset calls :func:`embed_texts`, :func:`fit_topics`,
:func:`assign_topics` and :func:`load_state`.
"""

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
from nlp.topics.metrics import npmi_coherence, outlier_share, topic_diversity
from nlp.topics.model import (
    STATUS_OK,
    STATUS_SINGLE_TOPIC,
    STATUS_TOO_FEW_POSTS,
    TopicFit,
    TopicModelState,
    TopicParams,
    assign_topics,
    find_duplicates,
    fit_topics,
    load_bertopic,
    load_state,
    topic_stopwords,
)

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
    "assign_topics",
    "default_cache_path",
    "embed_texts",
    "embed_texts_with_stats",
    "find_duplicates",
    "fit_topics",
    "load_bertopic",
    "load_state",
    "npmi_coherence",
    "outlier_share",
    "text_sha256",
    "topic_diversity",
    "topic_stopwords",
]
