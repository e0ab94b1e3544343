"""Shared n-gram featurisation for the stance and sentiment models.

:class:`CharNgrams` produces exactly scikit-learn's ``analyzer="char_wb"`` n-grams (each word padded
with one space, n-grams inside word boundaries), but caches them per word: words repeat across posts
(Zipf), so most of the per-character Python work is done once per vocabulary word instead of once
per occurrence. That serves the enrichment budget (goal ≥ 5,000 posts/s on 2 cores) with two
character n-gram models.

:class:`CharNgramTfidf` is scikit-learn's :class:`~sklearn.feature_extraction.text.TfidfVectorizer`
with a faster ``transform`` for a fitted :class:`CharNgrams` vocabulary: each distinct word is mapped
once to the columns of its n-grams, and a batch's count matrix is the product of a sparse
documents × words count matrix and that words × n-grams matrix (both built in numpy/scipy), instead of
one Python dictionary look-up per n-gram occurrence. The matrix is exactly scikit-learn's (same
entries, sorted indices; ``tests/test_features.py``); fitting is scikit-learn's own code.
:class:`WordNgramTfidf` does the same for the models' word 1-2-grams: one dictionary look-up per
token, bigrams found as pairs of token ids in numpy.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from itertools import chain

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

_SPACES = re.compile(r"\s\s+")


@functools.lru_cache(maxsize=500_000)
def _word_ngrams(word: str, min_n: int, max_n: int) -> tuple[str, ...]:
    padded = f" {word} "
    size = len(padded)
    out: list[str] = []
    for n in range(min_n, max_n + 1):
        offset = 0
        out.append(padded[offset : offset + n])
        while offset + n < size:
            offset += 1
            out.append(padded[offset : offset + n])
        if offset == 0:  # a word shorter than n yields itself once, as scikit-learn does
            break
    return tuple(out)


class CharNgrams:
    """Callable analyser: character n-grams within word boundaries, cached per word."""

    def __init__(self, min_n: int, max_n: int) -> None:
        self.min_n, self.max_n = min_n, max_n

    def words(self, doc: str) -> list[str]:
        """The words whose n-grams :meth:`__call__` returns, in order."""
        return _SPACES.sub(" ", doc).split()

    def word_ngrams(self, word: str) -> tuple[str, ...]:
        """One word's n-grams (cached)."""
        return _word_ngrams(word, self.min_n, self.max_n)

    def __call__(self, doc: str) -> list[str]:
        return list(chain.from_iterable(_word_ngrams(w, self.min_n, self.max_n) for w in self.words(doc)))

    def __repr__(self) -> str:  # stable in pipeline reprs and versions
        return f"CharNgrams({self.min_n}, {self.max_n})"


_NO_COLUMNS = np.zeros(0, dtype=np.int64)
_MAX_CACHED_WORDS = 500_000


class CharNgramTfidf(TfidfVectorizer):
    """TfidfVectorizer whose fitted ``transform`` counts :class:`CharNgrams` per distinct word.

    Same parameters and results as :class:`~sklearn.feature_extraction.text.TfidfVectorizer`. Only
    counting with a fitted vocabulary (``transform``) takes the fast path, and only when ``analyzer``
    is a :class:`CharNgrams` reading string content; anything else, and fitting, is scikit-learn's code.
    """

    def _count_vocab(self, raw_documents, fixed_vocab):
        analyzer = self.analyzer
        if not fixed_vocab or not isinstance(analyzer, CharNgrams) or self.input != "content":
            return super()._count_vocab(raw_documents, fixed_vocab)
        vocabulary = self.vocabulary_
        return vocabulary, self._count_fixed(raw_documents, analyzer, vocabulary)

    def _word_columns(self, vocabulary: dict[str, int]) -> dict[str, np.ndarray]:
        # word -> columns of its in-vocabulary n-grams (repeats kept); reset if the vocabulary changes.
        cache = self.__dict__.get("_columns_cache")
        if cache is None or cache[0] is not vocabulary or len(cache[1]) > _MAX_CACHED_WORDS:
            cache = self.__dict__["_columns_cache"] = (vocabulary, {})
        return cache[1]

    def _count_fixed(self, raw_documents: Iterable[object], analyzer: CharNgrams, vocabulary: dict[str, int]):
        decode = self.decode
        word_ids: dict[str, int] = {}
        flat: list[int] = []
        indptr = [0]
        for doc in raw_documents:
            flat.extend([word_ids.setdefault(w, len(word_ids)) for w in analyzer.words(decode(doc))])
            indptr.append(len(flat))
        n_docs, n_words = len(indptr) - 1, len(word_ids)
        # Documents x words: how often each word occurs in each document.
        docs_words = sp.csr_array(
            (np.ones(len(flat), dtype=self.dtype), np.asarray(flat, dtype=np.int64), np.asarray(indptr, np.int64)),
            shape=(n_docs, n_words),
        )
        docs_words.sum_duplicates()
        # Words x n-gram columns: how often each fitted n-gram occurs in each word.
        columns = self._word_columns(vocabulary)
        get = vocabulary.get
        per_word: list[np.ndarray] = []
        for word in word_ids:
            cols = columns.get(word)
            if cols is None:
                found = [c for c in map(get, analyzer.word_ngrams(word)) if c is not None]
                cols = columns[word] = np.asarray(found, dtype=np.int64) if found else _NO_COLUMNS
            per_word.append(cols)
        lengths = np.fromiter((c.size for c in per_word), dtype=np.int64, count=n_words)
        word_ptr = np.zeros(n_words + 1, dtype=np.int64)
        np.cumsum(lengths, out=word_ptr[1:])
        word_cols = np.concatenate(per_word) if per_word else _NO_COLUMNS
        words_ngrams = sp.csr_array(
            (np.ones(word_cols.size, dtype=self.dtype), word_cols, word_ptr), shape=(n_words, len(vocabulary))
        )
        words_ngrams.sum_duplicates()
        counts = sp.csr_array(docs_words @ words_ngrams)
        counts.sum_duplicates()  # also sorts the indices, as scikit-learn's counts are
        return counts

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_columns_cache", None)
        return state


