"""The ``qjsbridge`` command line: ``run``, ``eval``, ``repl`` and ``help``."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, NoReturn, Union

from .engine.permissions import Permissions
from .runner import RunConfig, cwd_require, eval_code, run_file

if TYPE_CHECKING:
    import argparse

    from .bus.settings import BusSettings

    #: parsed arguments: argparse's, or the fast path's (see _fast_args)
    Args = Union[argparse.Namespace, SimpleNamespace]

__all__ = ["console_main", "main", "help_topics"]


def help_topics() -> dict[str, str]:
    """Topic name -> guide text, from the packaged ``docs/``."""
    from importlib import resources  # only here: it is slow to import (start-up)

    docs = resources.files("qjsbridge").joinpath("docs")
    out = {}
    for entry in docs.iterdir():
        if entry.name.endswith(".md"):
            out[entry.name[:-3]] = entry.read_text(encoding="utf-8")
    return dict(sorted(out.items()))


def _summary(text: str, width: int = 72) -> str:
    """The guide's title (its first ``# `` heading), shortened at a word boundary."""
    import textwrap

    for line in text.splitlines():
        if line.startswith("# "):
            return textwrap.shorten(line[2:].strip(), width=width, placeholder="...")
    return ""


def _find_topic(topics: dict[str, str], asked: str) -> str | None:
    """Topic names match case-insensitively, with or without ``.md``."""
    wanted = asked.strip().lower().removesuffix(".md")
    return next((name for name in topics if name.lower() == wanted), None)


def _permissions(args: Args) -> Permissions | None:
    """Node 20's permission flags -> Permissions (None without --permission: unrestricted)."""
    if not args.permission:
        if args.allow_fs_read or args.allow_fs_write or args.allow_child_process:
            sys.stderr.write("qjsbridge: --allow-fs-read/--allow-fs-write/--allow-child-process "
                             "have no effect without --permission\n")
        return None

    def paths(values: list[str]) -> list[str]:  # repeatable, and comma-separated like Node's
        return [p for v in values for p in v.split(",") if p]

    return Permissions(fs_read=paths(args.allow_fs_read), fs_write=paths(args.allow_fs_write),
                       child_process=args.allow_child_process)


def _config(args: Args, module_roots: list[str]) -> RunConfig:
    return RunConfig(module_roots=module_roots, watch_root=args.root,
                     allow_recursive=not args.no_recursive, max_debounce_ms=args.max_debounce,
                     force_polling=args.poll, bus=_bus_settings(args),
                     permissions=_permissions(args))


def _bus_settings(args: Args) -> BusSettings | None:
    """The ``--bus*`` flags and environment; None when they ask for nothing but the in-memory bus
    with its default limits (the run then imports the bus's settings only if a script uses it)."""
    env = os.environ
    url = args.bus if args.bus is not None else env.get("QJSBRIDGE_BUS")
    creds = args.bus_creds if args.bus_creds is not None else env.get("QJSBRIDGE_BUS_CREDS")
    given = (url, creds, args.bus_ca, args.bus_cert, args.bus_key, args.bus_max_age,
             args.bus_max_bytes, args.bus_max_msg_size)
    if all(value is None for value in given) and args.bus_storage == "file":
        return None
    from .bus.settings import DEFAULT_MAX_AGE, DEFAULT_MAX_BYTES, DEFAULT_MAX_MSG_SIZE, BusSettings

    max_age = args.bus_max_age if args.bus_max_age is not None else DEFAULT_MAX_AGE
    return BusSettings(
        url=url, creds=creds, tls_ca=args.bus_ca, tls_cert=args.bus_cert, tls_key=args.bus_key,
        storage=args.bus_storage, max_age=None if max_age == 0 else max_age,
        max_bytes=args.bus_max_bytes if args.bus_max_bytes is not None else DEFAULT_MAX_BYTES,
        max_msg_size=(args.bus_max_msg_size if args.bus_max_msg_size is not None
                      else DEFAULT_MAX_MSG_SIZE))


