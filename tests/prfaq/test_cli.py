"""``backwards prfaq ...`` end to end through the CLI boundary: output, exit codes, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from backwards.cli import run
from tests.envelope import unwrap

WEAK = "# AI platform\n\nBy combining our existing data, we offer cafés an app.\n"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_review_clean_document_exits_0(
    tmp_path: Path, strong_prfaq: str, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _write(tmp_path / "strong.md", strong_prfaq)
    assert run(["prfaq", "review", str(doc), "--as-of", "2030-06-01"]) == 0
    out = capsys.readouterr().out
    assert "strong.md: ready (score 100/100" in out
    assert "Is it a big idea?" in out


def test_review_findings_exit_1_with_verdict_and_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _write(tmp_path / "weak.md", WEAK)
    assert run(["prfaq", "review", str(doc)]) == 1
    out = capsys.readouterr().out
    assert f"{doc}:3:1: error C01 (problem-missing)" in out
    assert "not ready" in out
    assert "Why it matters:" in out and "C07 skills-forward-phrasing:" in out


def test_exit_zero_is_advisory(tmp_path: Path) -> None:
    doc = _write(tmp_path / "weak.md", WEAK)
    assert run(["prfaq", "review", str(doc), "--exit-zero"]) == 0
    assert run(["prfaq", "review", str(tmp_path / "missing.md"), "--exit-zero"]) == 2


def test_fail_on_threshold(tmp_path: Path) -> None:
    doc = _write(tmp_path / "w.md", "# T lets owners count cash\n\nMany owners count cash.\n")
    assert run(["prfaq", "review", str(doc), "--select", "L01"]) == 0
    assert run(["prfaq", "review", str(doc), "--select", "L01", "--fail-on", "warning"]) == 1


def test_json_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = _write(tmp_path / "weak.md", WEAK)
    run(["prfaq", "review", str(doc), "--format", "json"])
    data = unwrap(capsys.readouterr().out)
    assert data["version"] == 1
    assert data["reviews"][0]["verdict"]["overall"] == "not ready"
    assert any(f["code"] == "C01" for f in data["findings"])


def test_github_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = _write(tmp_path / "weak.md", WEAK)
    run(["prfaq", "review", str(doc), "--format", "github", "--select", "C01"])
    out = capsys.readouterr().out.strip().splitlines()
    assert out == [
        f"::error file={doc},line=3,col=1,title=C01 problem-missing::"
        "The press release has no problem paragraph. Suggestion: Add a paragraph that "
        "opens with '**The problem.**' and describes the customer's pain today "
        "(labelling it also silences a miss by this rule)."
    ]


def test_sarif_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = _write(tmp_path / "weak.md", WEAK)
    assert run(["prfaq", "review", str(doc), "--format", "sarif"]) == 1
    log = json.loads(capsys.readouterr().out)
    assert log["version"] == "2.1.0"
    assert log["runs"][0]["results"]


def test_baseline_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = _write(tmp_path / "weak.md", WEAK)
    base = tmp_path / "base.json"
    assert run(["prfaq", "review", str(doc), "--write-baseline", str(base)]) == 0
    assert run(["prfaq", "review", str(doc), "--baseline", str(base)]) == 0
    assert "known findings in the baseline were not shown" in capsys.readouterr().out
    _write(doc, WEAK + "\nThe [PRICE] is low.\n")
    assert run(["prfaq", "review", str(doc), "--baseline", str(base)]) == 1


def test_workspace_settings_apply(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(
        tmp_path / "backwards.yaml",
        "version: 1\nprfaq:\n  ignore: [C01, S14]\n  severity:\n    C07: error\n",
    )
    doc = _write(tmp_path / "weak.md", WEAK)
    run(["prfaq", "review", str(doc), "--format", "json"])
    codes = {(f["code"], f["severity"]) for f in unwrap(capsys.readouterr().out)["findings"]}
    assert ("C07", "error") in codes
    assert not any(c == "C01" for c, _ in codes)


def test_bad_config_in_workspace_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path / "backwards.yaml", "version: 1\nprfaq:\n  select: [C99]\n")
    doc = _write(tmp_path / "weak.md", WEAK)
    assert run(["prfaq", "review", str(doc)]) == 2
    assert "unknown rule 'C99'" in capsys.readouterr().err


def test_rules_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["prfaq", "rules"]) == 0
    out = capsys.readouterr().out
    assert "C01  problem-missing" in out and "I10  numbers-missing-in-business-answers" in out
    assert run(["prfaq", "rules", "--format", "json", "--profile", "dev-tool"]) == 0
    rows = unwrap(capsys.readouterr().out)["rules"]
    assert {r["code"]: r["enabled"] for r in rows}["S07"] is False
    assert run(["prfaq", "explain", "answer-not-first"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("F02 answer-not-first (warning)")
    assert (
        "Why: Answer first" in out
        and "Bad (this is flagged):" in out
        and "Good (this passes):" in out
    )


def test_explain_unknown_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["prfaq", "explain", "C1"]) == 2
    err = capsys.readouterr().err
    assert "unknown rule 'C1'" in err and "Hint:" in err


def test_new_writes_template_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "prfaq.md"
    assert run(["prfaq", "new", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.index("**The problem.**") < text.index("**The solution.**")
    assert run(["prfaq", "new", "-o", str(out), "--profile", "dev-tool"]) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == text
    assert run(["prfaq", "new", "-o", str(out), "--profile", "dev-tool", "--force"]) == 0
    assert "[Tool name]" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("profile", ["product", "internal-initiative", "dev-tool", "rfc"])
def test_templates_review_cleanly_but_for_placeholders(
    profile: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "t.md"
    run(["prfaq", "new", "-o", str(out), "--profile", profile])
    capsys.readouterr()
    run(["prfaq", "review", str(out), "--profile", profile, "--format", "json"])
    codes = {f["code"] for f in unwrap(capsys.readouterr().out)["findings"]}
    assert "S14" in codes
    assert not codes & {"C01", "S01", "S02", "S03", "I01", "I03", "I04", "I05"}


# Bad input (issue point 10): a clear message or a finding, never a traceback.


def _review_err(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = run(["prfaq", "review", *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return code, captured.err


def test_binary_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "x.md"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    code, err = _review_err([str(p)], capsys)
    assert code == 2 and "is a binary file" in err


def test_non_utf8_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "x.md"
    p.write_bytes(b"# Title\n\nCaf\xe9 owners\n")
    code, err = _review_err([str(p)], capsys)
    assert (
        code == 2
        and "not UTF-8 text (byte 12 on line 3)" in err
        and "Save the file as UTF-8" in err
    )


def test_huge_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "big.md"
    with p.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    code, err = _review_err([str(p)], capsys)
    assert code == 2 and "50.0 MB" in err


def test_empty_file_is_reviewed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = _write(tmp_path / "empty.md", "")
    assert run(["prfaq", "review", str(p)]) == 1
    out = capsys.readouterr().out
    assert "S01 (pr-missing)" in out and "not ready" in out


def test_deeply_nested_lists(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "".join("  " * i + "- level\n" for i in range(500))
    p = _write(tmp_path / "nested.md", "# T\n\n" + text)
    code = run(["prfaq", "review", str(p)])
    captured = capsys.readouterr()
    assert code == 1 and "Traceback" not in captured.err
    assert "not ready" in captured.out


def test_raw_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (
        "<script>alert('x')</script>\n\n<div><p>Revolutionary</p></div>\n\n"
        "# T\n\nBody <b>bold</b>.\n"
    )
    p = _write(tmp_path / "h.md", text)
    assert run(["prfaq", "review", str(p), "--select", "L02,S14"]) == 0
    assert "Revolutionary" not in capsys.readouterr().out


def test_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str], strong_prfaq: str) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, err = _review_err([str(empty)], capsys)
    assert code == 2 and "is a folder with no PR/FAQ files" in err
    full = tmp_path / "docs"
    full.mkdir()
    _write(full / "a.md", strong_prfaq)
    _write(full / "b.txt", WEAK)
    assert run(["prfaq", "review", str(full), "--as-of", "2030-06-01"]) == 1
    out = capsys.readouterr().out
    assert "a.md: ready" in out and "b.txt: not ready" in out


def test_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _review_err([str(tmp_path / "nope.md")], capsys)
    assert code == 2 and "nope.md does not exist" in err and "Hint:" in err


def test_review_does_not_import_what_one_review_never_uses(tmp_path: Path) -> None:
    # Start-up of `backwards prfaq review` on one file (issue 14: the process within 0.5 s):
    # no WBR reader (only a forecast naming a metric needs it), no worker pool, no Jinja.
    doc = _write(tmp_path / "weak.md", WEAK)
    code = (
        "import sys\n"
        "from backwards.cli import run\n"
        f"run(['--workspace', {str(tmp_path)!r}, 'prfaq', 'review', {str(doc)!r}])\n"
        "unused = {'backwards.wbr.specreader', 'backwards.wbr.spec', 'multiprocessing', 'jinja2'}\n"
        "print(sorted(unused & set(sys.modules)))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert proc.stdout.strip().splitlines()[-1] == "[]", proc.stderr
