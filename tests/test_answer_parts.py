"""The parts of the answerer on small inline data: how a question is read (its kind, measure and
named documents), bridges between words (synonyms, short forms, translations), amounts, and the
fitted model's record."""
import json
from dataclasses import dataclass
from importlib import resources

import pytest

from ssc_search.analyze import Analyzer
from ssc_search.answer.coverage import RELATED_CREDIT, Word, coverage
from ssc_search.answer.measures import amounts, fits, measure
from ssc_search.answer.question import (
    REASON,
    asks_for_several,
    defines,
    question_type,
)
from ssc_search.answer.scoring import CONFIDENCE_FEATURES, FEATURES, AnswerModel
from ssc_search.index.aliases import Expander, load_alias_file
from ssc_search.index.named_docs import DocumentNames
from ssc_search.index.related import related_stems


@dataclass
class Doc:
    doc_id: str
    title: str
    language: str = "en"
    year: int | None = None


DOCS = [Doc("r1", "A/RES/78/167 South-South cooperation", year=2023),
        Doc("r2", "A/RES/79/236 South-South cooperation", year=2024),
        Doc("s", "A/RES/79/323 Sevilla Commitment (outcome of the Fourth International Conference)"),
        Doc("q", "A/80/74 Implementation of resolution 79/226 (QCPR)"),
        Doc("l", "Ley de Cooperación Internacional para el Desarrollo", "es"),
        Doc("b", "A/RES/73/291 Buenos Aires outcome document of the second High-level Conference on South-South "
                 "Cooperation", year=2019),
        Doc("qr", "A/RES/79/226 Quadrennial comprehensive policy review of operational activities for development")]


@pytest.mark.parametrize("question,named", [
    ("What does resolution 78/167 say about UNOSSC?", {"r1"}),
    ("In A/RES/79/236, what is asked of resident coordinators?", {"r2"}),
    ("What did the Sevilla Commitment say on debt?", {"s"}),
    ("What did the QCPR report find?", {"q"}),
    ("¿Qué dice la Ley de Cooperación Internacional sobre el registro?", {"l"}),
    ("What is South-South cooperation?", set()),  # a title two documents share names neither
    ("What does the 2023 South-South resolution say about debt?", {"r1"}),  # ...but the year of one does
    ("How did South-South cooperation grow in 2024?", set()),  # a year and a topic, no document
    ("What did the Buenos Aires outcome document say about trade?", {"b"}),  # the title's lead
    ("What tax level does the Sevilla text single out?", {"s"}),  # a document word and a word only its title has
    ("What does the Sevilla weather look like?", set()),  # ...not without the document word
])
def test_documents_named_by_symbol_short_form_or_title(question, named):
    assert DocumentNames(DOCS, Analyzer()).named(question) == named


def test_a_resolution_or_a_report_as_the_question_asks():
    names = DocumentNames(DOCS, Analyzer())
    other_names = frozenset(Analyzer().query_terms("quadrennial comprehensive policy review"))  # QCPR's long form
    assert names.named("What does the QCPR resolution ask?", other_names) == {"qr"}
    assert names.named("What did the QCPR report find?", other_names) == {"q"}
    assert names.named("What does the QCPR say about funding?", other_names) == {"q", "qr"}


def test_wordnet_bridges_are_partial_credit():
    related = related_stems()
    assert "child" in related["children"] and "pay" in related["paid"]
    assert "impoverish" in related["poor"]
    word = Word("poor", {"poor"}, 1.0, related={"impoverish"})
    assert coverage({"impoverish"}, [word]) == RELATED_CREDIT < 1.0
    assert coverage({"impoverish"}, [word], strict=True) == 0.0  # strict counts the question's own stems only


def test_field_short_forms_ship_with_the_package():
    groups = load_alias_file(None)
    oda = next(g for g in groups if "ODA" in g)
    assert "official development assistance" in oda and "AOD" in oda


def test_glossary_picks_the_closest_headword():
    expander = Expander([], Analyzer())
    assert expander.translations("cooperación") == ["cooperation"]  # not cooperante's "donor"
    assert "remittance" in expander.translations("remesas")
    # a verb in the preterite as written ("decidió") is the verb of the glossary ("decidir"), though its
    # folded form ("decidio") stems otherwise
    assert expander.translations("decidió") == ["decide"] and "preside" in expander.translations("presidió")
    terms = expander.expand("remesas", {"remes": 1.0})
    assert 0 < terms["remitt"] < 1.0  # a translation weighs less than the word typed
    # a compound the glossary lacks is the compound of its parts' translations: "Sur-Sur" is "south-south"
    assert expander.translations("Sur-Sur") == ["south-south"] and expander.translations("Norte-Sur") == ["north-south"]
    assert expander.translations("Tlatelolco-Sur") == []  # a part it cannot translate: no compound


