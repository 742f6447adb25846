"""Loading helpers for the actor dictionary: tokens, match keys, template patterns, YAML checks.

Kept apart from ``actors.py`` (the lookup) so that each stays small: this module knows how text
and dictionary phrases are cut into comparable tokens, and how data files are read and checked.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import yaml

from sitrep.errors import ConfigError
from sitrep.yamlfile import load_yaml

KINDS = {"state", "police", "rebel", "militia", "identity", "political", "external", "civilian", "unidentified",
         "protester", "rioter", "outlet", "monitor"}
SOURCE_KINDS = {"outlet", "monitor"}
ARMED_KINDS = {"state", "police", "rebel", "militia", "identity", "external", "unidentified"}
DEMONYM, NAME, END = "\ue000", "\ue001", ""
HYPHENS = {"-", "\u2010", "\u2011"}
_TOKEN = re.compile(r"['\u2019]s\b|\w+(?:['\u2019](?!s\b)\w+)*|[^\w\s]")
_ACRONYM = re.compile(r"^[A-Z0-9./\-]*[A-Z][A-Z0-9./\-]*$")
_KEYS: dict[str, tuple[str, str]] = {}


@dataclass(frozen=True)
class Rule:
    """One dictionary entry: an actor's alias family or a template, with its resolution options."""

    name: str
    kind: str
    country: str | None
    templated: bool
    priority: int
    origin: str
    by_country: tuple[tuple[str, str], ...] = ()
    only_in: frozenset[str] | None = None
    default_country: str | None = None
    speaks_for: str | None = None


class Tokens:
    """Word tokens of a text with match keys, exact forms, offsets and hyphen glue."""

    __slots__ = ("keys", "exact", "starts", "ends", "glued_left", "glued_right")

    def __init__(self, text: str, *, drop_hyphens: bool = False):
        self.keys, self.exact, self.starts, self.ends, self.glued_left = [], [], [], [], []
        glue, pos, size, cache = False, 0, len(text), _KEYS
        for tok in _TOKEN.findall(text):
            s = text.find(tok, pos)
            pos = s + len(tok)
            if tok in HYPHENS and (drop_hyphens or (self.ends and self.ends[-1] == s and pos < size
                                                     and text[pos].isalnum())):
                glue = not drop_hyphens
                continue
            key, exact = cache.get(tok) or token_key(tok)
            self.keys.append(key)
            self.exact.append(exact)
            self.starts.append(s)
            self.ends.append(pos)
            self.glued_left.append(glue)
            glue = False
        self.glued_right = self.glued_left[1:] + [False]


def token_key(tok: str) -> tuple[str, str]:
    """Match key (folded, lower-case, apostrophes dropped) and exact form (case kept) of a token."""
    folded = tok
    if not tok.isascii():
        folded = "".join(c for c in unicodedata.normalize("NFKD", tok) if not unicodedata.combining(c))
        folded = folded.replace("\u2019", "'")
    exact = folded if folded == "'s" else folded.replace("'", "") or folded  # a lone quote stays a token
    result = (exact.lower(), exact)
    if len(_KEYS) < 200_000:
        _KEYS[tok] = result
    return result


def _split_top(text: str) -> list[str]:
    parts, depth, cur = [], 0, []
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if ch == "|" and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    return parts + ["".join(cur)]


def expand(pattern: str) -> list[str]:
    """All phrases of a template pattern: "(a|b) c( d)?" -> ["a c", "b c", "a c d", "b c d"]."""
    return [" ".join(p.split()) for p in _expand(pattern)]


def _expand(pattern: str) -> list[str]:
    i = pattern.find("(")
    if i < 0:
        return [pattern]
    depth, j = 0, i
    for j in range(i, len(pattern)):
        depth += (pattern[j] == "(") - (pattern[j] == ")")
        if depth == 0:
            break
    if depth:
        raise ValueError(f"unbalanced parentheses in {pattern!r}")
    rest = pattern[j + 1:]
    optional = rest.startswith("?")
    choices = [x for part in _split_top(pattern[i + 1:j]) for x in _expand(part)] + ([""] if optional else [])
    tails = _expand(rest[1:] if optional else rest)
    return [pattern[:i] + c + t for c in choices for t in tails]


def phrase_tokens(text: str) -> Tokens:
    """Tokens of a dictionary phrase: hyphens dropped, {demonym}/{country} as placeholder tokens."""
    return Tokens(text.replace("{demonym}", f" {DEMONYM} ").replace("{country}", f" {NAME} "), drop_hyphens=True)


def insert(root: dict, toks: Tokens, value: Any) -> None:
    """Add a phrase to a token trie; a node's entries sit under the key END."""
    node = root
    for k in toks.keys:
        node = node.setdefault(k, {})
    node.setdefault(END, []).append(value)


def exact_form(alias: str, listed: set[str]) -> tuple[str, ...] | None:
    """Exact token forms for aliases matched only as written (listed ones and all-caps acronyms)."""
    if alias in listed or _ACRONYM.match(alias):
        return tuple(phrase_tokens(alias).exact)
    return None


def read_yaml(path: Any, label: str) -> dict:
    """A data file as a mapping; unreadable or malformed files raise ConfigError naming the file."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"{label}: cannot read actor file ({exc.strerror}); fix the path in extract.user_actors") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{label}: not valid YAML ({exc}); fix the file") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{label}: expected a mapping with 'actors:' and 'templates:' lists; see sitrep/data/actors.yaml")
    return data


def strings(value: Any, where: str, field: str) -> list[str]:
    """A list-of-strings field, or a ConfigError saying where and how to write it."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{field}' must be a list of strings; write e.g. {field}: [ISIS, Daesh]")
    return value
