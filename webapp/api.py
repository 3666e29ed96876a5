"""The JSON API (see /api/openapi.json)."""
from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, request, url_for
from flask_babel import gettext as _

from ssc_search.errors import QueryError, UnknownName
from ssc_search.index.entities import KINDS
from ssc_search.index.store import IndexError_, ShardUnavailable
from ssc_search.library import export

from . import params
from .errors import ApiError
from .openapi import spec

bp = Blueprint("api", __name__, url_prefix="/api")


def library():
    snap = current_app.extensions["ssc_library"].current()
    g.generation = snap.generation
    return snap


def _call(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except UnknownName as exc:  # a well-formed id of nothing in the library
        raise ApiError(404, str(exc)) from None
    except QueryError as exc:  # what the user asked for; any other error is ours, a logged 500
        raise ApiError(400, str(exc)) from None


@bp.get("/search")
def search():
    query, k, filters = params.text("q"), params.k(), params.filters()
    snap = library()
    result = _call(snap.search, query, k=k, weaker=params.flag("weaker"), **filters)
    facets = {field: [{"value": value, "count": count} for value, count in counts]
              for field, counts in snap.facets(result).items()}
    return jsonify({**result.to_dict(), "facets": facets})


@bp.route("/ask", methods=["GET", "POST"])
def ask():
    if request.method == "POST":
        if not request.is_json:  # a form or plain text: the question is sent as JSON
            raise ApiError(415, _('send the question as JSON (Content-Type: application/json), such as '
                                  '{"question": "What is the Yucatan Agreement?"}'))
        try:
            body = request.get_json(silent=True)
        except RecursionError:  # JSON nested deeper than the parser goes: not a question
            body = None
        if not isinstance(body, dict):
            raise ApiError(400, _('send a JSON object such as {"question": "What is the Yucatan Agreement?"}'))
        question = params.text("question", source=body)
        filters = params.body_filters(body)
    else:
        question = params.text("q")
        filters = {k: v for k, v in params.filters().items() if k != "entity"}  # as `ssc-search ask` takes them
    snap = library()
    result = _call(snap.ask, question, **filters)
    return jsonify(result.to_dict())


@bp.get("/documents")
def documents():
    snap = library()
    return jsonify({"generation": snap.generation,
                    "documents": [d.to_dict() for d in snap.index.documents],
                    "skipped": snap.index.skipped})


@bp.get("/documents/<doc_id>")
def document(doc_id: str):
    """One document: its description and its pages, each with the label it prints and its address."""
    snap = library()
    found = snap.searcher.docs.get(doc_id)
    if found is None:
        raise ApiError(404, _("no document %(doc)r; see /api/documents for ids", doc=doc_id))
    pages = snap.document_pages(doc_id)
    return jsonify({"generation": snap.generation, "document": found.to_dict(),
                    "pages": [{"label": p["label"], "pdf_page": p["index"],
                               "url": url_for("pages.page", doc_id=doc_id, label=p["label"], _external=True)}
                              for p in pages]})


@bp.get("/entities")
def entities():
    kind = params.choice("kind", KINDS)
    snap = library()
    listed = _call(snap.entities, kind)
    return jsonify({"entities": [{**snap.catalogue.labelled(e), "mentions": len(e["mentions"])} for e in listed]})


@bp.get("/entities/<entity_id>")
def entity(entity_id: str):
    catalogue = library().catalogue
    found = catalogue.get(entity_id)
    if found is None:
        raise ApiError(404, _("no entity %(entity)r; see /api/entities for ids", entity=entity_id))
    return jsonify({**catalogue.labelled(found), "relations": catalogue.relations_of(found["id"])})


@bp.get("/suggest")
def suggest():
    prefix = params.text("q", required=False)
    return jsonify({"suggestions": library().suggest(prefix)})


@bp.get("/health")
def health():
    snap = library()
    return jsonify({"status": "ok", "generation": snap.generation, "documents": len(snap.index.documents),
                    "passages": len(snap.index.passages)})


@bp.get("/openapi.json")
def openapi():
    examples = {}
    try:
        snap = current_app.extensions["ssc_library"].current()
        examples = {"doc": next((d.doc_id for d in snap.index.documents), None),
                    "entity": next((e["id"] for e in snap.catalogue.entities), None)}
    except (IndexError_, ShardUnavailable):  # no index yet: the description stands without live examples
        pass
    return jsonify(spec(examples))


@bp.get("/export")
def export_references():
    """The citations of an answer (`of=answer`) or the results of a search (`of=search`) as references."""
    fmt = params.choice("format", tuple(export.FORMATS)) or "bibtex"
    of = params.choice("of", ("answer", "search")) or "search"
    query, filters = params.text("q"), params.filters()
    snap = library()
    refs = _call(references, snap, query, of, params.k(), filters, params.flag("weaker"))
    if not refs:  # an empty file would look like a failed download
        raise ApiError(404, _("the documents do not answer this question: there is no citation to export")
                       if of == "answer" else _("no passage matches this query: there is nothing to export"))
    media, extension = export.FORMATS[fmt]
    response = current_app.response_class(export.render(fmt, refs), mimetype=media)
    response.headers["Content-Disposition"] = f'attachment; filename="ssc-search-{of}.{extension}"'
    return response


def references(snap, query: str, of: str, k: int, filters: dict, weaker: bool = False) -> list[export.Reference]:
    docs = snap.searcher.docs
    if of == "answer":
        answer = snap.ask(query, **{key: filters[key] for key in ("doc", "language", "year")})
        return [export.reference(docs[c.doc_id], c.page_label, c.locator_text, page_url(c.doc_id, c.page_label,
                                                                                       c.passage_id), c.quote)
                for c in answer.citations]
    result = snap.search(query, k=k, weaker=weaker, **filters)  # the list the page showed
    return [export.reference(docs[h.doc_id], h.page_label, h.spans_text(),
                             page_url(h.doc_id, h.page_label, h.passage_id), h.text) for h in result.results]


def page_url(doc_id: str, label: str, passage_id: str) -> str:
    return url_for("pages.page", doc_id=doc_id, label=label, passage=passage_id, _external=True)


@bp.post("/feedback")
def feedback():
    """A reader's verdict on an answer: right, wrong or partly, with a comment."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, _('send a JSON object such as {"question": "...", "verdict": "right"}'))
    citations, key_phrases = body.get("citations", []), body.get("key_phrases", [])
    if not isinstance(citations, list) or not isinstance(key_phrases, list):
        raise ApiError(400, _("'citations' and 'key_phrases' must be lists"))
    fields = {name: body.get(name) for name in ("question", "verdict", "comment", "answer")}
    if any((value is not None or name in body) and not isinstance(value, str) for name, value in fields.items()):
        raise ApiError(400, _("'question', 'verdict', 'comment' and 'answer' must be strings"))
    snap = library()
    entry = _call(current_app.extensions["ssc_feedback"].add, fields["question"] or "", fields["verdict"] or "",
                  fields["comment"] or "", fields["answer"], citations, key_phrases, g.get("lang"), snap.generation)
    return jsonify({"id": entry}), 201
