"""Resolve stage: mentions in, events (clusters of mentions across documents) out."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sitrep.config import Settings
from sitrep.model import Document, Event, EventMention


@dataclass
class MergeResult:
    """Events to write (new or updated) and the ids they absorbed, with why."""

    events: list[Event]
    absorbed: list[tuple[str, str, str]] = field(default_factory=list)


class Resolver:
    """Clusters mentions into events; pure functions over records, the runner does the storage."""

    def __init__(self, settings: Settings):
        self.settings = settings

    def signature_bands(self, doc: Document) -> list[str]:
        return []

    def find_original(self, doc: Document, candidates: list[Document]) -> Document | None:
        return None

    def blocking_window(self, mentions: list[EventMention]) -> tuple[str, str] | None:
        return None

    def merge(self, doc: Document, mentions: list[EventMention], candidates: list[Event],
              outlets: dict[str, str | None]) -> MergeResult:
        events = []
        for m in mentions:
            eid = "ev_" + hashlib.sha1(f"{doc.sha256}:{m.index}".encode()).hexdigest()[:12]
            events.append(Event(id=eid, mentions=[m], **{k: getattr(m, k) for k in (
                "event_type", "sub_event_type", "actor1", "actor2", "fatalities", "fatalities_low",
                "fatalities_high", "injuries", "modality", "background", "event_date", "date_precision",
                "place", "sources")}))
        return MergeResult(events)

    def rebuild(self, event: Event) -> Event | None:
        return event if event.mentions else None
