"""Precision and recall of the solution-first rules on short drafts written for that purpose.

``solution_first.yaml`` holds 40 short PR/FAQ drafts written for issue 14 and labelled before the
engine was run on them: 14 that start from our assets or technology (``ingredients``), 6 whose
only "problem" is the absence of our product or a wish (``absence``), 14 that start from a
customer's problem (``problem-first``) and 6 ``borderline`` drafts decided one by one. A draft is
*flagged* when any rule of the solution-first group fires on it: C01 (no problem paragraph), C02
(the problem names the solution), C07 (ingredients phrasing) or C08 (technology-first lead).
Precision and recall compare the flags with the reviewer's ``solution_first`` decision::

    python -m tests.prfaq.eval.solution_first            # figures
    python -m tests.prfaq.eval.solution_first --details  # every disagreement
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DRAFTS_PATH = Path(__file__).resolve().parent / "solution_first.yaml"
GROUP = ("C01", "C02", "C07", "C08")
OWN_RULES = ("C02", "C07", "C08")
KINDS = ("ingredients", "absence", "problem-first", "borderline")


@dataclass(frozen=True)
class Draft:
    id: str
    kind: str
    solution_first: bool
    reason: str
    text: str


@dataclass(frozen=True)
class Outcome:
    id: str
    codes: frozenset[str]
    big_idea: str


@dataclass(frozen=True)
class Figures:
    tp: int
    fp: int
    fn: int
    tn: int
    own_ingredients_caught: int
    ingredients: int
    ingredients_big_idea_ready: tuple[str, ...]

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def load_drafts(path: Path = DRAFTS_PATH) -> list[Draft]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["drafts"]
    return [
        Draft(d["id"], d["kind"], bool(d["solution_first"]), d["reason"], d["text"]) for d in raw
    ]


def flagged(outcome: Outcome, rules: Iterable[str] = GROUP) -> bool:
    return bool(outcome.codes & set(rules))


def score(drafts: Sequence[Draft], outcomes: Sequence[Outcome]) -> Figures:
    """Confusion counts of the group's flags against the labels, plus the ingredients checks."""
    tp = fp = fn = tn = 0
    for draft, outcome in zip(drafts, outcomes, strict=True):
        if draft.id != outcome.id:
            raise ValueError(f"outcome {outcome.id} paired with draft {draft.id}")
        hit = flagged(outcome)
        tp += draft.solution_first and hit
        fn += draft.solution_first and not hit
        fp += not draft.solution_first and hit
        tn += not draft.solution_first and not hit
    pairs = [(d, o) for d, o in zip(drafts, outcomes, strict=True) if d.kind == "ingredients"]
    return Figures(
        tp,
        fp,
        fn,
        tn,
        sum(1 for _, o in pairs if flagged(o, OWN_RULES)),
        len(pairs),
        tuple(d.id for d, o in pairs if o.big_idea == "ready"),
    )


def run_engine(
    drafts: Iterable[Draft], review_text: Callable[..., Any] | None = None
) -> list[Outcome]:
    if review_text is None:
        from backwards.prfaq import review_text as engine_review_text

        review_text = engine_review_text
    outcomes = []
    for draft in drafts:
        review = review_text(draft.text, path=f"{draft.id}.md", profile="product")
        codes = frozenset(f.code for f in review.findings)
        outcomes.append(Outcome(draft.id, codes, review.verdict.big_idea.status))
    return outcomes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--details", action="store_true", help="list every disagreement")
    args = parser.parse_args(argv)
    drafts = load_drafts()
    outcomes = run_engine(drafts)
    figures = score(drafts, outcomes)
    print(f"solution-first group {'/'.join(GROUP)} on {len(drafts)} drafts")
    print(f"  TP {figures.tp} FP {figures.fp} FN {figures.fn} TN {figures.tn}")
    print(f"  precision {figures.precision:.2f} recall {figures.recall:.2f}")
    print(
        f"  {'/'.join(OWN_RULES)} catch {figures.own_ingredients_caught} of"
        f" {figures.ingredients} ingredients drafts"
    )
    ready = ", ".join(figures.ingredients_big_idea_ready) or "none"
    print(f"  ingredients drafts with 'big idea: ready': {ready}")
    if args.details:
        for draft, outcome in zip(drafts, outcomes, strict=True):
            hit = flagged(outcome)
            if hit != draft.solution_first:
                kind = "missed" if draft.solution_first else "false alarm"
                found = ",".join(sorted(outcome.codes & set(GROUP))) or "-"
                print(f"  {draft.id} {draft.kind}: {kind} ({found}); {draft.reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
