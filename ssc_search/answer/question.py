"""Reading a question: what kind of answer it asks for, which words frame it, and how a
sentence from a page is shown as an answer. (The numbers and dates an answer holds, and what a
number or date question measures, are `measures`'.)"""
from __future__ import annotations

import re
from functools import lru_cache

from ..analyze import fold

LONG_SENTENCE = 20

TYPES = [
    ("number", re.compile(r"\bhow (many|much)\b|\bnumber of\b|^(what|which) (is|was|are|were) the (total |overall |"
                          r"annual |minimum |maximum )?(volume|amount|number|value|share|percentage|proportion|cost|size|"
                          r"sum|rate|budget|capital|figure)\b|\bwhat (minimum |maximum )?(percentage|share|proportion)\b"
                          r"|\bcuant[oa]s?\b|\bwhat (percentage|share|proportion|fraction|"
                          r"portion|slice|amount|sum|ratio|rate|level|multiple|figure|total)\b|\bby (how much|what (factor|"
                          r"multiple|percentage|share))\b|\bque (porcentaje|cantidad|proporcion|monto|parte|cifra|suma|"
                          r"tasa|nivel|numero)\b|\b(a|en) cuanto\b|\bwhat per ?cent")),
    ("date", re.compile(r"\bwhen\b|\b(what|which) (year|date|dates|day|days|month|period|time ?frame|years)\b|\bin what year\b"
                        r"|\bcuando\b|\ben que (ano|fecha|mes|periodo|dia)\b|\bque (fecha|fechas|dia|dias|mes|ano|"
                        r"periodo)\b|\bdesde cuando\b|\bsince when\b|\bhow (often|long|frequently)\b|\bcada cuant[oa]s?\b|\bcon que (periodicidad|"
                        r"frecuencia)\b|\bby (what|which) (year|date)\b|\bcuanto tiempo\b|\bplazo\b|\bdeadline\b")),
    ("entity", re.compile(r"\b(which|what) (un |united nations |mexican |other |international |european |african |regional |"
                          r"[a-z]+-based |island |small |developing |donor |member |latin american |asian |arab )?"
                          r"(agenc|organi[sz]ation|institution|countr|nation|partner|ministr|bod(y|ies)|programme|program|"
                          r"initiative|entit|office|delegation|fund|government|state|donor)\w*"
                          r"|\bque (agencias|paises|instituciones|organismos|organizaciones|programas|iniciativas|entidades|"
                          r"pais|agencia|institucion|organismo|organizacion|programa|iniciativa|entidad|oficina|delegacion|"
                          r"fondo|fondos|secretarias|secretaria|gobierno|estado|estados|naciones|nacion)\b"
                          r"|\bcuales? (agencias|paises|instituciones|organismos|pais|agencia|fondos|secretarias)\b")),
    ("who", re.compile(r"^(who|whom|whose|quien|quienes)\b|\b(a|de|por|con) quien(es)?\b|\bwho (is|was|are|were|will|"
                       r"should|must|leads|chairs|heads|presided|chaired|opened|moderated)\b|\bby whom\b")),
    ("definition", re.compile(r"^(what|que) (is|are|was|were|es|son|fue)\b|\bwhat does .* (stand for|mean)\b"
                              r"|^define\b|\bwhat is meant by\b|\bque significa\b|\bstand for\b|\bque se entiende por\b"
                              r"|\bcomo (se )?define\b|\bhow (is|are) .* defined\b")),
    ("reason", re.compile(r"^(why|por que|para que)\b|\b(why|por que|para que)\b|\bfor what (purpose|reason)\b"
                          r"|\bwhat (is|was) the (purpose|aim|goal|objective|reason|rationale)\b|\bcon que (fin|objeto|"
                          r"proposito|objetivo)\b|\bcual es el (objetivo|proposito|fin)\b")),
    ("action", re.compile(r"\bwhat (does|did|do|should|must|will|would) .{0,80}\b(ask|request|call|urge|encourage|invite|"
                          r"decide|want|recommend|propose|commit|pledge|require|oblige|say|suggest|do|expect|stress|"
                          r"recogni[sz]e|welcome|note)\w*|\bhow (does|did|do|should|can|could|will|would|is|are)\b"
                          r"|\bque (pide|solicita|exhorta|alienta|invita|decide|recomienda|propone|dice|establece|"
                          r"obliga|debe|deben|hace|hizo|hara|hacen|compromete|plantea|senala|preve|dispone|reconoce)\b"
                          r"|\bque se (pide|solicita|exhorta|alienta|invita|decide|recomienda|propone|establece|dispone|"
                          r"preve|encomienda|encarga)\b"
                          r"|\bcomo (puede|pueden|debe|deben|se|contribuye|apoya)\b")),
]
KIND_WORDS = [
    ("country", re.compile(r"countr|pais|nation|state|estado|government|gobierno|delegation|delegacion|donor")),
    ("agency", re.compile(r"agenc|organi[sz]ation|organismo|un entit|entidades|office|oficina|bod(y|ies)")),
    ("partner", re.compile(r"institution|institucion|ministr|partner|bod(y|ies)|mexican|secretaria")),
    ("initiative", re.compile(r"programme|program|initiative|iniciativa|project|proyecto|fund|fondo")),
]
FRAME = re.compile(r"\b(stands? for|what is meant by|refers? to|means?|named|mentioned|regarding|concerning|"
                   r"according to|say|says|said|about|describe|tell me|explain|seg[uú]n|dice|sobre)\b", re.I)
