"""`ssc-search`: a thin command line over the library."""
from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

from . import config, i18n
from .cli_parser import build_parser
from .errors import QueryError

__all__ = ["build_parser", "main"]


class UserError(Exception):
    """A mistake the user can fix: one line and a hint, exit code 1, no traceback."""


def _index_dir(args) -> Path:
    return Path(args.index or config.index_dir())


def _progress(enabled: bool):
    from .progress import BuildProgress

    return BuildProgress() if enabled else None


def cmd_index(args) -> int:
    from .ingest.ocr import scan_note

    params = {"method": args.method, "k1": args.k1, "b": args.b}
    report = _library(args).rebuild(full=args.full, extractor=args.extractor, params=params,
                                    progress=_progress(sys.stderr.isatty() and not args.json), merge=args.merge)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
        return 0
    for skipped in report.skipped:
        print(f"skipped {skipped['file']}: {skipped['reason']}", file=sys.stderr)
    for d in report.ingestion:
        note = scan_note(d)
        if note:
            print(note, file=sys.stderr)
        if d["pages"] and len(d["pages_without_text"]) == d["pages"]:
            print(f"not searchable {d['doc_id']}: none of its {d['pages']} pages has a text layer "
                  "(a scan?); it is listed but cannot be searched", file=sys.stderr)
    if args.report:
        print(f"{'document':<48} {'pages':>5} {'no text':>7} {'passages':>8} {'hdr/ftr':>7} {'rejoined':>8}")
        for d in report.ingestion:
            print(f"{d['doc_id'][:48]:<48} {d['pages']:>5} {len(d['pages_without_text']):>7} "
                  f"{d['passages']:>8} {d['headers_removed']:>7} {d['words_rejoined']:>8}")
    print(report.summary())
    return 0


def _library(args):
    """The library interface the web app calls too (service.Library), for this command's folders."""
    from .library.service import Library

    corpus = getattr(args, "corpus", None)
    return Library(_index_dir(args), Path(corpus) if corpus else config.corpus_dir())


def cmd_search(args) -> int:
    result = _library(args).current().search(args.query, k=args.k, doc=args.doc, language=args.language,
                                             year=args.year)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
        return 0
    if not result.results:
        print(_no_match(args))
        return 0
    for hit in result.results:
        where = ", ".join([f"p. {hit.page_label}", *filter(None, [hit.spans_text()])])
        print(f"{hit.rank:>2}. {hit.score:7.3f}  {hit.doc_id}  {where}")
        print(f"    {hit.text[:300]}{'…' if len(hit.text) > 300 else ''}")
    took = round(result.took_ms, 1)
    print(i18n.ngettext("{total} matching passage, {ms} ms", "{total} matching passages, {ms} ms", result.total,
                        total=result.total, ms=took))
    return 0


def cmd_eval(args) -> int:
    from .evaluation.retrieval import evaluate

    result = evaluate(Path(args.dataset), method=args.method, k1=args.k1, b=args.b)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{result['dataset']}: {result['documents']} documents, {result['queries']} queries")
        print(f"nDCG@10 {result['ndcg@10']:.4f}  Recall@100 {result['recall@100']:.4f}  "
              f"MRR@10 {result['mrr@10']:.4f}  {result['qps']:.0f} q/s  index {result['index_seconds']:.1f} s")
    return 0


def _no_match(args) -> str:
    """What to say when nothing matches, naming the filters that narrowed the search, if any."""
    from .index.search import filter_names

    narrowed = filter_names(args.doc, args.language, args.year)
    if narrowed:
        return i18n._("no passage matches {query!r} in the documents the filters leave ({filters})",
                      query=args.query, filters=", ".join(narrowed))
    return i18n._("no passage matches {query!r}", query=args.query)


def _print_answer(result) -> None:
    if result.answer is None:
        print(result.message)
        for hit in result.passages[:3]:  # "the closest passages are listed": here are three
            print(f"  {hit.rank:>2}. {hit.doc_id}  p. {hit.page_label}")
            print(f"      {hit.text[:200]}{'…' if len(hit.text) > 200 else ''}")
    else:
        print(result.answer)
        for c in result.citations:
            where = ", ".join(f for f in (f"p. {c.page_label}", c.locator_text) if f)
            print(f"  [{c.n}] {c.title} — {where} ({c.doc_id})")
        if result.confidence is not None:
            print("  " + i18n._("confidence {percent}: the estimated chance that this answer is right",
                               percent=format(result.confidence, ".0%")))
    print()


def cmd_ask(args) -> int:
    library = _library(args).current()
    questions = (line.strip() for line in sys.stdin) if args.question == "-" else [args.question]
    for question in questions:
        if not question and args.question == "-":
            continue  # a blank line between questions read from stdin
        try:
            result = library.ask(question, doc=args.doc, language=args.language, year=args.year)
        except QueryError as exc:  # one bad question of many: said, and the next one asked
            if args.question != "-":
                raise
            print(json.dumps({"question": question, "error": str(exc)}, ensure_ascii=False) if args.json
                  else f"error: {exc}", flush=True)
            continue
        if args.json:
            print(json.dumps(result.to_dict(), ensure_ascii=False), flush=True)
        else:
            _print_answer(result)
    return 0


