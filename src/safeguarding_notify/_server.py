"""The HTTP service (optional extra `[server]`): FastAPI routes over the same models.

    POST /decide   an Incident in, a Decision out (?today=YYYY-MM-DD: decided as of that date)
    POST /plan     an IncidentGroup in, a NotificationPlan out (forms for several children;
                   ?today= and ?submitted_on=, as the command's --today and --submitted-on)
    GET  /rules    the rule catalogue
    GET  /health   liveness, with the library and rules versions
    GET  /openapi.json  the OpenAPI document (no /docs or /redoc: they load scripts from a CDN)

Every route refuses a query parameter it does not take (/rules and /openapi.json take none),
but /health, which reads no input, ignores any: a monitor's cache-busting `?_=...` must not fail
it. Every route that answers GET answers HEAD too: GET's status and headers, no body.

Privacy and safety, each enforced here rather than left to deployment:
* bodies over `max_body_bytes` (for /plan, `max_plan_body_bytes`: a group holds up to 100
  incidents) get 413 before any parsing (the declared length is checked first, then the bytes
  actually received);
* validation errors are 422 naming the field, never echoing a value;
* nothing personal is logged: uvicorn's access log is replaced by one line per request with the
  method (a standard one, else "(other)"), the route (its template, never the path as sent), the
  status and the time taken;
  failures are logged by exception type only, because messages and tracebacks can carry input
  values;
* any failure is a 500 with a generic message: never a decision, never a partial one.
"""

# No `from __future__ import annotations`: FastAPI reads the routes' annotations at run time.

import json
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine, Mapping, MutableMapping, Sequence
from datetime import date
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import AfterValidator, BaseModel
from starlette.routing import BaseRoute, Match, Route

from ._calendar import OUTSIDE_CALENDAR, countable
from ._catalogue import RuleCatalogue, rule_catalogue
from ._decide import Decider, default_decider
from ._jsontext import NotJsonError, json_of
from ._plan import plan_with
from ._validation import (
    ONE_INCIDENT_NOT_A_GROUP,
    one_incident_for_a_group,
    shown_key,
    shown_message,
    shown_path,
)
from ._version import __version__
from .decision import Decision
from .errors import DecisionDateError, OutsideCalendarError, RulesNotInForceError
from .group import IncidentGroup
from .incident import Incident, IsoDate
from .plan import NotificationPlan

__all__ = ["MAX_BODY_BYTES", "MAX_PLAN_BODY_BYTES", "create_app", "log_config"]

MAX_BODY_BYTES = 64 * 1024  # an incident is well under 2 KiB
# A group of the largest size allowed (100 incidents, every field filled, indented) is about
# 100 KiB; this leaves room for whitespace without allowing unbounded bodies.
MAX_PLAN_BODY_BYTES = 256 * 1024
_PLAN_PATH = "/plan"
LOGGER = "safeguarding_notify.http"
_log = logging.getLogger(LOGGER)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class Problem(BaseModel):
    """An error without a decision."""

    detail: str


class Health(BaseModel):
    """The service is up, with the versions it decides by."""

    status: str
    version: str
    rules_version: str


