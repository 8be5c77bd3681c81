"""The built website in a real browser: Debian's headless Chromium driven by Playwright.

Run by 'make test' after a strict build from an empty cache (DPRK_UPR_BOOK_BUILT=1). The site
is served from _build/html by http.server on 127.0.0.1 and every request the browser makes is
checked: anything addressed outside 127.0.0.1 (a CDN script, a web font, MathJax...) is blocked
and reported, so the site is known to work offline.

For every page: no console error or uncaught exception, every image loads and has alt text, no
Python traceback or error output, no table wider than its container at desktop width (1280 px),
no serious or critical accessibility violation (axe-core), no horizontal scrolling at phone width
(390 px); a screenshot of every page at both widths in _build/screenshots/, to be looked at. Then the
recommendations explorer is filtered, the search page is queried and the downloads are checked
against their checksums. Screenshots for a reviewer are written to _build/screenshots/.

The browser is Debian's chromium (apt-get install chromium); Playwright is only the driver, its
own browser downloads ('playwright install') are never used. Set DPRK_UPR_CHROMIUM to use
another Chromium binary.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
CHROMIUM = Path(os.environ.get("DPRK_UPR_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Pages Sphinx generates that are not content (the search page has a test of its own).
SPECIAL = {"genindex.html", "search.html", "index.html"}
EXPLORER = "book/explorer.html"
DOWNLOADS = "book/downloads.html"
SCREENSHOT_PAGES = {
    EXPLORER: "explorer",
    "notebooks/data.html": "data",
    "notebooks/models.html": "models",
    DOWNLOADS: "downloads",
}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TIMEOUT_MS = 30_000


def _unavailable(reason: str):
    """Skip when nothing says the book was built; fail when it should have been."""
    if os.environ.get("DPRK_UPR_BOOK_BUILT"):
        pytest.fail(reason)
    pytest.skip(reason)


def _content_pages() -> list[str]:
    if not SITE.is_dir():
        return []
    pages = []
    for path in sorted(SITE.rglob("*.html")):
        rel = path.relative_to(SITE).as_posix()
        if rel.split("/")[0] in {"_static", "_sources", "_images", "downloads"} or rel in SPECIAL:
            continue
        pages.append(rel)
    return pages


PAGES = _content_pages()


# ------------------------------------------------------------------------------- fixtures


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature is http.server's
        pass


@pytest.fixture(scope="module")
def base_url(site):
    """Serve _build/html on 127.0.0.1 at a free port, in a thread, for this module."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(site):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the 'playwright' package is not installed (see requirements.txt)")
    if not CHROMIUM.exists():
        _unavailable(f"no Chromium at {CHROMIUM}: apt-get install chromium (or set DPRK_UPR_CHROMIUM)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


class Visit:
    """One page in a fresh browser context, with every request, console error and uncaught
    exception recorded. Requests that would leave 127.0.0.1 are blocked and listed."""

    def __init__(self, browser, base_url: str, viewport: dict):
        self.base_url = base_url
        self.external: list[str] = []
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.context = browser.new_context(viewport=viewport, service_workers="block")
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"uncaught exception: {exc}"))
        self.page.on("requestfailed", lambda req: self.failed.append(f"{req.url} ({req.failure})"))

    def _route(self, route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob") or (parts.scheme == "http" and parts.hostname == "127.0.0.1"):
            route.continue_()
        else:
            self.external.append(url)
            route.abort("blockedbyclient")

    def _console(self, message):
        if message.type == "error":
            self.errors.append(f"console error: {message.text} ({message.location.get('url', '')})")

    def open(self, path: str):
        response = self.page.goto(self.base_url + path, wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '?'}"
        self.page.wait_for_load_state("networkidle")
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, base_url):
    opened = []

    def _open(path: str, viewport: dict = DESKTOP) -> Visit:
        v = Visit(browser, base_url, viewport)
        opened.append(v)
        v.open(path)
        return v

    yield _open
    for v in opened:
        v.close()


