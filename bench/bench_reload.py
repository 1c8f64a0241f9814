"""Reload under load: 50 concurrent scoring clients, champion swapped repeatedly, nothing dropped.

Builds a throwaway MLflow store (SQLite, temp dir) with two registered versions of a small
scikit-learn pipeline, a bundled copy, and an in-process ASGI app whose ``POST /score`` scores a
batch with the store's current model (exactly as the scoring routers do: one ``store.get`` per
request) and whose ``POST /v1/models/reload`` is Tollgate's own router. Then, in the same run:

1. baseline: 50 clients score for ``--seconds`` with no reload;
2. reload: the same 50 clients for the same time while the champion alias flips between the two
   versions and the app reloads every ``--every`` seconds.

Prints request counts, failures (must be 0), which versions answered, latency percentiles and
the reload phase's throughput and p95 latency as ratios to the baseline. Also prints the cold
startup load time of a store (registry champion) for the "< 3 s" target.

    .venv/bin/python bench/bench_reload.py [--clients 50] [--seconds 8] [--every 0.5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import pandas as pd

NAME = "bench-model"


def _frame(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 6))
    frame = pd.DataFrame(x, columns=[f"f{i}" for i in range(6)])
    frame["label"] = (x[:, 0] + 0.5 * x[:, 1] + rng.normal(scale=0.5, size=n)) > 0
    return frame


def _pipeline(seed: int) -> Any:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    frame = _frame(2000, seed)
    return make_pipeline(StandardScaler(), LogisticRegression(C=0.1 + seed)).fit(
        frame.drop(columns="label"), frame["label"]
    )


def setup(workdir: Path) -> tuple[Any, list[str]]:
    """Settings pointing at a fresh store with two registered versions and a bundled model."""
    import mlflow

    from service.config import Settings
    from service.ml import tracking
    from service.ml.persistence import log_pipeline, save_pipeline

    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=workdir / "var",
        models_dir=workdir / "models",
        database_url=f"sqlite:///{workdir / 'app.db'}",
        load_models=False,
    )
    save_pipeline(_pipeline(0), settings.models_dir / NAME, metadata={"metrics": {"auc": 0.0}})
    experiment = tracking.ensure_experiment(settings, NAME)
    versions = []
    for seed in (1, 2):
        with mlflow.start_run(experiment_id=experiment):
            info = log_pipeline(_pipeline(seed), registered_model_name=NAME,
                                metadata={"metrics": {"auc": float(seed)}})
            versions.append(str(info.registered_model_version))
    tracking.client(settings).set_registered_model_alias(NAME, "champion", versions[0])
    return settings, versions


def build_app(store: Any, settings: Any) -> Any:
    """Tollgate's models router (reload audited in a real SQLite DB) plus a minimal scoring
    endpoint; authentication is stubbed (an admin principal) for the bench."""
    from fastapi import Depends, FastAPI

    from service.db import make_engine, make_sessionmaker
    from service.migrate import upgrade
    from service.ml.router import get_model_store, router
    from service.security import Principal, current_principal

    upgrade(settings)
    app = FastAPI()
    app.state.models = store
    app.state.settings = settings
    app.state.sessionmaker = make_sessionmaker(make_engine(settings.sqlalchemy_url))
    app.include_router(router)
    app.dependency_overrides[current_principal] = lambda: Principal("bench", "bench", "admin")

    @app.post("/score")
    def score(body: dict[str, Any], models: Any = Depends(get_model_store)) -> dict[str, Any]:
        model = models.get(NAME)  # one reference for the whole request
        frame = pd.DataFrame(body["rows"])
        scores = model.pipeline.predict_proba(frame)[:, 1]
        return {"version": model.version, "n": len(scores)}

    return app


async def run_phase(app: Any, *, clients: int, seconds: float, rows: list[dict[str, float]],
                    reload_every: float | None, flip: Any) -> dict[str, Any]:
    import httpx

    latencies: list[float] = []
    failures: list[str] = []
    versions: dict[str, int] = {}
    reloads = 0
    stop_at = time.perf_counter() + seconds
    transport = httpx.ASGITransport(app=app)

    async def client_loop(http: httpx.AsyncClient) -> None:
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            try:
                response = await http.post("/score", json={"rows": rows})
                if response.status_code != 200:
                    failures.append(f"{response.status_code}: {response.text[:120]}")
                    continue
                version = str(response.json()["version"])
                versions[version] = versions.get(version, 0) + 1
                latencies.append(time.perf_counter() - started)
            except Exception as exc:
                failures.append(f"{type(exc).__name__}: {exc}")

    async def reloader(http: httpx.AsyncClient) -> None:
        nonlocal reloads
        while reload_every is not None and time.perf_counter() < stop_at - reload_every:
            await asyncio.sleep(reload_every)
            await asyncio.to_thread(flip)
            response = await http.post("/v1/models/reload")
            if response.status_code != 200:
                failures.append(f"reload {response.status_code}: {response.text[:120]}")
            reloads += 1

    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
        await asyncio.gather(*(client_loop(http) for _ in range(clients)), reloader(http))
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else 0.0

    return {
        "requests": len(latencies) + len(failures),
        "ok": len(latencies),
        "failed": len(failures),
        "failures": failures[:5],
        "reloads": reloads,
        "versions": versions,
        "throughput_rps": len(latencies) / seconds,
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "mean_ms": statistics.fmean(latencies) * 1000 if latencies else 0.0,
    }


COLD_START = """
import json, os, resource, sys, time
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
c0 = cpu()
t0 = time.perf_counter()
from service.config import Settings
from service.ml.registry import ModelStore
t1 = time.perf_counter()
store = ModelStore(Settings(_env_file=None, data_dir=sys.argv[1]))
report = store.load_all()
t2 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "load": t2 - t1, "cpu": cpu() - c0,
                  "models": report["models"],
                  "errors": report["errors"]}))
