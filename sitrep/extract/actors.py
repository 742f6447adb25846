"""Actor dictionary: finds actor mentions in text and maps them to ACLED-style canonical names.

Why a token trie and not spaCy or one big regex: thousands of aliases and templated phrases
("{demonym} troops" for ~200 countries) must be matched in every sentence, and a dictionary walk
over pre-split tokens costs microseconds, is deterministic, and says which entry decided (for
``sitrep explain``). Country words are a second small trie; templates hold a placeholder node, so
"Nigerian troops" is matched without expanding every demonym into every template.
The data live in ``sitrep/data/actors.yaml`` and ``countries.yaml`` (shapes documented there).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from sitrep.config import Settings
from sitrep.errors import ConfigError
from sitrep.geo.normalize import word_set
from sitrep.extract.actor_data import (ARMED_KINDS, DEMONYM, END, KINDS, NAME, SOURCE_KINDS, Rule, Tokens, exact_form,
                                       expand, insert, phrase_tokens, read_yaml, strings)

log = logging.getLogger(__name__)
PATRON_WORDS = {"pro", "backed", "proxies", "proxy", "allied", "aligned", "affiliated", "sponsored", "funded"}


@dataclass
class ActorMatch:
    """One actor mention: offsets into the text passed (+ offset), canonical name, kind, country."""

    start: int
    end: int
    text: str
    name: str
    kind: str
    country: str | None
    rule: str = ""                  # the dictionary entry that decided, e.g. "actors.yaml: Islamic State"
    speaks_for: str | None = None   # outlets of an armed group (Amaq -> Islamic State)

    @property
    def is_source(self) -> bool:
        """True for outlets and monitors: they report events, they do not take part in them."""
        return self.kind in SOURCE_KINDS



class ActorDictionary:
    """Canonical actor names for alias and description phrases, built once from the data files."""

    _cache: dict[tuple[str, int], "ActorDictionary"] = {}

    def __init__(self, sources: list[tuple[str, dict]], countries: dict):
        """``sources``: (label, parsed actors YAML) pairs, later ones winning ties; ``countries``: countries.yaml."""
        self._root: dict = {}
        self._countries: dict = {}
        self._article: dict[str, str | None] = {}
        self._rules: list[Rule] = []
        self._aliases = 0
        self._load_countries(countries)
        self._heads: dict[str, list[tuple[str, ...]]] = {}
        self._renamed: dict[str, list[tuple[str, str]]] = {}
        for priority, (label, data) in enumerate(sources, start=1):
            self._load_actors(label, data, priority)
        self._starts = {k for k in self._root if k not in (DEMONYM, NAME)}
        self._targets = self._resolve_targets()
        self._armed = {k for k, node in self._root.get(DEMONYM, {}).items()
                       if any(r.kind == "state" for r, _ in node.get(END, ()))}

    @classmethod
    def load(cls, settings: Settings) -> "ActorDictionary":
        """The packaged dictionary plus the user's file (setting ``extract.user_actors``), cached per process."""
        user = str(settings.get("extract", "user_actors") or "").strip()
        path = Path(user).expanduser() if user else None
        if path is not None and not path.is_file():
            raise ConfigError(f"extract.user_actors = {user!r}: file not found; fix the path or set it to \"\"")
        key = (str(path or ""), path.stat().st_mtime_ns if path else 0)
        if key not in cls._cache:
            data = resources.files("sitrep.data")
            sources = [("actors.yaml", read_yaml(data / "actors.yaml", "sitrep/data/actors.yaml"))]
            if path is not None:
                sources.append((path.name, read_yaml(path, str(path))))
            cls._cache[key] = cls(sources, read_yaml(data / "countries.yaml", "sitrep/data/countries.yaml"))
            log.info("actor dictionary loaded: %s", cls._cache[key].stats())
        return cls._cache[key]

    # -- loading ---------------------------------------------------------------------------------
    def _load_countries(self, data: dict) -> None:
        self._croot: dict = {}
        for i, c in enumerate(data.get("countries") or []):
            where = f"countries.yaml entry {i + 1}"
            if not isinstance(c, dict) or not isinstance(c.get("name"), str):
                raise ConfigError(f"{where}: needs a 'name'; write e.g. - {{name: Iraq, demonyms: [Iraqi]}}")
            name, listed = c["name"], set(strings(c.get("case_sensitive"), where, "case_sensitive"))
            self._article[name] = c.get("article")
            demonyms = strings(c.get("demonyms"), where, "demonyms")
            plurals = [d + "s" for d in demonyms if d[-1] in "ain" and " " not in d]
            words = [(w, True) for w in [name] + strings(c.get("aliases"), where, "aliases")]
            for word, is_name in words + [(d, False) for d in demonyms + plurals]:
                insert(self._croot, phrase_tokens(word), (name, is_name, exact_form(word, listed)))
            self._countries[name] = True

    def _check_countries(self, names: Any, where: str) -> None:
        for n in names:
            if n not in self._countries:
                raise ConfigError(f"{where}: unknown country {n!r}; use a name from sitrep/data/countries.yaml")

    def _load_actors(self, label: str, data: dict, priority: int) -> None:
        for head in strings(data.get("group_heads"), label, "group_heads"):
            keys = tuple(phrase_tokens(head).keys)
            self._heads.setdefault(keys[0], []).append(keys)
            self._heads[keys[0]].sort(key=len, reverse=True)
        for section, templated in (("actors", False), ("templates", True)):
            for i, e in enumerate(data.get(section) or []):
                self._load_entry(e, f"{label}: {section} entry {i + 1}", label, templated,
                                 priority if not templated or priority > 1 else 0)
        for kind in ("outlets", "monitors"):
            for name in strings(data.get(kind), label, kind):
                rule = Rule(name, kind[:-1], None, False, priority, f"{label}: {name}")
                self._add(rule, [name], set())

    def _load_entry(self, e: Any, where: str, label: str, templated: bool, priority: int) -> None:
        if not isinstance(e, dict) or not isinstance(e.get("name"), str):
            raise ConfigError(f"{where}: needs a 'name'; write e.g. - name: Islamic State")
        where = f"{where} ({e['name']})"
        if e.get("kind") not in KINDS:
            raise ConfigError(f"{where}: kind {e.get('kind')!r} is not one of {', '.join(sorted(KINDS))}")
        by_country = e.get("by_country") or {}
        if not isinstance(by_country, dict):
            raise ConfigError(f"{where}: 'by_country' must map a country to a name, e.g. {{Niger: Islamic State (Sahel)}}")
        only_in = strings(e.get("only_in"), where, "only_in")
        self._check_countries(list(by_country) + only_in + [x for x in (e.get("country"), e.get("default_country")) if x],
                              where)
        rule = Rule(e["name"], e["kind"], e.get("country"), templated, priority, f"{label}: {e['name']}",
                     tuple(by_country.items()), frozenset(only_in) if only_in else None, e.get("default_country"),
                     e.get("speaks_for"))
        renamed = e.get("renamed") or {}
        if not isinstance(renamed, dict):
            raise ConfigError(f"{where}: 'renamed' must map a date to a name, e.g. {{2021-08-15: Military Forces of X}}")
        for since, new in renamed.items():
            self._renamed.setdefault(e["name"], []).append((str(since), str(new)))
            self._renamed[e["name"]].sort()
        phrases = strings(e.get("phrases" if templated else "aliases"), where, "phrases" if templated else "aliases")
        listed = set(strings(e.get("case_sensitive"), where, "case_sensitive"))
        try:
            phrases = [p for ph in phrases for p in expand(ph)] if templated else phrases
        except ValueError as exc:
            raise ConfigError(f"{where}: {exc}; close each '(' with ')'") from exc
        self._add(rule, phrases + sorted(listed - set(phrases)), listed)

    def _add(self, rule: Rule, phrases: list[str], listed: set[str]) -> None:
        self._rules.append(rule)
        for p in phrases:
            toks = phrase_tokens(p)
            if toks.keys:
                insert(self._root, toks, (rule, exact_form(p, listed)))
                self._aliases += 1

    def _resolve_targets(self) -> dict[tuple[Rule, str], tuple[str, str, str | None]]:
        """Name, kind and country of each by_country target, checked once at load."""
        named = {}
        for r in self._rules:
            if not r.templated:
                named.setdefault(r.name, (r.name, r.kind, r.country))
        out = {}
        for r in self._rules:
            for country, target in r.by_country:
                found = named.get(target) or next(
                    ((target, t.kind, country) for t in self._rules
                     if t.templated and self._format(t.name, country) == target), None)
                if found is None:
                    raise ConfigError(f"{r.origin}: by_country target {target!r} is not an actor name; "
                                      "add an entry with that name or fix the spelling")
                out[(r, country)] = found
        return out

    def _format(self, template: str, country: str | None) -> str:
        if country is None:
            return template.replace(" of {country}", "").replace(" ({country})", "").replace("{country}", "").strip()
        if self._article.get(country):
            template = template.replace("of {country}", f"of {self._article[country]} {{country}}")
        return template.replace("{country}", country)

    # -- matching --------------------------------------------------------------------------------
    def _country_spans(self, toks: Tokens, i: int, cache: dict) -> list[tuple[int, str, bool]]:
        """Country words starting at token i: (end token, country, is a name rather than an adjective)."""
        if i in cache:
            return cache[i]
        out, node, j = [], self._croot, i
        while j < len(toks.keys) and (node := node.get(toks.keys[j])) is not None:
            j += 1
            for country, is_name, exact in node.get(END, ()):
                if (exact is None or tuple(toks.exact[i:j]) == exact) and not toks.glued_right[j - 1]:
                    out.append((j, country, is_name))
        cache[i] = out
        return out

    def _walk(self, toks: Tokens, i: int, cache: dict) -> list[tuple[int, list, str | None]]:
        """Every dictionary phrase starting at token i: (end token, entries, country named inside)."""
        keys, n, out, stack = toks.keys, len(toks.keys), [], [(self._root, i, None)]
        while stack:
            node, j, ctry = stack.pop()
            if j > i and END in node:
                out.append((j, node[END], ctry))
            if j >= n:
                continue
            child = node.get(keys[j])
            if child is not None:
                stack.append((child, j + 1, ctry))
            if DEMONYM in node or NAME in node:
                for end, c, is_name in self._country_spans(toks, j, cache):
                    for sub in (node.get(DEMONYM), node.get(NAME) if is_name else None):
                        if sub is not None:
                            stack.append((sub, end, c))
        if len(out) > 1:
            out.sort(key=lambda t: -t[0])
        return out

    @staticmethod
    def _shouting(toks: Tokens, i: int, end: int) -> bool:
        """True when an all-caps acronym sits among all-caps words (a headline: "WHAT IS LEFT")."""
        near = [toks.exact[k] for k in (i - 1, end) if 0 <= k < len(toks.keys) and toks.exact[k].isalpha()]
        return bool(near) and all(w.isupper() and len(w) > 1 for w in near)

    def _resolve(self, rule: Rule, phrase_country: str | None, country: str | None) -> tuple[str, str, str | None]:
        where = phrase_country or country
        target = self._targets.get((rule, where)) if where and rule.by_country else None
        if target:
            return target
        if not rule.templated:
            return rule.name, rule.kind, rule.country
        c = phrase_country or country or rule.default_country
        return self._format(rule.name, c), rule.kind, c

    def _best_at(self, toks: Tokens, i: int, country: str | None, cache: dict) -> tuple | None:
        for end, terms, ctry in self._walk(toks, i, cache):
            if toks.glued_right[end - 1]:
                continue
            for rule, exact in sorted(terms, key=lambda t: -t[0].priority):
                if exact is not None and (tuple(toks.exact[i:end]) != exact or self._shouting(toks, i, end)):
                    continue
                if rule.only_in is not None and country not in rule.only_in:
                    continue
                name, kind, c = self._resolve(rule, ctry, country)
                return i, self._absorb(toks, end, kind), name, kind, c, rule
        return None

    def _absorb(self, toks: Tokens, end: int, kind: str) -> int:
        """Extend an armed actor over a following head noun ("ISIS" + "militants")."""
        if kind not in ARMED_KINDS or end >= len(toks.keys) or toks.glued_left[end]:
            return end
        for head in self._heads.get(toks.keys[end], ()):
            if tuple(toks.keys[end:end + len(head)]) == head:
                return end + len(head)
        return end

    def _matches(self, text: str, country: str | None) -> tuple[Tokens, list[tuple]]:
        toks, cache, cands, starts, croot = Tokens(text), {}, [], self._starts, self._croot
        for i, key in enumerate(toks.keys):
            if toks.glued_left[i] or (key not in starts and (key not in croot or not self._country_spans(toks, i, cache))):
                continue
            found = self._best_at(toks, i, country, cache)
            if found:
                cands.append(found)
        cands.sort(key=lambda c: (c[0] - c[1], c[0]))
        taken = [False] * len(toks.keys)
        chosen = []
        for c in cands:
            if not any(taken[c[0]:c[1]]):
                taken[c[0]:c[1]] = [True] * (c[1] - c[0])
                chosen.append(c)
        chosen.sort(key=lambda c: c[0])
        return toks, chosen

    def find(self, text: str, *, offset: int = 0, country: str | None = None) -> list[ActorMatch]:
        """All non-overlapping actor mentions, longest first, in text order.

        ``country`` is the document's main country, used for descriptions that name none
        ("gunmen" -> "Unidentified Armed Group (Syria)", "troops" -> "Military Forces of Syria").
        """
        toks, chosen = self._matches(text, country)
        out = []
        for i, end, name, kind, c, rule in chosen:
            s, e = toks.starts[i], toks.ends[end - 1]
            out.append(ActorMatch(s + offset, e + offset, text[s:e], name, kind, c, rule.origin, rule.speaks_for))
        return out

    def renamed(self, name: str, date: str) -> str | None:
        """The name ``name`` took on or before ``date`` (ISO), from the entries' ``renamed`` field."""
        later = [new for since, new in self._renamed.get(name, ()) if since <= date]
        return later[-1] if later else None

    def canonical(self, phrase: str, *, country: str | None = None) -> str | None:
        """Canonical name of one noun phrase ("the Syrian army" -> "Military Forces of Syria"), else None."""
        matches = self.find(phrase, country=country)
        return max(matches, key=lambda m: m.end - m.start).name if matches else None

    def country_of(self, text: str) -> str | None:
        """The country a text is most about: demonyms, country names and actors tied to one country.

        On one phrase this is the country it names ("Iraqi" -> "Iraq"); on an article, the most
        mentioned one (ties go to the first mentioned), which serves as the document's focus.
        """
        found = self.country_weight(text)
        return found[0] if found else None

    def country_weight(self, text: str) -> tuple[str, float] | None:
        """``country_of`` with the weight of evidence behind it (a country named 2, an actor 1,
        "Russian warplanes" 0.5), so a caller can tell a firm focus from a passing hint."""
        toks, cache, counts, first, covered = Tokens(text), {}, {}, {}, 0
        for i in range(len(toks.keys)):
            spans = [] if toks.glued_left[i] or i < covered else self._country_spans(toks, i, cache)
            if spans:
                covered, c, is_name = max(spans)
                if covered < len(toks.keys) and toks.keys[covered] in PATRON_WORDS and toks.glued_left[covered]:
                    continue  # "Turkish-backed": the patron, not the place
                if covered < len(toks.keys) and toks.keys[covered] in word_set("currency_words"):
                    continue  # "the US dollar": a currency says nothing about where a report is
                # Names weigh most; "Russian shelling" often names the foreign side, not the place.
                weight = 2.0 if is_name else 0.5 if covered < len(toks.keys) and toks.keys[covered] in self._armed else 1.0
                counts[c] = counts.get(c, 0) + weight
                first.setdefault(c, toks.starts[i])
        for i, end, _name, kind, c, rule in self._matches(text, None)[1]:
            if set(toks.keys[i:end]) & PATRON_WORDS:
                continue  # "pro-Iran militias", "Turkish-backed factions": the patron, not the place
            if c and not rule.templated and kind not in ("outlet", "external"):  # Wagner in Mali; a monitor's mandate
                counts[c] = counts.get(c, 0) + 1
                first.setdefault(c, toks.starts[i])
            elif rule.templated and rule.default_country and c == rule.default_country:  # "regime forces": Syria
                counts[rule.default_country] = counts.get(rule.default_country, 0) + 1
                first.setdefault(rule.default_country, toks.starts[i])
        if not counts:
            return None
        best = min(counts, key=lambda c: (-counts[c], first[c]))
        return best, counts[best]

    def countries(self) -> list[str]:
        """Canonical country names, alphabetically."""
        return sorted(self._countries)

    def stats(self) -> dict[str, int]:
        """Sizes for docs and logs: distinct actor names, alias phrases, countries."""
        names = {r.name for r in self._rules if not r.templated}
        return {"actors": len(names), "templates": sum(r.templated for r in self._rules),
                "aliases": self._aliases, "countries": len(self._countries)}
