"""The HTML pages: ask, results, documents, page view, entities. Works with JavaScript off."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _

from ssc_search.analyze import fold
from ssc_search.errors import QueryError, UnknownName, blank
from ssc_search.index.entities import KINDS
from ssc_search.library import export

from . import params
from .errors import ApiError
from .i18n import language_name
from .markup import answer_parts, marked, reflowed, symbol_links

bp = Blueprint("pages", __name__)

EXAMPLES = {  # page language -> (question, its language): questions about the shipped library, in the reader's words
    "en": [("How many South-South projects did Mexico provide in 2012?", "en"),
           ("Which UN agencies support Mexico's work on statistics?", "en"),
           ("What is the Yucatán Agreement?", "en"),
           ("When was the 22nd session of the High-level Committee on South-South Cooperation held?", "en")],
    "es": [("¿Cuántos proyectos de cooperación Sur-Sur ofreció México en 2012?", "es"),
           ("¿Qué es el Registro Nacional de Cooperación Internacional para el Desarrollo?", "es"),
           ("¿Qué es el Acuerdo de Yucatán?", "es"),
           ("¿Cuándo se celebró el 22.º período de sesiones del Comité de Alto Nivel sobre la Cooperación Sur-Sur?",
            "es")],
}


EXPORT_FORMATS = [("bibtex", "BibTeX"), ("ris", "RIS"), ("csljson", "CSL-JSON"), ("csv", "CSV")]


def library():
    snap = current_app.extensions["ssc_library"].current()
    g.generation = snap.generation
    return snap


def chips(filters: dict, titles: dict, names: dict) -> list[tuple[str, str, str]]:
    """The active filters as (parameter, value, label), one removable chip each."""
    out = []
    for key in ("doc", "entity"):
        for value in filters.get(key) or []:
            out.append((key, value, (titles if key == "doc" else names).get(value, value)))
    if filters.get("language"):
        out.append(("language", filters["language"], language_name(filters["language"])))
    if filters.get("year"):
        out.append(("year", str(filters["year"]), str(filters["year"])))
    return out


def hidden(filters: dict) -> list[tuple[str, str]]:
    """The active filters as hidden fields of the question box, so a new question keeps them."""
    return [(key, str(v)) for key, values in filters.items() if values
            for v in (values if isinstance(values, list) else [values])]


@bp.app_context_processor
def entity_names():
    """`entity_name(e)`: an entity (a catalogue entry or its summary) named in the page's language."""
    def entity_name(e: dict) -> str:
        catalogue = library().catalogue
        i = catalogue.by_id.get(e["id"])
        return catalogue.name(i) if i is not None else e["name"]
    return {"entity_name": entity_name}


def _languages(snap) -> dict[str, str]:
    return {d.doc_id: d.language for d in snap.index.documents}


def _with(args: dict, **change) -> str:
    merged = {k: v for k, v in args.items() if v not in (None, [], "")}
    for key, value in change.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return url_for("pages.home", **merged)


@bp.get("/")
def home():
    snap = library()
    query = request.args.get("q", "")
    if blank(query):
        return render_template("index.html", documents=snap.index.documents, query="",
                               examples=EXAMPLES.get(g.get("lang"), EXAMPLES["en"]))
    query = params.text("q")
    filters = params.filters()
    weaker = params.flag("weaker")
    try:
        analysed = snap.analyse(query)  # once: the list, the answer and did-you-mean read it
        results = snap.search(analysed, k=20, weaker=weaker, **filters)
        answer = snap.ask(analysed, doc=filters["doc"], language=filters["language"], year=filters["year"])
        facets = snap.facets(results)
    except UnknownName as exc:
        raise ApiError(404, str(exc)) from None
    except QueryError as exc:  # what the user asked for; any other error is ours, a logged 500
        raise ApiError(400, str(exc)) from None
    args = {"q": query, **filters, "weaker": "1" if weaker else None}
    cite_links, viewer_links = {}, {}
    for c in answer.citations:
        span = snap.quote_span(c.passage_id, c.quote)
        cite_links[c.n] = url_for("pages.page", doc_id=c.doc_id, label=c.page_label, passage=c.passage_id,
                                  hl=f"{span[0]}-{span[1]}" if span else None)
        viewer_links[c.n] = url_for("pages.viewer", doc_id=c.doc_id, page=c.page_label, passage=c.passage_id,
                                    hl=f"{span[0]}-{span[1]}" if span else None)
    names = {e["id"]: snap.catalogue.name(i) for i, e in enumerate(snap.catalogue.entities)}
    titles = {d.doc_id: d.title for d in snap.index.documents}
    docs = snap.searcher.docs
    cite_as = {c.n: export.reference(docs[c.doc_id], c.page_label, c.locator_text, "").cite_as()
               for c in answer.citations}
    return render_template(
        "results.html", query=query, answer=answer, results=results, facets=facets, filters=filters,
        args=args, with_=_with, cite_links=cite_links, viewer_links=viewer_links, marked=marked, answer_parts=answer_parts, names=names,
        titles=titles, doc_languages=_languages(snap), cite_as=cite_as, export_formats=EXPORT_FORMATS,
        chips=chips(filters, titles, names), hidden_filters=hidden(filters), thanks=request.args.get("thanks") == "1",
        symbol_links=lambda text: symbol_links(snap, text), did_you_mean=snap.did_you_mean(analysed),
        # a refusal's "closest passages are listed" (not under an entity filter, which the answer does not take)
        closest=answer.passages if answer.answer is None and not filters.get("entity") else [])


