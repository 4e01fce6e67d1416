"""``qa.evaluation``: the question-file scorer, the benchmarks and ``qa eval``.

The benchmarks run on a tiny synthetic folder laid out like ``../shared/eval/external``
(so they run on a fresh checkout); the tests on the real data skip when it is absent.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import runpy
import sys
from pathlib import Path

import pytest

from qa import QA, Document
from qa.answer.results import AskResult
from qa.evaluation import QuestionFileError, read_questions, score_questions
from qa.evaluation import attribution as attribution_eval
from qa.evaluation import hedge as hedge_eval
from qa.evaluation import squad as squad_eval
from qa.evaluation.metrics import answer_f1, exact_match, token_f1
from qa.evaluation.questions import check, parse_question
from tests.conftest import ROOT, SEED_ID, shared_dir
from web.cli.evaluate import eval_command

EXAMPLES = ROOT / "examples" / "seed_questions.jsonl"

# --- the question-file scorer on a tiny engine ----------------------------------------------

MOON = ("Neil Armstrong walked on the Moon in July 1969. Experts speculate that frozen water "
        "may lie in craters near the south pole. NASA said the Apollo program cost about 25 "
        "billion dollars.")
TEA = "Farmers in Assam picked a record tea harvest this spring. The harvest was sold in Kolkata."

TINY_FILE = [
    {"question": "When did Neil Armstrong walk on the Moon?", "document": "moon", "sentence": 0,
     "answer": ["July 1969"], "source": None, "hedge": "none"},
    {"question": "How much did the Apollo program cost?", "sentence": "apollo  PROGRAM cost",
     "answer": ["25 billion dollars", "about 25 billion dollars"], "source": "NASA",
     "hedge": "none", "disputed": False},
    {"question": "What may lie in craters near the south pole?", "sentence": 1,
     "source": "Experts", "hedge": "high", "disputed": False},
    # Deliberately wrong: the harvest was sold in Kolkata, in the author's voice, unhedged.
    {"question": "Where was the tea harvest sold?", "document": "tea",
     "sentence": "sold in Kolkata", "answer": "Mumbai", "source": "officials", "hedge": "medium"},
    None,  # a blank line, skipped
    {"question": "What is the capital of France?", "answerable": False},
    {"question": "Who said that?", "source": None,
     "history": [{"question": "Who walked on the Moon?", "document": "moon", "index": 0}]},
    {"question": "Who said that?", "answer": "NASA", "source": "NASA",
     "history": [{"question": "How much did it cost?", "document": "moon", "index": 2}]},
]


@pytest.fixture(scope="module")
def tiny() -> QA:
    return QA.from_documents([
        Document(id="moon", title="The Moon landing", text=MOON, source="moon.txt"),
        Document(id="tea", title="Tea harvest", text=TEA, source="tea.txt"),
    ])


def _lines(rows: list) -> list[str]:
    return ["" if row is None else json.dumps(row) for row in rows]


def test_scorer_gives_exact_metrics_on_a_tiny_engine(tiny: QA) -> None:
    questions = read_questions(lines=_lines(TINY_FILE), name="tiny.jsonl")
    assert [q.line for q in questions] == [1, 2, 3, 4, 6, 7, 8]
    report = score_questions(tiny, questions)
    metrics = {k: (round(m["value"], 4), m["n"]) for k, m in report.metrics().items()}
    assert metrics == {
        "answered": (1.0, 6),
        "refused": (1.0, 1),
        "document": (1.0, 2),
        "sentence": (1.0, 4),
        "answer_em": (0.75, 4),
        "answer_f1": (0.75, 4),
        "source": (round(5 / 6, 4), 6),
        "source_f1": (round(5 / 6, 4), 6),
        "hedge": (0.75, 4),
        "disputed": (1.0, 2),
    }
    failures = report.failures()
    assert [(o.question.line, o.failed()) for o in failures] == [
        (4, ["answer", "source", "hedge"])]
    listed = report.to_dict()["failures"][0]
    assert listed["expected"]["answer"] == ["Mumbai"]
    assert listed["got"]["answer"] == "Kolkata" and listed["got"]["source"] is None
    assert listed["got"]["document"] == "tea" and listed["got"]["hedge"] == "none"


def _result(tiny: QA, question: str, index: int, answer: str | None) -> AskResult:
    from qa.answer.results import Answer

    passage = tiny.sentence("moon", index)
    if answer is None:
        return AskResult(question, None, "low_confidence", [passage])
    return AskResult(question, Answer(answer, None, passage), None, [passage])


def test_a_null_answer_misses_every_expectation_but_refusal(tiny: QA) -> None:
    q = parse_question({"question": "q?", "sentence": 0, "answer": "July 1969",
                        "source": None, "hedge": "none", "disputed": False})
    checks = check(q, _result(tiny, "q?", 0, None))
    assert checks == {"answered": 0.0, "sentence": 0.0, "answer_em": 0.0, "answer_f1": 0.0,
                      "source": 0.0, "source_f1": 0.0, "hedge": 0.0, "disputed": 0.0}
    refused = parse_question({"question": "q?", "answerable": False})
    assert check(refused, _result(tiny, "q?", 0, None)) == {"refused": 1.0}
    assert check(refused, _result(tiny, "q?", 0, "July 1969")) == {"refused": 0.0}


def test_source_partial_match_counts_from_half_token_f1(tiny: QA) -> None:
    q = parse_question({"question": "q?", "source": "the space agency NASA"})
    checks = check(q, _result(tiny, "q?", 2, "x"))
    assert checks["source_f1"] == pytest.approx(token_f1("NASA", "the space agency NASA"))
    assert checks["source"] == 0.0  # 0.4 < 0.5
    q = parse_question({"question": "q?", "source": "NASA officials"})
    assert check(q, _result(tiny, "q?", 2, "x"))["source"] == 1.0  # F1 2/3


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ('["a list"]', "expected a JSON object, got list"),
        ('{"question": "Who?", "hedg": "low"}', "unknown field 'hedg'"),
        ('{"answer": "June"}', 'missing "question"'),
        ('{"question": "  "}', "question must not be empty"),
        ('{"question": "Who?", "hedge": "maybe"}', "'hedge' must be one of none, low"),
        ('{"question": "Who?", "answer": []}', "'answer' must be a non-empty string"),
        ('{"question": "Who?", "sentence": -1}', "sentence number from 0"),
        ('{"question": "Who?", "sentence": true}', "'sentence' must be"),
        ('{"question": "Who?", "answerable": "no"}', "'answerable' must be true or false"),
        ('{"question": "Who?", "answerable": false, "answer": "x"}', "cannot expect 'answer'"),
        ('{"question": "Who?", "source": 5}', "'source' must be a non-empty string or null"),
        ('{"question": "Who?", "history": [{"question": "x"}]}', "history must be a list"),
    ],
    ids=["json", "not-object", "unknown-field", "no-question", "empty-question", "hedge",
         "answer-empty", "sentence-negative", "sentence-bool", "answerable-type",
         "unanswerable-with-answer", "source-type", "history"],
)
def test_malformed_line_names_file_and_line(line: str, message: str) -> None:
    good = json.dumps({"question": "When?"})
    with pytest.raises(QuestionFileError) as info:
        read_questions(lines=[good, "", line], name="q.jsonl")
    assert info.value.message.startswith("q.jsonl:3: ")
    assert message in info.value.message


def test_empty_or_missing_file_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(QuestionFileError, match="no questions"):
        read_questions(empty)
    with pytest.raises(QuestionFileError, match="no such file"):
        read_questions(tmp_path / "missing.jsonl")


def test_squad_metrics_follow_the_official_normalisation() -> None:
    assert exact_match("The  Eiffel Tower!", "eiffel tower") == 1.0
    assert answer_f1("about 25 billion dollars", "25 billion dollars") == pytest.approx(6 / 7)
    assert answer_f1("a", "the") == 0.0


# --- the CLI on the example question file ---------------------------------------------------


def test_example_file_is_valid_and_covers_the_format() -> None:
    questions = read_questions(EXAMPLES)
    assert 10 <= len(questions) <= 40
    assert sum(not q.answerable for q in questions) >= 3
    assert any(q.history for q in questions)
    assert {q.hedge for q in questions} >= {"none", "low", "medium", "high"}
    assert all(q.document in (None, SEED_ID) for q in questions)


def test_cli_scores_the_example_file(runner) -> None:
    result = runner.invoke(eval_command, [str(EXAMPLES), str(ROOT / "seeds")])
    assert result.exit_code == 0, result.output
    assert "Loaded 1 document, " in result.stderr
    out = result.stdout
    rows = {line.split()[0]: line.split() for line in out.splitlines()[2:] if line[:2] == "  "
            and line.split()[0] in ("answered", "refused", "sentence", "answer_em", "hedge")}
    assert set(rows) == {"answered", "refused", "sentence", "answer_em", "hedge"}
    assert rows["refused"][2] == "5" and float(rows["answered"][1]) >= 0.5
    assert 0.5 <= float(rows["sentence"][1]) <= 1.0 and 0.0 < float(rows["answer_em"][1]) <= 1.0
    assert "benchmark" not in out  # no benchmarks with FILE alone


def test_cli_json_and_failures(runner) -> None:
    result = runner.invoke(eval_command, [str(EXAMPLES), "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)["questions"]
    assert body["questions"] == len(read_questions(EXAMPLES))
    assert 0.0 <= body["metrics"]["sentence"]["value"] <= 1.0
    for failure in body["failures"]:
        assert failure["failed"] and failure["line"] >= 1 and "got" in failure
    listed = runner.invoke(eval_command, [str(EXAMPLES), "--failures"])
    assert listed.stdout.count("\n  line ") == len(body["failures"])


def test_cli_errors_are_one_line_messages(runner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": "Who?"}\n{"question": "Who?", "hedge": 3}\n', encoding="utf-8")
    result = runner.invoke(eval_command, [str(bad)])
    assert result.exit_code == 1 and "bad.jsonl:2: 'hedge' must be one of" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(eval_command, [str(EXAMPLES), "--benchmarks", "squad,nope"])
    assert result.exit_code == 2 and "'nope' is not one of" in result.output
    empty = tmp_path / "shared"
    empty.mkdir()
    result = runner.invoke(eval_command, ["--shared", str(empty), "--benchmarks", "hedge"])
    assert result.exit_code == 1 and "hedge: data not found" in result.output


# --- the benchmarks on a synthetic shared folder --------------------------------------------


def _dev_ids(n: int) -> list[str]:
    ids = (f"doc{k}" for k in range(100))
    return [i for i in ids if hashlib.md5(i.encode()).hexdigest()[0] in "01234567"][:n]


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("shared")
    ext = root / "eval" / "external"
    # SQuAD v1.1: two articles; with fewer than 24 titles every question is dev.
    squad_dir = ext / "squad-v1.1"
    squad_dir.mkdir(parents=True)

    def para(context: str, qas: list[tuple[str, str]]) -> dict:
        return {"context": context, "qas": [
            {"id": f"q{len(q)}{a}", "question": q,
             "answers": [{"text": a, "answer_start": context.index(a)}]} for q, a in qas]}

    data = {"data": [
        {"title": "Apollo", "paragraphs": [para(
            "Neil Armstrong walked on the Moon in July 1969. The mission was launched from "
            "Florida.",
            [("When did Neil Armstrong walk on the Moon?", "July 1969"),
             ("Where was the mission launched from?", "Florida")])]},
        {"title": "Tea", "paragraphs": [para(
            "Farmers in Assam picked a record tea harvest this spring. The harvest was sold "
            "in Kolkata.", [("Where was the tea harvest sold?", "Kolkata")])]},
    ]}
    (squad_dir / "dev-v1.1.json").write_text(json.dumps(data), encoding="utf-8")
    # SQuAD 2.0: the same articles, with one question the paragraph does not answer.
    v2 = json.loads(json.dumps(data))
    for article in v2["data"]:
        for p in article["paragraphs"]:
            for q in p["qas"]:
                q["is_impossible"] = False
    v2["data"][1]["paragraphs"][0]["qas"].append(
        {"id": "none1", "question": "What colour was the submarine?", "answers": [],
         "is_impossible": True})
    (ext / "squad-v2.0").mkdir()
    (ext / "squad-v2.0" / "dev-v2.0.reconstructed.json.gz").write_bytes(
        gzip.compress(json.dumps(v2).encode("utf-8")))
    # CoNLL-2010 Wikipedia: 3 uncertain (one without any cue), 2 certain, one test row.
    conll = ext / "conll2010-wikipedia-eval"
    conll.mkdir()
    dev = _dev_ids(5)
    rows = [("uncertain", "It might possibly rain tomorrow."),
            ("uncertain", "Some experts believe the bridge may collapse."),
            ("uncertain", "The king was a tyrant."),
            ("certain", "The river flows north."),
            ("certain", "The bridge was built in 1901.")]
    lines = ["row_id\tdoc_id\tpart\tlabel\tlabel_source\ttext"]
    lines += [f"r{k}\t{dev[k]}\ttext\t{label}\tgold\t{text}"
              for k, (label, text) in enumerate(rows)]
    lines.append("r9\t\ttext\tuncertain\tgold\tPerhaps it was lost.")
    (conll / "conll2010_task1_wikipedia_eval.tsv").write_text("\n".join(lines) + "\n",
                                                              encoding="utf-8")
    lexicons = ext / "hedge-lexicons"
    lexicons.mkdir()
    (lexicons / "wooorm_hedges_data.txt").write_text("% hedges\npossibly\nmay\n",
                                                      encoding="utf-8")
    (lexicons / "words_weasels_data.txt").write_text("some experts\n", encoding="utf-8")
    meantime = ext / "meantime-factuality"
    meantime.mkdir()
    (meantime / "dev.conll").write_text(
        "0\tPrices\t_\n1\tmay\t_\n2\trise\t0.75\n\n0\tPrices\t_\n1\trose\t3.0\n",
        encoding="utf-8")
    # PolNeAR: one article, one attribution over the first sentence.
    polnear = ext / "polnear-attribution"
    (polnear / "dev" / "text").mkdir(parents=True)
    (polnear / "dev" / "attributions").mkdir()
    text = "The mayor said that taxes will rise next year. The bridge is old."
    (polnear / "metadata.tsv").write_text("compartment\tfilename\tannotators\ndev\tart\tb2|a1\n",
                                          encoding="utf-8")
    (polnear / "dev" / "text" / "art.txt").write_text(text, encoding="utf-8")
    content = text.index("that taxes"), text.index(" next year.") + len(" next year")
    (polnear / "dev" / "attributions" / "art_a1.ann").write_text(
        f"T1\tSource 0 9\tThe mayor\nT2\tCue 10 14\tsaid\n"
        f"T3\tContent {content[0]} {content[1]}\t{text[content[0]:content[1]]}\n"
        "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n", encoding="utf-8")
    return root


def test_squad_benchmarks_on_synthetic_data(shared: Path) -> None:
    pool = squad_eval.SquadPool.load(shared)
    assert [q.doc for q in pool.questions] == ["1", "1", "2"]
    assert {q.split for q in pool.questions} == {"dev"}
    found = squad_eval.retrieval(pool, "dev", baseline=True)
    assert found["questions"] == 3 and found["systems"]["engine"]["R@1"] == 1.0
    assert set(found["systems"]) == {"engine", "rank_bm25 \\w+"}
    short = squad_eval.answers(pool, "dev")
    assert short["service"] == {"EM": 100.0, "F1": 100.0} and short["refused"] == 0
    assert short["oracle"]["EM"] == 100.0
    assert squad_eval.retrieval(pool, "test")["questions"] == 0
    abstain = squad_eval.abstention(pool, "dev")
    assert abstain["answered"] == 1.0 and abstain["answered_right"] == 1.0
    assert abstain["refused"] == 1.0 and abstain["articles"] == 2
    with pytest.raises(ValueError, match="split must be one of"):
        pool.split("train")
    two = squad_eval.unanswerable(shared, "dev")
    assert two["questions"] == 4 and two["NoAns"] == {"n": 1, "accuracy": 100.0}
    assert two["HasAns"]["n"] == 3 and two["F1"] == pytest.approx(
        (3 * two["HasAns"]["F1"] / 100 + 1) / 4 * 100)


def test_hedge_benchmarks_on_synthetic_data(shared: Path) -> None:
    rows = hedge_eval.load_conll(shared)
    assert [r[0] for r in rows] == ["dev"] * 5 + ["test"]
    result = hedge_eval.detection(
        shared, "dev", systems={"qa.analysis.hedge": hedge_eval.ours, **hedge_eval.word_lists(shared)})
    assert result["sentences"] == 5 and result["uncertain"] == 3
    ours = result["systems"]["qa.analysis.hedge"]
    assert (ours["P"], round(ours["R"], 1), ours["F1"]) == (100.0, 66.7, 80.0)
    assert result["systems"]["word list (hedges+weasels)"]["F1"] == 80.0
    graded = hedge_eval.grading(shared, "dev", baselines=hedge_eval.word_lists(shared))
    assert graded["events"] == 2 and graded["hedged"] == 1
    assert graded["qa.analysis.hedge"]["flagged"] == 1 and graded["qa.analysis.hedge"]["binary"] == 100.0


def test_attribution_benchmark_on_synthetic_data(shared: Path) -> None:
    result = attribution_eval.sources(shared, "dev", errors=5)
    assert (result["inside"], result["outside"], result["sentences"]) == (1, 1, 2)
    assert result["source_f1"] == 1.0 and result["null_share"] == 1.0
    assert result["examples"] == []


def test_cli_runs_every_benchmark_with_targets(runner, shared: Path) -> None:
    result = runner.invoke(eval_command, ["--shared", str(shared), "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert set(body["benchmarks"]) == {"hedge", "squad", "attribution", "retrieval",
                                       "abstention", "unanswerable"}
    table = {(row["benchmark"], row["metric"]): row for row in body["table"]}
    assert table["hedge", "F1 uncertain (%)"]["ours"] == 80.0
    assert table["hedge", "F1 uncertain (%)"]["met"] is True
    assert "60.2" in table["hedge", "F1 uncertain (%)"]["peer"]
    assert table["retrieval", "R@1"]["target"] == 0.612
    text = runner.invoke(eval_command, ["--shared", str(shared), "--benchmarks", "hedge,squad"])
    assert text.exit_code == 0, text.output
    assert "CoNLL-2010 winner 60.2" in text.stdout and ">= 30 (issue)" in text.stdout
    assert "Running hedge detection" in text.stderr and "PolNeAR" not in text.stdout


def test_bench_wrappers_run_on_synthetic_data(shared: Path, capsys, monkeypatch) -> None:
    for script, args, expected in [
        ("hedge_eval.py", ["--shared", str(shared)], "F1  80.0"),
        ("attribution_eval.py", ["--shared", str(shared)], "source_f1"),
        ("squad_retrieval.py", ["--shared", str(shared)], "engine           R@1 1.000"),
        ("squad_answers.py", ["--shared", str(shared)], "QA.ask refused 0 (0.0%)"),
        ("no_answer.py", ["--shared", str(shared)], "refused 1.000"),
    ]:
        monkeypatch.setattr(sys, "argv", [script, *args])
        with pytest.raises(SystemExit) as done:
            runpy.run_path(str(ROOT / "bench" / script), run_name="__main__")
            raise SystemExit(0)
        assert not done.value.code, script
        assert expected in capsys.readouterr().out, script


# --- the real shared data (skipped on a fresh checkout) -------------------------------------


def _need(path: str) -> Path:
    root = shared_dir()
    if not (root / path).exists():
        pytest.skip(f"{path} not found under {root} (needs ../shared)")
    return root


def test_real_hedge_detection_beats_the_shared_task_winner_on_dev() -> None:
    root = _need(hedge_eval.CONLL)
    result = hedge_eval.detection(root, "dev")
    assert result["sentences"] == 4701 and result["uncertain"] == 1064
    assert result["systems"]["qa.analysis.hedge"]["F1"] > 60.2


def test_real_attribution_dev() -> None:
    root = _need(attribution_eval.POLNEAR)
    result = attribution_eval.sources(root, "dev")
    assert result["inside"] > 1000 and result["source_f1"] > 0.5
    assert result["null_share"] > 0.8


def test_real_squad_loads_and_retrieves_on_two_dev_articles() -> None:
    root = _need(squad_eval.SQUAD)
    documents, questions = squad_eval.load_squad(root)
    assert len(documents) == 2067 and len(questions) == 10570
    assert sum(q.split == "dev" for q in questions) == 4807
    titles = sorted({documents[q.row].title for q in questions if q.split == "dev"})[:2]
    keep = [d for d in documents if d.title in titles]
    rows = {d.id: k for k, d in enumerate(keep)}
    subset = [squad_eval.SquadQuestion(q.id, q.question, q.doc, rows[q.doc], q.split,
                                       q.starts, q.answers)
              for q in questions if q.doc in rows]
    result = squad_eval.retrieval(squad_eval.SquadPool(keep, subset), "dev")
    assert result["questions"] > 100 and result["systems"]["engine"]["R@1"] > 0.6
