"""Execute chapters outside the book build and report their time, errors and stray output.

    python scripts/run_chapter.py notebooks/models.md [more pages ...]

Each page (a MyST Markdown notebook) is read with jupytext and executed in a fresh kernel with
nbclient, from its own folder, as the book build does. Prints one line per page: seconds, cells
and any stderr or warning output; exits with 1 if a page fails or writes to stderr. Used by
``make bench`` and by developers checking one chapter without building the book.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import jupytext
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def stray_output(nb) -> list[str]:
    """Text of every stderr stream or error output left in an executed notebook."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                found.append(f"cell {i}: stderr: {out.get('text', '').strip()[:300]}")
            elif out.get("output_type") == "error":
                found.append(f"cell {i}: {out.get('ename')}: {out.get('evalue')}"[:300])
    return found


def run(path: Path, timeout: int = 600) -> tuple[float, object, list[str]]:
    """Execute one page; returns (seconds, executed notebook, problems)."""
    nb = jupytext.read(path)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    start = time.perf_counter()
    try:
        client.execute()
        problems = stray_output(nb)
    except CellExecutionError as err:
        problems = [str(err).splitlines()[-1] if str(err) else repr(err)]
    return time.perf_counter() - start, nb, problems


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    failed = 0
    for name in argv:
        seconds, nb, problems = run(Path(name))
        status = "ok" if not problems else "FAILED"
        print(f"{name}: {seconds:.1f} s, {len(nb.cells)} cells, {status}")
        for problem in problems:
            print(f"    {problem}")
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
