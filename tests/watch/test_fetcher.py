"""The polite fetcher against the local server: robots.txt, conditional GET, retries with
backoff, redirect cap and loop, size cap, timeout. Settings are the fast test ones."""
from __future__ import annotations

import time

import pytest

from server import static
from sitrep.config import load_settings
from sitrep.watch.fetcher import FetchFailed, Fetcher, Policy


@pytest.fixture
def fetcher(fast_config):
    f = Fetcher(Policy.from_settings(load_settings(fast_config, env={})))
    yield f
    f.close()


def fails(fetcher: Fetcher, url: str, **kw) -> FetchFailed:
    with pytest.raises(FetchFailed) as info:
        fetcher.get(url, **kw)
    return info.value


def test_robots_txt_forbids_a_path_and_names_our_agent(server, fetcher):
    server.routes["/robots.txt"] = static(b"User-agent: sitrep\nDisallow: /private/\n", "text/plain")
    server.routes["/private/a"] = static(b"secret")
    server.routes["/public/a"] = static(b"<p>ok</p>")
    assert fails(fetcher, f"{server.base}/private/a").reason == "robots"
    assert fetcher.get(f"{server.base}/public/a").body == b"<p>ok</p>"
    assert server.hits("/private/a") == 0 and server.hits("/robots.txt") == 1  # read once per host
    assert all(e["ua"].startswith("sitrep/") for e in server.log)


def test_conditional_get_answers_304_with_no_body(server, fetcher):
    server.routes["/feed"] = static(b"<rss/>", "application/rss+xml", etag='"abc"')
    first = fetcher.get(f"{server.base}/feed")
    again = fetcher.get(f"{server.base}/feed", etag=first.header("etag"))
    assert again.not_modified and again.body == b""


def test_429_then_success_is_retried_with_backoff(server, fetcher):
    answers = iter([(429, {"Retry-After": "0"}, b""), (503, {}, b""), (200, {"Content-Type": "text/html"}, b"ok")])
    server.routes["/busy"] = lambda h: next(answers)
    assert fetcher.get(f"{server.base}/busy").body == b"ok"
    assert server.hits("/busy") == 3


def test_5xx_that_persists_fails_retryable_after_the_retries(server, fetcher):
    server.routes["/down"] = lambda h: (502, {}, b"")
    failure = fails(fetcher, f"{server.base}/down")
    assert (failure.reason, failure.retry) == ("http_502", True)
    assert server.hits("/down") == fetcher.policy.retries + 1


def test_redirects_followed_with_a_cap_and_loops_detected(server, fetcher):
    server.routes["/loop-a"] = lambda h: (302, {"Location": "/loop-b"}, b"")
    server.routes["/loop-b"] = lambda h: (302, {"Location": "/loop-a"}, b"")
    for n in range(10):
        server.routes[f"/hop{n}"] = lambda h, n=n: (301, {"Location": f"/hop{n + 1}"}, b"")
    server.routes["/hop10"] = static(b"end")
    server.routes["/hop-final"] = static(b"end")
    server.routes["/short"] = lambda h: (301, {"Location": "/hop-final"}, b"")
    assert "loop" in fails(fetcher, f"{server.base}/loop-a").message
    assert fails(fetcher, f"{server.base}/hop0").reason == "redirects"
    assert server.hits("/hop10") == 0
    page = fetcher.get(f"{server.base}/short")
    assert page.url == f"{server.base}/hop-final" and page.body == b"end"


def test_gigantic_page_is_refused_while_streaming(server, fetcher):
    cap = fetcher.policy.max_bytes
    server.routes["/declared"] = static(b"x" * (cap + 1))
    server.routes["/endless"] = lambda h: (200, {"Content-Type": "text/html"}, iter([b"x" * 65536] * 10_000))
    assert fails(fetcher, f"{server.base}/declared").reason == "too_large"
    start = time.monotonic()
    assert fails(fetcher, f"{server.base}/endless").reason == "too_large"
    assert time.monotonic() - start < 2  # stopped at the cap, not after 650 MB


def test_a_page_that_never_answers_times_out(server, fetcher):
    def hang(h):
        time.sleep(3)
        return 200, {}, b"late"
    server.routes["/slow"] = hang
    start = time.monotonic()
    failure = fails(fetcher, f"{server.base}/slow")
    assert (failure.reason, failure.retry) == ("timeout", True)
    assert time.monotonic() - start < 2.5


def test_requests_to_one_host_are_spaced_and_capped(server, fetcher):
    from concurrent.futures import ThreadPoolExecutor
    from dataclasses import replace

    polite = Fetcher(replace(fetcher.policy, host_delay_s=0.15, per_host=1))
    server.routes["/p"] = static(b"ok")
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: polite.get(f"{server.base}/p"), range(4)))
    polite.close()
    times = sorted(e["at"] for e in server.log if e["path"] == "/p")
    assert len(times) == 4 and min(b - a for a, b in zip(times, times[1:])) >= 0.13


def test_robots_txt_that_does_not_answer_refuses_for_now_not_for_good(server, fetcher):
    server.routes["/robots.txt"] = lambda h: (503, {}, b"")
    server.routes["/a"] = static(b"ok")
    failure = fails(fetcher, f"{server.base}/a")
    assert (failure.reason, failure.retry) == ("robots_unreachable", True)
    assert server.hits("/a") == 0


def test_gigantic_robots_txt_is_read_only_up_to_its_cap(server, fetcher):
    rules = b"User-agent: *\nDisallow: /private/\n"
    server.routes["/robots.txt"] = lambda h: (200, {"Content-Type": "text/plain"}, iter([rules] + [b"#" * 65536] * 5000))
    server.routes["/private/x"] = static(b"no")
    start = time.monotonic()
    assert fails(fetcher, f"{server.base}/private/x").reason == "robots"
    assert time.monotonic() - start < 2
