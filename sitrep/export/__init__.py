"""Exports: JSON Lines (the evaluation contract), ACLED-style CSV, GeoJSON, and one row per claim.

Events whose modality is denied or hypothetical are exported with that modality (never as
having happened); consumers filter on ``modality`` and ``background``.
"""
from __future__ import annotations

import csv
import json
from typing import Any, Iterable, TextIO

from sitrep.model import Event, EventMention
from sitrep.resolve.claims import headline

FORMATS = ("jsonl", "csv", "geojson", "claims")
# ACLED's column order (public export); sitrep's own columns follow.
ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp"]
SITREP_COLUMNS = ["modality", "background", "date_precision", "injuries", "fatalities_low", "fatalities_high",
                  "corroboration", "conflict", "docs"]
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
PER_DOC_FIELDS = ("event_date", "date_precision", "event_type", "sub_event_type", "actor1", "actor2",
                  "fatalities", "injuries", "modality", "background")


def _place_fields(place: Any) -> dict[str, Any]:
    return {
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "location": place.name if place else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "geo_precision": place.precision if place else None,
    }


def _doc_view(mentions: list[EventMention], event: Event) -> dict[str, Any]:
    """What one report itself said about the event (its date, toll, place...), for scoring per report.

    Built with the event's own rules over that report's mentions only (headline, lead and recap
    of one article together); a report that names no place borrows the event's.
    """
    view = headline(mentions)
    place = view.pop("place") or event.place
    view = {k: view[k] for k in PER_DOC_FIELDS}
    view.update(_place_fields(place))
    return view


def event_record(event: Event, *, outlets: dict[str, str | None] | None = None) -> dict[str, Any]:
    """One event as the flat JSON record of the JSONL export (and the API)."""
    by_doc = {doc: _doc_view([m for m in event.mentions if m.doc == doc], event) for doc in event.docs}
    evidence = [{"doc": m.doc, "start": s.start, "end": s.end, "text": s.text}
                for m in event.mentions for s in m.evidence]
    record = {
        "id": event.id,
        "doc": event.docs[0] if event.docs else None,
        "docs": event.docs,
        "event_date": event.event_date,
        "date_precision": event.date_precision,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1,
        "actor2": event.actor2,
        **_place_fields(event.place),
        "fatalities": event.fatalities,
        "fatalities_low": event.fatalities_low,
        "fatalities_high": event.fatalities_high,
        "injuries": event.injuries,
        "modality": event.modality,
        "background": event.background,
        "sources": event.sources,
        "outlets": outlet_names(event.docs, outlets),
        "corroboration": event.corroboration,
        "conflict": event.conflict,
        "evidence": evidence[0]["text"] if evidence else None,
        "evidence_spans": evidence,
        "merged_from": event.merged_from,
        "by_doc": by_doc,
    }
    return record


def outlet_names(docs: list[str], outlets: dict[str, str | None] | None) -> list[str]:
    """The record's ``outlets``: the distinct outlets of the documents ``docs``, sorted."""
    return sorted({o for o in ((outlets or {}).get(d) for d in docs) if o})


def acled_row(event: Event, *, outlets: dict[str, str | None] | None = None) -> dict[str, Any]:
    """One event as an ACLED-style CSV row (sources joined with '; ' as ACLED does)."""
    rec = event_record(event, outlets=outlets)
    named = rec["sources"] + [o for o in rec["outlets"] if o not in rec["sources"]]
    row = {c: "" for c in ACLED_COLUMNS}
    row.update({
        "event_id_cnty": event.id,
        "event_date": rec["event_date"] or "",
        "year": (rec["event_date"] or "")[:4],
        "time_precision": TIME_PRECISION.get(rec["date_precision"], 1),
        "event_type": rec["event_type"], "sub_event_type": rec["sub_event_type"],
        "actor1": rec["actor1"] or "", "actor2": rec["actor2"] or "",
        "country": rec["country"] or "", "admin1": rec["admin1"] or "", "location": rec["location"] or "",
        "latitude": rec["latitude"] if rec["latitude"] is not None else "",
        "longitude": rec["longitude"] if rec["longitude"] is not None else "",
        "geo_precision": rec["geo_precision"] or "",
        "source": "; ".join(named),
        "notes": " ".join(s["text"] for s in rec["evidence_spans"][:3]),
        "fatalities": rec["fatalities"] if rec["fatalities"] is not None else 0,
    })
    row.update({c: rec[c] for c in SITREP_COLUMNS if c not in ("conflict", "docs")})
    row["background"] = int(bool(rec["background"]))
    row["conflict"] = ";".join(rec["conflict"])
    row["docs"] = ";".join(rec["docs"])
    return row


def write_events(events: Iterable[Event], fmt: str, out: TextIO, *,
                 outlets: dict[str, str | None] | None = None) -> int:
    """Write events in ``fmt`` to ``out``; return how many records were written."""
    n = 0
    if fmt == "jsonl":
        for event in events:
            out.write(json.dumps(event_record(event, outlets=outlets), ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS + SITREP_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for event in events:
            writer.writerow(acled_row(event, outlets=outlets))
            n += 1
    elif fmt == "geojson":
        features = []
        for event in events:
            rec = event_record(event, outlets=outlets)
            if rec["latitude"] is None or rec["longitude"] is None:
                continue
            props = {k: v for k, v in rec.items() if k not in ("by_doc", "evidence_spans")}
            props.update({k: ";".join(v) for k, v in props.items() if isinstance(v, list)})
            features.append({"type": "Feature", "id": event.id, "properties": props,
                             "geometry": {"type": "Point", "coordinates": [rec["longitude"], rec["latitude"]]}})
        json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
        out.write("\n")
        n = len(features)
    elif fmt == "claims":
        writer = csv.DictWriter(out, fieldnames=["event_id", "doc", "outlet", "attributed_to", "field", "value",
                                                 "modality", "start", "end", "text"])
        writer.writeheader()
        for event in events:
            for c in event.claims:
                writer.writerow({"event_id": event.id, "doc": c.doc, "outlet": c.outlet or "",
                                 "attributed_to": c.attributed_to or "", "field": c.field,
                                 "value": c.value if isinstance(c.value, (str, int, float)) else json.dumps(c.value),
                                 "modality": c.modality, "start": c.start, "end": c.end, "text": c.text or ""})
                n += 1
    else:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return n
