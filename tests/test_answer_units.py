"""Answer units on small inline data: list items, headings, footnotes, captions and clause runs, the
rest of a matched page, and how the leading unit and a list's citations are chosen."""


from ssc_search.answer.evidence import BULLET, WINDOW_WORDS, tiles
from ssc_search.answer.question import tidy
from ssc_search.answer.unit_features import Unit
from ssc_search.answer.unit_text import (
    debris,
    numbered_heading,
    structural_heading,
    text_features,
)
from ssc_search.index.search import front_matter
from ssc_search.model import Passage


def test_list_items_and_headings_as_units():
    graph = "Graph 1 PROJECTS Q Latin America and the Caribbean: 153 Q Regional: 18 Q Africa: 1 Note: total"
    assert len(list(BULLET.finditer(graph))) == 3
    assert structural_heading("Artículo 34.")
    assert structural_heading("Capítulo I De los Recursos de Cooperación Internacional")
    assert not structural_heading("Artículo 20. Para ser Director Ejecutivo de la AMEXCID se requiere:")
    assert not structural_heading("Artículo 12. Derogado.")  # all a repealed article says: a provision
    # a law's note of an amendment is no provision either
    assert structural_heading("Artículo reformado DOF 06-11-2020") and structural_heading("Fracción derogada DOF 06-11-2020")
    assert not structural_heading("El artículo fue reformado DOF 06-11-2020 por el decreto")


def test_a_heading_or_masthead_is_no_subject_to_lean_on():
    assert debris("75th plenary meeting 15 April 2019 Annex Buenos Aires outcome document")
    assert debris("FINANCIAL MECHANISMS AND FUNDS")
    assert not debris("The Agency was created in 2011 to coordinate Mexico's cooperation.")


def test_list_items_run_together_are_read_apart():
    assert tidy("We look forward to results at the 13th WTO Ministerial Conference. (xi) We confirm our commitment.") \
        == ["We look forward to results at the 13th WTO Ministerial Conference.", "(xi) We confirm our commitment."]
    assert tidy("as set out in paragraph (a) of the resolution.") == ["as set out in paragraph (a) of the resolution."]


def test_footnotes_references_and_contents_lines_are_not_answers():
    assert tidy("that help them to acquire skills. __________________ 14 Resolution 217 A (III).") == \
        ["that help them to acquire skills.", "14 Resolution 217 A (III)."]
    assert text_features("9 Resolution 70/1.")["link_or_caption"] == 1.0
    assert text_features("13 The pathfinder countries include Albania and Cabo Verde.")["link_or_caption"] == 0.0
    assert text_features("9 General Assembly resolution 70/1.")["link_or_caption"] == 1.0
    # a footnote that points elsewhere, however long its title
    long_pointer = "17 See “Data update to the 2024 Financing for Sustainable Development Report, following the 11 " \
                   "April release of 2023 ODA data”."
    assert text_features(long_pointer)["link_or_caption"] == 1.0
    assert text_features("17 Véase el informe del Secretario General sobre la cooperación Sur-Sur.")["link_or_caption"]
    assert not text_features("17 Seeds of cooperation were sown in 2012 by twelve partners of Mexico.")["link_or_caption"]
    assert text_features("The UN and Mexico's South-South Cooperation: Perspectives 55 Acronyms 58")["heading_like"]
    assert not text_features("2 Asia 30 Africa 45")["heading_like"]  # a tally, not a contents line
    # ... and contents whose entries carry their sections' numbers ("6.1", "7."), under long titles
    assert text_features("Dimensions of UN Support for South-South Cooperation: Fostering Development Solutions 36 "
                         "6.1 Supporting South-South Cooperation Schemes 38 6.2 Facilitating Networks 48 7. The UN "
                         "and Mexico's South-South Cooperation: Perspectives 55 Acronyms 58")["heading_like"]
    for tally in ("Latin America and the Caribbean: 153", "Africa: 12 Asia: 30", "Mexico received 12 Colombia 8"):
        assert not text_features(tally)["heading_like"], tally
    # a lettered section heading glued to its first paragraph's number; a fraction ending in a number is none
    assert text_features("B. Attendance 71.")["heading_like"] and text_features("II. Organizational matters 3.")["heading_like"]
    assert not text_features("II. Evaluar los proyectos del asunto 11.")["heading_like"]
    assert text_features("4. Strategic Partners in Mexico Graph 3 THE UN STRATEGIC PARTNERS")["link_or_caption"]
    assert text_features("Table 2: Projects by region")["link_or_caption"]
    assert not text_features("The 45 projects are shown in Table 3.")["link_or_caption"]


