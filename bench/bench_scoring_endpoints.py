"""Scoring endpoints against in-process scoring, in the same run, through a real uvicorn server
on loopback backed by PostgreSQL.

- a 1,000-entry ``POST /v1/risk/timesheets`` vs ``score_entries`` on the same rows
  (target: the endpoint costs at most 2x the in-process time; it also validates JSON, reads
  history, stores the batch, queues anomalies and writes audit events);
- ``POST /v1/risk/invoices`` with one invoice, 50 concurrent clients: p50/p99 (target p99 <= 25 ms),
  next to the in-process single-invoice latency and the no-op ``/healthz`` under the same load.

    python -m bench.bench_scoring_endpoints
"""

from __future__ import annotations

import os
import statistics
import tempfile
import threading
import time
from typing import Any

import httpx

from bench.harness import drop_pg_database, hammer, pg_database, ratio, serve_process

CLIENTS = 50


def _prepare(url: str) -> tuple[dict[str, str], str]:
    """Migrate, create a workflow key; the server process's environment."""
    from service.db import make_engine, make_sessionmaker
    from service.migrate import upgrade_url
    from service.security import create_key

    upgrade_url(url)
    with make_sessionmaker(make_engine(url))() as session:
        _, key = create_key(session, name="bench-workflow", role="workflow")
        session.commit()
    env = {"TOLLGATE_DATABASE_URL": url, "TOLLGATE_DATA_DIR": tempfile.mkdtemp(),
           "TOLLGATE_DB_POOL_SIZE": str(CLIENTS), "TOLLGATE_LOG_LEVEL": "WARNING"}
    return env, key


def _records(frame: Any) -> list[dict[str, Any]]:
    clean = frame.astype(object).where(frame.notna(), None)
    out = []
    for row in clean.to_dict(orient="records"):
        out.append({k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()})
    return out


def timesheets(base: str, key: str, rounds: int = 5) -> None:
    """Each round sends the next 1,000 entries of a firm; the endpoint scores them against the
    entries it stored from earlier rounds. In process scores the same rows with the same
    earlier rows as context, so both sides do the same scoring work."""
    import pandas as pd

    from bench.bench_timesheets import entries, load_bundled
    from service.scoring.timesheets.service import score_entries

    pipeline = load_bundled()
    frame = entries(1000 * rounds)
    batches = [_records(frame.iloc[i * 1000:(i + 1) * 1000]) for i in range(rounds)]
    in_proc = []
    for i, batch in enumerate(batches):
        history = pd.DataFrame.from_records([r for b in batches[:i] for r in b]) if i else None
        t0 = time.perf_counter()
        score_entries(pipeline, batch, history=history)
        in_proc.append(time.perf_counter() - t0)
    endpoint = []
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=120) as client:
        for batch in batches:
            t0 = time.perf_counter()
            resp = client.post("/v1/risk/timesheets", json={"entries": batch})
            endpoint.append(time.perf_counter() - t0)
            assert resp.status_code == 200, resp.text[:300]
    ip, ep = statistics.median(in_proc), statistics.median(endpoint)
    print(f"timesheets, 1,000 entries with stored history: in process {ip * 1000:.0f} ms, "
          f"endpoint {ep * 1000:.0f} ms (median of {rounds}) -> endpoint/in-process {ratio(ep, ip)} "
          "(target <= 2x)")


def invoices(base: str, key: str, total: int = 2000) -> None:
    from bench.bench_invoices import sample_invoices, single_latency

    rows = sample_invoices(total)
    local = threading.local()

    def client() -> httpx.Client:
        if not hasattr(local, "c"):
            local.c = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=60)
        c: httpx.Client = local.c
        return c

    def one(i: int) -> bool:
        return client().post("/v1/risk/invoices", json={"invoices": [rows[i]]}).status_code == 200

    for i in range(100):  # warm-up: connections, model caches
        one(i)
    noop = hammer(f"GET /healthz, {CLIENTS} clients", lambda i: client().get("/healthz").status_code == 200,
                  total=total, concurrency=CLIENTS)
    run = hammer(f"POST /v1/risk/invoices x1, {CLIENTS} clients", one, total=total, concurrency=CLIENTS)
    single = single_latency(500)
    print(noop.line())
    print(run.line())
    print(f"in-process single invoice: {single}")
    print(f"invoice endpoint p99 {run.pct(0.99) * 1000:.1f} ms (target <= 25 ms); "
          f"p99 vs no-op p99 under the same load: {ratio(run.pct(0.99), noop.pct(0.99))}")


def main() -> None:
    name, url = pg_database()
    try:
        env, key = _prepare(url)
        with serve_process(env) as base:
            print("== scoring endpoints (server in its own uvicorn process, PostgreSQL) ==")
            timesheets(base, key)
            invoices(base, key)
        workers = os.cpu_count() or 1
        if workers > 1:
            with serve_process(env, workers=workers) as base:
                print(f"== the same invoice load against {workers} server processes ==")
                time.sleep(5)  # every worker loads its models before taking load
                invoices(base, key)
    finally:
        drop_pg_database(name)


if __name__ == "__main__":
    main()
