"""The report of an uncaught error thrown by ``emit("error", err)`` (no ``error`` listener):
what qjsbridge prints itself, beyond what the Node-differential scripts compare after
normalising (``tests/js/events/unhandled_error_event*.js``)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from qjsbridge.engine.errors import JSError
from qjsbridge.engine.runtime import Runtime
from qjsbridge.runner import run_file
from qjsbridge.testing import ConsoleRecorder
from tests.conftest import wait_for
from tests.node_stderr import normalize_stderr


def test_the_report_shows_where_the_error_was_emitted(tmp_path: Path) -> None:
    script = tmp_path / "main.js"
    script.write_text(
        'const EventEmitter = require("events");\n'
        "class Bus extends EventEmitter {}\n"
        "const early = new Error('made early');\n"
        "function emitIt(bus) {\n"
        "  bus.emit('error', early);\n"
        "}\n"
        "emitIt(new Bus());\n")
    err = io.StringIO()
    assert run_file(str(script), stdout=io.StringIO(), stderr=err) == 1
    lines = err.getvalue().splitlines()
    assert lines[0] == "Error: made early"
    assert lines[1].startswith("    at ") and lines[1].endswith(f"({script}:3:{lines[1].rsplit(':', 1)[1]}")
    assert lines[2] == "Emitted 'error' event on Bus instance at:"
    assert lines[3].startswith("    at emitIt (") and f"{script}:5:" in lines[3]
    assert f"{script}:7:" in lines[4]
    assert len(lines) == 5   # no internal frame anywhere


def test_frames_shared_with_the_error_are_collapsed_like_nodes(tmp_path: Path) -> None:
    script = tmp_path / "main.js"
    script.write_text(
        'const EventEmitter = require("events");\n'
        "function f1(em) { const e = new Error('deep'); e.code = 'E1'; em.emit('error', e); }\n"
        "function f2(em) { f1(em); }\n"
        "function f3(em) { f2(em); }\n"
        "function f4(em) { f3(em); }\n"
        "function f5(em) { f4(em); }\n"
        "f5(new EventEmitter());\n")
    err = io.StringIO()
    assert run_file(str(script), stdout=io.StringIO(), stderr=err) == 1
    text = err.getvalue()
    head, emitted = text.split("Emitted 'error' event at:\n")
    assert len(head.splitlines()) == 7   # the header and f1..f5 and the top level
    frames = emitted.splitlines()
    assert frames[0].startswith("    at f1 (") and frames[1].startswith("    at f2 (")
    assert frames[2] == "    [... lines matching original stack trace ...]"
    assert f"{script}:7:" in frames[3] and frames[3].endswith(" {")
    assert frames[4:] == ["  code: 'E1'", "}"]


def test_embedders_get_the_report_and_the_error_keeps_its_stack(
        make_runtime: Callable[..., Runtime], console: ConsoleRecorder, tmp_path: Path) -> None:
    errors: list[BaseException] = []
    rt = make_runtime(error_handler=lambda exc, origin: errors.append(exc), module_roots=[tmp_path])
    (tmp_path / "main.js").write_text("""
      const EventEmitter = require("events");
      const failed = new Error("nobody listens");
      // (a microtask's error is reported as it is raised: with the text Node would print)
      queueMicrotask(function emitter() { new EventEmitter().emit("error", failed); });
      setTimeout(() => console.log("afterwards:", failed.stack.includes("Emitted")), 20);""")
    rt.run_main(tmp_path / "main.js")
    wait_for(lambda: "afterwards" in console.stdout, message="the second timer")
    [exc] = errors
    assert isinstance(exc, JSError) and exc.inspected is not None
    assert "\nEmitted 'error' event at:\n    at emitter (" in exc.inspected
    assert console.stdout == "afterwards: false\n"
    assert rt.exit_code is None


def test_a_frozen_error_is_reported_without_the_emit_like_nodes(tmp_path: Path) -> None:
    script = tmp_path / "main.js"
    script.write_text('new (require("events"))().emit("error", Object.freeze(new Error("cold")));\n')
    err = io.StringIO()
    assert run_file(str(script), stdout=io.StringIO(), stderr=err) == 1
    assert err.getvalue().startswith("Error: cold\n    at ")
    assert "Emitted" not in err.getvalue()


def test_node_stderr_expands_the_matching_lines_it_collapsed() -> None:
    node = ("node:events:502\n      throw er; // Unhandled 'error' event\n      ^\n\n"
            "Error: anon class\n"
            "    at a (/d/m.js:3:33)\n    at Array.forEach (<anonymous>)\n"
            "    at Object.<anonymous> (/d/m.js:4:5)\n"
            "    at Module._compile (node:internal/modules/cjs/loader:1521:14)\n"
            "    at Module.load (node:internal/modules/cjs/loader:1266:32)\n"
            "    at node:internal/main/run_main_module:28:49\n"
            "Emitted 'error' event on  instance at:\n"
            "    at a (/d/m.js:3:19)\n    at Array.forEach (<anonymous>)\n"
            "    [... lines matching original stack trace ...]\n"
            "    at node:internal/main/run_main_module:28:49 {\n"
            "  code: 'E1'\n}\n\nNode.js v20.20.2\n")
    assert normalize_stderr(node, "/d") == (
        "Error: anon class\n    at m.js:3\n    at m.js:4\n"
        "Emitted 'error' event on  instance at:\n    at m.js:3\n    at m.js:4 {\n"
        "  code: 'E1'\n}\n")


def test_node_stderr_drops_an_emit_heading_without_user_frames() -> None:
    node = ("Error: stream broke\n    at Object.<anonymous> (/d/s.js:3:11)\n"
            "    at Module._compile (node:internal/modules/cjs/loader:1521:14)\n"
            "Emitted 'error' event on Readable instance at:\n"
            "    at emitErrorNT (node:internal/streams/destroy:169:8)\n"
            "    at process.processTicksAndRejections (node:internal/process/task_queues:82:21)\n"
            "\nNode.js v20.20.2\n")
    assert normalize_stderr(node, "/d") == "Error: stream broke\n    at s.js:3\n"


def test_node_stderr_expands_the_frames_shared_with_a_cause() -> None:
    node = ("Error: with cause\n"
            "    at Object.<anonymous> (/d/m.js:3:13)\n"
            "    at Module._compile (node:internal/modules/cjs/loader:1521:14)\n"
            "    ... 2 lines matching cause stack trace ...\n"
            "    at node:internal/main/run_main_module:28:49 {\n"
            "  [cause]: Error: root\n"
            "      at f (/d/m.js:2:9)\n"
            "      at Object.<anonymous> (/d/m.js:3:46)\n"
            "      at Module._compile (node:internal/modules/cjs/loader:1521:14)\n"
            "      at g (/d/m.js:9:1)\n"
            "      at Module.load (node:internal/modules/cjs/loader:1266:32)\n"
            "      at node:internal/main/run_main_module:28:49\n"
            "}\n\nNode.js v20.20.2\n")
    assert normalize_stderr(node, "/d") == (
        "Error: with cause\n    at m.js:3\n    at m.js:9 {\n"
        "  [cause]: Error: root\n    at m.js:2\n    at m.js:3\n    at m.js:9\n}\n")