def test_a_dated_list_item_is_a_unit_not_a_heading():
    item = text_features("UNODC: First meeting of the Working Group on Crime Statistics (Mexico City, August 2013).")
    assert item["dated_caption"] == 1.0 and item["heading_like"] == 0.0
    assert text_features("FINANCIAL MECHANISMS AND FUNDS")["heading_like"] == 1.0


def test_a_long_sentence_is_also_read_in_runs_of_whole_clauses():
    clauses = [f"clause {n} of the preamble speaks of topic {n} and of nothing else," for n in range(12)]
    sentence = " ".join(clauses) + " and the last clause names the answer."
    runs = tiles(sentence)
    assert len(runs) > 2 and all(len(r.split()) <= WINDOW_WORDS for r in runs)
    assert " ".join(runs).replace(",", "").split() == sentence.replace(",", "").split()  # every word, in order
    assert runs[-1].endswith("names the answer.") and all(r.startswith("clause") for r in runs[:-1])


def test_the_rest_of_a_matched_page_is_read(tmp_path):
    from conftest import make_pdf

    from ssc_search.answer.evidence import EvidenceReader
    from ssc_search.index.build import build, load
    from ssc_search.index.search import Searcher

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    opening = [f"The Tlaxcala observatory reviewed regional water statistics in round {n}." for n in range(12)]
    rest = [f"Field teams in district {n} measured rainfall and river levels every week." for n in range(20)]
    make_pdf(corpus / "report.pdf", [opening + rest, ["A second page about other matters entirely."] * 5])
    build(corpus, tmp_path / "index")
    searcher = Searcher(load(tmp_path / "index"))
    reader = EvidenceReader(searcher)
    hits = reader.passages(searcher.analyse("Tlaxcala observatory"))
    assert hits and all("Tlaxcala" in h.text for h in hits)
    beside = reader.page_rest(hits)
    assert beside, "the page's other passages"
    assert all((b.doc_id, b.page) in {(h.doc_id, h.page) for h in hits} for b in beside)
    assert not {b.passage_id for b in beside} & {h.passage_id for h in hits}
    assert any("rainfall" in b.text for b in beside)
    rank = {(h.doc_id, h.page): h.rank for h in hits}
    assert all(b.rank == rank[(b.doc_id, b.page)] for b in beside)  # each with its page's rank


def test_front_matter_by_label_or_contents():
    def passage(label, text):
        return Passage(id="x", doc_id="d", page=1, page_label=label, pdf_page=1, start=0, end=len(text),
                       text=text, section=None)
    assert front_matter(passage("ii", "Report of the Committee"))
    contents = "Contents\nI. Introduction ........ 3\nII. Debate ........ 5\nIII. Close ........ 9"
    assert front_matter(passage("3", contents))
    assert not front_matter(passage("3", "The Committee held five meetings in May."))


def _unit(text: str, probability: float, entities=()):
    from ssc_search.answer.unit_features import Unit
    words = set(text.lower().replace(",", "").replace(".", "").split())
    return Unit(None, text, words, 0, features={"short": float(len(text.split()) < 6)}, entities=list(entities),
                probability=probability)


def test_a_scrap_never_leads_when_a_sentence_is_about_as_likely():
    from ssc_search.answer.answerer import Answerer
    scrap = _unit("credit rating agencies, regulators", 0.80)
    sentence = _unit("We welcome the Africa Credit Rating Agency as a new credit rating agency.", 0.78)
    chosen = Answerer._choose(None, [scrap, sentence], {"credit": 1.0, "rating": 1.0, "agency": 1.0})
    assert chosen[0] is sentence  # a few words do not lead a sentence nearly as likely
    alone = Answerer._choose(None, [scrap, _unit("Ratings were reviewed by the agencies.", 0.3)], {"rating": 1.0})
    assert alone[0] is scrap  # ... but do when nothing else is


def test_names_from_one_unit_share_its_citation():
    from ssc_search.answer.answerer import Answerer

    class Catalogue:
        names = {1: "Brazil", 2: "Russia", 3: "India", 4: "China"}

        def mentioned(self, text):
            return [i for i, name in self.names.items() if name in text]

        def named_as_people(self, text):
            return set()

        def label(self, i):
            return self.names[i]

    first = _unit("BRICS brings together Brazil, Russia and India.", 0.9, entities=[1, 2, 3])
    second = _unit("China joined the group later.", 0.85, entities=[4])
    asker = type("Asker", (), {"catalogue": Catalogue()})()
    text, chosen, names, _spans = Answerer._entity_answer(asker, "Which countries are in BRICS?", [first, second])
    assert text == "Brazil, Russia, India [1] and China [2]."  # one citation for the names of one sentence
    assert chosen == [first, second] and names == [1, 2, 3, 4]


