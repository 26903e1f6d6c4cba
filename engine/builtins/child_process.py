"""The Python half of ``child_process``: starting, feeding, reading, signalling and reaping.

A child's output is read by one thread per pipe and every chunk reaches JavaScript as its own
task (``ioDone(id, {...})`` with ``more: true``); its exit is reported by a waiter thread. The
last of those deliveries (exit and the end of every pipe) closes the request. While a child is
running it holds the loop alive unless the script called ``child.unref()``.

Children never outlive the runtime: :meth:`ChildHost.close` sends SIGTERM to every child still
running that was not spawned ``detached``, then SIGKILL after a grace period, and reaps them.
"""

from __future__ import annotations

import base64
import errno as errno_mod
import logging
import os
import queue
import select
import signal as signal_mod
import subprocess
import threading
import time
from typing import Any

from ..context import Context
from ..errors import AccessDeniedError, HostError
from ..loop import EventLoop, LoopHold
from ..permissions import Permissions
from ..vm import VM, encode_json
from .fs import UV_MESSAGES
from .workers import WorkerPool

__all__ = ["ChildHost", "signal_number"]

log = logging.getLogger(__name__)

_READ_SIZE = 65536
_KILL_GRACE = 1.0  # seconds between SIGTERM and SIGKILL when the runtime closes


def signal_number(sig: Any) -> int:
    """A signal name (``"SIGTERM"``) or number -> its number; HostError (ERR_UNKNOWN_SIGNAL)."""
    if isinstance(sig, int) and not isinstance(sig, bool):
        if sig == 0 or sig in {s.value for s in signal_mod.Signals}:
            return sig
    elif isinstance(sig, str) and sig.startswith("SIG") and hasattr(signal_mod.Signals, sig):
        return int(signal_mod.Signals[sig])
    raise HostError(f"Unknown signal: {sig}", name="TypeError", code="ERR_UNKNOWN_SIGNAL")


def _signal_name(num: int) -> str:
    try:
        return signal_mod.Signals(num).name
    except ValueError:
        return f"SIG{num}"


def _spawn_error(exc: OSError, file: str, args: list[str]) -> dict[str, Any]:
    num = exc.errno or errno_mod.EIO
    code = errno_mod.errorcode.get(num, "UNKNOWN")
    return {"errno": -num, "code": code, "syscall": f"spawn {file}", "path": file,
            "spawnargs": args, "message": f"spawn {file} {code}",
            "text": UV_MESSAGES.get(code, "")}


def _close_fd(fd: int) -> None:
    try:
        os.close(fd)
    except OSError:
        pass


