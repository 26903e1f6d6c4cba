"""The Python half of ``Buffer`` for large inputs: UTF-8 encoding and decoding by Python's
codecs, which is much faster than a JavaScript loop in QuickJS. Bytes cross as base64 text
(QuickJS converts base64 natively). Owner thread only.

Python's decoder replaces each maximal ill-formed subsequence with U+FFFD, which is the WHATWG
rule ``buf.toString()`` follows in Node.
"""

from __future__ import annotations

import binascii

from ..errors import HostError
from ..vm import VM


def utf8_encode(text: str) -> str:
    """Base64 of ``text`` in UTF-8 (the JS side has already replaced lone surrogates)."""
    if not isinstance(text, str):
        raise HostError("text must be a string", name="TypeError")
    import base64  # here, not at start-up: only large Buffer conversions come this way

    return base64.b64encode(text.encode("utf-8", "replace")).decode("ascii")


def utf8_decode(data: str) -> str:
    """The text of base64 ``data`` decoded as UTF-8, invalid sequences as U+FFFD."""
    if not isinstance(data, str):
        raise HostError("data must be a string", name="TypeError")
    import base64  # here, not at start-up

    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise HostError("data is not base64", name="TypeError") from None
    return raw.decode("utf-8", "replace")


def register(vm: VM) -> None:
    """Make the codec host functions callable from ``buffer.js``."""
    vm.register("qjsb.buffer.utf8Encode", utf8_encode)
    vm.register("qjsb.buffer.utf8Decode", utf8_decode)