# The body of a 422, FastAPI's own schema (declared by every route with parameters or a body),
# for the other refusals shaped as one.
_AS_A_422 = {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "The content-length header is not a number."},
    413: {"model": Problem, "description": "Request body too large."},
    # Not a `Problem`: its `detail` is a 422's list (it had no schema at all).
    415: {
        "description": "The body was not sent with a JSON content type; `detail` is shaped as "
        "a 422's, at `body`.",
        "content": _AS_A_422,
    },
    500: {"model": Problem, "description": "Internal error; no decision was made."},
}
# A route without parameters refuses any query parameter, as a 422 shaped as FastAPI's own
# (which its OpenAPI document declares only for routes with parameters or a body).
_QUERY_ERRORS: dict[int | str, dict[str, Any]] = {
    422: {
        "description": "A query parameter was given; this route takes none.",
        "content": _AS_A_422,
    },
}
_INTERNAL_ERROR = "internal error: no decision was made"
_UNKNOWN_PATH = "(unknown path)"
# The methods of RFC 9110 (section 9) and PATCH (RFC 5789): any other is logged as `_OTHER_METHOD`,
# never as sent (a client can send any token there, personal text included).
_METHODS = frozenset(
    {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"}
)
_OTHER_METHOD = "(other)"


def _within_calendar(name: str) -> AfterValidator:
    """A query date's check that working days can be counted against it, refused here as a 422
    naming the parameter rather than failing inside the decision (a `submitted_on` of 9999-12-31
    planned by the rule "in force" then: review s27, B1); the date is not repeated, as no
    submitted value is."""

    def countable_query(day: date) -> date:
        try:
            return countable(day, name)
        except OutsideCalendarError:
            raise ValueError(f"{name} {OUTSIDE_CALENDAR}") from None

    return AfterValidator(countable_query)


# The query parameters, read as the command line reads --today and --submitted-on: a calendar
# date written YYYY-MM-DD, never a timestamp.
Today = Annotated[
    Annotated[IsoDate, _within_calendar("today")] | None,
    Query(
        description="The date to decide against: each obligation's status is taken on it, and "
        "it selects the rules when the incident has no date (default: today in England).",
        examples=["2026-11-30"],
    ),
]
SubmittedOn = Annotated[
    Annotated[IsoDate, _within_calendar("submitted_on")] | None,
    Query(
        description="The date of submission, which chooses the form-grouping rule (default: "
        "today); it may be later than today, for a form to be submitted later.",
        examples=["2026-11-30"],
    ),
]


class _Unreadable(json.JSONDecodeError):
    """A body that is not one JSON value, with the command line's reason (FastAPI makes a
    JSONDecodeError a 422; any other error reading a body is a 400 that does not say why)."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem, "", 0)


class _Request(Request):
    """A request whose JSON body is read as every other door reads JSON, refused for the same
    reasons in the same words: an object naming a key twice (Starlette would keep the last value
    silently), nesting too deep or a number too long for Python's json, bytes that are not text.
    """

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            try:
                # UTF-8 only, as the command line reads files: JSON sent between systems must be
                # UTF-8 (RFC 8259, 8.1). json.loads would also take UTF-16 and -32, and lone
                # surrogates, which the command line refuses. A leading BOM is ignored by both.
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                raise _Unreadable("not UTF-8 text") from None
            try:
                self._json = json_of(text)
            except NotJsonError as error:
                raise _Unreadable(error.located()) from None
        return self._json


# The problem added where the body given as an incident group is one incident (review s27, C8).
_ONE_INCIDENT = {
    "type": "one_incident_not_a_group",
    "loc": ("body",),
    "msg": ONE_INCIDENT_NOT_A_GROUP,
    "input": None,
}

# Routes reading no input, whose query is ignored: uptime monitors and proxies add cache-busting
# parameters (`?_=1700000000`), and a 422 would mark a healthy service down.
_IGNORES_QUERY = frozenset({"/health"})


class _Route(APIRoute):
    """FastAPI's route, handing its endpoint a `_Request` (FastAPI's documented way to change
    how a body is read). Every route refuses a query parameter it does not know, or one given
    twice, as the body refuses unknown fields: FastAPI would ignore `?todya=` and keep the last
    of two `?today=`, deciding as of a date nobody asked for, and `GET /rules?today=` answered
    with today's catalogue as if the date had been read. A route with a body also refuses one not
    sent as JSON. Only /health ignores its query (`_IGNORES_QUERY`).
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        known = {field.alias for field in self.dependant.query_params}
        has_body = self.body_field is not None
        checks_query = self.path not in _IGNORES_QUERY
        groups = self.path == _PLAN_PATH  # the route reading an incident group

        async def read_strictly(request: Request) -> Response:
            if checks_query:
                _check_query(request, known)
            if has_body:
                _check_json_sent(request)
            strict = _Request(request.scope, request.receive)
            try:
                return await handler(strict)
            except RequestValidationError as error:
                if groups and one_incident_for_a_group(getattr(strict, "_json", None)):
                    # First, as the problem to read first (a 422 lists at most 50).
                    raise RequestValidationError([_ONE_INCIDENT, *error.errors()]) from None
                raise

        return read_strictly


