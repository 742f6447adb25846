"""ACLED location within 25 km, overall and on the events whose gold place sitrep's gazetteer knows (issue 17).

Why: ACLED codes events to villages that no installable gazetteer lists, so the 25 km figure
mixes two things: choosing among known places (sitrep's job) and places the index lacks (its
data). After `bench.eval` has run a set, this reads its gold and exported events, matches them
with ../shared/dev/score.py as the scorer does, and for each matched pair asks whether the gold
place is in the index: an entry named like ACLED's ``location`` (exact, loose, kind-word, fuzzy
or inner-name lookup, as for a marked span) within 25 km of the gold point, or, for an event
ACLED itself codes to its province (precision 3), that province. Prints the coverage and the
location-within-25-km share overall, on the covered events and on the others. The notes are
measurement material only: nothing from them feeds sitrep's data.

    python -m bench.eval --shared ../shared --sets acled-syria,acled-other --seed 1 --work .eval
    python -m bench.acled_coverage --shared ../shared --sets acled-syria,acled-other --seed 1 --work .eval
"""
from __future__ import annotations

import argparse
from pathlib import Path

from bench.eval import matched_pairs, set_arguments
from sitrep.config import load_settings
from sitrep.geo import Geocoder
from sitrep.geometry import km

KM = 25.0


def in_gazetteer(geo: Geocoder, gold: dict) -> bool:
    """Does the index hold the gold place: its name within 25 km, or (precision 3) its province?"""
    name, gaz = gold.get("location") or "", geo.gaz
    hits = geo._marked(name, 0, len(name)).hits if name else []
    if any(km(gold["latitude"], gold["longitude"], float(gaz.lat[v // 2]), float(gaz.lon[v // 2])) <= KM for v in hits):
        return True
    if gold.get("geo_precision") == 3 and gold.get("admin1"):
        cc = geo.country_code(gold.get("country"))
        return any(gaz.feature[v // 2] == "admin1" and gaz.cc[v // 2] == cc for v in gaz.lookup(gold["admin1"])[0])
    return False


def coverage(geo: Geocoder, gold_dir: Path, events: Path, shared: Path) -> dict:
    """Counts and shares for one set: matched pairs, covered, location within 25 km of each group."""
    sc, system, gold, pairs = matched_pairs(gold_dir, events, shared)
    rows = [(in_gazetteer(geo, gold[j]), bool(agree["location_25km"])) for _, j, agree in pairs]
    covered = [ok for known, ok in rows if known]
    others = [ok for known, ok in rows if not known]
    share = lambda xs: round(sum(xs) / len(xs), 3) if xs else 0.0  # noqa: E731
    return {"matched": len(rows), "covered": len(covered), "coverage": share([k for k, _ in rows]),
            "loc25": share([ok for _, ok in rows]), "loc25_covered": share(covered), "loc25_not_covered": share(others),
            "gold_coverage": share([in_gazetteer(geo, g) for g in gold])}


def main() -> None:
    parsed = set_arguments(argparse.ArgumentParser(description=__doc__.splitlines()[0]), "acled-syria,acled-other",
                           "bench.eval's work dir (its gold and exported events).")
    if parsed is None:
        return
    a, shared, work = parsed
    geo = Geocoder(load_settings())
    for name in a.sets.split(","):
        r = coverage(geo, work / f"{name}-{a.seed}", work / f"{name}.jsonl", shared)
        print(f"{name:12} matched={r['matched']} gold place in gazetteer={r['covered']} ({r['coverage']:.3f}; "
              f"all gold events {r['gold_coverage']:.3f}) location_25km: all={r['loc25']:.3f} "
              f"in gazetteer={r['loc25_covered']:.3f} not={r['loc25_not_covered']:.3f}")


if __name__ == "__main__":
    main()
