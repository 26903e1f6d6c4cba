"""The public API: one curated ``__all__``, pinned, and one exception tree."""

from __future__ import annotations

import inspect

import qjsbridge
from qjsbridge.engine import errors

PUBLIC = [
    "AccessDeniedError", "BuilderError", "BusClosedError", "BusError", "BusHelper", "BusOptions",
    "CallCanceledError",
    "CallbackError", "Canceled", "CloseError", "ClosedError", "Context", "ContextError",
    "DeadlineExceeded", "Delivery", "EmitterClosedError", "EmitterRef", "FSWatchHelper",
    "FSWatchOptions", "GlobError", "GlobSetError", "HostError", "InMemoryBus", "Initializer",
    "JSError", "JSHandle", "JetStreamBus", "ListenerError", "Manager", "ManagerClosedError",
    "Message", "NativeModule", "NativeModuleSpec", "NodeGlobals", "OwnerClosedError",
    "OwnerDeadlockError", "Permissions", "QJSBridgeError", "Runtime", "RuntimeClosingError", "RuntimeFactory",
    "RuntimeFactoryBuilder", "RuntimeOptions", "RuntimeServices", "ScheduleRejectedError",
    "SetupContext", "SubscribeOptions", "TopicError", "VM", "background", "install", "with_cancel",
    "with_timeout",
]


def test_the_public_names_are_pinned() -> None:
    assert qjsbridge.__all__ == PUBLIC


def test_every_public_name_resolves_and_is_documented() -> None:
    for name in PUBLIC:
        value = getattr(qjsbridge, name)
        assert inspect.getdoc(value), f"{name} has no docstring"
    assert set(dir(qjsbridge)) >= set(PUBLIC)


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        qjsbridge.push_call_context  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "push_call_context" in str(exc)
    else:
        raise AssertionError("internal name reachable from the public namespace")


def test_every_exception_lives_in_one_module_under_one_root() -> None:
    classes = [getattr(qjsbridge, n) for n in PUBLIC if n.endswith("Error")
               or n in ("Canceled", "DeadlineExceeded")]
    for cls in classes:
        assert cls.__module__ == errors.__name__, cls
        assert issubclass(cls, qjsbridge.QJSBridgeError), cls
        assert "Raise" in (cls.__doc__ or "") or cls is qjsbridge.ListenerError, cls
        assert cls.__name__ in errors.__doc__, f"{cls.__name__} is missing from the drawn tree"
    assert sorted(errors.__all__) == sorted(c.__name__ for c in classes)


def test_the_closed_family_shares_one_base() -> None:
    closed = {qjsbridge.OwnerClosedError, qjsbridge.ScheduleRejectedError,
              qjsbridge.RuntimeClosingError, qjsbridge.EmitterClosedError,
              qjsbridge.ManagerClosedError, qjsbridge.BusClosedError}
    assert all(issubclass(cls, qjsbridge.ClosedError) for cls in closed)
    others = [getattr(qjsbridge, n) for n in errors.__all__]
    assert {c for c in others if issubclass(c, qjsbridge.ClosedError)} == closed | {
        qjsbridge.ClosedError}
    assert not issubclass(qjsbridge.OwnerDeadlockError, qjsbridge.CallCanceledError)
    assert issubclass(qjsbridge.GlobError, ValueError)
    assert issubclass(qjsbridge.DeadlineExceeded, TimeoutError)


def test_messages_do_not_speak_go() -> None:
    import re
    from pathlib import Path

    root = Path(qjsbridge.__file__).resolve().parent.parent
    pattern = re.compile(r"""["'][^"'\n]*\b(nil|panicked|runtimeowner|runtimebridge)\b""")
    hits = []
    for folder in ("engine", "jsevents", "fswatch", "bus", "qjsbridge"):
        for path in (root / folder).rglob("*.py"):
            for n, line in enumerate(path.read_text().splitlines(), 1):
                if pattern.search(line):
                    hits.append(f"{path.name}:{n}: {line.strip()}")
    assert hits == []
