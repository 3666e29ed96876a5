"""The OpenAPI 3.1 description of /api: the contract clients are generated from.

It states the server's real validation (the checks in `params` and the upload checks), every error
response with its JSON shape, the bearer scheme of the admin operations, and links from the operations
that produce ids to those that take them. Tests check it against the app's routes, validate it, and run
Schemathesis against a served build.
"""
from __future__ import annotations

from ssc_search.index.entities import KINDS
from ssc_search.index.search import MAX_K, MAX_QUERY_CHARS
from ssc_search.library.export import FORMATS
from ssc_search.library.jobs import JOB_ID_PATTERN

from .openapi_parts import (
    ID,
    IDS,
    JOB_LINK,
    LANGUAGE,
    LANGUAGE_PARAMETERS,
    LOCATION,
    MAX_META_CHARS,
    NO_CONTROL,
    QUERY,
    WHY,
    YEAR,
    json_body,
    obj,
    param,
    ref,
    responses,
    schemas,
)


def _filters(examples: dict) -> tuple[list[dict], dict]:
    """The document, language and year filters, and the entity filter, with real ids as examples."""
    doc_example = [examples["doc"]] if examples.get("doc") else None
    filters = [
        param("doc", "query", "only these documents (repeat for several)", IDS, example=doc_example),
        param("language", "query", "only documents in this language", LANGUAGE, example="es"),
        param("year", "query", "only documents of this year", YEAR, example=2014),
    ]
    entity_filter = param("entity", "query", "only passages naming one of these entities (ids from "
                           "GET /api/entities; repeat for several)", IDS,
                           example=[examples["entity"]] if examples.get("entity") else None)
    return filters, entity_filter


def _asking_paths(examples: dict) -> dict:
    """Search and ask."""
    filters, entity_filter = _filters(examples)
    ask_body = obj({
        "question": {**QUERY, "example": "What is the Yucatán Agreement?"},
        "doc": {"oneOf": [ID, IDS], "description": "only this document, or these"},
        "language": LANGUAGE, "year": YEAR}, required=["question"])
    return {
        "/api/search": {"get": {
            "operationId": "searchPassages", "summary": "Rank passages",
            "description": "Words, \"quoted phrases\" (matched in order) and filters.",
            "parameters": [
                param("q", "query", "the query", QUERY, True, "\"triangular cooperation\" Mexico"),
                param("k", "query", "how many passages", {"type": "integer", "minimum": 1, "maximum": MAX_K,
                                                            "default": 10}, example=5),
                *filters, entity_filter,
                WEAKER],
            "responses": responses("ranked passages", "SearchResult", 400, 404, 503)}},
        "/api/ask": {
            "get": {"operationId": "ask", "summary": "Answer a question",
                    "description": "The answer cites document and printed page; `answer_spans` mark the "
                                   "exact answer; `answer` is null, with `message`, when the documents do "
                                   "not answer.",
                    "parameters": [param("q", "query", "the question", QUERY, True,
                                          "How many South-South projects did Mexico provide in 2012?"),
                                   *filters],
                    "responses": responses("a cited answer, or null with a message", "Answer", 400, 404, 503)},
            "post": {"operationId": "askPost", "summary": "Answer a question sent as JSON",
                     "requestBody": {"required": True, "content": json_body(ask_body)},
                     "responses": responses("a cited answer, or null with a message", "Answer",
                                             400, 404, 413, 415, 503)}},
    }


WEAKER = param("weaker", "query", "count and rank every passage with a query word, not only the strong matches",
               {"type": "string", "enum": ["true", "false", "1", "0", "yes", "no"]})


