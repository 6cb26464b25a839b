"""How the PR/FAQ review ranks real public documents against an experienced reviewer's labels.

``public.tsv`` lists public PR/FAQs found in GitHub repositories: repository, path, commit, a
label (strong / mediocre / weak, or ``not-prfaq`` / ``not-english`` for files that are not an
English PR/FAQ), the split (``tuning`` or ``heldout``) and one line of reason. Labels and split
were fixed before the engine was run on the files. The repository keeps only these locations; the
texts live in a cache outside it (``~/.cache/backwards/prfaq-public/<id>.md``, or the directory
in ``BACKWARDS_PRFAQ_PUBLIC``), filled by a developer session that can reach the files::

    python -m tests.prfaq.eval.public                    # held-out figures
    python -m tests.prfaq.eval.public --split tuning     # the half the engine is tuned on
    python -m tests.prfaq.eval.public --top 3            # also each document's top findings
    python -m tests.prfaq.eval.public --fill DIR         # copy texts from git snapshots in DIR

``--fill DIR`` looks for ``DIR/<owner>+<name>/repo`` git directories (the layout the search
tool's ``fetch`` produces) and writes each listed file at its commit into the cache. Without
snapshots, save each file by hand: read it at the listed repository, path and commit (the search
tool's ``read_file`` with ``commit``) and write the text, unchanged, to ``<cache>/<id>.md``. The
report names every missing file and checks each cached file's word count against the list.

Reported, per split: Spearman's rho of the overall verdict and of the 0-100 score against the
label (weak 0 < mediocre 1 < strong 2; verdict not ready 0 < needs work 1 < ready 2), the
confusion table label x verdict, mean score per label, how many strong documents are "not
ready" and what share of weak ones are, the rank correlation of the number of findings with the
length, the non-PR/FAQ cases, and per rule how well its presence predicts the label: *precision*
is the share of the documents it fires on that are not labelled strong, *recall* the share of
the weak documents it fires on. The scoring functions are pure and tested on their own
(``test_public.py``); only ``review_entries`` runs the engine.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EVAL_DIR = Path(__file__).resolve().parent
TSV_PATH = EVAL_DIR / "public.tsv"
DEFAULT_CACHE = Path.home() / ".cache" / "backwards" / "prfaq-public"

QUALITY_LABELS = ("weak", "mediocre", "strong")
OTHER_LABELS = ("not-prfaq", "not-english")
LABELS = (*QUALITY_LABELS, *OTHER_LABELS)
SPLITS = ("tuning", "heldout")
LABEL_RANK = {label: rank for rank, label in enumerate(QUALITY_LABELS)}
VERDICT_ORDER = ("not ready", "needs work", "ready")
VERDICT_RANK = {"ready": 2, "needs work": 1}
PROFILE_OF_KIND = {"dev-tool": "dev-tool", "internal": "internal-initiative", "rfc": "rfc"}
COLUMNS = ("id", "repo", "path", "commit", "words", "label", "split", "kind", "reason")


@dataclass(frozen=True)
class Entry:
    """One public document: where it is, and the reviewer's label."""

    id: str
    repo: str
    path: str
    commit: str
    words: int
    label: str
    split: str
    kind: str
    reason: str

    @property
    def profile(self) -> str:
        return PROFILE_OF_KIND.get(self.kind, "product")


@dataclass(frozen=True)
class Outcome:
    """What the engine said about one document."""

    id: str
    overall: str
    score: int
    codes: frozenset[str]
    findings: int
    words: int
    top: tuple[str, ...] = field(default=())


