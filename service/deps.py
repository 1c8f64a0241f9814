"""Shared FastAPI dependencies: settings and the per-request database session.

Routers own the transaction boundary: they call plain service functions with the session and
commit once the whole change (and its audit event) is staged, so a failure anywhere leaves
nothing half-written.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from service.config import Settings


async def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_sessionmaker(request: Request) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = request.app.state.sessionmaker
    return factory


def _end(session: Session) -> None:
    session.rollback()
    session.close()


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One session per request; rolled back unless the router committed.

    Dependencies are async so that they cost no worker-thread hop: creating a session does no
    I/O (it connects on first use), and ending one does I/O only if a transaction is still
    open, in which case the rollback runs in a worker thread."""
    factory: sessionmaker[Session] = request.app.state.sessionmaker
    session = factory()
    try:
        yield session
    finally:
        if session.in_transaction():
            await run_in_threadpool(_end, session)
        else:
            session.close()


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
SessionDep = Annotated[Session, Depends(get_session)]
