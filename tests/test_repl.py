"""The REPL (``qjsbridge`` alone, ``qjsbridge repl``), driven through a pseudo-terminal."""

from __future__ import annotations

import fcntl
import io
import os
import platform
import pty
import select
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from qjsbridge.repl import Repl, globalize


# The system calls readline waits for a key in (select, pselect6, poll, ppoll), by machine.
_KEY_WAIT_SYSCALLS = {"x86_64": {23, 270, 7, 271}, "aarch64": {72, 73}}


def _controlling_terminal() -> None:  # in the child, before exec: the pty becomes its terminal
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """A child process on a pseudo-terminal, read with deadlines."""

    def __init__(self, args: list[str], cwd: Path, env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(args, cwd=cwd, env=env, stdin=slave, stdout=slave,
                                     stderr=slave, preexec_fn=_controlling_terminal)
        os.close(slave)
        self.seen = ""
        self.log = ""  # everything the terminal showed, for failure messages

    def read_until(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out waiting for {text!r}; the terminal showed:\n"
                                     f"{self.log}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # the child closed the terminal
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"the terminal closed before {text!r}:\n{self.seen}")
                text_in = chunk.decode("utf-8", "replace").replace("\r\n", "\n")
                self.seen += text_in
                self.log += text_in
        at = self.seen.index(text) + len(text)
        before, self.seen = self.seen[:at], self.seen[at:]
        return before

    def send(self, text: str) -> None:
        os.write(self.master, text.encode())

    def waiting_for_a_key(self, timeout: float = 15.0) -> None:
        """Return once the REPL's main thread is blocked in readline's wait for a key.

        CPython's readline loses a SIGINT that lands between printing the prompt and starting to
        wait (it is seen only at the next key), and on a loaded machine that gap can last long
        after the prompt shows. Where ``/proc/PID/syscall`` tells (Linux), wait for the state;
        elsewhere pause the way a person does before pressing a key."""
        waits = _KEY_WAIT_SYSCALLS.get(platform.machine())
        path = f"/proc/{self.proc.pid}/syscall"  # the main thread's id is the process id
        if waits is None or not os.access(path, os.R_OK):
            time.sleep(0.2)
            return
        deadline = time.monotonic() + timeout
        state = ""
        while True:
            try:
                with open(path) as f:
                    state = f.read()
            except OSError:  # the process is gone, or /proc does not say
                state = "unreadable"
            number = state.split(" ", 1)[0]
            if number.isdigit() and int(number) in waits:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"the REPL never waited for a key ({path}: {state!r}); "
                                     f"the terminal showed:\n{self.log}")
            time.sleep(0.005)

    def ctrl_c(self) -> None:
        """Press Ctrl-C at the prompt, once the REPL waits for a key."""
        self.waiting_for_a_key()
        self.send("\x03")

    def line(self, text: str) -> str:
        """Type a line; return what was printed up to the next prompt."""
        self.send(text + "\r")
        return self.read_until("\n> ")

    def wait(self, timeout: float = 15.0) -> int:
        code = self.proc.wait(timeout)
        os.close(self.master)
        return code


@pytest.fixture
def term(tmp_path: Path) -> Terminal:
    env = dict(os.environ, QJSBRIDGE_REPL_HISTORY=str(tmp_path / "history"), TERM="dumb")
    t = Terminal([sys.executable, "-m", "qjsbridge"], tmp_path, env)
    t.read_until("> ")
    yield t
    if t.proc.poll() is None:
        os.killpg(t.proc.pid, signal.SIGKILL)
        t.proc.wait()


def test_values_declarations_and_the_last_result(term: Terminal) -> None:
    assert "42\n" in term.line("6 * 7")
    assert "undefined\n" in term.line("let a = 2")
    assert "4\n" in term.line("a * 2")
    assert "5\n" in term.line("_ + 1")
    assert "{ x: 1, y: [ 1, 2 ] }\n" in term.line("({x: 1, y: [1, 2]})")
    assert "'hi'\n" in term.line("'hi'")


def test_multi_line_input(term: Terminal) -> None:
    term.send("function twice(n) {\r")
    term.read_until("... ")
    term.send("  return n * 2\r")
    term.read_until("... ")
    assert "undefined\n" in term.line("}")
    assert "8\n" in term.line("twice(4)")


