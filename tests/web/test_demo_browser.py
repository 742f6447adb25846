"""The page on the demo corpus (ingested by the real pipeline): markers agree with the API and the
hostile article (script in the title, onerror in the outlet, javascript: link) stays inert."""
from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.web.app import create_app

pytestmark = pytest.mark.browser
DEMO = Path(__file__).resolve().parents[2] / "demo" / "articles"
HOSTILE = "nigeria_marte_hostile.html"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    from sitrep.config import load_settings
    from sitrep.pipeline import Pipeline
    from sitrep.store import Store

    if not (DEMO / HOSTILE).exists():
        pytest.skip("demo corpus not present")
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with Store(path) as store:
        Pipeline(load_settings(env={})).ingest(store, [str(DEMO)])
    return str(path)


@pytest.fixture(scope="module")
def demo_page(browser, demo_db, server_thread):
    from sitrep.config import load_settings

    with server_thread(create_app(demo_db, settings=load_settings(env={}))) as base:
        page = browser.new_page(viewport={"width": 1400, "height": 850})
        seen = {"requests": [], "dialogs": [], "errors": []}
        page.on("request", lambda r: seen["requests"].append(r.url))
        page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: seen["errors"].append(str(e)))
        yield base, page, seen
        page.close()
    assert [u for u in seen["requests"] if not u.startswith(base) and not u.startswith("data:")] == []


def ready(page) -> None:
    page.wait_for_selector("body[data-state=ready]", timeout=20000)
    page.wait_for_timeout(400)


def test_demo_markers_agree_with_the_api(demo_page):
    base, page, seen = demo_page
    page.goto(base + "/")
    ready(page)
    counts = page.evaluate("""() => [...document.querySelectorAll('.marker-cluster span')]
        .reduce((a, s) => a + parseInt(s.textContent, 10), 0) + document.querySelectorAll('path.ev').length""")
    api = page.request.get(base + "/api/points").json()
    assert counts == api["count"]
    total = page.request.get(base + "/api/events?limit=1").json()["total"]
    assert page.locator("#summary").inner_text().startswith(f"{total} events match")
    assert seen["errors"] == []


def test_demo_hostile_article_is_inert(demo_page):
    base, page, seen = demo_page
    page.goto(f"{base}/#doc={HOSTILE}")
    ready(page)
    page.wait_for_selector("#card .article-text")
    events = page.request.get(f"{base}/api/documents/{HOSTILE}").json()["events"]
    if events and events[0]["event_id"]:
        page.goto(f"{base}/#event={events[0]['event_id']}")
        page.wait_for_selector("#card .article-text")
    page.wait_for_timeout(500)
    text = page.locator("#card").inner_text()
    assert "<script>alert(1)</script>" in text  # the title, as text
    assert seen["dialogs"] == [] and seen["errors"] == []
    assert page.locator("img[src=x]").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("script").count() == 4
