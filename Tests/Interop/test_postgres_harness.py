"""The throwaway PostgreSQL the PostgreSQL tests run against (issue 20): it starts from nothing,
answers on its socket only, keeps its data across a restart, and stops."""
import pytest

from pg_server import PostgresServer


@pytest.fixture
def server(tmp_path):
    with PostgresServer(tmp_path / "pg") as running:
        yield running


def test_a_throwaway_server_starts_keeps_data_over_a_restart_and_stops(server):
    assert server.psql("SHOW server_version").startswith("15.")
    assert server.psql("SHOW listen_addresses").strip() == ""  # no TCP port
    assert server.psql("SHOW fsync").strip() == "on"
    server.create_database("dic_licensing")
    server.psql("CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (42)", database="dic_licensing")
    server.restart()
    assert server.psql("SELECT v FROM t", database="dic_licensing").strip() == "42"
    assert server.url("dic_licensing").startswith("postgres://dic@/dic_licensing?host=")
