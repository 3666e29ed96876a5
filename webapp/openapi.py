"""The OpenAPI 3.1 description of /api: the contract clients are generated from.

It states the server's real validation (the checks in `params` and the upload checks), every error
response with its JSON shape, the bearer scheme of the admin operations, and links from the operations
that produce ids to those that take them. Tests check it against the app's routes, validate it, and run
Schemathesis against a served build.
"""
from __future__ import annotations

from ssc_search.catalog import ID_PATTERN, LANGUAGES, MAX_ID_CHARS
from ssc_search.entities import KINDS
from ssc_search.export import FORMATS
from ssc_search.jobs import JOB_ID_PATTERN
from ssc_search.search import MAX_K, MAX_QUERY_CHARS

from .params import MAX_FILTER_VALUES, YEARS

MAX_META_CHARS = 300  # title, issuer, kind and source of an upload (corpus_admin checks the same)

WHY = {400: "the request breaks a rule stated here; the message names it",
       401: "no valid admin token (the header WWW-Authenticate says how to send one)",
       404: "no such document, entity or job; the message says where the ids are listed",
       409: "a build is already running, or the same PDF is already in the library",
       413: "the body is larger than the server accepts",
       415: "the file is not a PDF",
       429: "too many wrong admin tokens from this address: wait the seconds Retry-After gives",
       422: "the PDF cannot be read or has no text layer",
       503: "no index has been built yet, or a shard server is down",
       507: "the server's disk is full; nothing was changed"}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


def _responses(ok: str, schema: str, *errors: int, status: str = "200", links: dict | None = None,
               headers: dict | None = None) -> dict:
    out = {status: {"description": ok, "content": _json(_ref(schema))}}
    if links:
        out[status]["links"] = links
    if headers:
        out[status]["headers"] = headers
    for code in errors:
        out[str(code)] = {"description": WHY[code], "content": _json(_ref("Error"))}
    return out


def _param(name: str, where: str, description: str, schema: dict, required: bool = False,
           example=None) -> dict:
    out = {"name": name, "in": where, "required": required or where == "path", "description": description,
           "schema": schema}
    if example is not None:
        out["example"] = example
    return out


ID = {"type": "string", "pattern": ID_PATTERN, "maxLength": MAX_ID_CHARS}
QUERY = {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_CHARS, "pattern": r"\S",
         "description": "at least one character that is not a space"}
LANGUAGE = {"type": "string", "enum": list(LANGUAGES)}
YEAR = {"type": "integer", "minimum": YEARS[0], "maximum": YEARS[1]}
IDS = {"type": "array", "items": ID, "minItems": 1, "maxItems": MAX_FILTER_VALUES}
SPAN = {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2, "maxItems": 2}
NULLABLE_STRING = {"type": ["string", "null"]}
LANGUAGE_PARAMETERS = [
    _param("lang", "query", "the language of messages and errors (else Accept-Language, else English)",
           LANGUAGE, example="es"),
    _param("Accept-Language", "header", "the reader's languages, as browsers send them", {"type": "string"},
           example="es-MX,es;q=0.9,en;q=0.5"),
]
JOB_LINK = {"GetJob": {"operationId": "getJob", "parameters": {"job_id": "$response.body#/job/id"},
                       "description": "the build job this request started"}}
LOCATION = {"Location": {"description": "the job's URL (GET /api/jobs/{job_id})", "schema": {"type": "string"}}}


def _object(properties: dict, required: list[str] | None = None) -> dict:
    return {"type": "object", "required": required if required is not None else list(properties),
            "properties": properties}


def schemas() -> dict:
    """The components' schemas: what search and ask answer, then the library's records."""
    return {**_search_schemas(), **_answer_schemas(), **_library_schemas()}


