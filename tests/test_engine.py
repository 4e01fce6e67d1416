from __future__ import annotations

import pytest

from qa import QA, Document, InvalidRequest, NoDocuments, NotFound
from tests.conftest import SEED_ID, SEEDS, festival_engine


def test_putin_question_finds_the_visit_sentence(seed_engine: QA) -> None:
    result = seed_engine.ask("When did Putin visit Pyongyang?")
    best = result.passages[0]
    assert "Putin's rare visit to Pyongyang in June" in best.text
    assert best.document.id == SEED_ID
    assert seed_engine.document(SEED_ID).text[best.start : best.end] == best.text
    assert result.answer is not None and result.answer.sentence is best


@pytest.mark.parametrize(
    ("question", "needle"),
    [
        ("How many North Korean officers died in the missile strike?", "six North Korean"),
        ("Which countries did Russia recruit foreign fighters from?", "India and Nepal"),
        ("What did the leaders sign?", "mutual defense agreement"),
        ("Who is Lim Eulchul?", "Institute for Far Eastern Studies"),
        ("How many containers of weaponry did North Korea ship?", "thousands of containers"),
    ],
    ids=["officers", "recruitment", "agreement", "lim", "containers"],
)
def test_seed_questions_rank_the_right_sentence_first(
    seed_engine: QA, question: str, needle: str
) -> None:
    assert needle in seed_engine.ask(question).passages[0].text


def test_to_dict_is_the_spec_answer_object(seed_engine: QA) -> None:
    body = seed_engine.ask("When did Putin visit Pyongyang?", top_k=2).to_dict()
    assert list(body) == ["question", "answer", "reason", "passages"]
    assert body["reason"] is None and len(body["passages"]) == 2
    answer = body["answer"]
    assert answer["sentence"] == body["passages"][0]
    assert answer["text"] == "June" and answer["kind"] == "date"
    span = answer["span"]
    assert answer["sentence"]["text"][span["start"] : span["end"]] == answer["text"]
    passage = body["passages"][0]
    assert set(passage) == {"text", "score", "document", "index", "start", "end",
                            "attribution", "hedge", "also_in"}
    assert passage["document"] == {
        "id": SEED_ID,
        "title": seed_engine.document(SEED_ID).title,
        "source": seed_engine.document(SEED_ID).source,
        "date": None,
        "publisher": None,
        "url": None,
        "dateline": None,
    }
    scores = [p["score"] for p in body["passages"]]
    assert scores == sorted(scores, reverse=True)


def test_sentence_indices_count_from_the_first_body_sentence(seed_engine: QA) -> None:
    sentences = seed_engine.document_sentences(SEED_ID)
    assert sentences[0].index == 0 and sentences[0].text.startswith("Recent reports suggest")
    assert sentences[1].text.startswith("South Korea's Defense Minister Kim Yonghyun confirmed")
    assert [s.index for s in sentences] == list(range(len(sentences)))
    assert not any("Source 1" in s.text for s in sentences)


def test_no_shared_word_means_no_answer(seed_engine: QA) -> None:
    result = seed_engine.ask("What is the capital of France?")
    assert result.answer is None and result.reason == "no_match" and result.passages == []
    assert seed_engine.ask("What is it?").to_dict()["answer"] is None  # only stop words


@pytest.mark.parametrize(
    ("question", "top_k", "code"),
    [
        ("", 3, "invalid_question"),
        ("   \n", 3, "invalid_question"),
        (None, 3, "invalid_question"),
        ("x" * 1001, 3, "question_too_long"),
        ("\r" + "x" * 1000, 3, "question_too_long"),  # counted as sent, as maxLength counts
        ("Putin?", 0, "invalid_top_k"),
        ("Putin?", 21, "invalid_top_k"),
        ("Putin?", True, "invalid_top_k"),
        ("Putin?", "3", "invalid_top_k"),
    ],
    ids=["empty", "blank", "none", "too-long", "too-long-as-sent", "top-k-0", "top-k-21",
         "top-k-bool", "top-k-str"],
)
def test_bad_requests_raise_with_a_code(seed_engine: QA, question, top_k, code: str) -> None:
    with pytest.raises(InvalidRequest) as info:
        seed_engine.ask(question, top_k=top_k)
    assert info.value.code == code and info.value.status == 400


