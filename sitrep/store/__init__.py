"""Storage: SQLite by default (one file, nothing to install), PostgreSQL for a team (a postgresql:// URL)."""
from sitrep.store.db import Store, document_summary

__all__ = ["Store", "document_summary"]
