"""HTML pages: trafilatura finds the article, htmldate the date, our aligner the byte ranges.

htmldate runs with ``original_date=True`` (the first publication, not the last edit) and without
extensive search: the page's structured metadata (meta tags, ``<time>``, URL) is trusted, while
dates merely written somewhere on the page are left to the dateline rules, which know a site
banner from an article's dateline.
"""
from __future__ import annotations

import logging
import re
from typing import Any

from sitrep.ingest.boilerplate import Patterns
from sitrep.ingest.htmltext import Aligner, searchable, visible_text
from sitrep.ingest.layout import Article, Line, clean, page_lines
from sitrep.ingest.normalize import normalize_string
from sitrep.ingest.offsets import MappedText

log = logging.getLogger(__name__)

_TITLE_SPLIT = re.compile(r"(?<!\s)(?:\s+[|–—-]\s+|\s+::\s+)")  # (?<!\s): linear on long space runs


def read_html(source: MappedText, *, url: str | None = None, known_title: str | None = None,
              patterns: Patterns | None = None) -> tuple[Article, dict[str, tuple[str, str]]]:
    """Clean article text and the page's own metadata ``{field: (value, origin)}``."""
    from trafilatura import bare_extraction
    from trafilatura.utils import load_html

    tree = load_html(source.text)
    if tree is None:
        return Article(MappedText()), {}
    found = page_metadata(tree, url)
    page = searchable(visible_text(source))
    headline = _headline(page, known_title, found.get("title", (None, ""))[0])
    try:
        result = bare_extraction(tree, url=url, favor_recall=True, include_comments=False, include_tables=True,
                                 with_metadata=False, deduplicate=False)
    except Exception as exc:  # trafilatura on malformed markup: fall back to the page's visible text
        log.debug("trafilatura failed (%r); using the visible text", exc)
        result = None
    text = getattr(result, "text", None) or ""
    if text.strip():
        aligner = Aligner(page)
        lines = [Line(aligner.align(s), True) for s in map(normalize_string, text.split("\n")) if s]
    else:
        lines = page_lines(visible_text(source))
    return clean(lines, headline=headline, patterns=patterns), found


def _headline(page: MappedText, known: str | None, own: str | None) -> MappedText | None:
    """The headline to put first: a title that appears on the page (the known one first), else the
    page's own title mapped word by word (og:title lives in an attribute, not in the text)."""
    for title in (known, own):
        if title and (found := Aligner(page).find(normalize_string(title))) is not None:
            return found
    return Aligner(page).align(normalize_string(own)) if own else None


def page_metadata(tree: Any, url: str | None) -> dict[str, tuple[str, str]]:
    """Title, outlet, url and published date that the page declares, with their origins."""
    found: dict[str, tuple[str, str]] = {}

    def meta(*names: str) -> str | None:
        for name in names:
            for attr in ("property", "name"):
                values = tree.xpath(f'//meta[@{attr}="{name}"]/@content')
                if values and values[0].strip():
                    return " ".join(values[0].split())
        return None

    site = meta("og:site_name", "application-name", "publisher")
    if site:
        found["outlet"] = (site, "html:og")
    page_url = meta("og:url") or _first(tree.xpath('//link[@rel="canonical"]/@href'))
    if page_url and page_url.startswith("http"):
        found["url"] = (page_url, "html:canonical")
    og_title = meta("og:title", "twitter:title")
    if og_title:
        found["title"] = (og_title, "html:og")
    elif title := _first(tree.xpath("//head/title/text()")):
        found["title"] = (_strip_site(title, site), "html:title")
    elif h1 := _first(tree.xpath("//h1//text()")):
        found["title"] = (h1, "html:h1")
    published = _htmldate(tree, url or page_url)
    if published:
        found["published"] = (published, "html:htmldate")
    return found


def _first(values: list[Any]) -> str | None:
    for v in values:
        text = " ".join(str(v).split())
        if text:
            return text
    return None


def _strip_site(title: str, site: str | None) -> str:
    """"Headline | Site Name" → "Headline" (the site part is the last, shorter segment)."""
    parts = _TITLE_SPLIT.split(title)
    if len(parts) > 1:
        last = parts[-1]
        if (site and last.casefold() == site.casefold()) or len(last.split()) <= 4 < len(" ".join(parts[:-1]).split()):
            return " - ".join(parts[:-1])
    return title


def _htmldate(tree: Any, url: str | None) -> str | None:
    from htmldate import find_date

    try:
        return find_date(tree, url=url, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    except Exception as exc:  # htmldate on odd markup: the dateline rules still run
        log.debug("htmldate failed (%r)", exc)
        return None
