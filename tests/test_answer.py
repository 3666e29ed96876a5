"""Reading a question: the kind of answer it asks for; sentences tidied into answer units."""

import pytest

from ssc_search.answer.question import question_type, tidy


@pytest.mark.parametrize("question,kind,kinds", [
    ("How many South-South projects did Mexico provide in 2012?", "number", set()),
    ("¿Cuántos proyectos realizó México?", "number", set()),
    ("When was the AMEXCID set up?", "date", set()),
    ("¿En qué año se creó la AMEXCID?", "date", set()),
    ("Which UN agencies support Mexico's work on statistics?", "entity", {"agency"}),
    ("Which countries are members of Mesoamerica Without Hunger?", "entity", {"country"}),
    ("¿Qué agencias acompañan Mesoamérica sin Hambre?", "entity", {"agency"}),
    ("Which ministry works with UNESCO?", "entity", {"partner"}),
    ("What is the Yucatán Agreement?", "definition", set()),
    ("What does LCID stand for?", "definition", set()),
    ("Who prepared this publication?", "who", set()),
    ("Describe the role of Mexico in the GPEDC", "general", set()),
])
def test_question_type(question, kind, kinds):
    assert question_type(question) == (kind, kinds)


def test_tidy_cuts_run_ons_and_headings():
    run_on = ("Graph 1 MEXICO S SOUTH-SOUTH COOPERATION PROJECTS Q Latin America and the Caribbean: 153 Q Regional: 18 "
              "Q Africa: 1 Note: In total Mexico provided 212 SSC projects in 2012.")
    assert tidy(run_on)[-1] == "In total Mexico provided 212 SSC projects in 2012."
    head = "MEXICAN AGENCY FOR INTERNATIONAL DEVELOPMENT COOPERATION (AMEXCID) The AMEXCID was set up in 2011."
    assert tidy(head) == ["The AMEXCID was set up in 2011.", head]  # the heading spells AMEXCID out
    assert tidy("GRAPH OF THE YEAR TWELVE Mexico provided projects.") == ["Mexico provided projects."]
    # a list of acronyms is no heading: "UN Women" stays whole
    listed = ("The initiative works with the regional offices of six United Nations agencies: FAO, PAHO/WHO, UN Women, "
              "UNDP, UNICEF and the World Food Programme.")
    assert tidy(listed)[-1] == "FAO, PAHO/WHO, UN Women, UNDP, UNICEF and the World Food Programme."
    assert tidy("II. Cooperación Horizontal: La cooperación en la que los recursos se complementan.") == [
        "II. Cooperación Horizontal: La cooperación en la que los recursos se complementan."]




def test_a_persons_name_is_read_whole():
    from ssc_search.answer.question import new_names

    assert new_names("The Committee approved that Eleonora Betancur González (Colombia) serve as Chair.",
                     "Who chaired the Working Group?") == ["Eleonora Betancur González"]
    assert new_names("Vice-Presidents: Duarte Cunha de Eça Valente (Portugal).", "Who were the officers?")[-1] \
        == "Duarte Cunha de Eça Valente"
    assert new_names("The President, Omar Hilale, opened the session.", "Who opened it?") == ["Omar Hilale"]
    assert new_names("The General Assembly adopted it.", "Who adopted it?") == []  # an institution, no person


def test_a_number_in_words_is_one_amount_and_a_groups_name_is_none():
    from ssc_search.answer.measures import amounts

    text = "Representatives of sixty-two delegations, including the Group of 77 and China, and two hundred experts"
    assert [m.group() for m in amounts(text)] == ["sixty-two", "two hundred"]
    assert [m.group() for m in amounts("ciento veinte personas del G20 y 15 expertos")] == ["ciento veinte", "15"]
