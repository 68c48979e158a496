"""Settings for bench/pages.py: the production stack (DEBUG off) on a throwaway data directory,
plus /bench/plain (bench_pages_urls), a templated view with no queries, to compare against."""

from gongkai.config.settings.base import *  # noqa: F403

ROOT_URLCONF = "bench_pages_urls"
