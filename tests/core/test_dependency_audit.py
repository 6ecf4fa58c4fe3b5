"""scripts/audit_dependencies.py: fails on a known vulnerability, never because the data is out of reach
(pip-audit itself says "No known vulnerabilities found" when it could check nothing)."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit_dependencies.py"
spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)

OK = {"name": "django", "version": "5.2.20", "vulns": []}
SKIPPED = {"name": "luukku", "skip_reason": "Dependency not found on PyPI and could not be audited: luukku (0.1.0)"}
VULNERABLE = {"name": "requests", "version": "2.0.0",
              "vulns": [{"id": "PYSEC-2023-74", "fix_versions": ["2.31.0"], "aliases": ["CVE-2023-32681"]}]}


def test_a_known_vulnerability_fails_the_run_and_names_the_fix():
    code, message = audit.verdict({"dependencies": [OK, VULNERABLE, SKIPPED]}, "pypi")
    assert code == 1
    assert "requests 2.0.0: PYSEC-2023-74 (fixed in 2.31.0)" in message


def test_nothing_checkable_is_said_plainly_and_is_not_a_pass_or_a_failure():
    code, message = audit.verdict({"dependencies": [SKIPPED, dict(SKIPPED, name="django")]}, "pypi")
    assert code is None and "none of the 2 packages could be checked" in message
    assert audit.verdict(None, "osv") == (None, "pip-audit could not reach its vulnerability data (osv).")


def test_clean_packages_pass_and_the_unchecked_ones_are_counted():
    code, message = audit.verdict({"dependencies": [OK, SKIPPED]}, "pypi")
    assert code == 0 and message == "No known vulnerabilities in 1 packages (pypi) (1 not found there, not checked)."
