"""Find toponyms in text by looking capitalised word sequences up in the gazetteer index.

spaCy's entity tagger misses transliterated Arabic names (it tags "Al-Bukamal" as ORG), so the
geocoder does its own recognition: the longest run of up to five words (capitalised, or an
article such as "al-"/"ez-" joined to a capitalised word) whose key is in the index. Runs that
are outlets ("Al Mayadeen news channel"), organisations ("Raqqa Military Council"), streets,
people's titles ("Mr Jordan") or common words ("Police", "March") are dropped; demonyms
("Syrian") are kept apart: they tell the document's country, never an event's place.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from sitrep.geo.gazetteer import TOWNLIKE_FEATURES, Gazetteer
from sitrep.geo.normalize import fold, word_set

WORD = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF0-9ʿʾ'’‘`]+(?:[-–][A-Za-z\u00C0-\u024F\u1E00-\u1EFF0-9ʿʾ'’‘`]+)*")
CONNECTORS = frozenset({"al", "el", "ad", "ed", "ar", "as", "ash", "az", "ez", "es", "an", "at", "ath", "adh",
                        "ul", "il", "de", "del", "la", "le", "of", "du", "des", "da", "do", "bin", "ibn",
                        "on", "upon", "am", "im", "sur", "y", "i"})
MAX_WORDS = 5
REPORTING = frozenset({"said", "says", "reported", "reports", "quoted", "cited", "claimed", "aired",
                       "broadcast", "published", "added", "noted", "learned", "learnt"})
FACILITY = frozenset({"street", "st", "road", "rd", "avenue", "ave", "boulevard", "blvd", "lane", "drive",
                      "highway", "hwy", "way", "place", "court", "school", "college", "hospital", "church",
                      "parish", "county", "township", "hall", "stadium", "hotel", "mall", "center", "centre"})


INNER_CAPITAL = re.compile(r"[-–][A-Z]")
CAPITAL_OR_DIGIT = re.compile(r"[A-Z0-9]")
HYPHEN = re.compile(r"([-–])")


@dataclass
class Token:
    start: int
    end: int
    text: str

    @cached_property
    def capitalised(self) -> bool:
        """Kept once computed: the recogniser asks it of every word several times (runs, org cues)."""
        return self.text[:1].isupper() or bool(INNER_CAPITAL.search(self.text)) \
            or bool(CAPITAL_OR_DIGIT.match(self.text))


@dataclass
class Toponym:
    """A run of words that names a place: its span, the index values and the matching tier."""

    start: int
    end: int
    text: str
    hits: list[int]
    tier: int
    demonym: str | None = None
    flags: set[str] = field(default_factory=set)


def tokens(text: str) -> list[Token]:
    """Words with offsets; "Damascus-Palmyra" splits in two, "Al-Mayadeen" and "ez-Zor" stay whole."""
    out = []
    for m in WORD.finditer(text):
        start = m.start()
        word = m.group()
        parts = HYPHEN.split(word) if "-" in word or "–" in word else [word]
        piece = parts[0]
        for sep, nxt in zip(parts[1::2], parts[2::2]):
            if piece[:1].isupper() and nxt[:1].isupper() and fold(piece) not in CONNECTORS and len(piece) > 2:
                out.append(Token(start, start + len(piece), piece))
                start += len(piece) + len(sep)
                piece = nxt
            else:
                piece += sep + nxt
        out.append(_without_possessive(Token(start, start + len(piece), piece)))
    return out


POSSESSIVE = re.compile(r"(?<=\w{2})['’]s?$")


def _without_possessive(tok: Token) -> Token:
    """"North Darfur's capital", "Idlib's countryside": the name without its possessive ending."""
    m = POSSESSIVE.search(tok.text)
    return Token(tok.start, tok.start + m.start(), tok.text[:m.start()]) if m else tok


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3):pos].strip()
    return not before or before[-1] in ".!?\n\"“:" or pos == 0


def _is_org(words: list[Token], j: int, text: str) -> bool:
    """True when the words after a name make it an outlet, organisation, facility or street."""
    cues = word_set("outlet_cues")
    for k in range(j, min(j + 3, len(words))):
        w = fold(words[k].text)
        if text[words[k - 1].end:words[k].start].strip():
            break
        if w in cues or ((w in FACILITY or w in word_set("org_cues")) and words[k].text[:1].isupper()):
            return True
        if not words[k].capitalised:
            break
        if k == j and w not in _place_followers() and not w.isdigit() and not _kind_words_at(words, j):
            return True  # "White Helmets", "Aleppo Media Center": part of a longer proper name
    return False


def _kind_words_at(words: list[Token], j: int) -> bool:
    """"Damboa Local Government Area", "Akre District": the words from ``j`` are a district's
    kind words (one to three of them), which say the name before them is a place."""
    kinds = word_set("admin2_suffixes")
    return any(" ".join(fold(w.text) for w in words[j:j + n]) in kinds for n in (1, 2, 3))


def _place_followers() -> frozenset[str]:
    """Capitalised words that may follow a place name without making it an organisation's name."""
    return word_set("admin_suffixes") | word_set("area_suffixes") | word_set("time_words") \
        | word_set("subdistrict_after")


def _outlet(text: str, words: list[Token], i: int, j: int, outlets: frozenset[str]) -> bool:
    """An outlet's name: a longer outlet name ("Deir Ezzor 24"), or a town-named outlet in a
    reporting frame ("Al Mayadeen said", "according to Al-Watan"); "near Al-Mayadeen" stays a place."""
    for k in range(j + 1, min(j + 3, len(words)) + 1):
        if fold(text[words[i].start:words[k - 1].end]) in outlets:
            return True
    if fold(text[words[i].start:words[j - 1].end]) not in outlets:
        return False
    after = fold(words[j].text) if j < len(words) else ""
    before = fold(text[max(0, words[i].start - 20):words[i].start]).split()[-2:]
    return after in REPORTING or bool(set(before) & {"told", "according", "citing", "cited", "quoting", "by"})


