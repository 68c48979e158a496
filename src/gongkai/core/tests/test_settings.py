"""Production settings: `gongkai check --deploy` is clean, and secrets are never defaulted."""

import os
import secrets
import subprocess
import sys


def run_gongkai(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "-m", "gongkai", *args],
        env={**clean, "DJANGO_SETTINGS_MODULE": "gongkai.config.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_deploy_check_prints_no_warnings(tmp_path):
    result = run_gongkai(
        "check",
        "--deploy",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="gk.example.gov.cn",
        GONGKAI_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert "WARNING" not in result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_gongkai("check", ALLOWED_HOSTS="gk.example.gov.cn", GONGKAI_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY 未设置" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = run_gongkai("check", SECRET_KEY=secrets.token_urlsafe(50), GONGKAI_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS 未设置" in result.stderr
