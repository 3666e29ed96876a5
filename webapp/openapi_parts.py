"""The building blocks of the OpenAPI description: the shapes of values (ids, queries, languages,
years), helpers for parameters and responses, and the schemas of every response body."""
from __future__ import annotations

from ssc_search.index.entities import KINDS
from ssc_search.config import YEARS
from ssc_search.index.search import MAX_QUERY_CHARS
from ssc_search.ingest.catalog import ID_PATTERN, LANGUAGES, MAX_ID_CHARS
from ssc_search.library.jobs import JOB_ID_PATTERN

from .params import MAX_FILTER_VALUES

MAX_META_CHARS = 300  # title, issuer, kind and source of an upload (corpus_admin checks the same)

WHY = {400: "the request breaks a rule stated here; the message names it",
       401: "no valid admin token (the header WWW-Authenticate says how to send one)",
       404: "no such document, entity or job; the message says where the ids are listed",
       409: "a build is already running, or the same PDF is already in the library",
       413: "the body is larger than the server accepts",
       415: "the body is not of the kind accepted: a PDF for an upload, JSON for a question",
       429: "too many wrong admin tokens from this address: wait the seconds Retry-After gives",
       422: "the PDF cannot be read or has no text layer",
       503: "no index has been built yet, or a shard server is down",
       507: "the server's disk is full; nothing was changed"}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def json_body(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


def responses(ok: str, schema: str, *errors: int, status: str = "200", links: dict | None = None,
               headers: dict | None = None) -> dict:
    out = {status: {"description": ok, "content": json_body(ref(schema))}}
    if links:
        out[status]["links"] = links
    if headers:
        out[status]["headers"] = headers
    for code in errors:
        out[str(code)] = {"description": WHY[code], "content": json_body(ref("Error"))}
    return out


def param(name: str, where: str, description: str, schema: dict, required: bool = False,
           example=None) -> dict:
    out = {"name": name, "in": where, "required": required or where == "path", "description": description,
           "schema": schema}
    if example is not None:
        out["example"] = example
    return out


ID = {"type": "string", "pattern": ID_PATTERN, "maxLength": MAX_ID_CHARS}
_NOT_CONTROL = r"[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]"  # tabs and line breaks are spaces
NO_CONTROL = rf"^{_NOT_CONTROL}*$"  # any text without control characters (a verdict's comment)
QUERY = {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_CHARS,
         "pattern": rf"^{_NOT_CONTROL}*[^\s\u0000-\u001f\u007f]{_NOT_CONTROL}*$",
         "description": "at least one character that is not a space, and no control characters"}
LANGUAGE = {"type": "string", "enum": list(LANGUAGES)}
LABEL = {"type": "string", "description": "the name in the language of the request (?lang= or Accept-Language), "
                                         "with its acronym: \"Programa de las Naciones Unidas para el Desarrollo (PNUD)\""}
YEAR = {"type": "integer", "minimum": YEARS[0], "maximum": YEARS[1]}
IDS = {"type": "array", "items": ID, "minItems": 1, "maxItems": MAX_FILTER_VALUES}
SPAN = {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2, "maxItems": 2}
NULLABLE_STRING = {"type": ["string", "null"]}
LANGUAGE_PARAMETERS = [
    param("lang", "query", "the language of messages and errors (else Accept-Language, else English)",
           LANGUAGE, example="es"),
    param("Accept-Language", "header", "the reader's languages, as browsers send them", {"type": "string"},
           example="es-MX,es;q=0.9,en;q=0.5"),
]
JOB_LINK = {"GetJob": {"operationId": "getJob", "parameters": {"job_id": "$response.body#/job/id"},
                       "description": "the build job this request started"}}
LOCATION = {"Location": {"description": "the job's URL (GET /api/jobs/{job_id})", "schema": {"type": "string"}}}


def obj(properties: dict, required: list[str] | None = None) -> dict:
    return {"type": "object", "required": required if required is not None else list(properties),
            "properties": properties}


def schemas() -> dict:
    """The components' schemas: what search and ask answer, then the library's records."""
    return {**_search_schemas(), **_answer_schemas(), **_library_schemas()}


def _search_schemas() -> dict:
    return {
        "Error": obj({"error": obj({"code": {"type": "string"}, "message": {"type": "string"}})}),
        "Hit": obj({
            "rank": {"type": "integer", "minimum": 1}, "score": {"type": "number"}, "doc_id": ID,
            "title": {"type": "string"}, "page": {"type": "integer", "description": "the printed page number"},
            "page_label": {"type": "string", "description": "what the page prints (\"25\", \"ii\")"},
            "pdf_page": {"type": "integer", "minimum": 1}, "passage_id": {"type": "string"},
            "section": NULLABLE_STRING, "text": {"type": "string"},
            "highlights": {"type": "array", "items": SPAN,
                           "description": "[start, end) offsets in `text` of the matched words"},
            "locators": {"type": "array", "items": ref("Locator"),
                         "description": "the paragraphs or articles the passage spans, in order"},
            "ocr": {"type": ["number", "null"], "minimum": 0, "maximum": 100,
                    "description": "set when the page was read from its image by OCR: Tesseract's mean confidence"}}),
        "Locator": {"type": "object", "required": ["text"], "description": "where text stands in its "
                    "document: paragraph (with subparagraph, item), preamble, annex, decision; or article "
                    "(with fraction, inciso, transitory, decree); or a law's chapter or title heading",
                    "properties": {"text": {"type": "string", "description": "\"para. 25\", \"art. 10, fracc. III\""},
                                   **{k: {"type": "string"} for k in ("paragraph", "subparagraph", "item", "preamble",
                                                                      "annex", "decision", "article", "fraction",
                                                                      "inciso", "chapter", "title")},
                                   "transitory": {"type": "boolean"}, "decree": {"type": "boolean"}}},
        "SearchResult": obj({
            "query": {"type": "string"}, "took_ms": {"type": "number", "minimum": 0},
            "total": {"type": "integer", "minimum": 0,
                      "description": "passages that match: holding at least half of the query's word weight, "
                                     "rarer words weighing more (every passage with a query word with weaker=true)"},
            "weaker": {"type": "integer", "minimum": 0, "description": "passages with a query word not counted"},
            "results": {"type": "array", "items": ref("Hit")},
            "facets": {"type": "object", "description": "counts over the passages `total` counts, by doc, year "
                       "(0: none), language, agency and country",
                       "additionalProperties": {"type": "array", "items": obj({
                           "value": {"type": ["string", "integer"]}, "count": {"type": "integer", "minimum": 1}})}}}),
    }


def _answer_schemas() -> dict:
    entity_summary = obj({"id": ID, "name": {"type": "string"}, "kind": {"type": "string", "enum": list(KINDS)},
                          "label": LABEL}, required=["id", "name", "kind"])
    return {
        "Citation": obj({
            "n": {"type": "integer", "minimum": 1}, "doc_id": ID, "title": {"type": "string"},
            "page": {"type": "integer"}, "page_label": {"type": "string"}, "pdf_page": {"type": "integer"},
            "passage_id": {"type": "string"},
            "quote": {"type": "string", "description": "the cited text, as it stands on the page"},
            "locator": {"type": ["object", "null"], "description": "where the quote begins: the Locator fields "
                        "without `text`", "additionalProperties": {"type": ["string", "boolean"]}},
            "locator_text": {"type": ["string", "null"], "description": "\"para. 25\", \"art. 10, fracc. III\""}}),
        "EntitySummary": entity_summary,
        "Answer": obj({
            "question": {"type": "string"},
            "answer": {"type": ["string", "null"], "description": "null when the documents do not answer"},
            "took_ms": {"type": "number", "minimum": 0},
            "kind": {"type": "string", "description": "the kind of answer asked for (number, date, who, list …)"},
            "citations": {"type": "array", "items": ref("Citation")},
            "answer_spans": {"type": "array", "items": SPAN,
                             "description": "[start, end) offsets in `answer` of the exact answer"},
            "confidence": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
            "entities": {"type": "array", "items": ref("EntitySummary")},
            "passages": {"type": "array", "items": ref("Hit")},
            "message": {"type": "string", "description": "why nothing was answered, when nothing was"}},
            required=["question", "answer", "took_ms", "kind", "citations", "answer_spans", "confidence",
                      "entities", "passages"]),
    }


DOCUMENT_DETAIL = obj({
    "generation": {"type": "string"}, "document": ref("Document"),
    "pages": {"type": "array", "items": obj({"label": {"type": "string"}, "pdf_page": {"type": "integer"},
                                             "url": {"type": "string"}})}})


def _library_schemas() -> dict:
    passage_ref = obj({"passage_id": {"type": "string"}, "doc_id": ID, "page": {"type": "integer"},
                           "page_label": {"type": "string"}})
    entity_summary = obj({"id": ID, "name": {"type": "string"}, "kind": {"type": "string", "enum": list(KINDS)},
                          "label": LABEL}, required=["id", "name", "kind"])
    return {
        "Document": obj({
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
        "DocumentDetail": DOCUMENT_DETAIL,
        "DocumentList": obj({
            "generation": {"type": "string"}, "documents": {"type": "array", "items": ref("Document")},
            "skipped": {"type": "array", "items": obj({"file": {"type": "string"},
                                                           "reason": {"type": "string"}})}}),
        "EntityList": obj({"entities": {"type": "array", "items": obj({
            **entity_summary["properties"], "aliases": {"type": "array", "items": {"type": "string"}},
            "mentions": {"type": "integer", "minimum": 0}})}}),
        "Entity": obj({
            **entity_summary["properties"], "aliases": {"type": "array", "items": {"type": "string"}},
            "mentions": {"type": "array", "items": passage_ref},
            "relations": {"type": "array", "items": obj({
                "entity": ref("EntitySummary"), "count": {"type": "integer", "minimum": 1},
                "citations": {"type": "array", "items": passage_ref}})}}),
        "Suggestions": obj({"suggestions": {"type": "array", "items": ref("EntitySummary")}}),
        "Job": obj({
            "id": {"type": "string", "pattern": JOB_ID_PATTERN},
            "kind": {"type": "string", "enum": ["upload", "remove", "reindex", "reconcile"]},
            "status": {"type": "string", "enum": ["queued", "running", "done", "failed"]},
            "progress": {"type": "number", "minimum": 0, "maximum": 1}, "message": {"type": "string"},
            "doc_id": {"type": ["string", "null"]}, "created": {"type": "number"},
            "finished": {"type": ["number", "null"]},
            "report": {"type": ["object", "null"], "description": "what the build did, once it is done"}}),
        "Accepted": obj({"job": ref("Job"), "document": {
            "type": "object", "description": "the catalogue entry of an uploaded document",
            "required": ["id", "file", "title"], "properties": {"id": ID, "file": {"type": "string"}}}},
            required=["job"]),
        "Health": obj({"status": {"type": "string", "enum": ["ok"]}, "generation": {"type": "string"},
                           "documents": {"type": "integer"}, "passages": {"type": "integer"}}),
    }
