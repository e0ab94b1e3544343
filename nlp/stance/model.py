"""Supervised stance model: word + character n-grams and the rules' verdict, logistic regression, calibrated.

Features of one post (:func:`stance_features`):

- its reading text (:func:`nlp.text.reading_text`: normalised, hashtags segmented with the ``#``
  kept on the first word, ``<url>``/``<user>`` masked);
- a few layout tokens a reader uses to tell a shared headline from a personal post: a link, a
  reply, Title Case, where the movement's hashtag sits (opening, closing, inside a sentence), a
  pile of hashtags;
- cue tokens for English tweet constructions around the hashtag (a first-person act, "done",
  an imperative "just #DeleteFacebook", "not going to", third parties, questions, future);
- the post's language (:mod:`nlp.language`);
- the words around each movement hashtag (:func:`_tag_context_tokens`: the word before it, the word
  after its object, the two words before it), so "I #DeleteFacebook", "just #DeleteFacebook",
  "time to #DeleteFacebook" and "#DeleteFacebook done" are features wherever the tag sits;
- the voice of the post (:func:`_voice_tokens`): a "via @"/"|" credit, a truncated text, first or
  second person, "!", a length bucket, a Title Case line before the first link (a shared headline).
  Cross-validated on the tweets' tune half these two groups raise combined macro-F1 from 0.621 to
  0.657 (fold seed 7; 0.613/0.607 to 0.661/0.638 for seeds 13/21), Indonesian files level.

The rules' verdict is deliberately not a feature: the rules were developed on the Indonesian training
files, so a model stacked on them learns to copy them (cross-validated on the tweets' tune half, where
the rules were not developed: stacked 0.57 macro-F1, rules + this text-only model 0.62; see
``benchmarks/bench_stance.py --tune``). :mod:`nlp.stance.classify` combines the two instead.

Word 1-2-grams and character 3-4-grams (inside word boundaries, so "hapus"/"delete" spellings and
code-mixed forms share pieces) are TF-IDF weighted and fed to a multinomial logistic regression with
balanced class weights; each real tweet weighs :data:`TWEET_WEIGHT` written posts. Probabilities are
calibrated by sigmoid (Platt) scaling on 3-fold cross-validated predictions
(:class:`sklearn.calibration.CalibratedClassifierCV`, one final model),
so ``stance_score`` is a probability.

Training data (:data:`TRAIN_FILES`, read from ``nlp/eval_data``): posts written for the project,
the training half of the independent set, and the tune half of the labelled 2018 #DeleteFacebook
tweets. The independent hold-out and the tweets' test half are never read. The model is fitted
deterministically at first use (about 2 s), kept on disk by :mod:`nlp.fitted_cache` and loaded
afterwards; nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from nlp.features import CharNgrams, CharNgramTfidf, WordNgramTfidf
from nlp.fitted_cache import cached_fit
from nlp.stance.lexicon import STANCE_LABELS

EVAL_DIR = Path(__file__).resolve().parents[1] / "eval_data"
# (file, label column). Held-out files are deliberately absent.
TRAIN_FILES: tuple[tuple[str, str], ...] = (
    ("stance_train_written.csv", "label"),
    ("stance_independent_train_half.csv", "label"),
    ("deletefacebook_2018_tune.csv", "stance"),
)
# Hyper-parameters chosen by cross-validation on the training files (benchmarks/bench_stance.py --tune).
C = 32.0
CHAR_NGRAMS = (3, 4)  # CV on the tweets equal to (2, 4) (0.622 vs 0.617), a third fewer n-grams
MAX_CHARS = 1000
# Sample weight of each training file (default 1). The real tweets count TWEET_WEIGHT times a written
# post: cross-validated on the tweets' tune half, combined macro-F1 rose with the weight while the
# Indonesian training files stayed level (benchmarks/bench_stance.py --tune).
TWEET_WEIGHT = 3.0
FILE_WEIGHTS: dict[str, float] = {"deletefacebook_2018_tune.csv": TWEET_WEIGHT}

_WORD_TOKEN = r"(?u)#?\b\w[\w'-]*\b|<url>|<user>|[?!]"
_TAG_RE = re.compile(r"#(?:delete|hapus|apus|quit|leave|boycott|boikot|uninstall|deactivate|nonaktifkan|bye|goodbye)\b")
_WORD_RE = re.compile(r"[^\W\d_]{3,}")
_BOUNDARY_RE = re.compile(r"[.!?\n:;]")
_DEL = r"(?:#?delete|#?hapus|deleted|deactivated|quit|left|ditch(?:ed)?)"
# English tweet constructions around the movement's hashtag (read on the reading text).
_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("zzcuefirstact", re.compile(rf"\b(?:i|we|i've|i have|we've)\s+(?:\w+\s+){{0,2}}?(?:{_DEL}|did it|did the)")),
    (
        "zzcuedone",
        re.compile(
            r"\bdone\b|did it|already did|feels? (?:so )?good|day \d+ (?:after|without)|\bcheck\b"
            r"|\brip\b|goodbye|good ?bye|left \d|since i|never felt|best decision|sudah|udah|akhirnya"
        ),
    ),
    (
        "zzcueimperative",
        re.compile(
            rf"(?:^|[.!?] )(?:just|do|go|please|so|simply|then|time to|it's time to)\s+{_DEL}"
            rf"|you should|you must|need (?:another|any|more) reasons?|if you haven't|reasons to"
            rf"|{_DEL}[^.?!]{{0,30}}\bor\b|\bayo\b|\byuk\b|\bmari\b|your (?:facebook|account)"
        ),
    ),
    (
        "zzcuenotgoing",
        re.compile(
            rf"not (?:going to|gonna) {_DEL}|won'?t {_DEL}|(?:don'?t|do not|dont) (?:just )?{_DEL}"
            rf"|not {_DEL}|i'm not {_DEL}|enggak jadi|tidak jadi|batal"
        ),
    ),
    (
        "zzcuethirdparty",
        re.compile(
            r"\b(?:musk|playboy|people|users|millions?|companies|co-founder|employees|celebrities"
            r"|americans|aussies|australians|he|she|they|warganet|artis)\b"
        ),
    ),
    ("zzcuequestion", re.compile(r"\?")),
    (
        "zzcuefuture",
        re.compile(
            r"\b(?:will|gonna|going to|about to|ready to|decided|decision|plan|tomorrow|hours|besok"
            r"|mau|akan|bakal)\b"
        ),
    ),
)


def _title_case(text: str) -> bool:
    """Four or more words, at least 60 % of them capitalised: a headline's Title Case."""
    words = _WORD_RE.findall(text)
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _layout_tokens(raw: str, reading: str) -> list[str]:
    toks: list[str] = []
    if "<url>" in reading:
        toks.append("zzlink")
    if reading.startswith("<user>"):
        toks.append("zzreply")
    if _title_case(raw):
        toks.append("zztitlecase")
    hashtags = reading.count("#")
    if hashtags >= 4:
        toks.append("zzmanytags")
    body = reading.replace("<url>", " ").strip()
    for match in _TAG_RE.finditer(body):
        before = body[: match.start()].rstrip()
        if not before or before.endswith(("<user>",)) or _BOUNDARY_RE.match(before[-1:] or "."):
            toks.append("zztagopens")
        elif "#" in before.split()[-1]:
            toks.append("zztagamongtags")
        else:
            toks.append("zztaginline")
        after = body[match.end() :]
        if not re.search(r"[^\W_]", re.sub(r"#\w+|\b(?:facebook|fb|now|account|your|my|akun)\b", " ", after)):
            toks.append("zztagcloses")
    toks.extend(name for name, pattern in _CUES if pattern.search(reading))
    return toks


