"""Are two mentions the same real-world event? Hard vetoes first, then a weighted score with reasons.

Two sets of rules: within one document (the author tells one event several times, often leaving
details out of the headline or recap, so a missing field is a wildcard) and across documents
(independent reports must agree on when, where and what; a missing place or a vague date is not
enough to merge). A veto is final: the clusterer never puts two vetoed mentions together.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from rapidfuzz import fuzz

from sitrep.geometry import km
from sitrep.model import NOT_HAPPENED, EventMention
from sitrep.yamlfile import load_yaml

SPAN_DAYS = {"day": 0, "week": 6, "month": 30, "year": 365}
WEIGHTS = {"date": 0.2, "place": 0.2, "type": 0.15, "actors": 0.15, "fatalities": 0.1, "text": 0.2}


@dataclass(frozen=True)
class MergeRules:
    """Thresholds (from settings) and word lists (from sitrep/data/merge.yaml)."""

    max_km: float = 30.0
    same_place_km: float = 5.0
    date_slack_days: int = 1
    min_score: float = 0.6
    min_score_same_doc: float = 0.5


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """The merge word lists, loaded once (they are data, editable without reading Python)."""
    with (resources.files("sitrep.data") / "merge.yaml").open(encoding="utf-8") as f:
        data = load_yaml(f)
    family = {norm_name(name): norm_name(group[0]) for group in data["actor_families"] for name in group}
    return {
        "types": {frozenset(p) for p in data["compatible_types"]},
        "wildcards": {norm_name(a) for a in data["wildcard_actors"]},
        "place_stop": set(data["place_stopwords"]),
        "family": family,
        "state_prefixes": tuple(norm_name(p) + " " for p in data["state_force_prefixes"]),
        "night": _words_rx(data["night_words"]),
        "night_sentence": _words_rx(data["night_sentence_words"]),
        "type_rank": {t: k for k, t in enumerate(data["type_precedence"])},
    }


def _words_rx(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


@lru_cache(maxsize=1)
def country_words() -> frozenset[str]:
    """Country names, aliases and demonyms as place keys: a dateline's "Kenya" or "the southern
    Ukrainian city" names no place an event could be told apart by."""
    with (resources.files("sitrep.data") / "countries.yaml").open(encoding="utf-8") as f:
        rows = load_yaml(f)["countries"]
    words = {w for r in rows for w in [r["name"], *r.get("demonyms", []), *r.get("aliases", [])]}
    return frozenset(k for w in words if (k := norm_place(str(w))))


def side(name: str | None) -> str | None:
    """The party an actor name stands for when comparing reports: its family, or the state's forces."""
    voc = vocabulary()
    if name is None:
        return None
    name = voc["family"].get(name, name)
    for prefix in voc["state_prefixes"]:
        if name.startswith(prefix):
            return "state forces of " + name[len(prefix):]
    return name


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=65536)
def norm_name(name: str | None) -> str | None:
    """Actor/region name for comparison: folded, trailing "(...)" and punctuation dropped."""
    if not name:
        return None
    s = re.sub(r"\s*\([^)]*\)\s*$", "", fold(name))
    return re.sub(r"[^a-z0-9]+", " ", s).strip() or None


@lru_cache(maxsize=65536)
def norm_place(name: str | None) -> str | None:
    """Place name for comparison: "the town of Al-Mayadin" and "Mayadin" give the same key."""
    if not name:
        return None
    stop = vocabulary()["place_stop"]
    words = [w for w in re.split(r"[^a-z0-9]+", fold(name)) if w and w not in stop]
    return "".join(words) or None


@dataclass
class Features:
    """What the rules read from one mention, computed once per merge call."""

    key: tuple[str, int]
    doc: str
    start: int | None
    end: int | None
    date_explicit: bool
    precision: str
    date_written: bool  # a calendar date written out ("on 5 May 2020"), not "Thursday" or "yesterday"
    lat: float | None
    lon: float | None
    geo_precision: int | None
    place: str | None
    admin1: str | None
    country: str | None
    relation: str | None
    hints: frozenset[str]
    actors: frozenset[str]
    names: frozenset[str]  # the actor names as written, for comparing mentions of one report
    actor1: str | None
    actor2: str | None
    event_type: str
    sub: str
    fatalities: int | None
    fat_range: tuple[int, int] | None
    partisan: bool
    who: frozenset[str]
    modality: str
    text: str = field(repr=False, default="")
    fresh: bool = False  # the article marks it as another occurrence ("Meanwhile, …")


