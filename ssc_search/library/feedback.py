"""Readers' verdicts on answers ("right", "wrong", "partly", with a comment), kept in SQLite beside the
index so that re-indexing keeps them, and exported in the question-set format of `eval-qa`: real
questions become test questions once someone checks their gold pages."""
from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from ..errors import QueryError, control_character
from ..i18n import _

VERDICTS = ("right", "wrong", "partly")
MAX_COMMENT_CHARS = 2000
MAX_ANSWER_CHARS = 5000
MAX_CITATIONS = 10
FILE_NAME = "feedback.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created REAL NOT NULL,
    question TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('right', 'wrong', 'partly')),
    comment TEXT NOT NULL DEFAULT '',
    answer TEXT,
    citations TEXT NOT NULL DEFAULT '[]',
    key_phrases TEXT NOT NULL DEFAULT '[]',
    language TEXT,
    generation TEXT
)"""


class FeedbackStore:
    """One SQLite file; a connection per call, so any thread may use it."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=10)) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)
            with db:  # one transaction
                yield db

    def add(self, question: str, verdict: str, comment: str = "", answer: str | None = None,
            citations: list[dict] | None = None, key_phrases: list[str] | None = None,
            language: str | None = None, generation: str | None = None) -> int:
        """Store one verdict; QueryError names what is wrong with it."""
        question, comment = (question or "").strip(), (comment or "").strip()
        if not question or len(question) > 1000:
            raise QueryError(_("the question of a verdict must have 1 to 1000 characters"))
        code = control_character(question)
        if code is not None:
            raise QueryError(_("the question of a verdict holds a control character ({code})", code=code))
        code = control_character(comment)
        if code is not None:
            raise QueryError(_("a comment holds a control character ({code})", code=code))
        if verdict not in VERDICTS:
            raise QueryError(_("the verdict must be one of {verdicts}, not {verdict!r}",
                               verdicts=", ".join(VERDICTS), verdict=verdict))
        if len(comment) > MAX_COMMENT_CHARS or (answer and len(answer) > MAX_ANSWER_CHARS):
            raise QueryError(_("a comment may have at most {n} characters", n=MAX_COMMENT_CHARS))
        citations, key_phrases = citations or [], key_phrases or []
        if len(citations) > MAX_CITATIONS or len(key_phrases) > MAX_CITATIONS:
            raise QueryError(_("at most {n} citations and {n} key phrases", n=MAX_CITATIONS))
        for c in citations:
            if not (isinstance(c, dict) and isinstance(c.get("doc_id", ""), str)
                    and isinstance(c.get("page", 0), int) and not isinstance(c.get("page"), bool)):
                raise QueryError(_("each citation is an object with a text doc_id and a whole-number page"))
        if any(not isinstance(k, str) or len(k) > 300 for k in key_phrases):
            raise QueryError(_("each key phrase is a text of at most 300 characters"))
        cited = [{"doc_id": c.get("doc_id", "")[:200], "page": c.get("page", 0)} for c in citations]
        phrases = [k for k in key_phrases if k.strip()]
        with self._db() as db:
            cursor = db.execute(
                "INSERT INTO feedback (created, question, verdict, comment, answer, citations, key_phrases, language,"
                " generation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (time.time(), question, verdict, comment, answer, json.dumps(cited), json.dumps(phrases), language,
                 generation))
            return int(cursor.lastrowid)

    def recent(self, limit: int = 50) -> list[dict]:
        if not self.path.exists():
            return []
        with self._db() as db:
            db.row_factory = sqlite3.Row
            rows = db.execute("SELECT * FROM feedback ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [{**dict(r), "citations": json.loads(r["citations"]), "key_phrases": json.loads(r["key_phrases"])}
                for r in rows]

    def export(self) -> Iterator[dict]:
        """Every verdict as a question of the `eval-qa` format. A "right" answer's cited pages become its
        gold and its exact answer (the bold span) its key phrases; the others wait for someone to write
        their gold (`needs_gold`)."""
        for row in reversed(self.recent(limit=-1)):
            right = row["verdict"] == "right"
            yield {"id": f"feedback-{row['id']}", "question": row["question"], "answerable": True,
                   "gold": [[c["doc_id"], c["page"]] for c in row["citations"]] if right else [],
                   "key_phrases": row["key_phrases"] if right else [],
                   "lang": row["language"], "style": "user", "source": "feedback",
                   "feedback": row["verdict"], "comment": row["comment"],
                   "needs_gold": not right or not row["key_phrases"]}
