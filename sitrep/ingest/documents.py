"""One article's bytes to a complete ``Document``: clean text, offsets, metadata with origins, language."""
from __future__ import annotations

import codecs
import hashlib
import logging
from dataclasses import dataclass, field
from typing import Any

from sitrep.errors import InputError
from sitrep.ingest.boilerplate import Patterns
from sitrep.ingest.decode import decode
from sitrep.ingest.html import read_html
from sitrep.ingest.language import detect_language
from sitrep.ingest.layout import clean, page_lines
from sitrep.ingest.metadata import FIELDS, Metadata, url_host
from sitrep.ingest.offsets import MappedText, build_offsets
from sitrep.model import Document

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    """How much of one article is read (settings ``ingest.max_chars`` and ``ingest.max_html_mb``).

    Why: every character costs time and memory in every later stage (spaCy, extraction, the
    geocoder's windows), about linearly; news articles are under 30,000 characters, and at that
    length one document stays within the stated bound, 5 s of CPU and 500 MB
    (``python -m bench.bench_long``), so a longer one is cut there with a warning rather than
    left to run for half a minute; a page past ``max_html_bytes`` is refused before lxml parses it.
    """

    max_chars: int = 30_000
    max_html_bytes: int = 5 * 2**20

    @property
    def max_text_bytes(self) -> int:
        """Bytes that certainly hold ``max_chars`` characters (4 a character in UTF-8 or UTF-32)."""
        return 4 * self.max_chars + 4


@dataclass
class Source:
    """Where an article sits: its name, file, format, record, and metadata its container gave."""

    name: str
    path: str
    format: str
    record: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    given: dict[str, Any] = field(default_factory=dict)
    given_origin: str = "record"
    patterns: Patterns | None = None
    limits: Limits = field(default_factory=Limits)
    cut_from: str | None = None  # set once the text is cut: its size before ("2,097,152 characters")

    @property
    def where(self) -> str:
        return f"{self.path} {self.record}" if self.record else self.path


def from_bytes(raw: bytes, src: Source, *, html: bool) -> Document:
    """Decode, clean and describe one article whose raw bytes are ``raw``; InputError when it has no text.

    An HTML page over the size limit is refused (parsing it is the unbounded part); a text over
    ``max_chars`` has only its head decoded, so an 8 MB one-line file costs what 30,000
    characters cost. ``raw`` is kept whole either way: the stored bytes are the file's.
    """
    limits = src.limits
    if html and len(raw) > limits.max_html_bytes:
        raise InputError(src.path, "too_large", f"HTML page is {len(raw) / 2**20:.1f} MB, over the "
                         f"{limits.max_html_bytes / 2**20:g} MB limit for one page (ingest.max_html_mb)",
                         record=src.record, hint="raise SITREP_INGEST_MAX_HTML_MB, or pass the article's text")
    head = raw if html or len(raw) <= limits.max_text_bytes else _head(raw, limits.max_text_bytes)
    text = decode(head, path=src.path, record=src.record, html=html)[0]
    if len(head) < len(raw):
        src.cut_from = src.cut_from or f"{len(raw) / 2**20:.1f} MB"
    return from_text(raw, text, src, html=html)


def _head(raw: bytes, size: int) -> bytes:
    """The first ``size`` bytes or a little less, never splitting a character.

    UTF-16/32 (by their BOM) are cut at a multiple of 4 bytes; anything else is cut before a
    UTF-8 continuation byte (a single-byte encoding loses at most three characters by it)."""
    size -= size % 4
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) \
            and not raw.startswith(codecs.BOM_UTF8):
        return raw[:size]
    k = size
    while k > size - 4 and 0x80 <= raw[k] < 0xC0:
        k -= 1
    return raw[:k]


def from_text(raw: bytes, source: MappedText, src: Source, *, html: bool) -> Document:
    """Like ``from_bytes`` when the text is already decoded (a JSON string) with ranges into ``raw``."""
    limits = src.limits
    if html and len(source.text) > limits.max_html_bytes:
        raise InputError(src.path, "too_large", f"HTML is {len(source.text):,} characters, over the "
                         f"{limits.max_html_bytes / 2**20:g} MB limit for one page (ingest.max_html_mb)",
                         record=src.record, hint="raise SITREP_INGEST_MAX_HTML_MB, or pass the article's text")
    if not html and len(source.text) > limits.max_chars:
        src.cut_from = src.cut_from or f"{len(source.text):,} characters"
        source = source.cut(limits.max_chars)
    md = Metadata()
    md.offer_all(src.meta, "meta")
    md.offer_all(src.given, src.given_origin)
    known_title = md.get("title")
    if html:
        article, found = read_html(source, url=md.get("url"), known_title=known_title, patterns=src.patterns)
        for key, (value, origin) in found.items():
            md.offer(key, value, origin)
    else:
        article = clean(page_lines(source), known_title=known_title, patterns=src.patterns)
    if len(article.text.text) > limits.max_chars:
        src.cut_from = src.cut_from or f"{len(article.text.text):,} characters"
        article.text = article.text.cut(limits.max_chars)
    if not _has_text(article.text.text, article.title):
        what = "HTML page has no article text (no body, or only menus and notices)" if html else \
            "no article text left (only page clutter)"
        raise InputError(src.path, "no_text", what, record=src.record,
                         hint="check that it is a news article; pass the page's HTML or text")
    if src.cut_from is not None:
        log.warning("%s: article is %s, over the %s-character limit (ingest.max_chars); only the first %s "
                    "characters are kept; raise SITREP_INGEST_MAX_CHARS or split the article", src.where,
                    src.cut_from, f"{limits.max_chars:,}", f"{len(article.text.text):,}")
    md.offer("published", article.published, article.published_origin or "text:dateline")
    md.offer("title", article.title, "text:title")
    md.offer("outlet", article.site, "text:site")
    md.offer("outlet", url_host(md.get("url")), "url:host")
    md.offer("language", detect_language(article.text.text), "langid")
    return Document(name=src.name, source_path=src.path, format=src.format, raw=raw,
                    sha256=hashlib.sha256(raw).hexdigest(), text=article.text.text,
                    offsets=build_offsets(article.text), record=src.record, origins=dict(md.origins),
                    **{f: md.get(f) for f in FIELDS})


def _has_text(text: str, title: str | None) -> bool:
    """At least a few words beyond the headline, or a headline that is a whole report by itself
    (a wire flash: "Rebels retook the town of X from regime forces following clashes")."""
    body = text[len(title):] if title and text.startswith(title) else text
    if not body.strip() and title and _words(title) >= FLASH_WORDS:
        return True
    return _words(body[:2000]) >= 3


FLASH_WORDS = 8  # a headline-only item this long is a report, not a menu or a notice


def _words(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalpha() for c in w))
