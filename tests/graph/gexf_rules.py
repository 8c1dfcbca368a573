"""A structural check of GEXF 1.3 files, written from the rules of the GEXF 1.3 specification.

No Python package ships the GEXF 1.3 schema (checked: networkx, gexfpy, simplegexf carry
none, and gexfpy's types are 1.2draft), and the published 1.3 XSD leaves the node, edge
and graph content models undefined, so this module checks the rules the specification
states and Gephi enforces on import: namespaces and version, element order, required and
allowed attributes, enumerations, value types of declared attributes, references (attvalue
to attribute, edge to node), unique ids, xsd:token labels, the viz module's value ranges,
time values in the declared time format, and dynamic intervals that do not overlap.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

NS = "http://gexf.net/1.3"
VIZ = "http://gexf.net/1.3/viz"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

ATTR_TYPES = {
    "integer", "long", "double", "float", "boolean", "bigdecimal", "biginteger", "byte", "char", "short",
    "liststring", "listboolean", "listinteger", "listlong", "listfloat", "listdouble", "listbyte", "listshort",
    "listbigdecimal", "listbiginteger", "listchar", "string", "anyURI",
}
EDGE_TYPES = {"directed", "undirected", "mutual"}
TIME_ATTRS = {"start", "end", "intervals", "timestamp", "timestamps"}
GRAPH_ATTRS = {"defaultedgetype", "idtype", "mode", "timeformat", "start", "end", "timestamp",
               "timerepresentation", "timezone"}
NODE_ATTRS = {"id", "label", "pid"} | TIME_ATTRS
EDGE_ATTRS = {"id", "type", "label", "source", "target", "weight", "kind"} | TIME_ATTRS
NODE_CHILDREN = {f"{{{NS}}}attvalues", f"{{{NS}}}spells", f"{{{NS}}}parents", f"{{{NS}}}nodes", f"{{{NS}}}edges",
                 f"{{{VIZ}}}color", f"{{{VIZ}}}position", f"{{{VIZ}}}size", f"{{{VIZ}}}shape"}
EDGE_CHILDREN = {f"{{{NS}}}attvalues", f"{{{NS}}}spells", f"{{{VIZ}}}color", f"{{{VIZ}}}thickness", f"{{{VIZ}}}shape"}
_INT = re.compile(r"^[+-]?\d+$")
_DOUBLE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^(INF|-INF|NaN)$")


def _local(tag: str) -> str:
    return tag.split("}", 1)[-1]


def _is_token(text: str) -> bool:
    return text == " ".join(text.split()) and not re.search(r"[\t\n\r]", text)


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
        return len(text) == 10
    except ValueError:
        return False


def _value_ok(type_: str, value: str) -> bool:
    if type_ in ("integer", "long", "short", "byte", "biginteger"):
        return bool(_INT.match(value))
    if type_ in ("double", "float", "bigdecimal"):
        return bool(_DOUBLE.match(value))
    if type_ == "boolean":
        return value in ("true", "false", "1", "0")
    if type_ == "char":
        return len(value) == 1
    return True


def check_gexf(path: str | Path) -> list[str]:
    """Every rule the file breaks, one line each (empty when it conforms)."""
    errors: list[str] = []
    err = errors.append
    root = ET.parse(path).getroot()
    if root.tag != f"{{{NS}}}gexf":
        return [f"root element is {root.tag}, not gexf in namespace {NS}"]
    if root.get("version") != "1.3":
        err(f"version is {root.get('version')!r}, not '1.3'")
    schema_location = [k for k in root.attrib if _local(k) == "schemaLocation"]
    for k in schema_location:
        if k != f"{{{XSI}}}schemaLocation":
            err(f"schemaLocation is in namespace {k.split('}')[0][1:]}, not {XSI}")
    children = list(root)
    tags = [c.tag for c in children]
    if tags not in ([f"{{{NS}}}graph"], [f"{{{NS}}}meta", f"{{{NS}}}graph"]):
        err(f"gexf must hold an optional meta then one graph, holds {[_local(t) for t in tags]}")
    for meta in root.findall(f"{{{NS}}}meta"):
        if meta.get("lastmodifieddate") and not _is_date(meta.get("lastmodifieddate")):
            err("meta lastmodifieddate is not an xsd:date")
        for c in meta:
            if _local(c.tag) not in ("creator", "keywords", "description") or not c.tag.startswith(f"{{{NS}}}"):
                err(f"meta holds {c.tag}")
    graph = root.find(f"{{{NS}}}graph")
    if graph is None:
        return errors + ["no graph element"]

    for k, v in graph.attrib.items():
        if k not in GRAPH_ATTRS:
            err(f"graph has attribute {k}")
    enums = {"defaultedgetype": EDGE_TYPES, "idtype": {"integer", "string"}, "mode": {"static", "dynamic", "slice"},
             "timeformat": {"integer", "double", "date", "dateTime"}, "timerepresentation": {"interval", "timestamp"}}
    for k, allowed in enums.items():
        if graph.get(k) is not None and graph.get(k) not in allowed:
            err(f"graph {k}={graph.get(k)!r} is not one of {sorted(allowed)}")
    timeformat = graph.get("timeformat", "double")

    def time_ok(value: str) -> bool:
        if timeformat == "date":
            return _is_date(value)
        if timeformat == "dateTime":
            try:
                dt.datetime.fromisoformat(value)
                return True
            except ValueError:
                return False
        return bool(_DOUBLE.match(value))

    order = [_local(c.tag) for c in graph]
    expected = [t for t in order if t == "attributes"] + ["nodes", "edges"]
    if order != expected or any(not c.tag.startswith(f"{{{NS}}}") for c in graph):
        err(f"graph must hold attributes*, nodes, edges in that order; holds {order}")

    declared: dict[str, dict[str, tuple[str, str]]] = {"node": {}, "edge": {}}
    for attrs in graph.findall(f"{{{NS}}}attributes"):
        cls = attrs.get("class")
        if cls not in declared:
            err(f"attributes class={cls!r}")
            continue
        mode = attrs.get("mode", "static")
        if mode not in ("static", "dynamic"):
            err(f"attributes mode={mode!r}")
        for a in attrs:
            if a.tag != f"{{{NS}}}attribute":
                err(f"attributes holds {a.tag}")
                continue
            aid, title, type_ = a.get("id"), a.get("title"), a.get("type")
            if not aid or title is None or not type_:
                err(f"attribute {aid!r} lacks id, title or type")
            if type_ not in ATTR_TYPES:
                err(f"attribute {aid!r} has type {type_!r}")
            if aid in declared[cls]:
                err(f"{cls} attribute id {aid!r} declared twice")
            declared[cls][aid] = (type_, mode)

    def check_item(kind: str, el: ET.Element, allowed_attrs: set[str], allowed_children: set[str]) -> None:
        ident = el.get("id")
        for k in el.attrib:
            if k not in allowed_attrs:
                err(f"{kind} {ident!r} has attribute {k}")
        if el.get("label") is not None and not _is_token(el.get("label")):
            err(f"{kind} {ident!r} label {el.get('label')!r} is not an xsd:token")
        for k in ("start", "end", "timestamp"):
            if el.get(k) is not None and not time_ok(el.get(k)):
                err(f"{kind} {ident!r} {k}={el.get(k)!r} is not a {timeformat}")
        if el.get("start") and el.get("end") and el.get("start") > el.get("end"):
            err(f"{kind} {ident!r} ends before it starts")
        seen = set()
        for c in el:
            if c.tag not in allowed_children:
                err(f"{kind} {ident!r} holds {c.tag}")
            if c.tag in seen:
                err(f"{kind} {ident!r} holds {_local(c.tag)} twice")
            seen.add(c.tag)
        intervals = defaultdict(list)
        for av in el.findall(f"{{{NS}}}attvalues/{{{NS}}}attvalue"):
            key, value = av.get("for"), av.get("value")
            if key not in declared[kind]:
                err(f"{kind} {ident!r} has a value for undeclared attribute {key!r}")
                continue
            if value is None:
                err(f"{kind} {ident!r} attvalue for {key!r} has no value")
                continue
            type_, mode = declared[kind][key]
            if not _value_ok(type_, value):
                err(f"{kind} {ident!r} value {value!r} of {key!r} is not a {type_}")
            for k in ("start", "end"):
                if av.get(k) is not None and not time_ok(av.get(k)):
                    err(f"{kind} {ident!r} attvalue {key!r} {k}={av.get(k)!r} is not a {timeformat}")
            if av.get("start") or av.get("end"):
                if mode != "dynamic" and graph.get("mode") != "dynamic":
                    err(f"{kind} {ident!r} gives a time to static attribute {key!r}")
                intervals[key].append((av.get("start") or "", av.get("end") or "9999-12-31"))
            elif mode == "dynamic":
                intervals[key].append(("", "9999-12-31"))
        for key, spans in intervals.items():
            spans.sort()
            for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
                if s2 <= e1:
                    err(f"{kind} {ident!r} values of {key!r} overlap in time ({s1}..{e1} and {s2}..{e2})")
        for c in el.findall(f"{{{VIZ}}}color"):
            for ch in ("r", "g", "b"):
                v = c.get(ch)
                if v is None or not _INT.match(v) or not 0 <= int(v) <= 255:
                    err(f"{kind} {ident!r} viz:color {ch}={v!r}")
            if c.get("a") is not None and not (_DOUBLE.match(c.get("a")) and 0 <= float(c.get("a")) <= 1):
                err(f"{kind} {ident!r} viz:color a={c.get('a')!r}")
        for c in el.findall(f"{{{VIZ}}}size") + el.findall(f"{{{VIZ}}}thickness"):
            v = c.get("value")
            if v is None or not _DOUBLE.match(v) or float(v) < 0:
                err(f"{kind} {ident!r} viz:{_local(c.tag)} value={v!r}")
        for c in el.findall(f"{{{VIZ}}}position"):
            for ch in ("x", "y", "z"):
                if c.get(ch) is not None and not _DOUBLE.match(c.get(ch)):
                    err(f"{kind} {ident!r} viz:position {ch}={c.get(ch)!r}")

    nodes_el, edges_el = graph.find(f"{{{NS}}}nodes"), graph.find(f"{{{NS}}}edges")
    node_ids: set[str] = set()
    if nodes_el is not None:
        nodes = list(nodes_el)
        if nodes_el.get("count") is not None and int(nodes_el.get("count")) != len(nodes):
            err(f"nodes count={nodes_el.get('count')} but {len(nodes)} nodes")
        for n in nodes:
            if n.tag != f"{{{NS}}}node":
                err(f"nodes holds {n.tag}")
                continue
            if not n.get("id"):
                err("a node has no id")
            elif n.get("id") in node_ids:
                err(f"node id {n.get('id')!r} used twice")
            node_ids.add(n.get("id"))
            check_item("node", n, NODE_ATTRS, NODE_CHILDREN)
    if edges_el is not None:
        edges = list(edges_el)
        if edges_el.get("count") is not None and int(edges_el.get("count")) != len(edges):
            err(f"edges count={edges_el.get('count')} but {len(edges)} edges")
        edge_ids: set[str] = set()
        for e in edges:
            if e.tag != f"{{{NS}}}edge":
                err(f"edges holds {e.tag}")
                continue
            if e.get("id") is not None:
                if e.get("id") in edge_ids:
                    err(f"edge id {e.get('id')!r} used twice")
                edge_ids.add(e.get("id"))
            for end in ("source", "target"):
                if e.get(end) is None:
                    err(f"edge {e.get('id')!r} has no {end}")
                elif e.get(end) not in node_ids:
                    err(f"edge {e.get('id')!r} {end} {e.get(end)!r} is not a node")
            if e.get("type") is not None and e.get("type") not in EDGE_TYPES:
                err(f"edge {e.get('id')!r} type={e.get('type')!r} is not one of {sorted(EDGE_TYPES)}")
            if e.get("weight") is not None and not _DOUBLE.match(e.get("weight")):
                err(f"edge {e.get('id')!r} weight={e.get('weight')!r} is not a double")
            if e.get("kind") is not None and not _is_token(e.get("kind")):
                err(f"edge {e.get('id')!r} kind is not an xsd:token")
            check_item("edge", e, EDGE_ATTRS, EDGE_CHILDREN)
    return errors
