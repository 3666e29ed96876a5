"""Load on the served app, on 127.0.0.1 only: concurrent clients on /api/search and /api/ask,
optionally while re-indexes run and a new PDF is uploaded. Stops by itself.

    python bench/load.py --clients 20 --seconds 30                       # web latency
    python bench/load.py --clients 50 --seconds 60 --reindex 3 --upload  # re-index under load
    python bench/load.py --clients 30 --seconds 30 --attack              # normal clients, then with attackers

`--attack` runs two phases of `--seconds` each on one server: the normal clients alone, then the
same clients beside 8 clients sending 1,000-character queries of invented words (to the results
page and the API) and 110 idle connections, and compares the normal clients' latency.

Counts every non-200 response and every response whose X-Index-Generation is not a generation
that was completely built (a response from a half-built index).
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from results import table, write_section  # noqa: E402

TOKEN = "load-test-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(conn, method, path, body=None, headers=None):
    t0 = time.perf_counter()
    conn.request(method, path, body=body, headers=headers or {})
    r = conn.getresponse()
    data = r.read()
    return r.status, r.getheader("X-Index-Generation"), data, (time.perf_counter() - t0) * 1000


def wait_ready(port: int, tries: int = 600) -> http.client.HTTPConnection:
    """A connection to the server on `port` once /api/health answers."""
    for _ in range(tries):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            if request(conn, "GET", "/api/health")[0] == 200:
                return conn
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"no server answered on port {port}")


def ask_and_search(port: int, questions: list[str], seed: int, stop: float, record) -> None:
    """One normal client until `stop`: a random question to /api/search or /api/ask, then the next;
    `record(kind, status, generation, ms, error)` sees each outcome."""
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while time.monotonic() < stop:
        q = urllib.parse.quote(rng.choice(questions))
        kind = rng.choice(("search", "ask"))
        path = f"/api/search?q={q}&k=10" if kind == "search" else f"/api/ask?q={q}"
        try:
            status, gen, body, ms = request(conn, "GET", path)
            json.loads(body)
        except Exception as exc:  # any failure counts, the loop goes on
            record(kind, None, None, None, type(exc).__name__)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            continue
        record(kind, status, gen, ms, None)


class Tally:
    """What the normal clients saw: latencies by kind, errors, and the generations that answered."""

    def __init__(self, samples: dict, errors: list, generations: set, lock: threading.Lock | None = None) -> None:
        self.samples, self.errors, self.generations = samples, errors, generations
        self.lock = lock or threading.Lock()

    def __call__(self, kind: str, status, generation, ms, error) -> None:
        with self.lock:
            if error:
                self.errors.append(f"{kind}: {error}")
                return
            self.samples[kind].append(ms)
            if generation:
                self.generations.add(generation)
            if status != 200:
                self.errors.append(f"{kind}: HTTP {status}")


def make_upload_pdf(path: Path, word: str, pages: int = 10) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    for n in range(pages):
        pdf.add_page()
        pdf.set_font("Helvetica", size=10)
        for i in range(40):
            pdf.cell(0, 5, f"The {word} initiative links development cooperation partners, page {n + 1} line {i}.",
                     new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path.read_bytes()


def multipart(fields: dict, file_name: str, data: bytes) -> tuple[bytes, str]:
    boundary = "----ssc" + os.urandom(8).hex()
    parts = []
    for k, v in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
                 f"Content-Type: application/pdf\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--reindex", type=int, default=0, help="re-indexes to run during the load")
    parser.add_argument("--upload", action="store_true", help="upload a new 10-page PDF during the load")
    parser.add_argument("--threads", type=int, default=8, help="server threads")
    parser.add_argument("--attack", action="store_true", help="a phase without and one with attackers")
    args = parser.parse_args()
    questions = [json.loads(line)["question"] for line in
                 (ROOT / "tests" / "data" / "qa_dev.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    work = Path(tempfile.mkdtemp(prefix="ssc-load-"))
    corpus, index = work / "corpus", work / "index"
    shutil.copytree(ROOT / "corpus", corpus)
    subprocess.run([sys.executable, "-m", "ssc_search", "--index", str(index), "index", "--corpus", str(corpus)],
                   check=True, cwd=ROOT, capture_output=True)
    port = free_port()
    env = dict(os.environ, SSC_ADMIN_TOKEN=TOKEN)
    server = subprocess.Popen([sys.executable, "-m", "ssc_search", "--index", str(index), "serve", "--port", str(port),
                               "--threads", str(args.threads), "--corpus", str(corpus)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_ready(port)
        if args.attack:
            return attack(args, port, questions)
        committed = {p.name for p in (index / "generations").iterdir() if not p.name.startswith(".")}
        stop = time.monotonic() + args.seconds
        samples: dict[str, list[float]] = {"search": [], "ask": []}
        errors: list[str] = []
        generations: set[str] = set()

        tally = Tally(samples, errors, generations)

        def client(seed: int) -> None:
            ask_and_search(port, questions, seed, stop, tally)

        threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(args.clients)]
        for t in threads:
            t.start()
        admin = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        auth = {"Authorization": f"Bearer {TOKEN}"}

        def wait_job(job_id: str) -> dict:
            while True:
                job = json.loads(request(admin, "GET", f"/api/jobs/{job_id}", headers=auth)[2])
                if job["status"] in ("done", "failed"):
                    return job
                time.sleep(0.05)

        notes = []
        gap = args.seconds / (args.reindex + (1 if args.upload else 0) + 1)
        for i in range(args.reindex):
            time.sleep(gap * 0.5)
            status, _, body, _ = request(admin, "POST", "/api/reindex", headers=auth)
            job = wait_job(json.loads(body)["job"]["id"]) if status == 202 else {"status": f"HTTP {status}"}
            notes.append(f"re-index {i + 1}: {job['status']}")
            if job.get("report"):
                committed.add(job["report"]["generation"])
        upload_s = None
        if args.upload:
            time.sleep(gap * 0.5)
            word = "Zempoaltepetl"
            data = make_upload_pdf(work / "new.pdf", word)
            body, ctype = multipart({"title": f"{word} cooperation notes", "year": "2026", "language": "en"},
                                    "new.pdf", data)
            t0 = time.perf_counter()
            status, _, resp, _ = request(admin, "POST", "/api/documents", body=body,
                                         headers={**auth, "Content-Type": ctype})
            job = wait_job(json.loads(resp)["job"]["id"])
            if job.get("report"):
                committed.add(job["report"]["generation"])
            while time.perf_counter() - t0 < 60:
                hits = json.loads(request(admin, "GET", f"/api/search?q={word}")[2]).get("results", [])
                if hits:
                    upload_s = time.perf_counter() - t0
                    break
                time.sleep(0.05)
            notes.append(f"upload: {job['status']}, searchable after {upload_s:.2f} s" if upload_s else
                         "upload: never searchable")
        for t in threads:
            t.join()
        half_built = sorted(generations - committed)
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(work, ignore_errors=True)
    rows = []
    for kind, values in samples.items():
        values.sort()
        n = len(values)
        if n:
            rows.append([f"/api/{kind}", n, f"{n / args.seconds:.0f}", f"{values[n // 2]:.1f}",
                         f"{values[min(n - 1, int(n * 0.99))]:.1f}", f"{values[-1]:.0f}"])
    body = table(["endpoint", "requests", "req/s", "p50 ms", "p99 ms", "max ms"], rows) if rows else ""
    body += (f"\n\n{args.clients} concurrent clients for {args.seconds:.0f} s on 127.0.0.1 (waitress, "
             f"{args.threads} threads; clients in one Python process on the same 2-core machine); questions drawn "
             f"from tests/data/qa_dev.jsonl. Errors: {len(errors)}"
             + (f" ({', '.join(sorted(set(errors))[:5])})" if errors else "")
             + f". Responses from a generation that was not completely built: {len(half_built)}. "
             f"Generations served: {len(generations)}.")
    if notes:
        body += " " + "; ".join(notes) + "."
    name = "load-reindex" if args.reindex or args.upload else "load"
    title = "Re-index under load" if name == "load-reindex" else "Web latency under load"
    if not args.clients:
        name, title = "upload-idle", "Upload to searchable, no other load"
    command = "python bench/load.py " + " ".join(sys.argv[1:])
    write_section(name, title, command.strip(), body)
    print(body)


IDLE_CONNECTIONS, ATTACKERS, ATTACK_CHARS = 110, 8, 1000


def invented_query(rng: random.Random) -> str:
    words = []
    while sum(len(w) + 1 for w in words) < ATTACK_CHARS:
        words.append("".join(rng.choice("bcdfghjklmnpqrstvwxz") + rng.choice("aeiou") for _ in range(rng.randint(3, 6))))
    return " ".join(words)[:ATTACK_CHARS]


def phase(port: int, questions: list[str], clients: int, seconds: float, attackers: int, idle: int) -> dict:
    """Normal clients (search and ask) for `seconds`, beside `attackers` and `idle` open sockets."""
    stop = time.monotonic() + seconds
    samples: dict[str, list[float]] = {"search": [], "ask": [], "attack": []}
    errors: list[str] = []
    lock = threading.Lock()
    sockets = []
    for _ in range(idle):  # connected, never sending a byte
        sockets.append(socket.create_connection(("127.0.0.1", port), timeout=5))

    def normal(seed: int) -> None:
        ask_and_search(port, questions, seed, stop, Tally(samples, errors, set(), lock))

    def attacker(seed: int) -> None:
        rng = random.Random(1000 + seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < stop:
            q = urllib.parse.quote(invented_query(rng))
            path = f"/?q={q}" if rng.random() < 0.5 else f"/api/search?q={q}"
            try:
                status, _, _, ms = request(conn, "GET", path)
                with lock:
                    samples["attack"].append(ms)
            except Exception:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    threads = [threading.Thread(target=normal, args=(i,), daemon=True) for i in range(clients)]
    threads += [threading.Thread(target=attacker, args=(i,), daemon=True) for i in range(attackers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for sock in sockets:
        sock.close()
    return {"samples": samples, "errors": errors}


def percentiles(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return (values[len(values) // 2], values[min(len(values) - 1, int(len(values) * 0.99))]) if values else (0, 0)


def attack(args, port: int, questions: list[str]) -> None:
    quiet = phase(port, questions, args.clients, args.seconds, 0, 0)
    loud = phase(port, questions, args.clients, args.seconds, ATTACKERS, IDLE_CONNECTIONS)
    rows = []
    for kind in ("search", "ask"):
        (p50a, p99a), (p50b, p99b) = percentiles(quiet["samples"][kind]), percentiles(loud["samples"][kind])
        rows.append([f"/api/{kind}", len(quiet["samples"][kind]), f"{p50a:.1f}", f"{p99a:.1f}",
                     len(loud["samples"][kind]), f"{p50b:.1f}", f"{p99b:.1f}", f"{p99b / p99a:.2f}" if p99a else "–"])
    a50, a99 = percentiles(loud["samples"]["attack"])
    body = table(["endpoint", "requests alone", "p50 ms", "p99 ms", "requests with attackers", "p50 ms", "p99 ms",
                  "p99 ratio"], rows)
    body += (f"\n\n{args.clients} normal clients (questions from tests/data/qa_dev.jsonl, search and ask), "
             f"{args.seconds:.0f} s alone, then {args.seconds:.0f} s beside {ATTACKERS} clients sending "
             f"{ATTACK_CHARS}-character queries of invented words (half to the results page, half to /api/search; "
             f"{len(loud['samples']['attack'])} answered, p50 {a50:.0f} ms, p99 {a99:.0f} ms) and "
             f"{IDLE_CONNECTIONS} idle connections; one waitress server with {args.threads} threads on 127.0.0.1, "
             f"all clients in one Python process on the same 2-core machine. Errors of the normal clients: "
             f"{len(quiet['errors'])} alone, {len(loud['errors'])} with attackers"
             + (f" ({', '.join(sorted(set(loud['errors']))[:5])})" if loud["errors"] else "") + ".")
    write_section("load-attack", "Normal clients beside attackers",
                  ("python bench/load.py " + " ".join(sys.argv[1:])).strip(), body)
    print(body)


if __name__ == "__main__":
    main()
