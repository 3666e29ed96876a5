"""What the evidence must meet, on small inline data: the years, ordinals, countries and documents a
question names, the country a document is about, and the article or paragraph a question asks for."""

import pytest

from ssc_search.answer import constraints as C


@pytest.mark.parametrize("question,years,ordinals", [
    ("How many projects did Mexico provide in 2016?", {"2016"}, set()),
    ("Who presided over the twenty-second session of the Committee?", set(), {22}),
    ("¿Quién presidió el vigésimo segundo periodo de sesiones?", set(), {22}),
    ("What happened at the 5th meeting?", set(), {5}),
    ("What does E/2025/8 say about the 2030 Agenda?", set(), set()),  # a symbol and a name, not years
    ("Was it the first time Mexico hosted?", set(), set()),  # "first" numbers no session here
])
def test_question_constraints(question, years, ordinals):
    parsed = C.parse(question)
    assert (parsed.years, parsed.ordinals) == (years, ordinals)


def test_constraints_met_by_the_evidence():
    asked = C.parse("Who chaired the twenty-second session in 2025?")
    assert asked.met("The twenty-second session was held in May 2025.") == \
        {"year": 1.0, "number": None, "ordinal": 1.0, "country": None}
    assert asked.met("The 21st session was held in 2023.") == {"year": 0.0, "number": None, "ordinal": 0.0,
                                                               "country": None}


def test_a_year_elsewhere_on_the_page_does_not_meet_the_question(tmp_path):
    from conftest import make_pdf

    from ssc_search.answer.answerer import Answerer
    from ssc_search.index.build import build, load
    from ssc_search.index.search import Searcher

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    page = ["The Tlaxcala training programme was reviewed in a report published in 2015.",
            "The review covered the budget of the ministries.", "It also covered the partner agencies.",
            "Several regional offices took part in the review.", "Their staff answered a questionnaire.",
            "The questionnaire asked about travel and equipment.", "Most offices answered within a month.",
            "The Tlaxcala training programme trained 40 statistics officials in 2012."]
    make_pdf(corpus / "report.pdf", [page])
    build(corpus, tmp_path / "index")
    index = load(tmp_path / "index")
    answerer = Answerer(Searcher(index), index.catalogue())
    asked = answerer.ask("How many statistics officials did the Tlaxcala training programme train in 2015?")
    assert asked.answer is None and "2015" in asked.message  # the page says 2015, but of the review
    right = answerer.ask("How many statistics officials did the Tlaxcala training programme train in 2012?")
    assert right.answer is not None and "40" in right.answer


def test_a_country_the_answer_does_not_concern_is_not_met(tmp_path):
    from conftest import make_pdf

    from ssc_search.answer.answerer import Answerer
    from ssc_search.index.build import build, load
    from ssc_search.index.search import Searcher

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    pages = [["Peru hosted a regional workshop on statistics.", "The workshop trained officials from ten countries.",
              "Each official received a certificate.", "The certificates were signed by the ministry.",
              "In 2024, 129 country teams reported efficiency savings totalling $100.5 million."],
             ["The savings came from common back offices and shared premises.",
              "Business operations strategies guided the work of the country teams.",
              "Travel was booked through one agency.", "Premises were shared in most capitals.",
              "The country team in Chile reported efficiency savings of $2.1 million in 2024."]]
    make_pdf(corpus / "report.pdf", pages)
    build(corpus, tmp_path / "index")
    index = load(tmp_path / "index")
    answerer = Answerer(Searcher(index), index.catalogue())
    asked = answerer.ask("How much in efficiency savings did the country team in Peru report in 2024?")
    assert asked.answer is None and "Peru" in asked.message  # Peru is in the library, not in this fact
    right = answerer.ask("How much in efficiency savings did the country team in Chile report in 2024?")
    assert right.answer is not None and "2.1 million" in right.answer