def _wait_for_tables(page):
    """Interactive tables are built by a module script after load: wait until each is done."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('table#upr-recommendations-table, "
        "table[id^=itables_]')].every(t => t.classList.contains('dataTable'))"
    )


def _load_images(page) -> list[dict]:
    """Force lazy images to load, wait for them, and report each one's state."""
    return page.evaluate("""async () => {
        const images = [...document.images];
        images.forEach(img => { img.loading = 'eager'; });
        await Promise.all(images.map(img => img.decode().catch(() => null)));
        return images.map(img => ({src: img.getAttribute('src'), alt: img.getAttribute('alt'),
                                    loaded: img.complete && img.naturalWidth > 0,
                                    visible: img.getClientRects().length > 0}));
    }""")


def _info_count(page) -> tuple[int, int]:
    """(rows shown after filtering, total rows) from the DataTables information line."""
    text = page.locator("#upr-recommendations-table_wrapper .dt-info").inner_text()
    numbers = [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", text)]
    if "filtered" in text:
        return numbers[-2], numbers[-1]
    return numbers[-1], numbers[-1]


# Elements that stick out of the viewport (or whose text does) with no scrolling ancestor:
# what makes a page scroll sideways. Used only to explain a failure.
_TOO_WIDE = """() => {
    const found = [];
    for (const e of document.querySelectorAll('body *')) {
        const box = e.getBoundingClientRect();
        const sticksOut = box.width > 0 && box.right > innerWidth + 1;
        const textOverflows = getComputedStyle(e).overflowX === 'visible' && e.scrollWidth > e.clientWidth + 1
                              && box.left + e.scrollWidth > innerWidth + 1;
        if (!sticksOut && !textOverflows) continue;
        let a = e.parentElement, clipped = false;
        for (; a && a !== document.body; a = a.parentElement)
            if (getComputedStyle(a).overflowX !== 'visible') { clipped = true; break; }
        if (!clipped && getComputedStyle(e).position !== 'fixed')
            found.push(`${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`);
    }
    return found.slice(0, 8);
}"""


# Tables (and the figure boxes that hold them) wider than the box they sit in, where that box does
# not scroll: at desktop width a reader would see columns cut off.
_TABLES_TOO_WIDE = """() => {
    const found = [];
    for (const t of document.querySelectorAll('article table')) {
        if (t.closest('.dt-container, .dtsp-panesContainer')) continue;  // the explorer manages its own
        let box = t.parentElement;
        while (box && getComputedStyle(box).display.startsWith('inline')) box = box.parentElement;
        const width = t.getBoundingClientRect().width, room = box.getBoundingClientRect().width;
        if (width > room + 1) {
            const id = t.closest('figure, section')?.id || t.className || 'table';
            found.push(`${id}: ${Math.round(width)} px in ${Math.round(room)} px`);
        }
    }
    return found.slice(0, 8);
}"""
AXE = ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"


def _axe(page) -> list[str]:
    """Serious and critical accessibility violations of the page, by axe-core (npm, pinned in the Makefile)."""
    if not AXE.exists():
        _unavailable(f"axe-core not found at {AXE}: run 'make axe'")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => `${v.id} (${v.impact}): ${v.nodes.length} node(s), e.g. ${v.nodes[0].target.join(' ')}`);
    }""")
    return result


def _shot_name(path: str) -> str:
    return SCREENSHOT_PAGES.get(path) or path.removesuffix(".html").replace("/", "-")


def _needs_page(path: str):
    """Skip a feature's test when its page is not part of the book (not in _toc.yml)."""
    if path not in PAGES:
        pytest.skip(f"{path} is not built: add it to _toc.yml")


def _screenshot(page, name: str):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # from the top, with no focused box: sticky headers then sit where they belong
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


# ---------------------------------------------------------------------------------- tests


def test_pages_are_discovered(site):
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    expected = {f"{name}.html" for name in re.findall(r"(?:root|file):\s*(\S+)", toc)}
    assert expected <= set(PAGES), f"pages in _toc.yml but not built: {sorted(expected - set(PAGES))}"


