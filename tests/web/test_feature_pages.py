"""The ledger's mistakes form (five whys, actions, similar earlier mistakes while typing), the
growth journal and report, the portfolio page and its plan, and admin in the browser; each
through the features' front doors, with the permission rules."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from starlette.testclient import TestClient

from backwards import people, portfolio
from backwards.features import open_workspace
from backwards.store import open_store
from backwards.web import WebSettings, create_app
from tests.web.conftest import DEMO, PASSWORD, START, Clock, sign_in

WHYS = {
    "why1": "We promised a launch date to the customer",
    "why2": "The date was set before the legal review was booked",
    "why3": "Legal review is not on the launch checklist",
    "root_cause": "No legal gate on the launch checklist before dates are promised",
}


def _mistake(client: TestClient, csrf: str, title: str, **extra: str) -> None:
    data = {"csrf_token": csrf, "title": title, "category": "stakeholder_communication"}
    response = client.post("/ledger/mistakes", data={**data, **WHYS, **extra})
    assert response.status_code == 303, response.text


def test_a_mistake_with_whys_and_actions_and_similar_earlier_ones(client: TestClient) -> None:
    csrf = sign_in(client, "bo")
    _mistake(
        client,
        csrf,
        "Launch date promised before legal review",
        occurred_on=(START - timedelta(days=60)).date().isoformat(),
        action1_owner="bo",
        action1_due="2099-01-31",
        action1_text="add a legal gate to the launch checklist",
    )
    _mistake(
        client,
        csrf,
        "Beta date promised before the contract was read",
        occurred_on=(START - timedelta(days=30)).date().isoformat(),
    )
    page = client.get("/ledger/mistakes").text
    assert "Launch date promised before legal review" in page
    assert "add a legal gate to the launch checklist" in page and "2099-01-31" in page
    assert html.escape(WHYS["why2"]) in page
    # while typing a new one, the earlier ones with the same root cause are shown
    fragment = client.post(
        "/ledger/mistakes/similar",
        data={"csrf_token": csrf, "title": "GA date promised early", **WHYS},
    ).text
    assert "Launch date promised before legal review" in fragment
    assert "similarity" in fragment
    empty = client.post("/ledger/mistakes/similar", data={"csrf_token": csrf, "title": "x"}).text
    assert "None yet" in empty
    # another team sees neither the list nor the suggestions
    csrf_cy = sign_in(client, "cy")
    assert client.get("/ledger/mistakes?owner=bo").status_code == 403
    assert client.get("/api/v1/mistakes?owner=bo").status_code == 403
    fragment = client.post(
        "/ledger/mistakes/similar", data={"csrf_token": csrf_cy, "title": "x", **WHYS}
    ).text
    assert "Launch date promised" not in fragment
    # the leader of the team sees them (read-only) and through the API
    sign_in(client, "ana")
    page = client.get("/ledger/mistakes?owner=bo").text
    assert "Launch date promised" in page and 'id="new-mistake"' not in page
    titles = [m["title"] for m in client.get("/api/v1/mistakes?owner=bo").json()]
    assert "Launch date promised before legal review" in titles


def test_a_half_filled_action_is_refused_with_a_message(client: TestClient) -> None:
    csrf = sign_in(client, "bo")
    response = client.post(
        "/ledger/mistakes",
        data={"csrf_token": csrf, "title": "Oops", "action1_owner": "bo"},
    )
    assert response.status_code == 400
    assert "action 1: give its owner, due date and what is to be done" in response.text
    assert client.get("/api/v1/mistakes").json() == []


def _add_growth_people(workspace: Path) -> None:
    with people.open(open_workspace(workspace)) as directory:
        for name, role in (("maya", "member"), ("ben", "leader")):
            directory.add(name, role, team="Growth", password=PASSWORD, by="setup", at=START)


def test_the_journal_entry_form_and_the_growth_report(client: TestClient, workspace: Path) -> None:
    sign_in(client, "bo")  # not in growth.people
    page = client.get("/growth").text
    assert "growth: people:" in page and 'id="journal-entry"' not in page
    _add_growth_people(workspace)
    csrf = sign_in(client, "maya")
    page = client.get("/growth").text
    assert 'id="journal-entry"' in page
    grades = re.findall(r'name="grade_([\w-]+)"', page)
    assert len(grades) == 14
    response = client.post(
        "/growth/journal",
        data={
            "csrf_token": csrf,
            "kind": "meeting",
            "title": "Pricing review with finance",
            "occurred_on": START.date().isoformat(),
            f"grade_{grades[0]}": "4",
            "check_answered_first": "yes",
            "better": "Lead with the number.",
        },
    )
    assert response.status_code == 303, response.text
    page = client.get("/growth").text
    assert "Pricing review with finance" in page and f"{grades[0]} 4" in page
    report = client.get("/growth/report.html")
    assert report.status_code == 200 and "maya" in report.text
    assert client.get("/growth/report.html?person=ben").status_code == 403
    bad = client.post(
        "/growth/journal", data={"csrf_token": csrf, "kind": "meeting", "title": "No grades"}
    )
    assert bad.status_code == 400 and "grade" in bad.text
    sign_in(client, "ben")  # maya's manager in growth.people
    report = client.get("/growth/report.html?person=maya")
    assert report.status_code == 200
    assert "Pricing review with finance" not in report.text  # a private entry stays hers


def test_the_habit_line_says_entry_for_a_target_of_one(
    client: TestClient, workspace: Path, clock: Clock
) -> None:
    _add_growth_people(workspace)
    sign_in(client, "maya")
    assert re.search(r'id="habit">0</strong> of 3 entries this week', client.get("/growth").text)
    config = workspace / "backwards.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("weekly_target: 3", "weekly_target: 1"),
        encoding="utf-8",
    )
    app = create_app(WebSettings(workspace=workspace), clock=clock)
    with TestClient(app, follow_redirects=False) as other:
        sign_in(other, "maya")
        page = other.get("/growth").text
    assert re.search(r'id="habit">0</strong> of 1 entry this week', page), page
    assert "1 entries" not in page


def test_the_portfolio_page_shows_bets_and_their_plan(client: TestClient, workspace: Path) -> None:
    sign_in(client)
    assert "No bets yet" in client.get("/portfolio").text
    assert client.get("/portfolio/plan.html").status_code == 400
    plan = portfolio.read_plan(DEMO / "portfolio.yaml", today=START.date())
    store = open_store(open_workspace(workspace).database_url)
    try:
        portfolio.BetRepository(store).import_portfolio(
            plan, by="ana", at=START, made_on=START.date()
        )
    finally:
        store.close()
    page = client.get("/portfolio").text
    assert "wholesale-portal" in page and "not measured" in page
    response = client.get("/portfolio/plan.html")
    assert response.status_code == 200 and "wholesale-portal" in response.text
    assert response.headers["x-frame-options"] == "SAMEORIGIN"


def _events(workspace: Path) -> list[tuple[str, str, str]]:
    store = open_store(open_workspace(workspace).database_url)
    try:
        with store.read() as conn:
            rows = conn.execute(sa.text("SELECT who, action, subject FROM people_events")).all()
    finally:
        store.close()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def test_admin_manages_people_teams_and_tokens(client: TestClient, workspace: Path) -> None:
    csrf = sign_in(client, "bo")
    assert client.get("/admin").status_code == 403
    refused = client.post(
        "/admin", data={"csrf_token": csrf, "action": "role", "name": "bo", "role": "admin"}
    )
    assert refused.status_code == 403
    csrf = sign_in(client, "root")

    def act(**fields: str) -> str:
        response = client.post("/admin", data={"csrf_token": csrf, **fields})
        assert response.status_code in (200, 400), response.text
        return html.unescape(response.text)

    assert "Done: added dee" in act(
        action="add", name="dee", role="member", team="Ops", password="a long passphrase"
    )
    assert "Done: dee is now leader" in act(action="role", name="dee", role="leader")
    assert "Done: dee leads Ops" in act(action="leader", team="Ops", name="dee")
    assert "is too short" in act(action="password", name="dee", password="short")
    assert "you cannot disable yourself" in act(action="disable", name="root")
    # dee signs in elsewhere and makes a token; the admin disables dee: both stop working
    other = TestClient(client.app, follow_redirects=False)
    dee_csrf = sign_in(other, "dee", "a long passphrase")
    page = other.post("/tokens", data={"csrf_token": dee_csrf, "label": "script", "days": "30"})
    secret = re.search(r'id="new-token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    bearer = {"Authorization": f"Bearer {secret}"}
    assert other.get("/api/v1/me", headers=bearer).json()["name"] == "dee"
    assert "Done: disabled dee" in act(action="disable", name="dee")
    assert other.get("/").status_code == 303  # signed out
    assert other.get("/api/v1/me", headers=bearer).status_code == 401
    assert "Done: enabled dee" in act(action="enable", name="dee")
    actions = [a for who, a, _ in _events(workspace) if who == "root"]
    assert {"user.add", "user.role", "team.leader", "user.disable", "user.enable"} <= set(actions)


def test_my_tokens_make_and_revoke(client: TestClient) -> None:
    csrf = sign_in(client, "bo")
    page = client.post("/tokens", data={"csrf_token": csrf, "label": "cron", "days": "7"}).text
    secret = re.search(r'id="new-token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    token_id = re.search(r'name="token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    outsider = TestClient(client.app, follow_redirects=False)
    assert outsider.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).is_success
    assert secret not in client.get("/tokens").text  # shown once
    client.post("/tokens", data={"csrf_token": csrf, "action": "revoke", "token": token_id})
    assert (
        outsider.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    )
    refused = client.post("/tokens", data={"csrf_token": csrf, "days": "9999"})
    assert "expires in: 1 to 365 days" in refused.text
