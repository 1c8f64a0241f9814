"""Apply Alembic migrations programmatically (``tollgate db upgrade`` and every DB command)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from service.config import Settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(settings: Settings, revision: str = "head") -> None:
    """Bring the database to ``revision``; creates the data directory for SQLite."""
    if settings.sqlalchemy_url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(settings.sqlalchemy_url), revision)


def upgrade_url(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def current_revision(settings: Settings) -> str | None:
    """The revision the database is at (None before the first migration)."""
    from alembic.runtime.migration import MigrationContext

    from service.db import make_engine

    engine = make_engine(settings.sqlalchemy_url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()
