"""ssc-search: cited search and answers over development-cooperation PDFs."""
from .index import build, load
from .ingest import ingest
from .search import Searcher

__all__ = ["build", "ingest", "load", "Searcher"]
__version__ = "0.1.0"