def _search_schemas() -> dict:
    return {
        "Error": _object({"error": _object({"code": {"type": "string"}, "message": {"type": "string"}})}),
        "Hit": _object({
            "rank": {"type": "integer", "minimum": 1}, "score": {"type": "number"}, "doc_id": ID,
            "title": {"type": "string"}, "page": {"type": "integer", "description": "the printed page number"},
            "page_label": {"type": "string", "description": "what the page prints (\"25\", \"ii\")"},
            "pdf_page": {"type": "integer", "minimum": 1}, "passage_id": {"type": "string"},
            "section": NULLABLE_STRING, "text": {"type": "string"},
            "highlights": {"type": "array", "items": SPAN,
                           "description": "[start, end) offsets in `text` of the matched words"},
            "locators": {"type": "array", "items": _ref("Locator"),
                         "description": "the paragraphs or articles the passage spans, in order"},
            "ocr": {"type": ["number", "null"], "minimum": 0, "maximum": 100,
                    "description": "set when the page was read from its image by OCR: Tesseract's mean confidence"}}),
        "Locator": {"type": "object", "required": ["text"], "description": "where text stands in its "
                    "document: paragraph (with subparagraph, item), preamble, annex, decision; or article "
                    "(with fraction, inciso, transitory, decree)",
                    "properties": {"text": {"type": "string", "description": "\"para. 25\", \"art. 10, fracc. III\""},
                                   **{k: {"type": "string"} for k in ("paragraph", "subparagraph", "item", "preamble",
                                                                      "annex", "decision", "article", "fraction",
                                                                      "inciso")},
                                   "transitory": {"type": "boolean"}, "decree": {"type": "boolean"}}},
        "SearchResult": _object({
            "query": {"type": "string"}, "took_ms": {"type": "number", "minimum": 0},
            "total": {"type": "integer", "minimum": 0,
                      "description": "passages that match: holding at least half of the query's word weight, "
                                     "rarer words weighing more (every passage with a query word with weaker=true)"},
            "weaker": {"type": "integer", "minimum": 0, "description": "passages with a query word not counted"},
            "results": {"type": "array", "items": _ref("Hit")},
            "facets": {"type": "object", "description": "counts over the passages `total` counts, by doc, year "
                       "(0: none), language, agency and country",
                       "additionalProperties": {"type": "array", "items": _object({
                           "value": {"type": ["string", "integer"]}, "count": {"type": "integer", "minimum": 1}})}}}),
    }


def _answer_schemas() -> dict:
    entity_summary = _object({"id": ID, "name": {"type": "string"}, "kind": {"type": "string", "enum": list(KINDS)}})
    return {
        "Citation": _object({
            "n": {"type": "integer", "minimum": 1}, "doc_id": ID, "title": {"type": "string"},
            "page": {"type": "integer"}, "page_label": {"type": "string"}, "pdf_page": {"type": "integer"},
            "passage_id": {"type": "string"},
            "quote": {"type": "string", "description": "the cited text, as it stands on the page"},
            "locator": {"type": ["object", "null"], "description": "where the quote begins: the Locator fields "
                        "without `text`", "additionalProperties": {"type": ["string", "boolean"]}},
            "locator_text": {"type": ["string", "null"], "description": "\"para. 25\", \"art. 10, fracc. III\""}}),
        "EntitySummary": entity_summary,
        "Answer": _object({
            "question": {"type": "string"},
            "answer": {"type": ["string", "null"], "description": "null when the documents do not answer"},
            "took_ms": {"type": "number", "minimum": 0},
            "kind": {"type": "string", "description": "the kind of answer asked for (number, date, who, list …)"},
            "citations": {"type": "array", "items": _ref("Citation")},
            "answer_spans": {"type": "array", "items": SPAN,
                             "description": "[start, end) offsets in `answer` of the exact answer"},
            "confidence": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
            "entities": {"type": "array", "items": _ref("EntitySummary")},
            "passages": {"type": "array", "items": _ref("Hit")},
            "message": {"type": "string", "description": "why nothing was answered, when nothing was"}},
            required=["question", "answer", "took_ms", "kind", "citations", "answer_spans", "confidence",
                      "entities", "passages"]),
    }


