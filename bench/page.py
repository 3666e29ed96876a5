"""What a results page costs, in-process on the corpus, and where the time goes.

    python bench/page.py [--corpus corpus]

Builds a fresh index of the corpus in a temporary folder and asks each question of
tests/data/qa_dev.jsonl and the answer-blind dev split once for the whole results page (`GET /?q=`:
one analysis, the list of 20, the answer, facets, did-you-mean, the template); then, on a new app
(so no cache of a question asked before answers it), once through `/api/search` (the list alone:
the baseline of the same run); then, on a third, through the parts the page calls on the library
interface. Medians and 90th percentiles over every request; the machine is shared, so compare the
rows of one run, not runs.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from results import table, write_section  # noqa: E402

from ssc_search.index.build import build  # noqa: E402
from webapp import create_app  # noqa: E402

QUESTION_SETS = [ROOT / "tests" / "data" / "qa_dev.jsonl", ROOT / "tests" / "data" / "qa_blind" / "dev.jsonl"]
def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    args = parser.parse_args()
    questions = [json.loads(line)["question"] for path in QUESTION_SETS
                 for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        build(args.corpus, Path(tmp))

        def client():  # a new app: a new library snapshot, its caches empty
            app = create_app({"TESTING": True, "INDEX_DIR": tmp, "CORPUS_DIR": str(args.corpus)})
            c = app.test_client()
            c.get("/", query_string={"q": "warm up"})
            return app, c

        _, pages = client()
        times["page"] = [timed(lambda: pages.get("/", query_string={"q": q})) for q in questions]
        _, api = client()
        times["api_search (baseline)"] = [timed(lambda: api.get("/api/search", query_string={"q": q, "k": 20}))
                                          for q in questions]
        app, _ = client()
        snap = app.extensions["ssc_library"].current()
        for name in ("analyse", "search", "ask", "facets", "did_you_mean"):
            times[name] = []
        for q in questions:
            out = {}
            times["analyse"].append(timed(lambda: out.update(q=snap.analyse(q))))
            times["search"].append(timed(lambda: out.update(r=snap.search(out["q"], k=20))))
            times["ask"].append(timed(lambda: snap.ask(out["q"])))
            times["facets"].append(timed(lambda: snap.facets(out["r"])))
            times["did_you_mean"].append(timed(lambda: snap.did_you_mean(out["q"])))
    rows = [[name, len(v), f"{statistics.median(v):.1f}", f"{statistics.quantiles(v, n=10)[-1]:.1f}"]
            for name, v in times.items()]
    body = (f"{len(questions)} questions (tests/data/qa_dev.jsonl and the answer-blind dev split), each asked once "
            "per app. `page` is the whole results page (`GET /?q=`); `api_search` the list of 20 alone through "
            "the API, the baseline of the same run; the other rows are the parts of a page, timed on the library "
            "interface (`search` reuses the analysis, `ask` the analysis and the ranking, as the page does).\n\n"
            + table(["what", "requests", "median ms", "p90 ms"], rows))
    print(body)
    write_section("results-page", "Results page: in-process latency and its parts", "python bench/page.py", body)


if __name__ == "__main__":
    main()
