"""Load the fictional multi-report corpus (reports.yaml) as Documents and EventMentions."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from sitrep.model import Document, EventMention, Place, Provenance, Span

CORPUS = Path(__file__).parent / "reports.yaml"


@dataclass
class Report:
    doc: Document
    mentions: list[EventMention]
    labels: dict[tuple[str, int], str]


def _unwrap(text: str) -> str:
    """Join wrapped lines of a paragraph (the YAML keeps lines short), keep paragraph breaks."""
    return re.sub(r"[ \t]*\n(?!\n)[ \t]*", " ", text).strip() + "\n"


def _mention(doc: str, index: int, spec: dict, text: str, places: dict) -> EventMention:
    start = text.index(spec["quote"])
    span = Span(start, start + len(spec["quote"]), spec["quote"])
    place = None
    if spec.get("place"):
        p = places[spec["place"]]
        place = Place(name=p.get("name", spec["place"]), latitude=p["lat"], longitude=p["lon"], country="Veridia",
                      admin1="North Marsh", precision=spec.get("precision", 1),
                      feature="region" if spec.get("precision") == 3 else "populated place")
    provenance = [Provenance("event_date", spec["date"], "published date (no date words)")] \
        if spec.get("date_rule") == "published" else []
    return EventMention(doc=doc, index=index, event_type=spec["type"], sub_event_type=spec["sub"],
                        actor1=spec.get("actor1"), actor2=spec.get("actor2"), fatalities=spec.get("fatalities"),
                        modality=spec.get("modality", "asserted"), event_date=spec["date"], place=place,
                        sources=spec.get("sources", []), attributed_to=spec.get("attributed_to"),
                        evidence=[span], provenance=provenance)


def load_corpus() -> list[Report]:
    data = yaml.safe_load(CORPUS.read_text())
    specs = {d["name"]: d for d in data["documents"]}
    reports = []
    for d in data["documents"]:
        source = specs[d["copy_of"]] if d.get("copy_of") else d
        text = d.get("prefix", "") + _unwrap(source["text"])
        raw = text.encode()
        doc = Document(name=d["name"], source_path=f"corpus/{d['name']}", format="txt", raw=raw,
                       sha256=hashlib.sha256(raw).hexdigest(), text=text, outlet=d["outlet"],
                       published=d["published"])
        mentions = [_mention(d["name"], i, spec, text, data["places"]) for i, spec in enumerate(source["mentions"])]
        labels = {(d["name"], i): spec["cluster"] for i, spec in enumerate(source["mentions"])}
        reports.append(Report(doc, mentions, labels))
    return reports


def gold_clusters(reports: list[Report]) -> set[frozenset[tuple[str, int]]]:
    """The known clusters: mention keys grouped by their `cluster` label."""
    by_label: dict[str, set] = {}
    for r in reports:
        for key, label in r.labels.items():
            by_label.setdefault(label, set()).add(key)
    return {frozenset(v) for v in by_label.values()}
