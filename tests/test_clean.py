from collections import Counter

import pytest

from ssc_search.ingest.clean import (
    clean_pages,
    dehyphenate,
    join_hyphen,
    normalize,
    page_labels,
    printed_numbers,
)
from ssc_search.ingest.page_zones import repeated_lines


def test_normalize_ligatures_spaces_and_pdfium_hyphen_marks():
    assert normalize("e\ufb03cient\u00a0 ﬁnance\r\nnext") == "efficient finance\nnext"
    # pdfium reports a line-end hyphen as U+FFFE and drops the break
    assert normalize("capabili\ufffeties") == "capabili-\nties"
    assert normalize("soft\u00adhyphen") == "softhyphen"
    # emphasis typed in Markdown and printed as typed; a lone star or a footnote's asterisks stay
    assert normalize("**PRIMERO.** El presente **Decreto** entra en vigor") == "PRIMERO. El presente Decreto entra en vigor"
    assert normalize("Note* and ** alone, 2 ** 3") == "Note* and ** alone, 2 ** 3"


def test_running_header_and_footer_learned_from_repetition():
    body = [f"Body line {j} of page text that differs from page to page." for j in range(10)]
    pages = [["Annual Review of Things", f"{'ABCDE'[i - 1]} is the letter that opens this page.", *body,
              "Footer of chapter", str(i)] for i in range(1, 6)]
    noise = repeated_lines(pages)
    assert ("=", "top", "annual review of things") in noise
    assert ("=", "bottom", "footer of chapter") in noise
    texts, labels, numbers, report = clean_pages(["\n".join(p) for p in pages], [])
    assert texts[2].split("\n")[:2] == ["C is the letter that opens this page.", body[0]]
    assert "Footer" not in texts[2] and "Annual" not in texts[2]
    assert labels == ["1", "2", "3", "4", "5"] and numbers == [1, 2, 3, 4, 5]
    assert report.headers_removed == 15


def test_a_header_longer_than_the_zone_goes_whole_and_the_page_keeps_its_words():
    # a UN page: symbol, two lines of title, job number, "n/11" -- five lines, past the three-line zone
    body = [f"Paragraph {j} of the outcome document goes on here." for j in range(10)]
    pages = [["A/RES/73/291", "Buenos Aires outcome document of the second", "Conference on South-South Cooperation",
              "19-06371", f"{i}/11", "Annex", *body] for i in range(2, 7)]
    texts, _, _, _ = clean_pages(["\n".join(p) for p in pages], [])
    for text in texts:
        assert text.split("\n")[0] == "Annex", text  # a word past the header stays, though it repeats
        assert "19-06371" not in text and "/11" not in text


def test_lines_differing_only_in_numbers_need_three_pages():
    body = [f"Paragraph {j} keeps going on this line." for j in range(8)]
    pages = [["A/RES/80/156 South-South cooperation", f"{i}/10 25-20753", *body] for i in range(2, 6)]
    texts, labels, _, _ = clean_pages(["\n".join(p) for p in pages], [])
    assert all("25-20753" not in t and "A/RES/80/156" not in t for t in texts)
    assert labels == ["2", "3", "4", "5"]
    # ... but a code that counts the pages needs two: the odd pages of a six-page resolution
    pages = [[f"{i}/6 23-25878", *body] if i % 2 == 0 else [f"23-25878 {i}/6", *body] for i in range(2, 7)]
    texts, labels, _, _ = clean_pages(["\n".join(p) for p in pages], [])
    assert all("25878" not in t and "/6" not in t for t in texts), texts
    assert labels == ["2", "3", "4", "5", "6"]
    # two lines of numbers of one shape that count nothing are no header: a table's column of years
    pages = [["2016/2017 2018/2019", *body], ["2020/2021 2022/2023", *body]]
    texts, _, _, _ = clean_pages(["\n".join(p) for p in pages], [])
    assert texts[0].startswith("2016/2017") and texts[1].startswith("2020/2021")
    # a date at the top of one page and another at the bottom of the last is not a header
    two = [["18 December 2025", "First page body."], ["Last page body.", "15 December 2025"]]
    texts, _, _, _ = clean_pages(["\n".join(p) for p in two], [])
    assert "18 December 2025" in texts[0] and "15 December 2025" in texts[1]