def test_a_resolution_the_library_does_not_hold_is_said_with_its_public_record(tmp_path):
    from conftest import make_pdf

    from ssc_search.answer.answerer import Answerer
    from ssc_search.index.build import build, load
    from ssc_search.index.search import Searcher

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_pdf(corpus / "report.pdf", [["The Committee recalled resolution 79/236 on South-South cooperation.",
                                      "It asked the Secretary-General to report on South-South cooperation.",
                                      "Member States welcomed the report on South-South cooperation."]])
    build(corpus, tmp_path / "index")
    index = load(tmp_path / "index")
    answerer = Answerer(Searcher(index), index.catalogue())
    asked = answerer.ask("What does resolution 81/200 ask the Secretary-General to report on?")
    assert asked.answer is None
    assert "does not hold A/RES/81/200; its public record is at https://documents.un.org/" in asked.message
    assert "does not concern" not in asked.message  # said once
    named = answerer.ask("Which resolution on South-South cooperation did the Committee recall?")
    assert named.answer is not None and "79/236" in named.answer
    # what a resolution the library lacks says is not what another document says of it; nor is "say" missing
    for question in ("What does resolution 79/236 say?", "¿Qué dice la resolución 79/236?"):
        itself = answerer.ask(question)
        assert itself.answer is None and "does not hold A/RES/79/236" in itself.message, question
        assert "Not found anywhere" not in itself.message, itself.message
    # an ordinal the evidence misses is said in the question's own words
    session = answerer.ask("What did the Committee ask the Secretary-General at its twenty-first session?")
    assert session.answer is None and "twenty-first session" in session.message, session.message


def test_the_ordinals_a_question_pins_down():
    from ssc_search.answer.constraints import ordinals
    assert ordinals("When did the committee hold its 22nd session?") == {22}
    assert ordinals("¿Qué se decidió en el vigésimo segundo período de sesiones?") == {22}
    assert ordinals("¿Dónde se celebró el decimoquinto período de sesiones?") == {15}  # one word
    assert ordinals("the twenty-first meeting of the Forum") == {21}
    assert ordinals("the first time it met") == set()  # "first" numbers nothing here
    assert ordinals("the report of the twenty-second session", anywhere=True) == {22}


def test_a_document_is_about_the_country_it_names_far_more_than_any_other():
    from ssc_search.index.entities import Catalogue

    def country(name, docs):
        return {"id": name.lower(), "name": name, "kind": "country", "aliases": [],
                "mentions": [{"passage_id": f"{d}{n}", "doc_id": d, "page": 1, "page_label": "1"}
                             for d, times in docs.items() for n in range(times)]}

    catalogue = Catalogue({"entities": [country("Mexico", {"law": 15, "report": 4, "survey": 6}),
                                        country("Peru", {"law": 1, "report": 4, "survey": 3})]})
    assert catalogue.entities[catalogue.own_country("law")]["name"] == "Mexico"
    assert catalogue.own_country("report") is None  # four mentions, and Peru as often
    assert catalogue.own_country("survey") is None  # six against three: not far more
    assert catalogue.own_country("unknown") is None


@pytest.mark.parametrize("question, asked, whole", [
    ("¿Qué establece el artículo 10 de la Ley?", {"article": "10"}, True),
    ("What does article 18 of the cooperation law say?", {"article": "18"}, True),
    ("¿Qué dice el artículo 4, fracción XIII?", {"article": "4", "fraction": "XIII"}, True),
    ("Who appoints the Director under article 18?", {"article": "18"}, False),
    ("What does paragraph 25 of resolution 78/167 ask?", {"paragraph": "25"}, True),
    ("How many projects did Mexico provide in 2012?", None, False),
    # transitory articles and an amending decree's are numbered in words
    ("¿Qué establece el artículo transitorio segundo de la Ley?", {"article": "2", "transitory": True}, True),
    ("¿Qué dice el Artículo Cuarto transitorio?", {"article": "4", "transitory": True}, True),
    ("¿Qué dice el decimoctavo transitorio del decreto?", {"article": "18", "transitory": True, "decree": True}, True),
    ("What does the second transitory article of the law say?", {"article": "2", "transitory": True}, True),
    ("What does transitory article 3 provide?", {"article": "3", "transitory": True}, True),
    ("¿Qué plazo fija el artículo tercero transitorio?", {"article": "3", "transitory": True}, False),
    ("¿Qué dice el transitorio quinto?", {"article": "5", "transitory": True}, True),
    # a decree or transitory measures named elsewhere in the question do not make a body article theirs
    ("¿Qué establece el artículo 37 de la Ley, reformado por decreto en 2020?", {"article": "37"}, False),
    ("¿Qué dice el artículo 1 de la ley sobre las medidas transitorias?", {"article": "1"}, False),
])
def test_a_question_may_name_the_article_or_paragraph_it_asks_about(question, asked, whole):
    from ssc_search.answer.located import asked_locator, asks_whole

    assert asked_locator(question) == asked
    if asked:
        assert asks_whole(question, {"cooperation", "resolution", "law"}) is whole


