"""XSS in headless Chromium over articles that went through the real pipeline (`sitrep ingest`):
titles, outlets, URLs and bodies carrying <script>, <img onerror>, javascript: and data: links,
SVG with scripts, CSS injection and RTL / zero-width tricks. Nothing executes (a window flag,
the console, dialogs, CSP reports), every link is inert or http(s) with rel=noopener, and no
request leaves 127.0.0.1. Chromium is Debian's (`make browser`)."""
from __future__ import annotations

import json

import pytest
from in_process import sitrep_in_process

from sitrep.web.app import create_app

pytestmark = pytest.mark.browser

RUN = "window.__xss=(window.__xss||0)+1;console.log('XSS-RAN')"
EVIL = "http://evil.example"
PAYLOADS = [
    f"<script>{RUN}</script>", f'<img src=x onerror="{RUN}">', f'<img src="{EVIL}/pixel.png">',
    f'<svg xmlns="http://www.w3.org/2000/svg" onload="{RUN}"><script>{RUN}</script></svg>',
    f'<a href="javascript:{RUN}">click</a>', f'<a href="data:text/html,<script>{RUN}</script>">data</a>',
    f'<iframe src="{EVIL}/frame"></iframe>', f'<style>body{{background:url({EVIL}/css.png)}}</style>',
    f'<div style="background:url({EVIL}/inline.png)">css</div>', f'<link rel="stylesheet" href="{EVIL}/x.css">',
    f'"><script>{RUN}</script>', f"'-alert(1)-'", "\u202egnp.exe", "Ga\u200bo\u200d\u2066x\u2069",
    f'<math><mtext><table><mglyph><style><img src=x onerror="{RUN}">',
]
BODY = ("Gunmen attacked a checkpoint near Gao on 3 March 2025, killing three soldiers, a local official said. "
        + " ".join(PAYLOADS) + " Residents said the attackers fled towards Ansongo.")
HTML_PAGE = (f"<html><head><title>Gao attack {PAYLOADS[0]}</title><script>{RUN}</script>"
             f"<meta http-equiv=refresh content='0;url={EVIL}/'></head><body><article><h1>Gao attack</h1>"
             "<p>Gunmen attacked an army post near Kidal on 5 March 2025, killing four soldiers, residents said.</p>"
             f"<p>{json.dumps(PAYLOADS)[1:-1].replace('<', '&lt;').replace('>', '&gt;')}</p>"
             f"<p><img src=x onerror=\"{RUN}\"><svg><script>{RUN}</script></svg></p>"
             f"<p><a href=\"javascript:{RUN}\">more</a></p></article></body></html>")
META = [
    {"doc": "hostile.txt", "title": f'<img src=x onerror="{RUN}">Breaking \u202eKCATTA', "outlet":
     f'<svg onload="{RUN}">Evil</svg>', "url": f"javascript:{RUN}", "published": "2025-03-04"},
    {"doc": "hostile.html", "title": f"<script>{RUN}</script>", "outlet": f'x" style="background:url({EVIL}/o)',
     "url": f"data:text/html,<script>{RUN}</script>", "published": "2025-03-06"},
]
RECORD = {"id": "dump-1", "title": f'"><img src=x onerror="{RUN}">', "outlet": "Wire\u200b\u202e", "published":
          "2025-03-08", "url": f'https://news.example.org/a"onmouseover="{RUN}', "text":
          "Militants shelled a market in Menaka on 7 March 2025, killing two civilians, witnesses said. "
          + " ".join(PAYLOADS)}


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    inp = root / "in"
    inp.mkdir()
    (inp / "hostile.txt").write_text(BODY + "\n", encoding="utf-8")
    (inp / "hostile.html").write_text(HTML_PAGE, encoding="utf-8")
    (inp / "dump.jsonl").write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    (root / "docs.jsonl").write_text("".join(json.dumps(m) + "\n" for m in META), encoding="utf-8")
    db = root / "hostile.db"
    # in this process (tests/in_process.py): the page under attack is what is tested, not the command
    done = sitrep_in_process("ingest", str(inp), "--meta", str(root / "docs.jsonl"), "--db", str(db))
    assert done.returncode == 0, done.stderr
    return str(db)


@pytest.fixture(scope="module")
def hostile_server(hostile_db, browser, server_thread):
    from sitrep.config import load_settings

    with server_thread(create_app(hostile_db, settings=load_settings(env={}))) as base:
        yield base


LINKS_JS = """() => [...document.querySelectorAll('a[href], area[href], [src], link[href], iframe, object, embed')]
  .map(e => ({tag: e.tagName, href: e.getAttribute('href') || e.getAttribute('src') || '', target: e.target || '',
              rel: e.getAttribute('rel') || ''}))"""


def test_hostile_articles_render_inert_everywhere_on_the_page(browser, hostile_server):
    import urllib.request

    events = json.loads(urllib.request.urlopen(hostile_server + "/api/events?limit=100").read())["events"]
    docs = sorted({d for e in events for d in e["docs"]})
    assert len(events) >= 3 and {"hostile.txt", "hostile.html"} <= set(docs), (events, docs)
    page = browser.new_page(viewport={"width": 1400, "height": 850})
    requests, console, dialogs, errors = [], [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        views = [""] + [f"#event={e['id']}" for e in events] + [f"#doc={d}" for d in docs]
        page.goto(hostile_server + "/")
        page.wait_for_selector("body[data-state=ready]", timeout=30000)
        for view in views:
            page.evaluate("(h) => { location.hash = h; }", view)
            page.wait_for_timeout(400)
            for button in page.locator("#card button.show-doc").all()[:1]:
                button.click()
                page.wait_for_timeout(300)
            page.mouse.move(700, 400)  # any onmouseover would fire now
            assert page.evaluate("() => window.__xss") is None, view
            for link in page.evaluate(LINKS_JS):
                href = link["href"]
                if (link["tag"], href) == ("LINK", "data:,") or (link["tag"] == "IMG" and href.startswith("data:image/")):
                    continue  # the page's own empty favicon and the map's drawn icons
                assert not href.lower().lstrip().startswith(("javascript:", "data:", "vbscript:")), (view, link)
                assert href.startswith(("/", "#", "http://127.0.0.1", "https://news.example.org")), (view, link)
                if link["target"] == "_blank":
                    assert "noopener" in link["rel"], (view, link)
            assert page.locator("script:not([src])").count() == 0, view  # no inline script reached the DOM
            assert page.locator("img[src=x], svg[onload], iframe, [style*=evil]").count() == 0, view
        text = page.locator("body").inner_text()
        assert "Menaka" in text or "Gao" in text or "Kidal" in text
    finally:
        page.close()
    assert dialogs == [] and errors == []
    assert not [m for m in console if "XSS-RAN" in m or "Content Security Policy" in m], console
    outside = [u for u in requests if not u.startswith(("http://127.0.0.1:", "data:"))]
    assert outside == [], outside


def test_hostile_titles_and_outlets_are_shown_as_text(browser, hostile_server):
    page = browser.new_page(viewport={"width": 1400, "height": 850})
    try:
        page.goto(hostile_server + "/#doc=hostile.txt")
        page.wait_for_selector("#card h3, #card h2", timeout=30000)
        page.wait_for_timeout(300)
        card = page.locator("#card").text_content()  # as written (the heading's CSS capitalises it)
        assert '<img src=x onerror="' in card and "Breaking" in card  # the title, literally
        assert "<svg onload=" in card  # the outlet, literally
        assert "javascript:" in page.locator("#card .unsafe-url").first.inner_text()  # shown, never linked
        assert page.evaluate("() => window.__xss") is None
    finally:
        page.close()
