"""Reading a question: what kind of answer it asks for, which words frame it, and how a
sentence from a page is shown as an answer."""
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
# numbers in words ("once" and "una" left out: an English adverb, a Spanish article)
NUMBER_WORDS = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen|"
                r"dozen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|"
                r"half|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|doce|quince|veinte|treinta|cuarenta|cincuenta|"
                r"sesenta|setenta|ochenta|noventa|cien|ciento|mil|millones|billones")
NUMBER = re.compile(r"(?<![\w/])\d[\d,.]*(?![\w/])|\b(" + NUMBER_WORDS + r")\b", re.I)
YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
MONTH = re.compile(r"\b(january|february|march|april|may|june|july|august|september|october|november|december|"
                    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)\b",
                    re.I)
FRAME = re.compile(r"\b(stands? for|what is meant by|refers? to|means?|named|mentioned|regarding|concerning|"
                   r"according to|say|says|said|about|describe|tell me|explain|seg[uú]n|dice|sobre)\b", re.I)
ENUMERATOR = re.compile(r"^(?:[IVXLC]+|\d+|[a-z])[.)]\s+")
FOCUS = re.compile(r"^\W*(?:what|which|que|cual) (?:is|are|was|were|es|son|fue) (?:the|la|el|los|las) (\w+) "
                    r"(?:of|for|de|del|in|en)\b", re.I)
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


# numbers that name rather than count: a paragraph's own number ("28. The potential..."), an article,
# a resolution or a document symbol, a footnote marker glued to a word, a year range
_MONTHS = MONTH.pattern[3:-3]
NOT_AMOUNTS = re.compile(r"^\s*(?:[IVXLC]+|\d+|[a-z])[.)]\s+|(?<=:)\s*\d{1,2}[.)]|\b\d+(?:st|nd|rd|th|º|ª)\b|"
                         r"\b\d{1,2}(?:\s*(?:and|to|y|al|–|-)\s*\d{1,2})?\s+(?:de\s+)?(?:" + _MONTHS + r")\b|"
                         r"\b(?:" + _MONTHS + r")\s+\d{1,2}\b|\b(?:art[ií]culos?|articles?|art\.|paragraphs?|para\.|"
                         r"p[aá]rrafos?|resolu(?:tion|ción)s?|decisi(?:on|ón)s?|fracci[oó]n|chapter|cap[ií]tulo|annex|"
                         r"anexo|item|tema|session|per[ií]odo de sesiones|meeting|sesi[oó]n)\s+[\w/.]+|"
                         r"\b[A-Z]+(?:/[\w.]+)+|(?<=[a-z,;])\d{1,3}\b|\b(?:19|20)\d\d\s*[–-]\s*(?:19|20)?\d\d\b|"
                         # a footnote marker set apart after a date: "... March 2019, 1." "10 May 2006, 2 2008/1"
                         r"(?<=(?:19|20)\d\d,\s)\d{1,2}(?=\.?\s*$|\s+\d)", re.I)


@lru_cache(maxsize=50_000)
def amounts(text: str) -> tuple[re.Match, ...]:
    """The numbers of a text that count or measure something (not years, not paragraph or article numbers)."""
    bare = NOT_AMOUNTS.sub(lambda m: " " * len(m.group()), text)
    return tuple(m for m in NUMBER.finditer(bare) if not YEAR.fullmatch(m.group().rstrip(".,")))


MONEY_ASKED = re.compile(r"\bhow much (money|funding|financing|aid|did|do|does|has|have|was|were|is|are|will)\b.*"
                         r"\b(spen[dt]|cost|give|gave|given|provide|provided|contribut\w*|mobili[sz]\w*|raise|raised|"
                         r"allocate\w*|disburse\w*|invest\w*|pay|paid|lend|lent|receive\w*|worth)\b|\bhow much (money|"
                         r"funding|financing)\b|\b(what|which) (budget|funding|amount of (money|funding|financing))\b"
                         r"|\bwhat (was|is|were|are) the (total |annual )?(budget|cost|amount)\b|\bwhat amount\b"
                         r"|\bcual (fue|es|era) el (presupuesto|costo|monto)\b|\ba cuanto (asciende|ascendio|ascienden|"
                         r"ascendieron)\b"
                         r"|\bcuanto dinero\b|\bque presupuesto\b|\bcuanto (se )?(gasto|gasta|costo|cuesta|invirtio|aporto|"
                         r"aportaron|recibio|recibieron|destino|asigno|movilizo)\b")
