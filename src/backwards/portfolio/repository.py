"""The workspace's bets in the store: every change one transaction and one event.

``BetRepository(store)``: ``add``, ``revise`` (bet fields, or a new forecast), ``move`` (status:
planned freezes the forecast; launch; drop), ``set_team``, and reads: ``record``, ``records``,
``teams``, ``portfolio`` (the active bets as a ``Portfolio``). ``import_portfolio`` stores a
plan file's teams and bets (new bets added, changed ones revised, the rest untouched).
Who acts (``by``) and when (``at``) are passed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from backwards.errors import InputError, StateError
from backwards.portfolio import tables as t
from backwards.portfolio.model import Bet, Impact, Portfolio, Team, headcount
from backwards.portfolio.records import (
    ACTIVE,
    BetRecord,
    Forecast,
    PortfolioEvent,
    Status,
    bet_fields,
    can_move,
)
from backwards.store import Store

__all__ = ["BetRepository", "ImportSummary"]

FORECAST_FIELDS = ("metric", "p10", "p50", "p90", "value_per_unit", "probability")
BET_FIELDS = (
    "title",
    "owner",
    "team",
    "prfaq",
    "people",
    "weeks",
    "weeks_p90",
    "requires",
    "exclusive",
    "cost_of_delay",
    "deadline",
    "life_weeks",
    "rice",
    "wsjf",
)


@dataclass(frozen=True, slots=True)
class ImportSummary:
    added: tuple[str, ...]
    revised: tuple[str, ...]
    unchanged: tuple[str, ...]
    teams: tuple[str, ...]


def _bet_values(bet: Bet) -> dict[str, Any]:
    cod = bet.cost_of_delay
    return {
        **bet_fields(bet),
        "cost_of_delay": cod.kind.value,
        "deadline": cod.deadline,
        "life_weeks": cod.life_weeks,
        "rice": bet.rice.score if bet.rice else None,
        "wsjf": bet.wsjf.score if bet.wsjf else None,
    }


def _forecast_values(bet: Bet) -> dict[str, Any]:
    i = bet.impact
    return {
        "metric": i.metric,
        "p10": i.p10,
        "p50": i.p50,
        "p90": i.p90,
        "value_per_unit": bet.value_per_unit,
        "probability": bet.probability,
    }


def _jsonable(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}


def _bet_from(row: Mapping[str, Any] | RowMapping, f: Forecast) -> Bet:
    impact = Impact(f.metric, f.p10, f.p50, f.p90)
    return Bet.from_fields(dict(row), impact, f.value_per_unit, f.probability)


def _forecast_from(row: RowMapping) -> Forecast:
    return Forecast(
        id=int(row["id"]),
        metric=row["metric"],
        p10=float(row["p10"]),
        p50=float(row["p50"]),
        p90=float(row["p90"]),
        value_per_unit=float(row["value_per_unit"]),
        probability=float(row["probability"]),
        made_on=row["made_on"],
        revision=bool(row["revision"]),
        reason=row["reason"],
        recorded_by=row["recorded_by"],
        recorded_at=row["recorded_at"],
    )


def _missing(bet_id: str) -> InputError:
    return InputError(f"there is no bet {bet_id!r}", "Run `backwards bet list` to see the ids.")


class BetRepository:
    """The bets of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- writes --------------------------------------------------------------------------------

    def set_team(self, name: str, capacity: float, *, by: str, at: datetime) -> None:
        """Create a team or change its capacity."""
        if capacity <= 0:
            raise InputError(f"team {name!r}: capacity must be above 0, not {capacity:g}")

        def work(conn: Connection) -> None:
            self._set_team(conn, name, capacity, by, at)

        self.store.write(work)

    def _set_team(self, conn: Connection, name: str, cap: float, by: str, at: datetime) -> bool:
        old = conn.execute(
            sa.select(t.teams.c.capacity).where(t.teams.c.name == name)
        ).scalar_one_or_none()
        if old == cap:
            return False
        if old is None:
            conn.execute(
                t.teams.insert().values(name=name, capacity=cap, recorded_by=by, recorded_at=at)
            )
        else:
            conn.execute(t.teams.update().where(t.teams.c.name == name).values(capacity=cap))
        self._event(conn, at, by, None, "team", {"team": name, "capacity": cap, "was": old})
        return True

    def add(
        self,
        bet: Bet,
        *,
        made_on: date,
        by: str,
        at: datetime,
        prfaq: str | None = None,
        status: Status = Status.IDEA,
    ) -> BetRecord:
        """Record a new bet and its first forecast (made on ``made_on``)."""

        def work(conn: Connection) -> None:
            self._add(conn, bet, made_on, by, at, prfaq, status)

        self.store.write(work)
        return self.record(bet.id)

    def _add(
        self,
        conn: Connection,
        bet: Bet,
        made_on: date,
        by: str,
        at: datetime,
        prfaq: str | None,
        status: Status,
        position: int | None = None,
    ) -> None:
        self._check_bet(conn, bet)
        if conn.execute(sa.select(t.bets.c.id).where(t.bets.c.id == bet.id)).first():
            raise InputError(
                f"bet {bet.id!r} already exists", "Change it with `backwards bet revise`."
            )
        position = position if position is not None else self._next_position(conn)
        values = _bet_values(bet) | {
            "id": bet.id,
            "position": position,
            "prfaq": prfaq,
            "status": Status.IDEA.value,
            "launched_on": None,
            "baseline_forecast_id": None,
            "recorded_by": by,
            "recorded_at": at,
        }
        conn.execute(t.bets.insert().values(**values))
        self._event(conn, at, by, bet.id, "add", _jsonable(values))
        self._add_forecast(conn, bet.id, _forecast_values(bet), made_on, False, "", by, at)
        if status is not Status.IDEA:
            self._move(conn, bet.id, status, by, at, None, "")

    def _next_position(self, conn: Connection) -> int:
        last = conn.execute(sa.select(sa.func.max(t.bets.c.position))).scalar()
        return 0 if last is None else int(last) + 1

    def _check_bet(self, conn: Connection, bet: Bet) -> None:
        known = set(conn.execute(sa.select(t.teams.c.name)).scalars())
        if bet.team not in known:
            raise InputError(
                f"bet {bet.id!r}: unknown team {bet.team!r}"
                + (f" (teams: {', '.join(sorted(known))})" if known else ""),
                "Add the team with `backwards portfolio team NAME --capacity N`.",
            )
        cap = conn.execute(
            sa.select(t.teams.c.capacity).where(t.teams.c.name == bet.team)
        ).scalar_one()
        if bet.people > cap:
            raise InputError(
                f"bet {bet.id!r} needs {headcount(bet.people)} but team {bet.team!r} has {cap:g}",
                "Lower --people or raise the team's capacity.",
            )
        i = bet.impact
        if not i.p10 <= i.p50 <= i.p90:
            raise InputError(
                f"bet {bet.id!r}: the impact needs P10 <= P50 <= P90, not {i.p10:g}, {i.p50:g}, "
                f"{i.p90:g}",
                "Order the three values from low to high.",
            )
        if not 0 <= bet.probability <= 1:
            raise InputError(f"bet {bet.id!r}: probability {bet.probability:g} is outside 0..1")
        for req in bet.requires:
            if (
                req == bet.id
                or not conn.execute(sa.select(t.bets.c.id).where(t.bets.c.id == req)).first()
            ):
                raise InputError(
                    f"bet {bet.id!r} requires {req!r}, which is not a bet",
                    "Add the required bet first (`backwards bet add`).",
                )
        self._check_no_cycle(conn, bet)

    def _check_no_cycle(self, conn: Connection, bet: Bet) -> None:
        graph = {
            r.id: tuple(r.requires or ())
            for r in conn.execute(sa.select(t.bets.c.id, t.bets.c.requires))
        }
        graph[bet.id] = bet.requires
        seen: set[str] = set()
        stack = list(bet.requires)
        while stack:
            node = stack.pop()
            if node == bet.id:
                raise InputError(
                    f"bet {bet.id!r}: its requirements lead back to it (a cycle)",
                    "Remove one of the requirements.",
                )
            if node not in seen:
                seen.add(node)
                stack.extend(graph.get(node, ()))

    def _add_forecast(
        self,
        conn: Connection,
        bet_id: str,
        values: Mapping[str, Any],
        made_on: date,
        revision: bool,
        reason: str,
        by: str,
        at: datetime,
    ) -> int:
        row = dict(values) | {
            "bet_id": bet_id,
            "made_on": made_on,
            "revision": revision,
            "reason": reason,
            "recorded_by": by,
            "recorded_at": at,
        }
        new_id = int(
            conn.execute(t.forecasts.insert().returning(t.forecasts.c.id), row).scalar_one()
        )
        self._event(
            conn,
            at,
            by,
            bet_id,
            "revise-forecast" if revision else "forecast",
            _jsonable(row) | {"forecast_id": new_id},
        )
        return new_id

    def revise(
        self,
        bet_id: str,
        *,
        by: str,
        at: datetime,
        reason: str = "",
        made_on: date | None = None,
        **changes: Any,
    ) -> BetRecord:
        """Change a bet. Forecast fields (metric, p10, p50, p90, value_per_unit, probability)
        append a forecast (a revision, with its reason, once the bet is planned); other fields
        change the bet row. Each change is an event with the old and new values."""
        unknown = set(changes) - set(FORECAST_FIELDS) - set(BET_FIELDS)
        if unknown:
            raise InputError(f"cannot revise {', '.join(sorted(unknown))}")

        def work(conn: Connection) -> None:
            self._revise(conn, bet_id, by, at, reason, made_on or at.date(), changes)

        self.store.write(work)
        return self.record(bet_id)

    def _revise(
        self,
        conn: Connection,
        bet_id: str,
        by: str,
        at: datetime,
        reason: str,
        made_on: date,
        changes: Mapping[str, Any],
    ) -> bool:
        record = self._record(conn, bet_id)
        old_bet = _bet_values(record.bet) | {"prfaq": record.prfaq}
        old_fc = _forecast_values(record.bet)
        bet_changes = {k: v for k, v in changes.items() if k in BET_FIELDS and old_bet[k] != v}
        fc_changes = {k: v for k, v in changes.items() if k in FORECAST_FIELDS and old_fc[k] != v}
        if not bet_changes and not fc_changes:
            return False
        if record.status in (Status.LAUNCHED, Status.DROPPED):
            raise StateError(f"bet {bet_id!r} is {record.status.value}; it cannot change")
        planned = record.status is not Status.IDEA
        if fc_changes and planned and not reason.strip():
            raise InputError(
                f"bet {bet_id!r} is {record.status.value}: its forecast is frozen, so a new one "
                "is a revision and needs a reason",
                "Pass --reason.",
            )
        new_bet = _bet_from({**old_bet, **bet_changes, "id": bet_id}, record.forecast)
        new_bet = replace(
            new_bet,
            impact=Impact(
                *(({**old_fc, **fc_changes})[k] for k in ("metric", "p10", "p50", "p90"))
            ),
            value_per_unit=({**old_fc, **fc_changes})["value_per_unit"],
            probability=({**old_fc, **fc_changes})["probability"],
        )
        self._check_bet(conn, new_bet)
        if bet_changes:
            conn.execute(t.bets.update().where(t.bets.c.id == bet_id).values(**bet_changes))
            self._event(
                conn,
                at,
                by,
                bet_id,
                "revise",
                {
                    "changes": _jsonable(bet_changes),
                    "was": _jsonable({k: old_bet[k] for k in bet_changes}),
                    "reason": reason,
                },
            )
        if fc_changes:
            self._add_forecast(
                conn, bet_id, {**old_fc, **fc_changes}, made_on, planned, reason, by, at
            )
        return True

    def move(
        self,
        bet_id: str,
        status: Status,
        *,
        by: str,
        at: datetime,
        on: date | None = None,
        reason: str = "",
    ) -> BetRecord:
        """Move a bet forward (planned freezes its forecast; launched takes ``on``) or drop it."""

        def work(conn: Connection) -> None:
            self._move(conn, bet_id, status, by, at, on, reason)

        self.store.write(work)
        return self.record(bet_id)

    def _move(
        self,
        conn: Connection,
        bet_id: str,
        status: Status,
        by: str,
        at: datetime,
        on: date | None,
        reason: str,
    ) -> None:
        record = self._record(conn, bet_id)
        if not can_move(record.status, status):
            raise StateError(
                f"bet {bet_id!r} is {record.status.value}; it cannot become {status.value}"
            )
        values: dict[str, Any] = {"status": status.value}
        if record.baseline_forecast_id is None and status is not Status.DROPPED:
            values["baseline_forecast_id"] = record.forecast.id
        if status is Status.LAUNCHED:
            values["launched_on"] = on or at.date()
        conn.execute(t.bets.update().where(t.bets.c.id == bet_id).values(**values))
        data = _jsonable(values) | {"was": record.status.value, "reason": reason}
        self._event(conn, at, by, bet_id, status.value, data)

    def _event(
        self,
        conn: Connection,
        at: datetime,
        who: str,
        bet_id: str | None,
        action: str,
        data: dict[str, Any],
    ) -> None:
        conn.execute(
            t.events.insert().values(at=at, who=who, bet_id=bet_id, action=action, data=data)
        )

    # -- reads ---------------------------------------------------------------------------------

    def teams(self) -> dict[str, Team]:
        with self.store.read() as conn:
            rows = conn.execute(sa.select(t.teams).order_by(t.teams.c.name)).mappings()
            return {r["name"]: Team(r["name"], float(r["capacity"])) for r in rows}

    def record(self, bet_id: str, *, events: bool = True) -> BetRecord:
        with self.store.read() as conn:
            return self._record(conn, bet_id, events=events)

    def _record(self, conn: Connection, bet_id: str, *, events: bool = False) -> BetRecord:
        records = self._records(conn, [bet_id], events=events)
        if not records:
            raise _missing(bet_id)
        return records[0]

    def records(self, statuses: Iterable[Status] | None = None) -> list[BetRecord]:
        """Every bet (or those with ``statuses``), in the order they were written."""
        with self.store.read() as conn:
            return self._records(conn, None, statuses=statuses)

    def _records(
        self,
        conn: Connection,
        ids: list[str] | None,
        *,
        statuses: Iterable[Status] | None = None,
        events: bool = False,
    ) -> list[BetRecord]:
        query = sa.select(t.bets).order_by(t.bets.c.position, t.bets.c.id)
        if ids is not None:
            query = query.where(t.bets.c.id.in_(ids))
        if statuses is not None:
            query = query.where(t.bets.c.status.in_([s.value for s in statuses]))
        rows = list(conn.execute(query).mappings())
        wanted = [r["id"] for r in rows]
        fcs: dict[str, list[Forecast]] = {}
        fq = sa.select(t.forecasts).order_by(t.forecasts.c.id)
        if ids is not None:
            fq = fq.where(t.forecasts.c.bet_id.in_(wanted))
        for f in conn.execute(fq).mappings():
            fcs.setdefault(f["bet_id"], []).append(_forecast_from(f))
        evs: dict[str, list[PortfolioEvent]] = {}
        if events:
            eq = sa.select(t.events).where(t.events.c.bet_id.in_(wanted)).order_by(t.events.c.id)
            for e in conn.execute(eq).mappings():
                evs.setdefault(e["bet_id"], []).append(
                    PortfolioEvent(
                        e["id"], e["at"], e["who"], e["bet_id"], e["action"], dict(e["data"])
                    )
                )
        return [
            BetRecord(
                bet=_bet_from(r, fcs[r["id"]][-1]),
                status=Status(r["status"]),
                prfaq=r["prfaq"],
                launched_on=r["launched_on"],
                forecasts=tuple(fcs[r["id"]]),
                baseline_forecast_id=r["baseline_forecast_id"],
                events=tuple(evs.get(r["id"], ())),
            )
            for r in rows
        ]

    def portfolio(self, *, horizon: int, start: date) -> Portfolio:
        """The active bets (idea, planned, building) and the teams, as a plan sees them.

        A requirement on a launched bet is already met and is dropped from the plan's view.
        """
        records = self.records(ACTIVE)
        active = {r.bet.id for r in records}
        bets = [
            replace(r.bet, requires=tuple(x for x in r.bet.requires if x in active))
            for r in records
        ]
        return Portfolio(horizon, self.teams(), bets, start)

    # -- import --------------------------------------------------------------------------------

    def import_portfolio(
        self, portfolio: Portfolio, *, by: str, at: datetime, made_on: date
    ) -> ImportSummary:
        """Store a plan file's teams and bets in one transaction (see the module docstring)."""
        added: list[str] = []
        revised: list[str] = []
        unchanged: list[str] = []
        teams: list[str] = []

        def work(conn: Connection) -> None:
            for team in portfolio.teams.values():
                if self._set_team(conn, team.name, team.capacity, by, at):
                    teams.append(team.name)
            existing = set(conn.execute(sa.select(t.bets.c.id)).scalars())
            base = self._next_position(conn)
            written = {b.id: base + k for k, b in enumerate(portfolio.bets)}
            for bet in _requirements_first(portfolio.bets):
                if bet.id not in existing:
                    self._add(conn, bet, made_on, by, at, None, Status.IDEA, written[bet.id])
                    added.append(bet.id)
                    continue
                changes = _bet_values(bet) | _forecast_values(bet)
                if self._revise(conn, bet.id, by, at, "imported", made_on, changes):
                    revised.append(bet.id)
                else:
                    unchanged.append(bet.id)

        self.store.write(work)
        return ImportSummary(tuple(added), tuple(revised), tuple(unchanged), tuple(teams))


def _requirements_first(bets: Iterable[Bet]) -> list[Bet]:
    """The bets in written order, except that each comes after the bets it requires."""
    pending = list(bets)
    by_id = {b.id: b for b in pending}
    done: set[str] = set()
    out: list[Bet] = []

    def visit(bet: Bet, trail: frozenset[str]) -> None:
        if bet.id in done or bet.id in trail:
            return
        for req in bet.requires:
            if req in by_id:
                visit(by_id[req], trail | {bet.id})
        done.add(bet.id)
        out.append(bet)

    for bet in pending:
        visit(bet, frozenset())
    return out
