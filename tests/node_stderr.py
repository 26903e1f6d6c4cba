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
* ``... N lines matching cause stack trace ...`` (``util.inspect`` of an error whose frames
  end like its cause's) is replaced by the N frames it stands for, taken from the cause's frames
  printed below it: each engine decides what to collapse counting its internal frames too;
* after ``Emitted 'error' event at:`` (an uncaught error thrown by ``emit("error", err)``), the
  line ``[... lines matching original stack trace ...]`` is replaced by the frames it stands for
  (the error's own, between the frames above and below it): each engine decides what to
  collapse counting its internal frames too; the heading goes when the emit has no frame in a
  user file (qjsbridge then prints neither);
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
_CAUSE_RUN = re.compile(r"^(?P<indent>\s*)\.\.\. (?P<count>\d+) lines? matching cause stack trace \.\.\.$")
_CAUSE = re.compile(r"^(?P<indent>\s*)\[cause\]: ")


def _expand_cause_runs(lines: list[str]) -> list[str]:
    """``lines`` with each ``... N lines matching cause stack trace ...`` replaced by the N
    frames it hides: the cause's (printed in full below), after the one the frame above it
    matches (see the module docstring)."""
    out: list[str] = []
    for i, line in enumerate(lines):
        run = _CAUSE_RUN.match(line)
        if run is None or not out:
            out.append(line)
            continue
        cause = next((k for k in range(i + 1, len(lines)) if _CAUSE.match(lines[k])), None)
        frames: list[str] = []
        if cause is not None:
            for below in lines[cause + 1:]:
                if not below.lstrip().startswith("at "):
                    break
                frames.append(below.strip().removesuffix(" {"))
        above = out[-1].strip()
        if above not in frames:
            out.append(line)
            continue
        start = frames.index(above) + 1
        indent = run.group("indent")
        out.extend(indent + frame for frame in frames[start:start + int(run.group("count"))])
    return out


_EMITTED = re.compile(r"^Emitted 'error' event(?: on .* instance)? at:$")
_MATCHING = "    [... lines matching original stack trace ...]"


def _expand_emitted_frames(lines: list[str]) -> list[str]:
    """``lines`` with each ``[... lines matching original stack trace ...]`` after an
    ``Emitted 'error' event at:`` replaced by the frames it hides (see the module docstring)."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        if not _EMITTED.match(line):
            continue
        theirs: list[str] = []   # the error's frames, just above
        j = len(out) - 2
        while j >= 0 and out[j].startswith("    at "):
            theirs.insert(0, out[j])
            j -= 1
        own: list[str] = []
        while i < len(lines) and (lines[i].startswith("    at ") or lines[i].startswith(_MATCHING)):
            own.append(lines[i])
            i += 1
        if not any(_is_user_frame(_FRAME.match(frame)) for frame in own):
            out.pop()   # only internal frames: qjsbridge prints no heading for none
            out.extend(own)
            continue
        braced = own[-1].endswith(" {")   # the error's properties follow
        if braced:
            own[-1] = own[-1][:-2]
        marker = next((k for k, frame in enumerate(own) if frame.startswith(_MATCHING)), None)
        if marker is not None and 0 < marker < len(own) - 1 and own[marker - 1] in theirs:
            # the hidden frames are the error's own between the two the marker sits between
            first = theirs.index(own[marker - 1])
            if own[marker + 1] in theirs[first + 1:]:
                last = theirs.index(own[marker + 1], first + 1)
                own[marker:marker + 1] = theirs[first + 1:last]
        if braced:
            own[-1] += " {"
        out.extend(own)
    return out


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
    lines = _expand_emitted_frames(_expand_cause_runs(text.split("\n")))
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
