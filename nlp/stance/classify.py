"""Stance of each post: rules and the supervised model together, with a probability and who decided.

:func:`classify_posts` runs the rules (:mod:`nlp.stance.rules`) on every post, then the calibrated
model (:mod:`nlp.stance.model`), which reads the rules' verdict among its features. The model has
the last word except where a rule is sure (:data:`SURE_RULES`: a post with no deletion topic at all),
where the rule stands and the score is the model's probability of that label when it agrees, else
the rule's own confidence. ``decided_by`` says which of the two labelled the post.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nlp.stance.model import get_model, stance_features, training_digest
from nlp.stance.rules import StanceResult, classify_rules
from nlp.text import clean_text, reading_text

# Rules whose decision the model does not overrule (chosen by cross-validation, see bench_stance.py).
SURE_RULES = frozenset({"no-topic"})
STANCE_VERSION = f"stance-v3+train-{training_digest()}"


@dataclass(frozen=True)
class StancePrediction:
    """A post's stance label, its probability, and ``rules`` or ``model`` as the decider."""

    label: str
    score: float
    decided_by: str
    rule: str


def _readings(texts: Sequence[object], normalised: Sequence[str] | None) -> list[str]:
    if normalised is None:
        return [reading_text(t) for t in texts]
    return [reading_text(t, normalised=n) for t, n in zip(texts, normalised, strict=True)]


def featurise(texts: Sequence[object], readings: Sequence[str] | None = None) -> list[str]:
    """Model feature strings for raw texts (rules run here too)."""
    readings = _readings(texts, None) if readings is None else readings
    out = []
    for raw, reading in zip(texts, readings, strict=True):
        rule = classify_rules(reading)
        out.append(stance_features(clean_text(raw), reading, rule.label, rule.rule))
    return out


def classify_posts(texts: Iterable[object], normalised: Sequence[str] | None = None) -> list[StancePrediction]:
    """Classify raw posts; ``normalised`` may pass ``normalise_text(clean_text(t))`` of the same texts."""
    texts = list(texts)
    readings = _readings(texts, normalised)
    rules: list[StanceResult] = [classify_rules(r) for r in readings]
    model = get_model(featurise)
    if model is None:
        return [StancePrediction(r.label, r.score, "rules", r.rule) for r in rules]
    feats = [
        stance_features(clean_text(raw), reading, rule.label, rule.rule)
        for raw, reading, rule in zip(texts, readings, rules, strict=True)
    ]
    proba = model.predict_proba(feats)
    index = {c: k for k, c in enumerate(model.classes)}
    best = proba.argmax(axis=1) if len(feats) else []
    out: list[StancePrediction] = []
    for row, rule in enumerate(rules):
        if rule.rule in SURE_RULES:
            k = index.get(rule.label)
            score = float(proba[row, k]) if k is not None and best[row] == k else rule.score
            out.append(StancePrediction(rule.label, round(score, 4), "rules", rule.rule))
        else:
            k = int(best[row])
            out.append(StancePrediction(model.classes[k], round(float(proba[row, k]), 4), "model", rule.rule))
    return out


def predict_stance(texts: Iterable[object], normalised: Sequence[str] | None = None) -> list[tuple[str, float]]:
    """Return ``(label, probability)`` per text (see :func:`classify_posts`)."""
    return [(p.label, p.score) for p in classify_posts(texts, normalised)]


def classify_stance(text: object) -> StancePrediction:
    """Classify one raw post."""
    return classify_posts([text])[0]


__all__ = ["STANCE_VERSION", "StancePrediction", "classify_posts", "classify_stance", "predict_stance"]
