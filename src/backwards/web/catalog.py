"""The decks a person may open: the workspace's own deck (``wbr.config`` in backwards.yaml,
seen by everyone signed in) and team decks (a WBR config and a data file uploaded through the
web app, seen by their team and the admins). A team deck ``in_rollup`` is rolled up into the
workspace deck's page (the cascade). The files of a team deck live in
``<workspace>/.backwards/web/decks/<folder>/``; they are read by ``backwards.wbr``, never
executed."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from backwards.errors import InputError
from backwards.people import Person
from backwards.store import Store
from backwards.web import tables as t
from backwards.web.events import record_event

__all__ = ["WORKSPACE_DECK", "DeckCatalog", "DeckRef", "may_see_deck"]

WORKSPACE_DECK = "workspace"
CONFIG_FILE = "wbr.yaml"


@dataclass(frozen=True, slots=True)
class DeckRef:
    """One deck: ``key`` is ``workspace`` or ``team-<id>``; ``config``/``data`` are None for
    the workspace's own deck (its settings name them)."""

    key: str
    title: str
    team: str | None
    id: int | None = None
    config: Path | None = None
    data: Path | None = None
    config_name: str = ""
    data_name: str = ""
    in_rollup: bool = False
    created_by: str = ""
    created_at: datetime | None = None

    @property
    def base(self) -> str:
        """The URL prefix of the deck's pages."""
        return "/decks" if self.id is None else f"/decks/team/{self.id}"


def may_see_deck(person: Person, ref: DeckRef) -> bool:
    """Everyone sees the workspace's decks; a team deck is its team's (and the admins')."""
    return person.is_admin or ref.team is None or ref.team == person.team


def workspace_deck(title: str) -> DeckRef:
    return DeckRef(WORKSPACE_DECK, title, None)


class DeckCatalog:
    def __init__(self, store: Store, root: Path) -> None:
        self.store = store
        self.root = root  # <state>/web/decks

    def _ref(self, row: sa.Row[tuple[object, ...]]) -> DeckRef:
        m = row._mapping
        folder = self.root / str(m["folder"])
        return DeckRef(
            key=f"team-{m['id']}",
            title=str(m["title"]),
            team=m["team"],
            id=int(m["id"]),
            config=folder / CONFIG_FILE,
            data=folder / f"data.{m['data_kind']}",
            config_name=str(m["config_name"]),
            data_name=str(m["data_name"]),
            in_rollup=bool(m["in_rollup"]),
            created_by=str(m["created_by"]),
            created_at=m["created_at"],
        )

    def team_decks(self) -> list[DeckRef]:
        query = sa.select(t.decks).where(t.decks.c.removed_at.is_(None)).order_by(t.decks.c.id)
        with self.store.read() as conn:
            return [self._ref(r) for r in conn.execute(query).all()]

    def get(self, deck_id: int) -> DeckRef | None:
        query = sa.select(t.decks).where(t.decks.c.id == deck_id, t.decks.c.removed_at.is_(None))
        with self.store.read() as conn:
            row = conn.execute(query).first()
        return self._ref(row) if row is not None else None

    def add(
        self,
        staged: Path,
        *,
        title: str,
        team: str | None,
        config_name: str,
        data_name: str,
        data_kind: str,
        in_rollup: bool,
        by: str,
        at: datetime,
    ) -> DeckRef:
        """Move the checked files of ``staged`` into the catalogue and record the deck (one
        transaction; the folder is removed again if the record cannot be written)."""
        final = self.root / staged.name
        self.root.mkdir(parents=True, exist_ok=True)
        staged.rename(final)
        values = {
            "title": title,
            "team": team,
            "folder": final.name,
            "config_name": config_name[:200],
            "data_name": data_name[:200],
            "data_kind": data_kind,
            "in_rollup": in_rollup,
            "created_by": by,
            "created_at": at,
        }

        def work(conn: sa.Connection) -> int:
            new_id = int(conn.execute(t.decks.insert().values(**values)).inserted_primary_key[0])
            record_event(
                conn, who=by, action="deck.upload", subject=f"team-{new_id}", at=at, team=team
            )
            return new_id

        try:
            new_id = self.store.write(work)
        except BaseException:
            shutil.rmtree(final, ignore_errors=True)
            raise
        found = self.get(new_id)
        if found is None:  # pragma: no cover - written just now
            raise InputError("the deck was not recorded")
        return found

    def remove(self, deck_id: int, *, by: str, at: datetime) -> None:
        """Take a team deck off the catalogue (its files and explanations are kept)."""

        def work(conn: sa.Connection) -> None:
            conn.execute(t.decks.update().where(t.decks.c.id == deck_id).values(removed_at=at))
            record_event(conn, who=by, action="deck.remove", subject=f"team-{deck_id}", at=at)

        self.store.write(work)
