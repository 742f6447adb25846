"""Geocoder speed and memory (`make bench`): start-up, index build, toponyms/s, gazetteer RSS.

Start-up is measured in a fresh process (import + load of the cached index), the way
`sitrep ingest` and `sitrep geocode` pay it. Throughput runs recognition + disambiguation over
the demo articles (or built-in sentences when demo/ is absent), repeated to a few seconds.

    python -m bench.bench_geo [--rebuild] [--seconds 5]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

SENTENCES = [
    "ISIS attacked a checkpoint near the village of Maadan, east of Raqqa, killing ten soldiers.",
    "Russian jets struck targets 30 km south of As Sukhnah and in the desert of Al-Mayadeen.",
    "Shelling on the Kirkuk-Daquq road wounded four policemen, Iraqi officials said.",
    "Houthi missiles hit central Marib; the Saudi-led coalition said it intercepted drones over Jizan.",
    "ISWAP fighters raided Damboa in Borno State, while Ukrainian forces shelled positions near Kharkiv.",
]

STARTUP = ("import time, resource; t = time.time()\n"
           "from sitrep.config import load_settings\n"
           "from sitrep.geo import Geocoder\n"
           "g = Geocoder(load_settings()); n = len(g.gaz)\n"
           "import json; print(json.dumps({'seconds': time.time() - t, 'places': n,"
           " 'max_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))")


def texts() -> list[str]:
    demo = Path(__file__).resolve().parents[1] / "demo" / "articles"
    found = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(demo.glob("*.txt"))]
    return found or SENTENCES


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rebuild", action="store_true", help="Also time a full index build (~30 s).")
    ap.add_argument("--seconds", type=float, default=5.0)
    a = ap.parse_args()
    from sitrep.config import load_settings
    from sitrep.geo import Geocoder, gazetteer

    settings = load_settings()
    # Build in a child process: a child's max RSS counts its parent's at fork time.
    build = ["-c", "from sitrep.config import load_settings; from sitrep.geo import gazetteer; "
                   f"gazetteer.load(load_settings(), rebuild={a.rebuild})"]
    t = time.time()
    subprocess.run([sys.executable, *build], check=True)
    if a.rebuild:
        print(f"geo index build: {time.time() - t:.1f}s -> {gazetteer.cache_path(settings)}")
    r = subprocess.run([sys.executable, "-c", STARTUP], capture_output=True, text=True, check=True)
    start = json.loads(r.stdout)
    before = rss_mb()
    geo = Geocoder(settings)
    len(geo.gaz)
    loaded = rss_mb() - before
    docs, n_toponyms, t = texts(), 0, time.time()
    rounds = 0
    while time.time() - t < a.seconds:
        for text in docs:
            n_toponyms += len(geo.geocode_text(text))
        rounds += 1
    elapsed = time.time() - t
    chars = sum(len(x) for x in docs) * rounds
    print(f"geo start-up (fresh process, cached index): {start['seconds']:.2f}s for {start['places']} places, "
          f"process max RSS {start['max_rss_mb']:.0f} MB")
    print(f"geo gazetteer memory (RSS growth on load): {loaded:.0f} MB")
    print(f"geo throughput: {n_toponyms / elapsed:.0f} toponyms/s, {chars / elapsed / 1000:.0f}k chars/s "
          f"({n_toponyms} toponyms in {elapsed:.1f}s over {len(docs)} texts x {rounds})")


if __name__ == "__main__":
    main()
