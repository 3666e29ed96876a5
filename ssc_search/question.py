"""Reading a question: what kind of answer it asks for, which words frame it, and how a
sentence from a page is shown as an answer."""
from __future__ import annotations

import re

from .analyze import fold

LONG_SENTENCE = 20

TYPES = [
    ("number", re.compile(r"\bhow (many|much)\b|\bnumber of\b|\bcuant[oa]s?\b|\bwhat (percentage|share|proportion)\b"
                          r"|\bque (porcentaje|cantidad)\b")),
    ("date", re.compile(r"\bwhen\b|\b(what|which) year\b|\bin what year\b|\bcuando\b|\ben que ano\b|\bwhat date\b"
                        r"|\bdesde cuando\b|\bsince when\b")),
    ("entity", re.compile(r"\b(which|what) (un |united nations |mexican |other )?(agenc|organi[sz]ation|institution|"
                          r"countr|partner|ministr|bod(y|ies)|programme|program|initiative|entit)\w*"
                          r"|\bque (agencias|paises|instituciones|organismos|organizaciones|programas|"
                          r"iniciativas|entidades)\b|\bcuales (agencias|paises|instituciones)\b")),
    ("who", re.compile(r"^(who|quien|quienes)\b")),
    ("definition", re.compile(r"^(what|que) (is|are|was|were|es|son|fue)\b|\bwhat does .* (stand for|mean)\b"
                              r"|^define\b|\bwhat is meant by\b|\bque significa\b|\bstand for\b")),
]
KIND_WORDS = [
    ("country", re.compile(r"countr|pais|nation")),
    ("agency", re.compile(r"agenc|organi[sz]ation|organismo|un entit|entidades")),
    ("partner", re.compile(r"institution|institucion|ministr|partner|bod(y|ies)|mexican")),
    ("initiative", re.compile(r"programme|program|initiative|iniciativa|project|proyecto")),
]
NUMBER = re.compile(r"(?<![\w/])\d[\d,.]*(?![\w/])|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                     r"twelve|dozen|twenty|thirty|forty|fifty|hundred|thousand|million|billion|half|uno|una|dos|tres|cuatro|"
                     r"cinco|seis|siete|ocho|nueve|diez|veinte|treinta|cien|ciento|mil|millones)\b", re.I)
YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
MONTH = re.compile(r"\b(january|february|march|april|may|june|july|august|september|october|november|december|"
                    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)\b",
                    re.I)
FRAME = re.compile(r"\b(stands? for|what is meant by|refers? to|means?|named|mentioned|regarding|concerning|"
                   r"according to|say|says|said|about|describe|tell me|explain|seg[uú]n|dice|sobre)\b", re.I)
ENUMERATOR = re.compile(r"^(?:[IVXLC]+|\d+|[a-z])[.)]\s+")
FOCUS = re.compile(r"^\W*(?:what|which|que|cual) (?:is|are|was|were|es|son|fue) (?:the|la|el|los|las) (\w+) "
                    r"(?:of|for|de|del|in|en)\b", re.I)
WHERE = re.compile(r"\b(where|donde)\b")
FRAME_NOUNS = {"subject", "purpose", "aim", "goal", "role", "objective", "focus", "name", "meaning", "nature",
                "content", "topic", "main", "type", "kind", "scope", "objetivo", "proposito", "tema", "papel",
                "funcion", "nombre", "significado", "alcance"}
LEADERS = re.compile(r"\.{5,}|(\. ){4,}")
CAPTION = re.compile(r"\([^()]*\b(19|20)\d\d\)\.?$")  # a photo caption: "... (Mexico City, March 2013)."
NAMED = re.compile(r"\b[A-ZÁÉÍÓÚ][a-záéíóúñ]+\s+[A-ZÁÉÍÓÚ][a-záéíóúñ]+")


INSTITUTIONAL = {"assembly", "council", "committee", "nations", "united", "programme", "program", "office", "fund",
                 "organization", "agency", "ministry", "secretary", "secretariat", "group", "conference", "forum",
                 "development", "cooperation", "general", "commission", "bank", "institute", "government",
                 "agenda", "goals", "summit", "system", "framework", "partnership", "consejo", "secretaria",
                 "comision", "agencia", "programa", "instituto", "gobierno", "fondo", "oficina"}


