"""`gongkai backup` then `gongkai restore` into an empty data directory (SQLite) and into an empty
database (PostgreSQL): the same public pages, search results and uploads. Each step runs in a
process of its own with its own settings (backup_site.py), as an operator would run them."""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

# The PostgreSQL server the round trip uses, with databases of its own (never the test database).
SERVER = os.environ.get("GONGKAI_TEST_POSTGRES_SERVER", "postgresql://postgres@127.0.0.1:5432")
SOURCE_DB, TARGET_DB = "gk_backup_src", "gk_backup_dst"


def run_step(step: str, archive: Path, out: Path, *, data_dir: Path, database_url: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        # The subprocess is a site of its own: not this pytest worker's cache, Redis or data.
        if key not in {"REDIS_URL", "PYTEST_XDIST_WORKER", "GONGKAI_TEST_WORKER", "GONGKAI_SEARCH_DIR"}
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "gongkai.config.settings.test",
        "GONGKAI_DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "GONGKAI_SEARCH_INLINE": "0",
    }
    command = [sys.executable, "-m", "gongkai.api.tests.backup_site", step, str(archive), str(out)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(out.read_text(encoding="utf-8"))


def assert_same_site(before: dict, after: dict) -> None:
    assert len(before["search"]["results"]) == 2
    assert after["search"] == before["search"]
    assert len(before["uploads"]) == 2
    assert after["uploads"] == before["uploads"]
    assert sorted(after["pages"]) == sorted(before["pages"])
    for url, html in before["pages"].items():
        assert after["pages"][url] == html, url
    item_pages = [html for url, html in before["pages"].items() if url not in {"/"} and "search" not in url]
    assert len(item_pages) == 2 and all("附件" in html for html in item_pages)


def test_sqlite_round_trip_into_an_empty_data_directory(tmp_path):
    archive = tmp_path / "site.tar.gz"
    source, target = tmp_path / "source", tmp_path / "target"
    source.mkdir()  # the restore target is left absent: restore creates it
    before = run_step(
        "source", archive, tmp_path / "before.json", data_dir=source, database_url=f"sqlite:///{source}/gongkai.sqlite3"
    )
    after = run_step(
        "target", archive, tmp_path / "after.json", data_dir=target, database_url=f"sqlite:///{target}/gongkai.sqlite3"
    )
    assert_same_site(before, after)
    assert (target / "gongkai.sqlite3").is_file()


@pytest.fixture
def postgres_databases():
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        for name in (SOURCE_DB, TARGET_DB):
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        yield f"{SERVER}/{SOURCE_DB}", f"{SERVER}/{TARGET_DB}"
        for name in (SOURCE_DB, TARGET_DB):
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def test_postgresql_round_trip_into_an_empty_database(tmp_path, postgres_databases):
    source_url, target_url = postgres_databases
    archive = tmp_path / "site.tar.gz"
    before = run_step(
        "source", archive, tmp_path / "before.json", data_dir=tmp_path / "source", database_url=source_url
    )
    after = run_step("target", archive, tmp_path / "after.json", data_dir=tmp_path / "target", database_url=target_url)
    assert_same_site(before, after)
