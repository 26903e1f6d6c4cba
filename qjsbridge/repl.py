"""The interactive session: ``qjsbridge`` with no arguments, or ``qjsbridge repl``.

It behaves like ``node``'s REPL: each input is evaluated as a global script (``let`` and ``const``
persist between inputs) and its value printed with ``util.inspect``; ``_`` holds the last value and
``_error`` the last error. ``require`` (and ``import()``, where the runtime supports it) resolve
relative to the current directory. Input that is not complete yet (an open brace, a trailing
operator) continues on a ``...`` line. ``await`` works at the top level. The event loop keeps
running between inputs, so timers and watchers fire while the prompt waits.

Keys and commands: Ctrl-C clears the current input (twice on an empty line exits), Ctrl-D exits,
``.exit``, ``.help``, ``.break``. History is kept in ``~/.qjsbridge_repl_history``
(``QJSBRIDGE_REPL_HISTORY`` names another file; an empty value turns it off).
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any, TextIO

from .engine.errors import JSError
from .engine.owner import wait_interruptibly
from .engine.runtime import Initializer, Runtime, SetupContext
from .engine.vm import VM, encode_json
from .runner import RunConfig, ScriptRunner, cwd_require, make_factory

__all__ = ["Repl", "cwd_require", "globalize", "is_incomplete", "main"]

PROMPT = "> "
CONTINUE = "... "
HELP = """\
.break    Sometimes you get stuck, this gets you out
.clear    Alias for .break
.exit     Exit the REPL
.help     Print this help message

Press Ctrl+C to abort current expression, Ctrl+D to exit the REPL
"""

# The JavaScript half: `_`/`_error`, and settling the promise of an input that used top-level
# await (`require` for the current directory is runner.cwd_require's).
_REPL_JS = """(function (Q) {
  "use strict";
  Q.ops["repl.install"] = () => {
    const define = (name, value) => Object.defineProperty(globalThis, name, { __proto__: null,
      value, writable: true, configurable: true, enumerable: false });
    define("_", undefined);
    define("_error", undefined);
    const inspect = Q.makeRequire(null)("util").inspect;
    define("__qjsbridgeRepl", Object.freeze({
      show(value) {
        globalThis._ = value;
        return inspect(value);
      },
      settle(promise) {
        promise.then(
          (value) => { globalThis._ = value; Q.hostCall("repl.settled", true, inspect(value)); },
          (error) => { globalThis._error = error; Q.hostCall("repl.settled", false, null); throw error; });
        return undefined;
      },
    }));
    return null;
  };
})"""

_INCOMPLETE_MESSAGES = re.compile(r"unexpected token in expression: ''|unexpected end of|unterminated")
_POSITION = re.compile(r"<input>:(\d+):(\d+)")
_DECLARATION = re.compile(r"^(\s*)(?:const|let|var)\s+([A-Za-z_$][\w$]*)(\s*=)", re.M)
_USES_AWAIT = re.compile(r"\bawait\b")


def is_incomplete(code: str, error: JSError) -> bool:
    """Whether a SyntaxError means "more input needed": it points past the end of the input."""
    if error.name != "SyntaxError":
        return False
    if _INCOMPLETE_MESSAGES.search(error.message):
        return True
    found = _POSITION.search(error.stack)
    if not found:
        return False
    lines = code.split("\n")
    line, column = int(found.group(1)), int(found.group(2))
    return line == len(lines) and column > len(lines[-1])


_IDENT_START = re.compile(r"[A-Za-z_$]")


def globalize(code: str) -> str:
    """Make the input's top-level ``let``/``const``/``class`` declarations global ``var``s, so they
    persist between inputs as in Node's REPL (each input runs as a separate global eval).

    A small scanner skips strings, template literals, comments and nested blocks; only
    declarations at the start of a top-level statement are rewritten.
    """
    out: list[str] = []
    i, n, depth = 0, len(code), 0
    statement_start = True
    while i < n:
        ch = code[i]
        if ch in "'\"`":
            j = i + 1
            while j < n and code[j] != ch:
                j += 2 if code[j] == "\\" else 1
            out.append(code[i:j + 1])
            i = j + 1
            statement_start = False
            continue
        if code.startswith("//", i):
            j = code.find("\n", i)
            j = n if j < 0 else j
            out.append(code[i:j])
            i = j
            continue
        if code.startswith("/*", i):
            j = code.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(code[i:j])
            i = j
            continue
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth = max(0, depth - 1)
            if ch == "}" and depth == 0:
                statement_start = True
                out.append(ch)
                i += 1
                continue
        if depth == 0 and statement_start and _IDENT_START.match(ch):
            word = re.match(r"[A-Za-z_$][\w$]*", code[i:])
            assert word is not None
            name = word.group(0)
            rest = code[i + len(name):]
            if name in ("let", "const") and re.match(r"\s+[A-Za-z_$\[{]", rest):
                out.append("var")
                i += len(name)
                statement_start = False
                continue
            declared = re.match(r"(\s+)([A-Za-z_$][\w$]*)", rest)
            if name == "class" and declared:
                out.append(f"var {declared.group(2)} = class")
                i += len(name)
                statement_start = False
                continue
            out.append(name)
            i += len(name)
            statement_start = False
            continue
        if ch == ";" and depth == 0 or ch == "\n" and depth == 0:
            statement_start = True
        elif not ch.isspace():
            statement_start = False
        out.append(ch)
        i += 1
    return "".join(out)


def _async_forms(code: str) -> list[str]:
    """Scripts that run ``code`` (which uses top-level await) in an async function whose promise
    the REPL waits for. Simple declarations (``const x = await f()``) become globals."""
    code = globalize(code)
    names = [m.group(2) for m in _DECLARATION.finditer(code)]
    body = _DECLARATION.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3)}", code)
    head = f"var {', '.join(names)};\n" if names else ""
    expression = body.strip().rstrip(";")
    as_value = f"{head}__qjsbridgeRepl.settle((async () => ({expression}\n))());"
    as_statements = f"{head}__qjsbridgeRepl.settle((async () => {{\n{body}\n}})());"
    # a declaration's value is `undefined`, as in Node; anything else may be an expression
    return [as_statements] if names else [as_value, as_statements]


class _ReplRunner(ScriptRunner):
    """Uncaught errors in timers and callbacks are printed, not fatal, as in Node's REPL."""

    def __init__(self, stderr: TextIO) -> None:
        super().__init__(stderr)
        self.exit_code: int | None = None
        self.exited = threading.Event()

    def on_exit(self, rt: Runtime, code: int) -> None:  # owner thread
        self.exit_code = code
        self.exited.set()

    def on_error(self, exc: BaseException, origin: str) -> None:  # owner thread
        text = exc.format() if isinstance(exc, JSError) else f"{type(exc).__name__}: {exc}"
        self._stderr.write(f"Uncaught {text}\n")
        self._stderr.flush()


