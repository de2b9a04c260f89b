"""The knowledge in PostgreSQL, against a real server (tests/pg.py): import and export, changes, undo, outages.

Each `KnowledgeDatabase` stands for one process (its own connection and working copy); two of
them on one database are two processes, or two hosts.
"""

from __future__ import annotations

import asyncio
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import psycopg
import psycopg.conninfo
import pytest

from bot.core.answering.answer import Answer
from bot.core.curation.changes import ChangeRejected, EditConflict
from bot.core.curation.lint import check_knowledge
from bot.core.database import (
    DatabaseCurator,
    DatabaseUnansweredLog,
    DatabaseUnavailable,
    EmptyDatabase,
    ImportRefused,
    KnowledgeDatabase,
    SchemaError,
)
from bot.core.database.listener import LISTENER_NAME, DatabaseLink
from bot.core.database.rows import folder_files, split_facts_file
from bot.core.database.schema import Migration, migrations
from bot.settings import PROJECT_ROOT
from tests.pg import Cluster, server_stopped

SHIPPED = PROJECT_ROOT / "knowledge"
FACT = "real-madrid-2023-first-leg-score"
FACTS_2023 = "facts/2023-real-madrid-liverpool.yaml"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the shipped knowledge (the checkout's may be edited while tests run)."""
    target = tmp_path / "knowledge"
    shutil.copytree(SHIPPED, target, ignore=shutil.ignore_patterns("*.jsonl", ".*"))
    return target


@pytest.fixture
def opened(database_url: str) -> Iterator[list[KnowledgeDatabase]]:
    """Every KnowledgeDatabase a test opens (through `open_db`), closed afterwards."""
    handles: list[KnowledgeDatabase] = []
    yield handles
    for handle in handles:
        handle.close()


@pytest.fixture
def open_db(database_url: str, opened: list[KnowledgeDatabase]):  # type: ignore[no-untyped-def]
    def open_one() -> KnowledgeDatabase:
        handle = KnowledgeDatabase.open(database_url)
        opened.append(handle)
        return handle
    return open_one


@pytest.fixture
def loaded(open_db, folder: Path) -> KnowledgeDatabase:  # type: ignore[no-untyped-def]
    database = open_db()
    database.import_folder(folder)
    return database


def files_of(root: Path) -> dict[str, bytes]:
    return {rel: (root / rel).read_bytes() for rel in folder_files(root)}


# --- import and export ---------------------------------------------------------------------------
def test_export_of_an_import_is_the_folder_byte_for_byte_and_passes_the_check(
        loaded: KnowledgeDatabase, folder: Path, tmp_path: Path) -> None:
    report = loaded.export(tmp_path / "out")
    assert files_of(tmp_path / "out") == files_of(folder)
    assert report.files == len(files_of(folder)) and report.removed == []
    assert check_knowledge(tmp_path / "out").ok
    again = loaded.export(tmp_path / "out")  # into the same folder: nothing to write
    assert again.written == [] and again.revision == report.revision


def test_a_change_shows_in_the_export_as_that_facts_lines_only(
        loaded: KnowledgeDatabase, folder: Path, tmp_path: Path) -> None:
    before = (folder / FACTS_2023).read_text(encoding="utf-8")
    DatabaseCurator(loaded).teach(FACT, "by what score did the first game end, in words of my own", "alice")
    loaded.export(tmp_path / "out")
    exported, original = files_of(tmp_path / "out"), files_of(folder)
    assert {rel for rel in original if exported[rel] != original[rel]} == {FACTS_2023}
    old = split_facts_file(FACTS_2023, before)
    new = split_facts_file(FACTS_2023, exported[FACTS_2023].decode("utf-8"))
    assert (new.head, new.tail) == (old.head, old.tail)
    changed = [a.id for a, b in zip(old.facts, new.facts, strict=True) if (a.lead, a.body) != (b.lead, b.body)]
    assert changed == [FACT]
    assert "\n      - by what score did the first game end, in words of my own\n" in \
        new.facts[[f.id for f in new.facts].index(FACT)].body
    audit = (tmp_path / "out" / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(audit) == 1 and '"action": "teach"' in audit[0]


def test_an_export_imported_again_keeps_the_audit_log_so_undo_still_works(
        loaded: KnowledgeDatabase, open_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    DatabaseCurator(loaded).teach(FACT, "what did madrid win the opener by, asked my way", "alice")
    loaded.export(tmp_path / "out")
    other = open_db()
    other.import_folder(tmp_path / "out")
    undone = DatabaseCurator(other).undo("bob")
    assert undone.fact_id == FACT and "what did madrid win the opener by, asked my way" not in str(undone.after)


def test_import_refuses_a_folder_that_fails_the_check_and_changes_nothing(
        loaded: KnowledgeDatabase, folder: Path, tmp_path: Path) -> None:
    revision = loaded.state().revision
    broken = tmp_path / "broken"
    shutil.copytree(folder, broken)
    text = (broken / FACTS_2023).read_text(encoding="utf-8")
    (broken / FACTS_2023).write_text(text.replace("    intent: score\n", "    intent: nonsense\n", 1), encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        loaded.import_folder(broken)
    assert any(issue.file == FACTS_2023 and issue.field == "intent" for issue in refused.value.issues)
    assert loaded.state().revision == revision
    assert FACT in loaded.load().facts


def test_an_empty_database_says_to_import_first(open_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    database = open_db()
    with pytest.raises(EmptyDatabase, match="knowledge import"):
        database.load()
    with pytest.raises(EmptyDatabase):
        database.export(tmp_path / "out")


# --- the schema ---------------------------------------------------------------------------------
def test_migrations_are_applied_once_and_a_newer_schema_is_refused(database_url: str,
                                                                   open_db) -> None:  # type: ignore[no-untyped-def]
    open_db()
    open_db()  # a second process finds nothing to do
    with psycopg.connect(database_url) as conn:
        versions = [row[0] for row in conn.execute("SELECT version FROM schema_version ORDER BY version")]
        assert versions == [m.version for m in migrations()]
        conn.execute("INSERT INTO schema_version (version, name) VALUES (9999, 'from_the_future')")
    with pytest.raises(SchemaError, match="newer than this code"):
        KnowledgeDatabase.open(database_url)


def test_a_failing_migration_applies_nothing_and_is_named(database_url: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """All pending migrations run in one transaction: a failing one leaves the database as it was."""
    from bot.core.database import schema

    broken = Migration(len(migrations()) + 1, "broken", "CREATE TABLE half_done (x int); SELECT * FROM no_such_table;")
    monkeypatch.setattr(schema, "migrations", lambda: [*migrations(), broken])
    with psycopg.connect(database_url) as conn, pytest.raises(SchemaError) as refused:
        schema.migrate(conn)
    assert f"{broken.version:04d}_broken.sql failed" in str(refused.value)
    assert "nothing was applied" in str(refused.value)
    with psycopg.connect(database_url) as conn:
        tables = {row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
    assert "half_done" not in tables and "schema_version" not in tables and "facts" not in tables


# --- changes from several processes ---------------------------------------------------------------
def test_a_change_in_one_process_is_loaded_by_another_and_undone_by_a_third(
        loaded: KnowledgeDatabase, open_db) -> None:  # type: ignore[no-untyped-def]
    second, third = open_db(), open_db()
    assert "a question only this test asks about the opener" not in second.load().facts[FACT].asked_as
    DatabaseCurator(loaded).teach(FACT, "a question only this test asks about the opener", "alice")
    assert "a question only this test asks about the opener" in second.load().facts[FACT].asked_as
    undone = DatabaseCurator(third).undo("carol")
    assert undone.fact_id == FACT and undone.actor == "carol"
    for database in (loaded, second, third):
        assert "a question only this test asks about the opener" not in database.load().facts[FACT].asked_as
    assert [entry["action"] for entry in DatabaseCurator(second).history()] == ["undo", "teach"]


def test_two_curators_editing_one_fact_at_once_never_lose_a_change(
        loaded: KnowledgeDatabase, open_db) -> None:  # type: ignore[no-untyped-def]
    hosts = [loaded, open_db()]
    seen = loaded.load().facts[FACT]  # both curators opened the form on this version
    answers = [seen.answer.replace("5-2", "5–2", 1) + suffix for suffix in (" (per Alice)", " (per Bob)")]
    barrier = threading.Barrier(2)
    outcomes: list[object] = [None, None]

    def edit(index: int) -> None:
        barrier.wait()
        try:
            outcomes[index] = DatabaseCurator(hosts[index]).edit(FACT, {"answer": answers[index]},
                                                                 ("alice", "bob")[index], base=seen)
        except EditConflict as exc:
            outcomes[index] = exc

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    conflicts = [o for o in outcomes if isinstance(o, EditConflict)]
    assert len(conflicts) == 1, outcomes
    winner = 1 - outcomes.index(conflicts[0])
    # The second is told who changed it, and shown the fact as the first left it.
    assert conflicts[0].by == ("alice", "bob")[winner]
    assert conflicts[0].current["answer"] == answers[winner]
    assert "changed after you opened it" in str(conflicts[0])
    for host in hosts:
        assert host.load().facts[FACT].answer == answers[winner]


def test_concurrent_teaching_of_one_fact_keeps_both_questions(
        loaded: KnowledgeDatabase, open_db) -> None:  # type: ignore[no-untyped-def]
    hosts = [loaded, open_db(), open_db()]
    questions = [f"opener scoreline question number {n} from another host" for n in range(len(hosts))]
    barrier = threading.Barrier(len(hosts))
    errors: list[BaseException] = []

    def teach(index: int) -> None:
        barrier.wait()
        try:
            DatabaseCurator(hosts[index]).teach(FACT, questions[index], f"curator-{index}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=teach, args=(i,)) for i in range(len(hosts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    asked = loaded.load().facts[FACT].asked_as
    assert all(question in asked for question in questions)
    assert len(DatabaseCurator(loaded).history(10)) == len(hosts)


def test_an_invalid_change_is_rejected_before_the_commit_and_stores_nothing(loaded: KnowledgeDatabase) -> None:
    revision = loaded.state().revision
    with pytest.raises(ChangeRejected):
        DatabaseCurator(loaded).edit(FACT, {"intent": "no-such-intent"}, "alice")
    assert loaded.state().revision == revision
    assert loaded.load().facts[FACT].intent == "score"


# --- the database going away -------------------------------------------------------------------
def test_while_the_database_is_down_the_snapshot_serves_changes_are_refused_and_it_catches_up(
        postgres: Cluster, loaded: KnowledgeDatabase, open_db) -> None:  # type: ignore[no-untyped-def]
    other = open_db()
    served = other.load()
    with server_stopped(postgres):
        with pytest.raises(DatabaseUnavailable) as refused:
            DatabaseCurator(loaded).teach(FACT, "asked while the database was away", "alice")
        assert "cannot be reached" in str(refused.value) and "nothing was saved" in str(refused.value)
        with pytest.raises(DatabaseUnavailable):
            other.load()
        assert served.facts[FACT].answer  # what was loaded keeps serving
    DatabaseCurator(loaded).teach(FACT, "asked once the database was back", "alice")  # a new connection
    assert "asked once the database was back" in other.load().facts[FACT].asked_as
    assert "asked while the database was away" not in other.load().facts[FACT].asked_as


def test_unanswered_questions_asked_while_the_database_is_down_are_kept_and_shared(
        postgres: Cluster, loaded: KnowledgeDatabase, open_db) -> None:  # type: ignore[no-untyped-def]
    here, there = DatabaseUnansweredLog(loaded), DatabaseUnansweredLog(open_db())
    declined = Answer(answered=False, text="", confidence=0.0)
    here.record("who won the 1977 final?", declined)
    assert here.flush() == 1
    with server_stopped(postgres):
        here.record("what did the kit man say?", declined)
        here.record("What did the kit man say??", declined)
        with pytest.raises(DatabaseUnavailable):
            here.flush()
        there.refresh()  # shows what it last saw, without failing
        assert here.unsaved == 2
    assert here.flush() == 2
    there.refresh()
    assert {(item.example.lower(), item.count) for item in there.top()} == {
        ("who won the 1977 final?", 1), ("what did the kit man say??", 2)}
    there.mark_handled("what did the kit man say")  # asked in the other process: off the shared queue too
    there.flush()
    here.refresh()
    assert [item.example for item in here.top()] == ["who won the 1977 final?"]


# --- hearing of changes ----------------------------------------------------------------------------
async def test_a_process_that_missed_a_notification_catches_up_when_it_reconnects(
        postgres: Cluster, database_url: str, loaded: KnowledgeDatabase,
        open_db) -> None:  # type: ignore[no-untyped-def]
    """The listening connection is cut and cannot come back; a change is made; once it can, it is served."""
    other = open_db()
    served = [other.load()]
    lost: list[DatabaseUnavailable] = []
    heard = asyncio.Event()

    async def changed() -> None:
        if await asyncio.to_thread(other.stamp) != served[-1].stamp:
            served.append(await asyncio.to_thread(other.load))
            heard.set()

    async def gone(problem: DatabaseUnavailable) -> None:
        lost.append(problem)

    link = DatabaseLink(other)
    link.start(changed, gone)
    try:
        await until(lambda: link.connected)
        name = psycopg.conninfo.conninfo_to_dict(database_url)["dbname"]
        with psycopg.connect(postgres.url("postgres"), autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = %s AND application_name = %s", (name, LISTENER_NAME["application_name"]))
            await until(lambda: bool(lost))
            assert not link.connected
            # Made on a connection opened before: the listener is not there to hear its NOTIFY.
            await asyncio.to_thread(DatabaseCurator(loaded).teach, FACT, "asked while nobody was listening", "alice")
            await asyncio.sleep(0.5)
            assert "asked while nobody was listening" not in served[-1].facts[FACT].asked_as
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        await asyncio.wait_for(heard.wait(), timeout=10)
        assert "asked while nobody was listening" in served[-1].facts[FACT].asked_as
        assert len(lost) == 1  # told once, however many attempts failed
    finally:
        await link.stop()


async def until(condition, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.05)
