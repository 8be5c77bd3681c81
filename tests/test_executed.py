"""Every executed page of the built book is clean: no warning, no stderr, no error in any cell's
output, hidden or shown.

myst-nb turns stderr into a build warning only for outputs it renders; a warning printed by a
removed cell (a figure whose layout collapsed, a numerical warning) would pass unseen. This test
reads the executed notebooks that the build keeps in ``_build/jupyter_execute`` and fails on any.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parents[1]
EXECUTED = ROOT / "_build" / "jupyter_execute"
_WARNING = re.compile(r"\b\w*Warning\b:|^Warning:|warnings\.warn", re.M)


def _notebooks() -> list[Path]:
    return sorted(EXECUTED.rglob("*.ipynb")) if EXECUTED.is_dir() else []


def _problems(nb_path: Path) -> list[str]:
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    found = []
    for number, cell in enumerate(nb.get("cells", [])):
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "error":
                found.append(f"cell {number}: {output.get('ename')}: {output.get('evalue')}")
            elif kind == "stream" and output.get("name") == "stderr":
                found.append(f"cell {number}: stderr: {''.join(output.get('text', ''))[:300]}")
            else:
                text = "".join(output.get("text", "")) + "".join(output.get("data", {}).get("text/plain", ""))
                if _WARNING.search(text):
                    found.append(f"cell {number}: warning in output: {text[:300]}")
    return found


def test_executed_pages_exist(site):
    assert _notebooks(), f"no executed notebooks under {EXECUTED}"


@pytest.mark.parametrize("nb_path", _notebooks(), ids=lambda p: str(p.relative_to(EXECUTED)))
def test_no_warning_or_stderr_in_any_cell(site, nb_path):
    problems = _problems(nb_path)
    assert not problems, f"{nb_path.relative_to(EXECUTED)}: " + "; ".join(problems)
