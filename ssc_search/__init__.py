"""ssc-search: cited search and answers over development-cooperation PDFs."""
from __future__ import annotations

import importlib

__all__ = ["build", "ingest", "load", "Searcher"]
__version__ = "0.1.0"

# imported when first asked for, so that a PDF reader forked for one file loads the PDF code alone
_WHERE = {"build": "ssc_search.index.build", "load": "ssc_search.index.build",
          "Searcher": "ssc_search.index.search", "ingest": "ssc_search.ingest.corpus"}


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'ssc_search' has no attribute {name!r}")
