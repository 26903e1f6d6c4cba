"""Normalised stderr for the Node-differential scripts (``tests/js/<suite>/*.stderr``).

Node and qjsbridge print an uncaught error the same way (``util.inspect`` of it), but their
engines differ in what surrounds it, so both outputs are reduced to what must agree:

* Node's source excerpt above an uncaught error (``file:line``, the line, a caret) and its
  ``Node.js v20...`` trailer go; so do the hint lines both print below a thrown non-Error
  (``(Use `node --trace-uncaught ...`...``, ``(a value that is not an Error was thrown...``);
* a SyntaxError Node raises while compiling or linking (a missing export) has only Node's
  internal frames: the excerpt's ``file:line`` is where it happened, which qjsbridge prints as
  the error's frame, so it takes the place of those frames (``    at main.mjs:3``) when the
  error has no frame in a user file;
* a stack frame keeps only the user file's base name and the line (``    at main.js:3``):
  function names and columns differ between V8 and QuickJS. Frames without a user file (Node's
  ``node:internal`` frames, native ones) go; qjsbridge prints no internal frames at all;
* Node 20's warnings about its experimental permission model go;
* ``(node:PID)`` before a warning reads ``(qjsbridge)``; the absolute directory of the script is
  removed from paths in messages.
"""

from __future__ import annotations

import re

_LOCATION = re.compile(r"^(/\S+|node:\S+|file://\S+):\d+$")
_CARET = re.compile(r"^ *\^+ *$")
_FRAME = re.compile(r"^\s+at (?:.*?\()?(?P<file>[^()\s]+?):(?P<line>\d+):\d+\)?(?P<rest>.*)$")
_HINTS = ("(Use `node --trace-", "(a value that is not an Error was thrown")
# Warnings only Node prints: its permission model is experimental in Node 20 (not in qjsbridge).
_NODE_ONLY = re.compile(r"^\(node:\d+\) (ExperimentalWarning: Permission is an experimental feature|"
                        r"SecurityWarning: The flag --allow-child-process must be used with)")


def _is_user_frame(frame: re.Match[str] | None) -> bool:
    return frame is not None and frame.group("file").startswith(("/", "file:///"))


def _user_frames(lines: list[str], start: int) -> bool:
    """Whether the error printed from ``lines[start]`` on has a frame in a user file."""
    seen_frame = False
    for line in lines[start:]:
        if line.lstrip().startswith("at "):
            seen_frame = True
            if _is_user_frame(_FRAME.match(line)):
                return True
        elif seen_frame or line.startswith("Node.js v"):
            return False
    return False


def normalize_stderr(text: str, script_dir: str) -> str:
    """The comparable part of a script's stderr; see the module docstring."""
    lines = text.split("\n")
    out: list[str] = []
    location: str | None = None   # of the excerpt above a SyntaxError, until its first frame
    i = 0
    while i < len(lines):
        line = lines[i]
        if _LOCATION.match(line) and i + 2 < len(lines) and _CARET.match(lines[i + 2]):
            # Node's source excerpt: location, source line, caret, and a blank line for Errors
            if out and out[-1] == "":
                out.pop()
            i += 3
            if i < len(lines) and lines[i] == "":
                i += 1
            location = None
            if i < len(lines) and lines[i].startswith("SyntaxError") and not _user_frames(lines, i):
                file, _, number = line.rpartition(":")
                location = f"    at {file.rsplit('/', 1)[-1]}:{number}"
            continue
        if line.startswith("Node.js v"):
            while out and out[-1] == "":
                out.pop()
            i += 1
            continue
        if line.startswith(_HINTS) or _NODE_ONLY.match(line):
            i += 1
            continue
        if line.lstrip().startswith("at "):
            frame = _FRAME.match(line)
            user = _is_user_frame(frame)
            if location is not None and not user:
                out.append(location)
            location = None
            if frame is None or not user:
                if line.endswith(" {") and out:
                    out[-1] += " {"
                i += 1
                continue
            name = frame.group("file").rsplit("/", 1)[-1]
            out.append(f"    at {name}:{frame.group('line')}{frame.group('rest')}")
            i += 1
            continue
        out.append(re.sub(r"^\(node:\d+\) ", "(qjsbridge) ", line))
        i += 1
    result = "\n".join(out)
    return result.replace(script_dir.rstrip("/") + "/", "")
