"""Document type first (issue 14): a guide about PR/FAQs and a German text get a type verdict,
and leftovers set the "not ready to circulate" flag; hand-written cases, not engine output."""

from __future__ import annotations

from pathlib import Path

import pytest

from backwards.cli import run
from backwards.prfaq import review_text
from tests.envelope import unwrap

GUIDE = (
    "# Working backwards\n\n"
    "There is an approach called working backwards. For new initiatives a product manager "
    "typically starts by writing an internal press release announcing the finished product. "
    "The press release should be centred on the customer problem. Iterating on a press "
    "release is cheaper than iterating on the product.\n\n"
    "Here's an example outline for the press release: heading, subheading, summary, problem, "
    "solution, quote, how to get started, customer quote, closing.\n"
)
GERMAN = (
    "# Mitgliederportal des Vereins\n\n## Pressemitteilung\n\n"
    "Der Verein stellt sein neues digitales Mitgliederportal vor. Die Webanwendung ersetzt die "
    "bisherige papierbasierte Verwaltung von Formularen und Dokumenten durch eine moderne, "
    "mobilfähige Lösung. Ehrenamtliche können ab sofort ihre Abrechnungen im Browser "
    "ausfüllen und als PDF herunterladen.\n\n## FAQ\n\n**Brauche ich ein Benutzerkonto?**\n\n"
    "Nein, alle Eingaben bleiben auf Ihrem Gerät.\n"
)

HANDOFF = (Path(__file__).parent / "handoff-note.md").read_text(encoding="utf-8")


def test_a_guide_about_prfaqs_is_not_a_prfaq() -> None:
    review = review_text(GUIDE)
    assert review.verdict.overall == "not a PR/FAQ"
    # Only the type finding: PR/FAQ rules on a guide would be noise.
    assert [f.code for f in review.findings] == ["S15"]
    assert review.to_dict()["verdict"]["overall"] == "not a PR/FAQ"


def test_a_german_prfaq_is_reviewed_for_structure_only() -> None:
    review = review_text(GERMAN)
    assert review.verdict.overall == "not English: reviewed for structure only"
    codes = {f.code for f in review.findings}
    assert "S16" in codes
    # Only structure findings that read no English words stay (no FAQ, length, leftovers):
    # which FAQ is internal or what makes a headline is read from English words.
    assert codes <= {"S01", "S02", "S10", "S14", "S16"}, codes
    assert "S03" not in codes and "S05" not in codes
    # The same text reviewed without the type rules gets English-language findings.
    noisy = {f.code for f in review_text(GERMAN, ignore=["S16"]).findings}
    assert noisy - codes and not all(code.startswith("S") for code in noisy)


def test_an_english_prfaq_gets_no_type_finding(strong_prfaq: str) -> None:
    codes = {f.code for f in review_text(strong_prfaq).findings}
    assert not codes & {"S15", "S16"}


def test_the_cli_prints_the_type_verdict_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "leitfaden.md"
    doc.write_text(GERMAN, encoding="utf-8")
    run(["prfaq", "review", str(doc)])
    assert f"{doc}: not English: reviewed for structure only" in capsys.readouterr().out
    run(["prfaq", "review", str(doc), "--format", "json"])
    data = unwrap(capsys.readouterr().out)
    reviews = data if isinstance(data, list) else data.get("reviews", [data])
    assert reviews[0]["verdict"]["overall"] == "not English: reviewed for structure only"


def test_a_hand_off_note_named_prfaq_is_not_a_prfaq_and_not_scored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's case: a short hand-off note named PR-FAQ scored 70, the highest of all."""
    review = review_text(HANDOFF)
    assert review.verdict.overall == "not a PR/FAQ"
    (finding,) = review.findings
    assert finding.code == "S15" and "hand-off" in finding.message
    assert review.to_dict()["verdict"]["score"] is None
    doc = tmp_path / "PR-FAQ.md"
    doc.write_text(HANDOFF, encoding="utf-8")
    run(["prfaq", "review", str(doc)])
    out = capsys.readouterr().out
    assert f"{doc}: not a PR/FAQ (" in out and "score" not in out


def test_a_short_prfaq_with_a_draft_note_is_still_a_prfaq(strong_prfaq: str) -> None:
    note = "Status: first draft. Next steps: Jo checks the numbers; open questions below.\n\n"
    review = review_text(note + strong_prfaq)
    assert "S15" not in {f.code for f in review.findings}
    assert review.to_dict()["verdict"]["score"] is not None