class Repl:
    """One interactive session; ``run()`` returns the exit code."""

    def __init__(self, *, stdin: TextIO | None = None, stdout: TextIO | None = None,
                 stderr: TextIO | None = None, config: RunConfig | None = None,
                 history: str | None = None) -> None:
        self._in = stdin or sys.stdin
        self._out = stdout or sys.stdout
        self._err = stderr or sys.stderr
        self._config = config or RunConfig(module_roots=(os.getcwd(),))
        self._history = history
        self._runner = _ReplRunner(self._err)
        self._settled = threading.Event()
        self._settlement: tuple[bool, str | None] = (True, None)
        self._rt: Runtime | None = None

    # -- the runtime ------------------------------------------------------------------------------
    def _install(self, setup: SetupContext) -> None:  # owner thread
        setup.vm.register("repl.settled", self._on_settled)
        setup.install_js(_REPL_JS, "qjsbridge:repl.js")
        setup.vm.call_op("repl.install")

    def _on_settled(self, ok: bool, text: str | None) -> None:  # owner thread
        self._settlement = (ok, text)
        self._settled.set()

    def _start(self) -> Runtime:
        factory = make_factory(self._runner, ["qjsbridge"], self._config, self._out, self._err,
                               [cwd_require(), Initializer("qjsbridge.repl", self._install)],
                               exit_on_uncaught=False)
        return factory.new_runtime()

    def _start_with_sigint_for_the_main_thread(self) -> Runtime:
        """Start the runtime with SIGINT blocked in the threads it creates (they inherit the
        mask), so Ctrl-C always reaches the main thread: delivered to another thread, it would
        not wake the main thread's blocking read until the next key."""
        if not hasattr(signal, "pthread_sigmask") or (
                threading.current_thread() is not threading.main_thread()):
            return self._start()
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            return self._start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)

    # -- evaluation -------------------------------------------------------------------------------
    def evaluate(self, code: str) -> str | None:
        """Evaluate one complete input; returns the text to print, or None when ``code`` is not
        complete yet. Errors are printed as Node prints them (``Uncaught ...``)."""
        assert self._rt is not None
        rt = self._rt
        try:
            text: str = rt.call(lambda c, vm: self._eval_script(vm, code), op="repl.eval")
            return text
        except JSError as exc:
            if is_incomplete(globalize(code), exc):
                return None
            if exc.name == "SyntaxError" and _USES_AWAIT.search(code):
                return self._evaluate_async(code, exc)
            return self._uncaught(exc)

    def _eval_script(self, vm: VM, code: str) -> str:  # owner thread
        shown = vm.eval(f"__qjsbridgeRepl.show(eval({json.dumps(globalize(code))}))")
        return str(shown)

    def _evaluate_async(self, code: str, original: JSError) -> str:
        assert self._rt is not None
        for form in _async_forms(code):
            self._settled.clear()
            try:
                self._rt.eval(form)
            except JSError as exc:
                if exc.name == "SyntaxError":
                    continue
                return self._uncaught(exc)
            wait_interruptibly(self._settled)  # (Ctrl-C must reach the main thread)
            ok, text = self._settlement
            return text if ok and text is not None else ""
        return self._uncaught(original)

    @staticmethod
    def _uncaught(exc: JSError) -> str:
        header = f"{exc.name}: {exc.message}" if exc.name else exc.message
        frames = [line for line in exc.stack.splitlines()[1:]
                  if "<input>" not in line and "qjsbridge:" not in line and "(native)" not in line]
        return "\n".join([f"Uncaught {header}", *frames])

    # -- the loop ---------------------------------------------------------------------------------
    def run(self) -> int:
        """Read, evaluate, print, until ``.exit``, Ctrl-D, or ``process.exit()``."""
        interactive = self._in.isatty()
        history = _History(self._history) if interactive else None
        self._rt = self._start_with_sigint_for_the_main_thread()
        buffer: list[str] = []
        interrupted_once = False
        try:
            while not self._runner.exited.is_set():
                try:
                    line = self._read(CONTINUE if buffer else PROMPT, interactive)
                except KeyboardInterrupt:
                    self._out.write("\n")
                    if buffer:
                        buffer.clear()
                        interrupted_once = False
                    elif interrupted_once:
                        break
                    else:
                        interrupted_once = True
                        self._out.write("(To exit, press Ctrl+C again or Ctrl+D or type .exit)\n")
                    continue
                except EOFError:
                    if interactive:
                        self._out.write("\n")
                    break
                interrupted_once = False
                if not buffer and line.strip().startswith("."):
                    if self._command(line.strip()):
                        break
                    continue
                if line.strip() in (".break", ".clear"):
                    buffer.clear()
                    continue
                buffer.append(line)
                code = "\n".join(buffer)
                if not code.strip():
                    buffer.clear()
                    continue
                try:
                    result = self.evaluate(code)
                except KeyboardInterrupt:
                    self._rt.loop.interrupt()
                    self._out.write("Uncaught Error: Script execution was interrupted by `SIGINT`\n")
                    buffer.clear()
                    continue
                if self._runner.exited.is_set():  # process.exit() from this input
                    break
                if result is None:
                    continue
                buffer.clear()
                self._out.write(result + "\n")
                self._out.flush()
        finally:
            if history is not None:
                history.save()
            self._rt.close()
        return self._runner.exit_code or 0

    def _read(self, prompt: str, interactive: bool) -> str:
        if interactive and self._in is sys.stdin:
            return input(prompt)
        self._out.write(prompt)
        self._out.flush()
        line = self._in.readline()
        if not line:
            raise EOFError
        return line.rstrip("\n")

    def _command(self, command: str) -> bool:
        """Run a dot-command; True to exit."""
        if command == ".exit":
            return True
        if command == ".help":
            self._out.write(HELP)
        elif command in (".break", ".clear"):
            pass
        else:
            self._out.write("Invalid REPL keyword\n")
        return False


class _History:
    """Line history through the ``readline`` module, where Python has it."""

    def __init__(self, path: str | None) -> None:
        self._readline: Any = None
        default = os.path.join(os.path.expanduser("~"), ".qjsbridge_repl_history")
        self._path = path if path is not None else os.environ.get("QJSBRIDGE_REPL_HISTORY",
                                                                   default)
        try:
            import readline
        except ImportError:  # Python built without it: plain input() still works
            return
        self._readline = readline
        readline.set_history_length(1000)
        if self._path:
            try:
                readline.read_history_file(self._path)
            except OSError:
                pass

    def save(self) -> None:
        if self._readline is not None and self._path:
            try:
                self._readline.write_history_file(self._path)
            except OSError:
                pass


def main(config: RunConfig | None = None) -> int:
    """Run an interactive session on the process's stdin/stdout."""
    return Repl(config=config).run()

