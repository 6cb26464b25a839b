"""Fuzz the PR/FAQ Markdown reader and the workspace settings (backwards.yaml).

A PR/FAQ review of any text exits 0 (no blocking finding) or 1 (findings), or 2 with a message;
``config check`` of any backwards.yaml exits 0 or 2 with a message. Never a traceback.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.ci import REPO
from tests.fuzz.inputs import MARKDOWN_TOKENS, YAML_TOKENS, assert_clean, mutated, run_cli
from tests.fuzz.test_wbr_inputs import CONFIG, DATA

PRFAQ = (REPO / "examples" / "demo" / "prfaq.md").read_text(encoding="utf-8")
SETTINGS = """\
version: 1
name: Fuzz
wbr:
  config: wbr.yaml
  data:
    - daily.csv
prfaq:
  profile: product
  ignore: [L08]
  severity: {customer-generic: error}
  rules:
    L04: {max_words: 25}
"""


def review(capsys: pytest.CaptureFixture[str], text: str, *extra: str) -> None:
    with tempfile.TemporaryDirectory(prefix="fuzz-prfaq-") as tmp:
        doc = Path(tmp) / "prfaq.md"
        doc.write_text(text, encoding="utf-8", errors="surrogatepass")
        assert_clean(run_cli(capsys, "prfaq", "review", str(doc), *extra), allowed=(0, 1, 2))


@given(text=mutated(PRFAQ, MARKDOWN_TOKENS))
def test_any_prfaq_document(capsys: pytest.CaptureFixture[str], text: str) -> None:
    review(capsys, text)


@given(text=st.text(alphabet=st.sampled_from("#*-_>`[]()!|.?:\n \tTAa1é"), max_size=3000))
def test_any_markdown_shaped_text(capsys: pytest.CaptureFixture[str], text: str) -> None:
    review(capsys, text, "--format", "sarif")


def workspace_files(folder: Path) -> None:
    """The files the settings seed names (config check looks for them)."""
    (folder / "wbr.yaml").write_text(CONFIG, encoding="utf-8")
    (folder / "daily.csv").write_text(DATA, encoding="utf-8")


def check_settings(capsys: pytest.CaptureFixture[str], text: str) -> None:
    with tempfile.TemporaryDirectory(prefix="fuzz-settings-") as tmp:
        workspace_files(Path(tmp))
        (Path(tmp) / "backwards.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
        assert_clean(run_cli(capsys, "--workspace", tmp, "config", "check"))


def test_the_settings_seed_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workspace_files(Path(tmp))
        (Path(tmp) / "backwards.yaml").write_text(SETTINGS, encoding="utf-8")
        result = run_cli(capsys, "--workspace", tmp, "config", "check")
        assert result.code == 0, result.out + result.err


@given(text=mutated(SETTINGS, YAML_TOKENS))
def test_any_settings_file(capsys: pytest.CaptureFixture[str], text: str) -> None:
    check_settings(capsys, text)
