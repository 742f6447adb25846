"""Storage: SQLite by default (one file, nothing to install)."""
from sitrep.store.sqlite import Store, document_summary

__all__ = ["Store", "document_summary"]
