"""Stable event ids: a hash of the founding mention, so re-running a corpus gives the same ids.

An event is founded by the first mention that could not join an existing event; its id is
derived from that mention's document content hash and its index in the document, never from
a counter or the clock, so the same input ingested in the same order always yields the same ids.
"""
from __future__ import annotations

import hashlib

PREFIX = "ev_"


def event_id(doc_sha256: str, index: int) -> str:
    """The id of an event founded by mention ``index`` of the document with this content hash."""
    return PREFIX + hashlib.sha1(f"{doc_sha256}:{index}".encode()).hexdigest()[:12]

