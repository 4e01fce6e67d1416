"""The pages (chat, /embed, source view, 404), /widget.js, security headers and CORS, with
Flask's test client. The same pages in a real browser: ``test_browser.py``."""

from __future__ import annotations

import re

import pytest

from qa import QA, Document
from tests.conftest import SEED_ID, shared_dir
from web import create_app
from web.examples import MIN_CONFIDENCE, example_questions
from web.settings import SettingsError, load_settings

PAGES = ["/", "/embed", f"/documents/{SEED_ID}", "/documents/no-such-doc", "/widget.js",
         "/api/health"]
OTHER = "http://127.0.0.1:9"


def _csp(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {d.split()[0]: d.split(" ", 1)[1] for d in policy.split("; ")}


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.strip("/").split("/")[0] or "chat")
def test_every_response_has_nosniff_and_a_csp_without_inline_script(client, path) -> None:
    r = client.get(path)
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    csp = _csp(r)
    assert csp["script-src"] == "'self'"
    assert "unsafe-inline" not in r.headers["Content-Security-Policy"]
    if path == "/embed":
        assert csp["frame-ancestors"] == "*"
        assert "X-Frame-Options" not in r.headers
    else:
        assert csp["frame-ancestors"] == "'none'"
        assert r.headers["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script_and_nothing_from_other_hosts(client) -> None:
    for path in ("/", "/embed", f"/documents/{SEED_ID}"):
        html = client.get(path).get_data(as_text=True)
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert 'src="/static/' in tag or 'type="application/json"' in tag, tag
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), path
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), path      # no inline handlers


def test_embed_framing_follows_the_setting(seed_engine) -> None:
    app = create_app({"QA_ENGINE": seed_engine,
                      "QA_FRAME_ANCESTORS": "'self', https://news.example"})
    r = app.test_client().get("/embed")
    assert _csp(r)["frame-ancestors"] == "'self' https://news.example"
    r = create_app({"QA_ENGINE": seed_engine, "QA_FRAME_ANCESTORS": ["'none'"]}).test_client(
    ).get("/embed")
    assert _csp(r)["frame-ancestors"] == "'none'" and r.headers["X-Frame-Options"] == "DENY"


