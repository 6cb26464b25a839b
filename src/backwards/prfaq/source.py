"""Reading a PR/FAQ file: size cap, binary and encoding checks, with messages that help."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from backwards.errors import InputError

__all__ = ["MAX_BYTES", "SUFFIXES", "find_documents", "read_source"]

MAX_BYTES = 5 * 1024 * 1024
SUFFIXES = (".md", ".markdown", ".txt", ".mdown", ".mkd")


def read_source(path: Path | str) -> str:
    """The text of ``path``; ``InputError`` (exit 2 at the CLI) when it cannot be reviewed."""
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(
                f"{p} is a folder, not a file", hint="Pass the PR/FAQ file inside it.", path=p
            )
        size = p.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{p} does not exist", hint="Check the path.", path=p) from None
    except PermissionError:
        raise InputError(f"{p} cannot be read (permission denied)", path=p) from None
    if size > MAX_BYTES:
        raise InputError(
            f"{p} is {size / (1024 * 1024):.1f} MB; "
            f"a PR/FAQ is at most {MAX_BYTES // (1024 * 1024)} MB",
            hint="A PR/FAQ is a few pages; check that this is the right file.",
            path=p,
        )
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p} cannot be read: {exc.strerror}", path=p) from None
    if b"\x00" in raw[:8192]:
        raise InputError(
            f"{p} is a binary file, not a PR/FAQ",
            hint="Review a Markdown or plain-text file (.md, .txt).",
            path=p,
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{p} is not UTF-8 text (byte {exc.start} on line {line})",
            hint="Save the file as UTF-8 and review it again.",
            path=p,
            line=line,
        ) from None


def find_documents(paths: Sequence[Path | str]) -> list[Path]:
    """Files to review: files as given; folders searched for .md/.markdown/.txt files."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                raise InputError(
                    f"{p} is a folder with no PR/FAQ files ({', '.join(SUFFIXES[:3])})",
                    hint="Pass a Markdown file, or a folder that holds some.",
                    path=p,
                )
            out.extend(found)
        else:
            out.append(p)
    return out
