"""Serialise an ExportGraph as GEXF 1.3, GraphML, JSON node-link or CSV, element by element.

The writers stream: they write each node and edge as they reach it and never build a
document tree or a networkx graph, so memory stays at the size of the ExportGraph.

GEXF is written here rather than by networkx.write_gexf, which (3.x) declares a wrong
XML-Schema-instance namespace, refuses list and None values, and reads an edge attribute
named `type` as GEXF's directed/undirected flag: our relationship type is `rel_type`
(and the edge's `label` and `kind`, which Gephi shows as the edge type).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from graph.export_graph import LIST_SEPARATOR, Attr, ExportGraph, ExportNode
from graph.palette import LABEL_COLOURS, colour_hex, colour_rgb

GEXF_NS = "http://gexf.net/1.3"
GEXF_VIZ_NS = "http://gexf.net/1.3/viz"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"

Progress = Callable[[int], None]

# One pass per string: drop what XML 1.0 cannot carry at all (C0 controls other than
# tab, newline, return; U+FFFE, U+FFFF), escape markup, and keep tabs and line breaks
# inside attribute values as character references (a parser would turn them into spaces).
_DROP = {c: None for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]}
_TEXT = str.maketrans({**_DROP, "&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR = str.maketrans({**_DROP, "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                       "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})
_PLAIN = str.maketrans(_DROP)
_SPECIAL = re.compile('[&<>"\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')


def _text(value: Any) -> str:
    """Element content, escaped."""
    text = str(value)
    return text.translate(_TEXT) if _SPECIAL.search(text) else text


def _attr(value: Any) -> str:
    """A quoted attribute value, escaped."""
    text = str(value)
    return '"' + (text.translate(_ATTR) if _SPECIAL.search(text) else text) + '"'


def _token(value: str) -> str:
    """An xsd:token (GEXF labels): no leading, trailing or repeated whitespace."""
    return " ".join(str(value).translate(_PLAIN).split())


def format_value(value: Any, attr: Attr) -> str | None:
    """A value as text in the attribute's declared type; None when it cannot be written."""
    if value is None:
        return None
    if attr.is_list or isinstance(value, (list, tuple, set, frozenset)):
        items = value if isinstance(value, (list, tuple)) else sorted(value)
        return LIST_SEPARATOR.join(str(v) for v in items)
    if attr.type == "boolean":
        return "true" if value else "false"
    if attr.type == "long":
        return str(int(value))
    if attr.type == "double":
        value = float(value)
        return None if math.isnan(value) or math.isinf(value) else repr(value)
    return str(value)


def node_size(node: ExportNode, max_degree: int) -> float:
    """Size by degree: 5 for an isolated node, up to 30 for the best connected."""
    degree = node.attrs.get("degree", 0)
    return round(5 + 25 * math.sqrt(degree / max_degree), 3) if max_degree else 5.0


def _tick(progress: Progress | None, n: int = 1) -> None:
    if progress is not None:
        progress(n)


# GEXF ------------------------------------------------------------------------
def write_gexf(graph: ExportGraph, out: TextIO, progress: Progress | None = None, description: str = "") -> None:
    """GEXF 1.3 for Gephi: typed attributes, colour by label, size by degree, optional positions and time."""
    w = out.write
    w('<?xml version="1.0" encoding="UTF-8"?>\n')
    w(f'<gexf xmlns="{GEXF_NS}" xmlns:viz="{GEXF_VIZ_NS}" xmlns:xsi="{XSI_NS}" '
      f'xsi:schemaLocation="{GEXF_NS} {GEXF_NS}/gexf.xsd" version="1.3">\n')
    w(f'  <meta lastmodifieddate="{dt.date.today().isoformat()}">\n    <creator>cckg</creator>\n')
    w(f"    <description>{_text(description or graph.name)}</description>\n  </meta>\n")
    mode = ' mode="dynamic" timeformat="date" timerepresentation="interval"' if graph.dynamic else ' mode="static"'
    w(f'  <graph defaultedgetype="{"directed" if graph.directed else "undirected"}"{mode}>\n')
    for cls, static, series in (("node", graph.node_attrs, graph.node_series), ("edge", graph.edge_attrs, graph.edge_series)):
        _gexf_attributes(w, cls, "static", static, graph.dynamic)
        if series:
            _gexf_attributes(w, cls, "dynamic", series, True)
    max_degree = graph.max_degree
    w(f'    <nodes count="{len(graph.nodes)}">\n')
    for n in graph.nodes:
        start = f' start="{n.start}"' if n.start else ""
        w(f'      <node id={_attr(n.id)} label={_attr(_token(n.name) or n.id)}{start}>\n')
        _gexf_attvalues(w, n.attrs, n.series, graph.node_attrs, graph.node_series)
        r, g, b = colour_rgb(n.label)
        w(f'        <viz:color r="{r}" g="{g}" b="{b}" a="1.0"/>\n')
        w(f'        <viz:size value="{node_size(n, max_degree)}"/>\n')
        if n.pos is not None:
            w(f'        <viz:position x="{n.pos[0]}" y="{n.pos[1]}" z="0.0"/>\n')
        w("      </node>\n")
        _tick(progress)
    w("    </nodes>\n")
    w(f'    <edges count="{len(graph.edges)}">\n')
    for e in graph.edges:
        start = f' start="{e.start}"' if e.start else ""
        w(f"      <edge id={_attr(e.id)} source={_attr(e.source)} target={_attr(e.target)} "
          f"label={_attr(e.rel_type)} kind={_attr(e.rel_type)} weight=\"{float(e.weight)!r}\"{start}>\n")
        _gexf_attvalues(w, e.attrs, e.series, graph.edge_attrs, graph.edge_series)
        w("      </edge>\n")
        _tick(progress)
    w("    </edges>\n  </graph>\n</gexf>\n")


