"""Test-speed tweaks only; everything else is the real settings."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("REQUIRE_2FA", "false")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Tests read in English unless they ask for a language (the product's default stays Dutch).
LANGUAGE_CODE = "en"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
