"""ssc-search: cited search and answers over development-cooperation PDFs."""
from .index.build import build, load
from .index.search import Searcher
from .ingest.corpus import ingest

__all__ = ["build", "ingest", "load", "Searcher"]
__version__ = "0.1.0"
