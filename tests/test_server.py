"""The HTTP service in process: routes, 413 before parsing, 422 naming the field, generic 500."""

from __future__ import annotations

import asyncio
import copy
import json
import logging
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest

pytest.importorskip("fastapi", reason="the HTTP service needs the [server] extra")

from fastapi import FastAPI
from fastapi.testclient import TestClient

from conftest import CALENDAR_END, incident
from safeguarding_notify import (
    Decider,
    Decision,
    EngineError,
    Incident,
    decide,
    plan_notifications,
)
from safeguarding_notify._decide import default_decider
from safeguarding_notify._server import LOGGER, MAX_PROBLEMS, create_app

SECRET_REFERENCE = "PRIV-8R3K2"
SECRET_TEXT = "Jane Doe born 2015-03-01"  # personal text typed where it does not belong
PLAN_LIMIT = 32_768
EXAMPLES = Path(__file__).resolve().parents[1] / "docs/examples"
GROUP = json.loads((EXAMPLES / "group.json").read_text())
GROUP_2018 = json.loads((EXAMPLES / "group-2018.json").read_text())  # submitted in 2019 below


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    app = create_app(max_body_bytes=4096, max_plan_body_bytes=PLAN_LIMIT)
    with TestClient(app) as test_client:
        yield test_client


def test_decide_returns_the_librarys_decision(client: TestClient) -> None:
    """POST /decide answers exactly what `decide` answers for the same incident."""
    response = client.post("/decide", json=incident())
    assert response.status_code == 200
    assert response.json() == decide(incident()).model_dump(mode="json")


def test_decide_takes_the_date_to_decide_against(client: TestClient) -> None:
    """POST /decide?today= answers what `decide` answers against that date, as `--today` does."""
    response = client.post("/decide", json=incident(), params={"today": "2026-12-30"})
    assert response.status_code == 200
    expected = decide(incident(), date(2026, 12, 30))
    assert response.json() == expected.model_dump(mode="json")
    assert response.json() != decide(incident(), date(2026, 11, 23)).model_dump(mode="json")


@pytest.mark.parametrize(
    ("today", "message"),
    [
        ("1700000000", "expected a date as YYYY-MM-DD"),
        ("2026-02-30", "not a real calendar date"),
        ("2101-01-01", "is outside the years whose bank holidays in England are known"),
    ],
    ids=["timestamp", "not a real date", "beyond the calendar"],
)
@pytest.mark.parametrize("path", ["/decide", "/plan"])
def test_bad_date_to_decide_against_is_422_naming_it(
    client: TestClient, path: str, today: str, message: str
) -> None:
    """A `today` that is not a calendar date, or is beyond the known bank holidays, is a 422
    naming the query parameter; nothing is decided."""
    body = incident() if path == "/decide" else GROUP
    response = client.post(path, json=body, params={"today": today})
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["query", "today"]
    assert message in problem["msg"]
    assert today not in response.text


@pytest.mark.parametrize("path", ["/decide", "/plan"])
def test_a_key_named_twice_is_422_naming_it(client: TestClient, path: str) -> None:
    """A body naming a key twice is refused with 422 naming the key (Starlette would keep the
    last value), as the command line refuses it; bad JSON says json's reason, at its line."""
    key = "abuse_or_neglect" if path == "/decide" else "notifying_authority"
    body = json.dumps(incident() if path == "/decide" else GROUP)[:-1] + f', "{key}": "x"}}'
    response = client.post(path, content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["msg"] == f"not valid JSON (the key {key} appears twice in one object)"
    broken = client.post(path, content="{bad", headers={"content-type": "application/json"})
    assert _where_and_what(broken) == [
        {
            "loc": ["body"],
            "msg": "line 1 column 2: not valid JSON (Expecting property name enclosed in "
            "double quotes)",
            "type": "json_invalid",
        }
    ]
    # Placed by its line with CR line ends too (json counts only LF).
    cr_ended = client.post(path, content="{\r  bad", headers={"content-type": "application/json"})
    assert _where_and_what(cr_ended)[0]["msg"].startswith("line 2 column 3: not valid JSON")


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"case_reference": "Jane Doe", "child": ' + b"[" * 30_000, "JSON nested too deeply"),
        (
            b'{"case_reference": "Jane Doe", "child": ' + b"9" * 5_000 + b"}",
            "not valid JSON (a number is too long)",
        ),
        (b'{"case_reference": "Jane Doe \xff\xfe"}', "not UTF-8 text"),
        ('{"case_reference": "Jane Doe"}'.encode("utf-16"), "not UTF-8 text"),
        ('{"case_reference": "Jane Doe"}'.encode("utf-32"), "not UTF-8 text"),
        (b'{"case_reference": "Jane Doe \xed\xa0\x80"}', "not UTF-8 text"),
    ],
    ids=[
        "nested 30,000 deep",
        "a 5,000-digit number",
        "not UTF-8",
        "UTF-16",
        "UTF-32",
        "surrogate",
    ],
)
@pytest.mark.parametrize("path", ["/decide", "/plan"])
def test_an_unreadable_body_is_422_saying_why(
    caplog: pytest.LogCaptureFixture, path: str, body: bytes, reason: str
) -> None:
    """A body json cannot read for its depth, a number's length or its encoding (UTF-8 only, as
    the command line reads, and as RFC 8259 asks of JSON between systems) is a 422 with the
    command line's reason, not a 400 that does not say why, and its text is not repeated."""
    with caplog.at_level(logging.INFO), TestClient(create_app()) as roomy:  # the default limits
        response = roomy.post(path, content=body, headers={"content-type": "application/json"})
    assert _where_and_what(response) == [{"loc": ["body"], "msg": reason, "type": "json_invalid"}]
    assert "Jane Doe" not in response.text
    assert "Jane Doe" not in _service_log(caplog)


