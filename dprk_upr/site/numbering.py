"""Number glued tables as tables: "Table 2.1", apart from "Figure 2.1".

A chapter places a table with a ``{glue:figure}`` block (or a code cell whose ``mystnb.figure``
metadata names it); both become figure nodes, which Sphinx would number with the figures. Every
such block whose name starts with ``tbl-`` is turned into a :class:`numbered_table` node: the same
HTML as a figure, but counted, captioned and referenced (``{numref}``) as a table.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform

#: The prefix of a block's name that makes it a table.
TABLE_PREFIX = "tbl-"


class numbered_table(nodes.figure):  # noqa: N801 - docutils names node classes in lower case
    """A figure-like block that Sphinx numbers as a table."""


def _visit(translator, node) -> None:
    translator.visit_figure(node)


def _depart(translator, node) -> None:
    translator.depart_figure(node)


def _caption(node) -> nodes.caption | None:
    return next((child for child in node.children if isinstance(child, nodes.caption)), None)


class GluedTablesAsTables(SphinxTransform):
    """Re-class every figure node named ``tbl-...`` as a :class:`numbered_table`."""

    default_priority = 205  # after the directives, before the toc collector numbers the figures

    def apply(self, **kwargs) -> None:
        for node in list(self.document.findall(nodes.figure)):
            if isinstance(node, numbered_table):
                continue
            if any(str(name).startswith(TABLE_PREFIX) for name in node.get("names", []) + node.get("ids", [])):
                table = numbered_table(node.rawsource, *node.children, **node.attributes)
                table["classes"] = [*node.get("classes", []), "dprk-table"]
                node.replace_self(table)
                for node_id in table.get("ids", []):  # labels resolve to the node in the tree
                    self.document.ids[node_id] = table


def _caption_title(node) -> str:
    caption = _caption(node)
    return caption.astext() if caption is not None else ""


def setup(app) -> None:
    """Register the node (numbered with Sphinx's tables) and the transform."""
    app.add_enumerable_node(
        numbered_table,
        "table",
        _caption_title,
        html=(_visit, _depart),
        latex=(_visit, _depart),
        text=(_visit, _depart),
    )
    app.add_transform(GluedTablesAsTables)
