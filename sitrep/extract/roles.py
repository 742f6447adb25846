"""Who did what to whom, read from the dependency parse of the trigger's clause (not word order).

``argument_spans(trigger)`` returns the token subtrees that fill the attacker (actor1) and
target (actor2) roles, each with the rule that found it:
- active verb: ``nsubj`` → actor1; ``dobj`` / "on|against|at|targeting" objects → actor2;
- passive verb: ``agent`` ("by ...") → actor1; ``nsubjpass`` → actor2;
- event noun: possessor / modifiers ("ISIS attack", "Russian airstrikes") and "by|from ..." →
  actor1; "on|against|targeting ..." and "of ..." → actor2;
- "clashes between A and B" / "A clashed with B": A → actor1, B → actor2;
- a noun that is the object of a light verb ("ISIS launched an attack", "claimed responsibility
  for the attack") takes that verb's subject; a verb with no subject of its own (participles,
  "..., killing ten soldiers") takes its governing verb's subject;
- "X repelled an attack by Y" / "X repelled Y": Y attacked (actor1), X defended (actor2); "backed by Z"
  names a supporter, never the attacker; "a Taliban-planted bomb" names who laid it.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

TARGET_PREPS = {"on", "against", "at", "targeting", "upon", "into", "toward", "towards"}
AGENT_PREPS = {"by", "from"}
OBJECT_OF_PREPS = {"of"}
LIGHT_VERBS = {"launch", "carry", "conduct", "stage", "mount", "wage", "perpetrate", "commit", "claim", "fire",
               "execute", "initiate", "lead", "unleash", "begin", "start", "continue", "resume", "intensify",
               "undertake", "make", "take", "deliver", "detonate", "plant", "use", "deploy", "drop", "hurl",
               "throw", "order", "target", "responsibility", "step"}
RESULT_VERBS = {"kill", "wound", "injure", "leave", "claim", "hit", "target", "destroy", "damage", "result", "lead",
                "strike", "struck", "ambush", "attack", "rock", "tear", "slam", "pound", "wreck",
                "cause", "break", "erupt", "occur", "happen", "rage", "continue", "flare", "ensue"}
VICTIM_VERBS = {"kill", "wound", "injure", "abduct", "kidnap", "behead", "execute", "assassinate", "murder",
                "arrest", "detain", "slay"}
SUPPORT_VERBS = {"back", "support", "assist", "aid", "help", "accompany", "reinforce", "cover", "escort", "arm", "fund",
                 "sponsor", "ally", "align", "join"}
MAKER_VERBS = {"plant", "lay", "make", "place", "rig", "build", "set", "lead", "launch", "fire", "trigger", "detonate"}
REPEL_VERBS = {"repel", "repulse", "repell"}     # "X repelled Y's attack": Y attacked, X defended
REPEL_PARTICLES = {"fight": "off", "fend": "off", "beat": "back"}
ATTACK_NOUNS = {"attack", "attacks", "assault", "offensive", "advance", "advances", "infiltration", "attempt",
                "incursion", "raid", "push", "onslaught", "counterattack", "counteroffensive"}
CUE_VERBS = {"believe", "suspect", "think", "say", "report", "identify", "describe", "know", "claim", "allege"}
NOT_PARTIES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"}
MODIFIER_DEPS = {"poss", "compound", "amod", "nmod", "npadvmod"}


@dataclass
class Role:
    """A role filler: the token whose subtree names the actor, and the rule that picked it."""

    token: Token
    rule: str
    start: int | None = None   # first token of the phrase when it is not the token's left edge


def _subject(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in ("nsubj", "csubj"):
            return c
    return None


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _pobj(prep: Token) -> Token | None:
    """The object of a preposition, unless it is a date or a figure ("on Monday", "at 5")."""
    objs = [o for o in _children(prep, "pobj", "pcomp") if o.ent_type_ not in NOT_PARTIES]
    return objs[0] if objs else None


PLACE_ENTS = {"GPE", "LOC", "FAC"}
FIRE_OBJECTS = {"fire", "shots", "gunfire", "bullets", "volleys"}  # what is fired, not at whom


def _between(tok: Token) -> tuple[Token, Token] | None:
    """'between A and B' attached to ``tok`` → (A, B)."""
    for prep in _children(tok, "prep"):
        if prep.lower_ == "between":
            a = _pobj(prep)
            if a is not None and a.ent_type_ in PLACE_ENTS:
                continue  # "took Garma, between Fallujah and Baghdad": where, not who
            if a is not None:
                b = next((c for c in a.children if c.dep_ == "conj"), None)
                if b is None:  # "between the army backed by militias on one hand and ISIS on the other"
                    b = next((t for t in reversed(list(prep.subtree)) if t.dep_ == "conj" and
                              t.pos_ in ("NOUN", "PROPN")), None)
                if b is None:  # "between the army, supported by militias, and IS": "and IS" hung on the verb
                    b = next((t for t in tok.children if t.dep_ == "conj" and t.i > prep.i and
                              t.pos_ in ("NOUN", "PROPN")), None)
                if b is not None:
                    return a, _later_side(tok, b)
    return None


def _later_side(tok: Token, b: Token) -> Token:
    """"between Turkish forces and allied factions, operating under X, and QSD": the parser hangs
    "and QSD" on the participle; that later noun is the other side, and "allied factions" joins A."""
    participles = [c for c in tok.subtree if c.tag_ in ("VBG", "VBN") and c.dep_ in ("advcl", "acl") and c.i > b.i]
    late = next((t for t in tok.subtree if t.dep_ == "conj" and t.pos_ in ("NOUN", "PROPN") and t.i > b.i
                 and any(p.i < t.i and (t.head.i == p.i or t.head.i == tok.i) for p in participles)), None)
    return late if late is not None else b


def _acronym_subject(verb: Token) -> Token | None:
    """An upper-case acronym the tagger took for an auxiliary ("IS attacked a convoy")."""
    return next((c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i
                 and c.text.isupper() and len(c.text) >= 2), None)


def _inherited_subject(verb: Token) -> Role | None:
    """A participle or infinitive without its own subject takes its governor's ("..., killing ten")."""
    tok = verb
    for _ in range(3):
        if tok.dep_ not in ("xcomp", "advcl", "conj", "acl", "pcomp") or tok.head.i == tok.i:
            return None
        if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):  # "members on motorbikes shot ..."
            if tok.tag_ == "VBN" and tok.lemma_.lower() in VICTIM_VERBS and not _children(tok, "dobj"):
                return None  # "Two soldiers killed in Houthi shelling": the noun is who was killed
            return Role(tok.head, f"noun modified by '{tok.text}'")
        tok = tok.head
        if tok.pos_ in ("AUX", "VERB") and tok.text.isupper() and len(tok.text) >= 2 and tok.i < verb.i:
            # "IS militants shot and killed ...": the acronym was read as the main verb "is"
            right = [c for c in tok.children if c.i > tok.i and c.dep_ not in ("cc", "conj", "punct")]
            if right:
                return Role(min(right, key=lambda c: c.i), f"words after '{tok.text}' read as a verb")
        if tok.dep_ == "ROOT" and tok.pos_ == "NOUN":  # "a Taliban sniper shot and killed": 'shot' read as a noun
            mods = [c for c in tok.children if c.dep_ == "compound" and c.i < tok.i]
            if mods:
                return Role(min(mods, key=lambda c: c.left_edge.i), f"noun before '{tok.text}' read as a noun")
        subj = _subject(tok) or _acronym_subject(tok)
        if subj is not None:
            return Role(subj, f"subject of governing '{tok.text}'")
        agent = next((_pobj(a) for a in _children(tok, "agent")), None)
        if agent is not None:
            return Role(agent, f"agent of governing '{tok.text}'")
    return None


