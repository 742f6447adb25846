"""Casualty figures: parse a quantity phrase, and find who was killed or injured in a sentence.

Why this shape: ACLED codes the most conservative figure a report supports: "at least 26",
"dozens", "26 to 30" and "an undisclosed number" each code differently (sitrep/data/numbers.yaml).
Victims come from the parse (object of "killing", subject of "were wounded", "of" after "the
death"), then a left-to-right scan counts an enumeration ("him, his wife and three of his
children" = 5): the small model often attaches list items to the wrong head; list order is reliable.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from sitrep.errors import ConfigError
from sitrep.extract.nlp import doc_text
from sitrep.yamlfile import load_yaml

_AGE = re.compile(r"\s?-?\s?(?:year|month|week|day)s?[\s-]?old", re.I)
_MODIFIER_DEPS = {"compound", "npadvmod", "nmod", "amod", "poss", "nummod", "quantmod"}
_SINGLE_PRONOUNS = {"him", "her", "he", "she", "himself", "herself", "another"}  # "wounded another"
_TAIL_WORDS = {"more", "other", "others", "else"}
_COUNTED_STARTS = {"a", "an", "one", "his", "her", "another"}   # words that start one more victim
_TIME_WORDS = {"today", "yesterday", "tonight", "overnight", "morning", "afternoon", "evening", "night"}


@dataclass
class Quantity:
    """A coded figure with its range; no figure ("an undisclosed number"): value None, known False."""
    value: int | None
    low: int | None
    high: int | None
    vague: bool
    text: str
    start: int
    end: int
    rule: str
    known: bool = True


@dataclass
class Casualty:
    """Killed or injured people in one phrase; ``quantity.known`` False when no figure is given.
    ``kind``: "killed", "injured", or "casualties" (dead and wounded mixed: never fatalities);
    ``start``/``end`` and ``quantity.start``/``end`` are offsets into the sentence's doc text."""
    kind: str
    quantity: Quantity
    victim_text: str | None
    start: int
    end: int
    rule: str


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, Any]:
    path = resources.files("sitrep.data") / "numbers.yaml"
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read the number word lists ({exc}); restore the file") from exc
    for key in [k for k, v in data.items() if isinstance(v, list)]:
        data[key] = frozenset(str(w).lower() for w in data[key])
    data["lost_life"] = {k: frozenset(v) for k, v in data["lost_life"].items()}
    data["of_nouns"] = data["killed_nouns_of"] | data["injured_verbs"]
    data["count_nouns"] = data["casualty_nouns"] | data["killed_count_nouns"] | data["injured_count_nouns"]
    data["verbs"] = data["killed_verbs"] | data["injured_verbs"] | data["died_verbs"]
    data["triggers"] = (data["of_nouns"] | data["count_nouns"] | data["verbs"] | data["dead_adjectives"]
                        | data["lost_life"]["verbs"] | data["toll_nouns"])
    data["countable"] = frozenset(w.split()[-1] for w in data["vague"]) | {"number"}
    modality = load_yaml((resources.files("sitrep.data") / "modality.yaml").read_text(encoding="utf-8"))
    data["reporting_verbs"] = frozenset(modality["reporting_verbs"])  # one list, shared with modality.py
    data["regex"] = _build_regex(data)
    return data


