"""Event trigger words (``sitrep/data/triggers.yaml``) and ACLED's type precedence rules.

Words are matched on lemmas so the dictionary lists base forms only; multi-word phrases
("exchange of fire", "take control") go through spaCy ``PhraseMatcher``s on lemma and on
lower-case form (a token-pattern ``Matcher`` cost a third of the extraction time). A
sentence's triggers are classes (clash, air, explosive, territory...), and ``decide_type``
turns the classes found around one trigger into an ACLED ``(event_type, sub_event_type)``
with the rule that decided, applying the codebook's precedence: remote weapons beat a generic
attack, an exchange of fire makes it a battle, unarmed victims make it violence against
civilians.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

WEAPON_ORDER = ("suicide", "chemical", "grenade", "explosive", "air", "shell")
PRECEDENT_WEAPONS = ("suicide", "chemical")  # ACLED codes these even when fighting surrounds them
WEAPON_SUBTYPE = {"suicide": "Suicide bomb", "chemical": "Chemical weapon", "grenade": "Grenade",
                  "explosive": "Remote explosive/landmine/IED", "air": "Air/drone strike",
                  "shell": "Shelling/artillery/missile attack"}
# the trigger classes a precedent weapon overrides: a clash, a bare attack or killing, another weapon
PRECEDENT_OVER = frozenset({"clash", "attack", "kill"} | WEAPON_SUBTYPE.keys())
SD_SUBTYPE = {"arrest": "Arrests", "agreement": "Agreement", "disrupted": "Disrupted weapons use",
              "base": "Headquarters or base established", "loot": "Looting/property destruction",
              "transfer": "Non-violent transfer of territory", "change": "Change to group/activity"}
# Which trigger class heads an event when several occur together (lower is stronger).
PRIORITY = ("territory", "clash", "suicide", "chemical", "grenade", "explosive", "air", "shell", "abduct",
            "sexual", "attack", "riot", "protest", "kill", "disrupted", "arrest", "loot", "agreement", "base",
            "transfer", "change")
POS_OK = {"NOUN", "VERB", "PROPN", "ADJ"}
BATTLES, REMOTE, VAC, SD = "Battles", "Explosions/Remote violence", "Violence against civilians", \
    "Strategic developments"


@dataclass
class Trigger:
    """One trigger occurrence: token range in the Doc, its class and its syntactic head token."""

    cls: str
    start: int
    end: int
    head: int
    text: str


class TriggerLexicon:
    """The trigger dictionary, compiled once for a spaCy vocabulary."""

    def __init__(self, nlp: Any, data: dict[str, Any] | None = None):
        data = data or yaml.safe_load(resources.files("sitrep.data").joinpath("triggers.yaml").read_text("utf-8"))
        self.words: dict[str, str] = {}
        self.weapon_nouns: dict[str, str] = {}
        self.object_verbs: dict[str, str] = {}                # verb -> class, with any direct object
        self.verb_objects: dict[str, dict[str, str]] = {}     # verb -> {object word -> class}
        self.found_nouns: dict[str, tuple[str, set[str]]] = {}
        self.cues: dict[str, set[str]] = {}
        self.phrase_starts: set[str] = set()               # first words of the phrases (extract/parseplan.py)
        self.by_lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.by_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        for cls, spec in data["classes"].items():
            for w in spec.get("words") or []:
                self.words.setdefault(str(w).lower(), cls)
            self.cues[cls] = {str(w).lower() for w in (spec.get("words") or []) + (spec.get("cues") or [])}
            phrases = [[str(w).lower() for w in p] for p in spec.get("phrases") or []]
            self.phrase_starts.update(p[0] for p in phrases)
            if phrases:
                docs = [Doc(nlp.vocab, words=p, lemmas=p) for p in phrases]
                self.by_lemma.add(cls, docs)
                self.by_lower.add(cls, docs)
            verbs = spec.get("object_verbs") or []
            for w in verbs:  # a list of verbs, or verb -> the objects it needs ("block": [road, bridge])
                if isinstance(verbs, dict) and verbs[w]:  # one verb, several classes by object ("set up")
                    self.verb_objects.setdefault(str(w).lower(), {}).update(
                        {str(o).lower(): cls for o in verbs[w]})
                else:
                    self.object_verbs[str(w).lower()] = cls
            for noun, needed in (spec.get("found_nouns") or {}).items():  # "the body ... was found"
                self.found_nouns[str(noun).lower()] = (cls, {str(v).lower() for v in needed})
            for w in spec.get("weapon_nouns") or []:
                self.weapon_nouns[str(w).lower()] = cls
                self.cues[cls].add(str(w).lower())
        self.lists = {k: {str(w).lower() for w in v} for k, v in data.items() if k != "classes"}

    def find(self, sent: SpacySpan) -> list[Trigger]:
        """Triggers in one sentence, phrases first so "air strike" is not also a bare "strike"."""
        doc, found, taken = sent.doc, [], set()
        matches = set(self.by_lemma(sent)) | set(self.by_lower(sent))  # document token offsets
        for match_id, s, e in sorted(matches, key=lambda m: (m[1], -(m[2] - m[1]))):
            if any(i in taken for i in range(s, e)):
                continue
            cls = doc.vocab.strings[match_id]
            head = _phrase_head(doc[s:e])
            found.append(Trigger(cls, s, e, head, doc[s:e].text))
            taken.update(range(s, e))
        for tok in sent:
            if tok.i in taken or tok.pos_ not in POS_OK or tok.lower_ in self.lists["not_triggers"]:
                continue
            if tok.ent_type_.lower() in self.lists["never_entities"]:
                continue
            if tok.pos_ == "PROPN" and _in_name(tok, sent, self.lists["name_entities"]):
                continue  # part of a name: "Battle of Baguz", "Operation Olive Branch"
            cls = self._object_verb(tok) or _lookup(self.words, tok) or self._weapon_event(tok) \
                or self._found_noun(tok)
            if cls == "attack" and self._work_stoppage(tok):
                cls = "protest"  # "nurses went on strike", "a hunger strike", "unions called a general strike"
            if cls:
                found.append(Trigger(cls, tok.i, tok.i + 1, tok.i, tok.text))
        heads = {t.head for t in found}
        # a trigger word modifying a non-event noun ("fighting force", "attack helicopter") is a cue only
        # ("ballistic missile tests", "chemical weapons programme"), a phrase as much as a word
        found = [t for t in found if doc[t.head].dep_ not in ("amod", "compound")
                 or doc[t.head].head.i in heads or _misparsed_verb(doc[t.head])]
        return sorted(found, key=lambda t: t.start)

    def _work_stoppage(self, tok: Any) -> bool:
        """Is this "strike" a stoppage of work (a protest in ACLED's terms), not an attack? Said by its
        modifier ("hunger", "general", "teachers'") or its verb ("went on strike", "called a strike")."""
        if tok.pos_ != "NOUN" or tok.lemma_.lower() != "strike":
            return False
        lists = self.lists
        if any(c.dep_ in ("amod", "compound", "poss") and c.lemma_.lower() in lists["work_stoppage_cues"]
               for c in tok.children):
            return True
        head = tok.head
        if tok.dep_ == "pobj" and head.lower_ == "on":
            return head.head.lemma_.lower() in ("go", "be", "remain", "stay", "come")
        return tok.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in lists["work_stoppage_verbs"]

    def _weapon_event(self, tok: Any) -> str | None:
        """A weapon noun is an event when an impact verb governs it or it governs one."""
        cls = _lookup(self.weapon_nouns, tok)
        if cls is None:
            return None
        verbs = self.lists["impact_verbs"]
        near = [tok.head] + [c for c in tok.children if c.dep_ in ("relcl", "acl")]
        if tok.dep_ == "compound":
            near.append(tok.head.head)
        if tok.dep_ == "pobj" and tok.head.lower_ == "of":  # "fired dozens of rockets", "observed a total of 25 projectiles"
            near.append(tok.head.head.head)
        elif tok.dep_ == "pobj":  # "stepped on a mine", "killed by a rocket"
            near.append(tok.head.head)
        return cls if any(v.lemma_.lower() in verbs for v in near) else None

    def _found_noun(self, tok: Any) -> str | None:
        """"the body of a fighter was found", "rescuers recovered two bodies": found remains are a killing."""
        spec = self.found_nouns.get(tok.lower_)
        if spec is None or tok.pos_ != "NOUN" or tok.dep_ not in ("dobj", "nsubjpass"):
            return None
        return spec[0] if tok.head.lemma_.lower() in spec[1] else None

    def _object_verb(self, tok: Any) -> str | None:
        """A verb that names an event only with a direct object ("burned a house", not "the fire
        burned"), or only with certain objects ("blocked the highway", not "blocked the deal";
        "seized 40 rifles", not "seized the town"). Checked before the plain words, so a verb of
        both kinds ("seize") is read by its object first. The object may be the passive subject
        ("two devices were found") and is read through "a cache of", "dozens of" and lists."""
        if tok.pos_ != "VERB":
            return None
        needed = self.verb_objects.get(tok.lemma_.lower()) or self.verb_objects.get(tok.lower_)
        if needed is None:
            cls = self.object_verbs.get(tok.lemma_.lower()) or self.object_verbs.get(tok.lower_)
            return cls if cls and any(c.dep_ == "dobj" for c in tok.children) else None
        cls = next((found for o in object_nouns(tok) if (found := _lookup(needed, o) or needed.get(_entity_key(o)))),
                   None)
        doers = [t for c in tok.children if c.dep_ == "nsubj" for t in c.subtree]
        if cls in ("protest", "riot") and self.has("armed_words", doers):
            return None  # "troops blocked the road": a checkpoint, not a protest
        return cls

    def classes_in(self, tokens: Any) -> set[str]:
        """Every class whose word or cue occurs among ``tokens`` (lemma or lower form)."""
        forms = {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens}
        return {cls for cls, words in self.cues.items() if forms & words}

    def has(self, list_name: str, tokens: Any) -> bool:
        words = self.lists.get(list_name, set())
        return any(t.lower_ in words or t.lemma_.lower() in words for t in tokens)


def _entity_key(tok: Any) -> str:
    """"ent:gpe" for a place name, so a data file can ask for "a place as the object"; a proper
    name spaCy left untagged or took for a person ("entered Kafr Nabl": transliterated town names
    often are) counts as a place name."""
    if tok.pos_ == "PROPN" and tok.ent_type_ in ("", "PERSON"):
        return "ent:gpe"
    return f"ent:{tok.ent_type_.lower()}" if tok.ent_type_ else ""


def object_nouns(verb: Any) -> list[Any]:
    """The nouns a verb acts on: its direct object or passive subject, the nouns listed beside it
    ("rifles, grenades and ammunition"), and what a quantity or container holds ("a cache of
    rockets", "dozens of mines", "a lot of weapons")."""
    out = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    i = 0
    while i < len(out):
        tok = out[i]
        out += [c for c in tok.children if c.dep_ in ("conj", "compound", "appos") and c not in out]
        out += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "including")
                for g in c.children if g.dep_ == "pobj" and g not in out]
        i += 1
    return out


