"""One URL per story: normalised with courlan (tracking parameters stripped), or the page's own
``<link rel="canonical">``, so the same article found under two URLs is fetched and stored once."""
from __future__ import annotations

import re
from urllib.parse import urljoin

import courlan

_HEAD = 65536  # the canonical link sits in <head>: never scan a whole gigantic page for it
_LINK = re.compile(rb"<link\b[^>]*>", re.I)
_REL = re.compile(rb"""\brel\s*=\s*(?:["']\s*)?canonical\b""", re.I)
_HREF = re.compile(rb"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def canonical_url(url: str) -> str:
    """The URL a story is known by: lower-case host, no fragment, no utm_/fbclid/gclid-style trackers."""
    try:
        return courlan.normalize_url(url.strip(), strict=True)
    except (ValueError, AttributeError):
        return url.strip()


def declared_canonical(body: bytes, base_url: str) -> str | None:
    """The page's ``<link rel="canonical" href>`` resolved against its URL, normalised; None if absent."""
    for tag in _LINK.findall(body[:_HEAD]):
        if _REL.search(tag):
            m = _HREF.search(tag)
            href = next((g for g in m.groups() if g), b"") if m else b""
            if href.strip():
                return canonical_url(urljoin(base_url, href.decode("utf-8", "replace").strip()))
    return None