def _add_bus_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("message bus (bus.connect, bus.publish; see `qjsbridge help bus`)")
    g.add_argument("--bus", metavar="URL", default=None,
                   help="NATS JetStream server, e.g. nats://127.0.0.1:4222 or tls://host:4222 "
                        "(default: $QJSBRIDGE_BUS, else the in-memory bus)")
    g.add_argument("--bus-creds", metavar="FILE", default=None,
                   help="NATS credentials (.creds) file (default: $QJSBRIDGE_BUS_CREDS)")
    g.add_argument("--bus-ca", metavar="FILE", default=None, help="CA certificate (PEM) for TLS")
    g.add_argument("--bus-cert", metavar="FILE", default=None, help="client certificate (PEM)")
    g.add_argument("--bus-key", metavar="FILE", default=None, help="client key (PEM)")
    g.add_argument("--bus-storage", choices=["file", "memory"], default="file",
                   help="storage of the streams the bus creates (default: file)")
    g.add_argument("--bus-max-age", metavar="SECONDS", type=float, default=None,
                   help="discard stored messages older than this (default: 7 days; 0: never)")
    g.add_argument("--bus-max-bytes", metavar="BYTES", type=int, default=None,
                   help="stored bytes per stream before the oldest are discarded (default: 1 GiB)")
    g.add_argument("--bus-max-msg-size", metavar="BYTES", type=int, default=None,
                   help="largest message payload (default: 1 MiB)")


def _cmd_run(args: Args) -> int:
    if args.watch or args.watch_path:
        return _run_watch(args)
    return run_file(args.script, args.args, config=_config(args, args.module_root))


def _tool(name: str) -> str:
    """The path of a JS program shipped in ``qjsbridge/tools``."""
    from importlib import resources  # only here: it is slow to import (start-up)

    return str(resources.files("qjsbridge").joinpath("tools").joinpath(name))


def _run_watch(args: Args) -> int:
    """``run --watch``: the watch tool in run mode supervises ``qjsbridge run`` children."""
    import tempfile

    script = os.path.abspath(args.script)
    if not os.path.isfile(script):
        sys.stderr.write(f"qjsbridge: script file not found: {args.script}\n")
        return 1
    child = [sys.executable, "-m", "qjsbridge", "run", *_without_watch_flags(args.raw_argv, args),
             script, *args.args]
    with tempfile.TemporaryDirectory(prefix="qjsbridge-watch-") as tmp:
        tool_args = ["--report", os.path.join(tmp, "loaded-files"), "--label", args.script,
                     "--debounce", "100"]
        for extra in args.watch_path:
            tool_args += ["--watch-path", extra]
        tool_args += [os.path.dirname(script), "--", *child]
        return run_file(_tool("watch.js"), tool_args, config=RunConfig(allow_recursive=True))


def _without_watch_flags(raw: Sequence[str], args: Args) -> list[str]:
    """The ``run`` options given before the script, less ``--watch``/``--watch-path``: the
    child gets the same policy and flags."""
    options = list(raw[raw.index("run") + 1:])
    options = options[:len(options) - len(args.args) - 1]  # up to the script
    out: list[str] = []
    skip = False
    for token in options:
        if skip:
            skip = False
        elif token == "--watch":
            continue
        elif token == "--watch-path":
            skip = True
        elif not token.startswith("--watch-path="):
            out.append(token)
    return out


def _cmd_watch(tool_args: Sequence[str]) -> int:
    return run_file(_tool("watch.js"), tool_args, config=RunConfig(allow_recursive=True))


def _cmd_eval(args: Args) -> int:
    return eval_code(args.code, config=_config(args, [os.getcwd()]), initializers=[cwd_require()])


def _cmd_repl(args: Args) -> int:
    from .repl import Repl

    return Repl(config=_config(args, [os.getcwd()])).run()


