"""The review API: verdicts, profiles, selection, severities, options, suppressions, baselines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from backwards.errors import ConfigError, InputError
from backwards.findings import Finding, Severity
from backwards.prfaq import PROFILES, Review, review, review_many, review_text
from backwards.prfaq.baseline import load_baseline, write_baseline
from backwards.prfaq.rulebook import rule_rows
from backwards.prfaq.verdict import decide

WEAK = """# AI-powered till platform

SEATTLE — March 3, 2031 — Acme today launched Tally, a revolutionary AI platform.

By combining our existing payment data with our vision models, we can offer cafés a new app.

## FAQ

### Why is Tally so great?

Because it is fast.
"""


def test_strong_document_is_ready(strong_prfaq: str) -> None:
    review = review_text(strong_prfaq, path="strong.md", today=dt.date(2030, 6, 1))
    assert review.findings == []
    assert review.verdict.overall == "ready"
    assert [p.status for p in review.verdict.parts] == ["ready"] * 3
    assert review.verdict.score == 100


def test_weak_document_is_not_ready() -> None:
    review = review_text(WEAK, path="weak.md")
    codes = {f.code for f in review.findings}
    assert {"C01", "C07", "C08", "S03", "F04", "L02"} <= codes
    assert review.verdict.overall == "not ready"
    assert review.verdict.big_idea.status == "not ready"
    assert any(f.code == "C01" for f in review.verdict.big_idea.findings)
    assert review.verdict.plan_to_succeed.status == "not ready"
    assert all(f.file == "weak.md" and f.line and f.column for f in review.findings)
    assert {f.section for f in review.findings} <= {
        "press-release",
        "external-faq",
        "internal-faq",
        "other",
    }


def test_leftovers_set_the_circulate_flag_not_the_verdict(strong_prfaq: str) -> None:
    # issue 14: template leftovers are a separate "not ready to circulate" flag
    text = strong_prfaq.replace("$9 per month per till.", "[PRICE] per month per till.")
    review = review_text(text, today=dt.date(2030, 6, 1))
    assert [f.code for f in review.findings] == ["S14"]
    assert [p.status for p in review.verdict.parts] == ["ready"] * 3
    assert review.verdict.overall == "ready"
    assert review.verdict.circulate == "not ready to circulate"
    assert review_text(strong_prfaq).verdict.circulate == "ready to circulate"


def test_warning_makes_a_sub_verdict_need_work(strong_prfaq: str) -> None:
    text = strong_prfaq.replace("### What do we depend on?", "### Who runs it?").replace(
        "The payments team's till-report service", "The till team"
    )
    review = review_text(text, today=dt.date(2030, 6, 1))
    assert [f.code for f in review.findings] == ["I03"]
    assert review.verdict.plan_to_succeed.status == "needs work"
    assert review.verdict.overall == "needs work"


def test_select_ignore_by_code_name_and_group() -> None:
    only_c = review_text(WEAK, select=["C"])
    assert {f.code[0] for f in only_c.findings} == {"C"}
    by_name = review_text(WEAK, select=["problem-missing"])
    assert {f.code for f in by_name.findings} == {"C01"}
    ignored = review_text(WEAK, ignore=["language", "C01"])
    assert not any(f.code == "C01" or f.code.startswith("L") for f in ignored.findings)


def test_unknown_rule_is_a_config_error_with_a_guess() -> None:
    with pytest.raises(ConfigError) as exc:
        review_text(WEAK, select=["problem-mising"])
    assert "problem-missing" in exc.value.hint


def test_severity_override_and_options() -> None:
    long = "# T\n\n" + "word " * 27 + "ends.\n"
    assert not review_text(long, select=["L04"]).findings
    review = review_text(
        long,
        select=["L04"],
        options={"L04": {"max_words": 20}},
        severity={"long-sentence": "error"},
    )
    assert [(f.code, f.severity) for f in review.findings] == [("L04", Severity.ERROR)]
    with pytest.raises(ConfigError, match="no option"):
        review_text(long, options={"L04": {"max_word": 20}})


def test_profiles_change_rules() -> None:
    assert set(PROFILES) == {"product", "internal-initiative", "dev-tool", "rfc"}
    text = (
        "# Tally lets café owners count cash\n\n"
        "Tally lets café owners count cash with an API today.\n"
    )
    assert any(f.code == "X02" for f in review_text(text).findings)
    assert not any(f.code == "X02" for f in review_text(text, profile="dev-tool").findings)
    assert any(f.code == "S07" for f in review_text(text).findings)
    assert not any(
        f.code == "S07" for f in review_text(text, profile="internal-initiative").findings
    )
    with pytest.raises(ConfigError, match="unknown PR/FAQ profile"):
        review_text(text, profile="novel")


def _without_question(text: str, heading: str) -> str:
    """``text`` without the internal-FAQ question ``heading`` and its answer."""
    start = text.index(heading)
    return text[:start] + text[text.index("\n### ", start + 1) + 1 :]


def test_profiles_change_what_counts_towards_the_answers(strong_prfaq: str) -> None:
    # No business case, no dependencies and no risks: three warning-level gaps make a product's
    # plan "not ready". Under dev-tool and rfc the economics are advisory (info): still reported
    # and still a gap ("needs work"), but no longer one of the three that sink the answer.
    text = _without_question(strong_prfaq, "### What will it cost to build, and what will it earn?")
    text = _without_question(text, "### What do we depend on?")
    text = _without_question(text, "### What are the biggest risks?")
    text = text.replace("at $900 each and ", "")  # no price anywhere in the internal FAQ
    plans = {
        profile: review_text(text, profile=profile).verdict.plan_to_succeed
        for profile in ("product", "dev-tool", "rfc", "internal-initiative")
    }
    assert {name: v.status for name, v in plans.items()} == {
        "product": "not ready",
        "dev-tool": "needs work",
        "rfc": "needs work",
        "internal-initiative": "not ready",
    }
    for name, v in plans.items():  # the advisory gap still counts towards its answer
        assert {f.code for f in v.findings} == {"I01", "I03", "I05"}, name
    # No market size: a gap of "big idea" under every profile, a warning only under product.
    sized = _without_question(strong_prfaq, "### How many cafés have this problem?")
    for profile, severity in (("product", Severity.WARNING), ("dev-tool", Severity.INFO)):
        big = review_text(sized, profile=profile).verdict.big_idea
        assert (big.status, [(f.code, f.severity) for f in big.findings]) == (
            "needs work",
            [("I02", severity)],
        ), profile
    # The rule catalogue shows the question under every profile, with the profile's severity.
    rows = {r["code"]: r for r in rule_rows("dev-tool")}
    assert (rows["I02"]["question"], rows["I02"]["severity"]) == ("big_idea", "info")
    assert {r["code"]: r for r in rule_rows("product")}["I02"]["severity"] == "warning"


def test_launch_date_in_the_past_needs_today(strong_prfaq: str) -> None:
    assert not review_text(strong_prfaq, select=["S08"]).findings
    late = review_text(strong_prfaq, select=["S08"], today=dt.date(2032, 1, 1))
    assert [f.message for f in late.findings] == ["The launch date 2031-03-03 is in the past."]


SUPPRESS = """# T

