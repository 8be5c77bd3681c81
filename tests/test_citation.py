"""CITATION.cff is valid Citation File Format 1.2.0, agrees with the book, and the site says how
to cite it.

The schema is vendored in tests/data/cff-schema-1.2.0.json, unchanged: it is the CFF 1.2.0 JSON
schema (https://citation-file-format.github.io/1.2.0/schema.json, from the repository
github.com/citation-file-format/citation-file-format, by Druskat et al., licensed CC BY 4.0), as
bundled in the PyPI package cffconvert 2.0.0 (cffconvert/schemas/1.2.0/schema.json). Its sha256 is pinned below so that an
edit of the vendored copy is noticed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator

ROOT = Path(__file__).resolve().parents[1]
CFF = ROOT / "CITATION.cff"
SCHEMA = Path(__file__).resolve().parent / "data" / "cff-schema-1.2.0.json"
SCHEMA_SHA256 = "0b8d22140da702d766df318dcff3a91af2f39521298dcf36d76315fd99cc169b"


def _dates_as_text(value):
    """YAML reads 2026-11-29 as a date; the CFF schema wants the string (see its 'date' $comment)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _dates_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(item) for item in value]
    return value


def _errors(instance) -> list[str]:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path)))
    ]


@pytest.fixture(scope="module")
def cff() -> dict:
    return _dates_as_text(yaml.safe_load(CFF.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def test_vendored_schema_is_the_published_one():
    assert hashlib.sha256(SCHEMA.read_bytes()).hexdigest() == SCHEMA_SHA256
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"
    Draft7Validator.check_schema(schema)


def test_citation_file_is_valid_cff_1_2_0(cff):
    assert cff.get("cff-version") == "1.2.0"
    errors = _errors(cff)
    assert not errors, "CITATION.cff does not follow CFF 1.2.0:\n" + "\n".join(errors)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda c: c.pop("authors"), "'authors' is a required property"),
        (lambda c: c.update({"date-released": "29 November 2026"}), "does not match"),
        (lambda c: c.update({"licence": "MIT"}), "Additional properties are not allowed"),
    ],
)
def test_the_check_catches_broken_files(cff, change, message):
    broken = json.loads(json.dumps(cff))
    change(broken)
    assert any(message in error for error in _errors(broken))


def test_citation_agrees_with_the_book(cff, config):
    assert cff["title"] == config["title"]
    assert cff["repository-code"].rstrip("/") == config["repository"]["url"].rstrip("/")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(rf'^version\s*=\s*"{re.escape(str(cff["version"]))}"', pyproject, re.M), (
        "CITATION.cff and pyproject.toml give different versions"
    )
    assert cff["license"] in (ROOT / "LICENSE").read_text(encoding="utf-8").splitlines()[0]


def test_footer_says_how_to_cite(config):
    footer = config["html"]["extra_footer"]
    assert "Cite as" in footer and config["title"] in footer and "CITATION.cff" in footer


@pytest.mark.build
def test_every_built_page_says_how_to_cite(config, site):
    pages = [
        p
        for p in site.rglob("*.html")
        if p.relative_to(site).parts[0] not in {"_static", "_sources"} and p.name != "index.html"
    ]
    assert pages
    missing = [str(p.relative_to(site)) for p in pages if "Cite as:" not in p.read_text(encoding="utf-8")]
    assert not missing, f"pages without the citation footer: {missing}"


# ---------------------------------------------------------------------------------------------
# The reference list (book/references.bib), as the book's style renders it

BIB = ROOT / "book" / "references.bib"
MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
MONTH_NAMES = "January February March April May June July August September October November December".split()


@pytest.fixture(scope="module")
def bibliography():
    from pybtex.database import parse_file

    return parse_file(str(BIB))


@pytest.fixture(scope="module")
def rendered(bibliography):
    """(label, text) of every entry, in the order of the book's reference list."""
    from pybtex.backends.plaintext import Backend
    from pybtex.plugin import find_plugin

    from dprk_upr.site import bibliography as style_module

    style_module.register()
    style = find_plugin("pybtex.style.formatting", style_module.STYLE_NAME)()
    return [(e.label, e.text.render(Backend())) for e in style.format_entries(bibliography.entries.values())]


def test_every_entry_has_a_year_and_urls_in_url_fields(bibliography):
    raw = BIB.read_text(encoding="utf-8")
    assert "\\url" not in raw, "put addresses in url fields: \\url in howpublished renders as text"
    for key, entry in bibliography.entries.items():
        year = entry.fields.get("year", "")
        assert re.fullmatch(r"\d{4}", str(year)), (
            f"{key}: year {year!r} (a dataset or package: the year of the version used)"
        )
        for name, value in entry.fields.items():
            if name.lower() not in ("url", "note"):
                assert "http" not in str(value), f"{key}: an address in {name}; put it in url"
        if "url" in entry.fields:
            assert str(entry.fields["url"]).startswith(("https://", "http://")), key


def test_months_have_one_form(bibliography):
    """A month is a BibTeX month macro (rendered "February") or "17 February" (rendered "17 February
    2014"); the note never repeats the date."""
    raw = BIB.read_text(encoding="utf-8")
    assert not re.search(r"month\s*=\s*\{(" + "|".join(MONTHS) + r")\}", raw, re.I), "month = {feb} renders 'feb'"
    for key, entry in bibliography.entries.items():
        month = str(entry.fields.get("month", ""))
        if month:
            assert re.fullmatch(r"(\d{1,2} )?(" + "|".join(MONTH_NAMES) + ")", month), f"{key}: month {month!r}"
            note = str(entry.fields.get("note", ""))
            assert not re.search(rf"\b\d{{1,2}} {month.split()[-1]} {entry.fields['year']}\b", note), (
                f"{key}: the note repeats the date"
            )


def test_rendered_list_reads(rendered):
    labels = [label for label, _ in rendered]
    assert len(labels) == len(set(labels)), "two entries share a label"
    assert "Bailey, Strezhnev and Voeten 2017" in labels
    for label, text in rendered:
        assert "n.d." not in label + text, label
        assert "\\url" not in text and "\\" not in label, (label, text)
        assert re.search(r"\d{4}[a-z]?$", label), label
        assert not re.search(r"\b(" + "|".join(MONTHS) + r") \d{4}\b", text), f"{label}: lower-case month in {text!r}"
    # proper nouns are kept as written
    texts = " ".join(text for _, text in rendered)
    for noun in ("North Korea", "United Nations", "Universal Periodic Review", "Democratic People's Republic of Korea"):
        assert noun in texts, noun
    assert "north korea" not in texts and "united nations general" not in texts
    # one list, sorted by author and year
    keys = [label.casefold() for label in labels]
    assert keys == sorted(keys)


@pytest.mark.build
def test_references_page_is_one_sorted_list(site):
    page = (site / "book" / "references.html").read_text(encoding="utf-8")
    labels = [
        re.sub(r"<[^>]+>", "", lab).strip()
        for lab in re.findall(
            r'<span class="label"><span class="fn-bracket">\[</span>(.*?)<span class="fn-bracket">\]</span>', page, re.S
        )
    ]
    assert labels, "no reference labels found on the References page"
    assert "Bailey, Strezhnev and Voeten 2017" in labels
    assert [x.casefold() for x in labels] == sorted(x.casefold() for x in labels)
    text = re.sub(r"<[^>]+>", "", page)
    assert "\\url" not in text and "n.d." not in text
    assert page.count('class="citation') >= len(labels)
