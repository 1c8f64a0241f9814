"""Import every table module so that ``Base.metadata`` knows the whole schema (for Alembic)."""

from __future__ import annotations

import importlib

from service.db import Base

TABLE_MODULES = (
    "service.auth_models",
    "service.audit.models",
    "service.review.models",
    "service.idempotency",
    "service.documents.models",
    "service.scoring.timesheets.models",
    "service.web.models",
)

for _name in TABLE_MODULES:
    importlib.import_module(_name)

metadata = Base.metadata