def _alternation(words: Any) -> str:
    return "|".join(re.escape(str(w)).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _build_regex(data: dict[str, Any]) -> re.Pattern[str]:
    word = _alternation(list(data["units"]) + list(data["scales"]))
    words = rf"(?:{word})(?:(?:(?<=hundred)|(?<=thousand))\s+and\s+(?:{word})|[\s-]+(?:{word}))*"
    digits = r"(?<![\w.,/])(?<![A-Za-z]-)(?:\d{1,3}(?:,\d{3})+|\d+)(?![\w]|[.,/]\d)"
    num = rf"(?:{digits}|\b{words}\b)"
    return re.compile(
        rf"(?:\b(?P<hedge>{_alternation(data['hedges'])})\s+)?(?:"
        rf"(?P<unknown>\b(?:an?\s+)?(?:{_alternation(data['unknown'])})(?:\s+number)?\b)"
        rf"|\bbetween\s+(?P<b1>{num})\s+and\s+(?P<b2>{num})"
        rf"|(?:\b(?:from|between)\s+)?(?P<r1>{num})(?:(?<=\d)\s*[-–—]\s*(?=\d)|\s+(?:to|or)\s+)(?P<r2>{num})"
        rf"|(?P<vague>\b(?:{_alternation(data['vague'])})\b)"
        rf"|(?P<num>{num}))", re.I)


def _number_value(text: str) -> int:
    """The value of digits ("1,200") or number words ("two hundred and five", "two dozen")."""
    text = text.strip().lower()
    if text[0].isdigit():
        return int(text.replace(",", ""))
    lex = _lexicon()
    total = current = 0
    for w in re.split(r"[\s-]+", text):
        if w in lex["units"]:
            current += lex["units"][w]
        elif w in ("dozen", "hundred"):
            current = (current or 1) * lex["scales"][w]
        elif w in lex["scales"]:
            total += (current or 1) * lex["scales"][w]
            current = 0
    return total + current


def quantity_pattern() -> re.Pattern[str]:
    """The compiled quantity pattern (dates.py reuses it for "two days ago")."""
    return _lexicon()["regex"]


def parse_quantity(text: str) -> Quantity | None:
    """The first figure in ``text``, coded as ACLED would (rules in numbers.yaml); None if none.

    Ages ("a 4-year-old") are skipped; offsets are into ``text``.
    """
    lex = _lexicon()
    for m in lex["regex"].finditer(text):
        if _AGE.match(text, m.end()):
            continue
        hedge = lex["hedges"].get(re.sub(r"\s+", " ", (m["hedge"] or "").lower()))
        start, end, span = m.start(), m.end(), m.group(0)
        if m["unknown"]:
            return Quantity(None, None, None, True, span, start, end, "unknown-number", known=False)
        if m["b1"] or m["r1"]:
            a, b = _number_value(m["b1"] or m["r1"]), _number_value(m["b2"] or m["r2"])
            lo, hi = min(a, b), max(a, b)
            return Quantity(lo, lo, hi, True, span, start, end, "range-low")
        if m["vague"]:
            value = lex["vague"][re.sub(r"\s+", " ", m["vague"].lower())]
            return Quantity(value, value, None, True, span, start, end, "vague-" + m["vague"].lower().split()[-1])
        value = _number_value(m["num"])
        low, high = (value, None) if hedge == "min" else (None, value) if hedge == "max" else (None, None)
        rule = f"hedge-{hedge}" if hedge else "number"
        return Quantity(value, low, high, bool(hedge), span, start, end, rule)
    return None


def find_casualties(sent: Any) -> list[Casualty]:
    """Every killed/injured figure in a spaCy sentence ``Span``, tied to its victims."""
    lex = _lexicon()
    found: list[Casualty] = []
    seen: set[tuple[str, int]] = set()
    for tok in sent:
        if tok.lower_ not in lex["triggers"]:
            continue
        for cas in _casualties_at(tok, lex):
            key = (cas.kind, cas.quantity.start if cas.quantity.text else cas.start)
            if key not in seen:
                seen.add(key)
                found.append(cas)
    return found


def _casualties_at(tok: Any, lex: dict[str, Any]) -> list[Casualty]:
    """The casualties a single trigger word reports (none for most tokens)."""
    low = tok.lower_
    if tok.tag_.startswith("NN") and low in lex["killed_nouns_of"] | lex["count_nouns"] and _another_act(tok, lex):
        return []  # "arrested for the killing of two men": a killing given as the reason, told elsewhere
    if low in lex["verbs"] and tok.dep_ == "pcomp" and _another_act(tok, lex):
        return []  # "detained on charges of killing a commander"
    if _only_attempted(tok, lex):
        return []  # "tried to assassinate the mayor", "an attempted killing of": the target may live
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    poss = _child(tok, "poss")
    if of is None and poss is not None and poss.lower_ in ("his", "her") and low in ("death", "killing", "murder",
                                                                                       "assassination", "execution"):
        return [_casualty("killed", tok, None, "possessive-death",
                          Quantity(1, None, None, False, poss.text, poss.idx, poss.idx + len(poss), "singular"))]
    if low in lex["body_nouns"] and tok.tag_.startswith("NN") and of is None and poss is not None:
        return _tie("killed", tok, poss, "possessor-of-body", lex)  # "two soldiers' bodies"
    if of is not None and tok.tag_.startswith("NN") and low in lex["of_nouns"]:
        if low in lex["count_nouns"] and _child(tok, "nummod") is not None:
            return _count_noun(tok, lex)  # "nine bodies of militiamen": the figure is the noun's own
        kind = "injured" if low in lex["injured_verbs"] else "killed"
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None)
        return _tie(kind, tok, pobj, "noun-of", lex)
    if low in lex["count_nouns"] and tok.pos_ == "NOUN":
        return _count_noun(tok, lex)
    if low in lex["verbs"] and tok.pos_ in ("VERB", "AUX", "ADJ"):
        kind = "injured" if low in lex["injured_verbs"] else "killed"
        victim, rule = _verb_victim(tok, low in lex["died_verbs"], lex)
        if _negated(tok):
            return [_casualty(kind, tok, victim, rule, _zero("negated", tok))]
        found = _tie(kind, tok, victim, rule, lex)
        return found + _accompanying(kind, tok, lex) if found else found
    if low in lex["dead_adjectives"] and tok.pos_ == "ADJ":
        return _tie("killed", tok, _dead_victim(tok), "dead-predicate", lex)
    if low in lex["lost_life"]["verbs"] and any(c.dep_ == "dobj" and c.lower_ in lex["lost_life"]["objects"]
                                                 for c in tok.children):
        return _tie("killed", tok, _child(tok, "nsubj", "nsubjpass"), "lost-lives", lex)
    if low in lex["toll_nouns"]:
        return _toll(tok, lex)
    return []