def test_results_are_deterministic_under_ties() -> None:
    docs = [Document(id=f"d{i}", title="t", text=f"Same words here, {w}.")
            for i, w in enumerate(["one", "two", "three", "four", "five"])]
    engine = QA.from_documents(docs)
    ids = [p.document.id for p in engine.search("same words", top_k=5)]
    assert ids == ["d0", "d1", "d2", "d3", "d4"]


def test_a_sentence_in_several_documents_is_one_passage_with_also_in() -> None:
    wire = "The central bank held interest rates at 5 percent on Tuesday."
    docs = [Document(id="a", title="Rates", text=wire, publisher="Reuters"),
            Document(id="b", title="Bank holds", text=f"{wire}  ", publisher="Herald",
                     date="2024-10-08"),
            Document(id="c", title="Markets", text="Stocks rose as the bank held interest rates."),
            Document(id="d", title="Rates again", text=wire.replace(" ", "  "))]
    engine = QA.from_documents(docs)
    passages = engine.ask("Did the central bank hold interest rates?", top_k=3).to_dict()["passages"]
    texts = [p["text"] for p in passages]
    assert len(texts) == len({" ".join(t.split()) for t in texts})  # never repeated
    first = passages[0]
    assert first["document"]["id"] == "b"  # its title fits the question best
    assert sorted(d["id"] for d in first["also_in"]) == ["a", "d"]
    assert {"id": "a", "title": "Rates", "date": None, "publisher": "Reuters"} in first["also_in"]
    assert passages[1]["document"]["id"] == "c" and passages[1]["also_in"] == []


def test_context_lifts_a_sentence_whose_paragraph_matches() -> None:
    docs = [
        Document(id="ohio", title="Stadiums", text="The game was played at a stadium in Ohio."),
        Document(id="bowl", title="Super Bowl 50",
                 text="Super Bowl 50 decided the season. The game was played at Levi's Stadium."),
    ]
    engine = QA.from_documents(docs)
    hits = [(p.document.id, p.text) for p in engine.search("Where was the game played?", 3)]
    # Alone, both "game was played" sentences tie and the earlier one wins ...
    assert hits[0][0] == "ohio"
    # ... but a question naming the event prefers the one whose paragraph is about it.
    hits = [(p.document.id, p.index) for p in
            engine.search("Where was the Super Bowl game played?", 3)]
    assert hits.index(("bowl", 1)) < hits.index(("ohio", 0))


def test_unknown_document_is_not_found(seed_engine: QA) -> None:
    with pytest.raises(NotFound):
        seed_engine.document("nope")