def test_top_level_await_and_the_loop_running_between_inputs(term: Terminal) -> None:
    assert "3\n" in term.line("await new Promise((r) => setTimeout(() => r(3), 20))")
    assert "undefined\n" in term.line("const v = await Promise.resolve(7)")
    assert "7\n" in term.line("v")
    term.line("setTimeout(() => console.log('tick from a timer'), 50); 0")
    term.read_until("tick from a timer")  # printed while the prompt waits


def test_require_is_relative_to_the_current_directory(term: Terminal, tmp_path: Path) -> None:
    (tmp_path / "lib.js").write_text("exports.answer = 42;")
    assert "42\n" in term.line("require('./lib').answer")
    assert "'b.js'\n" in term.line("require('path').basename('/a/b.js')")


def test_errors_are_reported_and_the_session_goes_on(term: Terminal) -> None:
    assert "Uncaught ReferenceError: nope is not defined" in term.line("nope")
    assert "Uncaught Error: boom" in term.line("throw new Error('boom')")
    assert "1\n" in term.line("1")


def test_ctrl_c_clears_input_then_exits_on_a_second_press(term: Terminal,
                                                          tmp_path: Path) -> None:
    term.send("function unfinished() {\r")
    term.read_until("... ")
    term.ctrl_c()                 # drop the unfinished input
    term.read_until("> ")
    assert "2\n" in term.line("1 + 1")
    term.ctrl_c()
    term.read_until("(To exit, press Ctrl+C again or Ctrl+D or type .exit)")
    term.ctrl_c()
    assert term.wait() == 0
    assert "1 + 1" in (tmp_path / "history").read_text()


def test_ctrl_d_and_dot_exit_end_the_session(tmp_path: Path) -> None:
    env = dict(os.environ, QJSBRIDGE_REPL_HISTORY="")
    for keys in ("\x04", ".exit\r"):
        t = Terminal([sys.executable, "-m", "qjsbridge", "repl"], tmp_path, env)
        t.read_until("> ")
        t.send(keys)
        assert t.wait() == 0


def test_ctrl_c_interrupts_a_runaway_input(term: Terminal) -> None:
    term.send("console.log('spin' + 'ning'); for (;;) {}\r")
    term.read_until("spinning\n")  # printed by the input: it is running (not the echoed line)
    term.send("\x03")
    assert "interrupted" in term.read_until("> ")
    assert "5\n" in term.line("2 + 3")


def test_process_exit_ends_the_session_with_its_code(term: Terminal) -> None:
    term.send("process.exit(4)\r")
    assert term.wait() == 4


def test_dot_help(term: Terminal) -> None:
    assert ".exit     Exit the REPL" in term.line(".help")


def test_piped_input_works_without_a_terminal(tmp_path: Path) -> None:
    out = io.StringIO()
    code = Repl(stdin=io.StringIO("let x = 20\nx + 1\n"), stdout=out, stderr=io.StringIO(),
                history="").run()
    assert code == 0 and "21\n" in out.getvalue()


def test_eval_has_require(tmp_path: Path) -> None:
    (tmp_path / "m.js").write_text("module.exports = 'from m';")
    proc = subprocess.run([sys.executable, "-m", "qjsbridge", "eval", "require('./m')"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stdout) == (0, "from m\n"), proc.stderr


@pytest.mark.parametrize(("source", "expected"), [
    ("let a = 1", "var a = 1"),
    ("const {x, y} = o; let z = 'let q'", "var {x, y} = o; var z = 'let q'"),
    ("class K { m() { let t = 1 } }", "var K = class K { m() { let t = 1 } }"),
    ("for (let i = 0; i < 3; i++) {}", "for (let i = 0; i < 3; i++) {}"),
    ("x = `const ${a}`; let d = 4", "x = `const ${a}`; var d = 4"),
    ("if (1) { let e = 5 }\nconst f = 6", "if (1) { let e = 5 }\nvar f = 6"),
    ("// let c = 1\nlet g = 7", "// let c = 1\nvar g = 7"),
])
def test_top_level_declarations_become_globals(source: str, expected: str) -> None:
    assert globalize(source) == expected
