from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import ROOT, SEED_ID, SEEDS
from web.cli import main
from web.wording import BASES, HEDGE_LEVELS, OWN_VOICE, claim, resolved, sentence_number


def test_ask_json_is_the_answer_object(runner) -> None:
    result = runner.invoke(main, ["ask", "When did Putin visit Pyongyang?", str(SEEDS), "--json",
                                  "--top-k", "2"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["question"] == "When did Putin visit Pyongyang?"
    assert len(body["passages"]) == 2 and "Pyongyang in June" in body["passages"][0]["text"]


def test_ask_text_output_shows_sentence_and_place(runner) -> None:
    result = runner.invoke(main, ["ask", "When did Putin visit Pyongyang?", str(SEEDS)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Answer: June")
    assert lines[1].startswith("1. ") and "Pyongyang in June" in lines[1]
    assert lines[2].strip() == "unhedged · stated in the article\u2019s own voice"
    assert f"{SEED_ID}.txt [" in result.stdout


def test_ask_text_output_uses_the_chats_words_and_numbering(runner) -> None:
    question = "What do experts speculate?"
    shown = runner.invoke(main, ["ask", question, str(SEEDS), "--top-k", "1"])
    body = json.loads(runner.invoke(main, ["ask", question, str(SEEDS), "--json",
                                           "--top-k", "1"]).stdout)
    passage = body["passages"][0]
    lines = shown.stdout.splitlines()
    assert passage["hedge"]["level"] in HEDGE_LEVELS and passage["attribution"]["source"]
    label = HEDGE_LEVELS[passage["hedge"]["level"]]["label"]
    assert lines[2].strip().startswith(label + ", disputed" if passage["hedge"]["disputed"]
                                       else label)
    attribution = passage["attribution"]
    basis = BASES[passage["hedge"]["basis"]]["label"]
    assert f"{basis} by {attribution['source']} · {attribution['cue']}" in lines[2]
    # people count sentences from 1, like the chat; the JSON index stays 0-based
    assert f"sentence {passage['index'] + 1} ·" in lines[3]
    assert "hedge:" not in shown.stdout and "the author" not in shown.stdout


def test_the_cli_and_the_chat_share_one_vocabulary() -> None:
    from web.pages import HEDGE_LEVELS as CHAT_LEVELS

    script = (ROOT / "web" / "static" / "chat-core.js").read_text(encoding="utf-8")
    assert CHAT_LEVELS == HEDGE_LEVELS  # the labels the chat's badges show (info.label)
    assert "info.label" in script and "qa-levels" in script
    assert OWN_VOICE.replace("\u2019", "\\u2019") in script
    assert 'sentence " + (passage.index + 1)' in script and sentence_number(0) == 1
    # the basis words come to the script as data (words().bases), composed as claim() does
    from web.pages import chat_words

    assert chat_words()["bases"] == BASES and "words().bases" in script
    assert '" by "' in script and '" (named in sentence "' in script


def test_a_sources_opinion_never_reads_as_stated() -> None:
    assert claim("asserted", "Lim Eulchul") == "asserted by Lim Eulchul"
    assert claim("claimed", "South Korean authorities") == "claimed by South Korean authorities"
    assert claim("stated", None) == "stated " + OWN_VOICE
    assert claim("estimated", None) == "estimated, " + OWN_VOICE
    assert HEDGE_LEVELS["none"]["label"] != "fact"  # unhedged is not the same as true
    he = {"source": "Lim Eulchul", "mention": {"text": "He", "start": 0, "end": 2},
          "resolved_from": {"index": 10, "start": 1566, "end": 1577}}
    assert resolved(he) == "He \u2192 Lim Eulchul (named in sentence 11)"
    assert resolved({**he, "mention": None}) == ("a continued quotation \u2192 Lim Eulchul "
                                                 "(named in sentence 11)")
    assert resolved({**he, "resolved_from": None}) is None
    assert resolved({"source": None, "mention": None, "resolved_from": None}) is None


def test_ask_text_output_says_whom_a_pronoun_stands_for(runner) -> None:
    shown = runner.invoke(main, ["ask", "What did Lim Eulchul suggest?", str(SEEDS),
                                 "--top-k", "3"])
    line = next(row for row in shown.stdout.splitlines() if "[He \u2192 Lim Eulchul" in row)
    assert "by Lim Eulchul" in line and "(named in sentence 10)]" in line


def test_ask_without_paths_uses_the_seeds(runner, monkeypatch) -> None:
    monkeypatch.chdir(SEEDS.parent)
    result = runner.invoke(main, ["ask", "Who stressed North Korea's logistical support?"])
    assert result.exit_code == 0 and "Lim Eulchul" in result.stdout


def test_ask_no_answer_and_bad_question(runner) -> None:
    result = runner.invoke(main, ["ask", "What is the capital of France?", str(SEEDS)])
    assert result.exit_code == 0 and "No answer" in result.stdout
    result = runner.invoke(main, ["ask", "  ", str(SEEDS)])
    assert result.exit_code == 1 and "question must not be empty" in result.output
    assert "Traceback" not in result.output


def test_documents_lists_ids(runner) -> None:
    result = runner.invoke(main, ["documents", str(SEEDS), "--json"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == [SEED_ID] and rows[0]["sentences"] > 10


def test_missing_folder_is_a_one_line_error(runner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["documents", str(tmp_path / "missing")])
    assert result.exit_code == 1 and "no such file or folder" in result.output
    assert "Traceback" not in result.output


def test_skipped_files_are_reported(runner, tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("Title\n\nA fact about zebras.")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00\x00")
    result = runner.invoke(main, ["ask", "zebras", str(tmp_path)])
    assert result.exit_code == 0
    assert "1 skipped" in result.stderr and "zebras" in result.stdout
    assert "Loaded 1 document, 1 sentence " in result.stderr


def test_unsupported_files_are_listed_with_their_reason(runner, tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("Title\n\nA fact about zebras.")
    (tmp_path / "letter.docx").write_bytes(b"PK\x03\x04")
    result = runner.invoke(main, ["ask", "zebras", str(tmp_path)])
    assert result.exit_code == 0 and "(1 skipped)" in result.stderr
    assert (f"  skipped {tmp_path / 'letter.docx'}: unsupported file type .docx; supported: "
            ".txt .md .html .htm .jsonl .pdf .rss .atom .xml") in result.stderr.splitlines()
    assert result.stderr.count("letter.docx") == 1  # listed once, not also as a log warning


def test_counts_read_as_english_and_help_points_to_the_readme(runner) -> None:
    listed = runner.invoke(main, ["documents", str(SEEDS)])
    assert "Loaded 1 document, " in listed.stderr and "1 documents" not in listed.stderr
    assert "\t18 sentences\t" in listed.stdout
    shown = runner.invoke(main, ["ask", "--help"])
    help_text = " ".join(shown.output.split())
    assert "see 'Asking' in README.md" in help_text and "SPEC" not in help_text


def test_index_then_ask_from_it(runner, tmp_path: Path) -> None:
    out = tmp_path / "index"
    result = runner.invoke(main, ["index", str(SEEDS), "-o", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert (out / "CURRENT").is_file()
    from_index = runner.invoke(main, ["ask", "When did Putin visit Pyongyang?", "--index",
                                      str(out), "--json"])
    from_files = runner.invoke(main, ["ask", "When did Putin visit Pyongyang?", str(SEEDS),
                                      "--json"])
    assert from_index.exit_code == 0 and json.loads(from_index.stdout) == json.loads(
        from_files.stdout)


def test_index_errors_are_one_line(runner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["ask", "Putin?", "--index", str(tmp_path)])
    assert result.exit_code == 1 and "no index in" in result.output
    assert "qa index PATHS -o" in result.output and "Traceback" not in result.output
    result = runner.invoke(main, ["ask", "Putin?", str(SEEDS), "--index", str(tmp_path)])
    assert result.exit_code == 2 and "either PATHS or --index" in result.output
