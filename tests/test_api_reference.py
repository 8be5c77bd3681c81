"""The API reference appendix documents every module of the package, and the package map names
every subpackage and module a reader may look for."""

from __future__ import annotations

import pkgutil
import re
from pathlib import Path

import dprk_upr

ROOT = Path(__file__).resolve().parents[1]


def _modules() -> set[str]:
    found = {"dprk_upr"}
    for info in pkgutil.walk_packages(dprk_upr.__path__, "dprk_upr."):
        if not info.name.endswith("__main__"):
            found.add(info.name)
    return found


def test_every_module_is_in_the_api_reference():
    pages = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "book" / "api").glob("*.md"))
    documented = set(re.findall(r"\.\. automodule:: (\S+)", pages))
    missing = sorted(_modules() - documented)
    assert not missing, f"modules missing from book/api/*.md: {missing}"
    assert not documented - _modules(), f"documented modules that do not exist: {sorted(documented - _modules())}"


def test_package_map_names_every_subpackage_and_module():
    doc = dprk_upr.__doc__
    for name in sorted(_modules()):
        if name.count(".") == 1 or name.startswith("dprk_upr.data.") or name.startswith("dprk_upr.coding."):
            if name.count(".") <= 2:
                assert name.rsplit(".", 1)[-1] in doc, f"the package map (dprk_upr/__init__.py) does not name {name}"
