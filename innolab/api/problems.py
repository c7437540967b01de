"""Errors of the JSON API as RFC 9457 problem details (application/problem+json)."""
from __future__ import annotations

import json

from flask import Response
from werkzeug.http import HTTP_STATUS_CODES


class InvalidParams(Exception):
    """Query parameters the API cannot use; each pair is (parameter, reason)."""

    def __init__(self, params: list[tuple[str, str]]):
        super().__init__(", ".join(name for name, _ in params))
        self.params = params


def problem(status: int, detail: str | None = None, **extra) -> Response:
    body = {"type": "about:blank", "title": HTTP_STATUS_CODES.get(status, "Error"), "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/problem+json")
