"""The interactive HTML view of the graph (pyvis / vis-network)."""

from __future__ import annotations

from pathlib import Path

from pyvis.network import Network
from rdflib import Graph

from kg.analysis import project
from kg.fileio import atomic_write_text

COLOURS = {
    "Person": "#e15759",
    "Organization": "#4e79a7",
    "GovernmentBody": "#76b7b2",
    "Group": "#f28e2b",
    "GeopoliticalEntity": "#59a14f",
    "Country": "#59a14f",
    "City": "#8cd17d",
    "Place": "#8cd17d",
    "Facility": "#b07aa1",
}


def render_html(graph: Graph) -> str:
    """The HTML page of ``graph``'s entity projection."""
    g = project(graph)
    net = Network(height="800px", width="100%", directed=True, cdn_resources="in_line")
    for node, data in g.nodes(data=True):
        net.add_node(
            node,
            label=data["label"],
            title=f"{data['label']} ({data['type']})",
            color=COLOURS.get(data["type"], "#bab0ac"),
        )
    for a, b, data in g.edges(data=True):
        net.add_edge(a, b, label=data["label"], title=data["label"])
    return net.generate_html()


def write_html(graph: Graph, path: str | Path) -> Path:
    """Write the HTML graph atomically to ``path``."""
    return atomic_write_text(path, render_html(graph))
