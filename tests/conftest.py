from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"


def make_pdf(path: Path, pages: list[list[str]], password: str | None = None) -> Path:
    """A small born-digital PDF: each page is a list of lines (Latin-1 text, Helvetica)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    for lines in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", size=10)
        for line in lines:
            pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    if password:
        pdf.set_encryption(owner_password="owner", user_password=password)
    pdf.output(str(path))
    return path


def wait_job(client, job_id: str, headers: dict, timeout: float = 60.0) -> dict:
    """A job's report once it is done or failed (polled through the API)."""
    import time

    deadline = time.time() + timeout
    while time.time() < deadline:
        job = client.get(f"/api/jobs/{job_id}", headers=headers).get_json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not end")


def make_blank_pdf(path: Path, n_pages: int = 2) -> Path:
    """A PDF whose pages carry only drawings, as a scanned document carries only images."""
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(n_pages):
        pdf.add_page()
        pdf.rect(20, 20, 100, 60)
    pdf.output(str(path))
    return path


SENTENCES = [
    "The agency supports triangular cooperation with partners in Central America.",
    "Mexico provided technical assistance on statistics to several countries in the region.",
    "The programme trains officials in monitoring and evaluation of development projects.",
    "Water management experts from both countries exchanged experiences on irrigation.",
    "A national registry records projects, agreements and partner institutions every year.",
    "Food security initiatives reached rural communities in the southern border states.",
]


def body_lines(seed: int, n: int = 20) -> list[str]:
    return [f"{SENTENCES[(seed + i) % len(SENTENCES)]}" for i in range(n)]


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    """Three good PDFs with running headers, footers and page numbers."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for d, name in enumerate(["alpha", "beta", "gamma"]):
        pages = []
        for n in range(1, 5):
            pages.append([f"Report {name.title()} on Cooperation", *body_lines(d * 7 + n, 12),
                          "Chapter footer text", str(n)])
        make_pdf(corpus / f"{name}.pdf", pages)
    return corpus


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory) -> Path:
    """The shipped corpus, indexed once for the whole test session."""
    from ssc_search.index.build import build

    folder = tmp_path_factory.mktemp("corpus-index")
    build(CORPUS, folder)
    return folder


def serve_in_background(args: list[str], env: dict | None = None):
    """`python -m ssc_search ... serve` on a free 127.0.0.1 port, up and answering; returns (port, process)."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "ssc_search", *args, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2).read()
            break
        except OSError:
            time.sleep(0.2)
    return port, server


def pytest_collection_modifyitems(items):
    """Tests under tests/acceptance/ read the shipped corpus: marked `acceptance` (`-m "not acceptance"`
    runs the unit tests alone, on small inline fixtures)."""
    for item in items:
        if "acceptance" in Path(str(item.fspath)).parts:
            item.add_marker(pytest.mark.acceptance)
