"""A corpus of any size from the fictional demo articles: each copy moved whole weeks later.

The Spark tests and ``bench_spark`` need hundreds or thousands of articles that exercise the
real readers (text, HTML, JSON Lines) and the merge (several outlets reporting one event,
verbatim wire copies), without shipping a corpus. Variant ``k`` of an article has every date in
it (``10 November 2025``, ``November 10, 2025``, ``2025-11-10``) moved ``k`` weeks later, so
weekdays stay right, each variant's events are distinct from the others', and a variant's
reports of one event still merge with each other. Deterministic: same arguments, same bytes.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

DEMO = Path(__file__).resolve().parents[1] / "demo" / "articles"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
_MONTH = "|".join(MONTHS)
DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}}) ({_MONTH}) (\d{{4}})\b")
MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH}) (\d{{1,2}}), (\d{{4}})\b")
ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# Files in English whose copies are made (the French one would only be stored, never extracted).
SKIP = {"mali_diema_convoi_fr.txt", "archive.warc.gz"}


def shift_dates(text: str, weeks: int) -> str:
    """``text`` with every date written in one of the three forms moved ``weeks`` weeks later."""
    delta = dt.timedelta(weeks=weeks)

    def dmy(m: re.Match[str]) -> str:
        d = dt.date(int(m[3]), MONTHS.index(m[2]) + 1, int(m[1])) + delta
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"

    def mdy(m: re.Match[str]) -> str:
        d = dt.date(int(m[3]), MONTHS.index(m[1]) + 1, int(m[2])) + delta
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"

    def iso(m: re.Match[str]) -> str:
        try:
            d = dt.date(int(m[1]), int(m[2]), int(m[3])) + delta
        except ValueError:
            return m[0]
        return d.isoformat()

    return ISO.sub(iso, MONTH_DAY_YEAR.sub(mdy, DAY_MONTH_YEAR.sub(dmy, text)))


def write_corpus(target: Path, *, variants: int, jsonl_variants: int | None = None, wire_copies: bool = True) -> int:
    """Write ``variants`` dated copies of each English demo article under ``target``; return the
    number of documents (one per file, plus one per JSON Lines record)."""
    target.mkdir(parents=True, exist_ok=True)
    singles = sorted(p for p in DEMO.iterdir() if p.suffix in (".txt", ".html") and p.name not in SKIP)
    dump = DEMO / "scraper_dump.jsonl"
    n = 0
    for k in range(variants):
        for src in singles:
            text = shift_dates(src.read_text(encoding="utf-8"), k)
            (target / f"v{k:04d}_{src.name}").write_text(text, encoding="utf-8")
            n += 1
        if wire_copies and k % 10 == 0:  # the same bytes under another name: a wire story run twice
            src = singles[k % len(singles)]
            (target / f"v{k:04d}_wire_{src.name}").write_text(shift_dates(src.read_text(encoding="utf-8"), k),
                                                             encoding="utf-8")
            n += 1
    with open(target / "dump.jsonl", "w", encoding="utf-8") as out:
        for k in range(variants if jsonl_variants is None else jsonl_variants):
            for line in dump.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    record = json.loads(shift_dates(line, k))
                    record["id"] = f"{record['id']}-v{k}"
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                    n += 1
    return n
