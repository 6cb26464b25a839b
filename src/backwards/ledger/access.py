"""Who may change a commitment (issue 16, point 3): revise, resolve or correct it.

A commitment is changed by

- its **owner**;
- someone recorded as its **audience**: ``--audience`` names people or teams, separated by
  commas, semicolons, slashes or " and " (``"bob, Sales"``); a person named there, or a member
  of a team named there, is its audience;
- the **owner's leader**: the leader of the owner's team in the shared people directory
  (``backwards.people``, ``backwards user add``).

Anyone else is refused with an ``InputError`` (exit 2 at the CLI) that says who may.

A workspace with nobody in its people directory is a single-user workspace and needs no
setup: there its **default person** (``ledger.default_person``, else ``BACKWARDS_USER``, else
the login name; see ``Book``) stands for the owner's leader, so what worked before still works,
while a made-up ``--by ghost`` on someone else's commitment is refused. A ``Book`` opened
without a default person and without people checks only what it can: nothing to refuse.

Names match in any letter case. A disabled person may change nothing but is not refused as
the owner (it is their own record).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from backwards import people
from backwards.errors import InputError

if TYPE_CHECKING:
    from backwards.ledger.model import Commitment
    from backwards.store import Store

__all__ = ["Access", "audience_names", "check_may_change"]

_SPLIT = re.compile(r"\s*(?:[,;/]|\band\b|&)\s*", re.IGNORECASE)


def audience_names(audience: str) -> tuple[str, ...]:
    """The names in an ``audience`` field, casefolded: ``"Bob, Sales and ana"`` gives
    ``("bob", "sales", "ana")``."""
    return tuple(n.casefold() for n in _SPLIT.split(audience.strip()) if n.strip())


@dataclass(frozen=True, slots=True)
class Access:
    """Why ``who`` may change a commitment: ``"owner"``, ``"audience"``, ``"leader"`` or
    ``"default person"`` (single-user workspace), or ``"unchecked"``."""

    who: str
    reason: str


def check_may_change(
    store: Store, commitment: Commitment, who: str, action: str, default_person: str | None
) -> Access:
    """``who`` may ``action`` (revise, resolve, correct) ``commitment``, or an ``InputError``."""
    me = who.strip().casefold()
    owner = commitment.owner.strip()
    if me == owner.casefold():
        return Access(who, "owner")
    with people.Directory(store) as directory:
        everyone = directory.people(include_disabled=True)
        if not everyone:  # single-user workspace: its default person keeps the ledger
            if default_person is None or me == default_person.strip().casefold():
                return Access(who, "default person" if default_person else "unchecked")
            raise _refused(commitment, who, action, leader=None, default_person=default_person)
        by_name = {p.name.casefold(): p for p in everyone}
        actor = by_name.get(me)
        if actor is not None and not actor.active:
            raise InputError(
                f"{who} is disabled and may not {action} commitment {commitment.id}",
                "Ask an admin to enable them (`backwards user enable`), or act as someone else.",
            )
        heard = audience_names(commitment.audience)
        if me in heard or (actor is not None and (actor.team or "").casefold() in heard):
            return Access(who, "audience")
        owner_person = by_name.get(owner.casefold())
        leader = directory.leader_of(owner_person.name) if owner_person is not None else None
        if leader is not None and leader.name.casefold() == me:
            return Access(who, "leader")
        raise _refused(commitment, who, action, leader=leader.name if leader else None)


def _refused(
    commitment: Commitment,
    who: str,
    action: str,
    *,
    leader: str | None,
    default_person: str | None = None,
) -> InputError:
    allowed = [f"its owner {commitment.owner}"]
    if commitment.audience.strip():
        allowed.append(f"its audience ({commitment.audience.strip()})")
    if leader is not None:
        allowed.append(f"{commitment.owner}'s leader {leader}")
    elif default_person is not None:
        allowed.append(f"this workspace's default person {default_person}")
    else:
        allowed.append(f"{commitment.owner}'s team leader")
    listed = ", ".join(allowed[:-1]) + " or " + allowed[-1]
    return InputError(
        f"{who} may not {action} commitment {commitment.id}: only {listed} may",
        "Act as one of them (--by NAME). Owners, teams and leaders are kept by "
        "`backwards user add NAME --team TEAM` (docs/ledger.md, 'Who may change a commitment').",
    )
