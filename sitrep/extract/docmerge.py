"""Within one article, fold repeats of an event (headline, lead, body) into one mention.

Two drafts are the same event when they agree on whether it happened, their dates can be the
same day (a sentence without its own date words agrees with any), they share an actor (or one
names none, or it refers back: "the attack"), and their place words overlap (or one has none).
The merged mention keeps the strongest type evidence (a territory change or an exchange of fire
over a weapon word, a weapon over a bare "attack"), the first explicit date, the highest
death toll, and every evidence sentence. The resolve stage also merges across documents.
"""
from __future__ import annotations

from sitrep.extract.build import UNIDENTIFIED, Draft
from sitrep.model import NOT_HAPPENED, EventMention, Provenance

TYPE_FIELDS = ("event_type", "sub_event_type")


def _actors(m: EventMention) -> set[str]:
    return {a for a in (m.actor1, m.actor2) if a and not a.startswith(UNIDENTIFIED)}


def same_event(a: Draft, b: Draft) -> bool:
    ma, mb = a.mention, b.mention
    if (ma.modality in NOT_HAPPENED) != (mb.modality in NOT_HAPPENED):
        return False
    if a.sentences & b.sentences:
        return False  # split on purpose within one sentence
    if mb.new_occurrence:
        return False  # "Meanwhile, militants raided a village …": the writer marks a new occurrence
    if a.explicit_date and b.explicit_date and not _dates_overlap(ma, mb):
        return False
    if ma.background != mb.background or ("year" in (ma.date_precision, mb.date_precision)
                                          and ma.date_precision != mb.date_precision):
        return False
    aa, ab = _actors(ma), _actors(mb)
    if _follow_up(a, b) and ma.event_type == mb.event_type and mb.fatalities is None and mb.injuries is None:
        return True  # "mortar rounds fell on trenches near the X camp": the attack just told, in detail
    if a.hint_keys and b.hint_keys and not a.hint_keys & b.hint_keys and not b.anaphoric \
            and not (len(aa) == 2 and aa == ab):
        return False  # different places, and not the same two sides: two events
    shared = bool(aa & ab) or bool(a.hint_keys & b.hint_keys) or b.anaphoric
    if shared:
        return not (ma.event_type != mb.event_type and min(a.strength, b.strength) >= 4 and not aa & ab
                    and not b.anaphoric)
    if _follow_up(a, b):
        return True
    if a.explicit_date and b.explicit_date:
        return False  # two dated reports with nothing in common are two events
    if aa and ab:
        return False
    specific = min(a.strength, b.strength) >= 4
    return not (a.hint_keys and b.hint_keys and specific)


def _follow_up(a: Draft, b: Draft) -> bool:
    """"During the day, six soldiers were wounded": an undated report of victims with no named
    attacker, right after an attack whose attacker is not among those victims, tells its toll."""
    ma, mb = a.mention, b.mention
    undated = any(p.field == "event_date" and str(p.rule).startswith("no date words") for p in mb.provenance)
    return (undated and (mb.actor1 or UNIDENTIFIED).startswith(UNIDENTIFIED) and mb.actor2 is not None
            and bool(ma.actor1) and ma.actor1 != mb.actor2 and not ma.actor1.startswith(UNIDENTIFIED)
            and (mb.modality in NOT_HAPPENED) == (ma.modality in NOT_HAPPENED))


def _dates_overlap(a: EventMention, b: EventMention) -> bool:
    if a.date_precision == "day" and b.date_precision == "day":
        return a.event_date == b.event_date
    wide = a if a.date_precision != "day" else b
    other = b if wide is a else a
    n = {"week": 10, "month": 7, "year": 4}.get(wide.date_precision, 10)
    return str(other.event_date)[:n] == str(wide.event_date)[:n] or wide.date_precision == "week"


def _take(into: EventMention, src: EventMention, fields: tuple[str, ...]) -> None:
    for f in fields:
        setattr(into, f, getattr(src, f))
    into.provenance = [p for p in into.provenance if p.field not in fields] + \
        [p for p in src.provenance if p.field in fields]


def absorb(a: Draft, b: Draft) -> None:
    """Fold draft ``b`` into ``a`` (``a`` came first in the article)."""
    ma, mb = a.mention, b.mention
    stronger = b.strength > a.strength and (b.explicit_date or not a.explicit_date or b.anaphoric or a.strength <= 2)
    if stronger:  # the more specific report of the event also locates it better: its places first
        _take(ma, mb, TYPE_FIELDS)
        ma.trigger = mb.trigger
        a.strength = b.strength
    if stronger or (b.explicit_date and not a.explicit_date):  # ...and so does the dated report of an undated headline
        ma.place_hints = mb.place_hints + [h for h in ma.place_hints if h not in mb.place_hints]
    for f in ("actor1", "actor2"):
        mine, theirs = getattr(ma, f), getattr(mb, f)
        if (mine is None or mine.startswith(UNIDENTIFIED)) and theirs and not theirs.startswith(UNIDENTIFIED) \
                and theirs not in _actors(ma):
            _take(ma, mb, (f,))
    if (mb.fatalities or 0) > (ma.fatalities or 0) or (ma.fatalities is None and mb.fatalities is not None):
        _take(ma, mb, ("fatalities", "fatalities_low", "fatalities_high"))
    if (mb.injuries or 0) > (ma.injuries or 0):
        _take(ma, mb, ("injuries",))
    if b.explicit_date and not a.explicit_date:
        _take(ma, mb, ("event_date", "date_precision", "background"))
        a.explicit_date = True
    if ma.modality == "asserted" and mb.modality == "claimed":
        _take(ma, mb, ("modality", "attributed_to"))
    for s in mb.sources:
        if s not in ma.sources:
            ma.sources.append(s)
            ma.provenance += [p for p in mb.provenance if p.field == "sources" and p.value == s]
    ma.evidence = sorted(ma.evidence + [e for e in mb.evidence if e not in ma.evidence], key=lambda s: s.start)
    ma.place_hints += [h for h in mb.place_hints if h not in ma.place_hints]
    a.hint_keys |= b.hint_keys
    a.sentences |= b.sentences


def fill_from_antecedent(draft: Draft, previous: list[Draft]) -> None:
    """"The shelling hit a home": a definite event noun takes the sides of the last such event told.

    Only when the parse found no attacker of its own, and only from an earlier event of the same
    type in the same article (the usual way news refers back to what it has just reported).
    """
    m = draft.mention
    if not draft.anaphoric or (m.actor1 and not m.actor1.startswith(UNIDENTIFIED)):
        return
    prev = next((p.mention for p in reversed(previous) if p.mention.event_type == m.event_type
                 and p.mention.actor1 and not p.mention.actor1.startswith(UNIDENTIFIED)), None)
    if prev is None:
        return
    rule = f"antecedent: '{m.trigger}' refers back to the earlier {prev.trigger!r}"
    m.actor1 = prev.actor1
    m.provenance = [p for p in m.provenance if p.field != "actor1"] + [Provenance("actor1", prev.actor1, rule)]
    if m.actor2 is None and prev.actor2:
        m.actor2 = prev.actor2
        m.provenance.append(Provenance("actor2", prev.actor2, rule))


def merge_drafts(drafts: list[Draft]) -> list[EventMention]:
    """Drafts in article order → one mention per distinct event, indexed from 0."""
    kept: list[Draft] = []
    for d in drafts:
        target = next((k for k in kept if same_event(k, d)), None)
        if target is None:
            kept.append(d)
        else:
            absorb(target, d)
    for i, d in enumerate(kept):
        d.mention.index = i
    return [d.mention for d in kept]
