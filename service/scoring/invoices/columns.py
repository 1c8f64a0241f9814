"""The canonical invoice schema of INTERFACES.md, in one place for the service and training."""

from __future__ import annotations

REQUIRED = ("invoice_id", "client_id", "invoice_date", "due_date", "amount")
OPTIONAL = (
    "currency",
    "project_id",
    "billing_model",
    "contract_value",
    "billed_to_date",
    "po_number",
    "hours_billed",
    "bill_rate",
    "contract_rate",
    "milestone_accepted",
    "line_items",
    "paperless",
    "days_work_to_invoice",
    "change_order_pending",
)
CANONICAL = REQUIRED + OPTIONAL
LABEL = "disputed"

DATE_COLUMNS = ("invoice_date", "due_date")
BOOL_COLUMNS = ("milestone_accepted", "paperless", "change_order_pending")
NUMERIC_COLUMNS = (
    "amount",
    "contract_value",
    "billed_to_date",
    "hours_billed",
    "bill_rate",
    "contract_rate",
    "line_items",
    "days_work_to_invoice",
)
TEXT_COLUMNS = ("invoice_id", "client_id", "currency", "project_id", "billing_model", "po_number")
BILLING_MODELS = ("time_and_materials", "fixed_fee", "milestone", "retainer")
