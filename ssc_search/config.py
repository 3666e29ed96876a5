"""Where things live, from the environment with the documented defaults."""
from __future__ import annotations

import os
from pathlib import Path


def corpus_dir() -> Path:
    return Path(os.environ.get("SSC_CORPUS_DIR", "corpus"))


def index_dir() -> Path:
    return Path(os.environ.get("SSC_INDEX_DIR", "var/index"))
