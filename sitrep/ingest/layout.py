"""From page lines to the article: headline first, body paragraphs, clutter and datelines removed.

The page is read as three regions. The *header zone* runs from the top to the first sentence of
prose: site names, menus, breadcrumbs, date banners, the headline, a standfirst, bylines and the
dateline live there. The *body* follows. The *trailing block* is what comes after the last
sentence when clutter follows it (related lists, author bios, comment forms, cookie notices).
Clutter patterns apply everywhere; bylines only in the header zone; bios only in the trailing
block — so a sentence of the article is never judged by a rule meant for page furniture.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from sitrep.ingest import datelines
from sitrep.ingest.boilerplate import (Patterns, default_patterns, ends_sentence, is_heading_like, is_list_item,
                                       is_sentence, word_count)
from sitrep.ingest.normalize import fold_line, normalize_chars, split_lines
from sitrep.ingest.offsets import MappedText

# (?<!\s): a split never starts inside a run of spaces (that start is tried from the run's first
# space), and without it a long run was rescanned from each of its spaces (tests/test_regex_worst.py)
_SITE_SPLIT = re.compile(r"(?<!\s)(?:\s+[|–—-]\s+|\s*[|]\s*)")
_SMALL_WORDS = {"the", "of", "and", "for", "de", "du", "des", "la", "le", "el", "al", "del"}

# How much a date counts, by the kind of line and its place relative to the headline.
_STRENGTH = {"prefix": 4, "marker": 4, "pure_below": 3, "pure_untitled": 2, "pure_above": 1, "updated": 1}
_ORIGIN = {"prefix": "text:dateline", "marker": "text:dateline", "pure_below": "text:dateline",
           "pure_untitled": "text:dateline", "pure_above": "text:header", "updated": "text:updated"}


@dataclass
class Line:
    """One non-empty line of the page; ``gap`` says whether blank lines preceded it."""

    mt: MappedText
    gap: bool
    removed: str | None = None
    date: datelines.DateLine | None = None

    @property
    def text(self) -> str:
        return self.mt.text


@dataclass
class Article:
    """The cleaned article: text with byte ranges, the headline and the publication date found."""

    text: MappedText
    title: str | None = None
    published: str | None = None
    published_origin: str | None = None
    site: str | None = None
    removed: list[tuple[str, str]] = field(default_factory=list)


def page_lines(source: MappedText, *, paragraph_per_line: bool = False) -> list[Line]:
    """Normalise and fold a page's text into non-empty lines."""
    lines: list[Line] = []
    gap = False
    for raw_line in split_lines(normalize_chars(source)):
        mt = fold_line(raw_line)
        if not mt.text:
            gap = True
            continue
        lines.append(Line(mt, gap or paragraph_per_line))
        gap = False
    return lines


def clean(lines: list[Line], *, known_title: str | None = None, patterns: Patterns | None = None,
          headline: MappedText | None = None) -> Article:
    """Remove clutter, find the headline and dateline, and join what remains into paragraphs.

    ``headline`` (the title from HTML metadata) is put first when no line matches it.
    """
    pats = patterns or default_patterns()
    _mark_clutter(lines, pats)
    _mark_dates(lines, _zone_end(lines, pats))
    zone_end = _zone_end(lines, pats)
    known = known_title or (headline.text if headline is not None else None)
    title_i, matched = _find_title(lines, zone_end, known, pats)
    insert = headline is not None and bool(headline.text) and not matched
    if insert:
        title_i = None
    _clear_header(lines, zone_end, title_i, pats)
    _mark_trailing(lines, pats, title_i)
    published, origin = _pick_date(lines, title_i)
    kept: list[Line] = [Line(headline, True)] if insert else []
    pending_gap = False
    for ln in lines:
        if ln.removed:
            pending_gap = True
            continue
        ln.gap = ln.gap or pending_gap
        pending_gap = False
        kept.append(ln)
    title = headline.text if insert else (lines[title_i].text if title_i is not None else None)
    removed = [(ln.text, ln.removed) for ln in lines if ln.removed]
    return Article(_join(kept, title_first=title is not None), title, published, origin,
                   _site_name(lines, title_i, pats), removed)


def _mark_clutter(lines: list[Line], pats: Patterns) -> None:
    """Clutter patterns, end-of-article openers and the headline-like lists after them, repeats."""
    after_end = False
    seen: set[str] = set()
    for ln in lines:
        text = ln.text
        key = text.casefold()
        if pats.is_end(text):
            ln.removed, after_end = "end of article", True
        elif reason := pats.removal(text):
            ln.removed = reason
        elif after_end and (not is_sentence(text) or is_list_item(text)):
            ln.removed = "list after end of article"
        elif key in seen:
            ln.removed = "repeated line"
        else:
            after_end = after_end and not is_sentence(text)
            seen.add(key)


def _zone_end(lines: list[Line], pats: Patterns) -> int:
    """Index of the first line of prose (the header zone is everything before it)."""
    for i, ln in enumerate(lines):
        if ln.removed or not is_sentence(ln.text) or pats.is_header_cue(ln.text):
            continue
        if ln.date is None or ln.date.kind in ("prose", "prefix"):
            return i
    return len(lines)


def _mark_dates(lines: list[Line], zone_end: int) -> None:
    """Dated lines in the header zone, and an inline "date 2021-10-03" prefix on the first prose line."""
    for i in range(min(zone_end + 1, len(lines))):
        ln = lines[i]
        if ln.removed or not any(c.isdigit() for c in ln.text):
            continue
        info = datelines.classify(ln.text)
        if info is None or info.kind == "prose" or (i == zone_end and info.kind != "prefix"):
            continue
        ln.date = info
        if info.kind == "prefix":
            ln.mt = fold_line(ln.mt.slice(info.cut, len(ln.mt)))
        else:
            ln.removed = "date ticker" if info.kind == "ticker" else "dateline"


