"""Property-based import tests: random optional columns, fillers, encodings and row defects.

Whatever the file looks like, the import exits 0, loads every good row exactly once with its text,
quarantines every bad row with a reason, leaves unknown authors NULL, and a re-import changes nothing.
"""

from __future__ import annotations

import csv
import html
import io
import tempfile
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingestion.collect import import_file
from ingestion.markers import MISSING_VALUES, UNKNOWN_AUTHORS
from ingestion.settings import Settings
from orchestration.cli import import_main

SNOWFLAKE_EPOCH_MS = 1288834974657
BASE_MS = 1771200000000  # 2026-02-16
FILLERS = ["NA", "", "null", "None", "N/A", "nan"]
OPTIONAL = ["author", "url", "likes", "title", "lang"]
DEFECTS = ["few_fields", "many_fields", "no_text", "float_id", "bad_bytes"]
BAD_BYTES_MARK = "@@BAD@@"  # '@' is not in the text alphabet: replaced by undecodable bytes after encoding
# Characters every tested encoding can carry; emoji only where the encoding is Unicode.
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'\"&#-()éüñçÉ\n"
UNICODE_EXTRA = "☕😀—ł"


def _text(encoding: str) -> st.SearchStrategy[str]:
    alphabet = LATIN + (UNICODE_EXTRA if encoding.startswith("utf") else "")
    return st.text(alphabet=alphabet, min_size=1, max_size=40).filter(
        lambda s: s.strip() and s.strip().lower() not in MISSING_VALUES | UNKNOWN_AUTHORS
    )


@st.composite
def export_files(draw):
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    optional = draw(st.lists(st.sampled_from(OPTIONAL), unique=True))
    header = draw(st.permutations(["id", "created", "text", *optional]))
    n_good = draw(st.integers(min_value=1, max_value=8))
    defects = draw(st.lists(st.sampled_from(DEFECTS), max_size=4))
    if not encoding.startswith("utf-8"):  # stray bytes are a UTF-8 defect; other encodings decode every byte
        defects = [d for d in defects if d != "bad_bytes"]
    rows, good, bad = [], {}, []
    for i in range(n_good + len(defects)):
        ms = BASE_MS + i * 60_000
        post_id = str(((ms - SNOWFLAKE_EPOCH_MS) << 22) + i)
        created = draw(st.sampled_from(["iso", "epoch", *FILLERS]))
        cells = {
            "id": post_id,
            "created": {"iso": f"2026-02-16T{i // 60:02d}:{i % 60:02d}:00Z", "epoch": str(ms // 1000)}.get(
                created, created
            ),
            "text": draw(_text(encoding)),
            "author": draw(st.one_of(st.sampled_from(FILLERS), st.from_regex(r"[a-z]{3,10}", fullmatch=True))),
            "url": draw(st.sampled_from([*FILLERS, f"https://x.com/i/status/{post_id}"])),
            "likes": draw(st.sampled_from([*FILLERS, "0", "12", "3.0"])),
            "title": draw(st.sampled_from(FILLERS)),
            "lang": draw(st.sampled_from([*FILLERS, "in", "en"])),
        }
        fields = [cells[c] for c in header]
        defect = defects[i - n_good] if i >= n_good else None
        if defect == "few_fields":
            fields = [post_id] + fields[: len(header) - 2] if len(header) > 2 else [post_id]
            fields = fields[: len(header) - 1]
        elif defect == "many_fields":
            fields = [*fields, "extra"]
        elif defect == "no_text":
            fields[header.index("text")] = draw(st.sampled_from(["", " ", "NA"]))
        elif defect == "bad_bytes":
            fields[header.index("text")] = f"rusak {BAD_BYTES_MARK} di sini"
        elif defect == "float_id":
            fields[header.index("id")] = f"{int(post_id):.11e}"
        rows.append(fields)
        if defect is None:
            good[post_id] = cells
        else:
            bad.append(defect)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding).replace(BAD_BYTES_MARK.encode(), b"\xff\xfe")
    return data, encoding, header, good, bad


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(export_files())
def test_any_export_loads_good_rows_once_and_quarantines_bad_rows(export):
    data, encoding, header, good, bad = export
    with tempfile.TemporaryDirectory() as tmp:
        settings_ = Settings.from_env({"HAPUSWATCH_DATA_DIR": tmp, "HAPUSWATCH_PSEUDONYM_KEY": "k"})
        path = Path(tmp) / "export.csv"
        path.write_bytes(data)
        assert import_main([str(path), "--platform", "x"], settings_) == 0
        with duckdb.connect(str(settings_.warehouse_path), read_only=True) as con:
            posts = {
                pid: (body, author)
                for pid, body, author in con.execute(
                    "select post_id, body, author_pseudonym from raw.file_posts"
                ).fetchall()
            }
            reasons = [r[0] for r in con.execute("select reason from raw.quarantine").fetchall()]
            before = con.execute("select * exclude (last_seen_at) from raw.file_posts order by post_id").fetchall()
        assert set(posts) == set(good)  # every good row loaded, once (keys are unique)
        for pid, cells in good.items():
            body, author = posts[pid]
            assert body == html.unescape(cells["text"]), (encoding, pid)
            # an author is pseudonymised; a filler or no author column at all is nobody (NULL)
            known = "author" in header and cells["author"] not in FILLERS
            assert (author is not None) == known and (author is None or author.startswith("anon_"))
        assert len(reasons) == len(bad) and all(reasons)
        expected = {
            "few_fields": "wrong number of fields", "many_fields": "wrong number of fields",
            "no_text": "no text", "float_id": "id in float notation", "bad_bytes": "text is not valid UTF-8",
        }
        assert sorted(expected[d] for d in bad) == sorted(
            next(v for v in expected.values() if r.startswith(v)) for r in reasons
        )
        again = import_file(path, settings_, platform="x")
        assert (again.loaded, again.updated, again.unchanged) == (0, 0, len(good))
        with duckdb.connect(str(settings_.warehouse_path), read_only=True) as con:
            assert con.execute("select count(*) from raw.quarantine").fetchone()[0] == len(bad)
            after = con.execute("select * exclude (last_seen_at) from raw.file_posts order by post_id").fetchall()
        assert after == before