def new_names(sentence: str, question: str) -> list[str]:
    """Capitalised pairs that look like people's names ("Omar Hilale", not "General Assembly") in a
    sentence, and that the question does not already say."""
    asked = set(fold(question).replace("-", " ").split())
    out = []
    for m in NAMED.finditer(sentence.replace("-", " ")):
        words = set(fold(m.group()).split())
        if not words & asked and not words & INSTITUTIONAL:
            out.append(m.group())
    return out


def defines(sentence: str, subject_words: list[str]) -> bool:
    """"XIII. Registro Nacional: Registro nacional de instituciones..." defines its subject."""
    head, colon, _ = ENUMERATOR.sub("", sentence).partition(":")
    if not colon or len(head.split()) > 8:
        return False
    words = fold(head).split()
    # the part before the colon is the subject itself, not a clause about it ("En el Registro se inscribirán:")
    return bool(subject_words) and all(w in words for w in subject_words) and len(words) <= len(subject_words) + 1
PRONOUN_START = re.compile(r"^(It|This|These|They|Its|Their|Such|Esta|Este|Estos|Estas|Su|Sus)\b")
DEFINES = re.compile(r"\b(is|are|was|refers to|known as|means|consists of|aims|es|son|se entiende|"
                      r"tiene por objeto)\b|:", re.I)


TYPE_WORDS = re.compile(r"\b(which|what|who|whom|qu[eé]|cu[aá]les|qui[eé]n(es)?)\s+"
                        r"((un|united nations|mexican|other)\s+)?"
                         r"(agenc|organi[sz]ation|institution|countr|partner|ministr|bod|programme|program|initiative"
                         r"|entit|agencias|pa[ií]ses|instituciones|organismos|organizaciones|programas|iniciativas"
                         r"|entidades)\w*", re.I)
COLON_BREAK = re.compile(r":\s+(?=[A-ZÁÉÍÓÚ¿¡])")
CAPS_HEAD = re.compile(r"^(?:[A-Z0-9ÁÉÍÓÚÑ()/&,.-]+\s+){3,}(?=[A-ZÁÉÍÓÚ][a-záéíóúñ])")


def tidy(sentence: str) -> list[str]:
    """A sentence as an answer shows it: a long run-on cut at "Note: In total...", a heading in
    capitals that the page ran into it taken off."""
    sentence = " ".join(sentence.split())
    parts = [sentence]
    if len(sentence.split()) > LONG_SENTENCE:
        parts = []
        for piece in re.split(r"(?<=;)\s+", sentence):
            start = 0
            for m in COLON_BREAK.finditer(piece):
                if len(piece[start:m.start()].split()) > 6:  # "Term: its definition" stays whole
                    parts.append(piece[start:m.start() + 1])
                    start = m.end()
            parts.append(piece[start:])
    out = []
    for part in parts:
        head = CAPS_HEAD.match(part)
        if head and "(" in head.group():
            # "NATIONAL FUND ... (FONCID) The setup of..." spells a name out: offer it whole as well
            out.append(part[head.end():].strip())
        elif head:
            part = part[head.end():]
        part = part.strip()
        if part:
            out.append(part)
    return out


def question_type(question: str) -> tuple[str, set[str]]:
    """('number'|'date'|'entity'|'definition'|'general', the entity kinds an entity question wants)."""
    q = fold(question).strip(" ¿?¡!")
    for name, pattern in TYPES:
        m = pattern.search(q)
        if m:
            if name != "entity":
                return name, set()
            kinds = {kind for kind, words in KIND_WORDS if words.search(m.group())}
            return name, kinds or {"agency", "partner"}
    return "general", set()


def fits(text: str, kind: str) -> bool:
    """A "how many" answer holds a number and a "when" answer a date; other kinds take any sentence."""
    if kind == "number":
        return any(not YEAR.fullmatch(m.group()) for m in NUMBER.finditer(text))
    if kind == "date":
        return bool(YEAR.search(text) or MONTH.search(text))
    return True


def spells_out(text: str, question: str) -> bool:
    """"International Development Cooperation Act (LCID)" answers what LCID stands for, and
    "the RENCID, the national registry system" what the RENCID is."""
    for acronym in re.findall(r"\b[A-Z][A-Z0-9+&/-]{1,11}\b", question):
        a = re.escape(acronym)
        if re.search(rf"\(\s*{a}\s*\)|\b{a},\s+(the|a|an|la|el|un|una)\s|\b{a}\s+(is|are|was|es)\s", text):
            return True
    return False