def test_a_cut_reads_as_a_cut_and_its_quote_stays_word_for_word():
    def unit(text, lead=""):
        return Unit(None, text, set(), 0, lead=lead)

    clause = unit("reaffirm that the Buenos Aires Plan of Action remains a foundation of South-South cooperation, and")
    assert clause.excerpt.startswith("… reaffirm") and clause.excerpt.endswith("and …")
    assert clause.shown == clause.text  # what the citation quotes
    whole = unit("Mexico provided 212 projects in 2012.")
    assert whole.excerpt == whole.text
    led = unit("It was launched in 2012.", lead="The Yucatan Agreement finances infrastructure.")
    assert led.excerpt == led.shown
    assert unit("financed by the fund, ").excerpt == "… financed by the fund, …"
    for u in (clause, whole, led, unit("Mexico financed 212 projects in 2012,")):
        assert u.text in u.excerpt  # where the answer's exact span is looked for


def test_a_heading_glued_to_its_paragraphs_number_is_no_answer():
    passage = ("15. The landscape has changed since 2000. Official development assistance 16. Despite a record "
               "high of $223.7 billion in 2023, ODA has failed to keep pace. 17 ODA to the least developed "
               "countries remains below the target.")
    assert numbered_heading("Official development assistance 16.", passage)
    assert numbered_heading("Official development assistance 16.", passage[passage.find("Official"):])  # 17 after
    alone = "In total Mexico provided 212. The region received 153."
    assert not numbered_heading("In total Mexico provided 212.", alone)
    assert not numbered_heading("The total was 16.", "The projects were many. The total was 16. Of them, 9 were new.")


def test_a_number_counts_what_how_many_asks_about(tmp_path):
    """"How many delegations...?" is answered by a number followed by delegations, not by any number of
    the sentence: the unit feature `counted_noun` says which (names such as COVID-19 count nothing)."""
    from conftest import make_pdf

    from ssc_search.answer.evidence import EvidenceReader
    from ssc_search.answer.measures import amounts, counted_words
    from ssc_search.index.build import build, load
    from ssc_search.index.search import Searcher

    assert counted_words("How many Mexican institutions led the initiatives?") >= {"mexican", "institutions"}
    assert counted_words("How  many times did Mexico host the forum?") == {"times"}  # up to the first little word
    assert counted_words("¿Cuántos proyectos de cooperación ofreció México en 2012?") == {"proyectos"}
    assert counted_words("When was the Agency created?") == frozenset()
    assert [m.group() for m in amounts("since the COVID-19 pandemic, 40 delegations met")] == ["40"]

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_pdf(corpus / "report.pdf", [[
        "The Tlaxcala forum met for 3 days in the spring of that year.",
        "Representatives of 62 delegations attended the Tlaxcala forum.",
    ] * 3])
    build(corpus, tmp_path / "index")
    searcher = Searcher(load(tmp_path / "index"))
    reader = EvidenceReader(searcher)
    query = searcher.analyse("How many delegations attended the Tlaxcala forum?")
    info = reader.read(query)
    units = reader.units(info, reader.passages(query))
    counted = {u.text: u.features["counted_noun"] for u in units}
    assert counted["Representatives of 62 delegations attended the Tlaxcala forum."] == 1.0
    assert counted["The Tlaxcala forum met for 3 days in the spring of that year."] == 0.0


def test_a_list_question_is_answered_with_the_whole_list(tmp_path):
    """"Which countries are members of ...?" names every country of the sentence that lists them, not
    the first six."""
    from conftest import make_pdf

    from ssc_search.answer.answerer import Answerer
    from ssc_search.index.build import build, load
    from ssc_search.index.search import Searcher

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    members = ["Belize", "Colombia", "Costa Rica", "Guatemala", "Honduras", "Mexico", "Nicaragua", "Panama", "Peru"]
    make_pdf(corpus / "report.pdf", [[
        "The Tlaloc Water Initiative was signed in May 2014 to improve water security in the region.",
        f"Its member states are {', '.join(members[:-1])} and {members[-1]}.",
        "The initiative publishes a yearly report on rainfall and river levels."]])
    build(corpus, tmp_path / "index")
    index = load(tmp_path / "index")
    answer = Answerer(Searcher(index), index.catalogue()).ask("Which countries are members of the Tlaloc Water Initiative?")
    assert answer.answer is not None and all(m in answer.answer for m in members), answer.answer
