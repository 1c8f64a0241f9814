"""Foundation figures: the no-op request baseline, and review claims/s with 8 claimers on
PostgreSQL (SQLite in the same run for comparison).

    python -m bench.bench_foundation
"""

from __future__ import annotations

import tempfile
import threading
from datetime import timedelta
from pathlib import Path

import httpx

from bench.harness import Run, drop_pg_database, hammer, pg_database, ratio, serve

CLAIMERS = 8


def _settings(tmp: Path, url: str):  # type: ignore[no-untyped-def]
    from service.config import Settings

    return Settings(_env_file=None, data_dir=tmp / "var", database_url=url, load_models=False)  # type: ignore[call-arg]


def noop_throughput(url: str, total: int = 3000, concurrency: int = 8) -> tuple[Run, Run]:
    """GET /healthz (no auth, no DB) and an authenticated GET /v1/review/items?limit=1."""
    from service.app import create_app
    from service.db import make_engine, make_sessionmaker
    from service.migrate import upgrade_url
    from service.security import create_key

    tmp = Path(tempfile.mkdtemp())
    upgrade_url(url)
    settings = _settings(tmp, url)
    factory = make_sessionmaker(make_engine(url))
    with factory() as s:
        _, key = create_key(s, name="bench", role="reviewer")
        s.commit()
    local = threading.local()

    def client(base: str) -> httpx.Client:
        if not hasattr(local, "c"):
            local.c = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"})
        c: httpx.Client = local.c
        return c

    with serve(create_app(settings)) as base:
        for _ in range(50):
            client(base).get("/healthz")
        noop = hammer("GET /healthz (no-op baseline)", lambda i: client(base).get("/healthz").status_code == 200,
                      total=total, concurrency=concurrency)
        authed = hammer("GET /v1/review/items?limit=1 (auth + DB)",
                        lambda i: client(base).get("/v1/review/items", params={"limit": 1}).status_code == 200,
                        total=total // 2, concurrency=concurrency)
    return noop, authed


def claims_per_second(url: str, items: int = 1200) -> Run:
    from service.db import make_engine, make_sessionmaker
    from service.migrate import upgrade_url
    from service.review import service as review
    from service.security import Principal, create_key

    upgrade_url(url)
    factory = make_sessionmaker(make_engine(url, pool_size=CLAIMERS + 2))
    with factory() as s:
        wf, _ = create_key(s, name="wf", role="workflow")
        submitter = Principal(wf.id, wf.name, wf.role)
        reviewers = []
        for i in range(CLAIMERS):
            row, _ = create_key(s, name=f"r{i}", role="reviewer")
            reviewers.append(Principal(row.id, row.name, row.role))
        for i in range(items):
            review.create_item(s, submitter=submitter, kind="timesheet_anomaly", payload={"i": i},
                               source_type="bench", source_id="b", score=(i % 100) / 100)
        s.commit()
    claimed: set[str] = set()
    dupes = 0
    lock = threading.Lock()

    def op(i: int) -> bool:
        nonlocal dupes
        who = reviewers[threading.get_ident() % CLAIMERS]
        with factory() as s:
            item = review.claim_next(s, who, lease=timedelta(minutes=15))
            s.commit()
            if item is None:
                return False
            with lock:
                if item.id in claimed:
                    dupes += 1
                claimed.add(item.id)
            return True

    label = f"claims ({CLAIMERS} claimers, {url.split(':')[0].split('+')[0]})"
    run = hammer(label, op, total=items, concurrency=CLAIMERS)
    run.errors += dupes
    return run


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    sqlite_url = f"sqlite:///{tmp / 'bench.db'}"
    name, pg_url = pg_database()
    try:
        print("== foundation ==")
        noop, authed = noop_throughput(sqlite_url)
        print(noop.line())
        print(authed.line(), f" -> {ratio(noop.per_second, authed.per_second)} slower than no-op")
        pg = claims_per_second(pg_url)
        lite = claims_per_second(f"sqlite:///{tmp / 'claims.db'}")
        print(pg.line())
        print(lite.line())
        print(f"claims/s PostgreSQL vs SQLite: {ratio(pg.per_second, lite.per_second)}; "
              f"PostgreSQL claim vs no-op request latency (p50): {ratio(pg.pct(0.5), noop.pct(0.5))}")
    finally:
        drop_pg_database(name)


if __name__ == "__main__":
    main()
