"""Stance of each post: rules and the supervised model together, with a probability and who decided.

:func:`classify_posts` runs the rules (:mod:`nlp.stance.rules`) on every post's reading text and, where
the rules may be overruled, the calibrated text model (:mod:`nlp.stance.model`). Who decides depends on
the post's language (:func:`model_threshold`):

- **Indonesian / code-mixed** (``id``): the rules decide. They were developed on such posts and are
  precise there; the model overrules only a weak rule (:data:`ID_WEAK_RULES`: the fallback, a bare
  imperative or first-person act, a question) and only when its top probability is at least
  :data:`ID_MIN_MODEL_PROBA`.
- **English and other posts**: the model decides when its top probability is at least
  :data:`EN_MIN_MODEL_PROBA`, except where a rule that reads what n-grams miss fires
  (:data:`EN_RULES`: no deletion topic, a perfective act, a negated act, a staying cue, another
  object or a third party's act).

Chosen by 5-fold cross-validation of the calibrated model on the training files
(``benchmarks/bench_stance.py --tune``): on the tweets' 381-tweet first tune half, the one training file
the rules were not developed on, this scored 0.668 macro-F1 against 0.544 for the previous single rule
(rules when sure or when the model's top probability < 0.4, for every language, unweighted model), and
on the Indonesian training files 0.961 against 0.859 (in-sample for the rules there, so optimistic).
With ``stance-v5``'s features on the grown 799-tweet tune half: 0.657 (Indonesian files 0.960).

A post with no deletion topic at all (rule ``no-topic``) is ``none`` whatever its language.
``score`` is a probability: the calibrated model probability when the model decides, the rule's
smoothed precision on the training posts of the same language group when a rule decides.
``decided_by`` is ``rules`` or ``model``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nlp.language import detect_languages
from nlp.stance.model import StanceModels, get_models, stance_features, training_digest
from nlp.stance.rules import StanceResult, classify_rules
from nlp.text import clean_text, reading_text

# English (and other non-Indonesian) posts: these rules decide whatever the model says.
EN_RULES = frozenset({"no-topic", "perfective", "negated-act", "staying-cue", "other-object-or-third-party"})
EN_MIN_MODEL_PROBA = 0.4
# Indonesian posts: the model may overrule only these weak rules, and only when this sure.
ID_WEAK_RULES = frozenset(
    {"fallback", "imperative", "bare-first-person-act", "question", "english-progressive", "self-conditional"}
)
ID_MIN_MODEL_PROBA = 0.7
STANCE_VERSION = f"stance-v5+train-{training_digest()}"


def model_threshold(rule: str, lang: str) -> float | None:
    """The top model probability needed to overrule ``rule`` on a post in ``lang``; ``None``: the rule stands."""
    if lang == "id":
        return ID_MIN_MODEL_PROBA if rule in ID_WEAK_RULES else None
    return None if rule in EN_RULES else EN_MIN_MODEL_PROBA


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


def _raw_languages(texts: Sequence[object]) -> list[str]:
    return _languages(texts, None)


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
    models = get_models(featurise, rule_results, _raw_languages)
    if models is None:
        return [StancePrediction(r.label, r.score, "rules", r.rule) for r in rules]
    langs = _languages(texts, normalised) if langs is None else list(langs)
    out: list[StancePrediction | None] = [None] * len(texts)
    todo: list[tuple[int, float]] = []
    for i, rule in enumerate(rules):
        # Where the rule stands whatever the model says, the model is not run.
        needed = model_threshold(rule.rule, langs[i])
        if needed is None:
            out[i] = _by_rule(rule, langs[i], models)
        else:
            todo.append((i, needed))
    if todo:
        feats = [stance_features(clean_text(texts[i]), readings[i], langs[i]) for i, _ in todo]
        proba = models.text.predict_proba(feats)
        for row, (i, needed) in enumerate(todo):
            k = int(proba[row].argmax())
            p = float(proba[row, k])
            if p < needed:
                out[i] = _by_rule(rules[i], langs[i], models)
            else:
                out[i] = StancePrediction(models.text.classes[k], round(p, 4), "model", rules[i].rule)
    return [o for o in out if o is not None]


def _by_rule(rule: StanceResult, lang: str, models: StanceModels) -> StancePrediction:
    score = models.precision(rule.rule, lang, rule.score)
    return StancePrediction(rule.label, round(score, 4), "rules", rule.rule)


def predict_stance(
    texts: Iterable[object], normalised: Sequence[str] | None = None, langs: Sequence[str] | None = None
) -> list[tuple[str, float]]:
    """Return ``(label, probability)`` per text (see :func:`classify_posts`)."""
    return [(p.label, p.score) for p in classify_posts(texts, normalised, langs)]


def classify_stance(text: object) -> StancePrediction:
    """Classify one raw post."""
    return classify_posts([text])[0]


__all__ = ["STANCE_VERSION", "StancePrediction", "classify_posts", "classify_stance", "predict_stance"]
