from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from qa import Document, DocumentError, LoadReport, load_paths
from qa.text.documents import body_regions, normalise_date
from qa.text.html import html_to_text, read_html
from tests.conftest import SEED_ID, SEEDS


def _load(*paths: Path) -> tuple[list[Document], LoadReport]:
    report = LoadReport()
    return list(load_paths(paths, report=report)), report


def test_seed_document_title_and_id() -> None:
    docs, report = _load(SEEDS)
    assert [d.id for d in docs] == [SEED_ID]
    assert docs[0].title.startswith("North Korean Soldiers Deployed in Ukraine")
    assert docs[0].source == f"seeds/{SEED_ID}.txt"  # never a server path
    assert report.skipped == []


def test_trailing_link_list_is_not_body(tmp_path: Path) -> None:
    doc = next(load_paths([SEEDS]))
    regions = body_regions(doc)
    body = " ".join(doc.text[s:e] for s, e in regions)
    assert "Related Sources" not in body and "Source 1" not in body
    assert not body.startswith("North Korean Soldiers Deployed")  # the title is not a sentence
    assert body.startswith("Recent reports suggest")
    assert body.rstrip().endswith("beyond.")


@pytest.mark.parametrize(
    "trailer",
    [
        "Related Sources:\n\n• Source 1 • Source 2",
        "See also:\n- Kim meets Putin\n- Sanctions explained",
        "Read more\n\nhttps://example.com/a\nwww.example.org/b",
        "Share this article",
    ],
    ids=["related-bullets", "see-also-dashes", "urls", "share"],
)
def test_boilerplate_trailers_are_dropped(trailer: str) -> None:
    doc = Document(id="d", title="T", text=f"The first fact. The second fact.\n\n{trailer}")
    assert [doc.text[s:e] for s, e in body_regions(doc)] == ["The first fact. The second fact."]


def test_a_short_last_paragraph_of_prose_is_kept() -> None:
    doc = Document(id="d", title="T", text="Main text here.\n\nHe left on Monday.")
    assert len(body_regions(doc)) == 2


def test_markdown_title_and_paragraphs(tmp_path: Path) -> None:
    (tmp_path / "note.md").write_text("# A Title\n\nFirst para.\n\nSecond para.\n")
    docs, _ = _load(tmp_path)
    assert docs[0].title == "A Title" and docs[0].id == "note"
    assert [docs[0].text[s:e] for s, e in body_regions(docs[0])] == ["First para.", "Second para."]


def test_crlf_is_read_as_newlines(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"Title\r\n\r\nOne. Two.\r\n")
    docs, _ = _load(tmp_path)
    assert "\r" not in docs[0].text and docs[0].title == "Title"


