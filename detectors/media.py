"""Call and screen recordings referenced by path or URL; the media itself is never opened.

A reference to a recording in an export (``…/monitor/in-….wav``, ``Recording.Location``) is evidence
that the recording, a person's voice or screen, is stored. A reference is a path, file name or URL
ending in a media extension, reported only with recording context: a field that holds recordings
(its column name says recording/record/rec/monitor/voicemail/audio, or a recognised format says so)
or such a word inside the reference or just before it (``CallRecordings/``, ``/monitor/``).

Voice or screen: an audio extension (``.wav``, ``.mp3``, …) is always a voice recording. A video
container (``.mp4``, ``.webm``, ``.mov``, …) is a screen recording when the reference, its field
name or the words just before it say screen, capture, desktop or screencast; otherwise it is taken
as the recording of a (video) call, which carries the caller's voice.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from piiaudit.detectors.base import CONTEXT_WINDOW_BEFORE, SEPARATORS, Detector, column_words, find_word
from piiaudit.detectors.masks import mask_recording
from piiaudit.scanner.model import FieldContext, Match, meanings

AUDIO_EXTENSIONS = (
    "wav", "mp3", "ogg", "oga", "opus", "flac", "m4a", "aac", "amr", "wma", "aiff", "aif", "gsm", "sln", "g722",
    "g729", "ulaw", "alaw", "vox", "spx",
)  # fmt: skip
VIDEO_EXTENSIONS = ("mp4", "webm", "mov", "mkv", "avi", "wmv", "m4v", "flv", "3gp", "mpeg", "mpg")
RECORDING_WORDS = ("record", "rec", "monitor", "voicemail", "voice", "audio")
SCREEN_WORDS = ("screen", "capture", "desktop", "screencast")
BOUNDARY = r"\s\"'<>|,;=(){}\[\]"  # characters that end a path or URL inside a value
REFERENCE = (
    rf"(?<![^{BOUNDARY}])(?P<value>[^{BOUNDARY}]*?[^{BOUNDARY}/\\]"
    rf"\.(?:{'|'.join(AUDIO_EXTENSIONS + VIDEO_EXTENSIONS)}))(?=$|[{BOUNDARY}?#&])"
)
VOICE_RECORDING, SCREEN_RECORDING = "VOICE_RECORDING", "SCREEN_RECORDING"


def extension(reference: str) -> str:
    return reference.rpartition(".")[2].lower()


def words_of(text: str) -> tuple[str, ...]:
    return tuple(w for w in SEPARATORS.split(text.lower()) if w)


def recording_kind(text: str, start: int, end: int, column: str | None) -> str:
    """``VOICE_RECORDING`` or ``SCREEN_RECORDING`` for the reference at ``text[start:end]`` (see the module)."""
    if extension(text[start:end]) in AUDIO_EXTENSIONS:
        return VOICE_RECORDING
    words = column_words(column) + words_of(text[max(0, start - CONTEXT_WINDOW_BEFORE) : end])
    return SCREEN_RECORDING if find_word(SCREEN_WORDS, words, "".join(words)) else VOICE_RECORDING


class RecordingDetector(Detector):
    """A media reference with recording context; each subclass keeps the references of its own kind."""

    PATTERNS = (Pattern("media_reference", REFERENCE, 0.5),)
    CONTEXT: ClassVar[tuple[str, ...]] = RECORDING_WORDS
    MEANINGS = (meanings.RECORDING,)
    REQUIRES_CONTEXT = True
    FLAGS = re.IGNORECASE
    MASK = mask_recording

    def context_near(self, text: str, start: int, end: int) -> str | None:
        """A recording word in the reference itself (``…/CallRecordings/…``) or in the text around it."""
        words = words_of(text[start:end])
        return find_word(self.CONTEXT, words, "".join(words)) or super().context_near(text, start, end)

    def detail(self, value: str) -> str | None:
        return extension(value)

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
        """A recording reference of this detector's kind (voice or screen); the other kind's detector takes the rest."""
        if recording_kind(text, start, end, where.column) != self.ENTITY:
            return None
        return super().evaluate(text, start, end, pattern_name, pattern, where, field_context)


class VoiceRecordingDetector(RecordingDetector):
    """A call recording (voice): an audio file, or a video file with no sign of being a screen capture."""

    ENTITY = VOICE_RECORDING
    NAME = "voice_recording"


class ScreenRecordingDetector(RecordingDetector):
    """A screen recording: a video file whose reference or field says screen, capture, desktop or screencast."""

    ENTITY = SCREEN_RECORDING
    NAME = "screen_recording"
    CONTEXT = RECORDING_WORDS + SCREEN_WORDS
