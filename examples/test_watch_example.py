"""An example of testing file-watching code with the qjsbridge pytest plugin.

Copy it into your test suite: installing qjsbridge is all the set-up it needs. No test here
sleeps: each waits for an event with a deadline, and the quiet check proves silence with a
sentinel file.
"""

from qjsbridge.testing import FileOps, TestRuntime


def test_a_new_file_is_one_create_event(qjs: TestRuntime, fs_ops: FileOps) -> None:
    watch = qjs.watch(".", recursive=True)
    fs_ops.write("notes.txt", "hello\n")
    event = watch.wait_for(op="CREATE", path="notes.txt")
    assert event["isDir"] is False


def test_ignored_files_make_no_events(qjs: TestRuntime, fs_ops: FileOps) -> None:
    watch = qjs.watch(".", recursive=True, exclude=["**/*.tmp"])
    fs_ops.write("scratch.tmp")
    watch.assert_quiet()                       # nothing at all was reported
    fs_ops.atomic_save("config.json", "{}")    # temp file + rename over the target
    watch.wait_for(path="config.json")


def test_a_script_reacts_to_changes(qjs: TestRuntime, fs_ops: FileOps) -> None:
    fs_ops.write("watcher.js", """
        const EventEmitter = require("events");
        const em = new EventEmitter();
        globalThis.seen = [];
        fswatch.watch("src", em, { recursive: true });
        em.on("event", (ev) => seen.push(ev.relativeName));
    """)
    (qjs.root / "src").mkdir()
    qjs.run_main("watcher.js")
    watch = qjs.watch("src", recursive=True)    # a second watch, to know when the first has seen it
    fs_ops.mkdir_then_file("src/deep/er/file.js")
    watch.wait_for(path="deep/er/file.js")
    watch.assert_quiet(op="REMOVE")
    assert "deep/er/file.js" in qjs.eval("seen")


def test_a_script_run_like_the_command_line(qjs_run) -> None:
    result = qjs_run('console.log("hi"); process.exitCode = 3;')
    assert (result.exit_code, result.stdout_lines) == (3, ["hi"])
