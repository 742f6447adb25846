"""Polite HTTP: robots.txt, a per-host rate limit and concurrency cap, conditional GET, timeouts,
retries with backoff on 429/5xx, a redirect cap and a size cap read while streaming.

Safe to share between threads (httpx.Client is). Every failure becomes a ``FetchFailed`` with a
short reason (``robots``, ``timeout``, ``too_large``, ``redirects``, ``http_404``, ``network``…)
so the poller can store it and decide whether to retry later; httpx's own exceptions never leave.
"""
from __future__ import annotations

import logging
import threading
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from sitrep.config import Settings

log = logging.getLogger(__name__)

RETRY_STATUS = {429, 500, 502, 503, 504}
REDIRECT_STATUS = {301, 302, 303, 307, 308}
ROBOTS_TTL_S = 3600.0  # robots.txt is re-read hourly, as crawlers commonly do
ROBOTS_MAX_BYTES = 500_000  # Google reads the first 500 KiB of a robots.txt; so do we
ROBOTS_RETRY_S = 300.0  # after a 5xx or no answer (everything on the host refused meanwhile)


@dataclass(frozen=True)
class Policy:
    """The fetch settings (section [watch] of settings.toml), read once."""

    user_agent: str
    timeout_s: float
    max_bytes: int
    retries: int
    backoff_s: float
    max_backoff_s: float
    max_redirects: int
    host_delay_s: float
    per_host: int

    @classmethod
    def from_settings(cls, settings: Settings) -> "Policy":
        get = lambda key: settings.get("watch", key)  # noqa: E731
        return cls(str(get("user_agent")), float(get("timeout_s")), int(float(get("max_page_mb")) * 2**20),
                   int(get("retries")), float(get("backoff_s")), float(get("max_backoff_s")),
                   int(get("max_redirects")), float(get("host_delay_s")), int(get("per_host")))


@dataclass
class Fetched:
    """A finished request: 200 with a body, or 304 (``not_modified``) with none."""

    url: str  # the URL finally answered (after redirects)
    status: int
    headers: list[tuple[str, str]]
    body: bytes = b""
    reason: str = "OK"
    request_headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


class FetchFailed(Exception):
    """A request that did not give a usable page; ``retry`` says whether trying later may help."""

    def __init__(self, url: str, reason: str, message: str, *, retry: bool, status: int | None = None):
        super().__init__(f"{url}: {message}")
        self.url, self.reason, self.message, self.retry, self.status = url, reason, message, retry, status


class _Host:
    """Per-host politeness state: a semaphore (concurrency cap) and the earliest next request time."""

    def __init__(self, per_host: int):
        self.slots = threading.BoundedSemaphore(per_host)
        self.lock = threading.Lock()
        self.next_at = 0.0
        self.robots: urllib.robotparser.RobotFileParser | None = None
        self.robots_until = 0.0  # robots.txt is read again after this (monotonic) time
        self.robots_unreachable = False  # the refusal is temporary: robots.txt gave 5xx or no answer
        self.robots_lock = threading.Lock()


