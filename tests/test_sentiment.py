"""Tests for nlp.sentiment: offline default, label mapping and the transformers backend."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nlp import sentiment
from nlp.sentiment import (
    DATA_DIR,
    OfflineSentimentAnalyzer,
    corpus_split,
    get_sentiment_analyzer,
    load_corpus,
    load_labelled_posts,
    macro_f1,
    map_model_labels,
    to_review_style,
)


@pytest.fixture(scope="module")
def offline():
    """The shipped offline analyser (trained once per test module)."""
    return get_sentiment_analyzer("")


def labels(analyzer, texts, langs=None):
    return [label for label, _ in analyzer.predict(texts, langs)]


# ---- offline default: clear cases -----------------------------------------------------------


def test_indonesian_social_and_review_style(offline):
    texts = [
        "Akhirnya hapus akun FB, lega banget rasanya 😌",
        "warung ini enak banget , harganya juga murah . pelayanan ramah !",
        "Meta AI baca chat buat iklan? Serem, muak banget sama facebook",
        "pelayanannya lambat sekali dan makanannya hambar , kecewa",
        "Kebijakan itu berlaku mulai 16 Desember 2025 di Indonesia.",
        "bagaimana cara mengunduh arsip data sebelum menghapus akun ?",
    ]
    assert labels(offline, texts) == [
        "positive",
        "positive",
        "negative",
        "negative",
        "neutral",
        "neutral",
    ]


def test_english_goes_to_vader(offline):
    texts = [
        "Finally deleted my Facebook account and I feel great.",
        "Meta reading my chats for ads is creepy and disgusting.",
        "The policy took effect in December.",
    ]
    assert labels(offline, texts, ["en", "en", "en"]) == ["positive", "negative", "neutral"]
    # Without language codes the function-word check routes them the same way.
    assert labels(offline, texts) == ["positive", "negative", "neutral"]


def test_negation_flips_polarity(offline):
    (pos, s_pos), (neg, s_neg) = offline.predict(["makanannya enak", "makanannya tidak enak"])
    assert (pos, neg) == ("positive", "negative")
    assert s_pos > 0 > s_neg
    (gak_buruk, _), (buruk, _) = offline.predict(["gak buruk kok , malah enak", "buruk sekali"])
    assert (gak_buruk, buruk) == ("positive", "negative")
    assert labels(offline, ["I do not like this at all"], ["en"]) == ["negative"]


def test_contrast_clause_weighs(offline):
    assert labels(offline, ["tempatnya bagus tapi makanannya tidak enak dan mahal"]) == ["negative"]
    assert labels(offline, ["antrenya panjang tapi rasanya enak banget , puas"]) == ["positive"]


def test_scores_are_signed_and_bounded(offline):
    out = offline.predict(["mantap , sangat puas", "parah , sangat kecewa", "rapat hari senin"])
    assert out[0][1] > 0.3 and out[1][1] < -0.3 and abs(out[2][1]) < 0.5
    assert all(-1.0 <= score <= 1.0 for _, score in out)


# ---- offline default: bad input --------------------------------------------------------------


def test_bad_input_does_not_crash(offline):
    huge = "bagus " * 20_000  # ~120 kB
    texts = [
        "",
        "   ",
        "https://example.com/x?y=1",
        "@someone",
        "😂😂😂",
        huge,
        "中文 русский عربى",
        "\x00\ufeff",
        "!!!???",
    ]
    out = offline.predict(texts)
    assert len(out) == len(texts)
    assert out[0] == out[1] == out[2] == out[3] == ("neutral", 0.0)
    assert out[5][0] == "positive"
    assert all(label in {"positive", "neutral", "negative"} for label, _ in out)
    assert all(-1.0 <= score <= 1.0 for _, score in out)
    assert offline.predict([]) == []


def test_langs_length_must_match(offline):
    with pytest.raises(ValueError):
        offline.predict(["a", "b"], ["id"])


def test_duplicates_and_order_preserved(offline):
    texts = ["enak banget", "jelek banget", "enak banget"]
    out = offline.predict(texts)
    assert out[0] == out[2] and out[0][0] == "positive" and out[1][0] == "negative"
    assert offline.predict(texts[::-1]) == out[::-1]


# ---- factory, caching, versions ---------------------------------------------------------------


def test_factory_reads_env_and_memoises(monkeypatch, offline):
    monkeypatch.delenv(sentiment.ENV_VAR, raising=False)
    assert get_sentiment_analyzer() is offline
    monkeypatch.setenv(sentiment.ENV_VAR, "")
    assert get_sentiment_analyzer() is offline
    assert get_sentiment_analyzer("offline") is offline
    assert offline.version.startswith("offline-id-logreg:")


def test_version_changes_with_training_data(tmp_path: Path, offline):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    same = OfflineSentimentAnalyzer(data)
    assert same.version == offline.version  # same bytes, same recipe, same version
    with (data / "corpus_id_1.txt").open("a", encoding="utf-8") as fh:
        fh.write("+ kalimat tambahan yang sangat menyenangkan\n")
    changed = OfflineSentimentAnalyzer(data)
    assert changed.version != same.version


def test_corpus_and_split_are_deterministic():
    rows = load_corpus()
    assert len(rows) >= 900
    assert {r.label for r in rows} == {"positive", "neutral", "negative"}
    splits = [corpus_split(r.text) for r in rows]
    share_test = splits.count("test") / len(splits)
    assert 0.12 < share_test < 0.28
    assert corpus_split("Kalimat  Contoh") == corpus_split("kalimat contoh")
    assert to_review_style("Enak, murah!") == "enak , murah !"


def test_held_out_sets_reach_quality_bar(offline):
    """The held-out splits are never trained on; guard against silent regressions."""
    rows = [r for r in load_corpus() if corpus_split(r.text) == "test"]
    texts = [to_review_style(r.text) for r in rows]
    assert macro_f1([r.label for r in rows], labels(offline, texts, ["id"] * len(texts))) > 0.8
    posts = load_labelled_posts()
    pred = labels(offline, [p.text for p in posts], [p.lang for p in posts])
    assert macro_f1([p.label for p in posts], pred) > 0.8


def test_macro_f1():
    assert macro_f1(["positive", "negative", "neutral"], ["positive", "negative", "neutral"]) == 1.0
    assert macro_f1(["positive", "positive"], ["negative", "negative"]) == 0.0


# ---- label mapping ------------------------------------------------------------------------------


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
