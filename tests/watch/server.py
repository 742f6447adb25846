"""An in-process HTTP server on 127.0.0.1 serving fixture feeds, sitemaps and fictional article pages.

Tests change ``routes`` between polls (a feed that grows) and read ``log`` (what was requested,
with which conditional headers). A route is a function of the request returning
(status, headers, body), so a route can answer 429 once, hang, redirect in a loop or be huge.
"""
from __future__ import annotations

import html
import json
import threading
import time
from email.utils import format_datetime
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

ARTICLES = {k: v for k, v in json.loads((Path(__file__).parent / "fixtures" / "articles.json").read_text()).items()
            if not k.startswith("_")}

Route = Callable[["Handler"], tuple[int, dict[str, str], bytes]]


def article_page(key: str, *, canonical: str | None = None) -> bytes:
    a = ARTICLES[key]
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (f"<!doctype html><html><head><title>{html.escape(a['title'])}</title>{link}"
            f'<meta property="article:published_time" content="{a["published"]}"></head>'
            f"<body><nav>Home | World | Contact</nav><article><h1>{html.escape(a['title'])}</h1>"
            f"<p>{html.escape(a['text'])}</p></article><footer>Fictional test outlet</footer></body></html>"
            ).encode()


def rss(base: str, items: list[tuple[str, str]], *, title: str = "Fictional Wire") -> bytes:
    """An RSS 2.0 feed of (article key, path) items."""
    entries = "".join(
        f"<item><title>{html.escape(ARTICLES[k]['title'])}</title><link>{html.escape(base + path)}</link>"
        f"<pubDate>{format_datetime(datetime.fromisoformat(ARTICLES[k]['published']).replace(tzinfo=timezone.utc))}"
        f"</pubDate></item>" for k, path in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title><link>{base}/</link>'
            f"<description>test</description>{entries}</channel></rss>").encode()


def atom(base: str, items: list[tuple[str, str]], *, title: str = "Fictional Gazette") -> bytes:
    """An Atom 1.0 feed of (article key, path) items."""
    entries = "".join(
        f"<entry><title>{html.escape(ARTICLES[k]['title'])}</title><link href=\"{html.escape(base + path)}\"/>"
        f"<id>{base}{path}</id><updated>{ARTICLES[k]['published']}T08:00:00Z</updated></entry>" for k, path in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>'
            f"<id>{base}/atom</id><updated>2025-11-06T08:00:00Z</updated>{entries}</feed>").encode()


def news_sitemap(base: str, items: list[tuple[str, str]]) -> bytes:
    urls = "".join(f"<url><loc>{html.escape(base + path)}</loc><news:news><news:publication_date>{ARTICLES[k]['published']}"
                   f"</news:publication_date><news:title>{html.escape(ARTICLES[k]['title'])}</news:title>"
                   f"</news:news></url>" for k, path in items)
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>').encode()


def static(body: bytes, ctype: str = "text/html; charset=utf-8", *, etag: str | None = None) -> Route:
    """A page; with ``etag`` it answers 304 to a matching If-None-Match."""
    def route(h: "Handler") -> tuple[int, dict[str, str], bytes]:
        if etag and h.headers.get("If-None-Match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"Content-Type": ctype, **({"ETag": etag} if etag else {})}, body
    return route


class Handler(BaseHTTPRequestHandler):
    server: "FixtureServer"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self.server.log.append({"path": self.path, "ua": self.headers.get("User-Agent"),
                                "if_none_match": self.headers.get("If-None-Match"), "at": time.time()})
        route = self.server.routes.get(urlsplit(self.path).path)  # ?utm_… must not change the page
        if route is None:
            status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
        else:
            status, headers, body = route(self)
        try:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            if isinstance(body, bytes):
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:  # an iterator of chunks (a gigantic page), sent without a length
                self.send_header("Connection", "close")
                self.end_headers()
                for chunk in body:
                    self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass


class FixtureServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes: dict[str, Route] = {}
        self.log: list[dict] = []
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    def __enter__(self) -> "FixtureServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()

    def hits(self, path: str) -> int:
        """Requests for ``path`` (any query string)."""
        return sum(1 for r in self.log if urlsplit(r["path"]).path == path)
