"""Documents: multipart upload into a background ingest job, list, delete."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile, status
from pydantic import BaseModel

from api.deps import CatalogDep, CollectionName, ContainerDep, JobsDep, PrincipalDep, visible_collection
from api.errors import ERROR_RESPONSES, ApiError, not_found
from api.routes.jobs import JobOut
from tools.catalog import validate_collection_name

router = APIRouter(prefix="/v1/collections", tags=["documents"], responses=ERROR_RESPONSES)


class DocumentOut(BaseModel):
    doc_id: str
    source: str
    title: str
    content_hash: str
    n_chunks: int
    meta: dict[str, Any]
    ingested_at: float


class DocumentList(BaseModel):
    documents: list[DocumentOut]


@router.post(
    "/{name}/documents",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=JobOut,
    summary="Upload files; they are ingested by a background job",
)
async def upload_documents(
    name: CollectionName,
    files: Annotated[list[UploadFile], File(description="PDF, HTML, Markdown, text or JSONL files")],
    who: PrincipalDep,
    c: ContainerDep,
    jobs: JobsDep,
    meta: Annotated[str | None, Form(description='JSON object of metadata for every file, e.g. {"lang": "en"}')] = None,
) -> JobOut:
    """Creates the collection if it is missing (and in the key's scope). Poll `GET /v1/jobs/{job_id}`."""
    validate_collection_name(name)
    if not who.can_see(name):
        raise not_found("collection")
    s = c.settings
    if len(files) > s.max_upload_files:
        raise ApiError(413, "too_many_files", f"at most {s.max_upload_files} files per upload")
    extra = _meta(meta)
    folder = jobs.new_upload_dir()
    try:
        used = 0
        for f in files:
            used += await _save(f, folder, s.max_upload_bytes - used)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    c.catalog.create_collection(name, c.embedder.model_id, c.embedder.dim)
    return JobOut.of(jobs.submit(name, who.tenant, folder, extra))


@router.get("/{name}/documents", response_model=DocumentList, summary="List a collection's documents")
def list_documents(name: CollectionName, who: PrincipalDep, catalog: CatalogDep) -> DocumentList:
    info = visible_collection(name, who, catalog)
    return DocumentList(documents=[DocumentOut(**r.__dict__) for r in catalog.documents(info.name)])


@router.delete("/{name}/documents/{doc_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete one document")
def delete_document(name: CollectionName, doc_id: str, who: PrincipalDep, c: ContainerDep) -> None:
    info = visible_collection(name, who, c.catalog)
    if c.catalog.get_document(info.name, doc_id) is None:
        raise not_found("document")
    c.ingestor.delete(info.name, [doc_id])


async def _save(upload: UploadFile, folder: Path, budget: int) -> int:
    """Stream one upload to `folder` under its own base name (the title is that name without extension)."""
    fname = Path(upload.filename or "").name
    if not fname or fname.startswith("."):
        raise ApiError(400, "bad_filename", f"upload needs a plain file name, got {upload.filename!r}")
    if (folder / fname).exists():
        raise ApiError(400, "duplicate_filename", f"{fname!r} is uploaded twice")
    size = 0
    with (folder / fname).open("wb") as out:
        while chunk := await upload.read(1 << 20):
            size += len(chunk)
            if size > budget:
                raise ApiError(413, "upload_too_large", "the upload exceeds the server's limit (max_upload_bytes)")
            out.write(chunk)
    return size


def _meta(raw: str | None) -> dict[str, Any]:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as e:
        raise ApiError(400, "invalid_meta", f"meta is not JSON: {e}") from e
    if not isinstance(value, dict) or not all(isinstance(v, str | int | float | bool) for v in value.values()):
        raise ApiError(400, "invalid_meta", "meta must be a JSON object of strings, numbers or booleans")
    return value
