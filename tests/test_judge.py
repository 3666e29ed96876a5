"""How an answer is judged against a question's gold: the key phrase word for word, the first citation on a
gold page."""
from ssc_search.evaluation.qa import holds_key, judge

ITEM = {"answerable": True, "gold": [["pub", 12]], "key_phrases": ["Japan, Germany, Spain, and South Korea", "23"]}


def test_a_key_phrase_is_held_whatever_the_punctuation_case_or_accents():
    assert holds_key(ITEM, "Japan, Germany, Spain and South Korea [1].")
    assert holds_key(ITEM, "JAPAN; Germany — Spain and  South Korea")
    assert holds_key({"key_phrases": ["nominee's eligibility"]}, "the nominee’s eligibility for the post")
    assert holds_key({"key_phrases": ["cooperación"]}, "La Cooperacion internacional")


def test_a_key_phrase_is_held_only_as_whole_words():
    assert holds_key(ITEM, "in 23 triangular projects")
    assert not holds_key(ITEM, "in 230 projects") and not holds_key(ITEM, "Japan and Germany")
    assert not holds_key({"key_phrases": ["92%"]}, "see paragraph 92") and holds_key({"key_phrases": ["92%"]}, "92 %")
    assert not holds_key({"key_phrases": ["$3.22"]}, "items 3-22") and holds_key({"key_phrases": ["$3.22"]}, "$ 3.22")


def test_a_right_answer_needs_its_first_citation_on_a_gold_page():
    answer = {"answer": "Japan, Germany, Spain and South Korea [1].", "citations": [{"doc_id": "pub", "page": 12}]}
    assert judge(ITEM, answer)
    assert not judge(ITEM, {**answer, "citations": [{"doc_id": "pub", "page": 13}]})
    assert not judge(ITEM, {"answer": None, "citations": []})
    assert judge({"answerable": False}, {"answer": None, "citations": []})
