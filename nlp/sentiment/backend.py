"""Optional transformers backend for sentiment (``HAPUSWATCH_SENTIMENT_MODEL=<Hugging Face id or path>``).

Loaded only when the environment variable names a model; the offline default
(:mod:`nlp.sentiment.model`) needs no torch at run time.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path

from nlp.sentiment.rules import has_content

ENV_VAR = "HAPUSWATCH_SENTIMENT_MODEL"
LABELS_ENV_VAR = "HAPUSWATCH_SENTIMENT_LABELS"
MAX_CHARS = 4000

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
            (i, " ".join(t[:MAX_CHARS].split())) for i, t in enumerate(texts) if isinstance(t, str) and has_content(t)
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