@pytest.mark.parametrize(
    ("query", "loc", "kind"),
    [
        ("todya=2026-11-30", ["query", "todya"], "extra_forbidden"),
        ("child%20name=Anyone", ["query", "<unrecognised key>"], "extra_forbidden"),
        ("JaneDoe=1", ["query", "<unrecognised key>"], "extra_forbidden"),
        ("today=2026-11-30&today=2026-12-30", ["query", "today"], "repeated"),
    ],
    ids=["misspelt", "not a field name", "a capitalised name", "given twice"],
)
@pytest.mark.parametrize("path", ["/decide", "/plan"])
def test_a_query_parameter_unknown_or_repeated_is_422(
    client: TestClient, path: str, query: str, loc: list[str], kind: str
) -> None:
    """A deciding route refuses a query parameter it does not know (FastAPI would ignore a
    misspelt `todya` and decide as of today) or one given twice (it would keep the last), as the
    body refuses unknown fields; a name that is not a field name is not repeated."""
    body = incident() if path == "/decide" else GROUP
    response = client.post(f"{path}?{query}", json=body)
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert (problem["loc"], problem["type"]) == (loc, kind)
    assert "Anyone" not in response.text


@pytest.mark.parametrize(
    ("query", "loc"),
    [
        ("today=2020-01-01", ["query", "today"]),
        ("x=1", ["query", "x"]),
        ("JaneDoe=1", ["query", "<unrecognised key>"]),
    ],
    ids=["a date /rules does not read", "unknown", "a capitalised name"],
)
@pytest.mark.parametrize("path", ["/rules"])
def test_a_route_without_parameters_refuses_a_query_parameter(
    client: TestClient, path: str, query: str, loc: list[str]
) -> None:
    """GET /rules refuses any query parameter with the 422 /decide gives an unknown one (it
    ignored it, and `/rules?today=` answered as if the date had been read), and its OpenAPI entry
    declares that 422."""
    response = client.get(f"{path}?{query}")
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem == {
        "loc": loc,
        "msg": "Extra inputs are not permitted",
        "type": "extra_forbidden",
    }
    (unknown,) = client.post("/decide?x=1", json=incident()).json()["detail"]
    assert {**problem, "loc": None} == {**unknown, "loc": None}  # as /decide refuses one
    assert client.get(path).status_code == 200
    declared = client.get("/openapi.json").json()["paths"][path]["get"]["responses"]["422"]
    assert declared["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/HTTPValidationError"
    }


def test_health_ignores_a_monitors_query_parameter(client: TestClient) -> None:
    """GET /health, which reads no input, answers a cache-busting `?_=...` as it answers none (a
    422 would mark a healthy service down), and declares no 422."""
    assert client.get("/health?_=1700000000").json() == client.get("/health").json()
    assert client.get("/health?_=1700000000").status_code == 200
    assert "422" not in client.get("/openapi.json").json()["paths"]["/health"]["get"]["responses"]


