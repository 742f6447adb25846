"""ACLED coding conventions applied after the parse has named the sides of an event.

The parse says who did what to whom in one sentence; these rules say how an analyst codes it:
- demonstrations are coded with the crowd as actor1 ("Protesters (X)", "Rioters (X)") whatever
  people make up the crowd (teachers, residents, journalists); police or troops named as the
  subject of a protest sentence are the ones who met the crowd, so they move to actor2;
- civilians are only ever victims (actor2): unarmed people found in the attacker's slot are the
  victims, and the attacker is left for the other rules to find;
- a tribe, clan or community that fights is an identity militia, named after it as ACLED does
  ("the Baggara tribe" -> "Baggara Tribal Militia"; unnamed: "Unidentified Tribal Militia");
- a name that changed with history is written as it was on the event's date (the Taliban are
  "Taliban" before their August 2021 takeover, "Military Forces of Afghanistan" after), from the
  ``renamed`` field of the actor dictionary.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Iterable

from spacy.tokens import Token

from sitrep.extract.actor_data import read_yaml
from sitrep.model import EventMention, Provenance

UNIDENTIFIED = "Unidentified Armed Group"
CROWD_ACTORS = {"Protests": "Protesters", "Riots": "Rioters"}
Named = tuple[str | None, Provenance | None]


def with_country(base: str, country: str | None) -> str:
    return f"{base} ({country})" if country else base


def is_civilians(name: str | None) -> bool:
    return bool(name) and name.split(" (")[0] == "Civilians"


def crowd_sides(event_type: str, a1: Named, a2: Named, country: str | None) -> tuple[Named, Named]:
    """Protests and riots: the crowd is actor1; state forces named as the subject go to actor2."""
    base = CROWD_ACTORS.get(event_type)
    if base is None or (a1[0] or "").startswith(base):
        return a1, a2
    name = with_country(base, country)
    rule = f"{event_type.lower()}: the crowd itself" if a1[0] is None else \
        f"{event_type.lower()}: the crowd ({a1[1].text if a1[1] else a1[0]}) coded as {base}"
    p1 = a1[1]
    crowd = (name, Provenance("actor", name, rule, p1.start if p1 else None, p1.end if p1 else None,
                              p1.text if p1 else None))
    if a1[0] and a1[0].startswith(("Military Forces", "Police Forces")) and a2[0] is None:
        return crowd, a1
    return crowd, a2


def civilians_are_victims(a1: Named, a2: Named) -> tuple[Named, Named]:
    """Unarmed people in the attacker's slot are the victims (ACLED never codes civilians as actor1)."""
    if not is_civilians(a1[0]):
        return a1, a2
    if a2[0] is None:
        return (None, None), a1
    return (None, None), a2


def dated_name(name: str | None, date: Any, renamed: Callable[[str, str], str | None] | None) -> str | None:
    """The name an actor had on the event's date (``renamed`` looks it up in the dictionary)."""
    if not name or not date or renamed is None:
        return name
    return renamed(name, str(date)[:10]) or name


def rename_by_date(m: EventMention, renamed: Callable[[str, str], str | None] | None) -> None:
    """Apply ``dated_name`` to both sides of a mention, noting the rule in its provenance."""
    for fld in ("actor1", "actor2"):
        old = getattr(m, fld)
        new = dated_name(old, m.event_date, renamed)
        if new != old:
            setattr(m, fld, new)
            for i, p in enumerate(m.provenance):
                if p.field == fld:
                    m.provenance[i] = Provenance(fld, new, f"{p.rule}; named as on {m.event_date}", p.start, p.end,
                                                 p.text)


@lru_cache(maxsize=1)
def _identity_words() -> tuple[dict[str, str], frozenset[str]]:
    """Marker word -> militia kind, and heads that never make a militia (sitrep/data/actors.yaml)."""
    data = read_yaml(resources.files("sitrep.data") / "actors.yaml", "sitrep/data/actors.yaml")
    section = data.get("identity_militias") or {}
    words = {w.lower(): kind for kind, ws in (section.get("kinds") or {}).items() for w in ws}
    return words, frozenset(w.lower() for w in section.get("not_fighters") or [])


def _identity_name(tok: Token) -> str | None:
    """Capitalised words just before the marker: "the Baggara tribe", "As-Sweida communal militia"."""
    doc, j = tok.doc, tok.i - 1
    while j >= tok.sent.start and (doc[j].pos_ == "PROPN" or doc[j].text in ("-", "'", "\u2019")
                                   or (doc[j].text[:1].isupper() and doc[j].pos_ not in ("DET", "ADP", "PRON"))):
        if doc[j].ent_type_ == "NORP" and doc[j].pos_ == "ADJ":  # "Arab tribes": a people, not a tribe's name
            break
        j -= 1
    name = doc[j + 1:tok.i].text.strip(" -'\u2019")
    return name or None


def identity_militia(tokens: Iterable[Token], country: str | None) -> tuple[str, Token] | None:
    """The identity militia a phrase names, and its marker word, or None."""
    words, not_fighters = _identity_words()
    for tok in tokens:
        kind = words.get(tok.lower_)
        if kind is None:
            continue
        head = tok.head if tok.dep_ in ("amod", "compound") else tok
        if head.lower_ in not_fighters:
            continue
        name = _identity_name(tok)
        return with_country(f"{name} {kind}" if name else f"Unidentified {kind}", country), tok
    return None
