"""Extraction stage: clean documents in, ``EventMention`` records out.

``Extractor(settings).pipe(docs)`` parses a batch with spaCy's ``nlp.pipe`` and, per sentence,
finds triggers (triggers.py), groups them into candidate events with parse roles and casualty
figures (events.py, roles.py), decides modality (modality.py) and attribution (sources.py),
fills dates, actors, place hints, evidence and provenance (build.py); the learned event gate
(gate.py) keeps what reports one specific occurrence as events and the rest (habits, counts,
crime, disasters, diplomacy) as context, and may retype; then repeats of one event within the
article are folded (docmerge.py). The date, number and actor modules are written
alongside; until one is installed its fields stay empty rather than failing the batch.
"""
from __future__ import annotations

import logging
from typing import Any

from sitrep.config import Settings
from sitrep.model import Document, EventMention, Provenance

log = logging.getLogger(__name__)


def _optional(module: str, name: str) -> Any:
    """A helper function/class from a sibling module, or None while that module is absent."""
    try:
        mod = __import__(f"sitrep.extract.{module}", fromlist=[name])
        return getattr(mod, name)
    except (ImportError, AttributeError) as exc:
        log.warning("sitrep.extract.%s.%s unavailable (%s): its fields stay empty", module, name, exc)
        return None


class Extractor:
    """Loads the NLP pipeline and dictionaries once; ``pipe`` extracts events from a batch."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._loaded = False

    def _load(self) -> None:
        from sitrep.extract.build import MentionBuilder
        from sitrep.extract.focus import CountryFocus
        from sitrep.extract.gate import EventGate
        from sitrep.extract.events import SentenceReader
        from sitrep.extract.modality import ModalityRules
        from sitrep.extract.nlp import load_nlp
        from sitrep.extract.sources import SourceFinder
        from sitrep.extract.triggers import TriggerLexicon

        self.nlp = load_nlp(self.settings)
        dictionary = _optional("actors", "ActorDictionary")
        self.actors = dictionary.load(self.settings) if dictionary is not None else None
        lexicon = TriggerLexicon(self.nlp)
        self.reader = SentenceReader(lexicon, ModalityRules(self.nlp), _optional("numbers", "find_casualties"))
        self.builder = MentionBuilder(lexicon, self.actors, _optional("dates", "find_dates"),
                                      int(self.settings.get("extract", "background_days")))
        self.sources = SourceFinder(self.actors)
        self.focus = CountryFocus(self.actors)
        self.gate = EventGate() if self.settings.get("extract", "event_gate") else None
        self._loaded = True

    def pipe(self, docs: list[Document]) -> list[list[EventMention]]:
        """Event mentions per document, in order; non-English or empty documents get none."""
        if not self._loaded:
            self._load()
        results: list[list[EventMention]] = [[] for _ in docs]
        todo = []
        for i, d in enumerate(docs):
            if d.language not in (None, "", "en"):
                log.info("%s: skipped, language %r is not English", d.name, d.language)
            elif d.text and d.text.strip():
                todo.append(i)
        limit = self.nlp.max_length
        texts = (docs[i].text[:limit] for i in todo)
        batch = int(self.settings.get("extract", "batch_size"))
        for i, parsed in zip(todo, self.nlp.pipe(texts, batch_size=batch)):
            results[i] = self.extract_parsed(docs[i], parsed)
        return results

    def extract_parsed(self, doc: Document, parsed: Any) -> list[EventMention]:
        """Events of one parsed document (sentence candidates, then within-document merging)."""
        from sitrep.extract.build import DocContext
        from sitrep.extract.evidence import worth_keeping
        from sitrep.extract.docmerge import fill_from_antecedent, merge_drafts
        from sitrep.extract.gate import OUT_OF_SCOPE, SPECIFIC, apply_verdict

        ctx = DocContext(doc.name, doc.published, self._country(doc))
        doc.name_spans = []

        read = [(sent, self.reader.read(sent, is_state=lambda role: self.builder.is_state(role, ctx.country)))
                for sent in parsed.sents]
        verdicts = self.gate.judge([sent.text for sent, _ in read]) if self.gate else [None] * len(read)
        drafts: list[Any] = []
        context: list[EventMention] = []
        out_of_scope: list[Any] = []  # drafts the gate read as crime, accident, disaster or statement
        for (sent, cands), verdict in zip(read, verdicts):
            if not cands:
                cands = self._proposed(sent, verdict)
            if not cands:
                if drafts and not self.reader.lex.find(sent):
                    self.builder.add_trailing_figures(drafts[-1], sent, self.reader.casualties_of(sent))
                continue
            sent_actors = self.builder.actor_matches(sent.text, sent.start_char, ctx.country)
            doc.name_spans += [(a.start, a.end) for a in sent_actors if a.kind in PROPER_NAME_KINDS and " " in a.text]
            sources = self.sources.find(sent, country=ctx.country)
            for cand in cands:
                draft = self.builder.build(cand, ctx, sources, sent_actors, cands)
                why = worth_keeping(draft, cand)
                if why:
                    log.debug("%s: dropped %r (%s)", doc.name, cand.trigger.text, why)
                elif apply_verdict(draft.mention, verdict, alone=len(cands) == 1) != SPECIFIC:
                    context.append(draft.mention)
                    if draft.mention.specificity == OUT_OF_SCOPE:
                        out_of_scope.append(draft)
                elif _retold(draft, out_of_scope, verdict):
                    context.append(draft.mention)
                else:
                    fill_from_antecedent(draft, drafts)
                    drafts.append(draft)
        mentions = merge_drafts(drafts)
        for i, m in enumerate(context, len(mentions)):
            m.index = i
        mentions += context
        for m in mentions:  # "sources told the Euphrates Post": the outlet itself is not a source
            m.sources = [s for s in m.sources if not _same_name(s, doc.outlet)]
        return mentions

    def _proposed(self, sent: Any, verdict: Any) -> list[Any]:
        """The gate's own event in a sentence the trigger words missed, when it is sure (gate.yaml)."""
        label = verdict.proposal() if verdict is not None and verdict.specificity == "specific" else None
        if label is None:
            return []
        from sitrep.extract.gate import gate_rules
        rules = gate_rules()
        cand = self.reader.propose(sent, rules.classes[label], rules.subtypes[label], label,
                                   f"event gate proposal: {verdict.describe()}")
        return [cand] if cand is not None else []

    def country_hint(self, text: str) -> tuple[str | None, float]:
        """The country an article's region names, actors and demonyms point to ("HTS", "regime
        forces" -> Syria) and the weight of that evidence, for the geocoder: a lone village name
        cannot say which country it is in."""
        if not self._loaded:
            self._load()
        country, weight, _ = self.focus.weighed(text)
        return country, weight

    def _country(self, doc: Document) -> str | None:
        """The article's country focus (for "troops", "gunmen"): the geocoder's, else region words,
        else actor and demonym mentions."""
        if doc.country:
            return self.focus.canonical(doc.country)
        return self.focus.of(doc.text)[0]


