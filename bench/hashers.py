"""A PBKDF2 hasher with few iterations, for the load test only (see bench/settings.py)."""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class QuickPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    algorithm = "pbkdf2_sha256_bench"
    iterations = 1000
