"""The graph model: every node label and relationship type cckg writes.

This module is the single source of truth. The embedded store's DDL, the Neo4j
constraints, the Cypher linter's schema and the exporters' attribute tables are
all generated from it.

Every node and relationship also carries provenance (see PROVENANCE): the
documents, sentences and character spans (offsets into the Document's original
text) that support it, plus `weight`, the number of supporting sentences. The
sentences' texts are Sentence nodes, named by `sentence_ids`; a Document's text is
its Sentences (and the text between them), so no row holds a whole text: the
embedded store copies a table of long rows in one piece, and at 20,000 documents
that took 4 GB (benchmarks/RESULTS.md, "The path to target 3"). Aggregate
relationships (RelType.aggregate) keep only their first few evidences and `weight`
still counts every supporting sentence; nodes keep their first few too (the full
evidence of a fact lives on its edges).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

PropType = Literal["STRING", "INT64", "DOUBLE", "BOOLEAN", "STRING[]", "INT64[]"]


@dataclass(frozen=True)
class Prop:
    name: str
    type: PropType = "STRING"
    doc: str = ""
    # How two values of one fact combine when bundles merge: "max" (lists: union),
    # "min", or "doc_count" (always the number of distinct supporting documents).
    merge: Literal["max", "min", "doc_count"] = "max"


@dataclass(frozen=True)
class NodeType:
    label: str
    key: str
    doc: str
    props: tuple[Prop, ...] = ()
    # False for nodes that are themselves the text facts come from (Sentence).
    provenance: bool = True
    key_type: PropType = "STRING"

    @property
    def all_props(self) -> tuple[Prop, ...]:
        return (Prop(self.key, self.key_type, "primary key"), *self.props, *(PROVENANCE if self.provenance else ()))


@dataclass(frozen=True)
class RelType:
    type: str
    src: str
    dst: str
    doc: str
    props: tuple[Prop, ...] = ()
    # Properties that distinguish two facts between the same pair of nodes
    # (an official holding two posts in one city is two HOLDS_POST edges).
    key_props: tuple[str, ...] = field(default=())

    @property
    def all_props(self) -> tuple[Prop, ...]:
        return (*self.props, *self.provenance)

    @property
    def provenance(self) -> tuple[Prop, ...]:
        """PROVENANCE; without `doc_ids` on a Document's own facts, whose evidence is all its source's."""
        return PROVENANCE if self.aggregate else tuple(p for p in PROVENANCE if p.name != "doc_ids")

    @property
    def aggregate(self) -> bool:
        """A fact between two entities (not read off one Document): many documents can support it.
        Stores keep the first few of its evidences (graph.bundle.EVIDENCE_CAP) and count them all
        in `weight` (and `docs`), so a city's edges stay small however many documents cite them."""
        return self.src != "Document"


PROVENANCE: tuple[Prop, ...] = (
    Prop("doc_ids", "STRING[]", "ids of the supporting Documents, one per evidence (not on a relationship from a "
         "Document: its evidence is the Document's, and a list of strings costs the embedded store's copy most)"),
    Prop("sentence_ids", "INT64[]", "keys of the supporting Sentences (see sentence_id), one per evidence"),
    Prop("span_starts", "INT64[]", "start offset of each sentence in its Document's original text"),
    Prop("span_ends", "INT64[]", "end offset of each sentence, exclusive"),
    Prop("weight", "INT64", "number of supporting sentences (on aggregate relationships, all of them, though only the first few are kept)"),
)

