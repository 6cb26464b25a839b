"""The rule pages in docs/rules/ match the rules; the guide and CLI docs cover the commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from backwards.prfaq import RULES
from backwards.prfaq.docgen import pages

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_rule_pages_are_up_to_date() -> None:
    wanted = pages()
    on_disk = {p.name: p.read_text("utf-8") for p in (DOCS / "rules").glob("*.md")}
    stale = sorted(n for n in wanted if on_disk.get(n) != wanted[n])
    extra = sorted(set(on_disk) - set(wanted))
    assert (stale, extra) == ([], []), "run `python -m backwards.prfaq.docgen` and commit"
    assert len(wanted) == len(RULES) + 1


def test_every_rule_page_has_its_why() -> None:
    for r in RULES:
        text = (DOCS / "rules" / f"{r.code}-{r.name}.md").read_text("utf-8")
        assert r.why in text and r.fails[0].rstrip("\n") in text


def test_guide_mentions_every_profile_and_suppression_form() -> None:
    guide = (DOCS / "prfaq.md").read_text("utf-8")
    for word in (
        "internal-initiative",
        "dev-tool",
        "rfc",
        "disable-line",
        "disable-next-line",
        "disable-file",
        "--write-baseline",
        "pre-commit",
    ):
        assert word in guide


def test_configuration_examples_in_the_docs_are_valid() -> None:
    import re

    import yaml

    from backwards.prfaq import PrfaqSettings, rule_plan

    for page in ("prfaq.md", "configuration.md"):
        text = (DOCS / page).read_text("utf-8")
        blocks = [b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if "prfaq:" in b]
        assert blocks, page
        for block in blocks:
            data = yaml.safe_load(block)["prfaq"]
            settings = PrfaqSettings.model_validate(data)
            ran = rule_plan(settings=settings)
            assert ran.rules


REPO = DOCS.parent


def _python_blocks(page: str, heading: str) -> list[str]:
    import re

    text = (DOCS / page).read_text("utf-8")
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    section = text[start : end if end != -1 else len(text)]
    return re.findall(r"```python\n(.*?)```", section, re.S)


@pytest.mark.parametrize(
    ("page", "heading"),
    [("api.md", "## `backwards.prfaq`"), ("prfaq.md", "## From Python")],
)
def test_python_examples_in_the_docs_run(
    page: str, heading: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocks = _python_blocks(page, heading)
    assert blocks
    monkeypatch.chdir(REPO)
    for block in blocks:
        exec(compile(block, f"{page} ({heading})", "exec"), {})
    assert capsys.readouterr().out.strip()