def _export_paths(examples: dict) -> dict:
    """References for an answer or a search, and readers' verdicts."""
    filters, entity_filter = _filters(examples)
    return {
        "/api/export": {"get": {
            "operationId": "exportReferences", "summary": "Citations or results as references",
            "description": "The citations of the answer to `q` (`of=answer`) or the passages a search for it "
                           "finds (`of=search`), as BibTeX, RIS, CSL-JSON or CSV, each entry with symbol or "
                           "title, issuer, year, printed page, locator and the page's address.",
            "parameters": [
                param("q", "query", "the question or query", QUERY, True, "What is the Yucatán Agreement?"),
                param("format", "query", "the reference format", {"type": "string", "enum": list(FORMATS),
                                                                     "default": "bibtex"}, example="ris"),
                param("of", "query", "an answer's citations or a search's passages",
                       {"type": "string", "enum": ["answer", "search"], "default": "search"}, example="answer"),
                param("k", "query", "how many passages (of=search)", {"type": "integer", "minimum": 1,
                                                                        "maximum": MAX_K, "default": 10}),
                *filters, entity_filter, WEAKER],
            "responses": {"200": {"description": "the references, as a file to save", "content": {
                **{FORMATS[f][0]: {"schema": {"type": "string"}} for f in ("bibtex", "ris", "csv")},
                FORMATS["csljson"][0]: {"schema": {"type": "array", "items": {"type": "object"}}}}},
                "404": {"description": "nothing to export: the question is not answered, or nothing matches "
                                       "(or an unknown document or entity in the filters)",
                        "content": json_body(ref("Error"))},
                **{str(code): {"description": WHY[code], "content": json_body(ref("Error"))}
                   for code in (400, 503)}}}},
        "/api/feedback": {"post": {
            "operationId": "sendFeedback", "summary": "A reader's verdict on an answer",
            "description": "Stored beside the index (kept across re-indexing), listed on the admin page and "
                           "exported by `ssc-search feedback export` as questions for `eval-qa`.",
            "requestBody": {"required": True, "content": json_body(obj({
                "question": {**QUERY, "example": "What is the Yucatán Agreement?"},
                "verdict": {"type": "string", "enum": ["right", "wrong", "partly"]},
                "comment": {"type": "string", "maxLength": 2000, "pattern": NO_CONTROL},
                "answer": {"type": "string", "maxLength": 5000},
                "citations": {"type": "array", "maxItems": 10, "items": {
                    "type": "object", "properties": {"doc_id": {"type": "string"}, "page": {"type": "integer"}}}},
                "key_phrases": {"type": "array", "maxItems": 10, "items": {"type": "string", "maxLength": 300}}},
                required=["question", "verdict"]))},
            "responses": {"201": {"description": "stored", "content": json_body(obj({"id": {"type": "integer"}}))},
                          **{str(code): {"description": WHY[code], "content": json_body(ref("Error"))}
                             for code in (400, 413, 503)}}}},
    }


def _library_paths(examples: dict) -> dict:
    """The documents, and the admin operations that change them."""
    admin = [{"admin": []}]
    upload_body = {"type": "object", "required": ["file", "title"], "properties": {
        "file": {"type": "string", "contentMediaType": "application/pdf", "minLength": 1,
                 "description": "a PDF with a text layer (415 if it is not a PDF, 422 if it has no text)"},
        "title": {"type": "string", "minLength": 1, "maxLength": MAX_META_CHARS, "pattern": r"\S"},
        "issuer": {"type": "string", "maxLength": MAX_META_CHARS},
        "kind": {"type": "string", "maxLength": MAX_META_CHARS},
        "source": {"type": "string", "maxLength": MAX_META_CHARS},
        "year": {"type": "integer", "minimum": 1900, "maximum": 2099}, "language": LANGUAGE}}
    return {
        "/api/documents": {
            "get": {"operationId": "listDocuments", "summary": "The documents in the library",
                    "responses": responses("documents and skipped files", "DocumentList", 503, links={
                        "RemoveDocument": {"operationId": "removeDocument",
                                           "parameters": {"doc_id": "$response.body#/documents/0/doc_id"}}})},
            "post": {"operationId": "uploadDocument", "summary": "Add a PDF and index it (admin)",
                     "security": admin,
                     "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": upload_body}}},
                     "responses": responses("stored; a build job was started", "Accepted", 400, 401, 409, 413,
                                             415, 422, 429, 507, status="202", links=JOB_LINK, headers=LOCATION)}},
        "/api/documents/{doc_id}": {"get": {
            "operationId": "getDocument", "summary": "One document with its pages",
            "parameters": [param("doc_id", "path", "the document (GET /api/documents lists them)", ID,
                                  example=examples.get("doc"))],
            "responses": responses("the document and its pages", "DocumentDetail", 404, 503)}, "delete": {
            "operationId": "removeDocument", "summary": "Remove a document and re-index (admin)",
            "security": admin,
            "parameters": [param("doc_id", "path", "the document (GET /api/documents lists them)", ID,
                                  example=examples.get("doc"))],
            "responses": responses("removed; a build job was started", "Accepted", 401, 404, 409, 429, 507,
                                    status="202", links=JOB_LINK, headers=LOCATION)}},
        "/api/reindex": {"post": {
            "operationId": "reindex", "summary": "Re-index the corpus folder (admin)", "security": admin,
            "responses": responses("a build job was started", "Accepted", 401, 409, 429, status="202",
                                    links=JOB_LINK, headers=LOCATION)}},
        "/api/jobs/{job_id}": {"get": {
            "operationId": "getJob", "summary": "A build job's status, progress and report (admin)",
            "security": admin,
            "parameters": [param("job_id", "path", "from the 202 of an admin operation",
                                  {"type": "string", "pattern": JOB_ID_PATTERN})],
            "responses": responses("the job", "Job", 401, 404, 429)}},
    }


