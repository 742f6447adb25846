"""Misses of `bench.eval_geo` (gold spans given) by class, to fix classes of error, not items.

Reads the output `bench.eval_geo` left in its work dir and, for each toponym placed more than
161 km from the gold point, asks the index which candidates the span had:
- no candidate: the index has no entry for the span (coverage, or a span the lookup cannot read);
- feature type: a candidate of another feature (town vs province vs country) was within 161 km;
- wrong country / wrong namesake: a candidate of the same feature within 161 km, in another
  country / in the same country;
- region point: a region, country or sea chosen, none of the candidates within 161 km (its
  centre differs from the annotators' point convention);
- no close candidate: candidates exist, none within 161 km (a sense the gazetteer lacks).
The corpora are measurement material only: this prints counts and, with --examples, names to
read, never anything for sitrep's data.

    python -m bench.geo_misses --shared ../shared --work .eval/geo [--corpora lgl] [--examples 10]
"""
from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from bench.eval_geo import KM, km, load
from sitrep.config import load_settings
from sitrep.geo import Geocoder


def classify(geo: Geocoder, text: str, gold: tuple, out: dict) -> str | None:
    """The class of one toponym's miss, or None when it is within 161 km."""
    s, e, lat, lon = gold
    if out["latitude"] is not None and km((lat, lon), (out["latitude"], out["longitude"])) <= KM:
        return None
    t = geo._marked(text, s, e)
    if not t.hits:
        return "no candidate"
    gaz = geo.gaz
    close = [v // 2 for v in t.hits if km((lat, lon), (float(gaz.lat[v // 2]), float(gaz.lon[v // 2]))) <= KM]
    if not close:
        if out["feature"] in ("admin1", "country", "continent", "sea", "region"):
            return "region point"  # the right region, a centre other than the annotators'
        return "no close candidate"
    if out["latitude"] is None:
        return "unresolved with a close candidate"
    if all(gaz.feature[i] != out["feature"] for i in close):
        return f"feature type ({out['feature']} chosen, {gaz.feature[close[0]]} right)"
    if all(gaz.countries.get(gaz.cc[i], gaz.cc[i]) != out["country"] for i in close):
        return "wrong country"
    return "wrong namesake"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--work", default=".eval/geo")
    ap.add_argument("--corpora", default="lgl,gwn,trnews,geovirus")
    ap.add_argument("--examples", type=int, default=0)
    a = ap.parse_args()
    geo = Geocoder(load_settings())
    for name in a.corpora.split(","):
        docs = load(name, Path(a.shared))
        outs = [json.loads(x)["toponyms"] for x in (Path(a.work) / f"{name}-a.out.jsonl").read_text().splitlines()]
        classes: Counter = Counter()
        examples: dict[str, list[str]] = defaultdict(list)
        total = 0
        for (text, gold), out in zip(docs, outs):
            for g, o in zip(gold, out):
                total += 1
                c = classify(geo, text, g, o)
                if c:
                    classes[c.split(" (")[0]] += 1
                    examples[c.split(" (")[0]].append(f"{text[g[0]:g[1]]!r} -> {o['name']} ({o['feature']}, {o['country']})"
                                                      + (f" [{c}]" if "(" in c else ""))
        print(f"{name}: {sum(classes.values())} misses of {total}: "
              + ", ".join(f"{k} {v}" for k, v in classes.most_common()))
        for k, v in examples.items():
            for x in v[:a.examples]:
                print(f"   {k}: {x}")


if __name__ == "__main__":
    main()
