"""The WBR App's connections file: every type's URL, secrets only from the environment, and
located findings that never repeat a secret (no database needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from backwards.wbr.database_connections import read_connections, url_connection

SECRET = "pa55-W0rd-never-shown"


def _file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "connections.yaml"
    path.write_text("version: 1.0\nconnections:\n" + body, encoding="utf-8")
    return path


def test_every_type_builds_its_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PW", SECRET)
    body = """  - name: pg
    type: postgres
    config: {host: db, port: 5433, username: u, password: "${PW}", database: metrics}
  - name: rs
    type: redshift
    config: {host: c.example.com, port: 5439, username: u, password: "${PW}", database: d}
  - name: sf
    type: snowflake
    config: {account: xy12345, user: u, password: "${PW}", warehouse: W, database: D, schema: S}
  - name: ath
    type: athena
    config: {region_name: eu-west-1, s3_staging_dir: "s3://b/r/", database: lake, workgroup: wg}
  - name: bq
    type: bigquery
    config: {project: p, dataset: ds}
  - name: tr
    type: trino
    config: {host: t, port: 8080, user: u, catalog: hive, schema: web}
"""
    found, problems = read_connections(_file(tmp_path, body))
    assert problems == []
    urls = {name: c.url.render_as_string(hide_password=True) for name, c in found.items()}
    assert urls == {
        "pg": "postgresql+psycopg://u:***@db:5433/metrics",
        "rs": "redshift+redshift_connector://u:***@c.example.com:5439/d",
        "sf": "snowflake://u:***@xy12345/D/S?warehouse=W",
        "ath": "awsathena+rest://athena.eu-west-1.amazonaws.com:443/lake"
        "?s3_staging_dir=s3%3A%2F%2Fb%2Fr%2F&work_group=wg",
        "bq": "bigquery://p/ds",
        "tr": "trino://u@t:8080/hive/web",
    }
    assert {c.dialect for c in found.values()} == {
        "postgres", "redshift", "snowflake", "athena", "bigquery", "trino"
    }  # fmt: skip
    assert found["pg"].url.password == SECRET and SECRET not in repr(found["pg"])
    assert found["pg"].scrub(f"FATAL: bad {SECRET}!") == "FATAL: bad ***!"
    assert found["pg"].shown.endswith("connections.yaml:3")


@pytest.mark.parametrize(
    ("config", "words", "line"),
    [
        (f"{{host: db, username: u, password: {SECRET}}}", "'password' is written in", 5),
        ('{host: db, username: u, password: "${NOT_SET_ANYWHERE}"}', "NOT_SET_ANYWHERE", 5),
        ("{service: aws, secret_name: prod/pg}", "secrets managers are not read", 5),
    ],
    ids=["literal-password", "unset-variable", "secrets-manager"],
)
def test_bad_secrets_are_located_and_never_repeated(
    config: str, words: str, line: int, tmp_path: Path
) -> None:
    path = _file(tmp_path, f"  - name: pg\n    type: postgres\n    config: {config}\n")
    found, problems = read_connections(path)
    assert found == {}
    (problem,) = problems
    assert problem.code == "WBR030" and words in problem.message
    assert problem.file == str(path) and problem.line == line
    assert SECRET not in str(problem)


def test_an_unknown_type_is_located(tmp_path: Path) -> None:
    path = _file(tmp_path, "  - name: o\n    type: oracle\n    config: {host: db}\n")
    _, problems = read_connections(path)
    assert [(p.line, "type 'oracle' is not supported" in p.message) for p in problems] == [
        (4, True)
    ]


def test_a_duplicate_key_is_located_and_its_value_never_shown(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "  - name: pg\n    type: postgres\n"
        f"    config: {{host: db, password: {SECRET}, password: '${{PGPASSWORD}}'}}\n",
    )
    _, problems = read_connections(path)
    duplicate = [p for p in problems if p.code == "CFG005" and "password" in p.message]
    assert [(p.file, p.line) for p in duplicate] == [(str(path), 5)], problems
    assert all(SECRET not in str(p) for p in problems)


def test_a_plain_url_takes_its_password_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PW", SECRET)
    found, problems = url_connection("x", "postgresql://u:${PW}@db/metrics", "wbr.yaml:5")
    assert problems == [] and found is not None
    assert found.url.password == SECRET and found.url.drivername == "postgresql+psycopg"
    literal, problems = url_connection("x", f"postgresql://u:{SECRET}@db/metrics", "wbr.yaml:5")
    assert literal is None and "environment variable" in problems[0].message
    assert SECRET not in str(problems[0])


def test_mixing_csv_files_and_queries_is_a_warning(tmp_path: Path) -> None:
    from backwards.wbr import load_spec

    (tmp_path / "daily.csv").write_text("Date,x\n2021-09-25,1\n", encoding="utf-8")
    config = tmp_path / "wbr.yaml"
    config.write_text(
        "setup: {week_ending: 25-SEP-2021, week_number: 38, title: T}\n"
        "data_sources:\n"
        "  csv_files: {main: {url_or_path: daily.csv}}\n"
        "  MyPostgres:\n"
        "    sales: {query: SELECT 1}\n"
        "metrics: {X: {column: main.x, aggf: sum}}\n"
        "deck: [{block: {ui_type: 6_12Graph, title: X, metrics: {X: {}}}}]\n",
        encoding="utf-8",
    )
    spec, findings = load_spec(config)
    assert spec is not None
    (warning,) = [f for f in findings if f.code == "WBR030"]
    assert warning.severity.value == "warning" and warning.line == 4
