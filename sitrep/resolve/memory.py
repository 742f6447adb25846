"""Merging without a database: the runner's loop over an in-memory pool of events.

Used by the merge benchmark and by tests that replay reports in every order. It does what
``Pipeline.store_document`` does with the store (fetch candidates by date window, merge,
delete absorbed, upsert), with the same oldest-first candidate order, and blocks candidates
by week and country (as the store does by date, and ``Block`` by region).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sitrep.model import Document, Event, EventMention
from sitrep.resolve import MergeResult, Resolver


WEEK = 7


class EventPool:
    """Events by id plus a (week, country) index of their headline dates, in creation order."""

    def __init__(self, resolver: Resolver):
        self.resolver = resolver
        self.events: dict[str, Event] = {}
        self.created: dict[str, int] = {}
        self.index: dict[tuple[int, str], set[str]] = defaultdict(set)
        self.merges: dict[str, str] = {}
        self.outlets: dict[str, str | None] = {}
        self.documents: list[Document] = []
        self.bands: dict[str, list[Document]] = defaultdict(list)

    def _keys(self, event: Event) -> list[tuple[int, str]]:
        if not event.event_date:
            return []
        week = dt.date.fromisoformat(event.event_date).toordinal() // WEEK
        country = (event.place.country or "") if event.place else ""
        return [(week, country.lower())]

    def candidates(self, mentions: list[EventMention]) -> list[Event]:
        """Stored events in the resolver's date window and in the mentions' countries, oldest first."""
        countries = {(m.place.country or "").lower() for m in mentions if m.place}
        found: dict[str, Event] = {}
        for window in self.resolver.blocking_windows(mentions):
            lo, hi = (dt.date.fromisoformat(d).toordinal() for d in window)
            for w in range((lo - 31) // WEEK, hi // WEEK + 1):
                for i in (i for c in countries for i in self.index.get((w, c), ())):
                    event = self.events[i]
                    day = dt.date.fromisoformat(event.event_date).toordinal()
                    if lo - 31 <= day <= hi and (day >= lo or event.date_precision in ("week", "month")):
                        found[i] = event
        return sorted(found.values(), key=lambda e: self.created[e.id])

    def add(self, doc: Document, mentions: list[EventMention]) -> MergeResult:
        """Merge one document's mentions into the pool (what the runner does in one transaction)."""
        self._file_document(doc)
        self.outlets[doc.name] = doc.outlet
        result = self.resolver.merge(doc, mentions, self.candidates(mentions), self.outlets)
        for absorbed, into, _ in result.absorbed:
            self._remove(absorbed)
            self.merges[absorbed] = into
        for event in result.events:
            if event.id in self.events:
                self._remove(event.id)
            self.created.setdefault(event.id, len(self.created))
            self.events[event.id] = event
            for key in self._keys(event):
                self.index[key].add(event.id)
        return result

    def _file_document(self, doc: Document) -> None:
        """Near-duplicate check and band index, as the runner does with the store."""
        bands = self.resolver.signature_bands(doc)
        sharing = {id(d): d for b in bands for d in self.bands.get(b, ())}
        original = self.resolver.find_original(doc, list(sharing.values()))
        doc.id = len(self.documents) + 1
        doc.duplicate_of = original.id if original else None
        doc.duplicate_of_name = original.name if original else None
        self.documents.append(doc)
        for b in bands:
            self.bands[b].append(doc)

    def _remove(self, event_id: str) -> None:
        event = self.events.pop(event_id)
        for key in self._keys(event):
            self.index[key].discard(event_id)

    def clusters(self) -> set[frozenset[tuple[str, int]]]:
        """The partition of mentions into events, comparable across ingestion orders."""
        return {frozenset((m.doc, m.index) for m in e.mentions) for e in self.events.values()}

