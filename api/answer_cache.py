"""Encoded answers to ``GET /api/...``, kept per worker until the store changes.

A document, a trace or a search is answered from the store in milliseconds,
but the same bytes go out again and again; here they are kept, with their
gzip form made once, in a least-recently-used map bounded in bytes.

Correctness rests on one number, the store's :meth:`graph.store.Store.data_version`:
it changes whenever any writer commits -- an upload answered by this worker,
by another worker, or a ``directive-graph load`` running beside the server
(SQLite's ``PRAGMA data_version``; in Neo4j a counter every write transaction
of the store bumps).  Every look-up reads it first and forgets every answer
when it moved; an answer computed while a write landed is not kept.  A store
that cannot tell (``None``: a store folder with no database yet, a server
that does not answer) gets no caching at all.

The cache sits in front of the routes, so it checks the read key itself
(:func:`api.deps.read_allowed`, the rule the routes use) and keeps only
``200`` answers; errors, writes and other methods pass straight through.

>>> c = Answers(max_bytes=500, largest=500)  # each answer below counts 240 bytes
>>> c.put(b"/a", b"", Answer([], b"x" * 40), version=1)
>>> c.put(b"/b", b"", Answer([], b"y" * 40), version=1)
>>> c.get(b"/a", b"", version=1) is not None   # /a is now the most recent
True
>>> c.put(b"/c", b"", Answer([], b"z" * 40), version=1)  # over 500 bytes: /b goes
>>> [c.get(p, b"", version=1) is not None for p in (b"/a", b"/b", b"/c")]
[True, False, True]
>>> c.get(b"/a", b"", version=2) is None and len(c) == 0  # the store changed
True
"""

from __future__ import annotations

import gzip
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.deps import read_allowed
from api.settings import Settings
from graph.store import Store

__all__ = ["answer", "Answer", "Answers", "AnswerCache", "GZIP_MIN", "HEADER"]

#: Bodies shorter than this go out plain: gzip would save less than it costs.
GZIP_MIN = 1000
#: Response header naming whether the answer came from the cache (``hit``) or not (``miss``).
HEADER = b"x-answer-cache"
# Routes whose answers are not kept: downloads that can be the whole graph.
_SKIP = (b"/api/export",)
_DROPPED = (b"content-length", b"content-encoding", b"vary")


def answer(body: dict[str, Any]) -> JSONResponse:
    """A route's JSON answer, encoded once with ``json.dumps``.

    A route that returns a dict has FastAPI validate it against the return type
    and serialize it again: a sixth of the CPU of a computed document answer.
    Routes declare ``response_model=dict[str, Any]`` for the docs instead.
    """
    return JSONResponse(body)


@dataclass(slots=True)
class Answer:
    """One kept ``200`` answer: its headers (no length or encoding), body, gzip form."""

    headers: list[tuple[bytes, bytes]]
    body: bytes
    gz: bytes | None = None

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gz or b"") + 200



class Answers:
    """An LRU map (path, query) -> :class:`Answer`, bounded in bytes, tied to one version."""

    def __init__(self, max_bytes: int, largest: int | None = None) -> None:
        self.max_bytes = max_bytes
        # By default one answer may not take more than an eighth of the room.
        self.largest = max_bytes // 8 if largest is None else largest
        self.bytes = 0
        self.version: int | None = None
        self._map: OrderedDict[tuple[bytes, bytes], Answer] = OrderedDict()

    def __len__(self) -> int:
        return len(self._map)

    def _sync(self, version: int) -> None:
        if version != self.version:
            self._map.clear()
            self.bytes = 0
            self.version = version

    def get(self, path: bytes, query: bytes, *, version: int) -> Answer | None:
        self._sync(version)
        answer = self._map.get((path, query))
        if answer is not None:
            self._map.move_to_end((path, query))
        return answer

    def put(self, path: bytes, query: bytes, answer: Answer, *, version: int) -> None:
        self._sync(version)
        if answer.size > self.largest:
            return
        old = self._map.pop((path, query), None)
        if old is not None:
            self.bytes -= old.size
        self._map[(path, query)] = answer
        self.bytes += answer.size
        self.grow(0)

    def gzipped(self, path: bytes, query: bytes, answer: Answer) -> bytes:
        """The gzip form of ``answer``, made once and counted while the answer is kept."""
        if answer.gz is None:
            # mtime=0: the same answer compresses to the same bytes in every worker.
            answer.gz = gzip.compress(answer.body, compresslevel=6, mtime=0)
            if self._map.get((path, query)) is answer:
                self.grow(len(answer.gz))
        return answer.gz

    def grow(self, extra: int) -> None:
        """Count ``extra`` bytes more and evict the least recent answers down to the bound."""
        self.bytes += extra
        while self.bytes > self.max_bytes and self._map:
            _, gone = self._map.popitem(last=False)
            self.bytes -= gone.size


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value)
    return None