def given_as_reason(tok: Any) -> bool:
    """Is this killing word the reason for, or the charge in, another act ("detained on charges of
    killing a commander")? Then it is no event of its own either."""
    lex = _lexicon()
    return (tok.lower_ in lex["verbs"] or tok.lower_ in lex["of_nouns"]) and _another_act(tok, lex)


def _another_act(tok: Any, lex: dict[str, Any]) -> bool:
    """Is this casualty noun the reason for, or the charge in, another act ("arrested for the killing
    of", "in response to the killing of", "involved in the assassination of", "the previous killing")?"""
    if any(c.dep_ == "amod" and c.lower_ in lex["earlier_words"] for c in tok.children):
        return True
    prep = tok.head
    if tok.dep_ not in ("pobj", "pcomp") or prep.lower_ not in ("for", "over", "in", "to", "of", "with", "against"):
        return False
    owner = prep.head
    if owner.dep_ == "pcomp" and owner.head.dep_ == "prep":  # "arrested for taking part in the execution of"
        if owner.head.head.lemma_.lower() in lex["reason_verbs"]:
            return True
    return owner.lower_ in lex["reason_nouns"] or owner.lemma_.lower() in lex["reason_verbs"]


def _only_attempted(tok: Any, lex: dict[str, Any]) -> bool:
    """A killing that was only attempted ("tried to kill", "attempted to assassinate", "a failed
    assassination") names its intended victim, not a death."""
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in lex["attempt_words"]:
        return True
    return any(c.dep_ in ("amod", "compound") and c.lower_ in lex["attempt_words"] for c in tok.children)


def _child(tok: Any, *deps: str) -> Any:
    return next((c for c in tok.children if c.dep_ in deps), None)


def _negated(tok: Any) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _zero(rule: str, tok: Any) -> Quantity:
    return Quantity(0, None, None, False, "", tok.idx, tok.idx, rule)