_TAG_TOKEN_RE = re.compile(r"#(?:delete|hapus|apus|quit|leave|boycott|boikot|uninstall|deactivate|bye|goodbye)")
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_FIRST_PERSON_RE = re.compile(r"\b(?:i|i'm|im|i've|my|me|mine|we|our|us)\b")
_SECOND_PERSON_RE = re.compile(r"\b(?:you|your|you're|ur|u|yall|y'all)\b")
_VIA_RE = re.compile(r"\bvia @|\| ")
_LINK_RE = re.compile(r"https?://\S+")


def _squash(token: str) -> str:
    return _NOT_ALNUM.sub("", token) or "p"


def _tag_context_tokens(tokens: Sequence[str]) -> tuple[list[str], list[str]]:
    """The words around each movement hashtag, as tokens the n-grams cannot form.

    ``zzpre<w>`` / ``zzpost<w>``: the word before the tag (``bos`` at the start) and the word after
    its object (``eos`` at the end), so "I #DeleteFacebook", "just #DeleteFacebook", "#DeleteFacebook
    done" are features wherever the tag sits; ``zzpp<w1>_<w2>``: the two words before it ("time to",
    "not to", "i will").
    """
    around: list[str] = []
    before: list[str] = []
    n = len(tokens)
    for k, tok in enumerate(tokens):
        if not _TAG_TOKEN_RE.fullmatch(tok):
            continue
        around.append("zzpre" + (_squash(tokens[k - 1]) if k > 0 else "bos"))
        around.append("zzpost" + (_squash(tokens[k + 2]) if k + 2 < n else "eos"))
        if k >= 2:
            before.append(f"zzpp{_squash(tokens[k - 2])}_{_squash(tokens[k - 1])}")
    return around, before


