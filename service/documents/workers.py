"""Where uploads are analyzed: at most ``analysis_threads`` documents at a time per process, on
threads of their own.

Analysis is seconds of CPU for a long contract. On the shared request threads a few concurrent
uploads would occupy them all, and a scoring request from an approval workflow (a millisecond
of work) would wait behind them; here uploads queue among themselves instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import anyio.to_thread
from anyio import CapacityLimiter

T = TypeVar("T")
_limiters: dict[int, CapacityLimiter] = {}


async def run_analysis(work: Callable[[], T], threads: int) -> T:
    """Run ``work`` on the analysis threads (one limiter per configured size)."""
    limiter = _limiters.get(threads)
    if limiter is None:
        limiter = _limiters.setdefault(threads, CapacityLimiter(threads))
    return await anyio.to_thread.run_sync(work, limiter=limiter)
