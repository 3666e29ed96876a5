"""The interface and the library's messages in English and Spanish: complete catalogues, the language
chosen and remembered, no English left on a Spanish page, and `lang` attributes where text changes
language."""
from __future__ import annotations

import gettext
import re
from html.parser import HTMLParser

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from conftest import CORPUS, ROOT

from ssc_search import i18n
from ssc_search.cli import main
from webapp import create_app

CATALOGUES = [  # (source folder, .po of the Spanish catalogue, .mo compiled from it)
    (ROOT / "webapp", ROOT / "webapp/translations/es/LC_MESSAGES/messages.po",
     ROOT / "webapp/translations/es/LC_MESSAGES/messages.mo"),
    (ROOT / "ssc_search", ROOT / "ssc_search/locale/es/LC_MESSAGES/ssc_search.po",
     ROOT / "ssc_search/locale/es/LC_MESSAGES/ssc_search.mo"),
]
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|\{\w+(?:![rs])?(?::[^}]*)?\}")
UNANSWERABLE = "How many nuclear reactors does Mexico operate?"


def _spanish(po):
    """Each message by its English id (a plural message by its singular)."""
    with open(po, "rb") as fh:
        return {m.id[0] if isinstance(m.id, tuple) else m.id: m for m in read_po(fh) if m.id}


def _forms(message) -> list[str]:
    """A message's Spanish forms: one, or one per plural form."""
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


@pytest.mark.parametrize("source,po,mo", CATALOGUES, ids=["interface", "library"])
def test_every_message_in_the_sources_has_a_spanish_translation(source, po, mo):
    """Run after adding a message: `make translations`, then fill in the Spanish."""
    catalogue = _spanish(po)
    found = {found[2][0] if isinstance(found[2], tuple) else found[2] for found in extract_from_dir(str(source), METHODS)}
    assert found, "no message extracted"
    untranslated = sorted(m for m in found if m not in catalogue or not all(_forms(catalogue[m]))
                          or catalogue[m].fuzzy)
    assert not untranslated, f"untranslated in {po.name}: {untranslated}"


@pytest.mark.parametrize("source,po,mo", CATALOGUES, ids=["interface", "library"])
def test_compiled_catalogue_matches_its_source_and_keeps_the_placeholders(source, po, mo):
    with open(mo, "rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    for msgid, message in _spanish(po).items():
        if isinstance(message.id, tuple):  # a plural message: each form as gettext gives it for 1, many, 2
            got = [compiled.ngettext(*message.id, n) for n in (1, 1_000_000, 2)]
            assert got == _forms(message), f"{mo.name} is stale: run `make translations`"
        else:
            assert compiled.gettext(msgid) == message.string, f"{mo.name} is stale: run `make translations`"
        for form in _forms(message):
            assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(form)), msgid


@pytest.fixture(scope="module")
def client(corpus_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(corpus_index), "CORPUS_DIR": str(CORPUS)}).test_client()