def _voice_tokens(raw: str, text: str, n_words: int) -> list[str]:
    """Who speaks and how: a "via @"/"|" credit, a truncated text, first/second person, "!", length."""
    toks: list[str] = []
    if _VIA_RE.search(raw):
        toks.append("zzvia")
    if "…" in raw:
        toks.append("zztrunc")
    if _FIRST_PERSON_RE.search(text):
        toks.append("zzfirstp")
    if _SECOND_PERSON_RE.search(text):
        toks.append("zzsecondp")
    if "!" in raw:
        toks.append("zzexcl")
    toks.append(f"zzlen{min(n_words // 5, 5)}")
    # The text before the first link is a Title Case line: a shared article's headline.
    head = _LINK_RE.split(raw, maxsplit=1)
    if len(head) > 1 and _title_case(head[0]):
        toks.append("zzheadlinelink")
    return toks


def stance_features(raw: str, reading: str, lang: str) -> str:
    """One post's model input: reading text plus layout, cue, language, tag-context and voice tokens.

    See the module docstring; the order of the extra tokens is fixed (they form word bigrams too).
    """
    text = reading[:MAX_CHARS]
    tokens = text.split()
    around, before = _tag_context_tokens(tokens)
    n_words = sum(1 for t in tokens if t not in ("<url>", "<user>"))
    extra = _layout_tokens(raw, reading) + [f"zzlang{lang}"] + around + _voice_tokens(raw, text, n_words) + before
    return text + " " + " ".join(extra)


@dataclass(frozen=True)
class TrainingSet:
    """Raw texts and gold labels read from :data:`TRAIN_FILES` (with the file each row came from)."""

    texts: list[str]
    labels: list[str]
    sources: list[str]


def load_training_set(eval_dir: Path = EVAL_DIR) -> TrainingSet:
    """Read every training file that exists; rows with unknown labels or empty text are skipped."""
    texts: list[str] = []
    labels: list[str] = []
    sources: list[str] = []
    for name, col in TRAIN_FILES:
        path = eval_dir / name
        if not path.is_file():
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for text, label in zip(frame["text"], frame[col].str.strip().str.lower(), strict=True):
            if text.strip() and label in STANCE_LABELS:
                texts.append(text)
                labels.append(label)
                sources.append(name)
    return TrainingSet(texts, labels, sources)


def training_digest(eval_dir: Path = EVAL_DIR) -> str:
    """Hash of the training files: part of the stance version, so labels follow the data."""
    digest = hashlib.sha256()
    for name, col in TRAIN_FILES:
        path = eval_dir / name
        digest.update(name.encode() + col.encode() + (path.read_bytes() if path.is_file() else b"-"))
    return digest.hexdigest()[:10]


def build_pipeline(
    c: float = C, char_ngrams: tuple[int, int] | None = CHAR_NGRAMS, calibrate: bool = True, word_ngrams: int = 2
):
    """The unfitted scikit-learn pipeline (vectorisers + (calibrated) logistic regression).

    ``char_ngrams=None`` leaves character n-grams out (the text-only model uses word 1-3-grams).
    """
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, make_pipeline

    parts = [
        (
            "words",
            WordNgramTfidf(token_pattern=_WORD_TOKEN, ngram_range=(1, word_ngrams), sublinear_tf=True, lowercase=False),
        )
    ]
    if char_ngrams is not None:
        chars = CharNgramTfidf(analyzer=CharNgrams(*char_ngrams), sublinear_tf=True, min_df=2, lowercase=False)
        parts.append(("chars", chars))
    features = FeatureUnion(parts)
    # newton-cg: same optimum as lbfgs, about 3x faster on this wide sparse input.
    logreg = LogisticRegression(C=c, solver="newton-cg", max_iter=5000, class_weight="balanced")
    if calibrate:
        from sklearn.model_selection import StratifiedKFold

        folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=13)
        logreg = CalibratedClassifierCV(logreg, method="sigmoid", cv=folds, ensemble=False)
    return make_pipeline(features, logreg)