def load_entries(path: Path = TSV_PATH) -> list[Entry]:
    """The entries of ``public.tsv`` (comment lines start with ``#``)."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = list(csv.reader((ln for ln in lines if not ln.startswith("#")), delimiter="\t"))
    if tuple(rows[0]) != COLUMNS:
        raise ValueError(f"{path}: header must be the columns {', '.join(COLUMNS)}")
    entries = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(COLUMNS):
            raise ValueError(f"{path}: row {number} has {len(row)} fields, not {len(COLUMNS)}")
        values = dict(zip(COLUMNS, row, strict=True))
        entries.append(Entry(**{**values, "words": int(values["words"])}))  # type: ignore[arg-type]
    return entries


def cache_dir() -> Path:
    return Path(os.environ.get("BACKWARDS_PRFAQ_PUBLIC", DEFAULT_CACHE))


def cached_text(entry: Entry, cache: Path) -> str | None:
    path = cache / f"{entry.id}.md"
    return path.read_text(encoding="utf-8") if path.is_file() else None


def fill_cache(entries: Iterable[Entry], snapshots: Path, cache: Path) -> list[str]:
    """Copy each file at its commit from ``snapshots/<owner>+<name>/repo``; return misses."""
    cache.mkdir(parents=True, exist_ok=True)
    missing = []
    for entry in entries:
        git_dir = snapshots / entry.repo.replace("/", "+") / "repo"
        if (git_dir / ".git").is_dir():
            git_dir = git_dir / ".git"
        shown = subprocess.run(
            ["git", f"--git-dir={git_dir}", "show", f"{entry.commit}:{entry.path}"],
            capture_output=True,
            check=False,
        )
        if shown.returncode:
            missing.append(entry.id)
            continue
        (cache / f"{entry.id}.md").write_bytes(shown.stdout)
    return missing


def average_ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, ties sharing their average rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for k in range(start, end + 1):
            ranks[order[k]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman's rho (Pearson on average ranks); 0.0 when either side is constant."""
    if len(xs) != len(ys):
        raise ValueError("spearman needs two sequences of the same length")
    rx, ry = average_ranks(xs), average_ranks(ys)
    n = len(xs)
    if n < 2:
        return 0.0
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    return 0.0 if vx == 0 or vy == 0 else cov / (vx * vy) ** 0.5


def verdict_rank(overall: str) -> int:
    """ready 2, needs work 1, anything else (not ready, not a PR/FAQ ...) 0."""
    return VERDICT_RANK.get(overall, 0)


@dataclass
class Figures:
    documents: int = 0
    rho_verdict: float = 0.0
    rho_score: float = 0.0
    rho_findings_length: float = 0.0
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    mean_score: dict[str, float] = field(default_factory=dict)
    strong_not_ready: int = 0
    strong: int = 0
    weak_not_ready: int = 0
    weak: int = 0
    others: list[tuple[str, str, str]] = field(default_factory=list)
    rules: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)


def score(entries: Sequence[Entry], outcomes: Sequence[Outcome]) -> Figures:
    """The figures for documents with a quality label (others are listed, not ranked)."""
    by_id = {o.id: o for o in outcomes}
    rated = [(e, by_id[e.id]) for e in entries if e.id in by_id and e.label in LABEL_RANK]
    figures = Figures(documents=len(rated))
    labels = [float(LABEL_RANK[e.label]) for e, _ in rated]
    figures.rho_verdict = spearman(labels, [float(verdict_rank(o.overall)) for _, o in rated])
    figures.rho_score = spearman(labels, [float(o.score) for _, o in rated])
    figures.rho_findings_length = spearman(
        [float(o.findings) for _, o in rated], [float(o.words) for _, o in rated]
    )
    for label in QUALITY_LABELS:
        row = [o for e, o in rated if e.label == label]
        figures.confusion[label] = {v: 0 for v in (*VERDICT_ORDER, "other")}
        for o in row:
            key = o.overall if o.overall in VERDICT_ORDER else "other"
            figures.confusion[label][key] += 1
        figures.mean_score[label] = sum(o.score for o in row) / len(row) if row else 0.0
    figures.strong = sum(1 for e, _ in rated if e.label == "strong")
    figures.strong_not_ready = sum(
        1 for e, o in rated if e.label == "strong" and verdict_rank(o.overall) == 0
    )
    figures.weak = sum(1 for e, _ in rated if e.label == "weak")
    figures.weak_not_ready = sum(
        1 for e, o in rated if e.label == "weak" and verdict_rank(o.overall) == 0
    )
    figures.others = [
        (e.id, e.label, by_id[e.id].overall)
        for e in entries
        if e.id in by_id and e.label in OTHER_LABELS
    ]
    figures.rules = rule_figures(rated)
    return figures


def rule_figures(rated: Sequence[tuple[Entry, Outcome]]) -> dict[str, tuple[int, int, int, int]]:
    """Per rule: (fired, fired on a document not labelled strong, fired on weak, weak total)."""
    weak_total = sum(1 for e, _ in rated if e.label == "weak")
    codes = sorted({c for _, o in rated for c in o.codes})
    table = {}
    for code in codes:
        fired = [e for e, o in rated if code in o.codes]
        table[code] = (
            len(fired),
            sum(1 for e in fired if e.label != "strong"),
            sum(1 for e in fired if e.label == "weak"),
            weak_total,
        )
    return table


ReviewFunction = Callable[..., Any]


