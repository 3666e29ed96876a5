import json

from ssc_search.cli import build_parser, main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_index_search_documents(small_corpus, tmp_path, capsys):
    index = str(tmp_path / "index")
    code, out, err = run(capsys, "--index", index, "index", "--corpus", str(small_corpus))
    assert code == 0
    assert out.startswith("indexed 3 documents, 12 pages, ")
    code, out, _ = run(capsys, "--index", index, "search", "irrigation experts", "-k", "2", "--json")
    data = json.loads(out)
    assert code == 0 and len(data["results"]) == 2 and data["results"][0]["rank"] == 1
    assert "irrigation" in data["results"][0]["text"]
    code, out, _ = run(capsys, "--index", index, "documents", "--json")
    assert [d["doc_id"] for d in json.loads(out)["documents"]] == ["alpha", "beta", "gamma"]


def test_user_errors_are_one_line_with_a_hint(tmp_path, capsys):
    code, out, err = run(capsys, "--index", str(tmp_path / "none"), "search", "water")
    assert code == 1 and err == f"error: no index in {tmp_path / 'none'}; build one with `ssc-search index`\n"
    code, out, err = run(capsys, "index", "--corpus", str(tmp_path / "nowhere"))
    assert code == 1 and "pass --corpus DIR or set SSC_CORPUS_DIR" in err


def test_bad_k_is_a_user_error(small_corpus, tmp_path, capsys):
    index = str(tmp_path / "index")
    run(capsys, "--index", index, "index", "--corpus", str(small_corpus))
    code, _, err = run(capsys, "--index", index, "search", "water", "-k", "500")
    assert code == 1 and "k must be a whole number from 1 to 100" in err


def test_every_subcommand_has_help_with_an_example_and_is_in_the_readme():
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    for name, sub in subparsers.choices.items():
        assert "Example: ssc-search " + name in sub.description, name
        assert f"ssc-search {name}" in readme, name


