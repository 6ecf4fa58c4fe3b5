"""Audit the installed Python packages for known vulnerabilities (pip-audit), for scripts/test.

Exit 1 only for a known vulnerability. When the vulnerability data cannot be reached (no network,
or an index mirror without PyPI's JSON API: pip-audit then skips every package yet says "No known
vulnerabilities found"), say so plainly and exit 0: a run is never failed because a network is down.
    python scripts/audit_dependencies.py
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

SERVICES = ("pypi", "osv")  # PyPI's JSON API first; OSV (api.osv.dev) when PyPI's cannot be read


def audit(service: str) -> dict | None:
    """pip-audit's JSON report of this environment, or None when pip-audit could not run at all."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "audit.json"
        command = [sys.executable, "-m", "pip_audit", "--local", "--skip-editable", "--progress-spinner", "off",
                   "--vulnerability-service", service, "--timeout", "15", "--format", "json", "--output", str(out)]
        try:
            subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
        except subprocess.TimeoutExpired:
            return None
        if not out.exists():
            return None
        try:
            return json.loads(out.read_text(encoding="utf-8"))
        except ValueError:
            return None


def verdict(report: dict | None, service: str) -> tuple[int | None, str]:
    """(exit code, message); the code is None when this service could not say anything."""
    if report is None:
        return None, f"pip-audit could not reach its vulnerability data ({service})."
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    if vulnerable:
        lines = [f"  {d['name']} {d['version']}: " + ", ".join(
            f"{v['id']} (fixed in {', '.join(v.get('fix_versions') or ['no release yet'])})" for v in d["vulns"])
            for d in vulnerable]
        return 1, "Known vulnerabilities in the installed packages:\n" + "\n".join(lines)
    if not audited:
        return None, (f"none of the {len(dependencies)} packages could be checked against {service} "
                      "(its vulnerability data is not reachable from here).")
    skipped = len(dependencies) - len(audited)
    note = f" ({skipped} not found there, not checked)" if skipped else ""
    return 0, f"No known vulnerabilities in {len(audited)} packages ({service}){note}."


def main() -> int:
    try:
        import pip_audit  # noqa: F401
    except ImportError:
        print("Notice: pip-audit is not installed (the [test] extra has it): dependency audit skipped.")
        return 0
    reasons = []
    for service in SERVICES:
        code, message = verdict(audit(service), service)
        if code is not None:
            print(message)
            return code
        reasons.append(message)
    print("Notice: the dependency audit could not be done: " + " ".join(reasons) + " Not a failure; run it where "
          "pypi.org's JSON API or api.osv.dev can be reached.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
