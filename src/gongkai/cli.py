"""The `gongkai` console script: Django's management commands with Gongkai's settings."""

import os
import sys


def main() -> None:
    # `gongkai serve` is the production server: it never falls back to DEBUG settings.
    default = "production" if sys.argv[1:2] == ["serve"] else "dev"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", f"gongkai.config.settings.{default}")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
