"""What may become a topic term: stopwords, chat filler, and the placeholders that must never be terms.

Topic terms come from c-TF-IDF over :func:`clean_for_terms` of each post, tokenised by
:func:`make_vectorizer`: words that are not stopwords, and phrases of such words that stand next to
each other in the post (:class:`PhraseAnalyzer`). Placeholders the pipeline itself writes
(``@[user]``, ``u/[user]``, ``<url>``), links, HTML entities (``&amp;``) and retweet markers (``RT``) are
removed before tokenising, so they cannot turn into terms such as "user user" or "amp".
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

# Chat filler and platform words that stopwordsiso lacks; they carry no theme.
SOCIAL_FILLER = {
    "yg", "gak", "ga", "gk", "nggak", "ngga", "enggak", "engga", "aja", "aj", "nya", "sih", "dong", "deh",
    "kok", "loh", "lho", "kan", "banget", "bgt", "udah", "udh", "sdh", "dah", "tdk", "dgn", "utk", "klo",
    "kalo", "kl", "jg", "lg", "tp", "trus", "emang", "kayak", "kyk", "gitu", "gini", "nih", "tuh", "wkwk",
    "wkwkwk", "haha", "hehe", "ya", "yaa", "yah", "fb", "btw", "fyi", "lol", "im", "dont", "doesnt", "cant",
    "http", "https", "www", "com", "amp", "bener", "fix", "gimana", "kalian", "aku", "gue", "gw", "lu", "lo",
    "sama", "bikin", "aduh", "jujur", "serius", "menurutku", "kesel", "gila", "parah", "mutusin", "pokoknya",
    "anjir", "rt", "via", "didnt", "isnt", "wont", "ive", "youre", "thats", "theyre", "whats",
}  # fmt: skip
# stopwordsiso lists these as English stopwords, but here they are the subject matter.
KEEP_TERMS = {"ai"}

URL_RE = re.compile(r"(https?://\S+|www\.\S+|\b\S+\.(?:ly|com|id|co|net|org)/\S*)", re.IGNORECASE)
# Placeholders written by ingestion.privacy (@[user], u/[user]) and nlp.text (<user>, <url>), any bare [user].
PLACEHOLDER_RE = re.compile(r"(?:@|u/)?\[user\]|<user>|<url>", re.IGNORECASE)
HANDLE_RE = re.compile(r"[@#]\w+")
# A retweet marker: "RT" as its own upper-case word (Twitter writes "RT @user:").
RETWEET_RE = re.compile(r"(?<!\w)RT(?!\w)")
TOKEN_PATTERN = r"(?u)\b[^\W\d_]{2,}\b"
TOKEN_RE = re.compile(TOKEN_PATTERN)
# Every word (digits and one-letter words too: they break a phrase) and the punctuation that ends a clause.
WORD_OR_BREAK_RE = re.compile(r"(?u)\w+|[.,!?;:()\[\]{}\"“”…|/]+")
# What joins documents so that no phrase runs from one post into the next (BERTopic joins a topic's posts).
DOC_BREAK = " . "


@lru_cache(maxsize=1)
def topic_stopwords() -> frozenset[str]:
    """Indonesian + English stopwords (stopwordsiso) plus social-media filler."""
    import stopwordsiso

    words = set(stopwordsiso.stopwords(["id", "en"])) | SOCIAL_FILLER
    # Add the tokens the vectoriser makes of multi-part entries ("kurang-nya", "mightn't").
    words |= {tok for w in list(words) for tok in TOKEN_RE.findall(w)}
    return frozenset(w for w in words if w not in KEEP_TERMS)


def clean_for_terms(text: str) -> str:
    """The text c-TF-IDF sees: entities decoded; links, placeholders, handles, hashtags and RT removed."""
    text = html.unescape(text or "")
    text = URL_RE.sub(" ", text)
    text = PLACEHOLDER_RE.sub(" ", text)
    text = RETWEET_RE.sub(" ", text)
    return HANDLE_RE.sub(" ", text)


class PhraseAnalyzer:
    """Terms of a text: its words (letters only, 2+, no stopword) and phrases of up to ``ngram_max`` of them.

    A phrase is words that stand next to each other in the text: a stopword, a number, a one-letter
    word or clause punctuation between two words breaks it. (scikit-learn's ``stop_words`` drops the
    stopwords first and then joins the rest, so "resep di meta" would yield "resep meta", a phrase
    no post contains.)
    """

    def __init__(self, ngram_max: int = 2, stop_words: frozenset[str] | None = None):
        self.ngram_max = ngram_max
        self.stop_words = topic_stopwords() if stop_words is None else stop_words

    def _term(self, token: str) -> bool:
        return token not in self.stop_words and TOKEN_RE.fullmatch(token) is not None

    def __call__(self, text: str) -> list[str]:
        runs: list[list[str]] = [[]]
        for token in WORD_OR_BREAK_RE.findall(text.lower()):
            if self._term(token):
                runs[-1].append(token)
            elif runs[-1]:
                runs.append([])
        terms = [w for run in runs for w in run]
        for n in range(2, self.ngram_max + 1):
            terms += [" ".join(run[i : i + n]) for run in runs for i in range(len(run) - n + 1)]
        return terms


def make_vectorizer(ngram_max: int = 2, max_features: int = 30_000):
    """CountVectorizer for c-TF-IDF over :class:`PhraseAnalyzer` terms (ID+EN stopwords and filler out)."""
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(
        analyzer=PhraseAnalyzer(ngram_max),
        # BERTopic fits this on one concatenated document per topic, so min_df would count topics,
        # not posts, and drop the most topic-specific words; max_features bounds memory instead.
        min_df=1,
        max_features=max_features,
    )