def _compound_subject(verb: Token) -> Role | None:
    """Nouns the parser hung on a subjectless verb as modifiers ("an opposition sniper shot ...")."""
    mods = [c for c in verb.children if c.dep_ == "compound" and c.i < verb.i and c.pos_ in ("NOUN", "PROPN")]
    if not mods:
        return None
    first = min(c.left_edge.i for c in mods)
    return Role(max(mods, key=lambda c: c.i), f"nouns before '{verb.text}' read as its modifiers", first)


def _clause_subject(verb: Token) -> Role | None:
    """A subject the parser gave to a clause before the verb ("Gunmen, believed to be ..., attacked")."""
    for c in verb.children:
        if c.dep_ == "advcl" and c.i < verb.i and c.lemma_.lower() in CUE_VERBS:
            subj = _subject(c)
            if subj is not None and subj.i < c.i:
                return Role(subj, f"subject of '{c.text}' before the verb")
    return None


def verb_roles(verb: Token) -> tuple[Role | None, Role | None]:
    """Roles of a verbal trigger ("ISIS attacked the post", "soldiers were killed by gunmen")."""
    a1 = a2 = None
    pair = _between(verb)
    if pair:
        return Role(pair[0], "between A and B"), Role(pair[1], "between A and B")
    deps = {c.dep_ for c in verb.children}
    acronym = _acronym_subject(verb)  # "IS assassinated a commander": "IS" read as the passive "is"
    # "soldiers were killed" is passive even when the parser labels the subject nsubj
    other_aux = any(c.dep_ == "auxpass" and (acronym is None or c.i != acronym.i) for c in verb.children)
    passive = (("nsubjpass" in deps and (acronym is None or other_aux)) or
               ("auxpass" in deps and acronym is None and ("nsubj" not in deps or verb.tag_ == "VBN")))
    if passive:
        subj = next(iter(_children(verb, "nsubjpass", "nsubj")), None)
        a2 = Role(subj, "passive subject") if subj is not None else None
        for agent in _children(verb, "agent"):
            if _pobj(agent) is not None:
                a1 = Role(_pobj(agent), "passive agent 'by'")
        if a1 is None:  # "were shot and killed by gunmen", "was killed after being shot by a sniper"
            near = [c for c in verb.children if c.dep_ == "conj" and c.tag_ == "VBN"] + \
                ([verb.head] if verb.dep_ == "conj" and verb.head.tag_ == "VBN" else []) + \
                [p for prep in _children(verb, "prep") if prep.lower_ in ("after", "when", "while")
                 for p in _children(prep, "pcomp") if p.tag_ == "VBN"]
            agent = next((_pobj(a) for v in near for a in _children(v, "agent") if _pobj(a) is not None), None)
            if agent is not None:
                a1 = Role(agent, "agent 'by' of the coordinated verb")
    else:
        subj = _subject(verb) or next(iter(_children(verb, "nsubjpass")), None) or acronym  # "Members of IS shot"
        agents = _children(verb, "agent") + ([p for p in _children(verb, "prep") if p.lower_ == "by"]
                                             if verb.tag_ == "VBG" else [])  # "Shelling by the RSF killed ..."
        agent = next((_pobj(a) for a in agents if _pobj(a) is not None), None)
        if subj is not None:
            a1 = Role(subj, "active subject")
        elif agent is not None:  # "shelling by army forces hit ...": 'by' names the doer without a passive
            a1 = Role(agent, "agent 'by'")
        else:
            a1 = _inherited_subject(verb) or _compound_subject(verb) or _clause_subject(verb)
        obj = next(iter(_children(verb, "dobj")), None)
        a2 = Role(obj, "direct object") if obj is not None else None
        if obj is None and subj is not None and subj.dep_ not in ("aux", "auxpass") and verb.tag_ in ("VBD", "VBN") \
                and verb.lemma_.lower() in VICTIM_VERBS and not _children(verb, "prep", "agent", "ccomp", "xcomp"):
            # headline style "Three soldiers killed": a transitive verb without object is a passive
            return None, Role(subj, "subject of a headline passive")
    preps = _children(verb, "prep")
    if a2 is not None and a2.token.lower_ in FIRE_OBJECTS:  # "opened fire on farmers": the farmers are the target
        preps = preps + _children(a2.token, "prep")
        a2 = None
    for prep in preps:
        obj = _pobj(prep)
        if obj is None:
            continue
        if a2 is None and prep.lower_ in TARGET_PREPS | {"with"}:
            a2 = Role(obj, f"object of '{prep.lower_}'")
    return _repelled(verb, a1, a2)


