"""Syrian sub-districts (nahiyas, OpenSyria CC BY 4.0): precision 2 at the centroid, right admin1,
and the namesake town still wins when the text does not say "sub-district"."""
from __future__ import annotations

import csv

import pytest

from sitrep.geo.sources import package_file, read_sites
from sitrep.geometry import km


def first(geocoder, text: str, name: str) -> dict:
    """The record for the toponym whose text starts at ``name`` in ``text``."""
    start = text.index(name)
    hits = [r for r in geocoder.geocode_text(text) if r["start"] <= start < r["end"]]
    assert hits, f"{name!r} not geocoded in {text!r}"
    return hits[0]


def test_shipped_file_keeps_attribution_and_all_272_nahiyas():
    path = package_file("sitrep.data", "sy_subdistricts.csv")
    head = path.read_text(encoding="utf-8").splitlines()[:6]
    assert any("OpenSyria" in line for line in head) and any("CC BY 4.0" in line for line in head)
    rows = list(read_sites(path, origin="subdistrict"))
    assert len(rows) == 272
    assert {r.admin1 for r in rows} >= {"Aleppo", "Rural Damascus", "Deir ez-Zor", "Raqqa", "Idlib", "As-Sweida"}
    assert all(r.feature == "subdistrict" and r.cc == "SY" for r in rows)
    assert len({r.source_id for r in rows}) == 272  # the OCHA P-code keeps the two Surans apart


def test_readme_credits_opensyria():
    readme = (package_file("sitrep", "__init__.py").parents[1] / "README.md").read_text(encoding="utf-8")
    assert "OpenSyria" in readme and "CC BY 4.0" in readme


@pytest.mark.parametrize("text,name,admin1", [
    ("Clashes were reported in the Tadaf subdistrict of Aleppo.", "Tadaf", "Aleppo"),
    ("Shelling hit Hajin sub-district in Deir ez-Zor.", "Hajin", "Deir ez-Zor"),
    ("Regime forces shelled nahiyat Sabe Byar overnight.", "Sabe Byar", "Rural Damascus"),
    ("Turkish drones struck the Jandairis Subdistrict on Monday.", "Jandairis", "Aleppo"),
    ("Clashes in the sub-district of Maadan, Raqqa.", "Maadan", "Raqqa"),
])
def test_named_subdistrict_resolves_to_its_centroid(geocoder, text, name, admin1):
    r = first(geocoder, text, name)
    assert (r["feature"], r["precision"], r["admin1"]) == ("subdistrict", 2, admin1)


def test_bare_subdistrict_name_without_a_town_resolves_to_the_subdistrict(geocoder):
    # Sabe Byar ("Seven Wells") is a desert nahiya east of Damascus with no town of that name indexed
    r = first(geocoder, "Airstrikes hit Sabe Byar in the Syrian desert.", "Sabe Byar")
    assert (r["feature"], r["precision"], r["admin1"]) == ("subdistrict", 2, "Rural Damascus")
    assert km(r["latitude"], r["longitude"], 33.42, 38.04) < 10


@pytest.mark.parametrize("text,name", [
    ("Regime forces shelled Hajin in Deir ez-Zor.", "Hajin"),
    ("Protesters gathered in Hama on Friday.", "Hama"),
    ("SDF fighters entered Jandairis after heavy clashes in Afrin.", "Jandairis"),
    ("An airstrike hit a market in Saraqab, Idlib.", "Saraqab"),
])
def test_namesake_town_wins_over_its_subdistrict(geocoder, text, name):
    r = first(geocoder, text, name)
    assert r["feature"] != "subdistrict" and r["precision"] == 1


def test_subdistrict_rows_have_coordinates_inside_syria():
    with package_file("sitrep.data", "sy_subdistricts.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    for r in rows:
        assert 32.3 <= float(r["lat"]) <= 37.4 and 35.5 <= float(r["lon"]) <= 42.4, r["name"]


def test_marked_span_with_kind_word_takes_the_subdistrict(geocoder):
    text = "Fighting in Tadaf Sub-district continued."
    start = text.index("Tadaf")
    [r] = geocoder.geocode_text(text, spans=[[start, start + len("Tadaf Sub-district")]])
    assert (r["feature"], r["admin1"]) == ("subdistrict", "Aleppo")
