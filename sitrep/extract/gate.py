"""The learned event gate: is a flagged sentence one specific ACLED event, and of which sub-type?

Rules find candidate events by trigger words and fill actors, figures and dates well, but they
cannot tell "militants attacked the base on Sunday" from "militants attack the base almost
weekly" or "a gas cylinder exploded in a restaurant": those need judgement over the whole wording.
A small text classifier, trained by ``make train`` on a corpus we wrote (``train/corpus``), gives
each flagged sentence a probability per label: the 24 sub-event types and seven kinds of non-event
(``sitrep/data/gate.yaml``). ``Verdict`` turns that into the two decisions the extractor needs:
keep the sentence's candidates as events or as context, and whether to retype them.

Contract: ``EventGate.judge(texts) -> list[Verdict]``, one per text, deterministic. With no model
file (a checkout before ``make train``), ``available`` is False and every sentence passes as the
rules decided, so the gate can only remove events, never break extraction.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from sitrep.model import EventMention, Provenance

log = logging.getLogger(__name__)
MODEL_DIR = Path(__file__).resolve().parents[1] / "data" / "gate"
SPECIFIC = "specific"
OUT_OF_SCOPE = "out_of_scope"
_DIGITS = re.compile(r"\d")


def gate_text(text: str) -> str:
    """What the model reads: lower case (headlines and body read alike) and every digit as 0 (a toll
    of 12 and one of 15 are the same wording). Training (``train/build_gate.py``) uses this too."""
    return _DIGITS.sub("0", " ".join(text.split()).lower())


@dataclass(frozen=True)
class GateRules:
    """What the labels mean and the two thresholds (see gate.yaml for why each value)."""

    subtypes: dict[str, str]       # sub-event type -> event type
    classes: dict[str, str]        # sub-event type -> trigger class of an event the gate proposes
    negatives: dict[str, str]      # negative label -> specificity
    keep_out: dict[str, float]     # specificity -> probability of "no event" needed to demote
    retype_margin: float
    propose: float
    war_words: re.Pattern[str]     # weapons and operations only armed conflict has (gate.yaml)
    retold: float = 1.0            # p(no event) of an out-of-scope report that later retellings inherit
    not_against: dict[str, frozenset[str]] = field(default_factory=dict)  # event type -> labels that cannot demote it


@lru_cache(maxsize=1)
def gate_rules() -> GateRules:
    data = yaml.safe_load(resources.files("sitrep.data").joinpath("gate.yaml").read_text(encoding="utf-8"))
    subtypes = {label: pair[0] for label, pair in data["subtypes"].items()}
    classes = {label: pair[1] for label, pair in data["subtypes"].items()}
    keep_out = {kind: float(v) for kind, v in data["keep_out"].items()}
    missing = set(data["negatives"].values()) - set(keep_out)
    if missing:
        raise ValueError(f"gate.yaml: keep_out lacks a threshold for {', '.join(sorted(missing))}")
    words = sorted((gate_text(w) for w in data["war_words"]), key=len, reverse=True)
    war = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")
    return GateRules(subtypes, classes, data["negatives"], keep_out, float(data["retype_margin"]),
                     float(data["propose"]), war, float(data.get("retold", 1.0)),
                     {t: frozenset(labels) for t, labels in (data.get("not_against") or {}).items()})


@dataclass(frozen=True)
class Verdict:
    """The model's reading of one sentence.

    ``war`` says the sentence names a weapon or operation only armed conflict has ("shelling",
    "air strike", "mortar"): no crime, accident, disaster or statement is told in those words, so
    for such a sentence the out-of-scope labels do not count. The bag-of-words model reads the
    company such words keep ("rescue workers", "fire", "the ministry said") and, on long real
    sentences, can give them to an accident or a statement; the words themselves cannot lie.
    """

    probs: dict[str, float]
    war: bool = False

    def for_event(self, event_type: str | None) -> "Verdict":
        """The reading for a mention of ``event_type``: without the negative labels that cannot
        demote that type (gate.yaml ``not_against``: a march is about politics, not a statement)."""
        drop = gate_rules().not_against.get(event_type or "", frozenset())
        if not drop:
            return self
        return Verdict({k: p for k, p in self.probs.items() if k not in drop}, self.war)

    def _negatives(self) -> dict[str, str]:
        """Negative label -> kind, the labels this sentence can be demoted by."""
        negatives = gate_rules().negatives
        if not self.war:
            return negatives
        return {label: kind for label, kind in negatives.items() if kind != OUT_OF_SCOPE}

    @property
    def p_out(self) -> float:
        """Probability that the sentence reports no specific event (the negative labels that count)."""
        negatives = self._negatives()
        return sum(p for label, p in self.probs.items() if label in negatives)

    @property
    def specificity(self) -> str:
        """``specific``, or the kind of context the most likely negative label names, when the
        probability of "no event" reaches that kind's threshold (gate.yaml ``keep_out``)."""
        negatives = self._negatives()
        label = max(negatives, key=lambda k: self.probs.get(k, 0.0))
        kind = negatives[label]
        return kind if self.p_out >= gate_rules().keep_out[kind] else SPECIFIC

    @property
    def best_subtype(self) -> tuple[str, float]:
        subtypes = gate_rules().subtypes
        label = max(subtypes, key=lambda k: self.probs.get(k, 0.0))
        return label, self.probs.get(label, 0.0)

    def retype(self, rule_subtype: str) -> tuple[str, str] | None:
        """(event_type, sub_event_type) the model prefers over the rules' type, or None to keep it."""
        rules = gate_rules()
        label, p = self.best_subtype
        if label == rule_subtype or p - self.probs.get(rule_subtype, 0.0) < rules.retype_margin:
            return None
        return rules.subtypes[label], label

    def proposal(self) -> str | None:
        """The sub-event type of a sentence with no trigger word, when the model is sure enough."""
        label, p = self.best_subtype
        return label if p >= gate_rules().propose else None

    def describe(self) -> str:
        """The label and score for provenance: "NEG_AGGREGATE 0.91" or "Air/drone strike 0.84"."""
        label = max(self.probs, key=self.probs.get)
        return f"{label} {self.probs[label]:.2f}"


