"""Snapshot and compare what the pipeline produces: the processed CSVs and every glued value.

Used to show that a refactoring changes no result (issue 10):

    python scripts/compare_outputs.py snapshot before.json   # on the old code, after make book
    python scripts/compare_outputs.py snapshot after.json    # on the new code, after make book
    python scripts/compare_outputs.py compare before.json after.json

A snapshot holds the sha256 of each ``data/processed/*.csv`` and, for each executed page under
``_build/jupyter_execute``, the value of every glued output (from myst-nb's ``*.glue.json``; the random ids and
addresses of pandas' styled tables are blanked) (text and HTML as they are; images
by their sha256). ``compare`` prints each difference and exits with 1 if there is any.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_ADDRESS = re.compile(r"at 0x[0-9a-f]+")
_STYLER_ID = re.compile(r"\bT_[0-9a-f]{5}(?=[_\"\s])")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def glued_values(executed: Path) -> dict[str, dict[str, str]]:
    """{page: {glue name: value}} from the ``*.glue.json`` files myst-nb writes beside each executed page."""
    out: dict[str, dict[str, str]] = {}
    for path in sorted(executed.rglob("*.glue.json")):
        page = str(path.relative_to(executed)).removesuffix(".glue.json")
        values: dict[str, str] = {}
        for name, output in json.loads(path.read_text(encoding="utf-8")).items():
            data = output.get("data", {})
            parts = []
            for mime in sorted(data):
                value = data[mime]
                value = "".join(value) if isinstance(value, list) else str(value)
                # Random parts of a styled table's output: pandas gives each table a random id
                # (T_1a2b3), and its text form is the object's address.
                value = _STYLER_ID.sub("T_<id>", _ADDRESS.sub("at 0x<address>", value))
                parts.append(f"{mime}: {value if mime.startswith('text/') else _digest(value)}")
            values[name] = "\n".join(parts)
        out[page] = values
    return out


def snapshot(processed: Path, executed: Path) -> dict:
    csvs = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(processed.glob("*.csv"))}
    return {"processed": csvs, "glued": glued_values(executed)}


def compare(before: dict, after: dict) -> list[str]:
    diffs = []
    for name in sorted(set(before["processed"]) | set(after["processed"])):
        a, b = before["processed"].get(name), after["processed"].get(name)
        if a != b:
            diffs.append(f"processed/{name}: {a} -> {b}")
    for page in sorted(set(before["glued"]) | set(after["glued"])):
        a, b = before["glued"].get(page, {}), after["glued"].get(page, {})
        for name in sorted(set(a) | set(b)):
            if a.get(name) != b.get(name):
                diffs.append(
                    f"{page}: glue '{name}' differs:\n    before {a.get(name)!r:.300}\n    after  {b.get(name)!r:.300}"
                )
    return diffs


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "snapshot":
        shot = snapshot(ROOT / "data" / "processed", ROOT / "_build" / "jupyter_execute")
        Path(argv[1]).write_text(json.dumps(shot, indent=1, sort_keys=True), encoding="utf-8")
        n_glue = sum(len(v) for v in shot["glued"].values())
        print(
            f"{argv[1]}: {len(shot['processed'])} processed CSVs, {n_glue} glued values on {len(shot['glued'])} pages"
        )
        return 0
    if len(argv) == 3 and argv[0] == "compare":
        before, after = (json.loads(Path(p).read_text(encoding="utf-8")) for p in argv[1:])
        diffs = compare(before, after)
        n_csv, n_glue = len(before["processed"]), sum(len(v) for v in before["glued"].values())
        for d in diffs:
            print(d)
        print(
            f"compared {n_csv} processed CSVs and {n_glue} glued values: "
            f"{'identical' if not diffs else f'{len(diffs)} difference(s)'}"
        )
        return 1 if diffs else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
