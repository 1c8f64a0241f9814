"""HTTP endpoints for the served models: list them, reload champions without a restart."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from service.deps import SessionDep
from service.errors import ProblemError
from service.ml import schemas
from service.ml.registry import ModelStore
from service.security import ADMIN, ALL_ROLES, Principal, require_roles

router = APIRouter(prefix="/v1/models", tags=["models"])


class ModelsNotLoaded(ProblemError):
    status = 503
    type_slug = "models-not-loaded"
    title = "Models not loaded"


def get_model_store(request: Request) -> ModelStore:
    """The app's :class:`ModelStore` (503 when the app started with model loading off)."""
    store = getattr(request.app.state, "models", None)
    if not isinstance(store, ModelStore):
        raise ModelsNotLoaded("the service was started without loading models")
    return store


ModelStoreDep = Annotated[ModelStore, Depends(get_model_store)]
AnyRole = Annotated[Principal, Depends(require_roles(*ALL_ROLES))]
Admin = Annotated[Principal, Depends(require_roles(ADMIN))]


@router.get("", response_model=schemas.ModelsOut)
def list_models(principal: AnyRole, store: ModelStoreDep) -> dict[str, Any]:
    """Served models: name, version, source (mlflow|bundled), aliases, held-out metrics."""
    return {"models": store.describe(), "ready": store.ready, "generation": store.generation}


@router.post("/reload", response_model=schemas.ReloadOut)
def reload_models(principal: Admin, store: ModelStoreDep, session: SessionDep) -> dict[str, Any]:
    """Load the registry's current champions and swap them in; in-flight requests finish on
    the models they started with. Recorded in the audit log when anything changed."""
    from service.audit.service import append_event

    report = store.reload()
    if report["changed"]:
        append_event(
            session,
            actor=principal.actor,
            action="model.reloaded",
            subject="models",
            before={name: change["from"] for name, change in report["changed"].items()},
            after={name: change["to"] for name, change in report["changed"].items()},
        )
        session.commit()
    return {**report, "generation": store.generation}
