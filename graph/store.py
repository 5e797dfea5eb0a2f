"""The one interface every store implements (embedded SQLite+networkx, Neo4j).

Analyses (:mod:`graph.analyses`) are written once, over the
:class:`networkx.MultiDiGraph` pieces a store returns (see :mod:`graph.schema`
for their shape), never once per backend.  A store only persists records,
answers look-ups, and cuts the subgraphs the analyses need.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, runtime_checkable

import networkx as nx

from graph.model import Record

__all__ = ["Store", "LoadReport", "SearchHit", "DocumentSummary"]


@dataclass(slots=True)
class LoadReport:
    """What one ``add_records`` call did."""

    added: int = 0  # documents new to the store
    replaced: int = 0  # documents whose source changed
    unchanged: int = 0  # same source bytes as already stored: nothing written
    links: int = 0  # edges written
    errors: list[str] = field(default_factory=list)  # one line each: "source: reason"

    def merge(self, other: LoadReport) -> None:
        self.added += other.added
        self.replaced += other.replaced
        self.unchanged += other.unchanged
        self.links += other.links
        self.errors.extend(other.errors)


@dataclass(slots=True)
class SearchHit:
    key: str  # document key
    score: float
    label: str
    snippet: str


@dataclass(slots=True)
class DocumentSummary:
    key: str
    label: str
    doc_type: str | None
    number: str | None
    date: str | None
    issuer: str | None
    level: str | None
    subject: str | None
    loaded: bool


@runtime_checkable
class Store(Protocol):
    """Persistence and look-ups.  Every method may raise :class:`graph.errors.StoreError`."""

    def add_records(self, records: Iterable[Record]) -> LoadReport:
        """Load records; each document commits whole or not at all.

        Idempotent: a record whose source bytes (``sha256``) are already stored,
        read by the same record version, changes nothing; a changed source, or
        one a newer parser reads (a higher ``Record.version``), replaces its old
        version (:func:`graph.identity.is_unchanged`).
        """
        ...

    def record(self, key: str) -> Record | None:
        """The stored record of a loaded document (with its ``text``), or None."""
        ...

    def resolve_document(self, name: str) -> list[str]:
        """Document keys a user's name fits: a key, or a number like "201-CV/TU"."""
        ...

    def resolve_unit(self, name: str) -> list[str]:
        """Unit keys a user's name fits (tone style, abbreviations folded)."""
        ...

    def documents(
        self,
        *,
        issuer: str | None = None,
        level: str | None = None,
        doc_type: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        text: str | None = None,
        loaded: bool | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> tuple[int, list[DocumentSummary]]:
        """A filtered page of documents (total count, page), newest first."""
        ...

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Full text over subject and body, diacritic-insensitive, best first."""
        ...

    def cascade(self, key: str, *, direction: str = "down", max_depth: int = 50) -> nx.MultiDiGraph:
        """The documents reachable from ``key`` along implements edges.

        ``down``: documents that (transitively) implement ``key``; ``up``: the
        documents ``key`` (transitively) implements.  The result holds those
        document nodes, the implements edges between them, and for each
        document its issuer, addressees (with ``includes`` expansions), tasks
        and assignees, so trace, lineage and coverage need nothing more.
        """
        ...

    def cascade_documents(
        self, key: str, *, direction: str = "down", max_depth: int = 50
    ) -> nx.MultiDiGraph:
        """The lean cut of :meth:`cascade`: what trace, lineage and timeline read.

        The same documents and implements edges, each document with its own
        attributes and its ``issued_by`` edge (with the issuer unit), and
        nothing else: no addressees, tasks or unit structure, so the national
        cascade costs hundreds of nodes instead of tens of thousands.
        """
        ...

    def unit_graph(self, key: str) -> nx.MultiDiGraph:
        """A unit, its parents and children, and every document and task touching it."""
        ...

    def graph(self) -> nx.MultiDiGraph:
        """The whole graph (for stats, timeline and export)."""
        ...

    def stats(self) -> dict[str, Any]:
        """Counts of nodes by kind and edges by relation, date range."""
        ...

    #: True when :meth:`data_version` reads a local file (microseconds, no network),
    #: so a server may call it on its event loop; False when it asks a server.
    data_version_is_local: ClassVar[bool]

    def data_version(self) -> int | None:
        """A number that changes whenever a writer commits to the store: this
        object, another one, another process (an upload to another worker, a
        ``directive-graph load`` beside the server).  Equal numbers from one store
        object mean nothing was written in between; the answer cache keeps
        answers only while it holds.  ``None`` when the store cannot tell (no
        database yet, or it cannot be asked): then nothing may be kept.
        """
        ...

    def close(self) -> None: ...
