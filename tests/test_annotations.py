from __future__ import annotations

import json

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from qa import annotate
from qa.analysis.annotations import AnnotationTable, annotate_sentences
from tests.conftest import SEEDS
from web.cli import main

TEXT = (
    "Lim Eulchul, a professor at Seoul's Institute, stressed that support is evolving. "
    "He suggested that troops could gain combat experience.\n\n"
    "The minister confirmed that it is highly likely the talks failed. "
    "Both governments have denied such claims. The leaders signed an agreement."
)


def test_annotate_gives_every_sentence_with_offsets_source_and_hedge() -> None:
    rows = annotate(TEXT)
    assert [r["index"] for r in rows] == list(range(5))
    for r in rows:
        assert TEXT[r["start"] : r["end"]] == r["text"]
        assert set(r) == {"text", "start", "end", "index", "attribution", "hedge"}
    # a pronoun subject is resolved to the source of the sentence before
    assert rows[1]["attribution"]["source"].startswith("Lim Eulchul")
    assert rows[1]["attribution"]["cue"] == "suggested"
    assert rows[1]["hedge"]["level"] == "high"  # "could"
    # nested: an assertive frame around a near-certain claim stays "low"
    minister = rows[2]["attribution"]
    assert (minister["source"], minister["cue"]) == ("The minister", "confirmed")
    assert minister["mention"] == {"text": "The minister", "start": 0, "end": 12}
    text = rows[2]["text"]
    assert text[minister["cue_span"]["start"] : minister["cue_span"]["end"]] == "confirmed"
    assert minister["resolved_from"] is None
    he = rows[1]["attribution"]  # "He suggested ...": the mention is the pronoun
    assert he["mention"]["text"] == "He" and he["resolved_from"]["index"] == 0
    name = he["resolved_from"]
    assert TEXT[name["start"] : name["end"]] == he["source"]
    assert rows[2]["hedge"]["level"] == "low" and "highly likely" in rows[2]["hedge"]["cues"]
    assert rows[3]["hedge"]["disputed"] is True
    assert rows[4]["attribution"] == {"source": None, "cue": None, "mention": None,
                                      "cue_span": None, "resolved_from": None}
    assert rows[4]["hedge"] == {"level": "none", "cues": [], "disputed": False,
                                "basis": "stated"}
    assert rows[2]["hedge"]["basis"] == "estimated"  # "highly likely" decides, not the source


def test_annotate_odd_input() -> None:
    assert annotate("") == []
    assert annotate("   \n\n  ") == []
    assert annotate(None) == []  # type: ignore[arg-type]


def test_table_round_trips_notes() -> None:
    sentences = [r["text"] for r in annotate(TEXT)]
    notes = annotate_sentences(sentences)
    table = AnnotationTable.build(notes)
    assert [table.annotation(i) for i in range(len(table))] == notes
    arrays, strings = table.to_arrays()
    again = AnnotationTable({k: np.array(v) for k, v in arrays.items()}, list(strings))
    assert [again.to_dict(i) for i in range(len(again))] == [n.to_dict() for n in notes]
    assert len(set(strings)) == len(strings)  # each distinct string stored once


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(
    ["He said", "it may", "rain.", "Experts speculate", "that", "denied", "\n\n", "“", ","]),
    max_size=30))
def test_annotate_never_fails_and_offsets_hold(parts: list[str]) -> None:
    text = " ".join(parts)
    for row in annotate(text):
        assert text[row["start"] : row["end"]] == row["text"]
        assert row["hedge"]["level"] in {"none", "low", "medium", "high"}


def test_cli_annotate(runner) -> None:
    result = runner.invoke(main, ["annotate", str(next(SEEDS.glob("*.txt"))), "--json"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    experts = next(r for r in rows if r["text"].startswith("Experts speculate"))
    assert experts["attribution"]["source"] == "Experts" and experts["hedge"]["disputed"]
    text = runner.invoke(main, ["annotate", "-"], input="He said it may rain.")
    assert text.exit_code == 0
    assert "sentence 1 (0-20): probable (set by: may) · speculated by He · said" in text.stdout
    voice = runner.invoke(main, ["annotate", "-"], input="The bridge opened in June.")
    assert "unhedged · stated in the article" in voice.stdout


def test_basis_tells_a_source_saying_so_from_the_article_stating_it() -> None:
    said, stated = annotate("The mayor said the bridge is safe. The bridge is safe.")
    assert (said["hedge"]["level"], said["hedge"]["basis"]) == ("none", "asserted")
    assert (stated["hedge"]["level"], stated["hedge"]["basis"]) == ("none", "stated")
