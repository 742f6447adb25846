"""Unicode normalisation that keeps the offset map: the same text always gets the same clean form.

Why: scraped news mixes NBSP, thin spaces, curly quotes and zero-width joiners with plain ASCII;
extraction, gazetteer look-ups and evidence quotes must see one form. The rules are NFKC-ish:
every kind of space becomes " ", curly quotes and apostrophes become straight, zero-width and
soft-hyphen characters disappear, dashes stay (they carry meaning in "Homs–Deir Ezzor road"), and
everything else goes through NFKC character by character ("…" → "...", "ﬁ" → "fi").
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from sitrep.ingest.offsets import MappedText

_REMOVE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e", "\u200e", "\u200f"}
_SPACES = {"\t", "\x0b", "\u00a0", "\u1680", "\u202f", "\u205f", "\u3000"} | {chr(c) for c in range(0x2000, 0x200B)}
_NEWLINES = {"\x0c", "\x85", "\u2028", "\u2029"}
_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
           "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"'}
_CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f]")
_DASHES = {"\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212"}


@lru_cache(maxsize=4096)
def _char(ch: str) -> str:
    """The clean form of one character (possibly empty or several characters)."""
    if ch in _REMOVE:
        return ""
    if ch in _SPACES:
        return " "
    if ch in _NEWLINES:
        return "\n"
    if ch in _QUOTES:
        return _QUOTES[ch]
    if ch in _DASHES:
        return ch
    if ord(ch) < 0x20 and ch != "\n":
        return " " if ch != "\r" else "\r"
    out = unicodedata.normalize("NFKC", ch)
    return "".join(_char(c) if c != ch else c for c in out) if out != ch else ch


def normalize_chars(mt: MappedText) -> MappedText:
    """Apply the character rules; "\\r\\n" and lone "\\r" become "\\n". Ranges follow each character."""
    text = mt.text
    if text.isascii() and "\r" not in text and "\t" not in text and not _has_controls(text):
        return mt
    out, starts, ends = [], [], []
    n = len(text)
    for i, ch in enumerate(text):
        if ch.isascii() and " " <= ch <= "~" or ch == "\n":
            rep = ch
        else:
            rep = _char(ch)
            if rep == "\r":
                rep = "" if i + 1 < n and text[i + 1] == "\n" else "\n"
        for c in rep:
            out.append(c)
            starts.append(mt.starts[i])
            ends.append(mt.ends[i])
    return MappedText("".join(out), starts, ends)


def _has_controls(text: str) -> bool:
    return _CONTROLS.search(text) is not None


def fold_line(mt: MappedText) -> MappedText:
    """Collapse runs of spaces to one and strip both ends (one line, no newlines inside)."""
    text = mt.text
    if "  " not in text and not text.startswith(" ") and not text.endswith(" "):
        return mt
    keep = []
    prev_space = True
    for i, ch in enumerate(text):
        if ch == " ":
            if not prev_space:
                keep.append(i)
            prev_space = True
        else:
            keep.append(i)
            prev_space = False
    if keep and text[keep[-1]] == " ":
        keep.pop()
    return MappedText("".join(text[i] for i in keep), [mt.starts[i] for i in keep], [mt.ends[i] for i in keep])


def split_lines(mt: MappedText) -> list[MappedText]:
    """Split on newlines (the newline characters themselves are dropped)."""
    lines, start = [], 0
    text = mt.text
    while True:
        j = text.find("\n", start)
        if j < 0:
            lines.append(mt.slice(start, len(text)))
            return lines
        lines.append(mt.slice(start, j))
        start = j + 1


def normalize_string(text: str) -> str:
    """The clean form of a plain string, whitespace folded (for comparing quotes and titles)."""
    mt = normalize_chars(MappedText(text, [0] * len(text), [0] * len(text)))
    return " ".join(mt.text.split())