Many owners save time. <!-- backwards: disable-line=L01 -->

<!-- backwards: disable-next-line=weasel-words -->
Many owners save time.

<!-- backwards: disable=L01 -->
Many owners save time.
<!-- backwards: enable=L01 -->

Many owners save time.
"""


def test_inline_suppressions_line_next_line_and_block() -> None:
    review = review_text(SUPPRESS, select=["L01"])
    assert [f.line for f in review.findings] == [12]
    assert review.suppressed == 3


def test_file_suppression() -> None:
    text = "<!-- backwards: disable-file=L01,hype -->\n" + SUPPRESS + "\nA revolutionary app.\n"
    assert review_text(text, select=["L01", "L02"]).findings == []
    everything = review_text("<!-- backwards: disable-file -->\n" + WEAK)
    assert everything.findings == []


def test_baseline_only_new_findings(tmp_path: Path) -> None:
    doc = tmp_path / "p.md"
    doc.write_text(WEAK, encoding="utf-8")
    first = review(doc)
    base = tmp_path / "base.json"
    assert write_baseline(base, [first]) == len(first.findings)
    edited = "\n\n" + WEAK + "\nThe app is seamless.\n"
    doc.write_text(edited, encoding="utf-8")
    new, old = load_baseline(base).split(review(doc))
    assert len(old) == len(first.findings)
    assert [f.code for f in new] == ["L02"]


def test_bad_baseline_file(tmp_path: Path) -> None:
    bad = tmp_path / "b.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        load_baseline(bad)
    bad.write_text('{"version": 7}', encoding="utf-8")
    with pytest.raises(InputError, match="version-1"):
        load_baseline(bad)


def test_review_many_in_parallel_matches_serial(tmp_path: Path, strong_prfaq: str) -> None:
    paths = []
    for i in range(10):
        p = tmp_path / f"d{i}.md"
        p.write_text(WEAK if i % 2 else strong_prfaq, encoding="utf-8")
        paths.append(p)
    serial = review_many(paths, jobs=1).reviews
    done: list[int] = []
    parallel = review_many(paths, jobs=2, progress=done.append).reviews
    assert [r.findings for r in serial] == [r.findings for r in parallel]
    assert len(done) == 10
    assert all(isinstance(r, Review) for r in parallel)


def test_review_to_dict_is_json_ready() -> None:
    import json

    data = review_text(WEAK).to_dict()
    assert json.loads(json.dumps(data))["verdict"]["overall"] == "not ready"


GAPS = """# Tally lets café owners close the till in five minutes

