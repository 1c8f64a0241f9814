"""The ``tollgate`` command: a thin shell over the domain service functions.

Every command takes ``--json`` where it prints results, exits non-zero with a one-line reason
on stderr on failure, and applies pending migrations before touching the database.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from sqlalchemy.orm import Session

from service.config import Settings, get_settings
from service.errors import ProblemError

app = typer.Typer(
    name="tollgate",
    help="Tollgate: billing terms, clause flags, timesheet and invoice risk, review and audit.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
keys_app = typer.Typer(help="API keys.", no_args_is_help=True)
audit_app = typer.Typer(help="Audit log.", no_args_is_help=True)
review_app = typer.Typer(help="Review queue.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(keys_app, name="keys")
app.add_typer(audit_app, name="audit")
app.add_typer(review_app, name="review")

T = TypeVar("T")
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output, one JSON object per line.")]


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a one-line reason on stderr and return the exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def emit(obj: Any, as_json: bool, human: Callable[[Any], str] | None = None) -> None:
    if as_json:
        typer.echo(json.dumps(obj, default=str, ensure_ascii=False))
    else:
        typer.echo(human(obj) if human else json.dumps(obj, default=str, indent=2, ensure_ascii=False))


@contextmanager
def db_session(settings: Settings | None = None, *, migrate: bool = True) -> Iterator[Session]:
    """A committed-on-success session on the configured database (migrations applied first)."""
    from service.db import make_engine, make_sessionmaker
    from service.migrate import upgrade

    settings = settings or get_settings()
    if migrate:
        upgrade(settings)
    engine = make_engine(settings.sqlalchemy_url)
    factory = make_sessionmaker(engine)
    try:
        with factory() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
    finally:
        engine.dispose()


def guarded(fn: Callable[[], T]) -> T:
    """Run ``fn``; turn domain problems into a one-line error and exit code 1."""
    try:
        return fn()
    except ProblemError as exc:
        raise fail(exc.detail or exc.title) from None


# --- serve / db ------------------------------------------------------------------------------

@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default TOLLGATE_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default TOLLGATE_PORT).")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Server processes (one per core helps under load).")] = 1,
) -> None:
    """Run the API and the reviewer web UI (migrations applied first)."""
    import uvicorn

    from service.migrate import upgrade

    settings = get_settings()
    upgrade(settings)
    options: dict[str, Any] = {"host": host or settings.host, "port": port or settings.port,
                               "log_config": None, "access_log": False}
    if workers > 1:  # each worker process builds its own app from the same environment
        uvicorn.run("service.app:create_app", factory=True, workers=workers, **options)
    else:
        from service.app import create_app

        uvicorn.run(create_app(settings), **options)


@app.command()
def bootstrap(json_out: JsonOpt = False) -> None:
    """Apply migrations and create a first admin key if none exists (prints it once)."""
    from service.security import ADMIN, count_active_admins, create_key

    settings = get_settings()
    with db_session(settings) as session:
        if count_active_admins(session) > 0:
            emit({"created": False, "url": f"http://{settings.host}:{settings.port}"}, json_out,
                 lambda o: f"Admin key exists (tollgate keys list). Serving at {o['url']}")
            return
        row, clear = create_key(session, name="first-admin", role=ADMIN, created_by="bootstrap")
    url = f"http://{settings.host}:{settings.port}"
    emit({"created": True, "id": row.id, "key": clear, "url": url}, json_out,
         lambda o: (f"\n  First admin API key (shown once, store it now):\n    {o['key']}\n"
                    f"  Tollgate: {o['url']}   (web UI: {o['url']}/ui, API docs: {o['url']}/docs)\n"))


@db_app.command("upgrade")
def db_upgrade(json_out: JsonOpt = False) -> None:
    """Apply pending migrations and do nothing else."""
    from service.migrate import current_revision, upgrade

    settings = get_settings()
    upgrade(settings)
    revision = current_revision(settings)
    emit({"revision": revision, "database": settings.sqlalchemy_url.split("://", 1)[0]}, json_out,
         lambda o: f"database is at revision {o['revision']}")


# --- keys ------------------------------------------------------------------------------------

@keys_app.command("create")
def keys_create(
    role: Annotated[str, typer.Option(help="admin, reviewer, submitter, workflow or data_scientist")],
    name: Annotated[str, typer.Option(help="Who or what holds the key.")],
    json_out: JsonOpt = False,
) -> None:
    """Create an API key and print it once."""
    from service.security import create_key

    def run() -> dict[str, Any]:
        with db_session() as session:
            row, clear = create_key(session, name=name, role=role, created_by="cli")
            return {"id": row.id, "name": row.name, "role": row.role, "key": clear}

    out = guarded(run)
    emit(out, json_out, lambda o: f"{o['key']}\n(id {o['id']}, role {o['role']}; shown once)")


@keys_app.command("list")
def keys_list(json_out: JsonOpt = False) -> None:
    """List keys (never the secrets)."""
    from service.security import list_keys

    with db_session() as session:
        rows = [{"id": k.id, "name": k.name, "role": k.role, "prefix": k.prefix,
                 "created_at": k.created_at.isoformat(),
                 "revoked_at": k.revoked_at.isoformat() if k.revoked_at else None}
                for k in list_keys(session)]
    if json_out:
        for row in rows:
            emit(row, True)
        return
    for row in rows:
        state = "revoked" if row["revoked_at"] else "active"
        typer.echo(f"{row['id']}  {row['role']:<15} {row['name']:<24} {row['prefix']}…  {state}")


@keys_app.command("revoke")
def keys_revoke(key_id: str, json_out: JsonOpt = False) -> None:
    """Revoke a key by id."""
    from service.security import revoke_key

    def run() -> dict[str, Any]:
        with db_session() as session:
            row = revoke_key(session, key_id, actor="cli")
            return {"id": row.id, "revoked_at": row.revoked_at.isoformat() if row.revoked_at else None}

    emit(guarded(run), json_out, lambda o: f"revoked {o['id']}")


# --- audit -----------------------------------------------------------------------------------

@audit_app.command("verify")
def audit_verify(json_out: JsonOpt = False) -> None:
    """Exit 0 when the audit chain is intact; otherwise name the first broken entry."""
    from service.audit.service import verify_chain

    with db_session() as session:
        result = verify_chain(session)
    if json_out:
        emit(result.as_dict(), True)
    if result.ok:
        if not json_out:
            typer.echo(f"audit chain intact: {result.checked} events")
        return
    raise fail(f"audit chain broken at seq {result.first_broken_seq}: {result.reason}")


# --- review ----------------------------------------------------------------------------------

@review_app.command("export")
def review_export(
    fmt: Annotated[str, typer.Option("--format", help="jsonl or csv")] = "jsonl",
    json_out: Annotated[bool, typer.Option("--json", help="Same as --format jsonl.")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File (default stdout).")] = None,
) -> None:
    """Export reviewer decisions as labeled rows for retraining."""
    import csv
    import io

    from service.review.service import export_decisions

    if json_out:
        fmt = "jsonl"
    if fmt not in ("jsonl", "csv"):
        raise fail("--format must be jsonl or csv")
    with db_session() as session:
        rows = export_decisions(session)
    buffer = io.StringIO()
    if fmt == "jsonl":
        for row in rows:
            buffer.write(json.dumps(row, default=str, ensure_ascii=False) + "\n")
    else:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0].keys()) if rows else ["item_id"])
        writer.writeheader()
        for row in rows:
            writer.writerow({k: json.dumps(v, default=str) if isinstance(v, dict | list) else v
                             for k, v in row.items()})
    if output:
        output.write_text(buffer.getvalue(), encoding="utf-8")
        typer.echo(f"exported {len(rows)} decisions to {output}", err=True)
    else:
        sys.stdout.write(buffer.getvalue())


def _register_domain_commands() -> None:
    """Attach the domains' commands: analyze, eval, train, models, score."""
    from service.documents.cli import analyze_command
    from service.eval_cli import eval_app
    from service.ml.cli import models_app
    from service.scoring.cli import score_app
    from training.cli import train_app

    app.command(name="analyze")(analyze_command)
    app.add_typer(eval_app, name="eval")
    app.add_typer(train_app, name="train")
    app.add_typer(models_app, name="models")
    app.add_typer(score_app, name="score")


_register_domain_commands()


def main() -> None:
    """Console-script entry point."""
    app()
