"""Request and response shapes of the review queue API."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["billing_term", "clause_flag", "timesheet_anomaly", "dispute_risk"]
Status = Literal["pending", "claimed", "accepted", "rejected", "corrected"]
DecisionKind = Literal["accept", "reject", "correct"]


class Evidence(BaseModel):
    model_config = ConfigDict(extra="allow")

    page: int | None = None
    start: int | None = Field(None, ge=0)
    end: int | None = Field(None, ge=0)
    text: str | None = None


class SourceRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str = Field(..., min_length=1, max_length=64)
    id: str = Field(..., min_length=1, max_length=200)


class ModelRef(BaseModel):
    model_config = ConfigDict(extra="forbid", protected_namespaces=())

    name: str = Field(..., min_length=1, max_length=200)
    version: str | None = Field(None, max_length=100)


class ItemCreate(BaseModel):
    """A suggestion any system may put in front of a reviewer."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind
    payload: Any
    evidence: Evidence | list[Evidence] | dict[str, Any] | None = None
    source: SourceRef
    confidence: float | None = Field(None, ge=0, le=1)
    score: float | None = Field(None, ge=0, le=1)
    model: ModelRef | None = None
    priority: int | None = Field(None, ge=0, le=100)


class ItemOut(BaseModel):
    id: str
    kind: str
    payload: Any
    evidence: Any
    source: SourceRef
    model: ModelRef | None
    confidence: float | None
    score: float | None
    priority: int
    submitted_by: str
    created_at: datetime
    status: str
    assignee: str | None
    lease_expires_at: datetime | None
    decided_at: datetime | None
    decision: dict[str, Any] | None = None


class ItemPage(BaseModel):
    items: list[ItemOut]
    next_cursor: str | None


class QueueFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Status | None = None
    kind: Kind | None = None
    assignee: str | None = None
    source_type: str | None = None
    source_id: str | None = None
    min_score: float | None = Field(None, ge=0, le=1)


class NextRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Kind | None = None
    source_type: str | None = None
    source_id: str | None = None
    min_score: float | None = Field(None, ge=0, le=1)


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: DecisionKind
    corrected_value: Any = None
    reason: str | None = Field(None, max_length=4000)


class BulkDecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    filters: QueueFilters = Field(default_factory=QueueFilters)
    decision: Literal["accept", "reject"]
    reason: str = Field(..., min_length=1, max_length=4000)
    limit: int = Field(500, ge=1, le=5000)


class BulkResult(BaseModel):
    decided: list[str]
    skipped: list[dict[str, str]]