_PLACE_PREPS = {"in", "on", "at", "near", "between", "along", "inside", "outside", "around", "off"}


def _verb_victim(tok: Any, intransitive: bool, lex: dict[str, Any]) -> tuple[Any, str]:
    """Who was killed/injured by this verb: subject of a passive or of "died", object otherwise."""
    if intransitive:
        return _child(tok, "nsubj"), "intransitive-subject"
    victim = _child(tok, "nsubjpass")
    if victim is not None:
        return _reported_conjunct(tok, victim, lex) or victim, "passive-subject"
    if tok.dep_ == "xcomp" and _child(tok.head, "nsubjpass") is not None:  # "were found killed"
        return _child(tok.head, "nsubjpass"), "passive-subject"
    if tok.dep_ == "acl" and tok.tag_ == "VBN":
        if tok.i > 0 and tok.doc[tok.i - 1].text == "," and tok.head.dep_ == "pobj" \
                and tok.head.head.lower_ in _PLACE_PREPS:
            return None, "participle-after-place"  # "a body was found in the badia, killed by IS": the body's
        return tok.head, "participle-of-noun"
    victim = _child(tok, "dobj")
    if victim is not None:
        return victim, "active-object"
    for other in (c for c in tok.children if c.dep_ == "conj" and 0 < c.i - tok.i <= 3):
        obj = _child(other, "dobj") if other.lower_ in lex["verbs"] else None
        if obj is not None:
            return obj, "shared-object"
    if tok.tag_ in ("VBN", "VBD") and tok.dep_ == "ROOT" and _child(tok, "dobj") is None \
            and _child(tok, "nsubj") is not None \
            and not any(c.dep_ in ("aux", "auxpass", "cc") for c in tok.children):
        # "Six fighters slain in clash": a headline's passive without "were" (the small model often tags
        # the participle VBD); an active killing verb with a subject, no victim and no second verb
        # joined by "and" ("killed and wounded several", "killed and fled") is not news English
        return _child(tok, "nsubj"), "headline-passive"
    if tok.dep_ == "conj" and tok.tag_ == "VBN" and _child(tok, "nsubj") is None \
            and _child(tok.head, "nsubjpass") is not None:  # "two men were shot and killed"
        return _child(tok.head, "nsubjpass"), "shared-passive-subject"
    if tok.dep_ == "conj" and tok.tag_ in ("VBN", "VBD"):
        return _child(tok, "nsubj"), "elliptic-subject"
    return None, "no-victim"


def _reported_conjunct(tok: Any, victim: Any, lex: dict[str, Any]) -> Any:
    """"medics said two militiamen and three farmers were killed": the small model often takes the
    first conjunct as the object of the reporting verb (and the killing as its clause or conjunct),
    so the victims' list starts there."""
    head = tok.head
    if tok.dep_ not in ("ccomp", "conj") or head.lemma_.lower() not in lex["reporting_verbs"]:
        return None
    obj = _child(head, "dobj")
    if obj is None or not obj.i < victim.left_edge.i:
        return None
    between = tok.doc[obj.i + 1:victim.left_edge.i]
    return obj if any(t.dep_ == "cc" for t in between) and all(t.dep_ in ("cc", "punct") for t in between) else None


def _dead_victim(tok: Any) -> Any:
    """"left four policemen dead", "was shot dead", "[X] dead" as a small clause, "are dead"."""
    head = tok.head
    if tok.dep_ == "amod" and tok.i > 0 and tok.doc[tok.i - 1].pos_ == "VERB":
        return head  # "gunmen shot dead two men": the parser hangs "dead" on the victims
    if tok.i > 0 and tok.doc[tok.i - 1].lower_ in ("shot", "gunned") and tok.doc[tok.i - 1].dep_ != "ROOT":
        after = _noun_phrase_head(tok.doc, tok.i + 1)  # "riding a motorcycle shot dead a fighter":
        if after is not None:                           # "shot" read as a noun, "dead" as the verb
            return after
    return (_child(head, "dobj") or _child(head, "nsubjpass") or _child(tok, "nsubj")
            or (_child(head, "nsubj") if head.lemma_ in ("be", "lie", "remain") else None))


