"""The geocoding stage: toponyms in a document -> one ``Place`` per event mention.

Each event's place comes from its own evidence first (the toponyms inside ``m.evidence``,
plus spaCy's place hints), then the sentences around it, then the document's focus (the
admin1 it names most, precision 3). Within the evidence, a place introduced by "in", "near",
"targeting"... is preferred over one named as an origin ("from Iraq"), a reference point
("east of Raqqa") or a region, and the most specific place wins.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from typing import Any

from sitrep.config import Settings
from sitrep.geo import region_forms, user_gazetteers
from sitrep.geo.choose import across_border, choose_place
from sitrep.geo.disambiguate import FIRM_FOCUS, PLACES_WEIGHT, Resolved, capitals, precision_of, resolve
from sitrep.geo.fuzzy import FuzzyIndex
from sitrep.geo.gazetteer import SUBDISTRICT, TOWNLIKE_FEATURES, Gazetteer
from sitrep.geo.normalize import fold, plain, word_set
from sitrep.geo.recognise import Toponym, demonyms, find
from sitrep.geo.sources import bare_admin2, crowd_centre
from sitrep.geo.relations import NAME, Relation, attributive, dateline
from sitrep.model import Document, EventMention, Place, Span

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])|\n+")
LEADING_THE = re.compile(r"^(?:the|The)\s+")
# "X, 20 km north of Y"; the look-behind starts a name at a word's first letter only (a long run of
# capitals was otherwise tried from every letter in it: quadratic, tests/test_regex_worst.py)
MEASURED_NAME = re.compile(rf"(?<![\w'’])({NAME}),?\s+(?:some\s+|about\s+|around\s+|nearly\s+)?\d+(?:\.\d+)?\s*"
                           r"(?:km|kilometres|kilometers|miles)\b")


class Geocoder:
    """Loads the gazetteer index once; resolves the place of each mention from its own context."""

    def __init__(self, settings: Settings, *, gazetteer: Gazetteer | None = None):
        self.settings = settings
        self._gaz = gazetteer
        self._fuzzy: FuzzyIndex | None = None
        self._members: dict[tuple[str, str], list[int]] | None = None
        self._crowd: dict[int, tuple[float, float]] | None = None
        self._found: tuple[str, list[Toponym]] | None = None

    @property
    def gaz(self) -> Gazetteer:
        """The index, loaded on first use so commands that never geocode never pay for it."""
        if self._gaz is None:
            self._gaz = user_gazetteers.load(self.settings)  # built-in index + `sitrep gazetteer add`
        return self._gaz

    @property
    def fuzzy(self) -> FuzzyIndex:
        if self._fuzzy is None:
            self._fuzzy = FuzzyIndex(self.gaz, float(self.settings.get("geo", "fuzzy_cutoff")))
        return self._fuzzy

    def admin1_members(self) -> dict[tuple[str, str], list[int]]:
        """(country code, folded admin1) -> its populated places; built on first use (a region's extent).

        Only the index loaded whole counts (``Gazetteer.resident``): the places of users' gazetteers
        join it as lookups find them, and a province's centre must not depend on which were asked for first."""
        if self._members is None:
            gaz, folded, members = self.gaz, {}, {}
            for j in range(gaz.resident()):
                a = gaz.admin1[j]
                if a and gaz.feature[j] == "populated place":
                    key = folded.get(a) or folded.setdefault(a, fold(a))
                    members.setdefault((gaz.cc[j], key), []).append(j)
            self._members = members
        return self._members

    # ---- toponyms in plain text -------------------------------------------------------------
    def _find(self, text: str) -> list[Toponym]:
        """The recogniser's toponyms of ``text``, kept for the last text: geocoding one document
        asks for them three times (resolution, spaCy's spans, settlement names)."""
        if self._found is None or self._found[0] is not text:
            self._found = (text, find(self.gaz, text))
        return self._found[1]

    def _marked(self, text: str, start: int, end: int) -> Toponym:
        """A span someone marked as a place: exact, loose, demonym, then fuzzy lookup."""
        span = text[start:end]
        m = LEADING_THE.match(span)
        if m:
            start, span = start + m.end(), span[m.end():]
        iso = self.gaz.demonyms.get(fold(span)) or self.gaz.demonyms.get(fold(span).removesuffix("s"))
        if iso in self.gaz.country_ids:
            return Toponym(start, end, span, [self.gaz.country_ids[iso] * 2], 0)
        hits, tier = self.gaz.lookup(span)
        if span.isupper() and len(span) <= 5:  # "EU", "UK": an acronym, not the village "Eu"
            hits = [v for v in hits if self.gaz.feature[v // 2] not in TOWNLIKE_FEATURES] or hits
        if not hits:
            hits, tier = self._stripped(span)
        if not hits or tier > 0:  # "B.C.", "Calif.", "Asian"; "Philippine" before the loose key's Filipeni
            forms = region_forms.abbreviation(self.gaz, span) or region_forms.adjective(self.gaz, span)
            hits, tier = (forms, 1) if forms else (hits, tier)
        if not hits:
            hits, tier = self.fuzzy.lookup(span), 2
        if not hits:
            hits, tier = self._inner(span)
        return Toponym(start, end, span, hits, tier)

    def _stripped(self, span: str) -> tuple[list[int], int]:
        """"Benue State", "Oaxaca state", "Guma Local Government Area", "Tipperary County Council":
        a region (or the body that runs it) named with its kind words, indexed without them
        ("Birmingham City": a town with its own);
        "Tadaf sub-district", "Nahiyat Tadaf": the sub-district, not the town it is named after."""
        words = span.split()
        bare = _without_subdistrict_word(words)
        if bare:
            hits, tier = self.gaz.lookup(bare)
            return ([v for v in hits if self.gaz.feature[v // 2] == SUBDISTRICT] or hits), tier
        kind = _kind_words(words)
        if kind:
            hits, tier = self.gaz.lookup(" ".join(words[:-kind]))
            regions = [v for v in hits if self.gaz.feature[v // 2] in ("admin1", "admin2")]
            return (regions or hits), tier  # "Soum province" is the province, not a town called Soum
        if len(words) > 1 and fold(words[-1]) in word_set("town_suffixes"):
            hits, tier = self.gaz.lookup(" ".join(words[:-1]))  # "Birmingham City", "Suffolk City": the town
            return [v for v in hits if self.gaz.feature[v // 2] in TOWNLIKE_FEATURES], tier
        return [], -1

    def _inner(self, span: str) -> tuple[list[int], int]:
        """"University of California", "Bank of Japan", "Manchester City": an organisation or
        building named after a place stands for that place; the longest inner run of words that
        is a country, region or town of 10,000+ people exactly (never a common word)."""
        words = span.split()
        gaz = self.gaz
        for n in range(len(words) - 1, 0, -1):
            for k in range(len(words) - n + 1):
                cand = " ".join(words[k:k + n])
                if len(cand) < 4 or fold(cand) in word_set("never_alone") or not cand[:1].isupper():
                    continue
                hits, tier = gaz.lookup(cand)
                good = [v for v in hits if gaz.feature[v // 2] != "populated place" or gaz.population[v // 2] >= 10_000]
                if tier == 0 and good:
                    return good, 3
        return [], -1

    def toponyms(self, text: str, spans: list[list[int]] | None = None) -> tuple[list[Toponym], list[Toponym]]:
        """(toponyms to report, context-only toponyms) for a text, with or without given spans."""
        if spans is None:
            return self._find(text), demonyms(self.gaz, text)
        # the caller has marked the places: other words that merely match an entry ("McLaughlin",
        # "Blues") are, by the caller's word, not places, and neither vote nor stand as neighbours
        return [self._marked(text, int(s), int(e)) for s, e in spans], demonyms(self.gaz, text)

    def resolve_text(self, text: str, spans: list[list[int]] | None = None,
                     extra: list[Toponym] | None = None, country: str | None = None,
                     weight: float = PLACES_WEIGHT, more: list[Toponym] | None = None) -> list[Resolved]:
        """Resolve the toponyms of ``text`` (given spans or found) in the context of all the others;
        ``country`` is the document's focus when something else (its actors) already tells it,
        ``weight`` how firmly (3 = as if the text named the country). ``extra`` toponyms (spaCy's
        place spans) inform the others only; ``more`` (settlement names) are resolved and reported."""
        report, context = self.toponyms(text, spans)
        pool = sorted(report + context + (extra or []) + (more or []), key=lambda t: t.start)
        min_score = None if spans is not None else float(self.settings.get("geo", "min_score"))
        cc = self.country_code(country)
        focus = Counter({cc: weight}) if cc and weight > 0 else None
        by_id = {id(r.toponym): r for r in resolve(self.gaz, text, pool, min_score=min_score, extra_focus=focus)}
        return [by_id.get(id(t)) or Resolved(t, None, 0.0, Relation()) for t in report + (more or [])]

    def country_code(self, name: str | None) -> str | None:
        """The gazetteer's country code for a country name in any of its spellings ("Syria", "DRC")."""
        if not name:
            return None
        hits, _ = self.gaz.lookup(name)
        return next((self.gaz.cc[v // 2] for v in hits if self.gaz.feature[v // 2] == "country"), None)

    def geocode_text(self, text: str, spans: list[list[int]] | None = None,
                     country: str | None = None) -> list[dict[str, Any]]:
        """One record per toponym (given spans, or found): offsets, name, coordinates, admin1, precision."""
        out = []
        for r in self.resolve_text(text, spans, country=country):
            if spans is None and r.id is None:
                continue
            place = self.place(r) if r.id is not None else None
            out.append({"start": r.toponym.start, "end": r.toponym.end,
                        "name": place.name if place else r.toponym.text,
                        "latitude": place.latitude if place else None,
                        "longitude": place.longitude if place else None,
                        "country": place.country if place else None,
                        "admin1": place.admin1 if place else None,
                        "feature": place.feature if place else None,
                        "precision": place.precision if place else None})
        return out

    def event_point(self, i: int) -> tuple[float, float]:
        """Entry ``i``'s point as the place of an event: a province's crowd centre
        (``sources.crowd_centre``: where in it people, and so events, are), else its own point."""
        gaz = self.gaz
        if self._crowd is None:
            self._crowd = {}
        if i not in self._crowd:
            ids = self.admin1_members().get((gaz.cc[i], fold(gaz.names[i]))) if gaz.feature[i] == "admin1" else None
            self._crowd[i] = crowd_centre([(float(gaz.lat[j]), float(gaz.lon[j])) for j in ids]) \
                if ids and len(ids) >= 3 else (float(gaz.lat[i]), float(gaz.lon[i]))
        return self._crowd[i]

    def place(self, r: Resolved, *, event: bool = False) -> Place:
        """The Place for a resolved toponym, its precision raised by the words around it; with
        ``event``, a province is placed at its crowd centre (``event_point``), not its middle."""
        gaz, i = self.gaz, r.id
        assert i is not None
        relation = r.relation
        if relation.region and gaz.feature[i] not in ("admin1", "country", "continent"):
            namesake = fold(gaz.admin1[i] or "") in {fold(r.toponym.text), fold(gaz.names[i])}
            region = gaz.admin1_of(gaz.cc[i], gaz.admin1[i]) if gaz.admin1[i] and namesake else None
            if region is not None:
                i = region
            else:  # "eastern Sokhneh desert": around the town, not its whole province
                relation = Relation(relation.relation, 2)
        elif r.relation.relation in ("desert", "deserts"):
            hits, tier = gaz.lookup(f"{r.toponym.text} desert")
            i = next((v // 2 for v in hits if gaz.feature[v // 2] == "desert"), i) if tier == 0 else i
        precision = max(precision_of(gaz, i), relation.precision or 1)
        feature = gaz.feature[i]
        name = bare_admin2(plain(gaz.names[i])) if feature == "admin2" else plain(gaz.names[i])  # "Soum", not "Province du Soum"
        lat, lon = self.event_point(i) if event else (float(gaz.lat[i]), float(gaz.lon[i]))
        return Place(name=name, latitude=round(lat, 5),
                     longitude=round(lon, 5), country=gaz.countries.get(gaz.cc[i], gaz.cc[i]),
                     admin1=plain((gaz.names[i] if feature == "admin1" else gaz.admin1[i]) or "") or None,
                     feature=feature, precision=precision, source_id=gaz.source_id[i], matched=r.toponym.text,
                     start=r.toponym.start, end=r.toponym.end, relation=relation.relation)

    # ---- event mentions -----------------------------------------------------------------------
    def geocode_mentions(self, doc: Document, mentions: list[EventMention]) -> None:
        """Set ``m.place`` for each mention from its own evidence, then nearby text, then the focus."""
        if not mentions:
            return
        hints = _hint_spans(mentions)
        resolved = self.resolve_text(doc.text, None, extra=self._hint_toponyms(doc.text, hints), country=doc.country,
                                     weight=doc.country_weight, more=self._settlement_toponyms(doc, mentions))
        # "Fateh al-Sham", "Deir ez-Zor Military Council", "Islamic State West Africa Province": names, not places
        actors = sorted(set(_actor_spans(mentions)) | set(doc.name_spans))
        resolved = [r for r in resolved if r.id is not None
                    and not any(s <= r.toponym.start and r.toponym.end <= e for s, e in actors)]
        sentences = _sentences(doc.text)
        fallback = self._focus_place(doc, resolved)
        for m in mentions:
            place = choose_place(self, doc.text, m, resolved, sentences)
            if place is not None:
                place = across_border(self, doc.text, m, place)
            place = self._capital(doc.text, m, place, sentences) or place
            if place is not None and place.feature == "country" and fallback is not None \
                    and fallback.admin1 and fallback.country == place.country:
                # "in southern Syria": ACLED still codes an admin1; take the article's own region
                place = replace(fallback, matched=place.matched, start=place.start, end=place.end,
                                relation=f"{place.relation or 'country'}; document focus")
            m.place = _with_basis(place or fallback, m, resolved)
            m.place_hints += [h for h in _settlement_names(m) if h not in m.place_hints]

    def _capital(self, text: str, m: EventMention, place: Place | None,
                 sentences: list[tuple[int, int]]) -> Place | None:
        """"in Somalia's capital", "the capital of Sudan", "the Libyan capital": the country's
        capital city (precision 1), when the mention has no finer place of that country."""
        if place is not None and (place.precision == 1 and place.feature not in ("country", "admin1")):
            return None
        for e in m.evidence[:1]:
            start, end = next(((a, b) for a, b in sentences if a <= e.start < b), (e.start, e.end))
            for hit in CAPITAL.finditer(text, start, end):
                if hit.group("pos") and not hit.group("tail"):
                    continue
                dem, named = hit.group("dem"), hit.group("of") or hit.group("pos")
                iso = self.gaz.demonyms.get(fold(dem)) if dem else self.country_code(named)
                city = _capital_of(self.gaz).get(iso) if iso else None
                if city is not None and (place is None or place.country == self.gaz.countries.get(iso, iso)):
                    found = self.region_place(city, f"capital of {self.gaz.countries.get(iso, iso)}")
                    return replace(found, precision=1, admin1=plain(self.gaz.admin1[city] or "") or None,
                                   matched=hit.group(0), start=hit.start(), end=hit.end())
        return None

    def _recognised(self, text: str, start: int, end: int) -> bool:
        """Does ``text[start:end]`` overlap a toponym our own recogniser found?"""
        return any(start < t.end and t.start < end for t in self._find(text))

    def _hint_toponyms(self, text: str, hints: list[tuple[int, int]]) -> list[Toponym]:
        """spaCy GPE/LOC/FAC spans our own recogniser did not find, looked up (fuzzy allowed)."""
        out = []
        for s, e in hints:
            if self._recognised(text, s, e):  # "Lassa, Soum Province": our recogniser has "Lassa"
                continue
            t = self._marked(text, s, e)
            if t.hits and fold(t.text) not in word_set("outlets") and fold(t.text) not in self.gaz.demonyms:
                out.append(t)
        return out

    def _settlement_toponyms(self, doc: Document, mentions: list[EventMention]) -> list[Toponym]:
        """"the village of Hmeimeh" in an article firmly about Syria: a name the words call a
        settlement, matched by spelling to that country's places only (GeoNames' "Humaymah")."""
        cc = self.country_code(doc.country) if doc.country_weight >= FIRM_FOCUS else None
        if cc is None:
            return []
        cutoff = float(self.settings.get("geo", "settlement_fuzzy_cutoff"))
        out, seen = [], set()
        for m in mentions:
            for h in _settlement_names(m, areas=True):
                if (h.start, h.end) in seen or self._recognised(doc.text, h.start, h.end):
                    continue
                seen.add((h.start, h.end))
                hits = self.fuzzy.in_country(h.text, cc, cutoff)
                if hits:
                    out.append(Toponym(h.start, h.end, h.text, hits, 2))
        return out

    def _focus_place(self, doc: Document, resolved: list[Resolved]) -> Place | None:
        """The document's region: its most named admin1 (or country), precision 3."""
        gaz = self.gaz
        admin1s: Counter = Counter()
        countries: Counter = Counter()
        for r in resolved:
            i = r.id
            if gaz.feature[i] == "country" and attributive(doc.text, r.toponym.start):
                continue  # "the US dollar", "Russia said": not where the article is
            if dateline(doc.text, r.toponym.start, r.toponym.end):
                continue  # "PORT SUDAN (NP) -": where the reporter filed, document metadata
            countries[gaz.cc[i]] += 1
            if gaz.admin1[i] or gaz.feature[i] == "admin1":
                admin1s[(gaz.cc[i], gaz.names[i] if gaz.feature[i] == "admin1" else gaz.admin1[i])] += 1
        if doc.title:
            for r in self.resolve_text(doc.title):
                if r.id is not None and gaz.admin1[r.id]:
                    admin1s[(gaz.cc[r.id], gaz.admin1[r.id])] += 2
        for (cc, name), _ in admin1s.most_common():
            i = gaz.admin1_of(cc, name)
            if i is not None:
                return self.region_place(i, "document focus")
        # no place resolved: the country the article's actors point to still puts it on the map
        firm = doc.country_weight >= FIRM_FOCUS  # "Turkish forces" alone do not put an event in Turkey
        cc = countries.most_common(1)[0][0] if countries else self.country_code(doc.country) if firm else None
        if cc in gaz.country_ids:
            return self.region_place(gaz.country_ids[cc], "document focus")
        return None

    def region_place(self, i: int, relation: str) -> Place:
        gaz = self.gaz
        name = plain(gaz.names[i])
        lat, lon = self.event_point(i)  # only event places are made here
        return Place(name=name, latitude=round(lat, 5), longitude=round(lon, 5),
                     country=gaz.countries.get(gaz.cc[i], gaz.cc[i]),
                     admin1=name if gaz.feature[i] == "admin1" else None, feature=gaz.feature[i],
                     precision=3, source_id=gaz.source_id[i], relation=relation)


NAMEWORDS = r"[A-Z][\w-]*[a-z](?:\s+[A-Z][\w-]*[a-z])*"
# "the Somali capital", "capital of Somalia", "Somalia's capital". A run of capitalised words is
# matched whole, with or without the "'s capital" after it (group ``tail``; a hit without it is
# no capital): tried at each of its words, as a pattern needing the tail would be, it was
# quadratic in the run's length, and no word inside a run can start a hit its first word does not.
CAPITAL = re.compile(rf"\b(?:the\s+(?P<dem>[A-Z][a-z]+)\s+capital\b|capital\s+of\s+(?:the\s+)?(?P<of>{NAMEWORDS})\b"
                     rf"|(?P<pos>(?>{NAMEWORDS}))(?P<tail>['’]s?\s+capital\b)?)")


def _kind_words(words: list[str]) -> int:
    """How many words at the end of a name are a region's or its council's kind words
    ("County Council", "Local Government Area", "LGA", "province"), the longest first; 0: none."""
    kinds = word_set("admin_suffixes") | word_set("admin2_suffixes") | word_set("body_suffixes")
    folded = [fold(w) for w in words]
    return next((n for n in range(min(4, len(words) - 1), 0, -1) if " ".join(folded[-n:]) in kinds), 0)


def _without_subdistrict_word(words: list[str]) -> str:
    """"Tadaf sub district" / "Nahiyat Tadaf" -> "Tadaf"; "" when no sub-district word frames it."""
    after, before = word_set("subdistrict_after"), word_set("subdistrict_before")
    for n in (2, 1):
        if len(words) > n and fold(" ".join(words[-n:])) in after:
            return " ".join(words[:-n])
        if len(words) > n and fold(" ".join(words[:n])) in before:
            return " ".join(words[n:])
    return ""


def _capital_of(gaz: Gazetteer) -> dict[str, int]:
    """Country code → the gazetteer entry of its national capital."""
    return {gaz.cc[i]: i for i in capitals(gaz)}


@lru_cache(maxsize=2)
def _settlement_patterns(areas: bool = False) -> tuple[re.Pattern[str], ...]:
    """"the village of X", "X town", "captured X in Y"; with ``areas`` also "the X area", "X road"."""
    words = word_set("settlement_words") | (word_set("area_words") if areas else set())
    kinds = "|".join(sorted(words, key=len, reverse=True))
    before = "|".join(sorted(word_set("container_before"), key=len, reverse=True))
    return (re.compile(rf"\b(?:{kinds})\s+of\s+({NAME})"),
            re.compile(rf"\b({NAME})\s+(?:{kinds})\b"),
            re.compile(rf"\b(?:{before})\s+({NAME})\s+in\s+(?:the\s+)?[A-Z]"))


def _settlement_names(m: EventMention, areas: bool = False) -> list[Span]:
    """"the village of Azwar", "Dik village": place names the evidence gives whether or not the
    gazetteer knows them, so two reports of two unknown villages keep apart when merged (with
    ``areas``, also the names of areas: "the Ithariyah area", for spelling-matching only)."""
    out = []
    for e in m.evidence:
        for pattern in _settlement_patterns(areas):
            for hit in pattern.finditer(e.text):
                name = hit.group(1)
                if fold(name) in word_set("never_alone") or name.isupper():
                    continue
                start = e.start + hit.start(1)
                out.append(Span(start, start + len(name), name))
    return out


def _with_basis(place: Place | None, m: EventMention, resolved: list[Resolved]) -> Place | None:
    """Say how an unknown village was placed: "the village of X in the Z sub-district", "X, 20 km
    north of Y", "a village in the western countryside of Y". The evidence names X as a settlement
    (or as the place a distance is measured from Y), no gazetteer entry was found for it, so the
    point is the best estimate its context supports (the sub-district's centroid, the offset from
    Y, Y's side), never a namesake elsewhere; `sitrep explain` prints this sentence."""
    if place is None:
        return None
    known = [(r.toponym.start, r.toponym.end) for r in resolved]
    if place.start is not None:
        known.append((place.start, place.end if place.end is not None else place.start))
    names: list[str] = []
    for h in _settlement_names(m) + _measured_names(m):
        if not any(s < h.end and h.start < e for s, e in known) and h.text not in names:
            names.append(h.text)
    if not names:
        return place
    quoted = ", ".join(f'"{n}"' for n in names[:3])
    return replace(place, basis=f"{quoted} {'is' if len(names) == 1 else 'are'} in no gazetteer; "
                                f"placed by the context: {_context_words(place)}, precision {place.precision}")


def _context_words(place: Place) -> str:
    """The placement in words, from the relation the geocoder read ("20 km north of", "western
    countryside", "subdistrict")."""
    rel, name = place.relation or "", place.name
    if rel == "subdistrict":
        return f"the centroid of the {name} sub-district"
    if rel.endswith("document focus"):
        return f"the centre of {place.admin1 or name}, the article's region"
    if rel.endswith(" of") or rel in ("near", "between"):
        return f"{rel} {name}" + (" (a point estimate)" if any(c.isdigit() for c in rel) or rel.endswith(" of") else "")
    if rel in ("", "within"):
        return f"in {name}"
    if rel == "road":
        return f"on the {name} road"
    if " " in rel:
        return f"the {rel} of {name} (a point on that side)"
    return f"{rel} {name}"


def _measured_names(m: EventMention) -> list[Span]:
    """"Qaryat Umm Dhiban, 20 km north of Y": the name a stated distance locates."""
    out = []
    for e in m.evidence:
        for hit in MEASURED_NAME.finditer(e.text):
            name = hit.group(1)
            if fold(name) not in word_set("never_alone"):
                start = e.start + hit.start(1)
                out.append(Span(start, start + len(name), name))
    return out


def _actor_spans(mentions: list[EventMention]) -> list[tuple[int, int]]:
    """Where the actor dictionary matched a name ("Fateh al-Sham"); not the wider phrases a
    role came from ("two individuals from Abyan in Aden"), which hold places."""
    return sorted({(p.start, p.end) for m in mentions for p in m.provenance
                   if p.field.startswith("actor") and p.start is not None and p.end is not None
                   and "actor dictionary" in p.rule and p.end - p.start <= 60})


def _hint_spans(mentions: list[EventMention]) -> list[tuple[int, int]]:
    return sorted({(h.start, h.end) for m in mentions for h in m.place_hints})


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence bounds (start, end) by punctuation and line breaks: enough to find neighbours."""
    bounds, start = [], 0
    for m in SENTENCE_END.finditer(text):
        if m.start() > start:
            bounds.append((start, m.start()))
        start = m.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds
