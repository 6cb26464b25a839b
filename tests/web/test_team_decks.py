"""Team decks: uploaded (a WBR config and a CSV or Parquet file), limited to their team (and
the admins), rolled up into the workspace deck with each owner chain (the cascade); uploads
refused with located messages and nothing kept; exports (HTML, JSON, PDF); share links with a
password and an expiry."""

from __future__ import annotations

import html
import re
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from backwards.features import open_workspace
from backwards.store import open_store
from backwards.web import WebSettings, create_app
from tests import chromium
from tests.web.conftest import DEMO, Clock, csrf_of, sign_in

WEEK = "2026-11-21"


def team_config() -> bytes:
    """The demo's WBR config without its annotations file (an upload is one config and one
    data file), titled as a team's."""
    text = (DEMO / "wbr" / "wbr.yaml").read_text(encoding="utf-8")
    text = re.sub(r"\nannotations:\n  - annotations.csv\n", "\n", text)
    return text.replace("title: Rivertown Coffee Roasters WBR", "title: Growth team WBR").encode()


def team_data() -> bytes:
    return (DEMO / "wbr" / "daily.csv").read_bytes()


def upload(
    client: TestClient,
    csrf: str,
    *,
    config: tuple[str, bytes] | None = None,
    data: tuple[str, bytes] | None = None,
    title: str = "Growth WBR",
    rollup: bool = True,
    team: str = "",
) -> object:
    files = {
        "config": config or ("growth.yaml", team_config()),
        "data": data or ("growth.csv", team_data()),
    }
    fields = {"csrf_token": csrf, "title": title, "team": team}
    if rollup:
        fields["rollup"] = "on"
    return client.post("/decks/upload", data=fields, files=files)


def _rows(workspace: Path, table: str) -> int:
    store = open_store(open_workspace(workspace).database_url)
    try:
        with store.read() as conn:
            return int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())
    finally:
        store.close()


def _switch(client: TestClient, name: str) -> str:
    client.cookies.clear()
    return sign_in(client, name)


