"""fs, child_process and the permission model from an embedder's point of view."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from qjsbridge import Permissions
from qjsbridge.engine.runtime import Runtime
from qjsbridge.testing import ConsoleRecorder
from tests.conftest import wait_for


@pytest.fixture
def scripts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A module root for the scripts, outside the trees the tests grant or refuse."""
    return tmp_path_factory.mktemp("scripts")


def run_js(rt: Runtime, console: ConsoleRecorder, source: str, marker: str = "DONE",
           timeout: float = 20.0) -> str:
    """Run ``source`` as a main module and wait until the console printed ``marker``."""
    root = rt.options.module_roots[0]
    script = Path(root) / f"main{len(os.listdir(root))}.js"
    script.write_text(source)
    rt.run_main(script)
    wait_for(lambda: marker in console.stdout or marker in console.stderr, timeout,
             message=f"{marker!r} on the console; got {console.stdout!r} {console.stderr!r}")
    return console.stdout


def test_the_library_default_grants_no_fs_and_no_child_process(
        make_runtime: Callable[..., Runtime], console: ConsoleRecorder, tmp_path: Path,
        scripts: Path) -> None:
    (tmp_path / "f.txt").write_text("secret")
    rt = make_runtime(module_roots=[scripts])
    out = run_js(rt, console, f"""
      const fs = require("fs");
      try {{ fs.readFileSync({json.dumps(str(tmp_path / "f.txt"))}); }}
      catch (e) {{ console.log("read", e.code, e.permission, e.resource === {json.dumps(str(tmp_path / "f.txt"))}); }}
      try {{ require("child_process").spawn("true"); }}
      catch (e) {{ console.log("spawn", e.code, e.permission, JSON.stringify(e.resource)); }}
      console.log("has", process.permission.has("fs.read"), process.permission.has("child"));
      fs.promises.readFile({json.dumps(str(tmp_path / "f.txt"))}).catch((e) => console.log("async", e.code, "DONE"));
    """)
    assert "read ERR_ACCESS_DENIED FileSystemRead true" in out
    assert 'spawn ERR_ACCESS_DENIED ChildProcess ""' in out
    assert "has false false" in out
    assert "async ERR_ACCESS_DENIED DONE" in out


def test_granted_paths_are_usable_and_others_are_not(
        make_runtime: Callable[..., Runtime], console: ConsoleRecorder, tmp_path: Path,
        scripts: Path) -> None:
    readable, writable, other = tmp_path / "r", tmp_path / "w", tmp_path / "o"
    for d in (readable, writable, other):
        d.mkdir()
    (readable / "a.txt").write_text("A")
    (other / "b.txt").write_text("B")
    rt = make_runtime(module_roots=[scripts], permissions=Permissions(fs_read=[readable, writable], fs_write=[writable]))
    out = run_js(rt, console, f"""
      const fs = require("fs"), path = require("path");
      const r = {json.dumps(str(readable))}, w = {json.dumps(str(writable))}, o = {json.dumps(str(other))};
      console.log("read", fs.readFileSync(path.join(r, "a.txt"), "utf8"));
      fs.writeFileSync(path.join(w, "out.txt"), "ok");
      console.log("wrote", fs.readFileSync(path.join(w, "out.txt"), "utf8"));
      for (const [label, f] of [["write r", () => fs.writeFileSync(path.join(r, "x"), "")],
                                ["read o", () => fs.readFileSync(path.join(o, "b.txt"))],
                                ["dotdot", () => fs.readFileSync(path.join(r, "..", "o", "b.txt"))],
                                ["readdir o", () => fs.readdirSync(o)]]) {{
        try {{ f(); console.log(label, "allowed"); }} catch (e) {{ console.log(label, e.code, e.permission); }}
      }}
      console.log("has", process.permission.has("fs.read", r), process.permission.has("fs.write", r),
                  process.permission.has("fs.write", path.join(w, "deep/x")), "DONE");
    """)
    assert "read A" in out and "wrote ok" in out
    assert "write r ERR_ACCESS_DENIED FileSystemWrite" in out
    assert "read o ERR_ACCESS_DENIED FileSystemRead" in out
    assert "dotdot ERR_ACCESS_DENIED FileSystemRead" in out
    assert "readdir o ERR_ACCESS_DENIED FileSystemRead" in out
    assert "has true false true DONE" in out
    assert not (readable / "x").exists()


