"""Time the book: a clean build, a cached rebuild after a prose-only edit, and each chapter.

Run with ``make bench``. Prints the figures; asserts nothing (speed is measured, not gated).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
JB = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT), "-W", "-n", "--keep-going"]


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:])
        raise SystemExit(f"build failed ({' '.join(cmd)})")
    return elapsed


def chapter_times() -> dict[str, float]:
    """Execution time of each notebook, as recorded by jupyter-cache."""
    db = BUILD / ".jupyter_cache" / "global.db"
    if not db.exists():
        return {}
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT uri, data FROM nbcache").fetchall()
    times = {}
    for uri, data in rows:
        info = json.loads(data) if isinstance(data, str) else {}
        times[str(Path(uri).relative_to(ROOT))] = float(info.get("execution_seconds", float("nan")))
    return times


def size_of_folder(folder: Path) -> float:
    """Megabytes of all files under ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def largest_page(folder: Path) -> tuple[str, float]:
    """The largest HTML page under ``folder`` and its size in megabytes."""
    largest = max(folder.rglob("*.html"), key=lambda p: p.stat().st_size)
    return str(largest.relative_to(folder)), largest.stat().st_size / 1e6


def main() -> None:
    shutil.rmtree(BUILD, ignore_errors=True)
    clean = timed(JB)
    chapters = chapter_times()
    cached = timed(JB)
    # A prose-only edit of a chapter: its code cells are unchanged, so the cache must serve them.
    chapter = ROOT / "notebooks" / "data.md"
    original = chapter.read_text()
    try:
        chapter.write_text(original + "\nA sentence added by the benchmark.\n")
        prose = timed(JB)
    finally:
        chapter.write_text(original)
    timed(JB)  # leave the site as the sources describe it
    total = size_of_folder(BUILD / "html")
    page, page_mb = largest_page(BUILD / "html")
    print(f"clean build (empty cache):          {clean:6.1f} s")
    print(f"rebuild, nothing changed:           {cached:6.1f} s")
    print(f"rebuild after a prose-only edit of the Data chapter: {prose:6.1f} s")
    for name, seconds in sorted(chapters.items()):
        print(f"  execution of {name:<28} {seconds:6.1f} s")
    print(f"_build/html: {total:.1f} MB in all; largest page {page} ({page_mb:.2f} MB)")
    for part in ("_static", "colab", "downloads"):
        print(f"  of which {part + '/':<11} {size_of_folder(BUILD / 'html' / part):5.1f} MB")


if __name__ == "__main__":
    main()
