"""Uploads are analyzed on their own limited threads: never more at once than configured."""

from __future__ import annotations

import threading
import time

import anyio

from service.documents.workers import run_analysis


def test_at_most_the_configured_number_of_analyses_run_at_once() -> None:
    running = 0
    peak = 0
    lock = threading.Lock()

    def work() -> str:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return threading.current_thread().name

    async def main() -> None:
        async with anyio.create_task_group() as group:
            for _ in range(6):
                group.start_soon(run_analysis, work, 2)

    anyio.run(main)
    assert peak == 2