NODES: dict[str, NodeType] = {n.label: n for n in (
    NodeType("Document", "doc_id", "One speech, report or notice (one part of a compilation file); id = hash of its cleaned text.", (
        Prop("title"), Prop("kind", doc="speech | news_report | notice | agenda | teaser"),
        Prop("part", doc="whole, teaser, 篇1 … for compilations"),
        Prop("source", doc="path of the file it came from"),
        Prop("date_text", doc="date as written"), Prop("date_iso", doc="YYYY-MM-DD when the year is written"),
        Prop("year_masked", "BOOLEAN", "the year is masked (20_年, 20xx年)"),
        Prop("primary_city", doc="adcode of the city the document is about"),
        Prop("speaker", doc="name of the speaker of a speech"),
        Prop("encoding", doc="detected encoding of the source file"), Prop("script", doc="traditional | simplified"),
        Prop("chars", "INT64", "length of the original text (its Sentences spell it)"),
    )),
    NodeType("Sentence", "sentence_id", "A sentence of a Document's original text, or the text between two, "
             "as written; id = a 64-bit hash of document id and span (see sentence_id). In order of start, "
             "a Document's Sentences spell its text; evidence names them in `sentence_ids`.", (
        Prop("document", doc="id of the Document whose text it is (not doc_id: queries find a Document by that)"),
        Prop("span_start", "INT64", "offset in the Document's original text"),
        Prop("span_end", "INT64", "end offset, exclusive"), Prop("text"),
    ), provenance=False, key_type="INT64"),
    NodeType("SourceFile", "file_id", "A file given to `cckg load`; id = hash of its bytes.", (
        Prop("path"), Prop("name"), Prop("encoding"), Prop("bytes", "INT64"),
    )),
    NodeType("City", "adcode", "An administrative unit at county level or above (adcode from the admin-division data).", (
        Prop("name", doc="full name, e.g. 焦作市; districts are prefixed with their city (焦作市解放区)"),
        Prop("short_name", doc="name without the unit suffix, e.g. 焦作"),
        Prop("level", doc="province | prefecture | county"), Prop("unit_type", doc="地级市, 县级市, 旗, 市辖区 …"),
        Prop("province"), Prop("parent_adcode"), Prop("lon", "DOUBLE"), Prop("lat", "DOUBLE"),
    )),
    NodeType("Official", "person_id", "A named office holder; id = name + the city or body served.", (
        Prop("name"), Prop("city", doc="adcode of the city served, when known"), Prop("body", doc="body served when not a city"),
    )),
    NodeType("Person", "person_id", "A named person praised in a document (model worker, volunteer): not an official.", (
        Prop("name"), Prop("description"),
    )),
    NodeType("Meeting", "meeting_id", "A meeting a document records; id = city + type + date or document.", (
        Prop("name"), Prop("type"), Prop("date_text"), Prop("date_iso"), Prop("city"),
    )),
    NodeType("Campaign", "name", "A national campaign (canonical name, e.g. 全国文明城市).", (
        Prop("aliases", "STRING[]"),
    )),
    NodeType("Honour", "honour_id", "A title conferred on cities; id = title + edition.", (
        Prop("title"), Prop("edition"), Prop("conferred_by"),
    )),
    NodeType("Metric", "indicator", "A measured indicator (改造提升城中村, 人均公园绿地面积 …).", ()),
    NodeType("Tactic", "name", "A method cities use or order (网格化管理, 门前四包 …).", (
        Prop("category"), Prop("description"), Prop("status", doc="curated | candidate"), Prop("variants", "STRING[]"),
    )),
    NodeType("TacticCategory", "name", "A category of tactics.", (Prop("name_en"),)),
    NodeType("Publication", "title", "A cited document (《全国文明城市测评体系》 …).", ()),
    NodeType("Organization", "name", "A named body (中央文明委, 市文明办, 创城办 …).", ()),
    NodeType("Slogan", "text", "A city slogan or brand (精致城市、品质焦作).", ()),
)}