def test_the_openapi_document_refuses_a_query_parameter(client: TestClient) -> None:
    """GET /openapi.json, which takes no parameter, refuses one with the 422 /rules gives (it
    answered 200, where the service says every route but /health refuses one)."""
    response = client.get("/openapi.json?x=1")
    assert response.status_code == 422
    assert response.json() == client.get("/rules?x=1").json()
    assert client.get("/openapi.json").status_code == 200


@pytest.mark.parametrize("path", ["/health", "/health?_=1700000000", "/rules", "/openapi.json"])
def test_a_route_answering_get_answers_head_without_a_body(client: TestClient, path: str) -> None:
    """HEAD is GET's status and headers with no body on every route that answers GET: /health's
    was 405, then without GET's type and length (review s23, F5), and /rules' was 405 while
    /openapi.json's was 200."""
    got = client.get(path)
    response = client.head(path)
    assert (response.status_code, response.content) == (got.status_code, b"")
    # GET's headers, as HTTP asks of HEAD: some probes check the type or the length.
    assert response.headers["content-type"] == got.headers["content-type"]
    assert response.headers["content-length"] == str(len(got.content))


@pytest.mark.parametrize("path", ["/health", "/rules", "/openapi.json"])
def test_a_route_answering_get_allows_head_in_its_405(client: TestClient, path: str) -> None:
    """A method a GET route does not take gets 405 allowing GET and HEAD, as it answers both (it
    allowed only GET on /health and /rules: review s26, C2)."""
    response = client.post(path)
    allowed = {method.strip() for method in response.headers["allow"].split(",")}
    # (A set: Starlette lists its own route's methods in a set's order, which varies by process.)
    assert (response.status_code, allowed) == (405, {"GET", "HEAD"})


@pytest.mark.parametrize("path", ["/decide", "/plan"])
def test_a_route_not_answering_get_refuses_head(client: TestClient, path: str) -> None:
    """HEAD of a route that only takes POST is 405 naming POST, as GET of it is: HEAD is not a
    way to decide, or to reach the body parser."""
    response = client.head(path)
    assert (response.status_code, response.headers["allow"]) == (405, "POST")
    assert client.get(path).status_code == 405


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/docs/oauth2-redirect"])
def test_no_page_loads_scripts_from_a_third_party(client: TestClient, path: str) -> None:
    """The Swagger UI and ReDoc pages, undocumented and loading scripts and styles from a CDN
    (which an authority's network policy may forbid), are not served; /openapi.json is."""
    assert client.get(path).status_code == 404
    assert client.get("/openapi.json").status_code == 200


def test_rules_lists_every_rule_version_with_its_citation(client: TestClient) -> None:
    """GET /rules gives every rule id, version, citation and dates, and the rules version."""
    book = default_decider().book
    body = client.get("/rules").json()
    assert body["rules_version"] == book.version
    listed = {(rule["id"], rule["version"]): rule for rule in body["rules"]}
    assert set(listed) == {(rule.id, rule.version) for rule in book.rules}
    for rule in book.rules:
        entry = listed[(rule.id, rule.version)]
        assert entry["citation"]["url"] == rule.url
        assert entry["effective_from"] == rule.effective_from.isoformat()


def test_health_names_the_versions(client: TestClient) -> None:
    """GET /health says ok with the library and rules versions."""
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["rules_version"] == default_decider().book.version


def _service_log(caplog: pytest.LogCaptureFixture) -> str:
    # The service's own lines only: the test client logs each URL it requests.
    return "\n".join(record.getMessage() for record in caplog.records if record.name == LOGGER)


def _where_and_what(response: Any) -> list[dict[str, Any]]:
    """The 422's problems, each giving only where and what (never `input` or `ctx`)."""
    assert response.status_code == 422
    problems: list[dict[str, Any]] = response.json()["detail"]
    assert all(set(problem) == {"loc", "msg", "type"} for problem in problems)
    return problems


def _with_secret_key(document: dict[str, Any], *parents: str | int) -> dict[str, Any]:
    body = copy.deepcopy(document)
    target = body
    for parent in parents:
        target = target[parent]
    target[SECRET_TEXT] = 1
    return body


