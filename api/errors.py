"""One error body for every failure the service answers.

``{"error": {"status": 404, "code": "not_found", "message": "..."}}`` whatever
went wrong: a route's own refusal (:class:`ApiError`), the project's
exceptions (:mod:`graph.errors`), FastAPI's request validation, an unknown
path, or an unexpected crash (500, with no traceback leaked to the client).

>>> error_body(404, "no document 'x'")
{'error': {'status': 404, 'code': 'not_found', 'message': "no document 'x'"}}
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.errors import (
    Ambiguous,
    DirectiveGraphError,
    LoaderError,
    NotFound,
    StoreUnavailable,
)

__all__ = ["ApiError", "error_body", "install_error_handlers", "ERROR_RESPONSES", "CODES"]

log = logging.getLogger("directive_graph.api")

CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "ambiguous",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    500: "internal",
    503: "unavailable",
}


class ApiError(Exception):
    """A refusal a route raises on purpose; turned into the one error body."""

    def __init__(self, status: int, message: str, code: str | None = None,
                 extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.message = message
        self.extra = extra or {}


def error_body(status: int, message: str, code: str | None = None,
               **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "status": status,
        "code": code or CODES.get(status, "error"),
        "message": message,
    }
    body.update(extra)
    return {"error": body}


def _respond(status: int, message: str, code: str | None = None,
             headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    return JSONResponse(error_body(status, message, code, **extra), status_code=status,
                        headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "request"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    """Route every failure through :func:`error_body`."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "X-API-Key"} if exc.status == 401 else None
        return _respond(exc.status, exc.message, exc.code, headers, **exc.extra)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else CODES.get(exc.status_code, "")
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such path: {request.url.path}"
        return _respond(exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _respond(422, _validation_message(exc))

    @app.exception_handler(Ambiguous)
    async def _ambiguous(request: Request, exc: Ambiguous) -> JSONResponse:
        return _respond(409, str(exc), candidates=list(exc.candidates))

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> JSONResponse:
        return _respond(404, str(exc))

    @app.exception_handler(LoaderError)
    async def _loader(request: Request, exc: LoaderError) -> JSONResponse:
        return _respond(422, str(exc))

    @app.exception_handler(StoreUnavailable)
    async def _unavailable(request: Request, exc: StoreUnavailable) -> JSONResponse:
        return _respond(503, str(exc))

    @app.exception_handler(DirectiveGraphError)
    async def _ours(request: Request, exc: DirectiveGraphError) -> JSONResponse:
        log.warning("%s %s: %s", request.method, request.url.path, exc)
        return _respond(500, str(exc))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        # The client sees one line; the traceback stays in the server log.
        log.exception("%s %s failed", request.method, request.url.path)
        return _respond(500, "internal error; see the server log")


def _schema(status: int, example: str) -> dict[str, Any]:
    return {
        "description": CODES[status].replace("_", " "),
        "content": {"application/json": {"example": error_body(status, example)}},
    }


#: ``responses=`` for routes, so /docs shows the error body with examples.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: _schema(401, "this route needs the X-API-Key header"),
    404: _schema(404, "no document '99-CV/TU@tinh uy nam dinh@2021'"),
    422: _schema(422, "query.limit: Input should be a valid integer"),
}
