"""What a build shows on a terminal while it reads the PDFs."""
from __future__ import annotations

import time


class BuildProgress:
    """A bar over the PDFs a build reads, with the pages read per second beside it."""

    def __init__(self) -> None:
        self.bar, self.pages, self.started = None, 0, time.perf_counter()

    def __call__(self, paths):
        from tqdm import tqdm

        self.bar = tqdm(paths, desc="reading PDFs", unit="file", leave=False)
        self.started = time.perf_counter()
        return self.bar

    def read(self, document) -> None:
        """A document was read: its pages count towards the pages per second shown."""
        self.pages += document.pages
        if self.bar is not None:
            rate = self.pages / max(time.perf_counter() - self.started, 1e-9)
            self.bar.set_postfix_str(f"{self.pages} pages, {rate:.0f} pages/s", refresh=False)