@bp.post("/feedback")
def feedback():
    """A reader's verdict on an answer, from the form under it; back to the same results."""
    form = request.form
    citations = []
    for cited in form.getlist("cite")[:10]:
        doc_id, _sep, page = cited.rpartition(":")
        if page.isdigit() and len(page) <= 6:
            citations.append({"doc_id": doc_id, "page": int(page)})
    snap = library()
    try:
        current_app.extensions["ssc_feedback"].add(
            form.get("question", ""), form.get("verdict", ""), form.get("comment", ""), form.get("answer") or None,
            citations, form.getlist("key")[:10], g.get("lang"), snap.generation)
    except QueryError as exc:  # what the user asked for; any other error is ours, a logged 500
        raise ApiError(400, str(exc)) from None
    return redirect(url_for("pages.home", q=form.get("question", ""), thanks=1) + "#answer-h", code=303)


@bp.get("/documents")
def documents():
    snap = library()
    return render_template("documents.html", documents=snap.index.documents, skipped=snap.index.skipped)


def _document_page(snap, doc_id: str, label: str):
    """(document, page) by id and printed label, or a 404 that names what is missing."""
    doc = snap.searcher.docs.get(doc_id)
    if doc is None:
        abort(404, _("no document %(doc)r in the library", doc=doc_id))
    found = snap.page(doc_id, label)
    if found is None:
        abort(404, _("%(title)s has no page %(label)r", title=doc.title, label=label))
    return doc, found


def _cited_spans(snap, doc_id: str, text: str) -> list[list[int]]:
    """What to mark on a page: the cited sentence (`hl`, offsets into the page's text), else the passage."""
    quote = re.fullmatch(r"(\d{1,9})-(\d{1,9})", request.args.get("hl", ""))
    if quote and int(quote.group(1)) < int(quote.group(2)) <= len(text):
        return [[int(quote.group(1)), int(quote.group(2))]]
    passage_id = request.args.get("passage")
    if passage_id:
        return [[p.start, p.end] for p in snap.index.passages if p.id == passage_id and p.doc_id == doc_id]
    return []


@bp.get("/documents/<doc_id>/pages/<label>")
def page(doc_id: str, label: str):
    snap = library()
    doc, found = _document_page(snap, doc_id, label)
    spans = _cited_spans(snap, doc_id, found["text"])
    text = reflowed(found["text"])
    pages = snap.document_pages(doc_id)
    at = pages.index(found)  # read on: the pages either side
    return render_template("page.html", doc=doc, page=found,
                           segments=marked(text, spans, symbol_links(snap, text)),
                           highlighted=bool(spans), blank=not text.strip(),
                           before=pages[at - 1] if at else None, after=pages[at + 1] if at + 1 < len(pages) else None)


@bp.get("/documents/<doc_id>")
def document(doc_id: str):
    """A document opens at its first page."""
    pages = library().document_pages(doc_id)
    if not pages:
        abort(404, _("no document %(doc)r in the library", doc=doc_id))
    return redirect(url_for("pages.page", doc_id=doc_id, label=pages[0]["label"]))


@bp.get("/documents/<doc_id>/view")
def viewer(doc_id: str):
    """The cited page of the PDF itself (PDF.js), the quote marked on the page image."""
    snap = library()
    doc, found = _document_page(snap, doc_id, request.args.get("page", "1")[:12])
    spans = _cited_spans(snap, doc_id, found["text"])
    quote = " ".join(found["text"][spans[0][0]:spans[0][1]].split()) if spans else ""
    text_view = url_for("pages.page", doc_id=doc_id, label=found["label"], passage=request.args.get("passage"),
                        hl=request.args.get("hl"))
    return render_template("viewer.html", doc=doc, page=found, quote=quote, text_view=text_view)


@bp.get("/documents/<doc_id>.pdf")
def pdf(doc_id: str):
    snap = library()
    doc = snap.searcher.docs.get(doc_id)
    if doc is None:
        abort(404, _("no document %(doc)r in the library", doc=doc_id))
    corpus = Path(current_app.config["CORPUS_DIR"]).resolve()
    path = (corpus / doc.file).resolve()
    if path.parent != corpus or not path.is_file():  # the file name comes from the index, never the request
        abort(404, _("the PDF of %(doc)r is not in the corpus folder", doc=doc_id))
    return send_from_directory(corpus, path.name, mimetype="application/pdf")


@bp.get("/entities")
def entities():
    snap = library()
    kind = params.choice("kind", KINDS)
    query = request.args.get("q", "")[:200].strip()
    found = snap.catalogue.entities
    counts = Counter(e["kind"] for e in found)
    if query:
        folded = fold(query)
        found = [e for e in found if any(folded in fold(name) for name in [e["name"], *e["aliases"]])]
        counts = Counter(e["kind"] for e in found)
    if kind:
        found = [e for e in found if e["kind"] == kind]
    found = sorted(found, key=lambda e: (-len(e["mentions"]), e["name"]))
    return render_template("entities.html", entities=found, kind=kind, query=query, counts=counts)


@bp.get("/entities/<entity_id>")
def entity(entity_id: str):
    snap = library()
    found = snap.catalogue.get(entity_id)
    if found is None:
        abort(404, _("no entity %(entity)r", entity=entity_id))
    by_doc: dict[str, list[dict]] = {}
    for m in found["mentions"]:
        by_doc.setdefault(m["doc_id"], []).append(m)
    titles = {d.doc_id: d.title for d in snap.index.documents}
    years = {d.doc_id: d.year for d in snap.index.documents}
    by_doc = dict(sorted(by_doc.items(), key=lambda kv: (-(years.get(kv[0]) or 0), kv[0])))  # newest first
    return render_template("entity.html", entity=found, by_doc=by_doc, titles=titles, doc_languages=_languages(snap),
                           years=years,
                           relations=snap.catalogue.relations_of(found["id"])[:40])
