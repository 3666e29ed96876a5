"""The OpenAPI 3.1 description of /api; a test checks it against the app's real routes."""
from __future__ import annotations

from ssc_search.search import MAX_QUERY_CHARS

ERROR = {"$ref": "#/components/schemas/Error"}


def _q(name: str, required: bool, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema or {"type": "string", "maxLength": MAX_QUERY_CHARS}}


def _responses(ok: str, *errors: int) -> dict:
    out = {"200": {"description": ok, "content": {"application/json": {"schema": {"type": "object"}}}}}
    for status in errors:
        out[str(status)] = {"description": "error", "content": {"application/json": {"schema": ERROR}}}
    return out


def _accepted(*errors: int) -> dict:
    out = _responses("", *errors)
    del out["200"]
    out["202"] = {"description": "accepted: a build job was started (see Location)",
                  "content": {"application/json": {"schema": {"type": "object"}}}}
    return out


ADMIN = [{"admin": []}]


def spec(max_k: int) -> dict:
    filters = [
        _q("doc", False, "only these document ids (repeatable)"),
        _q("language", False, "only documents in this language", {"type": "string", "enum": ["en", "es"]}),
        _q("year", False, "only documents of this year", {"type": "integer"}),
        _q("entity", False, "only passages naming this entity id (repeatable)"),
    ]
    return {
        "openapi": "3.1.0",
        "info": {"title": "ssc-search API", "version": "1",
                 "description": "Cited search and answers over development-cooperation documents."},
        "paths": {
            "/api/search": {"get": {"summary": "Rank passages", "parameters": [
                _q("q", True, "the query"),
                _q("k", False, "how many passages", {"type": "integer", "minimum": 1, "maximum": max_k}),
                *filters], "responses": _responses("ranked passages", 400, 503)}},
            "/api/ask": {
                "get": {"summary": "Answer a question (the answer JSON carries `answer_spans`, the offsets of "
                                   "the exact answer in `answer`, and `confidence`)",
                        "parameters": [_q("q", True, "the question"), *filters[:3]],
                        "responses": _responses("a cited answer, or null with a message", 400, 503)},
                "post": {"summary": "Answer a question", "requestBody": {"required": True, "content": {
                    "application/json": {"schema": {"type": "object", "required": ["question"], "properties": {
                        "question": {"type": "string", "maxLength": MAX_QUERY_CHARS}}}}}},
                    "responses": _responses("a cited answer, or null with a message", 400, 503)}},
            "/api/documents": {
                "get": {"summary": "The documents in the library",
                        "responses": _responses("documents and skipped files", 503)},
                "post": {"summary": "Add a PDF (admin)", "security": ADMIN, "requestBody": {
                    "required": True, "content": {
                    "multipart/form-data": {"schema": {"type": "object", "required": ["file", "title"], "properties": {
                        "file": {"type": "string", "contentMediaType": "application/pdf"},
                        "title": {"type": "string"}, "issuer": {"type": "string"}, "year": {"type": "integer"},
                        "language": {"type": "string", "enum": ["en", "es"]}}}}}},
                    "responses": _accepted(400, 401, 409, 413, 415, 422)}},
            "/api/documents/{doc_id}": {"delete": {
                "summary": "Remove a document (admin)", "security": ADMIN,
                "parameters": [{"name": "doc_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": _accepted(401, 404, 409)}},
            "/api/reindex": {"post": {"summary": "Re-index the corpus folder (admin)", "security": ADMIN,
                                      "responses": _accepted(401, 409)}},
            "/api/jobs/{job_id}": {"get": {"summary": "A build job's status and progress", "parameters": [
                {"name": "job_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": _responses("the job", 404)}},
            "/api/entities": {"get": {"summary": "The entity catalogue", "parameters": [
                _q("kind", False, "agency, partner, initiative or country",
                   {"type": "string", "enum": ["agency", "partner", "initiative", "country"]})],
                "responses": _responses("entities", 400, 503)}},
            "/api/entities/{entity_id}": {"get": {"summary": "One entity with mentions and relations",
                                                  "parameters": [{"name": "entity_id", "in": "path", "required": True,
                                                                  "schema": {"type": "string"}}],
                                                  "responses": _responses("the entity", 404, 503)}},
            "/api/suggest": {"get": {"summary": "Entity names for a prefix",
                                     "parameters": [_q("q", False, "what has been typed")],
                                     "responses": _responses("suggestions", 400, 503)}},
            "/api/health": {"get": {"summary": "Liveness and the generation served",
                                    "responses": _responses("ok", 503)}},
            "/api/openapi.json": {"get": {"summary": "This description", "responses": _responses("OpenAPI 3.1")}},
        },
        "components": {"securitySchemes": {"admin": {"type": "http", "scheme": "bearer",
                                                     "description": "the server's SSC_ADMIN_TOKEN"}},
                       "schemas": {"Error": {"type": "object", "required": ["error"], "properties": {
            "error": {"type": "object", "required": ["code", "message"], "properties": {
                "code": {"type": "string"}, "message": {"type": "string"}}}}}}},
    }
