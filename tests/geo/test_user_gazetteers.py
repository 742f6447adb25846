"""`sitrep gazetteer add/list/remove`: users' own gazetteers in three formats, used by the geocoder.

The files in tests/geo/gazetteers/ are written for these tests: invented villages at plausible
points in Syria, each file with malformed rows (a short GeoNames line, a latitude "north",
"ninety", a row without coordinates, a country "Atlantis").
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.cli import cli
from sitrep.config import load_settings
from sitrep.geo import Geocoder, user_gazetteers
from sitrep.geo.gazetteer import Gazetteer
from sitrep.geo.sources import Row
from sitrep.geo.user_store import StoreWriter, UserStore

FILES = Path(__file__).with_name("gazetteers")
GEONAMES, COD, SITES = FILES / "fictional-geonames.txt", FILES / "fictional-cod.csv", FILES / "fictional-sites.csv"
ALTERNATE = FILES / "fictional-alternateNamesV2.txt"  # names for the dump's ids, one of each kind left out


@pytest.fixture
def env(tmp_path, monkeypatch) -> dict[str, str]:
    """A temporary user-gazetteer dir (geo.user_gazetteers_dir); the built-in index stays cached."""
    monkeypatch.setenv("SITREP_GEO_USER_GAZETTEERS_DIR", str(tmp_path / "user-gazetteers"))
    return {"SITREP_GEO_USER_GAZETTEERS_DIR": str(tmp_path / "user-gazetteers")}


def sitrep(*args: str):
    return CliRunner().invoke(cli, list(args), obj={})


def place(text: str, name: str) -> dict:
    """Geocode ``text`` with a fresh geocoder (so it sees the gazetteers just added)."""
    found = Geocoder(load_settings()).geocode_text(text)
    hit = [r for r in found if r["name"] == name]
    assert hit, f"{name} not in {found}"
    return hit[0]


def test_geonames_dump_is_imported_with_errors_naming_file_and_line(env):
    r = sitrep("gazetteer", "add", str(GEONAMES))
    assert r.exit_code == 0, r.output
    assert f"{GEONAMES} line 7: 11 tab-separated columns, expected 19" in r.output
    assert f"{GEONAMES} line 9: latitude/longitude not numbers" in r.output
    assert "7 places indexed, 2 bad rows skipped, 2 non-place rows left out" in r.output  # a wadi, a mountain
    z = place("Regime forces shelled Zarqamun on Tuesday.", "Zarqamun")
    assert (z["latitude"], z["longitude"], z["admin1"], z["precision"]) == (35.612, 36.702, "Idlib", 1)
    assert place("Clashes in Tal Qirbasa.", "Tell Qirbasa")["admin1"] == "Raqqa"  # alternate name, admin1 code 04


def test_geonames_alternate_names_are_added_by_id(env):
    r = sitrep("gazetteer", "add", str(GEONAMES), "--alternate-names", str(ALTERNATE))
    assert r.exit_code == 0, r.output
    assert f"{ALTERNATE} line 9: 3 tab-separated columns with geonameid 'abc', expected 8 or 10" in r.output
    # kept: an English name, a short name, an old 8-column row; left out: Arabic script, a postal
    # code, a historic name, a name with an end date, a link, an id not in the dump
    assert "7 places indexed, 3 alternate names" in r.output
    assert place("Shelling hit Tell Abu Zarqa in Idlib province.", "Zarqamun")["admin1"] == "Idlib"
    assert place("Clashes in Umm Kharaza, in the Deir ez-Zor countryside.", "Khirbat Numayrun")["latitude"] == 34.902
    assert place("Raids on Tall Shahid Qirbasa in Raqqa.", "Tell Qirbasa")["admin1"] == "Raqqa"
    for gone in ("Qaryat Dhiban", "Sufayla Jadida", "Nowhere Hamlet"):
        found = {x["name"] for x in Geocoder(load_settings()).geocode_text(f"Fighting near {gone} in Hama.")}
        assert found == {"Hama"}  # neither Ain Sufayla (Hama) nor a namesake: the names were left out
    listed = json.loads(sitrep("gazetteer", "list", "--format", "jsonl").output.splitlines()[0])
    assert (listed["aliases"], Path(listed["alternate_names"]).name) == (3, ALTERNATE.name)
    r = sitrep("gazetteer", "add", str(COD), "--format", "ocha", "--alternate-names", str(ALTERNATE))
    assert r.exit_code == 2 and "go with a geonames dump, not ocha" in r.output


def test_ocha_cod_columns_are_found_and_admin1_takes_sitreps_name(env):
    r = sitrep("gazetteer", "add", str(COD), "--format", "ocha", "--name", "syria-cod")
    assert r.exit_code == 0, r.output
    assert f"{COD} line 11: latitude/longitude not numbers" in r.output and "11 places indexed" in r.output
    d = place("An airstrike hit Hawijat Sinan.", "Hawijat Sinan")
    assert (d["latitude"], d["admin1"]) == (35.0901, "Deir ez-Zor")  # "Deir-ez-Zor" in the file
    assert place("Shelling on Dayr Sunbulan.", "Dayr Sunbulan")["admin1"] == "Idlib"  # "Idleb" in the file


def test_ocha_with_a_users_column_mapping(env, tmp_path):
    renamed = tmp_path / "renamed.csv"
    renamed.write_text("iso,prov,village,y,x\nSY,Hama,Tall Ghazlun,35.11,36.62\n", encoding="utf-8")
    mapping = tmp_path / "cols.toml"
    mapping.write_text('name = ["village"]\nlatitude = ["y"]\nlongitude = ["x"]\ncountry = ["iso"]\n'
                       'admin1 = ["prov"]\n', encoding="utf-8")
    r = sitrep("gazetteer", "add", str(renamed), "--format", "ocha")
    assert r.exit_code == 2 and "no column for name, country" in r.output  # y/x match the defaults
    r = sitrep("gazetteer", "add", str(renamed), "--format", "ocha", "--columns", str(mapping))
    assert r.exit_code == 0, r.output
    assert place("Fighting near Tall Ghazlun.", "Tall Ghazlun")["admin1"] == "Hama"


def test_plain_csv_and_list_and_remove(env):
    r = sitrep("gazetteer", "add", str(SITES), "--format", "csv", "--name", "villages")
    assert r.exit_code == 0, r.output
    assert f"{SITES} line 7:" in r.output and f"{SITES} line 10: unknown country 'Atlantis'" in r.output
    listed = [json.loads(x) for x in sitrep("gazetteer", "list", "--format", "jsonl").output.splitlines()]
    assert [(m["name"], m["format"], m["places"], m["errors"]) for m in listed] == [("villages", "csv", 10, 2)]
    k = place("Rebels attacked Kafr Lahhib.", "Kafr Lahib")
    assert (k["feature"], k["precision"]) == ("populated place", 1)  # "village" is a town for the geocoder
    assert sitrep("gazetteer", "remove", "villages").exit_code == 0
    assert "Kafr Lahib" not in {r["name"] for r in Geocoder(load_settings()).geocode_text("Rebels attacked Kafr Lahhib.")}
    r = sitrep("gazetteer", "remove", "villages")
    assert r.exit_code == 2 and "no user gazetteer named 'villages'" in r.output


def test_default_store_is_beside_the_index(tmp_path):
    settings = load_settings(env={}, overrides={"geo.cache_dir": str(tmp_path)})
    assert user_gazetteers.store_dir(settings) == tmp_path / "user-gazetteers"


def test_index_from_other_code_is_rebuilt_from_its_file_and_kept(env):
    assert sitrep("gazetteer", "add", str(SITES), "--name", "villages").exit_code == 0
    folder = Path(env["SITREP_GEO_USER_GAZETTEERS_DIR"]) / "villages"
    mine = user_gazetteers.index_path(folder)
    other = folder / "index-v2-0123456789abcdef.sqlite"  # as if another sitrep version had indexed it
    mine.rename(other)
    assert place("Clashes in Tall Hamdun.", "Tall Hamdun")["admin1"] == "Idlib"
    assert mine.exists() and other.exists()  # that version still finds its own index
    assert sitrep("gazetteer", "add", str(SITES), "--name", "villages").exit_code == 0
    assert sorted(folder.glob("index-v*.sqlite")) == [mine]  # replacing the content drops the others'


def _tiny(rows: list[tuple[str, float, float, str]]) -> Gazetteer:
    gaz = Gazetteer()
    for name, lat, lon, cc in rows:
        gaz.add(Row(name, lat, lon, cc, "", "populated place", 0, f"t:{name}.{lat}"))
    return gaz


def _attach(base: Gazetteer, rows: list[tuple[str, float, float, str]], path: Path) -> None:
    """Write ``rows`` into a store on disk and attach it to ``base`` with the denser-source rule."""
    writer = StoreWriter(path)
    for name, lat, lon, cc in rows:
        writer.add(Row(name, lat, lon, cc, "", "populated place", 0, f"t:{name}.{lat}"))
    writer.finish()
    store = UserStore(path)
    density = Counter(cc for cc, f in zip(base.cc, base.feature) if f == "populated place")
    store.prefer = lambda gaz, old, new: user_gazetteers.prefer_denser(gaz, old, new, density, store.towns)
    base.attach(store)


def test_denser_source_in_a_country_keeps_a_shared_name(tmp_path):
    base = _tiny([("Qubbat", 35.0, 36.0, "SY"), ("Homs", 34.7, 36.7, "SY"), ("Qubbat", 10.0, 10.0, "NG")])
    _attach(base, [("Qubbat", 35.02, 36.03, "SY")] + [(f"Village {n}", 35.0, 36.0 + n / 100, "SY") for n in range(5)],
            tmp_path / "dense.sqlite")
    hits = {(base.cc[v // 2], round(float(base.lat[v // 2]), 2)) for v in base.lookup("Qubbat")[0]}
    assert hits == {("SY", 35.02), ("NG", 10.0)}  # the user's Syrian point replaces the sparse built-in one


def test_sparser_source_does_not_displace_the_built_in_place(tmp_path):
    base = _tiny([("Qubbat", 35.0, 36.0, "SY")] + [(f"Town {n}", 35.0, 36.0 + n / 100, "SY") for n in range(5)])
    _attach(base, [("Qubbat", 35.02, 36.03, "SY"), ("Farawla", 35.5, 36.5, "SY")], tmp_path / "sparse.sqlite")
    assert {round(float(base.lat[v // 2]), 2) for v in base.lookup("Qubbat")[0]} == {35.0}
    assert base.lookup("Farawla")[0]  # its own places are still added


def test_store_answers_like_the_in_memory_index_and_loads_only_what_is_asked(tmp_path):
    """Same values, same order, same tiers as ``Gazetteer.add`` would give; one place read per name found."""
    rows = [Row("Tall Qirbasa", 36.1, 38.9, "SY", "Raqqa", "populated place", 120, "t:1", ["Tell Qirbasa", "Tal Qirbasa"]),
            Row("Qirbasa", 36.2, 38.8, "SY", "Raqqa", "populated place", 0, "t:2", ["Tall Qirbasa"]),
            Row("Wadi Qirbasa", 36.0, 38.7, "SY", "Raqqa", "stream", 0, "t:3")]
    memory = Gazetteer()
    for row in rows:
        memory.add(row)
    writer = StoreWriter(tmp_path / "s.sqlite")
    for row in rows:
        writer.add(row)
    writer.finish()
    layered = Gazetteer()
    layered.attach(UserStore(tmp_path / "s.sqlite"))
    for text in ("Tall Qirbasa", "Tell Qirbasa", "Tal Qirbasa", "Qirbasa", "Wadi Qirbasa", "Tal-Qirbassa", "Nowhere"):
        want, got = memory.lookup(text), layered.lookup(text)
        assert got[1] == want[1], text
        assert [(layered.source_id[v // 2], v & 1) for v in got[0]] == [(memory.source_id[v // 2], v & 1) for v in want[0]]
    assert len(layered) == 3 and layered.resident() == 0  # every place came from the store, on demand
    fresh = Gazetteer()
    fresh.attach(UserStore(tmp_path / "s.sqlite"))
    fresh.lookup("Wadi Qirbasa")
    assert fresh.names == ["Wadi Qirbasa"]


def test_import_shows_progress_and_quiet_silences_it(env, tmp_path, monkeypatch):
    monkeypatch.setattr(user_gazetteers, "PROGRESS_ROWS", 3)
    r = sitrep("gazetteer", "add", str(GEONAMES))
    assert r.exit_code == 0 and "fictional-geonames.txt: 2 places indexed" in r.output and "sorting exact keys" in r.output
    r = sitrep("gazetteer", "add", str(GEONAMES), "--quiet")
    assert r.exit_code == 0 and "places indexed" not in r.output and "line 7: 11 tab-separated columns" in r.output


def test_ingested_article_gets_the_user_villages_coordinates(env, tmp_path):
    assert sitrep("gazetteer", "add", str(GEONAMES)).exit_code == 0
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "zarqamun.txt").write_text(
        "Shelling kills three in Zarqamun\n\nPublished: 12 March 2024\n\n"
        "Regime artillery shelled the village of Zarqamun in Idlib countryside on Monday, killing three "
        "civilians, local sources said.\n", encoding="utf-8")
    db, out = tmp_path / "e.db", tmp_path / "events.jsonl"
    r = sitrep("ingest", str(articles), "--db", str(db), "--quiet")
    assert r.exit_code == 0, r.output
    assert sitrep("export", "--db", str(db), "--format", "jsonl", "--output", str(out)).exit_code == 0
    events = [json.loads(x) for x in out.read_text().splitlines()]
    assert events and {(e["location"], e["latitude"], e["longitude"]) for e in events} == {("Zarqamun", 35.612, 36.702)}