@pytest.mark.parametrize(
    ("path", "parents", "loc"),
    [
        ("/decide", (), ["body", "<unrecognised key>"]),
        ("/decide", ("child",), ["body", "child", "<unrecognised key>"]),
        ("/plan", ("incidents", 0), ["body", "incidents", 0, "<unrecognised key>"]),
    ],
    ids=["decide", "decide nested", "plan"],
)
def test_an_unknown_key_is_422_without_repeating_it(
    client: TestClient,
    caplog: pytest.LogCaptureFixture,
    path: str,
    parents: tuple[str | int, ...],
    loc: list[str | int],
) -> None:
    """An unknown key that is not a field name (personal text, say) is named in the 422's path
    as the command line names it, and reaches neither the answer nor the log."""
    body = _with_secret_key(incident() if path == "/decide" else GROUP, *parents)
    with caplog.at_level(logging.INFO):
        response = client.post(path, json=body)
    (problem,) = _where_and_what(response)
    assert (problem["loc"], problem["type"]) == (loc, "extra_forbidden")
    assert "Jane Doe" not in response.text
    assert "Jane Doe" not in _service_log(caplog)


def test_a_refusal_lists_at_most_fifty_problems_then_counts_the_rest(client: TestClient) -> None:
    """A body of 200 unknown keys gets a 422 listing the first 50 problems and one entry counting the other 150, not 200 entries (a 65 kB body got a 750 kB answer: found by the integrator's review)."""
    body = {**incident(), **{f"k{number}": 0 for number in range(200)}}
    response = client.post("/decide", json=body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert len(detail) == MAX_PROBLEMS + 1 == 51
    assert all(problem["type"] == "extra_forbidden" for problem in detail[:-1])
    assert detail[-1] == {"loc": ["body"], "msg": "and 150 more problems", "type": "more"}


def test_an_unknown_place_is_422_without_repeating_it(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    """A country that is none of the allowed ones is a 422 at `event.location` listing the
    allowed ones, without the text given."""
    body = incident(**{"event.location": {"country": SECRET_TEXT}})
    with caplog.at_level(logging.INFO):
        response = client.post("/decide", json=body)
    (problem,) = _where_and_what(response)
    assert problem["loc"] == ["body", "event", "location"]
    assert problem["msg"].endswith(
        "'england', 'wales', 'scotland', 'northern_ireland', 'outside_uk'"
    )
    assert "Jane Doe" not in response.text
    assert "Jane Doe" not in _service_log(caplog)


def test_a_places_loc_is_the_path_written(client: TestClient) -> None:
    """The 422's `loc` for a field of a place is the path the user wrote, without pydantic's
    name for the kind of place (as the command line shows it)."""
    body = incident(**{"event.location": {"country": "wales", "local_authority": "E08000025"}})
    (problem,) = _where_and_what(client.post("/decide", json=body))
    assert problem["loc"] == ["body", "event", "location", "local_authority"]


# As sent (percent-encoded): the server decodes it to a newline and a line of its own.
FORGED_LINE = "%0A2026-01-01%20GET%20/health%20200%200.1ms"


@pytest.mark.parametrize(
    ("method", "path", "logged"),
    [
        (
            "GET",
            "/cases/C-1042/Jane%20Doe%20born%202015-03-01" + FORGED_LINE,
            "GET (unknown path) 404",
        ),
        ("GET", "/decide/Jane%20Doe", "GET (unknown path) 404"),
        ("GET", "/decide", "GET /decide 405"),
        ("POST", "/decide?ref=Jane%20Doe", "POST /decide 422"),
    ],
    ids=["unknown path", "near miss", "other method", "query string"],
)
def test_the_request_log_names_the_route_never_the_path_sent(
    client: TestClient, caplog: pytest.LogCaptureFixture, method: str, path: str, logged: str
) -> None:
    """Each request logs one line naming the route as declared, or "(unknown path)", never the
    path as sent: it can hold personal text, or a newline forging a line of its own."""
    with caplog.at_level(logging.INFO):
        client.request(method, path, json=incident())
    (line,) = [record.getMessage() for record in caplog.records if record.name == LOGGER]
    assert line.startswith(f"{logged} ")
    assert line.isprintable()
    assert "Jane Doe" not in line


def test_the_request_log_names_a_standard_method_only(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    """A request method that is not a standard HTTP method is logged as "(other)", never as
    sent, since a client can put any text there."""
    with caplog.at_level(logging.INFO):
        response = client.request("SECRET-CASE-123", "/decide")
    assert response.status_code == 405
    (line,) = [record.getMessage() for record in caplog.records if record.name == LOGGER]
    assert line.startswith("(other) /decide 405 ")
    assert "SECRET" not in line


def test_invalid_field_is_422_naming_it_without_echoing_values(client: TestClient) -> None:
    """A bad value gives 422 with the field's path, and the submitted values are not echoed."""
    document = incident(case_reference=SECRET_REFERENCE, abuse_or_neglect="SECRET-VALUE-93")
    response = client.post("/decide", json=document)
    assert _where_and_what(response)[0]["loc"] == ["body", "abuse_or_neglect"]
    assert "SECRET-VALUE-93" not in response.text
    assert SECRET_REFERENCE not in response.text


@pytest.mark.parametrize("path", ["became_aware_on", "child.normally_resident"])
def test_a_required_answer_left_out_is_422_naming_it(client: TestClient, path: str) -> None:
    """An answer the incident must give, null when not known, left out of the body is a 422 at
    its path, of type `missing` (review s28, B8; pinned by review s29, C8)."""
    response = client.post("/decide", json=incident(**{path: "<absent>"}))
    (problem,) = _where_and_what(response)
    assert problem["loc"] == ["body", *path.split(".")]
    assert problem["type"] == "missing"


def test_unknown_field_is_refused(client: TestClient) -> None:
    """An unknown field (a name, say) is a 422 naming that field."""
    response = client.post("/decide", json=incident(**{"child.name": "Anyone"}))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "child", "name"]
    assert "Anyone" not in response.text


@pytest.mark.parametrize("path", ["/decide", "/plan"])
def test_date_before_the_rules_is_422(client: TestClient, path: str) -> None:
    """An incident (or a group's child) before the encoded rules is refused, not answered."""
    document = incident(
        **{
            "event.date": "2015-03-20",
            "became_aware_on": "2015-03-25",  # the encoded rules start on 26 March 2015
            "child.date_of_birth": "2010-01-01",
        }
    )
    body = document if path == "/decide" else {**GROUP, "incidents": [document]}
    response = client.post(path, json=body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "rules_not_in_force"
    assert "2015" not in response.text


_BEFORE_THE_RULES = {
    "event.date": "2015-03-20",
    "became_aware_on": "2015-03-25",  # the encoded rules start on 26 March 2015
    "child.date_of_birth": "2010-01-01",
}


@pytest.mark.parametrize(
    ("path", "loc"),
    [
        ("/decide", ["body", "became_aware_on"]),
        ("/plan", ["body", "incidents", 1, "became_aware_on"]),
        ("/plan?submitted_on=2018-06-28", ["query", "submitted_on"]),
        ("/plan?today=2017-01-01", ["query", "today"]),
    ],
    ids=["decide", "plan child", "plan submitted_on", "plan today"],
)
def test_date_before_the_rules_is_422_at_the_input_at_fault(
    client: TestClient, path: str, loc: list[str | int]
) -> None:
    """A date no encoded rules cover is located at the input that gave it (in the child of /plan
    whose dates they are), or at the query parameter that chose the form-grouping rule, not at
    the whole body, and the message names it."""
    early = incident(**_BEFORE_THE_RULES)
    covered = {**early, "case_reference": "C-0", "became_aware_on": "2015-04-01"}
    # A group known before the form-grouping rules begin (29 June 2018), for the date of submission.
    # Abuse or neglect not recorded: a suspicion from 29 June 2018 may need a Panel form.
    unknown = {**covered, "abuse_or_neglect": "unknown"}
    children = {"/plan": [covered, early], "/plan?submitted_on=2018-06-28": [unknown]}.get(
        path, GROUP["incidents"]
    )
    body = early if path == "/decide" else {**GROUP, "incidents": children}
    (problem,) = _where_and_what(client.post(path, json=body))
    assert (problem["loc"], problem["type"]) == (loc, "rules_not_in_force")
    assert str(loc[-1]) in problem["msg"] or "submitted_on" in problem["msg"]
    assert not any(year in problem["msg"] for year in ("2015", "2017", "2018"))


@pytest.mark.parametrize("prefix", ["", "/api"], ids=["alone", "mounted"])
def test_a_form_grouping_refusal_reads_the_same_wherever_the_service_is_mounted(
    prefix: str,
) -> None:
    """A plan whose date of submission (today) no form-grouping rule covers is refused as such, at `["query", "today"]`, also where the service is mounted under a prefix, as integrators' own services do (it was worded as an undated incident's there: found by the review of the refusal's location)."""
    parent = FastAPI()
    parent.mount(prefix or "/", create_app())
    with TestClient(parent) as mounted:
        response = mounted.post(f"{prefix}/plan?today=2014-01-01", json=GROUP)
    (problem,) = _where_and_what(response)
    assert problem["loc"] == ["query", "today"]
    assert problem["msg"].startswith("no encoded form-grouping rule covers the date of submission")


def test_large_body_is_413_by_declared_length(client: TestClient) -> None:
    """A body declared larger than the limit is refused with 413."""
    response = client.post(
        "/decide", content=b" " * 5000, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_a_content_length_that_is_no_number_is_400_not_413() -> None:
    """A content-length header that is not a number is a malformed request (400), not a large
    one (413); uvicorn refuses it first, so the ASGI app is called directly, as another server
    might call it."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/decide",
        "raw_path": b"/decide",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"12ab")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    asyncio.run(create_app()(scope, receive, send))
    assert sent[0]["status"] == 400
    assert json.loads(sent[1]["body"]) == {"detail": "the content-length header is not a number"}


def test_large_body_is_413_when_streamed_without_length(client: TestClient) -> None:
    """A chunked body with no declared length is cut off at the limit with 413."""

    def chunks() -> Iterator[bytes]:
        yield json.dumps(incident()).encode()
        for _ in range(10):
            yield b" " * 1000

    response = client.post(
        "/decide", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


@pytest.mark.parametrize(("padding", "status"), [(0, 200), (1, 413)], ids=["at", "one over"])
def test_a_declared_length_is_refused_one_byte_over_the_limit(
    client: TestClient, padding: int, status: int
) -> None:
    """With its length declared, a body of exactly 4,096 bytes is decided and one of 4,097 is
    refused with 413 before it is read."""
    document = json.dumps(incident()).encode()
    body = document + b" " * (4096 - len(document) + padding)
    response = client.post("/decide", content=body, headers={"content-type": "application/json"})
    assert response.status_code == status


@pytest.mark.parametrize(("padding", "status"), [(0, 200), (1, 413)], ids=["at", "one over"])
def test_a_streamed_body_is_cut_off_one_byte_over_the_limit(
    client: TestClient, padding: int, status: int
) -> None:
    """Streamed without a declared length, a body of exactly 4,096 bytes is decided and one of
    4,097 is refused with 413."""
    document = json.dumps(incident()).encode()
    body = document + b" " * (4096 - len(document) + padding)

    def chunks() -> Iterator[bytes]:
        yield body[:1000]
        yield body[1000:]

    response = client.post(
        "/decide", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == status


class _Broken(Decider):
    """A decider whose engine fails, with the input in its message as a careless one might."""

    def decide(self, incident: Incident | Mapping[str, Any], today: date | None = None) -> Decision:
        reference = incident.case_reference if isinstance(incident, Incident) else None
        raise EngineError(f"engine broke on {reference}")


class _Crashing(Decider):
    """A decider that fails in an unforeseen way."""

    def decide(self, incident: Incident | Mapping[str, Any], today: date | None = None) -> Decision:
        raise KeyError(SECRET_REFERENCE)


@pytest.mark.parametrize("path", ["/decide", "/plan"])
@pytest.mark.parametrize("broken", [_Broken, _Crashing], ids=["engine error", "unexpected error"])
def test_failure_is_a_generic_500_and_logs_no_input(
    broken: type[Decider], path: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A failure answers 500 with a generic message (never a decision) and logs only its type.

    On /plan this also shows the plan is made with the app's decider, not the default one.
    """
    app = create_app(broken(book=default_decider().book))
    document = incident(case_reference=SECRET_REFERENCE)
    body = document if path == "/decide" else {**GROUP, "incidents": [document]}
    with caplog.at_level(logging.INFO), TestClient(app, raise_server_exceptions=False) as failing:
        response = failing.post(path, json=body)
    assert response.status_code == 500
    assert response.json() == {"detail": "internal error: no decision was made"}
    assert SECRET_REFERENCE not in caplog.text
    assert "request failed" in caplog.text


def test_openapi_is_generated_from_the_models(client: TestClient) -> None:
    """The OpenAPI document describes /decide and /plan with the models' schemas, and their
    optional date parameters."""
    document = client.get("/openapi.json").json()
    assert set(document["paths"]) == {"/decide", "/plan", "/rules", "/health"}
    for path, body, answer in [
        ("/decide", "Incident", "Decision"),
        ("/plan", "IncidentGroup", "NotificationPlan"),
    ]:
        route = document["paths"][path]["post"]
        assert route["requestBody"]["content"]["application/json"]["schema"] == {
            "$ref": f"#/components/schemas/{body}"
        }
        assert route["responses"]["200"]["content"]["application/json"]["schema"] == {
            "$ref": f"#/components/schemas/{answer}"
        }
    for path, names in [("/decide", ["today"]), ("/plan", ["today", "submitted_on"])]:
        parameters = document["paths"][path]["post"]["parameters"]
        assert [parameter["name"] for parameter in parameters] == names
        assert all(not parameter["required"] for parameter in parameters)
        assert all(parameter["in"] == "query" for parameter in parameters)


def test_the_openapi_document_gives_the_415_the_schema_of_its_body(client: TestClient) -> None:
    """OpenAPI declares each deciding route's 415 with the schema its body has, a 422's (it
    declared none), and a 415 actually sent validates against it."""
    document = client.get("/openapi.json").json()
    shape = {"$ref": "#/components/schemas/HTTPValidationError"}
    for path in ("/decide", "/plan"):
        declared = document["paths"][path]["post"]["responses"]["415"]
        assert declared["content"]["application/json"]["schema"] == shape
    refused = client.post("/decide", content=json.dumps(incident()))
    assert refused.status_code == 415
    jsonschema.validate(refused.json(), {**shape, "components": document["components"]})


def test_plan_returns_the_librarys_plan(client: TestClient) -> None:
    """POST /plan answers exactly what `plan_notifications` answers for the same group."""
    response = client.post("/plan", json=GROUP)
    assert response.status_code == 200
    assert response.json() == plan_notifications(GROUP).model_dump(mode="json")
    assert len(response.json()["forms"]) == 1


def test_plan_takes_the_dates_of_submission_and_to_decide_against(client: TestClient) -> None:
    """POST /plan?today=&submitted_on= answers what `plan_notifications` answers with them."""
    dates = {"today": "2026-12-30", "submitted_on": "2019-01-15"}
    response = client.post("/plan", json=GROUP_2018, params=dates)
    assert response.status_code == 200
    expected = plan_notifications(
        GROUP_2018, submitted_on=date(2019, 1, 15), today=date(2026, 12, 30)
    )
    assert response.json() == expected.model_dump(mode="json")
    assert response.json()["submitted_on"] == "2019-01-15"
    malformed = client.post("/plan", json=GROUP, params={"submitted_on": "15/01/2019"})
    assert malformed.status_code == 422
    assert malformed.json()["detail"][0]["loc"] == ["query", "submitted_on"]


def test_a_submission_before_a_childs_event_is_422_at_submitted_on(client: TestClient) -> None:
    """A `submitted_on` before a child's event is a 422 on that parameter naming the child and
    the field, never a plan under a form-grouping rule no notification of it could follow."""
    response = client.post("/plan", json=GROUP, params={"submitted_on": "2019-01-15"})
    (problem,) = _where_and_what(response)
    assert (problem["loc"], problem["type"]) == (
        ["query", "submitted_on"],
        "submitted_before_incident",
    )
    assert problem["msg"].startswith("incidents[0]: the date of submission (submitted_on) is ")
    assert "before event.date" in problem["msg"]
    assert "2019" not in response.text  # the date of submission given
    assert "2026" not in response.text  # the child's dates


def test_plan_invalid_child_is_422_naming_it_without_echoing(client: TestClient) -> None:
    """A bad value in one child's incident gives 422 with that child's path, and no values."""
    second = {**GROUP["incidents"][1], "abuse_or_neglect": "SECRET-VALUE-71"}
    body = {**GROUP, "incidents": [GROUP["incidents"][0], second]}
    response = client.post("/plan", json=body)
    assert _where_and_what(response)[0]["loc"] == ["body", "incidents", 1, "abuse_or_neglect"]
    assert "SECRET-VALUE-71" not in response.text
    assert GROUP["incidents"][0]["case_reference"] not in response.text


def test_plan_group_rule_broken_is_422_without_echoing(client: TestClient) -> None:
    """A group whose children do not share the notifying authority is refused, naming the child."""
    other = {**GROUP["incidents"][1], "notifying_authority": "E09000007"}
    body = {**GROUP, "incidents": [GROUP["incidents"][0], other]}
    response = client.post("/plan", json=body)
    assert response.status_code == 422
    assert "incidents[1].notifying_authority" in response.json()["detail"][0]["msg"]
    assert "E09000007" not in response.text


def test_plan_has_its_own_body_limit(client: TestClient) -> None:
    """A group larger than /decide's limit is planned; one over /plan's limit is 413."""
    children = [{**GROUP["incidents"][1], "case_reference": f"C-{number}"} for number in range(20)]
    body = {**GROUP, "incidents": children}
    assert 4096 < len(json.dumps(body)) < PLAN_LIMIT
    assert client.post("/plan", json=body).status_code == 200
    too_big = client.post(
        "/plan", content=b" " * (PLAN_LIMIT + 1), headers={"content-type": "application/json"}
    )
    assert too_big.status_code == 413


@pytest.mark.parametrize("path", ["/decide", "/plan"])
def test_today_before_the_incident_is_422_naming_the_parameter(
    client: TestClient, path: str
) -> None:
    """A `today` before the event is a 422 on the `today` parameter, never a meaningless status."""
    response = client.post(
        f"{path}?today=2026-11-01", json=incident() if path == "/decide" else GROUP
    )
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert (problem["loc"], problem["type"]) == (["query", "today"], "today_before_incident")
    assert "is before event.date" in problem["msg"]


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
@pytest.mark.parametrize("path", ["/decide", "/plan"])
def test_a_body_not_sent_as_json_is_415_saying_so(
    client: TestClient, path: str, content_type: str | None
) -> None:
    """A JSON body sent without a JSON content type is refused as 415 Unsupported Media Type with
    a message naming the header, not a 422 "Input should be a valid dictionary";
    `application/...+json` is JSON too."""
    body = json.dumps(incident() if path == "/decide" else GROUP)
    headers = {} if content_type is None else {"content-type": content_type}
    response = client.post(path, content=body, headers=headers)
    assert response.status_code == 415
    assert response.json()["detail"] == [
        {
            "loc": ["body"],
            "msg": "the body must be JSON sent with the header content-type: application/json",
            "type": "content_type",
        }
    ]
    suffixed = client.post(path, content=body, headers={"content-type": "application/ld+json"})
    assert suffixed.status_code == 200


@pytest.mark.parametrize("path", ["/decide", "/plan"])
def test_a_deadline_past_the_calendar_is_422_not_500(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    """With the clock at the calendar's last day, an incident whose deadline runs past the known
    bank holidays is a 422 saying so, not a 500 (incident dates are held to the real today, so
    no other day reaches it)."""
    last_day = datetime(2100, 12, 31, 12, tzinfo=UTC).timestamp()
    monkeypatch.setattr("safeguarding_notify.incident.time.time", lambda: last_day)
    late = incident(**CALENDAR_END)
    body = late if path == "/decide" else {**GROUP, "incidents": [late]}
    response = client.post(path, json=body, params={"today": "2100-12-31"})
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["type"] == "outside_calendar"
    assert "a deadline running into 2101 is outside the years" in problem["msg"]


@pytest.mark.parametrize("submitted_on", ["9999-12-31", "2101-01-01"])
def test_a_submission_beyond_the_calendar_is_422_naming_it(
    client: TestClient, submitted_on: str
) -> None:
    """POST /plan?submitted_on= beyond the known bank holidays is a 422 on `submitted_on`, as
    `today` is refused, without repeating the date; no plan is made."""
    response = client.post("/plan", json=GROUP, params={"submitted_on": submitted_on})
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["query", "submitted_on"]
    assert problem["msg"].startswith(
        "submitted_on is outside the years whose bank holidays in England are known"
    )
    assert submitted_on not in response.text


def test_one_incident_posted_to_plan_is_said_to_be_one(client: TestClient) -> None:
    """POST /plan with one incident's body gives, first among the group's problems, the hint the
    command line and `plan_notifications` give: it is one incident, not a group."""
    response = client.post("/plan", json=incident())
    assert response.status_code == 422
    first, *others = response.json()["detail"]
    assert first == {
        "loc": ["body"],
        "msg": "this is one incident, not a group: a group holds its incidents in a list, "
        "under incidents",
        "type": "one_incident_not_a_group",
    }
    assert {"loc": ["body", "incidents"], "msg": "Field required", "type": "missing"} in others
    group_missing_one = client.post("/plan", json={**GROUP, "incidents": []})
    assert "one_incident_not_a_group" not in group_missing_one.text