class EventGate:
    """Loads the trained classifier once; ``judge`` scores sentences in one ``nlp.pipe`` batch."""

    def __init__(self, model_dir: Path = MODEL_DIR):
        self.nlp = _load(str(model_dir))

    @property
    def available(self) -> bool:
        return self.nlp is not None

    def judge(self, texts: list[str]) -> list[Verdict | None]:
        if self.nlp is None:
            return [None] * len(texts)
        read = [gate_text(t) for t in texts]
        war = gate_rules().war_words
        return [Verdict(dict(doc.cats), bool(war.search(text)))
                for text, doc in zip(read, self.nlp.pipe(read, batch_size=256))]


@lru_cache(maxsize=2)
def _load(model_dir: str) -> Any:
    if not (Path(model_dir) / "config.cfg").exists():
        log.warning("no event-gate model in %s (run `make train`): events are gated by the rules only", model_dir)
        return None
    import spacy
    return spacy.load(model_dir)


def apply_verdict(m: EventMention, verdict: Verdict | None, *, alone: bool, told: bool = True) -> str:
    """Record the gate's reading of the mention's sentence and act on it; returns the specificity.

    The model reads a whole sentence, so it retypes only a mention that is alone in its sentence
    ("an air strike on a market and clashes near the border" keeps the rules' two types). The
    exemptions of ``not_against`` hold for a mention the sentence tells (``Candidate.told``): a
    statement that names "the riots" in passing is still a statement.
    """
    if verdict is None:
        return m.specificity
    if told:
        verdict = verdict.for_event(m.event_type)
    m.specificity = verdict.specificity
    m.provenance.append(Provenance("specificity", m.specificity, f"event gate: {verdict.describe()}"))
    new = verdict.retype(m.sub_event_type) if alone and m.specificity == SPECIFIC else None
    if new is not None:
        label, p = verdict.best_subtype
        rule = f"event gate: {label} {p:.2f} over the rules' {m.sub_event_type!r}"
        m.provenance = [pr for pr in m.provenance if pr.field not in ("event_type", "sub_event_type")]
        m.event_type, m.sub_event_type = new
        m.provenance += [Provenance("event_type", new[0], rule), Provenance("sub_event_type", new[1], rule)]
    return m.specificity