def _misparsed_verb(tok: Any) -> bool:
    """A finite verb the parser hung on a noun as a modifier ("HTS snipers targeted regime soldiers",
    "IS captured the town" with "IS" read as an auxiliary): a real adjectival participle is
    neither in the past tense nor carries an auxiliary."""
    return tok.pos_ == "VERB" and (tok.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") for c in tok.children))


def _in_name(tok: Any, sent: SpacySpan, labels: set[str]) -> bool:
    """A capitalised trigger word inside running (not title-case) text is part of a name."""
    if tok.ent_type_ and tok.ent_type_.lower() in labels:
        return True
    if tok.is_sent_start or not tok.text[:1].isupper():
        return False
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    lower = sum(1 for t in words if t.text.islower())
    return lower > len(words) / 2


def _phrase_head(span: SpacySpan) -> int:
    """The syntactic head of a phrase: its token whose head lies outside it (its root)."""
    return span.root.i


def decide_type(cls: str, scope: set[str], *, victims_civilian: bool, target_armed: bool,
                actor1_state: bool | None, peaceful: bool, people_object: bool,
                intervention: bool, force: bool, rioting: bool, mob: bool,
                bare_strike: bool = False, crowd: bool = False, exchange: bool = False) -> tuple[str, str, str]:
    """ACLED (event_type, sub_event_type, rule) for a trigger class and the classes around it."""
    weapon = next((w for w in WEAPON_ORDER if w in scope), None)
    if cls == "territory" and not people_object:
        if peaceful:
            return SD, SD_SUBTYPE["transfer"], "territory+peaceful"
        if actor1_state:
            return BATTLES, "Government regains territory", "territory+state actor"
        return BATTLES, "Non-state actor overtakes territory", "territory+non-state actor"
    if cls in ("clash", "attack", "kill") and mob and not crowd:
        return "Riots", "Mob violence", f"{cls} by or between unarmed groups"
    if cls in ("clash", "attack") and crowd:
        return _protest("riot" if rioting or cls == "clash" else "protest", intervention=intervention,
                        force=force, rioting=True, mob=mob)
    if weapon in PRECEDENT_WEAPONS and cls in PRECEDENT_OVER:
        # ACLED: a chemical agent or a suicide bomber names the event even amid an exchange of fire
        return REMOTE, WEAPON_SUBTYPE[weapon], f"{cls}+{weapon} (takes precedence over a clash)"
    if cls == "clash" or ("clash" in scope and cls in ("attack", "kill", "territory")):
        if cls == "clash" and weapon == "explosive" and not exchange:  # suicide: PRECEDENT_WEAPONS above
            return REMOTE, WEAPON_SUBTYPE[weapon], f"ambush by {weapon} (remote precedence)"
        return BATTLES, "Armed clash", f"{cls}: exchange of fire"
    if cls == "attack" and not weapon and bare_strike:
        return REMOTE, WEAPON_SUBTYPE["air"], "bare noun 'strikes' (air strikes in conflict reporting)"
    if cls in WEAPON_SUBTYPE or (weapon and cls in ("attack", "kill")):
        w = cls if cls in WEAPON_SUBTYPE else weapon
        return REMOTE, WEAPON_SUBTYPE[w], f"{cls}+weapon {w}"
    if cls == "abduct":
        return VAC, "Abduction/forced disappearance", "abduction"
    if cls == "sexual":
        return VAC, "Sexual violence", "sexual violence"
    if cls in ("riot", "protest"):
        return _protest(cls, intervention=intervention, force=force, rioting=rioting, mob=mob)
    if cls in ("attack", "kill", "territory"):
        if victims_civilian and not target_armed:
            return VAC, "Attack", f"{cls} on unarmed victims"
        return BATTLES, "Armed clash", f"{cls} on armed target" if target_armed else f"{cls}: default armed clash"
    if cls in SD_SUBTYPE:
        return SD, SD_SUBTYPE[cls], cls
    return SD, "Other", cls


def _protest(cls: str, *, intervention: bool, force: bool, rioting: bool, mob: bool) -> tuple[str, str, str]:
    if mob:
        return "Riots", "Mob violence", "mob cue"
    if cls == "riot" or rioting:
        return "Riots", "Violent demonstration", "riot cue"
    if force:
        return "Protests", "Excessive force against protesters", "protest+lethal force"
    if intervention:
        return "Protests", "Protest with intervention", "protest+intervention"
    return "Protests", "Peaceful protest", "protest"


def _lookup(table: dict[str, str], tok: Any) -> str | None:
    """The class of a word by its lemma, its lower-case form, or that form's singular: the
    lemmatizer leaves a capitalised plural it takes for a name as it is ("Rockets were fired …",
    "Mortars hit …" at the start of a sentence), and the dictionary lists base forms only."""
    low = tok.lower_
    forms = [tok.lemma_.lower(), low]
    if len(low) > 3 and low.endswith("s") and not low.endswith("ss"):
        forms += [low[:-1], low[:-2]] if low.endswith("es") else [low[:-1]]
    return next((table[f] for f in forms if f in table), None)
