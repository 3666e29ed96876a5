"""The command line's arguments: every sub-command with its help and an example (the commands
themselves are in cli.py)."""
from __future__ import annotations

import argparse
import re

from . import i18n
from .config import EXTRACTORS, METHODS, YEARS, BuildSettings

LANG_HELP = "language of messages: en or es (default: the locale, LANG/LC_ALL)"


def year(value: str) -> int:
    """A year a filter may name (the API's range): "2013"."""
    low, high = YEARS
    if not re.fullmatch(r"\d{4}", value) or not low <= int(value) <= high:
        raise argparse.ArgumentTypeError(i18n._("a year from {low} to {high}, not {value!r}", low=low, high=high,
                                                value=value))
    return int(value)


def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--doc", action="append", help="only this document id (repeatable)")
    p.add_argument("--language", choices=("en", "es"), help="only documents in this language")
    p.add_argument("--year", type=year, help="only documents of this year")


def _index_option_everywhere(sub) -> None:
    """`ssc-search search --index DIR ...` works as `ssc-search --index DIR search ...` does (and --lang)."""
    for p in sub.choices.values():
        p.add_argument("--index", default=argparse.SUPPRESS, help="index folder (default ./var/index or $SSC_INDEX_DIR)")
        p.add_argument("--lang", default=argparse.SUPPRESS, choices=i18n.LANGUAGES, help=LANG_HELP)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ssc-search",
                                     description="Cited search over development-cooperation documents.")
    parser.add_argument("--index", help="index folder (default ./var/index or $SSC_INDEX_DIR)")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=LANG_HELP)
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _building_commands(sub)
    _asking_commands(sub)
    _index_option_everywhere(sub)
    return parser


def _building_commands(sub) -> None:
    """The commands that build, change, watch and serve the library."""
    p = sub.add_parser("index", help="read the corpus PDFs and build the index",
                       description="Read the corpus PDFs and build a new index generation. "
                                   "Example: ssc-search index --corpus corpus")
    p.add_argument("--corpus", help="corpus folder (default ./corpus or $SSC_CORPUS_DIR)")
    p.add_argument("--full", action="store_true", help="re-parse every PDF, ignoring the page cache")
    p.add_argument("--merge", action="store_true",
                   help="fold all segments into one (a build reads only new or changed PDFs into a new segment "
                        "and merges them by itself as they accumulate)")
    d = BuildSettings()
    kept = "the current index's, else {}"  # a build keeps the settings of the generation it replaces
    p.add_argument("--extractor", choices=EXTRACTORS, help=f"PDF text extractor ({kept.format(d.extractor)})")
    p.add_argument("--report", action="store_true", help="print the per-document ingestion report")
    p.add_argument("--method", choices=METHODS, help=f"scoring ({kept.format(d.method)})")
    p.add_argument("--k1", type=float, help=f"BM25 k1 ({kept.format(d.k1)})")
    p.add_argument("--b", type=float, help=f"BM25 b ({kept.format(d.b)})")
    p.add_argument("--json", action="store_true", help="print the build report as JSON")

    p = sub.add_parser("watch", help="re-index whenever PDFs arrive in the corpus folder",
                       description="Watch the corpus folder and re-index incrementally once new or changed "
                                   "files have settled. Example: ssc-search watch --corpus corpus")
    p.add_argument("--corpus", help="corpus folder (default ./corpus or $SSC_CORPUS_DIR)")
    p.add_argument("--settle", type=float, default=2.0, help="seconds without changes before re-indexing")

    p = sub.add_parser("serve", help="serve the web page and the JSON API",
                       description="Serve the web page and JSON API with waitress. "
                                   "Example: ssc-search serve --host 127.0.0.1 --port 8000")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--corpus", help="corpus folder, for the PDFs it serves (default ./corpus or $SSC_CORPUS_DIR)")

    p = sub.add_parser("documents", help="list the indexed documents",
                       description="List the indexed documents. Example: ssc-search documents --json")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("feedback", help="readers' verdicts on answers",
                       description="Export the verdicts readers gave on the page (right, wrong, partly) as "
                                   "questions in the eval-qa format, one JSON object per line. Example: "
                                   "ssc-search feedback export --out feedback.jsonl")
    p.add_argument("action", choices=("export",))
    p.add_argument("--out", help="write to this file instead of standard output")


def _asking_commands(sub) -> None:
    """The commands that ask the library and measure it."""
    d = BuildSettings()
    p = sub.add_parser("search", help="rank passages for a query",
                       description="Rank passages for a query. Example: ssc-search search 'Yucatan Agreement' -k 5")
    p.add_argument("query")
    p.add_argument("-k", type=int, default=10, help="how many passages (1-100, default 10)")
    _add_filters(p)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("ask", help="answer a question with cited sentences",
                       description="Answer a question from the documents, citing document and page; "
                                   "QUESTION '-' reads one question per line from standard input. "
                                   "Example: ssc-search ask 'What is the Yucatan Agreement?'")
    p.add_argument("question", metavar="QUESTION")
    _add_filters(p)
    p.add_argument("--json", action="store_true", help="print JSON (one object per line with '-')")

    p = sub.add_parser("eval-qa", help="answer accuracy on a question set",
                       description="Accuracy of answers and abstentions on a JSONL question set. "
                                   "Example: ssc-search eval-qa tests/data/qa_dev.jsonl")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("entities", help="list the catalogue of agencies, partners, initiatives, countries",
                       description="List the entity catalogue. Example: ssc-search entities --kind agency")
    p.add_argument("--kind", choices=("agency", "partner", "initiative", "country"))
    p.add_argument("--mentions", action="store_true", help="with --json, include every mention")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("eval", help="retrieval metrics on a BEIR-format folder",
                       description="nDCG@10, Recall@100, MRR@10 and q/s on a BEIR folder. "
                                   "Example: ssc-search eval ../shared/eval-data/scifact")
    p.add_argument("dataset", metavar="DATASET_DIR")
    p.add_argument("--method", choices=METHODS, default=d.method, help=f"scoring (default {d.method})")
    p.add_argument("--k1", type=float, default=d.k1, help=f"BM25 k1 (default {d.k1})")
    p.add_argument("--b", type=float, default=d.b, help=f"BM25 b (default {d.b})")
    p.add_argument("--json", action="store_true", help="print JSON")
