"""The pages and the JSON API on the front doors: decks by week with explanations and who is
prepared, the PR/FAQ review fragment, the ledger (add, revise, resolve) and trust reports, the
permission rules (a member sees their team, not another team), OpenAPI."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from starlette.routing import Route
from starlette.testclient import TestClient

from backwards.web.openapi import OPERATIONS
from tests.web.conftest import Clock, sign_in

WEEK = "2026-11-21"  # the demo config's week


def test_decks_by_week_with_explanations_and_who_is_prepared(client: TestClient) -> None:
    csrf = sign_in(client)
    page = client.get("/decks").text
    assert f'<option value="{WEEK}" selected>' in page
    assert 'value="2026-11-14"' in page  # the week picker offers earlier weeks
    flagged = re.findall(
        r'name="metric" value="([^"]+)">\s*<input type="hidden" name="basis" '
        r'value="([^"]+)"',
        page,
    )
    assert flagged, "the demo deck flags variances"
    owners = re.search(r'id="prepared-count">0 of (\d+)<', page)
    assert owners, page
    metric, basis = flagged[0]
    response = client.post(
        f"/decks/{WEEK}/explanations",
        data={"metric": metric, "basis": basis, "text": "A promo ended.", "csrf_token": csrf},
    )
    assert response.status_code == 303 and response.headers["location"] == f"/decks?week={WEEK}"
    page = client.get(f"/decks?week={WEEK}").text
    assert "A promo ended." in page and "by ana" in page
    assert page.count("No explanation yet.") == len(flagged) - 1
    deck = client.get(f"/decks/{WEEK}/deck.html")
    assert deck.status_code == 200 and deck.text.startswith("<!DOCTYPE html>")
    assert deck.headers["x-frame-options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in deck.headers["content-security-policy"]
    assert "sha256-" in deck.headers["content-security-policy"]  # the deck's own chart scripts
    data = client.get(f"/api/v1/decks?week={WEEK}").json()
    assert data["explanations"][0]["text"] == "A promo ended."
    assert data["explanations"][0]["author"] == "ana"


def test_preparedness_counts_owners_whose_every_variance_is_explained(
    client: TestClient,
) -> None:
    csrf = sign_in(client)
    page = client.get("/decks").text
    flagged = re.findall(
        r'name="metric" value="([^"]+)">\s*<input type="hidden" name="basis" '
        r'value="([^"]+)"',
        page,
    )
    total = int(re.search(r'id="prepared-count">0 of (\d+)<', page).group(1))  # type: ignore[union-attr]
    for metric, basis in flagged:
        client.post(
            f"/decks/{WEEK}/explanations",
            data={"metric": metric, "basis": basis, "text": "why", "csrf_token": csrf},
        )
    page = client.get("/decks").text
    assert f'id="prepared-count">{total} of {total}<' in page


def test_an_explanation_for_a_variance_not_flagged_is_refused(client: TestClient) -> None:
    csrf = sign_in(client)
    response = client.post(
        f"/decks/{WEEK}/explanations",
        data={"metric": "Not a metric", "basis": "wow", "text": "x", "csrf_token": csrf},
    )
    assert response.status_code == 400 and "is not flagged" in response.text


def test_a_bad_week_is_a_clear_error(client: TestClient) -> None:
    sign_in(client)
    response = client.get("/decks?week=next-tuesday")
    assert response.status_code == 400 and "is not a week ending date" in response.text


def test_prfaq_editor_and_the_review_fragment(client: TestClient) -> None:
    csrf = sign_in(client)
    page = client.get("/prfaq").text
    assert 'hx-post="/prfaq/review"' in page and 'id="document"' in page
    assert '<script src="/static/htmx.min.js" defer></script>' in page
    fragment = client.post("/prfaq/review", data={"text": "just a line\n", "csrf_token": csrf})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and 'id="verdict"' in fragment.text
    count = int(re.search(r'id="finding-count">(\d+)<', fragment.text).group(1))  # type: ignore[union-attr]
    assert count > 0
    too_long = client.post("/prfaq/review", data={"text": "x" * 200_001, "csrf_token": csrf})
    assert too_long.status_code == 413


def test_ledger_add_revise_resolve_and_the_trust_report_changes(
    client: TestClient, clock: Clock
) -> None:
    csrf = sign_in(client)
    today = clock().date()
    later, much_later = today + timedelta(days=3), today + timedelta(days=5)
    for statement, due in (("Ship saved carts", later), ("Send the survey", today)):
        response = client.post(
            "/ledger/commitments",
            data={
                "statement": statement,
                "due": due.isoformat(),
                "probability": "80",
                "csrf_token": csrf,
            },
        )
        assert response.status_code == 303
    page = client.get("/ledger").text
    assert "Ship saved carts" in page and 'data-group="due soon"' in page
    response = client.post(
        "/ledger/commitments/1/revise",
        data={"due": much_later.isoformat(), "reason": "vendor slipped", "csrf_token": csrf},
    )
    assert response.status_code == 303
    assert much_later.isoformat() in client.get("/ledger").text
    before = client.get("/ledger/trust").text
    assert re.search(r'class="say-do">0 of 0<', before)  # nothing has fallen due yet
    response = client.post(
        "/ledger/commitments/2/resolve", data={"outcome": "met", "csrf_token": csrf}
    )
    assert response.status_code == 303
    page = client.get("/ledger").text
    assert 'data-group="resolved"' in page
    after = client.get("/ledger/trust").text
    assert re.search(r'class="say-do">1 of 1<', after)  # due today and met today
    trust = client.get("/api/v1/trust").json()
    assert trust["owner"] == "ana" and trust["details"]["say_do"]["due"] == 1
    charts = client.get("/ledger/trust/report.html?owner=ana")
    assert charts.status_code == 200 and "sha256-" in charts.headers["content-security-policy"]


def test_bad_ledger_input_is_a_clear_error_and_nothing_is_written(client: TestClient) -> None:
    csrf = sign_in(client)
    for data, message in (
        ({"statement": "", "due": "2099-12-01"}, "say what you commit to"),
        ({"statement": "x", "due": "soon"}, "is not a date"),
        ({"statement": "x", "due": "2099-12-01", "probability": "170"}, "between 0% and 100%"),
    ):
        response = client.post("/ledger/commitments", data={**data, "csrf_token": csrf})
        assert response.status_code == 400 and message in response.text
    assert client.get("/api/v1/commitments").json() == []


def test_a_member_sees_their_team_but_not_another_team(client: TestClient) -> None:
    csrf = sign_in(client, "cy")  # Finance
    client.post(
        "/ledger/commitments",
        data={"statement": "Close the books", "due": "2099-12-01", "csrf_token": csrf},
    )
    client.post("/logout", data={"csrf_token": csrf})
    csrf = sign_in(client, "bo")  # Growth
    for path in (
        "/ledger?owner=cy",
        "/ledger/trust?owner=cy",
        "/ledger/trust/report.html?owner=cy",
        "/api/v1/commitments?owner=cy",
        "/api/v1/trust?owner=cy",
    ):
        response = client.get(path)
        assert response.status_code == 403, path
        assert "Close the books" not in response.text
    assert client.get("/ledger?owner=ana").status_code == 200  # the same team
    assert (
        client.post(
            "/ledger/commitments/1/resolve", data={"outcome": "met", "csrf_token": csrf}
        ).status_code
        == 400
    )
    assert [p["name"] for p in client.get("/api/v1/people").json()] == ["bo"]
    client.post("/logout", data={"csrf_token": csrf})
    sign_in(client, "ana")  # the leader of Growth sees their team's people
    assert [p["name"] for p in client.get("/api/v1/people").json()] == ["ana", "bo"]
    client.post("/logout", data={"csrf_token": csrf_of_page(client)})
    sign_in(client, "root")
    assert client.get("/api/v1/commitments?owner=cy").json()[0]["statement"] == "Close the books"


def csrf_of_page(client: TestClient) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text)
    return found.group(1) if found else ""


def test_openapi_names_exactly_the_api_routes(client: TestClient) -> None:
    sign_in(client)
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    served = {
        (method.lower(), re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path))
        for route in client.app.routes  # type: ignore[attr-defined]
        if isinstance(route, Route) and route.path.startswith("/api/")
        for method in (route.methods or ())
        if method != "HEAD"
    }
    assert served == set(OPERATIONS)
    assert {(m, p) for p, ops in document["paths"].items() for m in ops} == served
    json.dumps(document)


def test_health_is_public_and_says_nothing_else(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_the_people_page_follows_the_roles(client: TestClient) -> None:
    csrf = sign_in(client, "bo")
    names = re.findall(r"<tr><td>([a-z]+)</td>", client.get("/people").text)
    assert names == ["bo"]
    client.post("/logout", data={"csrf_token": csrf})
    csrf = sign_in(client, "ana")
    assert re.findall(r"<tr><td>([a-z]+)</td>", client.get("/people").text) == ["ana", "bo"]
    client.post("/logout", data={"csrf_token": csrf})
    sign_in(client, "root")
    page = client.get("/people").text
    assert re.findall(r"<tr><td>([a-z]+)</td>", page) == ["ana", "bo", "cy", "root"]
    assert "<td>Growth</td><td>ana</td>" in page
