"""What an answer unit's text is, whatever the question: a heading, a caption, a masthead, a link, a
footnote that points elsewhere, a contents line, a heading glued to its paragraph's number; and its
length, case and punctuation. Cached by text: the same passages serve question after question."""
from __future__ import annotations

import re
from functools import lru_cache

from ..ingest.law_articles import AMENDMENT_NOTE
from . import question as Q

STRUCTURE = re.compile(r"^(?i:chapter|cap[ií]tulo|t[ií]tulo|secci[oó]n|section|annex|anexo|art[ií]culo|article|"
                       r"transitorios?)\s+[\w.]+\.?")  # "Artículo 34.", "Capítulo I De los Recursos..."
# "... Artículo 15." glued to the end of the heading before it
NEXT_ARTICLE = re.compile(r"\s+(?:Art[íi]culo|Article)\s+\d{1,3}(?:\s*Bis)?\s*[.\-–]?\s*$", re.I)
# the masthead of a UN document: distribution, job number, bar code, agenda item
MASTHEAD = re.compile(r"Distr\.:|\*\d{7}\*|\b\d{2}-\d{5}\s*\([A-Z]\)|Original:\s+[A-Z][a-z]+|\bAgenda item \d"
                      r"|\bResolution adopted by the General Assembly\b|\[on the report of\b|\bplenary meeting\s+\d")
# a reference, not a statement: a web address, "Available at ...", "Disponible en ..."
LINK = re.compile(r"https?://|\bwww\.|\b(?:Available|Disponible) (?:at|en|from)\b", re.I)
# a footnote that only refers: "9 Resolution 70/1.", "9 General Assembly resolution 70/1.", "14 See A/79/442."
REFERENCE = re.compile(r"^\d{1,3}\s+(?:(?:General Assembly|Economic and Social Council|Security Council|Asamblea General)\s+)?"
                       r"(?:resolutions?\b|decisions?\b|resoluci[oó]n(?:es)?\b|decisi[oó]n(?:es)?\b|see\b|v[eé]ase\b|"
                       r"ibid\b|ib[ií]d\.|id\.|[A-Z]{1,8}/|official records\b|documentos oficiales\b|report of\b|"
                       r"informe de\b|united nations, treaty series\b|naciones unidas, treaty series\b)", re.I)
SENTENCE_STOPS = (".", ";", ":", "?", "!", '"', "”", ")")
NUMBERED_HEAD = re.compile(r"^[A-ZÁÉÍÓÚ][^.!?;:,\d]{2,80}?\s(\d{1,3})\.$")
# ... and a footnote that only points elsewhere, however long: "17 See “Data update to the ...”."
POINTER = re.compile(r"^\d{1,3}\s+(?:see\b|v[eé]ase\b|cf\.|ibid\b|ib[ií]d\.|id\.)", re.I)
# a line of a table of contents without its leaders: "Perspectives 55 Acronyms 58" (titles, each with a
# page number, the numbers rising); a tally ("Africa: 12 Asia: 30", "UNDP 15 UNICEF 12") is not one
# a contents entry: a title, after its section's number when it has one ("6.1", "7."), and its page number
_CONTENTS_ENTRY = re.compile(r"((?:\d{1,2}(?:\.\d{1,2})+\.?\s+|\d{1,2}\.\s+)?[A-ZÁÉÍÓÚÑ][^.!?\d]{1,120}?)(?<!:)\s(\d{1,3})(?:\s+|$)")
# a graph, table or box caption, or its note: "Graph 6 DIMENSIONS OF ...", "Cuadro 2", "Source: ..."
CAPTION_HEAD = re.compile(r"^(?:\S+\s+){0,6}?(?:Graph|Graphic|Table|Figure|Chart|Box|Map|Gr[aá]fic[ao]|Cuadro|Figura|"
                          r"Recuadro|Mapa)\s+\d+\b(?=\s*(?:[:.–-]\s+[A-ZÁÉÍÓÚ]|[A-ZÁÉÍÓÚÑ]{2,}|$))"
                          r"|\b(?:Note|Source|Nota|Fuente)s?:\s")
# in capitals; a bullet's debris; or a lettered section heading glued to the next paragraph's number ("B. Attendance 71.")
HEADING = re.compile(r"^(?:[A-Z0-9ÁÉÍÓÚÑ()/&,.:'’-]+\s+){2,}[A-Z0-9ÁÉÍÓÚÑ()/&,.:'’-]+\.?$|^(?:[a-zQ]\s|[•▪■●])"
                     r"|^(?:[A-H]|[IVX]{1,4})\.\s+[A-ZÁÉÍÓÚ][\w'’-]*(?:\s+[\w'’-]+){0,2}\s+\d{1,3}\.?$")


def contents_line(text: str) -> bool:
    """"The UN and Mexico's South-South Cooperation: Perspectives 55 Acronyms 58": a contents page's line."""
    entries = list(_CONTENTS_ENTRY.finditer(text.strip()))
    if len(entries) < 2 or "".join(m.group() for m in entries).strip() != text.strip():
        return False
    pages = [int(m.group(2)) for m in entries]
    return all(a < b for a, b in zip(pages, pages[1:]))


