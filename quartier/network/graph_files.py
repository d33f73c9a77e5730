"""The network as GraphML and GEXF, out and in.

**Writing.** Both are written with networkx from a directed multigraph
(:func:`network_graph`): node id ``a<actor id>``, edge id ``t<tie id>``; node attributes
``label`` and ``name`` (the actor's name; Gephi shows ``label``), ``typ`` and
``handlungsfelder`` (internal codes, ``|``-joined), ``kontakt_rolle``, ``aktiv_von``,
``aktiv_bis`` (ISO, ``""`` when open), ``notizen``; edge attributes ``art`` (code),
``staerke`` (1–3), ``weight`` (the strength again, for Gephi), ``beginn``, ``ende``,
``notizen``. Characters XML 1.0 cannot hold are dropped.

**Reading** (:func:`read_xml`). Graphs made by other tools (such as Gephi) are read as
well: a node's name is its ``name``, else its ``label``, else its id; missing values take
the defaults of :mod:`quartier.network.rows` (type "andere"; tie type "Kooperation",
strength 2; ``weight`` is not read as strength). An attribute a node does not have leaves
the stored value of a matched actor alone. Other attributes (positions, colours) are
ignored. Problems name the element: "GraphML, Knoten „n3“".

The file goes through defusedxml first, so entity expansion ("billion laughs") and
external entities are refused before networkx sees it; nodes and edges are counted
against the upload's :class:`~quartier.network.file_rows.Limits` before networkx parses.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence

import defusedxml  # type: ignore[import-untyped]
import defusedxml.ElementTree as SafeET  # type: ignore[import-untyped]
import networkx as nx

from quartier.errors import ValidationError
from quartier.i18n import translator
from quartier.network.file_rows import ParsedTie, Reading, add_row, iso, too_many
from quartier.network.model import Actor, Tie
from quartier.network.rows import cell_text

_DE = translator("de")
#: Characters XML 1.0 cannot hold; dropped from the graph exports.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

#: Graph attributes → internal keys (first match wins).
_NODE_ATTRIBUTES = {
    "actor_type": ("typ", "actor_type", "art"),
    "fields_of_action": ("handlungsfelder", "fields_of_action"),
    "contact_role": ("kontakt_rolle", "contact_role"),
    "active_from": ("aktiv_von", "active_from"),
    "active_to": ("aktiv_bis", "active_to"),
    "notes": ("notizen", "notes"),
}
_EDGE_ATTRIBUTES = {
    "tie_type": ("art", "tie_type", "typ"),
    "strength": ("staerke", "strength"),
    "starts_on": ("beginn", "starts_on"),
    "ends_on": ("ende", "ends_on"),
    "notes": ("notizen", "notes"),
}

# --- writing --------------------------------------------------------------------------------


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def network_graph(actors: Sequence[Actor], ties: Sequence[Tie]) -> nx.MultiDiGraph:
    """The graph that GraphML and GEXF are written from (attributes as in the module doc)."""
    graph = nx.MultiDiGraph()
    for a in actors:
        graph.add_node(
            f"a{a.id}", label=_xml_text(a.name), name=_xml_text(a.name), typ=a.actor_type.value,
            handlungsfelder="|".join(f.value for f in a.fields_of_action),
            kontakt_rolle=_xml_text(a.contact_role), aktiv_von=iso(a.active_from),
            aktiv_bis=iso(a.active_to), notizen=_xml_text(a.notes),
        )  # fmt: skip
    for t in ties:
        graph.add_edge(
            f"a{t.source_id}", f"a{t.target_id}", key=f"t{t.id}", id=f"t{t.id}",
            art=t.tie_type.value, staerke=t.strength, weight=float(t.strength),
            beginn=iso(t.starts_on), ende=iso(t.ends_on), notizen=_xml_text(t.notes),
        )  # fmt: skip
    return graph


def graphml(graph: nx.MultiDiGraph) -> bytes:
    """The graph as a GraphML file."""
    # The GraphML edge id is the multigraph key; "id" would become a second attribute.
    for _, _, data in graph.edges(data=True):
        data.pop("id", None)
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer)
    return buffer.getvalue()


def gexf(graph: nx.MultiDiGraph) -> bytes:
    """The graph as a GEXF file."""
    buffer = io.BytesIO()
    nx.write_gexf(graph, buffer)
    return buffer.getvalue()


# --- reading --------------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_xml(reading: Reading, name: str, data: bytes) -> None:
    """Read a GraphML or GEXF file (the root element decides which)."""
    lower = name.lower()
    fmt = "GEXF" if lower.endswith(".gexf") else "GraphML"
    whole = reading.place(fmt)
    try:
        root = SafeET.fromstring(data)
    except defusedxml.DefusedXmlException:
        reading.fail(whole, ValidationError("errors.xml_forbidden", format=fmt))
        return
    except ET.ParseError as exc:
        reading.fail(whole, ValidationError("errors.xml_invalid", format=fmt, detail=str(exc)))
        return
    root_name = _local(root.tag).lower()
    if root_name not in ("graphml", "gexf"):
        reading.fail(whole, ValidationError("errors.xml_not_graph", name=name, root=root_name))
        return
    fmt = "GEXF" if root_name == "gexf" else "GraphML"
    whole = reading.place(fmt)
    nodes = [el for el in root.iter() if _local(el.tag) == "node"]
    edges = [el for el in root.iter() if _local(el.tag) == "edge"]
    limits = reading.limits
    if len(nodes) > limits.actors:
        reading.fail(whole, too_many("actors", limits.actors))
    if len(edges) > limits.ties:
        reading.fail(whole, too_many("ties", limits.ties))
    if len(nodes) > limits.actors or len(edges) > limits.ties:
        return
    try:
        if fmt == "GEXF":
            graph = nx.read_gexf(io.BytesIO(data))
        else:
            graph = nx.parse_graphml(data, edge_key_type=str, force_multigraph=True)
    except (nx.NetworkXError, ET.ParseError, ValueError, KeyError, TypeError, IndexError,
            AttributeError) as exc:  # fmt: skip
        reading.fail(whole, ValidationError("errors.xml_invalid", format=fmt, detail=str(exc)))
        return
    ends = {el.get("id"): (el.get("source"), el.get("target")) for el in edges if el.get("id")}
    _read_graph(reading, fmt, graph, ends)


def _first(data: Mapping[str, object], names: Sequence[str]) -> tuple[bool, object]:
    for attribute in names:
        if attribute in data:
            return True, data[attribute]
    return False, None


def _read_graph(
    reading: Reading, fmt: str, graph: nx.Graph, ends: Mapping[str, tuple[str, str]]
) -> None:
    names: dict[str, str] = {}
    for node, data in graph.nodes(data=True):
        _, named = _first(data, ("name", "label"))
        name = cell_text(named) or str(node)
        names[str(node)] = name
        place = reading.place(fmt, element=_DE("network.node", id=node))
        values: dict[str, object] = {"name": name}
        for key, attributes in _NODE_ATTRIBUTES.items():
            found, value = _first(data, attributes)
            if found:
                values[key] = value
        add_row(reading, "actors", place, values, frozenset(values))
    _read_edges(reading, fmt, graph, ends, names)


def _read_edges(
    reading: Reading, fmt: str, graph: nx.Graph, ends: Mapping[str, tuple[str, str]],
    names: Mapping[str, str],
) -> None:  # fmt: skip
    """The edges in file order; source and target as the file has them (networkx may
    turn an undirected edge round)."""
    if graph.is_multigraph():
        edges = [(u, v, str(k), d) for u, v, k, d in graph.edges(keys=True, data=True)]
    else:
        edges = [(u, v, str(d.get("id", "")), d) for u, v, d in graph.edges(data=True)]
    order = {edge_id: i for i, edge_id in enumerate(ends)}
    edges.sort(key=lambda e: order.get(e[2], len(order)))
    for u, v, key, data in edges:
        source, target = ends.get(key, (str(u), str(v)))
        source_name, target_name = names.get(source, source), names.get(target, target)
        element = key if key in ends else f"{source_name} → {target_name}"
        place = reading.place(fmt, element=_DE("network.edge", id=element))
        values: dict[str, object] = {"source": source_name, "target": target_name}
        for k, attributes in _EDGE_ATTRIBUTES.items():
            found, value = _first(data, attributes)
            if found:
                values[k] = value
        reading.parsed.ties.append(ParsedTie(place, values))
