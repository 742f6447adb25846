"""Record factories for tests: small Documents and Events built by hand."""
from __future__ import annotations

import hashlib

from sitrep.model import Document, Event, EventMention, Place, Span


def make_document(name: str, text: str, **kw) -> Document:
    raw = text.encode()
    return Document(name=name, source_path=f"/tmp/{name}", format="txt", raw=raw,
                    sha256=hashlib.sha256(raw).hexdigest(), text=text, offsets=[[0, 0]], **kw)


def make_event(event_id: str, doc: str, *, date: str = "2025-11-02", lat: float = 35.0, lon: float = 40.45,
               fatalities: int | None = 3, event_type: str = "Battles", sub: str = "Armed clash",
               modality: str = "asserted", text: str = "ISIS fighters attacked an army post.") -> Event:
    place = Place(name="Al Mayadin", latitude=lat, longitude=lon, country="Syria", admin1="Deir ez-Zor")
    m = EventMention(doc=doc, index=0, event_type=event_type, sub_event_type=sub, actor1="Islamic State",
                     actor2="Military Forces of Syria", fatalities=fatalities, event_date=date, place=place,
                     modality=modality, evidence=[Span(0, len(text), text)])
    return Event(id=event_id, mentions=[m], event_type=event_type, sub_event_type=sub, actor1="Islamic State",
                 actor2="Military Forces of Syria", fatalities=fatalities, event_date=date, place=place,
                 modality=modality)