def features(m: EventMention) -> Features:
    """Normalise a mention once so that comparing it with many others stays cheap."""
    start = end = None
    if m.event_date:
        try:
            start = dt.date.fromisoformat(m.event_date[:10]).toordinal()
            end = start + SPAN_DAYS.get(m.date_precision, 0)
        except ValueError:
            pass
    wild = vocabulary()["wildcards"]
    a1, a2 = norm_name(m.actor1), norm_name(m.actor2)
    if start is not None and night(m):
        end += 1
    p = m.place
    has_point = p is not None and p.latitude is not None and p.longitude is not None
    figures = [v for v in (m.fatalities_low, m.fatalities, m.fatalities_high) if v is not None]
    return Features(
        key=(m.doc, m.index), doc=m.doc, start=start, end=end, date_explicit=date_explicit(m),
        precision=m.date_precision, date_written=date_written(m), lat=p.latitude if has_point else None, lon=p.longitude if has_point else None,
        geo_precision=p.precision if p else None, place=norm_place(p.name) if p else None,
        admin1=norm_name(p.admin1) if p else None, country=norm_name(p.country) if p else None,
        relation=p.relation if p else None, hints=_named_places(m),
        actors=frozenset(side(a) for a in (a1, a2) if a and a not in wild),
        names=frozenset(a for a in (a1, a2) if a and a not in wild), actor1=a1, actor2=a2,
        event_type=m.event_type, sub=m.sub_event_type, fatalities=m.fatalities,
        fat_range=(min(figures), max(figures)) if figures else None,
        partisan=m.modality == "claimed" or (a1 is not None and norm_name(m.attributed_to) == a1),
        who=frozenset(filter(None, [norm_name(x) for x in [*m.sources, m.attributed_to]])),
        modality=m.modality, text=" ".join(s.text for s in m.evidence)[:400],
        fresh=m.new_occurrence)


def _named_places(m: EventMention) -> frozenset[str]:
    """Place words of the mention other than its region and country (the villages, sites, towns).

    The words that the geocoder resolved to the mention's own place stand for that place's
    gazetteer name, so "Palmyra" in one report and "Tadmur" in another are one place.
    """
    p = m.place
    wide = {norm_place(p.admin1), norm_place(p.country)} if p else set()
    own = norm_place(p.matched) if p else None
    names = {norm_place(p.name) if (n := norm_place(h.text)) == own and p else n for h in m.place_hints}
    return frozenset(n for n in names if n and n not in wide and n not in country_words())


def night(m: EventMention) -> bool:
    """The date words put the event in a night ("late on Thursday", "overnight", "the night of 13 to 14")."""
    voc = vocabulary()
    return any(p.field == "event_date" and p.text and voc["night"].search(p.text) for p in m.provenance) \
        or any(voc["night_sentence"].search(s.text) for s in m.evidence[:1])


def _names_match(x: str, ys: frozenset[str]) -> bool:
    return any(x in y or y in x or fuzz.ratio(x, y) >= 85 for y in ys)


def _different_places_named(a: Features, b: Features) -> NoLink | None:
    """Each report names a place the other does not (e.g. two villages of one countryside): not
    enough to link them, but no veto either, since a third report may name both."""
    a_all = a.hints | {a.place} - {None}
    b_all = b.hints | {b.place} - {None}
    only_a = sorted(x for x in a.hints if not _names_match(x, b_all))
    only_b = sorted(x for x in b.hints if not _names_match(x, a_all))
    return NoLink(f"different places named ({only_a[0]} / {only_b[0]})") if only_a and only_b else None


def _cross_named(a: Features, b: Features) -> bool:
    """One report names the other's place ("near the T3 station in the Palmyra desert" / "east of Palmyra")."""
    return bool((a.place and _names_match(a.place, b.hints)) or (b.place and _names_match(b.place, a.hints)))


def date_explicit(m: EventMention) -> bool:
    """True when date words in the text gave the date ("Thursday evening", "on 5 May"); False when it
    is only inherited (the publication date, a previous event's date): a wildcard within a document."""
    return not any(p.field == "event_date" and not p.text for p in m.provenance)


