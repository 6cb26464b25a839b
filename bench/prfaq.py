"""PR/FAQ review speed: one 2,000-word document, 1,000 documents on all cores, the CLI process.

Targets (issue 4): one document <= 20 ms after warm-up; 1,000 documents <= 10 s on 2 cores;
``backwards prfaq review FILE`` <= 0.5 s as a whole process. Also the import time of the review.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_PR = """# Tally lets café owners close the till in five minutes

_Owners of independent cafés count the day's cash in five minutes instead of forty._

SEATTLE, WA — March 3, 2031 — Owners of independent cafés can now count the till with one
photo. Tally, from Acme, counts coins and notes in five minutes and flags a short till before
the owner locks up.

**The problem.** Today, owners of small cafés spend 40 minutes every night counting coins by
hand. One count in ten is wrong, and they find out only when the bank calls a week later.
Counting machines cost $900 and jam on worn coins, so 9 in 10 owners still count by hand.

“Every owner we met closed the till after midnight,” said Ana Ruiz, CEO of Acme.

“I used to count coins for 40 minutes every night; now I lock up by 9:10,” said Sam Lee, owner
of Lee's Café in Tacoma.

Tally is available today at tally.example.com for $9 per month per till.

## External FAQ
"""
_EXTERNAL = """
### {n}. Does Tally work with my till, model {n}?

Yes. Tally reads the end-of-day report from {n} common tills, and owners of other tills type
the total in once; it takes about 20 seconds. Many owners use a second phone for the photo,
which works the same way, and the count is stored on the phone until it syncs.
"""
_INTERNAL = """
### {n}. What will part {n} cost to build, and what could go wrong?

$40,000 for part {n}: one engineer for two months. The hardest problem is telling worn coins
apart in poor light; we might miss the date if the spike fails, so we will test 10,000 photos
first. We depend on the payments team's till report, promised for May 2031. Success is 500
paying tills by March 2032, and we stop if fewer than 100 pay after six months.
"""


def document(words: int = 2000) -> str:
    """A realistic PR/FAQ of about ``words`` words."""
    parts = [_PR]
    n = 1
    while len(" ".join(parts).split()) < words * 0.45:
        parts.append(_EXTERNAL.format(n=n))
        n += 1
    parts.append("\n## Internal FAQ\n")
    while len(" ".join(parts).split()) < words:
        parts.append(_INTERNAL.format(n=n))
        n += 1
    return "".join(parts)


def _one_document() -> tuple[float, float, int]:
    """(median wall seconds, median CPU seconds, words) of one review after warm-up."""
    from backwards.prfaq import review_text

    text = document()
    for _ in range(5):
        review_text(text)
    wall, cpu = [], []
    for _ in range(50):
        start, start_cpu = time.perf_counter(), time.process_time()
        review_text(text)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu), len(text.split())


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _many(folder: Path, count: int = 1000) -> tuple[list[float], list[float]]:
    """Wall seconds per run, and CPU seconds per run (parent + workers) divided by 2 cores."""
    from backwards.prfaq import review_many

    text = document()
    paths = []
    for i in range(count):
        p = folder / f"doc{i:04d}.md"
        p.write_text(text.replace("Tally", f"Tally{i}"), encoding="utf-8")
        paths.append(p)
    wall, cpu = [], []
    for _ in range(3):
        start, start_cpu, start_children = time.perf_counter(), time.process_time(), _children_cpu()
        reviews = review_many(paths, jobs=2, baseline=False).reviews
        wall.append(time.perf_counter() - start)
        used = time.process_time() - start_cpu + _children_cpu() - start_children
        cpu.append(used / 2)
        assert len(reviews) == count
    return wall, cpu


def _process(args: list[str], runs: int = 9) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of a whole process, per run."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_children = time.perf_counter(), _children_cpu()
        subprocess.run(args, capture_output=True, check=False)
        wall.append(time.perf_counter() - start)
        cpu.append(_children_cpu() - start_children)
    return wall, cpu


def main() -> None:
    exe = Path(sys.executable).with_name("backwards")
    cli = [str(exe)] if exe.exists() else [sys.executable, "-m", "backwards"]
    load = os.getloadavg()[0]
    single, single_cpu, words = _one_document()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        many, many_cpu = _many(folder)
        one = folder / "doc0000.md"
        process, process_cpu = _process([*cli, "prfaq", "review", str(one)])
    bare, bare_cpu = _process([sys.executable, "-c", "pass"])
    imp, imp_cpu = _process([sys.executable, "-c", "import backwards.prfaq"])
    med = statistics.median
    rows = [
        (f"review one {words}-word PR/FAQ (median of 50)", single, single_cpu, 0.020),
        ("review 1,000 such PR/FAQs, 2 jobs (median of 3)", med(many), med(many_cpu), 10.0),
        (
            "`backwards prfaq review FILE` process (median of 9)",
            med(process),
            med(process_cpu),
            0.5,
        ),
        (
            "import the review engine (over bare python)",
            med(imp) - med(bare),
            med(imp_cpu) - med(bare_cpu),
            None,
        ),
    ]
    print(
        f"load average at start: {load:.1f} on {os.cpu_count()} cores "
        "(CPU seconds show what an idle machine would take; for 1,000 documents, CPU / 2 cores)"
    )
    print(f"{'measure':<54} {'wall s':>8} {'CPU s':>8} {'target':>7}  ok (wall / CPU)")
    for label, value, value_cpu, target in rows:
        t = f"{target:>7.3f}" if target is not None else f"{'-':>7}"
        ok = ""
        if target is not None:
            ok = (
                ("yes" if value <= target else "NO")
                + " / "
                + ("yes" if value_cpu <= target else "NO")
            )
        print(f"{label:<54} {value:>8.4f} {value_cpu:>8.4f} {t}  {ok}")


if __name__ == "__main__":
    main()
