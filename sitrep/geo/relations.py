"""Relative places: the words around a toponym that say "near it", "its countryside", "its province".

ACLED codes precision 2 for an event near a town, in its outskirts or countryside, at a
distance from it, between two towns or on the road joining them, and precision 3 when only
the region is known ("eastern Syria", "Deir ez-Zor province", "southern Idlib", "the Badia").
The geocoder keeps the words ("20 km east of", "countryside", "between") on the Place so a
reader can see why the precision is what it is. Word lists live in ``geo_rules.toml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sitrep.geo.normalize import fold, rules, word_set
from sitrep.geo.recognise import Toponym, dateline  # noqa: F401  (dateline: used by the layers above)

BORDER_WITH = re.compile(r"\bborders?\s+with\s+(?:the\s+)?$", re.I)
PATRON_BEFORE = re.compile(r"\bpro-?\s*$", re.I)  # "pro-Turkey factions"
PATRON_AFTER = re.compile(r"^\s*-\s*(?:backed|sponsored|funded|allied|aligned|affiliated|supported)\b", re.I)
# The look-behind starts the word at a word's first letter only: without it, a long run of letters
# was tried from every letter in it (quadratic; tests/test_regex_worst.py).
WORDS_BEFORE = re.compile(r"(?<![A-Za-z'])([A-Za-z']+)\W+(?:(?:the|a|an|village|town|city|of|area|areas|region|province|"
                          r"governorate|countryside|outskirts|desert|vicinity)\W+){0,3}$")
REGION_AREAS = frozenset({"countryside", "badia"})
# A proper name of up to four words, Arabic articles and "bin"/"abu" joined ("Tal al-Nimr", "Dar'a al-Balad").
NAME = (r"(?:(?:al|el|ad|as|ash|ar|az|an|at)[-–\s])?[A-Z][\w'’]*(?:[-–][\w'’]+)*(?:\s+(?:(?:al|el|ad|as|ash|ar|az|an|at|bin|ibn|abu|umm|of)[-–\s])?"
        r"[A-Z][\w'’]*(?:[-–][\w'’]+)*){0,3}")
BEARINGS = {"north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0, "south": 180.0,
            "southwest": 225.0, "west": 270.0, "northwest": 315.0}
DIRECTIONS = r"(?:north|south|east|west)(?:[- ]?(?:east|west))?(?:ern)?"


@dataclass
class Relation:
    """What the context says about a toponym: the relation words and the precision they imply."""

    relation: str | None = None
    precision: int | None = None
    region: bool = False
    reference: bool = False  # "east of X": X locates another place named before it
    bearing: float | None = None  # "east of X", "southern countryside of X": the side of X (degrees)
    km: float | None = None  # "20 km east of X": the stated distance
    subdistrict: bool = False  # "X subdistrict", "nahiyat X": the sub-district, not its namesake town


@dataclass
class Resolved:
    """A toponym with the entry chosen for it (``id`` None when nothing fits) and its relation.

    Defined here, with the relation, so that the rules over chosen places (``offset``, the
    ``lookup`` protocol) sit below disambiguation instead of importing it."""

    toponym: Toponym
    id: int | None
    score: float
    relation: Relation


def bearing_of(word: str | None) -> float | None:
    """Compass bearing (degrees) of "north", "south-eastern", "North East"...; None otherwise."""
    if not word:
        return None
    w = word.lower().replace("-", "").replace(" ", "")
    w = w[:-3] if w.endswith("ern") else w
    return BEARINGS.get(w)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    r = rules()["recognise"]
    return {
        "distance": re.compile(r"(?<!\d)(\d+(?:[.,]\d+)?)\s*(?:-\s*)?(km|kms|kilometers|kilometres|miles|mi)\s+"
                               rf"(?:to\s+the\s+)?({DIRECTIONS})\s+of\s+(?:the\s+(?:city|town|village)\s+of\s+)?$",
                               re.I),
        "direction": re.compile(rf"\b({DIRECTIONS})\s+of\s+(?:the\s+(?:city|town|village)\s+of\s+)?$", re.I),
        "near": re.compile(rf"\b({_alternation(r['near_words'])})\s+(?:the\s+)?"
                           r"(?:(?:city|town|village|villages|area|region|outskirts|suburbs?)\s+(?:of\s+)?)?$", re.I),
        "area_before": re.compile(rf"(?:\b({DIRECTIONS})\s+)?\b({_alternation(r['area_before'])})\s+(?:the\s+)?"
                                  r"(?:(?:city|town|village)\s+of\s+)?$", re.I),
        "between": re.compile(r"\bbetween\s+(?:the\s+)?(?:(?:towns|cities|villages)\s+of\s+)?$", re.I),
        "road_from": re.compile(r"\broad\s+(?:from|between|linking|connecting)\s+$", re.I),
        "compass": re.compile(rf"\b({_alternation(r['compass'])})\s+(?:parts\s+of\s+)?$", re.I),
        "area_after": re.compile(rf"^\s*(?:'s\s+)?(?:({DIRECTIONS})\s+)?({_alternation(r['area_suffixes'])})\b", re.I),
        "admin_after": re.compile(rf"^\s*({_alternation(r['admin_suffixes'])})\b", re.I),
        "subdistrict_after": re.compile(rf"^\s*({_alternation(r['subdistrict_after'])})\b", re.I),
        "subdistrict_before": re.compile(rf"\b({_alternation(r['subdistrict_before'])})\s+$",
                                         re.I),
        "road_after": re.compile(r"^\s*[-–]\s*[A-Z][\w'’() -]{1,60}?\s+(road|highway|motorway)\b"),
        "container": re.compile(rf"\b(?:{_alternation(r['container_before'])})\s+(?:the\s+)?(?:(?:town|village|city|"
                                rf"area|areas|villages|towns)\s+of\s+)?({NAME})(?:\s+(?:{_alternation(r['settlement_words'])}|"
                                r"area|front|axis|frontline))?(?:\s+in\s+(?:the\s+)?|\s*,\s*)$"),
    }


def relation_of(text: str, start: int, end: int) -> Relation:
    """Read the relation of the toponym at ``text[start:end]`` from the words around it."""
    p = _patterns()
    before = text[max(0, start - 60):start]
    after = text[end:end + 40]
    if m := p["admin_after"].match(after):
        return Relation(m.group(1).lower(), 3, region=True)
    if p["subdistrict_after"].match(after) or p["subdistrict_before"].search(before):
        return Relation("subdistrict", 2, subdistrict=True)
    if m := p["distance"].search(before):
        km = float(m.group(1).replace(",", ".")) * (1.609 if m.group(2).lower().startswith("mi") else 1.0)
        return Relation(f"{m.group(1)} {m.group(2)} {m.group(3).lower()} of", 2, bearing=bearing_of(m.group(3)), km=km)
    if m := p["compass"].search(before):
        word = m.group(1).lower()  # "central Marib" is the town's centre; "central Syria" a region
        return Relation(word, None if word == "central" else 3, region=word != "central", bearing=bearing_of(word))
    if m := p["area_before"].search(before):
        return _area(m.group(2).lower().split()[0], m.group(1))
    if m := p["area_after"].match(after):
        return _area(m.group(2).lower(), m.group(1))
    if p["between"].search(before):
        return Relation("between", 2)
    if p["road_from"].search(before) or p["road_after"].match(after):
        return Relation("road", 2)
    if m := p["near"].search(before):
        return Relation(" ".join(m.group(1).lower().split()), 2)
    if m := p["direction"].search(before):
        return Relation(f"{m.group(1).lower()} of", 2, reference=True, bearing=bearing_of(m.group(1)))
    if p["container"].search(before):  # "captured Jobas in Idlib", "near Starohnativka, Donetsk"
        return Relation("within", 2, region=True)
    return Relation()


def _area(word: str, side: str | None) -> Relation:
    """"the southern countryside of Idlib", "Idlib's western outskirts": the area, on that side.

    "Countryside" (the Arabic rif) of a province's namesake town means the province outside
    the town: a region (precision 3, as ACLED codes it); of any other town, its surroundings."""
    return Relation(f"{side.lower()} {word}" if side else word, 2, region=word in REGION_AREAS,
                    bearing=bearing_of(side))


def attributive(text: str, start: int) -> bool:
    """No locative word ("in", "across", "into"), nor "border with", before the name at ``start``."""
    if BORDER_WITH.search(text[max(0, start - 40):start]):
        return False
    before = WORDS_BEFORE.search(text[max(0, start - 60):start])
    return not (before and fold(before.group(1)) in word_set("locative") | word_set("away"))


def patron(text: str, start: int, end: int) -> bool:
    """"pro-Turkey factions", "Iran-backed militias": the name says who backs a side, not where."""
    return bool(PATRON_BEFORE.search(text[max(0, start - 5):start]) or PATRON_AFTER.match(text[end:end + 14]))
