"""Messaging ids: a person's handle on Skype, WhatsApp, Telegram, Slack, Teams and the like.

A handle alone looks like any other word, so it counts in a field named for the service
(``skype_id``, ``whatsapp``, ``telegram_handle``, ``slack_member_id``) or as a link that only a
messaging service writes: ``skype:name?call``, ``live:.cid.…``, ``wa.me/…``, ``t.me/…``.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from piiaudit.detectors.base import Detector
from piiaudit.detectors.credentials import NOT_A_VALUE
from piiaudit.detectors.fields import FieldDetector
from piiaudit.detectors.masks import mask_handle

ENTITY = "MESSAGING_ID"


class MessagingIdDetector(FieldDetector):
    """A handle in a field named for a messaging service (``skype_id``, ``whatsapp``, ``telegram``)."""

    ENTITY = ENTITY
    NAME = "messaging_id"
    MASK = mask_handle
    PATTERNS = (Pattern("service_field", r"^[ \t]*(?P<value>[+@]?\w[\w.:+@-]{1,63})[ \t]*$", 0.9),)
    FIELD_WORDS = (
        "skype", "whatsapp", "telegram", "slack", "teams", "signal", "wechat", "viber", "discord", "messenger",
        "line id", "kik", "icq", "jabber", "xmpp", "matrix id", "im handle", "messaging id", "messaging",
    )  # fmt: skip
    NOT_FIELD_WORDS = (
        "channel", "workspace", "webhook", "token", "url", "enabled", "opt", "consent", "group", "bot", "app",
        "version", "status", "count", "at", "date", "time", "message", "text", "body",
    )  # fmt: skip

    def validate_result(self, pattern_text: str) -> bool:
        """A handle, not a flag (``yes``, ``true``) saying whether there is one."""
        return pattern_text.lower() not in NOT_A_VALUE


class MessagingLinkDetector(Detector):
    """A link only a messaging service writes: ``skype:name?call``, ``live:.cid.…``, ``wa.me/…``, ``t.me/…``."""

    ENTITY = ENTITY
    NAME = "messaging_link"
    MASK = mask_handle
    PATTERNS = (
        Pattern("skype_uri", r"\bskype:(?P<value>[A-Za-z][\w.,:-]{4,63})(?=\?(?:call|chat)\b)", 0.9),
        Pattern("skype_live_id", r"(?<![\w.:])live:(?:\.cid\.[0-9a-f]{16}|[A-Za-z][\w.-]{2,63})\b", 0.8),
        Pattern("whatsapp_link", r"\b(?:wa\.me|api\.whatsapp\.com/send\?phone=)/?(?P<value>\+?\d{8,15})\b", 0.9),
        Pattern("telegram_link", r"\bt\.me/(?P<value>[A-Za-z]\w{4,31})\b", 0.8),
    )
    CONTEXT = ("skype", "whatsapp", "telegram", "messaging", "chat")
    PREFILTER = re.compile(r"skype:|live:|wa\.me|whatsapp\.com|t\.me/")
