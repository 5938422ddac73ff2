"""A throwaway PostgreSQL 15 for tests (issue 20): Debian's `initdb` and `pg_ctl` on a data
directory in a temporary folder, listening on a Unix socket there and on no TCP port, no system
service involved. PostgreSQL refuses to run as root, so under root the server runs as the
`postgres` user the Debian package creates.

    with PostgresServer(tmp_path) as server:
        server.url("dic_licensing")   # postgres://dic@/dic_licensing?host=<socket dir>
"""
import os
import pathlib
import pwd
import shutil
import subprocess
import tempfile

BIN = pathlib.Path("/usr/lib/postgresql/15/bin")


class PostgresServer:
    def __init__(self, base: pathlib.Path, user: str = "dic"):
        self.base = pathlib.Path(base)
        self.data = self.base / "pgdata"
        self.socket = self.base / "pgsocket"
        self.user = user
        self.started = False

    def _run(self, *args, check=True):
        command = [str(arg) for arg in args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)

    def start(self):
        if not (BIN / "initdb").exists():
            raise RuntimeError("PostgreSQL 15 is not installed: `make deps` installs Debian's postgresql-15")
        self.base.mkdir(parents=True, exist_ok=True)
        self.socket.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            for path in (self.base, self.socket):
                os.chown(path, owner.pw_uid, owner.pw_gid)
            # The folders above must let the postgres user through; only the temporary folder's
            # own are opened for it, never a home or the repository.
            temporary = pathlib.Path(tempfile.gettempdir()).resolve()
            if temporary not in self.base.resolve().parents:
                raise RuntimeError(f"run as root, the server's folder must be under {temporary}")
            for parent in self.base.resolve().parents:
                if parent == temporary:
                    break
                mode = parent.stat().st_mode
                if not mode & 0o001:
                    os.chmod(parent, mode | 0o001)
        self._run(BIN / "initdb", "-D", self.data, "-U", self.user, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        # fsync stays on: tests of durability must mean it.
        self._run(BIN / "pg_ctl", "-D", self.data, "-l", self.base / "postgres.log", "-w", "-t", "60", "-o",
                  f"-k {self.socket} -c listen_addresses='' -c max_connections=200", "start")
        self.started = True
        return self

    def stop(self):
        if self.started:
            self._run(BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop", check=False)
            self.started = False

    def restart(self):
        """Stops and starts the server on the same data (a database outage, then its return)."""
        self.stop()
        self.resume()

    def resume(self):
        """Starts the server again on the same data after `stop()`."""
        self._run(BIN / "pg_ctl", "-D", self.data, "-l", self.base / "postgres.log", "-w", "-t", "60", "-o",
                  f"-k {self.socket} -c listen_addresses='' -c max_connections=200", "start")
        self.started = True

    def psql(self, sql: str, database: str = "postgres") -> str:
        psql = shutil.which("psql") or str(BIN / "psql")
        return self._run(psql, "-h", self.socket, "-U", self.user, "-d", database, "-At", "-v", "ON_ERROR_STOP=1",
                         "-c", sql).stdout

    def create_database(self, name: str) -> str:
        self.psql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def url(self, database: str) -> str:
        return f"postgres://{self.user}@/{database}?host={self.socket}"

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
