"""PR/FAQ documents in the web app: saved as versions with who, when and the verdict; comments
on a line of a version; "explain" for each finding's rule; limited to the owner's team."""

from __future__ import annotations

import html
import re

from starlette.testclient import TestClient

from backwards import prfaq
from backwards.web.documents import may_see_document
from tests.web.conftest import Clock, sign_in

GOOD = prfaq.template("product")  # the profile's template: a real document with findings


def _create(client: TestClient, csrf: str, text: str = GOOD, title: str = "Saved carts") -> int:
    response = client.post("/prfaq/docs", data={"csrf_token": csrf, "title": title, "text": text})
    assert response.status_code == 303, response.text
    found = re.fullmatch(r"/prfaq/docs/(\d+)", response.headers["location"])
    assert found
    return int(found.group(1))


def test_versions_keep_who_when_and_the_verdict(client: TestClient, clock: Clock) -> None:
    csrf = sign_in(client, "bo")
    doc = _create(client, csrf)
    page = client.get(f"/prfaq/docs/{doc}").text
    assert "<h1>Saved carts</h1>" in page
    first_verdict = prfaq.review_text(GOOD, path="draft.md", profile="product").verdict.overall
    assert re.search(r'class="version-verdict">' + re.escape(first_verdict), page)
    clock.advance(minutes=5)
    csrf = sign_in(client, "ana")  # a teammate saves the next version
    response = client.post(
        f"/prfaq/docs/{doc}/versions", data={"csrf_token": csrf, "text": "Hello.\n"}
    )
    assert response.status_code == 303
    data = client.get(f"/api/v1/prfaq/{doc}").json()
    assert [(v["number"], v["author"]) for v in data["versions"]] == [(1, "bo"), (2, "ana")]
    assert data["versions"][1]["text"] == "Hello.\n"
    assert data["versions"][0]["saved_at"] < data["versions"][1]["saved_at"]
    later = prfaq.review_text("Hello.\n", path="draft.md", profile="product")
    assert data["versions"][1]["verdict"] == later.verdict.overall
    assert data["versions"][1]["findings"] == len(later.findings)
    old = client.get(f"/prfaq/docs/{doc}?version=1").text
    assert "You are reading version 1 of 2" in old
    assert html.escape(GOOD.splitlines()[0]) in old
    assert client.get(f"/prfaq/docs/{doc}?version=3").status_code == 400


def test_comments_on_a_line_and_their_limits(client: TestClient) -> None:
    csrf = sign_in(client, "bo")
    doc = _create(client, csrf, text="# Title\n\nSecond line.\n")
    ok = client.post(
        f"/prfaq/docs/{doc}/comments",
        data={"csrf_token": csrf, "version": "1", "line": "3", "text": "Who is the customer?"},
    )
    assert ok.status_code == 303
    page = client.get(f"/prfaq/docs/{doc}").text
    assert "version 1, line 3</a>: Who is the customer?" in page and "by bo" in page
    for line in ("0", "5", "x"):
        bad = client.post(
            f"/prfaq/docs/{doc}/comments",
            data={"csrf_token": csrf, "version": "1", "line": line, "text": "x"},
        )
        assert bad.status_code == 400, line
    assert client.get(f"/api/v1/prfaq/{doc}").json()["comments"] == [
        {
            "version": 1,
            "line": 3,
            "text": "Who is the customer?",
            "author": "bo",
            "written_at": client.get(f"/api/v1/prfaq/{doc}").json()["comments"][0]["written_at"],
        }
    ]


def test_explain_each_finding_and_link_it_to_its_line(client: TestClient) -> None:
    csrf = sign_in(client)
    fragment = client.post("/prfaq/review", data={"csrf_token": csrf, "text": "Hello.\n"}).text
    codes = set(re.findall(r'<li data-code="(\w+)">', fragment))
    assert codes
    for code in codes:
        assert f"<summary>explain {code}</summary>" in fragment
        assert html.escape(prfaq.explain(code).splitlines()[0]) in fragment
    review = prfaq.review_text(GOOD, path="draft.md", profile="product")
    lined = [f for f in review.findings if f.line]
    page = client.get("/prfaq").text
    if lined:
        assert f'class="line-link" data-line="{lined[0].line}"' in page
    assert '<script src="/static/editor.js" defer></script>' in page
    assert client.get("/static/editor.js").status_code == 200


def test_a_document_is_its_teams(client: TestClient) -> None:
    csrf = sign_in(client, "bo")
    doc = _create(client, csrf, title="Growth secret plan")
    sign_in(client, "cy")  # Finance
    assert client.get(f"/prfaq/docs/{doc}").status_code == 404
    assert client.get(f"/api/v1/prfaq/{doc}").status_code == 404
    assert client.get("/api/v1/prfaq").json() == []
    assert "Growth secret plan" not in client.get("/prfaq/docs").text
    csrf = sign_in(client, "cy")
    for path, data in (
        (f"/prfaq/docs/{doc}/versions", {"text": "mine"}),
        (f"/prfaq/docs/{doc}/comments", {"version": "1", "line": "1", "text": "x"}),
    ):
        assert client.post(path, data={"csrf_token": csrf, **data}).status_code == 404
    sign_in(client, "root")
    assert "Growth secret plan" in client.get("/prfaq/docs").text
    assert [d["title"] for d in client.get("/api/v1/prfaq").json()] == ["Growth secret plan"]


def test_the_list_of_documents_is_each_readers_with_the_latest_version(
    client: TestClient, clock: Clock
) -> None:
    """The listing's one query gives what the per-document rule and the versions give."""
    made = []
    for name, title in (("bo", "Growth A"), ("cy", "Finance B"), ("ana", "Growth C")):
        csrf = sign_in(client, name)
        made.append(_create(client, csrf, title=title))
        clock.advance(minutes=5)
    csrf = sign_in(client, "bo")
    for text in ("Second.\n", "Third.\n"):
        response = client.post(
            f"/prfaq/docs/{made[0]}/versions", data={"csrf_token": csrf, "text": text}
        )
        assert response.status_code == 303
        clock.advance(minutes=1)
    store = client.app.state.context.documents  # type: ignore[attr-defined]
    directory = client.app.state.context.directory  # type: ignore[attr-defined]
    for name in ("ana", "bo", "cy", "root"):
        person = directory.person(name)
        expected = []
        for doc_id in made:
            doc = store.get(doc_id)
            if may_see_document(person, doc):
                last = store.versions(doc_id)[-1]
                expected.append((doc.title, last.number, last.verdict, last.author, last.saved_at))
        listed = [
            (d.title, v.number, v.verdict, v.author, v.saved_at) for d, v in store.visible(person)
        ]
        assert listed == expected, name
        assert len(listed) == {"ana": 2, "bo": 2, "cy": 1, "root": 3}[name]
    sign_in(client, "bo")
    api = client.get("/api/v1/prfaq").json()
    assert [(d["title"], d["versions"]) for d in api] == [("Growth A", 3), ("Growth C", 1)]


def test_a_document_needs_a_title_and_fits_the_limit(client: TestClient) -> None:
    csrf = sign_in(client)
    response = client.post("/prfaq/docs", data={"csrf_token": csrf, "title": " ", "text": "x"})
    assert response.status_code == 400 and "title: name the document" in response.text
    assert client.get("/api/v1/prfaq").json() == []
