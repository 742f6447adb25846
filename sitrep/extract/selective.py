"""Run the entity recogniser only on the sentences extraction reads.

spaCy's NER is half of the parse time (docs/quality.md: Extraction, component costs) and its
entities are read in few places: the sentences that hold a candidate event (place hints,
trigger and source filters), the sentence after one (a protest's dispersal) and the sentences a
trailing figure can come from ("Five fatalities." within 400 characters of the same paragraph).
So the runner parses a batch with every component but NER (sentences, tags, dependencies and
lemmas of the whole text, exactly as before: the NER of ``en_core_web_sm`` has a token-to-vector
layer of its own, which nothing else listens to), picks those sentences with the event gate's
verdicts in hand, and runs NER on them alone, each run of them cut out of the document with
``PAD`` tokens of its context on either side, then copies the entities back.

Which sentences (``needed``): every sentence in which the trigger lexicon finds a word before
the entities are known (the entity filters only remove triggers, so this is a superset of the
sentences with triggers), every sentence the event gate would propose an event in, the next
sentence of each, and each later sentence of the same paragraph starting within
``TRAILING_CHARS`` of one's end. The rest of the document gets no entities; nothing reads them.
``tests/extract/test_selective.py`` checks that the events and context mentions equal a full
parse's on the demo articles.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Sequence

from spacy.tokens import Doc, Span

from sitrep.extract.nlp import doc_text

# Tokens of context on each side of a run of needed sentences: the NER's convolution sees four
# tokens either way and its transition features (the next token, the open entity's first word and
# the previous one) none further, so four give the same features; four more let a decision state
# that differs at the cut (an entity open in the full text) settle before the run starts.
PAD = 8
TRAILING_CHARS = 400  # MentionBuilder.add_trailing_figures: a figure this far after the event counts
# A document whose regions cover this share of its tokens gets NER over the whole of it, in place
# (as the full pipeline does): cutting out and copying back would cost more than it saves.
WHOLE_SHARE = 0.9


def needed(sents: Sequence[Span], has_trigger: Callable[[Span], bool], proposes: Sequence[bool]) -> list[bool]:
    """Which sentences extraction reads: ``has_trigger(sent)`` or ``proposes[i]`` (see the module
    docstring), their next sentence and the same paragraph's sentences a trailing figure may come from."""
    core = [bool(p) or has_trigger(s) for s, p in zip(sents, proposes)]
    keep = list(core)
    if not sents:
        return keep
    text = doc_text(sents[0].doc)
    last_end: int | None = None
    for i, sent in enumerate(sents):
        if last_end is not None and not keep[i]:
            gap = text[last_end:sent.start_char]
            keep[i] = sent.start_char - last_end <= TRAILING_CHARS and "\n\n" not in gap
        if core[i]:
            last_end = sent.end_char
            if i + 1 < len(sents):
                keep[i + 1] = True
    return keep


def regions(sents: Sequence[Span], keep: Sequence[bool], n_tokens: int, pad: int = PAD) -> list[tuple[int, int, int, int]]:
    """Token ranges to run NER on: ``(start, end, keep_start, keep_end)``, each run of kept
    sentences with ``pad`` tokens either side (clipped to the document, overlapping runs joined)."""
    runs: list[list[int]] = []
    for sent, k in zip(sents, keep):
        if not k:
            continue
        if runs and runs[-1][1] >= sent.start:
            runs[-1][1] = max(runs[-1][1], sent.end)
        else:
            runs.append([sent.start, sent.end])
    out: list[list[int]] = []
    for a, b in runs:
        lo, hi = max(0, a - pad), min(n_tokens, b + pad)
        if out and out[-1][1] >= lo:
            out[-1][1], out[-1][3] = hi, b
        else:
            out.append([lo, hi, a, b])
    return [tuple(r) for r in out]  # type: ignore[misc]


def recognise(ner: Any, docs: Iterable[Doc], spans: Iterable[list[tuple[int, int, int, int]]],
              *, batch_size: int) -> None:
    """Run ``ner`` on each document's regions (one batch for all) and set the entities found
    over each region's kept part on the document; every other token is outside any entity. A
    document that is nearly all regions (``WHOLE_SHARE``) is recognised whole instead."""
    docs, spans = list(docs), list(spans)
    whole = [sum(hi - lo for lo, hi, _, _ in rs) >= WHOLE_SHARE * len(d) for d, rs in zip(docs, spans)]
    for _ in ner.pipe((d for d, w in zip(docs, whole) if w), batch_size=batch_size):
        pass  # entities set in place, over every token
    docs, spans = [d for d, w in zip(docs, whole) if not w], [r for r, w in zip(spans, whole) if not w]
    pieces = [(d, r) for d, rs in zip(docs, spans) for r in rs]
    subdocs = ner.pipe((d[lo:hi].as_doc() for d, (lo, hi, _, _) in pieces), batch_size=batch_size)
    found: dict[int, list[tuple[Doc, tuple[int, int, int, int]]]] = {id(d): [] for d in docs}
    for (doc, region), sub in zip(pieces, subdocs):
        found[id(doc)].append((sub, region))
    for doc in docs:
        copy_entities(doc, found[id(doc)])


def copy_entities(doc: Doc, parsed: list[tuple[Doc, tuple[int, int, int, int]]]) -> None:
    """Set on ``doc`` the entities each region's own Doc found over the region's kept part
    (``regions``' ``keep_start``-``keep_end``); every other token is outside any entity."""
    found = []
    for sub, (lo, _, a, b) in parsed:
        for ent in sub.ents:
            start, end = ent.start + lo, ent.end + lo
            if start < b and a < end:
                found.append(Span(doc, start, end, label=ent.label_))
    doc.set_ents(_disjoint(found), default="outside")


def _disjoint(ents: list[Span]) -> list[Span]:
    """Entities in order without overlaps (two regions never overlap, so neither do their entities;
    kept defensive since ``set_ents`` refuses overlaps)."""
    out: list[Span] = []
    for ent in sorted(ents, key=lambda e: (e.start, -e.end)):
        if not out or ent.start >= out[-1].end:
            out.append(ent)
    return out
