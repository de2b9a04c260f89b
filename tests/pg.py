"""Fixtures for the database tests: a throwaway PostgreSQL cluster (bench/postgres.py) and a database per test.

`postgres` (session-scoped) starts one cluster for the whole run, listening on a Unix socket in
its temporary folder and on no TCP port, and removes it afterwards; `database_url` gives each
test a fresh, empty database in it. Where no server binaries are installed the database tests
are skipped, with the reason, unless TIES_REQUIRE_POSTGRES is set (as `.ci/run` sets it), when
they fail instead.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator

import pytest

from bench.postgres import Cluster, running_cluster

__all__ = ["Cluster", "database_url", "postgres", "server_stopped"]


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    """A cluster for the whole run, stopped and removed afterwards."""
    try:
        with running_cluster() as cluster:
            yield cluster
    except FileNotFoundError as exc:
        if os.environ.get("TIES_REQUIRE_POSTGRES"):
            pytest.fail(f"{exc}: the database tests need a real server")
        pytest.skip(f"{exc}: the database tests need a real server")


@pytest.fixture
def database_url(postgres: Cluster) -> str:
    """A fresh, empty database for one test (migrations are the code's to apply)."""
    if not postgres.running():  # a test that stopped the server and failed before starting it again
        postgres.start()
    return postgres.create_database(f"t_{uuid.uuid4().hex[:16]}")


@contextlib.contextmanager
def server_stopped(cluster: Cluster) -> Iterator[None]:
    """The server is down for the block, and up again after it, whatever happens inside."""
    cluster.stop()
    try:
        yield
    finally:
        if not cluster.running():
            cluster.start()
