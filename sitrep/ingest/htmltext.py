"""HTML's visible text with byte ranges, and alignment of extracted paragraphs back onto it.

trafilatura finds the article in a page but returns plain strings. To keep evidence traceable to
the raw page, each extracted paragraph is found again in the page's own visible text (tags
stripped, entities decoded, same normalisation), which carries the byte range of every character.
"""
from __future__ import annotations

import html
import re

from sitrep.ingest.normalize import fold_line, normalize_chars
from sitrep.ingest.offsets import MappedText

_TOKEN = re.compile(
    r"<!--.*?(?:-->|$)|<(script|style|noscript|template|svg)\b[^>]*>.*?(?:</\1\s*>|$)|<![^>]*>|<\?.*?>"
    r"|</?([a-zA-Z][\w:-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>|&(#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);?",
    re.S | re.I)
_BLOCK = frozenset("""address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6
header hr li main nav ol p pre section table tbody td th thead tr ul title""".split())


def visible_text(src: MappedText) -> MappedText:
    """Text nodes of an HTML string (block elements become line breaks), entities decoded.

    Built straight into three lists, and runs of block tags with nothing between them give at
    most two line breaks (a blank line is all the layout rules read): a page of 200,000 nested
    ``<div>`` is then one pass, not 400,000 small pieces joined.
    """
    texts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    text = src.text
    pos = 0
    breaks = 0
    for m in _TOKEN.finditer(text):
        if m.start() > pos:
            texts.append(text[pos:m.start()])
            starts.extend(src.starts[pos:m.start()])
            ends.extend(src.ends[pos:m.start()])
            breaks = 0
        if m.group(3):
            decoded = html.unescape(m.group(0))
            at_s, at_e = src.starts[m.start()], src.ends[m.end() - 1]
            texts.append(decoded)
            starts.extend([at_s] * len(decoded))
            ends.extend([at_e] * len(decoded))
            breaks = 0
        elif m.group(2) and breaks < 2 and m.group(2).lower() in _BLOCK:
            texts.append("\n")
            starts.append(src.starts[m.start()])
            ends.append(src.starts[m.start()])
            breaks += 1
        pos = m.end()
    if pos < len(text):
        texts.append(text[pos:])
        starts.extend(src.starts[pos:])
        ends.extend(src.ends[pos:])
    return MappedText("".join(texts), starts, ends)


def searchable(visible: MappedText) -> MappedText:
    """Normalised visible text with all whitespace folded to single spaces (one long line)."""
    norm = normalize_chars(visible)
    flat = MappedText(norm.text.replace("\n", " "), norm.starts, norm.ends)
    return fold_line(flat)


class Aligner:
    """Finds extracted strings in the page's searchable text, left to right, with a fallback per word."""

    def __init__(self, page: MappedText):
        self.page = page
        self.cursor = 0

    def find(self, line: str) -> MappedText | None:
        """``line`` where it appears verbatim in the page, else None."""
        k = self.page.text.find(line) if line else -1
        return self.page.slice(k, k + len(line)) if k >= 0 else None

    def align(self, line: str) -> MappedText:
        """``line`` (already normalised and folded) with the byte ranges of where it sits in the page."""
        hay = self.page.text
        k = hay.find(line, self.cursor)
        if k < 0:
            k = hay.find(line)
        if k >= 0:
            self.cursor = k + len(line)
            return self.page.slice(k, k + len(line))
        return self._align_words(line)

    def _align_words(self, line: str) -> MappedText:
        hay = self.page.text
        parts: list[MappedText] = []
        window = 3 * len(line) + 200
        for n, word in enumerate(line.split(" ")):
            if n:
                parts.append(MappedText.literal(" ", parts[-1].raw_end() if parts else self._here()))
            k = hay.find(word, self.cursor, self.cursor + window + len(word))
            if k >= 0:
                self.cursor = k + len(word)
                parts.append(self.page.slice(k, k + len(word)))
            else:
                parts.append(MappedText.literal(word, self._here()))
        return MappedText.join(parts)

    def _here(self) -> int:
        if self.cursor < len(self.page.starts):
            return self.page.starts[self.cursor]
        return self.page.raw_end()