"""


def cold_start(data_dir: Path) -> dict[str, Any]:
    """A fresh interpreter loading every served model (the service's startup path)."""
    import json
    import subprocess

    env = {**os.environ, "MLFLOW_DISABLE_TELEMETRY": "true",
           "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", COLD_START, str(data_dir)], env=env,
                         capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    result["process"] = time.perf_counter() - started
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--every", type=float, default=0.5, help="seconds between reloads")
    parser.add_argument("--rows", type=int, default=20, help="rows per scoring request")
    args = parser.parse_args()

    from service.ml import tracking
    from service.ml.registry import ModelStore

    with tempfile.TemporaryDirectory(prefix="tollgate-bench-reload-") as tmp:
        cold = cold_start(Path(tmp) / "fresh")
        print(f"cold startup, new process, repo models/ (no registry yet): "
              f"imports {cold['imports']:.2f}s + load {cold['load']:.2f}s "
              f"= {cold['imports'] + cold['load']:.2f}s wall, {cold['cpu']:.2f}s CPU "
              f"(target < 3 s; wall exceeds CPU when other processes share the cores); "
              f"models {cold['models']}; missing {sorted(cold['errors'])}")
        settings, versions = setup(Path(tmp))
        started = time.perf_counter()
        store = ModelStore(settings, names=(NAME,), optional=())
        store.load_all()
        warm_load = time.perf_counter() - started
        print(f"store load (registry champion, imports warm): {warm_load * 1000:.0f} ms; "
              f"served {store.get(NAME).source} v{store.get(NAME).version}")

        client = tracking.client(settings)
        state = {"i": 0}
        lock = threading.Lock()

        def flip() -> None:
            with lock:
                state["i"] += 1
                client.set_registered_model_alias(NAME, "champion", versions[state["i"] % 2])

        rows = _frame(args.rows, 99).drop(columns="label").to_dict(orient="records")
        app = build_app(store, settings)
        common = {"clients": args.clients, "seconds": args.seconds, "rows": rows, "flip": flip}
        warm = dict(common, seconds=min(2.0, args.seconds))
        asyncio.run(run_phase(app, reload_every=None, **warm))  # warm-up, not counted
        baseline = asyncio.run(run_phase(app, reload_every=None, **common))
        reload = asyncio.run(run_phase(app, reload_every=args.every, **common))

    for label, result in (("baseline (no reload)", baseline), ("with reloads", reload)):
        print(f"{label:<22} requests={result['requests']:<6} ok={result['ok']:<6} "
              f"failed={result['failed']:<3} reloads={result['reloads']:<3} "
              f"rps={result['throughput_rps']:.0f} p50={result['p50_ms']:.1f}ms "
              f"p95={result['p95_ms']:.1f}ms p99={result['p99_ms']:.1f}ms "
              f"versions={result['versions']}")
        for failure in result["failures"]:
            print(f"  failure: {failure}")
    if baseline["throughput_rps"] and baseline["p95_ms"]:
        ratio = reload["throughput_rps"] / baseline["throughput_rps"]
        print(f"ratio with-reload/baseline: throughput x{ratio:.2f}, "
              f"p95 latency x{reload['p95_ms'] / baseline['p95_ms']:.2f}, "
              f"mean latency x{reload['mean_ms'] / max(baseline['mean_ms'], 1e-9):.2f}")
    dropped = baseline["failed"] + reload["failed"]
    print("dropped requests:", dropped)
    return 0 if dropped == 0 and reload["reloads"] > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
