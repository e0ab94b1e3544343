"""Tests for nlp.sentiment: offline default (SmSA + tweets), label mapping and the transformers backend."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from nlp import sentiment
from nlp.evaluation import macro_f1
from nlp.sentiment import OfflineSentimentAnalyzer, get_sentiment_analyzer, map_model_labels
from nlp.sentiment.lexicon import polarity_tokens
from nlp.sentiment.model import SMSA_TRAIN, load_smsa
from nlp.text import reading_text

EVAL = Path(__file__).resolve().parents[1] / "nlp" / "eval_data"


@pytest.fixture(scope="module")
def offline():
    """The shipped offline analyser (trained once per test module)."""
    return get_sentiment_analyzer("")


def labels(analyzer, texts, langs=None):
    return [label for label, _ in analyzer.predict(texts, langs)]


# ---- offline default ------------------------------------------------------------------------


def test_indonesian_and_english_clear_cases(offline):
    texts = [
        "makanannya enak banget, pelayanannya ramah, pasti balik lagi",
        "kecewa berat, pesanan datang telat dan rusak",
        "akhirnya hapus akun fb, lega banget rasanya",
        "Just deleted my Facebook account and I feel so free and happy!",
        "Facebook is a disgusting, creepy company. I hate what they did.",
    ]
    assert labels(offline, texts, ["id", "id", "id", "en", "en"]) == [
        "positive",
        "negative",
        "positive",
        "positive",
        "negative",
    ]


def test_negation_is_read_by_the_lexicon_cues():
    assert polarity_tokens(reading_text("makanannya tidak enak")) == ["zzlexneg"]
    assert polarity_tokens(reading_text("makanannya enak")) == ["zzlexpos"]


def test_scores_are_signed_bounded_and_content_free_is_neutral(offline):
    out = offline.predict(["bagus sekali", "jelek sekali", "", "https://t.co/x", "@someone", None], None)
    assert all(-1.0 <= s <= 1.0 for _, s in out)
    assert out[0][1] > 0 > out[1][1]
    assert out[2:] == [("neutral", 0.0)] * 4


def test_langs_length_must_match(offline):
    with pytest.raises(ValueError):
        offline.predict(["a", "b"], ["id"])


def test_duplicates_and_order_preserved(offline):
    texts = ["enak banget", "buruk sekali", "enak banget"]
    out = offline.predict(texts, ["id"] * 3)
    assert out[0] == out[2] and out[0][0] == "positive" and out[1][0] == "negative"


def test_factory_reads_env_and_memoises(monkeypatch, offline):
    monkeypatch.delenv(sentiment.ENV_VAR, raising=False)
    assert get_sentiment_analyzer() is offline
    monkeypatch.setenv(sentiment.ENV_VAR, "")
    assert get_sentiment_analyzer() is offline
    assert get_sentiment_analyzer("offline") is offline
    assert isinstance(offline, OfflineSentimentAnalyzer) and offline.version.startswith("offline-v4:smsa-")


def test_smsa_copy_is_complete():
    train, valid = load_smsa(SMSA_TRAIN), load_smsa(EVAL / "smsa_valid.tsv")
    assert (len(train), len(valid)) == (11_000, 1_260)
    assert set(train["label"]) == set(valid["label"]) == {"positive", "neutral", "negative"}


def test_smsa_validation_floor(offline):
    """SmSA validation is never trained or tuned on (C chosen by CV on train): 0.87 measured, floor 0.84."""
    valid = load_smsa(EVAL / "smsa_valid.tsv")
    assert macro_f1(valid["label"].tolist(), labels(offline, valid["text"].tolist(), ["id"] * len(valid))) > 0.84


def test_tweet_test_half_floor(offline):
    """The tweets' test half is never trained on (the English model learns from the tune half)."""
    test = pd.read_csv(EVAL / "deletefacebook_2018_test.csv", dtype=str, keep_default_na=False)
    pred = labels(offline, test["text"].tolist(), ["en"] * len(test))
    assert macro_f1(test["sentiment"].tolist(), pred) > 0.5


