"""Read a user's gazetteer file, row by row, in one of three formats: GeoNames, OCHA COD, plain CSV.

Why streamed: GeoNames' allCountries.txt is 1.5 GB; each reader yields one ``Row`` (or one
``RowError`` naming the line) at a time, so memory holds the index being built, never the file.
Why errors are yielded, not raised: a user's file of 40,000 villages with three broken lines
should give 39,997 places and three messages, not nothing.

- ``geonames``: the GeoNames dump (``XX.txt``, ``allCountries.txt``), 19 tab-separated columns
  (https://download.geonames.org/export/dump/readme.txt); populated places (feature class P) only.
- ``ocha``: an OCHA/HDX COD populated-places CSV; its column names vary by country, so the
  fields are found through ``sitrep/data/ocha_columns.toml`` (or the user's own mapping).
- ``csv``: ``name,aliases,latitude,longitude,country,admin1,kind`` like sitrep/data/sites.csv
  (``lat``/``lon`` accepted too; aliases separated by ``|``).

Beside a GeoNames dump, GeoNames' ``alternateNamesV2.txt`` (or the older ``alternateNames.txt``)
adds names to its places by geonameid (``read_alternate_names``); it is 15 M rows for the world,
so it is streamed too, and joined to the places on disk (``user_store.StoreWriter.add_aliases``).
"""
from __future__ import annotations

import csv
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from sitrep.errors import ConfigError
from sitrep.geo.normalize import fold
from sitrep.geo.sources import Row, package_file, usable_alias

FORMATS = ("geonames", "ocha", "csv")
GEONAMES_COLUMNS = 19
TOWN_KINDS = frozenset({"populated place", "town", "village", "city", "hamlet", "settlement", ""})
CountryOf = Callable[[str], str | None]  # "SY", "SYR", "Syria" -> "SY"
Admin1Of = Callable[[str, str], str]  # (country, GeoNames admin1 code or a name) -> sitrep's admin1 name


@dataclass
class RowError:
    """One line that could not be imported, and why (the message names the fix)."""

    line: int
    message: str


def guess_format(path: Path) -> str:
    """"SY.txt" / "allCountries.txt" are GeoNames dumps; a CSV with ADM*_EN columns is OCHA's."""
    if path.suffix.lower() == ".txt":
        return "geonames"
    with path.open(encoding="utf-8-sig", newline="") as f:
        header = f.readline()
    return "ocha" if "ADM1_EN" in header.upper() or "PCODE" in header.upper() else "csv"


def read_rows(path: Path, fmt: str, *, country_of: CountryOf, admin1_of: Admin1Of,
              columns: Path | None = None, skipped: Counter | None = None) -> Iterator[Row | RowError]:
    """Rows of ``path`` in format ``fmt``, tagged with source ids ``<format>:<id or line>``;
    ``skipped`` counts the rows left out on purpose (GeoNames features that are not places), by class."""
    if fmt not in FORMATS:
        raise ConfigError(f"{path}: unknown gazetteer format {fmt!r}; use one of {', '.join(FORMATS)}")
    try:
        f = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read gazetteer file ({exc.strerror})") from exc
    with f:
        if fmt == "geonames":
            yield from _geonames(f, admin1_of, Counter() if skipped is None else skipped)
        elif fmt == "ocha":
            yield from _ocha(path, csv.DictReader(f), country_of, admin1_of, ocha_columns(columns))
        else:
            yield from _plain(path, csv.DictReader(f), country_of, admin1_of)


def _point(lat: str, lon: str) -> tuple[float, float] | str:
    """(lat, lon), or the reason they are not a point in decimal degrees."""
    try:
        a, b = float(lat), float(lon)
    except (TypeError, ValueError):
        return f"latitude/longitude not numbers ({lat!r}, {lon!r}); use decimal degrees"
    if not (-90 <= a <= 90 and -180 <= b <= 180):
        return f"latitude/longitude out of range ({a}, {b}); latitude comes first"
    return a, b


def _geonames(lines: Iterator[str], admin1_of: Admin1Of, skipped: Counter) -> Iterator[Row | RowError]:
    """GeoNames dump rows: id, name, asciiname, alternatenames, lat, lon, class, code, country,
    cc2, admin1..4, population, elevation, dem, timezone, modified (tab-separated)."""
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.rstrip("\r\n").split("\t")
        if len(f) != GEONAMES_COLUMNS:
            yield RowError(n, f"{len(f)} tab-separated columns, expected {GEONAMES_COLUMNS} (GeoNames dump format)")
            continue
        if f[6] != "P":
            skipped[f[6] or "?"] += 1  # streams, hills, hotels: only populated places are read
            continue
        point = _point(f[4], f[5])
        if isinstance(point, str):
            yield RowError(n, point)
            continue
        if not f[1].strip():
            yield RowError(n, "empty name (column 2)")
            continue
        cc = f[8].strip().upper()
        aliases = [a for a in dict.fromkeys([f[2]] + f[3].split(",")) if a and a != f[1] and usable_alias(a)]
        yield Row(f[1].strip(), point[0], point[1], cc, admin1_of(cc, f[10].strip()) if f[10].strip() else "",
                  "populated place", int(f[14]) if f[14].strip().isdigit() else 0, f"geonames:{f[0]}", aliases)