def sample_weights(sources: Sequence[str]) -> np.ndarray:
    """Each training row's weight, from the file it came from (:data:`FILE_WEIGHTS`)."""
    return np.array([FILE_WEIGHTS.get(s, 1.0) for s in sources])


def fit_pipeline(features: Sequence[str], labels: Sequence[str], weights: np.ndarray | None = None, **params):
    """:func:`build_pipeline` fitted on feature strings, with optional per-row sample weights."""
    pipeline = build_pipeline(**params)
    fit_params = {} if weights is None else {f"{pipeline.steps[-1][0]}__sample_weight": np.asarray(weights)}
    return pipeline.fit(list(features), list(labels), **fit_params)


class StanceModel:
    """A fitted stance pipeline; :meth:`predict_proba` takes feature strings from :func:`stance_features`."""

    def __init__(self, pipeline) -> None:
        self.pipeline = pipeline
        self.classes: tuple[str, ...] = tuple(str(c) for c in pipeline.classes_)

    def predict_proba(self, features: Sequence[str]) -> np.ndarray:
        """Class probabilities, columns in :attr:`classes` order."""
        if not features:
            return np.zeros((0, len(self.classes)))
        return self.pipeline.predict_proba(list(features))


@dataclass(frozen=True)
class StanceModels:
    """The fitted text model and how often each rule's label was right on the training data.

    ``rule_precision[rule name]`` is the share of training posts where that rule fired whose gold
    label was the rule's label (add-one smoothed): the probability reported when a rule decides.
    ``rule_precision[f"{rule name}@{group}"]`` is the same on the posts of one decision group
    (:func:`nlp.stance.classify.decision_group`: ``rules`` or ``model``), because a rule can be far more
    precise on Indonesian or plain posts than on hashtagged English tweets; :meth:`precision` prefers it.
    """

    text: StanceModel
    rule_precision: dict[str, float]

    def precision(self, rule: str, group: str, default: float) -> float:
        """The rule's smoothed training precision on posts of ``group``, else overall, else ``default``."""
        return self.rule_precision.get(f"{rule}@{group}", self.rule_precision.get(rule, default))


_LOCK = threading.Lock()
_MODELS: list[StanceModels | None] = []


def fit_models(train: TrainingSet, featurise, rules, groups=None, **params) -> StanceModels:
    """Fit the text model on ``train`` and measure each rule's precision there.

    ``featurise(texts)`` gives feature strings; ``rules(texts)`` gives each text's
    :class:`nlp.stance.rules.StanceResult`; ``groups(texts)``, when given, each text's decision group
    (for the per-group precisions).
    """
    text = StanceModel(fit_pipeline(featurise(train.texts), train.labels, sample_weights(train.sources), **params))
    hits: dict[str, list[int]] = {}
    names = groups(train.texts) if groups is not None else [None] * len(train.texts)
    for result, gold, group in zip(rules(train.texts), train.labels, names, strict=True):
        hits.setdefault(result.rule, []).append(int(result.label == gold))
        if group is not None:
            hits.setdefault(f"{result.rule}@{group}", []).append(int(result.label == gold))
    precision = {name: (sum(v) + 1) / (len(v) + 2) for name, v in hits.items()}
    return StanceModels(text, precision)


def _qualname(function) -> str:
    return "-" if function is None else f"{function.__module__}.{function.__qualname__}"


def _fit_default(featurise, rules, groups) -> StanceModels | None:
    train = load_training_set()
    return fit_models(train, featurise, rules, groups) if len(set(train.labels)) > 1 else None


def get_models(featurise, rules, groups=None) -> StanceModels | None:
    """The process-wide models, fitted on first use; ``None`` when no training file is present."""
    if _MODELS:
        return _MODELS[0]
    with _LOCK:
        if not _MODELS:
            _MODELS.append(
                # fitted once per data dir and loaded afterwards (nlp.fitted_cache: keyed on nlp/'s files)
                cached_fit(
                    "stance",
                    "|".join([training_digest(), *(_qualname(f) for f in (featurise, rules, groups))]),
                    lambda: _fit_default(featurise, rules, groups),
                )
            )
    return _MODELS[0]