def test_cors_is_off_by_default(client) -> None:
    r = client.post("/api/ask", json={"question": "Putin"}, headers={"Origin": OTHER})
    assert r.status_code == 200
    assert "Access-Control-Allow-Origin" not in r.headers
    preflight = client.options("/api/ask", headers={
        "Origin": OTHER, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert "Access-Control-Allow-Origin" not in preflight.headers


def test_cors_answers_a_configured_origin_only(seed_engine) -> None:
    client = create_app({"QA_ENGINE": seed_engine, "QA_CORS_ORIGINS": [OTHER]}).test_client()
    preflight = client.options("/api/ask", headers={
        "Origin": OTHER, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.headers["Access-Control-Allow-Origin"] == OTHER
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "content-type" in preflight.headers["Access-Control-Allow-Headers"].lower()
    r = client.post("/api/ask", json={"question": "Putin"}, headers={"Origin": OTHER})
    assert r.headers["Access-Control-Allow-Origin"] == OTHER
    stranger = client.post("/api/ask", json={"question": "Putin"},
                           headers={"Origin": "http://evil.example"})
    assert "Access-Control-Allow-Origin" not in stranger.headers
    page = client.get("/", headers={"Origin": OTHER})          # pages are never shared
    assert "Access-Control-Allow-Origin" not in page.headers


def test_widget_js_is_javascript_with_its_parts(client) -> None:
    r = client.get("/widget.js")
    assert r.status_code == 200
    assert r.mimetype == "text/javascript"
    js = r.get_data(as_text=True)
    assert "attachShadow" in js and "data-qa-url" in js and "var QAChat" in js
    assert "innerHTML" not in js


def test_chat_page_renders_examples_from_the_documents(client) -> None:
    html = client.get("/").get_data(as_text=True)
    assert '<form id="ask"' in html and '<label for="question">' in html
    assert 'data-max-history="10"' in html
    assert 'data-question="What do experts speculate?"' in html


_PAST_AFTER_DO = re.compile(
    r"\b(?:do|does|did)\b(?: [A-Za-z]+){0,5}? (?:[a-z]+ed|said|told|thought|made|"
    r"found|gave|took|went|saw|met|wrote|spoke|knew|came|became|began|held|led|left|"
    r"sold|sent|won|lost|paid|brought|bought|kept)\b")
_CONJUNCTION_NAME = re.compile(r"^Who (?:is|are) (?:But|And|Yet|So|Or|However|Meanwhile)\b")
_MR_FRAGMENT = re.compile(r"\b(?:But|And) (?:Mr|Mrs|Ms|Dr)\b|\b(?:Mr|Mrs|Ms|Dr)\?$")
_DOUBLED = re.compile(r"\b(\w+) \1\b", re.IGNORECASE)


def _grammar_errors(question: str) -> list[str]:
    errors = []
    if _PAST_AFTER_DO.search(question):
        errors.append("a bare past tense after do/does/did")
    if _CONJUNCTION_NAME.search(question) or _MR_FRAGMENT.search(question):
        errors.append("a conjunction or a Mr fragment as a name")
    if _DOUBLED.search(question):
        errors.append("a doubled word")
    if not question.endswith("?"):
        errors.append("no final ?")
    return errors


def test_the_grammar_check_catches_the_old_examples() -> None:
    assert _grammar_errors("What do the minister told?")
    assert _grammar_errors("Who is But Mr Balls?")
    assert _grammar_errors("What did the the report say?")
    assert _grammar_errors("What did the report say")
    assert not _grammar_errors("What did the minister say?")
    assert not _grammar_errors("When did Putin visit Pyongyang?")


def _check_examples(engine: QA, questions: list[str]) -> None:
    assert len(questions) <= 3
    for question in questions:
        assert _grammar_errors(question) == [], question
        answer = engine.ask(question, top_k=1).answer
        assert answer is not None, question
        assert getattr(answer, "confidence", 1.0) >= MIN_CONFIDENCE, (question, answer)


# Several short news-like articles, written for this test.
CITY = [
    Document(id="bridge", title="Council votes on bridge", text=(
        "Council votes on bridge\n\nAnalysts believe that the new bridge will cost two "
        "million euros. Maria Lopez, the mayor of Turin, opened the council meeting on "
        "Monday. The minister told reporters that the budget was tight. But Mr Rossi, a "
        "local trader, said the bridge would bring more customers.")),
    Document(id="port", title="Port strike ends", text=(
        "Port strike ends\n\nDock workers returned to work on Tuesday after a week-long "
        "strike. Union leader Tom Baker said the deal protected every job at the port. "
        "Economists warn that the strike cost the region dearly.")),
    Document(id="school", title="School opens early", text=(
        "School opens early\n\nThe new primary school in Leeds opened in September. "
        "Head teacher Anna Green, a former nurse, welcomed 200 pupils. Parents say the "
        "building is bright and safe.")),
]


def test_example_questions_are_grammatical_and_answered_with_confidence(seed_engine) -> None:
    seed = example_questions(seed_engine)
    assert seed
    _check_examples(seed_engine, seed)
    engine = QA.from_documents(CITY)
    questions = example_questions(engine)
    assert questions
    _check_examples(engine, questions)
    plain = QA.from_documents([Document(id="x", title="T", text="T\n\nIt rained.")])
    assert example_questions(plain) == []


def test_example_questions_on_bbc_politics() -> None:
    folder = shared_dir() / "corpus" / "bbc" / "politics"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent")
    engine = QA.from_paths(sorted(folder.glob("*.txt"))[:60])
    questions = example_questions(engine)
    assert questions
    _check_examples(engine, questions)


def test_the_placeholder_is_the_first_example(seed_engine) -> None:
    client = create_app({"QA_ENGINE": QA.from_documents(CITY)}).test_client()
    html = client.get("/").get_data(as_text=True)
    first = client.get("/api/examples").get_json()["questions"][0]
    assert f'placeholder="{first}"' in html
    assert "Putin" not in html


def test_embed_is_the_compact_chat(client) -> None:
    html = client.get("/embed").get_data(as_text=True)
    assert 'class="chat embed"' in html and '<form id="ask"' in html
    assert "<header" not in html


def test_source_view_marks_every_sentence(client) -> None:
    r = client.get(f"/documents/{SEED_ID}")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    api = client.get(f"/api/documents/{SEED_ID}").get_json()
    for s in api["sentences"]:
        assert f'id="s{s["index"]}" class="s lvl-{s["hedge"]["level"]}"' in html
    assert html.count('class="s lvl-') == len(api["sentences"])
    assert "Related Sources:" in html                      # trailers shown as plain text
    assert "<strong>Experts</strong>" in html and 'href="#s4"' in html
    assert "speculative · speculated · disputed" in html


def test_source_view_says_on_what_footing_each_claim_rests(client) -> None:
    html = client.get(f"/documents/{SEED_ID}").get_data(as_text=True)
    # Lim Eulchul "stressed" it: his claim, not the article's; "contend" is a claim
    assert "unhedged · asserted" in html and "near certain · claimed" in html
    assert "Asserted by Lim Eulchul" in html and "Claimed by South Korean authorities" in html
    assert "Stated in the article\u2019s own voice." in html
    # "He suggested": the hover names whom "He" stands for, here and in the source list
    assert html.count("He \u2192 Lim Eulchul, a professor") == 2


def test_source_view_escapes_document_text(seed_engine) -> None:
    engine = QA.from_documents([Document(
        id="evil/one", title="<b>Bold</b>",
        text="<b>Bold</b>\n\nHe said <script>alert(1)</script> on Monday. "
             "<img src=x onerror=alert(1)> was shown.")])
    client = create_app({"QA_ENGINE": engine}).test_client()
    html = client.get("/documents/evil/one").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img" not in html and "<b>" not in html


def test_unknown_document_is_a_404_page(client) -> None:
    r = client.get("/documents/no-such-doc")
    assert r.status_code == 404
    assert r.mimetype == "text/html"
    html = r.get_data(as_text=True)
    assert "No such document" in html and "no-such-doc" in html
    assert client.get("/api/documents/no-such-doc").is_json     # the API keeps JSON errors


@pytest.mark.parametrize(
    "config, key",
    [
        ({"QA_CORS_ORIGINS": "https://ok.example/path"}, "QA_CORS_ORIGINS"),
        ({"QA_CORS_ORIGINS": ["example.com"]}, "QA_CORS_ORIGINS"),
        ({"QA_CORS_ORIGINS": 7}, "QA_CORS_ORIGINS"),
        ({"QA_FRAME_ANCESTORS": "https://a.example; script-src *"}, "QA_FRAME_ANCESTORS"),
        ({"QA_FRAME_ANCESTORS": ""}, "QA_FRAME_ANCESTORS"),
        ({"QA_FRAME_ANCESTORS": "'none' https://a.example"}, "QA_FRAME_ANCESTORS"),
    ],
    ids=["origin-with-path", "origin-without-scheme", "not-a-list", "directive-injection",
         "empty", "none-plus-origin"],
)
def test_bad_embedding_settings_name_the_key(config, key) -> None:
    with pytest.raises(SettingsError, match=key):
        load_settings(config, environ={})


def test_embedding_settings_from_the_environment() -> None:
    settings = load_settings({}, environ={
        "QA_CORS_ORIGINS": "https://a.example, http://localhost:3000",
        "QA_FRAME_ANCESTORS": "'self' https://*.example.org"})
    assert settings.cors_origins == ("https://a.example", "http://localhost:3000")
    assert settings.frame_ancestors == ("'self'", "https://*.example.org")
    defaults = load_settings({}, environ={})
    assert defaults.cors_origins == () and defaults.frame_ancestors == ("*",)


# ---------------------------------------------------------------- filters, dates, wording

NEWS = [
    Document(id="a", title="A", text="A\n\nThe port reopened on Tuesday.", publisher="Reuters",
             date="2024-10-08", url="https://news.example/a"),
    Document(id="b", title="B", text="B\n\nThe bridge opened in June.", publisher="reuters",
             date="2024-06-20T09:30:00Z"),
    Document(id="c", title="C", text="C\n\nThe school opened in 2022.", publisher="BBC",
             date="2022-09-05"),
    Document(id="d", title="D", text="D\n\nThe market closed early.", publisher="Reuters"),
]


def test_filter_choices_come_from_the_documents() -> None:
    from web.pages import filter_choices

    choices = filter_choices(NEWS)
    # one spelling a publisher (the filter ignores case): the most used one
    assert choices.publishers == ["BBC", "Reuters"]
    assert (choices.first_day, choices.last_day) == ("2022-09-05", "2024-10-08")
    assert choices
    plain = filter_choices([Document(id="x", title="T", text="T\n\nIt rained.")])
    assert not plain and plain.publishers == [] and plain.first_day is None


def test_the_filter_bar_has_labelled_fields_and_only_when_there_is_something_to_filter(
        client) -> None:
    html = client.get("/").get_data(as_text=True)
    assert 'id="filters"' not in html                  # the seed article has neither
    news = create_app({"QA_ENGINE": QA.from_documents(NEWS)}).test_client()
    for path in ("/", "/embed"):
        html = news.get(path).get_data(as_text=True)
        assert '<details id="filters"' in html
        for field in ("filter-publisher", "filter-from", "filter-to"):
            assert f'<label for="{field}">' in html and f'id="{field}"' in html
        assert '<option value="BBC">BBC</option>' in html
        assert '<option value="Reuters">Reuters</option>' in html
        assert 'type="date"' in html and 'id="filters-clear"' in html
        assert "The articles are from 5 Sep 2022 to 8 Oct 2024." in html
    dateless = create_app({"QA_ENGINE": QA.from_documents([NEWS[3]])}).test_client()
    html = dateless.get("/").get_data(as_text=True)
    assert 'id="filter-publisher"' in html and 'type="date"' not in html


def test_the_filter_choices_follow_the_documents_served(seed_engine) -> None:
    app = create_app({"QA_ENGINE": seed_engine})
    client = app.test_client()
    assert 'id="filters"' not in client.get("/").get_data(as_text=True)
    app.extensions["qa"] = QA.from_documents(NEWS)        # as a live index swaps it
    assert 'id="filters"' in client.get("/").get_data(as_text=True)


def test_source_view_gives_publisher_date_and_a_safe_link_to_the_original() -> None:
    client = create_app({"QA_ENGINE": QA.from_documents(NEWS)}).test_client()
    html = client.get("/documents/a").get_data(as_text=True)
    assert '<span class="publisher">Reuters</span>' in html
    assert '<time datetime="2024-10-08">8 Oct 2024</time>' in html
    assert ('<a class="original" href="https://news.example/a" rel="noopener noreferrer">'
            "Read the original at Reuters</a>") in html
    html = client.get("/documents/b").get_data(as_text=True)
    assert '<time datetime="2024-06-20T09:30:00Z">20 Jun 2024, 09:30 UTC</time>' in html
    assert 'class="original"' not in html                  # no url, no link


def test_only_http_and_https_addresses_are_linked(monkeypatch) -> None:
    # Documents accept only http(s) addresses; the page checks again all the same.
    from qa.text import documents

    monkeypatch.setattr(documents, "normalise_url", lambda value: value)
    doc = Document(id="x", title="X", text="X\n\nIt rained on Monday.",
                   url="javascript:alert(1)")
    assert doc.url == "javascript:alert(1)"
    client = create_app({"QA_ENGINE": QA.from_documents([doc])}).test_client()
    html = client.get("/documents/x").get_data(as_text=True)
    assert "javascript:" not in html and 'class="original"' not in html


def test_dates_read_the_same_in_the_pages_and_the_chat() -> None:
    from web.wording import MONTHS, WEEKDAYS, human_date

    assert human_date("2024-10-08") == "8 Oct 2024"
    assert human_date("2024-06-20T09:30:00Z") == "20 Jun 2024, 09:30 UTC"
    assert human_date(None) is None and human_date("soon") == "soon"
    assert len(MONTHS) == 12 and WEEKDAYS[0] == "Mon"


def test_every_reason_for_no_answer_is_worded_once_for_the_chat_and_the_widget(client) -> None:
    from web.pages import STATIC
    from web.wording import NO_ANSWER

    assert {"no_match", "low_confidence", "no_documents"} <= set(NO_ANSWER)
    assert "filters" in NO_ANSWER["no_documents"]
    html = client.get("/").get_data(as_text=True)
    words = re.search(r'<script type="application/json" id="qa-words">(.*?)</script>', html)
    assert words and '"no_documents"' in words.group(1)
    js = client.get("/widget.js").get_data(as_text=True)
    assert "var QA_WORDS = " in js and "no_documents" in js
    core = (STATIC / "chat-core.js").read_text(encoding="utf-8")
    assert "qa-words" in core and "no sentence shares a word" not in core   # no copy
