"""The chat, the source view, /embed and widget.js in headless Chromium (Playwright).

The app runs on 127.0.0.1 in a thread; a second server on another port plays a foreign
site that includes widget.js (CORS enabled for it) and frames /embed. Accessibility is
checked with axe-core from ``node_modules/`` (``npm ci``). Screenshots go to
``docs/screenshots/``.

Needs ``/usr/bin/chromium`` (or ``$QA_CHROMIUM``) and ``node_modules/axe-core``:
``scripts/test.sh`` installs both. Without them these tests skip locally and fail in CI.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from qa import QA, Document
from tests.conftest import ROOT, SEED_ID
from web import create_app

CHROMIUM = Path(os.environ.get("QA_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "docs" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
EVIL = "<script>alert(1)</script>"
EVIL_IMG = "<img src=x onerror=alert(1)>"
HEAD = "<!doctype html><html lang='en'><head><meta charset='utf-8'><link rel='icon' href='data:,'>"


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package 'playwright' is not installed (pip install -e '.[test]')"
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium, or scripts/test.sh)"
    if not AXE.exists():
        return f"axe-core not found at {AXE} (run 'npm ci' at the repository root)"
    return None


def _require() -> None:
    reason = _missing()
    if reason is None:
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"browser tests need a browser: {reason}")


class _Server:
    """A WSGI app or a static page on 127.0.0.1, on a free port, in a thread."""

    def __init__(self, server: Any) -> None:
        self.server = server
        self.url = f"http://127.0.0.1:{server.server_port}"
        self.thread = threading.Thread(target=server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def _serve_app(app: Any) -> _Server:
    return _Server(make_server("127.0.0.1", 0, app, threaded=True))


def _serve_html(pages: dict[str, str]) -> _Server:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages.get(self.path.split("?")[0], "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    return _Server(server)


@pytest.fixture(scope="module")
def servers(seed_engine) -> Iterator[dict[str, str]]:
    _require()
    pages: dict[str, str] = {}
    site = _serve_html(pages)          # the foreign site: another port is another origin
    app = _serve_app(create_app({"QA_ENGINE": seed_engine, "QA_CORS_ORIGINS": [site.url]}))
    pages["/widget.html"] = (
        f"{HEAD}<title>A blog</title>"
        "<style>button { background: hotpink !important; font-size: 40px; }</style></head>"
        "<body><h1>Some other site</h1><p>An article about the news.</p>"
        f"<script src='{app.url}/widget.js' data-qa-url='{app.url}' defer></script>"
        "</body></html>"
    )
    pages["/frame.html"] = (
        f"{HEAD}<title>Framed</title></head>"
        f"<body><iframe title='Ask the news' src='{app.url}/embed' width='420' height='640'>"
        "</iframe></body></html>"
    )
    evil = _serve_app(create_app({"QA_ENGINE": QA.from_documents([Document(
        id="evil",
        title=f"Breaking {EVIL}",
        text=(f"Breaking {EVIL}\n\nThe mayor said that {EVIL_IMG} was posted on Monday. "
              f"Reports suggest {EVIL} may be posted again."),
        source="tests",
    )])}))
    yield {"app": app.url, "site": site.url, "evil": evil.url}
    for server in (app, site, evil):
        server.close()


@pytest.fixture(scope="module")
def browser(servers) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield browser
        browser.close()


class _Page:
    """A page in a fresh context that records dialogs, console errors and /api/ask bodies."""

    def __init__(self, browser: Any, **context: Any) -> None:
        self.context = browser.new_context(**context)
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.asked: list[dict[str, Any]] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", self._request)

    def _request(self, request: Any) -> None:
        if request.url.endswith("/api/ask") and request.method == "POST":
            self.asked.append(json.loads(request.post_data))

    def ask(self, question: str, scope: Any = None) -> Any:
        """Type ``question``, press Enter, wait for its answer; the newest answer card."""
        scope = scope or self.page
        answers = scope.locator("li.answer")
        before = answers.count()
        scope.get_by_label("Your question").fill(question)
        scope.get_by_label("Your question").press("Enter")
        answers.nth(before).wait_for()
        return answers.nth(before)

    def axe(self) -> list[str]:
        self.page.add_script_tag(path=str(AXE))
        result = self.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        return [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(n["target"]) for n in v["nodes"][:3])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def tab(browser) -> Iterator[_Page]:
    page = _Page(browser, viewport={"width": 1280, "height": 800})
    yield page
    page.close()


def _shot(page: Any, name: str, **kw: Any) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), **kw)


def test_chat_answers_with_span_badge_and_source(tab, servers) -> None:
    page = tab.page
    page.goto(servers["app"] + "/")
    assert page.locator("form label[for=question]").inner_text() == "Your question"
    examples = page.locator("#examples button")
    assert examples.count() >= 1
    card = tab.ask("When did Putin visit Pyongyang?")
    assert card.locator("mark").inner_text() == "June"
    assert "Putin's rare visit to Pyongyang in June" in card.locator("blockquote").inner_text()
    badge = card.locator("article > .facts .badge.lvl-none")
    assert badge.inner_text() == "fact"
    badge.focus()
    tip = card.locator("[role=tooltip]").first
    assert tip.is_visible() and "Stated as fact" in tip.inner_text()
    badge.press("Escape")
    assert not tip.is_visible()
    link = card.locator("article > .from a")
    assert link.inner_text().startswith("North Korean Soldiers Deployed in Ukraine")
    assert link.get_attribute("href") == f"/documents/{SEED_ID}#s6"
    # more passages on demand
    more = card.get_by_role("button", name=re.compile(r"^\d+ more passages$"))
    assert not card.locator("ol.passages").is_visible()
    shown = int(more.inner_text().split()[0])
    more.click()
    assert card.locator("ol.passages > li").count() == shown >= 2
    more = card.get_by_role("button", name="Hide passages")
    assert card.locator("ol.passages").is_visible()
    assert more.get_attribute("aria-expanded") == "true"
    # no answer: an honest message with the reason
    nothing = tab.ask("What is the price of bananas in Peru?")
    assert "Nothing in the documents matches" in nothing.inner_text()
    assert not tab.dialogs and not tab.errors, tab.errors   # no CSP violation, no JS error


def test_follow_up_carries_history_and_clear_resets_it(tab, servers) -> None:
    page = tab.page
    page.goto(servers["app"] + "/")
    first = tab.ask("What do experts speculate?")
    assert first.locator("article > .facts .badge.lvl-high").inner_text() == "speculative"
    assert first.locator("article > .facts .badge.disputed").is_visible()
    assert first.locator("article > .facts .attr").inner_text() == "Experts · speculate"
    second = tab.ask("Who said that?")
    assert second.inner_text().strip()
    assert "history" not in tab.asked[0]
    assert tab.asked[1]["history"] == [
        {"question": "What do experts speculate?", "document": SEED_ID, "index": 4}
    ]
    page.get_by_role("button", name="New conversation").click()
    assert page.locator("#messages > li").count() == 0
    assert page.locator("#examples").is_visible()
    tab.ask("When did Putin visit Pyongyang?")
    assert "history" not in tab.asked[2]
    assert not tab.errors, tab.errors


def test_axe_and_screenshots_of_the_chat(browser, servers) -> None:
    desktop = _Page(browser, viewport={"width": 1280, "height": 800}, bypass_csp=True)
    phone = _Page(browser, viewport={"width": 390, "height": 844}, device_scale_factor=2,
                  is_mobile=True, has_touch=True, bypass_csp=True)
    dark = _Page(browser, viewport={"width": 1280, "height": 800}, color_scheme="dark",
                 bypass_csp=True)
    try:
        for tab, name in ((desktop, "chat-desktop.png"), (phone, "chat-phone.png"),
                          (dark, "chat-dark.png")):
            tab.page.goto(servers["app"] + "/")
            if tab is desktop:
                _shot(tab.page, "chat-empty.png")
            tab.ask("When did Putin visit Pyongyang?")
            card = tab.ask("What do experts speculate?")
            if tab is dark:
                card.locator("article > .facts .badge.lvl-high").hover()
            _shot(tab.page, name)
            assert tab.axe() == []
    finally:
        for tab in (desktop, phone, dark):
            tab.close()


def test_source_view_highlights_the_sentence(tab, servers, browser) -> None:
    page = tab.page
    page.goto(servers["app"] + "/")
    card = tab.ask("When did Putin visit Pyongyang?")
    card.locator("article > .from a").click()
    page.wait_for_url(f"**/documents/{SEED_ID}#s6")
    target = page.locator(":target")
    assert target.get_attribute("id") == "s6"
    assert "rare visit to Pyongyang in June" in target.inner_text()
    assert target.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
    box, viewport = target.bounding_box(), page.viewport_size
    assert box and 0 <= box["y"] and box["y"] + box["height"] <= viewport["height"]
    assert page.locator("span.s").count() == 18
    assert page.locator("#s4 + .tag").inner_text() == "speculative · disputed"
    assert "Experts" in page.locator(".sources").inner_text()
    assert not tab.errors, tab.errors
    checked = _Page(browser, viewport={"width": 1280, "height": 800}, bypass_csp=True)
    try:
        checked.page.goto(f"{servers['app']}/documents/{SEED_ID}#s4")
        checked.page.emulate_media(reduced_motion="reduce")
        _shot(checked.page, "source-view.png", full_page=True)
        assert checked.axe() == []
    finally:
        checked.close()


def test_widget_on_another_origin(tab, servers) -> None:
    page = tab.page
    page.goto(servers["site"] + "/widget.html")
    launcher = page.get_by_role("button", name="Ask the news")
    launcher.click()
    panel = page.get_by_role("dialog", name="Ask the news")
    # the service's example questions are offered, and each one is answered
    examples = panel.get_by_role("list", name="Try asking").get_by_role("button")
    examples.first.wait_for()
    assert examples.count() >= 1
    _shot(page, "widget-examples.png")
    assert tab.axe() == []
    first = examples.first.inner_text()
    examples.first.click()
    asked = panel.locator("li.question").last
    asked.wait_for()
    assert first in asked.inner_text()
    panel.locator("li.answer").last.wait_for()
    panel.get_by_role("button", name="New conversation").click()
    assert examples.first.is_visible()
    card = tab.ask("When did Putin visit Pyongyang?", scope=panel)
    assert card.locator("mark").inner_text() == "June"
    assert card.locator("article > .from a").get_attribute("href") == (
        f"{servers['app']}/documents/{SEED_ID}#s6"
    )

    # the host page's CSS does not reach into the widget (Shadow DOM)
    color = panel.get_by_role("button", name="Ask", exact=True).evaluate(
        "e => getComputedStyle(e).backgroundColor")
    assert color != "rgb(255, 105, 180)"
    _shot(page, "widget.png")
    assert not tab.dialogs and not tab.errors, tab.errors


def test_tooltip_near_the_panel_bottom_opens_above(browser, servers) -> None:
    tab = _Page(browser, viewport={"width": 1280, "height": 430})
    try:
        page = tab.page
        page.goto(servers["site"] + "/widget.html")
        page.get_by_role("button", name="Ask the news").click()
        panel = page.get_by_role("dialog", name="Ask the news")
        card = tab.ask("What do experts speculate?", scope=panel)
        badge = card.locator("article > .facts .badge").first
        badge.evaluate("e => e.scrollIntoView({block: 'end'})")
        badge.hover()
        tip = card.locator("article > .facts [role=tooltip]").first
        assert tip.is_visible()
        box = tip.evaluate("""t => {
            const b = t.getRootNode().querySelector('.body').getBoundingClientRect();
            const r = t.getBoundingClientRect();
            return [r.top - b.top, b.bottom - r.bottom, r.left - b.left, b.right - r.right];
        }""")
        assert min(box) >= 0, box  # wholly inside the scrolling panel, not cut off
        assert not tab.errors, tab.errors
    finally:
        tab.close()


def test_embed_in_an_iframe_on_another_origin(tab, servers) -> None:
    tab.page.goto(servers["site"] + "/frame.html")
    frame = tab.page.frame_locator("iframe")
    card = tab.ask("When did Putin visit Pyongyang?", scope=frame)
    assert card.locator("mark").inner_text() == "June"
    assert card.locator("article > .from a").get_attribute("target") == "_blank"
    assert not tab.errors, tab.errors


def test_document_text_is_never_html(browser, servers) -> None:
    # CSP would block inline handlers anyway; without it, the text must still be inert.
    for bypass_csp in (False, True):
        tab = _Page(browser, viewport={"width": 1280, "height": 800}, bypass_csp=bypass_csp)
        try:
            page = tab.page
            page.goto(servers["evil"] + "/")
            card = tab.ask("When was it posted?")
            card.get_by_role("button", name=re.compile("more passage")).click()
            text = card.inner_text()
            assert EVIL_IMG in text and EVIL in text          # sentence and title, literally
            assert card.locator("img, script").count() == 0
            page.goto(servers["evil"] + "/documents/evil")
            body = page.locator("body").inner_text()
            assert EVIL in body and EVIL_IMG in body
            assert page.locator("main img, main script").count() == 0
            assert tab.dialogs == []
        finally:
            tab.close()


def _uncovered(page: Any, card: Any) -> None:
    """The whole ``card`` is inside the viewport and above the sticky question box."""
    box = card.bounding_box()
    viewport = page.viewport_size
    form = page.locator("#ask").bounding_box()
    assert box and form
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], (box, viewport)
    assert box["y"] + box["height"] <= form["y"] + 0.5, (box, form)


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_newest_answer_is_wholly_in_view(browser, servers, size) -> None:
    width, height = size
    tab = _Page(browser, viewport={"width": width, "height": height},
                is_mobile=width < 500, has_touch=width < 500)
    try:
        tab.page.goto(servers["app"] + "/")
        for question in ("When did Putin visit Pyongyang?", "What do experts speculate?",
                         "When did Putin visit Pyongyang?"):
            card = tab.ask(question)
            link = card.locator("article > .from a")
            link.wait_for()
            _uncovered(tab.page, card)
        assert tab.page.evaluate("window.scrollY") > 0          # the page did scroll
        assert not tab.errors, tab.errors
    finally:
        tab.close()


def test_a_refusal_shows_the_closest_passage(tab, servers) -> None:
    tab.page.goto(servers["app"] + "/")
    card = tab.ask("Who won the election?")
    assert "rather than guess" in card.locator(".noanswer").inner_text()
    assert "Not sure; the closest sentence is" in card.inner_text()
    closest = card.locator("blockquote.closest")
    assert closest.inner_text().strip()
    assert card.locator("article > .facts .badge").first.is_visible()
    link = card.locator("article > .from a")
    assert link.get_attribute("href").startswith(f"/documents/{SEED_ID}#s")
    assert not tab.errors, tab.errors


def test_widget_on_an_origin_the_service_does_not_allow(browser, seed_engine) -> None:
    pages: dict[str, str] = {}
    site = _serve_html(pages)
    app = _serve_app(create_app({"QA_ENGINE": seed_engine}))        # no QA_CORS_ORIGINS
    pages["/widget.html"] = (
        f"{HEAD}<title>A blog</title></head><body><h1>Some other site</h1>"
        f"<script src='{app.url}/widget.js' data-qa-url='{app.url}' defer></script>"
        "</body></html>"
    )
    tab = _Page(browser, viewport={"width": 1280, "height": 800})
    try:
        page = tab.page
        page.goto(site.url + "/widget.html")
        page.get_by_role("button", name="Ask the news").click()
        panel = page.get_by_role("dialog", name="Ask the news")
        expected = (f"This service does not accept questions from {site.url}. Ask its "
                    "operator to add that origin to QA_CORS_ORIGINS.")
        notice = panel.get_by_role("status")
        notice.wait_for()
        assert notice.inner_text() == expected          # the examples say why they are absent
        card = panel.locator("li.answer")
        panel.get_by_label("Your question").fill("When did Putin visit Pyongyang?")
        panel.get_by_label("Your question").press("Enter")
        card.first.wait_for()
        assert card.first.inner_text() == expected
        assert "could not be reached" not in panel.inner_text()
        # a service that is really down still says that it could not be reached
        pages["/down.html"] = pages["/widget.html"].replace(
            f"data-qa-url='{app.url}'", "data-qa-url='http://127.0.0.1:9'")
        page.goto(site.url + "/down.html")
        page.get_by_role("button", name="Ask the news").click()
        panel = page.get_by_role("dialog", name="Ask the news")
        panel.get_by_role("status").wait_for()
        assert "could not be reached" in panel.get_by_role("status").inner_text()
    finally:
        tab.close()
        app.close()
        site.close()


def test_answer_cards_show_the_document_date(browser, tmp_path) -> None:
    _require()
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(json.dumps({
        "id": "harbour", "title": "Harbour reopens", "date": "2024-05-14",
        "text": "Harbour reopens\n\nThe harbour of Genoa reopened on Tuesday after repairs. "
                "Officials said the repairs cost four million euros."}) + "\n",
        encoding="utf-8")
    app = _serve_app(create_app({"QA_PATHS": [str(corpus)]}))
    tab = _Page(browser, viewport={"width": 1280, "height": 800})
    try:
        tab.page.goto(app.url + "/")
        card = tab.ask("When did the harbour of Genoa reopen?")
        source = card.locator("article > .from")
        source.locator(".docmeta-inline").filter(has_text="2024-05-14").wait_for()
        assert "Harbour reopens" in source.inner_text()
        assert not tab.errors, tab.errors
    finally:
        tab.close()
        app.close()
