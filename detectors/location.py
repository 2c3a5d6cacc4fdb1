"""Geolocation: latitude/longitude pairs in one value, and coordinates in latitude/longitude columns.

A pair is ``-33.86882, 151.20929`` next to location context (a ``location``/``gps`` column, or such
a word nearby), ``lat=-33.86882 lng=151.20929`` in a log line, a ``geo:`` URI, a GeoJSON
``"coordinates": [lon, lat]`` or a WKT ``POINT(lon lat)``. A lone number is a coordinate only in a
column named for one (``lat``, ``last_lng``, ``longitude``, ``home_long``) whose values are decimal
numbers. Both coordinates must lie in range; ``0, 0`` is no place. Columns of business places
(``warehouse_lat``, ``store_location``) are not a person's location.

Precise or imprecise: a location given to three decimal places or more (about 100 m or finer) is
precise, a coarser one imprecise; each is reported by its own detector.
"""

from __future__ import annotations

import re
from functools import lru_cache

from presidio_analyzer import Pattern

from piiaudit.detectors.base import HAS_DIGIT, column_words, find_word
from piiaudit.detectors.fields import QualifiedDetector
from piiaudit.detectors.masks import mask_digits
from piiaudit.scanner.model import FieldContext, Match

PRECISE_LOCATION, IMPRECISE_LOCATION = "PRECISE_LOCATION", "IMPRECISE_LOCATION"
PRECISE_DECIMALS = 3
COORDINATE = r"[-+]?\d{1,3}\.\d{1,15}"
PAIR = rf"{COORDINATE}[ \t]*,[ \t]*{COORDINATE}"
NUMBER = re.compile(r"[-+]?\d+(?:\.(\d+))?")
LON_FIRST = frozenset({"geojson", "wkt_point"})  # GeoJSON and WKT write longitude first
LATITUDE_WORDS = ("latitude", "lat")
LONGITUDE_WORDS = ("longitude", "lng", "lon")
POINT_WORDS = ("coordinates", "coords")
BUSINESS_PLACES = (
    "warehouse", "store", "depot", "office", "branch", "facility", "venue", "tower", "airport", "shop", "plant",
    "site", "hq", "dc", "centroid", "region", "city", "country", "postcode", "suburb", "zone", "timezone", "latency",
    "ms", "seconds",
)  # fmt: skip


def coordinates(text: str, lon_first: bool = False) -> tuple[float, float, int]:
    """(latitude, longitude, decimals of the coarser one) of a pair written in ``text``."""
    (first, d1), (second, d2) = [(float(m[0]), len(m[1] or "")) for m in NUMBER.finditer(text)][:2]
    lat, lon = (second, first) if lon_first else (first, second)
    return lat, lon, min(d1, d2)


def decimals(text: str) -> int:
    return len(text.partition(".")[2])


def coordinate_field(column: str | None) -> float | None:
    """The largest absolute value a coordinate column may hold (90 latitude, 180 longitude), or None."""
    words = column_words(column)
    joined = "".join(words)
    if not words or find_word(BUSINESS_PLACES, words, joined):
        return None
    if find_word(LATITUDE_WORDS, words, joined):
        return 90.0
    if find_word(LONGITUDE_WORDS + POINT_WORDS, words, joined) or words[-1] == "long":  # home_long, not long_term
        return 180.0
    return None


@lru_cache(maxsize=4)
def shared_candidates(patterns: tuple[Pattern, ...], text: str) -> tuple[tuple[str, int, int, Pattern], ...]:
    """``Detector.candidates`` of ``text`` for ``patterns``: the precise and imprecise detectors share one pass."""
    hits = []
    for pattern in patterns:
        for m in compiled(pattern.regex).finditer(text):
            start, end = m.span("value" if "value" in m.re.groupindex else 0)
            hits.append((pattern.name, start, end, pattern))
    return tuple(hits)


@lru_cache(maxsize=16)
def compiled(regex: str) -> re.Pattern[str]:
    return re.compile(regex, re.MULTILINE)


class LocationDetector(QualifiedDetector):
    """A person's location; each subclass reports the locations of its own precision."""

    PATTERNS = (
        Pattern("lat_lon", rf"(?<![\w.-]){PAIR}(?![\w.])", 0.4),
        Pattern("geo_uri", rf"\bgeo:(?P<value>{PAIR})", 0.85),
        Pattern("geojson", rf'"coordinates"\s*:\s*\[\s*(?P<value>{PAIR})', 0.85),
        Pattern("wkt_point", rf"\b(?i:POINT)[ \t]*\([ \t]*(?P<value>{COORDINATE}[ \t]+{COORDINATE})[ \t]*\)", 0.85),
        Pattern(
            "labelled_pair",
            rf"(?i)\blat(?:itude)?[\"' \t]{{0,3}}[:=][\"' \t]{{0,3}}(?P<value>{COORDINATE}\W{{1,6}}"
            rf"(?:lng|lon|long|longitude)[\"' \t]{{0,3}}[:=][\"' \t]{{0,3}}{COORDINATE})",
            0.85,
        ),
        Pattern("coordinate", rf"^[ \t]*(?P<value>{COORDINATE})[ \t]*$", 0.4),
    )
    CONTEXT = (
        "location", "loc", "gps", "geo", "geolocation", "coordinates", "coords", "position", "latlng", "latlon",
        "lat", "lng", "lon", "latitude", "longitude",
    )  # fmt: skip
    PREFILTER = HAS_DIGIT
    EXCLUDED_COLUMNS = BUSINESS_PLACES  # a business place's column (warehouse_lat) is no person's location
    FLAGS = re.MULTILINE
    MASK = mask_digits

    def candidates(self, text: str) -> list[tuple[str, int, int, Pattern]]:
        """The pattern hits, found once per text for both precisions."""
        return list(shared_candidates(type(self).PATTERNS, text))

    def evaluate(
        self,
        text: str,
        start: int,
        end: int,
        pattern_name: str,
        pattern: Pattern,
        where: FieldContext,
        field_context: str | None,
    ) -> Match | None:
        """A pair in range with context (or from a geo: URI or GeoJSON), or one coordinate in a coordinate column."""
        candidate = text[start:end]
        if pattern_name == "coordinate":
            limit = None if where.free_text else coordinate_field(where.column)
            if limit is None or abs(float(candidate)) > limit:
                return None
            precise = decimals(candidate) >= PRECISE_DECIMALS
        else:
            lat, lon, places = coordinates(candidate, lon_first=pattern_name in LON_FIRST)
            if abs(lat) > 90 or abs(lon) > 180 or (lat, lon) == (0, 0):
                return None
            if pattern_name == "lat_lon" and not (field_context or self._text_context(text, start, end)):
                return None
            precise = places >= PRECISE_DECIMALS
        if pattern_name == "coordinate" and not field_context:
            field_context = "column:coordinate"  # home_long: a coordinate column without a context word
        if (PRECISE_LOCATION if precise else IMPRECISE_LOCATION) != self.ENTITY:
            return None
        return super().evaluate(text, start, end, pattern_name, pattern, where, field_context)


class PreciseLocationDetector(LocationDetector):
    """A location to three decimal places or more (about 100 m or finer)."""

    ENTITY = PRECISE_LOCATION
    NAME = "precise_location"


class ImpreciseLocationDetector(LocationDetector):
    """A location to fewer than three decimal places (a suburb, a city)."""

    ENTITY = IMPRECISE_LOCATION
    NAME = "imprecise_location"
