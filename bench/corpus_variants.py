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


WARC_SOURCES = Path(__file__).resolve().parents[1] / "scripts" / "demo_warc_src"


def write_warc_variants(target: Path, *, variants: int, per_file: int = 4) -> int:
    """Write the demo WARC's three pages, dated ``k`` weeks later for each variant ``k``, as
    ``.warc.gz`` archives of ``per_file`` variants each (so a file holds many records and a crash
    can land between two of them); return the number of response records (documents).

    Deterministic like ``write_corpus``: fixed capture dates and record ids, same bytes each run."""
    import io
    import uuid

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    target.mkdir(parents=True, exist_ok=True)
    pages = sorted(WARC_SOURCES.glob("*.html"))
    n = 0
    for first in range(0, variants, per_file):
        with open(target / f"archive_{first:04d}.warc.gz", "wb") as fh:
            writer = WARCWriter(fh, gzip=True)
            for k in range(first, min(variants, first + per_file)):
                captured = (dt.datetime(2025, 11, 1, 6) + dt.timedelta(weeks=k)).strftime("%Y-%m-%dT%H:%M:%SZ")
                for page in pages:
                    body = shift_dates(page.read_text(encoding="utf-8"), k).encode("utf-8")
                    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                       ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
                    rid = f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'sitrep-variant/{k}/{page.name}')}>"
                    writer.write_record(writer.create_warc_record(
                        f"https://archive.example.org/v{k:04d}/{page.stem}", "response", payload=io.BytesIO(body),
                        http_headers=http, warc_headers_dict={"WARC-Date": captured, "WARC-Record-ID": rid}))
                    n += 1
    return n


def write_mixed_corpus(target: Path, *, variants: int) -> int:
    """Text, HTML, JSON Lines and WARC together (``write_corpus`` plus ``write_warc_variants``):
    25 documents per variant (and a wire copy every tenth), e.g. 80 variants -> 2,008 documents."""
    return write_corpus(target, variants=variants) + write_warc_variants(target, variants=variants)


def long_article(chars: int, *, first_copy: int = 0) -> str:
    """One English article of about ``chars`` characters, for the per-document cost bound.

    Built from the paragraphs of the English demo text files; copy ``k`` of a paragraph has its
    dates moved ``k`` weeks later and is numbered ("Update 3."), so no line repeats (a repeated
    line is taken for page clutter and dropped) and the cost measured is that of distinct text.
    Another ``first_copy`` gives another article with the same places and words (a warm-up)."""
    singles = sorted(p for p in DEMO.iterdir() if p.suffix == ".txt" and p.name not in SKIP)
    paragraphs = [p.strip() for src in singles for p in src.read_text(encoding="utf-8").split("\n\n")
                  if len(p.strip()) > 80 and not p.lstrip().startswith("[")]
    out, size, k = [], 0, 0
    while size < chars:
        copy, para = divmod(k, len(paragraphs))
        copy += first_copy
        text = shift_dates(paragraphs[para], copy) if copy == 0 else f"Update {copy}. {shift_dates(paragraphs[para], copy)}"
        out.append(text)
        size += len(text) + 2
        k += 1
    return "\n\n".join(out)[:chars]
