"""Refuse text containing U+0000 (NUL) before it reaches a handler: PostgreSQL can store it
neither in ``text`` nor in ``jsonb``, so a NUL in a JSON body, query string or path would
otherwise fail deep inside a write with a 500 (schemathesis found this), and on SQLite the same
request would succeed. One 422 on both databases instead.

Only JSON bodies are buffered and scanned (documents arrive as files and lose control
characters when parsed); the scan is one regex pass, about a millisecond for a 10,000-entry
timesheet batch.
"""

from __future__ import annotations

import json
import re

from starlette.types import ASGIApp, Receive, Scope, Send

from service.asgi_replay import replay, replay_body
from service.errors import PROBLEM_BASE, PROBLEM_MEDIA_TYPE

# "\u0000" in JSON text, not preceded by an escaping backslash ("\\u0000" is the text \u0000)
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class NulGuardMiddleware:
    """Pure ASGI: a 422 ``invalid-characters`` problem for NUL in the URL or a JSON body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        url = scope.get("raw_path", b"") + b"?" + scope.get("query_string", b"")
        if b"%00" in url or b"\x00" in url:
            await _refuse(scope, send, "the URL contains a NUL character (%00)")
            return
        content_type = dict(scope["headers"]).get(b"content-type", b"")
        if scope["method"] not in _BODY_METHODS or b"json" not in content_type.lower():
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # client went away
                await self.app(scope, replay(message, receive), send)
                return
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if b"\\u0000" in body and _JSON_NUL.search(body):
            await _refuse(scope, send, "a string in the request contains a NUL character (\\u0000)")
            return
        await self.app(scope, replay_body(body, receive), send)


async def _refuse(scope: Scope, send: Send, detail: str) -> None:
    body = json.dumps({
        "type": PROBLEM_BASE + "invalid-characters",
        "title": "Invalid characters",
        "status": 422,
        "detail": detail,
        "instance": scope.get("path", ""),
    }).encode()
    await send({"type": "http.response.start", "status": 422, "headers": [
        (b"content-type", PROBLEM_MEDIA_TYPE.encode()), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
