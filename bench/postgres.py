"""A throwaway PostgreSQL cluster on this machine: initdb in a temporary folder, a Unix socket, no TCP.

For the tests (tests/pg.py) and `python -m bench.database`: the server listens on no TCP address
at all (`listen_addresses=''`), clients reach it through the socket in the cluster's folder, and
durability is off (the cluster is thrown away). initdb refuses to run as root, so under root
(as in CI) the server runs as the `postgres` user that Debian's package creates.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import psycopg

__all__ = ["Cluster", "running_cluster", "server_bindir"]

SERVER_OPTIONS = ("-c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                  "-c max_connections=200 -c shared_buffers=32MB")
"""No TCP; durability off (a test cluster is thrown away), enough connections for several bots."""


def server_bindir() -> Path | None:
    """Where initdb and pg_ctl are: PG_BINDIR, else the newest /usr/lib/postgresql/N/bin, else PATH."""
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class Cluster:
    """One PostgreSQL cluster in a temporary folder, reached through a Unix socket in it."""

    def __init__(self, bindir: Path, base: Path) -> None:
        self.bindir = bindir
        self.base = base
        self.data = base / "data"
        self.socket_dir = base / "socket"
        self.log = base / "server.log"
        self.user: str | None = "postgres" if os.geteuid() == 0 else None
        """The server's OS user: initdb refuses root, so root runs it as `postgres`."""

    def _run(self, args: Sequence[str], check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.user is not None:
            command = [shutil.which("runuser") or "/usr/sbin/runuser", "-u", self.user, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=check, timeout=120)

    def init(self) -> None:
        """Create the cluster's folder (owned by the server's user) and run initdb."""
        self.socket_dir.mkdir(parents=True)
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            for path in (self.base, self.socket_dir):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        self._run(["initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale",
                   "--no-sync"])

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        self._run(["pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "-o",
                   f"{SERVER_OPTIONS} -k {self.socket_dir}", "start"])

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (fast: connections are cut at once, as when a database host goes away)."""
        self._run(["pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop"], check=False)

    def running(self) -> bool:
        """Whether the server is up."""
        return self._run(["pg_ctl", "-D", str(self.data), "status"], check=False).returncode == 0

    def url(self, dbname: str) -> str:
        """A DATABASE_URL for one database of this cluster, through the socket."""
        return f"postgresql:///{dbname}?host={self.socket_dir}&user=postgres"

    def create_database(self, name: str) -> str:
        """A new empty database; returns its URL."""
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@contextlib.contextmanager
def running_cluster() -> Iterator[Cluster]:
    """A started cluster for the block, stopped and removed afterwards.

    Raises:
        FileNotFoundError: no PostgreSQL server binaries on this machine.
        RuntimeError: the cluster would not start (the server's log ends the message).
    """
    bindir = server_bindir()
    if bindir is None or not (bindir / "initdb").exists():
        raise FileNotFoundError("PostgreSQL server binaries not found (install Debian's postgresql, or set PG_BINDIR)")
    base = Path(tempfile.mkdtemp(prefix="ties-pg-"))
    cluster = Cluster(bindir, base)
    try:
        try:
            cluster.init()
            cluster.start()
        except subprocess.CalledProcessError as exc:
            log = cluster.log.read_text(errors="replace") if cluster.log.exists() else ""
            raise RuntimeError(f"could not start a PostgreSQL cluster: {exc.stderr}\n{log[-2000:]}") from exc
        yield cluster
    finally:
        cluster.stop("immediate")
        shutil.rmtree(base, ignore_errors=True)
