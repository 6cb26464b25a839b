"""Decks computed inside a real PostgreSQL server (issue 10, point 2).

The suite's own PostgreSQL 15 (``tests/postgres.py``) gets the nine golden scenarios' data as
tables (typed: Date as DATE, numbers as DOUBLE PRECISION, text as TEXT, loaded from the CSV
files through our DuckDB reader); a deck built from a table must equal the deck built from the
CSV file value for value. The WBR App's own format is used too: its demo config with two
queries of one connection (``data_sources``) and a connections file whose password comes from
an environment variable.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backwards.errors import ConfigError
from backwards.wbr import build, load_spec, render
from backwards.wbr.sources import open_data
from tests.ci import compat_params
from tests.postgres import PostgresServer
from tests.wbr.conftest import compat_dir
from tests.wbr.test_own_goldens import distinct_case

SCENARIOS = compat_params(range(1, 10))
PASSWORD = "s3cret-Pa55word-for-tests"


def _pg_type(kind: str) -> str:
    return "DOUBLE PRECISION" if kind == "number" else "TEXT"


def load_table(url: str, table: str, config: Path, csv: Path | None) -> None:
    """The CSV's used columns as a typed table, rows in file order."""
    import psycopg

    spec, problems = load_spec(config, allow_outside_paths=True)
    assert spec is not None, problems
    with open_data(spec, [csv] if csv else [], row_order=True) as data:
        columns = list(data.columns)
        select = ", ".join(['"Date"', *(f'"{c}"' for c in columns)])
        rows = data.con.execute(f"SELECT {select} FROM {data.relation} ORDER BY __row").fetchall()
        kinds = data.columns
    defs = ", ".join(['"Date" DATE', *(f'"{c}" {_pg_type(kinds[c])}' for c in columns)])
    with psycopg.connect(url) as conn:
        conn.execute(f'CREATE TABLE "{table}" ({defs})')
        with conn.cursor().copy(f'COPY "{table}" ({select}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)


@pytest.fixture(scope="module")
def golden_db(postgres_server: PostgresServer) -> Iterator[str]:
    """A database with the tables scenario_1 .. scenario_9 (when wbr-compat is present)."""
    url = postgres_server.create_database()
    folder = compat_dir()
    if folder is not None:
        for n in range(1, 10):
            scenario = folder / f"scenario_{n}"
            load_table(url, f"scenario_{n}", scenario / "config.yaml", scenario / "original.csv")
    yield url


def _numbers_equal(a: Any, b: Any, where: str) -> None:
    if isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), where
        for k in a:
            _numbers_equal(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _numbers_equal(x, y, f"{where}[{i}]")
    elif isinstance(a, float) and isinstance(b, float):
        # the same sums added in another order: equal to the last few bits
        assert math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12), f"{where}: {a} != {b}"
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


def _deck_json(deck: Any) -> dict[str, Any]:
    data = json.loads(render(deck, "json"))
    data.pop("source", None)
    return {k: v for k, v in data.items() if k not in ("generated_at", "data")}


@pytest.mark.parametrize("n", SCENARIOS)
def test_golden_scenario_decks_equal_the_csv_decks(n: int, golden_db: str) -> None:
    scenario = compat_dir() / f"scenario_{n}"  # type: ignore[operator]
    config = scenario / "config.yaml"
    from_csv = build(config, [scenario / "original.csv"])
    from_pg = build(config, [f"{golden_db}::scenario_{n}"])
    _numbers_equal(_deck_json(from_pg), _deck_json(from_csv), f"scenario_{n}")


def test_distinct_counts_over_event_rows_equal_the_csv_deck(
    tmp_path: Path, postgres_server: PostgresServer
) -> None:
    """Distinct users per period with 68 filters (the per-value period masks and filter flags
    of the plan, in Postgres's integer bit operators) equal DuckDB's deck of the CSV."""
    distinct_case(tmp_path)
    config, csv = tmp_path / "wbr.yaml", tmp_path / "daily.csv"
    url = postgres_server.create_database()
    load_table(url, "events", config, csv)
    from_pg = build(config, [f"{url}::events"])
    _numbers_equal(_deck_json(from_pg), _deck_json(build(config, [csv])), "events")


