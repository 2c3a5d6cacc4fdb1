"""What a browser leaves behind: user-agent strings and cookies.

A user agent is a run of product tokens and comments (``Mozilla/5.0 (Windows NT 10.0; Win64; x64)
AppleWebKit/537.36 … Chrome/118.0.0.0 Safari/537.36``) that ``ua-parser`` resolves to a browser or
an operating system; crawlers are not people and are left out. It is reported as the browser and
operating system it names, never as the whole string.

A cookie is a ``Cookie:``/``Set-Cookie:`` header, an analytics id (``_ga``, ``_gid``, ``_fbp``…,
or a bare ``GA1.2.…``/``fb.1.…`` value), a session cookie (``PHPSESSID=…``, ``sessionid=…``) or the
value of a cookie column. Evidence keeps the cookies' names and hides their values.
"""

from __future__ import annotations

import re
from functools import lru_cache

from presidio_analyzer import Pattern
from ua_parser import Result, parse

from piiaudit.detectors.base import Detector
from piiaudit.detectors.fields import QualifiedDetector

PRODUCT = r"[A-Za-z][\w.!-]*/[\w.+-]+"
COMMENT = r"\([^()\n]{1,300}\)"
USER_AGENT = rf"(?<![\w/.-]){PRODUCT}(?:[ \t]+(?:{PRODUCT}|{COMMENT}))+"
UNKNOWN = "Other"
ANALYTICS_COOKIES = "|".join(
    (r"_ga(?:_[A-Z0-9]{4,12})?", "_gid", r"_gat\w*", "_fbp", "_fbc", "_gcl_au", "_uetvid", "_uetsid", "_clck")
)
SESSION_COOKIES = "|".join(
    ("PHPSESSID", "JSESSIONID", r"ASP\.NET_SessionId", r"connect\.sid", "laravel_session", "sessionid", "session_id")
)
NAME_VALUE = r"[^\s;=,\"]+=[^;\n\"]*"
COOKIE_PAIR = re.compile(r"(?P<name>[^\s;=,\"]+)=[^;\n]*")


@lru_cache(maxsize=4096)
def parse_user_agent(text: str) -> Result:
    return parse(text)


def browser_and_os(text: str) -> tuple[str | None, str | None]:
    """(``Chrome 118``, ``Windows 10``) as ua-parser reads a user agent; None for what it does not know."""
    result = parse_user_agent(text)
    browser = os = None
    if result.user_agent and result.user_agent.family != UNKNOWN:
        browser = " ".join(p for p in (result.user_agent.family, result.user_agent.major) if p)
    if result.os and result.os.family != UNKNOWN:
        os = " ".join(p for p in (result.os.family, result.os.major) if p)
    return browser, os


def mask_user_agent(text: str) -> str:
    """A user agent as the browser and system it names: ``Chrome 118 on Windows 10``."""
    browser, os = browser_and_os(text)
    return f"{browser or 'unknown browser'} on {os or 'unknown system'}"


def mask_cookie(text: str) -> str:
    """Cookie names kept, values hidden: ``_ga=****; sessionid=****`` (a bare analytics id: ``GA1.****``)."""
    names = [m["name"] for m in COOKIE_PAIR.finditer(text)]
    if not names:
        return text.split(".", 1)[0] + ".****"
    return "; ".join(f"{name}=****" for name in names)


class UserAgentDetector(Detector):
    """A browser's or app's user-agent string that names a browser or operating system (crawlers excepted)."""

    ENTITY = "USER_AGENT"
    NAME = "user_agent"
    MASK = mask_user_agent
    PATTERNS = (Pattern("user_agent", USER_AGENT, 0.6),)
    CONTEXT = ("user agent", "useragent", "ua", "browser", "http user agent", "agent")
    PREFILTER = re.compile(r"/\d[\w.+-]*[ \t]+(?:\(|[A-Za-z][\w.!-]*/)")  # a product's version, then more
    VALIDATED_SCORE = 0.9

    def validate_result(self, pattern_text: str) -> bool:
        result = parse_user_agent(pattern_text)
        if result.device and result.device.family == "Spider":
            return False
        return browser_and_os(pattern_text) != (None, None)

    def detail(self, value: str) -> str | None:
        browser, os = browser_and_os(value)
        return f"{browser or '?'} / {os or '?'}"


class CookieDetector(QualifiedDetector):
    """A cookie header, an analytics or session cookie, a bare analytics id, or a cookie column's value."""

    ENTITY = "COOKIE"
    NAME = "cookie"
    MASK = mask_cookie
    PATTERNS = (
        Pattern(
            "cookie_header", rf"(?i)\b(?:set-)?cookie[ \t]*:[ \t]*(?P<value>{NAME_VALUE}(?:;[ \t]*{NAME_VALUE})*)", 0.9
        ),
        Pattern("analytics_cookie", rf"(?<![\w.-])(?:{ANALYTICS_COOKIES})=[^;\s&\"]{{6,}}", 0.8),
        Pattern("session_cookie", rf"(?<![\w.?&/=-])(?:{SESSION_COOKIES})=[\w%.:+/=-]{{16,}}", 0.7),
        Pattern("analytics_id", r"\b(?:GA1\.\d\.\d{5,12}\.\d{10}|fb\.\d\.\d{13}\.\d{5,20})\b", 0.7),
        Pattern("cookie_field", r"^[ \t]*(?P<value>[^\s;=,\"]+=[^\n]*[^\s])[ \t]*$", 0.9),
    )
    CONTEXT = ("cookie", "cookies", "set cookie")
    PREFILTER = re.compile(r"=|GA1\.|fb\.\d")
    FIELD_ONLY_PATTERNS = frozenset({"cookie_field"})
    FLAGS = re.MULTILINE