def date_written(m: EventMention) -> bool:
    """True when a calendar date written in full gave the day ("on 5 May 2020", "2020-05-05")."""
    return any(p.field == "event_date" and p.text and p.rule.startswith("explicit-") for p in m.provenance)


class NoLink(str):
    """Not enough to link this pair (a missing place, a vague date), but no contradiction either:
    the two may still end up in one event through other members."""


@dataclass
class Link:
    """The verdict on one pair: a veto (never the same event) or a score with its reasons."""

    score: float = 0.0
    veto: str | None = None
    reasons: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return self.veto and f"vetoed: {self.veto}" or f"score {self.score:.2f} ({', '.join(self.reasons)})"


def compare(a: Features, b: Features, rules: MergeRules, *, with_text: bool = True) -> Link:
    """Judge whether mentions ``a`` and ``b`` report the same event (same-document rules if same doc)."""
    same_doc = a.doc == b.doc
    parts: dict[str, float] = {}
    reasons: list[str] = []
    missing: list[str] = []
    for judge in JUDGES.values():
        verdict = judge(a, b, rules, same_doc, parts, reasons)
        if isinstance(verdict, NoLink):
            missing.append(verdict)
        elif verdict:
            return Link(veto=verdict)
    if missing:
        return Link(score=0.0, reasons=missing)
    if with_text:
        ratio = fuzz.token_set_ratio(a.text, b.text, processor=_lower) / 100 if a.text and b.text else 0.3
        parts["text"] = ratio
        reasons.append(f"text {ratio:.2f}")
    else:
        parts["text"] = 0.0
    if with_text and not same_doc and not _anchored(a, b, parts):
        return Link(score=0.0, reasons=[NoLink("no specific detail shared (day, site, toll or wording)")] + reasons)
    return Link(score=round(sum(WEIGHTS[k] * v for k, v in parts.items()), 4), reasons=reasons)


def compatibility(a: Features, b: Features, rules: MergeRules) -> dict[str, str]:
    """Each rule's verdict on a pair, one line per signal, for ``sitrep explain``: the same
    judges ``compare`` runs, so what explain shows is what decided the merge."""
    out = {}
    for name, judge in JUDGES.items():
        parts: dict[str, float] = {}
        reasons: list[str] = []
        verdict = judge(a, b, rules, a.doc == b.doc, parts, reasons)
        if isinstance(verdict, NoLink):
            out[name] = f"not enough to link: {verdict}"
        elif verdict:
            out[name] = f"conflict: {verdict}"
        else:
            value = next(iter(parts.values()), None)
            out[name] = (f"{value:.1f} " if value is not None else "") + (", ".join(reasons) or "compatible")
    return out


def _anchored(a: Features, b: Features, parts: dict[str, float]) -> bool:
    """Independent reports must share something specific, not just a province, a week and a type:
    the same explicit day, the same site, the same non-zero toll, or near-identical wording."""
    return (parts.get("date", 0) >= 1.0 or parts.get("place", 0) >= 1.0 or parts.get("text", 0) >= 0.9
            or (a.fatalities is not None and a.fatalities > 0 and a.fatalities == b.fatalities))


def _lower(s: str) -> str:
    return fold(s)


def _judge_occurrence(a: Features, b: Features, rules: MergeRules, same_doc: bool,
                      parts: dict, reasons: list) -> str | None:
    """Within one article, a mention whose sentence opens "Meanwhile," or "In another attack," is
    a new occurrence by the writer's own word: it is not one with anything told before it."""
    later = a if a.key[1] > b.key[1] else b
    return "the article starts another occurrence there ('Meanwhile, …')" if same_doc and later.fresh else None


def _judge_modality(a: Features, b: Features, rules: MergeRules, same_doc: bool,
                    parts: dict, reasons: list) -> str | None:
    happened_a, happened_b = a.modality not in NOT_HAPPENED, b.modality not in NOT_HAPPENED
    if "hypothetical" in (a.modality, b.modality) and a.modality != b.modality:
        return "an expected or threatened event is not one reported as happened or denied"
    if happened_a != happened_b and a.sub != b.sub:
        return f"{a.modality} {a.sub} vs {b.modality} {b.sub}"
    if happened_a != happened_b:
        reasons.append(f"modality {a.modality}/{b.modality} kept as claims")
    return None