@pytest.mark.parametrize("question,kind", [
    ("What share of aid went to the poorest countries?", "number"),
    ("¿Qué porcentaje del PIB?", "number"),
    ("What period does the framework cover?", "date"),
    ("¿Con qué periodicidad se actualiza el programa?", "date"),
    ("Why does the Agency keep a registry?", "reason"),
    ("What does the resolution ask resident coordinators to do?", "action"),
    ("Which delegation chaired the session?", "entity"),
    # the question word that comes first decides, not one inside a later clause
    ("¿Quién era el director general cuando se publicó el informe?", "who"),
    ("Which UN body has backed the largest number of projects?", "entity"),
    ("How many projects were there when the Agency was created?", "number"),
    # "What is..." frames a question that asks nothing more specific
    ("What is the deadline for the report?", "date"),
    ("What is the name of the person who chaired the session?", "who"),
    ("What is the Yucatán Agreement?", "definition"),
])
def test_more_question_kinds(question, kind):
    assert question_type(question)[0] == kind


@pytest.mark.parametrize("question,several", [
    ("Which countries signed the agreement?", True), ("Which UN agency hosts the Office?", False),
    ("¿Qué países participaron?", True), ("¿Qué país presidió la sesión?", False),
    ("Which bodies review it?", True), ("When was it signed?", False),
    ("Which partner countries joined?", True), ("Which country or countries hosted it?", True),
    ("Which UN agency hosts the Office?", False), ("¿Cuáles organismos participan?", True),
])
def test_a_list_is_asked_for_only_in_the_plural(question, several):
    assert asks_for_several(question) == several


@pytest.mark.parametrize("question,measured", [
    ("How much did Argentina spend to host the conference?", "money"),
    ("¿Cuánto dinero aportó México al Fondo?", "money"),
    ("What share of aid went to budget support?", "share"),
    ("¿Qué porcentaje de la población vivirá en ciudades?", "share"),
    ("How many delegations took the floor?", "count"),
    ("¿Cuántas personas viven en pobreza extrema?", "count"),
    ("How many dollars did Mexico contribute?", "money"),
    ("¿Cuántos millones de pesos aportó México?", "money"),
    ("¿Con qué periodicidad se actualiza el programa?", "duration"),
    ("In what year was the Agency created?", "year"),
    ("When was the resolution adopted?", None),
])
def test_a_number_question_may_ask_for_money_or_a_share(question, measured):
    assert measure(question) == measured


def test_money_and_shares_answer_only_with_money_and_shares():
    assert fits("Two countries provided a first accredited training.", "number")
    assert not fits("Two countries provided a first accredited training.", "number", "money")
    assert fits("ODA reached a record high of $223.7 billion in 2023.", "number", "money")
    assert not fits("ODA reached 223 projects.", "number", "share")
    assert fits("General budget support was merely 3.35 per cent of ODA.", "number", "share")
    assert fits("México aportó 500 000 dólares al Fondo.", "number", "money")
    assert fits("Two thirds of the projects", "number", "share") and fits("Dos tercios de los proyectos", "number", "share")
    # "how often" is answered by a period, not only by a date; "in what year" only by a year
    assert fits("El programa será revisado cada dos años.", "date", "duration")
    assert fits("within 30 days of its adoption", "date", "duration")
    assert fits("El Consejo sesionará trimestralmente.", "date", "duration")
    assert measure("¿Cada cuántos años se revisa el programa?") == "duration"
    assert measure("What was the budget of the programme?") == "money"
    assert not fits("El programa será revisado por el Consejo.", "date", "duration")
    assert not fits("It was created in September.", "date", "year") and fits("It was created in 2011.", "date", "year")


def test_a_count_is_not_answered_by_a_share_or_by_money():
    assert fits("Representatives of sixty-two delegations delivered remarks.", "number", "count")
    assert fits("About 2.6 billion people remained offline.", "number", "count")
    assert not fits("61 per cent of responding developing countries have a policy.", "number", "count")
    assert not fits("Efficiencies totalling $100.5 million were reported.", "number", "count")
    assert not fits("México aportó 1,500 dólares.", "number", "count")
    assert fits("In 2024, 129 country teams reported efficiencies totalling $100.5 million.", "number", "count")


