"""The WBR App's connections file (``setup.db_config_url``), or a plain SQLAlchemy URL, read
into ``Connection`` values; secrets only from environment variables.

The file is the WBR App's, unchanged::

    version: 1.0
    connections:
      - name: MyProdPostgres
        type: postgres          # postgres | redshift | snowflake | athena | bigquery | trino
        config:
          host: db.example.com
          port: 5432
          username: analyst
          password: ${WBR_PG_PASSWORD}   # the environment variable that holds it
          database: metrics_db

A secret (``password``, ``private_key``, ``token`` ...) must name an environment variable as
``${NAME}``: a secret written in the file is refused (the finding never repeats it). A
``config`` may instead give ``url: postgresql+psycopg://analyst:${WBR_PG_PASSWORD}@db/metrics``.
``statement_timeout_seconds`` (ours, default 300) bounds every statement.

Secrets live only in ``Connection.url`` (a SQLAlchemy URL, which prints them as ``***``) and
``Connection.secrets`` (for ``scrub``); they never reach a finding, a log line or a deck.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backwards.findings import Finding, Severity
from backwards.wbr.spec import CODES
from backwards.yamlfile import LocatedYaml, load_yaml

__all__ = ["DEFAULT_TIMEOUT", "TYPES", "Connection", "read_connections", "url_connection"]

#: Seconds a statement may run unless the connection sets ``statement_timeout_seconds``.
DEFAULT_TIMEOUT = 300.0

#: connection type -> (SQL dialect, SQLAlchemy driver name, the pip extra that installs it).
TYPES: dict[str, tuple[str, str, str]] = {
    "postgres": ("postgres", "postgresql+psycopg", "postgres"),
    "redshift": ("redshift", "redshift+redshift_connector", "redshift"),
    "snowflake": ("snowflake", "snowflake", "snowflake"),
    "athena": ("athena", "awsathena+rest", "athena"),
    "bigquery": ("bigquery", "bigquery", "bigquery"),
    "trino": ("trino", "trino", "trino"),
}

#: SQLAlchemy URL scheme (before ``+driver``) -> connection type.
SCHEMES = {
    "postgresql": "postgres",
    "postgres": "postgres",
    "redshift": "redshift",
    "snowflake": "snowflake",
    "awsathena": "athena",
    "bigquery": "bigquery",
    "trino": "trino",
}

SECRET_KEYS = frozenset(
    {"password", "private_key", "private_key_passphrase", "token", "secret", "access_token"}
)
_ENV = re.compile(r"^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$")


@dataclass(frozen=True)
class Connection:
    """One database connection: ``url`` holds the secrets (SQLAlchemy prints them as ***)."""

    name: str
    type: str
    url: Any = field(repr=False)  # sqlalchemy.engine.URL
    shown: str  # where it is defined, e.g. "connections.yaml:3"
    secrets: tuple[str, ...] = field(default=(), repr=False)
    timeout: float = DEFAULT_TIMEOUT

    @property
    def dialect(self) -> str:
        return TYPES[self.type][0]

    def scrub(self, text: str) -> str:
        """``text`` with every secret of this connection replaced by ``***``."""
        for secret in sorted(self.secrets, key=len, reverse=True):
            if secret:
                text = text.replace(secret, "***")
        return text


class _Problems:
    def __init__(self, doc: LocatedYaml | None, file: str) -> None:
        self.doc = doc
        self.file = file
        # the file's own YAML problems (a duplicate key, a bad tag) come first, located
        self.found: list[Finding] = list(doc.problems) if doc is not None else []

    def add(self, path: Sequence[str | int], message: str, suggestion: str | None = None) -> None:
        if self.doc is not None:
            self.found.append(
                self.doc.finding(path, "WBR030", CODES["WBR030"][0], message, suggestion=suggestion)
            )
        else:
            self.found.append(
                Finding(
                    code="WBR030",
                    name=CODES["WBR030"][0],
                    severity=Severity.ERROR,
                    message=message,
                    file=self.file,
                    suggestion=suggestion,
                )
            )

    def line(self, path: Sequence[str | int]) -> str:
        loc = self.doc.locate(path) if self.doc is not None else None
        return f"{self.file}:{loc.line}" if loc and loc.line else self.file


def _secret(
    value: Any, key: str, where: Sequence[str | int], problems: _Problems
) -> tuple[str | None, bool]:
    """(the secret's value from its environment variable, whether it was well formed)."""
    match = _ENV.match(str(value).strip()) if isinstance(value, str) else None
    if match is None:
        problems.add(
            where,
            f"'{key}' is written in the connections file; backwards reads secrets only from "
            "environment variables",
            suggestion=f"write {key}: ${{WBR_DB_{key.upper()}}} and export that variable",
        )
        return None, False
    found = os.environ.get(match.group(1))
    if found is None:
        problems.add(
            where,
            f"the environment variable {match.group(1)} (for '{key}') is not set",
            suggestion=f"export {match.group(1)} before running backwards",
        )
        return None, False
    return found, True


def _expand(value: Any, where: Sequence[str | int], problems: _Problems) -> str | None:
    """A plain config value, or the environment variable ``${NAME}`` names."""
    text = str(value).strip()
    match = _ENV.match(text)
    if match is None:
        return text
    found = os.environ.get(match.group(1))
    if found is None:
        problems.add(where, f"the environment variable {match.group(1)} is not set")
    return found


def _timeout(config: Mapping[str, Any], where: tuple[str | int, ...], problems: _Problems) -> float:
    raw = config.get("statement_timeout_seconds", DEFAULT_TIMEOUT)
    try:
        value = float(raw)
    except (TypeError, ValueError):
        value = -1.0
    if value <= 0:
        problems.add(
            (*where, "statement_timeout_seconds"), "statement_timeout_seconds is not a number > 0"
        )
        return DEFAULT_TIMEOUT
    return value


def _from_url(
    name: str, text: str, where: tuple[str | int, ...], problems: _Problems, timeout: float
) -> Connection | None:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        problems.add(where, f"connection '{name}': the URL cannot be read")
        return None
    kind = SCHEMES.get(url.get_backend_name())
    if kind is None:
        problems.add(
            where,
            f"connection '{name}': {url.get_backend_name()!r} is not a supported database",
            suggestion="use one of: " + ", ".join(sorted(SCHEMES)),
        )
        return None
    secrets: tuple[str, ...] = ()
    if url.password is not None:
        value, ok = _secret(url.password, "password", where, problems)
        if not ok or value is None:
            return None
        url = url.set(password=value)
        secrets = (value,)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return Connection(name, kind, url, problems.line(where[:2]), secrets, timeout)


def _from_config(
    name: str,
    kind: str,
    config: Mapping[str, Any],
    where: tuple[str | int, ...],
    problems: _Problems,
) -> Connection | None:
    from sqlalchemy.engine import URL

    timeout = _timeout(config, where, problems)
    if "url" in config:
        return _from_url(name, str(config["url"]), (*where, "url"), problems, timeout)
    if str(config.get("service", "")).strip():
        problems.add(
            (*where, "service"),
            f"connection '{name}': secrets managers are not read",
            suggestion="give the connection's fields, with ${VARIABLE} for the password",
        )
        return None
    values: dict[str, str] = {}
    secrets: list[str] = []
    ok = True
    for key, raw in config.items():
        if key == "statement_timeout_seconds" or raw is None:
            continue
        if key in SECRET_KEYS:
            value, good = _secret(raw, key, (*where, key), problems)
            ok = ok and good
            if value is not None:
                secrets.append(value)
                values[key] = value
            continue
        expanded = _expand(raw, (*where, key), problems)
        if expanded is None:
            ok = False
        else:
            values[key] = expanded
    if not ok:
        return None
    driver = TYPES[kind][1]
    if kind in ("postgres", "redshift"):
        keys = ("sslmode",)
        url = _login_url(driver, values, values.get("host"), values.get("database"), keys)
    elif kind == "snowflake":
        database = values.get("database", "")
        if values.get("schema"):
            database = f"{database}/{values['schema']}"
        url = _login_url(driver, values, values.get("account"), database, ("warehouse", "role"))
    elif kind == "athena":
        region = values.get("region_name", "")
        query = {k: values[k] for k in ("s3_staging_dir",) if k in values}
        if "workgroup" in values:
            query["work_group"] = values["workgroup"]
        url = URL.create(
            driver,
            host=f"athena.{region}.amazonaws.com",
            port=443,
            database=values.get("database"),
            query=query,
        )
    elif kind == "bigquery":
        url = URL.create(
            driver,
            host=values.get("project"),
            database=values.get("dataset"),
            query={k: values[k] for k in ("credentials_path", "location") if k in values},
        )
    else:  # trino
        catalog = "/".join(v for v in (values.get("catalog"), values.get("schema")) if v)
        url = _login_url(driver, values, values.get("host"), catalog)
    return Connection(name, kind, url, problems.line(where[:2]), tuple(secrets), timeout)


def _login_url(
    driver: str,
    values: dict[str, str],
    host: str | None,
    database: str | None,
    query_keys: tuple[str, ...] = (),
) -> Any:
    """The URL of a database reached with a user and a password (``username`` or ``user``):
    Postgres, Redshift, Snowflake (``host`` is the account), Trino; ``query_keys``: the
    fields passed as URL parameters (a ``sqlalchemy.engine.URL``)."""
    from sqlalchemy.engine import URL

    return URL.create(
        driver,
        username=values.get("username") or values.get("user"),
        password=values.get("password"),
        host=host,
        port=int(values["port"]) if values.get("port", "").isdigit() else None,
        database=database or None,
        query={k: values[k] for k in query_keys if k in values},
    )


def read_connections(path: Path | str) -> tuple[dict[str, Connection], list[Finding]]:
    """Every connection of the connections file at ``path`` by name, and its problems."""
    doc = load_yaml(path)
    problems = _Problems(doc, doc.file)
    data = doc.data if isinstance(doc.data, dict) else {}
    if not isinstance(doc.data, dict) or not isinstance(data.get("connections"), list):
        problems.add((), "the connections file needs 'version' and a list 'connections'")
        return {}, problems.found
    out: dict[str, Connection] = {}
    for i, entry in enumerate(data["connections"]):
        where: tuple[str | int, ...] = ("connections", i)
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            problems.add(where, "a connection needs 'name', 'type' and 'config'")
            continue
        name = entry["name"]
        kind = str(entry.get("type", "")).strip().lower()
        kind = SCHEMES.get(kind, kind)
        if kind not in TYPES:
            problems.add(
                (*where, "type"),
                f"connection '{name}': type {entry.get('type')!r} is not supported",
                suggestion="use one of: " + ", ".join(TYPES),
            )
            continue
        config = entry.get("config")
        if not isinstance(config, dict):
            problems.add(where, f"connection '{name}' needs a 'config' mapping")
            continue
        connection = _from_config(name, kind, config, (*where, "config"), problems)
        if connection is not None:
            out[name] = connection
    return out, problems.found


def url_connection(name: str, text: str, shown: str) -> tuple[Connection | None, list[Finding]]:
    """A connection from a plain SQLAlchemy URL (its password as ``${VARIABLE}``)."""
    problems = _Problems(None, shown)
    found = _from_url(name, text, (), problems, DEFAULT_TIMEOUT)
    return found, problems.found