class _Visible(HTMLParser):
    """The text of a page that is in the page's own language: elements marked with another `lang`
    (a quote from an English document on the Spanish page) are left out, with scripts and styles."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})

    def __init__(self, language: str):
        super().__init__()
        self.language, self.stack, self.parts, self.attributes = language, [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("placeholder", "aria-label", "title", "alt"):
            if attrs.get(name) and self._own_language(attrs):
                self.attributes.append(attrs[name])
        if tag not in self.VOID:
            self.stack.append((tag, attrs.get("lang"), tag in ("script", "style")))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def _own_language(self, attrs=None) -> bool:
        langs = [lang for _, lang, _ in self.stack if lang] + ([attrs["lang"]] if attrs and attrs.get("lang") else [])
        return (not langs or langs[-1] == self.language) and not any(hidden for *_, hidden in self.stack)

    def handle_data(self, data):
        if self._own_language():
            self.parts.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.parts + self.attributes).split())


def _english_fragments() -> list[str]:
    """Pieces of the English interface messages that the Spanish catalogue says differently."""
    out = set()
    for msgid, message in _spanish(CATALOGUES[0][1]).items():
        spanish = " ".join(_forms(message))
        if spanish == msgid:
            continue
        for piece in PLACEHOLDER.split(msgid):
            piece = piece.strip(" .,:;()'\"?")
            if len(piece) >= 4 and piece not in spanish:
                out.add(piece)
    return sorted(out)


def _pages(client):
    entity = client.get("/api/entities?kind=agency").get_json()["entities"][0]["id"]
    return ["/", "/?q=How+many+South-South+projects+did+Mexico+provide+in+2012%3F",
            "/?q=" + UNANSWERABLE.replace(" ", "+"), "/documents", "/documents/towards-a-global-partnership-2014/pages/25",
            f"/entities/{entity}", "/admin", "/no-such-page"]


ENGLISH_WORDS = {"the", "of", "and", "with", "from", "this", "that", "which", "page", "pages", "document",
                 "search", "answer", "question", "open", "matching", "remove", "upload"}


def _query(url: str) -> list[str]:
    from urllib.parse import parse_qs, urlparse

    return parse_qs(urlparse(url).query).get("q", [])


def _content_names(client) -> list[str]:
    """Names the library holds (entity names and aliases, document titles): content, not interface."""
    names = [d["title"] for d in client.get("/api/documents").get_json()["documents"]]
    for e in client.get("/api/entities").get_json()["entities"]:
        names += [e["name"], *e["aliases"]]
    return sorted(set(names), key=len, reverse=True)


def test_no_english_left_on_the_spanish_pages(client):
    fragments = _english_fragments()
    assert len(fragments) > 50
    names = _content_names(client)
    for url in _pages(client):
        r = client.get(url, headers={"Accept-Language": "es"})
        html = r.get_data(as_text=True)
        assert '<html lang="es">' in html, url
        parser = _Visible("es")
        parser.feed(html)
        text = parser.text()
        for name in [*names, *_query(url), "ssc-search"]:
            text = text.replace(name, " ")
        left = [f for f in fragments if re.search(r"(?<!\w)" + re.escape(f) + r"(?!\w)", text)]
        assert not left, (url, left)
        english = ENGLISH_WORDS & set(re.findall(r"\w+", text.lower()))  # English written outside the catalogue
        assert not english, (url, english, text[:2000])


def test_english_pages_mark_spanish_content(client):
    html = client.get("/?q=%C2%BFQu%C3%A9+es+la+AMEXCID%3F").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert 'lang="es"' in html  # the law's passages and title, read as Spanish by screen readers


def test_the_switch_is_remembered_and_accept_language_is_the_default(client):
    assert '<html lang="es">' in client.get("/", headers={"Accept-Language": "es-MX,es;q=0.9"}).get_data(as_text=True)
    fresh = create_app({"TESTING": True, "INDEX_DIR": client.application.config["INDEX_DIR"]}).test_client()
    r = fresh.get("/documents?lang=es")
    assert "lang=es" in r.headers["Set-Cookie"] and r.headers["Content-Language"] == "es"
    assert "Documentos" in fresh.get("/documents").get_data(as_text=True)  # the cookie remembers
    assert '<html lang="en">' in fresh.get("/documents?lang=en").get_data(as_text=True)  # the switch wins
    switch = fresh.get("/?q=agua&lang=es").get_data(as_text=True)
    assert 'href="/?q=agua&amp;lang=en" lang="en" hreflang="en"' in switch  # the same page, other language


def test_api_explains_in_the_asked_language(client):
    es = client.get("/api/ask", query_string={"q": UNANSWERABLE}, headers={"Accept-Language": "es"}).get_json()
    assert es["answer"] is None and es["message"].startswith("Los documentos no responden a esta pregunta.")
    en = client.get("/api/ask", query_string={"q": UNANSWERABLE, "lang": "en"},
                    headers={"Accept-Language": "es"}).get_json()
    assert en["message"].startswith("The documents do not answer this question.")
    error = client.get("/api/search", query_string={"q": "agua", "year": "dos mil", "lang": "es"}).get_json()
    assert "debe ser un número entero" in error["error"]["message"]
    bad = client.get("/api/health", query_string={"lang": "fr"})
    assert bad.status_code == 400 and "'lang'" in bad.get_json()["error"]["message"]
    assert client.put("/api/ask", headers={"Accept-Language": "es"}).get_json()["error"]["message"].startswith("esta")


def test_a_request_in_spanish_leaves_the_library_in_english(client):
    client.get("/api/ask", query_string={"q": UNANSWERABLE, "lang": "es"})
    assert i18n.current() == "en"


def test_cli_follows_lang_and_the_locale(capsys, corpus_index, monkeypatch):
    assert main(["--index", str(corpus_index), "ask", UNANSWERABLE, "--lang", "es"]) == 0
    assert "Los documentos no responden" in capsys.readouterr().out
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert main(["--index", str(corpus_index), "search", " "]) == 1
    assert "la consulta está vacía" in capsys.readouterr().err
    assert i18n.current() == "en"


def test_library_ordinals_and_unknown_languages():
    token = i18n.use("es")
    try:
        assert i18n.ordinal(22) == "22.º" and i18n._("and") == "y"
    finally:
        i18n.reset(token)
    token = i18n.use("fr")
    try:
        assert i18n.current() == "en" and i18n.ordinal(22) == "22nd" and i18n.ordinal(13) == "13th"
    finally:
        i18n.reset(token)
    assert i18n.from_locale({"LANG": "es_ES.UTF-8"}) == "es" and i18n.from_locale({"LANG": "C.UTF-8"}) == "en"


def test_a_control_character_or_a_json_value_is_named_as_the_request_wrote_it(client):
    r = client.get("/api/search", query_string={"q": "agua\x00", "lang": "es"})
    assert r.status_code == 400 and "carácter de control (U+0000)" in r.get_json()["error"]["message"]
    assert client.get("/", query_string={"q": "water\x1b"}).status_code == 400
    r = client.post("/api/ask", json={"question": "water", "year": True})
    assert r.status_code == 400 and r.get_json()["error"]["message"].endswith("not true")
    r = client.post("/api/ask", json={"question": " "})  # the example is a body, as the request was
    assert r.status_code == 400 and '{"question": "triangular cooperation"}' in r.get_json()["error"]["message"]


def test_entities_are_named_as_a_spanish_reader_knows_them(client):
    from ssc_search.index.entity_sources import spanish_name

    assert spanish_name({"kind": "country", "name": "Dominican Republic", "aliases": []}) == "República Dominicana"
    assert spanish_name({"kind": "country", "name": "Costa Rica", "aliases": ["Republic of Costa Rica"]}) == "Costa Rica"
    assert spanish_name({"kind": "country", "name": "Bolivia", "aliases": ["Bolivia, Plurinational State of"]}) == "Bolivia"
    assert spanish_name({"kind": "agency", "name": "World Food Programme",
                         "aliases": ["WFP", "PMA", "Programa Mundial de Alimentos"]}) == "Programa Mundial de Alimentos"
    assert spanish_name({"kind": "initiative", "name": "Mesoamerica Without Hunger", "aliases": []}) is None
    assert spanish_name({"kind": "agency", "name": "World Bank", "aliases": ["Banco Mundial"]}) == "Banco Mundial"
    assert spanish_name({"kind": "agency", "name": "Global Fund", "aliases": ["Global Fund to Fight AIDS"]}) is None
    # ISO's index form read in natural order, unless the library calls the country by its short name
    assert spanish_name({"kind": "country", "name": "Palestine, State of", "aliases": ["Palestine"]}) == \
        "Estado de Palestina"
    assert spanish_name({"kind": "country", "name": "Republic of Korea", "aliases": ["Korea, Republic of"]}) == \
        "República de Corea"
    islands = spanish_name({"kind": "country", "name": "British Virgin Islands", "aliases": ["Virgin Islands, British"]})
    assert islands and not islands.startswith("Británicas")  # no index form to turn round
    page = client.get("/entities/united-nations-development-programme?lang=es").get_data(as_text=True)
    assert "<h1>Programa de las Naciones Unidas para el Desarrollo" in page and "United Nations Development Programme" in page
    desa = client.get("/entities/department-of-economic-and-social-affairs?lang=es").get_data(as_text=True)
    assert "<h1>Departamento de Asuntos Económicos y Sociales" in desa
    english = client.get("/entities/united-nations-development-programme?lang=en").get_data(as_text=True)
    assert "<h1>United Nations Development Programme" in english


def test_the_api_labels_entities_in_the_readers_language(client):
    def labels(lang: str) -> dict[str, str]:
        listed = client.get(f"/api/entities?kind=agency&lang={lang}").get_json()["entities"]
        return {e["name"]: e["label"] for e in listed}

    spanish, english = labels("es"), labels("en")
    undp = "United Nations Development Programme"
    assert spanish[undp] == "Programa de las Naciones Unidas para el Desarrollo (PNUD)"
    assert english[undp] == "United Nations Development Programme (UNDP)"
    undp_id = client.get("/api/entities/undp").get_json()["id"]
    detail = client.get(f"/api/entities/{undp_id}?lang=es").get_json()
    assert detail["name"] == undp and detail["label"] == spanish[undp]  # the name stays the catalogue's
    answer = client.post("/api/ask?lang=es", json={"question": "¿Qué hace el PNUD en México?"}).get_json()
    assert all("label" in e for e in answer["entities"])
    suggested = client.get("/api/suggest?q=PNUD&lang=es").get_json()["suggestions"]
    assert suggested[0]["name"] == "PNUD" and suggested[0]["label"] == spanish[undp]  # the name typed, its label