def test_jsonl_documents_and_bad_lines(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    lines = [
        json.dumps({"id": "x1", "title": "One", "text": "Alpha.", "date": "2024-10-01"}),
        "{not json",
        json.dumps({"title": "Two", "text": "Beta."}),
        json.dumps(["a list"]),
        json.dumps({"id": "x3", "title": "No text"}),
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n")
    with caplog.at_level(logging.WARNING, logger="qa.text.documents"):
        docs, report = _load(tmp_path)
    assert [(d.id, d.title, d.text) for d in docs] == [("x1", "One", "Alpha."),
                                                       ("feed-3", "Two", "Beta.")]
    assert docs[0].date == "2024-10-01"
    assert [(s.line, s.path.endswith("feed.jsonl")) for s in report.skipped] == [
        (2, True), (4, True), (5, True)]
    assert "feed.jsonl:2" in caplog.text


def test_unreadable_files_are_skipped_and_the_rest_loaded(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Good\n\nIt works.")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9\n\nIt is caf\xe9.".encode("latin-1"))
    (tmp_path / "empty.md").write_text("   \n\n")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    docs, report = _load(tmp_path)
    assert [d.id for d in docs] == ["good"]
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert set(reasons) == {"binary.txt", "latin1.txt", "empty.md", "image.png"}
    assert "UTF-8" in reasons["latin1.txt"] and "binary" in reasons["binary.txt"]


def test_every_unsupported_file_in_a_folder_is_listed_with_its_reason(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("Story\n\nIt happened.")
    (tmp_path / "letter.docx").write_bytes(b"PK\x03\x04 zipped")
    (tmp_path / "tool.bin").write_bytes(bytes(range(256)))
    (tmp_path / "LICENSE").write_text("No suffix at all.")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00")  # hidden: neither read nor listed
    (tmp_path / "README.md").write_text("About this folder\n\nNotes.")  # a document too
    docs, report = _load(tmp_path)
    assert [d.id for d in docs] == ["README", "story"]
    supported = "supported: .txt .md .html .htm .jsonl .pdf .rss .atom .xml"
    assert {Path(s.path).name: s.reason for s in report.skipped} == {
        "LICENSE": f"unsupported file type (no suffix); {supported}",
        "letter.docx": f"unsupported file type .docx; {supported}",
        "tool.bin": f"unsupported file type .bin; {supported}",
    }
    _, alone = _load(tmp_path / "letter.docx")  # a file named on its own: the same reason
    assert [s.reason for s in alone.skipped] == [f"unsupported file type .docx; {supported}"]


def make_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """A minimal valid PDF: each page a list of lines in Helvetica, top to bottom."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "",
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for lines in pages:
        ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops += [f"({escaped}) Tj", "T*"]
        stream = "\n".join([*ops, "ET"])
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
                       f"<< /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    trailer = f"/Size {len(objects) + 1} /Root 1 0 R"
    if title is not None:
        objects.append(f"<< /Title ({title}) >>")
        trailer += f" /Info {len(objects)} 0 R"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< {trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_pdf_pages_become_one_document_whose_offsets_slice_back(tmp_path: Path) -> None:
    from qa import QA

    pages = [["Harbour Bridge Closes", "The city council voted on Monday to close the bridge.",
              "It will reopen in June."], ["Commuters must take the ferry until then."]]
    (tmp_path / "bridge.pdf").write_bytes(make_pdf(pages, title="Harbour Bridge Closes"))
    docs, report = _load(tmp_path)
    assert report.skipped == [] and [d.id for d in docs] == ["bridge"]
    doc = docs[0]
    assert doc.title == "Harbour Bridge Closes" and doc.title_span == (0, 21)
    assert doc.text == ("Harbour Bridge Closes\nThe city council voted on Monday to close the "
                        "bridge.\nIt will reopen in June.\n\nCommuters must take the ferry "
                        "until then.")  # a blank line between pages: a paragraph break
    assert [doc.text[s:e] for s, e in body_regions(doc)] == [
        "The city council voted on Monday to close the bridge.\nIt will reopen in June.",
        "Commuters must take the ferry until then."]
    result = QA.from_documents(docs).ask("When will the bridge reopen?").to_dict()
    passage = result["passages"][0]
    assert passage["text"] == "It will reopen in June." and result["answer"]["text"] == "June"
    assert doc.text[passage["start"] : passage["end"]] == passage["text"]


def test_pdf_title_falls_back_to_the_first_line(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(make_pdf([["Council notes", "Nothing was decided."]]))
    docs, _ = _load(tmp_path)
    assert docs[0].title == "Council notes" and docs[0].title_span is None


def test_scanned_and_damaged_pdfs_are_skipped_with_their_reason(tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(make_pdf([[], []]))
    (tmp_path / "cut.pdf").write_bytes(make_pdf([["Half a file."]])[:200])
    (tmp_path / "fake.pdf").write_text("Not a PDF at all.")
    docs, report = _load(tmp_path)
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert docs == [] and reasons["scan.pdf"] == "no text layer (scanned PDF?)"
    assert reasons["cut.pdf"].startswith("damaged PDF (") and "Traceback" not in reasons["cut.pdf"]
    assert reasons["fake.pdf"] == "not a PDF (no %PDF- header)"


def test_colliding_stems_get_relative_ids(tmp_path: Path) -> None:
    for folder in ("business", "sport"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "001.txt").write_text(f"{folder} title\n\nText.")
    (tmp_path / "solo.txt").write_text("Solo\n\nText.")
    docs, _ = _load(tmp_path)
    assert sorted(d.id for d in docs) == ["business/001", "solo", "sport/001"]


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no such file or folder"):
        _load(tmp_path / "nope")


def test_html_title_and_visible_text(tmp_path: Path) -> None:
    page = ("<html><head><title>Page &amp; title</title><style>p{}</style></head><body>"
            "<nav>Home | World</nav><h1>Headline</h1><p>First <b>bold</b> fact.</p>"
            "<script>var x = '<p>hidden</p>';</script><p>Second fact.</p>"
            "<footer>Copyright</footer></body></html>")
    title, text = html_to_text(page)
    assert title == "Page & title"
    assert text == "Headline\n\nFirst bold fact.\n\nSecond fact."
    (tmp_path / "page.html").write_text(page)
    docs, _ = _load(tmp_path)
    assert docs[0].title == "Page & title" and "hidden" not in docs[0].text


def test_document_validates_its_fields() -> None:
    with pytest.raises(DocumentError):
        Document(id="", title="t", text="x")
    with pytest.raises(DocumentError):
        Document(id="a", title="t", text=None)  # type: ignore[arg-type]


def test_linked_folders_are_followed_once(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.txt").write_text("A\n\nText.")
    (real / ".hidden.txt").write_text("H\n\nHidden.")
    root = tmp_path / "root"
    root.mkdir()
    (root / "copy1").symlink_to(real, target_is_directory=True)
    (root / "copy2").symlink_to(real, target_is_directory=True)
    (real / "loop").symlink_to(root, target_is_directory=True)
    docs, _ = _load(root)
    assert sorted(d.id for d in docs) == ["copy1/a", "copy2/a"]


def test_article_saved_as_one_paragraph_is_all_body(tmp_path: Path) -> None:
    first = "The city council voted on Monday to close the old harbour bridge to all traffic."
    rest = " ".join(f"Sentence {n} explains what the closure means for commuters." for n in
                    range(1, 6))
    (tmp_path / "story.txt").write_text(f"{first} {rest}\n")
    docs, _ = _load(tmp_path)
    assert docs[0].title == first and docs[0].title_span is None
    assert [docs[0].text[s:e] for s, e in body_regions(docs[0])] == [f"{first} {rest}"]
    # a long title of one sentence is still a title
    long_title = "A " + "very " * 50 + "long headline"
    (tmp_path / "story.txt").write_text(f"{long_title}\n\nBody text here.\n")
    docs, _ = _load(tmp_path)
    assert docs[0].title == long_title and docs[0].title_span is not None


@pytest.mark.parametrize("first, is_body", [
    ("The National Consumers League said Wednesday that the most popular scam was fraud.", True),
    ('Shares rose sharply after the chairman said the merger "was a done deal."', True),
    ("BANK OF N.Y. SAYS IT WILL RAISE PRIME RATE TO 8.5 PCT FROM 8 PCT.", False),
    ("Blair says the general election will be held in May", False),
    ("Ad sales boost Time Warner profit.", False),  # too short to be a lead sentence
], ids=["lead", "quote-closed", "capital-abbreviation", "no-full-stop", "short"])
def test_a_body_without_headline_starts_with_its_lead_sentence(
    tmp_path: Path, first: str, is_body: bool
) -> None:
    (tmp_path / "story.txt").write_text(f"{first}\nThe second line says more about it.\n")
    docs, _ = _load(tmp_path)
    regions = [docs[0].text[s:e] for s, e in body_regions(docs[0])]
    assert docs[0].title == first
    assert (docs[0].title_span is None) is is_body
    assert regions[0].startswith(first) is is_body


@pytest.mark.parametrize(
    ("given", "normal"),
    [
        ("2024-10-08", "2024-10-08"),
        (" 2024-02-29 ", "2024-02-29"),
        ("2024-10-08T09:30:00Z", "2024-10-08T09:30:00Z"),
        ("2024-10-08T09:30Z", "2024-10-08T09:30:00Z"),
        ("2024-10-08T11:30:00+02:00", "2024-10-08T09:30:00Z"),
        ("2024-10-08T01:30:00+0500", "2024-10-07T20:30:00Z"),
        ("2024-10-08T09:30:00.250-05", "2024-10-08T14:30:00Z"),
        ("2024-10-08 09:30:00", "2024-10-08T09:30:00Z"),
        ("", None),
        (None, None),
    ],
    ids=["date", "padded", "utc", "no-seconds", "offset", "offset-crosses-midnight",
         "fraction-short-offset", "space-naive", "blank", "none"],
)
def test_dates_are_normalised(given: str | None, normal: str | None) -> None:
    assert normalise_date(given) == normal
    assert Document(id="d", title="T", text="x", date=given).date == normal


@pytest.mark.parametrize(
    "bad",
    ["8 Oct 2024", "2024-13-01", "2023-02-29", "2024-10-08T25:00Z", "2024-10-08T09:30+2",
     "2024-10", "20241008", "２０２４-10-08", "0001-01-01T00:00+01:00", 20241008],
    ids=["words", "month-13", "not-leap", "hour-25", "one-digit-offset", "month-only",
         "compact", "fullwidth-digits", "before-year-1", "number"],
)
def test_a_date_that_is_not_iso_8601_is_refused_saying_what_is_accepted(bad: object) -> None:
    with pytest.raises(DocumentError, match=r'ISO 8601 date \("2024-10-08"\) or date-time'):
        Document(id="d", title="T", text="x", date=bad)  # type: ignore[arg-type]


def test_publisher_and_url_are_checked_and_stripped() -> None:
    doc = Document(id="d", title="T", text="x", publisher="  The   Times ",
                   url=" https://example.com/a?b=1 ")
    assert (doc.publisher, doc.url) == ("The Times", "https://example.com/a?b=1")
    blank = Document(id="d", title="T", text="x", publisher=" ", url="", date=" ")
    assert (blank.publisher, blank.url, blank.date) == (None, None, None)
    for url in ["ftp://example.com/a", "javascript:alert(1)", "/relative/path",
                "https://", "https://exa mple.com/", "file:///etc/passwd"]:
        with pytest.raises(DocumentError, match="http:// or https://"):
            Document(id="d", title="T", text="x", url=url)
    with pytest.raises(DocumentError, match="publisher must be a string"):
        Document(id="d", title="T", text="x", publisher=["BBC"])  # type: ignore[arg-type]


def test_meta_is_the_document_object_with_date_publisher_and_url() -> None:
    doc = Document("d", "T", "x", "src", "2024-10-08", None, publisher="Reuters",
                   url="https://example.com/d")
    assert doc.meta() == {"id": "d", "title": "T", "source": "src", "date": "2024-10-08",
                          "publisher": "Reuters", "url": "https://example.com/d",
                          "dateline": None}
    assert Document(id="d", title="T", text="x").meta()["publisher"] is None


def test_jsonl_reads_date_publisher_url_and_skips_bad_values(tmp_path: Path) -> None:
    good = {"title": "One", "text": "Alpha.", "date": "2024-10-08T11:30:00+02:00",
            "publisher": " Reuters ", "url": "https://example.com/1", "source": "wire"}
    lines = [
        json.dumps(good),
        json.dumps({**good, "date": "October 8"}),
        json.dumps({**good, "url": "ftp://example.com/1"}),
        json.dumps({**good, "publisher": 7}),
        json.dumps({**good, "source": ["a"]}),
        json.dumps({"title": "Bare", "text": "Beta.", "date": None, "publisher": ""}),
    ]
    (tmp_path / "wire.jsonl").write_text("\n".join(lines) + "\n")
    docs, report = _load(tmp_path)
    assert [(d.id, d.date, d.publisher, d.url, d.source) for d in docs] == [
        ("wire-1", "2024-10-08T09:30:00Z", "Reuters", "https://example.com/1", "wire"),
        ("wire-6", None, None, None, f"{tmp_path.name}/wire.jsonl"),
    ]
    reasons = {s.line or 0: s.reason for s in report.skipped}
    assert sorted(reasons) == [2, 3, 4, 5]
    assert "ISO 8601" in reasons[2] and "'October 8'" in reasons[2]
    assert "http:// or https://" in reasons[3]
    assert "publisher must be a string" in reasons[4] and "source must be a string" in reasons[5]


_ARTICLE = """<html><head><title>Rates held</title>
<meta property="og:site_name" content=" The  Gazette ">
<meta name="author" content="Jane Smith">
<meta name="date" content="2024-10-01">
<meta property="article:published_time" content="2024-10-08T11:30:00+02:00">
<meta property="og:url" content="https://gazette.example/news/rates?utm=x">
<link rel="canonical" href="/news/rates">
</head><body><p>The bank held rates.</p></body></html>"""


def test_html_meta_gives_date_publisher_and_url(tmp_path: Path) -> None:
    page = read_html(_ARTICLE)
    assert page.dates == ("2024-10-08T11:30:00+02:00", "2024-10-01")
    assert page.publishers == ("The  Gazette",)  # never the author
    assert page.urls[0] == "https://gazette.example/news/rates"  # canonical, resolved
    (tmp_path / "rates.html").write_text(_ARTICLE)
    docs, report = _load(tmp_path)
    assert report.skipped == []
    assert (docs[0].date, docs[0].publisher, docs[0].url) == (
        "2024-10-08T09:30:00Z", "The Gazette", "https://gazette.example/news/rates")
    assert docs[0].text == "The bank held rates."


@pytest.mark.parametrize(
    ("head", "date", "publisher", "url"),
    [
        ('<meta itemprop="datePublished" content="20241008">', "2024-10-08", None, None),
        ('<meta name="pubdate" content="Tue, 08 Oct 2024 11:30:00 +0200">',
         "2024-10-08T09:30:00Z", None, None),
        ('<meta name="date" content="last Tuesday"><meta name="dc.date" content="2024-10-07">',
         "2024-10-07", None, None),
        (('<meta name="date" content="yesterday"><meta name="publisher" content="">'
         '<link rel="canonical" href="javascript:alert(1)">'), None, None, None),
        (('<script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "x"},'
         ' {"@type": "NewsArticle", "datePublished": "2024-10-08T09:30:00Z",'
         ' "publisher": {"@type": "Organization", "name": "Wire"},'
         ' "url": "https://wire.example/a"}]}</script>'),
         "2024-10-08T09:30:00Z", "Wire", "https://wire.example/a"),
        ('<script type="application/ld+json">' + "[" * 100_000 + "</script>"
         '<script type="application/ld+json">{not json</script>', None, None, None),
    ],
    ids=["itemprop-compact", "pubdate-email-form", "unreadable-then-dc", "all-unreadable",
         "ld-json-graph", "ld-json-hostile"],
)
def test_html_dates_that_cannot_be_read_are_passed_over(
    tmp_path: Path, head: str, date: str | None, publisher: str | None, url: str | None
) -> None:
    (tmp_path / "p.html").write_text(f"<html><head>{head}</head><body><p>Text.</p></body></html>")
    docs, report = _load(tmp_path)
    assert report.skipped == []
    assert (docs[0].date, docs[0].publisher, docs[0].url) == (date, publisher, url)
    assert docs[0].text == "Text."
