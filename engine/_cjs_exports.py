"""Which names a CommonJS module exports, found by reading its source (never running it).

``import { x } from "./file.cjs"`` needs the export names before the module runs. Node finds them
with a lexer (cjs-module-lexer); this is our own, for the same documented forms:

* ``exports.a = ...``, ``exports["a"] = ...``, ``module.exports.a = ...`` (and ``[...]``);
* ``Object.defineProperty(exports, "a", d)`` (also on ``module.exports``) when reading ``d``
  cannot run code: ``{ value: ... }``, or ``{ enumerable: true, get: function () { return
  a.b; } }`` (``get () {...}``, ``get: () => a.b`` too);
* ``module.exports = { a, b: c, "d": e, ...require("x") }`` (names up to the first entry that is
  not of these forms);
* re-exports: ``module.exports = require("x")``, ``...require("x")`` in that literal,
  ``__exportStar(require("x"), exports)`` and ``__export(require("x"))`` (TypeScript/Babel).

Comments, strings, template literals and regular expressions are skipped, so text inside them
never counts. A name is detected, not promised: its value is whatever the module's exports hold
when it has run (``undefined`` if it never set it).
"""

from __future__ import annotations

import re

__all__ = ["detect_exports"]

_IDENT = re.compile(r"[A-Za-z_$\u0080-\uffff][\w$\u0080-\uffff]*")
_NUMBER = re.compile(r"\d[\w.]*|\.\d[\w]*")
_PUNCT3 = ("===", "!==", "...", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=")
_PUNCT2 = ("==", "!=", "<=", ">=", "=>", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=",
           "/=", "%=", "&=", "|=", "^=", "<<", ">>", "**")
# After these tokens a "/" starts a regular expression, not a division.
_REGEX_AFTER_WORDS = {"return", "typeof", "instanceof", "in", "of", "new", "delete", "void",
                      "throw", "case", "do", "else", "yield", "await"}

Token = tuple[str, str]  # (kind, text): kind is "id", "str", "num", "p" (punctuation)


def _skip_string(src: str, i: int, quote: str) -> tuple[str, int]:
    out = []
    i += 1
    n = len(src)
    while i < n:
        c = src[i]
        if c == "\\" and i + 1 < n:
            nxt = src[i + 1]
            simple = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
            if nxt == "u" and src[i + 2:i + 3] == "{":
                end = src.find("}", i + 3)
                try:
                    out.append(chr(int(src[i + 3:end], 16)))
                except ValueError:
                    pass
                i = end + 1 if end > 0 else n
                continue
            if nxt == "u":
                try:
                    out.append(chr(int(src[i + 2:i + 6], 16)))
                except ValueError:
                    pass
                i += 6
                continue
            if nxt == "x":
                try:
                    out.append(chr(int(src[i + 2:i + 4], 16)))
                except ValueError:
                    pass
                i += 4
                continue
            if nxt in "\r\n":
                i += 2
                continue
            out.append(simple.get(nxt, nxt))
            i += 2
            continue
        if c == quote:
            return "".join(out), i + 1
        if c == "\n":
            break  # unterminated: stop at the line end
        out.append(c)
        i += 1
    return "".join(out), i


def _skip_template(src: str, i: int) -> int:
    """Index after the template literal starting at ``src[i] == '`'`` (nested ``${}`` too)."""
    i += 1
    n = len(src)
    while i < n:
        c = src[i]
        if c == "\\":
            i += 2
            continue
        if c == "`":
            return i + 1
        if c == "$" and src[i + 1:i + 2] == "{":
            depth = 1
            i += 2
            while i < n and depth:
                c = src[i]
                if c in "'\"":
                    _, i = _skip_string(src, i, c)
                    continue
                if c == "`":
                    i = _skip_template(src, i)
                    continue
                if c == "{":
                    depth += 1
                elif c == "}":
                    depth -= 1
                i += 1
            continue
        i += 1
    return n


def _skip_regex(src: str, i: int) -> int:
    i += 1
    n = len(src)
    in_class = False
    while i < n:
        c = src[i]
        if c == "\\":
            i += 2
            continue
        if c == "\n":
            return i
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
        elif c == "/":
            i += 1
            while i < n and (src[i].isalnum() or src[i] in "_$"):
                i += 1
            return i
        i += 1
    return n


def _tokens(src: str) -> list[Token]:
    out: list[Token] = []
    i, n = 0, len(src)
    if src.startswith("#!"):
        i = src.find("\n")
        i = n if i < 0 else i
    while i < n:
        c = src[i]
        if c.isspace():
            i += 1
            continue
        if src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
            continue
        if src.startswith("/*", i):
            j = src.find("*/", i + 2)
            i = n if j < 0 else j + 2
            continue
        if c in "'\"":
            text, i = _skip_string(src, i, c)
            out.append(("str", text))
            continue
        if c == "`":
            i = _skip_template(src, i)
            out.append(("tpl", ""))
            continue
        if c == "/":
            prev = out[-1] if out else None
            if (prev is None or (prev[0] == "p" and prev[1] not in (")", "]", "}"))
                    or (prev[0] == "id" and prev[1] in _REGEX_AFTER_WORDS)):
                i = _skip_regex(src, i)
                out.append(("re", ""))
                continue
        m = _IDENT.match(src, i)
        if m:
            out.append(("id", m.group()))
            i = m.end()
            continue
        m = _NUMBER.match(src, i)
        if m:
            out.append(("num", m.group()))
            i = m.end()
            continue
        for p in _PUNCT3:
            if src.startswith(p, i):
                out.append(("p", p))
                i += len(p)
                break
        else:
            for p in _PUNCT2:
                if src.startswith(p, i):
                    out.append(("p", p))
                    i += len(p)
                    break
            else:
                out.append(("p", c))
                i += 1
    return out


def _is(tok: list[Token], i: int, kind: str, text: str | None = None) -> bool:
    return i < len(tok) and tok[i][0] == kind and (text is None or tok[i][1] == text)


def _exports_ref(tok: list[Token], i: int) -> int:
    """Index after ``exports`` or ``module.exports`` at ``i`` (not a member of something), else -1."""
    if i > 0 and _is(tok, i - 1, "p", ".") or i > 0 and _is(tok, i - 1, "p", "?."):
        return -1
    if _is(tok, i, "id", "exports"):
        return i + 1
    if _is(tok, i, "id", "module") and _is(tok, i + 1, "p", ".") and _is(tok, i + 2, "id", "exports"):
        return i + 3
    return -1


def _require_call(tok: list[Token], i: int) -> tuple[str, int] | None:
    if (_is(tok, i, "id", "require") and _is(tok, i + 1, "p", "(") and _is(tok, i + 2, "str")
            and _is(tok, i + 3, "p", ")")):
        return tok[i + 2][1], i + 4
    return None


def _object_literal(tok: list[Token], i: int, names: list[str], reexports: list[str]) -> None:
    """Names of ``{ a, b: c, "d": e, ...require("x") }`` starting at ``tok[i] == "{"``."""
    i += 1
    while i < len(tok):
        if _is(tok, i, "p", "}"):
            return
        if _is(tok, i, "p", "..."):
            req = _require_call(tok, i + 1)
            if req is None:
                return
            reexports.append(req[0])
            i = req[1]
        elif tok[i][0] in ("id", "str"):
            key = tok[i][1]
            if _is(tok, i + 1, "p", ",") or _is(tok, i + 1, "p", "}"):
                if tok[i][0] != "id":
                    return
                names.append(key)
                i += 1
            elif _is(tok, i + 1, "p", ":"):
                j = i + 2
                # the value: an identifier, optionally a member chain (a.b.c)
                if not _is(tok, j, "id"):
                    return
                j += 1
                while _is(tok, j, "p", ".") and _is(tok, j + 1, "id"):
                    j += 2
                if not (_is(tok, j, "p", ",") or _is(tok, j, "p", "}")):
                    return
                names.append(key)
                i = j
            else:
                return
        else:
            return
        if _is(tok, i, "p", ","):
            i += 1
        elif not _is(tok, i, "p", "}"):
            return


def _member_chain(tok: list[Token], i: int) -> int:
    """Index after ``a``, ``a.b``, ``a["b"]``... at ``i``, else -1."""
    if not _is(tok, i, "id"):
        return -1
    i += 1
    while True:
        if _is(tok, i, "p", ".") and _is(tok, i + 1, "id"):
            i += 2
        elif _is(tok, i, "p", "[") and _is(tok, i + 1, "str") and _is(tok, i + 2, "p", "]"):
            i += 3
        else:
            return i


def _plain_descriptor(tok: list[Token], i: int) -> bool:
    """A descriptor that cannot run code when read: ``{ value: ... }``, or ``{ enumerable:
    true, get: function () { return a.b; } }`` (also ``get () {...}`` and ``get: () => a.b``)."""
    if not _is(tok, i, "p", "{"):
        return False
    if _is(tok, i + 1, "id", "value") and _is(tok, i + 2, "p", ":"):
        return True
    if not (_is(tok, i + 1, "id", "enumerable") and _is(tok, i + 2, "p", ":")
            and _is(tok, i + 3, "id", "true") and _is(tok, i + 4, "p", ",")
            and _is(tok, i + 5, "id", "get")):
        return False
    j = i + 6
    if _is(tok, j, "p", ":") and _is(tok, j + 1, "p", "(") and _is(tok, j + 2, "p", ")") \
            and _is(tok, j + 3, "p", "=>"):
        return _member_chain(tok, j + 4) > 0
    if _is(tok, j, "p", ":") and _is(tok, j + 1, "id", "function"):
        j += 2
    if not (_is(tok, j, "p", "(") and _is(tok, j + 1, "p", ")") and _is(tok, j + 2, "p", "{")
            and _is(tok, j + 3, "id", "return")):
        return False
    k = _member_chain(tok, j + 4)
    if k < 0:
        return False
    if _is(tok, k, "p", ";"):
        k += 1
    return _is(tok, k, "p", "}")


def detect_exports(source: str) -> tuple[list[str], list[str]]:
    """(export names, re-exported specifiers) of a CommonJS module's source, in source order."""
    tok = _tokens(source)
    names: list[str] = []
    reexports: list[str] = []
    for i in range(len(tok)):
        t = tok[i]
        if t[0] != "id":
            continue
        if t[1] in ("exports", "module"):
            j = _exports_ref(tok, i)
            if j < 0:
                continue
            if _is(tok, j, "p", ".") and _is(tok, j + 1, "id") and _is(tok, j + 2, "p", "="):
                names.append(tok[j + 1][1])
            elif (_is(tok, j, "p", "[") and _is(tok, j + 1, "str") and _is(tok, j + 2, "p", "]")
                  and _is(tok, j + 3, "p", "=")):
                names.append(tok[j + 1][1])
            elif t[1] == "module" and _is(tok, j, "p", "="):
                req = _require_call(tok, j + 1)
                if req is not None:
                    reexports.append(req[0])
                elif _is(tok, j + 1, "p", "{"):
                    _object_literal(tok, j + 1, names, reexports)
        elif t[1] == "Object" and not (i > 0 and _is(tok, i - 1, "p", ".")):
            if (_is(tok, i + 1, "p", ".") and _is(tok, i + 2, "id", "defineProperty")
                    and _is(tok, i + 3, "p", "(")):
                j = _exports_ref(tok, i + 4)
                if (j > 0 and _is(tok, j, "p", ",") and _is(tok, j + 1, "str")
                        and _is(tok, j + 2, "p", ",") and _plain_descriptor(tok, j + 3)):
                    names.append(tok[j + 1][1])
        elif t[1] in ("__exportStar", "__export"):
            if _is(tok, i + 1, "p", "("):
                req = _require_call(tok, i + 2)
                if req is not None:
                    reexports.append(req[0])
    seen: set[str] = set()
    unique = [n for n in names if not (n in seen or seen.add(n))]  # type: ignore[func-returns-value]
    return unique, reexports
