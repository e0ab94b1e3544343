"""The knobs of a topic fit, saved with every model so a fit can be reproduced."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TopicParams:
    """Tunable knobs of a fit; saved with every model so a fit can be reproduced."""

    n_components: int = 10
    min_cluster_size: int | None = None  # None: scale with corpus size (see effective_min_cluster_size)
    min_cluster_share: float = 0.004
    min_samples: int = 5
    # "leaf" picks the finest stable clusters; "eom" tends to return one giant cluster on a
    # corpus where every post shares the same frame ("hapus akun fb ..."). Merging undoes over-splits.
    cluster_selection_method: str = "leaf"
    merge_threshold: float = 0.9  # cluster centroids this similar are one topic
    outlier_threshold: float = 0.3  # min cosine (raw vectors) to the nearest centroid to leave the outlier topic
    match_threshold: float = 0.75  # min centroid cosine to keep an old topic id on refit
    # Near duplicates: estimated Jaccard similarity of word-bigram sets (MinHash) at least this.
    near_duplicate_jaccard: float = 0.7
    deduplicate: bool = True  # False fits on every post (for comparisons; bursts can then form topics)
    # Clustering runs on at most this many distinct texts, spread evenly over time; the rest are
    # assigned to the nearest topic centroid, so fit time and memory stay flat as posts grow.
    max_fit_texts: int = 50_000
    # A topic holding more than this share of the fitted posts is split once more (unless nothing separates).
    max_topic_share: float = 0.25
    # Subtract the corpus mean before clustering: static (averaged word) vectors share a large common
    # direction that makes every centroid look alike (all merged into one topic) unless removed.
    center: bool = True
    # Then remove this many leading principal directions (frame and language, not themes; measured on the
    # 20k demo: 2 gives 20 topics, largest 8%, NMI with the generator's themes 0.22, against 10 / 32% / 0.09).
    drop_components: int = 2
    top_n_words: int = 10
    # Top terms are picked from this many best c-TF-IDF terms so that they share posts (represent.py);
    # BERTopic hands a representation model max(top_n_words, 30) candidates, so more has no effect.
    # relevance weighs c-TF-IDF against co-occurrence (1.0 with 10 candidates: plain c-TF-IDF terms).
    # Chosen on the even half of the real tweets, SmSA and demo posts (see README "Topic terms").
    term_candidates: int = 30
    term_relevance: float = 0.5
    n_representative: int = 3
    ngram_max: int = 2
    max_features: int = 30_000

    def effective_min_cluster_size(self, n_unique: int) -> int:
        """Minimum posts per topic: fixed if set, else a share of the (deduplicated) corpus, >= 5."""
        if self.min_cluster_size is not None:
            return self.min_cluster_size
        return max(5, int(round(n_unique * self.min_cluster_share)))
