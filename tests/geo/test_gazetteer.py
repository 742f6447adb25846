"""The index: coverage of places war reporting names, curated sites, cache versioning, bad files."""
from __future__ import annotations

import pytest

from sitrep.config import load_settings
from sitrep.errors import ConfigError
from sitrep.geo import gazetteer
from sitrep.geo.sources import read_sites


def features(gaz, name):
    hits, _ = gaz.lookup(name)
    return {(gaz.names[v // 2], gaz.feature[v // 2], gaz.cc[v // 2]) for v in hits}


def test_admin1_names_are_common_english_forms(geocoder):
    gaz = geocoder.gaz
    for cc, name in [("SY", "Deir ez-Zor"), ("SY", "Raqqa"), ("SY", "Idlib"), ("SY", "Al-Hasakah"),
                     ("UA", "Kharkiv"), ("YE", "Marib"), ("NG", "Borno"), ("IQ", "Salah al-Din")]:
        assert gaz.admin1_of(cc, name) is not None, name


def test_curated_sites_fill_gazetteer_gaps(geocoder):
    assert ("Al-Tanf", "base", "SY") in features(geocoder.gaz, "Al Tanf")
    assert ("Hamimah", "village", "SY") in features(geocoder.gaz, "Hamimah")
    assert any(f == "pumping station" for _, f, _ in features(geocoder.gaz, "T-2"))


def test_cache_name_changes_with_user_sites(tmp_path):
    sites = tmp_path / "mine.csv"
    sites.write_text("name,aliases,lat,lon,kind,country,admin1,source\n"
                     "Camp Alpha,,34.1,40.2,base,SY,Deir ez-Zor,own survey\n", encoding="utf-8")
    plain = load_settings(env={}, overrides={"geo.cache_dir": str(tmp_path)})
    mine = plain.with_overrides({"geo.user_sites": str(sites)})
    assert gazetteer.cache_path(plain) != gazetteer.cache_path(mine)
    assert gazetteer.cache_path(plain).parent == tmp_path
    assert gazetteer.cache_path(plain).name.startswith("gazetteer-")


def test_bad_sites_file_names_the_line_and_fix(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,aliases,lat,lon,kind,country,admin1,source\nX,,north,40,base,SY,,me\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad.csv line 2: lat/lon not numbers"):
        list(read_sites(bad, origin="user"))
    missing = tmp_path / "missing.csv"
    missing.write_text("name,lat\nX,1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="missing column"):
        list(read_sites(missing, origin="user"))


def test_packaged_sites_are_well_formed():
    from sitrep.geo.sources import package_file
    rows = list(read_sites(package_file("sitrep.data", "sites.csv"), origin="site"))
    assert len(rows) > 80
    assert all(r.cc and len(r.cc) == 2 for r in rows)


@pytest.mark.parametrize("written, name", [
    ("Soum province", "Soum"),   # GeoNames: "Province du Soum"
    ("Akre district", "Akre"),   # GeoNames: "Akre District"
])
def test_a_district_is_found_by_the_name_news_gives_it(geocoder, written, name):
    found = geocoder.geocode_text(f"Clashes were reported in {written} on Monday.", [[25, 25 + len(written)]])
    assert (found[0]["name"], found[0]["feature"], found[0]["precision"]) == (name, "admin2", 2)