def _accepts_gzip(scope: Scope) -> bool:
    return b"gzip" in (_header(scope, b"accept-encoding") or b"").lower()


class AnswerCache:
    """ASGI middleware: answer ``GET /api/...`` from :class:`Answers` when it can."""

    def __init__(self, app: ASGIApp, settings: Settings, state: Any) -> None:
        self.app = app
        self.settings = settings
        self.state = state  # the app's state: the store is opened at start-up
        self.answers = Answers(settings.cache_mb * 1024 * 1024)

    async def version(self) -> int | None:
        """The store's data version: read here when it is a local file (microseconds),
        in a worker thread when it takes a round trip to a server."""
        store: Store | None = self.state.store
        if store is None:  # not opened yet: nothing may be kept
            return None
        if store.data_version_is_local:
            return store.data_version()
        return await run_in_threadpool(store.data_version)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["method"] != "GET"
                or not scope["path"].startswith("/api/")):
            await self.app(scope, receive, send)
            return
        path = scope.get("raw_path") or scope["path"].encode()
        if path.startswith(_SKIP):
            await self.app(scope, receive, send)
            return
        key = _header(scope, b"x-api-key")
        if not read_allowed(self.settings, key.decode("latin-1") if key is not None else None):
            await self.app(scope, receive, send)  # the route answers the 401
            return
        before = await self.version()
        if before is None:
            await self.app(scope, receive, send)
            return
        query = scope["query_string"]
        answer = self.answers.get(path, query, version=before)
        hit = answer is not None
        if answer is None:
            answer = await self._compute(scope, receive, send)
            if answer is None:
                return  # not a 200: already sent as the app answered it
            if await self.version() == before:
                self.answers.put(path, query, answer, version=before)
        await self._send(scope, send, path, query, answer, hit)

    async def _compute(self, scope: Scope, receive: Receive, send: Send) -> Answer | None:
        """Run the app with gzip off; a 200 is returned to keep, anything else is sent."""
        inner = dict(scope)
        inner["headers"] = [(k, v) for k, v in scope["headers"] if k != b"accept-encoding"]
        start: Message | None = None
        chunks: list[bytes] = []
        passing = False

        async def capture(message: Message) -> None:
            nonlocal start, passing
            if message["type"] == "http.response.start":
                if message["status"] != 200:
                    passing = True
                    await send(message)
                    return
                start = message
            elif passing:
                await send(message)
            else:
                chunks.append(message.get("body", b""))

        await self.app(inner, receive, capture)
        if passing or start is None:
            return None
        headers = [(bytes(k), bytes(v)) for k, v in start.get("headers", [])
                   if bytes(k).lower() not in _DROPPED]
        return Answer(headers, b"".join(chunks))

    async def _send(self, scope: Scope, send: Send, path: bytes, query: bytes,
                    answer: Answer, hit: bool) -> None:
        body = answer.body
        # Says whether the answer was kept from before: for tests, benchmarks and curl -i.
        headers = [*answer.headers, (HEADER, b"hit" if hit else b"miss")]
        if len(body) >= GZIP_MIN:
            headers.append((b"vary", b"Accept-Encoding"))
            if _accepts_gzip(scope):
                body = self.answers.gzipped(path, query, answer)
                headers.append((b"content-encoding", b"gzip"))
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})
