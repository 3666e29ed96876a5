"""Every setting in one place: the environment is read here and nowhere else, and every default is
written once.

`Settings` is where things live and which engine ranks (from the environment, with the documented
defaults). `BuildSettings` is how an index is built; a generation records it, and a later build
(from the CLI, the web or `watch`) keeps it unless told otherwise.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

YEARS = (1900, 2100)  # the years a filter may name (the CLI's and the API's)
METHODS = ("lucene", "okapi", "tfidf")
EXTRACTORS = ("pdfium", "pypdf")


@dataclass(frozen=True)
class BuildSettings:
    method: str = "lucene"   # BM25 as Lucene computes it (see bm25.py)
    k1: float = 1.2
    b: float = 0.75
    extractor: str = "pdfium"

    def params(self) -> dict:
        return {"method": self.method, "k1": self.k1, "b": self.b}

    def updated(self, **changes) -> BuildSettings:
        """These settings with the changes that are not None."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def from_meta(cls, meta: Mapping) -> BuildSettings:
        """The settings a generation was built with (its meta.json); defaults for what it does not say."""
        known = {f.name for f in fields(cls)}
        stored = {**(meta.get("params") or {}), "extractor": meta.get("extractor")}
        return cls().updated(**{k: v for k, v in stored.items() if k in known})

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("var/index")
    backend: str = "sparse"            # or "xapian"
    xapian_nshards: int = 3
    xapian_dir: Path | None = None     # default: <index>/xapian
    xapian_shards: tuple[str, ...] = ()  # host:port of remote shard servers
    xapian_writers: tuple[str, ...] = ()  # host:port of writable shard servers (`xapian-tcpsrv --writable`)
    xapian_timeout: float = 2.0
    admin_token: str = ""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        backend = env.get("SSC_BACKEND", cls.backend)
        if backend not in ("sparse", "xapian"):
            raise ValueError(f"SSC_BACKEND must be 'sparse' or 'xapian', not {backend!r}")
        def number(name: str, kind: type, default):
            """A Xapian setting: checked when Xapian is the backend, its default otherwise."""
            try:
                return kind(env.get(name) or default)
            except ValueError:
                if backend == "xapian":
                    raise ValueError(f"{name} must be a number, not {env.get(name)!r}") from None
                return default

        return cls(corpus_dir=Path(env.get("SSC_CORPUS_DIR") or cls.corpus_dir),
                   index_dir=Path(env.get("SSC_INDEX_DIR") or cls.index_dir),
                   backend=backend,
                   xapian_nshards=number("SSC_XAPIAN_NSHARDS", int, cls.xapian_nshards),
                   xapian_dir=Path(env["SSC_XAPIAN_DIR"]) if env.get("SSC_XAPIAN_DIR") else None,
                   xapian_shards=_addresses(env.get("SSC_XAPIAN_SHARDS", "")),
                   xapian_writers=_addresses(env.get("SSC_XAPIAN_WRITERS", "")),
                   xapian_timeout=number("SSC_XAPIAN_TIMEOUT", float, cls.xapian_timeout),
                   admin_token=env.get("SSC_ADMIN_TOKEN", ""))


def _addresses(value: str) -> tuple[str, ...]:
    """"host0:7001, host1:7001" as its addresses."""
    return tuple(s.strip() for s in value.split(",") if s.strip())


def corpus_dir() -> Path:
    return Settings.from_env().corpus_dir


def index_dir() -> Path:
    return Settings.from_env().index_dir
