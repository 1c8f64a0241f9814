"""Request and response models of ``POST /v1/risk/timesheets``.

Entries are deliberately loose (every field optional, extra fields allowed): a malformed row,
even one with a nested object where a scalar belongs, must come back as a row-level error from
``service.validate_rows``, not fail the whole batch with a 422. Only the batch shape is enforced
here (1..10,000 entries); each entry is parsed as a plain JSON object (a typed model per entry
cost ~8 ms of a 1,000-entry request and enforced nothing the row validation doesn't), and the
documented entry schema below still describes it in OpenAPI.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

MAX_ENTRIES = 10_000

Scalar = str | int | float | bool | None


class TimesheetEntryIn(BaseModel):
    """One timesheet entry as sent (INTERFACES.md); unknown fields are kept and reported."""

    model_config = ConfigDict(extra="allow")

    entry_id: Scalar = None
    consultant_id: Scalar = None
    project_id: Scalar = None
    work_date: Scalar = Field(None, description="YYYY-MM-DD (DD.MM.YYYY is read too)")
    hours: Scalar = Field(None, description="0..24; also \"7:30\", \"07:30:00\" or \"7,5\" (decimal comma)")
    billable: Scalar = None
    task: Scalar = None
    description: Scalar = None
    submitted_at: Scalar = Field(None, description="ISO 8601 datetime")
    role: Scalar = None
    bill_rate: Scalar = None
    project_start_date: Scalar = None
    project_end_date: Scalar = None
    project_budget_hours: Scalar = None
    planned_hours: Scalar = None
    is_holiday: Scalar = None
    country: Scalar = None

    def as_row(self) -> dict[str, Any]:
        """The entry as a plain dict, including extra fields (they are reported as unknown)."""
        data = self.model_dump(exclude_unset=True)
        data.update(self.model_extra or {})
        return data


class TimesheetScoreRequest(BaseModel):
    """``{"entries": [...]}``: up to 10,000 entries."""

    entries: list[dict[str, Any]] = Field(
        ..., min_length=1, max_length=MAX_ENTRIES,
        json_schema_extra={"items": TimesheetEntryIn.model_json_schema()},
    )

    def rows(self) -> list[dict[str, Any]]:
        """Entries as plain dicts for ``service.score_entries``."""
        return self.entries


class Reason(BaseModel):
    """Why an entry scored as it did: a reason code and a message with the numbers."""

    code: str
    message: str


class TimesheetResult(BaseModel):
    """Score of one valid entry (0..1, higher = more anomalous)."""

    entry_id: str
    score: float = Field(..., ge=0.0, le=1.0)
    anomaly: bool
    reasons: list[Reason] = Field(default_factory=list)


class RowError(BaseModel):
    """A row that was not scored; ``row`` is its 0-based position in ``entries``."""

    row: int
    entry_id: str | None = None
    errors: list[str]


class RowWarning(BaseModel):
    """A row scored with some optional values ignored (unreadable)."""

    row: int
    entry_id: str | None = None
    warnings: list[str]


class ModelRef(BaseModel):
    """Which model scored the batch."""

    name: str
    version: str
    source: str | None = None


class TimesheetScoreResponse(BaseModel):
    """Results in input order (valid rows), row errors, and the review items created."""

    results: list[TimesheetResult]
    errors: list[RowError] = Field(default_factory=list)
    warnings: list[RowWarning] = Field(default_factory=list)
    unknown_columns: list[str] = Field(default_factory=list)
    model: ModelRef
    threshold: float
    review_items: list[str] = Field(
        default_factory=list, description="ids of review items created for anomalous entries"
    )
