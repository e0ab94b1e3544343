"""nlp.features: the fast character n-gram TF-IDF equals scikit-learn's on real text."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from nlp.features import CharNgrams, CharNgramTfidf, WordNgramTfidf

EVAL = Path(__file__).resolve().parents[1] / "nlp" / "eval_data"
SMSA_TRAIN = Path(__file__).resolve().parents[1] / "nlp" / "sentiment" / "data" / "smsa_train.tsv"


@pytest.fixture(scope="module")
def corpora() -> tuple[list[str], list[str]]:
    train = pd.read_csv(SMSA_TRAIN, sep="\t", dtype=str, keep_default_na=False)["text"].tolist()[:1500]
    valid = pd.read_csv(EVAL / "smsa_valid.tsv", sep="\t", dtype=str, keep_default_na=False)["text"].tolist()
    tweets = pd.read_csv(EVAL / "deletefacebook_2018_tune.csv", dtype=str, keep_default_na=False)["text"].tolist()
    odd = ["", "   ", "a", "😂😂🔥", "مرحبا بكم 你好世界", "aaaaaa aaaaaa aaaaaa", "x\u00a0\u2003y\n\n\tz"]
    odd.append("#DeleteFacebook ?!")
    return train, valid[:500] + tweets + odd


def _same(a, b) -> None:
    a, b = a.tocsr(), b.tocsr()
    assert a.shape == b.shape
    assert (a != b).nnz == 0
    # Same stored entries in the same order, so downstream sums are bit-identical.
    assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
    assert np.array_equal(a.data, b.data)


@pytest.mark.parametrize("ngrams", [(3, 5), (2, 5), (3, 4)])
def test_transform_equals_scikit_learn(corpora, ngrams) -> None:
    train, test = corpora
    params = {"sublinear_tf": True, "min_df": 2, "lowercase": False}
    reference = TfidfVectorizer(analyzer=CharNgrams(*ngrams), **params).fit(train)
    fast = CharNgramTfidf(analyzer=CharNgrams(*ngrams), **params).fit(train)
    assert fast.vocabulary_ == reference.vocabulary_  # fitting is scikit-learn's
    _same(fast.transform(test), reference.transform(test))
    # A second batch reuses the per-word cache; a batch of one works; an empty batch fails as scikit-learn's does.
    _same(fast.transform(test[::-1]), reference.transform(test[::-1]))
    _same(fast.transform(test[-8:-7]), reference.transform(test[-8:-7]))
    with pytest.raises(ValueError, match="0 sample"):
        reference.transform([])
    with pytest.raises(ValueError, match="0 sample"):
        fast.transform([])


def test_refit_and_pickle_drop_the_cache(corpora) -> None:
    train, test = corpora
    fast = CharNgramTfidf(analyzer=CharNgrams(3, 4), min_df=2, lowercase=False).fit(train[:500])
    fast.transform(test)
    fast.fit(train[500:])  # a new vocabulary: cached columns of the old one must not be reused
    reference = TfidfVectorizer(analyzer=CharNgrams(3, 4), min_df=2, lowercase=False).fit(train[500:])
    _same(fast.transform(test), reference.transform(test))
    restored = pickle.loads(pickle.dumps(fast))
    assert "_columns_cache" not in restored.__dict__
    _same(restored.transform(test), reference.transform(test))


@pytest.mark.parametrize(
    "params",
    [
        # The stance model's words (nlp.stance.model) and the sentiment models' (nlp.sentiment.model).
        {"token_pattern": r"(?u)#?\b\w[\w'-]*\b|<url>|<user>|[?!]", "sublinear_tf": True, "lowercase": False},
        {"sublinear_tf": True, "min_df": 2},
        {"ngram_range": (1, 1), "min_df": 2},
    ],
)
def test_word_transform_equals_scikit_learn(corpora, params) -> None:
    train, test = corpora
    params = {"ngram_range": (1, 2), **params}
    reference = TfidfVectorizer(**params).fit(train)
    fast = WordNgramTfidf(**params).fit(train)
    _same(fast.transform(test), reference.transform(test))
    _same(fast.transform(test[::-1]), reference.transform(test[::-1]))  # token ids reused
    _same(fast.transform(test[-8:-7]), reference.transform(test[-8:-7]))
    restored = pickle.loads(pickle.dumps(fast))
    assert "_word_table" not in restored.__dict__
    _same(restored.transform(test[:50]), reference.transform(test[:50]))


def test_word_tokens_with_spaces_fall_back() -> None:
    # A tokenizer that keeps spaces makes "a b" ambiguous (one token or a bigram): scikit-learn's path is used.
    params = {"tokenizer": lambda doc: doc.split(","), "token_pattern": None, "ngram_range": (1, 2)}
    docs = ["new york,is,big", "is,new york", "big,apple pie,is"]
    reference = TfidfVectorizer(**params).fit(docs)
    fast = WordNgramTfidf(**params).fit(docs)
    _same(fast.transform(docs + ["new york,apple pie"]), reference.transform(docs + ["new york,apple pie"]))
