"""Region names in other forms, for spans already marked as places: abbreviations ("B.C.", "NSW",
"Calif.", "D.C.") and adjectives or residents' names ("Asian", "Philippine", "Ohioans").

Why a table and not the index: news abbreviates states and provinces by fixed conventions
(postal codes, AP / Canadian Press style), listed in ``sitrep/data/region_abbreviations.csv``.
Two-letter codes are also English words and acronyms ("IN", "OR", "ME", "SA"), so they are
read only where someone (the caller's spans, spaCy's place tags) already says the words name a
place, never in running text. A bare code matches in capitals only; a dotted form in any case.
Adjectives are undone by the endings in ``geo_rules.toml`` (``region_adjective_endings``) and
kept only when they give a country, province, continent or region exactly: "Asian" is Asia,
never the Italian town Asciano a fuzzy match would find.
"""
from __future__ import annotations

import csv
from functools import lru_cache

from sitrep.geo.gazetteer import ALIAS_BIT, Gazetteer
from sitrep.geo.normalize import rules
from sitrep.geo.sources import uncommented, package_file


@lru_cache(maxsize=1)
def table() -> dict[str, list[tuple[str, str, str]]]:
    """Form as matched (see ``_key``) -> [(country code, region name, feature)]."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    with package_file("sitrep.data", "region_abbreviations.csv").open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(uncommented(f, [0])):
            for form in r["forms"].split("|"):
                out.setdefault(_key(form.strip()), []).append((r["country"], r["name"], r["feature"]))
    return out


def _key(form: str) -> str:
    """"CA" stays "CA" (capitals only); "Calif.", "B.C.", "W. Va." fold to lower case without spaces."""
    bare = form.replace(" ", "")
    return bare if bare.isalpha() and len(bare) <= 3 else bare.lower()


REGION_FEATURES = frozenset({"country", "admin1", "continent", "region"})


def adjective(gaz: Gazetteer, span: str) -> list[int]:
    """Index values of the regions a one-word adjective or residents' name stands for; [] when none."""
    if " " in span.strip() or not span[:1].isupper():
        return []
    for pair in rules()["recognise"]["region_adjective_endings"]:
        ending, _, stem_end = pair.partition(":")
        if span.endswith(ending) and len(span) > len(ending) + 2:
            hits, tier = gaz.lookup(span[:len(span) - len(ending)] + stem_end)
            regions = [v for v in hits if gaz.feature[v // 2] in REGION_FEATURES]
            if tier == 0 and regions:
                return [v | ALIAS_BIT for v in regions]
    return []


def abbreviation(gaz: Gazetteer, span: str) -> list[int]:
    """Index values (row * 2 + alias bit) of the regions ``span`` abbreviates; [] when none."""
    out = []
    for cc, name, feature in table().get(_key(span.strip()), ()):
        i = _row(gaz, cc, name, feature)
        if i is not None:
            out.append(i * 2 + ALIAS_BIT)
    return out


def _row(gaz: Gazetteer, cc: str, name: str, feature: str) -> int | None:
    if feature == "admin1":
        return gaz.admin1_of(cc, name)
    if feature == "country":
        return gaz.country_ids.get(cc)
    rows = [v // 2 for v in gaz.lookup(name)[0] if gaz.cc[v // 2] == cc and gaz.feature[v // 2] == feature]
    return max(rows, key=lambda i: gaz.population[i], default=None)  # "D.C.": the capital, the biggest Washington
