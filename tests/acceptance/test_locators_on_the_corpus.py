"""Citing the way UN and legal readers cite: paragraphs and articles found per document, document symbols
recognised and linked, and references exported in formats other tools read."""
from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import CORPUS

from ssc_search.index import symbols
from ssc_search.index.build import load
from ssc_search.ingest.locators import Locators
from ssc_search.library import export
from webapp import create_app


@pytest.fixture(scope="module")
def loaded(corpus_index):
    return load(corpus_index)


@pytest.fixture(scope="module")
def locators(loaded):
    return Locators(loaded.documents, loaded.pages())


PRINTED = {"ga-res-78-167-south-south-cooperation-2023": (26, 0), "ga-res-79-236-south-south-cooperation-2024": (31, 0),
           "ga-res-80-156-south-south-cooperation-2025": (40, 0), "ga-res-79-226-qcpr-operational-activities-2024": (129, 0),
           "ga-res-79-217-international-migration-and-development-2024": (21, 0),
           "ga-res-73-291-bapa40-buenos-aires-outcome-2019": (2, 37), "ga-res-79-323-sevilla-commitment-ffd4-2025": (2, 66),
           "ga-res-78-1-sdg-summit-political-declaration-2023": (0, 43)}


@pytest.mark.parametrize("doc_id", sorted(PRINTED))
def test_every_operative_paragraph_of_the_resolutions_is_found(locators, doc_id):
    found = [loc for loc in locators.all(doc_id) if "paragraph" in loc and "subparagraph" not in loc]
    body = [int(loc["paragraph"]) for loc in found if "annex" not in loc]
    annex = [int(loc["paragraph"]) for loc in found if "annex" in loc]
    operative, annexed = PRINTED[doc_id]
    assert body == list(range(1, operative + 1))
    assert annex == list(range(1, annexed + 1))


def test_preambular_paragraphs_are_counted_across_pages_and_footnotes(locators):
    found = [loc["preamble"] for loc in locators.all("ga-res-78-167-south-south-cooperation-2023") if "preamble" in loc]
    assert found == [str(n) for n in range(1, 19)]  # 18, counted by hand; one opens page 3 under its running head


def test_every_article_of_the_law_is_found(locators):
    articles = [loc["article"] for loc in locators.all("lcid-ley-cooperacion-internacional-para-el-desarrollo-mx-2011")
                if set(loc) == {"article"}]
    # the law has articles 1 to 42, in order (a paragraph after an article's fracciones is the article again)
    runs = [a for i, a in enumerate(articles) if i == 0 or a != articles[i - 1]]
    assert runs == [str(n) for n in range(1, 43)]
    assert articles.count("15") >= 2 and articles.count("16") >= 2  # "La Presidencia ...", "El Presidente ..."
    fractions = [loc["fraction"] for loc in locators.all("lcid-ley-cooperacion-internacional-para-el-desarrollo-mx-2011")
                 if loc.get("article") == "10" and set(loc) == {"article", "fraction"}]
    assert fractions == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI"]  # a derogation note ends none


def test_hits_and_citations_carry_their_locators(corpus_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(corpus_index), "CORPUS_DIR": str(CORPUS)}).test_client()
    hits = client.get("/api/search", query_string={"q": "symbol:A/RES/78/167 digital divides"}).get_json()["results"]
    assert {h["doc_id"] for h in hits} == {"ga-res-78-167-south-south-cooperation-2023"}
    assert any(loc["text"] == "para. 5" for h in hits for loc in h["locators"])  # "to close the digital divides"
    answer = client.get("/api/ask", query_string={"q": "¿Qué es la AMEXCID según la ley?"}).get_json()
    law = [c for c in answer["citations"] if c["doc_id"].startswith("lcid")]
    assert law and all(c["locator_text"].startswith("art. ") for c in law)


