"""Build the book strictly, keeping the last good site when the build fails.

    python scripts/build_book.py [--clean]

Runs ``jupyter-book build . -W -n --keep-going`` (``--clean``: from an empty ``_build``, as CI
does), after executing the pages in parallel into the execution cache
(``scripts/execute_pages.py``). Before it, the processed data are verified against their checksums; the last good
``_build/html`` is copied aside. If the build fails (an execution error, or any warning, which
the strict build turns into a failure), the failing chapters, cells and exceptions are printed
from myst-nb's execution reports, the new pages are kept in ``_build/html.failed`` for
inspection, and the last good site is put back. Exit status: that of the build.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
HTML = BUILD / "html"
GOOD = BUILD / "html.good"
FAILED = BUILD / "html.failed"
JB = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT), "-W", "-n", "--keep-going"]
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def failure_summary(html: Path) -> list[str]:
    """For each chapter whose execution failed: its name, the failing cell's last lines and the
    exception, from ``reports/*.err.log``."""
    lines = []
    for log in sorted((html / "reports").rglob("*.err.log")):
        text = _ANSI.sub("", log.read_text(encoding="utf-8", errors="replace"))
        chapter = log.relative_to(html / "reports").with_suffix("").with_suffix("")
        tail = [line for line in text.strip().splitlines() if line.strip()]
        exception = next((line for line in reversed(tail) if re.match(r"^\w+(Error|Exception|Warning)\b", line)), "")
        cell = []
        for i, line in enumerate(tail):
            if line.startswith("Cell In[") or line.startswith("----> "):
                cell = tail[i : i + 6]
                break
        lines.append(f"chapter {chapter}: {exception or 'execution failed'}")
        lines += [f"    {line}" for line in cell]
    return lines


def main(argv: list[str]) -> int:
    clean = "--clean" in argv
    check = subprocess.run([sys.executable, "-m", "dprk_upr", "check"], cwd=ROOT)
    if check.returncode != 0:
        return check.returncode
    if GOOD.exists():
        shutil.rmtree(GOOD)
    if HTML.is_dir() and not (HTML / "reports").exists():
        shutil.copytree(HTML, GOOD)
    if clean:
        for path in BUILD.iterdir() if BUILD.is_dir() else []:
            if path != GOOD:
                shutil.rmtree(path) if path.is_dir() else path.unlink()
    # execute the pages in parallel into the cache first; the build then only reads them
    subprocess.run([sys.executable, str(ROOT / "scripts" / "execute_pages.py")], cwd=ROOT)
    result = subprocess.run(JB, cwd=ROOT, capture_output=True, text=True)
    sys.stdout.write(result.stdout[-20000:])
    sys.stderr.write(result.stderr[-20000:])
    warnings = [
        _ANSI.sub("", line)
        for line in (result.stdout + result.stderr).splitlines()
        if "WARNING" in line and "[IPKernelApp]" not in line
    ]
    if result.returncode == 0:
        if GOOD.exists():
            shutil.rmtree(GOOD)
        return 0
    print("\nThe book did not build.", file=sys.stderr)
    for line in failure_summary(HTML) + [f"  {w}" for w in warnings[:30]]:
        print(line, file=sys.stderr)
    if FAILED.exists():
        shutil.rmtree(FAILED)
    if HTML.exists():
        HTML.rename(FAILED)
    if GOOD.exists():
        GOOD.rename(HTML)
        print(f"The last good site is kept in {HTML}; the failed pages are in {FAILED}.", file=sys.stderr)
    else:
        print(f"There was no earlier good site; the failed pages are in {FAILED}.", file=sys.stderr)
    return result.returncode or 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