def test_a_symlink_planted_to_escape_a_write_grant_is_refused(
        make_runtime: Callable[..., Runtime], console: ConsoleRecorder, tmp_path: Path,
        scripts: Path) -> None:
    allowed, outside = tmp_path / "allowed", tmp_path / "outside"
    allowed.mkdir()
    outside.mkdir()
    (outside / "victim.txt").write_text("original")
    (allowed / "dirlink").symlink_to(outside)
    (allowed / "filelink").symlink_to(outside / "victim.txt")
    rt = make_runtime(module_roots=[scripts], permissions=Permissions(fs_read=[allowed], fs_write=[allowed]))
    out = run_js(rt, console, f"""
      const fs = require("fs"), path = require("path");
      const a = {json.dumps(str(allowed))};
      const tries = [
        ["through dir link", () => fs.writeFileSync(path.join(a, "dirlink", "new.txt"), "x")],
        ["through file link", () => fs.writeFileSync(path.join(a, "filelink"), "x")],
        ["append through link", () => fs.appendFileSync(path.join(a, "filelink"), "x")],
        ["read through link", () => fs.readFileSync(path.join(a, "filelink"))],
        ["open for write", () => fs.openSync(path.join(a, "dirlink", "victim.txt"), "r+")],
        ["copy out", () => fs.copyFileSync(path.join(a, "x.txt"), path.join(a, "dirlink", "c.txt"))],
      ];
      fs.writeFileSync(path.join(a, "x.txt"), "inside");
      for (const [label, f] of tries) {{
        try {{ f(); console.log(label, "ALLOWED"); }} catch (e) {{ console.log(label, e.code); }}
      }}
      fs.promises.writeFile(path.join(a, "dirlink", "p.txt"), "x").catch((e) => console.log("promise", e.code, "DONE"));
    """)
    assert "ALLOWED" not in out, out
    assert out.count("ERR_ACCESS_DENIED") == 7, out
    assert (outside / "victim.txt").read_text() == "original"
    assert sorted(p.name for p in outside.iterdir()) == ["victim.txt"]


def test_a_thousand_concurrent_readfiles_each_settle_once(
        make_runtime: Callable[..., Runtime], console: ConsoleRecorder, tmp_path: Path,
        scripts: Path) -> None:
    for i in range(10):
        (tmp_path / f"f{i}.txt").write_text(f"content {i}")
    rt = make_runtime(module_roots=[scripts], permissions=Permissions(fs_read=[tmp_path]))
    out = run_js(rt, console, f"""
      const fsp = require("fs/promises"), path = require("path");
      const jobs = [];
      for (let i = 0; i < 1000; i++) jobs.push(fsp.readFile(path.join({json.dumps(str(tmp_path))}, "f" + (i % 10) + ".txt"), "utf8"));
      Promise.all(jobs).then((all) => {{
        const ok = all.every((t, i) => t === "content " + (i % 10));
        console.log("read", all.length, ok, "DONE");
      }});
    """, timeout=60)
    assert "read 1000 true DONE" in out


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def _exists(pid: int) -> bool:
    return os.path.exists(f"/proc/{pid}")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_closing_the_runtime_leaves_no_child_running_or_unreaped(
        make_runtime: Callable[..., Runtime], console: ConsoleRecorder, scripts: Path) -> None:
    rt = make_runtime(module_roots=[scripts], permissions=Permissions(child_process=True))
    run_js(rt, console, """
      const cp = require("child_process");
      const a = cp.spawn("sleep", ["60"]);
      const b = cp.spawn("sh", ["-c", "trap '' TERM; sleep 60"]);   // ignores SIGTERM
      const c = cp.exec("sleep 60");
      console.log("pids", JSON.stringify([a.pid, b.pid, c.pid]), "DONE");
    """)
    pids = json.loads(console.stdout.split("pids ", 1)[1].split(" DONE")[0])
    assert all(_alive(p) for p in pids)
    rt.close()
    for pid in pids:
        wait_for(lambda: not _exists(pid), 10, message=f"child {pid} killed and reaped")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_detached_child_outlives_the_runtime(
        make_runtime: Callable[..., Runtime], console: ConsoleRecorder, scripts: Path) -> None:
    rt = make_runtime(module_roots=[scripts], permissions=Permissions(child_process=True))
    run_js(rt, console, """
      const child = require("child_process").spawn("sleep", ["30"], { detached: true, stdio: "ignore" });
      child.unref();
      console.log("pid", child.pid, "DONE");
    """)
    pid = int(console.stdout.split("pid ", 1)[1].split()[0])
    rt.close()
    try:
        assert _alive(pid)
    finally:
        os.kill(pid, signal.SIGKILL)