def _refuse_query_on_openapi(app: FastAPI) -> None:
    """/openapi.json, a Starlette route FastAPI adds itself (not a `_Route`), refuses a query
    parameter as /rules does: it answered `?x=1` with 200 where the service says every route
    but /health refuses one."""
    for route in app.router.routes:
        if isinstance(route, Route) and route.path == app.openapi_url:
            route.app = _refusing_query(route.app)


def _refusing_query(serve: ASGIApp) -> ASGIApp:
    """`serve`, refusing any query parameter first (a 422, by the app's handler)."""

    async def checked(scope: Scope, receive: Receive, send: Send) -> None:
        _check_query(Request(scope), set())
        await serve(scope, receive, send)

    return checked


def _check_json_sent(request: Request) -> None:
    # FastAPI reads a body as JSON only when its content type says so (application/json or
    # application/...+json); any other body reaches the model as text, and the 422 said
    # "Input should be a valid dictionary", nothing about the header.
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    ):
        return
    message = "the body must be JSON sent with the header content-type: application/json"
    raise RequestValidationError(
        [{"type": "content_type", "loc": ("body",), "msg": message, "input": None}]
    )


def _check_query(request: Request, known: set[str]) -> None:
    names = [name for name, _ in request.query_params.multi_items()]
    for name in names:
        if name not in known:
            problem = ("extra_forbidden", "Extra inputs are not permitted")
        elif names.count(name) > 1:
            problem = ("repeated", "given more than once")
        else:
            continue
        kind, message = problem
        loc = ("query", shown_key(name))  # an unknown name is shown only if it looks like one
        raise RequestValidationError([{"type": kind, "loc": loc, "msg": message, "input": None}])


def create_app(
    decider: Decider | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
    max_plan_body_bytes: int = MAX_PLAN_BODY_BYTES,
) -> FastAPI:
    """The service; `decider` (default: the shipped rules) decides every child, on both routes."""
    chosen = decider or default_decider()
    app = FastAPI(
        title="safeguarding-notify",
        version=__version__,
        description="Decide whether an English local authority must notify the Child "
        "Safeguarding Practice Review Panel, what else it owes, by when and why. It records "
        "the practitioner's judgements and applies the rules to them; it does not make them.",
        # No Swagger UI (/docs) or ReDoc (/redoc): their pages load scripts and styles from a
        # third-party CDN, which an authority's network policy may forbid, and neither was
        # documented. /openapi.json, documented, stays for a viewer of the caller's own.
        docs_url=None,
        redoc_url=None,
    )

    app.router.route_class = _Route  # before any route is added
    _refuse_query_on_openapi(app)

    @app.get("/health", response_model=Health)
    def health() -> Health:
        return Health(status="ok", version=__version__, rules_version=chosen.rules_version)

    @app.get("/rules", response_model=RuleCatalogue, responses=_QUERY_ERRORS)
    def rules() -> RuleCatalogue:
        return rule_catalogue(chosen.book)

    @app.post("/decide", response_model=Decision, summary="Decide one incident", responses=_ERRORS)
    def decide(incident: Incident, today: Today = None) -> Decision:
        return chosen.decide(incident, today)

    @app.post(
        _PLAN_PATH,
        response_model=NotificationPlan,
        summary="Plan the notifications for an incident with several children",
        responses=_ERRORS,
    )
    def plan(
        group: IncidentGroup, today: Today = None, submitted_on: SubmittedOn = None
    ) -> NotificationPlan:
        # By the same decider as /decide.
        return plan_with(chosen, group, submitted_on, today)

    app.add_exception_handler(RequestValidationError, _invalid)  # type: ignore[arg-type]
    app.add_exception_handler(RulesNotInForceError, _not_in_force)  # type: ignore[arg-type]
    app.add_exception_handler(DecisionDateError, _date_too_early)  # type: ignore[arg-type]
    app.add_exception_handler(OutsideCalendarError, _outside_calendar)  # type: ignore[arg-type]
    # Added last, so outermost: the limit applies before anything reads the body.
    app.add_middleware(_Guard)
    app.add_middleware(
        _BodyLimit, max_bytes=max_body_bytes, by_path={_PLAN_PATH: max_plan_body_bytes}
    )
    app.add_middleware(_HeadAsGet, routes=app.router.routes)
    app.add_middleware(_AccessLog, routes=app.router.routes)
    return app


