"""Stance of each post: rules and the supervised model together, with a probability and who decided.

:func:`classify_posts` runs the rules (:mod:`nlp.stance.rules`) on every post's reading text and, where
the rules may be overruled, the calibrated text model (:mod:`nlp.stance.model`). Who decides first
depends on the post's :func:`decision_group`, and :func:`model_threshold` says how sure the model must be:

- **rules first** (``rules``): Indonesian / code-mixed posts, and posts in any language without a
  hashtag (plain sentences, as on Reddit or in comments). The rules decide. They read tense, modality,
  negation and clause scope, and are precise on such posts; the model overrules only a weak rule
  (:data:`WEAK_RULES`: the fallback, a bare imperative or first-person act, a question) and only when its
  top probability is at least :data:`RULES_FIRST_MIN_PROBA`.
- **model first** (``model``): English and other non-Indonesian posts with a hashtag, the register of
  the real tweets the model learned the movement hashtag's uses from (verb, imperative, slogan, topic
  tag). The model decides when its top probability is at least :data:`MODEL_FIRST_MIN_PROBA`, except
  where a rule that reads what n-grams miss fires (:data:`STANDING_RULES`: no deletion topic, a perfective
  act, a negated act, a staying cue, another object or a third party's act).

Chosen by 5-fold cross-validation of the calibrated model on the training files
(``benchmarks/bench_stance.py --tune`` and ``--noise``). Splitting by language alone (``stance-v5``) let the
model overrule precise rules on plain English posts ("Seriously weighing deleting IG. My whole portfolio
is there though." → ``staying``); grouping by hashtag as well (``stance-v6``) raised the Indonesian /
English training files from 0.960 to 0.972 out-of-fold (mean of ten fold seeds, higher on every seed)
and cost the tweets' tune half 0.004 (0.653 → 0.649, lower on nine of ten seeds: 17 of its 799 tweets
have no hashtag).

A post with no deletion topic at all (rule ``no-topic``) is ``none`` whatever its group.
``score`` is a probability: the calibrated model probability when the model decides, the rule's
smoothed precision on the training posts of the same decision group when a rule decides.
``decided_by`` is ``rules`` or ``model``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nlp.language import detect_languages
from nlp.stance.model import StanceModels, get_models, stance_features, training_digest
from nlp.stance.rules import StanceResult, classify_rules
from nlp.text import clean_text, reading_text

# Model-first posts (decision_group "model"): these rules decide whatever the model says.
STANDING_RULES = frozenset({"no-topic", "perfective", "negated-act", "staying-cue", "other-object-or-third-party"})
MODEL_FIRST_MIN_PROBA = 0.4
# Rules-first posts (decision_group "rules"): the model may overrule only these weak rules, and only when this sure.
WEAK_RULES = frozenset(
    {"fallback", "imperative", "bare-first-person-act", "question", "english-progressive", "self-conditional"}
)
RULES_FIRST_MIN_PROBA = 0.7
STANCE_VERSION = f"stance-v6+train-{training_digest()}"


def decision_group(lang: str, reading: str) -> str:
    """``model`` for a non-Indonesian post with a hashtag (the tweets' register), else ``rules``.

    ``reading`` is the post's :func:`nlp.text.reading_text` (hashtags keep their ``#`` there).
    """
    return "model" if lang != "id" and "#" in reading else "rules"


def model_threshold(rule: str, group: str) -> float | None:
    """The top model probability needed to overrule ``rule`` in decision ``group``; ``None``: the rule stands."""
    if group == "rules":
        return RULES_FIRST_MIN_PROBA if rule in WEAK_RULES else None
    return None if rule in STANDING_RULES else MODEL_FIRST_MIN_PROBA


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


def decision_groups(texts: Sequence[object], langs: Sequence[str] | None = None) -> list[str]:
    """Each raw text's :func:`decision_group` (``langs``: their languages when known, else detected)."""
    langs = _languages(texts, None) if langs is None else langs
    return [decision_group(lang, r) for lang, r in zip(langs, _readings(texts, None), strict=True)]


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
    models = get_models(featurise, rule_results, decision_groups)
    if models is None:
        return [StancePrediction(r.label, r.score, "rules", r.rule) for r in rules]
    langs = _languages(texts, normalised) if langs is None else list(langs)
    out: list[StancePrediction | None] = [None] * len(texts)
    todo: list[tuple[int, float]] = []
    groups = [decision_group(lang, r) for lang, r in zip(langs, readings, strict=True)]  # readings already made
    for i, rule in enumerate(rules):
        # Where the rule stands whatever the model says, the model is not run.
        needed = model_threshold(rule.rule, groups[i])
        if needed is None:
            out[i] = _by_rule(rule, groups[i], models)
        else:
            todo.append((i, needed))
    if todo:
        feats = [stance_features(clean_text(texts[i]), readings[i], langs[i]) for i, _ in todo]
        proba = models.text.predict_proba(feats)
        for row, (i, needed) in enumerate(todo):
            k = int(proba[row].argmax())
            p = float(proba[row, k])
            if p < needed:
                out[i] = _by_rule(rules[i], groups[i], models)
            else:
                out[i] = StancePrediction(models.text.classes[k], round(p, 4), "model", rules[i].rule)
    return [o for o in out if o is not None]


def _by_rule(rule: StanceResult, group: str, models: StanceModels) -> StancePrediction:
    score = models.precision(rule.rule, group, rule.score)
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