def _law_answerer(tmp_path, pages: list[list[str]]):
    """An answerer over one Spanish law ("ley", "Ley de la Agencia") printed on `pages`."""
    from conftest import make_pdf

    from ssc_search.answer.answerer import Answerer
    from ssc_search.index.build import build, load
    from ssc_search.index.search import Searcher

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_pdf(corpus / "ley.pdf", pages)
    (corpus / "catalog.toml").write_text('[[document]]\nfile = "ley.pdf"\nid = "ley"\ntitle = "Ley de la Agencia"\n'
                                         'kind = "law"\nlanguage = "es"\n', encoding="utf-8")
    build(corpus, tmp_path / "index")
    index = load(tmp_path / "index")
    return Answerer(Searcher(index), index.catalogue())


def test_an_article_named_in_the_question_is_read_and_answers(tmp_path):
    articles = [[f"Artículo {n}. La Agencia tendrá a su cargo el asunto número {n} de la cooperación:",
                 f"I. Coordinar las acciones del asunto {n};", f"II. Evaluar los proyectos del asunto {n}."]
                for n in range(1, 13)]
    answerer = _law_answerer(tmp_path, [sum(articles[i:i + 3], []) for i in range(0, 12, 3)])
    whole = answerer.ask("¿Qué establece el artículo 7 de la ley?")
    assert whole.answer is not None and whole.citations[0].locator == {"article": "7"}
    assert "asunto número 7" in whole.answer
    # asked in English, naming the law by its kind or by its title's translation, the article is the law's
    from ssc_search.answer.located import asks_whole

    for question in ("What does article 7 of the Law say?", "What does article 7 of the Agency Law establish?"):
        assert answerer.located_documents(question, {"article": "7"}, set(), None) == ["ley"], question
        assert asks_whole(question, answerer.named_words(["ley"])), question
        english = answerer.ask(question)
        assert english.citations[0].locator == {"article": "7"} and "asunto número 7" in english.answer, question
    part = answerer.ask("¿Qué dice el artículo 11, fracción II?")
    assert part.citations[0].locator == {"article": "11", "fraction": "II"} and "asunto 11" in part.answer
    # another instrument's article is not the law's; nor is an article outside the filters
    assert answerer.located_documents("What does article 7 of the Paris Agreement say?", {"article": "7"},
                                      set(), None) == []
    assert answerer.located_documents("¿Qué establece el artículo 7 de la Ley?", {"article": "7"}, set(), None) == ["ley"]
    assert answerer.located_hits({"article": "7"}, ["ley"], year=2024) == []
    # a word that only names the document the question names weighs as it does in ranking
    query = answerer.searcher.analyse("¿Qué coordina la Ley de la Agencia en el asunto número 7?")
    assert query.named == {"ley"}
    weights = {w.surface: w.weight for w in answerer.reader.read(query).words}
    assert weights["agencia"] == pytest.approx(0.3 * answerer.searcher.idf("agenci"))
    assert weights["coordina"] == pytest.approx(answerer.searcher.idf("coordin"))
    assert answerer.located_hits({"article": "7"}, ["ley"], language="es")


