"""Articles written by others, with their labels mapped to "holds a political-violence event".

Readers for three evaluation sets under ../shared/eval (never copied into the project; see
../shared/eval/SOURCES.md), for ``bench.fa_eval``. Each reader returns ``Article`` records: the
full text sitrep will ingest, the character span of every labelled sentence in that text, and
for the article and each sentence one of three verdicts, decided from the set's own labels:

``EVENT``  the text reports a political-violence or demonstration event in ACLED's sense
           (battles, explosions/remote violence, violence against civilians, protests, riots);
``NONE``   it reports none: an event sitrep exports here is a false alarm;
``OTHER``  the labels cannot say (an arrest alone, a death with no attack named, an
           announced protest): counted apart, in neither rate.

The mapping, set by set (the reasons are in each reader's docstring):

* IndiaPoliceEvents (Times of India, Gujarat, March 2002): labels are *police actions* only.
  KILL or FORCE (police kill, or use force: firing, tear gas, lathi charge) -> EVENT;
  no label -> NONE; ARREST / FAIL / ANY_ACTION alone -> OTHER.
* WikiEvents (KAIROS mentions): Conflict.Attack.* or Conflict.Demonstrate.* -> EVENT; only
  Life.Die / Life.Injure / damage / arrest / crime / impede mentions -> OTHER; anything else or
  no mention at all -> NONE.
* GLOCON gold sample (South African press): label 1 (a contentious-politics event: protest,
  strike, riot, political violence) -> EVENT; 0 -> NONE; 2 -> OTHER.
"""
from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

EVENT, NONE, OTHER = "event", "none", "other"


@dataclass
class Sentence:
    """One labelled sentence: its span in the article text, verdict, and the set's own labels."""

    start: int
    end: int
    verdict: str
    labels: tuple[str, ...] = ()


@dataclass
class Article:
    """One article as it will be ingested, with its verdict and labelled sentences."""

    name: str
    text: str
    verdict: str
    labels: tuple[str, ...] = ()
    published: str | None = None
    sentences: list[Sentence] = field(default_factory=list)

    def sentence_text(self, s: Sentence) -> str:
        return " ".join(self.text[s.start:s.end].split())


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def locate(text: str, pieces: Iterable[str]) -> list[tuple[int, int] | None]:
    """Spans of consecutive ``pieces`` in ``text``, searched in order; whitespace may differ.

    Sets give sentences as strings, not offsets (or offsets that are off by one); a piece that
    cannot be found gets None rather than a guessed span."""
    spans: list[tuple[int, int] | None] = []
    at = 0
    for piece in pieces:
        words = piece.split()
        if not words:
            spans.append(None)
            continue
        m = re.compile(r"\s*".join(re.escape(w) for w in words)).search(text, at)
        if m is None:
            spans.append(None)
            continue
        spans.append((m.start(), m.end()))
        at = m.end()
    return spans


_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152-\u2122\ufffd]{1,3}|\u00c2")


def _unmangle(seq: str) -> str:
    """UTF-8 that was read as cp1252 ("â€™" -> "’"); U+FFFD stands for cp1252's unmapped 0x9D
    (the third byte of "”"); a lone "Â" is what is left of a no-break space."""
    if seq == "\u00c2":
        return ""
    try:
        raw = b"".join(b"\x9d" if ch == "\ufffd" else ch.encode("cp1252") for ch in seq)
        return raw.decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return seq


def fix_mojibake(text: str) -> tuple[str, list[int]]:
    """The text with cp1252-mangled UTF-8 repaired, and for each old boundary its new one.

    IndiaPoliceEvents stores "â€œ" for "“": spaCy would read those as words. Returns
    ``where[i]`` = position in the new text of old position ``i`` (len(text) + 1 entries), so
    sentence spans found in the old text carry over; a boundary inside a mangled sequence
    moves to that sequence's end."""
    out: list[str] = []
    where = [0] * (len(text) + 1)
    at = pos = 0
    for m in _MOJIBAKE.finditer(text):
        for i in range(at, m.start() + 1):
            where[i] = pos + i - at
        pos += m.start() - at
        out.append(text[at:m.start()])
        fixed = _unmangle(m.group())
        pos += len(fixed)
        out.append(fixed)
        for i in range(m.start() + 1, m.end() + 1):
            where[i] = pos
        at = m.end()
    for i in range(at, len(text) + 1):
        where[i] = pos + i - at
    out.append(text[at:])
    return "".join(out), where