class _Child:
    """One running child and the threads that serve it."""

    def __init__(self, host: ChildHost, req_id: int, proc: subprocess.Popen[bytes], detached: bool,
                 pipes: dict[int, tuple[int, bool]], hold: LoopHold | None) -> None:
        self.host = host
        self.req_id = req_id
        self.proc = proc
        self.detached = detached
        self.hold = hold
        self.lock = threading.Lock()
        self.pipes = pipes
        self.remaining = 1 + len(pipes)   # exit + one end per output pipe
        # Inherited output is forwarded through a pipe; the child wrote it before it exited, so
        # JS must see it before 'exit' (as with a real inherited fd). A reader forwards a chunk
        # under its fd's lock; the waiter takes the locks and forwards what is already buffered.
        self.closed_fds: set[int] = set()  # inherited fds the reader closed (under its lock)
        self.inherited = {fd: threading.Lock() for fd_num, (fd, inherit) in pipes.items() if inherit}
        self.stopping = threading.Event()
        self.stdin_queue: queue.SimpleQueue[tuple[int, bytes | None]] | None = None
        self.threads: list[threading.Thread] = []
        for fd_num, (fd, inherit) in pipes.items():
            t = threading.Thread(target=self._read, args=(fd_num, fd, inherit),
                                 name=f"qjsbridge-child-{proc.pid}-fd{fd_num}", daemon=True)
            self.threads.append(t)
        waiter = threading.Thread(target=self._wait, name=f"qjsbridge-child-{proc.pid}-wait",
                                  daemon=True)
        self.threads.append(waiter)
        if proc.stdin is not None:
            self.stdin_queue = queue.SimpleQueue()
            writer = threading.Thread(target=self._write_stdin, name=f"qjsbridge-child-{proc.pid}-in",
                                      daemon=True)
            self.threads.append(writer)
        for t in self.threads:
            t.start()

    def _send(self, payload: dict[str, Any], final_part: bool) -> None:  # any thread
        last = False
        if final_part:
            with self.lock:
                self.remaining -= 1
                last = self.remaining == 0
        payload["more"] = not last
        self.host.pool.deliver(self.req_id, encode_json(payload, "child output"))
        if last:
            self.host.forget(self)

    def _read(self, fd_num: int, fd: int, inherit: bool) -> None:  # reader thread
        try:
            while not self.stopping.is_set():
                ready, _, _ = select.select([fd], [], [], 0.2)
                if not ready:
                    continue
                lock = self.inherited.get(fd)
                if lock is None:
                    if not self._forward(fd_num, fd, inherit):
                        break
                    continue
                with lock:
                    if not select.select([fd], [], [], 0)[0]:
                        continue  # the waiter forwarded it meanwhile
                    if not self._forward(fd_num, fd, inherit):
                        break
        except (OSError, ValueError):
            pass
        finally:
            lock = self.inherited.get(fd)
            if lock is None:
                _close_fd(fd)
            else:
                with lock:  # the waiter must not select on the number once it is reused
                    self.closed_fds.add(fd)
                    _close_fd(fd)
            self._send({"fd": fd_num, "eof": True, "inherit": inherit}, True)

    def _forward(self, fd_num: int, fd: int, inherit: bool) -> bool:  # reader or waiter thread
        """Read one chunk from ``fd`` (ready to read) and send it; False at its end."""
        try:
            chunk = os.read(fd, _READ_SIZE)
        except OSError:
            return False
        if not chunk:
            return False
        self._send({"fd": fd_num, "b64": base64.b64encode(chunk).decode("ascii"),
                    "inherit": inherit}, False)
        return True

    def _wait(self) -> None:  # waiter thread
        rc = self.proc.wait()
        fd_nums = {fd: num for num, (fd, inherit) in self.pipes.items() if inherit}
        for fd, lock in self.inherited.items():
            with lock:
                # What the child wrote is buffered in the pipe now. Bounded: a grandchild that
                # still writes to the pipe does not hold the 'exit' back.
                for _ in range(64):
                    if fd in self.closed_fds or not select.select([fd], [], [], 0)[0]:
                        break
                    if not self._forward(fd_nums[fd], fd, True):
                        break
        code: int | None = rc if rc >= 0 else None
        sig = _signal_name(-rc) if rc < 0 else None
        self._send({"exit": [code, sig]}, True)

    def _write_stdin(self) -> None:  # stdin writer thread
        assert self.stdin_queue is not None and self.proc.stdin is not None
        fd = self.proc.stdin.fileno()
        error: dict[str, Any] | None = None
        while True:
            seq, data = self.stdin_queue.get()
            if data is None:
                break
            if error is None:
                try:
                    view = memoryview(data)
                    while view:
                        n = os.write(fd, view)
                        view = view[n:]
                except OSError as exc:
                    num = exc.errno or errno_mod.EIO
                    code = errno_mod.errorcode.get(num, "UNKNOWN")
                    error = {"errno": -num, "code": code, "syscall": "write",
                             "message": f"write {code}"}
            self.host.pool.deliver(self.req_id, encode_json(
                {"more": True, "wrote": seq, **({"error": error} if error else {})}))
        try:
            self.proc.stdin.close()
        except OSError:
            pass

    def set_ref(self, ref: bool) -> None:
        with self.lock:
            if ref and self.hold is None and self.remaining:
                self.hold = self.host.loop.hold("child process")
            elif not ref and self.hold is not None:
                self.hold.release()
                self.hold = None

    def release(self) -> None:
        with self.lock:
            hold, self.hold = self.hold, None
        if hold is not None:
            hold.release()

    def signal_stop(self) -> bool:  # runtime close: any thread but the owner
        """Stop the threads and send SIGTERM; True if the child must still be waited for."""
        self.stopping.set()
        if self.stdin_queue is not None:
            self.stdin_queue.put((0, None))
        if self.proc.poll() is None and not self.detached:
            try:
                self.proc.send_signal(signal_mod.SIGTERM)
                return True
            except OSError:
                pass
        self.release()
        return False

    def reap(self, deadline: float) -> None:
        """Wait for the child until ``deadline``, then SIGKILL it; always reaps it."""
        try:
            try:
                self.proc.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            log.warning("could not stop child process %s", self.proc.pid)
        self.release()


