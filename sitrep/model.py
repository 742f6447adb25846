"""The data contract shared by every stage: Document, EventMention, Place, Event, Claim.

Units are written down once, here:
- dates are ISO strings ``YYYY-MM-DD``; a date of lower precision is the first day of its
  week/month/year, and ``date_precision`` says which (``day``, ``week``, ``month``, ``year``);
- coordinates are latitude/longitude in decimal degrees (WGS84);
- character offsets are Python string indices into ``Document.text`` (the clean text),
  half-open ``[start, end)``; ``Document.offsets`` maps them back to byte offsets of ``raw``.

Stages never touch the database: they take and return these records, which is why every
record can be turned into plain JSON (``to_dict``) and back (``from_dict``) for the store.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field, fields
from typing import Any

MODALITIES = ("asserted", "claimed", "denied", "hypothetical")
NOT_HAPPENED = frozenset({"denied", "hypothetical"})
OCCURRENCE = "occurrence"  # provenance field: the writer opened another occurrence ("Meanwhile, …")
DATE_PRECISIONS = ("day", "week", "month", "year")


@dataclass
class Span:
    """An exact quote of the clean text with its offsets."""

    start: int
    end: int
    text: str


@dataclass
class Provenance:
    """Why one field of a mention has its value: the words it came from and the rule that decided."""

    field: str
    value: Any
    rule: str
    start: int | None = None
    end: int | None = None
    text: str | None = None


@dataclass
class Document:
    """One article as ingested: raw bytes kept, clean text, offset map and metadata with origins.

    ``name`` is what exports call ``doc``: the file's base name for a single-article file, the
    record's ``id`` (or ``file.jsonl#LINE`` / ``file.warc#RECORD``) for containers.
    ``origins`` says where each metadata value came from, e.g. ``{"published": "meta"}``,
    ``{"published": "html:htmldate"}``, ``{"published": "text:dateline"}``.
    ``offsets`` is a sorted list of ``[clean_index, raw_byte_index]`` anchors: between two
    anchors, characters map one to one from the left anchor (see ``ingest.offsets``).
    """

    name: str
    source_path: str
    format: str
    raw: bytes
    sha256: str
    text: str = ""
    offsets: list[list[int]] = field(default_factory=list)
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    origins: dict[str, str] = field(default_factory=dict)
    record: str | None = None
    country: str | None = None  # the country the article is about (geocoder's focus, else its actors')
    country_weight: float = 0.0  # how firmly: 3 when its places say so; less for "Russian warplanes" alone
    # where the actor dictionary read a group's proper name ("Islamic State West Africa Province"):
    # a place word inside it is part of the name, not where anything happened (set by extraction)
    name_spans: list[tuple[int, int]] = field(default_factory=list)
    id: int | None = None
    duplicate_of: int | None = None
    duplicate_of_name: str | None = None  # name of the original, set by the runner for the resolver


@dataclass
class Place:
    """A resolved place with ACLED's geo-precision code (1 the place, 2 near it, 3 region only)."""

    name: str
    latitude: float | None
    longitude: float | None
    country: str | None = None
    admin1: str | None = None
    feature: str = "populated place"
    precision: int = 1
    source_id: str | None = None
    matched: str | None = None
    start: int | None = None
    end: int | None = None
    relation: str | None = None
    # why the point is where it is when the named place itself is unknown ("Kharbet Zuwayqat" is
    # in no gazetteer: the Hajin sub-district it is said to lie in); shown by `sitrep explain`
    basis: str | None = None


@dataclass(kw_only=True)
class Coding:
    """The ACLED-style coding shared by a mention (one report) and an event (the merged view)."""

    event_type: str
    sub_event_type: str
    actor1: str | None = None
    actor2: str | None = None
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    injuries: int | None = None
    modality: str = "asserted"
    background: bool = False
    event_date: str | None = None
    date_precision: str = "day"
    place: Place | None = None
    sources: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data, as ``dataclasses.asdict`` gives (the store writes one per event
        and mention on every merge: asdict's deep copy of each value was a third of store time)."""
        return _plain(self)

    @classmethod
    def _known(cls, data: dict[str, Any]) -> dict[str, Any]:
        """Keep the fields this class has (stored JSON may come from another sitrep version)."""
        data = {k: v for k, v in data.items() if k in _field_names(cls)}
        data["place"] = _place(data.get("place"))
        return data


@dataclass(kw_only=True)
class EventMention(Coding):
    """One report of one event inside one document, with the evidence for each field."""

    doc: str
    index: int
    place_hints: list[Span] = field(default_factory=list)
    attributed_to: str | None = None
    evidence: list[Span] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)
    trigger: str | None = None
    # "specific" (one occurrence: an event) or the kind of context the event gate saw instead:
    # "generic", "aggregate", "hypothetical", "out_of_scope". Context is stored, never exported.
    specificity: str = "specific"

    @property
    def new_occurrence(self) -> bool:
        """The writer marked this mention as another occurrence ("Meanwhile, …", provenance field
        ``occurrence``): it is one with nothing told before it in its article."""
        return any(p.field == OCCURRENCE for p in self.provenance)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "EventMention":
        data = cls._known(data)
        data["place_hints"] = [Span(**s) for s in data.get("place_hints") or []]
        data["evidence"] = [Span(**s) for s in data.get("evidence") or []]
        data["provenance"] = [Provenance(**p) for p in data.get("provenance") or []]
        return cls(**data)


@dataclass
class Claim:
    """One source's statement of one field of an event (who said what, in which words)."""

    doc: str
    field: str
    value: Any
    modality: str = "asserted"
    outlet: str | None = None
    attributed_to: str | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None


@dataclass(kw_only=True)
class Event(Coding):
    """A real-world event: a cluster of mentions from one or many documents.

    Headline fields follow ACLED's conservative coding; ``fatalities_low``/``fatalities_high``
    keep the range across sources; ``conflict`` names fields on which sources disagree;
    ``corroboration`` counts independent documents (republished copies do not count).
    ``merged_from`` lists event ids this event absorbed (ids stay stable: the older id wins).
    """

    id: str
    mentions: list[EventMention]
    conflict: list[str] = field(default_factory=list)
    corroboration: int = 1
    claims: list[Claim] = field(default_factory=list)
    merged_from: list[str] = field(default_factory=list)
    merge_reasons: list[str] = field(default_factory=list)
    copies: dict[str, str] = field(default_factory=dict)  # republished doc -> the doc it copies

    @property
    def docs(self) -> list[str]:
        seen: dict[str, None] = {}
        for m in self.mentions:
            seen.setdefault(m.doc, None)
        return list(seen)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Event":
        data = cls._known(data)
        data["mentions"] = [EventMention.from_dict(m) for m in data.get("mentions") or []]
        data["claims"] = [Claim(**c) for c in data.get("claims") or []]
        return cls(**data)


def _place(data: dict[str, Any] | None) -> Place | None:
    return Place(**{k: v for k, v in data.items() if k in _field_names(Place)}) if data else None


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    """``asdict``'s conversion (dataclasses to dicts, inside lists, tuples and dicts) without
    its deep copy: the records hold only these containers and immutable scalars. Scalars are
    tested first by exact type: a mention's provenance makes hundreds of them per call."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [_plain(v) for v in value]
    if hasattr(kind, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in _field_order(kind)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return type(value)(_plain(v) for v in value) if type(value) is tuple else \
            type(value)(*(_plain(v) for v in value))
    return value


@functools.cache
def _field_order(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


@functools.cache
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls))
