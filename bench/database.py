"""`python -m bench.database`: answers and curator changes with the knowledge in PostgreSQL, beside the folder.

For the same knowledge, loaded from a folder and from a database (imported from that folder):
the time to load it (to a served engine), the latency of an answer (median, p99), the latency
of a curator change (teach a question, then undo it: each a whole validated change, written to
files or committed as one transaction), and, with the database, how long after a change's
commit another process serves it (its LISTEN connection hears the NOTIFY, it reads the change
and loads the snapshot). The database is DATABASE_URL when `--database-url` is given, else a
throwaway local cluster on a Unix socket (bench/postgres.py).

`database_figures()` returns the figures, and `DatabaseFigures.table()` the Markdown table, for
`python -m bench` to include.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import psycopg

from bench.postgres import running_cluster
from bot.core.answering.engine import Engine
from bot.core.curation.curator import Curator
from bot.core.database import DatabaseCurator, KnowledgeDatabase
from bot.core.database.repository import CHANNEL
from bot.core.knowledge.store import load_knowledge

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ("what did klopp say about his dressing room", "atletico opening leg result",
             "who reffed the 2023 game", "how did the first leg end in 2021", "who scored for madrid in 2023",
             "what was at stake for liverpool in 2020", "who won the 1977 final")
"""Questions written for the benchmark (none from an evaluation set)."""


@dataclass
class DatabaseFigures:
    """Milliseconds, folder and database side by side; `served_elsewhere` only exists for the database."""

    facts: int
    changes: int
    answers: int
    load_folder: float
    load_database: float
    answer_folder: tuple[float, float]
    answer_database: tuple[float, float]
    change_folder: tuple[float, float]
    change_database: tuple[float, float]
    served_elsewhere: tuple[float, float]
    database: str

    def table(self) -> str:
        """A Markdown table of the figures."""
        def pair(values: tuple[float, float]) -> str:
            return f"{values[0]:.1f} / {values[1]:.1f}"

        rows = [
            "| milliseconds | folder | database |",
            "| --- | --: | --: |",
            f"| load to a served engine | {self.load_folder:.0f} | {self.load_database:.0f} |",
            f"| an answer, median / p99 ({self.answers} asked) | {pair(self.answer_folder)} | "
            f"{pair(self.answer_database)} |",
            f"| a curator change, median / p99 ({self.changes} teach + undo) | {pair(self.change_folder)} | "
            f"{pair(self.change_database)} |",
            f"| the change served by another process, median / p99 | (polled every RELOAD_CHECK_SECONDS) | "
            f"{pair(self.served_elsewhere)} |",
        ]
        return (f"{self.facts} facts; the database: {self.database}. A change is validated whole before it is "
                "written (or committed); another process hears of it by LISTEN/NOTIFY and loads the snapshot.\n\n"
                + "\n".join(rows))


def _percentiles(samples: Sequence[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, round(0.99 * len(ordered)) - 1)]


def _answers(engine: Engine, count: int) -> tuple[float, float]:
    samples = []
    for n in range(count):
        started = time.perf_counter()
        engine.answer(QUESTIONS[n % len(QUESTIONS)], f"bench-{n % 7}")
        samples.append((time.perf_counter() - started) * 1000)
    return _percentiles(samples)


def _changes(curator: Curator, fact_id: str, count: int,
             committed: Callable[[float], None] | None = None) -> list[float]:
    """`count` teach + undo pairs, each timed in ms; `committed` is told when each one returned (perf_counter)."""
    samples = []
    for n in range(count):
        for step in ("teach", "undo"):
            started = time.perf_counter()
            if step == "teach":
                curator.teach(fact_id, f"benchmark question number {n} about this fact", "bench")
            else:
                curator.undo("bench")
            done = time.perf_counter()
            samples.append((done - started) * 1000)
            if committed is not None:
                committed(done)
    return samples


class _Listener:
    """Another process's view (its own connection and working copy): LISTEN, then load and index each change."""

    def __init__(self, url: str) -> None:
        self.database = KnowledgeDatabase.open(url)
        self.database.load()
        self.served = threading.Event()
        self.conn = psycopg.connect(url, autocommit=True)
        self.conn.execute(f"LISTEN {CHANNEL}")

    def wait_served(self, timeout: float = 30.0) -> float:
        """Block until the next notification's change is loaded and indexed; returns when, by perf_counter."""
        for _ in self.conn.notifies(timeout=timeout, stop_after=1):
            break
        Engine.build(self.database.load())
        return time.perf_counter()

    def close(self) -> None:
        self.conn.close()
        self.database.close()


def measure(knowledge: Path, url: str, changes: int = 20, answers: int = 500) -> DatabaseFigures:
    """Measure the folder and the database (emptied and imported from `knowledge`)."""
    with tempfile.TemporaryDirectory(prefix="ties-bench-db-") as tmp:
        folder = Path(tmp) / "knowledge"
        shutil.copytree(knowledge, folder, ignore=shutil.ignore_patterns("*.jsonl", ".*"))
        Engine(load_knowledge(folder))  # the first load of a process also imports and warms up what answering needs
        started = time.perf_counter()
        engine = Engine(load_knowledge(folder))
        load_folder = (time.perf_counter() - started) * 1000
        answer_folder = _answers(engine, answers)
        fact_id = next(iter(engine.knowledge.facts))
        change_folder = _percentiles(_changes(Curator(folder), fact_id, changes))

        database = KnowledgeDatabase.open(url)
        try:
            database.import_folder(folder)
            started = time.perf_counter()
            engine = Engine(database.load())
            load_database = (time.perf_counter() - started) * 1000
            answer_database = _answers(engine, answers)
            listener = _Listener(url)
            try:
                served: list[float] = []
                change_database = _changes(DatabaseCurator(database), fact_id, changes,
                                           lambda at: served.append((listener.wait_served() - at) * 1000))
            finally:
                listener.close()
        finally:
            database.close()
    return DatabaseFigures(len(engine.knowledge.facts), changes, answers, load_folder, load_database,
                           answer_folder, answer_database, change_folder, _percentiles(change_database),
                           _percentiles(served), database.name)


def database_figures(knowledge: Path, url: str | None = None, changes: int = 20,
                     answers: int = 500) -> DatabaseFigures:
    """Measure against `url`, or a throwaway local cluster when it is None.

    Raises:
        FileNotFoundError: no url, and no PostgreSQL server binaries to start a cluster with.
    """
    if url is not None:
        return measure(knowledge, url, changes, answers)
    with running_cluster() as cluster:
        return measure(knowledge, cluster.create_database("bench"), changes, answers)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    parser.add_argument("--database-url", help="an EMPTY database to use (it is overwritten); default: a "
                        "throwaway local cluster")
    parser.add_argument("--changes", type=int, default=20, help="teach + undo pairs per side")
    parser.add_argument("--answers", type=int, default=500)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON line")
    args = parser.parse_args(argv)
    try:
        figures = database_figures(args.knowledge, args.database_url, args.changes, args.answers)
    except FileNotFoundError as exc:
        print(f"bench.database: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(asdict(figures)) if args.json else figures.table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
