"""The service's settings, in one place.

Every value has a safe default (bind to the loopback address, writes refused
until a key is configured) and can be set from the environment, so the same
settings drive ``directive-graph serve``, ``demo`` and the tests.

>>> s = Settings.from_env({"DIRECTIVE_GRAPH_API_KEY": "k", "DIRECTIVE_GRAPH_PORT": "9000"})
>>> s.host, s.port, s.api_key, s.read_key
('127.0.0.1', 9000, 'k', None)
>>> s.page_limit(None), s.page_limit(10_000)
(50, 500)
>>> Settings.from_env(s.to_env()) == s
True
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from graph.errors import DirectiveGraphError

__all__ = ["Settings", "DEFAULT_STORE", "ENV_PREFIX", "default_workers"]

ENV_PREFIX = "DIRECTIVE_GRAPH_"
DEFAULT_STORE = "./directive-graph-store"


def default_workers() -> int:
    """Two worker processes where there are two cores: one Python process uses one core.

    More than two rarely pays here: every worker holds its own copy of the
    answer cache and, after a whole-graph request, of the graph.
    """
    return max(1, min(2, os.cpu_count() or 1))


@dataclass(frozen=True, slots=True)
class Settings:
    """What the REST service and the explorer need to know."""

    store: str = DEFAULT_STORE  # a folder (embedded store) or a bolt:// / neo4j:// URI
    host: str = "127.0.0.1"  # loopback by default: exposing the service is a decision
    port: int = 8000
    api_key: str | None = None  # required for writes; None refuses every write
    read_key: str | None = None  # when set, reads need it too
    default_page: int = 50
    max_page: int = 500
    max_upload_bytes: int = 5 * 1024 * 1024
    # A cascade with more document nodes than this opens aggregated by province.
    aggregate_above: int = 150
    title: str = "directive-graph"
    workers: int = 1  # uvicorn worker processes; `serve` defaults to default_workers()
    threads: int = 8  # threads per worker running routes (they are not async)
    # Encoded GET /api answers kept per worker, dropped when the store changes; 0: none.
    cache_mb: int = 64

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Settings from ``DIRECTIVE_GRAPH_*`` variables, then explicit overrides."""
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(ENV_PREFIX + name)
            return value if value not in (None, "") else None

        base = cls()
        values: dict[str, object] = {
            "store": get("STORE") or base.store,
            "host": get("HOST") or base.host,
            "port": _int(get("PORT"), base.port, "PORT"),
            "api_key": get("API_KEY"),
            "read_key": get("READ_KEY"),
            "max_page": _int(get("MAX_PAGE"), base.max_page, "MAX_PAGE"),
            "max_upload_bytes": _int(get("MAX_UPLOAD_BYTES"), base.max_upload_bytes,
                                     "MAX_UPLOAD_BYTES"),
            "workers": _int(get("WORKERS"), base.workers, "WORKERS", least=1),
            "threads": _int(get("THREADS"), base.threads, "THREADS", least=1),
            "cache_mb": _int(get("CACHE_MB"), base.cache_mb, "CACHE_MB", least=0),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(base, **values)  # type: ignore[arg-type]

    def to_env(self) -> dict[str, str]:
        """The ``DIRECTIVE_GRAPH_*`` variables that give these settings back.

        Worker processes started by uvicorn build their app from the
        environment, so ``serve`` hands its flags down this way.
        """
        values = {"STORE": self.store, "HOST": self.host, "PORT": self.port,
                  "API_KEY": self.api_key, "READ_KEY": self.read_key,
                  "MAX_PAGE": self.max_page, "MAX_UPLOAD_BYTES": self.max_upload_bytes,
                  "WORKERS": self.workers, "THREADS": self.threads,
                  "CACHE_MB": self.cache_mb}
        return {ENV_PREFIX + k: str(v) for k, v in values.items() if v is not None}

    def aggregate_limit(self, asked: bool | None) -> int:
        """Documents a cascade may have before it opens aggregated; ``asked`` forces it.

        >>> Settings().aggregate_limit(None), Settings().aggregate_limit(True)
        (150, 0)
        """
        if asked is None:
            return self.aggregate_above
        return 0 if asked else 10**9

    def page_limit(self, asked: int | None) -> int:
        """The page size to use: the default when not asked, never above the cap."""
        if asked is None:
            return self.default_page
        return max(1, min(asked, self.max_page))

    @property
    def store_is_remote(self) -> bool:
        return "://" in self.store

    def store_path(self) -> Path:
        return Path(self.store).expanduser()


def _int(value: str | None, default: int, name: str, least: int | None = None) -> int:
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise DirectiveGraphError(f"{ENV_PREFIX}{name}: not a whole number: {value!r}") from None
    if least is not None and number < least:
        raise DirectiveGraphError(f"{ENV_PREFIX}{name}: must be at least {least}, not {number}")
    return number
