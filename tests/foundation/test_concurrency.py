"""Race-freedom: concurrent claimers never share an item, concurrent writers never fork the
audit chain. Run on both databases; PostgreSQL uses FOR UPDATE SKIP LOCKED."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from service.audit.service import verify_chain
from service.review import service as review
from tests.conftest import KeyMaker

CLAIMERS = 8
ITEMS = 40


def _seed(factory: sessionmaker[Session], make_key: KeyMaker, n: int) -> list[str]:
    submitter, _ = make_key("workflow")
    ids = []
    with factory() as session:
        for i in range(n):
            item = review.create_item(session, submitter=submitter, kind="timesheet_anomaly",
                                      payload={"i": i}, source_type="timesheet_batch", source_id="b",
                                      score=(i % 10) / 10)
            ids.append(item.id)
        session.commit()
    return ids


def test_concurrent_claimers_never_share_an_item(factory: sessionmaker[Session], make_key: KeyMaker) -> None:
    ids = _seed(factory, make_key, ITEMS)
    reviewers = [make_key("reviewer")[0] for _ in range(CLAIMERS)]
    barrier = threading.Barrier(CLAIMERS)
    claims: list[tuple[str, str]] = []
    lock = threading.Lock()

    def worker(idx: int) -> None:
        barrier.wait()
        while True:
            with factory() as session:
                item = review.claim_next(session, reviewers[idx], lease=timedelta(minutes=15))
                if item is None:
                    session.rollback()
                    return
                session.commit()
                with lock:
                    claims.append((item.id, reviewers[idx].id))

    with ThreadPoolExecutor(CLAIMERS) as pool:
        list(pool.map(worker, range(CLAIMERS)))
    counts = Counter(item_id for item_id, _ in claims)
    assert sorted(counts) == sorted(ids)
    assert max(counts.values()) == 1, "an item was claimed twice"
    if factory.kw["bind"].dialect.name == "postgresql":  # SQLite may hand the lock to one thread
        assert len({who for _, who in claims}) > 1, "only one claimer got work"
    with factory() as session:
        result = verify_chain(session)
    assert result.ok and result.checked == ITEMS + ITEMS + CLAIMERS + 1  # created, claimed, keys


def test_concurrent_decisions_keep_one_chain(factory: sessionmaker[Session], make_key: KeyMaker) -> None:
    ids = _seed(factory, make_key, 24)
    reviewers = [make_key("reviewer")[0] for _ in range(CLAIMERS)]
    with factory() as session:  # each reviewer holds three items
        for i, item_id in enumerate(ids):
            review.claim(session, item_id, reviewers[i % CLAIMERS], lease=timedelta(minutes=15))
        session.commit()
    barrier = threading.Barrier(CLAIMERS)

    def worker(idx: int) -> int:
        barrier.wait()
        done = 0
        for i, item_id in enumerate(ids):
            if i % CLAIMERS != idx:
                continue
            with factory() as session:
                review.decide(session, item_id, reviewers[idx], decision="accept", reason="ok")
                session.commit()
                done += 1
        return done

    with ThreadPoolExecutor(CLAIMERS) as pool:
        assert sum(pool.map(worker, range(CLAIMERS))) == len(ids)
    with factory() as session:
        result = verify_chain(session)
        events, _ = review_events(session)
    assert result.ok, result
    assert events.count("review_item.decided") == len(ids)


def review_events(session: Session) -> tuple[list[str], int]:
    from service.audit.service import list_events

    events, _ = list_events(session, limit=1000)
    return [e["action"] for e in events], len(events)
