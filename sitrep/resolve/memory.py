"""Merging without a database: the runner's loop over an in-memory pool of events.

Used by the merge benchmark and by tests that replay reports in every order. It does what
``Pipeline.store_document`` does with the store (fetch candidates by date window, merge,
delete absorbed, upsert), with the same oldest-first candidate order, and blocks candidates
by day and country (as the store does by date, and ``Block`` by region).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sitrep.model import Document, Event, EventMention
from sitrep.resolve import MergeResult, Resolver


class EventPool:
    """Events by id plus a (day, country) index of their headline dates, in creation order."""

    def __init__(self, resolver: Resolver):
        self.resolver = resolver
        self.events: dict[str, Event] = {}
        self.created: dict[str, int] = {}
        self.index: dict[tuple[int, str, bool], set[str]] = defaultdict(set)
        self.merges: dict[str, str] = {}
        self.outlets: dict[str, str | None] = {}
        self.documents: list[Document] = []
        self.bands: dict[str, list[Document]] = defaultdict(list)
        self.fetched = 0  # candidate events handed to the resolver, summed over documents

    def _keys(self, event: Event) -> list[tuple[int, str, bool]]:
        """Index keys: (headline day, country, is the date coarser than a day)."""
        if not event.event_date:
            return []
        day = dt.date.fromisoformat(event.event_date).toordinal()
        country = (event.place.country or "") if event.place else ""
        return [(day, country.lower(), event.date_precision in ("week", "month"))]

    def candidates(self, mentions: list[EventMention]) -> list[Event]:
        """Stored events in the resolver's date windows and in the mentions' countries, oldest first.

        The same rule as ``Store.candidate_events_in``: day-precision events dated inside a window,
        week/month-precision events starting up to 31 days before it.
        """
        countries = {(m.place.country or "").lower() for m in mentions if m.place}
        found: set[str] = set()
        for window in self.resolver.blocking_windows(mentions):
            lo, hi = (dt.date.fromisoformat(d).toordinal() for d in window)
            for day in range(lo - 31, hi + 1):
                for c in countries:
                    found.update(self.index.get((day, c, True), ()))
                    if day >= lo:
                        found.update(self.index.get((day, c, False), ()))
        return sorted((self.events[i] for i in found), key=lambda e: self.created[e.id])

    def add(self, doc: Document, mentions: list[EventMention]) -> MergeResult:
        """Merge one document's mentions into the pool (what the runner does in one transaction)."""
        self._file_document(doc)
        self.outlets[doc.name] = doc.outlet
        candidates = self.candidates(mentions)
        self.fetched += len(candidates)
        result = self.resolver.merge(doc, mentions, candidates, self.outlets)
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

