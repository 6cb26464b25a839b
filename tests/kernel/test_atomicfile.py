from __future__ import annotations

from pathlib import Path

import pytest

from backwards.atomicfile import write_atomic


def test_writes_and_creates_parents(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out.txt"
    write_atomic(target, "héllo")
    assert target.read_text(encoding="utf-8") == "héllo"
    write_atomic(target, b"bytes")
    assert target.read_bytes() == b"bytes"
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]


def test_failure_leaves_target_and_no_temp(tmp_path: Path) -> None:
    # Replacing a non-empty folder with a file fails at the final rename step.
    target = tmp_path / "out"
    target.mkdir()
    (target / "keep.txt").write_text("old")
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert (target / "keep.txt").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_keeps_mode_of_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert target.stat().st_mode & 0o777 == 0o640