SHARE_ASKED = re.compile(r"\bwhat (share|percentage|proportion|per ?cent|fraction)\b|\bque (porcentaje|proporcion)\b"
                         r"|\bhow many per ?cent\b")
MONEY = re.compile(r"[$€£¥]|\b(dollars?|d[oó]lares|euros?|pesos|pounds? sterling|libras|francs?|francos|yen|yuan|"
                   r"USD|EUR|MXN|GBP)\b|\b(millions?|billions?|trillions?|millones|billones)\b|\bmil millones\b", re.I)
SHARE = re.compile(r"per ?cent|%|por ciento|percentage|porcentaje|\b(half|halves|thirds?|quarters?|fifths?|tenths?|mitad|"
                   r"tercios?|cuartos?|quintos?|d[eé]cimos?|cuarta parte|quinta parte)\b|"
                   r"\bout of (every )?\w+|\bde cada\b|\b\d+ (in|of) (every )?\d+\b", re.I)


DURATION_ASKED = re.compile(r"\bhow (often|long|frequently)\b|\bcon que (periodicidad|frecuencia)\b|\bcada cuant[oa]s?\b"
                            r"|\bcuanto tiempo\b|\b(what|which|que) (deadline|time ?frame|plazo|periodicity)\b"
                            r"|\bwithin how many\b|\ben cuantos dias\b")
YEAR_ASKED = re.compile(r"\b(what|which|in what|since what|by what) year\b|\b(en|desde|a partir de) que ano\b|\bque ano\b")
DURATION = re.compile(r"\b(every|each|per|a|an|cada|por|al|once|twice|dos veces|una vez)\s+(\w+\s+){0,2}(years?|months?"
                      r"|weeks?|days?|sessions?|anos?|años?|mes(es)?|semanas?|d[ií]as?|sesiones?)\b|\b(annual(ly)?|"
                      r"yearly|biennial(ly)?|quadrennial(ly)?|monthly|quarterly|weekly|daily|periodically|anual(es|mente)?|"
                      r"bienal(es)?|cuatrienal(es)?|mensual(es|mente)?|trimestral(es|mente)?|semestral(es|mente)?|"
                      r"peri[oó]dicamente)\b|\b(\d+|" + NUMBER_WORDS + r"|una|un)[\s-]+(\w+\s+){0,1}(years?|months?|weeks?|"
                      r"days?|anos|años|meses|semanas|d[ií]as|h[aá]biles)\b", re.I)


def measure(question: str) -> str | None:
    """What kind of number or date answers: 'money' ("how much did X spend"), 'share' ("what
    percentage"), 'duration' ("how often", "within how many days") or 'year' ("in what year")."""
    q = fold(question)
    for name, pattern in (("share", SHARE_ASKED), ("money", MONEY_ASKED), ("duration", DURATION_ASKED),
                          ("year", YEAR_ASKED)):
        if pattern.search(q):
            return name
    return None


def fits(text: str, kind: str, measured: str | None = None) -> bool:
    """A "how many" answer holds a number (money for "how much did it cost", a share for "what
    percentage") and a "when" answer a date; other kinds take any sentence."""
    if kind == "number":
        if not amounts(text):
            return False
        if measured in ("money", "share"):
            return bool((MONEY if measured == "money" else SHARE).search(text))
        return True
    if kind == "date" and measured == "duration":  # "every two years", "within 30 days", or a date
        return bool(DURATION.search(text) or YEAR.search(text) or MONTH.search(text))
    if kind == "date" and measured == "year":
        return bool(YEAR.search(text))
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
