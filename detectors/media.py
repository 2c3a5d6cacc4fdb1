"""Call and screen recordings and profile photos referenced by path or URL; the media itself is never opened.

A reference to a recording in an export (``…/monitor/in-….wav``, ``Recording.Location``) is evidence
that the recording, a person's voice or screen, is stored. A reference is a path, file name or URL
ending in a media extension, reported only with recording context: a field that holds recordings
(its column name says recording/record/rec/monitor/voicemail/audio, or a recognised format says so)
or such a word inside the reference or just before it (``CallRecordings/``, ``/monitor/``).

Voice or screen: an audio extension (``.wav``, ``.mp3``, …) is always a voice recording. A video
container (``.mp4``, ``.webm``, ``.mov``, …) is a screen recording when the reference, its field
name or the words just before it say screen, capture, desktop or screencast; otherwise it is taken
as the recording of a (video) call, which carries the caller's voice.

A profile photo is an image reference (``.jpg``, ``.png``, ``.webp``…) with avatar/photo/picture
context, or any URL (Gravatar's have no extension) or ``data:image/…;base64`` photo in a field
named for one (``avatar_url``, ``photo``);
product, brand and logo images are not a person's. All are masked down to scheme, host and extension.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from piiaudit.detectors.base import CONTEXT_WINDOW_BEFORE, SEPARATORS, column_words, find_word
from piiaudit.detectors.fields import QualifiedDetector
from piiaudit.detectors.masks import mask_recording
from piiaudit.scanner.model import FieldContext, Match, meanings

AUDIO_EXTENSIONS = (
    "wav", "mp3", "ogg", "oga", "opus", "flac", "m4a", "aac", "amr", "wma", "aiff", "aif", "gsm", "sln", "g722",
    "g729", "ulaw", "alaw", "vox", "spx",
)  # fmt: skip
VIDEO_EXTENSIONS = ("mp4", "webm", "mov", "mkv", "avi", "wmv", "m4v", "flv", "3gp", "mpeg", "mpg")
RECORDING_WORDS = ("record", "rec", "monitor", "voicemail", "voice", "audio")
SCREEN_WORDS = ("screen", "capture", "desktop", "screencast")
IMAGE_EXTENSIONS = ("jpg", "jpeg", "png", "gif", "webp", "heic", "heif", "bmp", "avif", "tif", "tiff")
PHOTO_WORDS = (
    "avatar", "photo", "picture", "pic", "profile image", "profileimage", "headshot", "selfie", "portrait", "mugshot",
    "userpic", "profile img",
)  # fmt: skip
BOUNDARY = r"\s\"'<>|,;=(){}\[\]"  # characters that end a path or URL inside a value


def reference(extensions: tuple[str, ...]) -> str:
    """A path, file name or URL (a ``value`` group) ending in one of ``extensions``."""
    return (
        rf"(?<![^{BOUNDARY}])(?P<value>[^{BOUNDARY}]*?[^{BOUNDARY}/\\]"
        rf"\.(?:{'|'.join(extensions)}))(?=$|[{BOUNDARY}?#&])"
    )


REFERENCE = reference(AUDIO_EXTENSIONS + VIDEO_EXTENSIONS)
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


class MediaReferenceDetector(QualifiedDetector):
    """A media reference that counts with a context word in the field's name, around it or inside it."""

    REQUIRES_CONTEXT = True
    FLAGS = re.IGNORECASE
    MASK = mask_recording

    def context_near(self, text: str, start: int, end: int) -> str | None:
        """A context word in the reference itself (``…/CallRecordings/…``) or in the text around it."""
        words = words_of(text[start:end])
        return find_word(self.CONTEXT, words, "".join(words)) or super().context_near(text, start, end)

    def detail(self, value: str) -> str | None:
        return extension(value)


class RecordingDetector(MediaReferenceDetector):
    """A media reference with recording context; each subclass keeps the references of its own kind."""

    PATTERNS = (Pattern("media_reference", REFERENCE, 0.5),)
    CONTEXT: ClassVar[tuple[str, ...]] = RECORDING_WORDS
    MEANINGS = (meanings.RECORDING,)

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


class ProfilePhotoDetector(MediaReferenceDetector):
    """A profile photo: an image reference, or any URL in an avatar/photo field; product and brand images excepted."""

    ENTITY = "PROFILE_PHOTO"
    NAME = "profile_photo"
    PATTERNS = (
        Pattern("image_reference", reference(IMAGE_EXTENSIONS), 0.5),
        Pattern("photo_url", r"^[ \t]*(?P<value>https?://[^\s\"'<>]+)[ \t]*$", 0.5),
        Pattern("photo_data", r"^[ \t]*(?P<value>data:image/[\w.+-]+;base64,[A-Za-z0-9+/=]{16,})", 0.5),
    )
    CONTEXT = PHOTO_WORDS
    EXCLUDED_COLUMNS = (
        "product", "item", "sku", "logo", "banner", "icon", "listing", "property", "vehicle", "brand", "company",
        "org", "organisation", "organization", "team", "group", "category", "hero", "background", "thumbnail url",
    )  # fmt: skip
    FIELD_ONLY_PATTERNS = frozenset({"photo_url", "photo_data"})
    FLAGS = re.IGNORECASE | re.MULTILINE
