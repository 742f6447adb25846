"""Dates written in page text, and what kind of line carries them (dateline, banner, ticker).

Why the kind matters: a scraped page often shows several dates above the body — the site's
"today" banner ("Tuesday August 16, 2022"), a ticker of archive counts ("14/02/2019 (26)
13/02/2019 (20) ... Total: 147,805"), and the article's own dateline under the headline
("January 25, 2022", "Published: 3 May 2024", " date 2021-10-03 "). Only the last is the
publication date; ``sitrep.ingest.layout`` ranks them by kind and by position to the headline.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from sitrep.ingest.boilerplate import word_count
from sitrep.yamlfile import load_yaml

_TIME = r"\d{1,2}[:.h]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*(?:gmt|utc|[a-z]{2,4}t))?(?:\s*[+-]\d{1,2}(?::?\d{2})?)?"
_SEPARATORS = re.compile(r"[|,/·•\-–—:()\[\]]+")
_BYLINE_AFTER = re.compile(r"\s*(?:[|,·•/]|[-–—]\s|(?:by|par|por)\s)", re.I)
_COUNTS = re.compile(r"\(\d[\d,.]*\)|\btotal\s*:", re.I)


@dataclass(frozen=True)
class DateLine:
    """A line that carries a date: ``kind`` is prefix, marker, updated, pure, ticker or prose."""

    iso: str
    kind: str
    weekday: bool
    cut: int = 0


@dataclass(frozen=True)
class _Vocab:
    patterns: tuple[re.Pattern, ...]
    months: dict[str, int]
    weekdays: re.Pattern
    marker: re.Pattern
    updated: re.Pattern
    residue: re.Pattern
    dmy: bool


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    with open(str(resources.files("sitrep.data") / "datelines.yaml"), encoding="utf-8") as f:
        data = load_yaml(f)
    months = {k.lower(): int(v) for k, v in data["months"].items()}
    mon = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    week = "|".join(sorted(map(re.escape, data["weekdays"]), key=len, reverse=True))
    markers = "|".join(sorted(map(re.escape, data["published_markers"]), key=len, reverse=True))
    updated = "|".join(sorted(map(re.escape, data["updated_markers"]), key=len, reverse=True))
    patterns = (
        re.compile(rf"\b(?P<y>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})(?:[T ]{_TIME})?(?!\d)", re.I),
        re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th|er)?\s+(?:(?:of|de)\s+)?(?P<mon>{mon})\.?,?\s+(?:de\s+)?(?P<y>\d{{4}})\b", re.I),
        re.compile(rf"\b(?P<mon>{mon})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b", re.I),
        re.compile(r"\b(?P<a>\d{1,2})([./])(?P<b>\d{1,2})\2(?P<y>\d{4})\b"),
        re.compile(r"\b(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})\b"),
    )
    return _Vocab(
        patterns=patterns, months=months,
        weekdays=re.compile(rf"\b(?:{week})\b\.?", re.I),
        # "\s*(?::\s*)?", not "\s*:?\s*": two runs of spaces side by side try every split of a long
        # run before failing (quadratic: 20,000 spaces took 44 s; tests/test_regex_worst.py)
        marker=re.compile(rf"(?:^|[\s|,(\-–—])(?:{markers})\s*(?::\s*)?$", re.I),
        updated=re.compile(rf"(?:^|[\s|,(\-–—])(?:{updated})\s*(?::\s*)?(?:on\s*)?$", re.I),
        residue=re.compile(rf"\b(?:{_TIME}|{week}|{markers}|{updated}|at|gmt|utc)\b\.?", re.I),
        dmy=str(data.get("numeric_order", "dmy")).lower() == "dmy")


def _iso(match: re.Match, vocab: _Vocab) -> str | None:
    g = match.groupdict()
    try:
        year = int(g["y"])
        if g.get("mon"):
            month, day = vocab.months[g["mon"].lower().rstrip(".")], int(g["d"])
        elif g.get("a"):
            a, b = int(g["a"]), int(g["b"])
            day, month = (a, b) if (a > 12 or (vocab.dmy and b <= 12)) else (b, a)
        else:
            month, day = int(g["m"]), int(g["d"])
        if not 1900 <= year <= 2100:
            return None
        return dt.date(year, month, day).isoformat()
    except (ValueError, KeyError):
        return None


def find_dates(line: str) -> list[tuple[str, int, int]]:
    """Every calendar date written in ``line``: ``(YYYY-MM-DD, start, end)``, left to right, no overlaps."""
    vocab = _vocab()
    hits: list[tuple[str, int, int]] = []
    for pattern in vocab.patterns:
        for m in pattern.finditer(line):
            if any(m.start() < e and s < m.end() for _, s, e in hits):
                continue
            iso = _iso(m, vocab)
            if iso:
                hits.append((iso, m.start(), m.end()))
    return sorted(hits, key=lambda h: h[1])


def parse_date(value: str) -> str | None:
    """The first date in a metadata value ("2021-10-03T08:00:00Z", "Oct 3, 2021"), as YYYY-MM-DD."""
    hits = find_dates(value.strip())
    return hits[0][0] if hits else None


def classify(line: str) -> DateLine | None:
    """What kind of dated line this is, or None when it holds no date."""
    hits = find_dates(line)
    if not hits:
        return None
    vocab = _vocab()
    weekday = bool(vocab.weekdays.search(line))
    if len({h[0] for h in hits}) > 1 or _COUNTS.search(line):
        return DateLine(hits[0][0], "ticker", weekday)
    iso, start, end = hits[0]
    before = line[:start]
    rest = vocab.residue.sub(" ", line[:start] + " " + line[end:])
    short = word_count(_SEPARATORS.sub(" ", rest)) <= 6 and len(line) <= 160
    if vocab.updated.search(before):
        return DateLine(iso, "updated", weekday)
    if vocab.marker.search(before) and word_count(before) <= 4:
        cut = _prefix_end(line, end)
        after = line[cut:]
        if word_count(after) < 3 or _BYLINE_AFTER.match(line[end:]):
            return DateLine(iso, "marker", weekday)
        return DateLine(iso, "prefix", weekday, cut=cut)
    if short:
        return DateLine(iso, "pure", weekday)
    return DateLine(iso, "prose", weekday)


def _prefix_end(line: str, end: int) -> int:
    """Where the text after an inline "date 2021-10-03" prefix starts (skipping a time and separators)."""
    m = re.match(rf"\s*(?:{_TIME})?[\s|,\-–—:]*", line[end:], re.I)
    return end + (m.end() if m else 0)
