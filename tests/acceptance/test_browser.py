"""Real-browser tests: Playwright driving Debian's chromium against the app served on 127.0.0.1."""
import os
import shutil
import threading
from pathlib import Path

import pytest
from conftest import CORPUS, make_pdf

CHROMIUM = "/usr/bin/chromium"
pytestmark = [pytest.mark.browser, pytest.mark.slow]
if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
    pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.skip(reason="Debian's chromium is not installed here")]

PUB = "towards-a-global-partnership-2014"
AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def serve(index_dir: Path, corpus_dir: Path):
    """The app under waitress on a free 127.0.0.1 port, in a thread; returns (base url, server)."""
    from waitress import create_server

    from webapp import create_app

    app = create_app({"INDEX_DIR": str(index_dir), "CORPUS_DIR": str(corpus_dir)})
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    return f"http://127.0.0.1:{server.effective_port}", server


@pytest.fixture(scope="module")
def base(corpus_index):
    url, server = serve(corpus_index, CORPUS)
    yield url
    server.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    dialogs = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs
    yield pg
    context.close()


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AA)
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"]]


def test_ask_with_enter_and_follow_a_citation(base, page):
    page.goto(base + "/")
    page.get_by_label("Ask a question or search the documents").fill("What is the Yucatán Agreement?")
    page.keyboard.press("Enter")
    page.wait_for_selector("#answer-text")
    assert "Infrastructure Fund" in page.inner_text("#answer-text")
    assert page.locator(".citations li").count() >= 1
    quote = " ".join(page.locator(".citations blockquote").first.inner_text().split())
    page.locator("#answer-text a.cite").first.click()
    page.wait_for_selector("mark#cited")
    assert f"/documents/{PUB}/pages/25" in page.url
    assert " ".join(page.inner_text("mark#cited").split()) == quote  # the quoted sentence, highlighted


def test_facets_narrow_the_list(base, page):
    page.goto(base + "/?q=triangular+cooperation")
    before = page.locator(".hit").count()
    page.locator(".facets").get_by_role("link", name="Spanish", exact=True).click()
    page.wait_for_selector(".facets a.active")
    wheres = page.locator(".hit .where a:first-child").all_inner_texts()
    assert wheres and all("Ley de Cooperación" in w for w in wheres)
    assert len(wheres) <= before


def test_keyboard_suggestions(base, page):
    page.goto(base + "/")
    box = page.get_by_role("combobox")
    box.focus()
    page.keyboard.type("UNIC")
    page.wait_for_selector("#suggestions [role=option]")
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "suggestion-0"
    page.keyboard.press("Enter")
    assert "UNICEF" in box.input_value() and page.url.rstrip("/") == base


def test_xss_in_the_query_shows_as_text(base, page):
    payload = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    page.goto(base + "/")
    page.get_by_role("combobox").fill(payload)
    page.keyboard.press("Enter")
    page.wait_for_selector("#answer-h")
    assert page.get_by_role("combobox").input_value() == payload
    assert page.dialogs == [] and page.locator("img[src=x]").count() == 0


def test_xss_in_a_document_shows_as_text(tmp_path, browser):
    from ssc_search.index.build import build

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_pdf(corpus / "evil.pdf", [["<img src=x onerror=alert(1)> water cooperation between neighbours."] * 4])
    shutil.copyfile(CORPUS / f"{PUB}.pdf", corpus / f"{PUB}.pdf")
    build(corpus, tmp_path / "index")
    url, server = serve(tmp_path / "index", corpus)
    try:
        context = browser.new_context()
        pg = context.new_page()
        dialogs = []
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.goto(url + "/?q=water+cooperation+neighbours")
        pg.wait_for_selector(".hit")
        assert "<img src=x onerror=alert(1)>" in pg.inner_text(".passages")
        assert dialogs == [] and pg.locator("img[src=x]").count() == 0
        context.close()
    finally:
        server.close()


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("path", ["/", "/?q=Which+UN+agencies+support+Mexico%27s+work+on+statistics%3F",
                                  "/?q=%C2%BFQu%C3%A9+agencias+acompa%C3%B1an+Mesoam%C3%A9rica+sin+Hambre%3F",
                                  f"/documents/{PUB}/pages/25", "/documents", "/admin",
                                  "/entities/united-nations-office-on-drugs-and-crime"])