def _library_schemas() -> dict:
    passage_ref = _object({"passage_id": {"type": "string"}, "doc_id": ID, "page": {"type": "integer"},
                           "page_label": {"type": "string"}})
    entity_summary = _object({"id": ID, "name": {"type": "string"}, "kind": {"type": "string", "enum": list(KINDS)}})
    return {
        "Document": _object({
            "doc_id": ID, "file": {"type": "string"}, "title": {"type": "string"}, "issuer": {"type": "string"},
            "year": {"type": ["integer", "null"]}, "language": LANGUAGE, "kind": {"type": "string"},
            "source": {"type": "string"}, "sha256": {"type": "string"}, "pages": {"type": "integer"},
            "pages_without_text": {"type": "array", "items": {"type": "integer"}},
            "passages": {"type": "integer"}, "headers_removed": {"type": "integer"},
            "words_rejoined": {"type": "integer"}, "extractor": {"type": "string"},
            "scanned_pages": {"type": "array", "items": {"type": "integer"},
                              "description": "pages with no usable text layer"},
            "ocr_pages": {"type": "array", "items": {"type": "integer"}, "description": "of those, the pages OCR read"},
            "ocr_confidence": {"type": ["number", "null"]},
            "ocr_failures": {"type": "array", "items": {"type": "string"}},
            "searchable": {"type": "boolean"}}),
        "DocumentList": _object({
            "generation": {"type": "string"}, "documents": {"type": "array", "items": _ref("Document")},
            "skipped": {"type": "array", "items": _object({"file": {"type": "string"},
                                                           "reason": {"type": "string"}})}}),
        "EntityList": _object({"entities": {"type": "array", "items": _object({
            **entity_summary["properties"], "aliases": {"type": "array", "items": {"type": "string"}},
            "mentions": {"type": "integer", "minimum": 0}})}}),
        "Entity": _object({
            **entity_summary["properties"], "aliases": {"type": "array", "items": {"type": "string"}},
            "mentions": {"type": "array", "items": passage_ref},
            "relations": {"type": "array", "items": _object({
                "entity": _ref("EntitySummary"), "count": {"type": "integer", "minimum": 1},
                "citations": {"type": "array", "items": passage_ref}})}}),
        "Suggestions": _object({"suggestions": {"type": "array", "items": _ref("EntitySummary")}}),
        "Job": _object({
            "id": {"type": "string", "pattern": JOB_ID_PATTERN},
            "kind": {"type": "string", "enum": ["upload", "remove", "reindex"]},
            "status": {"type": "string", "enum": ["queued", "running", "done", "failed"]},
            "progress": {"type": "number", "minimum": 0, "maximum": 1}, "message": {"type": "string"},
            "doc_id": {"type": ["string", "null"]}, "created": {"type": "number"},
            "finished": {"type": ["number", "null"]},
            "report": {"type": ["object", "null"], "description": "what the build did, once it is done"}}),
        "Accepted": _object({"job": _ref("Job"), "document": {
            "type": "object", "description": "the catalogue entry of an uploaded document",
            "required": ["id", "file", "title"], "properties": {"id": ID, "file": {"type": "string"}}}},
            required=["job"]),
        "Health": _object({"status": {"type": "string", "enum": ["ok"]}, "generation": {"type": "string"},
                           "documents": {"type": "integer"}, "passages": {"type": "integer"}}),
    }


def _filters(examples: dict) -> tuple[list[dict], dict]:
    """The document, language and year filters, and the entity filter, with real ids as examples."""
    doc_example = [examples["doc"]] if examples.get("doc") else None
    filters = [
        _param("doc", "query", "only these documents (repeat for several)", IDS, example=doc_example),
        _param("language", "query", "only documents in this language", LANGUAGE, example="es"),
        _param("year", "query", "only documents of this year", YEAR, example=2014),
    ]
    entity_filter = _param("entity", "query", "only passages naming one of these entities (ids from "
                           "GET /api/entities; repeat for several)", IDS,
                           example=[examples["entity"]] if examples.get("entity") else None)
    return filters, entity_filter


