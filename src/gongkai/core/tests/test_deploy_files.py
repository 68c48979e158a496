"""The deployment files name real `gongkai` commands with valid options, and every Gongkai service
(docker-compose and systemd) runs with the same settings."""

import configparser
import shlex
from pathlib import Path

import yaml
from django.core.management import get_commands, load_command_class

DEPLOY = Path(__file__).resolve().parents[4] / "deploy"
UNITS = ("gongkai-web", "gongkai-worker", "gongkai-scheduler", "gongkai-indexer")


def assert_real_command(argv: list[str]) -> None:
    """argv (after the program name) names a management command and its parser accepts the rest."""
    name, rest = argv[0], argv[1:]
    commands = get_commands()
    assert name in commands, f"gongkai {name} is not a command"
    parser = load_command_class(commands[name], name).create_parser("gongkai", name)
    parser.parse_args(rest)  # exits (SystemExit) on an unknown option


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_services_run_real_commands_with_one_set_of_settings():
    services = compose()["services"]
    assert {"web", "worker", "scheduler", "indexer", "postgres", "redis"} <= set(services)
    gongkai = {name: spec for name, spec in services.items() if spec.get("image") == "gongkai:latest"}
    assert set(gongkai) == {"migrate", "web", "worker", "scheduler", "indexer"}
    commands = {}
    for name, spec in gongkai.items():
        assert spec["command"][0] == "gongkai", name
        assert_real_command(spec["command"][1:])
        commands[name] = spec["command"][1:]
    assert commands["web"][0] == "serve"
    assert services["indexer"]["command"][1:6] == ["worker", "--queues", "search", "--concurrency", "1"]
    assert "search" not in services["worker"]["command"]  # one index writer: the indexer alone
    environments = {name: (spec["env_file"], spec["environment"]) for name, spec in gongkai.items()}
    assert len({repr(value) for value in environments.values()}) == 1, environments
    env_file, environment = environments["web"]
    assert (DEPLOY / env_file).is_file()
    assert environment["DATABASE_URL"].startswith("postgresql://") and "@postgres:5432/" in environment["DATABASE_URL"]
    assert environment["REDIS_URL"].startswith("redis://redis:")
    for name in ("web", "worker", "scheduler", "indexer"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "/api/v1/ready" in " ".join(services["web"]["healthcheck"]["test"])


def test_systemd_units_run_the_same_commands_with_the_shared_environment_file():
    compose_commands = {
        name: spec["command"][1:]
        for name, spec in compose()["services"].items()
        if name in {"worker", "scheduler", "indexer"}
    }
    for unit in UNITS:
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        parser.read(DEPLOY / "systemd" / f"{unit}.service", encoding="utf-8")
        service = parser["Service"]
        assert service["EnvironmentFile"] == "/etc/gongkai/gongkai.env"
        # %% is systemd's escape for a literal % (Celery expands %h to the host name itself).
        argv = shlex.split(service["ExecStart"].replace("%%", "%"))
        assert argv[0].endswith("/gongkai"), unit
        assert_real_command(argv[1:])
        role = unit.removeprefix("gongkai-")
        if role in compose_commands:
            assert argv[1:] == compose_commands[role], unit


def test_environment_file_selects_production_settings():
    values = dict(
        line.split("=", 1)
        for line in (DEPLOY / "gongkai.env").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )
    assert values["DJANGO_SETTINGS_MODULE"] == "gongkai.config.settings.production"
    assert values["GONGKAI_SEARCH_INLINE"] == "0"  # one index writer: the indexer service
    for required in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "GONGKAI_DATA_DIR", "GONGKAI_TASK_BROKER_URL"):
        assert values[required], required
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert 'CMD ["gongkai", "serve"' in dockerfile
    assert "postgresql-client-15" in dockerfile  # pg_dump/pg_restore for gongkai backup/restore
