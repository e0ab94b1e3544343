"""Stance of each post: rules and the supervised model together, with a probability and who decided.

:func:`classify_posts` runs the rules (:mod:`nlp.stance.rules`) on every post's reading text and the
calibrated text model (:mod:`nlp.stance.model`). The rules decide when they are sure (score above
:data:`SURE_RULE_SCORE`) or when the model is unsure (top probability below :data:`MIN_MODEL_PROBA`);
otherwise the model decides. Cross-validated on the training files (``benchmarks/bench_stance.py
--tune``), this beat a model stacked on the rules' verdict on the tweets' tune half (0.62 vs 0.57
macro-F1), the one training file the rules were not developed on. The thresholds are those of the
previous release's rules + back-off design.

A post with no deletion topic at all (rule ``no-topic``) is ``none`` whatever its language.
``score`` is a probability: the calibrated model probability when a model decides, the rule's
smoothed precision on the training data when a rule decides. ``decided_by`` is ``rules`` or ``model``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nlp.language import detect_languages
from nlp.stance.model import get_models, stance_features, training_digest
from nlp.stance.rules import StanceResult, classify_rules
from nlp.text import clean_text, reading_text

SURE_RULES = frozenset({"no-topic"})
SURE_RULE_SCORE = 0.85
MIN_MODEL_PROBA = 0.4
STANCE_VERSION = f"stance-v3+train-{training_digest()}"


@dataclass(frozen=True)
class StancePrediction:
    """A post's stance label, its probability, ``rules`` or ``model`` as the decider, and the rule that fired."""

    label: str
    score: float
    decided_by: str
    rule: str


def _readings(texts: Sequence[object], normalised: Sequence[str] | None) -> list[str]:
    if normalised is None:
        return [reading_text(t) for t in texts]
    return [reading_text(t, normalised=n) for t, n in zip(texts, normalised, strict=True)]


def _languages(texts: Sequence[object], normalised: Sequence[str] | None) -> list[str]:
    return detect_languages([clean_text(t) for t in texts], normalised=normalised)


def featurise(texts: Sequence[object]) -> list[str]:
    """Model feature strings for raw texts (language detection runs here)."""
    readings = _readings(texts, None)
    langs = _languages(texts, None)
    return [stance_features(clean_text(raw), r, lang) for raw, r, lang in zip(texts, readings, langs, strict=True)]


def rule_results(texts: Sequence[object]) -> list[StanceResult]:
    """The rules' verdict for raw texts."""
    return [classify_rules(r) for r in _readings(texts, None)]


def classify_posts(
    texts: Iterable[object], normalised: Sequence[str] | None = None, langs: Sequence[str] | None = None
) -> list[StancePrediction]:
    """Classify raw posts.

    ``normalised`` may pass ``normalise_text(clean_text(t))`` and ``langs`` the
    :func:`nlp.language.detect_languages` labels of the same texts (enrichment has both already).
    """
    texts = list(texts)
    readings = _readings(texts, normalised)
    rules: list[StanceResult] = [classify_rules(r) for r in readings]
    models = get_models(featurise, rule_results)
    if models is None:
        return [StancePrediction(r.label, r.score, "rules", r.rule) for r in rules]
    langs = _languages(texts, normalised) if langs is None else list(langs)
    out: list[StancePrediction | None] = [None] * len(texts)
    todo: list[int] = []
    for i, rule in enumerate(rules):
        # A sure rule stands whatever the model says, so the model is not run for it.
        if rule.rule in SURE_RULES or rule.score > SURE_RULE_SCORE:
            score = models.rule_precision.get(rule.rule, rule.score)
            out[i] = StancePrediction(rule.label, round(score, 4), "rules", rule.rule)
        else:
            todo.append(i)
    if todo:
        feats = [stance_features(clean_text(texts[i]), readings[i], langs[i]) for i in todo]
        proba = models.text.predict_proba(feats)
        for row, i in enumerate(todo):
            k = int(proba[row].argmax())
            p = float(proba[row, k])
            rule = rules[i]
            if p < MIN_MODEL_PROBA:
                score = models.rule_precision.get(rule.rule, rule.score)
                out[i] = StancePrediction(rule.label, round(score, 4), "rules", rule.rule)
            else:
                out[i] = StancePrediction(models.text.classes[k], round(p, 4), "model", rule.rule)
    return [o for o in out if o is not None]


def predict_stance(
    texts: Iterable[object], normalised: Sequence[str] | None = None, langs: Sequence[str] | None = None
) -> list[tuple[str, float]]:
    """Return ``(label, probability)`` per text (see :func:`classify_posts`)."""
    return [(p.label, p.score) for p in classify_posts(texts, normalised, langs)]


def classify_stance(text: object) -> StancePrediction:
    """Classify one raw post."""
    return classify_posts([text])[0]


__all__ = ["STANCE_VERSION", "StancePrediction", "classify_posts", "classify_stance", "predict_stance"]
