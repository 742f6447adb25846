"""A corpus of any size of short generated reports (one sentence each), for the 10k/50k scale runs.

    python -m bench.corpus_short TARGET --docs 10000 [--per-file 100] [--seed 1]

The demo-variant corpus (bench/corpus_variants.py) is made of full articles and near-copies of
them; at 2-3 documents/s on two shared cores it cannot reach the issue's 10,000 (Spark) and
50,000 (memory) documents in an afternoon. These reports are one sentence of 15-25 words each
(templates and real places in bench/short_reports.yaml), so they ingest several times faster,
and they still go through every stage: reading (JSON Lines, ``per_file`` records a file, so Spark
gets many partitions), extraction, geocoding, merging (an event is told by one to three reports
in different words, published the same day or the next) and storing. Texts this short have no
near-copy bands (``resolve.copies.MIN_SHINGLES``): the copy check is not exercised.

The number of events a day is fixed (``events_per_day``), so a larger corpus covers a longer
period and each new report meets as many merge candidates as in a small one: cost per document
should not grow with the corpus, and neither should memory. Deterministic: same arguments, same bytes.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path
from typing import Any, Iterator

import yaml

DATA = Path(__file__).resolve().parent / "short_reports.yaml"
NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
START = dt.date(2024, 1, 1)


def _figure(rng: random.Random, sentence_start: bool) -> str:
    n = rng.choice([1, 2, 2, 3, 3, 4, 5, 6, 7, 9, 12, 15])
    text = NUMBER_WORDS[n - 1] if n <= 10 and rng.random() < 0.6 else str(n)
    return text.capitalize() if sentence_start else text


def _date(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def reports(count: int, *, events_per_day: int = 20, seed: int = 1) -> Iterator[dict[str, Any]]:
    """``count`` JSON Lines records (id, outlet, published, text), in publication order."""
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    kinds = sorted(data["templates"])
    made, day_index = 0, 0
    while made < count:
        day = START + dt.timedelta(days=day_index)
        todays = []
        for _ in range(events_per_day):
            place, region, country = rng.choice(data["places"])
            kind = rng.choice(kinds)
            actor, actor2 = rng.sample(data["actors"][country] + data["actors"]["common"], 2)
            slots = {"place": place, "region": region, "country": country, "date": _date(day), "actor": actor,
                     "actor2": actor2, "victims": rng.choice(data["victims"])}
            for template in rng.sample(data["templates"][kind], min(len(data["templates"][kind]),
                                                                    1 + int(rng.expovariate(1.2)))):
                filled = {**slots, "source": rng.choice(data["sources"]),
                          "n": _figure(rng, template.startswith("{n}"))}
                text = template.format(**filled)
                published = day + dt.timedelta(days=rng.random() < 0.3)
                todays.append((published, text[0].upper() + text[1:]))
        rng.shuffle(todays)
        for published, text in sorted(todays, key=lambda r: r[0]):
            if made == count:
                break
            yield {"id": f"short-{made:06d}", "outlet": f"Outlet {made % 7}", "published": published.isoformat(),
                   "text": text}
            made += 1
        day_index += 1


def write_short_corpus(target: Path, *, docs: int, per_file: int = 100, seed: int = 1) -> int:
    """Write ``docs`` short reports under ``target`` as JSON Lines files of ``per_file`` records;
    return the number written."""
    target.mkdir(parents=True, exist_ok=True)
    out = None
    n = 0
    try:
        for n, record in enumerate(reports(docs, seed=seed), 1):
            if (n - 1) % per_file == 0:
                if out:
                    out.close()
                out = open(target / f"short_{(n - 1) // per_file:05d}.jsonl", "w", encoding="utf-8")
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if out:
            out.close()
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target")
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--per-file", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    n = write_short_corpus(Path(args.target), docs=args.docs, per_file=args.per_file, seed=args.seed)
    print(f"{n} reports written to {args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
