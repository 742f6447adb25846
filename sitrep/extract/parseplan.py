"""Parse only the sentences extraction reads (``extract.selective_parse``; off by default).

Issue #13 asks for a pipeline faster than bare ``nlp.pipe``, by running the parser only on the
sentences a cheap trigger filter keeps. This module is that plan, as an opt-in setting, because
it changes the output: the sentence boundaries come from en_core_web_sm's ``senter`` (its own
small token-to-vector layer, about a twentieth of the parse: docs/quality.md) instead of the
parser, and the parser then honours them. Where the two agree (about 95 % of the sentences of
the dev articles) a sentence gets the same tags, lemmas, dependencies and entities as in a parse
of the whole text; where they disagree the sentence is cut differently.

Steps (``Extractor.pipe`` drives them):

1. ``split``: tokenizer, the line-break rule and a dateline's colon (nlp.py; the parser splits
   there by itself, senter does not), then ``senter``, over the batch.
2. The event gate reads every sentence from its text, as before; ``TriggerForms.may_trigger``
   says from the words alone (no tags, no lemmas) whether the trigger lexicon could find
   anything in a sentence: a superset of ``TriggerLexicon.find``'s sentences, since a word's
   lemma is one of the forms the lemmatizer's own rules and exceptions can give it.
   ``selective.needed`` then adds the next sentence and those a trailing figure can come from.
3. ``parse_needed``: each run of needed sentences, with ``selective.PAD`` tokens of context on
   either side (the token-to-vector layers see four), goes through the rest of the pipeline
   (tagger, parser, lemmatizer, NER) in one ``nlp.pipe`` batch; the run's annotations are copied
   back. A document that is nearly all needed (``selective.WHOLE_SHARE``) is parsed whole, in place.
   Every other sentence keeps only its tokens: each of its words is attached to the sentence's
   first word with the unclassified label ``dep``, so ``doc.sents`` stays the senter's; nothing
   reads those sentences.
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.tokens import Doc, Span

from sitrep.extract.nlp import dateline_colons
from sitrep.extract.selective import WHOLE_SHARE, copy_entities, regions

ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
CHEAP = ("sitrep_line_breaks", "senter")  # what ``split`` runs after the tokenizer


class TriggerForms:
    """The word forms ``TriggerLexicon.find`` could read as a trigger, decided without tags.

    ``find`` looks words up by lemma, lower-case form and that form's singular (``_lookup``),
    and phrases by lemma and lower-case form. A form passes when any lemma the English rule
    lemmatizer could give it under any part of speech (every suffix rule, every exception,
    the attribute ruler's fixed lemmas) is one of the lexicon's words or a phrase's first word."""

    def __init__(self, nlp: Any, lexicon: Any):
        words = set(lexicon.words) | set(lexicon.weapon_nouns) | set(lexicon.object_verbs) \
            | set(lexicon.verb_objects) | set(lexicon.found_nouns) | lexicon.phrase_starts
        self.words = words
        tables = nlp.get_pipe("lemmatizer").lookups
        self.rules = [rule for rules in tables.get_table("lemma_rules").values() for rule in rules]
        self.exceptions: dict[str, set[str]] = {}
        for by_form in tables.get_table("lemma_exc").values():
            for form, lemmas in by_form.items():
                self.exceptions.setdefault(form, set()).update(lemmas)
        self.fixed = _ruler_forms(nlp, words)
        self._seen: dict[str, bool] = {}

    def may_trigger(self, sent: Span) -> bool:
        """Could ``TriggerLexicon.find`` find a trigger in this sentence once it is parsed?"""
        return any(self._form(tok.lower_) for tok in sent)

    def _form(self, low: str) -> bool:
        known = self._seen.get(low)
        if known is None:
            known = self._seen[low] = low in self.fixed or not self.words.isdisjoint(self._lemmas(low))
        return known

    def _lemmas(self, low: str) -> set[str]:
        out = {low} | self.exceptions.get(low, set())
        if len(low) > 3 and low.endswith("s"):
            out |= {low[:-1], low[:-2]}  # _lookup's singular
        out |= {low[:len(low) - len(old)] + new for old, new in self.rules if low.endswith(old)}
        return out


def _ruler_forms(nlp: Any, words: set[str]) -> set[str]:
    """Surface forms the attribute ruler gives a lexicon word as lemma ("wo" -> "will")."""
    if "attribute_ruler" not in nlp.pipe_names:
        return set()
    out: set[str] = set()
    for pat in nlp.get_pipe("attribute_ruler").patterns:
        if str(pat["attrs"].get("LEMMA", "")).lower() in words:
            for tokens in pat["patterns"]:
                out |= {str(v).lower() for t in tokens for k, v in t.items() if k in ("ORTH", "LOWER", "TEXT")
                        and isinstance(v, str)}
    return out


def split(nlp: Any, texts: Iterable[str], *, batch_size: int) -> list[Doc]:
    """Tokens and sentences only: the line-break and dateline rules, then ``senter`` (which keeps
    the sentence starts they set)."""
    docs = [dateline_colons(nlp.get_pipe(CHEAP[0])(nlp.make_doc(t))) for t in texts]
    return list(nlp.get_pipe("senter").pipe(docs, batch_size=batch_size))


def parse_needed(nlp: Any, docs: Sequence[Doc], sents: Sequence[Sequence[Span]],
                 keeps: Sequence[Sequence[bool]], *, batch_size: int) -> None:
    """Tag, parse, lemmatize and recognise entities on each document's needed sentences, in place."""
    skip = [name for name in nlp.pipe_names if name in CHEAP]
    cuts = [regions(s, k, len(d)) for d, s, k in zip(docs, sents, keeps)]
    whole = [sum(hi - lo for lo, hi, _, _ in rs) >= WHOLE_SHARE * len(d) for d, rs in zip(docs, cuts)]
    for _ in nlp.pipe((d for d, w in zip(docs, whole) if w), batch_size=batch_size, disable=skip):
        pass  # annotated in place, boundaries from senter
    pieces = [(d, s, r) for d, s, rs, w in zip(docs, sents, cuts, whole) if not w for r in rs]
    parsed = nlp.pipe((d[lo:hi].as_doc() for d, _, (lo, hi, _, _) in pieces), batch_size=batch_size, disable=skip)
    by_doc: dict[int, list[tuple[Doc, tuple[int, int, int, int]]]] = {}
    for (doc, _, cut), sub in zip(pieces, parsed):
        by_doc.setdefault(id(doc), []).append((sub, cut))
    for doc, doc_sents, w in zip(docs, sents, whole):
        if not w:
            _copy_back(doc, doc_sents, by_doc.get(id(doc), []))


def _copy_back(doc: Doc, sents: Sequence[Span], parsed: list[tuple[Doc, tuple[int, int, int, int]]]) -> None:
    """Set each region's kept part from its parse; attach every other word to its sentence's first."""
    dep, root = doc.vocab.strings.add("dep"), doc.vocab.strings.add("ROOT")
    arr = numpy.zeros((len(doc), len(ATTRS)), dtype="uint64")
    for sent in sents:
        arr[sent.start:sent.end, ATTRS.index(DEP)] = dep
        arr[sent.start:sent.end, ATTRS.index(HEAD)] = (sent.start - numpy.arange(sent.start, sent.end)).astype("int64") \
            .astype("uint64")
        arr[sent.start, ATTRS.index(DEP)] = root
    for sub, (lo, _, a, b) in parsed:
        arr[a:b] = sub.to_array(ATTRS)[a - lo:b - lo]
    doc.from_array(ATTRS, arr)
    copy_entities(doc, parsed)
