"""piiaudit: personal-data discovery that checks what is stored against what a privacy policy says.

The package flows one way (``pyproject.toml``'s import contract enforces it): plain data types
(``model``) → ``piiaudit.detectors`` → detection (``engine``) → ``sources`` → ``policy`` and
verdicts, and the runners (``run``: local processes, Spark) → the application API (``app``) →
the command line (``cli``) and ``piiaudit.reports``.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("piiaudit")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"
