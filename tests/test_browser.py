"""The chat, the source view, /embed and widget.js in headless Chromium (Playwright).

The app runs on 127.0.0.1 in a thread; a second server on another port plays a foreign
site that includes widget.js (CORS enabled for it) and frames /embed; a third app serves
short articles with publishers and dates, for the filter bar, resolved dates (answer.time)
and the source view's metadata. Accessibility is
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
from web.wording import NO_ANSWER

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


def test_a_source_named_by_a_pronoun_shows_whom_it_stands_for(tab, servers) -> None:
    tab.page.goto(servers["app"] + "/")
    card = tab.ask("What did Lim Eulchul suggest?")
    facts = card.locator("article > .facts")
    assert facts.locator(".attr").inner_text().startswith("speculated by Lim Eulchul")
    who = facts.locator("button.who.resolved")
    who.focus()
    tip = facts.locator(".attr [role=tooltip]")
    assert tip.is_visible()
    assert tip.inner_text().startswith("He \u2192 Lim Eulchul, a professor")
    assert tip.inner_text().endswith("(named in sentence 10)")
    who.press("Escape")
    assert not tip.is_visible()


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
    assert badge.inner_text() == "unhedged"
    assert card.locator("article > .facts .attr").inner_text() == \
        "stated in the article\u2019s own voice"
    badge.focus()
    tip = card.locator("[role=tooltip]").first
    assert tip.is_visible() and "No hedging words" in tip.inner_text()
    assert "The article says this itself" in tip.inner_text()
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
    assert first.locator("article > .facts .attr").inner_text() == "speculated by Experts · speculate"
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
    assert page.locator("#s4 + .tag").inner_text() == "speculative · speculated · disputed"
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


# Three short articles written for these tests, with publishers, dates and addresses.
NEWS = [
    {"id": "harbour", "title": "Harbour of Genoa reopens", "date": "2024-10-08",
     "publisher": "Reuters", "url": "https://news.example/genoa-harbour",
     "text": "Harbour of Genoa reopens\n\nThe harbour of Genoa reopened on Tuesday after "
             "repairs. Officials said the repairs cost four million euros."},
    {"id": "bridge", "title": "Turin council votes on bridge", "date": "2024-06-20T09:30:00Z",
     "publisher": "BBC", "url": "https://news.example/turin-bridge",
     "text": "Turin council votes on bridge\n\nAnalysts believe that the new bridge will "
             "cost two million euros. The council approved the bridge in June."},
    {"id": "school", "title": "School opens early", "date": "2022-09-05",
     "text": "School opens early\n\nThe new primary school in Leeds opened in 2022. Head "
             "teacher Anna Green welcomed 200 pupils."},
]


@pytest.fixture(scope="module")
def news(servers, tmp_path_factory) -> Iterator[dict[str, str]]:
    """The app on :data:`NEWS`; ``site`` frames its /embed and includes its widget with
    fixed filters."""
    corpus = tmp_path_factory.mktemp("news") / "news.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in NEWS), encoding="utf-8")
    pages: dict[str, str] = {}
    site = _serve_html(pages)
    app = _serve_app(create_app({"QA_PATHS": [str(corpus)], "QA_CORS_ORIGINS": [site.url]}))
    pages["/frame.html"] = (
        f"{HEAD}<title>Framed</title></head>"
        f"<body><iframe title='Ask the news' src='{app.url}/embed' width='420' height='720'>"
        "</iframe></body></html>")
    pages["/widget.html"] = (
        f"{HEAD}<title>A blog</title></head><body><h1>Some other site</h1>"
        f"<script src='{app.url}/widget.js' data-qa-url='{app.url}' data-publisher='Reuters'"
        " data-date-from='2024-10-01' defer></script></body></html>")
    yield {"app": app.url, "site": site.url}
    app.close()
    site.close()


def _open_filters(page: Any) -> Any:
    bar = page.locator("#filters")
    if not bar.evaluate("d => d.open"):
        bar.locator("summary").click()
    return bar


def test_no_filter_bar_when_there_is_nothing_to_filter_by(tab, servers) -> None:
    tab.page.goto(servers["app"] + "/")            # the seed article: no publisher, no date
    tab.page.locator("#ask").wait_for()
    assert tab.page.locator("#filters").count() == 0
    tab.ask("When did Putin visit Pyongyang?")
    assert "filters" not in tab.asked[0]


def test_filters_are_sent_with_every_question_and_cleared(tab, news) -> None:
    page = tab.page
    page.goto(news["app"] + "/")
    bar = page.locator("#filters")
    summary = bar.locator("summary")
    assert not bar.evaluate("d => d.open")          # folded until asked for
    assert summary.inner_text().endswith("all documents")
    # keyboard: the summary opens the bar, and every field has its label
    summary.focus()
    page.keyboard.press("Enter")
    assert bar.evaluate("d => d.open")
    publisher = page.get_by_label("Publisher")
    options = publisher.locator("option").all_inner_texts()
    assert options == ["Any publisher", "BBC", "Reuters"]      # from the documents served
    assert "5 Sep 2022 to 8 Oct 2024" in bar.inner_text()
    clear = page.get_by_role("button", name="Clear filters")
    assert clear.is_disabled()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "filter-publisher"
    publisher.select_option("Reuters")
    page.get_by_label("From date").fill("2024-10-01")
    assert "Reuters · from 1 Oct 2024" in summary.inner_text()
    card = tab.ask("When did the harbour of Genoa reopen?")
    assert tab.asked[-1]["filters"] == {"publisher": ["Reuters"], "date_from": "2024-10-01"}
    assert "Filtered: Reuters · from 1 Oct 2024" in page.locator("li.question").last.inner_text()
    # the resolved date of answer.time, and the article's publisher and date by its title
    assert card.locator("mark").inner_text() == "Tuesday"
    time_line = card.locator(".time")
    assert time_line.locator(".time-text").inner_text() == "Tuesday"
    assert time_line.locator("time").inner_text() == "Tue 8 Oct 2024"
    assert "→" in time_line.inner_text()
    assert time_line.locator("time").get_attribute("datetime") == "2024-10-08"
    source = card.locator("article > .from")
    source.locator(".docmeta-inline").filter(has_text="Reuters").wait_for()
    assert "From Harbour of Genoa reopens (Reuters, 8 Oct 2024), sentence 2" in \
        source.inner_text()
    # a filter that matches nothing says so in words
    _open_filters(page)
    publisher.select_option("BBC")
    nothing = tab.ask("When did the harbour of Genoa reopen?")
    assert tab.asked[-1]["filters"] == {"publisher": ["BBC"], "date_from": "2024-10-01"}
    assert "No document matches the filters" in nothing.locator(".noanswer").inner_text()
    # Clear filters empties every field, and questions go out unfiltered again
    _open_filters(page)
    clear.click()
    assert publisher.input_value() == "" and page.get_by_label("From date").input_value() == ""
    assert summary.inner_text().endswith("all documents")
    assert page.evaluate("document.activeElement.id") == "filter-publisher"
    month = tab.ask("When did the council approve the bridge?")
    assert "filters" not in tab.asked[-1]
    assert month.locator(".time time").inner_text() == "June 2024"
    year = tab.ask("When did the school in Leeds open?")
    assert year.locator("mark").inner_text() == "2022"
    assert year.locator(".time").count() == 0             # "2022 → 2022" says nothing more
    assert "(Associated" not in year.inner_text()
    assert "School opens early (5 Sep 2022)" in year.locator("article > .from").inner_text()
    assert not tab.errors, tab.errors


def _sources(card: Any) -> list[str]:
    """The titles of the articles a card's passages come from, in order (the folded
    "more passages" list too)."""
    return card.locator(".from a").all_inner_texts()


def test_a_filter_changes_the_passages_and_clear_restores_them(tab, news) -> None:
    page = tab.page
    page.goto(news["app"] + "/")
    question = "How much did the repairs cost?"
    everything = _sources(tab.ask(question))
    assert set(everything) == {"Harbour of Genoa reopens", "Turin council votes on bridge"}
    _open_filters(page)
    page.get_by_label("Publisher").select_option("BBC")
    bbc = tab.ask(question)
    assert tab.asked[-1]["filters"] == {"publisher": ["BBC"]}
    assert _sources(bbc) == ["Turin council votes on bridge"]
    assert "(BBC, 20 Jun 2024)" in bbc.locator(".from").first.inner_text()
    _open_filters(page)
    page.get_by_label("To date").fill("2024-01-31")          # BBC and before February
    none = tab.ask(question)
    assert tab.asked[-1]["filters"] == {"publisher": ["BBC"], "date_to": "2024-01-31"}
    assert none.locator(".noanswer").inner_text() == NO_ANSWER["no_documents"]
    assert none.locator(".from").count() == 0
    _open_filters(page)
    page.get_by_role("button", name="Clear filters").click()
    again = tab.ask(question)
    assert "filters" not in tab.asked[-1]
    assert _sources(again) == everything
    assert not tab.errors, tab.errors


def test_a_date_range_the_wrong_way_round_is_refused_in_the_page(tab, news) -> None:
    page = tab.page
    page.goto(news["app"] + "/")
    _open_filters(page)
    page.get_by_label("From date").fill("2024-10-01")
    page.get_by_label("To date").fill("2024-06-01")
    page.locator("#filters summary").click()               # fold it, then ask
    page.get_by_label("Your question").fill("When did the harbour of Genoa reopen?")
    page.get_by_label("Your question").press("Enter")
    page.wait_for_timeout(300)
    assert tab.asked == []                                  # not sent
    assert page.locator("#filters").evaluate("d => d.open")  # the bad field is shown
    assert page.get_by_label("To date").evaluate("e => !e.validity.valid")


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_axe_and_screenshots_of_the_filters(browser, news, size) -> None:
    width, height = size
    phone = width < 500
    for scheme in ("light", "dark"):
        tab = _Page(browser, viewport={"width": width, "height": height}, bypass_csp=True,
                    is_mobile=phone, has_touch=phone, device_scale_factor=2 if phone else 1,
                    color_scheme=scheme)
        try:
            page = tab.page
            page.goto(news["app"] + "/")
            _open_filters(page)
            page.get_by_label("Publisher").select_option("Reuters")
            card = tab.ask("When did the harbour of Genoa reopen?")
            card.locator("article > .from .docmeta-inline time").wait_for()
            _uncovered(page, card)
            if phone:                       # folded once asked, so the answer has room
                assert not page.locator("#filters").evaluate("d => d.open")
            else:
                _open_filters(page)
            if scheme == "light":
                _shot(page, f"chat-filters-{'phone' if phone else 'desktop'}.png")
            _open_filters(page)
            assert tab.axe() == []
            assert not tab.errors, tab.errors
        finally:
            tab.close()


def test_filters_in_the_embed_on_another_origin(tab, news) -> None:
    tab.page.goto(news["site"] + "/frame.html")
    frame = tab.page.frame_locator("iframe")
    frame.locator("#filters summary").click()
    frame.get_by_label("Publisher").select_option("BBC")
    card = tab.ask("When did the council approve the bridge?", scope=frame)
    assert tab.asked[-1]["filters"] == {"publisher": ["BBC"]}
    assert card.locator("mark").inner_text() == "June"
    assert "(BBC, 20 Jun 2024)" in card.locator("article > .from").inner_text()
    assert not tab.errors, tab.errors


def test_the_widget_takes_filters_from_its_script_tag(tab, news) -> None:
    page = tab.page
    page.goto(news["site"] + "/widget.html")
    page.get_by_role("button", name="Ask the news").click()
    panel = page.get_by_role("dialog", name="Ask the news")
    assert "(Reuters · from 1 Oct 2024)" in panel.locator(".hint").inner_text()
    card = tab.ask("When did the harbour of Genoa reopen?", scope=panel)
    assert tab.asked[-1]["filters"] == {"publisher": ["Reuters"], "date_from": "2024-10-01"}
    assert card.locator(".time time").inner_text() == "Tue 8 Oct 2024"
    other = tab.ask("When did the council approve the bridge?", scope=panel)
    assert "Nothing in the documents matches" in other.inner_text()   # BBC's is left out
    assert "June" not in other.inner_text()
    _shot(page, "widget-filters.png")
    assert not tab.errors, tab.errors


def test_source_view_gives_publisher_date_and_the_original(tab, news) -> None:
    page = tab.page
    page.goto(news["app"] + "/documents/bridge")
    meta = page.locator(".docmeta")
    assert "BBC" in meta.inner_text()
    assert meta.locator("time").inner_text() == "20 Jun 2024, 09:30 UTC"
    assert meta.locator("time").get_attribute("datetime") == "2024-06-20T09:30:00Z"
    link = page.get_by_role("link", name="Read the original at BBC")
    assert link.get_attribute("href") == "https://news.example/turin-bridge"
    assert link.get_attribute("rel") == "noopener noreferrer"
    _shot(page, "source-view-meta.png")
    page.goto(news["app"] + "/documents/school")            # no publisher, no address
    assert page.locator(".docmeta time").inner_text() == "5 Sep 2022"
    assert page.locator("a.original").count() == 0
    assert not tab.errors, tab.errors
