"""Where each trainable model's :class:`~training.spec.ModelSpec` lives, imported on demand.

The specs pull in each model's training code (data generators, CUAD loaders); importing them
lazily keeps the service's startup light and lets one model's code be missing or broken without
taking the others (or the CLI) down: asking for it gives :class:`SpecNotAvailable` with a clear
message instead of an ImportError at import time.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from training.spec import ModelSpec

# Short CLI name -> "module:attribute" of its ModelSpec.
SPEC_PATHS: dict[str, str] = {
    "clauses": "training.clauses.spec:SPEC",
    "timesheets": "training.timesheets.spec:SPEC",
    "invoices": "training.invoices.spec:SPEC",
}

# Registry model name -> short CLI name (so `models promote` takes either).
MODEL_NAMES: dict[str, str] = {
    "clause-classifier": "clauses",
    "timesheet-anomaly": "timesheets",
    "invoice-dispute-risk": "invoices",
}

# Review-item kinds -> the model their decisions retrain (training/feedback.py).
FEEDBACK_KINDS: dict[str, str] = {
    "timesheet_anomaly": "timesheets",
    "dispute_risk": "invoices",
    "clause_flag": "clauses",
    "billing_term": "clauses",
}


class SpecNotAvailable(LookupError):
    """The model's spec is unknown or its module is not importable (yet)."""


def spec_key(name: str) -> str:
    """The short key (``timesheets``) for a short key or a registry name."""
    if name in SPEC_PATHS:
        return name
    if name in MODEL_NAMES:
        return MODEL_NAMES[name]
    known = ", ".join(sorted([*SPEC_PATHS, *MODEL_NAMES]))
    raise SpecNotAvailable(f"unknown model {name!r}; known: {known}")


def load_spec(name: str) -> ModelSpec:
    """Import and return the ModelSpec for ``name`` (short key or registry name)."""
    key = spec_key(name)
    module_name, _, attribute = SPEC_PATHS[key].partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and (module_name == exc.name or module_name.startswith(exc.name + ".")):
            raise SpecNotAvailable(
                f"model {key!r} has no training code yet ({module_name} is missing)"
            ) from exc
        raise SpecNotAvailable(f"model {key!r}: cannot import {module_name}: {exc}") from exc
    except ImportError as exc:
        raise SpecNotAvailable(f"model {key!r}: cannot import {module_name}: {exc}") from exc
    spec = getattr(module, attribute, None)
    if spec is None:
        raise SpecNotAvailable(f"model {key!r}: {module_name} defines no {attribute}")
    return spec  # type: ignore[no-any-return]
