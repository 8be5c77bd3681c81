"""The notebook editions of the chapters (the .ipynb download and the Colab notebook) read without
the website: glue roles and blocks replaced by their values, references and citations written out,
no stderr or warning in an output and no path of the build machine (dprk_upr.site.colab)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from dprk_upr.site import colab
from dprk_upr.site import notebook_markdown as md

REPO = "https://github.com/org/book"


def _glue(text: str | None = None, **data) -> dict:
    data = dict(data)
    if text is not None:
        data["text/plain"] = text
    return {"output_type": "display_data", "metadata": {}, "data": data}


@pytest.fixture
def resolver():
    return md.Resolver(
        glue={
            "n": _glue("435"),
            "share": _glue("12.3456"),
            "state": _glue("'Republic of Korea'"),
            "fig-x": _glue("<Figure>", **{"image/png": "iVBORw0KGgo=\n"}),
            "fig-s": _glue("<Figure>", **{"image/svg+xml": "<svg xmlns='http://www.w3.org/2000/svg'/>"}),
            "tbl-x": _glue("table", **{"text/html": "<table><tr><td>1</td></tr></table>"}),
        },
        numbers={"fig-x": "Figure 2.1", "tbl-x": "Table 2.1", "ex-one": "Exercise 3", "chapter-data": "Section 1"},
        titles={"chapter-data": "Data: every recommendation", "ex-one": "Exercise 3"},
        citations={"bailey2017": "Bailey, Strezhnev and Voeten 2017", "unhrc2014wg": "United Nations 2014b"},
        entries={"bailey2017": "Bailey et al. *Estimating*. 2017.", "unhrc2014wg": "UN. *Report*. 2014."},
    )


def test_glue_roles_become_their_values(resolver):
    text = md.convert_markdown(
        "We read {glue:text}`n` texts ({glue:text}`share:.1f`%), most from the {glue}`state`.", resolver
    )
    assert text == "We read 435 texts (12.3%), most from the Republic of Korea."
    assert not resolver.missing


def test_glue_figure_and_table_blocks_become_image_and_table_with_numbered_captions(resolver):
    source = (
        "```{glue:figure} fig-x\n:name: fig-x\n:alt: Bars of counts\n\nCounts by {glue:text}`n` rows.\n```\n\n"
        ":::{glue:figure} tbl-x\n:name: tbl-x\n\nA table.\n:::"
    )
    text = md.convert_markdown(source, resolver)
    assert "![Bars of counts](data:image/png;base64,iVBORw0KGgo=)" in text
    assert "**Figure 2.1.** Counts by 435 rows." in text
    assert "<table><tr><td>1</td></tr></table>" in text and "**Table 2.1.** A table." in text
    assert "{glue" not in text and ":name:" not in text
    svg = md.convert_markdown("```{glue:figure} fig-s\n```", resolver)
    assert svg.startswith("![fig-s](data:image/svg+xml;base64,")


def test_references_citations_targets_and_blocks(resolver):
    source = "\n".join(
        [
            "(chapter-data)=",
            "# Data",
            "% a comment",
            "See {numref}`fig-x`, {numref}`Table %s <tbl-x>` and {ref}`chapter-data` {cite}`bailey2017,unhrc2014wg`;",
            "{cite:t}`bailey2017` showed it.",
            "",
            "```{note}",
            "Counts are {glue:text}`n`.",
            "```",
            "",
            "```{exercise}",
            ":label: ex-one",
            "",
            "Count them.",
            "```",
            "",
            "```python",
            "x = '{glue:text}`n`'",
            "```",
        ]
    )
    text = md.convert_markdown(source, resolver)
    assert text.startswith("# Data") and "(chapter-data)=" not in text and "a comment" not in text
    assert "See Figure 2.1, Table 2.1 and Data: every recommendation" in text
    assert "(Bailey, Strezhnev and Voeten 2017; United Nations 2014b)" in text
    assert "Bailey, Strezhnev and Voeten (2017) showed it." in text
    assert "> **Note.**\n> Counts are 435." in text
    assert "> **Exercise 3**" in text and "> Count them." in text
    assert "x = '{glue:text}`n`'" in text, "code is left as it is"
    assert resolver.cited == ["bailey2017", "unhrc2014wg"]
    assert colab.references_markdown(resolver).startswith("## References\n\n- **Bailey, Strezhnev and Voeten 2017.**")


def test_gated_exercises_solutions_python_roles_and_exercise_references(resolver):
    source = "\n".join(
        [
            "Start with {ref}`ex-one`; use {py:func}`~dprk_upr.analysis.fit` or {py:class}`dprk_upr.X`.",
            "",
            "````{exercise-start} Code by hand",
            ":label: ex-one",
            "````",
            "",
            "Code ten texts.",
            "",
            "````{exercise-end}",
            "````",
            "",
            "```{solution-start} ex-one",
            ":class: dropdown",
            "```",
            "",
            "**What you should find.** {glue:text}`n` texts.",
            "",
            "```{solution-end}",
            "```",
        ]
    )
    text = md.convert_markdown(source, resolver)
    assert "Start with Exercise 3; use `fit` or `dprk_upr.X`." in text
    assert "**Exercise 3** (Code by hand)" in text
    assert "**Solution to Exercise 3.**" in text and "435 texts" in text
    assert "-end" not in text and "-start" not in text and ":label:" not in text and "~" not in text
    assert not resolver.missing


def test_figure_captions_from_cell_metadata_follow_their_cell(resolver):
    executed = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell("plot()")
    code.metadata["mystnb"] = {"figure": {"name": "fig-x", "caption": "Counts of {glue:text}`n` rows.\nSource: UN."}}
    executed.cells = [code, nbformat.v4.new_code_cell("1 + 1")]
    nb = colab.colab_notebook(executed, "https://github.com/o/r", "notebooks/data", "Data", resolver=resolver)
    sources = [cell.source for cell in nb.cells]
    at = sources.index("plot()")
    assert sources[at + 1] == "**Figure 2.1.** Counts of 435 rows. Source: UN."
    assert sources[at + 2] == "1 + 1", "a cell without a caption gets none"


def test_unresolved_keys_are_reported_not_hidden(resolver):
    text = md.convert_markdown("A {glue:text}`nope` and {numref}`fig-nope` {cite}`nobody`.", resolver)
    assert "{glue:text}`nope`" in text
    assert set(resolver.missing) == {"glue nope", "numref fig-nope", "citation nobody"}


def test_outputs_lose_stderr_and_build_paths():
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stderr", text="/work/main/.venv/x.py:1: RuntimeWarning: bad\n"),
        nbformat.v4.new_output("stream", name="stdout", text="read /repo/data/processed/x.csv\n"),
        nbformat.v4.new_output("display_data", data={"text/plain": "/tmp/build/y.csv"}),
    ]
    left = colab.clean_outputs(cell, Path("/repo"))
    assert [o.output_type for o in cell.outputs] == ["stream", "display_data"]
    assert cell.outputs[0]["text"] == "read data/processed/x.csv\n"
    assert left == ["/tmp/build/y.csv"]


def test_edition_keeps_the_code_and_adds_intro_setup_and_references(resolver):
    chapter = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Data\n\n{glue:text}`n` texts {cite}`bailey2017`."),
            nbformat.v4.new_code_cell("x = 1"),
        ]
    )
    before = json.dumps(chapter, sort_keys=True)
    nb = colab.colab_notebook(chapter, REPO, "notebooks/data", "Data", resolver=resolver, book="The book")
    assert json.dumps(chapter, sort_keys=True) == before
    assert [c.metadata.get("tags") for c in nb.cells] == [
        [colab.INTRO_TAG],
        [colab.SETUP_TAG],
        None,
        None,
        [colab.REFERENCES_TAG],
    ]
    assert nb.cells[2].source == "# Data\n\n435 texts (Bailey, Strezhnev and Voeten 2017)."
    assert nb.cells[3].source == "x = 1"
    assert "*The book*" in nb.cells[0].source


def test_bibliography_labels_are_those_of_the_reference_list():
    labels, entries = colab.bibliography_labels([Path(__file__).resolve().parents[1] / "book" / "references.bib"])
    assert labels["bailey2017"] == "Bailey, Strezhnev and Voeten 2017"
    assert "Journal of Conflict Resolution" in entries["bailey2017"]
    assert all("n.d." not in label for label in labels.values())


# ---------------------------------------------------------------------------------------------
# The editions of the built site (after a build)


def _editions(site: Path) -> list[Path]:
    return sorted((site / colab.EDITION_FOLDER).rglob("*.ipynb"))


def _outputs_text(output) -> str:
    parts = [output.get("text", "")]
    for mime, value in output.get("data", {}).items():
        if mime.startswith("text/"):
            parts.append("".join(value) if isinstance(value, list) else value)
    return "".join(parts)


@pytest.mark.build
def test_every_edition_reads_without_the_website(site):
    editions = _editions(site)
    assert len(editions) >= 5, editions
    for path in editions:
        nb = nbformat.read(path, as_version=4)
        text = nbformat.writes(nb)
        # what a reader reads: the prose and the outputs (code may name a glue role in a comment)
        read = "\n".join(
            cell.source if cell.cell_type == "markdown" else "".join(map(_outputs_text, cell.get("outputs", [])))
            for cell in nb.cells
        )
        assert "{glue" not in read, f"{path.name}: a glue role or block is left"
        assert "{glue" not in json.dumps(nb.metadata), f"{path.name}: glue left in the metadata"
        for cell in nb.cells:
            assert "{glue" not in json.dumps(cell.get("metadata", {})), f"{path.name}: glue left in a cell's metadata"
        assert "Project name not set" not in text, f"{path.name}: the book's title is missing"
        for marker in ("/work/", "/tmp/"):
            assert marker not in text, f"{path.name}: a build path ({marker}) is left"
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                assert not re.search(r"\{(numref|ref|cite(:\w+)?|doc)\}`", cell.source), (path.name, cell.source[:200])
                assert not re.search(r"^\([\w-]+\)=\s*$", cell.source, re.M), (path.name, cell.source[:200])
                assert not re.search(r"\*\*(Solution|Exercise)-(start|end)\*\*|\{py:\w+\}`", cell.source), (
                    path.name,
                    cell.source[:200],
                )
                continue
            for output in cell.get("outputs", []):
                assert not (output.get("output_type") == "stream" and output.get("name") == "stderr"), path.name
                assert not re.search(r"\w+Warning\b", _outputs_text(output)), (path.name, _outputs_text(output)[:300])


@pytest.mark.build
def test_glued_numbers_of_each_page_appear_as_text(site):
    executed = site.parent / "jupyter_execute"
    checked = 0
    for path in _editions(site):
        page = path.relative_to(site / colab.EDITION_FOLDER).with_suffix("")
        glue = colab.read_glue(executed / f"{page}.ipynb")
        source = nbformat.read(executed / f"{page}.ipynb", as_version=4)
        roles = [
            m
            for cell in source.cells
            if cell.cell_type == "markdown"
            for m in re.finditer(r"\{glue:text\}`([^`:]+)(?::([^`]*))?`", cell.source)
        ]
        if not roles:
            continue
        edition = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
        for role in roles[:5]:
            key, fmt = role.group(1), role.group(2) or ""
            value = md.plain_text("".join(glue[key]["data"]["text/plain"]), fmt)
            assert value in edition, f"{page}: the glued value of {key} ({value!r}) is not in the edition's text"
        checked += 1
    assert checked >= 3, "no page with glued numbers was checked"