def _add_permission_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("permissions (Node 20's permission model; see `qjsbridge help permissions`)")
    g.add_argument("--permission", "--experimental-permission", action="store_true",
                   help="deny file system access and child processes except what the --allow-* "
                        "flags grant")
    g.add_argument("--allow-fs-read", action="append", default=[], metavar="PATH",
                   help="with --permission: paths scripts may read (repeatable, comma-separated, "
                        "'*' for all)")
    g.add_argument("--allow-fs-write", action="append", default=[], metavar="PATH",
                   help="with --permission: paths scripts may write (repeatable, comma-separated, "
                        "'*' for all)")
    g.add_argument("--allow-child-process", action="store_true",
                   help="with --permission: scripts may start child processes")


def _add_watch_flags(p: argparse.ArgumentParser) -> None:
    _add_permission_flags(p)
    g = p.add_argument_group("file watching (fswatch.watch)")
    g.add_argument("--root", metavar="DIR", default=None,
                   help="directory scripts may watch inside (default: anywhere the permissions "
                        "allow reading)")
    g.add_argument("--no-recursive", action="store_true",
                   help="refuse recursive watches")
    g.add_argument("--max-debounce", metavar="MS", type=int, default=None,
                   help="largest debounceMs a script may ask for")
    g.add_argument("--poll", action="store_true",
                   help="make every watch poll (stat) instead of using inotify "
                        "(also QJSBRIDGE_FORCE_POLLING=1)")


def _cmd_help(args: Args) -> int:
    topics = help_topics()
    if not args.topic:
        sys.stdout.write("qjsbridge help topics (qjsbridge help TOPIC):\n\n")
        width = max((len(t) for t in topics), default=0)
        for name, text in topics.items():
            sys.stdout.write(f"  {name.ljust(width)}  {_summary(text, 76 - width)}\n")
        return 0
    found = _find_topic(topics, args.topic)
    if found is None:
        import difflib

        near = difflib.get_close_matches(args.topic.lower(), list(topics), n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        sys.stderr.write(f"qjsbridge: no help topic {args.topic!r}{hint}; topics: "
                         f"{', '.join(topics)}\n")
        return 2
    guide = topics[found]
    sys.stdout.write(guide if guide.endswith("\n") else guide + "\n")
    return 0


def _terminal_columns() -> int:
    """What ``shutil.get_terminal_size().columns`` gives: $COLUMNS, else the terminal's width,
    else 80 (argparse's default formatter imports shutil for this: ~4 ms of start-up)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    stdout = sys.__stdout__
    try:
        return (os.get_terminal_size(stdout.fileno()).columns or 80) if stdout is not None else 80
    except (ValueError, OSError):  # closed, detached, or not a terminal
        return 80


_formatter_class: type[argparse.HelpFormatter] | None = None


def _help_formatter() -> type[argparse.HelpFormatter]:
    """argparse's default formatter, as wide as the terminal less 2, as argparse makes it (a
    class made on first use: argparse is imported only when a command line needs it)."""
    global _formatter_class
    if _formatter_class is None:
        import argparse

        class _HelpFormatter(argparse.HelpFormatter):
            def __init__(self, prog: str) -> None:
                super().__init__(prog, width=_terminal_columns() - 2)

        _formatter_class = _HelpFormatter
    return _formatter_class


_COMMANDS = ("run", "watch", "eval", "repl", "help")


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with ``command``, with only that subcommand (building every
    subparser costs a few milliseconds: argparse looks its messages up in gettext's catalogues
    for each)."""
    import argparse

    wanted = _COMMANDS if command is None else (command,)
    _HelpFormatter = _help_formatter()
    p = argparse.ArgumentParser(
        prog="qjsbridge", formatter_class=_HelpFormatter,
        description="Run JavaScript in QuickJS with Node-style timers, events and host resources.",
    )
    from . import __version__

    p.add_argument("--version", action="version", version=f"qjsbridge {__version__}")
    sub = p.add_subparsers(dest="command")

    if "run" in wanted:
        _add_run(sub)
    if "watch" in wanted:
        wt = sub.add_parser("watch", add_help=False, formatter_class=_HelpFormatter,
                            help="run a command, and again on every change: "
                                 "qjsbridge watch [options] PATH... -- COMMAND [ARGS...]")
        wt.add_argument("tool_args", nargs=argparse.REMAINDER)  # main() hands them over unparsed
    if "eval" in wanted:
        ev = sub.add_parser("eval", formatter_class=_HelpFormatter,
                            help="evaluate CODE and print the result, like `node -p CODE`")
        _add_watch_flags(ev)
        _add_bus_flags(ev)
        ev.add_argument("code")
        ev.set_defaults(func=_cmd_eval)
    if "repl" in wanted:
        rp = sub.add_parser("repl", formatter_class=_HelpFormatter,
                            help="start an interactive session (also: qjsbridge with no "
                                 "arguments), like `node`")
        _add_watch_flags(rp)
        _add_bus_flags(rp)
        rp.set_defaults(func=_cmd_repl)
    if "help" in wanted:
        hp = sub.add_parser("help", formatter_class=_HelpFormatter,
                            help="list help topics or print one")
        hp.add_argument("topic", nargs="?")
        hp.set_defaults(func=_cmd_help)
    return p


