"""The fleet example: a publisher watching a directory and two workers sharing its events
through nats-server, as the README's "Scaling out" section runs them."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import wait_for

from .bus_backends import unique_topic
from qjsbridge.testing import NatsServer

ROOT = Path(__file__).resolve().parent.parent
FLEET = ROOT / "examples" / "fleet"


class Proc:
    def __init__(self, args: list[str], cwd: Path) -> None:
        self.p = subprocess.Popen([sys.executable, "-m", "qjsbridge", *args], cwd=cwd,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        self.t = threading.Thread(target=self._read, daemon=True)
        self.t.start()

    def _read(self) -> None:
        assert self.p.stdout is not None
        for line in self.p.stdout:
            self.lines.append(line.rstrip("\n"))

    def stop(self) -> int:
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGINT)
            try:
                self.p.wait(15)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait(10)
        self.t.join(10)
        assert self.p.stdout is not None
        self.p.stdout.close()
        return self.p.returncode


@pytest.fixture
def procs() -> Iterator[list[Proc]]:
    made: list[Proc] = []
    yield made
    for p in made:
        p.stop()


def test_the_fleet_publisher_and_two_workers(nats_server: NatsServer, tmp_path: Path,
                                             procs: list[Proc]) -> None:
    watched = tmp_path / "src"
    watched.mkdir()
    host = unique_topic("host")
    group = unique_topic("g")
    bus = ["--bus", nats_server.url, "--bus-storage", "memory", "--bus-max-bytes", "4194304"]
    workers = [Proc(["run", *bus, str(FLEET / "worker.js"), group], tmp_path) for _ in range(2)]
    procs.extend(workers)
    for w in workers:
        wait_for(lambda w=w: any(line.startswith("worker in group") for line in w.lines),
                 timeout=30, message="a worker to start")
    publisher = Proc(["run", *bus, "--root", str(tmp_path), str(FLEET / "publish-changes.js"),
                      str(watched), host], tmp_path)
    procs.append(publisher)
    wait_for(lambda: any(line.startswith("publishing changes") for line in publisher.lines),
             timeout=30, message="the publisher to start")
    names = [f"file{i}.txt" for i in range(12)]
    for n in names:
        (watched / n).write_text("x")

    def seen() -> set[str]:
        return {line.split()[-1] for w in workers for line in w.lines if line.startswith(host)}

    wait_for(lambda: seen() >= set(names), timeout=30, message="every file event at a worker")
    per_worker = [[line for line in w.lines if line.startswith(host) and "file0.txt" in line]
                  for w in workers]
    assert sum(len(x) for x in per_worker) >= 1
    assert publisher.stop() == 130
    for w in workers:
        assert w.stop() == 130
        assert not any("error" in line for line in w.lines), w.lines


def test_help_bus_prints_the_guide() -> None:
    r = subprocess.run([sys.executable, "-m", "qjsbridge", "help", "bus"], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0
    assert r.stdout.startswith("# Message bus:")
    assert "## How topics map onto JetStream" in r.stdout
    listing = subprocess.run([sys.executable, "-m", "qjsbridge", "help"], capture_output=True,
                             text=True, timeout=60).stdout
    assert any(line.split()[:1] == ["bus"] for line in listing.splitlines())
