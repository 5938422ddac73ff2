"""dicctl against a running dic-units: what an operator and an officer type."""
import contextlib
import json
import os
import sqlite3
import subprocess

import pytest

from conftest import swift_bin_path
from test_units_service import UnitsService, HEADER


def dicctl(address, *args, check=True):
    binary = os.environ.get("DIC_DICCTL_BIN") or str(swift_bin_path() / "dicctl")
    result = subprocess.run([binary, *args, "--address", address] if args[0] != "backup" or args[1] != "restore"
                            else [binary, *args], capture_output=True, text=True, timeout=60)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_dicctl_health_services_units_and_errors(tmp_path):
    service = UnitsService(tmp_path)
    try:
        assert "SERVING" in dicctl(service.address, "health").stdout
        services = json.loads(dicctl(service.address, "services", "--output", "json").stdout)
        assert "dic.common.v1.AdminUnits" in services and "dic.common.v1.ServiceAdmin" in services
        districts = json.loads(dicctl(service.address, "units", "list", "--parent", "06", "--as-of", "2023-03-31",
                                      "--output", "json").stdout)
        assert len(districts) == 8
        table = dicctl(service.address, "units", "search", "cho don", "--level", "district").stdout
        assert "Huyện Chợ Đồn" in table
        missing = dicctl(service.address, "units", "get", "NOPE", check=False)
        assert missing.returncode == 1
        assert missing.stderr.strip() == "error: NOT_FOUND: code: no administrative unit 'NOPE'"
        bad_date = dicctl(service.address, "units", "list", "--as-of", "2023-02-30", check=False)
        assert bad_date.returncode == 1 and "INVALID_ARGUMENT: as_of" in bad_date.stderr
    finally:
        assert service.stop() == 0


def test_dicctl_import_reports_rows_and_is_safe_to_rerun(tmp_path):
    service = UnitsService(tmp_path / "data")
    try:
        bad = tmp_path / "bad.csv"
        bad.write_text(f"{HEADER}\n06.064.77,,Xã Bảy Bảy,commune,06.064,2024-01-01,,false,cli\n"
                       f"06.064.78,,Xã Hỏng,commune,NOPE,2024-01-01,,false,cli\n")
        refused = dicctl(service.address, "units", "import", str(bad), check=False)
        assert refused.returncode == 1
        assert f"{bad}:3: parent_code: no unit 'NOPE'" in refused.stdout
        good = tmp_path / "good.csv"
        good.write_text(f"{HEADER}\n06.064.77,,Xã Bảy Bảy,commune,06.064,2024-01-01,,false,cli\n")
        first = json.loads(dicctl(service.address, "units", "import", str(good), "--output", "json").stdout)
        again = json.loads(dicctl(service.address, "units", "import", str(good), "--output", "json").stdout)
        assert first == again == {"added": 1, "updated": 0, "lineage": 0}
    finally:
        assert service.stop() == 0


def test_dicctl_backup_of_a_running_service_restores(tmp_path):
    data = tmp_path / "data"
    service = UnitsService(data)
    try:
        created = json.loads(dicctl(service.address, "backup", "create", "--name", "before.sqlite",
                                    "--output", "json").stdout)
        assert created["path"].endswith("backups/before.sqlite") and created["sizeBytes"] > 0
        good = tmp_path / "good.csv"
        good.write_text(f"{HEADER}\n06.064.77,,Xã Sau Sao Lưu,commune,06.064,2024-01-01,,false,cli\n")
        dicctl(service.address, "units", "import", str(good))
        duplicate = dicctl(service.address, "backup", "create", "--name", "before.sqlite", check=False)
        assert duplicate.returncode == 1 and "ALREADY_EXISTS" in duplicate.stderr
        # Not under a running service: refused, and the service goes on with its own database.
        refused = dicctl("", "backup", "restore", "--from", created["path"], "--database", str(data / "units.sqlite"),
                         check=False)
        assert refused.returncode == 1 and "in use by a running service" in refused.stderr, refused.stderr
        assert dicctl(service.address, "units", "get", "06.064.77", check=False).returncode == 0
        # The live file is the service's alone while it runs (its connections lock among themselves
        # in memory); the backup is the copy to read.
        with contextlib.closing(sqlite3.connect(data / "units.sqlite", timeout=0.1)) as live:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                live.execute("SELECT COUNT(*) FROM schema_migrations").fetchall()
        with contextlib.closing(sqlite3.connect(created["path"])) as copy:
            assert copy.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] > 0
    finally:
        assert service.stop() == 0
    restored = dicctl("", "backup", "restore", "--from", created["path"], "--database", str(data / "units.sqlite"))
    assert "restored" in restored.stdout
    service = UnitsService(data)
    try:
        after = dicctl(service.address, "units", "get", "06.064.77", check=False)
        assert after.returncode == 1 and "NOT_FOUND" in after.stderr  # the backup predates the import
        assert len(json.loads(dicctl(service.address, "units", "list", "--parent", "06", "--output", "json").stdout)) == 8
    finally:
        assert service.stop() == 0


def test_a_service_will_not_start_on_a_database_another_process_has_open(tmp_path):
    data = tmp_path / "data"
    assert UnitsService(data).stop() == 0  # the database exists now
    with contextlib.closing(sqlite3.connect(data / "units.sqlite")) as shell:
        shell.execute("SELECT COUNT(*) FROM schema_migrations").fetchall()
        # An idle shell on the file: the service says so, rather than sharing the file with it.
        with pytest.raises(RuntimeError, match="open in another process"):
            UnitsService(data)
    assert UnitsService(data).stop() == 0
