"""Production settings pass Django's deployment checklist and send the security headers."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def production_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG"))}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="survey.example.be",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


def test_check_deploy_passes_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_harden_cookies_and_transport():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SAMESITE, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SECURE_CONTENT_TYPE_NOSNIFF, "
        "s.SECURE_REFERRER_POLICY, s.X_FRAME_OPTIONS]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        '[true, true, true, "Lax", "Lax", 31536000, true, true, "same-origin", "DENY"]'
    )


def test_pages_send_a_content_security_policy_without_unsafe_inline(client):
    response = client.get(reverse("login"))
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["form-action"] == "'self'"


def test_pages_send_nosniff_referrer_policy_and_frame_denial(client):
    response = client.get(reverse("login"))
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_admin_is_served_under_the_same_policy(client, administrator):
    client.force_login(administrator)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


def test_templates_contain_no_inline_script_style_or_handlers():
    """The CSP would silently break them; catch it at test time instead."""
    import re

    offenders = []
    pattern = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=\"|\son[a-z]+=\"", re.IGNORECASE)
    for template_dir in [ROOT / "templates", *ROOT.glob("*/templates")]:
        for path in template_dir.rglob("*.html"):
            for match in pattern.finditer(path.read_text()):
                snippet = match.group(0)
                if "json_script" in snippet or 'type="application/json"' in snippet:
                    continue
                offenders.append(f"{path.relative_to(ROOT)}: {snippet.strip()}")
    assert not offenders, offenders


def test_session_cookie_lifetime_is_an_idle_timeout():
    """The expiry moves on with use (tests/security/test_sessions.py), refreshed at most once a
    minute by a middleware that runs before the session is saved."""
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    middleware = settings.MIDDLEWARE
    refresh = middleware.index("config.session_refresh.SessionRefreshMiddleware")
    assert refresh > middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert 0 < settings.SESSION_REFRESH_SECONDS <= 5 * 60
    assert 0 < settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