def _noun_phrase_head(doc: Any, i: int) -> Any:
    """The head noun of the noun phrase starting at token ``i`` ("a former fighter" -> fighter), if one starts there."""
    for t in doc[i:min(len(doc), i + 8)]:
        if t.pos_ in ("NOUN", "PROPN", "PRON") and t.dep_ not in ("compound", "amod", "nmod", "poss"):
            return t
        if t.pos_ not in ("DET", "NUM", "ADJ", "NOUN", "PROPN", "PUNCT"):
            return None
    return None


def _count_noun(tok: Any, lex: dict[str, Any]) -> list[Casualty]:
    """"no casualties", "without causing any casualties", "13 deaths", "20 casualties"."""
    low = tok.lower_
    kinds = (["killed", "injured"] if low in lex["casualty_nouns"]
             else ["killed"] if low in lex["killed_count_nouns"] else ["injured"])
    det = _child(tok, "det")
    if det is None and tok.dep_ == "conj":  # "no deaths or injuries", "neither deaths nor injuries"
        det = _child(tok.head, "det")
    without = any(a.lower_ == "without" for a in tok.ancestors)
    if (det is not None and det.lower_ in ("no", "neither")) or _negated(tok.head) \
            or (without and tok.dep_ in ("dobj", "pobj")):
        return [_casualty(k, tok, None, "no-casualties", _zero("no-casualties", tok)) for k in kinds]
    if not any(c.dep_ in ("nummod", "amod", "quantmod") for c in tok.children):
        return []
    text = doc_text(tok.doc)[tok.left_edge.idx:tok.idx]
    q = parse_quantity(text) if "\n" not in text else None
    if q is None:
        return []
    q = _shift(q, tok.left_edge.idx)
    kind = "casualties" if low in lex["casualty_nouns"] else kinds[0]
    sides = _counted_sides(tok, kind, lex)
    victims = _sufferers(tok, lex) or (doc_text(tok.doc)[q.start:tok.idx + len(tok)] if sides else None)
    return sides + [Casualty(kind, q, victims, q.start, tok.idx + len(tok), "count-noun")]


def _sufferers(tok: Any, lex: dict[str, Any]) -> str | None:
    """"regime forces suffered 36 fatalities": the subject whose dead these are. With it, the figure is
    one side's, added to the other side's, instead of a total that only sets a floor."""
    if tok.dep_ != "dobj" or tok.head.lower_ not in lex["suffer_verbs"]:
        return None
    subject = _child(tok.head, "nsubj")
    return doc_text(tok.doc)[subject.left_edge.idx:subject.idx + len(subject)] if subject is not None else None


def _counted_sides(tok: Any, kind: str, lex: dict[str, Any]) -> list[Casualty]:
    """"25 rebel fighters and 6 military fatalities": a counted noun joined to the count noun shares
    its meaning, so it is one more group of victims (none for "2 tanks and 6 fatalities")."""
    head = tok.head
    if tok.dep_ != "conj" or head.pos_ not in ("NOUN", "PROPN") or head.lower_ in lex["count_nouns"] \
            or head.lemma_.lower() in lex["not_victims"] or head.lower_ in lex["not_victims"] \
            or head.lower_ in _TIME_WORDS or _child(head, "nummod") is None:
        return []
    start = head.left_edge.idx
    q = parse_quantity(doc_text(tok.doc)[start:head.idx + len(head)])
    if q is None:
        return []
    q = _shift(q, start)
    return [Casualty(kind, q, doc_text(tok.doc)[start:head.idx + len(head)], start, head.idx + len(head),
                     "count-noun-side")]