def test_accessibility_wcag21_aa(base, page, path, language):
    page.goto(base + path + ("&" if "?" in path else "?") + f"lang={language}")
    assert page.get_attribute("html", "lang") == language
    assert axe_violations(page) == []


def test_the_language_switch_changes_the_page_and_is_remembered(base, page):
    page.goto(base + "/")
    assert page.get_by_role("heading", level=1).inner_text() == "Ask the documents"
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Español").click()
    page.wait_for_selector("html[lang=es]")
    assert page.get_by_role("heading", level=1).inner_text() == "Pregunte a los documentos"
    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Documentos").click()
    page.wait_for_selector("table.docs")
    assert page.get_attribute("html", "lang") == "es"  # remembered without the parameter
    assert page.get_by_role("columnheader", name="Título").count() == 1
    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Preguntar").click()
    page.get_by_label("Haga una pregunta o busque en los documentos").fill("¿Cuántos reactores nucleares opera México?")
    page.keyboard.press("Enter")
    page.wait_for_selector("#answer-h")
    assert page.inner_text("#answer-h") == "Respuesta"
    assert page.inner_text(".no-answer").startswith("Los documentos no responden a esta pregunta.")
    current = page.get_by_role("navigation", name="Idioma").get_by_role("link", name="Español")
    assert current.get_attribute("aria-current") == "true"
    page.get_by_role("navigation", name="Idioma").get_by_role("link", name="English").click()
    page.wait_for_selector("html[lang=en]")
    assert page.inner_text("#answer-h") == "Answer" and "¿Cuántos reactores" in page.get_by_role("combobox").input_value()