def test_ask_reads_questions_from_stdin(small_corpus, tmp_path, capsys, monkeypatch):
    import io

    index = str(tmp_path / "index")
    run(capsys, "--index", index, "index", "--corpus", str(small_corpus))
    monkeypatch.setattr("sys.stdin", io.StringIO("Which experts exchanged experiences on irrigation?\n\n   \n"
                                                  "What is the capital of France?\n"))
    code, out, _ = run(capsys, "--index", index, "ask", "-", "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(lines) == 2
    assert "irrigation" in lines[0]["answer"] and lines[0]["citations"][0]["n"] == 1
    assert lines[1]["answer"] is None and lines[1]["message"]


def test_entities_and_eval_commands(small_corpus, tmp_path, capsys):
    index = str(tmp_path / "index")
    run(capsys, "--index", index, "index", "--corpus", str(small_corpus))
    code, out, _ = run(capsys, "--index", index, "entities", "--kind", "country", "--json")
    assert code == 0 and {"Mexico"} <= {e["name"] for e in json.loads(out)["entities"]}
    # in Spanish: the kinds, the names and the counts as a Spanish reader reads them
    code, out, _ = run(capsys, "--index", index, "--lang", "es", "entities", "--kind", "country")
    assert code == 0 and any(line.startswith("país") and "México" in line for line in out.splitlines()), out
    code, out, _ = run(capsys, "--index", index, "--lang", "es", "entities", "--json")
    assert "México" in {e["label"] for e in json.loads(out)["entities"]}
    code, out, _ = run(capsys, "--index", index, "--lang", "es", "documents")
    assert code == 0 and " páginas, " in out and "pages" not in out, out
    code, out, _ = run(capsys, "--index", index, "--lang", "es", "search", "water")
    assert code == 0 and " coinciden, " in out.splitlines()[-1], out
    beir = tmp_path / "beir"
    (beir / "qrels").mkdir(parents=True)
    docs = ["water irrigation experts", "statistics offices cooperation", "food security rural",
            "electoral bodies exchange", "gender statistics women", "migrants border assistance"]
    (beir / "corpus.jsonl").write_text("".join(json.dumps({"_id": f"d{i}", "title": "", "text": t}) + "\n"
                                               for i, t in enumerate(docs)))
    (beir / "queries.jsonl").write_text(json.dumps({"_id": "q1", "text": "irrigation water"}) + "\n"
                                        + json.dumps({"_id": "q2", "text": "gender statistics"}) + "\n")
    (beir / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td0\t1\nq2\td4\t1\n")
    code, out, _ = run(capsys, "eval", str(beir), "--json")
    result = json.loads(out)
    assert code == 0 and result["queries"] == 2 and result["documents"] == 6
    assert result["ndcg@10"] == 1.0 and result["mrr@10"] == 1.0 and result["recall@100"] == 1.0
    code, _, err = run(capsys, "eval", str(tmp_path / "nowhere"))
    assert code == 1 and "not a BEIR folder" in err


def test_index_option_before_or_after_the_command_and_scans_named(small_corpus, tmp_path, capsys):
    from conftest import make_blank_pdf

    make_blank_pdf(small_corpus / "scanned.pdf")
    index = str(tmp_path / "index")
    code, out, err = run(capsys, "index", "--corpus", str(small_corpus), "--index", index)
    assert code == 0 and "not searchable scanned: none of its 2 pages has a text layer" in err
    before = run(capsys, "--index", index, "search", "irrigation", "--json")[1]
    after = run(capsys, "search", "irrigation", "--json", "--index", index)[1]
    assert json.loads(before)["results"] == json.loads(after)["results"] != []


def test_the_cli_and_the_api_answer_through_one_library(small_corpus, tmp_path, capsys):
    from webapp import create_app

    index = str(tmp_path / "index")
    run(capsys, "--index", index, "index", "--corpus", str(small_corpus))
    client = create_app({"TESTING": True, "INDEX_DIR": index, "CORPUS_DIR": str(small_corpus)}).test_client()
    for question, filters in [("Who exchanged experiences on irrigation?", []),
                              ("What does the national registry record?", ["--doc", "beta"])]:
        code, out, _ = run(capsys, "--index", index, "ask", question, *filters, "--json")
        cli = json.loads(out)
        api = client.get("/api/ask", query_string={"q": question, **({"doc": filters[1]} if filters else {})}).get_json()
        assert code == 0 and cli["answer"] == api["answer"] and cli["citations"] == api["citations"]
        assert [h["passage_id"] for h in cli["passages"]] == [h["passage_id"] for h in api["passages"]]
    code, out, _ = run(capsys, "--index", index, "entities", "--json")
    assert [e["id"] for e in json.loads(out)["entities"]] == \
        [e["id"] for e in client.get("/api/entities").get_json()["entities"]]


def test_citations_and_hits_say_where_they_stand_and_filters_are_named(tmp_path, capsys):
    from conftest import make_pdf

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    paragraphs = [f"{n}. The Assembly requests the secretariat to report on item {n} of the water agenda."
                  for n in range(1, 9)]
    make_pdf(corpus / "res.pdf", [["Resolution on water", *paragraphs[:4]], ["Resolution on water", *paragraphs[4:]]])
    (corpus / "catalog.toml").write_text('[[document]]\nfile = "res.pdf"\nid = "res"\ntitle = "Water"\n'
                                         'kind = "resolution"\nlanguage = "en"\n', encoding="utf-8")
    index = str(tmp_path / "index")
    assert run(capsys, "--index", index, "index", "--corpus", str(corpus))[0] == 0
    code, out, _ = run(capsys, "--index", index, "search", "item 6 of the water agenda", "-k", "1")
    assert code == 0 and out.splitlines()[0].endswith("res  p. 2, para. 5 … para. 8"), out
    from webapp import create_app

    client = create_app({"TESTING": True, "INDEX_DIR": index, "CORPUS_DIR": str(corpus)}).test_client()
    csv = client.get("/api/export", query_string={"q": "item 6 of the water agenda", "of": "search", "k": 1,
                                                  "format": "csv"}).get_data(as_text=True)
    assert "para. 5 … para. 8" in csv, csv  # the export says what the list says: the paragraphs the passage spans
    code, out, _ = run(capsys, "--index", index, "ask", "What does the Assembly request on item 6?")
    assert code == 0 and "— p. 2, para. 6 (res)" in out, out
    code, out, _ = run(capsys, "--index", index, "search", "water", "--year", "2013")
    assert out == "no passage matches 'water' in the documents the filters leave (2013)\n"
    code, out, _ = run(capsys, "--index", index, "--lang", "es", "search", "water", "--year", "2013")
    assert out.startswith("ningún pasaje coincide con 'water'")


def test_an_empty_question_and_a_year_out_of_range_are_errors(tmp_path, capsys):
    import pytest

    index = str(tmp_path / "none")
    code, out, err = run(capsys, "--index", index, "ask", "")
    assert code == 1 and out == "" and err.startswith("error: ")
    code, out, err = run(capsys, "--index", index, "search", "\u200b \ufeff")  # invisible marks only
    assert code == 1 and "empty" in err
    with pytest.raises(SystemExit):
        main(["--lang", "es", "search", "water", "--year", "1800"])
    assert "un año de 1900 a 2100, no '1800'" in capsys.readouterr().err


def test_the_build_progress_counts_pages_per_second(small_corpus, tmp_path):
    from ssc_search.cli import _progress
    from ssc_search.index.build import build

    progress = _progress(True)
    report = build(small_corpus, tmp_path / "index", progress=progress)
    assert progress.pages == report.pages > 0
    assert "pages/s" in str(progress.bar.postfix)


def test_ask_in_plain_text_shows_its_confidence_the_closest_passages_and_the_filters(small_corpus, tmp_path, capsys):
    """An answer says how sure it is; a refusal lists the closest passages it says it lists; filters that
    leave nothing to read are named."""
    index = str(tmp_path / "index")
    run(capsys, "--index", index, "index", "--corpus", str(small_corpus))
    code, out, _ = run(capsys, "--index", index, "ask", "Which experts exchanged experiences on irrigation?")
    assert code == 0 and "[1]" in out and "confidence " in out and "%" in out
    code, out, _ = run(capsys, "--index", index, "ask", "How many irrigation experts met in 1850?")
    listed = [line for line in out.splitlines() if line.strip()[:2].strip(".").isdigit()]
    assert code == 0 and "closest passages are listed" in out and 0 < len(listed) <= 3, out
    code, out, _ = run(capsys, "--index", index, "ask", "Which experts exchanged experiences on irrigation?",
                       "--year", "1999")
    assert code == 0 and "filters leave (1999)" in out, out
    code, out, _ = run(capsys, "--index", index, "--lang", "es", "ask",
                       "Which experts exchanged experiences on irrigation?", "--year", "1999")
    assert "los filtros" in out and "(1999)" in out, out


def test_a_question_typed_in_capitals_is_read_as_typed_in_lower_case(small_corpus, tmp_path, capsys):
    """"WHICH EXPERTS ..." is not a row of acronyms the library never uses: it finds what the question in
    lower case finds, and says no word of it is missing."""
    index = str(tmp_path / "index")
    run(capsys, "--index", index, "index", "--corpus", str(small_corpus))
    _, lower, _ = run(capsys, "--index", index, "ask", "Which experts exchanged experiences on irrigation?", "--json")
    _, upper, _ = run(capsys, "--index", index, "ask", "WHICH EXPERTS EXCHANGED EXPERIENCES ON IRRIGATION?", "--json")
    lower, upper = json.loads(lower), json.loads(upper)
    assert upper["answer"] == lower["answer"] and upper["answer"]
    assert upper["question"] == "WHICH EXPERTS EXCHANGED EXPERIENCES ON IRRIGATION?"  # shown as typed
    from ssc_search.library.service import Library

    snap = Library(index).current()
    # a short form that is also a word of the question's language is the word: "WHO", Spanish "UN"
    assert snap.analyse("WHO EXCHANGED EXPERIENCES ON IRRIGATION?").asked.startswith("who exchanged")
    assert snap.analyse("¿QUÉ ES UN PROYECTO DE RIEGO?").asked == "¿qué es un proyecto de riego?"
    assert snap.did_you_mean("WHO ARE THE IRIGATION EXPERTS?") == "who are the irrigation experts?"
    assert snap.did_you_mean("WHO ARE THE IRRIGATION EXPERTS?") is None
