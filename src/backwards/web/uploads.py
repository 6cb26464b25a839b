"""Uploading a team deck, like the WBR App: a WBR config (YAML) and one data file (CSV or
Parquet). The files are checked for size and type, written under names of our own into a
staging folder (the names the browser sent are only shown, never used as paths), and checked
by ``backwards.wbr.check``; any problem is a list of located messages and nothing is kept."""

from __future__ import annotations

import codecs
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from starlette.datastructures import FormData, UploadFile

from backwards import wbr
from backwards.errors import BackwardsError
from backwards.web.catalog import CONFIG_FILE

__all__ = ["MAX_CONFIG_BYTES", "Staged", "UploadRejected", "stage_upload"]

MAX_CONFIG_BYTES = 256 * 1024
CONFIG_SUFFIXES = (".yaml", ".yml")
DATA_KINDS = {".csv": "csv", ".parquet": "parquet"}
_CHUNK = 1024 * 1024


class UploadRejected(Exception):
    """The upload was refused: ``problems`` are located messages for the page."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Staged:
    folder: Path
    config_name: str
    data_name: str
    data_kind: str


def _shown(name: str | None) -> str:
    """The browser's file name, for messages only (its last part, at most 120 characters)."""
    text = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return text[:120] or "(no name)"


def _file(form: FormData, field: str, label: str, problems: list[str]) -> UploadFile | None:
    value = form.get(field)
    if not isinstance(value, UploadFile) or not value.filename:
        problems.append(f"{label}: choose a file")
        return None
    return value


async def _copy(upload: UploadFile, target: Path, limit: int) -> int:
    """Copy ``upload`` to ``target``; returns its size, or -1 when it is over ``limit``."""
    size = 0
    await upload.seek(0)
    with target.open("wb") as sink:
        while chunk := await upload.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                return -1
            sink.write(chunk)
    return size


def _looks_like_text(path: Path) -> str | None:
    """None when the start of ``path`` is UTF-8 text, else what is wrong."""
    with path.open("rb") as source:
        head = source.read(64 * 1024)
    if b"\x00" in head:
        return "it is not text (it has NUL bytes)"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError as exc:
        return f"it is not UTF-8 text (byte {exc.start + 1})"
    return None


def _looks_like_parquet(path: Path) -> str | None:
    size = path.stat().st_size
    with path.open("rb") as source:
        head = source.read(4)
        source.seek(max(size - 4, 0))
        tail = source.read(4)
    if size < 12 or head != b"PAR1" or tail != b"PAR1":
        return "it is not a Parquet file (no PAR1 marks at its start and end)"
    return None


def _located(finding: object, names: dict[str, str]) -> str:
    """A wbr finding as one line naming the uploaded file, line and column."""
    file = str(getattr(finding, "file", "") or "")
    shown = names.get(Path(file).name, Path(file).name) if file else ""
    place = shown
    line = getattr(finding, "line", None)
    if line:
        place += f" line {line}"
        column = getattr(finding, "column", None)
        if column:
            place += f", column {column}"
    code = getattr(finding, "code", "")
    message = getattr(finding, "message", str(finding))
    suggestion = getattr(finding, "suggestion", None)
    text = f"{place}: {code} {message}" if place else f"{code} {message}"
    return text + (f" ({suggestion})" if suggestion else "")


async def stage_upload(form: FormData, staging_root: Path, *, max_data_bytes: int) -> Staged:
    """Check and stage the form's ``config`` and ``data`` files; raises ``UploadRejected``
    with every problem found (and leaves nothing behind)."""
    problems: list[str] = []
    config = _file(form, "config", "WBR config", problems)
    data = _file(form, "data", "data file", problems)
    kind = ""
    if config is not None and not _shown(config.filename).lower().endswith(CONFIG_SUFFIXES):
        problems.append(f"WBR config {_shown(config.filename)!r}: must be a .yaml or .yml file")
    if data is not None:
        suffix = Path(_shown(data.filename).lower()).suffix
        kind = DATA_KINDS.get(suffix, "")
        if not kind:
            problems.append(f"data file {_shown(data.filename)!r}: must be a .csv or .parquet file")
    if problems or config is None or data is None:
        raise UploadRejected(problems)
    config_name, data_name = _shown(config.filename), _shown(data.filename)
    staging_root.mkdir(parents=True, exist_ok=True)
    folder = staging_root / f"upload-{secrets.token_hex(8)}"
    folder.mkdir()
    try:
        config_path, data_path = folder / CONFIG_FILE, folder / f"data.{kind}"
        if await _copy(config, config_path, MAX_CONFIG_BYTES) < 0:
            problems.append(
                f"WBR config {config_name!r}: larger than {MAX_CONFIG_BYTES // 1024} KB"
            )
        elif wrong := _looks_like_text(config_path):
            problems.append(f"WBR config {config_name!r}: {wrong}")
        if await _copy(data, data_path, max_data_bytes) < 0:
            limit = f"{max_data_bytes / 1_000_000:g} MB"
            problems.append(f"data file {data_name!r}: larger than {limit}")
        else:
            wrong = _looks_like_text(data_path) if kind == "csv" else _looks_like_parquet(data_path)
            if wrong:
                problems.append(f"data file {data_name!r}: {wrong}")
        if not problems:
            names = {CONFIG_FILE: config_name, data_path.name: data_name}
            try:
                findings = wbr.check(config_path, [data_path])
            except BackwardsError as exc:
                found = list(getattr(exc, "findings", ()) or ())
                problems.extend(
                    [_located(f, names) for f in found] or [f"WBR config {config_name!r}: {exc}"]
                )
            else:
                problems.extend(
                    _located(f, names)
                    for f in findings
                    if str(getattr(getattr(f, "severity", ""), "value", "")) == "error"
                )
        if problems:
            raise UploadRejected(problems)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Staged(folder, config_name, data_name, kind)
