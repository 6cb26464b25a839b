"""Settings read without pydantic (``settingsfile.read_plain`` with the ledger's
``plain_settings.read_section``) are what the models give, or nothing: never a value the models
would refuse or change, so the short way never changes an answer or a message."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from pathlib import Path

import pytest

from backwards.config import Settings
from backwards.errors import BackwardsError
from backwards.features import open_workspace
from backwards.ledger import LedgerSettings
from backwards.ledger.plain_settings import PlainLedgerSettings, read_section
from backwards.settingsfile import KERNEL_KEYS, read_plain

#: Valid files the short way reads itself.
PLAIN = [
    "",
    "version: 1\n",
    "name: Team\ndatabase_url: sqlite:///x.db\n",
    "name: null\ndatabase_url: ''\n",
    "ledger:\n  repeat_threshold: 0.5\n  holidays: [2026-01-01, 2025-12-25]\n",
    "ledger:\n  repeat_threshold: 1\n  holidays: DE-BY\n  default_person: ana\n",
    "ledger: {}\n",
    "ledger:\n  repeat_threshold: 0\n  holidays: []\n  default_person: null\n",
]
#: Files the short way leaves to the models (which accept or refuse them).
LONG_WAY = [
    "wbr: {}\n",
    "prfaq: {}\n",
    "ledger:\n  repeat_threshold: '0.5'\n",
    "ledger:\n  holidays: ['2026-01-01']\n",
    "ledger:\n  repeat_threshold: true\n",
    "version: 1.0\n",
    "version: true\n",
    "ledger:\n  holidays: [2026-01-01T00:00:00]\n",
]
#: Files the models refuse.
INVALID = [
    "ledger:\n  holidays: [2026-01-01T10:00:00]\n",
    "version: 2\n",
    "nme: Team\n",
    "name: [1]\n",
    "database_url: 5\n",
    "- 1\n- 2\n",
    "name: a\nname: b\n",
    "ledger: null\n",
    "ledger: []\n",
    "ledger:\n  repeat_treshold: 0.5\n",
    "ledger:\n  repeat_threshold: 1.5\n",
    "ledger:\n  repeat_threshold: -0.1\n",
    "ledger:\n  repeat_threshold: .nan\n",
    "ledger:\n  repeat_threshold: .inf\n",
    "ledger:\n  holidays: 5\n",
    "ledger:\n  holidays: [5]\n",
    "ledger:\n  default_person: 5\n",
    "ledger:\n  default_person: [ana]\n",
    "name: 'unclosed\n",
]


def _both(folder: Path, text: str) -> tuple[object, object]:
    (folder / "backwards.yaml").write_text(text, encoding="utf-8")
    plain = read_plain(folder, sections={"ledger": read_section}, env={})
    try:
        model: object = open_workspace(folder, env={})
    except BackwardsError as exc:
        model = exc
    return plain, model


@pytest.mark.parametrize("text", PLAIN + LONG_WAY + INVALID)
def test_the_short_way_gives_what_the_models_give_or_nothing(tmp_path: Path, text: str) -> None:
    plain, ws = _both(tmp_path, text)
    assert isinstance(ws, BackwardsError) == (text in INVALID), ws
    assert (plain is not None) == (text in PLAIN)
    if plain is None:
        return
    assert plain.database_url == ws.database_url  # type: ignore[attr-defined]
    assert plain.root == ws.root and plain.state_dir == ws.state_dir  # type: ignore[attr-defined]
    model = ws.settings.section(LedgerSettings)  # type: ignore[attr-defined]
    holidays = model.holidays if isinstance(model.holidays, str) else tuple(model.holidays)
    expected = PlainLedgerSettings(model.repeat_threshold, holidays, model.default_person)
    assert plain.sections["ledger"] == expected
    assert type(plain.sections["ledger"].repeat_threshold) is float


def test_the_short_way_knows_every_key_of_the_models() -> None:
    """A key added to a model must be added to the short way too (or it would be dropped)."""
    assert set(Settings.model_fields) == set(KERNEL_KEYS)
    assert set(LedgerSettings.model_fields) == {f.name for f in fields(PlainLedgerSettings)}


def test_the_defaults_are_the_models() -> None:
    model = LedgerSettings()
    assert read_section({}) == PlainLedgerSettings(
        model.repeat_threshold, str(model.holidays), model.default_person
    )
    assert read_section({"holidays": [date(2026, 1, 1)]}) == PlainLedgerSettings(
        holidays=(date(2026, 1, 1),)
    )


def test_no_settings_file(tmp_path: Path) -> None:
    assert read_plain(tmp_path, sections={"ledger": read_section}, env={}) is None  # required
    plain = read_plain(tmp_path, sections={"ledger": read_section}, env={}, required=False)
    assert plain is not None and plain.settings_path is None
    assert plain.sections["ledger"] == PlainLedgerSettings()
    ws = open_workspace(tmp_path, env={}, required=False)
    assert plain.database_url == ws.database_url
