"""Find detectors through the ``piiaudit.detectors`` entry-point group and compose them.

A third-party package adds a detector by declaring, in its own ``pyproject.toml``::

    [project.entry-points."piiaudit.detectors"]
    my_thing = "my_package.detectors:MyThingDetector"

where ``MyThingDetector`` subclasses :class:`detectors.base.Detector`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from presidio_analyzer import RecognizerRegistry

from piiaudit.detectors.base import Detector

GROUP = "piiaudit.detectors"


class DetectorLoadError(RuntimeError):
    """No detectors, or one that cannot be imported or is not a Detector."""


@dataclass(frozen=True)
class DetectorInfo:
    name: str
    entity: str
    version: str
    package: str
    target: str
    category: str | None


def _entry_points() -> list[EntryPoint]:
    found = sorted(entry_points(group=GROUP), key=lambda ep: ep.name)
    if not found:
        raise DetectorLoadError(
            f"no detectors registered under the entry-point group {GROUP!r}: install piiaudit "
            "(pip install -e .) so its built-in detectors are registered"
        )
    return found


def _load_class(ep: EntryPoint) -> type[Detector]:
    try:
        cls = ep.load()
    except Exception as exc:  # a broken plugin must name itself, not crash the scan
        raise DetectorLoadError(f"detector {ep.name!r} ({ep.value}) cannot be imported: {exc}") from exc
    if not (isinstance(cls, type) and issubclass(cls, Detector)):
        raise DetectorLoadError(f"detector {ep.name!r} ({ep.value}) is not a subclass of detectors.base.Detector")
    return cls


def available() -> list[DetectorInfo]:
    """What is installed: name, entity, version and the distribution that ships each detector."""
    infos = []
    for ep in _entry_points():
        cls = _load_class(ep)
        package = ep.dist.name if ep.dist else "?"
        infos.append(DetectorInfo(ep.name, cls.ENTITY, cls.VERSION, package, ep.value, cls.CATEGORY))
    return infos


def load_detectors(
    only: Iterable[str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    regions: Iterable[str] | None = None,
) -> list[Detector]:
    """Instantiate the registered detectors (all, or those named in ``only``) and configure them."""
    wanted = set(only) if only else None
    options = options or {}
    detectors = []
    for ep in _entry_points():
        if wanted is not None and ep.name not in wanted:
            continue
        detector = _load_class(ep)()
        settings = dict(options.get(ep.name, {}))
        if regions is not None and hasattr(detector, "regions"):
            settings.setdefault("regions", list(regions))
        try:
            detector.configure(**settings)
        except (TypeError, ValueError) as exc:
            raise DetectorLoadError(f"detector {ep.name!r}: bad options: {exc}") from exc
        detectors.append(detector)
    if wanted:
        missing = wanted - {d.NAME for d in detectors} - {ep.name for ep in _entry_points()}
        if missing:
            raise DetectorLoadError(f"unknown detector(s): {', '.join(sorted(missing))}")
    return detectors


def presidio_registry(detectors: Iterable[Detector]) -> RecognizerRegistry:
    """A Presidio registry holding piiaudit's detectors, for use inside Presidio's ``AnalyzerEngine``."""
    registry = RecognizerRegistry(supported_languages=["en"])
    for detector in detectors:
        registry.add_recognizer(detector)
    return registry
