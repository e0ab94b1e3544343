"""What an export file is: its text encoding and its format (tweet-harvest, 4CAT, JSONL, CSV)."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from pathlib import Path

FORMATS = ("tweet-harvest", "4cat", "jsonl", "csv")
JSON_EXTENSIONS = {".jsonl", ".ndjson", ".json"}
CSV_EXTENSIONS = {".csv", ".tsv", ".txt"}
IMPORT_EXTENSIONS = {".csv", ".jsonl", ".ndjson", ".json"}

# Encodings charset-normalizer may choose between for a file that is not UTF-8: what spreadsheets and
# older tools write for Indonesian/English text. Restricting the candidates keeps short files from
# being read as an exotic code page (cp775 for "Café").
CANDIDATE_ENCODINGS = ["utf_8", "utf_16", "cp1252", "latin_1", "iso8859_15"]
_SURROGATE = re.compile("[\udc80-\udcff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_DETECT_SAMPLE = 256 * 1024
# Non-ASCII characters a Western single-byte text plausibly holds: accented letters, typographic
# punctuation, currency and a few common signs.
_PLAUSIBLE = frozenset(
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝàáâãäåæçèéêëìíîïñòóôõöøùúûüýŠšŽžŒœŸ"
    "€‚„…†‡‰‹›‘’“”•–—˜™¡¢£¥§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿\u00a0"
)


class ImportFileError(ValueError):
    """The file cannot be imported at all (unreadable, unknown format, missing column)."""


def detect_encoding(data: bytes) -> str:
    """The encoding of a whole file's bytes.

    A BOM decides (UTF-8, UTF-16, UTF-32). Bytes that decode as UTF-8 are UTF-8. A file that is mostly
    UTF-8 with a few undecodable bytes (more valid multi-byte characters than broken bytes) stays
    UTF-8, so that only its broken rows are quarantined. Anything else is handed to charset-normalizer
    (candidates: :data:`CANDIDATE_ENCODINGS`), which tells cp1252/latin-1 (what Excel writes) apart.
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="surrogateescape")
    broken = len(_SURROGATE.findall(text))
    valid = len(_NON_ASCII.findall(text)) - broken
    if valid >= broken:
        return "utf-8"
    from charset_normalizer import from_bytes

    # Lines holding non-ASCII bytes are what tells encodings apart; ASCII lines only slow detection down.
    sample = b"\n".join(line for line in data.splitlines() if not line.isascii())[:_DETECT_SAMPLE]
    best = from_bytes(sample, cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is None:
        # charset-normalizer declines very short samples ("ÉÉ" alone); not UTF-8 either, so take the first
        # Western single-byte encoding that reads the bytes as plausible text.
        for encoding in ("cp1252", "latin_1"):
            if _reads_as_text(sample, encoding):
                return codecs.lookup(encoding).name
        return "utf-8"
    encoding = codecs.lookup(best.encoding).name
    # A single-byte guess must read as text: "Café", “quotes”, “–”. Bytes that only decode to rare
    # symbols ("ÿþ", control characters) are broken UTF-8, and only their rows are quarantined.
    if encoding not in {"utf-8", "utf-16", "utf-32"} and not _reads_as_text(sample, encoding):
        return "utf-8"
    return encoding


def _reads_as_text(sample: bytes, encoding: str) -> bool:
    """True when every non-ASCII character ``sample`` decodes to is one Western text plausibly holds."""
    decoded = "".join(_NON_ASCII.findall(sample.decode(encoding, errors="replace")))
    return all(ch in _PLAUSIBLE for ch in decoded)


def read_text(path: Path) -> tuple[str, str]:
    """(the whole file decoded, the encoding used). Undecodable bytes stay as surrogate escapes."""
    data = Path(path).read_bytes()
    encoding = detect_encoding(data)
    text = data.decode(encoding, errors="surrogateescape")
    return text.removeprefix("\ufeff"), encoding


def _first_json_keys(head: str) -> set[str]:
    for line in head.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if isinstance(obj, dict):
            return {str(k).lower() for k in obj}
    return set()


def _csv_header(head: str) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(head)))
    except StopIteration:
        return []


def _looks_4cat(keys: set[str]) -> bool:
    return (
        {"thread_id", "timestamp", "body"} <= keys
        or "__import_meta" in keys
        or "unix_timestamp" in keys
        and "thread_id" in keys
    )


def detect_format(path: Path, head: str | None = None) -> str:
    """Guess the export format from the file extension and its header / first JSON object."""
    path = Path(path)
    ext = path.suffix.lower()
    if head is None:
        with open(path, "rb") as fh:
            raw = fh.read(65536)
        head = raw.decode(detect_encoding(raw) if raw else "utf-8", errors="replace").removeprefix("\ufeff")
    if ext in JSON_EXTENSIONS:
        return "4cat" if _looks_4cat(_first_json_keys(head)) else "jsonl"
    if ext in CSV_EXTENSIONS:
        header = {h.strip().lower() for h in _csv_header(head)}
        if {"full_text", "id_str"} <= header or {"full_text", "tweet_url"} <= header:
            return "tweet-harvest"
        return "4cat" if _looks_4cat(header) else "csv"
    raise ImportFileError(f"cannot tell the format of {path.name} (extension {ext or 'none'}); pass --format")


def is_json_format(fmt: str, path: Path) -> bool:
    return fmt == "jsonl" or (fmt == "4cat" and Path(path).suffix.lower() in JSON_EXTENSIONS)
