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
from typing import Any, Callable

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
        # NER only on the sentences extraction reads (selective.py); needs a pipeline whose NER has
        # its own token-to-vector layer, as en_core_web_sm's has
        self._selective = bool(self.settings.get("extract", "selective_ner")) and "ner" in self.nlp.pipe_names \
            and _own_tok2vec(self.nlp.get_pipe("ner"))
        # sentences from senter, the parser only on those extraction reads (parseplan.py); needs
        # selective NER's conditions and a senter with its own token-to-vector layer
        self._forms = None
        if self._selective and self.settings.get("extract", "selective_parse") and "senter" in self.nlp.component_names \
                and _own_tok2vec(self.nlp.get_pipe("senter")):
            from sitrep.extract.parseplan import TriggerForms
            self._forms = TriggerForms(self.nlp, lexicon)
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
        batch = int(self.settings.get("extract", "batch_size"))
        if not self._selective:
            texts = (docs[i].text[:limit] for i in todo)
            for i, parsed in zip(todo, self.nlp.pipe(texts, batch_size=batch)):
                results[i] = self.extract_parsed(docs[i], parsed)
            return results
        for at in range(0, len(todo), batch):
            chunk = todo[at:at + batch]
            parsed, plans = self._parse([docs[i].text[:limit] for i in chunk], batch)
            for i, p, (sents, verdicts, keep) in zip(chunk, parsed, plans):
                results[i] = self.extract_parsed(docs[i], p, sents=sents, verdicts=verdicts, keep=keep)
        return results

    def _parse(self, texts: list[str], batch: int) -> tuple[list[Any], list[tuple[list[Any], list[Any], list[bool]]]]:
        """Parse a batch as far as extraction reads it, with each document's plan (``_plan``).

        ``extract.selective_parse``: sentences from ``senter``, then tagger, parser and NER on the
        needed sentences only (parseplan.py); else everything but NER over the whole text, then
        NER on the needed sentences (selective.py)."""
        from sitrep.extract.selective import recognise, regions
        if self._forms is not None:
            from sitrep.extract.parseplan import parse_needed, split
            parsed = split(self.nlp, texts, batch_size=batch)
            plans = [self._plan(p, self._forms.may_trigger) for p in parsed]
            parse_needed(self.nlp, parsed, [sents for sents, _, _ in plans], [keep for _, _, keep in plans],
                         batch_size=batch)
            return parsed, plans
        parsed = list(self.nlp.pipe(texts, batch_size=batch, disable=["ner"]))
        plans = [self._plan(p) for p in parsed]
        recognise(self.nlp.get_pipe("ner"), parsed,
                  [regions(sents, keep, len(p)) for p, (sents, _, keep) in zip(parsed, plans)], batch_size=batch)
        return parsed, plans

    def _plan(self, parsed: Any, has_trigger: Callable[[Any], bool] | None = None) \
            -> tuple[list[Any], list[Any], list[bool]]:
        """A document's sentences, the gate's verdicts and which sentences extraction will read
        (``selective.needed``). ``has_trigger(sentence)``, the trigger lexicon by default, may
        answer yes too often, never too rarely."""
        from sitrep.extract.selective import needed
        has_trigger = has_trigger or (lambda sent: bool(self.reader.lex.find(sent)))
        sents = list(parsed.sents)
        verdicts = self._verdicts(sents)
        keep = needed(sents, has_trigger, [_proposal_label(v) is not None for v in verdicts])
        return sents, verdicts, keep

    def _verdicts(self, sents: list[Any]) -> list[Any]:
        return self.gate.judge([sent.text for sent in sents]) if self.gate else [None] * len(sents)

    def extract_parsed(self, doc: Document, parsed: Any, *, sents: list[Any] | None = None,
                       verdicts: list[Any] | None = None, keep: list[bool] | None = None) -> list[EventMention]:
        """Events of one parsed document (sentence candidates, then within-document merging).

        ``keep`` (from ``_plan``) skips the sentences that can give nothing: no trigger word, no
        gate proposal, no figure for the event before; ``sents`` and ``verdicts`` are passed when
        already computed."""
        from sitrep.extract.build import DocContext
        from sitrep.extract.evidence import worth_keeping
        from sitrep.extract.docmerge import fill_from_antecedent, merge_drafts
        from sitrep.extract.gate import OUT_OF_SCOPE, SPECIFIC, apply_verdict, gate_rules

        ctx = DocContext(doc.name, doc.published, self._country(doc))
        doc.name_spans = []

        sents = list(parsed.sents) if sents is None else sents
        verdicts = self._verdicts(sents) if verdicts is None else verdicts
        drafts: list[Any] = []
        context: list[EventMention] = []
        out_of_scope: list[Any] = []  # drafts the gate read as crime, accident, disaster or statement
        for sent, verdict, wanted in zip(sents, verdicts, keep or [True] * len(sents)):
            if not wanted:
                continue
            cands = self.reader.read(sent, is_state=lambda role: self.builder.is_state(role, ctx.country))
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
                elif apply_verdict(draft.mention, verdict, alone=len(cands) == 1, told=cand.told) != SPECIFIC \
                        and not _continues(draft, cand, drafts):
                    context.append(draft.mention)
                    if draft.mention.specificity == OUT_OF_SCOPE and verdict is not None \
                            and verdict.p_out >= gate_rules().retold:
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
        label = _proposal_label(verdict)
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


