"""The `/_demo/*` control endpoints, served on every port without auth (the server binds loopback only)."""

from __future__ import annotations

import json
from datetime import datetime

from demo.server.api import Response
from demo.server.faults import FaultRuleError
from demo.server.state import SharedState, iso_utc

PREFIX = "/_demo/"


def handle_control(state: SharedState, method: str, path: str, body: bytes) -> Response:
    try:
        payload = json.loads(body) if body.strip() else None
    except ValueError:
        return _error("the body is not JSON")
    endpoint = path[len(PREFIX):].strip("/")
    if endpoint == "clock" and method == "GET":
        return _clock(state)
    if endpoint == "clock" and method == "POST":
        return _move_clock(state, payload)
    if endpoint == "faults" and method == "PUT":
        try:
            state.faults.replace(payload)
        except FaultRuleError as error:
            return _error(str(error))
        return Response.json(200, {"faults": state.faults.rules()})
    if endpoint == "faults" and method == "DELETE":
        state.faults.replace([])
        return Response.json(200, {"faults": []})
    if endpoint == "faults" and method == "GET":
        return Response.json(200, {"faults": state.faults.rules()})
    if endpoint == "stats" and method == "GET":
        return Response.json(200, state.stats())
    return Response.json(404, {"error": f"no control endpoint {method} {path}"})


def _move_clock(state: SharedState, payload) -> Response:
    if not isinstance(payload, dict) or len(payload.keys() & {"now", "advance_days"}) != 1:
        return _error('send {"now": ISO timestamp} or {"advance_days": number}')
    if "now" in payload:
        try:
            state.set_clock(datetime.fromisoformat(str(payload["now"])))
        except ValueError:
            return _error(f"now: not an ISO timestamp: {payload['now']!r}")
    else:
        days = payload["advance_days"]
        if isinstance(days, bool) or not isinstance(days, (int, float)):
            return _error("advance_days must be a number")
        state.advance(days)
    return _clock(state)


def _clock(state: SharedState) -> Response:
    return Response.json(200, {"now": iso_utc(state.clock)})


def _error(message: str) -> Response:
    return Response.json(400, {"error": message})
