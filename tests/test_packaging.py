"""The package as a user gets it: metadata, dependency ranges, the lock files, the wheel.

The wheel test builds backwards, installs it with the locked runtime versions into a fresh
virtual environment, offline (uv's cache, filled by `make test`'s install), and runs the
console script there.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]
UV = Path(sys.executable).parent / "uv"
FIX_LOCK = "pyproject.toml and the lock disagree: run `make lock` and commit requirements/"


def locked(name: str) -> dict[str, Version]:
    """Package -> pinned version of requirements/NAME.txt (markers ignored)."""
    pins: dict[str, Version] = {}
    for line in (ROOT / "requirements" / name).read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9._-]+)==([^\s;]+)", line)
        if match:
            pins[canonicalize_name(match[1])] = Version(match[2])
    return pins


def group(name: str) -> list[Requirement]:
    out: list[Requirement] = []
    for item in PYPROJECT["dependency-groups"][name]:
        if isinstance(item, dict):
            out += group(item["include-group"])
        else:
            out.append(Requirement(item))
    return out


RUNTIME = [Requirement(text) for text in PROJECT["dependencies"]]
EXTRAS = {
    extra: [Requirement(text) for text in texts]
    for extra, texts in PROJECT["optional-dependencies"].items()
}


def test_runtime_dependencies_are_ranges_with_lower_bounds() -> None:
    for req in RUNTIME + [r for reqs in EXTRAS.values() for r in reqs]:
        operators = {spec.operator for spec in req.specifier}
        assert ">=" in operators, f"{req}: give the lowest tested version (>=)"
        assert not operators & {"==", "===", "~="}, f"{req}: a range, not a pin (the lock pins)"


def test_postgres_extra_is_plain_psycopg() -> None:
    (psycopg,) = EXTRAS["postgres"]
    assert psycopg.name == "psycopg" and not psycopg.extras
    assert all(canonicalize_name(r.name) != "psycopg" for r in RUNTIME)


@pytest.mark.parametrize("lock", ["dev.txt", "runtime.txt"])
def test_lock_satisfies_pyproject(lock: str) -> None:
    pins = locked(lock)
    wanted = list(RUNTIME)
    if lock == "dev.txt":
        wanted += EXTRAS["postgres"] + group("dev")
    for req in wanted:
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is not in requirements/{lock}. {FIX_LOCK}"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"requirements/{lock} pins {req.name}=={pins[name]}, outside {req.specifier}. "
            + FIX_LOCK
        )


def test_runtime_lock_agrees_with_dev_lock() -> None:
    dev, runtime = locked("dev.txt"), locked("runtime.txt")
    assert runtime, "requirements/runtime.txt pins nothing"
    differ = {name: (v, dev.get(name)) for name, v in runtime.items() if dev.get(name) != v}
    assert not differ, f"runtime.txt vs dev.txt: {differ}. {FIX_LOCK}"
    assert "psycopg" not in runtime and "pytest" not in runtime


def test_makefile_installs_from_the_lock() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "-r requirements/dev.txt" in makefile and "-r requirements/runtime.txt" in makefile
    assert "--no-deps -e ." in makefile
    assert not re.search(r"pip install[^\n]*-e \.\[", makefile), "install from the lock"


def test_metadata_is_complete() -> None:
    classifiers = PROJECT["classifiers"]
    assert "Typing :: Typed" in classifiers
    lowest = re.fullmatch(r">=3\.(\d+)", PROJECT["requires-python"])
    assert lowest, PROJECT["requires-python"]
    versions = sorted(
        int(m[1]) for c in classifiers if (m := re.fullmatch(r".*Python :: 3\.(\d+)", c))
    )
    assert versions and versions[0] == int(lowest[1]), "classifiers start at requires-python"
    assert versions == list(range(versions[0], versions[-1] + 1)), versions
    assert (ROOT / "src" / "backwards" / "py.typed").is_file()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    relative = re.findall(r"\]\((?!https?://|#)([^)]+)\)", readme)
    if "urls" in PROJECT:
        # With a public address, the README's links must work on a package index page.
        assert not relative, f"make README links absolute: {relative}"
        for url in PROJECT["urls"].values():
            assert url.startswith("https://") and "example" not in url, url


def run(
    args: list[str | Path], cwd: Path | None = None, **extra_env: str
) -> subprocess.CompletedProcess[str]:
    """Run offline: uv may use its cache only."""
    env = {**os.environ, "UV_OFFLINE": "1", "UV_NO_PROGRESS": "1", "NO_COLOR": "1", **extra_env}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300
    )


def test_wheel_installs_offline_in_a_fresh_venv_and_runs(tmp_path: Path) -> None:
    assert UV.is_file(), f"{UV} is missing: `make test` installs uv with the dev lock"
    dist = tmp_path / "dist"
    built = run([UV, "build", "--wheel", "--quiet", "--out-dir", dist, ROOT], cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("backwards-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(meta_name).decode())
    assert "backwards/py.typed" in names
    assert any(n.startswith("backwards/migrations/") for n in names)
    requires = metadata.get_all("Requires-Dist") or []
    pinned = [r for r in requires if any(s.operator == "==" for s in Requirement(r).specifier)]
    assert requires and not pinned, pinned
    assert "postgres" in (metadata.get_all("Provides-Extra") or [])
    assert "Typing :: Typed" in (metadata.get_all("Classifier") or [])

    venv = tmp_path / "fresh"
    base = getattr(sys, "_base_executable", sys.executable)
    made = run([UV, "venv", "--quiet", "--python", base, venv])
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    lock = ROOT / "requirements" / "runtime.txt"
    installed = run([UV, "pip", "install", "--quiet", "--python", python, "-r", lock, wheel])
    assert installed.returncode == 0, installed.stderr

    script = venv / "bin" / "backwards"
    helped = run([script, "--help"], cwd=tmp_path)
    assert helped.returncode == 0, helped.stderr
    assert "Usage: backwards" in helped.stdout and "prfaq" in helped.stdout

    # Without the postgres extra, a PostgreSQL URL is a clear error, not a traceback.
    (tmp_path / "backwards.yaml").write_text("name: t\n", encoding="utf-8")
    url = "postgresql://pm@127.0.0.1:9/nowhere"
    status = run([script, "db", "status"], cwd=tmp_path, BACKWARDS_DATABASE_URL=url)
    assert status.returncode == 2, status.stdout + status.stderr
    assert "backwards[postgres]" in status.stderr and "Traceback" not in status.stderr

    # No SciPy at run time: the ledger's Beta quantiles and the planner's matrix are our own.
    probe = run([python, "-c", "import scipy"])
    assert probe.returncode != 0 and "No module named 'scipy'" in probe.stderr, probe.stderr
    demo = tmp_path / "demo"
    shutil.copytree(ROOT / "examples" / "demo", demo)
    url = f"sqlite:///{tmp_path}/ledger.db"
    cli: list[str | Path] = [script, "--workspace", demo]
    seed = demo / "ledger" / "seed.json"
    imported = run([*cli, "ledger", "import", seed, "--by", "demo"], BACKWARDS_DATABASE_URL=url)
    assert imported.returncode == 0, imported.stderr
    trust = [*cli, "ledger", "trust", "--compare", "maya,ben", "--as-of", "2026-04-01T09:00Z"]
    compared = run(trust, BACKWARDS_DATABASE_URL=url)
    assert compared.returncode == 0, compared.stderr
    assert "maya" in compared.stdout and "ben" in compared.stdout
    plan = [
        *cli,
        "portfolio",
        "plan",
        demo / "portfolio.yaml",
        "--draws",
        "200",
        "--format",
        "json",
    ]
    planned = run(plan)
    assert planned.returncode == 0, planned.stderr
    assert json.loads(planned.stdout)["kind"] == "portfolio.plan"
