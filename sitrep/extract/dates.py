"""Date expressions in a sentence, resolved against the publication date.

Why word lists and regexes rather than dateparser: dateparser costs about a millisecond a call
and does not know news idioms ("last Wednesday" in a Monday article, "the early hours of
yesterday", "Monday night (August 24)"); a few compiled patterns built from
sitrep/data/dates.yaml cost microseconds a sentence (docs/quality.md) and every resolution rule
is written down in that file. dateparser is not used.

``published`` may be a ``datetime.date`` or an ISO string (``Document.published``).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Callable

import yaml

from sitrep.errors import ConfigError
from sitrep.extract.numbers import parse_quantity, quantity_pattern
from sitrep.yamlfile import load_yaml

PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_CONTEXT_SUFFIXES = ("-since", "-until")


@dataclass
class DateMatch:
    """One date expression: span (offsets + ``offset``), ISO date, precision and the rule used.

    ``reporting`` is True when the words date the report ("said on Friday"), not an event.
    Rules ending in "-since"/"-until" date a period's edge ("since 2014"), context for events.
    """

    start: int
    end: int
    text: str
    date: str
    precision: str
    rule: str
    reporting: bool = False


Resolved = tuple[dt.date, str, str]  # date, precision, rule


@lru_cache(maxsize=1)
def _words() -> dict[str, Any]:
    path = resources.files("sitrep.data") / "dates.yaml"
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read the date word lists ({exc}); restore the file") from exc


def _alt(words: Any, *, ci: bool = True) -> str:
    body = "|".join(re.escape(str(w)).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return f"(?i:{body})" if ci else f"(?:{body})"


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str], re.Pattern[str] | None]]:
    """(family, pattern, gate) in priority order: earlier families win overlaps.

    A gate is a cheap literal search; the family's full pattern runs only when it hits (the
    patterns with optional prefixes cost ten times more per sentence than a word search).
    """
    w = _words()
    mon = _alt(w["months"], ci=False)
    full = _alt([m for m in w["months"] if len(m) > 3 or m == "May"], ci=False)
    wd = _alt(w["weekdays"], ci=False)
    pod = _alt(w["part_of_day"])
    num = quantity_pattern().pattern.replace("(?P<", "(?P<q_")
    pre = _alt(w["period_prefixes"])
    units = _alt(w["units"])
    names = re.compile(rf"\b(?:{mon}|{wd})\b")
    gates = {"ago": re.compile(r"(?i)\bago\b"), "relday": re.compile(rf"\b{_alt(w['relative_days'])}\b"),
             "weekday": names, "month": names, "day_month": names, "month_day": names,
             "rolling_n": re.compile(r"(?i)\b(?:past|last|previous)\b")}
    gates["rolling"] = gates["calendar"] = re.compile(r"(?i)\b(?:past|last|previous|recent|this|earlier|week)\b")
    return [(name, re.compile(p), gates.get(name)) for name, p in [
        ("iso", r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d-])"),
        ("numeric", r"(?<![\d/.-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)"),
        ("day_month", rf"(?<![\d/])(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{mon})\b\.?(?:,?\s+(?P<y>\d{{4}})(?!\d))?"),
        ("month_day", rf"\b(?P<m>{mon})\b\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])(?:,?\s+(?P<y>\d{{4}})(?!\d))?"),
        ("rolling_n", rf"(?i:(?:the\s+)?(?:past|last|previous))\s+(?P<n>\d+|{_alt(w['units'])}|[a-z]+(?:-[a-z]+)?)\s+(?P<u>{units})\b"),
        ("rolling", rf"\b{_alt(w['rolling_windows'])}\b"),
        ("calendar", rf"\b{_alt(w['calendar_periods'])}\b"),
        ("ago", rf"(?P<n>(?i:{num})|\b(?i:an?))(?:\s+of)?\s+(?P<u>{units})\s+(?i:ago)\b"),
        ("weekday", rf"(?:\b(?P<pre>{_alt(w['weekday_prefix_last'] + w['weekday_prefix_plain'])})\s+)?\b(?P<wd>{wd})\b(?:'s|’s)?(?:\s+(?P<pod>{pod})\b)?"),
        ("relday", rf"(?:\b(?i:early|late)\s+)?(?:\b(?i:(?:in\s+)?the\s+(?:early\s+hours|small\s+hours|morning|afternoon|evening|night))\s+of\s+)?\b(?P<rel>{_alt(w['relative_days'])})(?:'s|’s)?(?:\s+(?P<pod>{pod}))?\b"),
        ("month", rf"(?:\b(?P<pre>{pre})\s+)?(?:\b(?P<part>(?i:early|mid|late))[\s-]+)?\b(?P<m>{full})\b(?:,?\s+(?P<y>(?:19|20)\d{{2}})(?!\d))?"),
        ("year", rf"\b(?P<pre>{_alt(w['year_prefixes'])})[\s-]+(?:(?i:early|mid|late)[\s-]+)?(?P<y>(?:19|20)\d{{2}})(?!\d|,\d)"),
    ]]


def _as_date(published: dt.date | str | None) -> dt.date | None:
    if published is None or isinstance(published, dt.date):
        return published
    try:
        return dt.date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


AHEAD_DAYS = 7  # "from 4 to 5 May" in a report dated 4 May: a date this close ahead is this year's


def _day_month(pub: dt.date | None, d: int, m: int, y: str | None) -> dt.date | None:
    """A day and month; without a year, the latest one on or before publication, unless it lies a
    few days after it (a report filed before a two-day event ends, a publication date that lags)."""
    if y:
        return _safe_date(int(y), m, d)
    if pub is None:
        return None
    date = _safe_date(pub.year, m, d)
    if date is not None and (date <= pub or (date - pub).days <= AHEAD_DAYS):
        return date
    return _safe_date(pub.year - 1, m, d)


def _r_iso(m: re.Match[str], pub: dt.date | None) -> Resolved | None:
    date = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return (date, "day", "explicit-iso") if date else None


def _r_numeric(m: re.Match[str], pub: dt.date | None) -> Resolved | None:
    """Day first (the usual order outside the US) unless the first number cannot be a month day."""
    a, b = int(m["a"]), int(m["b"])
    day, month = (b, a) if b > 12 >= a else (a, b)
    date = _safe_date(int(m["y"]), month, day)
    return (date, "day", "explicit-numeric") if date else None


def _r_day_month(m: re.Match[str], pub: dt.date | None) -> Resolved | None:
    date = _day_month(pub, int(m["d"]), _words()["months"][m["m"]], m["y"])
    return (date, "day", "explicit-day-month") if date else None


def _r_month_day(m: re.Match[str], pub: dt.date | None) -> Resolved | None:
    date = _day_month(pub, int(m["d"]), _words()["months"][m["m"]], m["y"])
    return (date, "day", "explicit-month-day") if date else None


def _by_length(days: float) -> str:
    return "day" if days <= 1 else "week" if days <= 7 else "month" if days <= 31 else "year"


def _count(text: str) -> tuple[int, bool] | None:
    if text.lower() in ("a", "an"):
        return 1, False
    q = parse_quantity(text)
    return (q.value, q.vague) if q is not None and q.known else None


def _r_rolling_n(m: re.Match[str], pub: dt.date | None) -> Resolved | None:
    counted = _count(m["n"]) if m["n"].lower() not in _words()["units"] else (1, False)
    if pub is None or counted is None:
        return None
    days = max(1, round(counted[0] * _words()["units"][m["u"].lower()]))
    return pub - dt.timedelta(days=days), _by_length(days), "rolling-window"


def _r_rolling(m: re.Match[str], pub: dt.date | None) -> Resolved | None:
    days, precision = _lookup(_words()["rolling_windows"], m.group(0))
    return (pub - dt.timedelta(days=days), precision, "rolling-window") if pub else None


def _lookup(table: dict[str, Any], text: str) -> Any:
    return table[re.sub(r"\s+", " ", text.lower())]


def _period_start(pub: dt.date, anchor: str, shift: int) -> dt.date:
    """First day of the week (Monday) / month / year containing publication, moved by ``shift``."""
    if anchor == "week":
        return pub - dt.timedelta(days=pub.weekday() - 7 * shift)
    if anchor == "month":
        months = pub.year * 12 + pub.month - 1 + shift
        return dt.date(months // 12, months % 12 + 1, 1)
    return dt.date(pub.year + shift, 1, 1)


def _r_calendar(m: re.Match[str], pub: dt.date | None) -> Resolved | None:
    anchor, shift = _lookup(_words()["calendar_periods"], m.group(0))
    return (_period_start(pub, anchor, shift), anchor, f"calendar-{anchor}") if pub else None


def _r_ago(m: re.Match[str], pub: dt.date | None) -> Resolved | None:
    counted = _count(m["n"])
    if pub is None or counted is None:
        return None
    n, vague = counted
    unit = _words()["units"][m["u"].lower()]
    back = pub - dt.timedelta(days=round(n * unit))
    anchor = "day" if unit < 7 else "week" if unit == 7 else "month" if unit == 30 else "year"
    if vague:  # "a few days ago": one step less precise
        anchor = {"day": "week", "week": "month"}.get(anchor, "year")
    date = back if anchor == "day" else _period_start(back, anchor, 0)
    return date, anchor, f"relative-{m['u'].lower().rstrip('s')}s-ago"


def _r_relday(m: re.Match[str], pub: dt.date | None) -> Resolved | None:
    rel = m["rel"]
    if pub is None or (rel[0].isupper() and rel.lower() == "today" and capitalised_word_before(m.string, m.start())):
        return None  # "USA Today", "Russia Today" are outlets
    back = _lookup(_words()["relative_days"], rel)
    return pub - dt.timedelta(days=back), "day", "relative-" + re.sub(r"\s+", "-", rel.lower())


def capitalised_word_before(text: str, end: int) -> bool:
    """Does a word with a capital A-Z in it, then whitespace, end at ``end`` ("USA Today")?

    The same answer as ``re.search(r"[A-Z]\\w*\\s+$", text[:end])``, read backwards from ``end``:
    that search tried every capital of the text before and was quadratic in one long
    capitalised word or space run; this costs the length of the last word and spaces only."""
    i = end
    while i > 0 and text[i - 1].isspace():
        i -= 1
    if i == end:
        return False
    j = i
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] == "_"):
        j -= 1
    return any("A" <= c <= "Z" for c in text[j:i])


def _r_weekday(m: re.Match[str], pub: dt.date | None) -> Resolved | None:
    if pub is None:
        return None
    w = _words()
    last = bool(m["pre"]) and re.sub(r"\s+", " ", m["pre"].lower()) in w["weekday_prefix_last"]
    back = (pub.weekday() - w["weekdays"][m["wd"]]) % 7 or (7 if last else 0)
    return pub - dt.timedelta(days=back), "day", "weekday-last" if last else "weekday-before-publication"


def _r_month(m: re.Match[str], pub: dt.date | None) -> Resolved | None:
    """"in June", "last March", "since June", "October 2019": month precision, never future."""
    pre = (m["pre"] or "").lower()
    if not (pre or m["part"] or m["y"]):
        return None
    month = _words()["months"][m["m"]]
    if m["y"]:
        year = int(m["y"])
    elif pub is None:
        return None
    else:
        strict = pre == "last"
        year = pub.year if month < pub.month or (month == pub.month and not strict) else pub.year - 1
    kind = {"since": "month-since", "from": "month-since", "until": "month-until", "last": "month-last"}
    return dt.date(year, month, 1), "month", kind.get(pre, "month-in")


def _r_year(m: re.Match[str], pub: dt.date | None) -> Resolved | None:
    year = int(m["y"])
    if pub is not None and year > pub.year:
        return None
    pre = m["pre"].lower()
    rule = {"since": "year-since", "from": "year-since", "until": "year-until"}.get(pre, "year-in")
    return dt.date(year, 1, 1), "year", rule


_RESOLVERS: dict[str, Callable[[re.Match[str], dt.date | None], Resolved | None]] = {
    "iso": _r_iso, "numeric": _r_numeric, "day_month": _r_day_month, "month_day": _r_month_day,
    "rolling_n": _r_rolling_n, "rolling": _r_rolling, "calendar": _r_calendar, "ago": _r_ago,
    "relday": _r_relday, "weekday": _r_weekday, "month": _r_month, "year": _r_year,
}


def find_dates(text: str, published: dt.date | str | None, *, offset: int = 0) -> list[DateMatch]:
    """Every date expression in ``text`` (usually one sentence), in text order.

    Offsets are into ``text`` plus ``offset``. A weekday right before an explicit date
    ("Monday night (August 24)") merges into one match carrying the explicit date.
    """
    pub = _as_date(published)
    taken: list[tuple[int, int, str, re.Match[str], Resolved]] = []
    for family, pattern, gate in _patterns():
        if gate is not None and gate.search(text) is None:
            continue
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te, *_ in taken):
                continue
            resolved = _RESOLVERS[family](m, pub)
            if resolved is not None:
                taken.append((s, e, family, m, resolved))
    taken.sort(key=lambda t: t[0])
    taken = _merge_weekday_explicit(text, taken)
    out = []
    for s, e, family, m, (date, precision, rule) in taken:
        out.append(DateMatch(s + offset, e + offset, text[s:e], date.isoformat(), precision, rule,
                             _is_reporting(text, s, e)))
    return out


def _merge_weekday_explicit(text: str, taken: list[Any]) -> list[Any]:
    """"Monday night (August 24)", "Monday, August 24": the explicit date wins, spans join."""
    merged: list[Any] = []
    for item in taken:
        if merged and merged[-1][2] == "weekday" and item[2] in ("day_month", "month_day", "numeric", "iso") \
                and re.fullmatch(r"\s*[,(]?\s*", text[merged[-1][1]:item[0]]):
            s = merged.pop()[0]
            e = item[1] + 1 if text[item[1]:item[1] + 1] == ")" else item[1]
            item = (s, e, *item[2:])
        merged.append(item)
    return merged


@lru_cache(maxsize=1)
def _reporting_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    w = _words()
    breakers = _alt(w["reporting_breakers"])
    before = re.compile(rf"\b(?:{_alt(w['reporting_before'])})\b((?:\s+(?!{breakers}\b)[\w'’.-]+){{0,5}}?)\s*,?\s+(?i:on\s+)?$")
    after = re.compile(rf"^\s+(?:[\w'’-]+\s+){{0,2}}?(?:{_alt(w['reporting_after'])})\b")
    return before, after


def _is_reporting(text: str, start: int, end: int) -> bool:
    """"said on Friday", "told AFP on Tuesday", "in a statement on Tuesday", "on Tuesday claimed"."""
    before, after = _reporting_patterns()
    return bool(before.search(text[max(0, start - 80):start]) or after.match(text[end:end + 50]))


def event_date(text: str, published: dt.date | str | None, *, offset: int = 0,
               near: int | None = None) -> DateMatch | None:
    """The date of the event a sentence reports, or None when it has no date words.

    Event dates first (not reporting dates); among them the one nearest ``near`` (a character
    offset, same frame as ``offset``, e.g. the trigger) when given, else the most precise, then
    the first. Reporting dates come last: when nothing else dates the sentence, the report's
    day is the best estimate ACLED would use too. "since"/"until" edges never date an event
    (None if they are all there is: the caller falls back to the publication date).
    """
    matches = [m for m in find_dates(text, published, offset=offset) if not m.rule.endswith(_CONTEXT_SUFFIXES)]
    if not matches:
        return None

    def rank(m: DateMatch) -> tuple[int, int, int, int]:
        group = 1 if m.reporting else 0
        distance = min(abs(m.start - near), abs(m.end - near)) if near is not None else 0
        return group, distance, PRECISION_RANK[m.precision], m.start

    return min(matches, key=rank)


def fallback_date(published: dt.date | str | None, *, precision: str = "day") -> DateMatch | None:
    """The publication date for an event with no date words (empty span, rule "publication-date").

    Precision defaults to "day": news reports an event on the day it is published or the day
    before, and the scorer's one-day window covers both. Pass "week" for ongoing activity
    ("clashes are ongoing"). None when the publication date is unknown.
    """
    pub = _as_date(published)
    if pub is None:
        return None
    return DateMatch(0, 0, "", pub.isoformat(), precision, "publication-date")
