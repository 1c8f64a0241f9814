"""Response shapes of the model endpoints (``GET /v1/models``, ``POST /v1/models/reload``)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class ModelRef(BaseModel):
    """Which model produced a result: the triple results carry."""

    name: str
    version: str | None
    source: Literal["mlflow", "bundled", "path"]


class ModelOut(BaseModel):
    """One served model: where it came from and its held-out training metrics."""

    name: str
    version: str | None
    source: Literal["mlflow", "bundled", "path"] | None
    aliases: list[str] = Field(default_factory=list)
    metrics: dict[str, float] = Field(default_factory=dict)
    status: Literal["loaded", "unavailable"]
    run_id: str | None = None
    uri: str | None = None
    loaded_at: str | None = None
    note: str | None = None
    error: str | None = None


class ModelsOut(BaseModel):
    """Every model the service serves (or should serve, with the reason it does not)."""

    models: list[ModelOut]
    ready: bool
    generation: int


class ReloadOut(BaseModel):
    """What a reload changed; models that failed keep serving their previous version."""

    changed: dict[str, dict[str, Any]]
    models: dict[str, ModelRef]
    errors: dict[str, str]
    seconds: float
    generation: int
