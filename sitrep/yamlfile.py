"""YAML data files (``sitrep/data/*.yaml`` and a user's own) read with libyaml's C parser.

PyYAML's pure-Python parser spent about a second of every start-up on the packaged dictionaries
(actors.yaml alone a third of it); the C ``CSafeLoader`` builds the same Python data ten times
faster. PyYAML wheels ship it; without it the pure-Python ``SafeLoader`` is used, same results.
"""
from __future__ import annotations

from typing import IO, Any

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(stream: str | bytes | IO[Any]) -> Any:
    """``yaml.safe_load`` with the fastest safe loader available (errors are ``yaml.YAMLError`` as before)."""
    return yaml.load(stream, Loader=SafeLoader)