def _accompanying(kind: str, tok: Any, lex: dict[str, Any]) -> list[Casualty]:
    """"a commander was killed along with two of his guards", "killed alongside his driver": victims
    added to the verb's own. The casualty starts at "along", so it never overlaps the verb's."""
    found: list[Casualty] = []
    for word in (c for c in tok.children if c.lower_ in lex["accompaniment"]):
        follow = lex["accompaniment"][word.lower_]
        prep = word if follow is None else next(
            (c for c in list(word.children) + list(tok.children) if c.lower_ == follow and c.i == word.i + 1), None)
        obj = _child(prep, "pobj") if prep is not None else None
        for cas in _tie(kind, tok, obj, "accompanied", lex) if obj is not None else []:
            cas.start = word.idx
            found.append(cas)
    return found


def _toll(tok: Any, lex: dict[str, Any]) -> list[Casualty]:
    """"the death toll rose to 15", "a toll of 15", "the toll stands at 15"."""
    kind = "casualties" if any(c.lower_ in lex["casualty_nouns"] for c in tok.children) else "killed"
    places = [c for c in tok.children if c.dep_ == "prep"] + [c for c in tok.head.children if c.dep_ in ("prep", "attr")]
    for p in places:
        target = p if p.pos_ == "NUM" else _child(p, "pobj")
        if target is not None and target.pos_ == "NUM":
            q = parse_quantity(doc_text(tok.doc)[target.left_edge.idx:target.idx + len(target)])
            if q is not None:
                q = _shift(q, target.left_edge.idx)
                return [Casualty(kind, q, None, tok.idx, q.end, "toll")]
    return []


def _shift(q: Quantity, by: int) -> Quantity:
    q.start, q.end = q.start + by, q.end + by
    return q


def _casualty(kind: str, trigger: Any, victim: Any, rule: str, q: Quantity) -> Casualty:
    start = min(trigger.idx, victim.left_edge.idx if victim is not None else trigger.idx)
    end = max(trigger.idx + len(trigger), victim.idx + len(victim) if victim is not None else 0)
    return Casualty(kind, q, victim.text if victim is not None else None, start, end, rule)


def _tie(kind: str, trigger: Any, victim: Any, rule: str, lex: dict[str, Any]) -> list[Casualty]:
    """Count the victims starting at ``victim`` and build the casualty (none without victims)."""
    if victim is None:
        return []
    first = victim.left_edge  # "shot dead two men": start after the trigger inside the victims' phrase
    segments = _enumeration(first if not first.i <= trigger.i < victim.i else trigger.doc[trigger.i + 1], trigger, lex)
    counted = [c for c in _merge_shared_heads(segments, [_count_segment(s, lex) for s in segments]) if c is not None]
    if not counted:
        return []
    first, last = segments[0][0], segments[-1][-1]
    victim_text = ", ".join(c[1] for c in counted if c[1]) or None
    q = counted[0][0]
    if len(counted) > 1:
        known = [c[0] for c in counted if c[0].known]
        q = Quantity(sum(k.value for k in known) if known else None, None, None,
                     any(k.vague for k in known) or len(known) < len(counted),
                     doc_text(trigger.doc)[first.idx:last.idx + len(last)], first.idx, last.idx + len(last),
                     "enumeration", known=bool(known))
    start = min(trigger.idx, first.idx)
    end = max(trigger.idx + len(trigger), last.idx + len(last))
    return [Casualty(kind, q, victim_text, start, end, rule)]


def _joiner(doc: Any, i: int, end: int) -> int:
    """Length of a multi-word "and" at token i ("as well as", "in addition to"), else 0."""
    for words in (("as", "well", "as"), ("in", "addition", "to")):
        if i + len(words) <= end and tuple(t.lower_ for t in doc[i:i + len(words)]) == words:
            return len(words)
    return 0


def _merge_shared_heads(segments: list[list[Any]], counted: list[Any]) -> list[Any]:
    """"six regime and loyalist militia fighters": a figure above one before a singular noun
    ("six regime") modifies a head that comes later, so the figure-less item after it is the same
    group, not one more victim."""
    out = list(counted)
    for n in range(len(segments) - 1):
        c, nxt = out[n], out[n + 1]
        if c is None or nxt is None or not c[0].known or (c[0].value or 0) < 2:
            continue
        if segments[n][-1].tag_ in ("NN", "NNP") and nxt[0].rule in ("singular", "plural-no-figure"):
            out[n + 1] = None
    return out