**The problem.** Today café owners spend 40 minutes every night counting coins by hand, and
one count in ten is wrong, so the bank calls a week later about a short till.

## Internal FAQ

### Who builds it?

The till team.
"""


def test_sub_verdicts_count_gaps() -> None:
    review = review_text(GAPS)
    v = review.verdict
    # should we: C11 (a warning) and I06, I07, I09 (info) missing -> needs work: advisory
    # gaps never make "not ready"; plan: I01, I03, I04, I05 (warnings) and I08 -> not ready
    assert v.should_we.status == "needs work"
    assert {f.code for f in v.should_we.findings} == {"C11", "I06", "I07", "I09"}
    assert v.plan_to_succeed.status == "not ready"
    # big idea: the market size is missing (one gap) -> needs work
    assert v.big_idea.status == "needs work"
    assert [f.code for f in v.big_idea.findings] == ["I02"]


def test_info_findings_never_make_not_ready() -> None:
    def gap(code: str, severity: Severity) -> Finding:
        return Finding(code=code, name=code, severity=severity, message="gap")

    questions = {code: ("should_we",) for code in ("C11", "I06", "I07", "I09", "I10", "I11")}
    infos = [gap(code, Severity.INFO) for code in ("I06", "I07", "I09")]
    assert decide(infos, questions).should_we.status == "needs work"
    assert decide(infos, questions).overall == "needs work"
    warnings = [gap(code, Severity.WARNING) for code in ("C11", "I10", "I11")]
    assert decide(warnings, questions).should_we.status == "not ready"
    two = warnings[:2]
    assert decide(two + infos, questions).should_we.status == "needs work"
    assert decide([gap("C11", Severity.ERROR)], questions).should_we.status == "not ready"


def test_style_findings_never_change_a_sub_verdict(strong_prfaq: str) -> None:
    text = strong_prfaq.replace(
        "count the till with one\nphoto", "count the till with one\nrevolutionary photo"
    )
    review = review_text(text, today=dt.date(2030, 6, 1))
    assert [f.code for f in review.findings] == ["L02"]
    assert review.verdict.overall == "ready"


def test_generic_question_is_covered_by_its_whole_answer() -> None:
    text = GAPS.replace("The till team.", "The till team. Dependencies are few.")
    codes = {f.code for f in review_text(text, select=["I03"]).findings}
    assert codes == set()
    # Under a question about another topic, a word past the first sentence is not enough...
    named = GAPS.replace("### Who builds it?", "### What will it cost?").replace(
        "The till team.", "$40,000. Dependencies are few."
    )
    assert {f.code for f in review_text(named, select=["I03"]).findings} == {"I03"}
    # ... but an answer that names what we depend on covers the topic wherever it stands.
    content = named.replace(
        "Dependencies are few.",
        "We depend on the payments team for the till report.",
    )
    assert {f.code for f in review_text(content, select=["I03"]).findings} == set()


def _found(code: str, severity: Severity, line: int) -> Finding:
    return Finding(code=code, name=code.lower(), severity=severity, message=code, line=line)


def test_top_findings_rank_severity_then_substance_then_order() -> None:
    from backwards.prfaq.engine import top_findings

    findings = [
        _found("L04", Severity.WARNING, 2),  # a long sentence, first in the text
        _found("L04", Severity.WARNING, 3),
        _found("X02", Severity.WARNING, 4),  # an acronym: style
        _found("I05", Severity.WARNING, 40),  # no risks: substance, late in the text
        _found("C01", Severity.ERROR, 9),
        _found("C01", Severity.ERROR, 12),
        _found("I06", Severity.INFO, 41),
    ]
    top = top_findings(findings, 3)
    assert [(f.code, f.line) for f in top] == [("C01", 9), ("I05", 40), ("X02", 4)]
    assert [f.code for f in top_findings(findings, 5)] == ["C01", "I05", "X02", "L04", "I06"]


def test_review_top_puts_a_missing_problem_before_long_sentences() -> None:
    long = " ".join(["The new till adds up the whole order and prints it"] * 4) + "."
    text = (
        f"# Tally adds up a café order in one tap\n\n{long}\n\n## FAQ\n\n### Is it free?\n\nNo.\n"
    )
    r = review_text(text, path="t.md")
    codes = [f.code for f in r.top(3)]
    assert codes[0] in {"C01", "S03"}
    assert "L04" not in codes[:2]
