"""qa.text.datelines: the wire and web datelines and bylines that open a story's body."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa import QA, Document
from qa.text.datelines import find
from qa.text.documents import body_regions, load_paths


@pytest.mark.parametrize("text, place, rest", [
    ("(CNN)Singer-songwriter David Crosby hit a jogger.", None, "Singer-songwriter"),
    ("Coral Gables, Florida (CNN)Former President Bill Clinton spoke.", "Coral Gables, Florida",
     "Former President"),
    ("TOKYO (CNN) -- Police in Japan said on Monday.", "TOKYO", "Police in Japan"),
    ("LONDON, March 3 (Reuters) - Shares rose.", "LONDON", "Shares rose"),
    ("CLEVELAND, Feb 26 - Standard Oil Co said it would merge.", "CLEVELAND", "Standard Oil"),
    ("WASHINGTON (AP) \u2014 The Senate voted.", "WASHINGTON", "The Senate"),
    ("PARIS (AFP) - The strike ended.", "PARIS", "The strike"),
    ("By Jane Smith\nThe council voted on Monday.", None, "The council"),
    ("By JANE SMITH, Associated Press\nLONDON (AP) - The bank rose.", "LONDON", "The bank"),
], ids=["cnn-bare", "cnn-place", "cnn-dashes", "reuters", "wire-date", "ap", "afp", "byline",
        "byline-and-dateline"])
def test_datelines_and_bylines(text: str, place: str | None, rest: str) -> None:
    found = find(text)
    assert found is not None and found.place == place
    assert text[found.end:].startswith(rest)


@pytest.mark.parametrize("text", [
    "The Internet may be overflowing with new technology.",
    "Mr Blair said (Reuters) reported it first.",
    "By the end of the year, sales rose.",
    "By Monday, the council had voted.\nIt met again.",
    "Teenagers from well-off backgrounds are six times more likely to go.",
])
def test_ordinary_openings_are_not_datelines(text: str) -> None:
    assert find(text) is None


def test_a_dateline_is_no_sentences_words_and_is_the_documents_dateline(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(
        "Police question a suspect\n\nTOKYO (CNN) -- Police in Japan arrested a man on "
        "Monday, officials said. He denied the charges.\n")
    docs = list(load_paths([tmp_path]))
    doc = docs[0]
    first = body_regions(doc)[0]
    assert doc.text[first[0]:].startswith("Police in Japan")
    assert doc.dateline == "TOKYO" and doc.meta()["dateline"] == "TOKYO"
    engine = QA.from_documents(docs)
    passage = engine.ask("Who arrested a man in Japan?").passages[0]
    assert passage.text.startswith("Police in Japan")
    assert passage.to_dict()["attribution"]["source"] == "officials"
    assert doc.text[passage.start:passage.end] == passage.text


def test_a_cnn_file_of_one_line_is_titled_without_its_dateline(tmp_path: Path) -> None:
    body = ("(CNN)Singer-songwriter David Crosby hit a jogger with his car Sunday evening, a "
            "spokesman said. The accident happened in Santa Ynez, California. ") * 2
    (tmp_path / "a.txt").write_text(body + "\n")
    docs = list(load_paths([tmp_path]))
    assert docs[0].title.startswith("Singer-songwriter David Crosby")
    assert Document(id="x", title="t", text="No dateline here.").dateline is None
