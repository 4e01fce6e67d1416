"""RSS and Atom feed files: one document an entry, read offline (qa.text.feeds)."""

from __future__ import annotations

import socket
import urllib.request
from pathlib import Path

import pytest

from qa import Document, LoadReport, load_paths
from qa.text.feeds import UnreadableFeed, read_feed

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Example  News</title>
  <link>https://news.example.com/</link>
  <item>
    <title>Talks resume &amp; stall</title>
    <link>https://news.example.com/world/talks</link>
    <guid isPermaLink="true">https://news.example.com/world/talks</guid>
    <pubDate>Tue, 08 Oct 2024 11:30:00 +0200</pubDate>
    <description>&lt;p&gt;Talks &lt;b&gt;resumed&lt;/b&gt; on Monday.&lt;/p&gt;
      &lt;p&gt;They stalled by noon.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</description>
  </item>
  <item>
    <title>Full story</title>
    <guid isPermaLink="false">story-2</guid>
    <link>/business/story-2</link>
    <description>A short summary.</description>
    <content:encoded><![CDATA[<div><p>The whole story, in full.</p><aside>Ad</aside></div>]]></content:encoded>
  </item>
  <item><title>Nothing to read</title><guid isPermaLink="false">empty-3</guid></item>
  <item>
    <title>Undated</title><guid isPermaLink="false">undated-4</guid>
    <link>ftp://news.example.com/undated</link>
    <pubDate>sometime last week</pubDate>
    <description>Plain words, no date.</description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Atom Wire</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6</id>
  <updated>2024-10-09T05:00:00Z</updated>
  <entry>
    <title type="html">Rates &lt;em&gt;held&lt;/em&gt;</title>
    <id>tag:wire.example.org,2024:rates</id>
    <link rel="alternate" href="https://wire.example.org/rates"/>
    <published>2024-10-09T01:00:00-04:00</published>
    <updated>2024-10-10T00:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">
      <p>The bank held rates.</p><p>Markets rose.</p></div></content>
  </entry>
  <entry>
    <title>Only updated</title>
    <id>wire-2</id>
    <updated>2024-10-09T08:15:00+01:00</updated>
    <summary type="html">&lt;p&gt;A &lt;a href="https://x.example"&gt;linked&lt;/a&gt; summary.&lt;/p&gt;</summary>
  </entry>
  <entry><title>No date at all</title><id>wire-3</id><summary>Just text.</summary></entry>
</feed>
"""

RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example/"><title>RDF Site</title>
    <link>https://rdf.example/</link><description>d</description></channel>
  <item rdf:about="https://rdf.example/1"><title>One</title><link>https://rdf.example/1</link>
    <description>First item text.</description><dc:date>2024-10-08</dc:date></item>
</rdf:RDF>
"""


def _load(*paths: Path) -> tuple[list[Document], LoadReport]:
    report = LoadReport()
    return list(load_paths(paths, report=report)), report


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every attempt to open a connection or a URL is recorded and refused."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    return attempts


def test_rss_items_become_documents(tmp_path: Path, no_network: list[object]) -> None:
    (tmp_path / "news.rss").write_text(RSS)
    docs, report = _load(tmp_path)
    by_title = {d.title: d for d in docs}
    assert list(by_title) == ["Talks resume & stall", "Full story", "Undated"]
    talks = by_title["Talks resume & stall"]
    assert talks.text == "Talks resumed on Monday.\n\nThey stalled by noon."  # no script
    assert talks.date == "2024-10-08T09:30:00Z"
    assert talks.publisher == "Example News"
    assert talks.url == "https://news.example.com/world/talks"
    assert talks.id.startswith("news.example.com-") and "/" not in talks.id
    assert talks.source == f"{tmp_path.name}/news.rss"
    full = by_title["Full story"]
    assert full.id == "story-2" and full.text == "The whole story, in full."  # content wins
    assert full.url == "https://news.example.com/business/story-2"  # resolved on the channel
    undated = by_title["Undated"]
    assert (undated.date, undated.url, undated.text) == (None, None, "Plain words, no date.")
    assert [str(s.reason) for s in report.skipped] == [
        "entry 3 ('Nothing to read') has no text"]
    assert no_network == []


