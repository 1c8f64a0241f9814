"""Scoring endpoints against in-process scoring, in the same run, through a real uvicorn server
on loopback backed by PostgreSQL.

- a 1,000-entry ``POST /v1/risk/timesheets`` vs ``score_entries`` on the same rows
  (target: the endpoint costs at most 2x the in-process time; it also validates JSON, reads
  history, stores the batch, queues anomalies and writes audit events);
- ``POST /v1/risk/invoices`` with one invoice, 50 concurrent clients (target p99 <= 25 ms), next to
  the in-process single-invoice latency and the no-op ``/healthz`` under the same load. Two
  kinds of load, both from 50 keep-alive connections driven by a lean asyncio generator:
  paced (the clients together send a steady R requests/s; latency counted from each request's
  scheduled time), swept over R to find the highest rate that keeps p99 within target; and
  saturation (each client sends its next request the moment the previous answer arrives), where
  p99 is queueing: 50 requests in flight on this machine's cores.

    python -m bench.bench_scoring_endpoints
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from typing import Any

import httpx

from bench.harness import Run, drop_pg_database, hammer_http, pg_database, ratio, serve_process

CLIENTS = 50
TARGET_P99 = 0.025
PACED_RATES = (100, 200, 300, 400, 600, 800)


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


def timesheets(base: str, key: str, rounds: int = 9) -> None:
    """Each round sends the next 1,000 entries of a firm; the endpoint scores them against the
    entries it stored from earlier rounds. In process scores the same rows with the same
    earlier rows as context, so both sides do the same scoring work. The two alternate round
    by round, so that load from other work on the machine falls on both sides alike."""
    import pandas as pd

    from bench.bench_timesheets import entries, load_bundled
    from service.scoring.timesheets.service import score_entries

    pipeline = load_bundled()
    frame = entries(1000 * rounds)
    batches = [_records(frame.iloc[i * 1000:(i + 1) * 1000]) for i in range(rounds)]
    bodies = [json.dumps({"entries": batch}).encode() for batch in batches]  # client work, untimed
    in_proc, endpoint, ratios = [], [], []
    with httpx.Client(base_url=base, timeout=120, headers={
            "Authorization": f"Bearer {key}", "Content-Type": "application/json"}) as client:
        for i, (batch, body) in enumerate(zip(batches, bodies, strict=True)):
            history = pd.DataFrame.from_records([r for b in batches[:i] for r in b]) if i else None
            t0 = time.perf_counter()
            score_entries(pipeline, batch, history=history)
            in_proc.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            resp = client.post("/v1/risk/timesheets", content=body)
            endpoint.append(time.perf_counter() - t0)
            assert resp.status_code == 200, resp.text[:300]
            ratios.append(endpoint[-1] / in_proc[-1])
    ip, ep = statistics.median(in_proc), statistics.median(endpoint)
    print(f"timesheets, 1,000 entries with stored history: in process {ip * 1000:.0f} ms, "
          f"endpoint {ep * 1000:.0f} ms (median of {rounds}) -> endpoint/in-process {ratio(ep, ip)} "
          f"(target <= 2x; per round {min(ratios):.2f}x-{max(ratios):.2f}x, "
          f"median {statistics.median(ratios):.2f}x)")
    print("  per round (history rows, in process ms, endpoint ms): " + ", ".join(
        f"{i * 1000}: {a * 1000:.0f}/{b * 1000:.0f}" for i, (a, b) in enumerate(zip(in_proc, endpoint, strict=True))))


def invoices(base: str, key: str, *, seconds_per_rate: float = 6.0) -> None:

    from bench.bench_invoices import sample_invoices, single_latency

    headers = {"Authorization": f"Bearer {key}"}
    rows = sample_invoices(int(max(PACED_RATES) * seconds_per_rate) + 3000)
    requests = [("POST", "/v1/risk/invoices", json.dumps({"invoices": [r]}).encode()) for r in rows]
    hammer_http("warm-up", base, requests[:200], headers=headers, concurrency=10)
    noop = hammer_http(f"GET /healthz, {CLIENTS} clients, saturation", base,
                       [("GET", "/healthz", b"")] * 3000, concurrency=CLIENTS)
    saturated = hammer_http(f"POST /v1/risk/invoices x1, {CLIENTS} clients, saturation", base,
                            requests[200:3200], headers=headers, concurrency=CLIENTS)
    single = single_latency(500)
    print(f"in-process single invoice: {single}")
    print(noop.line())
    print(saturated.line())
    best: Run | None = None
    start = 3200
    for rate in PACED_RATES:
        count = int(rate * seconds_per_rate)
        run = hammer_http(f"POST /v1/risk/invoices x1, {CLIENTS} clients, {rate}/s paced", base,
                          requests[start:start + count], headers=headers, concurrency=CLIENTS, rate=rate)
        start = (start + count) % (len(requests) - count)
        print(run.line())
        if run.pct(0.99) <= TARGET_P99 and run.errors == 0:
            best = run
        elif run.per_second < rate * 0.95 or run.pct(0.99) > 4 * TARGET_P99:
            break  # past capacity: higher rates only queue
    if best is not None:
        print(f"invoice endpoint, {CLIENTS} clients: p99 <= 25 ms up to {best.per_second:.0f} requests/s paced "
              f"(p99 {best.pct(0.99) * 1000:.1f} ms); at saturation ({saturated.per_second:.0f}/s) "
              f"p99 {saturated.pct(0.99) * 1000:.0f} ms, no-op /healthz {noop.pct(0.99) * 1000:.0f} ms")
    else:
        print(f"invoice endpoint, {CLIENTS} clients: p99 above 25 ms at every paced rate tried")

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
