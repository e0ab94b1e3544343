"""Post sentiment: an offline Indonesian/English default and an optional transformers backend.

Public entry point: :func:`get_sentiment_analyzer`. Every analyser has a ``version`` string that
changes whenever its model, lexicon or training data changes, and a ``predict`` method that maps
ORIGINAL post texts to ``(label, score)`` pairs, label in ``positive`` / ``neutral`` / ``negative``
and score a signed polarity in [-1, 1].

Offline default (``HAPUSWATCH_SENTIMENT_MODEL`` unset or empty):

* Indonesian (and any text not recognised as English): a multinomial logistic regression over
  sublinear TF-IDF of word unigrams/bigrams (negation-marked), character 4-grams, crude stems
  and lexicon/negation/contrast/question features. It is trained deterministically at first use
  (about 0.6 s CPU plus imports) from the hand-written corpus in
  ``nlp/sentiment_data/corpus_id_*.txt`` and lexicons beside it; nothing is downloaded or
  unpickled.
* English: VADER (``vaderSentiment``), compound score with the usual +/-0.05 thresholds.

The corpus is split by a hash of each sentence (see :func:`corpus_split`): ``train`` (70 %),
``dev`` (10 %, used only to choose hyper-parameters) and ``test`` (20 %, never used for
training or tuning). The shipped model is fitted on ``train`` + ``dev``; ``test`` and
``posts_test.csv`` stay held out so their scores describe the shipped model honestly.

Transformers backend (``HAPUSWATCH_SENTIMENT_MODEL=<Hugging Face id or local path>``): see
:class:`TransformersSentimentAnalyzer`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

ENV_VAR = "HAPUSWATCH_SENTIMENT_MODEL"
LABELS_ENV_VAR = "HAPUSWATCH_SENTIMENT_LABELS"
DATA_DIR = Path(__file__).with_name("sentiment_data")
LABELS: tuple[str, str, str] = ("negative", "neutral", "positive")

# Long posts are cut before featurising: sentiment is carried by the opening paragraphs and a
# 100 kB paste must not stall a batch.
MAX_CHARS = 4000

# Hyper-parameters chosen on the dev split (see benchmarks/bench_sentiment.py --tune).
_LOGREG_C = 4.0
_NEUTRAL_BIAS = 0.0


class SentimentAnalyzer(Protocol):
    """What every sentiment backend offers."""

    version: str

    def predict(self, texts: list[str], langs: list[str] | None = None) -> list[tuple[str, float]]:
        """Return one ``(label, score)`` per text; see the module docstring."""
        ...


# --------------------------------------------------------------------------------------------
# Shipped resources
# --------------------------------------------------------------------------------------------

_LABEL_MARKS = {"+": "positive", "-": "negative", "=": "neutral"}


@dataclass(frozen=True)
class LabelledText:
    """One hand-labelled sentence of the shipped corpus."""

    text: str
    label: str
    domain: str
    source: str
    lang: str = ""


def load_corpus(data_dir: Path = DATA_DIR) -> list[LabelledText]:
    """Read every ``corpus_id_*.txt`` file: ``+``/``-``/``=`` then a space then the sentence."""
    rows: list[LabelledText] = []
    for path in sorted(data_dir.glob("corpus_id_*.txt")):
        domain = "umum"
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if not line:
                continue
            if line.startswith("#"):
                if line.startswith("# domain:"):
                    domain = line.split(":", 1)[1].strip()
                continue
            mark, _, text = line.partition(" ")
            if mark not in _LABEL_MARKS or not text.strip():
                raise ValueError(f"{path.name}: bad corpus line {raw!r}")
            rows.append(LabelledText(text.strip(), _LABEL_MARKS[mark], domain, path.name))
    return rows


def corpus_split(text: str) -> str:
    """Deterministic split of a corpus sentence: ``train`` / ``dev`` / ``test`` by text hash.

    Hashing the lower-cased, whitespace-collapsed text keeps a sentence in the same split
    whatever file it lives in and however it is re-ordered.
    """
    key = " ".join(text.lower().split()).encode("utf-8")
    bucket = int(hashlib.sha1(key).hexdigest()[:8], 16) % 10
    if bucket < 7:
        return "train"
    if bucket == 7:
        return "dev"
    return "test"


def load_labelled_posts(path: Path | None = None) -> list[LabelledText]:
    """Read a labelled CSV (columns ``text,label[,lang]``) such as ``posts_test.csv``."""
    import csv

    path = path or DATA_DIR / "posts_test.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            LabelledText(row["text"], row["label"].strip(), "posts", path.name, row.get("lang") or "")
            for row in csv.DictReader(fh)
        ]


def _package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:  # vendored or odd installs; the name alone still identifies it
        return "unknown"


def _read_word_list(path: Path) -> list[str]:
    words = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            words.append(line.lower())
    return words


def _read_slang(path: Path) -> dict[str, str]:
    mapping = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        src, _, dst = raw.partition("\t")
        if dst.strip():
            mapping[src.strip().lower()] = dst.strip().lower()
    return mapping


def _data_fingerprint(data_dir: Path) -> str:
    """Hash of the training data, lexicons and this module's code (the model's full recipe)."""
    digest = hashlib.sha256()
    files = sorted(data_dir.glob("corpus_id_*.txt")) + [
        data_dir / "lexicon_positive.txt",
        data_dir / "lexicon_negative.txt",
        data_dir / "slang.tsv",
        Path(__file__),
    ]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# --------------------------------------------------------------------------------------------
# Text featurisation (pure Python: it must run at tens of thousands of posts per second)
# --------------------------------------------------------------------------------------------

_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MENTION_RE = re.compile(r"@\w+")
_REPEAT_RE = re.compile(r"(\w)\1{2,}")
# Words (letters/digits, optionally joined by hyphen or apostrophe), or any single
# non-space, non-word character (punctuation and emoji).
_TOKEN_RE = re.compile(r"[^\W_]+(?:['-][^\W_]+)*|[^\w\s]")
_REDUP_DIGIT_RE = re.compile(r"^([a-z]{3,})2$")

_NEGATORS = frozenset(
    {
        "tidak",
        "bukan",
        "belum",
        "jangan",
        "kurang",
        "tanpa",
        "anti",
        "not",
        "no",
        "never",
        "dont",
        "don't",
        "didn't",
        "isn't",
        "wasn't",
        "cannot",
        "can't",
        "won't",
    }
)
# "bukan main" / "tidak kalah" are idioms of praise, not negations.
_NEGATION_EXCEPTIONS = frozenset({("bukan", "main"), ("tidak", "kalah")})
_CONTRAST = frozenset(
    {
        "tapi",
        "tetapi",
        "namun",
        "sayangnya",
        "sayang",
        "padahal",
        "cuma",
        "hanya",
        "malah",
        "ternyata",
        "walaupun",
        "meski",
        "meskipun",
        "but",
        "however",
        "although",
    }
)
_CLAUSE_BREAK = frozenset({".", ",", "!", "?", ";", ":", "…"})
_QUESTION_WORDS = frozenset(
    {"apakah", "bagaimana", "gimana", "kapan", "berapa", "dimana", "mana", "kenapa", "mengapa", "siapa", "apa"}
)
_INTENSIFIERS = frozenset({"banget", "sekali", "sangat", "amat", "parah", "terlalu", "paling", "super", "bener"})
_STEM_PREFIXES = (
    "meng",
    "meny",
    "mem",
    "men",
    "me",
    "peng",
    "peny",
    "pem",
    "pen",
    "pe",
    "ber",
    "ter",
    "di",
    "ke",
    "se",
)
_STEM_SUFFIXES = ("nya", "kan", "lah", "kah", "an", "i")

# Function words for routing un-tagged texts to VADER; deliberately words that do not occur in
# Indonesian so that code-switched Indonesian ("delete akun fb") stays with the Indonesian model.
_ENGLISH_HINTS = frozenset(
    {
        "the",
        "is",
        "are",
        "was",
        "were",
        "this",
        "that",
        "and",
        "of",
        "to",
        "it",
        "i",
        "you",
        "my",
        "your",
        "have",
        "has",
        "with",
        "for",
        "not",
        "just",
        "they",
        "we",
        "be",
        "been",
        "what",
        "why",
        "how",
        "so",
        "very",
        "really",
        "would",
        "should",
        "because",
        "their",
        "there",
        "about",
        "from",
        "will",
        "can",
        "don't",
        "it's",
        "i'm",
        "me",
    }
)
_EDGE_PUNCT = ".,!?;:\"'()[]{}…“”‘’*_~"
_INDONESIAN_HINTS = frozenset(
    {
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "ini",
        "itu",
        "tidak",
        "saya",
        "untuk",
        "dengan",
        "ada",
        "sudah",
        "akan",
        "juga",
        "banget",
        "sekali",
        "karena",
        "tapi",
        "bisa",
        "kita",
        "nya",
        "aja",
        "saja",
        "lagi",
        "mau",
        "kalau",
        "sama",
        "akun",
        "hapus",
        "orang",
    }
)


def _strip_affixes(word: str) -> str:
    """Very light Indonesian stemmer: enough to relate 'mengecewakan' to 'kecewa'."""
    stem = word
    for suffix in _STEM_SUFFIXES:
        if stem.endswith(suffix) and len(stem) - len(suffix) >= 4:
            stem = stem[: -len(suffix)]
            break
    for prefix in _STEM_PREFIXES:
        if stem.startswith(prefix) and len(stem) - len(prefix) >= 4:
            stem = stem[len(prefix) :]
            break
    return stem


class _Featuriser:
    """Turns one text into a list of string features (tokens, bigrams, lexicon cues)."""

    def __init__(self, positive: Iterable[str], negative: Iterable[str], slang: dict[str, str]):
        self.slang = slang
        self.lexicon: dict[str, int] = {}
        for word in negative:
            self.lexicon[word] = -1
        for word in positive:
            self.lexicon[word] = 1
        # Stems of lexicon entries let inflected forms ("kecewanya", "dikecewakan") hit too.
        self.stem_lexicon: dict[str, int] = {}
        for word, pol in self.lexicon.items():
            if " " not in word and len(word) >= 4:
                self.stem_lexicon.setdefault(_strip_affixes(word), pol)
        self._cache: dict[str, tuple[int, str | None]] = {}

    def tokens(self, text: str) -> list[str]:
        """Normalised tokens: lower case, URLs/mentions dropped, slang expanded."""
        text = text[:MAX_CHARS].lower()
        if "http" in text or "www." in text:
            text = _URL_RE.sub(" ", text)
        if "@" in text:
            text = _MENTION_RE.sub(" ", text)
        if "#" in text:
            text = text.replace("#", " ")
        text = _REPEAT_RE.sub(r"\1", text)
        out: list[str] = []
        slang = self.slang
        for tok in _TOKEN_RE.findall(text):
            if tok[0].isalnum():
                match = _REDUP_DIGIT_RE.match(tok)
                if match:  # "ngeri2" is written reduplication of "ngeri"
                    tok = match.group(1)
                elif "-" in tok:
                    first, _, second = tok.partition("-")
                    if first == second:  # "lama-lama" -> "lama"
                        tok = first
                mapped = slang.get(tok)
                if mapped is not None:
                    out.extend(mapped.split())
                    continue
            elif unicodedata.category(tok)[0] in "SC" and tok not in self.lexicon:
                continue  # unknown symbols / emoji carry no learnt signal
            out.append(tok)
        return out

    def _word_info(self, tok: str) -> tuple[int, str | None]:
        """(lexicon polarity, stem feature or None) for one token, memoised.

        Words repeat heavily across posts, so caching the stemmer and lexicon look-ups is what
        keeps the featuriser at tens of thousands of posts per second.
        """
        info = self._cache.get(tok)
        if info is None:
            pol = self.lexicon.get(tok)
            stem = _strip_affixes(tok) if tok.isalpha() and len(tok) >= 5 else None
            if pol is None and stem is not None:
                pol = self.stem_lexicon.get(stem)
            info = (pol or 0, "s:" + stem if stem is not None and len(tok) >= 6 else None)
            if len(self._cache) > 500_000:  # bound memory on adversarial vocabularies
                self._cache.clear()
            self._cache[tok] = info
        return info

    def features(self, text: str) -> list[str]:
        """Word-level feature strings of one text (see :meth:`analyse`)."""
        return self.analyse(text)[0]

    def analyse(self, text: str) -> tuple[list[str], list[str]]:
        """Word/bigram/lexicon feature strings, plus the word tokens for character n-grams.

        Repeats in the first list count as term frequency. The second list holds the plain
        alphabetic tokens; their character n-grams let the model generalise to spellings and
        inflections it never saw (``mengecewakannya``, ``enaaak``).
        """
        toks = self.tokens(text)
        feats: list[str] = []
        if not toks:
            return ["__empty__"], []
        lexicon = self.lexicon
        negate_left = 0
        pos = neg = 0
        tail_pos = tail_neg = 0  # lexicon hits after the last contrast word
        question = False
        intensified = False
        words: list[str] = []
        lexical: list[str] = []
        # Set when a two-word lexicon entry matched, so its second word is not counted again.
        skip_lexicon = False
        n_toks = len(toks)
        for i, tok in enumerate(toks):
            if tok in _CLAUSE_BREAK:
                negate_left = 0
                skip_lexicon = False
                if tok == "?":
                    question = True
                words.append("|")
                continue
            if tok in _CONTRAST:
                tail_pos = tail_neg = 0
                negate_left = 0
                feats.append("__contrast__")
            if tok in _INTENSIFIERS:
                intensified = True
            if i == 0 and tok in _QUESTION_WORDS:
                question = True
            pol = 0
            stem_feature = None
            if skip_lexicon:
                skip_lexicon = False
            else:
                # Two-word lexicon entries ("luar biasa", "biasa saja", "tidak kecewa").
                if i + 1 < n_toks:
                    pol = lexicon.get(tok + " " + toks[i + 1], 0)
                    if pol:
                        skip_lexicon = True
                        feats.append("__lexbi__")
                if not pol:
                    if tok in _NEGATORS and not (i + 1 < n_toks and (tok, toks[i + 1]) in _NEGATION_EXCEPTIONS):
                        negate_left = 3
                        words.append(tok)
                        feats.append(tok)
                        continue
                    pol, stem_feature = self._word_info(tok)
            if negate_left:
                negate_left -= 1
                word = "neg_" + tok
                if pol:
                    pol = -pol
                    feats.append("__negflip__")
            else:
                word = tok
            words.append(word)
            feats.append(word)
            if len(tok) >= 3 and tok.isalpha():
                lexical.append(tok)
            if stem_feature is None:
                stem_feature = self._word_info(tok)[1]
            if stem_feature is not None:
                feats.append(stem_feature)
            if pol > 0:
                pos += 1
                tail_pos += 1
                feats.append("__lexpos__")
            elif pol < 0:
                neg += 1
                tail_neg += 1
                feats.append("__lexneg__")
        for a, b in zip(words, words[1:], strict=False):
            if a != "|" and b != "|":
                feats.append(a + " " + b)
        if pos == 0 and neg == 0:
            feats.append("__lexnone__")
        elif pos > neg:
            feats.append("__lexbal_pos__")
        elif neg > pos:
            feats.append("__lexbal_neg__")
        else:
            feats.append("__lexbal_tie__")
        if tail_pos > tail_neg:
            feats.append("__tail_pos__")
        elif tail_neg > tail_pos:
            feats.append("__tail_neg__")
        if question:
            feats.append("__question__")
        if intensified:
            feats.append("__intens__")
        n_words = len(words)
        feats.append("__len_short__" if n_words < 6 else "__len_mid__" if n_words < 20 else "__len_long__")
        return feats, lexical

    def looks_english(self, text: str) -> bool:
        """True when function words say the text is English rather than Indonesian."""
        # Whitespace split on the opening is enough for function words and far cheaper than
        # the full tokeniser; this runs on every post that arrives without a language code.
        words = [w.strip(_EDGE_PUNCT) for w in text[:1000].lower().split()]
        en = sum(w in _ENGLISH_HINTS for w in words)
        idn = sum(w in _INDONESIAN_HINTS or w in self.slang for w in words)
        return en >= 2 and en > 1.5 * idn


def _has_content(text: str) -> bool:
    """False for empty / whitespace / URL-only / mention-only texts."""
    stripped = _MENTION_RE.sub(" ", _URL_RE.sub(" ", text[:MAX_CHARS]))
    return any(not ch.isspace() for ch in stripped)


def to_review_style(text: str) -> str:
    """Lower-case and split punctuation by spaces, like tokenised public review benchmarks."""
    text = text.lower()
    text = re.sub(r"([^\w\s'-])", r" \1 ", text)
    return " ".join(text.split())


def _normalise_lang(lang: str | None) -> str:
    if not lang:
        return ""
    code = str(lang).strip().lower().replace("_", "-").split("-")[0]
    if code in {"en", "eng"}:
        return "en"
    if code in {"id", "in", "ind", "ms", "msa", "jv", "jav", "su", "sun"}:
        return "id"
    return ""


_CHAR_NGRAMS = (4,)


def _char_ngrams(word: str) -> list[str]:
    """Character n-grams (sizes in _CHAR_NGRAMS) of one word with boundary marks (``<ena``)."""
    marked = f"<{word}>"
    return ["c:" + marked[i : i + n] for n in _CHAR_NGRAMS for i in range(len(marked) - n + 1)]


class _TfidfVectoriser:
    """Sublinear TF-IDF over featuriser output, with per-word character n-grams cached as ids.

    scikit-learn's vectorisers would call back into Python for every feature string; caching
    each distinct word's n-gram column ids and building one CSR matrix per batch keeps
    featurisation the only per-post Python work.
    """

    def __init__(self, featuriser: _Featuriser, min_char_df: int = 2) -> None:
        self._featuriser = featuriser
        self._min_char_df = min_char_df
        self.vocabulary: dict[str, int] = {}
        self.idf = np.zeros(0)
        self._word_ids: dict[str, tuple[int, ...]] = {}

    def fit_transform(self, texts: Sequence[str]):
        """Learn the vocabulary and IDF weights from ``texts`` and return their matrix."""
        analysed = [self._featuriser.analyse(t) for t in texts]
        df: dict[str, int] = {}
        for feats, lexical in analysed:
            grams = {g for w in lexical for g in _char_ngrams(w)}
            for f in set(feats) | grams:
                df[f] = df.get(f, 0) + 1
        kept = sorted(f for f, n in df.items() if not f.startswith("c:") or n >= self._min_char_df)
        self.vocabulary = {f: i for i, f in enumerate(kept)}
        n_docs = len(texts)
        # Smoothed IDF, as in scikit-learn's TfidfTransformer(smooth_idf=True).
        self.idf = np.log((1 + n_docs) / (1 + np.array([df[f] for f in kept], dtype=np.float64))) + 1
        self._word_ids = {}
        return self._matrix(analysed)

    def transform(self, texts: Sequence[str]):
        """TF-IDF matrix (rows L2-normalised) of ``texts`` over the fitted vocabulary."""
        return self._matrix([self._featuriser.analyse(t) for t in texts])

    def _ids_of_word(self, word: str) -> tuple[int, ...]:
        ids = self._word_ids.get(word)
        if ids is None:
            vocab = self.vocabulary
            ids = tuple(vocab[g] for g in _char_ngrams(word) if g in vocab)
            if len(self._word_ids) > 500_000:  # bound memory on adversarial vocabularies
                self._word_ids.clear()
            self._word_ids[word] = ids
        return ids

    def _matrix(self, analysed: list[tuple[list[str], list[str]]]):
        from scipy.sparse import csr_matrix

        vocab_get = self.vocabulary.get
        ids_of_word = self._ids_of_word
        indices: list[int] = []
        indptr = [0]
        for feats, lexical in analysed:
            for f in feats:
                i = vocab_get(f)
                if i is not None:
                    indices.append(i)
            for w in lexical:
                indices.extend(ids_of_word(w))
            indptr.append(len(indices))
        n_cols = len(self.vocabulary)
        matrix = csr_matrix(
            (
                np.ones(len(indices), dtype=np.float64),
                np.asarray(indices, dtype=np.int64),
                np.asarray(indptr, dtype=np.int64),
            ),
            shape=(len(analysed), n_cols),
        )
        matrix.sum_duplicates()
        matrix.data = (1.0 + np.log(matrix.data)) * self.idf[matrix.indices]
        row_norms = np.sqrt(np.add.reduceat(matrix.data**2, matrix.indptr[:-1])) if matrix.nnz else None
        if row_norms is not None:
            # reduceat repeats the previous sum for empty rows; they have no data to scale.
            counts = np.diff(matrix.indptr)
            scale = np.repeat(1.0 / np.maximum(row_norms, 1e-12), counts)
            matrix.data *= scale
        return matrix


# --------------------------------------------------------------------------------------------
# Offline default
# --------------------------------------------------------------------------------------------


class OfflineSentimentAnalyzer:
    """Indonesian linear model trained from the shipped corpus, plus VADER for English."""

    def __init__(
        self,
        data_dir: Path = DATA_DIR,
        *,
        train_splits: Sequence[str] = ("train", "dev"),
        c: float = _LOGREG_C,
        neutral_bias: float = _NEUTRAL_BIAS,
    ) -> None:
        from sklearn.linear_model import LogisticRegression
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        self._featuriser = _Featuriser(
            _read_word_list(data_dir / "lexicon_positive.txt"),
            _read_word_list(data_dir / "lexicon_negative.txt"),
            _read_slang(data_dir / "slang.tsv"),
        )
        rows = [r for r in load_corpus(data_dir) if corpus_split(r.text) in set(train_splits)]
        texts: list[str] = []
        labels: list[str] = []
        for row in rows:
            # Every sentence is also learnt in the lower-cased, punctuation-split review style.
            review = to_review_style(row.text)
            for variant in (row.text, review) if review != row.text else (row.text,):
                texts.append(variant)
                labels.append(row.label)
        self._vectoriser = _TfidfVectoriser(self._featuriser)
        matrix = self._vectoriser.fit_transform(texts)
        # newton-cg reaches the same optimum as lbfgs here ~30x faster (lbfgs spends seconds in
        # its memory updates over the wide character n-gram space).
        self._model = LogisticRegression(C=c, solver="newton-cg", max_iter=1000, class_weight="balanced")
        self._model.fit(matrix, labels)
        classes = list(self._model.classes_)
        self._idx = {label: classes.index(label) for label in LABELS}
        self._bias = np.zeros(len(classes), dtype=np.float64)
        self._bias[self._idx["neutral"]] = neutral_bias
        self._vader = SentimentIntensityAnalyzer()
        split_tag = "+".join(train_splits)
        # The solver's numerics belong to the recipe too, hence the scikit-learn version.
        self.version = (
            f"offline-id-logreg:{_data_fingerprint(data_dir)}:{split_tag}:C{c:g}:nb{neutral_bias:g}"
            f":sklearn-{_package_version('scikit-learn')}|en-vader-{_package_version('vaderSentiment')}"
        )
        self.n_training_texts = len(rows)

    def _predict_indonesian(self, texts: list[str]) -> list[tuple[str, float]]:
        if not texts:
            return []
        matrix = self._vectoriser.transform(texts)
        logits = self._model.decision_function(matrix) + self._bias
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        classes = self._model.classes_
        best = probs.argmax(axis=1)
        polarity = probs[:, self._idx["positive"]] - probs[:, self._idx["negative"]]
        return [(str(classes[b]), round(float(s), 4)) for b, s in zip(best, polarity, strict=True)]

    def _predict_english(self, text: str) -> tuple[str, float]:
        compound = float(self._vader.polarity_scores(text[:MAX_CHARS])["compound"])
        if compound >= 0.05:
            return "positive", compound
        if compound <= -0.05:
            return "negative", compound
        return "neutral", compound

    def predict(self, texts: list[str], langs: list[str] | None = None) -> list[tuple[str, float]]:
        """Label each text; ``langs`` (ISO codes such as ``id``/``en``) route it when given.

        Texts without a usable language code are routed by a function-word check. Empty,
        URL-only and other content-free texts are ``("neutral", 0.0)``.
        """
        if langs is not None and len(langs) != len(texts):
            raise ValueError("langs must have the same length as texts")
        results: list[tuple[str, float] | None] = [None] * len(texts)
        # Duplicates (reposts, copy-paste campaigns) are scored once.
        indonesian: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            text = text if isinstance(text, str) else ("" if text is None else str(text))
            if not _has_content(text):
                results[i] = ("neutral", 0.0)
                continue
            lang = _normalise_lang(langs[i]) if langs is not None else ""
            if not lang:
                lang = "en" if self._featuriser.looks_english(text) else "id"
            if lang == "en":
                results[i] = self._predict_english(text)
            else:
                indonesian.setdefault(text, []).append(i)
        unique = list(indonesian)
        for text, result in zip(unique, self._predict_indonesian(unique), strict=True):
            for i in indonesian[text]:
                results[i] = result
        return [r if r is not None else ("neutral", 0.0) for r in results]


# --------------------------------------------------------------------------------------------
# Transformers backend
# --------------------------------------------------------------------------------------------

# Models whose generic LABEL_k names do not follow the default order.
KNOWN_LABEL_ORDERS: dict[str, tuple[str, ...]] = {
    "mdhugol/indonesia-bert-sentiment-classification": ("positive", "neutral", "negative"),
}

_LABEL_SYNONYMS = {
    "positive": "positive",
    "pos": "positive",
    "positif": "positive",
    "label_positive": "positive",
    "neutral": "neutral",
    "neu": "neutral",
    "netral": "neutral",
    "label_neutral": "neutral",
    "negative": "negative",
    "neg": "negative",
    "negatif": "negative",
    "label_negative": "negative",
}
_STAR_RE = re.compile(r"^([1-5])\s*stars?$")
_GENERIC_RE = re.compile(r"^label_(\d+)$")


def map_model_labels(id2label: dict[int, str], label_order: Sequence[str] | None = None) -> dict[int, str]:
    """Map a classifier's ``id2label`` onto ``positive`` / ``neutral`` / ``negative``.

    Accepted names (case-insensitive): ``positive/neutral/negative``, ``pos/neu/neg``,
    Indonesian ``positif/netral/negatif``, star ratings ``1 star`` .. ``5 stars`` (1-2 negative,
    3 neutral, 4-5 positive) and generic ``LABEL_k``. Generic labels follow ``label_order`` when
    given, else the documented default: three classes are ``(negative, neutral, positive)`` and
    two classes ``(negative, positive)`` (the cardiffnlp / SST-2 conventions).
    """
    ids = sorted(int(k) for k in id2label)
    mapping: dict[int, str] = {}
    generic: list[int] = []
    for idx in ids:
        name = str(id2label[idx]).strip().lower()
        if name in _LABEL_SYNONYMS:
            mapping[idx] = _LABEL_SYNONYMS[name]
        elif (star := _STAR_RE.match(name)) is not None:
            stars = int(star.group(1))
            mapping[idx] = "negative" if stars <= 2 else "neutral" if stars == 3 else "positive"
        elif _GENERIC_RE.match(name):
            generic.append(idx)
        else:
            raise ValueError(f"cannot map model label {id2label[idx]!r}; set {LABELS_ENV_VAR}")
    if generic:
        order = tuple(label_order) if label_order else None
        if order is None:
            if len(ids) == 3:
                order = ("negative", "neutral", "positive")
            elif len(ids) == 2:
                order = ("negative", "positive")
            else:
                raise ValueError(f"{len(ids)} generic labels; set {LABELS_ENV_VAR} to a comma-separated order")
        if len(order) != len(ids):
            raise ValueError(f"label order {order} does not match {len(ids)} model labels")
        for idx in generic:
            label = _LABEL_SYNONYMS.get(order[ids.index(idx)].strip().lower())
            if label is None:
                raise ValueError(f"unknown label {order[ids.index(idx)]!r} in label order")
            mapping[idx] = label
    if not {"positive", "negative"} <= set(mapping.values()):
        raise ValueError(f"model labels {id2label} lack a positive and a negative class")
    return mapping


class TransformersSentimentAnalyzer:
    """A Hugging Face ``AutoModelForSequenceClassification`` on CPU.

    Recommended Indonesian model: ``w11wo/indonesian-roberta-base-sentiment-classifier``
    (labels named ``positive`` / ``neutral`` / ``negative``, mapped by name). Also usable:
    ``mdhugol/indonesia-bert-sentiment-classification``, whose ``LABEL_0/1/2`` mean
    positive / neutral / negative (built into :data:`KNOWN_LABEL_ORDERS`). For other models with
    generic labels set ``HAPUSWATCH_SENTIMENT_LABELS`` (e.g. ``positive,neutral,negative``).

    Nothing is fetched when ``HF_HUB_OFFLINE=1``: the id must then be a local directory or
    already in the Hugging Face cache. Texts are truncated to the model's maximum length and
    scored in batches; the score is P(positive) - P(negative).
    """

    def __init__(self, model_id: str, *, batch_size: int = 32, max_length: int = 256) -> None:
        try:
            import torch
            from transformers import AutoModelForSequenceClassification, AutoTokenizer
        except ImportError as exc:  # pragma: no cover - transformers ships with the project
            raise RuntimeError(f"{ENV_VAR}={model_id!r} needs transformers and torch: {exc}") from exc

        self._torch = torch
        local = Path(model_id).expanduser()
        source = str(local.resolve()) if local.is_dir() else model_id
        offline = os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}
        try:
            # local_files_only honours HF_HUB_OFFLINE even when huggingface_hub was imported
            # before the variable was set (it reads its constants once, at import).
            self._tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=offline)
            self._model = AutoModelForSequenceClassification.from_pretrained(source, local_files_only=offline)
        except (OSError, ValueError) as exc:
            hint = " (HF_HUB_OFFLINE is set: use a local path or a cached model)" if offline else ""
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise RuntimeError(f"cannot load sentiment model {model_id!r} from {ENV_VAR}{hint}: {first_line}") from None
        self._model.eval()
        config = self._model.config
        order_env = os.environ.get(LABELS_ENV_VAR, "").strip()
        order = (
            tuple(x.strip() for x in order_env.split(",") if x.strip())
            if order_env
            else KNOWN_LABEL_ORDERS.get(model_id)
        )
        self.label_map = map_model_labels(dict(config.id2label), order)
        self._batch_size = batch_size
        limit = getattr(self._tokenizer, "model_max_length", max_length) or max_length
        positions = getattr(config, "max_position_embeddings", 512) or 512
        if getattr(config, "model_type", "") in {"roberta", "xlm-roberta", "camembert"}:
            positions -= 2  # RoBERTa reserves two position ids for the padding offset
        self._max_length = int(min(max_length, limit, positions, 512))
        self.model_id = model_id
        if local.is_dir():
            config_path = local / "config.json"
            blob = (
                config_path.read_bytes()
                if config_path.exists()
                else json.dumps(config.to_dict(), sort_keys=True).encode()
            )
            tag = hashlib.sha256(blob).hexdigest()[:12]
        else:
            tag = getattr(config, "_commit_hash", None) or "hub"
        order_tag = ",".join(self.label_map[i] for i in sorted(self.label_map))
        self.version = f"hf:{model_id}@{tag}:{order_tag}"

    def predict(self, texts: list[str], langs: list[str] | None = None) -> list[tuple[str, float]]:
        """Label each text with the model; ``langs`` is accepted for interface parity."""
        if langs is not None and len(langs) != len(texts):
            raise ValueError("langs must have the same length as texts")
        torch = self._torch
        results: list[tuple[str, float]] = [("neutral", 0.0)] * len(texts)
        todo = [
            (i, " ".join(t[:MAX_CHARS].split())) for i, t in enumerate(texts) if isinstance(t, str) and _has_content(t)
        ]
        # Sorting by length keeps padding (and CPU time) low inside each batch.
        todo.sort(key=lambda item: len(item[1]))
        n_labels = len(self.label_map)
        pos_ids = [i for i in range(n_labels) if self.label_map[i] == "positive"]
        neg_ids = [i for i in range(n_labels) if self.label_map[i] == "negative"]
        neu_ids = [i for i in range(n_labels) if self.label_map[i] == "neutral"]
        with torch.inference_mode():
            for start in range(0, len(todo), self._batch_size):
                chunk = todo[start : start + self._batch_size]
                enc = self._tokenizer(
                    [t for _, t in chunk],
                    padding=True,
                    truncation=True,
                    max_length=self._max_length,
                    return_tensors="pt",
                )
                probs = torch.softmax(self._model(**enc).logits.float(), dim=-1).numpy()
                for (i, _), row in zip(chunk, probs, strict=True):
                    p = {
                        "positive": float(row[pos_ids].sum()),
                        "negative": float(row[neg_ids].sum()),
                        "neutral": float(row[neu_ids].sum()) if neu_ids else 0.0,
                    }
                    label = max(p, key=p.__getitem__)
                    score = max(-1.0, min(1.0, p["positive"] - p["negative"]))
                    results[i] = (label, round(score, 4))
        return results


# --------------------------------------------------------------------------------------------
# Factory
# --------------------------------------------------------------------------------------------

_ANALYZERS: dict[str, SentimentAnalyzer] = {}
_LOCK = threading.Lock()


def get_sentiment_analyzer(model: str | None = None) -> SentimentAnalyzer:
    """Return the (memoised) analyser for ``model``.

    ``model=None`` reads ``HAPUSWATCH_SENTIMENT_MODEL``; unset, empty or ``offline`` selects the
    shipped offline default. Anything else is a Hugging Face id or local path loaded with
    :class:`TransformersSentimentAnalyzer`.
    """
    if model is None:
        model = os.environ.get(ENV_VAR, "")
    key = model.strip()
    if key.lower() in {"", "offline", "default"}:
        key = ""
    with _LOCK:
        analyzer = _ANALYZERS.get(key)
        if analyzer is None:
            analyzer = OfflineSentimentAnalyzer() if not key else TransformersSentimentAnalyzer(key)
            _ANALYZERS[key] = analyzer
        return analyzer


def macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Macro-averaged F1 over the three labels (labels absent from both count as 0)."""
    scores = []
    for label in LABELS:
        tp = sum(g == label and p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, pred, strict=True))
        denom = 2 * tp + fp + fn
        scores.append(0.0 if denom == 0 else 2 * tp / denom)
    return float(sum(scores) / len(scores))


__all__ = [
    "ENV_VAR",
    "LABELS",
    "LabelledText",
    "OfflineSentimentAnalyzer",
    "SentimentAnalyzer",
    "TransformersSentimentAnalyzer",
    "corpus_split",
    "get_sentiment_analyzer",
    "load_corpus",
    "load_labelled_posts",
    "macro_f1",
    "map_model_labels",
    "to_review_style",
]
