"""One settings object for the whole service.

Every knob has a default that works on a fresh machine with no environment at all (embedded
SQLite under ``var/``, bundled models, LLM off), and every knob can be overridden with an
environment variable prefixed ``TOLLGATE_`` (or a ``.env`` file). Modules never read the
environment themselves: they receive a :class:`Settings` (see ARCHITECTURE.md).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "var"


class Settings(BaseSettings):
    """Tollgate settings; see the README's settings table for each variable."""

    model_config = SettingsConfigDict(
        env_prefix="TOLLGATE_", env_file=".env", extra="ignore", validate_default=True
    )

    # --- storage -----------------------------------------------------------------------
    data_dir: Path = Field(DEFAULT_DATA_DIR, description="Where the SQLite file, originals and MLflow store live.")
    database_url: str = Field("", description="SQLAlchemy URL; empty means sqlite:///<data_dir>/tollgate.db.")
    db_pool_size: int = Field(10, ge=1, description="Connection pool size (PostgreSQL).")

    # --- HTTP --------------------------------------------------------------------------
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    idempotency_retention_hours: float = Field(
        24.0, gt=0, description="How long an Idempotency-Key's first response is replayed; after that the key is new again.",
    )
    worker_threads: int = Field(
        8, ge=1, le=256,
        description="Threads per server process for blocking work (database, scoring). More than a "
                    "few per core only queue on Python's interpreter lock, and a thread holding a "
                    "database lock then waits its turn while others pile up behind the lock.",
    )
    analysis_threads: int = Field(
        2, ge=1, le=64,
        description="Uploads analyzed at once per server process, on threads of their own, so that "
                    "long documents never hold up scoring requests.",
    )
    auth_cache_seconds: float = Field(
        5.0, ge=0,
        description="How long a verified API key is trusted without a database lookup (0 = look up "
                    "every request); a key revoked from the CLI stops working within this time.",
    )

    # --- review queue ------------------------------------------------------------------
    claim_lease_minutes: float = Field(15.0, gt=0, description="How long a claim holds an item.")
    segregation_of_duties: bool = Field(True, description="Forbid submitters to claim/decide their own items.")
    page_size_default: int = Field(50, ge=1, le=1000)

    # --- documents ---------------------------------------------------------------------
    max_upload_mb: float = Field(25.0, gt=0)
    max_pages: int = Field(500, ge=1)
    playbook: Path | None = Field(None, description="Playbook YAML; empty means the bundled default.")
    ocr_enabled: bool = Field(False, description="Use tesseract (if installed) for image-only pages.")
    ocr_max_pages: int = Field(20, ge=0, description="At most this many image-only pages are OCR'd per upload.")

    # --- scoring thresholds ------------------------------------------------------------
    timesheet_threshold: float = Field(0.5, ge=0, le=1, description="Score at which an entry is an anomaly.")
    invoice_medium_threshold: float = Field(0.3, ge=0, le=1)
    invoice_high_threshold: float = Field(0.6, ge=0, le=1)
    clause_threshold: float = Field(0.5, ge=0, le=1)
    max_timesheet_batch: int = Field(10_000, ge=1)

    # --- ML ----------------------------------------------------------------------------
    mlflow_tracking_uri: str = Field("", description="Empty means sqlite:///<data_dir>/mlflow.db.")
    models_dir: Path = Field(PROJECT_ROOT / "models", description="Bundled MLflow model directories.")
    promote_min_delta: float = Field(0.0, ge=0)
    load_models: bool = Field(True, description="Load models at startup (tests may switch off).")
    warm_up: bool = Field(
        True, description="Run each loaded model's code once at startup, so that the first "
        "upload or scoring request does not pay for first calls (~1 s for a document).")

    # --- optional LLM extractor --------------------------------------------------------
    llm_enabled: bool = False
    llm_base_url: str | None = None
    llm_model: str = "gpt-4o-mini"
    llm_api_key: SecretStr | None = None
    llm_timeout_s: float = 30.0

    @field_validator("data_dir", mode="after")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL actually used (embedded SQLite when none is set)."""
        if self.database_url:
            url = self.database_url
            if url.startswith("postgresql://") or url.startswith("postgres://"):
                url = "postgresql+psycopg://" + url.split("://", 1)[1]
            return url
        return f"sqlite:///{self.data_dir / 'tollgate.db'}"

    @property
    def mlflow_uri(self) -> str:
        """The MLflow tracking URI actually used (local SQLite store when none is set)."""
        return self.mlflow_tracking_uri or f"sqlite:///{self.data_dir / 'mlflow.db'}"

    @property
    def originals_dir(self) -> Path:
        """Content-addressed store of uploaded originals."""
        return self.data_dir / "originals"

    @property
    def llm_configured(self) -> bool:
        """The LLM path runs only when switched on and given an endpoint or a key."""
        return self.llm_enabled and (self.llm_base_url is not None or self.llm_api_key is not None)


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
