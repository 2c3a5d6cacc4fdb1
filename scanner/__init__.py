"""piiaudit: personal-data discovery that checks what is stored against what a privacy policy says."""

from importlib.metadata import PackageNotFoundError, version

import piiaudit.scanner.offline  # noqa: F401  - configure tldextract before Presidio can reach for the network

try:
    __version__ = version("piiaudit")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"