def _catalogue_paths(examples: dict) -> dict:
    """The entity catalogue, suggestions, health and this description."""
    return {
        "/api/entities": {"get": {
            "operationId": "listEntities", "summary": "The entity catalogue",
            "parameters": [param("kind", "query", "only this kind", {"type": "string", "enum": list(KINDS)},
                                  example="agency")],
            "responses": responses("entities with their number of mentions", "EntityList", 400, 503, links={
                "GetEntity": {"operationId": "getEntity",
                              "parameters": {"entity_id": "$response.body#/entities/0/id"}}})}},
        "/api/entities/{entity_id}": {"get": {
            "operationId": "getEntity", "summary": "One entity with its mentions and relations",
            "parameters": [param("entity_id", "path", "from GET /api/entities (or a name or alias only one entity "
                                                      "has: UNDP, PNUD)",
                                  {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_CHARS},
                                  example=examples.get("entity"))],
            "responses": responses("the entity", "Entity", 404, 503)}},
        "/api/suggest": {"get": {
            "operationId": "suggest", "summary": "Entity names for what has been typed",
            "parameters": [param("q", "query", "what has been typed (fewer than two letters suggest nothing)",
                                  {"type": "string", "maxLength": MAX_QUERY_CHARS}, example="undp")],
            "responses": responses("suggestions", "Suggestions", 400, 503)}},
        "/api/health": {"get": {"operationId": "health", "summary": "Liveness and the generation served",
                                "responses": responses("ok", "Health", 503)}},
        "/api/openapi.json": {"get": {"operationId": "openapi", "summary": "This description",
                                      "responses": {"200": {"description": "OpenAPI 3.1", "content": json_body(
                                          {"type": "object"})}}}},
    }


def spec(examples: dict | None = None) -> dict:
    """The description; `examples` ({"doc": id, "entity": id}) makes the examples real ids of the library."""
    examples = examples or {}
    description = {
        "openapi": "3.1.0",
        "info": {"title": "ssc-search API", "version": "1",
                 "description": "Cited search and answers over development-cooperation documents. Errors are "
                                "JSON (`Error`) with a message that names the problem; a 405 carries `Allow`."},
        "paths": {
            **_asking_paths(examples), **_export_paths(examples), **_library_paths(examples),
            **_catalogue_paths(examples),
        },
        "components": {
            "securitySchemes": {"admin": {"type": "http", "scheme": "bearer",
                                          "description": "the server's SSC_ADMIN_TOKEN"}},
            "schemas": schemas()},
    }
    for path, operations in description["paths"].items():  # every operation answers in the asked language
        if path != "/api/openapi.json":
            for operation in operations.values():
                operation.setdefault("parameters", []).extend(LANGUAGE_PARAMETERS)
                operation["responses"].setdefault("400", {"description": WHY[400], "content": json_body(ref("Error"))})
    return description
