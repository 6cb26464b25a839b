"""Catalogues are checked against their docs: CLI commands, settings keys."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
from pydantic import BaseModel

from backwards.cli.app import main
from backwards.config import _unwrap, settings_model
from backwards.features import SECTIONS

DOCS = Path(__file__).resolve().parent.parent / "docs"


def command_paths(group: click.Group, prefix: str, ctx: click.Context) -> Iterator[str]:
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        if command.hidden:
            continue
        path = f"{prefix} {name}"
        yield path
        if isinstance(command, click.Group):
            yield from command_paths(command, path, click.Context(command, parent=ctx))


def test_every_command_has_a_section_in_cli_md() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^### (backwards[\w -]*?)\s*$", text, flags=re.M))
    ctx = click.Context(main)
    paths = set(command_paths(main, "backwards", ctx))
    assert paths, "no commands found"
    missing = sorted(paths - headings)
    assert not missing, f"docs/cli.md lacks sections for: {missing}"
    stale = sorted(headings - paths)
    assert not stale, f"docs/cli.md documents commands that do not exist: {stale}"


def settings_keys(model: type[BaseModel], prefix: str = "") -> Iterator[str]:
    for name, info in model.model_fields.items():
        key = f"{prefix}{name}"
        yield key
        inner = _unwrap(info.annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            yield from settings_keys(inner, f"{key}.")


def test_every_settings_key_is_documented() -> None:
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    text = text.split("\n## Keys", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([\w.]+)` \|", text, flags=re.M))
    keys = set(settings_keys(settings_model(SECTIONS)))
    missing = sorted(keys - documented)
    assert not missing, f"docs/configuration.md lacks: {missing}"
    stale = sorted(documented - keys)
    assert not stale, f"docs/configuration.md documents unknown keys: {stale}"
