"""A feed's or sitemap's links, from bytes already fetched (the fetcher is polite; parsers never fetch).

RSS/Atom go through feedparser; sitemaps (``<urlset>``, news sitemaps, ``<sitemapindex>``) through
lxml. trafilatura's feed and sitemap helpers were not used: they download by themselves, which
would bypass the fetcher's robots.txt, rate limit, size cap and conditional GET.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

import feedparser
from lxml import etree

_SNIFF = 2048


@dataclass(frozen=True)
class Entry:
    """One link a listing offers, with what the listing says about it."""

    url: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD


@dataclass
class Listing:
    """What one feed or sitemap held: article links, child sitemaps, and a problem if it was broken."""

    kind: str  # feed, sitemap or sitemapindex
    entries: list[Entry] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    problem: str | None = None  # broken XML: what was readable is still in entries


def parse_listing(body: bytes, url: str, content_type: str | None = None) -> Listing:
    """Entries of a feed or sitemap; ``problem`` says what was wrong when the XML was broken."""
    head = body[:_SNIFF].lower()
    if b"<urlset" in head or b"<sitemapindex" in head:
        return _sitemap(body)
    return _feed(body, url, content_type)


def _feed(body: bytes, url: str, content_type: str | None) -> Listing:
    # feedparser assumes broken XML when response headers come without a Content-Type.
    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    parsed = feedparser.parse(body, response_headers=headers)
    entries = [Entry(e.link, e.get("title"), _day(e.get("published_parsed") or e.get("updated_parsed")))
               for e in parsed.entries if e.get("link")]
    problem = None
    if parsed.bozo and not isinstance(parsed.bozo_exception, feedparser.CharacterEncodingOverride):
        problem = f"broken feed XML ({_first_line(parsed.bozo_exception)})"
    elif not parsed.version and not entries:
        problem = "neither an RSS/Atom feed nor a sitemap"
    return Listing("feed", entries, problem=problem)


def _sitemap(body: bytes) -> Listing:
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(body, parser)
    problem = None
    if parser.error_log:
        problem = f"broken sitemap XML ({_first_line(parser.error_log[0].message)})"
    if root is None:
        return Listing("sitemap", problem=problem or "empty sitemap")
    if etree.QName(root).localname == "sitemapindex":
        return Listing("sitemapindex", sitemaps=[_text(s, "loc") for s in root if _text(s, "loc")], problem=problem)
    entries = []
    for node in root:
        loc = _text(node, "loc")
        if loc:
            entries.append(Entry(loc, _text(node, "title"), _iso_day(_text(node, "publication_date")
                                                                     or _text(node, "lastmod"))))
    return Listing("sitemap", entries, problem=problem)


def _text(node: etree._Element, local: str) -> str | None:
    """Text of the first descendant named ``local`` in any namespace (news:title, loc, lastmod)."""
    for child in node.iter():
        if isinstance(child.tag, str) and etree.QName(child).localname == local and (child.text or "").strip():
            return child.text.strip()
    return None


def _day(parsed: object) -> str | None:
    if not parsed:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.timezone.utc).date().isoformat()  # type: ignore


def _iso_day(text: str | None) -> str | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None


def _first_line(exc: object) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:160] if text else type(exc).__name__