def test_no_page_refers_to_another_host_for_scripts_or_styles(site):
    """A static check of the HTML: every script, stylesheet and font is served by the site."""
    tag = re.compile(r"<(script|link)\b[^>]*>", re.I)
    remote = re.compile(r"""(?:src|href)=["']((?:https?:)?//[^"']+)""", re.I)
    offenders = {}
    for page in [*PAGES, "search.html", "genindex.html"]:
        for match in tag.finditer((site / page).read_text(encoding="utf-8")):
            element = match.group(0)
            if match.group(1).lower() == "link" and not re.search(
                r"rel=[\"'](?:stylesheet|preload|modulepreload|prefetch|preconnect|icon)", element, re.I
            ):
                continue
            for url in remote.findall(element):
                offenders.setdefault(page, []).append(url)
    assert not offenders, f"scripts, styles or fonts from other hosts: {offenders}"


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_cleanly(visit, path):
    v = visit(path)
    page = v.page
    _wait_for_tables(page)
    images = _load_images(page)
    broken = [img["src"] for img in images if img["visible"] and not img["loaded"]]
    no_alt = [img["src"] for img in images if not (img["alt"] or "").strip()]
    text = page.locator("body").inner_text()
    error_outputs = page.locator(
        ".cell_output .output.traceback, .cell_output .output.error, .cell_output .output.stderr"
    ).count()
    _screenshot(page, _shot_name(path))
    too_wide = page.evaluate(_TABLES_TOO_WIDE)
    violations = _axe(page)
    assert not too_wide, f"{path}: tables wider than their container at {DESKTOP['width']} px: {too_wide}"
    assert not violations, f"{path}: accessibility violations (serious or critical, axe-core): {violations}"
    assert not v.external, f"{path} requested other hosts: {sorted(set(v.external))}"
    assert not v.errors, f"{path}: {v.errors}"
    assert not v.failed, f"{path}: failed requests {v.failed}"
    assert not broken, f"{path}: images that did not load: {broken}"
    assert not no_alt, f"{path}: images without alt text: {no_alt}"
    for bad in ("Traceback (most recent call last)", "CellExecutionError", "ModuleNotFoundError"):
        assert bad not in text, f"{path} shows {bad!r}"
    assert error_outputs == 0, f"{path} has {error_outputs} error/stderr output cell(s)"


@pytest.mark.parametrize("path", PAGES)
def test_page_fits_a_phone(visit, path):
    v = visit(path, viewport=PHONE)
    page = v.page
    _wait_for_tables(page)
    widths = page.evaluate(
        "() => ({page: document.documentElement.scrollWidth, "
        "body: document.body.scrollWidth, window: window.innerWidth})"
    )
    _screenshot(page, _shot_name(path) + "-phone")
    assert max(widths["page"], widths["body"]) <= widths["window"] + 1, (
        f"{path} scrolls sideways at {PHONE['width']} px: {widths}; too wide: {page.evaluate(_TOO_WIDE)}"
    )
    assert not v.external and not v.errors, (v.external, v.errors)


def _csv(site):
    import pandas as pd

    return pd.read_csv(site / "downloads" / "recommendations.csv", dtype=str, keep_default_na=False)


def _expected_rows(site, column: str, value: str) -> int:
    recs = _csv(site)
    return int((recs[column] == value).sum()) if column else len(recs)


def test_explorer_searches_and_filters(site, visit):
    _needs_page(EXPLORER)
    v = visit(EXPLORER)
    page = v.page
    page.wait_for_selector("table#upr-recommendations-table.dataTable")
    shown, total = _info_count(page)
    assert total == _expected_rows(site, "", "") and shown == total

    # search panes are there (collapsed until asked for)
    assert (
        page.locator(
            "#upr-recommendations-table_wrapper .dtsp-searchPanes, "
            "#upr-recommendations-table_wrapper .dtsp-panesContainer"
        ).count()
        >= 1
    )

    # a click on a heading sorts by that column, a second click reverses the order
    # (the search panes are small DataTables too: take the headings of the main table only)
    head = page.locator("#upr-recommendations-table_wrapper thead th:not(.dtsp-searchPanes *)").filter(visible=True)
    column = [h.strip() for h in head.all_inner_texts()].index("Action category")
    heading = head.nth(column)
    first_cell = page.locator("table#upr-recommendations-table tbody tr").first.locator("td").nth(column)
    categories = sorted(_csv(site)["action_category"].map(lambda v: str(int(float(v))) if v else ""))
    heading.click()
    page.wait_for_function(
        f"() => document.querySelector('table#upr-recommendations-table tbody tr td:nth-child({column + 1})')"
        f".innerText.trim() === {categories[0]!r}"
    )
    heading.click()
    page.wait_for_function(
        f"() => document.querySelector('table#upr-recommendations-table tbody tr td:nth-child({column + 1})')"
        f".innerText.trim() === {categories[-1]!r}"
    )
    assert first_cell.inner_text().strip() == categories[-1]

    # the global search box
    search = page.locator("#upr-recommendations-table_wrapper .dt-search input")
    search.fill("Japan")
    page.wait_for_function(
        "() => document.querySelector('#upr-recommendations-table_wrapper .dt-info').innerText.includes('filtered')"
    )
    shown, total_after = _info_count(page)
    assert 0 < shown < total == total_after
    rows = page.locator("table#upr-recommendations-table tbody tr").all_inner_texts()
    assert rows and all("japan" in row.lower() for row in rows), rows[:3]
    _screenshot(page, "explorer-search-japan")

    # a column's own search box: exactly Japan's recommendations
    search.fill("")
    page.wait_for_function(
        "() => !document.querySelector('#upr-recommendations-table_wrapper .dt-info').innerText.includes('filtered')"
    )
    state_filter = (
        page.locator(
            '#upr-recommendations-table_wrapper tfoot input[placeholder="Recommending state"]:not(.dtsp-searchPanes *)'
        )
        .filter(visible=True)
        .first
    )
    state_filter.press_sequentially("Japan")  # the column filters listen to key presses
    page.wait_for_function(
        "() => document.querySelector('#upr-recommendations-table_wrapper .dt-info').innerText.includes('filtered')"
    )
    shown, _ = _info_count(page)
    assert shown == _expected_rows(site, "states", "Japan") > 0

    assert not v.external and not v.errors, (v.external, v.errors)


