"""Detectors: one small class per entity type, registered through the ``piiaudit.detectors`` entry points.

Importing this package first points ``tldextract`` at its bundled public-suffix snapshot
(``offline``), before Presidio or a detector can reach for the network.
"""

from piiaudit.detectors import offline  # noqa: F401  (first: configures tldextract before Presidio is imported)
from piiaudit.detectors.base import Detector

__all__ = ["Detector"]
