"""The project's exceptions: one tree, so callers catch what they mean.

Every message is one line that names the thing (file, document, unit, store)
and says what is wrong; the command line prints it as is.

>>> str(LoaderError("a.pdf", "no text layer (image-only PDF)"))
'a.pdf: no text layer (image-only PDF)'
"""

from __future__ import annotations

__all__ = [
    "DirectiveGraphError",
    "LoaderError",
    "StoreError",
    "StoreCorrupt",
    "StoreUnavailable",
    "NotFound",
    "Ambiguous",
]


class DirectiveGraphError(Exception):
    """Base of every error this project raises on purpose."""


class LoaderError(DirectiveGraphError):
    """A file could not be read or parsed: ``path: reason``."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class StoreError(DirectiveGraphError):
    """The store refused or failed an operation."""


class StoreCorrupt(StoreError):
    """The store directory is not ours, or is damaged; nothing was changed."""


class StoreUnavailable(StoreError):
    """The store's server cannot be reached or refused our credentials."""


class NotFound(DirectiveGraphError):
    """A named document or unit does not exist."""


class Ambiguous(DirectiveGraphError):
    """A name fits several documents or units; ``candidates`` lists them."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates
