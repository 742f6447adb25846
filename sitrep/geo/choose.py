"""Pick an event's place among the resolved toponyms of its document.

Why not the first toponym of the article: one report often tells several events in several
places. The mention's evidence spans are searched first, then the sentence around them, then
the sentence before and after. Inside that text a place introduced by a locative word ("in",
"near", "targeting") beats one that is an origin or destination ("from Iraq", "towards
Palmyra") or a reference point ("east of Raqqa"); then the most specific place wins (a
village over a province over a country); then the earliest.
"""
from __future__ import annotations

import re
from dataclasses import replace

from sitrep.geo.disambiguate import Resolved, precision_of
from sitrep.geo.lookup import PlaceLookup
from sitrep.geo.relations import BORDER_WITH, WORDS_BEFORE, attributive, dateline
from sitrep.geo.normalize import fold, word_set
from sitrep.geo.offset import estimate
from sitrep.geo.recognise import demonyms
from sitrep.model import EventMention, Place

FROM_WORD = re.compile(r"\bfrom\s")
LIST_TOKEN = re.compile(r"[\w'’-]+|,")


def choose_place(geo: PlaceLookup, text: str, m: EventMention, resolved: list[Resolved],
                 sentences: list[tuple[int, int]]) -> Place | None:
    """The mention's place, or None when neither its evidence nor nearby sentences name one."""
    spans = [(e.start, e.end) for e in m.evidence if e.end > e.start]
    if not spans:
        return None
    for window in _windows(spans, sentences, look_back=not m.new_occurrence):
        found = [r for r in resolved if any(s <= r.toponym.start and r.toponym.end <= e for s, e in window)
                 and not _attribute(geo, text, r) and not dateline(text, r.toponym.start, r.toponym.end)]
        if found:
            best = min(found, key=lambda r: _rank(geo, text, r, found))
            return estimate(geo, geo.place(best, event=True), best, resolved, text)
    return None


def _windows(spans: list[tuple[int, int]], sentences: list[tuple[int, int]],
             look_back: bool = True) -> list[list[tuple[int, int]]]:
    """Evidence; its sentences; the sentence before; the sentence after; two before. A mention the
    writer opened as another occurrence ("Meanwhile, …") does not borrow the place told before it."""
    idx = sorted({k for s, e in spans for k, (a, b) in enumerate(sentences) if a < e and s < b})
    out = [spans]
    if idx:
        out.append([sentences[k] for k in idx])
        for k in ((idx[0] - 1, idx[-1] + 1, idx[0] - 2) if look_back else (idx[-1] + 1,)):
            if 0 <= k < len(sentences):
                out.append([sentences[k]])
    return out


def _attribute(geo: PlaceLookup, text: str, r: Resolved) -> bool:
    """"US airstrikes", "Russia said", "Turkey-backed factions": a country named without a locative
    word ("in", "across", "eastern") or relation is who acted, not where."""
    return geo.gaz.feature[r.id] == "country" and r.relation.relation is None and attributive(text, r.toponym.start)


def _town_in_region(geo: PlaceLookup, r: Resolved) -> bool:
    """"eastern Sokhneh desert", "rural Ein Issa": a compass word before a town that is not its
    province's namesake means the town's surroundings (precision 2), not the whole province."""
    gaz = geo.gaz
    return gaz.feature[r.id] not in ("admin1", "country", "continent") and fold(gaz.admin1[r.id] or "") \
        not in {fold(r.toponym.text), fold(gaz.names[r.id])}


def _from_list(before: str) -> bool:
    """"protesters from Beirut, Jal el Dib and |Aarsal": a name inside a list opened by "from"."""
    hits = list(FROM_WORD.finditer(before))
    if not hits:
        return False
    tokens = LIST_TOKEN.findall(before[hits[-1].end():])
    return bool(tokens) and all(t == "," or t == "and" or t[:1].isupper() or len(t) <= 3 for t in tokens)


def _rank(geo: PlaceLookup, text: str, r: Resolved, found: list[Resolved]) -> tuple:
    before = WORDS_BEFORE.search(text[max(0, r.toponym.start - 60):r.toponym.start])
    word = fold(before.group(1)) if before else ""
    away = (word in word_set("away") or _from_list(text[max(0, r.toponym.start - 80):r.toponym.start])) \
        and r.relation.relation is None
    locative = word in word_set("locative") or r.relation.relation is not None
    reference = r.relation.reference and any(o.toponym.start < r.toponym.start and not o.relation.reference
                                             for o in found)
    specific = 3 if r.relation.region and not _town_in_region(geo, r) else precision_of(geo.gaz, r.id)
    return (reference, specific, away, not locative, r.toponym.start)


def across_border(geo: PlaceLookup, text: str, m: EventMention, place: Place) -> Place:
    """"Iraqi forces at the border with Syria": the event is on the other side of that border.

    A country named after "border(s) with" is the neighbour, not the event's country; when the
    evidence names another country by its adjective, the event is placed there (precision 3),
    and the relation keeps the words so a reader sees why.
    """
    if place.feature != "country" or place.start is None or \
            not BORDER_WITH.search(text[max(0, place.start - 40):place.start]):
        return place
    gaz = geo.gaz
    for s in m.evidence:
        for d in demonyms(gaz, text[s.start:s.end]):
            i = gaz.country_ids.get(d.demonym or "")
            if i is not None and gaz.countries.get(gaz.cc[i], gaz.cc[i]) != place.country:
                other = geo.region_place(i, f"border with {place.name}")
                return replace(other, matched=place.matched, start=place.start, end=place.end)
    return replace(place, relation=f"border with {place.name}")
