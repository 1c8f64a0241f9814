"""Request and response bodies of ``POST /v1/risk/invoices``.

The request keeps each invoice as a free-form object on purpose: one malformed invoice must
not turn the whole batch into a 422. :func:`service.scoring.invoices.service.score_invoices`
validates rows one by one and reports bad ones by row number. :class:`InvoiceIn` documents
the canonical fields (INTERFACES.md) for the OpenAPI page.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_INVOICES_PER_REQUEST = 10_000


class InvoiceIn(BaseModel):
    """One invoice in the canonical schema; unknown fields are accepted and reported."""

    model_config = ConfigDict(extra="allow")

    invoice_id: str | int
    client_id: str | int
    invoice_date: str = Field(description="YYYY-MM-DD (m/d/Y is accepted too)")
    due_date: str
    amount: float
    currency: str | None = None
    project_id: str | None = None
    billing_model: str | None = Field(
        None, description="time_and_materials, fixed_fee, milestone or retainer"
    )
    contract_value: float | None = Field(None, description="contract value or not-to-exceed")
    billed_to_date: float | None = Field(None, description="total billed including this invoice")
    po_number: str | None = None
    hours_billed: float | None = None
    bill_rate: float | None = None
    contract_rate: float | None = None
    milestone_accepted: bool | None = None
    line_items: int | None = None
    paperless: bool | None = None
    days_work_to_invoice: int | None = None
    change_order_pending: bool | None = None


_EXAMPLE: dict[str, Any] = {
    "invoice_id": "INV-1001",
    "client_id": "CL0042",
    "invoice_date": "2025-03-31",
    "due_date": "2025-04-30",
    "amount": 48200.0,
    "billing_model": "time_and_materials",
    "contract_value": 150000.0,
    "billed_to_date": 161000.0,
    "po_number": None,
    "bill_rate": 240.0,
    "contract_rate": 200.0,
    "line_items": 6,
    "paperless": True,
    "days_work_to_invoice": 14,
    "change_order_pending": False,
}


class RiskInvoicesRequest(BaseModel):
    """``{"invoices": [...]}``: canonical invoice objects (see :class:`InvoiceIn`)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"invoices": [_EXAMPLE]}]}
    )

    invoices: list[dict[str, Any]] = Field(
        ..., min_length=1, max_length=MAX_INVOICES_PER_REQUEST
    )


class Reason(BaseModel):
    """A factor that raised the risk, in plain words."""

    code: str
    message: str


class InvoiceRisk(BaseModel):
    """The score of one invoice."""

    invoice_id: str
    dispute_risk: float = Field(ge=0, le=1, description="calibrated probability of a dispute")
    risk_band: Literal["low", "medium", "high"]
    reasons: list[Reason]
    model_version: str | None = None


class RowProblem(BaseModel):
    """A rejected row (``errors``) or a row scored with some values ignored (``warnings``)."""

    row: int = Field(description="0-based position in the request's list")
    invoice_id: str | None = None
    errors: list[str] | None = None
    warnings: list[str] | None = None


class ModelRef(BaseModel):
    """Which model scored the batch."""

    model_config = ConfigDict(extra="allow", protected_namespaces=())

    name: str | None = None
    version: str | None = None
    source: str | None = None


class RiskInvoicesResponse(BaseModel):
    """Scores in input order (rejected rows omitted and listed under ``errors``)."""

    results: list[InvoiceRisk]
    errors: list[RowProblem] = Field(default_factory=list)
    warnings: list[RowProblem] = Field(default_factory=list)
    unknown_columns: list[str] = Field(default_factory=list)
    model: ModelRef | None = None