def test_a_team_deck_is_its_teams_and_rolls_up_into_the_workspace_deck(
    client: TestClient, workspace: Path
) -> None:
    csrf = sign_in(client, "bo")  # a member of Growth
    response = upload(client, csrf)
    assert response.status_code == 303, getattr(response, "text", "")
    assert response.headers["location"] == "/decks/team/1"  # type: ignore[attr-defined]
    page = client.get("/decks/team/1").text
    assert "Growth team WBR" in page and "Team deck of Growth, uploaded by bo" in page
    assert f'src="/decks/team/1/{WEEK}/deck.html"' in page
    deck = client.get(f"/decks/team/1/{WEEK}/deck.html")
    assert deck.status_code == 200 and "Growth team WBR" in deck.text
    assert client.get("/api/v1/decks?deck=1").json()["deck"]["team"] == "Growth"
    flagged = re.findall(
        r'name="metric" value="([^"]+)">\s*<input type="hidden" name="basis" '
        r'value="([^"]+)"',
        page,
    )
    assert flagged

    # another team's member: every way in answers "no such deck", and nothing lists it
    csrf_cy = _switch(client, "cy")
    for path in (
        "/decks/team/1",
        f"/decks/team/1/{WEEK}/deck.html",
        f"/decks/team/1/{WEEK}/deck.pdf",
        "/api/v1/decks?deck=1",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Growth team WBR" not in response.text, path
    metric, basis = flagged[0]
    refused = client.post(
        f"/decks/team/1/{WEEK}/explanations",
        data={"metric": metric, "basis": basis, "text": "mine now", "csrf_token": csrf_cy},
    )
    assert refused.status_code == 404
    assert [d["deck"] for d in client.get("/api/v1/decks/catalog").json()] == ["workspace"]
    workspace_page = client.get("/decks").text
    assert 'id="rollup"' not in workspace_page and "Growth WBR" not in workspace_page
    assert _rows(workspace, "web_explanations") == 0

    # the team's member explains a team variance from the workspace deck's roll-up
    csrf = _switch(client, "bo")
    page = client.get("/decks").text
    assert 'id="rollup"' in page and "Growth WBR" in page
    assert "team Growth → leader ana" in page  # the owner chain
    response = client.post(
        f"/decks/team/1/{WEEK}/explanations",
        data={
            "metric": metric,
            "basis": basis,
            "text": "A campaign ended.",
            "back": "/decks",
            "csrf_token": csrf,
        },
    )
    assert response.headers["location"] == f"/decks?week={WEEK}"

    # the team's leader sees it in the org deck, counted in who is prepared
    _switch(client, "ana")
    page = client.get("/decks").text
    rollup = page[page.index('id="rollup"') :]
    assert "A campaign ended." in rollup and "by bo" in rollup
    prepared = re.search(r'id="prepared-count">(\d+) of (\d+)<', page)
    assert prepared
    _switch(client, "root")
    assert "A campaign ended." in client.get("/decks").text  # an admin sees every team
    assert [d["deck"] for d in client.get("/api/v1/decks/catalog").json()] == ["workspace", 1]


def test_a_deck_left_out_of_the_roll_up_stays_on_its_own_page(client: TestClient) -> None:
    csrf = sign_in(client, "bo")
    upload(client, csrf, rollup=False)
    page = client.get("/decks").text
    assert 'id="rollup"' not in page
    assert 'href="/decks/team/1"' in page  # still listed among the decks


def test_a_parquet_data_file_builds_a_deck(client: TestClient, tmp_path: Path) -> None:
    parquet = tmp_path / "daily.parquet"
    source = DEMO / "wbr" / "daily.csv"
    duckdb.sql(f"COPY (SELECT * FROM read_csv_auto('{source}')) TO '{parquet}' (FORMAT parquet)")
    csrf = sign_in(client, "bo")
    response = upload(client, csrf, data=("daily.parquet", parquet.read_bytes()))
    assert response.status_code == 303, getattr(response, "text", "")
    assert "Growth team WBR" in client.get(f"/decks/team/1/{WEEK}/deck.html").text


@pytest.mark.parametrize(
    ("config", "data", "expected"),
    [
        (("growth.yaml", b"setup: [\n"), None, "growth.yaml line 2, column 1: CFG001"),
        (("growth.txt", b"setup: {}\n"), None, "must be a .yaml or .yml file"),
        (None, ("growth.xlsx", b"PK\x03\x04"), "must be a .csv or .parquet file"),
        (None, ("growth.csv", b"Date,Sessions\x00\n"), "it is not text (it has NUL bytes)"),
        (None, ("growth.parquet", b"not parquet at all"), "it is not a Parquet file"),
        (None, ("growth.csv", b"Day,Visits\n2026-01-01,3\n"), "growth.csv"),
        (
            (
                "growth.yaml",
                team_config().replace(
                    b"\nmetrics:", b"\nannotations:\n  - ../../../etc/passwd\nmetrics:", 1
                ),
            ),
            None,
            "growth.yaml line",
        ),
    ],
)
def test_a_bad_upload_is_refused_with_a_located_message_and_nothing_kept(
    client: TestClient,
    workspace: Path,
    config: tuple[str, bytes] | None,
    data: tuple[str, bytes] | None,
    expected: str,
) -> None:
    csrf = sign_in(client, "bo")
    response = upload(client, csrf, config=config, data=data)
    assert response.status_code == 400  # type: ignore[attr-defined]
    text = html.unescape(response.text)  # type: ignore[attr-defined]
    problems = re.search(r'id="upload-problems">(.*?)</div>', text, re.S)
    assert problems and expected in problems.group(1), text
    assert _rows(workspace, "web_decks") == 0
    state = workspace / ".backwards" / "web"
    assert not list((state / "uploads").glob("*")) if (state / "uploads").exists() else True
    assert not (state / "decks").exists() or not list((state / "decks").glob("*"))


def test_upload_limits_and_file_names_that_try_to_leave_the_folder(
    workspace: Path, clock: Clock
) -> None:
    app = create_app(WebSettings(workspace=workspace, max_upload_bytes=50_000), clock=clock)
    with TestClient(app, follow_redirects=False) as client:
        csrf = sign_in(client, "bo")
        big = upload(client, csrf)  # the demo data is 67 KB
        assert big.status_code == 400  # type: ignore[attr-defined]
        shown = html.unescape(big.text)  # type: ignore[attr-defined]
        assert "data file 'growth.csv': larger than 0.05 MB" in shown
        huge = client.post(
            "/decks/upload",
            data={"csrf_token": csrf, "title": "x"},
            files={"config": ("a.yaml", b"x"), "data": ("a.csv", b"x" * 400_000)},
        )
        assert huge.status_code == 413  # over the request limit: refused before it is read


def test_file_names_that_try_to_leave_the_folder_are_only_shown(
    client: TestClient, workspace: Path
) -> None:
    csrf = sign_in(client, "bo")
    response = upload(
        client,
        csrf,
        config=("../../../../escape.yaml", team_config()),
        data=("..\\..\\escape.csv", team_data()),
    )
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert not list(workspace.parent.rglob("escape*"))
    folders = list((workspace / ".backwards/web/decks").iterdir())
    assert len(folders) == 1
    assert sorted(p.name for p in folders[0].iterdir()) == ["data.csv", "wbr.yaml"]
    assert "(escape.yaml, escape.csv)" in client.get("/decks/team/1").text


def test_a_member_without_a_team_cannot_upload_and_a_member_cannot_pick_another_team(
    client: TestClient,
) -> None:
    csrf = sign_in(client, "bo")
    response = upload(client, csrf, team="Finance")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "you may upload a deck for Growth only" in response.text  # type: ignore[attr-defined]
    csrf = _switch(client, "root")  # an admin (no team) may upload for any team
    assert upload(client, csrf, team="Finance").status_code == 303  # type: ignore[attr-defined]
    _switch(client, "bo")
    assert client.get("/decks/team/1").status_code == 404


def test_removing_a_team_deck(client: TestClient) -> None:
    csrf = sign_in(client, "bo")
    upload(client, csrf)
    csrf = _switch(client, "ana")
    assert client.post("/decks/team/1/remove", data={"csrf_token": csrf}).status_code == 303
    assert client.get("/decks/team/1").status_code == 404
    assert 'href="/decks/team/1"' not in client.get("/decks").text


def test_exports_html_download_and_json(client: TestClient) -> None:
    sign_in(client)
    html = client.get(f"/decks/{WEEK}/deck.html?download=1")
    assert html.status_code == 200
    assert (
        html.headers["content-disposition"] == f'attachment; filename="wbr-workspace-{WEEK}.html"'
    )
    assert client.get(f"/api/v1/decks?week={WEEK}").json()["deck"]["key"] == "workspace"


def _share(client: TestClient, csrf: str, **fields: str) -> str:
    response = client.post(f"/decks/{WEEK}/share", data={"csrf_token": csrf, "days": "7", **fields})
    assert response.status_code == 200, response.text
    found = re.search(r'id="share-link" value="([^"]+)"', response.text)
    assert found
    return found.group(1).split("/share/", 1)[1]


def test_a_share_link_with_a_password_and_an_expiry(
    client: TestClient, workspace: Path, clock: Clock
) -> None:
    csrf = sign_in(client, "ana")
    token = _share(client, csrf, password="open sesame 42")
    assert "Revoke" in client.get(f"/decks?week={WEEK}").text
    client.cookies.clear()  # anyone holding the link
    form = client.get(f"/share/{token}")
    assert form.status_code == 200 and "Rivertown" not in form.text
    share_csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    wrong = client.post(f"/share/{token}", data={"password": "nope", "csrf_token": share_csrf})
    assert wrong.status_code == 401 and "Rivertown" not in wrong.text
    no_csrf = client.post(f"/share/{token}", data={"password": "open sesame 42"})
    assert no_csrf.status_code == 403 and "Rivertown" not in no_csrf.text
    share_csrf = re.search(r'name="csrf_token" value="([^"]+)"', no_csrf.text).group(1)  # type: ignore[union-attr]
    right = client.post(
        f"/share/{token}", data={"password": "open sesame 42", "csrf_token": share_csrf}
    )
    assert right.status_code == 200 and "Rivertown" in right.text
    assert client.get("/decks").status_code == 303  # the link opens nothing else
    clock.advance(days=8)
    assert client.get(f"/share/{token}").status_code == 404


def test_a_share_link_without_a_password_and_revoked(client: TestClient) -> None:
    csrf = sign_in(client, "ana")
    token = _share(client, csrf)
    page = client.get(f"/decks?week={WEEK}").text
    share_id = re.search(r'name="share" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    outsider = TestClient(client.app, follow_redirects=False)
    opened = outsider.get(f"/share/{token}")
    assert opened.status_code == 200 and "Rivertown" in opened.text
    assert opened.headers["x-robots-tag"] == "noindex"
    revoked = client.post("/decks/shares/revoke", data={"csrf_token": csrf, "share": share_id})
    assert revoked.status_code == 303
    assert outsider.get(f"/share/{token}").status_code == 404


def test_a_member_cannot_publish_a_week(client: TestClient) -> None:
    csrf = sign_in(client, "bo")
    response = client.post(f"/decks/{WEEK}/share", data={"csrf_token": csrf, "days": "7"})
    assert response.status_code == 400 and "only a leader or an admin" in response.text
    assert 'id="publish"' not in client.get("/decks").text


@pytest.mark.browser
@chromium.needs_chromium
def test_the_pdf_export_is_printed_by_chromium(client: TestClient) -> None:
    sign_in(client)
    response = client.get(f"/decks/{WEEK}/deck.pdf")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and len(response.content) > 10_000
    assert response.headers["content-disposition"].endswith(f'wbr-workspace-{WEEK}.pdf"')


def test_csrf_is_needed_to_upload(client: TestClient, workspace: Path) -> None:
    sign_in(client, "bo")
    response = upload(client, "wrong")
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert _rows(workspace, "web_decks") == 0
    assert csrf_of(client)  # still signed in
