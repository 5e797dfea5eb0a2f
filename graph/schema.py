"""The shape of the knowledge graph every store returns and every analysis reads.

A graph is a :class:`networkx.MultiDiGraph`.  Node ids carry their kind as a
prefix so that ids from different kinds never collide:

=========  ==========================  ==============================================
kind       id                          attributes
=========  ==========================  ==============================================
document   ``doc:<document key>``      key, label, doc_type, number, date, subject,
                                       issuer (canonical name), issuer_key, level,
                                       place, source, loaded (False for a document
                                       known only from citations), sha256
unit       ``unit:<unit key>``         key, label, name, level, province, district,
                                       collective (bool)
task       ``task:<doc key>#<no>``     key, label, no, text, deadline (ISO or None),
                                       doc (the document key)
person     ``person:<person key>``     key, label, name, title
=========  ==========================  ==============================================

Edges carry ``rel`` (one of :data:`RELATIONS`) and provenance: ``doc`` (key
of the document whose text asserted the edge: reloading that document replaces
exactly these edges), ``source`` (file), ``evidence`` (the text it came from),
``span``, ``inferred`` and ``confidence`` (0..1), plus ``role`` on
``assigns_to`` (lead, coordinate) and ``note`` where the text gave one.

>>> doc_node("56-CV/TU@tinh uy nam dinh@2021")
'doc:56-CV/TU@tinh uy nam dinh@2021'
>>> node_kind("unit:tinh uy nam dinh")
'unit'
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "DOCUMENT",
    "UNIT",
    "TASK",
    "PERSON",
    "RELATIONS",
    "DOC_RELATIONS",
    "DOC_OUT_RELATIONS",
    "IMPLEMENTS",
    "REFERENCES",
    "ISSUED_BY",
    "ADDRESSED_TO",
    "COPIED_TO",
    "HAS_TASK",
    "ASSIGNS_TO",
    "MONITORED_BY",
    "SIGNED_BY",
    "PART_OF",
    "INCLUDES",
    "doc_node",
    "unit_node",
    "task_node",
    "person_node",
    "node_kind",
    "node_key",
]

DOCUMENT: Final = "document"
UNIT: Final = "unit"
TASK: Final = "task"
PERSON: Final = "person"

IMPLEMENTS: Final = "implements"  # document -> the document it carries out
REFERENCES: Final = "references"  # document -> a document it cites otherwise
ISSUED_BY: Final = "issued_by"  # document -> unit
ADDRESSED_TO: Final = "addressed_to"  # document -> unit (Kính gửi)
COPIED_TO: Final = "copied_to"  # document -> unit (Nơi nhận)
HAS_TASK: Final = "has_task"  # document -> task
ASSIGNS_TO: Final = "assigns_to"  # task -> unit (role: lead / coordinate)
MONITORED_BY: Final = "monitored_by"  # document -> unit that follows it up
SIGNED_BY: Final = "signed_by"  # document -> person
PART_OF: Final = "part_of"  # unit -> parent unit
INCLUDES: Final = "includes"  # collective unit -> a concrete unit it stands for

RELATIONS: Final = (
    IMPLEMENTS,
    REFERENCES,
    ISSUED_BY,
    ADDRESSED_TO,
    COPIED_TO,
    HAS_TASK,
    ASSIGNS_TO,
    MONITORED_BY,
    SIGNED_BY,
    PART_OF,
    INCLUDES,
)
#: Relations between two documents: the ones trace and lineage follow.
DOC_RELATIONS: Final = (IMPLEMENTS, REFERENCES)
#: What a store's cascade carries along for each document it reaches.
DOC_OUT_RELATIONS: Final = (ISSUED_BY, ADDRESSED_TO, COPIED_TO, HAS_TASK, MONITORED_BY, SIGNED_BY)

_PREFIX = {DOCUMENT: "doc:", UNIT: "unit:", TASK: "task:", PERSON: "person:"}
_KIND = {v: k for k, v in _PREFIX.items()}


def doc_node(key: str) -> str:
    return "doc:" + key


def unit_node(key: str) -> str:
    return "unit:" + key


def task_node(doc_key: str, no: str) -> str:
    return f"task:{doc_key}#{no}"


def person_node(key: str) -> str:
    return "person:" + key


def node_kind(node_id: str) -> str:
    """The kind of a node from its id."""
    prefix = node_id[: node_id.index(":") + 1]
    return _KIND[prefix]


def node_key(node_id: str) -> str:
    """The id without its kind prefix."""
    return node_id[node_id.index(":") + 1 :]