def _judge_type(a: Features, b: Features, rules: MergeRules, same_doc: bool,
                parts: dict, reasons: list) -> str | None:
    if a.sub == b.sub and a.event_type == b.event_type:
        parts["type"] = 1.0
        reasons.append("same sub-type")
    elif a.event_type == b.event_type:
        parts["type"] = 0.5
        reasons.append("same type")
    elif frozenset((a.event_type, b.event_type)) in vocabulary()["types"]:
        parts["type"] = 0.2
        reasons.append("compatible types")
    else:
        return f"types {a.event_type} vs {b.event_type}"
    return None


def _judge_date(a: Features, b: Features, rules: MergeRules, same_doc: bool,
                parts: dict, reasons: list) -> str | None:
    if same_doc and not (a.date_explicit and b.date_explicit):
        parts["date"] = 0.3
        return None
    if a.start is None or b.start is None:
        if same_doc:
            parts["date"] = 0.3
            return None
        return NoLink("a report without a date")
    if not same_doc and "year" in (a.precision, b.precision):
        return NoLink("a date known only to the year")
    gap = max(0, b.start - a.end, a.start - b.end)
    slack = rules.date_slack_days if not same_doc or (a.precision, b.precision) != ("day", "day") else 0
    if a.date_written and b.date_written:  # "on 5 May" and "on 6 May": two days, not a time-zone slip
        slack = 0
    if gap > slack:
        return f"dates {gap} days apart"
    exact = a.precision == b.precision == "day" and gap == 0
    weight = 1.0 if a.date_explicit and b.date_explicit else 0.5  # a publication date is weak evidence
    parts["date"] = weight * (1.0 if exact else 0.6 if gap == 0 else 0.3)
    reasons.append(("same day" if exact else "dates overlap" if gap == 0 else f"dates {gap} day(s) apart")
                   + ("" if weight == 1.0 else " (publication dates)"))
    return None


def _judge_place(a: Features, b: Features, rules: MergeRules, same_doc: bool,
                 parts: dict, reasons: list) -> str | None:
    """Places compatible by containment or distance; named sub-places only where the places leave room.

    A region-level report (precision 3) contains a point in its admin1: the finer report tells
    where in the region it was. Two reports placed at one town (precision 1, same name or within
    2 km) name the same place, whatever neighbourhood, camp or road each adds. Only when neither
    holds (two "near X" reports, two points a few km apart, two region-level reports) can the
    villages each names alone tell two events apart.
    """
    if a.country and b.country and a.country != b.country:
        return f"countries {a.country} vs {b.country}"
    if a.geo_precision is None or b.geo_precision is None:
        if same_doc:
            parts["place"] = 0.3
            return None
        return NoLink("a report without a place")
    if 3 in (a.geo_precision, b.geo_precision):
        verdict = _judge_region(a, b, parts, reasons)
        if verdict is None and a.geo_precision == b.geo_precision == 3 and not same_doc:
            return _different_places_named(a, b)
        return verdict
    if a.lat is None or b.lat is None:
        if a.place and a.place == b.place:
            parts["place"] = 1.0
            reasons.append("same place name")
            return None
        return NoLink("a place without coordinates")
    d = km(a.lat, a.lon, b.lat, b.lon)
    same_name = a.place is not None and a.place == b.place
    # "near X" in one report and "near Y" in another may be one spot between X and Y, when a
    # report names the other's reference place; two precise towns never stretch that far.
    near_named = 2 in (a.geo_precision, b.geo_precision) and not same_doc and _cross_named(a, b)
    if d > rules.max_km * (2 if near_named else 1):
        return f"places {d:.0f} km apart"
    if not same_name and not near_named \
            and d > (2.0 if a.geo_precision == b.geo_precision == 1 else rules.same_place_km):
        return f"different places {d:.1f} km apart"
    town = (same_name or d <= 2) and 1 in (a.geo_precision, b.geo_precision)
    if not same_doc and not town and (named := _different_places_named(a, b)):
        return named
    site = a.geo_precision == b.geo_precision == 1 and not a.relation and not b.relation
    if same_name or d <= 2:
        parts["place"] = 1.0 if site else 0.6  # "near"/"countryside of" the same town is not the same site
        reasons.append(("same site" if site else "around the same place") + ("" if same_name else f" {d:.1f} km"))
    else:
        parts["place"] = 0.5 if d <= 10 else 0.3
        reasons.append(f"{d:.1f} km apart")
    return None


