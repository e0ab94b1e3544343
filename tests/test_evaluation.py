"""run_eval report format, delimiter sniffing, label mapping and bad input."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest

from nlp.evaluation import (
    EvaluationInputError,
    calibration_report,
    classification_report,
    cohen_kappa,
    macro_f1,
    main,
    per_class_scores,
    run_eval,
)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_report_format_and_last_line(tmp_path: Path) -> None:
    data = _write(
        tmp_path / "s.csv",
        "text,label\n"
        "udah deact fb,deleted\n"
        "besok mau hapus fb,intends\n"
        "ayo hapus fb,urges\n"
        '"Cara hapus akun Facebook, lengkap",none\n',
    )
    buf = io.StringIO()
    macro = run_eval("stance", data, out=buf)
    lines = buf.getvalue().strip().splitlines()
    assert re.fullmatch(r"macro_f1=\d\.\d{3}", lines[-1])
    assert lines[-1] == "macro_f1=1.000" and macro == pytest.approx(1.0)
    assert any(line.startswith("confusion matrix (rows = gold, columns = predicted)") for line in lines)
    assert any(re.match(r"deleted\s+1\.000\s+1\.000\s+1\.000\s+1$", line) for line in lines)
    # stance_score's calibration: every row is right here, so the gap is 1 - mean score
    assert re.fullmatch(r"ece=\d\.\d{3}", lines[-2])
    assert sum(int(m.group(1)) for line in lines if (m := re.match(r"decided_by=\w+ n=(\d+)", line))) == 4


def test_tsv_custom_columns(tmp_path: Path) -> None:
    data = _write(tmp_path / "s.tsv", "id\tpost\tgold\n1\tgak jadi hapus fb\tstaying\n2\tayo hapus fb\turges\n")
    buf = io.StringIO()
    assert run_eval("stance", data, text_col="post", label_col="gold", out=buf) == pytest.approx(1.0)


def test_macro_is_over_gold_labels_only() -> None:
    report, macro = classification_report(["a", "a", "b"], ["a", "c", "b"], ["a", "b", "c"])
    # a: p=1 r=.5 f1=.667; b: 1.0; c absent from gold -> not averaged.
    assert macro == pytest.approx((2 / 3 + 1.0) / 2)
    assert any(re.match(r"c\s+0\.000\s+0\.000\s+0\.000\s+0$", line) for line in report.splitlines())


def test_calibration_report_bins_scores_and_weighs_gaps_by_rows() -> None:
    correct = [True, False, True, True, True, False]
    confidence = [0.95, 0.95, 0.55, 0.55, 0.55, 1.0]
    table, ece = calibration_report(correct, confidence)
    # 0.9-1.0: 3 rows, mean p .9667, right 1/3; 0.5-0.6: 3 rows, mean p .55, right 1.0
    assert ece == pytest.approx(0.5 * abs(1 / 3 - (0.95 + 0.95 + 1.0) / 3) + 0.5 * abs(1.0 - 0.55))
    assert re.search(r"0\.9-1\.0\s+3\s+0\.967\s+0\.333", table)
    assert re.search(r"0\.5-0\.6\s+3\s+0\.550\s+1\.000", table)
    assert calibration_report([True] * 4, [1.0] * 4)[1] == pytest.approx(0.0)
    with pytest.raises(ValueError, match="correct has 1 rows"):
        calibration_report([True], [0.5, 0.6])


def test_cohen_kappa_corrects_agreement_for_chance() -> None:
    # 3 of 4 agree (0.75); chance from the label shares: .5*.75 + .5*.25 = .5 -> kappa (.75-.5)/(1-.5) = .5
    assert cohen_kappa(["a", "a", "b", "b"], ["a", "a", "b", "a"]) == pytest.approx(0.5)
    assert cohen_kappa(["a", "b", "c"], ["a", "b", "c"]) == pytest.approx(1.0)
    assert cohen_kappa(["a", "a"], ["a", "a"]) != cohen_kappa(["a", "a"], ["a", "a"])  # nan: one label only
    with pytest.raises(ValueError, match="first has 2 labels"):
        cohen_kappa(["a", "b"], ["a"])


def test_sentiment_label_synonyms(tmp_path: Path) -> None:
    pytest.importorskip("nlp.sentiment")
    data = _write(
        tmp_path / "sent.csv",
        "text,label\n"
        '"Lega banget akhirnya bebas dari fb, hidup lebih tenang!",1\n'
        '"Meta jahat banget, muak dan kesal sama mereka",negatif\n'
        "Meta mengumumkan kebijakan baru hari ini.,neu\n",
    )
    buf = io.StringIO()
    macro = run_eval("sentiment", data, out=buf)
    assert 0.0 <= macro <= 1.0
    assert buf.getvalue().strip().splitlines()[-1] == f"macro_f1={macro:.3f}"
    # Each synonym (1 / negatif / neu) was mapped to its canonical gold label.
    for label in ("positive", "neutral", "negative"):
        assert re.search(rf"^{label}\s+\S+\s+\S+\s+\S+\s+1$", buf.getvalue(), re.M)


def test_missing_column_names_available_ones(tmp_path: Path) -> None:
    data = _write(tmp_path / "bad.csv", "body,stance\nx,none\n")
    with pytest.raises(EvaluationInputError, match=r"available columns: \['body', 'stance'\]"):
        run_eval("stance", data, out=io.StringIO())


def test_unknown_label_and_task(tmp_path: Path) -> None:
    data = _write(tmp_path / "bad.csv", "text,label\nx,maybe\n")
    with pytest.raises(EvaluationInputError, match="unknown stance label"):
        run_eval("stance", data, out=io.StringIO())
    with pytest.raises(EvaluationInputError, match="unknown task"):
        run_eval("topics", data, out=io.StringIO())


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _write(tmp_path / "g.csv", "text,label\nayo hapus fb,urges\n")
    assert main(["stance", "--data", str(good)]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "macro_f1=1.000"
    assert main(["stance", "--data", str(tmp_path / "missing.csv")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_per_language_scores_when_file_has_lang(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    pd.DataFrame(
        {
            "text": ["udh apus fb", "besok mau hapus ig", "selamat pagi", "I deleted my Facebook account today."],
            "label": ["deleted", "intends", "none", "deleted"],
            "lang": ["id", "id", "id", "en"],
        }
    ).to_csv(path, index=False)
    buf = io.StringIO()
    run_eval("stance", path, out=buf)
    lines = buf.getvalue().splitlines()
    assert any(line.startswith("lang=id n=3 macro_f1=") for line in lines)
    assert any(line.startswith("lang=en n=1 macro_f1=") for line in lines)
    assert lines[-1].startswith("macro_f1=")


def test_macro_f1_and_per_class_scores() -> None:
    assert macro_f1(["a", "b"], ["a", "b"]) == 1.0
    assert macro_f1(["a", "a"], ["b", "b"]) == 0.0
    assert macro_f1([], []) == 0.0
    scores = per_class_scores(["a", "a", "b"], ["a", "b", "b"], ["a", "b"])
    assert scores["a"] == (1.0, 0.5, 2 / 3, 2)
