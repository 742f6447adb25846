"""Candidate → ``EventMention``: actors, date, figures, sources, place hints, evidence, provenance.

Every field gets a ``Provenance`` with the words it came from and the rule that decided it, so
``sitrep explain`` can show the chain. Actors come from the parse roles (see ``roles.py``),
looked up in the actor dictionary with the document's country focus (so "troops" in a Syrian
story are "Military Forces of Syria"); an attack with no named perpetrator is by an
"Unidentified Armed Group"; unarmed victims are "Civilians".
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitrep.extract.conventions import civilians_are_victims, crowd_sides, identity_militia, rename_by_date
from sitrep.extract.events import Candidate, _dominates, type_provenance
from sitrep.extract.evidence import PLACE_LABELS, _after_locative, _qualifier, evidence_span, sentence_ents
from sitrep.extract.roles import Role
from sitrep.extract.sources import REPORTING, Source
from sitrep.extract.triggers import TriggerLexicon
from sitrep.model import OCCURRENCE, EventMention, Provenance, Span
from sitrep.extract.nlp import doc_text

log = logging.getLogger(__name__)
WEAK_PLACE_LABELS = {"ORG", "PERSON"}
NEUTRAL_KINDS = {"outlet", "monitor"}
ARMED_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
PERPETRATOR_CLASSES = {"attack", "kill", "explosive", "suicide", "grenade", "abduct", "sexual", "air", "shell",
                       "chemical"}
UNIDENTIFIED = "Unidentified Armed Group"
NO_PERPETRATOR = "attack with no named perpetrator"  # actor 1 given by default, read from no words
REPORT_DATE = "date of the report (no other date in the sentence)"
ANAPHORS = {"him", "her", "them"}
TOTAL_RULES = {"count-noun", "toll"}   # casualty rules (numbers.py) that give a total, not a group of victims
PRECISION_DAYS = {"day": 1, "week": 7, "month": 31, "year": 366}


@dataclass
class DocContext:
    """What the builder knows about the whole document while reading its sentences."""

    name: str
    published: str | None
    country: str | None
    paragraph_date: Any = None
    last_paragraph: int = -1
    last_source: Source | None = None


@dataclass
class Draft:
    """An EventMention under construction plus what document-level merging needs."""

    mention: EventMention
    strength: int
    explicit_date: bool
    anaphoric: bool
    hint_keys: set[str] = field(default_factory=set)
    sentences: set[int] = field(default_factory=set)
    actor_rules: dict[str, str] = field(default_factory=dict)


def is_state_name(name: str | None) -> bool:
    """"Military Forces of Iraq", or "Military Forces" of a country the article does not name."""
    return bool(name) and name.startswith(("Military Forces", "Police Forces"))


class MentionBuilder:
    """Fills an EventMention from a candidate, using the helper modules when they are present."""

    def __init__(self, lexicon: TriggerLexicon, actors: Any, find_dates: Any, background_days: int):
        self.lex, self.actors, self.find_dates = lexicon, actors, find_dates
        self._markers = sorted(lexicon.lists.get("new_event_markers", ()), key=len, reverse=True)  # longest first
        self.background_days = background_days

    # -- actors ---------------------------------------------------------------------------
    def actor_matches(self, text: str, offset: int, country: str | None) -> list[Any]:
        if self.actors is None or not text.strip():
            return []
        try:
            return [m for m in self.actors.find(text, offset=offset, country=country)
                    if str(getattr(m, "kind", "")) not in NEUTRAL_KINDS]
        except Exception:  # a dictionary bug must not lose the event
            log.debug("actor lookup failed on %r", text[:80], exc_info=True)
            return []

    def role_actor(self, role: Role | None, country: str | None) -> tuple[str | None, Provenance | None]:
        """Canonical actor named by a role's phrase, or Civilians for unarmed victims."""
        if role is None:
            return None, None
        tok = role.token
        if role.rule == "modifier of the event noun":  # "Russian shelling": the demonym names the side
            span = tok.doc[tok.left_edge.i:tok.head.i + 1]
            matches = self.actor_matches(span.text, span.start_char, country)
            if matches:
                m = matches[0]
                return m.name, Provenance("actor", m.name, f"{role.rule} + actor dictionary", m.start, m.end, m.text)
            return None, None
        start = tok.left_edge.i if role.start is None else min(role.start, tok.left_edge.i)
        while start > 0 and tok.doc[start - 1].is_upper and tok.doc[start - 1].is_alpha:
            start -= 1  # an acronym the parser split off ("IS members" with "IS" read as a verb)
        end = tok.right_edge.i + 1
        if end < len(tok.doc) and tok.doc[end].is_upper and tok.doc[end].dep_ in ("aux", "auxpass"):
            end += 1  # "Members of IS shot": the same slip on the right
        span = tok.doc[start:end]
        matches = self.actor_matches(span.text, span.start_char, country)
        if matches:
            m = next((m for m in matches if m.start <= tok.idx < m.end), matches[0])
            named = self._identified_as(m, matches, tok.doc)
            if named is None and m.kind == "unidentified":  # "gunmen, believed to be IS members, attacked":
                wide = tok.doc[start:min(tok.sent.end, end + 8)]  # the apposition is outside the phrase
                named = self._identified_as(m, self.actor_matches(wide.text, wide.start_char, country), tok.doc)
            if named is not None:
                return named.name, Provenance("actor", named.name, f"{role.rule}: unnamed attackers identified as "
                                              f"'{named.text}'", named.start, named.end, named.text)
            wide = tok.doc[start:min(tok.sent.end, end + 14)]
            umbrella = self._umbrella(m, self.actor_matches(wide.text, wide.start_char, country), tok.doc) \
                if self._may_name_umbrella(wide.text) else None
            if umbrella is not None:
                return umbrella.name, Provenance("actor", umbrella.name, f"{role.rule}: '{m.text}' fights under "
                                                 f"'{umbrella.text}'", umbrella.start, umbrella.end, umbrella.text)
            return m.name, Provenance("actor", m.name, f"{role.rule} + actor dictionary", m.start, m.end, m.text)
        toks = list(span)
        ident = identity_militia(toks, country)
        if ident is not None:
            return ident[0], Provenance("actor", ident[0], f"{role.rule}: identity militia ('{ident[1].text}')",
                                        span.start_char, span.end_char, span.text)
        if self.lex.has("civilian_words", toks) and not self.lex.has("armed_words", toks):
            name = f"Civilians ({country})" if country else "Civilians"
            return name, Provenance("actor", name, f"{role.rule}: unarmed victims",
                                    span.start_char, span.end_char, span.text)
        return None, None

    def _identified_as(self, m: Any, matches: list[Any], doc: Any) -> Any:
        """The named group an unnamed attacker is said to belong to ("gunmen believed to be IS members"),
        when a cue word (triggers.yaml: identified_as_cues) stands between the two mentions."""
        if m.kind != "unidentified":
            return None
        cues = self.lex.lists.get("identified_as_cues", set())
        for other in matches:
            if other.start >= m.end and other.kind not in ("unidentified", "civilian", "protester", "rioter"):
                between = _words_between(doc_text(doc), m.end, other.start)
                return other if len(between) <= 6 and any(w in cues for w in between) else None
        return None

    def _may_name_umbrella(self, text: str) -> bool:
        """Every word of some umbrella cue occurs in ``text``: only then is the second dictionary
        lookup of ``_umbrella`` worth running (it runs for each actor of each event)."""
        low = text.lower()
        return any(all(w in low for w in cue.split()) for cue in self.lex.lists["umbrella_cues"])

    def _umbrella(self, m: Any, matches: list[Any], doc: Any) -> Any:
        """The operation or command a group fights under ("JWS factions, operating under Operation
        Peace Spring"): an actor at most six words after ``m`` (or after a partner joined to it by
        "and": "Turkish forces and pro-Turkey factions, operating under …") behind an umbrella cue."""
        end = m.end
        for other in (o for o in matches if o.start >= m.end and o.name != m.name):
            words = _words_between(doc_text(doc), end, other.start)
            between = " ".join(w for w in words if w)
            if len(words) <= 6 and any(between.endswith(cue) for cue in self.lex.lists["umbrella_cues"]):
                return other
            if words and (words[0] != "and" or len(words) > 3):
                return None
            end = other.end
        return None

    def is_state(self, role: Role | None, country: str | None) -> bool:
        """Is the role's actor a state force? Named as one ("Military Forces of Iraq"), or, when the
        dictionary names no actor (a country it cannot tell, a fictional one), said in words only
        state forces are called by ("government forces", "the army", "troopers", triggers.yaml)."""
        name = self.role_actor(role, country)[0]
        if name is not None or role is None:
            return is_state_name(name)
        tok = role.token
        return self.lex.has("state_words", list(tok.doc[tok.left_edge.i:tok.i + 1]))

    def resolve_actors(self, c: Candidate, ctx: DocContext,
                       sent_actors: list[Any]) -> tuple[list[Provenance], str | None, str | None]:
        """actor1/actor2 from the parse roles, then victims, crowds, 'Unidentified', other parties."""
        a1, p1 = self.role_actor(c.roles[0], ctx.country)
        a2, p2 = self.role_actor(c.roles[1], ctx.country)
        if a2 is None:
            a2, p2 = self._victims(c, ctx)
        (a1, p1), (a2, p2) = crowd_sides(c.event_type, (a1, p1), (a2, p2), ctx.country)
        (a1, p1), (a2, p2) = civilians_are_victims((a1, p1), (a2, p2))
        ident = identity_militia(c.sent, ctx.country) if a1 is None and c.event_type in ARMED_TYPES else None
        if ident is not None:  # "tribal clashes", "clashes among cousins of the X tribe"
            a1, p1 = ident[0], Provenance("actor", ident[0], f"identity militia named in the sentence "
                                          f"('{ident[1].text}')", ident[1].idx, ident[1].idx + len(ident[1]), ident[1].text)
            if a2 is None and c.event_type == "Battles":
                a2, p2 = a1, p1  # fighting within one tribe or clan
        if a1 is None:
            others = [m for m in sent_actors if m.name != a2 and m.kind not in ("civilian", "protester")]
            if others and (c.trigger.cls not in PERPETRATOR_CLASSES or c.event_type == "Battles" and
                           c.trigger.cls == "clash") or (others and c.trigger.cls in ("territory", "arrest")):
                m = others[0]
                a1, p1 = m.name, Provenance("actor", m.name, "fallback: other actor named in the sentence",
                                            m.start, m.end, m.text)
                named = self._identified_as(m, others, c.sent.doc)
                if named is not None:
                    a1, p1 = named.name, Provenance("actor", named.name, "fallback: unnamed attackers identified as "
                                                    f"'{named.text}'", named.start, named.end, named.text)
            elif c.trigger.cls in PERPETRATOR_CLASSES or c.event_type in ("Battles", "Explosions/Remote violence",
                                                                          "Violence against civilians"):
                name = f"{UNIDENTIFIED} ({ctx.country})" if ctx.country else UNIDENTIFIED
                a1, p1 = name, Provenance("actor", name, NO_PERPETRATOR)
        if a2 is None and c.trigger.cls == "clash" and a1 is not None:
            others = [m for m in sent_actors if m.name not in (a1,)]
            if others:
                m = others[0]
                a2, p2 = m.name, Provenance("actor", m.name, "fallback: other party named in the sentence",
                                            m.start, m.end, m.text)
        prov = []
        for fld, name, p in (("actor1", a1, p1), ("actor2", a2, p2)):
            if p is not None:
                prov.append(Provenance(fld, name, p.rule, p.start, p.end, p.text))
        return prov, a1, a2

    def _victims(self, c: Candidate, ctx: DocContext) -> tuple[str | None, Provenance | None]:
        for cas in c.casualties:
            text = getattr(cas, "victim_text", None) or ""
            if not text:
                continue
            start = doc_text(c.sent.doc).find(text, c.sent.start_char) if text else -1
            matches = self.actor_matches(text, max(start, 0), ctx.country)
            if matches:
                m = matches[0]
                return m.name, Provenance("actor", m.name, f"victims of '{cas.kind}' + actor dictionary",
                                          m.start, m.end, m.text)
            words = [w.strip(".,").lower() for w in text.split()]
            civ, armed = self.lex.lists.get("civilian_words", set()), self.lex.lists.get("armed_words", set())
            if any(w in civ for w in words) and not any(w in armed for w in words):
                name = f"Civilians ({ctx.country})" if ctx.country else "Civilians"
                return name, Provenance("actor", name, f"unarmed victims of '{cas.kind}'", None, None, text)
        return None, None

    # -- dates ----------------------------------------------------------------------------
    def pick_date(self, c: Candidate, ctx: DocContext) -> tuple[Any, str]:
        """The date match tied to the trigger: in its subtree, else not a report date, else nearest."""
        if self.find_dates is None or not ctx.published:
            return None, "no date module"
        sent = c.sent
        try:
            matches = self.find_dates(sent.text, ctx.published, offset=sent.start_char)
        except Exception:
            log.debug("date lookup failed in %s", ctx.name, exc_info=True)
            matches = []
        best, best_key, rule = None, None, ""
        others = [sent.doc[t.head] for t in self.lex.find(sent) if t.head != c.head.i] if matches else []
        dated_report = any(getattr(m, "reporting", False) for m in matches)
        for m in matches:
            span = sent.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            tok = span.root
            if _other_clause(tok, c.head, others):
                continue  # "marched to the grave of a man who was killed in 1998": not the march's date
            if _dominates(c.head, tok) is not None:
                key, why = 0, "date words governed by the trigger"
            elif getattr(m, "reporting", False) or (_report_date(tok) and not dated_report):
                # "on Tuesday claimed an attack late on Sunday": once words date the report, another
                # date the parser hangs on the same verb is the event's
                key, why = 3, REPORT_DATE
            else:
                key, why = 1, "date words in the trigger's sentence"
            key = (key, abs(m.start - c.head.idx))
            if best_key is None or key < best_key:
                best, best_key, rule = m, key, why
        return best, rule

    # -- the mention ----------------------------------------------------------------------
    def build(self, c: Candidate, ctx: DocContext, sources: list[Source], sent_actors: list[Any],
              others: list[Candidate] | None = None) -> Draft:
        doc = c.sent.doc
        sent = c.sent
        m = EventMention(doc=ctx.name, index=0, event_type=c.event_type, sub_event_type=c.sub_event_type,
                         modality=c.modality.value, trigger=doc[c.trigger.start:c.trigger.end].text)
        prov = type_provenance(c)
        actor_prov, m.actor1, m.actor2 = self.resolve_actors(c, ctx, sent_actors)
        prov += actor_prov
        prov += self._figures(c, m)
        explicit = self._date(c, ctx, m, prov)
        self._sources(c, m, sources, prov)
        m.provenance = prov
        rename_by_date(m, getattr(self.actors, "renamed", None))
        prov = m.provenance
        cue = c.modality.cue
        if cue is not None:
            prov.append(Provenance("modality", m.modality, c.modality.rule, cue.idx, cue.idx + len(cue.text), cue.text))
        else:
            prov.append(Provenance("modality", m.modality, c.modality.rule))
        ev = evidence_span(c, others or [])
        m.evidence = [Span(ev.start_char, ev.end_char, ev.text)]
        m.place_hints = self._place_hints(c, sent_actors, sources)
        m.provenance = prov
        anaphoric = c.head.pos_ == "NOUN" and any(ch.dep_ == "det" and ch.lower_ in ("the", "this", "that")
                                                  for ch in c.head.children)
        marker = self._opens_new_event(sent)
        if marker is not None and not anaphoric:
            m.provenance.append(Provenance(OCCURRENCE, "new", f"sentence opens with {marker!r}",
                                           sent.start_char, sent.end_char, sent.text))
        return Draft(m, c.strength, explicit, anaphoric, {h.text.lower() for h in m.place_hints}, {sent.start_char})

    def _opens_new_event(self, sent: SpacySpan) -> str | None:
        """"Meanwhile, …", "Separately, …", "In another attack, …": the writer says a new occurrence
        starts here, so it is not folded into the one told before (triggers.yaml new_event_markers)."""
        opening = " ".join(sent.text.lstrip(" \"'“‘(-–—").lower().split()[:4])
        return next((marker for marker in self._markers
                     if opening.startswith(marker) and opening[len(marker):len(marker) + 1] in ("", " ", ",")), None)

    def add_trailing_figures(self, draft: Draft, sent: SpacySpan, casualties: list[Any]) -> None:
        """A figure told in the next sentence of the same paragraph ("Five fatalities.") belongs to
        the event just reported; it never lowers a figure already found, only fills or raises it."""
        m = draft.mention
        last = max(e.end for e in m.evidence) if m.evidence else 0
        text = doc_text(sent.doc)
        if not casualties or "\n\n" in text[last:sent.start_char] or sent.start_char - last > 400:
            return
        for kind, fld in (("killed", "fatalities"), ("injured", "injuries")):
            value = _trailing_total(casualties, kind)
            if value is not None and (getattr(m, fld) is None or value > getattr(m, fld)):
                setattr(m, fld, value)
                if fld == "fatalities":
                    m.fatalities_low = min(m.fatalities_low or value, value)
                    m.fatalities_high = max(m.fatalities_high or value, value)
                m.provenance = [p for p in m.provenance if p.field != fld] + [Provenance(
                    fld, value, "figure in the following sentence", sent.start_char, sent.end_char, sent.text)]

    def _figures(self, c: Candidate, m: EventMention) -> list[Provenance]:
        """Fatalities and injuries: figures for different victims add up; the same victims told twice
        (overlapping phrases: "the body of a soldier was found killed") count once, and a total
        without victims ("... 1 fatality", "the toll rose to 9") or a pronoun ("killing him") is a floor,
        not more victims."""
        prov, seen = [], set()
        groups: dict[str, list[list[Any]]] = {"killed": [], "injured": []}   # [value, low, high, start, end]
        totals: dict[str, list[int]] = {"killed": [], "injured": []}
        for cas in c.casualties:
            q = cas.quantity
            victims = " ".join((getattr(cas, "victim_text", "") or "").lower().split()[-2:])
            key = (cas.kind, q.value, victims)
            if (cas.kind, q.start, q.end) in seen or key in seen or cas.kind not in groups or q.value is None:
                continue  # the same figure for the same victims told twice (headline + lead) counts once
            seen.update({(cas.kind, q.start, q.end), key})
            low = q.low if q.low is not None else q.value
            high = q.high if q.high is not None else q.value
            if (cas.rule in TOTAL_RULES and not getattr(cas, "victim_text", None)) or victims in ANAPHORS:
                # a total, or "..., killing him": a pronoun names victims already counted
                totals[cas.kind].append(q.value)
            else:
                same = next((g for g in groups[cas.kind] if g[3] < cas.end and cas.start < g[4]), None)
                if same is None:
                    groups[cas.kind].append([q.value, low, high, cas.start, cas.end])
                elif q.value > same[0]:
                    same[:3] = [q.value, low, high]
            prov.append(Provenance("fatalities" if cas.kind == "killed" else "injuries", q.value,
                                   f"{cas.rule} / {q.rule}", cas.start, cas.end,
                                   doc_text(c.sent.doc)[cas.start:cas.end]))
        for kind in ("killed", "injured"):
            if not groups[kind] and not totals[kind]:
                continue
            value, low, high = (sum(g[i] for g in groups[kind]) for i in range(3))
            top = max(totals[kind], default=0)
            if top > value:
                value, low, high = top, top, max(high, top)
            if kind == "killed":
                m.fatalities, m.fatalities_low, m.fatalities_high = value, low, high
            else:
                m.injuries = value
        return prov

    def _date(self, c: Candidate, ctx: DocContext, m: EventMention, prov: list[Provenance]) -> bool:
        match, rule = self.pick_date(c, ctx)
        paragraph = doc_text(c.sent.doc).count("\n\n", 0, c.sent.start_char)
        if match is not None and rule == REPORT_DATE:
            m.event_date = match.date
            m.date_precision = "week" if match.precision == "day" else match.precision
            prov.append(Provenance("event_date", match.date, f"{match.rule}: {rule}, week precision",
                                   match.start, match.end, match.text))
            explicit = False
        elif match is not None:
            m.event_date, m.date_precision = match.date, match.precision
            prov.append(Provenance("event_date", match.date, f"{match.rule}: {rule}", match.start, match.end,
                                   match.text))
            ctx.paragraph_date, ctx.last_paragraph = match, paragraph
            explicit = match.date != ctx.published  # the publication day may be the report's, not the event's
        elif ctx.paragraph_date is not None and ctx.last_paragraph == paragraph:
            pm = ctx.paragraph_date
            m.event_date, m.date_precision = pm.date, pm.precision
            prov.append(Provenance("event_date", pm.date, "no date words: date of the paragraph's previous event",
                                   pm.start, pm.end, pm.text))
            explicit = True
        elif ctx.paragraph_date is not None and _days_before(ctx.paragraph_date.date, ctx.published) in range(0, 8):
            pm = ctx.paragraph_date  # "Meanwhile, ..." in a later paragraph: the same news cycle as the last date
            m.event_date, m.date_precision = pm.date, "week"
            prov.append(Provenance("event_date", pm.date, "no date words: date of the article's last dated event "
                                   "(within a week of publication), week precision", pm.start, pm.end, pm.text))
            explicit = False
        else:
            m.event_date, m.date_precision = ctx.published, "week"
            prov.append(Provenance("event_date", ctx.published, "no date words: publication date, week precision"))
            explicit = False
        m.background, why = self._background(m, ctx.published)
        prov.append(Provenance("background", m.background, why))
        return explicit

    def _background(self, m: EventMention, published: str | None) -> tuple[bool, str]:
        try:
            start = dt.date.fromisoformat(str(m.event_date)[:10])
            pub = dt.date.fromisoformat(str(published)[:10])
        except (TypeError, ValueError):
            return False, "no dates to compare"
        end = start + dt.timedelta(days=PRECISION_DAYS.get(m.date_precision, 1) - 1)
        days = (pub - end).days
        return days > self.background_days, f"{days} days before publication (limit {self.background_days})"

    def _sources(self, c: Candidate, m: EventMention, sources: list[Source], prov: list[Provenance]) -> None:
        for s in sources:
            if s.name not in m.sources:
                m.sources.append(s.name)
                prov.append(Provenance("sources", s.name, s.rule, s.start, s.end, s.text))
            if s.party and s.verb is not None and m.modality == "asserted" and _dominates(s.verb, c.head) is not None:
                m.modality, m.attributed_to = "claimed", s.name
                c.modality.rule = f"reported by a party to the fighting ({s.name} {s.verb.lemma_})"
                c.modality.cue = s.verb
            self._claimant(s, m, prov)
        if m.modality == "claimed" and m.attributed_to is None and m.sources:
            m.attributed_to = m.sources[0]

    def _claimant(self, s: Source, m: EventMention, prov: list[Provenance]) -> None:
        """An attack told without its perpetrator, claimed in the same sentence by an armed group
        ("an attack ... later claimed by the Islamic State group"), is coded to the claimant."""
        if not (s.party and s.verb is not None and s.verb.lemma_.lower() == "claim"):
            return
        if not any(p.field == "actor1" and p.rule == NO_PERPETRATOR for p in prov):
            return
        m.actor1 = s.speaks_for or s.name
        prov[:] = [p for p in prov if p.field != "actor1"] + [Provenance(
            "actor1", m.actor1, f"claimed by {s.text!r} ({s.rule})", s.start, s.end, s.text)]

    def _place_hints(self, c: Candidate, sent_actors: list[Any], sources: list[Source]) -> list[Span]:
        """Place-like entity spans of the sentence, those inside the trigger's phrase first."""
        taken = [(a.start, a.end) for a in sent_actors] + [(s.start, s.end) for s in sources]
        hints = []
        for ent in sentence_ents(c.sent):
            if ent.label_ not in PLACE_LABELS | WEAK_PLACE_LABELS:
                continue
            if any(s < ent.end_char and ent.start_char < e for s, e in taken):
                continue
            if ent.label_ in WEAK_PLACE_LABELS and not _after_locative(ent):
                continue
            if _qualifier(ent):
                continue  # "Idlib-based extremists", "Iranian-backed": a description, not the place
            inside = _dominates(c.head, ent.root) is not None
            hints.append(((0 if inside else 1, 0 if _after_locative(ent) else 1, abs(ent.start_char - c.head.idx)),
                          Span(ent.start_char, ent.end_char, ent.text)))
        return [h for _, h in sorted(hints, key=lambda x: x[0])]


