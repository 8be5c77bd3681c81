"""Check the report parser against the development set and print one line per report.

Usage::

    python scripts/parser_check.py [--expected CSV] [--raw DIR] [--verbose]   (make parser-check)

The development set is ``../shared/data/raw/parser-dev/*.txt`` (not an input of the book) with the expected counts in
``shared/data/parser-dev-expected.csv``. Each report is decoded with the encoding its bytes
show (``encoding="auto"``: the older reports are mac_roman, the later ones UTF-8) and parsed
with ``strict=False`` so that every problem is counted instead of stopping at the first.

A report is OK when

* ``state_mentions`` is given (UPR Info rows: one per recommending state): the parsed number of
  (item, state) pairs is within max(2, 3%) of it;
* ``recommendations`` is given: the number of items equals it exactly, and so do the counts by
  position in ``by_position`` ("supported 58; examine 157").

Exit status 0 when every report is OK, 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from dprk_upr.data.readers import read_report_text
from dprk_upr.data.reports import POSITIONS, parse_recommendations

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
EXPECTED = SHARED / "parser-dev-expected.csv"
RAW = SHARED / "raw"


def parse_by_position(spec: str) -> dict[str, int]:
    """ "supported 58; examine 157" -> {"supported": 58, "examine": 157}."""
    out = {}
    for part in str(spec).split(";"):
        if part.strip():
            name, count = part.split()
            out[name] = int(count)
    return out


def check(expected: Path = EXPECTED, raw: Path = RAW) -> pd.DataFrame:
    """One row per report: expected and parsed counts and whether they agree.

    Returns
    -------
    pandas.DataFrame
        Columns ``file``, ``expected_items``, ``items``, ``expected_mentions``, ``mentions``,
        ``expected_by_position``, ``by_position``, ``problems``, ``ok``.
    """
    table = pd.read_csv(expected, dtype=str, keep_default_na=False)
    rows = []
    for rec in table.itertuples(index=False):
        frame = parse_recommendations(read_report_text(raw / rec.file, encoding="auto"), strict=False)
        mentions = int(frame["states"].map(len).sum())
        counts = frame["wg_position"].value_counts()
        by_position = {p: int(counts[p]) for p in POSITIONS if p in counts}
        ok = True
        if rec.state_mentions:
            want = int(rec.state_mentions)
            ok &= abs(mentions - want) <= max(2, 0.03 * want)
        if rec.recommendations:
            ok &= len(frame) == int(rec.recommendations)
        if rec.by_position:
            ok &= by_position == parse_by_position(rec.by_position)
        rows.append(
            {
                "file": Path(rec.file).name,
                "expected_items": rec.recommendations or "-",
                "items": len(frame),
                "expected_mentions": rec.state_mentions or "-",
                "mentions": mentions,
                "expected_by_position": "; ".join(f"{k} {v}" for k, v in parse_by_position(rec.by_position).items())
                or "-",
                "by_position": "; ".join(f"{k} {v}" for k, v in by_position.items()),
                "problems": len(frame.attrs["problems"]),
                "ok": ok,
                "parsed": frame,
            }
        )
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--expected", type=Path, default=EXPECTED)
    ap.add_argument("--raw", type=Path, default=RAW)
    ap.add_argument("--verbose", action="store_true", help="also print each report's problems")
    args = ap.parse_args(argv)
    result = check(args.expected, args.raw)
    header = (
        f"{'report':32} {'items':>11} {'mentions':>13} {'by position (expected | parsed)':52} {'probl.':>6}  result"
    )
    print(header)
    print("-" * len(header))
    for r in result.itertuples(index=False):
        items = f"{r.expected_items}/{r.items}"
        mentions = f"{r.expected_mentions}/{r.mentions}"
        pos = f"{r.expected_by_position} | {r.by_position}"
        print(f"{r.file:32} {items:>11} {mentions:>13} {pos:52} {r.problems:>6}  {'OK' if r.ok else 'FAIL'}")
        if args.verbose:
            for p in r.parsed.attrs["problems"]:
                print(f"    {p['kind']:>14} {p['paragraph']}: {p['message'][:150]}")
    n_ok = int(result["ok"].sum())
    print("-" * len(header))
    print(f"summary: {n_ok}/{len(result)} reports OK (items and mentions shown as expected/parsed; '-' = not given)")
    return 0 if n_ok == len(result) else 1


if __name__ == "__main__":
    sys.exit(main())
