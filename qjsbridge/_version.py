"""The distribution's version (pyproject.toml reads it from here), importable at no cost."""

__version__ = "0.1.0"