RELS: dict[str, RelType] = {r.type: r for r in (
    RelType("FROM_FILE", "Document", "SourceFile", "The file a document was read from.", (Prop("part"),)),
    RelType("ABOUT", "Document", "City", "The document's primary city."),
    RelType("MENTIONS", "Document", "City", "The document names the city."),
    RelType("PART_OF", "City", "City", "A district or county inside its city or province."),
    RelType("RECORDS", "Document", "Meeting", "The document records (is the speech at, or reports) the meeting."),
    RelType("HELD_IN", "Meeting", "City", "Where the meeting was held."),
    RelType("SPOKE_AT", "Official", "Meeting", "Gave the main speech (讲话)."),
    RelType("PRESIDED_OVER", "Official", "Meeting", "Presided (主持)."),
    RelType("ATTENDED", "Official", "Meeting", "Attended (出席)."),
    RelType("CONTRIBUTED_TO", "Official", "Meeting", "Another role: 宣读, 通报, 发言, 颁奖, 部署.",
            (Prop("role"),), key_props=("role",)),
    RelType("NAMES", "Document", "Official", "The document names the official (any role, or only mentioned).",
            (Prop("roles", "STRING[]"),)),
    RelType("HOLDS_POST", "Official", "City", "The official's post in the city, title as written.",
            (Prop("title"), Prop("as_of")), key_props=("title",)),
    RelType("PRAISES", "Document", "Person", "The document praises a named model citizen."),
    RelType("PURSUES", "City", "Campaign", "The city pursues (or holds) the campaign's title."),
    RelType("CONCERNS", "Document", "Campaign", "The document is about or names the campaign."),
    RelType("AWARDED", "City", "Honour", "An honour's status for the city.",
            (Prop("status", doc="awarded | pursuing | nominated | renewal_review"), Prop("rank"), Prop("date_text")),
            key_props=("status",)),
    RelType("REPORTED", "City", "Metric", "A value the city reported for a metric.",
            (Prop("value"), Prop("unit"), Prop("scope"), Prop("as_of")), key_props=("value", "unit")),
    RelType("CITES", "Document", "Tactic", "The document says the city uses or orders the tactic."),
    RelType("USES", "City", "Tactic", "Derived: the city cites the tactic in at least one document.",
            (Prop("docs", "INT64", "distinct documents citing it", merge="doc_count"),
             Prop("first_seen", doc="date of the earliest dated citing document", merge="min"))),
    RelType("IN_CATEGORY", "Tactic", "TacticCategory", "The tactic's category."),
    RelType("REFERENCES", "Document", "Publication", "The document cites a publication."),
    RelType("NAMES_ORG", "Document", "Organization", "The document names the body."),
    RelType("HAS_SLOGAN", "City", "Slogan", "The city's slogan or brand."),
    RelType("REUSES", "Document", "Document", "Text reuse between documents.", (Prop("similarity", "DOUBLE"),)),
)}


# Labels of the graph's entities: all but the documents' text (Sentence), which views and exports
# do not draw (each fact carries its own sentences).
ENTITY_LABELS: tuple[str, ...] = tuple(label for label, nt in NODES.items() if nt.provenance)


def sentence_id(doc_id: str, start: int, end: int) -> int:
    """The key of the Sentence spanning [start, end) of a Document's original text: a 64-bit hash.

    A number, not the text "doc:start-end": the embedded store copies a list of distinct strings
    (every relationship's `sentence_ids`) at ~0.7 KB a string, and CITES alone names 2.3 million
    at 20,000 documents (benchmarks/RESULTS.md). Two spans share a hash with odds of about n²/2⁶⁵
    (10⁻⁶ for the 5.5 million Sentences of 20,000 documents); bulk loads keep the first of such a
    pair (graph.bulk)."""
    digest = hashlib.blake2b(f"{doc_id}:{start}-{end}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def node_type(label: str) -> NodeType:
    try:
        return NODES[label]
    except KeyError:
        raise KeyError(f"unknown node label {label!r}; known: {', '.join(NODES)}") from None


def rel_type(type_: str) -> RelType:
    try:
        return RELS[type_]
    except KeyError:
        raise KeyError(f"unknown relationship type {type_!r}; known: {', '.join(RELS)}") from None


def ladybug_ddl() -> list[str]:
    """CREATE statements for the embedded store, nodes first."""
    statements = []
    for n in NODES.values():
        cols = ", ".join(f"{p.name} {p.type}" for p in n.all_props)
        statements.append(f"CREATE NODE TABLE IF NOT EXISTS {n.label}({cols}, PRIMARY KEY({n.key}))")
    for r in RELS.values():
        cols = "".join(f", {p.name} {p.type}" for p in r.all_props)
        statements.append(f"CREATE REL TABLE IF NOT EXISTS {r.type}(FROM {r.src} TO {r.dst}{cols})")
    return statements


def neo4j_constraints() -> list[str]:
    """Uniqueness constraints (one per label key) and indexes on names, for Neo4j 5."""
    statements = [
        f"CREATE CONSTRAINT {n.label.lower()}_key IF NOT EXISTS FOR (n:{n.label}) REQUIRE n.{n.key} IS UNIQUE"
        for n in NODES.values()
    ]
    statements += [
        f"CREATE INDEX {n.label.lower()}_name IF NOT EXISTS FOR (n:{n.label}) ON (n.name)"
        for n in NODES.values() if any(p.name == "name" for p in n.props)
    ]
    return statements


def cypher_schema() -> dict[str, list[str]]:
    """Labels, relationship types and property keys, as a Cypher linter wants them."""
    keys = {p.name for n in NODES.values() for p in n.all_props} | {p.name for r in RELS.values() for p in r.all_props}
    return {"labels": sorted(NODES), "relationshipTypes": sorted(RELS), "propertyKeys": sorted(keys)}
