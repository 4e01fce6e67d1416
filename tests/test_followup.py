from __future__ import annotations

import pytest

from qa import QA, InvalidRequest
from qa.answer.followup import Turn, check_history, interpret

TURN = Turn("What did the leaders sign?", "d", 3)


@pytest.mark.parametrize(
    ("question", "kind", "rewritten"),
    [
        ("Who said that?", "source", None),
        ("who claims this", "source", None),
        ("According to whom?", "source", None),
        ("Says who?", "source", None),
        ("Is that confirmed?", "certainty", None),
        ("How sure is that?", "certainty", None),
        ("Is it true?", "certainty", None),
        ("When?", "ellipsis", "When did the leaders sign?"),
        ("Where exactly?", "ellipsis", "Where did the leaders sign?"),
        ("And how many?", "ellipsis", "How many did the leaders sign?"),
        ("What did they want?", "pronoun", "What did the leaders sign want?"),
        ("Who won the 2022 election?", "new", None),
        ("Is it raining in Seoul?", "new", None),
    ],
    ids=["who-said-that", "who-claims-this", "according-to-whom", "says-who", "confirmed",
         "how-sure", "is-it-true", "when", "where-exactly", "and-how-many", "pronoun-they",
         "new-question", "weather-it"],
)
def test_interpret(question: str, kind: str, rewritten: str | None) -> None:
    follow = interpret(question, TURN, previous_answer="a mutual defense agreement",
                       previous_kind="noun_phrase")
    assert follow.kind == kind
    if rewritten is not None:
        assert follow.question == rewritten


def test_pronoun_takes_the_previous_person_answer() -> None:
    turn = Turn("Who stressed that support is evolving?", "d", 9)
    follow = interpret("What did he suggest?", turn, "Lim Eulchul", "person")
    assert (follow.kind, follow.question) == ("pronoun", "What did Lim Eulchul suggest?")


def test_without_history_every_question_is_new() -> None:
    assert interpret("Who said that?", None).kind == "new"


@pytest.mark.parametrize(
    "history",
    [{"question": "q"}, [{"question": "q", "document": "d"}],
     [{"question": "q", "document": "d", "index": -1}],
     [{"question": "q", "document": "d", "index": True}], ["q"],
     [{"question": "q", "document": "d", "index": 0}] * 11],
    ids=["not-a-list", "no-index", "negative-index", "bool-index", "string-turn", "too-long"],
)
def test_bad_history_is_refused(history) -> None:
    with pytest.raises(InvalidRequest) as info:
        check_history(history)
    assert info.value.code == "invalid_history"


def _turn(engine: QA, question: str) -> dict:
    sentence = engine.ask(question).answer.sentence
    return {"question": question, "document": sentence.document.id, "index": sentence.index}


def test_who_said_that_names_the_source_inside_the_sentence(seed_engine: QA) -> None:
    history = [_turn(seed_engine, "How many North Korean officers died?")]
    body = seed_engine.ask("Who said that?", history=history).to_dict()
    answer = body["answer"]
    assert answer["text"] == "South Korea's Defense Minister Kim Yonghyun"
    span = answer["span"]
    assert answer["sentence"]["text"][span["start"]: span["end"]] == answer["text"]
    assert answer["sentence"]["index"] == history[0]["index"]


def test_who_said_that_resolves_a_pronoun_source(seed_engine: QA) -> None:
    history = [_turn(seed_engine, "Who suggested that troops could gain combat experience?")]
    answer = seed_engine.ask("Who said that?", history=history).to_dict()["answer"]
    assert answer["text"].startswith("Lim Eulchul") and answer["span"] is None
    assert answer["replaces"]["text"] == "He"
    doc = seed_engine.document(history[0]["document"])
    assert doc.text[answer["found_at"]["start"]: answer["found_at"]["end"]] == answer["text"]


def test_who_said_that_in_the_authors_voice(seed_engine: QA) -> None:
    history = [_turn(seed_engine, "What did the leaders sign?")]
    body = seed_engine.ask("Who said that?", history=history).to_dict()
    assert body["answer"] is None and body["reason"] == "no_attribution"
    assert body["passages"][0]["attribution"]["source"] is None