def _gexf_attributes(w, cls: str, mode: str, attrs: list[Attr], say_mode: bool) -> None:
    mode_attr = f' mode="{mode}"' if say_mode else ""
    w(f'    <attributes class="{cls}"{mode_attr}>\n')
    for a in attrs:
        w(f'      <attribute id={_attr(a.name)} title={_attr(a.name)} type="{a.type}"/>\n')
    w("    </attributes>\n")


def _gexf_attvalues(w, values: dict[str, Any], series: dict[str, list], attrs: list[Attr], series_attrs: list[Attr]) -> None:
    lines = []
    for a in attrs:
        text = format_value(values.get(a.name), a)
        if text is not None:
            lines.append(f"          <attvalue for={_attr(a.name)} value={_attr(text)}/>\n")
    for a in series_attrs:
        for value, start, end in series.get(a.name, ()):
            end_attr = f' end="{end}"' if end else ""
            lines.append(f'          <attvalue for={_attr(a.name)} value={_attr(format_value(value, a))} '
                         f'start="{start}"{end_attr}/>\n')
    if lines:
        w("        <attvalues>\n")
        w("".join(lines))
        w("        </attvalues>\n")


# GraphML ---------------------------------------------------------------------
_GRAPHML_TYPES = {"string": "string", "long": "long", "double": "double", "boolean": "boolean"}


def write_graphml(graph: ExportGraph, out: TextIO, progress: Progress | None = None, description: str = "") -> None:
    """GraphML with typed keys; colour (r, g, b), size, x, y and label under the names Gephi and yEd read."""
    w = out.write
    node_keys = [Attr("label")] + graph.node_attrs + [Attr("r", "long"), Attr("g", "long"), Attr("b", "long"),
                                                       Attr("color"), Attr("size", "double")]
    if any(n.pos is not None for n in graph.nodes):
        node_keys += [Attr("x", "double"), Attr("y", "double")]
    edge_keys = [Attr("label"), Attr("weight", graph.weight_type)] + [a for a in graph.edge_attrs if a.name != "label"]
    if graph.dynamic:
        node_keys.append(Attr("start"))
        edge_keys.append(Attr("start"))
    w('<?xml version="1.0" encoding="UTF-8"?>\n')
    w(f'<graphml xmlns="{GRAPHML_NS}" xmlns:xsi="{XSI_NS}" '
      f'xsi:schemaLocation="{GRAPHML_NS} {GRAPHML_NS}/1.0/graphml.xsd">\n')
    w(f"  <!-- {_text(description or graph.name).replace('--', '- -')} -->\n")
    for cls, keys in (("node", node_keys), ("edge", edge_keys)):
        for a in keys:
            w(f'  <key id="{cls[0]}_{a.name}" for="{cls}" attr.name={_attr(a.name)} attr.type="{_GRAPHML_TYPES[a.type]}"/>\n')
    w(f'  <graph id="G" edgedefault="{"directed" if graph.directed else "undirected"}">\n')
    max_degree = graph.max_degree
    for n in graph.nodes:
        if not n.id:
            raise ValueError("GraphML needs a non-empty id for every node (Gephi rejects empty ones)")
        r, g, b = colour_rgb(n.label)
        values = dict(n.attrs) | {"label": n.name, "r": r, "g": g, "b": b, "color": colour_hex(n.label),
                                  "size": node_size(n, max_degree), "start": n.start}
        if n.pos is not None:
            values |= {"x": n.pos[0], "y": n.pos[1]}
        w(f"    <node id={_attr(n.id)}>\n")
        _graphml_data(w, "n", values, node_keys)
        w("    </node>\n")
        _tick(progress)
    for e in graph.edges:
        values = dict(e.attrs) | {"label": e.rel_type, "weight": e.weight, "start": e.start}
        w(f"    <edge id={_attr(e.id)} source={_attr(e.source)} target={_attr(e.target)}>\n")
        _graphml_data(w, "e", values, edge_keys)
        w("    </edge>\n")
        _tick(progress)
    w("  </graph>\n</graphml>\n")