@pytest.mark.parametrize(
    ("id2label", "order", "expected"),
    [
        ({0: "positive", 1: "neutral", 2: "negative"}, None, ["positive", "neutral", "negative"]),
        ({0: "NEGATIVE", 1: "POSITIVE"}, None, ["negative", "positive"]),
        ({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}, None, ["negative", "neutral", "positive"]),
        ({0: "LABEL_0", 1: "LABEL_1"}, None, ["negative", "positive"]),
        (
            {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"},
            ("positive", "neutral", "negative"),
            ["positive", "neutral", "negative"],
        ),
        ({0: "neg", 1: "neu", 2: "pos"}, None, ["negative", "neutral", "positive"]),
        ({0: "Negatif", 1: "Netral", 2: "Positif"}, None, ["negative", "neutral", "positive"]),
        (
            {0: "1 star", 1: "2 stars", 2: "3 stars", 3: "4 stars", 4: "5 stars"},
            None,
            ["negative", "negative", "neutral", "positive", "positive"],
        ),
    ],
)
def test_map_model_labels(id2label, order, expected):
    mapping = map_model_labels(id2label, order)
    assert [mapping[i] for i in sorted(mapping)] == expected


def test_map_model_labels_rejects_unknown():
    with pytest.raises(ValueError):
        map_model_labels({0: "joy", 1: "anger"})
    with pytest.raises(ValueError):
        map_model_labels({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2", 3: "LABEL_3"})


# ---- transformers backend with a tiny local model -------------------------------------------------


@pytest.fixture(scope="module")
def tiny_model_dir(tmp_path_factory) -> Path:
    """A 2-layer, 16-wide BERT whose classifier bias always picks class index 2."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    root = tmp_path_factory.mktemp("tiny_bert")
    vocab = [
        "[PAD]",
        "[UNK]",
        "[CLS]",
        "[SEP]",
        "[MASK]",
        "saya",
        "hapus",
        "akun",
        "facebook",
        "bagus",
        "jelek",
        "tidak",
        ".",
        ",",
    ]
    (root / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizer(vocab_file=str(root / "vocab.txt"))
    torch.manual_seed(0)
    config = transformers.BertConfig(
        vocab_size=len(vocab),
        hidden_size=16,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=32,
        num_labels=3,
        id2label={0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"},
        label2id={"LABEL_0": 0, "LABEL_1": 1, "LABEL_2": 2},
    )
    model = transformers.BertForSequenceClassification(config)
    with torch.no_grad():
        model.classifier.bias.copy_(torch.tensor([0.0, 0.0, 8.0]))
    out = root / "model"
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


def test_transformers_backend_default_order(monkeypatch, tiny_model_dir):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.delenv(sentiment.LABELS_ENV_VAR, raising=False)
    monkeypatch.setenv(sentiment.ENV_VAR, str(tiny_model_dir))
    analyzer = get_sentiment_analyzer()
    assert analyzer is get_sentiment_analyzer(str(tiny_model_dir))
    assert analyzer.version.startswith(f"hf:{tiny_model_dir}@")
    texts = ["saya hapus akun facebook", "", "jelek " * 5000, "bagus"] * 20
    out = analyzer.predict(texts)
    assert len(out) == len(texts)
    assert out[1] == ("neutral", 0.0)
    # LABEL_2 is "positive" under the documented default order; the bias makes it win.
    assert {label for i, (label, _) in enumerate(out) if i % 4 != 1} == {"positive"}
    assert all(0.9 < score <= 1.0 for i, (_, score) in enumerate(out) if i % 4 != 1)


def test_transformers_backend_label_override_changes_version(monkeypatch, tiny_model_dir):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv(sentiment.LABELS_ENV_VAR, "positive,neutral,negative")
    analyzer = sentiment.TransformersSentimentAnalyzer(str(tiny_model_dir))
    assert analyzer.predict(["saya hapus akun"]) == [("negative", pytest.approx(-1.0, abs=0.01))]
    assert analyzer.version != get_sentiment_analyzer(str(tiny_model_dir)).version
    assert analyzer.version != get_sentiment_analyzer("").version


def test_transformers_missing_model_is_one_clear_line(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(RuntimeError) as info:
        sentiment.TransformersSentimentAnalyzer("no-such-org/no-such-sentiment-model")
    message = str(info.value)
    assert sentiment.ENV_VAR in message and "\n" not in message
    with pytest.raises(RuntimeError):
        sentiment.TransformersSentimentAnalyzer(str(tmp_path / "empty-dir-that-does-not-exist"))
