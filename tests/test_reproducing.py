"""The Reproducing appendix's table of where each chapter's pieces live names only things that
exist: files in the repository, processed tables, importable code, model ids."""

import importlib
import re
from pathlib import Path

import pytest

from dprk_upr.analysis import load_specs
from dprk_upr.data.dictionary import load_columns

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "reproducing.md"


def _table_rows() -> list[list[str]]:
    text = PAGE.read_text(encoding="utf-8")
    section = text.split("## Where each chapter's pieces live", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| Chapter")]
    return [re.findall(r"`([^`]+)`", row) for row in rows if not set(row) <= set("|- ")]


def _resolve(dotted: str):
    """The object a dotted name of the package points to (module, or attribute of a module)."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            obj = getattr(obj, name)
        return obj
    raise ModuleNotFoundError(dotted)


def test_every_name_in_the_table_exists():
    rows = _table_rows()
    assert len(rows) >= 20, "the table was not found or lost rows"
    processed = set(load_columns())
    specs = load_specs()
    checked = 0
    for tokens in rows:
        modules = []
        for token in tokens:
            call = re.fullmatch(r'(dprk_upr[\w.]*)\.load_specs\(\)\["(\w+)"\]', token)
            if call:
                assert call[2] in specs, token
            elif token.startswith("dprk_upr"):
                modules.append(_resolve(token))
            elif token.startswith("python -m dprk_upr"):
                continue
            elif "/" in token:
                assert (ROOT / token).exists(), f"{token} is not in the repository"
            elif token.endswith(".csv"):
                assert token.removesuffix(".csv") in processed, f"{token} is not a processed table"
            elif re.fullmatch(r"(acc|wg|seq)_\w+", token):
                assert token in specs, f"{token} is not a model id of specifications.yaml"
            else:
                continue
            checked += 1
        for token in tokens:
            if re.fullmatch(r"[A-Za-z_]\w*", token) and not re.fullmatch(r"(acc|wg|seq)_\w+", token):
                holders = [m for m in modules if hasattr(m, token)]
                assert holders or token == "published", f"{token}: no module of its row defines it"
                checked += 1
    assert checked >= 60


@pytest.mark.parametrize("name", ["SEED", "DRAWS"])
def test_inference_settings_named_in_the_table_are_the_code_s(name):
    """The table states 9,999 draws and seed 20240801: they must be what the code uses."""
    from dprk_upr.analysis import inference

    text = PAGE.read_text(encoding="utf-8")
    value = getattr(inference, name)
    assert f"{value:,}" in text or str(value) in text


def test_coding_seeds_in_the_table_are_the_code_s():
    from dprk_upr.coding import validation

    text = PAGE.read_text(encoding="utf-8")
    assert f"seed {validation.HAND_SEED}" in text and f"seed {validation.BLIND_SEED}" in text
