"""Sentence → candidate events: group triggers into events, type them, fill roles and figures.

One sentence may report two events ("an ambush on a convoy and a separate attack on a
checkpoint"): triggers joined only by coordination, each with its own target, become two
candidates; a casualty verb ("killing ten soldiers") or a second weapon word attached to a
stronger trigger enriches that trigger's event instead of making a new one.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitrep.extract.modality import Modality, ModalityRules
from sitrep.extract.numbers import given_as_reason
from sitrep.extract.roles import Role, argument_roles
from sitrep.extract.triggers import PRIORITY, Trigger, TriggerLexicon, decide_type
from sitrep.model import NOT_HAPPENED, Provenance

PRIMARY = {"territory", "clash", "suicide", "chemical", "grenade", "explosive", "air", "shell", "abduct",
           "sexual", "attack", "riot", "protest", "arrest", "disrupted", "loot", "agreement", "base", "transfer",
           "change"}
CROWD = {"protest", "riot"}
WEAPONS = {"suicide", "chemical", "grenade", "explosive", "air", "shell"}
AFTERMATH = {"abduct", "loot", "arrest", "sexual"}
ASSAULT = {"attack", "clash", "territory"}
AIR_CAPABLE = {"bomb", "bombing", "bombard", "bombardment", "missile", "rocket", "strike", "raid", "attack"}
RELATIVE_TAGS = {"WDT", "WP"}
# Prepositions that introduce what a protest or an arrest is about ("protested against the killing of",
# "detained seven men over the attack", "arrested a man who had planted bombs"): the violence named
# there is another, earlier event. "relcl" stands for a relative clause on the arrested.
CAUSE_PREPS = {"protest": {"against", "over", "about", "after", "following", "for"},
               "riot": {"against", "over", "about", "after", "following", "for"},
               "arrest": {"over", "for", "relcl"},
               # "agreed a truce after the worst fighting in decades": the fighting is what it ends
               "agreement": {"after", "following", "amid", "over"}}
STRENGTH = {"territory": 6, "clash": 5, "suicide": 5, "chemical": 5, "grenade": 4, "explosive": 4, "air": 4,
            "shell": 4, "abduct": 4, "sexual": 4, "riot": 3, "protest": 3, "attack": 2, "kill": 1}


@dataclass
class Candidate:
    """One event read from one sentence, before document-level merging."""

    sent: SpacySpan
    trigger: Trigger
    head: Token
    classes: set[str]
    event_type: str
    sub_event_type: str
    type_rule: str
    modality: Modality
    roles: tuple[Role | None, Role | None]
    casualties: list[Any] = field(default_factory=list)
    strength: int = 0

    @property
    def tokens(self) -> list[Token]:
        return list(self.head.subtree)

    @property
    def told(self) -> bool:
        """Does the sentence tell this occurrence rather than name it in passing? Told: the trigger
        is a verb ("protesters rallied"), or a noun phrase the clause is about, as subject, object or
        doer of a verb, or a headline ("staged protests", "protests erupted", "thousands of
        protesters marched"). Named in passing: after a preposition, as a modifier or beside a
        copula ("victims of the riots", "riot-hit areas", "the riot was a national shame"), as
        a statement recalls an event told elsewhere."""
        tok = self.head
        if tok.pos_ == "VERB" or tok.dep_ == "ROOT":
            return True
        while tok.dep_ in ("conj", "appos", "compound") or (tok.dep_ == "pobj" and tok.head.lower_ == "of"):
            tok = tok.head.head if tok.dep_ == "pobj" else tok.head
        if tok.dep_ == "ROOT" or (tok.dep_ == "pobj" and tok.head.dep_ == "agent"):
            return True
        return tok.dep_ in ("nsubj", "nsubjpass", "dobj") and tok.head.pos_ not in ("AUX", "NOUN", "PROPN")


def _dominates(a: Token, b: Token) -> list[str] | None:
    """Dependency labels on the path from ``b`` up to ``a`` when ``a`` governs ``b``, else None."""
    deps, tok = [], b
    while tok.i != a.i:
        if tok.head.i == tok.i:
            return None
        deps.append(tok.dep_)
        tok = tok.head
    return deps


def _own_argument(tok: Token) -> bool:
    a1, a2 = argument_roles(tok)
    return a2 is not None or (a1 is not None and a1.rule.startswith(("active", "passive", "'by'")))


def _target(tok: Token) -> str | None:
    """Lemma of the trigger's target (actor2 role), ignoring the 'fire' of "exchanged fire"."""
    a2 = argument_roles(tok)[1]
    if a2 is None or a2.token.lower_ in ("fire", "shots", "shells", "gunfire"):
        return None
    return a2.token.lemma_.lower()


def _independent(a: Token, b: Token, cls_b: str, cls_a: str) -> bool:
    """Do triggers ``a`` (already an event head) and ``b`` report different events?

    Only triggers each with a target of its own, different from the other's ("ambushed a
    convoy ... and attacked a checkpoint"); an exchange of fire after an attack ("ambushed a
    patrol and then exchanged fire with the soldiers") continues the same event.
    """
    if cls_b in CAUSE_PREPS and cls_a not in CROWD | {"arrest"} and _about(b, a, CAUSE_PREPS[cls_b]):
        return True
    if cls_b == "kill" or cls_b not in PRIMARY or (cls_b == "clash" and cls_a in ("clash", "attack")) or \
            (cls_b in CROWD and cls_a in CROWD | {"clash"}) or \
            ({cls_a, cls_b} & AFTERMATH and {cls_a, cls_b} & ASSAULT) or \
            ("disrupted" in (cls_a, cls_b) and {cls_a, cls_b} & (ASSAULT | WEAPONS | {"kill"})):
        return False  # "attacked the town and abducted two rulers", "repelled the attack and seized
        # their weapons": what the attackers or defenders did there
    ta, tb = _target(a), _target(b)
    if ta is None or tb is None or ta == tb:
        return False
    path = _dominates(a, b) or _dominates(b, a)
    if path is not None:
        return "conj" in path and _own_argument(a) and _own_argument(b)
    return _own_argument(a) and _own_argument(b) and a.pos_ == b.pos_ == "VERB"


FIGURE_ENTS = {"MONEY", "PERCENT", "CARDINAL", "QUANTITY", "ORDINAL", "DATE", "TIME"}
FIGURE_WORDS = {"low", "lowest", "high", "highest", "record", "level", "levels", "bottom", "zero", "minimum"}


def _to_a_figure(to: Token) -> bool:
    """Is what "fell to …" reaches a number, a level or a date rather than an armed side?"""
    obj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if obj is None:
        nxt = to.doc[to.i + 1] if to.i + 1 < len(to.doc) else None
        return nxt is not None and (nxt.like_num or nxt.ent_type_ in FIGURE_ENTS)
    words = list(obj.subtree)
    return any(t.ent_type_ in FIGURE_ENTS or t.like_num or t.lower_ in FIGURE_WORDS for t in words)


def _in_object(verb: Token, tok: Token) -> bool:
    """Is ``tok`` inside what ``verb`` acts on (its direct object or passive subject phrase)?"""
    path = _dominates(verb, tok)
    return tok.i == verb.i or (path is not None and path[-1] in ("dobj", "nsubjpass"))


def _about(event: Token, other: Token, preps: set[str]) -> bool:
    """Is ``other`` what ``event`` is about: inside a relative clause of its participants ("arrested a
    man who had planted bombs") or after a cause preposition ("protested against the shelling"). The
    preposition may hang on the verb that carries an event noun ("held a protest against ...")."""
    anchors = [event]
    if event.dep_ in ("compound", "amod"):
        event = event.head
        anchors.append(event)
    if event.pos_ == "NOUN" and event.dep_ in ("dobj", "nsubj", "nsubjpass"):
        anchors.append(event.head)
    elif event.pos_ == "NOUN" and event.dep_ == "pobj" and event.head.head.pos_ == "VERB":
        anchors.append(event.head.head)  # "agreed to a truce following two weeks of fighting"
    tok = other
    while tok.head.i != tok.i:
        if (tok.dep_ == "relcl" and "relcl" in preps) or (tok.dep_ == "prep" and tok.lower_ in preps):
            return any(_dominates(a, tok) is not None for a in anchors)
        tok = tok.head
    return False


def _next_sentence(sent: SpacySpan) -> list[Token]:
    """Tokens of the following sentence: a protest's dispersal is often told right after it."""
    doc = sent.doc
    if sent.end >= len(doc):
        return []
    return list(doc[sent.end].sent)


def _descriptive(head: Token, group: list[Trigger]) -> bool:
    """A verb in a clause describing people ("militants who fought in its ranks", "groups fighting
    under a brand") characterises them; it reports an event only with an object or a date."""
    if head.pos_ != "VERB" or head.dep_ not in ("acl", "relcl") or len(group) > 1 or \
            group[0].cls in ("protest", "riot", "territory"):
        return False
    if any(c.dep_ == "agent" for c in head.children):
        return False  # "a body was found, killed by gunmen": a doer makes it a deed, not a description
    if group[0].cls == "clash" and any(c.dep_ == "prep" and c.lower_ in ("with", "against") for c in head.children):
        return False  # "forces backed by militias clashed with IS": an opponent makes it an engagement
    return not any(c.dep_ in ("dobj", "npadvmod", "nsubjpass") or c.ent_type_ in ("DATE", "TIME")
                   for c in head.children)


def _shared_roles(roles: tuple[Role | None, Role | None], group: list[Trigger],
                  doc: Any) -> tuple[Role | None, Role | None]:
    """An event head without a doer ("the kidnapping of ten members", "fled the scene of the attack")
    takes the subject of another trigger of the same event ("IS members attacked ... and kidnapped")."""
    if roles[0] is not None and roles[0].token.tag_ not in RELATIVE_TAGS:  # "which resulted in the kidnapping"
        return roles
    weapons = {i for t in group for i in range(t.start, t.end)} | {t.head for t in group}
    for t in group[1:]:
        a1 = argument_roles(doc[t.head])[0]
        # not "a number of devices ... struck a patrol": the weapon is the subject, not the doer
        if a1 is not None and a1.token.tag_ not in RELATIVE_TAGS and not weapons & _noun_phrase(a1.token):
            return Role(a1.token, f"{a1.rule} of '{t.text}' (same event)"), roles[1]
    return roles


def _noun_phrase(tok: Token) -> set[int]:
    """Token indices of a noun's phrase without the clauses that describe it ("members [who shot ...]")."""
    out = {tok.i}
    for c in tok.children:
        if c.dep_ not in ("acl", "relcl", "appos", "punct", "cc", "conj"):
            out |= {t.i for t in c.subtree}
    return out


def _group(triggers: list[Trigger], doc: Any, weak: Any = ()) -> list[list[Trigger]]:
    """Triggers of one sentence grouped into events; each group's first trigger is its head
    (``weak`` words head only when nothing else of their class does: "a body was found, killed by")."""
    order = {c: i for i, c in enumerate(PRIORITY)}
    disrupted = [doc[t.head] for t in triggers if t.cls == "disrupted"]
    if disrupted:  # "defused a car bomb", "found a cache of rockets": what was disrupted is no explosion
        triggers = [t for t in triggers if t.cls == "disrupted" or
                    not any(_in_object(d, doc[t.head]) for d in disrupted)]
    agreements = [doc[t.head] for t in triggers if t.cls == "agreement"]
    if agreements:  # "a truce after two weeks of fighting": the fighting it ends is told as its cause
        triggers = [t for t in triggers if t.cls == "agreement" or
                    not any(_about(a, doc[t.head], CAUSE_PREPS["agreement"]) for a in agreements)]
    groups: list[list[Trigger]] = []
    for trig in sorted(triggers, key=lambda t: (order.get(t.cls, 99), doc[t.head].lower_ in weak, t.start)):
        tok = doc[trig.head]
        owner = None
        for g in groups:
            if not _independent(doc[g[0].head], tok, trig.cls, g[0].cls):
                owner = g
                break
        if owner is None:
            groups.append([trig])
        else:
            owner.append(trig)
    return sorted((_circumstance_first(g, doc) for g in groups), key=lambda g: g[0].start)


def _circumstance_first(group: list[Trigger], doc: Any) -> list[Trigger]:
    """"police seized rifles during a raid", "arrested five men in a raid on a house": a raid or
    operation named as the circumstance of an arrest or a seizure is how it was done, not an
    attack, so the arrest or seizure heads the event."""
    head = doc[group[0].head]
    if group[0].cls != "attack" or head.pos_ != "NOUN":
        return group
    for t in group[1:]:
        path = _dominates(doc[t.head], head) if t.cls in ("disrupted", "arrest") else None
        if path is not None and "prep" in path:
            return [t] + [g for g in group if g is not t]
    return group


class SentenceReader:
    """Finds candidate events in one parsed sentence (triggers, type, modality, roles, casualties)."""

    def __init__(self, lexicon: TriggerLexicon, modality: ModalityRules, find_casualties: Any = None):
        self.lex, self.mod, self.find_casualties = lexicon, modality, find_casualties

    def read(self, sent: SpacySpan, *, is_state: Any) -> list[Candidate]:
        doc = sent.doc
        triggers = [self._refine(t, doc) for t in self.lex.find(sent)]
        triggers = [t for t in triggers if t is not None]
        if not triggers:
            return []
        casualties = self._casualties(sent)
        out = []
        for group in _group(triggers, doc, self.lex.found_nouns):
            cand = self._group_candidate(sent, group, casualties, is_state)
            if cand is not None:
                out.append(cand)
        self._assign_casualties(out, casualties)
        return out

    def propose(self, sent: SpacySpan, cls: str, event_type: str, sub_event_type: str,
                rule: str) -> Candidate | None:
        """The event the learned gate reads in a sentence with no trigger word ("the two factions
        signed a truce on Sunday"): headed by the sentence's main verb, with its roles, modality and
        figures read as for a trigger; None when that verb only describes a habit."""
        head = sent.root
        modality = self.mod.decide(head, sent)
        if modality.value == "generic":
            return None
        trig = Trigger(cls, head.i, head.i + 1, head.i, head.text)
        cand = Candidate(sent, trig, head, {cls}, event_type, sub_event_type, rule, modality,
                         argument_roles(head), strength=STRENGTH.get(cls, 0))
        self._assign_casualties([cand], self._casualties(sent))
        return cand

    def _group_candidate(self, sent: SpacySpan, group: list[Trigger], casualties: list[Any],
                         is_state: Any) -> Candidate | None:
        """The group's event; when its head is no event ("amid increased attacks", "the killing of a
        commander" without a figure), the next trigger outside the head's phrase heads it instead
        ("women marched ... amid increased attacks": the march is still an event)."""
        doc = sent.doc
        while group:
            head = doc[group[0].head]
            if group[0].cls != "kill" or self._casualty_event(head, casualties):
                cand = self._candidate(sent, group, head, is_state)
                if cand is not None and cand.modality.value in NOT_HAPPENED:
                    cand = self._asserted_over(sent, group, head, casualties, is_state) or cand
                if cand is not None:
                    return cand
            group = [t for t in group[1:] if t.cls in PRIMARY and _dominates(head, doc[t.head]) is None]
        return None

    def _asserted_over(self, sent: SpacySpan, group: list[Trigger], head: Token, casualties: list[Any],
                       is_state: Any) -> Candidate | None:
        """"killed QSD fighters as they were attempting to plant landmines": the head (landmines) is
        only attempted, but a trigger whose clause holds it (killed) says what happened."""
        doc = sent.doc
        for t in group[1:]:
            tok = doc[t.head]
            if _dominates(tok, head) is None or self.mod.decide(tok, sent).value in NOT_HAPPENED:
                continue
            if t.cls != "kill" or self._casualty_event(tok, casualties):
                return self._candidate(sent, [t], tok, is_state, leave_out={w.i for w in head.subtree})
        return None

    def _refine(self, trig: Trigger, doc: Any) -> Trigger | None:
        """Re-class a 'capture' of people or weapons (not territory) as an arrest or looting; drop a
        fall to a figure ("the dollar fell to its lowest", "turnout fell to 40 percent")."""
        if trig.cls != "territory":
            return trig
        if trig.end - trig.start == 2 and doc[trig.end - 1].lower_ == "to" and _to_a_figure(doc[trig.end - 1]):
            return None
        obj = next((c for c in doc[trig.head].children if c.dep_ in ("dobj", "nsubjpass")), None)
        if obj is not None and self.lex.has("captured_not_taken", [obj]):
            return None  # "a drone captured footage", "captured the title", "seized the initiative"
        if obj is not None and (self.lex.has("non_territory_objects", [obj]) or obj.ent_type_ == "NORP"
                                or obj.lower_.endswith("-year-old")):
            return Trigger("arrest", trig.start, trig.end, trig.head, trig.text)
        return trig

    def _casualty_event(self, head: Token, casualties: list[Any]) -> bool:
        """A bare 'killed'/'wounded' makes an event only with a figure or a stated victim."""
        if any(c.dep_ == "neg" or c.lower_ in ("no", "without") for c in head.children) or given_as_reason(head):
            return False
        return bool(casualties) or head.pos_ == "VERB"

    def _candidate(self, sent: SpacySpan, group: list[Trigger], head: Token, is_state: Any,
                   leave_out: set[int] | None = None) -> Candidate | None:
        trig = group[0]
        if _descriptive(head, group):
            return None
        modality = self.mod.decide(head, sent)
        if modality.value == "generic":
            return None
        roles = _shared_roles(argument_roles(head), group, sent.doc)
        scope_toks = list(head.subtree) + ([head.head] if head.dep_ in ("dobj", "pobj", "nsubj") else [])
        scope_toks = [w for w in scope_toks if w.i not in (leave_out or ())]  # words of what was only attempted
        classes = {t.cls for t in group} | self.lex.classes_in(scope_toks)
        if "air" in classes and trig.cls in ("explosive", "shell", "attack") and head.lemma_.lower() in AIR_CAPABLE:
            cls = "air"
        elif trig.cls in ("shell", "explosive") and self._fired_from_the_air(head):
            cls = "air"  # "a drone fired two missiles", "warplanes dropped bombs": an air/drone strike
        elif trig.cls == "explosive" and head.lemma_.lower() == "bomb" and head.pos_ == "VERB":
            cls = "air"  # "forces bombed the village": bombing from the air unless a device is named
        else:
            cls = trig.cls
        ev_type, sub, rule = decide_type(cls, classes, **self._features(sent, group, head, roles, cls, classes,
                                                                       is_state))
        return Candidate(sent, trig, head, classes, ev_type, sub, rule, modality, roles,
                         strength=STRENGTH.get(cls, 0) + (1 if "clash" in classes else 0))

    def _fired_from_the_air(self, head: Token) -> bool:
        """The doer of the firing is an aircraft or a drone (its subject, or "by" agent)."""
        doers = [c for c in head.children if c.dep_ in ("nsubj", "agent")]
        if head.dep_ in ("dobj", "nsubjpass") and head.head.pos_ == "VERB":  # "missiles" under "fired"
            doers += [c for c in head.head.children if c.dep_ in ("nsubj", "agent")]
        words = {t.lemma_.lower() for d in doers for t in d.subtree} | {t.lower_ for d in doers for t in d.subtree}
        return bool(words & self.lex.cues["air"] - {"air", "aerial"})

    def _features(self, sent: SpacySpan, group: list[Trigger], head: Token, roles: tuple[Role | None, Role | None],
                  cls: str, classes: set[str], is_state: Any) -> dict[str, Any]:
        """What ACLED's precedence rules need to know about the event's sides and surroundings."""
        doc = sent.doc
        targets = list(roles[1].token.subtree) if roles[1] else []
        for t in group[1:]:  # "shot and killed a civilian": the victim is the second verb's object
            extra = argument_roles(doc[t.head])[1]
            if extra is not None and t.cls in ("kill", "attack", "abduct", "sexual"):
                targets += list(extra.token.subtree)
        attackers = list(roles[0].token.subtree) if roles[0] else []
        window = list(sent) + _next_sentence(sent)
        has = self.lex.has
        intervention = self._intervention(window)
        crowd = has("crowd_words", targets + attackers)
        unarmed_attackers = bool(attackers) and roles[0].rule == "active subject" and cls in ("attack", "clash") \
            and not has("armed_words", attackers) and (has("mob_parties", attackers) or has("civilian_words", attackers))
        return dict(
            victims_civilian=has("civilian_words", targets) or has("civilian_targets", targets),
            target_armed=has("armed_words", targets),
            actor1_state=is_state(roles[0]) if roles[0] else None,
            peaceful=has("peaceful_transfer_cues", list(sent)), people_object=False,
            intervention=intervention,
            force=(cls == "protest" or crowd) and self._force(window, classes, intervention),
            rioting=has("riot_cues", window),
            mob=has("mob_cues", window) or unarmed_attackers or (
                cls in ("attack", "clash") and has("mob_parties", targets + attackers)
                and not has("armed_words", targets + attackers)),
            crowd=crowd,
            bare_strike=head.lemma_.lower() == "strike" and head.pos_ == "NOUN",
            exchange=head.lemma_.lower() != "ambush" or any(t.cls == "clash" for t in group[1:]))

    def _force(self, window: list[Token], classes: set[str], intervention: bool) -> bool:
        """Force against a crowd as ACLED means it: lethal means with someone killed or hurt, an
        intervention that hurts people, or brutality the writer names (triggers.yaml force_cues)."""
        has = self.lex.has
        harmed = "kill" in classes or has("harm_words", window)
        return (harmed and (intervention or has("force_cues", window))) or has("brutality_words", window)

    def _intervention(self, window: list[Token]) -> bool:
        """Security forces acting on the crowd: a dispersal or arrest of people, or crowd-control means."""
        if self.lex.has("intervention_means", window):
            return True
        for tok in window:
            if tok.pos_ == "VERB" and tok.lemma_.lower() in self.lex.lists["intervention_verbs"]:
                objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
                if tok.lemma_.lower() == "disperse" or any(
                        o.lower_ in ("them", "they") or self.lex.has("crowd_words", list(o.subtree)) or
                        self.lex.has("protest_nouns", [o]) or
                        self.lex.has("civilian_words", list(o.subtree)) for o in objs):
                    return True
        return False

    def casualties_of(self, sent: SpacySpan) -> list[Any]:
        """Casualty figures of a sentence that reports no event of its own ("5 fatalities.")."""
        return self._casualties(sent)

    def _casualties(self, sent: SpacySpan) -> list[Any]:
        if self.find_casualties is None:
            return []
        try:
            return list(self.find_casualties(sent))
        except Exception:  # a numbers bug must not lose the event; the figure is left empty
            return []

    def _assign_casualties(self, cands: list[Candidate], casualties: list[Any]) -> None:
        """Each casualty figure goes to the event whose trigger governs it, else the nearest one."""
        if not cands:
            return
        doc = cands[0].sent.doc
        for cas in casualties:
            span = doc.char_span(cas.start, cas.end, alignment_mode="expand")
            tok = span.root if span is not None else None
            best = None
            if tok is not None:
                best = next((c for c in cands if _dominates(c.head, tok) is not None), None)
            if best is None:
                best = min(cands, key=lambda c: abs(c.head.idx - cas.start))
            best.casualties.append(cas)


def type_provenance(c: Candidate) -> list[Provenance]:
    """Provenance of the type fields: the trigger words and the precedence rule applied."""
    t = c.sent.doc[c.trigger.start:c.trigger.end]
    return [Provenance("event_type", c.event_type, f"trigger '{c.trigger.cls}': {c.type_rule}",
                       t.start_char, t.end_char, t.text),
            Provenance("sub_event_type", c.sub_event_type, f"classes {sorted(c.classes)}: {c.type_rule}",
                       t.start_char, t.end_char, t.text)]
