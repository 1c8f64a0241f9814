"""The FastAPI application factory: settings, database, middleware, routers, model loading."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from service import health
from service.audit.router import router as audit_router
from service.config import Settings, get_settings
from service.db import make_engine, make_sessionmaker
from service.documents.router import router as documents_router
from service.error_handlers import install_error_handlers
from service.idempotency import IdempotencyMiddleware
from service.ml.router import router as models_router
from service.nul_guard import NulGuardMiddleware
from service.observability import Metrics, RequestContextMiddleware, configure_logging
from service.review import service as review_service
from service.review.router import router as review_router
from service.scoring.invoices.router import router as invoices_router
from service.scoring.timesheets.router import router as timesheets_router
from service.web.routes import router as web_router

log = logging.getLogger("tollgate.app")

def _load_models(app: FastAPI, settings: Settings) -> None:
    if not settings.load_models:
        return
    try:
        from service.ml.registry import ModelStore
    except ImportError:  # the ML package is optional in stripped-down builds
        log.warning("model registry unavailable; scoring endpoints will answer 503")
        return
    store = ModelStore(settings)
    store.load_all()
    app.state.models = store


def _warm_up(app: FastAPI, settings: Settings) -> None:
    """Run each loaded model's code path once before serving (nothing is stored), so that the
    first upload or scoring request after a start does not pay for first calls: ~1 s for a
    document, ~60 ms for a timesheet batch. Later hot reloads warm the models they changed
    (``ModelStore.on_change``) before the reload returns. A failure here is logged, never fatal:
    the request path reports its own errors."""
    store = getattr(app.state, "models", None)
    if store is None or not settings.warm_up:
        return
    _warm_models(settings, store, None)
    store.on_change = lambda changed: _warm_models(settings, store, changed)


def _warm_models(settings: Settings, store: Any, names: set[str] | None) -> None:
    """Warm the code paths of ``names`` (every model when None)."""
    import time

    from service.documents import service as documents
    from service.documents.enrichment import CLAUSE_MODEL, DOCTYPE_MODEL
    from service.scoring.intake import INVOICE_MODEL, TIMESHEET_MODEL
    from service.scoring.invoices import service as invoices
    from service.scoring.timesheets import service as timesheets

    steps: list[tuple[set[str], str, Callable[[], None]]] = [
        ({CLAUSE_MODEL, DOCTYPE_MODEL}, "documents", lambda: documents.warm_up(settings, store)),
        ({TIMESHEET_MODEL}, TIMESHEET_MODEL,
         lambda: timesheets.warm_up(store.pipeline(TIMESHEET_MODEL))),
        ({INVOICE_MODEL}, INVOICE_MODEL, lambda: invoices.warm_up(store.pipeline(INVOICE_MODEL))),
    ]
    for models, name, step in steps:
        if names is not None and not models & names:
            continue
        started = time.perf_counter()
        try:
            step()
        except Exception as exc:  # a warm-up must never stop the service starting
            log.warning("warm-up of %s failed: %s", name, exc)
            continue
        log.info("warmed up %s in %.0f ms", name, (time.perf_counter() - started) * 1000)


def _freeze_startup_heap() -> None:
    """Move everything loaded at startup (models, spaCy, libraries: ~250k objects) out of the
    cyclic garbage collector's reach. Otherwise every full collection walks them all, and on
    this 2-core machine those 50-150 ms pauses were the scoring endpoints' p99. Frozen objects
    are still freed by reference counting (a hot-reloaded model's predecessor included)."""
    import gc

    gc.collect()
    gc.freeze()


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app. ``settings`` defaults to the process-wide one (environment)."""
    settings = settings or get_settings()
    configure_logging(settings.log_level)
    engine = make_engine(settings.sqlalchemy_url, pool_size=settings.db_pool_size)
    factory = make_sessionmaker(engine)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Requests run in parallel threads: one OpenMP thread each avoids oversubscription
        # (a contended gradient-boosting call is several times slower than a single-threaded one).
        from threadpoolctl import threadpool_limits

        threadpool_limits(1, user_api="openmp")
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
        _load_models(app, settings)
        _warm_up(app, settings)
        _freeze_startup_heap()
        yield
        engine.dispose()

    app = FastAPI(
        title="Tollgate",
        version="0.1.0",
        description="Billing terms, clause flags, timesheet and invoice risk, human review, audit.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = factory
    app.state.models = None

    def queue_depth() -> dict[str, int]:
        with factory() as session:
            return review_service.queue_depth(session)

    metrics = Metrics(queue_depth)
    app.state.metrics = metrics

    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(review_router)
    app.include_router(audit_router)
    for router in (documents_router, timesheets_router, invoices_router, models_router, web_router):
        app.include_router(router)

    # Added innermost first: request id wraps the NUL guard, which wraps idempotency (a refused
    # request reserves no key), so replays and refusals carry an id too.
    app.add_middleware(IdempotencyMiddleware, factory_getter=lambda: factory,
                       retention_hours=settings.idempotency_retention_hours)
    app.add_middleware(NulGuardMiddleware)
    app.add_middleware(RequestContextMiddleware, metrics=metrics)
    return app