def _enumeration(first: Any, trigger: Any, lex: dict[str, Any]) -> list[list[Any]]:
    """Split "him, his wife and three of his children" into noun phrases, left to right.

    Comma-separated items count only when an "and" closes the list (otherwise the comma starts
    an apposition or a new clause: "killing a commander, Abu X,"). Inside a list, a bare number
    between commas is an age ("Ghozlan, 4, and her brother") and a name between commas after a
    singular noun is an apposition ("The volunteer, Omar al-Omar, and his wife" = 2).
    """
    doc, i, end = first.doc, _list_start(first), first.sent.end
    segments: list[tuple[bool, list[Any]]] = []
    comma_from: int | None = None
    while i < end:
        seg, i = _segment(doc, i, end, trigger, lex)
        if not seg or _event_head(seg, lex):
            break  # "the killing of 4 fighters and the wounding of others": a new casualty, not a victim
        after_comma = i < end and doc[i].text == ","
        segments.append((after_comma, seg))
        if after_comma and _joiner(doc, i + 1, end):  # "4 of its fighters, in addition to the bomber"
            i += 1
            after_comma = False
        if after_comma:
            i += 1
            comma_from = len(segments) if comma_from is None else comma_from
        if i < end and doc[i].lower_ in ("and", "&"):
            i += 1
            comma_from = None
        elif _joiner(doc, i, end):
            i += _joiner(doc, i, end)
            comma_from = None
        elif comma_from is None or i >= end or doc[i - 1].text != ",":
            break
    if comma_from is not None:
        segments = segments[:comma_from]
    return [seg for n, (comma, seg) in enumerate(segments)
            if not (comma and n > 0 and segments[n - 1][0] and _age_or_apposition(seg, segments[n - 1][1]))]


def _list_start(first: Any) -> Any:
    """Where a list begins: "The volunteer, Omar al-Omar, and [his wife]"; only back to the sentence
    start through noun-phrase words ("ISIS attacked the village and [two civilians]" stays)."""
    doc, sent = first.doc, first.sent
    if first.i - 1 <= sent.start or doc[first.i - 1].lower_ != "and":
        return first.i
    j = first.i - 2
    while j >= sent.start and (_np_word(doc[j]) or doc[j].text == ","):
        j -= 1
    return j + 1 if j < sent.start else first.i


def _event_head(seg: list[Any], lex: dict[str, Any]) -> bool:
    """Is this phrase another casualty or action ("the wounding", "the capture") rather than people?"""
    heads = [t for t in seg if t.pos_ in ("NOUN", "PROPN", "VERB") and t.tag_ != "PRP$"]
    return bool(heads) and heads[-1].lower_ in lex["verbs"] | lex["of_nouns"] | lex["event_nouns"]


def _age_or_apposition(seg: list[Any], previous: list[Any]) -> bool:
    if all(t.pos_ == "NUM" for t in seg):
        return True
    return all(t.pos_ == "PROPN" or t.text == "-" for t in seg) and previous[-1].tag_ == "NN"


