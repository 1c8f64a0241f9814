"""Shared benchmark plumbing: a real uvicorn server on loopback, throughput, percentiles.

Benchmarks never assert: they print what they measured and the ratio to a baseline measured in
the same run on the same machine, so a reader can judge a figure without knowing the hardware.
"""

from __future__ import annotations

import os
import socket
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Serve ``app`` with uvicorn in a background thread; yields its base URL."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            access_log=False, log_config=None)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def serve_process(env: dict[str, str], *, workers: int = 1) -> Iterator[str]:
    """Serve the real app (``create_app`` factory) in its own uvicorn process: the load generator
    then does not share the server's interpreter lock, as with a real client."""
    import subprocess
    import sys

    import httpx

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "service.app:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--workers", str(workers), "--log-level", "warning", "--no-access-log"],
        env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if httpx.get(base + "/readyz", timeout=2).status_code in (200, 503):
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def pg_database(admin: str = "postgresql://postgres@127.0.0.1:5432/test") -> tuple[str, str]:
    """A throwaway PostgreSQL database: (name, SQLAlchemy URL)."""
    import uuid

    import psycopg

    name = f"tollgate_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def drop_pg_database(name: str, admin: str = "postgresql://postgres@127.0.0.1:5432/test") -> None:
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Run:
    label: str
    count: int
    seconds: float
    latencies: list[float]
    errors: int

    @property
    def per_second(self) -> float:
        return self.count / self.seconds if self.seconds else float("nan")

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        data = sorted(self.latencies)
        return data[min(len(data) - 1, int(q * len(data)))]

    def line(self) -> str:
        return (f"{self.label:<44} {self.count:>7} ops  {self.per_second:>9.1f}/s  "
                f"p50 {self.pct(0.5) * 1000:7.2f} ms  p99 {self.pct(0.99) * 1000:7.2f} ms  "
                f"errors {self.errors}")


def hammer(label: str, op: Callable[[int], bool], *, total: int, concurrency: int) -> Run:
    """Run ``op(i)`` ``total`` times over ``concurrency`` threads; op returns success."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(total))

    def worker() -> None:
        nonlocal errors
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            t0 = time.perf_counter()
            ok = False
            try:
                ok = op(i)
            except Exception:
                ok = False
            dt = time.perf_counter() - t0
            with lock:
                latencies.append(dt)
                if not ok:
                    errors += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for _ in range(concurrency):
            pool.submit(worker)
    return Run(label, total, time.perf_counter() - started, latencies, errors)


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "n/a"


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def hammer_http(
    label: str,
    base: str,
    requests: list[tuple[str, str, bytes]],
    *,
    headers: dict[str, str] | None = None,
    concurrency: int,
    rate: float | None = None,
) -> Run:
    """Send ``requests`` (method, path, JSON body) over ``concurrency`` keep-alive connections.

    A lean load generator (asyncio streams, pre-encoded HTTP/1.1, uvloop when installed): on a
    2-core machine a thread-per-client httpx generator used as much CPU as the server and its
    own interpreter lock queued requests before they were sent, so latencies measured the
    client. ``rate``: total requests per second spread over the connections (open-loop pacing
    with each connection sending on its own schedule); ``None`` = closed loop, each connection
    sends its next request as soon as the previous answer arrives. A latency is counted from the
    request's scheduled send time, so a server that falls behind a paced load is not flattered.
    """
    import asyncio
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
    encoded = [
        (f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\n{extra}"
         f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
        for method, path, body in requests
    ]
    latencies: list[float] = []
    errors = 0

    async def connection(index: int, started: float) -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, port)
        try:
            for i in range(index, len(encoded), concurrency):
                scheduled = time.perf_counter()
                if rate:
                    scheduled = started + i / rate
                    delay = scheduled - time.perf_counter()
                    if delay > 0:
                        await asyncio.sleep(delay)
                writer.write(encoded[i])
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head.split(b" ", 2)[1])
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                await reader.readexactly(length)
                latencies.append(time.perf_counter() - scheduled)
                if status >= 400:
                    errors += 1
        finally:
            writer.close()

    async def main() -> float:
        started = time.perf_counter()
        await asyncio.gather(*(connection(i, started) for i in range(concurrency)))
        return time.perf_counter() - started

    try:
        import uvloop

        seconds = uvloop.run(main())
    except ImportError:
        seconds = asyncio.run(main())
    return Run(label, len(encoded), seconds, latencies, errors)