def _graphml_data(w, prefix: str, values: dict[str, Any], keys: list[Attr]) -> None:
    for a in keys:
        text = format_value(values.get(a.name), a)
        if text is not None:
            w(f'      <data key="{prefix}_{a.name}">{_text(text)}</data>\n')


# JSON ------------------------------------------------------------------------
def write_json(graph: ExportGraph, out: TextIO, progress: Progress | None = None, description: str = "") -> None:
    """networkx-style node-link JSON (`nodes`, `edges`); lists stay lists, absent values are left out."""
    max_degree = graph.max_degree
    meta = {
        "name": graph.name, "description": description or graph.name, "dynamic": graph.dynamic,
        "legend": {label: colour for label, colour in LABEL_COLOURS.items()},
        "node_attributes": [_attr_meta(a) for a in graph.node_attrs],
        "edge_attributes": [_attr_meta(a) for a in graph.edge_attrs],
    }
    w = out.write
    w("{\n")
    w(f'"directed": {json.dumps(graph.directed)},\n"multigraph": {json.dumps(graph.multigraph)},\n')
    w(f'"graph": {json.dumps(meta, ensure_ascii=False)},\n"nodes": [\n')
    for i, n in enumerate(graph.nodes):
        item = {"id": n.id, "label": n.name} | _json_values(n.attrs) | {
            "color": colour_hex(n.label), "size": node_size(n, max_degree)}
        if n.pos is not None:
            item |= {"x": n.pos[0], "y": n.pos[1]}
        _json_time(item, n.start, n.series)
        w(("," if i else "") + json.dumps(item, ensure_ascii=False) + "\n")
        _tick(progress)
    w('],\n"edges": [\n')
    for i, e in enumerate(graph.edges):
        item = {"source": e.source, "target": e.target, "id": e.id, "rel_type": e.rel_type,
                "weight": e.weight} | _json_values(e.attrs)
        _json_time(item, e.start, e.series)
        w(("," if i else "") + json.dumps(item, ensure_ascii=False) + "\n")
        _tick(progress)
    w("]\n}\n")


def _attr_meta(a: Attr) -> dict[str, Any]:
    return {"name": a.name, "type": a.type, "list": a.is_list}


def _json_values(values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in values.items():
        if v is None or (isinstance(v, float) and (math.isnan(v) or math.isinf(v))):
            continue
        out[k] = sorted(v) if isinstance(v, (set, frozenset)) else v
    return out


def _json_time(item: dict[str, Any], start: str | None, series: dict[str, list]) -> None:
    if start:
        item["start"] = start
    if series:
        item["series"] = {k: [{"value": v, "start": s, "end": e} for v, s, e in steps] for k, steps in series.items()}


# CSV -------------------------------------------------------------------------
def write_csv(graph: ExportGraph, out_dir: Path, progress: Progress | None = None, description: str = "") -> list[Path]:
    """nodes.csv and edges.csv (UTF-8, one header row) in `out_dir`; lists joined with `|`.

    The column names id, label, source, target and weight are the ones Gephi's spreadsheet
    import recognises.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    max_degree = graph.max_degree
    has_pos = any(n.pos is not None for n in graph.nodes)
    node_cols = [Attr("id"), Attr("label")] + graph.node_attrs + [Attr("color"), Attr("size", "double")]
    node_cols += [Attr("x", "double"), Attr("y", "double")] if has_pos else []
    edge_cols = [Attr("id"), Attr("source"), Attr("target"), Attr("rel_type"), Attr("weight", graph.weight_type)]
    edge_cols += [a for a in graph.edge_attrs if a.name != "rel_type"]
    if graph.dynamic:
        node_cols.append(Attr("start"))
        edge_cols.append(Attr("start"))
    paths = [out_dir / "nodes.csv", out_dir / "edges.csv"]
    parts = [p.with_name(p.name + ".part") for p in paths]
    with parts[0].open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([a.name for a in node_cols])
        for n in graph.nodes:
            values = dict(n.attrs) | {"id": n.id, "label": n.name, "color": colour_hex(n.label),
                                      "size": node_size(n, max_degree), "start": n.start}
            if n.pos is not None:
                values |= {"x": n.pos[0], "y": n.pos[1]}
            writer.writerow([format_value(values.get(a.name), a) or "" for a in node_cols])
            _tick(progress)
    with parts[1].open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([a.name for a in edge_cols])
        for e in graph.edges:
            values = dict(e.attrs) | {"id": e.id, "source": e.source, "target": e.target, "rel_type": e.rel_type,
                                      "weight": e.weight, "start": e.start}
            writer.writerow([format_value(values.get(a.name), a) or "" for a in edge_cols])
            _tick(progress)
    for part, path in zip(parts, paths):
        part.replace(path)
    return paths