def test_atom_entries_become_documents(tmp_path: Path, no_network: list[object]) -> None:
    (tmp_path / "wire.atom").write_text(ATOM)
    docs, report = _load(tmp_path)
    assert report.skipped == []
    rates, updated, undated = docs
    assert rates.title == "Rates held" and rates.text == "The bank held rates.\n\nMarkets rose."
    assert rates.date == "2024-10-09T05:00:00Z"  # published, not updated, in UTC
    assert rates.publisher == "Atom Wire" and rates.url == "https://wire.example.org/rates"
    assert rates.id.startswith("wire.example.org-")  # a tag: URI is no path segment
    assert (updated.id, updated.date, updated.text) == (
        "wire-2", "2024-10-09T07:15:00Z", "A linked summary.")
    assert (undated.id, undated.date, undated.url) == ("wire-3", None, None)
    assert rates.meta()["publisher"] == "Atom Wire"


def test_an_xml_feed_is_read_and_other_xml_is_skipped_with_its_reason(tmp_path: Path) -> None:
    (tmp_path / "site.xml").write_text(RDF)
    (tmp_path / "atom.xml").write_text(ATOM)
    (tmp_path / "sitemap.xml").write_text(
        '<?xml version="1.0"?><!-- a map --><urlset><url><loc>https://x.example/</loc></url>'
        "</urlset>")
    (tmp_path / "notes.xml").write_text("just some words, no markup")
    docs, report = _load(tmp_path)
    assert {d.title for d in docs} == {"One", "Rates held", "Only updated", "No date at all"}
    one = next(d for d in docs if d.title == "One")
    assert (one.date, one.publisher) == ("2024-10-08", "RDF Site")  # a bare date stays one
    assert {Path(s.path).name: s.reason for s in report.skipped} == {
        "sitemap.xml": "not an RSS or Atom feed (root element <urlset>)",
        "notes.xml": "not an RSS or Atom feed (no XML root element)",
    }


def test_entry_ids_are_stable_path_segments(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "news.rss").write_text(RSS)
    (tmp_path / "b" / "copy.rss").write_text(RSS)  # the same items, later
    docs, report = _load(tmp_path)
    assert len(docs) == 3  # the copy's items have the same ids
    assert sorted(s.reason for s in report.skipped if "duplicate" in s.reason) == sorted(
        f"duplicate document id {d.id!r}" for d in docs)
    again, _ = _load(tmp_path / "a" / "news.rss")
    assert [d.id for d in again] == [d.id for d in docs]
    anonymous = ('<rss version="2.0"><channel><title>T</title>'
                 "<item><description>First.</description></item>"
                 "<item><description>Second.</description></item></channel></rss>")
    feed = read_feed(anonymous.encode(), "local")
    assert [(e.id, e.title) for e in feed.entries] == [("local-1", ""), ("local-2", "")]
    (tmp_path / "local.rss").write_text(anonymous)
    titled, _ = _load(tmp_path / "local.rss")
    assert [d.title for d in titled] == ["First.", "Second."]  # untitled: its first line


def test_feeds_in_other_encodings_are_read(tmp_path: Path) -> None:
    latin = RSS.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace(
        "Plain words", "Caf\xe9 words")
    (tmp_path / "latin.rss").write_bytes(latin.encode("latin-1"))
    (tmp_path / "wide.atom").write_bytes(ATOM.replace("utf-8", "utf-16").encode("utf-16"))
    docs, report = _load(tmp_path)
    assert any(d.text == "Caf\xe9 words, no date." for d in docs)
    assert any(d.title == "Rates held" for d in docs)
    assert [s.reason for s in report.skipped] == ["entry 3 ('Nothing to read') has no text"]


