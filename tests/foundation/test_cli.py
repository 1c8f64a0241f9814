"""The tollgate command: keys, audit verify (passing, then failing after an edit), export."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from service.cli import app
from service.config import get_settings


@pytest.fixture
def cli_env(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TOLLGATE_DATABASE_URL", db_url)
    monkeypatch.setenv("TOLLGATE_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    yield db_url
    get_settings.cache_clear()


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_keys_lifecycle_and_audit_verify(cli_env: str) -> None:
    code, out, _ = run("keys", "create", "--role", "reviewer", "--name", "ana", "--json")
    assert code == 0
    created = json.loads(out)
    assert created["role"] == "reviewer" and created["key"].startswith("tg_")
    assert len(created["key"]) >= 3 + 43  # 32 random bytes, base64url

    code, out, _ = run("keys", "list", "--json")
    listed = [json.loads(line) for line in out.splitlines()]
    assert [k["id"] for k in listed] == [created["id"]]
    assert created["key"] not in out  # the secret is never shown again

    code, _, err = run("keys", "create", "--role", "emperor", "--name", "x")
    assert code == 1 and "unknown role" in err

    assert run("keys", "revoke", created["id"])[0] == 0
    assert run("keys", "revoke", "no-such-id")[0] == 1

    code, out, _ = run("audit", "verify", "--json")
    assert code == 0 and json.loads(out)["checked"] == 2

    from service.db import make_engine

    engine = make_engine(cli_env, pool_size=1)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SET session_replication_role = replica"))
        conn.execute(text("UPDATE audit_events SET subject = 'api_key:forged' WHERE seq = 1"))
    engine.dispose()
    code, _, err = run("audit", "verify")
    assert code == 1 and "seq 1" in err


def test_bootstrap_creates_one_admin(cli_env: str) -> None:
    code, out, _ = run("bootstrap", "--json")
    first = json.loads(out)
    assert code == 0 and first["created"] is True and first["key"].startswith("tg_")
    code, out, _ = run("bootstrap", "--json")
    assert json.loads(out)["created"] is False


def test_review_export_formats(cli_env: str, tmp_path: Path) -> None:
    code, out, _ = run("review", "export")
    assert code == 0 and out == ""
    assert run("review", "export", "--format", "xml")[0] == 1
    target = tmp_path / "x.csv"
    assert run("review", "export", "--format", "csv", "-o", str(target))[0] == 0
    assert target.read_text().startswith("item_id")


def test_db_upgrade_reports_the_head_revision(cli_env: str) -> None:
    from service.migrate import MIGRATIONS_DIR

    heads = sorted(p.name.split("_", 1)[0] for p in (MIGRATIONS_DIR / "versions").glob("0*.py"))
    code, out, _ = run("db", "upgrade", "--json")
    assert code == 0 and json.loads(out)["revision"] == heads[-1]