def _find_title(lines: list[Line], zone_end: int, known: str | None, pats: Patterns) -> tuple[int | None, bool]:
    """The headline's line, and whether it matched the known title.

    Without a known title: the first headline-shaped line of four words or more after the last
    site-chrome cue (breadcrumb, menu, ticker, weekday banner), else the first such line, else the
    first headline-shaped line at all.
    """
    zone = range(min(zone_end + 1, len(lines)))
    if known:
        key = _key(known)
        for i in zone:
            if key and _key(lines[i].text) == key and lines[i].date is None:
                lines[i].removed = None
                return i, True
    candidates = [i for i in zone if not lines[i].removed and is_heading_like(lines[i].text)
                  and not pats.is_header_zone(lines[i].text) and not _continued(lines, i)]
    cues = [i for i in zone if pats.is_header_cue(lines[i].text)
            or (lines[i].date is not None and (lines[i].date.kind == "ticker" or lines[i].date.weekday))]
    long = [i for i in candidates if word_count(lines[i].text) >= 4]
    for pool in ([i for i in long if not cues or i > max(cues)], long, candidates):
        if pool:
            return pool[0], False
    return None, False


def _continued(lines: list[Line], i: int) -> bool:
    """A hard-wrapped line: the next line follows without a blank line and starts in lower case."""
    return i + 1 < len(lines) and not lines[i + 1].gap and lines[i + 1].text[:1].islower()


def _key(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def _clear_header(lines: list[Line], zone_end: int, title_i: int | None, pats: Patterns) -> None:
    """Above the headline everything non-prose goes; below it, bylines and two-word labels go."""
    for i in range(min(zone_end, len(lines))):
        ln = lines[i]
        above = title_i is not None and i < title_i
        if ln.removed == "dateline" and above:
            ln.removed = "date banner"
        if ln.removed or i == title_i:
            continue
        if above:
            ln.removed = "site header"
        elif pats.is_header_zone(ln.text) or pats.is_header_cue(ln.text):
            ln.removed = "byline"
        elif word_count(ln.text) <= 3 and not ends_sentence(ln.text):
            ln.removed = "header label"


def _site_name(lines: list[Line], title_i: int | None, pats: Patterns) -> str | None:
    """The site's name: the top-most short label above the headline ("Tigris Times", "BADIA OBSERVER",
    "Furat Now - News from the Euphrates valley" → "Furat Now")."""
    for ln in lines[:title_i or 0]:
        if ln.removed != "site header" or pats.is_header_cue(ln.text) or any(c.isdigit() for c in ln.text):
            continue
        name = _SITE_SPLIT.split(ln.text)[0].strip()
        if is_heading_like(name) and word_count(name) <= 6:
            return _uncap(name)
    return None


def _uncap(name: str) -> str:
    """"LEVANT MONITOR WIRE" → "Levant Monitor Wire"; short all-caps words stay ("BBC")."""
    if not name.isupper() or len(name.split()) < 2:
        return name
    words = []
    for n, w in enumerate(name.split()):
        if w.lower() in _SMALL_WORDS:
            words.append(w.capitalize() if n == 0 else w.lower())
        else:
            words.append(w if len(w) <= 3 else w.capitalize())
    return " ".join(words)


def _mark_trailing(lines: list[Line], pats: Patterns, title_i: int | None = None) -> None:
    """Walk back from the end: once clutter is seen, bios and headline-like lines before it go too.

    The walk stops at the headline: a headline followed only by clutter (a wire flash and a
    stray label) was taken for a trailing "related stories" line, leaving a document with a
    title and no text (found by tests/fuzz)."""
    seen_clutter = False
    for i in range(len(lines) - 1, -1 if title_i is None else title_i, -1):
        ln = lines[i]
        if ln.removed:
            seen_clutter = seen_clutter or ln.removed != "dateline"
            continue
        if pats.is_trailing(ln.text):
            ln.removed, seen_clutter = "author bio", True
        elif seen_clutter and (is_list_item(ln.text) or not (is_sentence(ln.text) or ends_sentence(ln.text))):
            ln.removed = "trailing label"
        else:
            return


def _pick_date(lines: list[Line], title_i: int | None) -> tuple[str | None, str | None]:
    """The strongest dated line; ties go to the one nearest below the headline."""
    best: tuple[int, int] | None = None
    choice: tuple[str | None, str | None] = (None, None)
    for i, ln in enumerate(lines):
        if ln.date is None or ln.date.kind in ("ticker", "prose"):
            continue
        kind = ln.date.kind
        if kind == "pure":
            kind = "pure_untitled" if title_i is None else ("pure_below" if i > title_i else "pure_above")
        rank = (_STRENGTH[kind], -i)
        if best is None or rank > best:
            best, choice = rank, (ln.date.iso, _ORIGIN[kind])
    return choice


def _join(kept: list[Line], *, title_first: bool) -> MappedText:
    """Paragraphs separated by a blank line; a hard-wrapped line is joined with a space."""
    parts: list[MappedText] = []
    for n, ln in enumerate(kept):
        if n:
            prev = kept[n - 1]
            wrapped = (not ln.gap and not (n == 1 and title_first) and not ends_sentence(prev.text)
                       and ln.text[:1].islower())
            parts.append(MappedText.literal(" " if wrapped else "\n\n", prev.mt.raw_end()))
        parts.append(ln.mt)
    return MappedText.join(parts)