# Kinds of actor whose dictionary names are proper names of one group ("Islamic State West Africa
# Province", "Deir ez-Zor Military Council"); state forces and police are named after the place
# they serve ("Kirkuk police"), which can be where the event was.
PROPER_NAME_KINDS = {"rebel", "militia", "political", "external", "identity"}


def _retold(draft: Any, out_of_scope: list[Any], verdict: Any) -> bool:
    """Is this mention an occurrence the article already told as out of scope ("a chemical plant
    exploded ... The blast killed six")? The nature of one occurrence is decided once: a later
    sentence about it that names no weapon of war inherits the verdict (and says so)."""
    from sitrep.extract.docmerge import same_event
    from sitrep.extract.gate import OUT_OF_SCOPE

    if verdict is None or verdict.war:
        return False
    m = draft.mention
    earlier = next((o for o in out_of_scope if o.mention.event_type == m.event_type and same_event(o, draft)), None)
    if earlier is None:
        return False
    m.specificity = OUT_OF_SCOPE
    m.provenance.append(Provenance("specificity", OUT_OF_SCOPE, "same occurrence as an out-of-scope report: "
                                   f"{earlier.mention.trigger!r} ({_gate_label(earlier.mention)})"))
    return True


def _gate_label(m: EventMention) -> str:
    return next((p.rule for p in reversed(m.provenance) if p.field == "specificity"), "event gate")


def _same_name(a: str, b: str | None) -> bool:
    """Names equal after case, "the" and punctuation are ignored ("the Euphrates Post" = "Euphrates Post")."""
    def key(x: str) -> str:
        return " ".join(w for w in "".join(c if c.isalnum() else " " for c in x.lower()).split() if w != "the")
    return bool(b) and key(a) == key(b)
