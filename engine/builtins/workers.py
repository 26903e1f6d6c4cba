"""The worker pool of one runtime: blocking host work (file system, process waits) off the owner.

JavaScript starts an operation with an id; a worker thread runs it; the completion is posted to
the owner as its own task, which calls the internal op ``"ioDone"`` with the id and a JSON
result. While an operation is pending it holds the loop alive (like a libuv request), so
``qjsbridge run`` waits for it. Once the runtime's lifetime context has ended, completions are
dropped (no JS runs after ``process.exit`` or close) and their holds released.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ..context import Context
from ..loop import EventLoop
from ..vm import VM, encode_json

__all__ = ["WorkerPool", "DEFAULT_WORKERS"]

log = logging.getLogger(__name__)

#: libuv's default thread-pool size.
DEFAULT_WORKERS = 4


class WorkerPool:
    """Runs blocking calls on worker threads and delivers each result as one owner task."""

    def __init__(self, loop: EventLoop, lifetime: Context, workers: int = DEFAULT_WORKERS) -> None:
        self._loop = loop
        self._lifetime = lifetime
        self._workers = workers
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._closed = False

    def _pool(self) -> ThreadPoolExecutor | None:
        with self._lock:
            if self._closed:
                return None
            if self._executor is None:
                self._executor = ThreadPoolExecutor(self._workers, thread_name_prefix="qjsbridge-io")
            return self._executor

    def submit(self, req_id: int, work: Callable[[], Any], reason: str = "io") -> None:
        """Run ``work()`` on a worker; its JSON-able result (or the envelope built from what it
        raised by ``work`` itself) reaches JS as ``ioDone(req_id, json)``. Owner thread."""
        hold = self._loop.hold(reason)
        pool = self._pool()
        if pool is None:
            hold.release()
            return

        def run() -> None:  # worker thread
            try:
                result = work()
                text = encode_json(result, reason)
            except BaseException as exc:  # work() reports errors as values; this is a bug
                log.exception("worker operation %s failed", reason)
                text = encode_json({"e": {"message": f"internal error: {type(exc).__name__}",
                                          "code": "ERR_INTERNAL_ASSERTION"}})
            self.deliver(req_id, text, hold)

        try:
            pool.submit(run)
        except RuntimeError:  # shut down meanwhile
            hold.release()

    def deliver(self, req_id: int, text: str, hold: Any = None) -> None:
        """Post ``ioDone(req_id, text)`` as a task (any thread); releases ``hold`` afterwards."""

        def task(vm: VM) -> None:  # owner thread
            try:
                if not self._lifetime.is_done():
                    vm.call_op("ioDone", req_id, text)
            finally:
                if hold is not None:
                    hold.release()

        def dropped() -> None:
            if hold is not None:
                hold.release()

        if not self._loop.run_on_loop(task, on_drop=dropped):
            dropped()

    def close(self) -> None:
        """Stop accepting work; queued work is cancelled, running work finishes unobserved."""
        with self._lock:
            self._closed = True
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
