"""Cross-outlet merge quality on our own fictional corpus (bench/outlets/reports.yaml, issue #16).

Every report is ingested through the command line (``sitrep ingest`` then ``sitrep export``), in
the order given and in reverse, and two reports count as linked when one exported event holds
both. Gold: two reports are linked when they tell a common occurrence (``tells``). Pairwise
link precision/recall is the measure the issue states (bars: recall >= 0.95, precision >= 0.98).

    python -m bench.merge_outlets [--corpus bench/outlets/reports.yaml] [--json] [--verbose]
"""
from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

SITREP = str(Path(sys.executable).with_name("sitrep"))
CORPUS = Path(__file__).with_name("outlets") / "reports.yaml"
Pair = tuple[str, str]


def load(corpus: Path) -> list[dict]:
    return yaml.safe_load(corpus.read_text(encoding="utf-8"))["reports"]


def gold_links(reports: list[dict]) -> set[Pair]:
    """Pairs of reports that tell one occurrence in common."""
    return {(a["id"], b["id"]) if a["id"] < b["id"] else (b["id"], a["id"])
            for a, b in itertools.combinations(reports, 2) if set(a["tells"]) & set(b["tells"])}


def run(reports: list[dict], work: Path, sitrep: str = SITREP) -> list[dict]:
    """Ingest the reports as one JSONL file into a fresh store; the exported event records."""
    src = work / "reports.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for r in reports:
            f.write(json.dumps({k: r[k] for k in ("id", "outlet", "published", "title", "text")}) + "\n")
    db = work / "outlets.db"
    db.unlink(missing_ok=True)
    done = subprocess.run([sitrep, "ingest", str(src), "--db", str(db), "--quiet"], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"ingest failed: {done.stderr[-2000:]}")
    out = subprocess.run([sitrep, "export", "--db", str(db), "--format", "jsonl"],
                         capture_output=True, text=True, check=True)
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def found_links(events: list[dict]) -> set[Pair]:
    """Pairs of reports that one exported event holds together (background recaps included:
    a recap merged with another report's event is a wrong link like any other)."""
    return {tuple(sorted(p)) for e in events for p in itertools.combinations(sorted(set(e["docs"])), 2)}


def score(gold: set[Pair], found: set[Pair]) -> dict:
    hit = len(gold & found)
    return {"gold_links": len(gold), "found_links": len(found), "correct": hit,
            "precision": round(hit / len(found), 3) if found else 1.0,
            "recall": round(hit / len(gold), 3) if gold else 1.0,
            "missed": sorted(gold - found), "wrong": sorted(found - gold)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--json", action="store_true", help="Print the result as one JSON object.")
    ap.add_argument("--verbose", action="store_true", help="List the missed and wrong links.")
    args = ap.parse_args(argv)
    reports = load(args.corpus)
    gold = gold_links(reports)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for order, seq in (("given", reports), ("reversed", reports[::-1])):
            results[order] = score(gold, found_links(run(seq, Path(tmp))))
    if args.json:
        print(json.dumps(results))
        return 0
    print(f"merge_outlets: {len(reports)} reports, {len(gold)} gold links")
    for order, res in results.items():
        print(f"  {order:<9} precision {res['precision']:.3f}  recall {res['recall']:.3f}  "
              f"({res['correct']}/{res['gold_links']} gold, {res['found_links']} found)")
        if args.verbose:
            print("    missed: " + ", ".join("+".join(p) for p in res["missed"]))
            print("    wrong:  " + ", ".join("+".join(p) for p in res["wrong"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
