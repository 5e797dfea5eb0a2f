"""``/api/documents``: list, one document, its cascade analyses, its text, upload.

Document keys contain "/" ("56-CV/TU@tinh uy nam dinh@2021"), so routes take
``{key:path}``; a client may send the "/" as is or as ``%2F``.  The sub-routes
(``/trace`` ...) are declared before the bare document route so that a key is
never swallowed together with its suffix.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, PlainTextResponse
from starlette.concurrency import run_in_threadpool

from api.answer_cache import answer
from api.deps import PageLimit, SettingsDep, StoreDep, require_read, require_write
from api.errors import ERROR_RESPONSES, ApiError
from graph.analyses import lineage, pick_document, trace
from graph.build import contribution
from graph.coverage import coverage, coverage_slice
from graph.errors import LoaderError
from graph.load import require_directive
from graph.model import Record
from graph.schema import doc_node
from graph.store import Store
from graph.views import doc_ref, implemented, implementers, to_dict
from loaders import parse_file, parse_text
from viz.explore import cascade_view, group_view, neighbourhood_view

__all__ = ["router", "document_detail"]

router = APIRouter(prefix="/api/documents", tags=["documents"],
                   dependencies=[Depends(require_read)], responses=ERROR_RESPONSES)

KEY_EXAMPLE = "56-CV/TU@tinh uy nam dinh@2021"
UPLOAD_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")

# Examples for /docs, taken from the seed letters.
_SUMMARY = {"key": KEY_EXAMPLE, "label": "Công văn 56-CV/TU (2021-01-06)", "doc_type": "Công văn",
            "number": "56-CV/TU", "date": "2021-01-06", "issuer": "Tỉnh ủy Nam Định",
            "level": "province", "subject": "tăng cường công tác phòng, chống dịch Covid-19",
            "loaded": True}
_TELEGRAM = {"key": "dien@ban bi thu trung uong@2021-01-05",
             "label": "Điện Thường trực Ban Bí thư Trung ương Đảng (2021-01-05)",
             "doc_type": "Điện", "number": None, "date": "2021-01-05",
             "issuer": "Thường trực Ban Bí thư Trung ương Đảng", "level": "central",
             "subject": "tăng cường công tác phòng, chống dịch Covid-19", "loaded": False}
_TASK = {"no": "6", "text": "Ban Tuyên giáo Tỉnh ủy, Sở Thông tin và Truyền thông chỉ đạo ...",
         "assignees": [{"text": "Ban Tuyên giáo Tỉnh ủy",
                        "name": "Ban Tuyên giáo Tỉnh ủy Nam Định",
                        "key": "ban tuyen giao tinh uy nam dinh", "role": "lead"}],
         "deadline": None}


def _example(value: object) -> dict[int | str, dict[str, object]]:
    return {200: {"content": {"application/json": {"example": value}}}}


@router.get("", summary="List documents, newest first, with filters",
            responses=_example({"total": 16, "offset": 0, "limit": 50, "items": [_SUMMARY]}))
def list_documents(
    store: StoreDep,
    settings: SettingsDep,
    issuer: Annotated[str | None, Query(examples=["Tỉnh ủy Nam Định"])] = None,
    level: Annotated[str | None, Query(examples=["province"],
                                       pattern="^(central|province|district|commune)$")] = None,
    type: Annotated[str | None, Query(examples=["Công văn"])] = None,
    date_from: Annotated[str | None, Query(examples=["2021-01-01"],
                                           pattern=r"^\d{4}-\d{2}-\d{2}$")] = None,
    date_to: Annotated[str | None, Query(examples=["2021-12-31"],
                                         pattern=r"^\d{4}-\d{2}-\d{2}$")] = None,
    q: Annotated[str | None, Query(max_length=200, examples=["phòng, chống dịch"])] = None,
    loaded: Annotated[bool | None, Query(description="false: documents known only from "
                                                     "citations")] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: PageLimit = None,
) -> dict[str, Any]:
    size = settings.page_limit(limit)
    total, items = store.documents(issuer=issuer, level=level, doc_type=type,
                                   date_from=date_from, date_to=date_to, text=q,
                                   loaded=loaded, offset=offset, limit=size)
    return {"total": total, "offset": offset, "limit": size,
            "items": [to_dict(i) for i in items]}


def _upload_record(data: bytes, filename: str) -> Record:
    suffix = Path(filename).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise ApiError(415, f"{filename}: unsupported file type; send one of "
                            + " ".join(UPLOAD_SUFFIXES))
    with tempfile.TemporaryDirectory(prefix="dg-upload-") as tmp:
        path = Path(tmp) / ("upload" + suffix)
        path.write_bytes(data)
        try:
            record = parse_file(path)
        except LoaderError as exc:
            raise ApiError(422, f"{filename}: {exc.reason}") from None
    record.source = filename
    return record


def _parse_and_store(store: Store, data: bytes, name: str,
                     multipart: bool) -> tuple[dict[str, Any], int]:
    """Parse an upload, store it; the answer's body and status (201 new, 200 known)."""
    if multipart or not name.lower().endswith((".txt", ".md")):
        record = _upload_record(data, name)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ApiError(422, f"{name}: the text body is not UTF-8") from None
        record = parse_text(text, name, sha256=hashlib.sha256(data).hexdigest())
    try:
        require_directive(record)
    except LoaderError as exc:
        raise ApiError(422, f"{name}: {exc.reason}") from None
    report = store.add_records([record])
    if report.errors:
        raise ApiError(422, "; ".join(report.errors))
    key = record.key or contribution(record).key
    stored = store.record(key) or record
    body = {"key": key, "record": stored.to_dict(with_text=False),
            "load": {"added": report.added, "replaced": report.replaced,
                     "unchanged": report.unchanged, "links": report.links}}
    return body, 201 if report.added else 200