def test_a_transitory_article_asked_by_its_word_is_read_and_answers(tmp_path):
    from conftest import make_pdf

    from ssc_search.answer.answerer import Answerer
    from ssc_search.index.build import build, load
    from ssc_search.index.search import Searcher

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    words = ["Primero", "Segundo", "Tercero", "Cuarto"]
    body = [f"Artículo {n}. La Agencia atenderá el asunto general número {n} de la cooperación." for n in range(1, 5)]
    transitory = ["TRANSITORIOS"] + [f"Artículo {w}. El plazo del asunto transitorio {w.lower()} será de {30 * i} días "
                                    "contados desde la entrada en vigor." for i, w in enumerate(words, 1)]
    make_pdf(corpus / "ley.pdf", [body, transitory])
    (corpus / "catalog.toml").write_text('[[document]]\nfile = "ley.pdf"\nid = "ley"\ntitle = "Ley de la Agencia"\n'
                                         'kind = "law"\nlanguage = "es"\n', encoding="utf-8")
    build(corpus, tmp_path / "index")
    index = load(tmp_path / "index")
    answerer = Answerer(Searcher(index), index.catalogue())
    for question in ("¿Qué establece el artículo tercero transitorio de la ley?",
                     "What does the third transitory article of the law say?"):
        answer = answerer.ask(question)
        assert answer.citations[0].locator == {"article": "Tercero".lower(), "transitory": True}, question
        assert "90 días" in answer.answer
    # the body's article 3 is not the transitory article 3, nor the reverse
    assert "asunto general número 3" in answerer.ask("¿Qué establece el artículo 3 de la ley?").answer


def test_a_lists_lead_in_is_answered_with_its_items(tmp_path):
    from conftest import make_pdf

    from ssc_search.answer.answerer import Answerer
    from ssc_search.answer.unit_text import list_run
    from ssc_search.index.build import build, load
    from ssc_search.index.search import Searcher

    assert list_run(("Se requiere:", "1. Ser mexicano;", "2. Tener treinta años.", "Otro artículo."), 0) == 4
    assert list_run(("Se requiere:", "Lista:", "1. Algo."), 0) == 0  # a lead-in followed by another leads nothing
    assert list_run(("Texto.", "1. Algo."), 0) == 0
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_pdf(corpus / "ley.pdf", [[
        "Artículo 1. La Agencia coordina la cooperación internacional del país con otros gobiernos.",
        "Artículo 2. Para ser Director Ejecutivo de la Agencia se requiere: 1. Ser ciudadano mexicano por",
        "nacimiento; 2. Tener título profesional en relaciones internacionales; 3. Tener cumplidos treinta",
        "años de edad, y 4. Gozar de buena reputación.",
        "Artículo 3. El Consejo sesionará dos veces al año en la sede de la Agencia."]])
    (corpus / "catalog.toml").write_text('[[document]]\nfile = "ley.pdf"\nid = "ley"\ntitle = "Ley de la Agencia"\n'
                                         'kind = "law"\nlanguage = "es"\n', encoding="utf-8")
    build(corpus, tmp_path / "index")
    index = load(tmp_path / "index")
    answer = Answerer(Searcher(index), index.catalogue()).ask("¿Qué se requiere para ser Director Ejecutivo de la Agencia?")
    assert answer.answer is not None and "1. Ser ciudadano mexicano" in answer.answer
    assert "4. Gozar de buena reputación" in answer.answer and answer.citations[0].locator == {"article": "2"}


def test_a_country_named_by_its_people_is_named_by_the_question():
    from ssc_search.index.entities import Catalogue

    catalogue = Catalogue({"entities": [{"id": n.lower(), "name": n, "kind": "country", "aliases": [], "mentions": []}
                                        for n in ("Mexico", "Peru", "Mali", "India")]})
    named = lambda text: sorted(catalogue.entities[i]["name"] for i in catalogue.named_as_people(text))  # noqa: E731
    assert named("Which countries received Mexican cooperation?") == ["Mexico"]
    assert named("¿Qué instituciones mexicanas y peruanas?") == ["Mexico", "Peru"]
    assert named("Peruvian and Indian experts") == ["India", "Peru"]
    assert named("a malicious email from Malibu") == []


