"""With a shared Redis cache (CACHE_URL=redis://…), web nodes keep no state of their own:
sessions, sign-in failure counters and rate limits all live in that cache."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOW = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps([settings.CACHES["default"]["BACKEND"], settings.SESSION_ENGINE,
                  getattr(settings, "AXES_HANDLER", "axes.handlers.database.AxesDatabaseHandler")]))
"""


def settings_with(cache_url):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true"}
    env.pop("CACHE_URL", None)
    if cache_url:
        env["CACHE_URL"] = cache_url
    result = subprocess.run(
        [sys.executable, "-c", SHOW], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("url", ["redis://127.0.0.1:6379/3", "rediss://cache.example.be:6380/0"])
def test_a_redis_cache_holds_sessions_and_axes_counters(url):
    backend, sessions, axes = settings_with(url)
    assert backend == "django.core.cache.backends.redis.RedisCache"
    assert sessions == "survey.accounts.cached_sessions"
    assert axes == "axes.handlers.cache.AxesCacheHandler"


def test_the_database_cache_keeps_sessions_and_axes_in_the_database():
    backend, sessions, axes = settings_with(None)
    assert backend == "django.core.cache.backends.db.DatabaseCache"
    assert sessions == "survey.accounts.sessions"
    assert axes == "axes.handlers.database.AxesDatabaseHandler"


def test_the_database_cache_holds_figures_without_culling_rate_limit_counters():
    """Django's default of 300 entries is filled by cached figures and page tables long before
    a campaign ends; a culled counter would let a sign-in or upload limit start again."""
    from django.conf import settings

    cache = settings.CACHES["default"]
    if cache["BACKEND"].endswith("DatabaseCache"):
        assert cache["OPTIONS"]["MAX_ENTRIES"] >= 10_000
