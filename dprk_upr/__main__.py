"""Command line: ``python -m dprk_upr fetch`` fills data/raw, ``python -m dprk_upr build`` writes data/processed."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dprk_upr", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    fetch = sub.add_parser("fetch", help="copy or download the raw inputs and verify their checksums")
    fetch.add_argument(
        "--mirror",
        default=os.environ.get("DPRK_UPR_MIRROR", str(paths.ROOT.parent / "shared" / "data" / "raw")),
        help="a local folder laid out like data/raw (default: ../shared/data/raw)",
    )
    fetch.add_argument("--manifest", default=str(paths.MANIFEST))
    fetch.add_argument("--raw", default=str(paths.raw_dir()))
    sub.add_parser("build", help="build data/processed from data/raw")
    check = sub.add_parser(
        "check", help="verify data/raw against the manifest and data/processed against its checksums"
    )
    check.add_argument("--manifest", default=str(paths.MANIFEST))
    check.add_argument("--raw", default=str(paths.raw_dir()))
    check.add_argument("--processed-only", action="store_true", help="verify data/processed only")
    args = parser.parse_args(argv)
    try:
        if args.command == "fetch":
            from .data.sources import fetch_all

            mirror = Path(args.mirror) if args.mirror else None
            if mirror is not None and not mirror.is_dir():
                print(
                    f"note: the mirror {mirror} is not a folder; inputs that are missing are downloaded from the URLs"
                )
                mirror = None
            results = fetch_all(Path(args.manifest), Path(args.raw), mirror)
            counts = {}
            for r in results:
                counts[r.action] = counts.get(r.action, 0) + 1
                if r.set_aside:
                    print(f"{r.file}: the local copy failed its check; moved aside to {r.set_aside}")
            print(
                f"data/raw: {len(results)} inputs verified ({', '.join(f'{v} {k}' for k, v in sorted(counts.items()))})"
            )
        elif args.command == "check":
            from .data.processed import verify_processed
            from .data.sources import check_raw

            if not args.processed_only:
                check_raw(Path(args.manifest), Path(args.raw))
            verify_processed()
            print(f"data/raw and {paths.processed_dir()} verified")
        elif args.command == "build":
            from .build import build

            tables = build()
            for name, table in tables.items():
                print(f"{paths.processed_dir()}/{name}.csv: {len(table)} rows")
    except Exception as exc:  # one clear line, not a traceback, for the people running make
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