def test_the_words_naming_a_document_say_which_document_not_what_is_asked(tmp_path):
    from conftest import make_pdf

    from ssc_search.answer.answerer import Answerer
    from ssc_search.index.build import build, load
    from ssc_search.index.search import Searcher

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    topics = {"water": "irrigation schemes", "roads": "rural road maintenance"}
    catalog = ""
    for n, (name, topic) in enumerate(topics.items(), 1):
        paragraphs = [f"{k}. Welcomes the progress made on {topic} in the region, item {k}." for k in range(1, 6)]
        # the other resolution's request holds the word "resolution"; this one's does not
        paragraphs.append("6. Requests the Secretary-General to report on the implementation of the present resolution."
                          if name == "water" else f"6. Requests the Secretary-General to submit a report on {topic}.")
        make_pdf(corpus / f"{name}.pdf", [paragraphs])
        catalog += (f'[[document]]\nfile = "{name}.pdf"\nid = "{name}"\ntitle = "A/RES/90/{n} {name.title()}"\n'
                    'kind = "resolution"\nlanguage = "en"\n\n')
    (corpus / "catalog.toml").write_text(catalog, encoding="utf-8")
    build(corpus, tmp_path / "index")
    index = load(tmp_path / "index")
    answerer = Answerer(Searcher(index), index.catalogue())
    info = answerer.reader.read(answerer.searcher.analyse("What does resolution 90/2 request the Secretary-General to do?"))
    titled = {w.surface for w in info.words if w.titled}
    assert {"resolution", "90/2"} <= titled and "request" not in titled
    assert info.documents == {"roads"}
    # a question about a resolution the library lacks names none: its words are what is asked
    assert not {w.surface for w in answerer.reader.read(answerer.searcher.analyse(
        "What does resolution 90/7 request the Secretary-General to do?")).words if w.titled}


def test_filters_that_leave_out_the_cited_document_are_said_so(tmp_path):
    from conftest import make_pdf

    from ssc_search.answer.answerer import Answerer
    from ssc_search.index.build import build, load
    from ssc_search.index.search import Searcher

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    catalog = ""
    for n, (name, year) in enumerate([("water", 2023), ("roads", 2025)], 1):
        make_pdf(corpus / f"{name}.pdf", [[f"{k}. Requests the Secretary-General to report on {name} item {k}."
                                           for k in range(1, 7)]])
        catalog += (f'[[document]]\nfile = "{name}.pdf"\nid = "{name}"\ntitle = "A/RES/90/{n} {name.title()}"\n'
                    f'kind = "resolution"\nlanguage = "en"\nyear = {year}\n\n')
    (corpus / "catalog.toml").write_text(catalog, encoding="utf-8")
    build(corpus, tmp_path / "index")
    index = load(tmp_path / "index")
    searcher = Searcher(index)
    answerer = Answerer(searcher, index.catalogue())
    question = "What does resolution 90/2 request the Secretary-General to do?"
    left = answerer.ask(question, year=2023)  # the year of the other resolution: its answer would mislead
    assert left.answer is None and "A/RES/90/2 Roads" in left.message
    assert answerer.ask(question, year=2025).answer is not None
    assert answerer.ask("symbol:A/RES/90/2 what is requested?", doc="water").answer is None
    # a symbol: search keeps the other filters
    assert searcher.search("symbol:A/RES/90/2", year=2025).total == searcher.search("symbol:A/RES/90/2").total > 0
    assert searcher.search("symbol:A/RES/90/2", year=2023).total == 0
    assert searcher.search("symbol:A/RES/90/2 report", doc="water").total == 0


def test_a_whole_article_is_answered_from_its_start_and_a_repealed_one_by_its_note(tmp_path):
    """"¿Qué dice el artículo N?" quotes the article from its first words (not the run of clauses of a long
    sentence that holds most of the question), and "Artículo 5. Se deroga." is all a repealed article says."""
    long = ("Artículo 6. Las acciones de la Agencia se financiarán con asignaciones presupuestales federales "
            "aprobadas cada año por la Cámara de Diputados para los programas de la Agencia, así como con "
            "aportaciones financieras y en especie de gobiernos extranjeros y de organismos internacionales, "
            "y con aportaciones de los gobiernos de los estados y de los municipios que participen en los "
            "proyectos de cooperación de la ley.")
    articles = [f"Artículo {n}. La Agencia tendrá a su cargo el asunto número {n} de la cooperación." for n in range(1, 5)]
    answerer = _law_answerer(tmp_path, [articles + ["Artículo 5. Se deroga.", long,
                                                    "Artículo 7. La Agencia publicará un informe anual."]])
    repealed = answerer.ask("¿Qué dice el artículo 5 de la ley?")
    assert repealed.answer is not None and repealed.answer.startswith("Artículo 5. Se deroga.")
    assert repealed.citations[0].locator == {"article": "5"}
    six = answerer.ask("¿Qué dice el artículo 6 de la ley?")
    assert six.citations[0].locator == {"article": "6"}
    assert six.answer.startswith("Las acciones de la Agencia se financiarán"), six.answer
