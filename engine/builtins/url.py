"""The Python half of ``URL``: WHATWG URL parsing by Ada (the ``ada-url`` package, the parser
Node itself uses). The JavaScript half is ``engine/js/url.js``. Owner thread only.

``ada_url`` is imported on the first call, so runtimes that never parse a URL do not load it.
"""

from __future__ import annotations

from typing import Any

from ..vm import VM

_FIELDS = ("href", "origin", "protocol", "username", "password", "host", "hostname", "port",
           "pathname", "search", "hash")
_SETTABLE = frozenset({"protocol", "username", "password", "host", "hostname", "port",
                       "pathname", "search", "hash"})


def _ada() -> Any:
    import ada_url

    return ada_url


def _components(url: Any) -> dict[str, str]:
    return {name: str(getattr(url, name)) for name in _FIELDS}


def parse(text: str, base: str | None = None) -> dict[str, str] | None:
    """The components of ``text`` resolved against ``base``; None if either is not a URL."""
    ada = _ada()
    try:
        url = ada.URL(text) if base is None else ada.URL(text, base)
    except ValueError:
        return None
    return _components(url)


def set_component(href: str, name: str, value: str) -> dict[str, str]:
    """The components after ``url[name] = value``; a value the URL rejects changes nothing."""
    if name not in _SETTABLE:
        raise ValueError(f"{name} cannot be set")
    url = _ada().URL(href)
    try:
        setattr(url, name, value)
    except ValueError:
        pass  # the WHATWG setters ignore values they cannot use
    return _components(url)


def domain_to_ascii(domain: str) -> str:
    parsed = parse("ws://" + domain)
    return "" if parsed is None else parsed["hostname"]


def domain_to_unicode(domain: str) -> str:
    ascii_host = domain_to_ascii(domain)
    if not ascii_host:
        return ""
    return str(_ada().idna_to_unicode(ascii_host))


def register(vm: VM) -> None:
    """Make the URL host functions callable from ``url.js``."""
    vm.register("qjsb.url.parse", parse)
    vm.register("qjsb.url.set", set_component)
    vm.register("qjsb.url.domainToASCII", domain_to_ascii)
    vm.register("qjsb.url.domainToUnicode", domain_to_unicode)