def test_is_that_confirmed_returns_the_sentence_with_its_hedge(seed_engine: QA) -> None:
    history = [_turn(seed_engine, "Are North Korean rockets used by Russian forces?")]
    body = seed_engine.ask("Is that confirmed?", history=history).to_dict()
    assert body["answer"]["sentence"]["text"].startswith("Experts speculate")
    assert body["answer"]["sentence"]["hedge"]["level"] == "high"
    assert body["answer"]["sentence"]["hedge"]["disputed"] is True


def test_when_looks_for_a_date_of_the_previous_claim(seed_engine: QA) -> None:
    history = [_turn(seed_engine, "How many North Korean officers died?")]
    body = seed_engine.ask("When?", history=history).to_dict()
    assert body["answer"]["text"] == "October 3" and body["answer"]["kind"] == "date"
    assert body["interpreted_as"].startswith("When ")


def test_pronoun_follow_up_is_rewritten_and_answered(seed_engine: QA) -> None:
    history = [_turn(seed_engine, "Who suggested that troops could gain combat experience?")]
    body = seed_engine.ask("Where does he work?", history=history).to_dict()
    assert body["interpreted_as"] == "Where does Lim Eulchul work?"
    assert "Institute for Far Eastern Studies" in body["answer"]["text"]


def test_a_turn_naming_an_unknown_document_or_sentence_is_refused(seed_engine: QA) -> None:
    doc = seed_engine.documents[0].id
    with pytest.raises(InvalidRequest, match="turn 0 names document 'gone', which is not"):
        seed_engine.ask("Who said that?", history=[{"question": "x", "document": "gone",
                                                    "index": 0}])
    with pytest.raises(InvalidRequest, match="there is no sentence 999") as raised:
        seed_engine.ask("Who said that?", history=[{"question": "x", "document": doc,
                                                    "index": 0},
                                                   {"question": "y", "document": doc,
                                                    "index": 999}])
    assert raised.value.code == "invalid_history" and "turn 1" in str(raised.value)


def test_api_carries_history(client) -> None:
    first = client.post("/api/ask", json={"question": "How many North Korean officers died?"})
    sentence = first.get_json()["answer"]["sentence"]
    history = [{"question": "How many North Korean officers died?",
                "document": sentence["document"]["id"], "index": sentence["index"]}]
    body = client.post("/api/ask", json={"question": "Who said that?", "history": history})
    assert body.get_json()["answer"]["text"] == "South Korea's Defense Minister Kim Yonghyun"
    bad = client.post("/api/ask", json={"question": "Who said that?", "history": "x"})
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "invalid_history"
    gone = client.post("/api/ask", json={"question": "Who said that?", "history": [
        {"question": "x", "document": "gone", "index": 0}]})
    assert gone.status_code == 400 and gone.get_json()["error"]["code"] == "invalid_history"
    assert "'gone'" in gone.get_json()["error"]["message"]


def test_when_about_this_visit_finds_the_date_of_the_visit(seed_engine: QA) -> None:
    history = [_turn(seed_engine, "What did the leaders sign?")]
    body = seed_engine.ask("When?", history=history).to_dict()
    assert body["answer"]["text"] == "June" and body["answer"]["kind"] == "date"
    assert body["answer"]["sentence"]["text"].endswith("rare visit to Pyongyang in June.")
    assert body["passages"][0] == body["answer"]["sentence"]


def test_chained_ellipses_read_against_the_last_full_question(seed_engine: QA) -> None:
    history = [_turn(seed_engine, "How many North Korean officers died?")]
    where = seed_engine.ask("Where?", history=history).to_dict()
    history.append({"question": "Where?", "document": where["answer"]["sentence"]["document"]["id"],
                    "index": where["answer"]["sentence"]["index"]})
    body = seed_engine.ask("When?", history=history).to_dict()
    assert body["interpreted_as"] == "When North Korean officers died?"
    assert body["answer"]["text"] == "October 3"


def test_he_after_a_title_answer_is_the_speaker(seed_engine: QA) -> None:
    history = [_turn(seed_engine, "Who is Lim Eulchul?")]
    body = seed_engine.ask("What did he stress?", history=history).to_dict()
    assert body["interpreted_as"] == "What did Lim Eulchul stress?"
    assert body["answer"]["text"].startswith("North Korea's logistical support")


def test_how_sure_is_he_is_a_certainty_follow_up(seed_engine: QA) -> None:
    history = [_turn(seed_engine, "How many North Korean officers died?")]
    body = seed_engine.ask("How sure is he?", history=history).to_dict()
    assert body["answer"]["sentence"]["hedge"]["cues"] == ["highly likely"]