def test_a_term_the_question_names_whole_is_defined_by_its_entry():
    question = "¿Cómo define la LCID la cooperación horizontal?"
    subject = ["LCID", "cooperación", "horizontal"]
    assert defines("II. Cooperación Horizontal: La cooperación para el desarrollo económico y social...", subject,
                   question)
    assert not defines("III. Cooperación Internacional: La cooperación internacional...", subject, question)
    assert not defines("En el Registro se inscribirán: los proyectos", subject, question)
    assert not defines("Cooperación: la que se da entre países", subject, question)  # one word is not the term
    assert defines("II. Cooperación Sur-Sur: La que...", ["cooperación", "Sur-Sur"],
                   '¿Qué es la "cooperación Sur-Sur", según la ley?')


def test_spelled_numbers_and_purpose_phrases_are_read():
    assert [m.group() for m in amounts("Representatives of sixty-two delegations spoke")] == ["sixty-two"]  # one number
    assert [m.group() for m in amounts("se reunieron cuarenta delegaciones")] == ["cuarenta"]
    assert REASON.search("The review will proceed with the aim of simplifying the framework.")
    assert REASON.search("Se creó con la finalidad de coordinar la cooperación.")


def test_model_record_names_its_features_and_reliability():
    data = json.loads(resources.files("ssc_search.data").joinpath("answer_model.json").read_text("utf-8"))
    assert data["features"] == list(FEATURES) and data["confidence_features"] == list(CONFIDENCE_FEATURES)
    model = AnswerModel.load()
    assert 0 <= model.threshold < 1
    assert model.reliability and all(0 <= b["right_if_answered"] <= 1 for b in model.reliability)
    strong = {f: 0.0 for f in CONFIDENCE_FEATURES} | {"top_probability": 0.9, "margin": 0.6, "top_coverage": 0.9,
                                                    "top_exact_coverage": 0.9, "best_passage_coverage": 0.9}
    weak = {f: 0.0 for f in CONFIDENCE_FEATURES} | {"top_probability": 0.05, "top_coverage": 0.2,
                                                  "unknown_share": 0.5, "constraint_unmet": 1.0}
    assert model.confidence(strong) > model.threshold > model.confidence(weak)


def test_model_record_with_unknown_features_is_refused():
    with pytest.raises(ValueError, match="unknown features \\['no_such_feature'\\]"):
        AnswerModel.from_dict({"weights": {"no_such_feature": 1.0}, "intercept": 0.0, "threshold": 0.5})


@pytest.mark.parametrize("text,found", [
    ("In total Mexico provided 212 SSC projects in 2012.", ["212"]),
    ("28. The potential of regional platforms continues to be acknowledged.", []),  # a paragraph's number
    ("75th plenary meeting 15 April 2019", []),  # an ordinal and a date
    ("held in Buenos Aires from 20 to 22 March 2019", []),
    ("Para ser Director Ejecutivo de la AMEXCID se requiere: 1.", []),  # a list marker
    ("Artículo 18. El Director Ejecutivo", []),
    ("amounting to only 0.08 per cent of gross national income", ["0.08"]),
    ("would be held in Buenos Aires from 20 to 22 March 2019, 1.", []),  # a footnote marker
    ("resolutions 2006/2 of 10 May 2006, 2 2008/1 of 11 April 2008", []),
    ("offices in 3 countries, 12 of them new", ["3", "12"]),
    ("a fund of 1,500 pesos", ["1,500"]),  # a thousands separator, not a footnote marker after a comma
    ("The number of projects was, in total, 33.", ["33."]),  # a count after a comma is a count
    ("Once adopted, the programme runs for una década.", []),  # an adverb and an article, not numbers
    ("The twenty-second session was attended by twenty delegations", ["twenty"]),  # an ordinal in words is none
])
def test_amounts_are_what_counts_or_measures(text, found):
    from ssc_search.answer.measures import amounts
    assert [m.group() for m in amounts(text)] == found


def test_measure_questions_ask_for_a_number():
    assert question_type("What was the total volume of ODA in 2023?")[0] == "number"
    assert question_type("What is the Yucatán Agreement?")[0] == "definition"
