"""Deletion stance of a post's author towards their Meta account(s): one job per module.

- :mod:`nlp.stance.lexicon`: the label set, word lists and cue patterns;
- :mod:`nlp.stance.rules`: ordered rules with tense, modality, negation and clause scope;
- :mod:`nlp.stance.model`: the calibrated n-gram logistic regression trained on the labelled sets;
- :mod:`nlp.stance.classify`: both together, ``(label, probability)`` per post.

Labels and how to apply them: ``docs/codebook.md``.
"""

from nlp.stance.classify import STANCE_VERSION, StancePrediction, classify_posts, classify_stance, predict_stance
from nlp.stance.lexicon import STANCE_LABELS

# Older name kept for callers that record it (the enrichment version reads STANCE_VERSION).
STANCE_RULES_VERSION = STANCE_VERSION

__all__ = [
    "STANCE_LABELS",
    "STANCE_RULES_VERSION",
    "STANCE_VERSION",
    "StancePrediction",
    "classify_posts",
    "classify_stance",
    "predict_stance",
]