SECRET = "TOP-SECRET-CONTENT"


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>',
        '<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM "http://127.0.0.1:9/x">\n]>',
        '<!DOCTYPE rss [<!ENTITY % dtd SYSTEM "http://127.0.0.1:9/x.dtd"> %dtd;]>',
        "<!DOCTYPE rss [" + "".join(
            f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))
        + "]>",
        '<!DOCTYPE rss [<!entity xxe SYSTEM "file://{secret}">]>',
    ],
    ids=["external-file", "external-http", "parameter-entity", "billion-laughs", "lower-case"],
)
def test_a_feed_declaring_entities_is_refused_and_nothing_fetched(
    tmp_path: Path, no_network: list[object], prolog: str
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    body = ('<rss version="2.0"><channel><title>T</title><item><title>x</title>'
            "<description>A &xxe; &l9; b.</description></item></channel></rss>")
    feed = f'<?xml version="1.0"?>\n{prolog.replace("{secret}", str(secret))}\n{body}'
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "hostile.rss").write_text(feed)
    (tmp_path / "feeds" / "hostile16.rss").write_bytes(
        feed.replace('version="1.0"?>', 'version="1.0" encoding="utf-16"?>').encode("utf-16"))
    docs, report = _load(tmp_path / "feeds")
    assert docs == []
    assert [s.reason.split(",")[0] for s in report.skipped] == [
        "declares XML entities (<!ENTITY ...>)"] * 2
    assert no_network == []
    with pytest.raises(UnreadableFeed, match="declares XML entities"):
        read_feed(feed.encode(), "hostile")


def test_an_external_dtd_is_neither_fetched_nor_read(
    tmp_path: Path, no_network: list[object]
) -> None:
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY secret "{SECRET}">')
    item = ('<rss version="2.0"><channel><title>T</title><item><title>x</title>'
            "<description>A &secret; b.</description></item></channel></rss>")
    (tmp_path / "feeds").mkdir()
    for name, doctype in [("file", f'<!DOCTYPE rss SYSTEM "file://{dtd}">'),
                          ("http", '<!DOCTYPE rss SYSTEM "http://127.0.0.1:9/evil.dtd">')]:
        (tmp_path / "feeds" / f"{name}.rss").write_text(
            f'<?xml version="1.0"?>{doctype}{item}')
        (tmp_path / "feeds" / f"{name}-nl.rss").write_text(
            f'<?xml version="1.0"?>\n{doctype}\n{item}')
    docs, _ = _load(tmp_path / "feeds")
    assert len(docs) == 4
    assert all(SECRET not in d.text and d.text.startswith("A ") for d in docs)
    assert no_network == []


@pytest.mark.parametrize("content", ["{secret}", "https://127.0.0.1:9/feed.rss",
                                     "file://{secret}"], ids=["path", "url", "file-url"])
def test_a_file_holding_a_path_or_url_is_not_followed(
    tmp_path: Path, no_network: list[object], content: str
) -> None:
    secret = tmp_path / "secret.rss"
    secret.write_text(RSS.replace("Plain words", SECRET))
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "pointer.xml").write_text(content.replace("{secret}", str(secret)))
    docs, report = _load(tmp_path / "feeds")
    assert docs == []
    assert [s.reason for s in report.skipped] == [
        "not an RSS or Atom feed (no XML root element)"]
    assert no_network == []


def test_broken_feeds_are_skipped_or_read_as_far_as_they_go(tmp_path: Path) -> None:
    (tmp_path / "cut.rss").write_text(
        '<rss version="2.0"><channel><title>Cut</title><item><title>a</title>'
        "<description>Text &amp; more.</description></item><item><title>b</title>"
        "<description>Then the file ends")
    (tmp_path / "empty.atom").write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Quiet</title></feed>')
    (tmp_path / "zero.rss").write_bytes(b"")
    (tmp_path / "binary.rss").write_bytes(bytes(range(256)) * 4)
    docs, report = _load(tmp_path)
    assert [(d.publisher, d.text) for d in docs] == [("Cut", "Text & more.")]
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert reasons["cut.rss"] == "entry 2 ('b') has no text"
    assert reasons["empty.atom"] == "feed has no items or entries"
    assert reasons["zero.rss"].startswith("not an RSS or Atom feed")
    assert reasons["binary.rss"].startswith("not an RSS or Atom feed")


def test_feed_documents_answer_with_their_date_publisher_and_url(tmp_path: Path) -> None:
    from qa import QA

    (tmp_path / "wire.atom").write_text(ATOM)
    engine = QA.from_paths([tmp_path])
    passage = engine.ask("What did the bank hold?").passages[0]
    assert passage.to_dict()["document"] | {"id": None} == {
        "id": None, "title": "Rates held", "source": f"{tmp_path.name}/wire.atom",
        "date": "2024-10-09T05:00:00Z", "publisher": "Atom Wire",
        "url": "https://wire.example.org/rates", "dateline": None}
