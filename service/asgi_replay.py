"""Hand a request body that middleware already read back to the app.

The NUL guard and the idempotency middleware both have to see a whole body before the app
does; this is the one ``receive`` that gives the app what was read, then defers to the server.
"""

from __future__ import annotations

from starlette.types import Message, Receive


def replay(first: Message, receive: Receive) -> Receive:
    """A ``receive`` that returns ``first`` once, then whatever ``receive`` gives."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return first
        return await receive()

    return replayed


def replay_body(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the already-read ``body`` to the app in one message."""
    return replay({"type": "http.request", "body": body, "more_body": False}, receive)