# The problems a refusal lists at most: a body of thousands of unknown keys gave a 422 eleven
# times its size, one entry a key (a caller logging `detail` logged them all).
MAX_PROBLEMS = 50


async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
    problems = error.errors()
    detail = [_where_and_what(problem) for problem in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        detail.append({"loc": ["body"], "msg": f"and {more} more problems", "type": "more"})
    # A body in a format the route does not take is 415 Unsupported Media Type (RFC 9110,
    # 15.5.16): the request's form, not a field, is wrong. The detail keeps a 422's shape.
    media = [problem["type"] for problem in detail] == ["content_type"]
    return JSONResponse(status_code=415 if media else 422, content={"detail": detail})


def _where_and_what(problem: Mapping[str, Any]) -> dict[str, Any]:
    # Only where and what: pydantic's `input` and `ctx` can carry the submitted values, and its
    # `loc` and `msg` can carry a key or a union tag the user typed; they are shown as the
    # command line shows them.
    if problem["type"] == "json_invalid":
        # FastAPI says only "JSON decode error", at a character offset (not a field); the reason
        # `_Unreadable` gives (never the body, the position in the command line's words) is all.
        reason = problem.get("ctx", {}).get("error", "not valid JSON")
        return {"loc": ["body"], "msg": reason, "type": "json_invalid"}
    return {
        "loc": shown_path(problem["loc"]),
        "msg": shown_message(problem),
        "type": problem["type"],
    }


_CHOSEN_BY = (
    "became_aware_on (or a later abuse_or_neglect_suspected_on), else event.date, else today"
)


async def _not_in_force(request: Request, error: RulesNotInForceError) -> JSONResponse:
    # Located at the input whose date chose the rules (for /plan, in the child whose dates they
    # are), or at the query option; the message names it, and no date (nothing submitted, and
    # nothing a reader could take for it).
    child: list[str | int] = [] if error.child is None else ["incidents", error.child]
    loc: list[str | int]
    # The plan's form-grouping rule (the route as declared: the path as sent carries any prefix
    # the service is mounted under).
    grouping = not child and getattr(request.scope.get("route"), "path", None) == _PLAN_PATH
    if error.field:
        loc = ["body", *child, *error.field.split(".")]
        message = f"no encoded rules cover the date given by {error.field}, which chose the rules"
    elif error.option and grouping:
        loc = ["query", error.option]
        message = "no encoded form-grouping rule covers the date of submission" + (
            " (submitted_on)"
            if error.option == "submitted_on"
            else " (submitted_on not given: today)"
        )
    elif error.option:
        loc = ["query", error.option]
        message = (
            f"no encoded rules cover the date decided against ({error.option}), which chose the "
            "rules as neither the awareness nor the event date is recorded"
        )
    else:  # not expected: refused all the same, located at the body
        loc = ["body", *child]
        message = f"no encoded rules cover the date that selects them: {_CHOSEN_BY}"
    detail = [{"loc": loc, "msg": message, "type": "rules_not_in_force"}]
    return JSONResponse(status_code=422, content={"detail": detail})


async def _date_too_early(request: Request, error: DecisionDateError) -> JSONResponse:
    # The message names only input paths (and, for /plan, the child's index): no value is shown.
    # The option at fault is `today`, or on /plan the date of submission.
    kind = (
        "submitted_before_incident" if error.option == "submitted_on" else "today_before_incident"
    )
    detail = [{"loc": ["query", error.option], "msg": str(error), "type": kind}]
    return JSONResponse(status_code=422, content={"detail": detail})


async def _outside_calendar(request: Request, error: OutsideCalendarError) -> JSONResponse:
    # A deadline running past the known bank holidays: `today` and `submitted_on` are held to
    # them as query parameters, and an incident's dates to today, so only a clock or `?today=`
    # in the last weeks of 2100 reaches this (a deadline counted from it, the rapid review's
    # say); refused as the command line refuses it, not a 500. The message names the year the
    # count ran into, no submitted value.
    detail = [{"loc": ["body"], "msg": str(error), "type": "outside_calendar"}]
    return JSONResponse(status_code=422, content={"detail": detail})


async def _send_problem(send: Send, status: int, detail: str) -> None:
    body = Problem(detail=detail).model_dump_json().encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class _BodyLimit:
    """413 for a body over the limit, checked on the declared length and on the bytes received.

    `by_path` gives some paths a limit of their own (exact path match); others get `max_bytes`.
    """

    def __init__(
        self, app: ASGIApp, max_bytes: int, by_path: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.by_path = dict(by_path or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.by_path.get(scope["path"], self.max_bytes)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and not declared.isdigit():
            # A length that is no number is a malformed request (RFC 9110, 8.6), not a large one.
            # (uvicorn's parser refuses it first; another server may pass it on.)
            await _send_problem(send, 400, "the content-length header is not a number")
            return
        if declared is not None and int(declared) > limit:
            await _send_problem(send, 413, f"request body over {limit} bytes")
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                # FastAPI passes HTTPExceptions raised while reading the body through unchanged.
                raise HTTPException(413, f"request body over {limit} bytes")
            return message

        await self.app(scope, limited, send)


class _Guard:
    """Any exception becomes a generic 500, logged by type only (its text may hold input)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as error:
            _log.error("request failed: %s (details withheld)", type(error).__name__)
            if scope["type"] == "http" and not started:
                await _send_problem(send, 500, _INTERNAL_ERROR)


class _RouteAware:
    """A middleware that knows the app's routes: the app's own list, so routes added later are
    known too."""

    def __init__(self, app: ASGIApp, routes: Sequence[BaseRoute]) -> None:
        self.app = app
        self.routes = routes

    def _matched(self, scope: Scope, at_least: Match) -> Route | None:
        """The first route matching the request at least so well (`Match.PARTIAL`: its path,
        another method; `Match.FULL`: its path and method)."""
        for route in self.routes:
            if isinstance(route, Route) and route.matches(scope)[0].value >= at_least.value:
                return route
        return None


class _HeadAsGet(_RouteAware):
    """HEAD is answered as GET without the body (RFC 9110, 9.3.2) on every route that answers GET.

    FastAPI's routes answered HEAD with 405 while /openapi.json, Starlette's own, answered 200;
    probes ask HEAD of /health, and a client may of /rules. GET's headers (its type and length,
    which some probes check) are kept; the body is dropped here rather than left to the server.
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] != "HEAD":
            # Another method's 405 names the methods allowed: HEAD among them where GET is
            # (review s26, C2). Read from the 405 itself: no route is matched on every request.
            await self.app(scope, receive, _allowing_head(send))
            return
        as_get = {**scope, "method": "GET"}
        if self._matched(as_get, Match.FULL) is None:
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app(as_get, receive, without_body)


def _allowing_head(send: Send) -> Send:
    """`send`, with HEAD added to the methods a 405 allows where GET is among them."""

    async def allowing(message: Message) -> None:
        if message["type"] == "http.response.start" and message["status"] == 405:
            message = {
                **message,
                "headers": [
                    (name, value + b", HEAD")
                    if name.lower() == b"allow" and b"GET" in value and b"HEAD" not in value
                    else (name, value)
                    for name, value in message.get("headers", [])
                ],
            }
        await send(message)

    return allowing


class _AccessLog(_RouteAware):
    """One line per request: method, route, status, milliseconds.

    The route is logged as declared ("/decide"), never the path as sent: a client chooses that
    text, which can hold personal data or a newline forging a log line of its own. So is the
    method: a standard one is logged, any other as "(other)".
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        began = time.perf_counter()
        route = self._route(scope)
        status = 500

        async def watched(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watched)
        finally:
            elapsed = (time.perf_counter() - began) * 1000
            method = scope["method"] if scope["method"] in _METHODS else _OTHER_METHOD
            _log.info("%s %s %d %.1fms", method, route, status, elapsed)

    def _route(self, scope: Scope) -> str:
        # A partial match (the path of a route, another method) is that route: it answers 405.
        route = self._matched(scope, Match.PARTIAL)
        return route.path if route else _UNKNOWN_PATH


def log_config() -> dict[str, Any]:
    """uvicorn's logging with its access log left out and this service's own request log added."""
    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = {**LOGGING_CONFIG, "loggers": dict(LOGGING_CONFIG["loggers"])}
    config["loggers"].pop("uvicorn.access", None)
    config["loggers"][LOGGER] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config