def test_search_page_finds_a_term(site, visit):
    v = visit("search.html?q=reconciliation")
    page = v.page
    page.wait_for_selector("#search-results ul.search li", timeout=TIMEOUT_MS)
    links = page.locator("#search-results ul.search li a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any("notebooks/data.html" in (href or "") for href in links), links
    assert not v.external and not v.errors, (v.external, v.errors)


def test_downloads_match_their_checksums(site, visit):
    _needs_page(DOWNLOADS)
    v = visit(DOWNLOADS)
    page = v.page
    rows = page.locator("table.dprk-downloads tbody tr").evaluate_all("""rows => rows.map(r => {
        const cells = [...r.querySelectorAll('td')];
        return {href: cells[0].querySelector('a').getAttribute('href'), name: cells[0].innerText.trim(),
                rows: cells[2].innerText.trim(), sha256: cells[4].innerText.trim()};
    })""")
    names = [row["name"] for row in rows]
    for required in ("recommendations.csv", "recommendation_states.csv", "reconciliation.csv"):
        assert required in names
    for row in rows:
        response = page.request.get(page.url.rsplit("/", 1)[0] + "/" + row["href"])
        assert response.ok, f"{row['href']}: HTTP {response.status}"
        body = response.body()
        assert hashlib.sha256(body).hexdigest() == row["sha256"], f"{row['name']}: stale checksum"
        if row["name"].endswith(".csv"):
            import io

            import pandas as pd

            n = len(pd.read_csv(io.BytesIO(body), dtype=str, keep_default_na=False))
            assert f"{n:,}" == row["rows"], f"{row['name']}: {n} rows, page says {row['rows']}"
    sums = (site / "downloads" / "SHA256SUMS").read_text().split("\n")
    assert {line.split()[1] for line in sums if line} == set(names)
    footer = page.locator("footer.bd-footer-content").inner_text()
    assert "Cite as" in footer
    assert not v.external and not v.errors, (v.external, v.errors)


def test_chapters_offer_notebooks_and_launch_buttons(site, visit):
    import yaml

    if not yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8")).get("launch_buttons"):
        pytest.skip("no launch_buttons in _config.yml")
    v = visit("notebooks/data.html")
    page = v.page
    hrefs = page.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href') || '')")
    ipynb = [h for h in hrefs if h.endswith(".ipynb") and "_sources" in h]
    assert ipynb, "no .ipynb download link on the Data chapter"
    response = page.request.get(page.url.rsplit("/", 1)[0] + "/" + ipynb[0])
    assert response.ok and response.json()["nbformat"] == 4
    assert any(h.startswith("https://mybinder.org/v2/gh/") for h in hrefs), "no Binder launch link"
    assert any(h.startswith("https://colab.research.google.com/github/") for h in hrefs), "no Colab launch link"