DEFINING = re.compile(r"\b(defines?|defined|definition|definen|definido|definida|definici[oó]n|entiende|significa)\b",
                      re.I)
# a question about when a document itself was adopted, issued or published: its masthead dates it
DOCUMENT_DATED = re.compile(r"\b(?:(?:adopt|approv|issu|publish|releas|sign|distribut|enact|promulg|aprob|public|emiti|"
                            r"expidi|expedi|firm|distribu)\w*|dated?)\b")
ENUMERATOR = re.compile(r"^(?:[IVXLC]+|\d+|[a-z])[.)]\s+")
FOCUS = re.compile(r"^\W*(?:what|which|que|cual) (?:is|are|was|were|es|son|fue) (?:the|la|el|los|las) (\w+) "
                    r"(?:of|for|de|del|in|en)\b", re.I)
FRAME_NOUNS = {"subject", "purpose", "aim", "goal", "role", "objective", "focus", "name", "meaning", "nature",
                "content", "topic", "main", "type", "kind", "scope", "objetivo", "proposito", "tema", "papel",
                "funcion", "nombre", "significado", "alcance"}
LEADERS = re.compile(r"\.{5,}|(\. ){4,}")
CAPTION = re.compile(r"\([^()]*\b(19|20)\d\d\)\.?$")  # a photo caption: "... (Mexico City, March 2013)."
# two to four capitalised words, with a particle between them: "Omar Hilale", "Eleonora Betancur González",
# "Duarte Cunha de Eça Valente", "Marcia de Castro"
NAMED = re.compile(r"\b[A-ZÁÉÍÓÚÑ][a-záéíóúñçã]+(?:\s+(?:(?:de|da|do|dos|del|van|von)\s+)?[A-ZÁÉÍÓÚÑ][a-záéíóúñçã]+){1,3}")


INSTITUTIONAL = {"assembly", "council", "committee", "nations", "united", "programme", "program", "office", "fund",
                 "organization", "agency", "ministry", "secretary", "secretariat", "group", "conference", "forum",
                 "development", "cooperation", "general", "commission", "bank", "institute", "government",
                 "agenda", "goals", "summit", "system", "framework", "partnership", "consejo", "secretaria",
                 "comision", "agencia", "programa", "instituto", "gobierno", "fondo", "oficina", "vice"}


def new_names(sentence: str, question: str) -> list[str]:
    """Capitalised pairs that look like people's names ("Omar Hilale", not "General Assembly") in a
    sentence, and that the question does not already say."""
    asked = set(fold(question).replace("-", " ").split())
    return [name for name, words in _names(sentence) if asked.isdisjoint(words)]


