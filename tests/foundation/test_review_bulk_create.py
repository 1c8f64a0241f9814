"""Queuing many suggestions at once (``create_items``, one INSERT for the items and one for
their audit events) gives the same items and events as queuing them one by one."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from service.audit.models import AuditEvent
from service.audit.service import verify_chain
from service.review import service as review
from service.review.models import ReviewItem
from service.security import Principal

SUBMITTER = Principal(id="k-sub", name="workflow", role="workflow")
REVIEWER = Principal(id="k-rev", name="reviewer", role="reviewer")


def _spec(i: int) -> review.NewItem:
    return review.NewItem(
        kind="timesheet_anomaly", payload={"entry_id": f"e{i}", "reasons": [{"code": "x", "hours": 11.5}]},
        source_type="timesheet_batch", source_id="b1", score=0.5 + i / 10,
        model_name="timesheet-anomaly", model_version="3",
    )


def _columns(item: ReviewItem) -> dict[str, object]:
    return {c: getattr(item, c) for c in ("kind", "payload", "evidence", "source_type", "source_id",
                                            "model_name", "model_version", "confidence", "score",
                                            "priority", "submitted_by", "submitted_by_name", "status")}


def test_bulk_items_match_single_ones_and_are_audited(factory: sessionmaker[Session]) -> None:
    with factory() as session:
        single = review.create_item(session, submitter=SUBMITTER, kind="timesheet_anomaly",
                                    payload=_spec(0).payload, source_type="timesheet_batch",
                                    source_id="b1", score=0.5, model_name="timesheet-anomaly",
                                    model_version="3")
        ids = review.create_items(session, submitter=SUBMITTER, items=[_spec(i) for i in range(3)])
        assert review.create_items(session, submitter=SUBMITTER, items=[]) == []
        session.commit()
        single_id = single.id
    with factory() as session:
        first = review.get_item(session, ids[0])
        assert _columns(first) == _columns(review.get_item(session, single_id))
        assert [review.get_item(session, i).priority for i in ids] == [50, 60, 70]
        events = session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars().all()
        assert [e.subject for e in events] == [f"review_item:{i}" for i in (single_id, *ids)]
        assert {e.action for e in events} == {"review_item.created"}
        assert events[1].after == events[0].after
        assert verify_chain(session).ok


def test_bulk_items_can_be_claimed_and_decided(factory: sessionmaker[Session]) -> None:
    with factory() as session:
        ids = review.create_items(session, submitter=SUBMITTER, items=[_spec(i) for i in range(2)])
        session.commit()
    with factory() as session:
        claimed = review.claim_next(session, REVIEWER, lease=timedelta(minutes=5))
        assert claimed is not None and claimed.id == ids[1]  # the higher score first
        item, decision = review.decide(session, ids[1], REVIEWER, decision="reject", reason="fine")
        session.commit()
        assert item.status == "rejected" and decision.item_id == ids[1]
        assert verify_chain(session).ok
