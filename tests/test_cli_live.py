"""``qa index``, ``qa add``, ``qa remove`` and ``qa index --from-store`` on an index folder."""

from __future__ import annotations

import json
from pathlib import Path

from web.cli import main


def _article(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.txt"
    path.write_text(text)
    return path


def test_index_add_remove_and_rebuild_from_the_store(runner, tmp_path: Path) -> None:
    base = tmp_path / "base"
    _article(base, "harbour", "Harbour\n\nThe harbour authority said 40 ships docked on Monday.")
    folder = tmp_path / "ix"
    assert runner.invoke(main, ["index", str(base), "-o", str(folder)]).exit_code == 0
    assert (folder / "store.sqlite").is_file()
    new = _article(tmp_path / "new", "bridge",
                   "Bridge\n\nThe mayor said the new bridge will open in June.")
    added = runner.invoke(main, ["add", str(new), "--index", str(folder), "--json"])
    assert added.exit_code == 0, added.output
    assert json.loads(added.stdout) == {
        "documents": [{"id": "bridge", "status": "added", "sentences": 1}], "generation": 1}
    asked = runner.invoke(main, ["ask", "When will the bridge open?", "--index", str(folder)])
    assert "June" in asked.stdout
    # rebuilding from PATHS would lose the added document: refused, with the way out
    again = runner.invoke(main, ["index", str(base), "-o", str(folder)])
    assert again.exit_code == 1 and "--from-store" in again.stderr
    rebuilt = runner.invoke(main, ["index", "--from-store", str(folder)])
    assert rebuilt.exit_code == 0, rebuilt.output
    listed = runner.invoke(main, ["documents", "--index", str(folder)])
    assert "bridge" in listed.stdout and "harbour" in listed.stdout
    removed = runner.invoke(main, ["remove", "bridge", "--index", str(folder)])
    assert removed.exit_code == 0 and "deleted" in removed.stdout
    unknown = runner.invoke(main, ["remove", "nope", "--index", str(folder)])
    assert unknown.exit_code == 1 and "no document with id 'nope'" in unknown.stderr
    listed = runner.invoke(main, ["documents", "--index", str(folder)])
    assert "bridge" not in listed.stdout
    replaced = runner.invoke(main, ["index", str(base), "-o", str(folder), "--replace"])
    assert replaced.exit_code == 0


def test_add_needs_readable_documents_and_an_index(runner, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(main, ["add", str(empty), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 1 and "no readable documents" in result.stderr
    doc = _article(tmp_path / "d", "a", "A\n\nText here.")
    result = runner.invoke(main, ["add", str(doc), "--index", str(tmp_path / "missing")])
    assert result.exit_code == 1 and "qa index" in result.stderr
