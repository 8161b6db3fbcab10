"""Settings for benchmarks and the load test: production settings, served over plain HTTP on
loopback, plus a bench-only URL configuration. Never used by the application itself."""

import os
import warnings

os.environ["DEBUG"] = "false"  # measured as in production, whatever the caller set
os.environ.setdefault("SECRET_KEY", "bench-only-" + "k" * 60)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("REQUIRE_2FA", "false")
os.environ.setdefault("EMAIL_URL", "dummymail://")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.dummy.DummyBackend")

from config.settings import *  # noqa: E402,F403

ROOT_URLCONF = "bench.urls"
warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic for benches
# Pages are served without collectstatic; the benchmarks never fetch static files.
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# The load test signs in 200 chiefs within seconds on a small machine: PBKDF2 with fewer
# iterations keeps sign-in from dominating what is measured (correctness under concurrency).
if os.environ.get("BENCH_FAST_PASSWORDS") == "1":
    PASSWORD_HASHERS = ["bench.hashers.QuickPBKDF2PasswordHasher"]
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
