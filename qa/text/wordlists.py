"""The one reader of the word lists in ``qa/data/``.

Every list is a UTF-8 text file in one format:

- a header of ``#`` lines first, saying what the list is for, who reads it, the format of
  its lines and its provenance (where the words came from, and their licence);
- a line ``[name]`` starts a section; lines before the first section are section ``""``;
- every other non-blank line that does not start with ``#`` is one row: fields separated
  by a TAB, a field's words by spaces (``say says said saying``; ``high<TAB>{a|} remote
  chance``). Leading and trailing spaces are dropped; case is kept.

Lists are read once per process from the installed package (``importlib.resources``), so a
fresh ``pip install`` has them and nothing is downloaded. A missing list or section is an
error that names the file, never an empty set.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["WordList", "header", "read", "rows", "words"]


@dataclass(frozen=True, slots=True)
class WordList:
    """One file of ``qa/data/``: its header and its rows, by section, in file order."""

    name: str
    header: str
    sections: dict[str, tuple[tuple[str, ...], ...]]
    #: The line number of each row, by section, for error messages.
    lines: dict[str, tuple[int, ...]]

    def section(self, name: str = "") -> tuple[tuple[str, ...], ...]:
        """The rows of section ``name``; :class:`KeyError` naming the file if it has none."""
        try:
            return self.sections[name]
        except KeyError:
            raise KeyError(f"no section [{name}] in qa/data/{self.name}") from None


def parse(name: str, text: str) -> WordList:
    """The :class:`WordList` of ``text``, the contents of ``qa/data/<name>``."""
    header: list[str] = []
    sections: dict[str, list[tuple[str, ...]]] = {}
    lines: dict[str, list[int]] = {}
    current = ""
    in_header = True
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if raw.startswith("#"):
            if in_header:
                header.append(raw[1:].strip())
            continue
        in_header = in_header and not line
        if not line:
            continue
        if line.startswith("[") and line.endswith("]") and "\t" not in line:
            current = line[1:-1].strip()
            sections.setdefault(current, [])
            lines.setdefault(current, [])
            continue
        sections.setdefault(current, []).append(tuple(f.strip() for f in raw.strip().split("\t")))
        lines.setdefault(current, []).append(number)
    return WordList(
        name,
        "\n".join(header),
        {k: tuple(v) for k, v in sections.items()},
        {k: tuple(v) for k, v in lines.items()},
    )


@cache
def read(name: str) -> WordList:
    """The list ``qa/data/<name>``, read once per process."""
    try:
        text = resources.files("qa").joinpath(f"data/{name}").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileNotFoundError(f"word list qa/data/{name} is missing from the package") from None
    return parse(name, text)


def rows(name: str, section: str = "") -> tuple[tuple[str, ...], ...]:
    """The rows (tuples of TAB-separated fields) of one section of ``qa/data/<name>``."""
    return read(name).section(section)


@cache
def words(name: str, section: str = "") -> frozenset[str]:
    """Every space-separated word of one section of ``qa/data/<name>``, as written."""
    return frozenset(w for row in rows(name, section) for field in row for w in field.split())


def header(name: str) -> str:
    """The ``#`` header of ``qa/data/<name>``, comment marks removed."""
    return read(name).header