def _is_repel(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    return lemma in REPEL_VERBS or any(c.dep_ == "prt" and c.lower_ == REPEL_PARTICLES.get(lemma)
                                       for c in verb.children)


def _repelled(verb: Token, a1: Role | None, a2: Role | None) -> tuple[Role | None, Role | None]:
    """"Rebels repelled an attack by regime forces": the side that attacked is actor1, the defender actor2.
    Only when the attacker is named; "the army repelled an attack" keeps the army as the one party."""
    if a1 is None or a2 is None or a2.rule != "direct object" or not _is_repel(verb):
        return a1, a2
    obj = a2.token
    attacker: Token | None = obj
    if obj.lower_ in ATTACK_NOUNS:
        attacker = next((_pobj(p) for p in _children(obj, "prep") if p.lower_ == "by" and _pobj(p) is not None), None)
        if attacker is None:
            attacker = next((c for c in obj.children if c.i < obj.i and c.dep_ in MODIFIER_DEPS and c.pos_ != "PRON"
                             and c.tag_ not in ("PRP$", "DT", "WP$") and (c.dep_ != "amod" or c.text[:1].isupper())),
                            None)
    if attacker is None:
        return a1, a2
    return Role(attacker, f"attacker repelled by the subject of '{verb.text}'"), \
        Role(a1.token, f"subject of '{verb.text}' (repelled the attack)", a1.start)


def noun_roles(noun: Token) -> tuple[Role | None, Role | None]:
    """Roles of a nominal trigger ("an attack by ISIS on a checkpoint", "Russian airstrikes")."""
    pair = _between(noun)
    tok = noun
    for _ in range(3):  # "clashes took place between", "exchange of targeting occurred between"
        if pair or tok.head.i == tok.i or tok.dep_ not in ("nsubj", "dobj", "pobj", "pcomp", "prep", "nsubjpass"):
            break
        tok = tok.head
        pair = _between(tok)
    if pair:
        return Role(pair[0], "between A and B"), Role(pair[1], "between A and B")
    a1 = a2 = None
    for prep in _children(noun, "prep"):
        obj = _pobj(prep)
        if obj is None:
            continue
        if a1 is None and prep.lower_ in AGENT_PREPS:
            a1 = Role(obj, f"'{prep.lower_}' object of the event noun")
        elif a2 is None and prep.lower_ in TARGET_PREPS | OBJECT_OF_PREPS | {"with"}:
            a2 = Role(obj, f"'{prep.lower_}' object of the event noun")
            by = next((_pobj(p) for p in _children(obj, "prep") if p.lower_ == "by" and _pobj(p) is not None), None)
            if a1 is None and by is not None and prep.lower_ in TARGET_PREPS:
                # "an attack on a base by Taliban militants": the parser hung "by ..." on the target
                a1 = Role(by, "'by' object after the event noun's target")
    for acl in _children(noun, "acl", "relcl"):  # "attacks targeting the army", "attack that killed ..."
        obj = next(iter(_children(acl, "dobj")), None)
        if a2 is None and obj is not None and obj.lower_ not in ("which", "that"):
            a2 = Role(obj, f"object of '{acl.text}'")
        if a1 is None and acl.lemma_.lower() not in SUPPORT_VERBS:  # "clashes between the army backed by X"
            agent = next((_pobj(a) for a in _children(acl, "agent")), None)
            if agent is not None:
                a1 = Role(agent, f"agent of '{acl.text}'")
    if a1 is None:
        a1 = _maker(noun)
    mods = [c for c in noun.children if c.dep_ in MODIFIER_DEPS and c.i < noun.i
            and (c.dep_ in ("poss", "compound") or c.text[:1].isupper())] if a1 is None else []  # not "heavy"
    named = [c for c in mods if c.text[:1].isupper()]
    if named:  # "an ISIS attack", "Russian airstrikes": a name beats the governing verb's subject
        a1 = Role(named[0], "modifier of the event noun")
    a1, a2 = _governor_roles(noun, a1, a2)
    if a1 is None and mods:  # "regime shelling"; after the verb's subject ("Al Shabaab threw a hand grenade")
        a1 = Role(mods[0], "modifier of the event noun")
    return a1, a2


def _maker(noun: Token) -> Role | None:
    """The name glued to a participle before the weapon ("a Taliban-planted bomb", "an IS-laid mine")."""
    for part in noun.children:
        if part.dep_ in ("amod", "compound") and part.i < noun.i and part.tag_ == "VBN" \
                and part.lemma_.lower() in MAKER_VERBS and part.i >= 2 and part.doc[part.i - 1].text in ("-", "\u2010"):
            name = part.doc[part.i - 2]
            if name.text[:1].isupper():
                return Role(name, f"name glued to '{part.text}' before the event noun")
    return None


def _governor_roles(noun: Token, a1: Role | None, a2: Role | None) -> tuple[Role | None, Role | None]:
    """Fill missing roles from the verb governing an event noun ("ISIS launched an attack",
    "an airstrike hit the market", "killed in an ISIS attack")."""
    head = noun.head
    if noun.dep_ in ("dobj", "pobj") and a1 is None:
        verb = head.head if noun.dep_ == "pobj" and head.dep_ == "prep" else head
        if noun.dep_ == "dobj" and _is_repel(verb):  # "repelled an attack": the subject is the defender
            pass
        elif verb.lemma_.lower() in LIGHT_VERBS or verb.pos_ == "VERB":
            subj = _subject(verb)
            if subj is not None and noun.dep_ == "dobj" or (subj is not None and verb.lemma_.lower() in LIGHT_VERBS):
                a1 = Role(subj, f"subject of '{verb.text}'")
    if noun.dep_ in ("nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        obj = next(iter(_children(head, "dobj")), None)
        if a2 is None and obj is not None and head.lemma_.lower() in RESULT_VERBS:
            a2 = Role(obj, f"object of '{head.text}'")
        for prep in _children(head, "prep"):
            obj = _pobj(prep)
            if a2 is None and obj is not None and prep.lower_ in TARGET_PREPS | {"with"}:
                a2 = Role(obj, f"'{prep.lower_}' object of '{head.text}'")
    if noun.dep_ == "pobj" and head.lower_ in ("in", "during", "amid", "amidst") and head.head.pos_ == "VERB":
        verb = head.head
        victims = next(iter(_children(verb, "nsubjpass", "dobj")), None)
        if a1 is None and a2 is not None and victims is not None and a2.rule == "'with' object of the event noun":
            # "a fighter was killed during clashes with regime forces": the other side did the killing
            return (Role(a2.token, "'with' side of the fight the victims died in"),
                    Role(victims, f"victims of '{verb.text}'"))
        if a2 is None and victims is not None:
            a2 = Role(victims, f"victims of '{verb.text}'")
        if a1 is None and _subject(verb) is not None:
            a1 = Role(_subject(verb), f"subject of '{verb.text}'")
        elif a1 is None and "nsubjpass" not in {c.dep_ for c in verb.children}:
            a1 = _inherited_subject(verb)  # "IS shot and killed three officers in an attack"
    return a1, a2


def argument_roles(trigger: Token) -> tuple[Role | None, Role | None]:
    """(actor1 role, actor2 role) for a trigger token, verbal or nominal."""
    while trigger.dep_ == "compound" and trigger.head.pos_ in ("NOUN", "PROPN") and trigger.head.i != trigger.i:
        trigger = trigger.head  # "mortar shells", "drone strike": the phrase's head carries the roles
    nominal = trigger.tag_ == "VBG" and (trigger.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") or any(
        c.dep_ in ("amod", "det", "poss") for c in trigger.children) or  # "Russian shelling of the city"
        trigger.dep_ == "pcomp" and trigger.head.lower_ == "of")  # "an exchange of targeting between A and B"
    if (trigger.pos_ in ("VERB", "AUX") or trigger.tag_.startswith("VB")) and not nominal:
        return verb_roles(trigger)
    return noun_roles(trigger)