# -- the WBR App's own format: a connections file and data_sources queries ------------------


def _connections(folder: Path, server: PostgresServer, database: str, **config: Any) -> Path:
    values = {
        "host": "127.0.0.1",
        "port": server.port,
        "username": "wbr_reader",
        "password": "${WBR_TEST_PG_PASSWORD}",
        "database": database,
        **config,
    }
    lines = ["version: 1.0", "connections:", "  - name: MyProdPostgres", "    type: postgres"]
    lines += ["    config:", *(f"      {k}: {v}" for k, v in values.items())]
    path = folder / "connections.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def demo_db(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """The WBR App's demo table ``wbr_sample_1`` and a password-protected reader role."""
    import psycopg

    folder = compat_dir()
    if folder is None:
        pytest.skip("wbr-compat is missing")
    url = postgres_server.create_database()
    database = url.rsplit("/", 1)[1]
    load_table(url, "sample", _demo_csv_config(tmp_path_factory.mktemp("demo")), None)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute('ALTER TABLE sample RENAME COLUMN "Date" TO date')
        _strip_alias_columns(conn)
        conn.execute("ALTER TABLE sample RENAME TO wbr_sample_1")
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = 'wbr_reader'").fetchone()
        if exists is None:
            conn.execute(f"CREATE ROLE wbr_reader LOGIN PASSWORD '{PASSWORD}'")
        conn.execute(f'GRANT CONNECT ON DATABASE "{database}" TO wbr_reader')
        conn.execute("GRANT SELECT ON wbr_sample_1 TO wbr_reader")
    _require_passwords(postgres_server)
    yield url, database


def _strip_alias_columns(conn: Any) -> None:
    """The demo config reads main_metrics.X and sales_metrics.X: the table has plain X."""
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'sample'"
    ).fetchall()
    for (name,) in rows:
        if "." in name:
            plain = name.split(".", 1)[1]
            conn.execute(f'ALTER TABLE sample RENAME COLUMN "{name}" TO "{plain}"')


def _require_passwords(server: PostgresServer) -> None:
    """Make the throwaway server check passwords for wbr_reader (trust for everyone else)."""
    hba = server.data / "pg_hba.conf"
    text = hba.read_text(encoding="utf-8")
    rule = "host all wbr_reader 127.0.0.1/32 scram-sha-256\n"
    if rule not in text:
        hba.write_text(rule + text, encoding="utf-8")
        import psycopg

        with psycopg.connect(server.url(), autocommit=True) as conn:
            conn.execute("SELECT pg_reload_conf()")


def _demo_config(folder: Path, connections: Path, queries: str | None = None) -> Path:
    demo = compat_dir() / "demo" / "1-wbr-sample-config.yaml"  # type: ignore[operator]
    text = demo.read_text(encoding="utf-8")
    text = re.sub(r"db_config_url: .*", f"db_config_url: {connections.name}", text)
    if queries is not None:
        start = text.index("\ndata_sources:")
        end = text.index("\n# Multiple data sources")
        text = text[:start] + "\n" + queries + text[end:]
    path = folder / "wbr.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _demo_csv_config(folder: Path) -> Path:
    """The same config reading the demo CSV as both aliases (csv_files)."""
    demo = compat_dir() / "demo"  # type: ignore[operator]
    text = (demo / "1-wbr-sample-config.yaml").read_text(encoding="utf-8")
    text = re.sub(r"\n  db_config_url: .*", "", text)
    start = text.index("\ndata_sources:")
    end = text.index("\n# Multiple data sources")
    csv = (demo / "1-wbr-sample-dataset.csv").as_posix()
    sources = (
        "\ndata_sources:\n  csv_files:\n"
        f"    main_metrics:\n      url_or_path: {csv}\n"
        f"    sales_metrics:\n      url_or_path: {csv}\n"
    )
    path = folder / "csv.yaml"
    path.write_text(text[:start] + sources + text[end:], encoding="utf-8")
    return path