def test_cite_menu_and_copy_citation(base, browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        question = "What does resolution 79/236 encourage United Nations entities to do about voluntary national review reports?"
        page.goto(base + "/?q=" + question.replace(" ", "+"))
        page.wait_for_selector(".citations li")
        assert "para. 18" in page.inner_text(".citations li .locator")
        menu = page.locator(".answer details.cite-menu")
        menu.locator("summary").click()
        links = menu.get_by_role("link")
        assert links.all_inner_texts() == ["BibTeX", "RIS", "CSL-JSON", "CSV"]
        with page.expect_download() as download:
            links.first.click()
        saved = download.value.path().read_text(encoding="utf-8")
        assert "A/RES/79/236" in saved and "para. 18" in saved
        button = page.get_by_role("button", name="Copy citation").first
        button.click()
        page.wait_for_selector("button.copy:has-text('Copied')")  # (the page's CSP allows no eval)
        assert page.evaluate("navigator.clipboard.readText()") == "A/RES/79/236, para. 18 (p. 6)"
    finally:
        context.close()


def test_a_verdict_from_the_page_is_stored_and_exported(base, page, corpus_index):
    from ssc_search.library.feedback import FILE_NAME, FeedbackStore

    page.goto(base + "/?q=What+is+the+Yucat%C3%A1n+Agreement%3F")
    form = page.locator("form.feedback")
    form.get_by_label("Partly").check()
    form.get_by_label("Comment (optional)").fill("the fund's name is missing")
    form.get_by_role("button", name="Send").click()
    page.wait_for_selector("text=your verdict is stored")
    exported = [q for q in FeedbackStore(corpus_index / FILE_NAME).export()
                if q["comment"] == "the fund's name is missing"]
    assert exported and exported[-1]["feedback"] == "partly" and exported[-1]["needs_gold"]
    assert axe_violations(page) == []


def test_the_catalogue_lists_filters_and_finds(base, page):
    page.goto(base + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Catalogue").click()
    page.wait_for_selector("table.docs")
    everything = page.locator("table.docs tbody tr").count()
    page.get_by_role("navigation", name="Kinds").get_by_role("link", name="country").click()
    page.wait_for_selector("nav.kinds a[aria-current=true]")
    countries = page.locator("table.docs tbody tr").count()
    assert 0 < countries < everything
    page.get_by_label("Find a name").fill("Mexico")
    page.get_by_role("button", name="Find").click()
    page.wait_for_selector("table.docs")
    names = page.locator("table.docs tbody tr td:first-child").all_inner_texts()
    assert names and "Mexico" in names and len(names) < countries
    assert axe_violations(page) == []


def test_the_viewer_opens_the_pdf_at_the_cited_page_with_the_quote_marked(base, page):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base + "/?q=What+is+the+Yucat%C3%A1n+Agreement%3F")
    quote = " ".join(page.locator(".citations blockquote").first.inner_text().split())
    page.locator(".citations a.on-page").first.click()
    page.wait_for_selector("#viewer[data-highlighted]", timeout=30000)
    viewer = page.locator("#viewer")
    assert viewer.get_attribute("data-page") == "25" and "/view?page=25" in page.url
    assert int(viewer.get_attribute("data-highlighted")) > 0, errors
    marked = " ".join(" ".join(page.locator("#viewer mark.hl").all_text_contents()).split())
    assert quote.split()[0] in marked and quote.split()[-1].rstrip(".") in marked  # the quote, first to last word
    assert page.locator("#viewer canvas").count() == 1 and not [e for e in errors if "Content Security" in e]
    assert axe_violations(page) == []


def test_filter_chips_stay_across_questions_and_clear(base, page):
    page.goto(base + "/?q=triangular+cooperation")
    page.locator(".facets").get_by_role("link", name="Spanish", exact=True).click()
    page.wait_for_selector(".chips .chip")
    assert page.locator(".chips .chip").count() == 1
    box = page.get_by_role("combobox")
    box.fill("cooperación técnica")
    page.keyboard.press("Enter")
    page.wait_for_selector("#answer-h")
    assert "language=es" in page.url and page.locator(".chips .chip").count() == 1  # kept by the new question
    wheres = page.locator(".hit .where a:first-child").all_inner_texts()
    assert wheres and all("Ley de Cooperación" in w for w in wheres)
    page.get_by_role("link", name="Clear filters").first.click()
    page.wait_for_selector("#answer-h")
    assert page.locator(".chips .chip").count() == 0 and "language=" not in page.url
    assert axe_violations(page) == []


@pytest.mark.skipif(not shutil.which("tesseract") and not os.environ.get("CI"), reason="Tesseract is not installed")
def test_the_viewer_marks_a_quote_on_a_scanned_page_from_the_ocr_word_boxes(tmp_path, browser):
    from test_ocr import image_pdf

    from ssc_search.index.build import build, load

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    image_pdf(CORPUS / f"{PUB}.pdf", [24], corpus / "scan.pdf", dpi=200)  # printed page 25, as a scan
    (corpus / "catalog.toml").write_text('[[document]]\nfile = "scan.pdf"\ntitle = "Scan"\nlanguage = "en"\n',
                                         encoding="utf-8")
    build(corpus, tmp_path / "index")
    passage = next(p for p in load(tmp_path / "index").passages if "Yucat" in p.text)
    url, server = serve(tmp_path / "index", corpus)
    try:
        page = browser.new_page()
        page.goto(f"{url}/documents/scan/view?page={passage.page_label}&passage={passage.id}")
        page.wait_for_selector("#viewer[data-highlighted]", timeout=30000)
        assert int(page.get_attribute("#viewer", "data-highlighted")) > 5  # words, not text runs: no text layer
        marked = " ".join(page.locator("#viewer mark.hl").all_text_contents())
        assert "Yucatán" in marked or "Yucatan" in marked
        page.close()
    finally:
        server.close()
