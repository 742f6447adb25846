"""Line-level boilerplate patterns (from ``sitrep/data/boilerplate.yaml``) and line shapes.

Why lines: scraped page text keeps the page's line structure, and clutter (menus, share bars,
cookie notices, comment prompts, related-article lists) fills whole lines of its own, while
article sentences are long lines ending in punctuation. So a line is judged by what it matches
and by its shape, never by a word somewhere inside a sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from sitrep.errors import ConfigError
from sitrep.yamlfile import load_yaml

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_END_PUNCT = ".!?"
_MENU_SPLIT = re.compile(r"(?<!\s)\s*[|•·]\s*")  # (?<!\s): linear on long space runs
_BULLETS = {"- ", "– ", "— ", "• ", "* ", "· ", "» ", "▪ ", "> "}
_CLOSERS = "\"')]}»”’*"


@dataclass(frozen=True)
class Patterns:
    """Compiled boilerplate patterns, grouped by where they apply."""

    remove: tuple[tuple[str, re.Pattern], ...]
    end_of_article: tuple[re.Pattern, ...]
    header_cues: tuple[re.Pattern, ...]
    header_zone: tuple[re.Pattern, ...]
    trailing: tuple[re.Pattern, ...]
    chrome_words: frozenset[str]
    chrome_glue: frozenset[str]

    def removal(self, line: str) -> str | None:
        """Why ``line`` is clutter wherever it stands (a reason such as "cookies"), else None."""
        if not any(c.isalnum() for c in line):
            return "symbols"
        for group, pattern in self.remove:
            if pattern.search(line):
                return group
        if self.is_chrome_words(line):
            return "menu/share words"
        if is_item_menu(line):
            return "menu"
        return None

    def is_end(self, line: str) -> bool:
        return any(p.search(line) for p in self.end_of_article)

    def is_header_cue(self, line: str) -> bool:
        return is_item_menu(line) or any(p.search(line) for p in self.header_cues)

    def is_header_zone(self, line: str) -> bool:
        return any(p.search(line) for p in self.header_zone)

    def is_trailing(self, line: str) -> bool:
        return any(p.search(line) for p in self.trailing)

    def is_chrome_words(self, line: str) -> bool:
        words = [w.lower() for w in _WORD.findall(line)]
        if not words or len(words) > 12:
            return False
        if not all(w in self.chrome_words or w in self.chrome_glue for w in words):
            return False
        return any(w in self.chrome_words for w in words)


def _compile(pattern: str, source: str) -> re.Pattern:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"{source}: bad pattern {pattern!r} ({exc}); fix the regular expression") from exc


def load_patterns(path: str | Path | None = None, *, extra: str | Path | None = None) -> Patterns:
    """Read and compile a boilerplate file (default: the packaged one), plus a user's extra file."""
    data = _read(str(path) if path else str(resources.files("sitrep.data") / "boilerplate.yaml"))
    if extra:
        for key, value in _read(str(extra)).items():
            if isinstance(value, dict):
                for group, pats in value.items():
                    data.setdefault(key, {}).setdefault(group, []).extend(pats)
            else:
                data[key] = list(data.get(key, [])) + list(value)
    source = f"{path or 'boilerplate.yaml'}{' + ' + str(extra) if extra else ''}"
    remove = tuple((group, _compile(p, source)) for group, pats in data.get("remove", {}).items() for p in pats)

    def group(name: str) -> tuple[re.Pattern, ...]:
        return tuple(_compile(p, source) for p in data.get(name, []))

    return Patterns(remove=remove, end_of_article=group("end_of_article"), header_cues=group("header_cues"),
                    header_zone=group("header_zone"), trailing=group("trailing"),
                    chrome_words=frozenset(w.lower() for w in data.get("chrome_words", [])),
                    chrome_glue=frozenset(w.lower() for w in data.get("chrome_glue", [])))


def _read(source: str) -> dict:
    try:
        with open(source, encoding="utf-8") as f:
            data = load_yaml(f) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{source}: cannot read boilerplate patterns ({exc}); check the file") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: boilerplate patterns must be a YAML mapping (see sitrep/data/boilerplate.yaml)")
    return data


@lru_cache(maxsize=8)
def default_patterns(extra: str = "") -> Patterns:
    """The packaged patterns, plus the ``ingest.user_boilerplate`` file when one is set (cached)."""
    return load_patterns(extra=extra or None)


def is_item_menu(line: str) -> bool:
    """A menu bar: three or more short items split by | • · (and no digits, unlike a byline with a date)."""
    parts = [p.strip() for p in _MENU_SPLIT.split(line)]
    if len(parts) < 3 or any(c.isdigit() for c in line):
        return False
    return all(p and word_count(p) <= 3 and p[-1] not in _END_PUNCT for p in parts)


def is_list_item(line: str) -> bool:
    """A bulleted line of headline length ("- Kirkuk oil exports resume", "• Analysis: who ...?")."""
    return line[:2] in _BULLETS and word_count(line) <= 25 and _last_char(line) != "."


def word_count(line: str) -> int:
    return len(_WORD.findall(line))


_TRAILING_NOTE = re.compile(r"(?<=[.!?])\s*[\[(][^\[\]()]{1,40}[\])]\s*$")


def _last_char(line: str) -> str:
    """The line's last meaningful character: closing quotes and brackets, and a short bracketed
    note after the final full stop ("… outbreak. [size=no report]", "… said. (AFP)"), skipped."""
    stripped = _TRAILING_NOTE.sub("", line).rstrip(_CLOSERS + " ")
    return stripped[-1:] if stripped else ""


def is_sentence(line: str) -> bool:
    """Article prose: six words or more ending in sentence punctuation, or simply long."""
    n = word_count(line)
    return (n >= 6 and _last_char(line) in _END_PUNCT) or n >= 30


def is_heading_like(line: str) -> bool:
    """A headline's shape: short, has letters, no trailing full stop, comma, colon or semicolon."""
    n = word_count(line)
    if not 1 <= n <= 25 or len(line) > 250 or not any(c.isalpha() for c in line):
        return False
    return _last_char(line) not in ".,;:"


def ends_sentence(line: str) -> bool:
    return _last_char(line) in _END_PUNCT + ":"
