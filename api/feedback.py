"""Answer feedback (thumbs up/down + comment), stored in SQLite beside the catalog and counted in metrics.

Every answer served is recorded with its collection, so feedback is accepted only for a real answer id that the
caller's key can see (an unknown or out-of-scope id is a 404).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Literal

from api.metrics import FEEDBACK

Rating = Literal["up", "down"]


class FeedbackStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._lock = threading.Lock()
        with self._db:
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS answers (answer_id TEXT PRIMARY KEY, collection TEXT NOT NULL,"
                " question TEXT NOT NULL, created_at REAL NOT NULL)"
            )
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, answer_id TEXT NOT NULL,"
                " rating TEXT NOT NULL, comment TEXT NOT NULL, tenant TEXT NOT NULL, created_at REAL NOT NULL)"
            )

    def record_answer(self, answer_id: str, collection: str, question: str) -> None:
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR IGNORE INTO answers VALUES (?, ?, ?, ?)", (answer_id, collection, question, time.time())
            )

    def collection_of(self, answer_id: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT collection FROM answers WHERE answer_id=?", (answer_id,)).fetchone()
        return row[0] if row else None

    def add(self, answer_id: str, rating: Rating, comment: str, tenant: str) -> int:
        with self._lock, self._db:
            cur = self._db.execute(
                "INSERT INTO feedback (answer_id, rating, comment, tenant, created_at) VALUES (?, ?, ?, ?, ?)",
                (answer_id, rating, comment, tenant, time.time()),
            )
        FEEDBACK.labels(rating).inc()
        return int(cur.lastrowid or 0)

    def counts(self, answer_id: str) -> dict[str, int]:
        with self._lock:
            rows = self._db.execute(
                "SELECT rating, COUNT(*) FROM feedback WHERE answer_id=? GROUP BY rating", (answer_id,)
            ).fetchall()
        return {"up": 0, "down": 0, **{r: n for r, n in rows}}

    def close(self) -> None:
        self._db.close()