@lru_cache(maxsize=50_000)
def _names(sentence: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """The sentence's capitalised pairs that are not an institution's, each with its folded words."""
    out = []
    for m in NAMED.finditer(sentence.replace("-", " ")):
        name = re.sub(r"^(?:The|El|La|Los|Las|An?)\s+", "", m.group())  # "The President" names no one
        words = frozenset(fold(name).split())
        if len(words) >= 2 and words.isdisjoint(INSTITUTIONAL):
            out.append((name, words))
    return tuple(out)


_CONNECTORS = {"de", "del", "la", "las", "el", "los", "y", "e", "en", "para", "of", "the", "and", "for", "in", "on", "a"}
_WORD = re.compile(r"[\w-]+")


def defines(sentence: str, subject_words: list[str], question: str = "") -> bool:
    """"XIII. Registro Nacional: Registro nacional de instituciones..." defines its subject: the part
    before the colon holds the question's main words, or is a term the question names whole
    ("II. Cooperación Horizontal:" for "¿Cómo define la ley la cooperación horizontal?")."""
    head, colon, _ = ENUMERATOR.sub("", sentence).partition(":")
    if not colon or len(head.split()) > 8:
        return False
    words = fold(head).split()
    # the part before the colon is the subject itself, not a clause about it ("En el Registro se inscribirán:")
    if bool(subject_words) and all(w in words for w in subject_words) and len(words) <= len(subject_words) + 1:
        return True
    # a term of two words or more, every one of them in the question ("Cooperación Horizontal", not "Cooperación")
    content = [w for w in _WORD.findall(fold(head)) if w not in _CONNECTORS]
    asked = set(_WORD.findall(fold(question)))
    named = {fold(w) for w in subject_words}
    return len(content) >= 2 and all(w in asked for w in content) and any(w in named for w in content)


PRONOUN_START = re.compile(r"^(It|This|These|They|Its|Their|Such|We|Our|Both|Those|He|She|His|Her|The latter|"
                           r"Esta|Este|Estos|Estas|Su|Sus|Ello|Dicho|Dicha|Dichos|Dichas|Ambos|Ambas)\b")
DEFINES = re.compile(r"\b(is|are|was|refers to|known as|means|consists of|aims|es|son|se entiende|"
                      r"tiene por objeto)\b|:", re.I)


TYPE_WORDS = re.compile(r"\b(which|what|who|whom|qu[eé]|cu[aá]les|qui[eé]n(es)?)\s+"
                        r"((un|united nations|mexican|other)\s+)?"
                         r"(agenc|organi[sz]ation|institution|countr|partner|ministr|bod|programme|program|initiative"
                         r"|entit|agencias|pa[ií]ses|instituciones|organismos|organizaciones|programas|iniciativas"
                         r"|entidades)\w*", re.I)
COLON_BREAK = re.compile(r":\s+(?=[A-ZÁÉÍÓÚ¿¡])")
CAPS_HEAD = re.compile(r"^(?:[A-Z0-9ÁÉÍÓÚÑ()/&,.-]+\s+){3,}(?=[A-ZÁÉÍÓÚ][a-záéíóúñ])")


def _heading_words(run: str) -> bool:
    """A run of capitals is a heading when two of its words are words, not acronyms of a list:
    "NATIONAL FUND FOR ..." is; "FAO, PAHO/WHO, UN" is not."""
    return sum(1 for t in run.split() if len(t.strip("()/.-")) >= 4 and not t.endswith(",") and "/" not in t) >= 2


def tidy(sentence: str) -> list[str]:
    """A sentence as an answer shows it: a long run-on cut at "Note: In total...", a heading in
    capitals that the page ran into it taken off, the footnotes below a rule ("_____") apart, and the
    items of a list the page ran together ("... Conference. (xi) We confirm ...") apart."""
    out = []
    for text in ITEM_BREAK.split(FOOTNOTE_RULE.sub(" ¶ ", " ".join(sentence.split()))):
        text = text.strip(" ¶")
        out += _tidy(text) if text else []
    return out


FOOTNOTE_RULE = re.compile(r"\s*_{5,}\s*")
# a full stop, then the next item's letter or numeral: "(xi) ", "(b) "
ITEM_BREAK = re.compile(r"(?<=[.;])\s+(?=\((?:[a-z]|[ivxl]{1,5})\)\s+[A-Z])|\s+¶\s+")


def _tidy(sentence: str) -> list[str]:
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
        if head and not _heading_words(head.group()):
            head = None  # "FAO, PAHO/WHO, UN Women, UNDP ...": a list of acronyms, not a heading
        if head and "(" in head.group():
            # "NATIONAL FUND ... (FONCID) The setup of..." spells a name out: offer it whole as well
            out.append(part[head.end():].strip())
        elif head:
            part = part[head.end():]
        part = part.strip()
        if part:
            out.append(part)
    return out


GENERIC_FRAME = re.compile(r"^(what|que) (is|are|was|were|es|son|fue)$")


def question_type(question: str) -> tuple[str, set[str]]:
    """('number'|'date'|'entity'|'definition'|'general', the entity kinds an entity question wants)."""
    q = fold(question).strip(" ¿?¡!")
    # the question word that comes first decides: "¿Quién era director cuando se publicó...?" asks who;
    # "What is..." only frames a question that asks nothing more specific ("What is the deadline...?")
    found = [(m.start(), n, name, m) for n, (name, pattern) in enumerate(TYPES) for m in [pattern.search(q)] if m]
    if not found:
        return "general", set()
    specific = [f for f in found if not (f[2] == "definition" and GENERIC_FRAME.match(f[3].group()))]
    _, _, name, m = min(specific or found, key=lambda f: f[:2])
    if name != "entity":
        return name, set()
    kinds = {kind for kind, words in KIND_WORDS if words.search(m.group())}
    return name, kinds or {"agency", "partner"}


_ENTITY_TYPE = dict(TYPES)["entity"]
_ENTITY_NOUN = re.compile(r"^(agenc|organi[sz]ation|institution|countr|nation|partner|ministr|bod(y|ies)|programme|"
                          r"program|initiative|entit|office|delegation|fund|government|state|donor|pais|agencia|"
                          r"instituci|organismo|organizaci|iniciativa|entidad|oficina|delegaci|fondo|secretar|gobierno|"
                          r"estado|nacion)")
_SINGULAR_IN_S = {"pais"}


def asks_for_several(question: str) -> bool:
    """"Which countries...?", "Which partner countries...?", "¿Cuáles...?" ask for a list; "Which
    agency...?" for one."""
    q = fold(question)
    m = _ENTITY_TYPE.search(q)
    if not m:
        return False
    # the asked noun, and any after it ("Which partner countries", "Which country or countries")
    words = [w for w in m.group().split()[1:] + q[m.end():].split()[:3] if _ENTITY_NOUN.match(w)]
    plural = any(w.endswith("s") and w not in _SINGULAR_IN_S for w in words)
    return plural or bool(re.match(r"\W*cuales\b", q))


REASON = re.compile(r"\b(because|since|given|due to|owing to|in order to|so as to|so that|to ensure|to enable|aim(s|ed)? "
                    r"(at|to)|with (a view|the aim|the goal|the purpose|the objective) (to|of)|in an effort to|intended to|"
                    r"as a result|in view of|porque|debido a|dado que|ya que|a fin de|con el fin de|con la finalidad de|"
                    r"con el (objetivo|prop[oó]sito) de|con objeto de|para (que|garantizar|asegurar|lograr|fortalecer|"
                    r"promover))\b", re.I)
ACTION = re.compile(r"\b(calls? (up)?on|urges?|requests?|encourages?|invites?|decides?|recommends?|commits?|pledges?|"
                    r"stresses|emphasi[sz]es|recogni[sz]es|welcomes|underlines|reaffirms|shall|will|should|must|"
                    r"exhorta|solicita|alienta|invita|decide|recomienda|se compromete|deber[aá]n?|corresponde)\b", re.I)


def spells_out(text: str, question: str) -> bool:
    """"International Development Cooperation Act (LCID)" answers what LCID stands for, and
    "the RENCID, the national registry system" what the RENCID is."""
    for acronym in re.findall(r"\b[A-Z][A-Z0-9+&/-]{1,11}\b", question):
        a = re.escape(acronym)
        if re.search(rf"\(\s*{a}\s*\)|\b{a},\s+(the|a|an|la|el|un|una)\s|\b{a}\s+(is|are|was|es)\s", text):
            return True
    return False
