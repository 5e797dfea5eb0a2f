"""The names Cypher gives the schema graph, and the statement type :mod:`graph.cypher` builds.

A node kind is a label (``document`` -> ``:Document``), a relation an
upper-case relationship type (``implements`` -> ``:IMPLEMENTS``); the marker
node, the internal properties and the attributes each kind shows are named
here once, for the statements, the rows they return and the CSV import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from graph import schema

__all__ = [
    "Statement", "LABELS", "KIND_OF_LABEL", "REL_TYPES", "RELATION_OF_TYPE", "ENDPOINTS",
    "META_LABEL", "SCHEMA_VERSION", "FULLTEXT_INDEX", "INTERNAL_PROPERTIES", "NODE_ATTRS",
    "shown",
]


@dataclass(frozen=True, slots=True)
class Statement:
    """One Cypher statement with the parameter names it expects."""

    name: str
    text: str
    params: tuple[str, ...] = ()
    write: bool = False


LABELS: Final[dict[str, str]] = {
    schema.DOCUMENT: "Document",
    schema.UNIT: "Unit",
    schema.TASK: "Task",
    schema.PERSON: "Person",
}
KIND_OF_LABEL: Final[dict[str, str]] = {v: k for k, v in LABELS.items()}
REL_TYPES: Final[dict[str, str]] = {rel: rel.upper() for rel in schema.RELATIONS}
RELATION_OF_TYPE: Final[dict[str, str]] = {v: k for k, v in REL_TYPES.items()}

#: The node kinds at either end of each relation (see graph/schema.py).
ENDPOINTS: Final[dict[str, tuple[str, str]]] = {
    schema.IMPLEMENTS: (schema.DOCUMENT, schema.DOCUMENT),
    schema.REFERENCES: (schema.DOCUMENT, schema.DOCUMENT),
    schema.ISSUED_BY: (schema.DOCUMENT, schema.UNIT),
    schema.ADDRESSED_TO: (schema.DOCUMENT, schema.UNIT),
    schema.COPIED_TO: (schema.DOCUMENT, schema.UNIT),
    schema.HAS_TASK: (schema.DOCUMENT, schema.TASK),
    schema.ASSIGNS_TO: (schema.TASK, schema.UNIT),
    schema.MONITORED_BY: (schema.DOCUMENT, schema.UNIT),
    schema.SIGNED_BY: (schema.DOCUMENT, schema.PERSON),
    schema.PART_OF: (schema.UNIT, schema.UNIT),
    schema.INCLUDES: (schema.UNIT, schema.UNIT),
}

#: The node that marks a database as directive-graph's own.
META_LABEL: Final = "DirectiveGraphMeta"
SCHEMA_VERSION: Final = 1
FULLTEXT_INDEX: Final = "document_search"
#: Document properties the store keeps for itself; never shown as graph attributes.
INTERNAL_PROPERTIES: Final = frozenset(
    {
        "record_json",
        "content_sha",
        "record_version",
        "search_subject",
        "search_body",
        "search_label",
        "number_key",
        "type_key",
        "aliases",
    }
)

#: The attributes of each node kind in the schema graph (graph/schema.py).
NODE_ATTRS: Final[dict[str, tuple[str, ...]]] = {
    schema.DOCUMENT: ("key", "label", "doc_type", "number", "date", "subject", "issuer",
                      "issuer_key", "level", "place", "source", "loaded", "sha256"),
    schema.UNIT: ("key", "label", "name", "level", "province", "district", "collective"),
    schema.TASK: ("key", "label", "no", "text", "deadline", "doc"),
    schema.PERSON: ("key", "label", "name", "title"),
}
# Nodes leave the server as these projections: never the stored record or search text.
_SHOWN = ("id", *dict.fromkeys(a for attrs in NODE_ATTRS.values() for a in attrs),
          "unresolved", "candidates")


def shown(var: str) -> str:
    """A map projection of node ``var`` with every attribute of the schema graph.

    >>> shown("n")[:22], ".record_json" in shown("n")
    ('n {.id, .key, .label, ', False)
    """
    return var + " {" + ", ".join("." + a for a in _SHOWN) + "}"
