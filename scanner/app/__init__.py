"""The application API: what the command line calls, and what a pipeline or a notebook calls.

>>> from piiaudit.scanner.app import audit
>>> result = audit(["sample_data"], policy_path=Path("sample_data/policies/cytrack.yaml"))  # doctest: +SKIP
>>> result.findings_frame().groupby("disclosure")["occurrences"].sum()  # doctest: +SKIP
"""

from piiaudit.scanner.app.audit import Audit, Hooks, ScanRequest, UsageError, audit, exit_status, prepare
from piiaudit.scanner.model.tables import occurrences_frame

__all__ = ["Audit", "Hooks", "ScanRequest", "UsageError", "audit", "exit_status", "occurrences_frame", "prepare"]
