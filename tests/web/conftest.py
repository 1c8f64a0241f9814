"""Helpers for the web UI tests: signing a TestClient in and pulling CSRF tokens out of pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.config import Settings
from tests.conftest import make_settings

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples" / "documents"
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
SMALL_SOW = (
    "STATEMENT OF WORK\n\nThis Statement of Work is entered into by Acme Consulting LLC (Supplier) "
    "and Northwind Traders Inc. (Customer).\n\nFees. The services are performed on a time and "
    "materials basis. Total fees under this SOW shall not exceed $120,000.\n\nInvoicing. Supplier "
    "will invoice Customer monthly in arrears.\n\nPayment. Payment terms are Net 45 from the date "
    "of invoice.\n"
)


def sample_sow() -> tuple[str, bytes]:
    """A sample SOW from data/samples when present, else a small generated one."""
    path = SAMPLES / "sow_tm_rate_card.txt"
    if path.exists():
        return path.name, path.read_bytes()
    return "generated_sow.txt", SMALL_SOW.encode()


def csrf_from(html: str) -> str:
    match = CSRF_FIELD.search(html)
    assert match, "page has no CSRF field"
    return match.group(1)


def sign_in(client: TestClient, key: str) -> str:
    """Sign ``client`` in with ``key``; returns the session's CSRF token."""
    page = client.get("/ui/login")
    assert page.status_code == 200
    response = client.post("/ui/login", data={"api_key": key, "csrf_token": csrf_from(page.text),
                                              "next": "/ui/documents"}, follow_redirects=False)
    assert response.status_code == 303, response.text
    page = client.get("/ui/documents")  # a 403 page for roles without documents, still signed in
    assert "Signed in as" in page.text
    return csrf_from(page.text)


def upload(client: TestClient, csrf: str, name: str, data: bytes) -> str:
    """Upload through the UI's XHR endpoint; returns the new document id."""
    response = client.post("/ui/upload", files={"file": (name, data, "text/plain")},
                           headers={"X-CSRF-Token": csrf, "X-Requested-With": "XMLHttpRequest"})
    assert response.status_code in (200, 201), response.text
    document_id: str = response.json()["document_id"]
    return document_id


@pytest.fixture
def settings(tmp_path: Path, db_url: str) -> Settings:
    """The shared settings, minus the bundled clause and document-type models.

    Loading those takes seconds per upload on a busy machine and these tests are about the UI,
    not the models; billing terms and playbook flags still come through. The browser test uses
    the real models.
    """
    return make_settings(tmp_path, db_url, models_dir=tmp_path / "no-models")