class _WordTable:
    """Token ids and the fitted vocabulary as arrays: unigram column per token id, sorted bigram codes."""

    def __init__(self, vocabulary: dict[str, int], max_n: int) -> None:
        self.vocabulary = vocabulary
        self.token_ids: dict[str, int] = {}
        unigrams: dict[int, int] = {}
        bigrams: dict[int, int] = {}
        ids = self.token_ids
        for feature, column in vocabulary.items():
            parts = feature.split(" ") if max_n == 2 else [feature]
            if len(parts) == 1:
                unigrams[ids.setdefault(feature, len(ids))] = column
            else:  # two tokens (checked by the caller)
                a, b = ids.setdefault(parts[0], len(ids)), ids.setdefault(parts[1], len(ids))
                bigrams[a * _PAIR + b] = column
        self.unigram_column = np.full(len(ids), -1, dtype=np.int64)
        self.unigram_column[list(unigrams)] = list(unigrams.values())
        codes = np.fromiter(bigrams, dtype=np.int64, count=len(bigrams))
        order = np.argsort(codes)
        self.bigram_codes = codes[order]
        self.bigram_column = np.fromiter(bigrams.values(), dtype=np.int64, count=len(bigrams))[order]
        self.fitted_tokens = len(ids)


_PAIR = 1 << 31
_MAX_TOKENS = 2_000_000


class WordNgramTfidf(TfidfVectorizer):
    """TfidfVectorizer whose fitted ``transform`` counts word 1-grams and 1-2-grams with numpy.

    Same parameters and results as :class:`~sklearn.feature_extraction.text.TfidfVectorizer`
    (same tokenizer and preprocessor). With a fitted vocabulary, each token is mapped to an integer
    id with one dictionary look-up; unigram columns and bigram columns (pairs of ids, binary-searched in
    the fitted bigrams) are then found for the whole batch at once, instead of building every bigram
    string and looking it up. Fitting, other analysers and n-gram ranges are scikit-learn's own code.
    """

    def _count_vocab(self, raw_documents, fixed_vocab):
        min_n, max_n = self.ngram_range
        if (
            not fixed_vocab
            or self.analyzer != "word"
            or self.input != "content"
            or self.stop_words is not None
            or min_n != 1
            or max_n not in (1, 2)
        ):
            return super()._count_vocab(raw_documents, fixed_vocab)
        vocabulary = self.vocabulary_
        table = self._table(vocabulary, max_n)
        docs = list(raw_documents)
        counts = None if table is None else self._count_fixed(docs, table, max_n)
        if counts is None:  # a token holds a space: bigram strings would be ambiguous
            return super()._count_vocab(docs, fixed_vocab)
        return vocabulary, counts

    def _table(self, vocabulary: dict[str, int], max_n: int) -> _WordTable | None:
        table = self.__dict__.get("_word_table")
        if table is None or table.vocabulary is not vocabulary or len(table.token_ids) > _MAX_TOKENS:
            if max_n == 2 and any(f.count(" ") > 1 for f in vocabulary):
                return None
            table = self.__dict__["_word_table"] = _WordTable(vocabulary, max_n)
        return table

    def _count_fixed(self, docs: list[object], table: _WordTable, max_n: int):
        decode, preprocess, tokenize = self.decode, self.build_preprocessor(), self.build_tokenizer()
        token_ids = table.token_ids
        flat: list[int] = []
        lengths: list[int] = []
        for doc in docs:
            tokens = tokenize(preprocess(decode(doc)))
            if max_n == 2 and " " in "".join(tokens):
                return None
            # Ids of unseen tokens are >= fitted_tokens, so two threads giving two of them one id is harmless.
            flat.extend([token_ids.setdefault(t, len(token_ids)) for t in tokens])
            lengths.append(len(tokens))
        ids = np.asarray(flat, dtype=np.int64)
        rows = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
        # Tokens first seen now are not in the vocabulary: no unigram column.
        known = ids < table.fitted_tokens
        unigram = np.full(ids.size, -1, dtype=np.int64)
        unigram[known] = table.unigram_column[ids[known]]
        hit = unigram >= 0
        all_rows, all_cols = [rows[hit]], [unigram[hit]]
        if max_n == 2 and ids.size > 1 and table.bigram_codes.size:
            same_doc = rows[:-1] == rows[1:]
            codes = (ids[:-1] * _PAIR + ids[1:])[same_doc]
            pair_rows = rows[:-1][same_doc]
            pos = np.minimum(np.searchsorted(table.bigram_codes, codes), table.bigram_codes.size - 1)
            found = table.bigram_codes[pos] == codes
            all_rows.append(pair_rows[found])
            all_cols.append(table.bigram_column[pos[found]])
        row, col = np.concatenate(all_rows), np.concatenate(all_cols)
        counts = sp.csr_array(
            (np.ones(row.size, dtype=self.dtype), (row, col)), shape=(len(docs), len(table.vocabulary))
        )
        counts.sum_duplicates()
        counts.sort_indices()
        return counts

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_word_table", None)
        return state
