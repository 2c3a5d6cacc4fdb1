"""IP addresses (IPv4 and IPv6), validated with ``ipaddress`` and qualified as public, private or reserved."""

from __future__ import annotations

import ipaddress
import re

from presidio_analyzer import Pattern

from piiaudit.detectors.base import Detector
from piiaudit.detectors.masks import mask_ip
from piiaudit.scanner.model import meanings

HAS_IP_SEPARATOR = re.compile(r"\d[.:]|:[0-9A-Fa-f]")
# A version in a product token (``Chrome/118.0.0.0``): a name and a slash before, the token's end after,
# in a value with another product token (a user agent), unlike a channel's ``SIP/10.0.4.12-0000001a``.
PRODUCT_BEFORE = re.compile(r"(?:^|[\s(;,])[A-Za-z][\w.!-]*/$")
PRODUCT_TOKEN = re.compile(r"[A-Za-z][\w.!-]*/\d")

# RFC 1918, carrier-grade NAT and unique local addresses
PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7")
)


def address_scope(text: str) -> str:
    """``public`` for globally routable addresses, ``private`` for LAN/loopback/link-local, else ``reserved``."""
    address = ipaddress.ip_address(text)
    if address.is_global:
        return "public"
    private = any(address in n for n in PRIVATE_NETWORKS if n.version == address.version)
    if private or address.is_loopback or address.is_link_local:
        return "private"
    return "reserved"


def product_version(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is the version of a product token (``Chrome/118.0.0.0``) in a user agent."""
    if not PRODUCT_BEFORE.search(text, max(0, start - 64), start):
        return False
    if end < len(text) and not (text[end].isspace() or text[end] in ';)"'):
        return False
    return len(PRODUCT_TOKEN.findall(text)) >= 2


class IpAddressDetector(Detector):
    """Dotted-quad IPv4 and colon-hex IPv6; ``10.2.3`` or ``3.11.7`` are versions, not addresses."""

    ENTITY = "IP_ADDRESS"
    NAME = "ip_address"
    MASK = mask_ip
    PATTERNS = (
        Pattern("ipv4", r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d]|\.\d)", 0.6),
        Pattern(
            "ipv6", r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])", 0.6
        ),
    )
    CONTEXT = ("ip", "ipv4", "ipv6", "address", "client", "remote", "host", "source", "src", "addr", "sip")
    PREFILTER = HAS_IP_SEPARATOR
    NEGATIVE_COLUMNS = ("version", "build", "release")
    MEANINGS = (meanings.IP_ADDRESS,)
    VALIDATED_SCORE = 0.85

    def candidates(self, text: str) -> list[tuple[str, int, int, Pattern]]:
        """Pattern hits, less the versions of a user agent's product tokens."""
        return [hit for hit in super().candidates(text) if not product_version(text, hit[1], hit[2])]

    def validate_result(self, pattern_text: str) -> bool:
        if ":" in pattern_text and (pattern_text.count(":") < 3 and "::" not in pattern_text):
            return False
        try:
            address = ipaddress.ip_address(pattern_text)
        except ValueError:
            return False
        return not address.is_unspecified

    def detail(self, value: str) -> str | None:
        return address_scope(value)
