"""Access to a served model from a request (503 problem when it is not loaded)."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from service.errors import ProblemError


class ModelUnavailableProblem(ProblemError):
    status = 503
    type_slug = "model-unavailable"
    title = "Model unavailable"


def served_model(request: Request, name: str) -> Any:
    """The LoadedModel currently served as ``name``; keep it for the whole request."""
    store = getattr(request.app.state, "models", None)
    if store is None:
        raise ModelUnavailableProblem("models are not loaded (TOLLGATE_LOAD_MODELS is off or loading failed)")
    try:
        return store.get(name)
    except LookupError as exc:
        raise ModelUnavailableProblem(str(exc)) from exc