@pytest.fixture
def password(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("WBR_TEST_PG_PASSWORD", PASSWORD)
    return PASSWORD


def test_the_wbr_app_demo_config_runs_its_two_queries_in_postgres(
    tmp_path: Path, demo_db: tuple[str, str], postgres_server: PostgresServer, password: str
) -> None:
    connections = _connections(tmp_path, postgres_server, demo_db[1])
    deck = build(_demo_config(tmp_path, connections), allow_outside_paths=True)
    expected = build(_demo_csv_config(tmp_path), allow_outside_paths=True)
    _numbers_equal(_deck_json(deck), _deck_json(expected), "demo")
    assert password not in render(deck, "json") and password not in render(deck, "html")


def test_a_wrong_password_names_the_connection_and_never_the_password(
    tmp_path: Path,
    demo_db: tuple[str, str],
    postgres_server: PostgresServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wrong = "wrong-" + PASSWORD
    monkeypatch.setenv("WBR_TEST_PG_PASSWORD", wrong)
    config = _demo_config(tmp_path, _connections(tmp_path, postgres_server, demo_db[1]))
    with pytest.raises(ConfigError) as caught:
        build(config, allow_outside_paths=True)
    (finding,) = caught.value.findings
    text = f"{caught.value} {caught.value.hint} {finding}"
    assert finding.code == "WBR030" and "MyProdPostgres" in finding.message
    assert "password authentication failed" in finding.message
    assert finding.file == str(config) and finding.line is not None
    assert wrong not in text and PASSWORD not in text


def test_a_password_written_in_the_connections_file_is_refused_unrepeated(
    tmp_path: Path, demo_db: tuple[str, str], postgres_server: PostgresServer
) -> None:
    connections = _connections(tmp_path, postgres_server, demo_db[1], password=PASSWORD)
    with pytest.raises(ConfigError) as caught:
        build(_demo_config(tmp_path, connections), allow_outside_paths=True)
    (finding,) = caught.value.findings
    assert finding.file == str(connections) and finding.line == 9
    assert "environment variable" in finding.message and PASSWORD not in str(finding)


def test_a_wrong_host_is_a_located_error(tmp_path: Path, password: str) -> None:
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = PostgresServer.__new__(PostgresServer)
    server.port = port
    config = _demo_config(tmp_path, _connections(tmp_path, server, "metrics"))
    with pytest.raises(ConfigError) as caught:
        build(config, allow_outside_paths=True)
    (finding,) = caught.value.findings
    assert finding.code == "WBR030" and "cannot open connection 'MyProdPostgres'" in finding.message
    assert "connections.yaml:3" in finding.message and finding.line is not None
    assert password not in str(finding)


QUERY_WITHOUT_DATE = """data_sources:
  MyProdPostgres:
    main_metrics:
      query: SELECT "Impressions" FROM wbr_sample_1
"""

FAILING_QUERY = """data_sources:
  MyProdPostgres:
    main_metrics:
      query: SELECT date AS "Date", "Impressions" FROM no_such_table
"""

WRITING_QUERY = """data_sources:
  MyProdPostgres:
    main_metrics:
      query: DELETE FROM wbr_sample_1
"""


@pytest.mark.parametrize(
    ("queries", "code", "words"),
    [
        (QUERY_WITHOUT_DATE, "WBR031", "returns no Date column (it returns Impressions)"),
        (FAILING_QUERY, "WBR031", 'relation "no_such_table" does not exist'),
        (WRITING_QUERY, "WBR031", "must be one SELECT: it is a DELETE statement"),
    ],
    ids=["no-date", "query-error", "not-a-select"],
)
def test_bad_queries_are_located_errors(
    queries: str,
    code: str,
    words: str,
    tmp_path: Path,
    demo_db: tuple[str, str],
    postgres_server: PostgresServer,
    password: str,
) -> None:
    config = _demo_config(
        tmp_path, _connections(tmp_path, postgres_server, demo_db[1]), queries=queries
    )
    with pytest.raises(ConfigError) as caught:
        build(config, allow_outside_paths=True)
    found = [f for f in caught.value.findings if f.code == code]
    assert found and words in found[0].message, caught.value.findings
    assert found[0].file == str(config) and found[0].line is not None
    assert "MyProdPostgres.main_metrics" in found[0].message


def test_the_connection_is_read_only_with_a_statement_timeout(
    demo_db: tuple[str, str], postgres_server: PostgresServer, password: str
) -> None:
    from backwards.wbr.database import RunError, SqlRunner
    from backwards.wbr.database_connections import url_connection

    url = f"postgresql://wbr_reader:${{WBR_TEST_PG_PASSWORD}}@127.0.0.1:{postgres_server.port}/"
    connection, problems = url_connection("t", url + demo_db[1], "t")
    assert connection is not None and not problems
    object.__setattr__(connection, "timeout", 0.5)
    runner = SqlRunner(connection)
    runner.open()
    try:
        assert runner.run("SHOW transaction_read_only")[1] == [("on",)]
        with pytest.raises(RunError, match="read-only transaction"):
            runner.run("CREATE TABLE t (x int)")
    finally:
        runner.close()
    runner.open()
    try:
        with pytest.raises(RunError, match="statement timeout"):
            runner.run("SELECT pg_sleep(5)")
    finally:
        runner.close()


ANNOTATIONS = """annotations:
  data_sources:
    MyProdPostgres:
      events:
        query: SELECT day AS "Date", metric AS "MetricName", note AS "EventDescription" FROM notes
"""


def test_annotation_queries_run_in_the_database(
    tmp_path: Path, demo_db: tuple[str, str], postgres_server: PostgresServer, password: str
) -> None:
    import psycopg

    with psycopg.connect(demo_db[0], autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS notes")
        conn.execute("CREATE TABLE notes (day DATE, metric TEXT, note TEXT)")
        conn.execute(
            "INSERT INTO notes VALUES ('2021-09-20', 'Impressions', 'launch'), "
            "('2020-09-21', 'Impressions', 'last year'), ('2021-09-21', 'Nope', 'unknown'), "
            "('2019-01-01', 'Impressions', 'too old')"
        )
        conn.execute("GRANT SELECT ON notes TO wbr_reader")
    config = _demo_config(tmp_path, _connections(tmp_path, postgres_server, demo_db[1]))
    config.write_text(config.read_text(encoding="utf-8") + ANNOTATIONS, encoding="utf-8")
    deck = build(config, allow_outside_paths=True)
    shown = {(a.date.isoformat(), a.description, a.period) for b in deck.blocks
             for a in getattr(b, "annotations", ())}  # fmt: skip
    assert shown == {("2021-09-20", "launch", "current"), ("2020-09-21", "last year", "prior")}
    assert deck.annotation_errors == (
        "Metric Nope is not in the metric list (MyProdPostgres.events)",
    )


def test_wbr_build_exits_2_on_a_wrong_password_and_never_prints_it(
    tmp_path: Path,
    demo_db: tuple[str, str],
    postgres_server: PostgresServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from backwards.cli import run

    wrong = "Wr0ng-" + PASSWORD
    monkeypatch.setenv("WBR_TEST_PG_PASSWORD", wrong)
    config = _demo_config(tmp_path, _connections(tmp_path, postgres_server, demo_db[1]))
    out = tmp_path / "deck.html"
    code = run(["wbr", "build", str(config), "--allow-outside-paths", "-o", str(out)])
    printed = capsys.readouterr()
    text = printed.out + printed.err
    assert code == 2 and not out.exists()
    assert "WBR030" in text and "MyProdPostgres" in text and f"{config}:" in text
    assert wrong not in text and PASSWORD not in text


def test_wbr_check_reads_the_database_too(
    tmp_path: Path, demo_db: tuple[str, str], postgres_server: PostgresServer, password: str
) -> None:
    from backwards.wbr import check

    config = _demo_config(tmp_path, _connections(tmp_path, postgres_server, demo_db[1]))
    errors = [f for f in check(config, allow_outside_paths=True) if f.severity.value == "error"]
    assert errors == []
    bad = _demo_config(
        tmp_path, _connections(tmp_path, postgres_server, demo_db[1]), queries=QUERY_WITHOUT_DATE
    )
    found = check(bad, allow_outside_paths=True)
    assert [f.code for f in found if f.severity.value == "error"] == ["WBR031"]