def test_symbols_are_found_and_lead_to_the_document_or_its_record(corpus_index):
    text = ("See A/RES/78/167, A/78/465/Add.2, para. 7, E/2025/8 and A/CONF.227/20 and its resolution 70/1; "
            "not 2030/31 or B/52.")
    assert [s for _, _, s in symbols.find(text)] == ["A/RES/78/167", "A/78/465/Add.2", "E/2025/8", "A/CONF.227/20",
                                                     "A/RES/70/1"]
    assert symbols.public_record("A/RES/70/1") == "https://documents.un.org/symbol-explorer?s=A/RES/70/1"
    client = create_app({"TESTING": True, "INDEX_DIR": str(corpus_index), "CORPUS_DIR": str(CORPUS)}).test_client()
    only = client.get("/api/search", query_string={"q": "symbol:A/RES/79/236", "k": 3}).get_json()
    assert {h["doc_id"] for h in only["results"]} == {"ga-res-79-236-south-south-cooperation-2024"}
    missing = client.get("/api/search", query_string={"q": "symbol:A/RES/70/1 poverty"})
    assert missing.status_code == 404 and "documents.un.org" in missing.get_json()["error"]["message"]
    page = client.get("/documents/ga-res-79-236-south-south-cooperation-2024/pages/1").get_data(as_text=True)
    assert '<a href="https://documents.un.org/symbol-explorer?s=A/RES/70/1">70/1</a>' in page  # not in the library
    assert '<a href="/documents/ga-res-79-236-south-south-cooperation-2024/pages/1">A/RES/79/236</a>' in page
    assert '<a href="/documents/ga-res-78-167-south-south-cooperation-2023/pages/1">78/167</a>' in page


@pytest.fixture(scope="module")
def exported(corpus_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(corpus_index), "CORPUS_DIR": str(CORPUS)}).test_client()
    question = {"q": "What does resolution 79/236 encourage United Nations entities to do about voluntary "
                     "national review reports?", "of": "answer"}
    out = {}
    for fmt in export.FORMATS:
        r = client.get("/api/export", query_string={**question, "format": fmt})
        assert r.status_code == 200 and r.mimetype == export.FORMATS[fmt][0]
        out[fmt] = r.get_data(as_text=True)
    out["json"] = client.get("/api/ask", query_string={"q": question["q"]}).get_json()
    return out


def test_bibtex_parses_and_carries_page_and_locator(exported):
    import bibtexparser

    library = bibtexparser.parse_string(exported["bibtex"])
    assert not library.failed_blocks and library.entries
    first, cited = library.entries[0].fields_dict, exported["json"]["citations"][0]
    assert first["pages"].value == cited["page_label"] and first["note"].value == cited["locator_text"] == "para. 18"
    assert first["number"].value == "A/RES/79/236" and first["url"].value.startswith("http")


def test_ris_parses_and_carries_page_and_locator(exported):
    import rispy

    entries = rispy.loads(exported["ris"])
    cited = exported["json"]["citations"][0]
    assert entries and entries[0]["start_page"] == cited["page_label"]
    assert cited["locator_text"] in entries[0]["notes"] and entries[0]["type_of_reference"] == "GOVDOC"


def test_csl_json_renders_with_citeproc(exported):
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    items = json.loads(exported["csljson"])
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    bibliography.register(Citation([CitationItem(items[0]["id"])]))
    rendered = str(bibliography.bibliography()[0])
    assert "UN General Assembly" in rendered and "2024" in rendered
    assert items[0]["page"] == exported["json"]["citations"][0]["page_label"] and items[0]["note"]


def test_csv_has_one_row_per_reference_with_the_short_citation(exported):
    rows = list(csv.DictReader(io.StringIO(exported["csv"])))
    cited = exported["json"]["citations"][0]
    assert rows[0]["cite_as"] == f"A/RES/79/236, {cited['locator_text']} (p. {cited['page_label']})"
    assert rows[0]["page"] == cited["page_label"] and rows[0]["locator"] == cited["locator_text"]


def test_export_refuses_an_unknown_format(corpus_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(corpus_index)}).test_client()
    r = client.get("/api/export", query_string={"q": "water", "format": "docx"})
    assert r.status_code == 400 and "bibtex" in r.get_json()["error"]["message"]



def test_nothing_to_export_is_a_clear_404_not_an_empty_file(corpus_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(corpus_index)}).test_client()
    r = client.get("/api/export", query_string={"q": "zzqqxx wqpzv", "of": "answer", "format": "ris"})
    assert r.status_code == 404 and "no citation" in r.get_json()["error"]["message"]
    r = client.get("/api/export", query_string={"q": "zzqqxx wqpzv", "of": "search", "format": "csv"})
    assert r.status_code == 404 and "nothing to export" in r.get_json()["error"]["message"]
    for blank in ("\u200b", " \ufeff \u200b "):  # invisible marks only: an empty query, as spaces are
        r = client.get("/api/search", query_string={"q": blank})
        assert r.status_code == 400 and "required" in r.get_json()["error"]["message"]
        assert client.get("/", query_string={"q": blank}).status_code == 200  # the home page, as for spaces
    # a page of weaker matches exports the passages it lists
    weak = {"q": "Yucatan migrants vaccines robotics", "of": "search", "format": "csv"}
    assert client.get("/api/search", query_string={"q": weak["q"]}).get_json()["total"] == 0
    assert client.get("/api/export", query_string={**weak, "weaker": "1"}).status_code == 200