@router.post(
    "",
    status_code=201,
    summary="Upload a document (text body or multipart file); needs X-API-Key",
    dependencies=[Depends(require_write)],
    openapi_extra={"requestBody": {"content": {
        "text/plain": {"example": "TỈNH ỦY NAM ĐỊNH\nSố 56-CV/TU\n"
                                  "Nam Định, ngày 06 tháng 01 năm 2021\n..."},
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            "file": {"type": "string", "format": "binary"}}}},
    }}},
    responses={413: {"description": "upload larger than the server's limit"}},
)
async def upload_document(request: Request, store: StoreDep, settings: SettingsDep,
                          filename: Annotated[str | None, Query(max_length=200)] = None,
                          ) -> JSONResponse:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > settings.max_upload_bytes:
        raise ApiError(413, f"upload of {declared} bytes is over the limit of "
                            f"{settings.max_upload_bytes} bytes")
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("multipart/form-data"):
        form = await request.form(max_files=1, max_fields=5)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise ApiError(400, "multipart upload needs a 'file' part")
        data = await upload.read(settings.max_upload_bytes + 1)
        name = filename or upload.filename or "upload.txt"
    else:
        data = b""
        async for chunk in request.stream():
            data += chunk
            if len(data) > settings.max_upload_bytes:
                break
        name = filename or "upload.txt"
    if len(data) > settings.max_upload_bytes:
        raise ApiError(413, f"upload is over the limit of {settings.max_upload_bytes} bytes")
    if not data.strip():
        raise ApiError(400, f"{name}: empty upload")
    # Parsing and the write run off the event loop: a write may wait for another
    # worker's (SQLite lets one writer at a time), and kept answers must not wait.
    multipart = ctype.startswith("multipart/form-data")
    body, status = await run_in_threadpool(_parse_and_store, store, data, name, multipart)
    return JSONResponse(body, status_code=status)


DocKey = Annotated[str, PathParam(description="document key (or number); its '/' may be "
                                             "sent as is or as %2F", examples=[KEY_EXAMPLE])]