REPEALED = re.compile(r"(?:Se\s+deroga|Derogad[oa]|Repealed)\.?", re.I)  # all a repealed provision says


def structural_heading(text: str) -> bool:
    """"Artículo 34.", "Annex II", "Capítulo I De los Recursos de Cooperación", "Artículo reformado DOF
    06-11-2020": a heading or a note, not a provision."""
    note = AMENDMENT_NOTE.match(text)
    if note and not text[note.end():].strip(" ."):  # the note alone: "Artículo reformado DOF 06-11-2020"
        return True
    m = STRUCTURE.match(text)
    if not m:
        return False
    tail = NEXT_ARTICLE.sub("", text[m.end():]).split()  # the heading, not the next article's number after it
    if text.rstrip().endswith((":", ";")) or len(tail) > 14 or REPEALED.fullmatch(" ".join(tail)):
        return False  # a provision, if only "Artículo 12. Derogado."
    capitals = [w for w in tail if len(w) > 3]
    return not capitals or sum(w[0].isupper() for w in capitals) >= 0.6 * len(capitals)


@lru_cache(maxsize=50_000)
def _text_features(text: str) -> tuple[tuple[str, float], ...]:
    return (("short", float(len(text.split()) < 6)), ("lower_start", float(text[:1].islower())),
            ("heading_like", float(bool(HEADING.search(text)) or contents_line(text) or structural_heading(text))),
            ("dated_caption", float(bool(Q.CAPTION.search(text)))),
            ("masthead", float(bool(MASTHEAD.search(text)))),
            ("link_or_caption", float(bool(LINK.search(text) or CAPTION_HEAD.search(text)
                                          or (REFERENCE.match(text) and len(text.split()) <= 15)
                                          or POINTER.match(text)))),
            ("no_final_stop", float(not text.rstrip().endswith(SENTENCE_STOPS))),
            ("pronoun_start", float(bool(Q.PRONOUN_START.match(text)))))


@lru_cache(maxsize=50_000)  # a unit's features ask it of every unit of every question: the same passages recur
def numbered_heading(text: str, passage: str) -> bool:
    """"Official development assistance 16.": a section heading glued to the number of the paragraph it
    heads, told from a short sentence ending in a number by the paragraph before it (15.) or after it
    (17.) in the passage."""
    m = NUMBERED_HEAD.match(text)
    if not m or len(text.split()) > 9 or int(m.group(1)) < 2:
        return False
    n, at = int(m.group(1)), passage.find(text)
    return at >= 0 and (re.search(rf"(?<![\d.,]){n - 1}\.\s", passage[:at]) is not None
                        or re.search(rf"(?<![\d.,$]){n + 1}\.?\s+[A-Z]", passage[at + len(text):]) is not None)


def debris(text: str) -> bool:
    """A heading, a masthead, a caption or a link: never the subject an "It" or "We" leans on."""
    f = _text_features(text)
    return any(v for k, v in f if k in ("heading_like", "masthead", "link_or_caption"))


def text_features(text: str) -> dict[str, float]:
    """The features a unit has whatever the question: its length, case, punctuation and whether it is a
    heading, a caption, a masthead or a link (cached: the same passages serve question after question)."""
    return dict(_text_features(text))


def clauses(text: str) -> list[str]:
    """A sentence cut after its commas and semicolons, never inside brackets: "BRICS (Brazil, Russia,
    India, China, and South Africa)" stays whole."""
    clauses: list[str] = []
    for piece in re.split(r"(?<=[,;])\s+", text):
        if clauses and clauses[-1].count("(") > clauses[-1].count(")"):
            clauses[-1] += " " + piece
        else:
            clauses.append(piece)
    return clauses


LIST_WORDS = 70  # a list's lead-in and the items that follow it, as one unit


def list_run(sentences: tuple[str, ...], j: int) -> int:
    """Where the list that sentence `j` leads into ends ("se requiere:" and its items, at most LIST_WORDS
    words): the index after its last item, or `j` when it leads into none."""
    if not sentences[j].rstrip().endswith(":"):
        return j
    k, words = j + 1, len(sentences[j].split())
    while k < len(sentences) and words + len(sentences[k].split()) <= LIST_WORDS and \
            not sentences[k].rstrip().endswith(":"):
        words += len(sentences[k].split())
        k += 1
    return k if k > j + 1 else j


WINDOW_WORDS = 45  # a long sentence is also read in runs of whole clauses of at most this many words


def tiles(text: str) -> list[str]:
    """A long sentence as consecutive runs of whole clauses of at most WINDOW_WORDS words each."""
    runs, run, n = [], [], 0
    for clause in clauses(text):
        size = len(clause.split())
        if run and n + size > WINDOW_WORDS:
            runs.append(" ".join(run).rstrip(",;"))
            run, n = [], 0
        run.append(clause)
        n += size
    if run:
        runs.append(" ".join(run).rstrip(",;"))
    return runs
