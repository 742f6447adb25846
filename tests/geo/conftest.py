"""Geo fixtures: the real world gazetteer (built once into the user cache) and a tiny one."""
from __future__ import annotations

import os

import pytest

from sitrep.config import load_settings
from sitrep.geo import Geocoder
from sitrep.geo.gazetteer import Gazetteer
from sitrep.geo.sources import Row


@pytest.fixture(scope="session")
def geocoder() -> Geocoder:
    """Packaged defaults only, except where the index is cached (SITREP_GEO_CACHE_DIR, when set):
    worktrees with different data keep their own index instead of rebuilding each other's."""
    cache = os.environ.get("SITREP_GEO_CACHE_DIR")
    return Geocoder(load_settings(env={"SITREP_GEO_CACHE_DIR": cache} if cache else {}))


@pytest.fixture
def tiny() -> Geocoder:
    """Twelve places: two Tripolis, two Alexandrias and their regions, so context decides."""
    gaz = Gazetteer()
    countries = [("Libya", 27.0, 17.0, "LY"), ("Lebanon", 33.83, 35.83, "LB"), ("Egypt", 27.0, 30.0, "EG"),
                 ("United States", 39.83, -98.58, "US")]
    for name, lat, lon, cc in countries:
        gaz.country_ids[cc] = gaz.add(Row(name, lat, lon, cc, "", "country", 1_000_000, f"country:{cc}"))
        gaz.countries[cc] = name
    for name, lat, lon, cc in [("North", 34.4, 36.1, "LB"), ("Louisiana", 31.0, -92.0, "US"),
                               ("Misrata", 31.8, 15.0, "LY")]:
        gaz.admin1_ids[(cc, name.lower())] = gaz.add(Row(name, lat, lon, cc, name, "admin1", 0, f"admin1:{name}"))
    towns = [("Tripoli", 32.89, 13.19, "LY", "Tripoli", 1_150_000), ("Tripoli", 34.44, 35.85, "LB", "North", 230_000),
             ("Misrata", 32.38, 15.09, "LY", "Misrata", 386_000), ("Alexandria", 31.2, 29.92, "EG", "Alexandria",
             3_800_000), ("Alexandria", 31.31, -92.45, "US", "Louisiana", 48_000), ("Pineville", 31.32, -92.43, "US",
             "Louisiana", 14_000)]
    for name, lat, lon, cc, a1, pop in towns:
        gaz.add(Row(name, lat, lon, cc, a1, "populated place", pop, f"test:{name}.{cc}"))
    gaz.demonyms = {"libyan": "LY", "lebanese": "LB"}
    return Geocoder(load_settings(env={}), gazetteer=gaz)
