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
