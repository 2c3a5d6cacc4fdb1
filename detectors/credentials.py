"""Login information: usernames, plaintext passwords, security answers, password hashes and secrets in URLs.

A plaintext password or security answer is a value of a field named for it that is not a hash, a
redaction or a flag (``PLAINTEXT_PASSWORD`` is what the ``plaintext-password`` prohibited rule
names). A password hash is recognised by its format (bcrypt, argon2, scrypt, PBKDF2, crypt(3)), or
as a bare hex digest in a password field. A secret in a URL (``scheme://user:secret@host``) or a
connection string (``Password=…;``) is a ``CREDENTIAL``, a plaintext secret that the same rule
names. Evidence never shows a character of a password, answer or secret: they are masked whole,
hashes down to their algorithm, URLs down to their scheme and host.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from piiaudit.detectors.base import Detector, column_words
from piiaudit.detectors.fields import FieldDetector
from piiaudit.detectors.masks import mask_handle, mask_secret

CRYPT = r"[./A-Za-z0-9]"
B64 = r"[A-Za-z0-9+/]"
HASH_FORMATS: tuple[tuple[str, str], ...] = (
    ("bcrypt", rf"\$2[abxy]?\$\d{{2}}\${CRYPT}{{53}}"),
    ("argon2", rf"\$argon2(?:id|i|d)\$(?:v=\d+\$)?m=\d+,t=\d+,p=\d+\${B64}+={{0,2}}\${B64}+={{0,2}}"),
    ("scrypt", rf"\$scrypt\$ln=\d+,r=\d+,p=\d+\${B64}+={{0,2}}\${B64}+={{0,2}}|\$7\${CRYPT}{{14,}}\${CRYPT}{{43}}"),
    ("pbkdf2", rf"pbkdf2_sha(?:1|256|512)\$\d+\$[\w./+=-]+\${B64}{{20,}}={{0,2}}"),
    ("pbkdf2", rf"\$pbkdf2(?:-sha(?:1|256|512))?\$\d+\${CRYPT}+\${CRYPT}{{20,}}"),
    ("pbkdf2", r"pbkdf2:sha(?:1|256|512)(?::\d+)?\$\w+\$[0-9a-f]{40,128}"),
    ("scrypt", r"scrypt:\d+:\d+:\d+\$\w+\$[0-9a-f]{64,256}"),
    ("sha512-crypt", rf"\$6\$(?:rounds=\d+\$)?{CRYPT}{{1,16}}\${CRYPT}{{86}}"),
    ("sha256-crypt", rf"\$5\$(?:rounds=\d+\$)?{CRYPT}{{1,16}}\${CRYPT}{{43}}"),
    ("md5-crypt", rf"\$1\${CRYPT}{{1,8}}\${CRYPT}{{22}}"),
    ("yescrypt", rf"\$y\${CRYPT}+\${CRYPT}+\${CRYPT}{{43}}"),
)
HEX_DIGEST = re.compile(r"[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{64}|[0-9a-fA-F]{128}")
HEX_ID = re.compile(r"[0-9a-fA-F-]{16,}")
HASH_RE = re.compile("|".join(f"(?:{regex})" for _, regex in HASH_FORMATS))
NOT_A_VALUE = frozenset(
    {"true", "false", "null", "none", "nil", "yes", "no", "0", "1", "redacted", "[redacted]", "<redacted>", "n/a"}
)
PASSWORD_WORDS = ("password", "passwd", "pwd", "passphrase", "passcode", "pass word")
NOT_PLAINTEXT = (
    "hash", "hashed", "digest", "salt", "encrypted", "crypt", "bcrypt", "argon", "changed", "updated", "reset",
    "expires", "expiry", "expired", "last", "policy", "length", "strength", "required", "algorithm", "algo", "date",
    "time", "count", "attempts", "failed", "hint", "token", "rule", "rules", "flag", "is", "has", "type", "version",
    "status", "question", "set", "age",
)  # fmt: skip


def hash_algorithm(value: str) -> str | None:
    """The password-hash format ``value`` is written in (``bcrypt``, ``argon2``…), or None."""
    for name, regex in HASH_FORMATS:
        if re.fullmatch(regex, value):
            return name
    return None


def plaintext(value: str) -> bool:
    """A value that can be a secret in clear: not a hash, a redaction (``****``) or a flag."""
    text = value.strip()
    if not text or text.lower() in NOT_A_VALUE or set(text) <= set("*xX•#.-_"):
        return False
    return HASH_RE.fullmatch(text) is None and HEX_DIGEST.fullmatch(text) is None


def mask_hash(text: str) -> str:
    """A hash down to its algorithm: ``bcrypt:********``."""
    return f"{hash_algorithm(text) or 'digest'}:********"


def mask_credential(text: str) -> str:
    """A URL down to its scheme and host (``postgresql://****:****@db.example.com``), a key-value to its key."""
    url = re.fullmatch(r"(?P<scheme>[^:]+)://.*@(?P<host>[^@]*)", text, re.DOTALL)
    if url:
        return f"{url['scheme']}://****:****@{url['host']}"
    return text.split("=", 1)[0].strip() + "=********"


class PlaintextPasswordDetector(FieldDetector):
    """A password in clear: a value of a password field that is neither a hash nor a redaction."""

    ENTITY = "PLAINTEXT_PASSWORD"
    NAME = "plaintext_password"
    MASK = mask_secret
    FIELD_WORDS = PASSWORD_WORDS
    NOT_FIELD_WORDS = NOT_PLAINTEXT
    SAMPLE_RATE = 0.5

    def sample_value(self, value: str) -> bool:
        return plaintext(value)

    def validate_result(self, pattern_text: str) -> bool:
        return plaintext(pattern_text)


class SecurityAnswerDetector(FieldDetector):
    """The answer to a security question in clear (``security_answer``, ``q1_secret_answer``, ``maiden_name``)."""

    ENTITY = "SECURITY_ANSWER"
    NAME = "security_answer"
    MASK = mask_secret
    FIELD_WORDS = ("answer", "maiden", "memorable")
    NOT_FIELD_WORDS = ("hash", "hashed", "digest", "encrypted", "updated", "changed", "count", "date", "time")
    QUALIFIERS = frozenset({"security", "secret", "challenge", "recovery", "memorable", "kba", "maiden"})
    SAMPLE_RATE = 0.5

    def _word_of_column(self, column: str | None) -> str | None:
        """An answer field qualified as a security/secret/challenge answer, or a maiden-name/memorable-word field."""
        word = super()._word_of_column(column)
        if word is None or not self.QUALIFIERS.intersection(column_words(column)):
            return None
        return word

    def sample_value(self, value: str) -> bool:
        return plaintext(value)

    def validate_result(self, pattern_text: str) -> bool:
        return plaintext(pattern_text)


class UsernameDetector(FieldDetector):
    """A login name (``jdoe42``, ``priya.r``) in a username/login/handle field; e-mail addresses are left to e-mail."""

    ENTITY = "USERNAME"
    NAME = "username"
    MASK = mask_handle
    PATTERNS = (Pattern("login_name", r"^[ \t]*(?P<value>[A-Za-z0-9][\w.\-+@]{1,63})[ \t]*$", 0.5),)
    FIELD_WORDS = ("username", "user name", "login", "logon", "signin", "sign in", "handle", "nickname")
    NOT_FIELD_WORDS = (
        "db", "database", "smtp", "ftp", "proxy", "service", "system", "twitter", "screen", "tweet", "skype",
        "telegram", "slack", "whatsapp", "teams", "host", "count", "attempts", "time", "date", "failed", "last",
        "type", "method", "url", "ip", "status", "success", "at", "page", "provider", "enabled", "allowed",
        "required", "flag", "is", "has",
    )  # fmt: skip
    SAMPLE_RATE = 0.8
    VALIDATED_SCORE = 0.9

    def sample_value(self, value: str) -> bool:
        return self.validate_result(value.strip())

    def validate_result(self, pattern_text: str) -> bool:
        """A name with a letter in it, not an e-mail address, a flag (``true``) or an id (a number, a UUID, hex)."""
        if "@" in pattern_text or not any(c.isalpha() for c in pattern_text) or pattern_text.lower() in NOT_A_VALUE:
            return False
        return HEX_ID.fullmatch(pattern_text) is None


class PasswordHashDetector(Detector):
    """A stored password hash in a modular-crypt or PHC format (bcrypt, argon2, scrypt, PBKDF2, crypt(3)), anywhere."""

    ENTITY = "PASSWORD_HASH"
    NAME = "password_hash"
    MASK = mask_hash
    PATTERNS = tuple(Pattern(name, rf"(?<![\w$]){regex}(?![\w$])", 0.9) for name, regex in HASH_FORMATS)
    PREFILTER = re.compile(r"\$|pbkdf2|scrypt:")

    def detail(self, value: str) -> str | None:
        return hash_algorithm(value)


class PasswordDigestDetector(FieldDetector):
    """An unsalted hex digest (MD5, SHA-1, SHA-256, SHA-512) in a password field (``password_md5``, ``pwd_hash``)."""

    ENTITY = "PASSWORD_HASH"
    NAME = "password_digest"
    MASK = mask_hash
    PATTERNS = (Pattern("hex_digest", rf"^[ \t]*(?P<value>{HEX_DIGEST.pattern})[ \t]*$", 0.5),)
    FIELD_WORDS = (*PASSWORD_WORDS, "passhash", "pass hash", "pw hash")
    NOT_FIELD_WORDS = ("salt", "changed", "updated", "reset", "expires", "expiry", "policy", "algorithm", "date")

    def validate_result(self, pattern_text: str) -> bool:
        return not pattern_text.isdigit()

    def detail(self, value: str) -> str | None:
        return f"hex-{len(value) * 4}"


PLACEHOLDER = re.compile(r"\$\{|\{\{|<[^>]*>|%s|%\(|^\W*$")  # ${DB_PASSWORD}, {{ secret }}, <password>, %s
SECRET_KEYS = r"password|passwd|pwd|secret|client_secret|api[_-]?key|access[_-]?token"


class CredentialDetector(Detector):
    """A secret in a URL's user information or in a connection string's ``password=…`` (placeholders excepted)."""

    ENTITY = "CREDENTIAL"
    NAME = "credential"
    MASK = mask_credential
    PATTERNS = (
        Pattern(
            "url_userinfo",
            r"\b[A-Za-z][A-Za-z0-9+.\-]{1,30}://[^\s:/@\"'<>]+:[^\s/\"'<>]+@[^\s/?#\"'<>:@,;]+",
            0.9,
        ),
        Pattern("secret_key_value", rf"(?i)(?<![\w-])(?:{SECRET_KEYS})[ \t]*=[ \t]*[^;&\s\"'<>,]{{3,}}", 0.9),
    )
    PREFILTER = re.compile(r"@|=")

    def validate_result(self, pattern_text: str) -> bool:
        """The secret is not a placeholder (``****``, ``${DB_PASSWORD}``, ``<password>``, ``%s``)."""
        if "://" in pattern_text:
            secret = pattern_text.split("://", 1)[1].split(":", 1)[1].rpartition("@")[0]
        else:
            key, _, secret = (part.strip() for part in pattern_text.partition("="))
            if key.lower() == "pwd" and secret.startswith(("/", "~")):
                return False  # PWD=/home/jdoe: a shell's working directory
        return plaintext(secret) and PLACEHOLDER.search(secret) is None