def _titled(words: list[Token], i: int, text: str) -> bool:
    """A title, a given name or the head of a longer name before the match: "Mr Jordan", "told Al
    Arabiya", "Omar al-Omar", "Suqour al Sham"."""
    if i == 0 or text[words[i - 1].end:words[i].start] not in (" ", ". "):
        return False
    prev = words[i - 1]
    folded = fold(prev.text)
    if folded in ("al", "el", "bin", "ibn", "abu", "umm") and i > 1 and words[i - 2].text[:1].isupper() \
            and text[words[i - 2].end:prev.start] == " ":
        return True  # "Suqour al Sham", "Ahrar al Sham": the tail of a longer name, not "Sham" (Damascus)
    if folded in word_set("outlet_before"):
        return True
    if text[prev.end:words[i].start] != " " or not prev.text[:1].isupper() or _sentence_start(text, prev.start):
        return False
    return folded not in word_set("never_alone") and folded not in word_set("compass") \
        and folded not in word_set("time_words") and folded not in _subdistrict_heads()


def _subdistrict_heads() -> frozenset[str]:
    """First words of "Nahiyat X", "Subdistrict of X": a kind word before a name, not a given name."""
    return frozenset(w.split()[0] for w in word_set("subdistrict_before")) - {"the"}


def find(gaz: Gazetteer, text: str) -> list[Toponym]:
    """Every toponym candidate in ``text`` (longest match first), before disambiguation."""
    words = tokens(text)
    outlets = word_set("outlets")
    never = word_set("never_alone")
    found: list[Toponym] = []
    i = 0
    while i < len(words):
        if not words[i].capitalised and not _article_joined(words[i].text):
            i += 1
            continue
        match = _longest(gaz, text, words, i)
        if match is None:
            i += 1
            continue
        j, hits, tier = match
        if _name_goes_on(text, words, j):  # "Hammam al Turkman": not the "Hammam" of a gazetteer
            i = j
            continue
        span = text[words[i].start:words[j - 1].end]
        folded = fold(span)
        skip = folded in never or folded in gaz.demonyms or _is_org(words, j, text) or _titled(words, i, text) \
            or _outlet(text, words, i, j, outlets) \
            or (j < len(words) and fold(words[j].text) in word_set("currency_words"))  # "the US dollar"
        # "SAA", "IED": acronyms match only curated names; "BENI - Rebels killed": a dateline is a town
        if span.isupper() and len(span) <= 5 and not dateline(text, words[i].start, words[j - 1].end):
            hits = [v for v in hits if gaz.feature[v // 2] not in TOWNLIKE_FEATURES]
        if not skip and hits:
            found.append(Toponym(words[i].start, words[j - 1].end, span, hits, tier))
        i = j
    return found


def demonyms(gaz: Gazetteer, text: str) -> list[Toponym]:
    """Country adjectives ("Syrian", "Iraqi"): evidence of the country, never a place."""
    out = []
    for w in tokens(text):
        if w.capitalised:
            iso = gaz.demonyms.get(fold(w.text))
            if iso:
                out.append(Toponym(w.start, w.end, w.text, [], -1, demonym=iso))
    return out


def _name_goes_on(text: str, words: list[Token], j: int) -> bool:
    """The matched words are the start of a longer name the index lacks: an article and a
    capitalised word follow ("Tall al Nimr", "Hammam al-Turkman", "Khirbet Al-Joz")."""
    if j >= len(words) or text[words[j - 1].end:words[j].start] != " ":
        return False
    nxt = words[j].text
    if _article_joined(nxt) or re.match(r"^(?:al|el|Al|El)[-–][A-Z]", nxt):
        return True
    return fold(nxt) in ("al", "el") and j + 1 < len(words) and words[j + 1].text[:1].isupper() \
        and text[words[j].end:words[j + 1].start] in (" ", "-")


def _article_joined(word: str) -> bool:
    return bool(re.match(r"^(al|el|ad|ar|as|ash|az|ez|an|at)[-–][A-Z]", word))


def _longest(gaz: Gazetteer, text: str, words: list[Token], i: int) -> tuple[int, list[int], int] | None:
    """The longest word run from ``i`` found in the index: (end word index, hits, tier)."""
    best = None
    for j in range(i + 1, min(i + MAX_WORDS, len(words)) + 1):
        w = words[j - 1]
        if j - 1 > i:
            gap = text[words[j - 2].end:w.start]
            if gap not in (" ", "-", " - ") and not (gap == ". " and len(words[j - 2].text) <= 2):
                break
            if not w.capitalised and fold(w.text) not in CONNECTORS and not _article_joined(w.text):
                break
        if not w.capitalised and not _article_joined(w.text):
            continue
        hits, tier = gaz.lookup(text[words[i].start:w.end])
        if hits:
            best = (j, hits, tier)
    return best


DATELINE_AFTER = re.compile(r"^(?:,\s*[A-Z][\w.' -]{1,30})?\s*(?:\([A-Za-z .&]{2,30}\)\s*)?(?:--?|[–—])\s")


def dateline(text: str, start: int, end: int) -> bool:
    """"BAQUBA – Three militants were killed in the Hamrin mountains": the place the story was
    filed from, at the head of a paragraph, is not where its events happened."""
    head = text.rfind("\n", 0, start) + 1
    return not text[head:start].strip() and bool(DATELINE_AFTER.match(text[end:end + 50]))
