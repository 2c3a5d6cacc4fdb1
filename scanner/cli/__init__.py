"""The ``piiaudit`` command line: each command parses its options (one module each) and calls the application.

Nothing here scans, classifies or renders: ``piiaudit.scanner.app`` does the work and
``piiaudit.reports`` renders what it returns.
"""

from piiaudit.scanner.cli import baseline, detectors, evaluate, policy, report, scan  # noqa: F401  (registers the commands)
from piiaudit.scanner.cli.main import main

__all__ = ["main"]
