"""The README's screenshots, taken in Debian's chromium from the app served on 127.0.0.1.

    python tools/screenshots.py            # needs an index (ssc-search index) and chromium

Writes docs/results.png, docs/viewer.png, docs/catalogue.png (English) and docs/es-home.png,
docs/es-results.png, docs/es-page.png.
"""
from __future__ import annotations

import argparse
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from waitress import create_server

from ssc_search import config
from webapp import create_app

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
SHOTS = [  # (file, path, what to wait for)
    ("results.png", "/?q=How+many+South-South+projects+did+Mexico+provide+in+2012%3F&lang=en", "#answer-h"),
    ("viewer.png", "/documents/towards-a-global-partnership-2014/view?page=25&passage=c4aac6260f2f69e0&hl=631-749&lang=en",
     "#viewer[data-highlighted]"),
    ("catalogue.png", "/entities?kind=agency&lang=en", "table.docs"),
    ("es-home.png", "/?lang=es", "h1"),
    ("es-results.png", "/?q=%C2%BFQu%C3%A9+es+la+AMEXCID%3F&lang=es", "#answer-h"),
    ("es-page.png", "/documents/lcid-ley-cooperacion-internacional-para-el-desarrollo-mx-2011/pages/2?lang=es",
     "article"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    app = create_app({"INDEX_DIR": str(config.index_dir()), "CORPUS_DIR": str(config.corpus_dir())})
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    base = f"http://127.0.0.1:{server.effective_port}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"])
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            for name, path, ready in SHOTS:
                page.goto(base + path)
                page.wait_for_selector(ready)
                page.screenshot(path=str(args.out / name))
                print(f"wrote {args.out / name}")
            browser.close()
    finally:
        server.close()


if __name__ == "__main__":
    main()
