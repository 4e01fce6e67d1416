"""qa.text.wordlists: one format and one reader for every word list in qa/data/."""

from __future__ import annotations

from importlib import resources

import pytest

from qa.text import wordlists

LISTS = sorted(
    p.name for p in resources.files("qa").joinpath("data").iterdir()
    if p.name.endswith(".txt") and not p.name.endswith("LICENSE.txt")
)


def test_lists_are_found() -> None:
    assert {"stopwords.txt", "function_words.txt", "hedge_cues.txt"} <= set(LISTS)


@pytest.mark.parametrize("name", LISTS)
def test_every_list_has_a_provenance_header_and_rows(name: str) -> None:
    listed = wordlists.read(name)
    assert "provenance" in listed.header.lower(), f"qa/data/{name} says where it came from"
    assert any(listed.sections.values()), f"qa/data/{name} has rows"
    for section, rows in listed.sections.items():
        assert len(rows) == len(listed.lines[section])
        for row in rows:
            assert all(field == field.strip() and field for field in row), (name, row)


def test_sections_rows_and_words() -> None:
    text = (
        "# A test list.\n# Provenance: written for this test.\n\n"
        "top\n[first]\nsay says  said\n\n# a comment inside\n[second]\nhigh\t{a|} remote chance\n"
    )
    listed = wordlists.parse("test.txt", text)
    assert listed.header == "A test list.\nProvenance: written for this test."
    assert listed.section() == (("top",),)
    assert listed.section("first") == (("say says  said",),)
    assert listed.section("second") == (("high", "{a|} remote chance"),)
    assert listed.lines == {"": (4,), "first": (6,), "second": (10,)}


def test_missing_section_and_list_are_errors_naming_the_file() -> None:
    with pytest.raises(KeyError, match=r"no section \[nope\] in qa/data/function_words.txt"):
        wordlists.rows("function_words.txt", "nope")
    with pytest.raises(FileNotFoundError, match="qa/data/no_such_list.txt"):
        wordlists.read("no_such_list.txt")


def test_shared_function_words() -> None:
    assert wordlists.words("function_words.txt", "pronouns") >= {"he", "she", "they"}
    assert wordlists.words("function_words.txt", "be") == frozenset(
        "is are was were am be been being".split())
    assert "the" in wordlists.words("stopwords.txt")