def test_printed_page_numbers_with_unnumbered_front_matter():
    # PDF pages 1-2 are a cover and a note; page 3 prints "1/4", page 4 prints "2/4" ...
    pages = [["Cover"], ["Note"]] + [[f"{n}/4 25-09815", f"Body {n}."] for n in range(1, 5)]
    assert printed_numbers(pages) == {2: 1, 3: 2, 4: 3, 5: 4}
    labels, numbers = page_labels(["1", "2", "3", "4", "5", "6"], pages)
    assert labels == ["i", "ii", "1", "2", "3", "4"]
    assert numbers == [1, 2, 1, 2, 3, 4]


def test_pdf_page_labels_win_when_they_say_more():
    pages = [["x"], ["y"], ["z"]]
    assert page_labels(["i", "ii", "1"], pages) == (["i", "ii", "1"], [1, 2, 1])


def test_no_numbers_means_pdf_index():
    assert page_labels([], [["a"], ["b"]]) == (["1", "2"], [1, 2])


@pytest.mark.parametrize("left,right,vocab,expected", [
    ("AM", "EXCID", {"amexcid": 3}, "AMEXCID"),
    ("capabili", "ties", {}, "capabilities"),
    ("South", "South", {"south-south": 5}, "South-South"),
    ("UN", "HABITAT", {}, "UN-HABITAT"),
    ("2014", "2019", {}, "2014-2019"),
    ("short", "and", {}, None),
    ("co", "operation", {"co-operation": 2, "cooperation": 1}, "co-operation"),
    # two words the document uses, joined nowhere in it: a compound broken at its hyphen
    ("donor", "country", {"donor": 4, "country": 9}, "donor-country"),
    ("frame", "work", {"frame": 1, "work": 3, "framework": 2}, "framework"),  # ...unless it writes them as one
    ("develop", "ment", {"develop": 2}, "development"),
])
def test_join_hyphen(left, right, vocab, expected):
    assert join_hyphen(left, right, Counter(vocab)) == expected


def test_dehyphenate_counts_joins_and_keeps_real_hyphens():
    text = "the AM-\nEXCID and South-\nSouth work on capabili-\nties; short- and long-term"
    out, joins = dehyphenate(text, Counter({"amexcid": 1, "south-south": 2}))
    assert out == "the AMEXCID and South-South work on capabilities; short- and long-term"
    assert joins == 2


def test_no_word_fused_across_a_page_break():
    raw = ["first page ends with minis-", "tries begin the second page"]
    texts, _, _, _ = clean_pages(raw, [])
    assert texts[0].endswith("minis-")
    assert texts[1].startswith("tries")


def test_hyphen_repair_is_linear_on_pathological_pages():
    """One 200,000-letter "word", and thousands of breaks: the old backtracking pattern took minutes."""
    import time

    from ssc_search.ingest.clean import dehyphenate, vocabulary

    pages = ["x" * 200_000 + "-\nend", "ab-\ncd " * 20_000, "-\n" * 50_000 + "tail", "a- " * 60_000]
    started = time.perf_counter()
    vocab = vocabulary(pages)
    mended = [dehyphenate(p, vocab)[0] for p in pages]
    assert time.perf_counter() - started < 5  # linear: well under a second here
    assert mended[0].endswith("-\nend")  # a break inside a run longer than any word is left alone
    assert mended[1].startswith("abcd abcd")


def test_a_footnote_marker_glued_to_a_year_is_set_apart():
    """The text layer glues a footnote's number to the year before it ("in 202222 –"): the year is set
    apart where a year stands and the page has that footnote; other long numbers stay as printed, whatever
    footnotes the page has."""
    from ssc_search.ingest.clean import unglued_years

    page = ("the share of grants fell to 63 per cent of total ODA in 202222 – the lowest in two decades,\n"
            "as agreed on 26 April 20134 and in the Sendai Framework 2015–20309\n"
            "Treaty Series, No. 20378; No 20378; document 23-20134 (E); in 2022 and 20221\n"
            "a total of 19854 participants and 2013456 dollars\n"
            "4 Official Records of the Economic and Social Council, 2013.\n"
            "8 United Nations, Treaty Series.\n"
            "9 Resolution 69/283, annex II.\n"
            "22 UNCTAD, Global Crisis Response Group, based on OECD figures.\n"
            "45 See the annex.")
    out = unglued_years(page)
    assert "in 2022 22 – the lowest" in out and "26 April 2013 4 and" in out and "2015–2030 9" in out
    assert "No. 20378; No 20378; document 23-20134 (E)" in out  # footnotes 8 and 4 are on the page
    assert "a total of 19854 participants and 2013456 dollars" in out  # counts, not years (footnotes 4 and 45)
    assert "in 2022 and 20221" in out  # no footnote 1 on the page
    assert unglued_years("in 202222 – with no footnotes on the page") == "in 202222 – with no footnotes on the page"