def _add_run(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    import argparse

    _HelpFormatter = _help_formatter()
    # no abbreviations: a script argument such as --b must not be taken for --bus
    run = sub.add_parser("run", allow_abbrev=False, formatter_class=_HelpFormatter,
                         help="run a script (CommonJS or ES module), like `node SCRIPT`")
    run.add_argument("--module-root", action="append", default=[], metavar="DIR",
                     help="extra directory require() and import may load from (the script's own is allowed)")
    _add_watch_flags(run)
    _add_bus_flags(run)
    g = run.add_argument_group("restarting on changes (like `node --watch`)")
    g.add_argument("--watch", action="store_true",
                   help="restart the script when it or a file it loaded changes")
    g.add_argument("--watch-path", action="append", default=[], metavar="DIR",
                   help="also restart on changes under DIR (repeatable; implies --watch)")
    run.add_argument("script", help="the script to run")
    run.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the script (process.argv)")
    run.set_defaults(func=_cmd_run)


def _option_defaults() -> dict[str, object]:
    """What argparse gives the options of ``run``, ``eval`` and ``repl`` (permission, watch and
    bus flags) when none is given; tests/test_startup.py checks this against the parser."""
    return {"permission": False, "allow_fs_read": [], "allow_fs_write": [],
            "allow_child_process": False, "root": None, "no_recursive": False,
            "max_debounce": None, "poll": False, "bus": None, "bus_creds": None, "bus_ca": None,
            "bus_cert": None, "bus_key": None, "bus_storage": "file", "bus_max_age": None,
            "bus_max_bytes": None, "bus_max_msg_size": None}


#: The options of ``eval`` (and ``run``) as the fast path reads them: option -> (dest, kind),
#: kind "flag" (store_true), "append", "str", "int", "float" or the tuple of choices.
#: tests/test_startup.py checks both tables against the parsers' actions.
_EVAL_OPTIONS: dict[str, tuple[str, object]] = {
    "--permission": ("permission", "flag"), "--experimental-permission": ("permission", "flag"),
    "--allow-fs-read": ("allow_fs_read", "append"), "--allow-fs-write": ("allow_fs_write", "append"),
    "--allow-child-process": ("allow_child_process", "flag"), "--root": ("root", "str"),
    "--no-recursive": ("no_recursive", "flag"), "--max-debounce": ("max_debounce", "int"),
    "--poll": ("poll", "flag"), "--bus": ("bus", "str"), "--bus-creds": ("bus_creds", "str"),
    "--bus-ca": ("bus_ca", "str"), "--bus-cert": ("bus_cert", "str"),
    "--bus-key": ("bus_key", "str"), "--bus-storage": ("bus_storage", ("file", "memory")),
    "--bus-max-age": ("bus_max_age", "float"), "--bus-max-bytes": ("bus_max_bytes", "int"),
    "--bus-max-msg-size": ("bus_max_msg_size", "int"),
}
_RUN_OPTIONS: dict[str, tuple[str, object]] = {
    **_EVAL_OPTIONS, "--module-root": ("module_root", "append"), "--watch": ("watch", "flag"),
    "--watch-path": ("watch_path", "append"),
}


def _fast_options(tokens: list[str], table: dict[str, tuple[str, object]],
                  values: dict[str, object]) -> int | None:
    """Read the options at the start of ``tokens`` into ``values``; the index of the first
    positional, or None for anything the fast path leaves to argparse."""
    at = 0
    while at < len(tokens) and tokens[at].startswith("-"):
        name, eq, value = tokens[at].partition("=")
        spec = table.get(name)  # None: -h, --help, --, an abbreviation, a typo...
        if spec is None:
            return None
        dest, kind = spec
        if kind == "flag":
            if eq:
                return None
            values[dest] = True
            at += 1
            continue
        if not eq:
            if at + 1 >= len(tokens) or tokens[at + 1].startswith("-"):
                return None
            value = tokens[at + 1]
        at += 1 if eq else 2
        if kind == "append":
            appended = values[dest]
            assert isinstance(appended, list)
            values[dest] = [*appended, value]
        elif kind == "int" or kind == "float":
            try:
                values[dest] = int(value) if kind == "int" else float(value)
            except ValueError:
                return None
        elif isinstance(kind, tuple) and value not in kind:
            return None
        else:
            values[dest] = value
    return at


def _fast_args(raw: list[str]) -> SimpleNamespace | None:
    """The most common command lines, ``run [OPTIONS] SCRIPT [ARGS...]`` and ``eval [OPTIONS]
    CODE``, parsed without argparse (importing it, building the parser and gettext's catalogue
    look-ups cost 1.5-3 ms of start-up): the same values ``_parser().parse_args`` gives. None for
    anything else (help, ``--``, an unknown or malformed option, a missing or extra argument),
    which argparse parses, reports and documents as before."""
    if raw[:1] == ["run"]:
        values = {"module_root": [], **_option_defaults(), "watch": False, "watch_path": []}
        at = _fast_options(raw[1:], _RUN_OPTIONS, values)
        if at is None or at + 1 >= len(raw) or "--" in raw[at + 2:]:
            return None
        return SimpleNamespace(command="run", **values, script=raw[at + 1], args=raw[at + 2:],
                               func=_cmd_run)
    if raw[:1] == ["eval"]:
        values = _option_defaults()
        at = _fast_options(raw[1:], _EVAL_OPTIONS, values)
        if at is None or at + 2 != len(raw):
            return None
        return SimpleNamespace(command="eval", **values, code=raw[at + 1], func=_cmd_eval)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``qjsbridge`` console script."""
    raw = list(sys.argv[1:] if argv is None else argv)
    if raw[:1] == ["watch"]:  # its options are the JS program's own (argparse would eat them)
        return _cmd_watch(raw[1:])
    args: Args | None = _fast_args(raw)
    if args is None:
        args = _parser(raw[0] if raw[:1] and raw[0] in _COMMANDS else None).parse_args(raw)
    args.raw_argv = raw
    if args.command is None:  # `qjsbridge` alone: the REPL, as `node` alone is
        args = _parser("repl").parse_args(["repl"])
    code: int = args.func(args)
    return code


def console_main() -> NoReturn:
    """The ``qjsbridge`` console script and ``python -m qjsbridge``: :func:`main`, then exit."""
    _exit(main())


def _exit(code: int) -> NoReturn:
    """End the process the way Node does, without the interpreter's module-by-module teardown
    (about 10 ms): once no other thread is left, exit handlers (logging's flush, ...) have run
    and the output is flushed. Anything unusual takes the interpreter's own exit path."""
    import threading

    main_thread = threading.main_thread()
    if any(t is not main_thread and t.is_alive() and not t.daemon for t in threading.enumerate()):
        sys.exit(code)  # the interpreter waits for them
    import atexit

    try:
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except BaseException:
        sys.exit(code)  # a closed pipe, ...: reported (and the code set) as the interpreter does
    os._exit(code & 0xFF)


if __name__ == "__main__":  # pragma: no cover
    console_main()