def cmd_eval_qa(args) -> int:
    from .evaluation.qa import evaluate_qa

    if not Path(args.file).is_file():
        raise UserError(i18n._("no question file at {path}; give a JSON Lines file of questions "
                               "(see tests/data/qa_dev.jsonl)", path=args.file))
    snapshot = _library(args).current()
    report = evaluate_qa(Path(args.file), snapshot.answerer, list(snapshot.pages.values()))
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    for row in report["rows"]:
        if not row["correct"] or getattr(args, "verbose", False):
            mark = "ok " if row["correct"] else "BAD"
            print(f"{mark} {row['id']} {row['question']}\n    -> {row['answer']} {row['cited'][:2]}")
    ret = report["retrieval"]
    print(f"{report['questions']} questions: accuracy {report['accuracy']:.3f} "
          f"[{report['accuracy_ci']['low']:.2f}-{report['accuracy_ci']['high']:.2f}] "
          f"(answerable {report['answerable_accuracy']:.3f}, abstention {report['abstention_accuracy']:.3f}), "
          f"{report['false_abstentions']} false abstentions, {report['unfaithful_citations']} unfaithful citations, "
          f"median {report['median_ms']:.1f} ms")
    print(f"  gold page hit@1 {ret['hit@1']['rate']:.2f}  hit@5 {ret['hit@5']['rate']:.2f}  "
          f"hit@10 {ret['hit@10']['rate']:.2f}  MRR {ret['mrr']:.2f}; median answer {report['median_answer_chars']} chars")
    print("  " + "  ".join(f"{k} {v:.2f}" for k, v in report["by"].items()))
    return 0


def cmd_entities(args) -> int:
    snapshot = _library(args).current()
    catalogue = snapshot.catalogue
    entities = [catalogue.labelled(e) for e in snapshot.entities(args.kind)]
    if args.json:
        print(json.dumps({"entities": [{**e, "mentions": len(e["mentions"])} if not args.mentions else e
                                       for e in entities]}, ensure_ascii=False))
        return 0
    kinds = i18n.kind_names()
    for e in sorted(entities, key=lambda e: (-len(e["mentions"]), e["label"])):
        shown = set(catalogue.label_parts(catalogue.by_id[e["id"]]))  # the name and acronym the label shows
        aliases = [a for a in e["aliases"] if a not in shown][:3]
        also = f" ({', '.join(aliases)})" if aliases else ""
        print(f"{kinds.get(e['kind'], e['kind']):<10} {len(e['mentions']):>4}  {e['label']}{also}")
    return 0


def cmd_watch(args) -> int:
    from .library.watch import watch

    corpus = Path(args.corpus or config.corpus_dir())
    if not corpus.is_dir():
        raise UserError(i18n._("no corpus folder at {corpus}; pass --corpus DIR or set SSC_CORPUS_DIR", corpus=corpus))
    logging.getLogger().setLevel(logging.INFO)
    print(f"watching {corpus} (Ctrl-C stops)", flush=True)
    watch(corpus, _index_dir(args), settle=args.settle)
    return 0


def cmd_serve(args) -> int:
    from webapp import create_app
    from webapp.server import serve

    overrides = {"INDEX_DIR": str(_index_dir(args)), "RECONCILE_AT_START": True}
    if args.corpus:
        overrides["CORPUS_DIR"] = args.corpus
    app = create_app(overrides)
    print(f"serving on http://{args.host}:{args.port}/ (Ctrl-C stops)", flush=True)
    serve(app, args.host, args.port, args.threads)
    return 0


def cmd_documents(args) -> int:
    library = _library(args).current()
    documents, skipped = library.documents(), library.skipped()
    if args.json:
        print(json.dumps({"documents": [d.to_dict() for d in documents], "skipped": skipped}, ensure_ascii=False))
        return 0
    for d in documents:
        flag = "" if d.searchable else "  " + i18n._("(not searchable: no text)")
        print(f"{d.doc_id}  {d.year or ''}  {d.language}  "
              + i18n.ngettext("{n} page", "{n} pages", d.pages, n=d.pages) + ", "
              + i18n.ngettext("{n} passage", "{n} passages", d.passages, n=d.passages) + flag)
    for s in skipped:
        print(i18n._("skipped {file}: {reason}", file=s["file"], reason=s["reason"]))
    return 0


def cmd_feedback(args) -> int:
    from .library.feedback import FILE_NAME, FeedbackStore

    store = FeedbackStore(_index_dir(args) / FILE_NAME)
    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout  # noqa: SIM115 - stdout stays open
    try:
        for item in store.export():
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    finally:
        if args.out:
            out.close()
    return 0


COMMANDS = {"index": cmd_index, "search": cmd_search, "ask": cmd_ask, "eval-qa": cmd_eval_qa,
            "entities": cmd_entities, "feedback": cmd_feedback, "watch": cmd_watch, "serve": cmd_serve,
            "documents": cmd_documents, "eval": cmd_eval}


def _asked_language(argv: list[str]) -> str | None:
    """The --lang of the command line, read before the rest so that its own errors are in that language
    too; read as the full parser reads it (the last one wins, "--la es" abbreviates it)."""
    import argparse

    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    try:
        return early.parse_known_args(argv)[0].lang
    except SystemExit:  # "--lang" with no value: the full parser says so
        return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    language = i18n.use(_asked_language(argv) or i18n.from_locale())
    try:
        return _run(argv)
    finally:
        i18n.reset(language)


def _run(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.ERROR, format="%(message)s")
    if not args.command:
        parser.print_help()
        return 1
    from .errors import StorageError
    from .index.store import BuildBusy, IndexError_, ShardUnavailable

    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:  # "ssc-search documents | head": the reader has all it wanted (an OSError too)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        hint = "; nothing was changed, the previous index is still served" if args.command == "index" else ""
        print(f"error: {exc}{hint}", file=sys.stderr)
        return 1
    except (UserError, IndexError_, BuildBusy, StorageError, ShardUnavailable, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
