"""Detectors: one small class per entity type, registered through the ``piiaudit.detectors`` entry points."""

from piiaudit.detectors.base import Detector

__all__ = ["Detector"]
