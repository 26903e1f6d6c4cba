"""The fleet example: a publisher watching a directory and two workers sharing its events
through nats-server, as the README's "Scaling out" section runs them."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.conftest import wait_for

from .bus_backends import unique_topic
from qjsbridge.testing import NatsServer, QJSProcess

ROOT = Path(__file__).resolve().parent.parent
FLEET = ROOT / "examples" / "fleet"


def test_the_fleet_publisher_and_two_workers(nats_server: NatsServer, tmp_path: Path,
                                             qjs_process: Callable[..., QJSProcess]) -> None:
    watched = tmp_path / "src"
    watched.mkdir()
    host = unique_topic("host")
    group = unique_topic("g")
    bus = ["--bus", nats_server.url, "--bus-storage", "memory", "--bus-max-bytes", "4194304"]
    workers = [qjs_process("run", *bus, str(FLEET / "worker.js"), group, merge_stderr=True)
               for _ in range(2)]
    for w in workers:
        wait_for(lambda w=w: any(line.startswith("worker in group") for line in w.lines),
                 timeout=30, message="a worker to start")
    publisher = qjs_process("run", *bus, "--root", str(tmp_path),
                            str(FLEET / "publish-changes.js"), str(watched), host,
                            merge_stderr=True)
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
    assert publisher.finish(signal.SIGINT) == 130
    for w in workers:
        assert w.finish(signal.SIGINT) == 130
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
