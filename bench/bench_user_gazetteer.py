"""Speed and size of `sitrep gazetteer add` on a generated GeoNames dump (issue 17).

Why generated: allCountries.txt is 1.5 GB and not shipped; a file of N synthetic rows in the
dump's 19-column format (invented syllable names, two alternate names each, points spread over
six countries, one row in ten a non-place feature) measures the same code path: streaming,
key-making and the store. Reports rows/s of the import, the index size per million places, the
peak memory of the process over the loaded built-in index, the time to open the stores on
load, and the speed of lookups through them (names of the file, and misses) against the
built-in index alone.

With ``--alternate-rows M`` it also writes M rows of GeoNames' alternateNamesV2.txt format for
the generated ids (a third of them codes, links, other scripts or historic names, as in the real
file, which are left out) and imports them with ``--alternate-names``.

    python -m bench.bench_user_gazetteer [--rows 1000000] [--alternate-rows 0] [--keep DIR]
"""
from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from pathlib import Path

from sitrep.config import load_settings
from sitrep.geo import gazetteer, user_gazetteers

SYLLABLES = ["al", "qa", "ra", "bu", "ta", "mi", "dan", "sur", "kha", "zin", "mar", "fa", "hul", "jib", "ka", "wad",
             "ni", "sha", "tal", "ein", "dar", "umm", "bir", "ras", "kaf", "ham", "lat", "sib", "nur", "gho"]
COUNTRIES = [("SY", 32.5, 37.0, 35.8, 42.0), ("IQ", 29.5, 37.0, 38.8, 48.5), ("YE", 12.7, 18.9, 42.6, 52.9),
             ("NG", 4.3, 13.8, 2.7, 14.6), ("ML", 10.2, 24.9, -12.2, 4.2), ("UA", 44.4, 52.3, 22.2, 40.2)]


def _name(rng: random.Random) -> str:
    return " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
                    for _ in range(rng.randint(1, 2)))


def generate(path: Path, rows: int, seed: int = 1) -> None:
    """Write ``rows`` lines of GeoNames dump format (19 tab-separated columns)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        for n in range(rows):
            cc, lat0, lat1, lon0, lon1 = rng.choice(COUNTRIES)
            name = _name(rng)
            cls, code = ("P", "PPL") if n % 10 else ("H", "STM")
            f.write("\t".join([str(20_000_000 + n), name, name, f"{_name(rng)},{name}-{rng.randint(1, 9)}x",
                               f"{rng.uniform(lat0, lat1):.5f}", f"{rng.uniform(lon0, lon1):.5f}", cls, code, cc, "",
                               f"{rng.randint(1, 14):02d}", "", "", "", str(rng.choice([0, 0, 250, 1200])), "", "300",
                               "UTC", "2026-01-01"]) + "\n")


def generate_alternate(path: Path, rows: int, places: int, seed: int = 3) -> None:
    """Write ``rows`` lines of alternateNamesV2 format (10 columns) naming the generated ids."""
    rng = random.Random(seed)
    kinds = [("", 0), ("en", 0), ("fr", 0), ("", 0), ("ar", 0), ("post", 0), ("link", 0), ("en", 1), ("de", 0)]
    with path.open("w", encoding="utf-8") as f:
        for n in range(rows):
            lang, historic = rng.choice(kinds)
            name = {"ar": "قرية", "post": str(rng.randint(10000, 99999)), "link": "https://example.org/x"}.get(lang) \
                or _name(rng)
            f.write("\t".join([str(30_000_000 + n), str(20_000_000 + rng.randrange(places)), lang, name, "0", "0", "0",
                               str(historic), "", ""]) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--alternate-rows", type=int, default=0, help="Also import this many alternate names.")
    ap.add_argument("--keep", default=None, help="Keep the generated file and index here.")
    a = ap.parse_args()
    work = Path(a.keep or tempfile.mkdtemp(prefix="sitrep-bench-ug-"))
    work.mkdir(parents=True, exist_ok=True)
    dump = work / "generated.txt"
    t = time.perf_counter()
    generate(dump, a.rows)
    print(f"generated {a.rows:,} rows ({dump.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.1f} s")
    alternate = work / "alternateNamesV2.txt" if a.alternate_rows else None
    if alternate is not None:
        generate_alternate(alternate, a.alternate_rows, a.rows)
        print(f"generated {a.alternate_rows:,} alternate-name rows ({alternate.stat().st_size / 1e6:.0f} MB)")
    settings = load_settings(overrides={"geo.user_gazetteers_dir": str(work / "store")})
    base = gazetteer.load(settings)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report = user_gazetteers.add(settings, dump, fmt="geonames", name="generated", base=base, alternate_names=alternate)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    per_million = report.index_bytes / report.places * 1e6 / 1e6
    print(f"imported {report.places:,} places ({report.skipped:,} non-place rows left out) in {report.seconds:.1f} s: "
          f"{(a.rows + a.alternate_rows) / report.seconds:,.0f} rows/s ({report.aliases:,} alternate names added); index {report.index_bytes / 1e6:.0f} MB "
          f"= {per_million:.0f} MB per million places; peak RSS {peak / 1024:.0f} MB "
          f"(+{(peak - before) / 1024:.0f} MB over the loaded built-in index)")
    t = time.perf_counter()
    layered = user_gazetteers.load(settings)
    print(f"load (built-in index + stores attached): {time.perf_counter() - t:.1f} s; "
          f"{len(layered):,} rows in memory")
    rng = random.Random(2)
    names = [_name(rng) for _ in range(20_000)]  # the generator's names: most are in the file
    misses = [f"Xq{n}zz" for n in range(20_000)]
    for label, gaz in (("built-in index alone", gazetteer.load(settings)), ("with the store", layered)):
        for kind, texts in (("names", names), ("misses", misses)):
            t = time.perf_counter()
            found = sum(bool(gaz.lookup(x)[0]) for x in texts)
            dt = time.perf_counter() - t
            print(f"lookups, {label}, {kind}: {len(texts) / dt:,.0f}/s ({found:,} of {len(texts):,} found)")
    print(f"rows brought in by those lookups: {len(layered) - layered.resident():,}")


if __name__ == "__main__":
    main()
