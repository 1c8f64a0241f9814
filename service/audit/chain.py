"""Hashing and verification of the audit chain.

Each event's hash is SHA-256 over the canonical JSON (sorted keys, UTF-8, no whitespace) of
the event's fields plus ``prev_hash``. Editing, deleting or reordering any row breaks either
its own hash, the link to its predecessor, or the sequence, and :func:`verify_events` names the
first ``seq`` where that happens.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64
HASHED_FIELDS = ("seq", "at", "actor", "action", "subject", "before", "after", "request_id")


def canonical_time(at: datetime) -> str:
    """ISO 8601 in UTC with microseconds: identical on SQLite and PostgreSQL round trips."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def canonical_json(value: Any) -> bytes:
    """Sorted keys, compact separators, UTF-8: one byte string per logical value."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode("utf-8")


def event_hash(fields: Mapping[str, Any], prev_hash: str) -> str:
    """Hash of one event given its fields (``HASHED_FIELDS``) and its predecessor's hash."""
    body = {name: fields.get(name) for name in HASHED_FIELDS}
    at = body["at"]
    if isinstance(at, datetime):
        body["at"] = canonical_time(at)
    body["prev_hash"] = prev_hash
    return hashlib.sha256(canonical_json(body)).hexdigest()


@dataclass(frozen=True)
class VerifyResult:
    """Outcome of a chain check; ``first_broken_seq`` is None when intact."""

    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str | None = None
    head_seq: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "checked": self.checked,
            "first_broken_seq": self.first_broken_seq,
            "reason": self.reason,
            "head_seq": self.head_seq,
        }


def verify_events(
    events: Iterable[Mapping[str, Any]], head: tuple[int, str] | None = None
) -> VerifyResult:
    """Recompute the chain over events in ``seq`` order; compare with the head row if given."""
    expected_seq = 1
    prev = GENESIS_HASH
    checked = 0
    for ev in events:
        seq = int(ev["seq"])
        if seq != expected_seq:
            return VerifyResult(
                False, checked, min(seq, expected_seq), f"expected seq {expected_seq}, found {seq}"
            )
        if ev["prev_hash"] != prev:
            return VerifyResult(False, checked, seq, "prev_hash does not match the previous event")
        if event_hash(ev, prev) != ev["hash"]:
            return VerifyResult(False, checked, seq, "hash does not match the event's content")
        prev = ev["hash"]
        expected_seq += 1
        checked += 1
    last_seq = expected_seq - 1
    if head is not None:
        head_seq, head_hash = head
        if head_seq != last_seq or (last_seq > 0 and head_hash != prev):
            return VerifyResult(
                False,
                checked,
                last_seq + 1 if head_seq > last_seq else head_seq,
                f"chain ends at seq {last_seq} but the head records seq {head_seq}",
                head_seq,
            )
    return VerifyResult(True, checked, None, None, last_seq)
