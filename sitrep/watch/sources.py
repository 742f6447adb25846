"""What ``sitrep watch`` follows: feed/sitemap URLs, folders, and sources files that list them.

A sources file has one source a line: ``URL-or-folder [outlet] [lang] [interval]``; the outlet
may be quoted when it has spaces, the language is a 2-3 letter code, the interval a number of
seconds or ``90s``, ``15m``, ``2h``. ``#`` starts a comment. A bad line is one error naming the
file and line; the other lines are still followed.
"""
from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from sitrep.errors import InputError

_INTERVAL = re.compile(r"^(\d+(?:\.\d+)?)([smh]?)$")
_LANG = re.compile(r"^[a-z]{2,3}$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600}


@dataclass(frozen=True)
class WatchSource:
    """One thing to poll: ``key`` is its URL or absolute folder path (the row it is stored under)."""

    key: str
    kind: str  # "url" (feed or sitemap, told apart by what it serves) or "folder"
    outlet: str | None = None
    language: str | None = None
    interval_s: float | None = None  # None: the watch.interval_s / folder_interval_s setting


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def parse_interval(text: str) -> float | None:
    """Seconds for ``"90"``, ``"90s"``, ``"15m"``, ``"2h"``; None when it is not an interval."""
    m = _INTERVAL.match(text.lower())
    return float(m.group(1)) * _UNITS[m.group(2)] if m else None


def parse_sources(args: list[str], *, on_error: Callable[[InputError], None]) -> list[WatchSource]:
    """Every source named on the command line: URLs, folders, and the lines of sources files."""
    found: dict[str, WatchSource] = {}
    for arg in args:
        for source in _expand(arg, on_error):
            found.setdefault(source.key, source)
    return list(found.values())


def _expand(arg: str, on_error: Callable[[InputError], None]) -> list[WatchSource]:
    if is_url(arg):
        return [WatchSource(arg, "url")]
    path = Path(arg)
    if path.is_dir():
        return [WatchSource(str(path.resolve()), "folder")]
    if path.is_file():
        return read_sources_file(path, on_error=on_error)
    on_error(InputError(arg, "unreadable", "not a URL, a folder or a sources file",
                        hint="give an http(s) feed or sitemap URL, a folder, or a file listing them"))
    return []


def read_sources_file(path: Path, *, on_error: Callable[[InputError], None]) -> list[WatchSource]:
    """The sources a file lists (relative folders are relative to the file); bad lines reported."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        on_error(InputError(str(path), "unreadable", f"cannot read sources file ({exc})",
                            hint="check the path; it must be UTF-8 text"))
        return []
    found = []
    for n, line in enumerate(lines, 1):
        try:
            source = parse_line(line, base=path.parent)
        except ValueError as exc:
            on_error(InputError(str(path), "sources", str(exc), record=f"line {n}",
                                hint="write: URL-or-folder [outlet] [lang] [interval], e.g. "
                                     "https://example.org/feed.xml \"Example News\" en 15m"))
            continue
        if source is not None:
            found.append(source)
    return found


def parse_line(line: str, *, base: Path) -> WatchSource | None:
    """One sources-file line to a WatchSource (None for blank and comment lines); ValueError if bad."""
    try:
        words = shlex.split(line, comments=True)
    except ValueError as exc:
        raise ValueError(f"cannot split the line ({exc})") from None
    if not words:
        return None
    target, rest = words[0], words[1:]
    interval = parse_interval(rest[-1]) if rest else None
    if interval is not None:
        rest = rest[:-1]
        if interval <= 0:
            raise ValueError("the interval must be more than 0 seconds")
    language = rest.pop() if rest and _LANG.match(rest[-1]) else None
    outlet = " ".join(rest) or None
    if is_url(target):
        return WatchSource(target, "url", outlet, language, interval)
    folder = (base / target).resolve()
    if not folder.is_dir():
        raise ValueError(f"{target!r} is neither an http(s) URL nor an existing folder")
    return WatchSource(str(folder), "folder", outlet, language, interval)
