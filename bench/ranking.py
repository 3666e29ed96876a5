"""Ranking benchmark: ours against rank-bm25 and bm25s (numpy and numba backends), same run,
same tokens, on the BEIR-format collections; plus a scale run on a synthetic corpus.

    python bench/ranking.py [--data ../shared/eval-data] [--repeat 3] [--scale 1000000]

Every engine gets the same analysed tokens (our analyzer, English), BM25 with k1=1.2, b=0.75
(Lucene variant; rank-bm25 can only do Okapi), top 100. Each engine runs in its own process so
its peak RSS is its own. Single-query q/s: one query at a time; batch q/s: all queries in one
call. Medians of --repeat timings (rank-bm25: one run, it is slow).
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from results import table, write_section  # noqa: E402

K1, B, TOP = 1.2, 0.75, 100


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _tokens(folder: str):
    from ssc_search.analyze import Analyzer
    from ssc_search.evaluation.retrieval import load_beir

    col = load_beir(Path(folder))
    analyzer = Analyzer()
    docs = [analyzer.terms(t, "en") for t in col.texts]
    qids = list(col.queries)
    queries = []
    for qid in qids:
        counts = analyzer.query_terms(col.queries[qid], "en")
        queries.append([t for t, c in counts.items() for _ in range(int(round(c)))])
    return col, docs, qids, queries


def _metrics(col, qids, runs) -> dict:
    from ssc_search.evaluation.retrieval import mrr_at, ndcg_at, recall_at

    n = len(qids)
    return {"ndcg": sum(ndcg_at(runs[i], col.qrels[q]) for i, q in enumerate(qids)) / n,
            "recall": sum(recall_at(runs[i], col.qrels[q]) for i, q in enumerate(qids)) / n,
            "mrr": sum(mrr_at(runs[i], col.qrels[q]) for i, q in enumerate(qids)) / n}


def _timed(fn, repeat):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def run_engine(engine: str, folder: str, repeat: int) -> dict:
    col, docs, qids, queries = _tokens(folder)
    base = _rss_mb()
    ids = col.doc_ids
    if engine == "ours":
        from ssc_search.index.bm25 import TermMatrix, count_matrix, weigh

        def build():
            counts, vocab = count_matrix(docs)
            return TermMatrix({t: i for i, t in enumerate(vocab)}, weigh(counts, "lucene", K1, B))

        index_s, matrix = _timed(build, 1)
        qdicts = [{t: float(q.count(t)) for t in set(q)} for q in queries]
        single_s, rows = _timed(lambda: [matrix.top_k(q, TOP)[0] for q in qdicts], repeat)
        from ssc_search.analyze import Analyzer

        texts, fresh = [col.queries[qid] for qid in qids], Analyzer()  # as `ssc-search eval` does, from the text

        def analysed():
            fresh.cached_terms.cache_clear()  # no query analysed in an earlier repeat is remembered
            return [matrix.top_k(fresh.query_terms(text, "en"), TOP)[0] for text in texts]

        analysed_s, _ = _timed(analysed, repeat)
        batch_s, _ = _timed(lambda: matrix.top_k_batch(qdicts, TOP), repeat)
        runs = [[ids[i] for i in r] for r in rows]
    elif engine.startswith("bm25s"):
        import bm25s

        backend = "numba" if engine.endswith("numba") else "numpy"

        def build():
            retriever = bm25s.BM25(k1=K1, b=B, method="lucene", backend=backend)
            retriever.index(docs, show_progress=False)
            return retriever

        index_s, retriever = _timed(build, 1)
        retriever.retrieve([queries[0]], k=TOP, show_progress=False, n_threads=1)  # compile / warm up

        def single():
            return [retriever.retrieve([q], k=min(TOP, len(ids)), show_progress=False, n_threads=1)
                    for q in queries]

        single_s, results = _timed(single, repeat)
        batch_s, _ = _timed(lambda: retriever.retrieve(queries, k=TOP, show_progress=False, n_threads=1), repeat)
        runs = []
        for docs_idx, scores in results:
            runs.append([ids[i] for i, s in zip(docs_idx[0], scores[0]) if s > 0])
    elif engine == "rank-bm25":
        from rank_bm25 import BM25Okapi

        index_s, bm = _timed(lambda: BM25Okapi(docs, k1=K1, b=B), 1)

        def single():
            out = []
            for q in queries:
                scores = bm.get_scores(q)
                top = np.argsort(-scores, kind="stable")[:TOP]
                out.append([ids[i] for i in top if scores[i] > 0])
            return out

        single_s, runs = _timed(single, 1)
        batch_s = single_s
    else:
        raise ValueError(engine)
    n = len(queries)
    extra = {"analysed_qps": n / analysed_s} if engine == "ours" else {}
    return {**extra, "engine": engine, "dataset": col.name, "docs": len(ids), "queries": n, **_metrics(col, qids, runs),
            "single_qps": n / single_s, "batch_qps": n / batch_s, "index_s": index_s,
            "peak_rss_mb": _rss_mb(), "rss_over_data_mb": _rss_mb() - base}


def _in_child(engine, folder, repeat, queue):
    queue.put(run_engine(engine, folder, repeat))


def isolated(engine: str, folder: str, repeat: int) -> dict:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_in_child, args=(engine, folder, repeat, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def scale_run(n_docs: int, data: Path, seed: int = 7) -> dict:
    """A synthetic corpus with the real collections' term distribution and document lengths."""
    from collections import Counter

    import scipy.sparse as sp

    from ssc_search.analyze import Analyzer
    from ssc_search.evaluation.retrieval import load_beir
    from ssc_search.index.bm25 import TermMatrix, weigh

    analyzer = Analyzer()
    freq: Counter = Counter()
    lengths = []
    queries = []
    for name in ("scifact", "nfcorpus", "cranfield"):
        col = load_beir(data / name)
        for text in col.texts:
            terms = analyzer.terms(text, "en")
            freq.update(terms)
            lengths.append(len(terms))
        queries += [analyzer.query_terms(q, "en") for q in col.queries.values()]
    vocab = [t for t, _ in freq.most_common()]
    probs = np.array([freq[t] for t in vocab], dtype=np.float64)
    probs /= probs.sum()
    rng = np.random.default_rng(seed)
    doc_len = rng.choice(np.array(lengths), size=n_docs)
    t0 = time.perf_counter()
    rows = np.repeat(np.arange(n_docs, dtype=np.int32), doc_len)
    cols = rng.choice(len(vocab), size=rows.size, p=probs).astype(np.int32)
    counts = sp.csr_matrix((np.ones(rows.size, dtype=np.int32), (rows, cols)), shape=(n_docs, len(vocab)))
    counts.sum_duplicates()
    del rows, cols
    gen_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    matrix = TermMatrix({t: i for i, t in enumerate(vocab)}, weigh(counts, "lucene", K1, B))
    weigh_s = time.perf_counter() - t0
    postings = counts.nnz
    del counts
    sample = queries[:: max(1, len(queries) // 500)][:500]
    for q in sample[:20]:
        matrix.top_k(q, 10)
    lat = []
    for q in sample:
        t0 = time.perf_counter()
        matrix.top_k(q, 10)
        lat.append((time.perf_counter() - t0) * 1000)
    lat.sort()
    return {"docs": n_docs, "tokens": int(doc_len.sum()), "postings": postings, "vocab": len(vocab),
            "generate_s": gen_s, "weigh_s": weigh_s,
            "index_mb": (matrix.weights_.data.nbytes + matrix.weights_.indices.nbytes
                         + matrix.weights_.indptr.nbytes) / 2**20,
            "peak_rss_mb": _rss_mb(), "queries": len(lat), "p50_ms": lat[len(lat) // 2],
            "p99_ms": lat[min(len(lat) - 1, int(len(lat) * 0.99))]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "eval-data")
    parser.add_argument("--datasets", default="scifact,nfcorpus,cranfield")
    parser.add_argument("--engines", default="ours,bm25s-numpy,bm25s-numba,rank-bm25")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", type=int, default=1_000_000, help="synthetic passages (0 to skip)")
    args = parser.parse_args()
    rows = []
    for name in args.datasets.split(","):
        results = {}
        for engine in args.engines.split(","):
            r = isolated(engine, str(args.data / name), args.repeat)
            results[engine] = r
            print({k: round(v, 4) if isinstance(v, float) else v for k, v in r.items()}, flush=True)
        ref = results.get("rank-bm25")
        for engine, r in results.items():
            speedup = f"{r['single_qps'] / ref['single_qps']:.0f}×" if ref else "–"
            rows.append([name, engine, f"{r['ndcg']:.4f}", f"{r['recall']:.4f}", f"{r['mrr']:.4f}",
                         f"{r['single_qps']:,.0f}",
                         f"{r['analysed_qps']:,.0f}" if "analysed_qps" in r else "–",
                         f"{r['batch_qps']:,.0f}", speedup, f"{r['index_s']:.2f}",
                         f"{r['peak_rss_mb']:.0f}", f"{r['rss_over_data_mb']:.0f}"])
    body = table(["collection", "engine", "nDCG@10", "R@100", "MRR@10", "single q/s", "single q/s, analysis incl.",
                  "batch q/s",
                  "single vs rank-bm25", "index s", "peak RSS MB", "RSS over data MB"], rows)
    body += ("\n\nSame analysed tokens for every engine (our English analyzer), BM25 k1=1.2 b=0.75, top 100; "
             "rank-bm25 is BM25Okapi (its only variant), the others the Lucene variant. Timings exclude query "
             "analysis, except 'analysis incl.': ours with each query analysed from its text as `ssc-search eval` "
             "does (English and Spanish stems; the per-text cache emptied before each run). "
             f"Medians of {args.repeat} runs (rank-bm25: 1). Published Lucene BM25 flat (BEIR): "
             "SciFact 0.679, NFCorpus 0.322. 'RSS over data' is the peak RSS less the RSS once the tokens were "
             "in memory, in the engine's own process.")
    command = "python bench/ranking.py" + (f" --repeat {args.repeat}" if args.repeat != 3 else "")
    write_section("ranking", "Ranking: ours vs rank-bm25 and bm25s (same run)", command + " --scale 0", body)
    if args.scale:
        s = scale_run(args.scale, args.data)
        print(s)
        body = table(["passages", "tokens", "postings", "vocabulary", "generate s", "index (weights) s",
                      "index MB", "peak RSS MB", "queries", "p50 ms", "p99 ms"],
                     [[f"{s['docs']:,}", f"{s['tokens']:,}", f"{s['postings']:,}", f"{s['vocab']:,}",
                       f"{s['generate_s']:.1f}", f"{s['weigh_s']:.1f}", f"{s['index_mb']:.0f}",
                       f"{s['peak_rss_mb']:.0f}", s["queries"], f"{s['p50_ms']:.2f}", f"{s['p99_ms']:.2f}"]])
        body += ("\n\nSynthetic passages: lengths drawn from the real documents' analysed lengths, terms drawn "
                 "from the three collections' term frequencies (so the vocabulary and its Zipf tail are real). "
                 "'generate' builds the count matrix (standing in for tokenizing); 'index' computes the BM25 "
                 "weight matrix from it. Latency: single query, top 10, real queries, after 20 warm-up queries.")
        write_section("scale", f"Scale: {s['docs']:,} synthetic passages", f"python bench/ranking.py --scale {args.scale}",
                      body)


if __name__ == "__main__":
    main()