ALTERNATE_COLUMNS = (8, 10)  # alternateNames.txt; alternateNamesV2.txt adds "from" and "to"
# isolanguage values that are not names: postal codes, airport and station codes, links, Wikidata ids...
NOT_NAMES = frozenset({"post", "iata", "icao", "faac", "tcid", "unlc", "link", "wkdt", "abbr", "phon", "piny"})


def read_alternate_names(path: Path) -> Iterator[tuple[int, str] | RowError]:
    """(geonameid, name) of each usable row of a GeoNames alternate-names file, or a ``RowError``.

    Columns: alternateNameId, geonameid, isolanguage, alternate name, isPreferredName,
    isShortName, isColloquial, isHistoric (then from, to in V2). Left out without an error: codes
    and links (``NOT_NAMES``), historic names and names with an end date (news uses today's), and
    what the dump's own alternate names leave out (``usable_alias``: other scripts, digits, codes).
    """
    try:
        f = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read alternate-names file ({exc.strerror})") from exc
    with f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#"):
                continue
            c = line.rstrip("\r\n").split("\t")
            if len(c) not in ALTERNATE_COLUMNS or not c[1].strip().isdigit():
                yield RowError(n, f"{len(c)} tab-separated columns with geonameid {c[1] if len(c) > 1 else ''!r}, "
                                  "expected 8 or 10 with a number second (GeoNames alternateNamesV2.txt format)")
                continue
            if c[2] in NOT_NAMES or c[7] == "1" or (len(c) == 10 and c[9].strip()) or not usable_alias(c[3]):
                continue
            yield int(c[1]), c[3].strip()


def ocha_columns(path: Path | None = None) -> dict[str, list[str]]:
    """Field -> the column names to try, from the packaged mapping or the user's own TOML file."""
    source = path or package_file("sitrep.data", "ocha_columns.toml")
    try:
        with open(source, "rb") as f:
            table = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{source}: cannot read the OCHA column mapping ({exc}); see docs/cli.md") from exc
    return {k: [str(x) for x in v] for k, v in table.items() if isinstance(v, list)}


def _pick(fieldnames: list[str], candidates: list[str]) -> str | None:
    """The first candidate column present in the header (case-insensitive)."""
    upper = {c.upper(): c for c in fieldnames}
    return next((upper[c.upper()] for c in candidates if c.upper() in upper), None)


def _ocha(path: Path, reader: csv.DictReader, country_of: CountryOf, admin1_of: Admin1Of,
          mapping: dict[str, list[str]]) -> Iterator[Row | RowError]:
    header = list(reader.fieldnames or [])
    cols = {k: _pick(header, v) for k, v in mapping.items()}
    missing = [k for k in ("name", "latitude", "longitude", "country") if cols.get(k) is None]
    if missing:
        raise ConfigError(f"{path}: no column for {', '.join(missing)} (tried "
                          + "; ".join(f"{k}: {'/'.join(mapping.get(k, []))}" for k in missing)
                          + "); map your columns with --columns FILE (see sitrep/data/ocha_columns.toml)")
    alias_cols = [c for c in (_pick(header, [x]) for x in mapping.get("aliases", [])) if c]
    for r in reader:
        n = reader.line_num
        name = (r.get(cols["name"]) or "").strip()
        point = _point(r.get(cols["latitude"]) or "", r.get(cols["longitude"]) or "")
        cc = country_of((r.get(cols["country"]) or "").strip())
        if isinstance(point, str) or not name or cc is None:
            yield RowError(n, point if isinstance(point, str) else "empty name" if not name else
                           f"unknown country {r.get(cols['country'])!r}; use an ISO code or an English name")
            continue
        pcode = (r.get(cols["pcode"]) or "").strip() if cols.get("pcode") else ""
        admin1 = (r.get(cols["admin1"]) or "").strip() if cols.get("admin1") else ""
        aliases = [a.strip() for c in alias_cols for a in (r.get(c) or "").split("|") if a.strip() and a.strip() != name]
        yield Row(name, point[0], point[1], cc, admin1_of(cc, admin1) if admin1 else "", "populated place", 0,
                  f"ocha:{pcode or n}", list(dict.fromkeys(aliases)))


def _plain(path: Path, reader: csv.DictReader, country_of: CountryOf, admin1_of: Admin1Of) -> Iterator[Row | RowError]:
    header = {c.lower(): c for c in reader.fieldnames or []}
    lat_col, lon_col = header.get("latitude") or header.get("lat"), header.get("longitude") or header.get("lon")
    if "name" not in header or lat_col is None or lon_col is None or "country" not in header:
        raise ConfigError(f"{path}: expected columns name,aliases,latitude,longitude,country,admin1,kind "
                          f"(got {','.join(reader.fieldnames or [])})")
    for r in reader:
        n = reader.line_num
        get = lambda c: (r.get(header[c]) or "").strip() if c in header else ""  # noqa: E731
        point = _point(r.get(lat_col) or "", r.get(lon_col) or "")
        cc = country_of(get("country"))
        if isinstance(point, str) or not get("name") or cc is None:
            yield RowError(n, point if isinstance(point, str) else "empty name" if not get("name") else
                           f"unknown country {get('country')!r}; use an ISO code or an English name")
            continue
        kind = fold(get("kind"))
        aliases = [a.strip() for a in get("aliases").split("|") if a.strip()]
        yield Row(get("name"), point[0], point[1], cc, admin1_of(cc, get("admin1")) if get("admin1") else "",
                  "populated place" if kind in TOWN_KINDS else kind, 0, f"csv:{fold(get('name')).replace(' ', '_')}",
                  aliases)