def test_no_documents_is_a_clear_error(tmp_path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\x00")
    with pytest.raises(NoDocuments, match="skipped"):
        QA.from_paths([tmp_path])


def test_progress_reports_every_stage() -> None:
    done: dict[str, int] = {}
    totals: dict[str, int] = {}

    def progress(stage: str, n: int, total: int) -> None:
        done[stage] = done.get(stage, 0) + n
        totals[stage] = total

    engine = QA.from_paths([SEEDS], progress=progress)
    assert done == totals == {"Reading": 1, "Indexing": len(engine.documents)}



def test_explain_adds_up_to_the_score(seed_engine: QA) -> None:
    passages = seed_engine.search("When did Putin visit Pyongyang?", 3, explain=True)
    for p in passages:
        parts = p.explain
        total = sum(parts["sentence"].values()) + sum(parts["context"].values())
        assert total == pytest.approx(p.score, abs=1e-3)
    # the question's own words, and the words WordNet relates to them at a lower weight
    terms = passages[0].explain["sentence"]
    assert {"putin", "visit", "pyongyang"} <= set(terms)
    assert all(terms[t] < terms["visit"] for t in set(terms) - {"putin", "visit", "pyongyang"})
    assert seed_engine.search("When did Putin visit Pyongyang?", 1)[0].explain is None


def test_partial_match_without_the_key_words_is_low_confidence(seed_engine: QA) -> None:
    # "Putin" matches, but nothing about Paris or the Olympics is in the documents.
    result = seed_engine.ask("Did Putin attend the Paris Olympics opening ceremony?")
    assert result.answer is None and result.reason == "low_confidence"
    assert result.passages  # the closest sentences are still shown
    assert result.to_dict()["answer"] is None


def test_evidence_is_explained(seed_engine: QA) -> None:
    result = seed_engine.ask("When did Putin visit Pyongyang?", explain=True)
    evidence = result.passages[0].evidence
    assert evidence["coverage"] == 1.0 and evidence["missing"] == []


def test_passages_say_who_claims_it_and_how_sure(seed_engine: QA) -> None:
    minister = seed_engine.ask("Who confirmed that six officers died near Donetsk?").passages[0]
    said = minister.to_dict()["attribution"]
    assert (said["source"], said["cue"]) == ("South Korea's Defense Minister Kim Yonghyun",
                                             "confirmed")
    mention, cue = said["mention"], said["cue_span"]
    assert minister.text[mention["start"] : mention["end"]] == mention["text"] == said["source"]
    assert minister.text[cue["start"] : cue["end"]] == "confirmed"
    assert minister.to_dict()["hedge"] == {"level": "low", "cues": ["highly likely"],
                                           "disputed": False, "basis": "estimated"}
    experts = seed_engine.ask("Are North Korean rockets used by Russian forces?").passages[0]
    assert experts.text.startswith("Experts speculate")
    body = experts.to_dict()
    assert (body["attribution"]["source"], body["attribution"]["cue"]) == ("Experts",
                                                                          "speculate")
    assert body["hedge"]["level"] == "high" and body["hedge"]["disputed"] is True
    signed = seed_engine.ask("What did the leaders sign?").passages[0].to_dict()
    assert signed["attribution"] == {"source": None, "cue": None, "mention": None,
                                     "cue_span": None, "resolved_from": None}
    assert signed["hedge"]["level"] == "none"


@pytest.mark.parametrize(
    ("question", "text", "kind"),
    [
        ("How many North Korean officers died?", "six", "number"),
        ("Where have reports detailed recruitment for the Russian military?", "India and Nepal",
         "place"),
        ("Who confirmed the deaths near Donetsk?", "South Korea's Defense Minister Kim Yonghyun",
         "person"),
    ],
    ids=["how-many", "where", "who"],
)
def test_short_answers_sit_inside_their_sentence(seed_engine: QA, question, text, kind) -> None:
    answer = seed_engine.ask(question).to_dict()["answer"]
    assert (answer["text"], answer["kind"]) == (text, kind)
    span = answer["span"]
    assert answer["sentence"]["text"][span["start"] : span["end"]] == text


def test_who_answer_replaces_a_pronoun_with_the_name(seed_engine: QA) -> None:
    answer = seed_engine.ask(
        "Who suggested that sending troops could provide combat experience?").to_dict()["answer"]
    assert answer["text"] == "Lim Eulchul" and answer["span"] is None
    assert answer["sentence"]["text"].startswith("He suggested")
    assert answer["replaces"] == {"text": "He", "span": {"start": 0, "end": 2}}
    doc = seed_engine.document(answer["sentence"]["document"]["id"])
    assert doc.text[answer["found_at"]["start"] : answer["found_at"]["end"]] == "Lim Eulchul"


def test_yes_no_question_answers_with_the_sentence(seed_engine: QA) -> None:
    answer = seed_engine.ask("Did the leaders sign a mutual defense agreement?").to_dict()["answer"]
    assert answer["span"] is None and answer["kind"] == "sentence"
    assert answer["text"] == answer["sentence"]["text"]


def test_when_question_skips_a_better_scored_passage_without_a_date() -> None:
    engine = festival_engine()
    question = "When was the harbour festival in Lyon?"
    assert [p.document.id for p in engine.search(question, 2)] == ["a", "b"]
    result = engine.ask(question, top_k=2)
    assert result.answer is not None and result.answer.text == "October 2019"
    # the passage that answers comes first, as the SPEC asks of answer.sentence
    assert [p.document.id for p in result.passages] == ["b", "a"]
    assert result.answer.sentence is result.passages[0]


def test_what_year_question_without_a_year_is_refused() -> None:
    result = festival_engine().ask("What year did the fish markets open?")
    assert result.answer is None and result.reason == "low_confidence"
    assert [p.document.id for p in result.passages] == ["c"]


def test_typed_lookahead_never_returns_more_than_top_k() -> None:
    result = festival_engine().ask("When was the harbour festival in Lyon?", top_k=1)
    assert len(result.passages) == 1 and result.passages[0].document.id == "b"


def test_claim_question_finds_the_sentence_where_its_speaker_says_it(seed_engine: QA) -> None:
    # the best-scored sentence names Lim Eulchul; the claim is in "He suggested that ..."
    result = seed_engine.ask("What did Lim Eulchul suggest?")
    assert result.answer is not None and result.answer.kind == "claim"
    assert result.answer.text.startswith("sending troops could provide")
    assert result.passages[0].text.startswith("He suggested")


def test_claim_question_about_a_speaker_the_documents_never_quote_is_refused(
    seed_engine: QA,
) -> None:
    result = seed_engine.ask("What did Kim Jong Un say about the war?")
    assert result.answer is None and result.reason == "low_confidence"


def test_claim_question_with_object_and_time_before_that(seed_engine: QA) -> None:
    confirmed = seed_engine.ask("What did the defense minister confirm?").answer
    assert confirmed is not None and confirmed.kind == "claim"
    assert confirmed.text.startswith("it is highly likely six North Korean military officers")
    emphasized = seed_engine.ask("What did the minister emphasize?").answer
    assert emphasized is not None and emphasized.text.startswith("the increased likelihood")


def test_who_says_is_answered_with_the_sentences_source(seed_engine: QA) -> None:
    said = seed_engine.ask("Who says North Korean soldiers are fighting alongside Russian troops?")
    assert said.answer is not None and said.answer.text == "Recent reports"
    assert said.answer.kind == "person" and said.answer.span == (0, len("Recent reports"))
    # a resolved pronoun source gives the name, without its appositive
    suggested = seed_engine.ask("Who suggested that sending troops could provide experience?")
    assert suggested.answer is not None and suggested.answer.text == "Lim Eulchul"
    # the verb's own subject wins over the sentence's outermost source
    denied = seed_engine.ask("Who denied that North Korean rockets are used by Russia?")
    assert denied.answer is not None and denied.answer.text == "both nations"


def test_when_question_about_a_sentence_pointing_back_takes_its_date(seed_engine: QA) -> None:
    result = seed_engine.ask("When was the mutual defense agreement signed?")
    assert result.answer is not None and result.answer.text == "June"
    assert result.answer.sentence is result.passages[0]


def test_how_many_is_refused_when_no_close_passage_holds_a_number(seed_engine: QA) -> None:
    result = seed_engine.ask("How many North Korean soldiers has Pyongyang sent to Ukraine?")
    assert result.answer is None and result.reason == "low_confidence"
    counted = seed_engine.ask("How many North Korean officers died?").answer
    assert counted is not None and counted.text == "six"


def test_explain_names_the_rules_that_decided(seed_engine: QA) -> None:
    result = seed_engine.ask("What do experts speculate?", explain=True).to_dict()
    assert result["explain"] == {"decided_by": "fitting_passage", "answer_rule": "claim"}
    first = result["passages"][0]["explain"]
    assert first["attribution"] == {"rule": "subject", "cue": "speculate"}
    text = result["passages"][0]["text"]
    assert [text[a:b] for a, b in first["hedge"]["cue_spans"]] == first["hedge"]["cues"]
    # "Experts speculate ..., although both nations have denied such claims."
    assert first["hedge"]["decided_by"] == {"cue": "speculate", "start": 8, "end": 17,
                                            "rule": "lexicon", "level": "high",
                                            "basis": "speculated"}
    assert [d["cue"] for d in first["hedge"]["disputed_by"]] == ["denied"]
    refused = seed_engine.ask("What is the capital of Peru?", explain=True).to_dict()
    assert refused["answer"] is None
    assert refused["explain"]["decided_by"] in {"no_passage", "refused"}
    assert "explain" not in seed_engine.ask("What do experts speculate?").to_dict()


def test_a_date_answer_is_placed_on_the_calendar() -> None:
    doc = Document(id="a", title="Rates", date="2024-10-08",
                   text="The central bank said on Tuesday that it would hold rates. The "
                        "governor will speak next Monday. Officials met on October 3.")
    undated = Document(id="b", title="Ports", text="The port reopened on Friday after repairs.")
    engine = QA.from_documents([doc, undated])
    cases = [("When did the bank say it would hold rates?", "2024-10-08"),
             ("When will the governor speak?", "2024-10-14"),
             ("When did officials meet?", "2024-10-03")]
    for question, value in cases:
        answer = engine.ask(question).to_dict()["answer"]
        assert answer["time"]["value"] == value and answer["time"]["granularity"] == "day"
        assert answer["time"]["text"] in answer["text"]
    port = engine.ask("When did the port reopen?").to_dict()["answer"]
    assert port["time"] == {"text": "Friday", "value": None, "granularity": "day"}
    said = engine.ask("What did the bank say?").to_dict()["answer"]
    assert "time" not in said