class ChildHost:
    """The ``qjsb.child.*`` host functions of one runtime."""

    def __init__(self, vm: VM, loop: EventLoop, lifetime: Context, permissions: Permissions,
                 pool: WorkerPool) -> None:
        self.loop = loop
        self.pool = pool
        self._lifetime = lifetime
        self._perm = permissions
        self._lock = threading.Lock()
        self._children: dict[int, _Child] = {}
        self._closed = False
        vm.register("qjsb.child.spawn", self.spawn)
        vm.register("qjsb.child.spawnSync", self.spawn_sync)
        vm.register("qjsb.child.kill", self.kill)
        vm.register("qjsb.child.write", self.write)
        vm.register("qjsb.child.ref", self.ref)

    # -- helpers ------------------------------------------------------------------------------
    def forget(self, child: _Child) -> None:
        with self._lock:
            self._children.pop(child.req_id, None)
        child.release()

    def _popen(self, spec: dict[str, Any]) -> subprocess.Popen[bytes]:
        self._perm.check_child_process()
        file = spec["file"]
        args = [str(a) for a in spec.get("args", [])]
        argv0 = spec.get("argv0") or file
        stdio = spec.get("stdio", ["pipe", "pipe", "pipe"])

        def mode(i: int) -> Any:
            kind = stdio[i] if i < len(stdio) else "pipe"
            if kind == "ignore":
                return subprocess.DEVNULL
            if kind == "inherit" and i == 0:
                return None
            return subprocess.PIPE  # pipe; inherited output is forwarded to the console

        env = spec.get("env")
        cwd = spec.get("cwd")
        if cwd is not None and not os.path.isdir(cwd):
            raise FileNotFoundError(errno_mod.ENOENT, "no such directory", cwd)
        return subprocess.Popen(
            [argv0, *args], executable=file if os.sep in file or argv0 != file else None,
            stdin=mode(0), stdout=mode(1), stderr=mode(2), cwd=cwd,
            env=None if env is None else {str(k): str(v) for k, v in env.items()},
            start_new_session=bool(spec.get("detached")), close_fds=True,
        )

    def _start(self, spec: dict[str, Any]) -> subprocess.Popen[bytes] | dict[str, Any]:
        """The started process, or the reply that tells JS why it could not start."""
        try:
            return self._popen(spec)
        except AccessDeniedError as exc:
            return {"denied": exc.to_js()}
        except OSError as exc:
            return {"e": _spawn_error(exc, spec["file"], [spec["file"], *spec.get("args", [])])}

    # -- host functions (owner thread) ----------------------------------------------------------
    def spawn(self, req_id: int, spec: dict[str, Any]) -> dict[str, Any]:
        if self._closed or self._lifetime.is_done():
            return {"e": {"code": "ERR_INTERNAL_ASSERTION", "message": "the runtime is closing"}}
        proc = self._start(spec)
        if isinstance(proc, dict):
            return proc
        stdio = spec.get("stdio", ["pipe", "pipe", "pipe"])
        pipes: dict[int, tuple[int, bool]] = {}
        for num, stream in ((1, proc.stdout), (2, proc.stderr)):
            if stream is not None:
                pipes[num] = (os.dup(stream.fileno()), stdio[num] == "inherit")
                stream.close()
        child = _Child(self, req_id, proc, bool(spec.get("detached")), pipes,
                       self.loop.hold("child process"))
        with self._lock:
            self._children[req_id] = child
        return {"pid": proc.pid}

    def kill(self, req_id: int, sig: Any) -> bool:
        num = signal_number(sig)
        with self._lock:
            child = self._children.get(req_id)
        if child is None or child.proc.returncode is not None:
            return False
        try:
            child.proc.send_signal(num)
        except OSError:
            return False
        return True

    def write(self, req_id: int, seq: int, b64: str | None) -> bool:
        with self._lock:
            child = self._children.get(req_id)
        if child is None or child.stdin_queue is None:
            return False
        child.stdin_queue.put((seq, None if b64 is None else base64.b64decode(b64)))
        return True

    def ref(self, req_id: int, ref: bool) -> None:
        with self._lock:
            child = self._children.get(req_id)
        if child is not None:
            child.set_ref(bool(ref))

    def spawn_sync(self, spec: dict[str, Any]) -> dict[str, Any]:
        """spawnSync: blocks the owner thread like Node's; stops early if the runtime closes."""
        proc = self._start(spec)
        if isinstance(proc, dict):
            return proc
        data = base64.b64decode(spec["input"]) if spec.get("input") is not None else None
        timeout = spec.get("timeout") or None
        max_buffer = spec.get("maxBuffer")
        kill_signal = signal_number(spec.get("killSignal") or "SIGTERM")
        deadline = None if timeout is None else time.monotonic() + timeout / 1000.0
        out: list[bytes] = []
        err: list[bytes] = []
        error: dict[str, Any] | None = None
        try:
            stdout, stderr = self._communicate(proc, data, deadline, max_buffer, kill_signal)
            out, err = [stdout or b""], [stderr or b""]
        except subprocess.TimeoutExpired:
            error = {"code": "ETIMEDOUT", "errno": -errno_mod.ETIMEDOUT,
                     "syscall": f"spawnSync {spec['file']}", "path": spec["file"],
                     "message": f"spawnSync {spec['file']} ETIMEDOUT"}
        except _MaxBuffer as exc:
            out, err = [exc.stdout], [exc.stderr]
            error = {"code": "ENOBUFS", "errno": -errno_mod.ENOBUFS,
                     "syscall": f"spawnSync {spec['file']}", "path": spec["file"],
                     "message": f"spawnSync {spec['file']} ENOBUFS"}
        rc = proc.returncode
        result: dict[str, Any] = {
            "pid": proc.pid,
            "status": rc if rc is not None and rc >= 0 else None,
            "signal": _signal_name(-rc) if rc is not None and rc < 0 else None,
            "stdout": None if proc.stdout is None else base64.b64encode(b"".join(out)).decode("ascii"),
            "stderr": None if proc.stderr is None else base64.b64encode(b"".join(err)).decode("ascii"),
        }
        if error is not None:
            result["error"] = error
        return result

    def _communicate(self, proc: subprocess.Popen[bytes], data: bytes | None, deadline: float | None,
                     max_buffer: Any, kill_signal: int) -> tuple[bytes, bytes]:
        # Like Popen.communicate, with a poll of the runtime's lifetime (close/Ctrl-C), the
        # timeout and maxBuffer. Owner thread.
        chunks: dict[int, list[bytes]] = {1: [], 2: []}
        sizes = {1: 0, 2: 0}
        readers = {}
        if proc.stdout is not None:
            readers[proc.stdout.fileno()] = 1
        if proc.stderr is not None:
            readers[proc.stderr.fileno()] = 2
        writer = proc.stdin.fileno() if proc.stdin is not None else None
        pending = memoryview(data or b"")
        if writer is not None and not pending:
            proc.stdin.close()  # type: ignore[union-attr]
            writer = None
        try:
            while readers or writer is not None:
                if self._lifetime.is_done():
                    proc.kill()
                    break
                if deadline is not None and time.monotonic() >= deadline:
                    proc.send_signal(kill_signal)
                    proc.wait()
                    raise subprocess.TimeoutExpired(proc.args, 0)
                r, w, _ = select.select(list(readers), [writer] if writer is not None else [], [], 0.05)
                for fd in w:
                    try:
                        n = os.write(fd, pending[:65536])
                        pending = pending[n:]
                    except OSError:
                        pending = memoryview(b"")
                    if not pending:
                        proc.stdin.close()  # type: ignore[union-attr]
                        writer = None
                for fd in r:
                    chunk = os.read(fd, _READ_SIZE)
                    if not chunk:
                        del readers[fd]
                        continue
                    num = readers[fd]
                    chunks[num].append(chunk)
                    sizes[num] += len(chunk)
                    if isinstance(max_buffer, (int, float)) and sizes[num] > max_buffer:
                        proc.send_signal(kill_signal)
                        proc.wait()
                        raise _MaxBuffer(b"".join(chunks[1])[: int(max_buffer)],
                                         b"".join(chunks[2])[: int(max_buffer)])
            while proc.poll() is None:
                if self._lifetime.is_done():
                    proc.kill()
                if deadline is not None and time.monotonic() >= deadline:
                    proc.send_signal(kill_signal)
                    proc.wait()
                    raise subprocess.TimeoutExpired(proc.args, 0)
                try:
                    proc.wait(0.05)
                except subprocess.TimeoutExpired:
                    pass
        finally:
            for stream in (proc.stdin, proc.stdout, proc.stderr):
                if stream is not None:
                    try:
                        stream.close()
                    except OSError:
                        pass
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        return b"".join(chunks[1]), b"".join(chunks[2])

    def close(self) -> None:
        """Terminate every child that is not detached and stop all child threads."""
        self._closed = True
        with self._lock:
            children = list(self._children.values())
            self._children.clear()
        # SIGTERM to all first, so that close waits one grace period in total, not one per child.
        waiting = [child for child in children if child.signal_stop()]
        deadline = time.monotonic() + _KILL_GRACE
        for child in waiting:
            child.reap(deadline)


class _MaxBuffer(Exception):
    def __init__(self, stdout: bytes, stderr: bytes) -> None:
        super().__init__("maxBuffer exceeded")
        self.stdout = stdout
        self.stderr = stderr