def review_entries(
    entries: Iterable[Entry], cache: Path, review_text: ReviewFunction | None = None
) -> tuple[list[Outcome], list[Entry]]:
    """Review every cached entry; return the outcomes and the entries missing from the cache."""
    if review_text is None:
        from backwards.prfaq import review_text as engine_review_text

        review_text = engine_review_text
    outcomes, missing = [], []
    for entry in entries:
        text = cached_text(entry, cache)
        if text is None:
            missing.append(entry)
            continue
        review = review_text(text, path=f"{entry.id}.md", profile=entry.profile)
        verdict = review.verdict
        top = tuple(
            f"{f.code} {f.severity.name.lower()} line {f.line}: {f.message}" for f in review.top(3)
        )
        outcomes.append(
            Outcome(
                entry.id,
                verdict.overall,
                verdict.score,
                frozenset(f.code for f in review.findings),
                len(review.findings),
                len(text.split()),
                top,
            )
        )
    return outcomes, missing


def format_report(figures: Figures, split: str) -> str:
    out = [f"Public PR/FAQ set, split {split}: {figures.documents} rated documents"]
    out.append(f"  Spearman rho, verdict vs label: {figures.rho_verdict:.2f}")
    out.append(f"  Spearman rho, score vs label:   {figures.rho_score:.2f}")
    out.append(f"  Spearman rho, findings vs words: {figures.rho_findings_length:.2f}")
    out.append(
        f"  strong 'not ready': {figures.strong_not_ready}/{figures.strong};"
        f" weak 'not ready': {figures.weak_not_ready}/{figures.weak}"
        f" ({figures.weak_not_ready / figures.weak if figures.weak else 0:.0%})"
    )
    out.append("  confusion (label x overall verdict):")
    out.append(
        f"    {'':10}" + "".join(f"{v:>12}" for v in (*VERDICT_ORDER, "other")) + "  mean score"
    )
    for label in reversed(QUALITY_LABELS):
        row = figures.confusion.get(label, {})
        cells = "".join(f"{row.get(v, 0):>12}" for v in (*VERDICT_ORDER, "other"))
        out.append(f"    {label:10}{cells}  {figures.mean_score.get(label, 0):.0f}")
    for doc, label, overall in figures.others:
        out.append(f"  {doc} ({label}): overall {overall!r}")
    out.append("  per rule: fired, precision (not strong), recall (on weak)")
    for code, (fired, not_strong, on_weak, weak) in figures.rules.items():
        precision = not_strong / fired if fired else 0.0
        recall = on_weak / weak if weak else 0.0
        out.append(f"    {code}: {fired:>3}  {precision:.2f}  {recall:.2f}")
    return "\n".join(out)


def missing_message(missing: Sequence[Entry], cache: Path) -> str:
    lines = [f"{len(missing)} document(s) are missing from the cache {cache}:"]
    lines += [f"  {e.id}.md  <- {e.repo} {e.path} @ {e.commit}" for e in missing]
    lines.append(
        "Fill it with `python -m tests.prfaq.eval.public --fill DIR` (DIR holding"
        " <owner>+<name>/repo git snapshots, as the search tool's fetch makes them), or save each"
        " file's text unchanged as <cache>/<id>.md (read_file with repo, path and commit)."
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="heldout")
    parser.add_argument("--top", type=int, default=0, help="print each document's top N findings")
    parser.add_argument(
        "--fill", type=Path, help="copy the texts from git snapshots in this directory"
    )
    args = parser.parse_args(argv)
    entries = load_entries()
    cache = cache_dir()
    if args.fill:
        misses = fill_cache(entries, args.fill, cache)
        print(
            f"filled {len(entries) - len(misses)} of {len(entries)};"
            f" not found: {', '.join(misses) or 'none'}"
        )
    chosen = [e for e in entries if args.split == "all" or e.split == args.split]
    outcomes, missing = review_entries(chosen, cache)
    if missing:
        print(missing_message(missing, cache), file=sys.stderr)
    for entry in chosen:
        text = cached_text(entry, cache)
        if text is not None and len(text.split()) != entry.words:
            print(
                f"warning: {entry.id}.md has {len(text.split())} words,"
                f" the list says {entry.words}",
                file=sys.stderr,
            )
    print(format_report(score(chosen, outcomes), args.split))
    if args.top:
        labels = {e.id: e.label for e in chosen}
        for o in outcomes:
            print(f"\n{o.id} [{labels[o.id]}] {o.overall} {o.score}")
            for line in o.top[: args.top]:
                print(f"  {line[:160]}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