def _asking_paths(examples: dict) -> dict:
    """Search and ask."""
    filters, entity_filter = _filters(examples)
    ask_body = _object({
        "question": {**QUERY, "example": "What is the Yucatán Agreement?"},
        "doc": {"oneOf": [ID, IDS], "description": "only this document, or these"},
        "language": LANGUAGE, "year": YEAR}, required=["question"])
    return {
        "/api/search": {"get": {
            "operationId": "searchPassages", "summary": "Rank passages",
            "description": "Words, \"quoted phrases\" (matched in order) and filters.",
            "parameters": [
                _param("q", "query", "the query", QUERY, True, "\"triangular cooperation\" Mexico"),
                _param("k", "query", "how many passages", {"type": "integer", "minimum": 1, "maximum": MAX_K,
                                                            "default": 10}, example=5),
                *filters, entity_filter,
                _param("weaker", "query", "count and rank every passage with a query word, not only the strong "
                       "matches", {"type": "string", "enum": ["true", "false", "1", "0", "yes", "no"]})],
            "responses": _responses("ranked passages", "SearchResult", 400, 404, 503)}},
        "/api/ask": {
            "get": {"operationId": "ask", "summary": "Answer a question",
                    "description": "The answer cites document and printed page; `answer_spans` mark the "
                                   "exact answer; `answer` is null, with `message`, when the documents do "
                                   "not answer.",
                    "parameters": [_param("q", "query", "the question", QUERY, True,
                                          "How many South-South projects did Mexico provide in 2012?"),
                                   *filters],
                    "responses": _responses("a cited answer, or null with a message", "Answer", 400, 404, 503)},
            "post": {"operationId": "askPost", "summary": "Answer a question sent as JSON",
                     "requestBody": {"required": True, "content": _json(ask_body)},
                     "responses": _responses("a cited answer, or null with a message", "Answer",
                                             400, 404, 413, 503)}},
    }


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
                _param("q", "query", "the question or query", QUERY, True, "What is the Yucatán Agreement?"),
                _param("format", "query", "the reference format", {"type": "string", "enum": list(FORMATS),
                                                                     "default": "bibtex"}, example="ris"),
                _param("of", "query", "an answer's citations or a search's passages",
                       {"type": "string", "enum": ["answer", "search"], "default": "search"}, example="answer"),
                _param("k", "query", "how many passages (of=search)", {"type": "integer", "minimum": 1,
                                                                        "maximum": MAX_K, "default": 10}),
                *filters, entity_filter],
            "responses": {"200": {"description": "the references, as a file to save", "content": {
                **{FORMATS[f][0]: {"schema": {"type": "string"}} for f in ("bibtex", "ris", "csv")},
                FORMATS["csljson"][0]: {"schema": {"type": "array", "items": {"type": "object"}}}}},
                **{str(code): {"description": WHY[code], "content": _json(_ref("Error"))}
                   for code in (400, 404, 503)}}}},
        "/api/feedback": {"post": {
            "operationId": "sendFeedback", "summary": "A reader's verdict on an answer",
            "description": "Stored beside the index (kept across re-indexing), listed on the admin page and "
                           "exported by `ssc-search feedback export` as questions for `eval-qa`.",
            "requestBody": {"required": True, "content": _json(_object({
                "question": {**QUERY, "example": "What is the Yucatán Agreement?"},
                "verdict": {"type": "string", "enum": ["right", "wrong", "partly"]},
                "comment": {"type": "string", "maxLength": 2000},
                "answer": {"type": "string", "maxLength": 5000},
                "citations": {"type": "array", "maxItems": 10, "items": {
                    "type": "object", "properties": {"doc_id": {"type": "string"}, "page": {"type": "integer"}}}},
                "key_phrases": {"type": "array", "maxItems": 10, "items": {"type": "string", "maxLength": 300}}},
                required=["question", "verdict"]))},
            "responses": {"201": {"description": "stored", "content": _json(_object({"id": {"type": "integer"}}))},
                          **{str(code): {"description": WHY[code], "content": _json(_ref("Error"))}
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
                    "responses": _responses("documents and skipped files", "DocumentList", 503, links={
                        "RemoveDocument": {"operationId": "removeDocument",
                                           "parameters": {"doc_id": "$response.body#/documents/0/doc_id"}}})},
            "post": {"operationId": "uploadDocument", "summary": "Add a PDF and index it (admin)",
                     "security": admin,
                     "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": upload_body}}},
                     "responses": _responses("stored; a build job was started", "Accepted", 400, 401, 409, 413,
                                             415, 422, 429, 507, status="202", links=JOB_LINK, headers=LOCATION)}},
        "/api/documents/{doc_id}": {"delete": {
            "operationId": "removeDocument", "summary": "Remove a document and re-index (admin)",
            "security": admin,
            "parameters": [_param("doc_id", "path", "the document (GET /api/documents lists them)", ID,
                                  example=examples.get("doc"))],
            "responses": _responses("removed; a build job was started", "Accepted", 401, 404, 409, 429, 507,
                                    status="202", links=JOB_LINK, headers=LOCATION)}},
        "/api/reindex": {"post": {
            "operationId": "reindex", "summary": "Re-index the corpus folder (admin)", "security": admin,
            "responses": _responses("a build job was started", "Accepted", 401, 409, 429, status="202",
                                    links=JOB_LINK, headers=LOCATION)}},
        "/api/jobs/{job_id}": {"get": {
            "operationId": "getJob", "summary": "A build job's status, progress and report (admin)",
            "security": admin,
            "parameters": [_param("job_id", "path", "from the 202 of an admin operation",
                                  {"type": "string", "pattern": JOB_ID_PATTERN})],
            "responses": _responses("the job", "Job", 401, 404, 429)}},
    }


