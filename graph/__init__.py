"""The record model, identity and resolution, stores and analyses."""

from graph.errors import Ambiguous, DirectiveGraphError, LoaderError, NotFound, StoreError
from graph.model import Citation, Deadline, Entity, Record, Signer, Span, Task

__all__ = [
    "Ambiguous",
    "Citation",
    "Deadline",
    "DirectiveGraphError",
    "Entity",
    "LoaderError",
    "NotFound",
    "Record",
    "Signer",
    "Span",
    "StoreError",
    "Task",
]
