"""The layering rule of qa/README.md: the core knows nothing of delivery, and each stage
reads only the stages below it.

Checked twice: by importing every core module in a fresh interpreter (what a user of the
Python API really loads), and by reading every import statement of the core (what a
module could load on a path the first check does not take).
"""

from __future__ import annotations

import ast
import importlib.util
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import qa

ROOT = Path(__file__).resolve().parents[1]
DELIVERY = ("flask", "werkzeug", "click", "gunicorn", "web", "flask_cors", "flask_limiter")
#: What each stage may import from ``qa`` besides itself. ``qa.errors`` is the exception
#: tree everything raises; the engine and evaluation sit on top of every stage.
ALLOWED = {
    "qa.text": {"qa.errors"},
    "qa.analysis": {"qa.errors", "qa.text"},
    "qa.index": {"qa.errors", "qa.text", "qa.analysis"},
    "qa.answer": {"qa.errors", "qa.text", "qa.analysis"},
}
#: Run as a program (``python3 -m qa``), never imported as a library: it starts the CLI,
#: which lives with the other delivery code in ``web.cli``.
ENTRY_POINT = "qa.__main__"


def core_modules() -> list[str]:
    names = [info.name for info in pkgutil.walk_packages(qa.__path__, "qa.")]
    return sorted(n for n in ["qa", *names] if n != ENTRY_POINT)


def test_every_core_module_is_found() -> None:
    modules = core_modules()
    for stage in ("qa.text.tokens", "qa.index.bm25", "qa.analysis.hedge", "qa.answer.span",
                  "qa.engine", "qa.evaluation.squad"):
        assert stage in modules


def test_no_core_module_loads_delivery_code() -> None:
    code = (
        "import importlib, json, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                          capture_output=True, text=True)
    loaded = json.loads(done.stdout)
    leaked = [m for m in loaded if m.split(".")[0] in DELIVERY]
    assert leaked == []


def _imports(path: Path, module: str) -> set[str]:
    """The ``qa`` modules ``path`` imports, relative imports resolved."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
    return {name for name in found if name == "qa" or name.startswith("qa.")}


def _stage(module: str) -> str | None:
    return next((s for s in ALLOWED if module == s or module.startswith(s + ".")), None)


@pytest.mark.parametrize("module", [m for m in core_modules() if _stage(m) is not None])
def test_stage_reads_only_the_stages_below(module: str) -> None:
    stage = _stage(module)
    assert stage is not None
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None
    for name in _imports(Path(spec.origin), module):
        target = _stage(name) or name
        assert target == stage or target in ALLOWED[stage], (
            f"{module} imports {name}, outside {sorted(ALLOWED[stage] | {stage})}"
        )


def test_old_bm25_path_still_works() -> None:
    from qa.bm25 import BM25Index
    from qa.index.bm25 import BM25Index as same

    assert BM25Index is same
