"""Errors a user can act on: each names the input (file, line or record) and what to do next.

Library code raises these; only the CLI prints them (one line each) and picks the exit status.
Third-party exceptions (sqlite3, spaCy, lxml, gzip) are translated into these at the edge.
"""
from __future__ import annotations

import functools
from typing import Any


class SitrepError(Exception):
    """Base class: ``str(error)`` is the one line the user sees."""


class InputError(SitrepError):
    """An input file or record cannot be ingested; the rest of the batch goes on.

    ``path`` and ``record`` locate it, ``reason`` is a short machine-readable key counted in the
    end-of-run summary (``empty``, ``binary``, ``encoding``, ``json``, ``truncated``, ``too_large``,
    ``no_text``, ``unreadable``, ``unsupported``), ``hint`` tells the user what to do.
    """

    def __init__(self, path: str, reason: str, message: str, *, record: str | None = None, hint: str | None = None):
        self.path, self.reason, self.message, self.record, self.hint = path, reason, message, record, hint
        where = f"{path} {record}" if record else path
        text = f"{where}: {message}"
        super().__init__(f"{text}; {hint}" if hint else text)

    def __reduce__(self) -> tuple[Any, tuple[str, str, str]]:
        """Rebuilt from its fields when unpickled (an analysis worker's error comes back pickled):
        the default rebuild would pass the joined text alone to ``__init__``."""
        return functools.partial(type(self), record=self.record, hint=self.hint), (self.path, self.reason, self.message)


class ConfigError(SitrepError):
    """A setting or data file (actors, sites, config) is malformed."""


class StoreError(SitrepError):
    """The database cannot be opened, migrated or written."""


class NotFoundError(SitrepError):
    """An id (event, document) that the store does not have."""


class OutputError(SitrepError):
    """An output file or folder (an export, the Spark job's Parquet directory) cannot be written."""
