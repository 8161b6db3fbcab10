"""The CI audit step fails on a known vulnerability and never reports 'not audited' as clean."""

import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location(
    "ci_audit", Path(__file__).resolve().parents[2] / ".ci" / "audit.py"
)
ci_audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ci_audit)


def report(*dependencies):
    return {"dependencies": list(dependencies), "fixes": []}


CLEAN = {"name": "django", "version": "5.2.1", "vulns": []}
VULNERABLE = {
    "name": "jinja2",
    "version": "2.0",
    "vulns": [{"id": "PYSEC-2019-217", "fix_versions": ["2.10.1"]}],
}
SKIPPED = {"name": "numpy", "skip_reason": "Dependency not found on PyPI"}


def test_it_fails_on_a_known_vulnerability():
    code, lines = ci_audit.verdict(report(CLEAN, VULNERABLE, SKIPPED), require_audit=False)
    assert code == 1
    assert "VULNERABLE jinja2 2.0: PYSEC-2019-217 (fixed in 2.10.1)" in lines


def test_it_passes_when_everything_audited_is_clean():
    code, lines = ci_audit.verdict(report(CLEAN), require_audit=True)
    assert code == 0
    assert lines[-1] == "pip-audit: no known vulnerabilities in 1 dependencies."


def test_it_says_not_audited_when_the_advisory_service_answered_for_nothing():
    code, lines = ci_audit.verdict(report(SKIPPED), require_audit=False)
    assert code == 0
    assert "NOT AUDITED" in lines[-1]


def test_it_fails_when_an_audit_is_required_but_did_not_happen():
    code, _ = ci_audit.verdict(report(SKIPPED), require_audit=True)
    assert code == 1