def test_pending_fs_operations_keep_the_runtime_alive(
        make_runtime: Callable[..., Runtime], console: ConsoleRecorder, tmp_path: Path,
        scripts: Path) -> None:
    (tmp_path / "a").write_text("x")
    rt = make_runtime(module_roots=[scripts], permissions=Permissions(fs_read=[tmp_path], child_process=True))
    (scripts / "main.js").write_text(f"""
      require("child_process").exec("sleep 0.3; echo late", (e, out) => console.log("exec", out.trim()));
      require("fs").readFile({json.dumps(str(tmp_path / "a"))}, "utf8", (e, t) => console.log("fs", t));
    """)
    rt.run_main(scripts / "main.js")
    assert rt.wait_until_idle(20)
    assert "exec late" in console.stdout and "fs x" in console.stdout


def _run_until_child_starts(tmp_path: Path, source: str) -> tuple[subprocess.Popen[str], int]:
    """``qjsbridge run`` of ``source`` (``{pid_file}`` in it: where the child shell writes its
    pid) in a session of its own, once the child is running: the process and the child's pid."""
    script = tmp_path / "script.js"
    pid_file = tmp_path / "pid"
    script.write_text(textwrap.dedent(source.replace("{pid_file}", str(pid_file))))
    proc = subprocess.Popen([sys.executable, "-m", "qjsbridge", "run", str(script)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        wait_for(lambda: pid_file.exists() and pid_file.read_text().strip(), 20, message="child pid")
    except BaseException:
        proc.kill()
        proc.communicate()
        raise
    return proc, int(pid_file.read_text())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_during_exec_stops_the_child_and_exits_130(tmp_path: Path) -> None:
    proc, child = _run_until_child_starts(tmp_path, """
      const cp = require("child_process");
      const child = cp.exec("echo $$ > {pid_file}; exec sleep 60", () => console.log("callback"));
    """)
    try:
        assert _alive(child)
        proc.send_signal(signal.SIGINT)   # only to qjsbridge: the child is not told by a terminal
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    deadline = time.monotonic() + 10
    while _exists(child) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not _exists(child)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_during_exec_sync_stops_the_child_and_exits_130(tmp_path: Path) -> None:
    proc, child = _run_until_child_starts(tmp_path, """
      require("child_process").execSync("echo $$ > {pid_file}; exec sleep 60");
      console.log("execSync returned");
    """)
    try:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "execSync returned" not in out  # no more script code ran after Ctrl-C
    deadline = time.monotonic() + 10
    while _exists(child) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not _exists(child)


def _tgkill(pid: int, tid: int, sig: int) -> None:
    """Send ``sig`` to one thread of another process (Linux's tgkill)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.tgkill(pid, tid, sig) != 0:  # the C library's wrapper (glibc >= 2.30): any CPU
        raise OSError(ctypes.get_errno(), "tgkill")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="tgkill, and reads /proc")
def test_sigint_delivered_to_a_worker_thread_still_ends_the_script_with_130(tmp_path: Path) -> None:
    # The kernel may hand a process's SIGINT to any thread; here it goes to one that is not
    # the main thread, on purpose. The main thread must still wake up and stop the script.
    proc, _ = _run_until_child_starts(tmp_path, """
      require("child_process").execSync("echo $$ > {pid_file}; exec sleep 60");
    """)
    try:
        workers = sorted(int(t) for t in os.listdir(f"/proc/{proc.pid}/task") if int(t) != proc.pid)
        assert workers, "the runtime's threads"
        _tgkill(proc.pid, workers[0], signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130, err