def _pick(store: Store, key: str) -> str:
    return pick_document(store, key)


@router.get("/{key:path}/trace", summary="The downstream cascade of a document",
            response_model=dict[str, Any])
def document_trace(key: DocKey, store: StoreDep) -> JSONResponse:
    key = _pick(store, key)
    return answer(to_dict(trace(store.cascade_documents(key, direction="down"), key)))


@router.get("/{key:path}/lineage", summary="The chain of documents a document carries out",
            response_model=dict[str, Any])
def document_lineage(key: DocKey, store: StoreDep) -> JSONResponse:
    key = _pick(store, key)
    return answer(to_dict(lineage(store.cascade_documents(key, direction="up"), key)))


@router.get("/{key:path}/coverage", summary="Which addressed units answered, which did not",
            response_model=dict[str, Any])
def document_coverage(
    key: DocKey, store: StoreDep,
    as_of: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$",
                                       examples=["2021-02-01"])] = None,
) -> JSONResponse:
    key = _pick(store, key)
    return answer(to_dict(coverage(coverage_slice(store, key), key, as_of=as_of)))


@router.get("/{key:path}/text", summary="The document's source text (plain text)",
            response_class=PlainTextResponse)
def document_text(key: DocKey, store: StoreDep) -> PlainTextResponse:
    key = _pick(store, key)
    record = store.record(key)
    if record is None or not record.text:
        raise ApiError(404, f"document {key!r}: known only from citations; no text stored")
    return PlainTextResponse(record.text, headers={"X-Content-Type-Options": "nosniff"})


@router.get("/{key:path}/graph", summary="The explorer's view of the cascade under a document")
def document_graph(
    key: DocKey, store: StoreDep, settings: SettingsDep,
    group: Annotated[str | None, Query(description="expand the documents under this key "
                                                   "(a group of an aggregated view)")] = None,
    aggregate: Annotated[bool | None, Query(description="true: one node per sub-cascade; "
                                                       "false: every node; default: by size")
                         ] = None,
) -> dict[str, Any]:
    key = _pick(store, key)
    if group is not None:
        return group_view(store, key, group)
    return cascade_view(store, key, aggregate_above=settings.aggregate_limit(aggregate))


@router.get("/{key:path}/neighbours", summary="A document and everything one step away")
def document_neighbours(key: DocKey, store: StoreDep) -> dict[str, Any]:
    key = _pick(store, key)
    return neighbourhood_view(store, doc_node(key))


def document_detail(store: Store, key: str) -> dict[str, Any]:
    """Record, links up and down the cascade, and tasks of one document."""
    node = doc_node(key)
    up = store.cascade_documents(key, direction="up", max_depth=1)
    down = store.cascade_documents(key, direction="down", max_depth=1)
    record = store.record(key)
    summary = doc_ref(up, node) if node in up else doc_ref(down, node)
    tasks = [t.to_dict() for t in record.tasks] if record else []
    return {
        "key": key,
        "summary": to_dict(summary),
        "record": record.to_dict(with_text=False) if record else None,
        "links": {
            "implements": [to_dict(doc_ref(up, n)) for n in implemented(up, node)],
            "implemented_by": [to_dict(doc_ref(down, n)) for n in implementers(down, node)],
            "references": [c.to_dict() for c in record.references] if record else [],
        },
        "tasks": tasks,
    }


@router.get("/{key:path}", summary="One document: record, links and tasks",
            responses=_example({"key": KEY_EXAMPLE, "summary": _SUMMARY,
                                "record": {"number": "56-CV/TU", "date": "2021-01-06",
                                           "doc_type": "Công văn", "...": "..."},
                                "links": {"implements": [_TELEGRAM], "implemented_by": [],
                                          "references": []},
                                "tasks": [_TASK]}),
            response_model=dict[str, Any])
def get_document(key: DocKey, store: StoreDep) -> JSONResponse:
    return answer(document_detail(store, _pick(store, key)))