def _segment(doc: Any, i: int, end: int, trigger: Any, lex: dict[str, Any]) -> tuple[list[Any], int]:
    """One noun phrase from token ``i``: determiners, figures, modifiers, then its head."""
    hedge = lex["regex"].match(doc_text(doc), doc[i].idx)
    seg: list[Any] = []
    head_seen = False
    while i < end and doc[i].i != trigger.i:
        t = doc[i]
        inside_hedge = hedge is not None and ((hedge["hedge"] and t.idx < hedge.start("hedge") + len(hedge["hedge"]))
                                              or ((hedge["b1"] or hedge["r1"]) and t.idx < hedge.end()))
        # a range is one figure: "between 26 and 30 soldiers" is not "26" and "30 soldiers"
        if head_seen:
            if t.lower_ == "of" and not _countable(seg[-1], lex):
                return seg, _skip_complement(doc, i + 1, end, trigger)
            if not (t.lower_ in _TAIL_WORDS or (t.lower_ == "of" and _countable(seg[-1], lex))):
                break
            head_seen = t.lower_ != "of"
        elif not (inside_hedge or _np_word(t)):
            break
        elif t.pos_ in ("NOUN", "PROPN", "PRON", "NUM") and t.dep_ not in _MODIFIER_DEPS and t.tag_ != "PRP$" \
                and (t.is_alpha or t.like_num) and not (t.pos_ == "NUM" and i + 1 < end and _acronym(doc[i + 1])):
            head_seen = not (i + 1 < end and doc[i + 1].lower_ == "of" and _countable(t, lex))
        seg.append(t)
        i += 1
    return seg, i


def _skip_complement(doc: Any, i: int, end: int, trigger: Any) -> int:
    """Past the "of ..." complement of a head ("a member [of the X Battalion] and a civilian"):
    it names whose member, so its words (and any figure in a unit name) count no one."""
    while i < end and doc[i].i != trigger.i and (_np_word(doc[i]) or doc[i].lower_ == "and"):
        if doc[i].lower_ in ("and", "&", ","):
            nxt = doc[i + 1] if i + 1 < end else None
            if nxt is None or nxt.pos_ == "NUM" or nxt.lower_ in _COUNTED_STARTS:
                break  # "a member of the X Battalion and [a civilian]": a new victim
            # "4 members of the regime and [their allied militia]": still whose members
        i += 1
    return i


def _acronym(t: Any) -> bool:
    return t.is_upper and t.is_alpha and len(t) >= 2


def _np_word(t: Any) -> bool:
    if (t.ent_type_ in ("DATE", "TIME") and (t.pos_ == "PROPN" or t.lower_ in _TIME_WORDS)) or t.tag_ in ("WP", "WDT"):
        return False
    if _acronym(t):
        return True  # an acronym the tagger took for a verb ("9 IS fighters": "IS" read as "is")
    return t.pos_ in ("DET", "NUM", "ADJ", "NOUN", "PROPN", "PRON", "PART") or t.text in ("-", ".", "'", '"', "\u2018", "\u2019", "\u201c", "\u201d") or t.lower_ == "of" \
        or (t.dep_ == "amod" and t.tag_ in ("VBN", "VBG"))  # "a suspected member", "two wounded soldiers"


def _countable(t: Any, lex: dict[str, Any]) -> bool:
    """A figure or vague word that can take "of": "three of his children", "dozens of people"."""
    return t.pos_ == "NUM" or t.lower_ in lex["countable"]


def _count_segment(seg: list[Any], lex: dict[str, Any]) -> tuple[Quantity, str | None] | None:
    """The figure of one noun phrase and the words naming the victims; None for non-victims."""
    start, end = seg[0].idx, seg[-1].idx + len(seg[-1])
    text = doc_text(seg[0].doc)[start:end]
    heads = [t for t in seg if t.pos_ in ("NOUN", "PROPN", "PRON") and t.tag_ != "PRP$"]
    head = heads[-1] if heads else None
    if head is not None and head.lower_ in lex["not_victims"]:
        return None
    if text.lower() in lex["zero_victims"] or seg[0].lower_ == "no":
        return Quantity(0, None, None, False, text, start, end, "zero-victims"), None
    q = parse_quantity(text)
    if q is not None:
        rest = re.sub(r"^(?:of|more|other|others)\b\s*", "", text[q.end:].strip(), flags=re.I).strip()
        return _shift(q, start), rest or None
    if head is None:
        return None
    single = (head.lower_ in _SINGLE_PRONOUNS if head.pos_ == "PRON"
              else head.tag_ == "NN" or (head.tag_ == "NNP" and head.ent_type_ != "NORP"))
    return Quantity(1 if single else None, None, None, not single, text, start, end,
                    "singular" if single else "plural-no-figure", known=single), text