def _judge_region(a: Features, b: Features, parts: dict, reasons: list) -> str | None:
    """A region-level report (precision 3) matches a point or region in the same admin1."""
    if a.admin1 and b.admin1:
        if a.admin1 != b.admin1:
            return f"regions {a.admin1} vs {b.admin1}"
    elif a.lat is None or b.lat is None or km(a.lat, a.lon, b.lat, b.lon) > 150:
        return NoLink("region not known to contain the place")
    parts["place"] = 0.3
    reasons.append("point inside the same region" if a.geo_precision != b.geo_precision else "same region")
    return None


def _judge_actors(a: Features, b: Features, rules: MergeRules, same_doc: bool,
                  parts: dict, reasons: list) -> str | None:
    """Unknown or one-sided reports are compatible; two full pairs of sides must share one.

    Outlets tell one fight from different ends ("al-Shabaab stormed a hotel" / "security forces
    ended the siege"), so when one report calls it a battle, one named side each that differ is
    weak evidence, not a contradiction; two different perpetrators of a one-sided attack are.
    A report naming both sides contradicts one whose only side is neither of them. A state's
    army and police are one side only when a report leaves the other party out (a bomb "hit a
    police pickup" / "killed soldiers"): reports naming both sides are precise about victims.
    """
    # one author names each party one way; outlets differ ("the army" / "state forces"), so only
    # across reports do actor families and a state's forces count as one side
    xa, xb = (a.names, b.names) if same_doc else (a.actors, b.actors)
    if not xa or not xb:
        parts["actors"] = 0.3
        return None
    if a.names == b.names:
        parts["actors"] = 1.0
        reasons.append("same actors")
        return None
    if len(a.names) == len(b.names) == 2 and a.names & b.names:
        # both name both sides and agree on one: the other is told apart by name (soldiers
        # ambushed near a town / a police post attacked in it the same day)
        return f"different actors {a.actor1}/{a.actor2} vs {b.actor1}/{b.actor2}"
    if xa == xb:
        parts["actors"] = 0.6
        reasons.append("same sides, named differently")
        return None
    if not xa & xb:
        if len(xa) == len(xb) == 1 and not same_doc and "Battles" in (a.event_type, b.event_type):
            parts["actors"] = 0.1
            reasons.append(f"one side each ({next(iter(xa))} / {next(iter(xb))})")
            return None
        return f"actors {sorted(xa)} vs {sorted(xb)}"
    if len(xa) == len(xb) == 2:
        return f"different actors {a.actor1}/{a.actor2} vs {b.actor1}/{b.actor2}"
    parts["actors"] = 0.7 if xa <= xb or xb <= xa else 0.4
    reasons.append("shared actor")
    return None


def _judge_figures(a: Features, b: Features, rules: MergeRules, same_doc: bool,
                   parts: dict, reasons: list) -> str | None:
    if a.fat_range is None or b.fat_range is None:
        parts["fatalities"] = 0.5 if a.fat_range is None and b.fat_range is None else 0.4
        return None
    if a.fatalities == b.fatalities:
        parts["fatalities"] = 1.0
        reasons.append(f"same toll {a.fatalities}")
        return None
    lo = max(a.fat_range[0], b.fat_range[0])
    hi = min(a.fat_range[1], b.fat_range[1])
    overlap = lo <= hi
    small, big = sorted((a.fat_range[0], b.fat_range[0]))
    if not overlap and big > 3 * small + 3 and not (a.partisan or b.partisan):
        return f"tolls {a.fatalities} vs {b.fatalities} cannot be reconciled"
    if same_doc and not overlap and not (a.who and b.who and a.who != b.who) and not (a.partisan or b.partisan):
        # one article gives one toll per event unless it cites two sources for it: two tolls, two events
        return f"one report gives tolls {a.fatalities} and {b.fatalities}, not from two sources"
    parts["fatalities"] = 0.3
    reasons.append(f"tolls {a.fatalities}/{b.fatalities}")
    return None


# The signals two mentions are judged on, in order (a veto in an earlier one is final).
JUDGES = {"occurrence": _judge_occurrence, "modality": _judge_modality, "type": _judge_type, "date": _judge_date, "place": _judge_place,
          "actors": _judge_actors, "fatalities": _judge_figures}