class Fetcher:
    """GET pages the way a good crawler does; see the module docstring."""

    def __init__(self, policy: Policy, *, transport: httpx.BaseTransport | None = None):
        self.policy = policy
        self.agent_token = policy.user_agent.split("/")[0].split()[0] or "*"
        self.client = httpx.Client(headers={"User-Agent": policy.user_agent}, follow_redirects=False,
                                   timeout=httpx.Timeout(policy.timeout_s), transport=transport)
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            keep: Callable[[Fetched], None] | None = None) -> Fetched:
        """The page at ``url`` (redirects followed up to the cap), or FetchFailed.

        ``keep`` is called with a 200/203 answer while its host slot is still held, so the next request
        to that host starts only once the answer is kept: a caller that archives there bounds what a
        kill -9 can lose to the ``per_host`` requests actually in flight."""
        seen = {url}
        for _ in range(self.policy.max_redirects + 1):
            answer = self._get_one(url, etag, last_modified, keep)
            if answer.status not in REDIRECT_STATUS:
                return answer
            target = answer.header("location")
            if not target:
                raise FetchFailed(url, "http_redirect", f"HTTP {answer.status} without a Location", retry=False)
            url = urljoin(url, target)
            if url in seen:
                raise FetchFailed(url, "redirects", "redirect loop", retry=False, status=answer.status)
            seen.add(url)
        raise FetchFailed(url, "redirects", f"more than {self.policy.max_redirects} redirects", retry=False)

    def _get_one(self, url: str, etag: str | None, last_modified: str | None,
                 keep: Callable[[Fetched], None] | None) -> Fetched:
        if not self.allowed(url):
            if self._host(url).robots_unreachable:  # not a "no": ask again later, do not give up the page
                raise FetchFailed(url, "robots_unreachable", "robots.txt did not answer; nothing on this host is "
                                  "fetched until it does", retry=True)
            raise FetchFailed(url, "robots", "robots.txt forbids it", retry=False)
        headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        for attempt in range(self.policy.retries + 1):
            answer = self._request(url, headers, keep)
            if answer.status not in RETRY_STATUS:
                break
            if attempt == self.policy.retries:
                raise FetchFailed(url, f"http_{answer.status}", f"HTTP {answer.status} after "
                                  f"{attempt + 1} tries", retry=True, status=answer.status)
            wait = self._backoff(attempt, answer.header("retry-after"))
            log.info("%s: HTTP %d, retrying in %.1f s", url, answer.status, wait)
            time.sleep(wait)
        if answer.status not in (200, 203, 304) and answer.status not in REDIRECT_STATUS:
            raise FetchFailed(url, f"http_{answer.status}", f"HTTP {answer.status}",
                              retry=answer.status >= 500 or answer.status == 408, status=answer.status)
        return answer

    def _backoff(self, attempt: int, retry_after: str | None) -> float:
        """Retry-After when the server says (seconds or a date), else exponential; capped either way."""
        wait = self.policy.backoff_s * 2 ** attempt
        if retry_after:
            try:
                wait = float(retry_after)
            except ValueError:
                try:
                    wait = parsedate_to_datetime(retry_after).timestamp() - time.time()
                except (TypeError, ValueError):
                    pass
        return max(0.0, min(wait, self.policy.max_backoff_s))

    def _request(self, url: str, headers: dict[str, str], keep: Callable[[Fetched], None] | None) -> Fetched:
        host = self._host(url)
        with host.slots:
            self._wait_turn(host)
            try:
                answer = self._stream(url, headers)
            except httpx.TimeoutException:
                raise FetchFailed(url, "timeout", f"no answer within {self.policy.timeout_s:g} s",
                                  retry=True) from None
            except (httpx.HTTPError, OSError) as exc:
                raise FetchFailed(url, "network", f"request failed ({type(exc).__name__}: {exc})",
                                  retry=True) from None
            if keep is not None and answer.status in (200, 203):
                keep(answer)
            return answer

    def _stream(self, url: str, headers: dict[str, str]) -> Fetched:
        deadline = time.monotonic() + self.policy.timeout_s * 2  # a page that drips bytes forever ends too
        with self.client.stream("GET", url, headers=headers) as r:
            size = int(r.headers.get("content-length") or 0)
            if r.status_code == 200 and size > self.policy.max_bytes:
                raise FetchFailed(url, "too_large", f"page is {size / 2**20:.1f} MB, over the "
                                  f"{self.policy.max_bytes / 2**20:g} MB cap (watch.max_page_mb)", retry=False)
            chunks, total = [], 0
            for chunk in r.iter_bytes():
                total += len(chunk)
                if total > self.policy.max_bytes:
                    raise FetchFailed(url, "too_large", f"page is over the {self.policy.max_bytes / 2**20:g} MB "
                                      "cap (watch.max_page_mb)", retry=False)
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("page took too long", request=r.request)
                chunks.append(chunk)
            return Fetched(str(r.url), r.status_code, list(r.headers.items()), b"".join(chunks),
                           r.reason_phrase or "", dict(r.request.headers))

    def _host(self, url: str) -> _Host:
        key = urlsplit(url).netloc.lower()
        with self._hosts_lock:
            if key not in self._hosts:
                self._hosts[key] = _Host(self.policy.per_host)
            return self._hosts[key]

    def _wait_turn(self, host: _Host) -> None:
        """Space requests to one host by host_delay_s (or the robots.txt Crawl-delay when longer)."""
        delay = self.policy.host_delay_s
        crawl_delay = host.robots.crawl_delay(self.agent_token) if host.robots else None
        if crawl_delay:
            delay = max(delay, min(float(crawl_delay), self.policy.max_backoff_s))
        with host.lock:
            now = time.monotonic()
            start = max(now, host.next_at)
            host.next_at = start + delay
        if start > now:
            time.sleep(start - now)

    def allowed(self, url: str) -> bool:
        """robots.txt of the URL's host, fetched once per Fetcher: 4xx allows all, 5xx or no answer none."""
        host = self._host(url)
        with host.robots_lock:
            if host.robots is None or time.monotonic() > host.robots_until:
                host.robots = self._robots(url, host)
        return host.robots.can_fetch(self.agent_token, url)

    def _robots(self, url: str, host: _Host) -> urllib.robotparser.RobotFileParser:
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            with host.slots:
                self._wait_turn(host)
                with self.client.stream("GET", robots_url, follow_redirects=True) as r:
                    status, text = r.status_code, _read_capped(r, ROBOTS_MAX_BYTES).decode("utf-8", "replace")
        except httpx.HTTPError as exc:
            log.warning("%s: unreachable (%s); nothing on that host is fetched until it answers", robots_url, exc)
            status, text = 503, ""
        host.robots_until = time.monotonic() + (ROBOTS_RETRY_S if status >= 500 else ROBOTS_TTL_S)
        host.robots_unreachable = status >= 500
        if 400 <= status < 500:
            parser.allow_all = True
        elif status >= 500:
            parser.disallow_all = True
        else:
            parser.parse(text.splitlines())
        parser.modified()
        return parser


def _read_capped(response: httpx.Response, limit: int) -> bytes:
    """At most ``limit`` bytes of a streamed body: a gigantic robots.txt is cut, never read whole."""
    chunks, total = [], 0
    for chunk in response.iter_bytes():
        chunks.append(chunk)
        total += len(chunk)
        if total >= limit:
            break
    return b"".join(chunks)[:limit]