def join_sentences(sentences: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """An article text from its sentences and their spans: a sentence with no final punctuation
    (a headline) ends its paragraph; the others run on with a space, as in a news paragraph."""
    parts, spans, at = [], [], 0
    for s in sentences:
        s = s.strip()
        spans.append((at, at + len(s)))
        sep = " " if s and s[-1] in ".!?\"'”’)" else "\n\n"
        parts.append(s + sep)
        at += len(s) + len(sep)
    return "".join(parts).rstrip() + "\n", spans


def worst(verdicts: Iterable[str]) -> str:
    """An article's verdict from its sentences': any EVENT makes it one; NONE only when all are."""
    vs = set(verdicts)
    return EVENT if EVENT in vs else NONE if vs <= {NONE} else OTHER


# -- IndiaPoliceEvents ---------------------------------------------------------------------

IPE_EVENT = {"KILL", "FORCE"}


def ipe_verdict(labels: Iterable[str]) -> str:
    """Police killing or force (firing on a mob, tear gas, lathi charge) is an ACLED event: the
    riot or protest with intervention, or violence against civilians. An arrest alone is at most
    a strategic development, "failed to act" and other police actions say nothing of the crowd:
    OTHER. No label means no police action, which in Gujarat in March 2002 does *not* rule out
    mob violence without police: the false-alarm rate on these is an upper bound."""
    labels = set(labels)
    return EVENT if labels & IPE_EVENT else NONE if not labels else OTHER


def _ipe_sentences(fixed: str, where: list[int], raw: str, sents: list[dict]) -> list[Sentence]:
    """Sentence spans in the repaired text; pieces the set split inside a mangled quote mark
    ("bhoomi" | "pujanâ€" | "™, even…") are joined back to the sentence they belong to."""
    spans = locate(raw, [s["sent_text"] for s in sents])
    out: list[Sentence] = []
    for span, s in zip(spans, sents):
        if span is None:
            continue
        start, end = where[span[0]], where[span[1]]
        labels = tuple(sorted(s["sent_labels"]))
        if out and _continues(fixed, out[-1], start):
            prev = out.pop()
            labels = tuple(sorted(set(prev.labels) | set(labels)))
            start = prev.start
        if fixed[start:end].strip():
            out.append(Sentence(start, end, ipe_verdict(labels), labels))
    return out


def _continues(text: str, prev: Sentence, start: int) -> bool:
    """Does a piece starting at ``start`` continue ``prev`` (cut inside a word, or ``prev`` has
    no final punctuation)?"""
    cut_in_word = start == prev.end and not text[start - 1:start].isspace()
    return cut_in_word or text[prev.start:prev.end].rstrip()[-1:] not in ".!?:\"”’"


def load_ipe(root: Path) -> list[Article]:
    """IndiaPoliceEvents: 1,257 articles with police-action labels per sentence and article."""
    sents: dict[int, list[dict]] = {}
    for s in read_jsonl(root / "sents.jsonl"):
        sents.setdefault(s["doc_id"], []).append(s)
    dates = {m["doc_id"]: m.get("date") for m in read_jsonl(root / "metadata.jsonl")}
    articles = []
    for d in read_jsonl(root / "docs.jsonl"):
        raw = d["doc_text"]
        fixed, where = fix_mojibake(raw)
        rows = sorted(sents.get(d["doc_id"], []), key=lambda s: s["sent_id"])
        sentences = _ipe_sentences(fixed, where, raw, rows)
        labels = tuple(sorted(d.get("doc_labels") or []))
        verdict = worst([ipe_verdict(labels)] + [s.verdict for s in sentences])
        articles.append(Article(f"ipe{d['doc_id']:05d}", fixed, verdict, labels, dates.get(d["doc_id"]), sentences))
    return articles


# -- WikiEvents ----------------------------------------------------------------------------

WIKI_EVENT = ("Conflict.Attack.", "Conflict.Demonstrate.")
WIKI_OTHER = ("Life.Die.", "Life.Injure.", "ArtifactExistence.DamageDestroyDisableDismantle.",
              "Justice.ArrestJailDetain.", "GenericCrime.", "Control.ImpedeInterfereWith.")


def wiki_verdict(types: Iterable[str]) -> str:
    """An attack or demonstration mention is an event. A death, injury, damage, arrest, crime or
    "impede" mention without one may be the attack told again, or not political: OTHER. The rest
    (statements, meetings, movements, trials, disasters, threats, or no mention) is NONE: the
    annotators marked every event mention of the KAIROS ontology, attacks included."""
    types = list(types)
    if any(t.startswith(WIKI_EVENT) for t in types):
        return EVENT
    return OTHER if any(t.startswith(WIKI_OTHER) for t in types) else NONE


def load_wikievents(root: Path) -> list[Article]:
    """WikiEvents dev + test: 40 news articles (bombings, drone strikes), KAIROS event mentions.

    The set's ``text`` runs sentences together without a space ("in SyriaThe desert"), so the
    article is rebuilt from its sentences."""
    articles = []
    for part in ("dev", "test"):
        path = root / f"{part}.jsonl"
        for d in read_jsonl(path) if path.exists() else []:
            text, spans = join_sentences([s[1] for s in d["sentences"]])
            types: dict[int, set[str]] = {}
            for e in d["event_mentions"]:
                types.setdefault(e["trigger"]["sent_idx"], set()).add(e["event_type"])
            sentences = [Sentence(a, b, wiki_verdict(types.get(i, ())), tuple(sorted(types.get(i, ()))))
                         for i, (a, b) in enumerate(spans)]
            articles.append(Article(f"wiki-{d['doc_id']}", text, worst(s.verdict for s in sentences),
                                    tuple(sorted(set().union(*types.values()))) if types else (), None, sentences))
    return articles


# -- GLOCON gold sample --------------------------------------------------------------------

GLOCON_VERDICT = {1: EVENT, 0: NONE, 2: OTHER}


def load_glocon(root: Path) -> list[Article]:
    """GLOCON gold sample: 1,050 articles with a protest/contentious-event label; 109 of them
    (all the positive ones) with sentence labels too. Label 1 covers protests, strikes, riots
    and political violence, past ones included (so recall there is of sitrep's events on a
    wider class than ACLED's); 2 marks a handful of unclear cases (planned protests)."""
    docs = read_jsonl(root / "document" / "Sabinet_R.json")
    sents: dict[str, list[dict]] = {}
    path = root / "sentence" / "Sabinet.json"
    for s in read_jsonl(path) if path.exists() else []:
        sents.setdefault(s["url"], []).append(s)
    articles = []
    for i, d in enumerate(docs):
        rows = sorted(sents.get(d["url"], []), key=lambda s: s["sent_num"])
        spans = locate(d["text"], [s["sentence"] for s in rows])
        sentences = [Sentence(sp[0], sp[1], GLOCON_VERDICT.get(s["label"], OTHER), (str(s["label"]),))
                     for sp, s in zip(spans, rows) if sp is not None]
        stem = re.sub(r"\W+", "_", d["url"].rsplit(".", 1)[0])
        articles.append(Article(f"glocon{i:04d}-{stem}"[:60], d["text"], GLOCON_VERDICT.get(d["label"], OTHER),
                                (str(d["label"]),), None, sentences))
    return articles


SETS = {"IndiaPoliceEvents": load_ipe, "WikiEvents": load_wikievents, "GLOCON_gold_sample": load_glocon}


def sample(articles: list[Article], n: int, seed: int) -> list[Article]:
    """At most ``n`` articles (all when ``n`` is 0), seeded: up to half of them from those that
    hold an event (article or sentence), so recall is measured on enough of them, the rest from
    the others. Article-level rates are per class, so the mix leaves them unbiased; the no-event
    sentences of event articles, though, are over-represented, and they are more often told
    around an event (IndiaPoliceEvents: 0.093 in the 300 sample, 0.057 on the whole set)."""
    if not n or n >= len(articles):
        return list(articles)
    rng = random.Random(seed)
    has = [a for a in articles if a.verdict == EVENT or any(s.verdict == EVENT for s in a.sentences)]
    chosen = {a.name for a in has}
    rest = [a for a in articles if a.name not in chosen]
    k = min(len(has), n // 2)
    picked = rng.sample(has, k) + rng.sample(rest, min(len(rest), n - k))
    return sorted(picked, key=lambda a: a.name)
