"""Two uploads of the same bytes at once, on both databases: both answer with one document, and
nothing is stored twice (the loser of the unique-sha256 race returns the winner's document)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from service.config import Settings
from service.documents import repository, service
from service.documents.models import StoredDocument
from tests.conftest import KeyMaker

SOW = Path(__file__).resolve().parents[2] / "data" / "samples" / "documents" / "sow_fixed_fee_discount.txt"


def test_concurrent_uploads_of_the_same_bytes_store_one_document(
    settings: Settings, factory: sessionmaker[Session], make_key: KeyMaker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    submitter, _ = make_key("submitter")
    data = SOW.read_bytes()
    real_by_sha = repository.by_sha
    passed_check = threading.Barrier(2, timeout=30)
    first_look = threading.local()

    def by_sha(session: Session, sha: str) -> Any:
        if not getattr(first_look, "done", False):  # both see "not stored yet", together
            first_look.done = True
            passed_check.wait()
            return None
        return real_by_sha(session, sha)

    monkeypatch.setattr(repository, "by_sha", by_sha)
    results: list[Any] = []
    errors: list[BaseException] = []

    def upload() -> None:
        try:
            with factory() as session:
                result = service.upload_document(session, settings, submitter, data, SOW.name)
                session.commit()
                results.append(result)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert sorted(r.created for r in results) == [False, True]
    assert len({r.document.id for r in results}) == 1
    with factory() as session:
        assert session.execute(select(func.count()).select_from(StoredDocument)).scalar_one() == 1
