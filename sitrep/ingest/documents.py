"""One article's bytes to a complete ``Document``: clean text, offsets, metadata with origins, language."""
from __future__ import annotations

import hashlib
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


def from_bytes(raw: bytes, src: Source, *, html: bool) -> Document:
    """Decode, clean and describe one article whose raw bytes are ``raw``; InputError when it has no text."""
    text = decode(raw, path=src.path, record=src.record, html=html)[0]
    return from_text(raw, text, src, html=html)


def from_text(raw: bytes, source: MappedText, src: Source, *, html: bool) -> Document:
    """Like ``from_bytes`` when the text is already decoded (a JSON string) with ranges into ``raw``."""
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
    if not _has_text(article.text.text, article.title):
        what = "HTML page has no article text (no body, or only menus and notices)" if html else \
            "no article text left (only page clutter)"
        raise InputError(src.path, "no_text", what, record=src.record,
                         hint="check that it is a news article; pass the page's HTML or text")
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
