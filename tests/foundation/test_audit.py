"""Audit chain: appends link up, verification names the first broken seq after tampering,
and on PostgreSQL the table refuses UPDATE and DELETE."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from service.audit.chain import GENESIS_HASH, event_hash
from service.audit.service import append_event, list_events, verify_chain


def _append_n(factory: sessionmaker[Session], n: int) -> None:
    for i in range(n):
        with factory() as session:
            append_event(session, actor="test", action="thing.changed", subject=f"thing:{i}",
                         before={"v": i}, after={"v": i + 1, "note": "é ünïcode"})
            session.commit()


def _tamper(factory: sessionmaker[Session], sql: str, **params: object) -> None:
    """Change the table behind the application's back (as a DBA could, bypassing triggers)."""
    with factory() as session:
        if session.bind.dialect.name == "postgresql":  # type: ignore[union-attr]
            session.execute(text("SET session_replication_role = replica"))
        session.execute(text(sql), params)
        session.commit()


def test_chain_links_and_verifies(factory: sessionmaker[Session]) -> None:
    _append_n(factory, 5)
    with factory() as session:
        events, _ = list_events(session, limit=10)
        assert [e["seq"] for e in events] == [1, 2, 3, 4, 5]
        assert events[0]["prev_hash"] == GENESIS_HASH
        for prev, ev in itertools.pairwise(events):
            assert ev["prev_hash"] == prev["hash"]
        assert event_hash(events[2], events[1]["hash"]) == events[2]["hash"]
        result = verify_chain(session)
    assert result.ok and result.checked == 5 and result.first_broken_seq is None


def test_event_rolls_back_with_its_change(factory: sessionmaker[Session]) -> None:
    _append_n(factory, 1)
    with factory() as session:
        append_event(session, actor="t", action="a", subject="s")
        session.rollback()
    with factory() as session:
        events, _ = list_events(session)
        assert len(events) == 1
        assert verify_chain(session).ok


@pytest.mark.parametrize(
    ("sql", "broken"),
    [
        ("UPDATE audit_events SET actor = 'mallory' WHERE seq = 3", 3),
        ("UPDATE audit_events SET after = NULL WHERE seq = 2", 2),
        ("DELETE FROM audit_events WHERE seq = 3", 3),
        ("DELETE FROM audit_events WHERE seq = 5", 5),
    ],
    ids=["edit-actor", "edit-payload", "delete-middle", "delete-last"],
)
def test_tampering_is_detected(factory: sessionmaker[Session], sql: str, broken: int) -> None:
    _append_n(factory, 5)
    _tamper(factory, sql)
    with factory() as session:
        result = verify_chain(session)
    assert not result.ok
    assert result.first_broken_seq == broken


def test_reordering_is_detected(factory: sessionmaker[Session]) -> None:
    _append_n(factory, 4)
    # Swap the contents of seq 2 and 3 (keeping their own hashes): a reordering.
    _tamper(factory, "UPDATE audit_events SET seq = 100 WHERE seq = 2")
    _tamper(factory, "UPDATE audit_events SET seq = 2 WHERE seq = 3")
    _tamper(factory, "UPDATE audit_events SET seq = 3 WHERE seq = 100")
    with factory() as session:
        result = verify_chain(session)
    assert not result.ok and result.first_broken_seq == 2


def test_postgres_trigger_rejects_update_and_delete(pg_url: str) -> None:
    from service.db import make_engine, make_sessionmaker

    engine = make_engine(pg_url, pool_size=2)
    factory = make_sessionmaker(engine)
    _append_n(factory, 2)
    for sql in ("UPDATE audit_events SET actor = 'x'", "DELETE FROM audit_events"):
        with factory() as session, pytest.raises(DBAPIError, match="append-only"):
            session.execute(text(sql))
            session.commit()
    with factory() as session:
        assert verify_chain(session).ok
    engine.dispose()


def test_batched_appends_chain_like_single_ones_and_verify(factory: sessionmaker[Session]) -> None:
    """``append_events`` (one INSERT for many events) continues the same chain as
    ``append_event``, interleaved in one transaction, and verification accepts the result."""
    from service.audit.service import EventSpec, append_events

    _append_n(factory, 2)
    with factory() as session:
        assert append_events(session, actor="test", events=[
            EventSpec("thing.created", f"thing:b{i}", after={"v": i, "note": "é"}) for i in range(3)
        ]) == 3
        append_event(session, actor="test", action="thing.changed", subject="thing:after")
        assert append_events(session, actor="test", events=[]) == 0
        session.commit()
    with factory() as session:
        events, _ = list_events(session, limit=10)
        assert [(e["seq"], e["subject"]) for e in events] == [
            (1, "thing:0"), (2, "thing:1"), (3, "thing:b0"), (4, "thing:b1"), (5, "thing:b2"),
            (6, "thing:after")]
        assert events[3]["after"] == {"v": 1, "note": "é"}
        for prev, ev in itertools.pairwise(events):
            assert ev["prev_hash"] == prev["hash"]
        result = verify_chain(session)
        assert result.ok and result.head_seq == 6