def _days_before(date: Any, published: str | None) -> int:
    """Days from ``date`` to the publication date (-1 when either is missing or unreadable)."""
    try:
        return (dt.date.fromisoformat(str(published)[:10]) - dt.date.fromisoformat(str(date)[:10])).days
    except (TypeError, ValueError):
        return -1


def _trailing_total(casualties: list[Any], kind: str) -> int | None:
    values = [c.quantity.value for c in casualties if c.kind == kind and c.quantity.value is not None]
    return max(values) if values else None


def _words_between(text: str, start: int, end: int) -> list[str]:
    """The lower-cased words of ``text[start:end]``, punctuation around them dropped."""
    return [w.strip(".,;:()").lower() for w in text[start:end].split()]


def _other_clause(tok: Token, head: Token, others: list[Token]) -> bool:
    """Is ``tok`` inside a relative clause that tells another event ("a reporter who was killed in
    1998") and not this one? A clause describing the event's own weapon ("IEDs which had been
    planted on Sunday") keeps its date."""
    for a in [tok] + list(tok.ancestors):
        if a.dep_ == "relcl":
            return _dominates(a, head) is None and any(_dominates(a, o) is not None for o in others)
    return False


def _report_date(tok: Token) -> bool:
    """Is this date attached to a reporting verb ("SANA reported on 14 August")?"""
    for a in [tok] + list(tok.ancestors):
        if a.pos_ == "VERB":
            return a.lemma_.lower() in REPORTING
    return False