def _catalogue_paths(examples: dict) -> dict:
    """The entity catalogue, suggestions, health and this description."""
    return {
        "/api/entities": {"get": {
            "operationId": "listEntities", "summary": "The entity catalogue",
            "parameters": [_param("kind", "query", "only this kind", {"type": "string", "enum": list(KINDS)},
                                  example="agency")],
            "responses": _responses("entities with their number of mentions", "EntityList", 400, 503, links={
                "GetEntity": {"operationId": "getEntity",
                              "parameters": {"entity_id": "$response.body#/entities/0/id"}}})}},
        "/api/entities/{entity_id}": {"get": {
            "operationId": "getEntity", "summary": "One entity with its mentions and relations",
            "parameters": [_param("entity_id", "path", "from GET /api/entities", ID,
                                  example=examples.get("entity"))],
            "responses": _responses("the entity", "Entity", 404, 503)}},
        "/api/suggest": {"get": {
            "operationId": "suggest", "summary": "Entity names for what has been typed",
            "parameters": [_param("q", "query", "what has been typed (fewer than two letters suggest nothing)",
                                  {"type": "string", "maxLength": MAX_QUERY_CHARS}, example="undp")],
            "responses": _responses("suggestions", "Suggestions", 400, 503)}},
        "/api/health": {"get": {"operationId": "health", "summary": "Liveness and the generation served",
                                "responses": _responses("ok", "Health", 503)}},
        "/api/openapi.json": {"get": {"operationId": "openapi", "summary": "This description",
                                      "responses": {"200": {"description": "OpenAPI 3.1", "content": _json(
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
                operation["responses"].setdefault("400", {"description": WHY[400], "content": _json(_ref("Error"))})
    return description