def _own_tok2vec(component: Any) -> bool:
    """Does a pipeline component embed its tokens itself (no listener to a shared tok2vec)?"""
    return not any(node.name.startswith("tok2vec-listener") for node in component.model.walk())


def _proposal_label(verdict: Any) -> str | None:
    """The sub-event type the gate proposes for a sentence (``_proposed``), or None."""
    return verdict.proposal() if verdict is not None and verdict.specificity == "specific" else None


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


def _continues(draft: Any, cand: Any, drafts: list[Any]) -> bool:
    """Is this casualty sentence the toll of the occurrence told just before it ("Gunmen attacked a
    checkpoint on Monday. A soldier was killed along with a gunman")? The gate reads a sentence
    alone and may take a bare report of deaths for a crime; the nature of one occurrence is decided
    once, by the sentence that tells it (the mirror of ``_retold``), so the toll joins that event."""
    from sitrep.extract.build import UNIDENTIFIED
    from sitrep.extract.docmerge import same_event
    from sitrep.extract.gate import OUT_OF_SCOPE, SPECIFIC
    from sitrep.extract.nlp import doc_text

    m = draft.mention
    if m.specificity != OUT_OF_SCOPE or cand.trigger.cls != "kill" or not drafts \
            or not (m.actor1 or UNIDENTIFIED).startswith(UNIDENTIFIED):
        return False  # "a shopkeeper was killed by robbers": a killer of its own, another story
    before = drafts[-1]
    text = doc_text(cand.sent.doc)
    last = max(before.sentences)
    if "\n\n" in text[last:cand.sent.start_char] or not same_event(before, draft) \
            or m.event_date != before.mention.event_date:
        return False  # "succumbed to his wounds on 2 May": a death of its own day is not the attack's toll
    rule = f"toll of the occurrence told just before: {before.mention.trigger!r}"
    m.specificity = SPECIFIC
    m.event_type, m.sub_event_type = before.mention.event_type, before.mention.sub_event_type
    m.provenance = [p for p in m.provenance if p.field not in ("event_type", "sub_event_type")] + [
        Provenance("specificity", SPECIFIC, rule), Provenance("event_type", m.event_type, rule),
        Provenance("sub_event_type", m.sub_event_type, rule)]
    return True


def _gate_label(m: EventMention) -> str:
    return next((p.rule for p in reversed(m.provenance) if p.field == "specificity"), "event gate")


def _same_name(a: str, b: str | None) -> bool:
    """Names equal after case, "the" and punctuation are ignored ("the Euphrates Post" = "Euphrates Post")."""
    def key(x: str) -> str:
        return " ".join(w for w in "".join(c if c.isalnum() else " " for c in x.lower()).split() if w != "the")
    return bool(b) and key(a) == key(b)
