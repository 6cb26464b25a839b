"""People, teams and roles: who may sign in, which team they are in, who leads it.

A kernel-level package (below the features, above the store), so the ledger and the web app
share one list of people. The front door::

    from backwards import people

    with people.open(workspace) as directory:          # or people.open_url("sqlite:///x.db")
        directory.add("ana", "member", team="Checkout", password=secret, by="admin", at=now)
        directory.person("ana").team                   # "Checkout"
        directory.leader_of("ana")                     # the Person leading Checkout, or None
        person = directory.authenticate("ana", secret) # None when wrong

Passwords are argon2id hashes (argon2-cffi, loaded on first use); API tokens are stored as
SHA-256 digests and shown once. Every change is one transaction and one audit event. The
tables live in the workspace database under the Alembic branch ``people``. See docs/api.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backwards.lazy import front_door

if TYPE_CHECKING:
    from backwards.people.directory import Directory, PeopleEvent, open, open_url
    from backwards.people.model import Person, Role, Team, Token

__all__ = ["Directory", "PeopleEvent", "Person", "Role", "Team", "Token", "open", "open_url"]

#: name -> the module of this package that defines it, imported on first use.
_EXPORTS = {
    "Directory": "directory",
    "open": "directory",
    "open_url": "directory",
    "PeopleEvent": "directory",
    "Person": "model",
    "Role": "model",
    "Team": "model",
    "Token": "model",
}
__getattr__, __dir__ = front_door(globals(), _EXPORTS)
