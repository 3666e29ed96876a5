"""Retrieval metrics on BEIR-format folders (corpus.jsonl, queries.jsonl, qrels/test.tsv)."""
from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass
from pathlib import Path

from ..analyze import Analyzer, detect_language
from ..config import BuildSettings
from ..index.bm25 import TermMatrix, count_matrix, weigh


@dataclass
class Collection:
    name: str
    doc_ids: list[str]
    texts: list[str]
    queries: dict[str, str]
    qrels: dict[str, dict[str, int]]


def load_beir(folder: Path, split: str = "test") -> Collection:
    folder = Path(folder)
    missing = [p for p in ("corpus.jsonl", "queries.jsonl", f"qrels/{split}.tsv") if not (folder / p).exists()]
    if missing:
        raise ValueError(f"{folder} is not a BEIR folder: missing {', '.join(missing)}")
    doc_ids, texts = [], []
    with open(folder / "corpus.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                doc_ids.append(str(d["_id"]))
                texts.append(f"{d.get('title', '')} {d.get('text', '')}".strip())
    qrels: dict[str, dict[str, int]] = {}
    with open(folder / "qrels" / f"{split}.tsv", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3 or (i == 0 and not parts[2].lstrip("-").isdigit()):
                continue
            qrels.setdefault(parts[0], {})[parts[1]] = int(parts[2])
    queries = {}
    with open(folder / "queries.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                q = json.loads(line)
                if str(q["_id"]) in qrels:
                    queries[str(q["_id"])] = q["text"]
    return Collection(folder.name, doc_ids, texts, queries, qrels)


def ndcg_at(ranked: list[str], rels: dict[str, int], k: int = 10) -> float:
    """nDCG@k with linear gains, as trec_eval and BEIR compute it."""
    dcg = sum(rels.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:k]) if rels.get(d, 0) > 0)
    ideal = sorted((r for r in rels.values() if r > 0), reverse=True)[:k]
    idcg = sum(r / math.log2(i + 2) for i, r in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at(ranked: list[str], rels: dict[str, int], k: int = 100) -> float:
    relevant = {d for d, r in rels.items() if r > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def mrr_at(ranked: list[str], rels: dict[str, int], k: int = 10) -> float:
    for i, d in enumerate(ranked[:k]):
        if rels.get(d, 0) > 0:
            return 1.0 / (i + 1)
    return 0.0


def index_collection(col: Collection, analyzer: Analyzer, method: str = "lucene",
                     k1: float = BuildSettings.k1, b: float = BuildSettings.b) -> tuple[TermMatrix, str]:
    sample = [t for text in col.texts[:200] for t, _ in analyzer.raw_tokens(text)]
    language = detect_language(sample) or "en"
    tokens = [analyzer.terms(text, language) for text in col.texts]
    counts, vocab = count_matrix(tokens)
    matrix = TermMatrix({t: i for i, t in enumerate(vocab)}, weigh(counts, method, k1, b), method)
    return matrix, language


def evaluate(folder: Path, method: str = BuildSettings.method, k1: float = BuildSettings.k1,
             b: float = BuildSettings.b) -> dict:
    col = load_beir(folder)
    analyzer = Analyzer()
    t0 = time.perf_counter()
    matrix, language = index_collection(col, analyzer, method, k1, b)
    index_seconds = time.perf_counter() - t0
    qids = list(col.queries)
    t0 = time.perf_counter()
    runs = {}
    for qid in qids:
        rows, _ = matrix.top_k(analyzer.query_terms(col.queries[qid], language), 100)
        runs[qid] = [col.doc_ids[i] for i in rows]
    seconds = time.perf_counter() - t0
    n = len(qids) or 1
    return {
        "dataset": col.name, "documents": len(col.doc_ids), "queries": len(qids),
        "ndcg@10": sum(ndcg_at(runs[q], col.qrels[q]) for q in qids) / n,
        "recall@100": sum(recall_at(runs[q], col.qrels[q]) for q in qids) / n,
        "mrr@10": sum(mrr_at(runs[q], col.qrels[q]) for q in qids) / n,
        "qps": len(qids) / seconds if seconds else 0.0,
        "index_seconds": index_seconds,
    }
