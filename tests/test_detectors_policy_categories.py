"""The detectors for what privacy policies name beyond contact details: devices, location, browsers, cookies,
gender, logins, travel and driving documents, messaging ids and profile photos; each on true and false cases,
with the look-alikes each one has."""

from __future__ import annotations

import pytest

from piiaudit.detectors.credentials import (
    CredentialDetector,
    PasswordDigestDetector,
    PasswordHashDetector,
    PlaintextPasswordDetector,
    SecurityAnswerDetector,
    UsernameDetector,
)
from piiaudit.detectors.demographics import GenderDetector
from piiaudit.detectors.devices import AdvertisingIdDetector, ImeiDetector, MacAddressDetector
from piiaudit.detectors.government import DriversLicenceDetector, PassportDetector
from piiaudit.detectors.location import ImpreciseLocationDetector, PreciseLocationDetector
from piiaudit.detectors.media import ProfilePhotoDetector
from piiaudit.detectors.messaging import MessagingIdDetector, MessagingLinkDetector
from piiaudit.detectors.network import IpAddressDetector
from piiaudit.detectors.payment import CreditCardDetector
from piiaudit.detectors.registry import load_detectors
from piiaudit.detectors.web import CookieDetector, UserAgentDetector
from piiaudit.scanner.engine.detection import Engine, profile
from piiaudit.scanner.model import FieldBatch, FieldContext

CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36"
)
BCRYPT = "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"


def spans(detector, text: str, column: str | None = None, sample: tuple[str, ...] = ()) -> list[str]:
    """What ``detector`` finds in ``text``: free text without a column, else a column whose sample is ``sample``."""
    where = FieldContext(column, column is None, sample or ((text,) if column else ()))
    return [text[m.start : m.end] for m in detector.find(text, where)]


def masked(detector, text: str, column: str | None = None) -> list[str]:
    where = FieldContext(column, column is None, (text,) if column else ())
    return [detector.mask(text[m.start : m.end]) for m in detector.find(text, where)]


# --- device identifiers -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text,column,expected",
    [
        ("handset IMEI 490154203237518", None, ["490154203237518"]),
        ("35-209900-176148-1", "imei", ["35-209900-176148-1"]),
        ("490154203237518", "order_id", []),  # a Luhn-valid 15-digit order number
        ("ref 490154203237518 shipped", None, []),  # no device context
        ("490154203237519", "imei", []),  # fails Luhn
        ("A0000000002329", "meid", ["A0000000002329"]),
    ],
)
def test_imei_and_meid(text, column, expected):
    assert spans(ImeiDetector(), text, column) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("wlan0 HWaddr 3c:22:fb:12:a0:5e up", ["3c:22:fb:12:a0:5e"]),
        ("bssid=3C-22-FB-12-A0-5E", ["3C-22-FB-12-A0-5E"]),
        ("port 3c22.fb12.a05e", ["3c22.fb12.a05e"]),
        ("at 10:30:22 on 2026-11-02", []),
        ("broadcast ff:ff:ff:ff:ff:ff", []),
        ("v6 fe80::1ff:fe23:4567:890a", []),
        ("mixed 3c:22-fb:12:a0:5e", []),
    ],
)
def test_mac_address(text, expected):
    assert spans(MacAddressDetector(), text) == expected


@pytest.mark.parametrize(
    "text,column,expected",
    [
        ("6D92078A-8246-4BA4-AE5B-76104861E7DC", "idfa", ["6D92078A-8246-4BA4-AE5B-76104861E7DC"]),
        ("38400000-8cf0-11bd-b23e-10b96e40000d", "advertising_id", ["38400000-8cf0-11bd-b23e-10b96e40000d"]),
        ("9774d56d682e549c", "android_id", ["9774d56d682e549c"]),
        ("6D92078A-8246-4BA4-AE5B-76104861E7DC", "product_uuid", []),  # every other UUID
        ("6D92078A-8246-4BA4-AE5B-76104861E7DC", "request_id", []),
        ("00000000-0000-0000-0000-000000000000", "idfa", []),  # limit-ad-tracking devices report zeros
        ("order 6D92078A-8246-4BA4-AE5B-76104861E7DC", None, []),
        ('{"gaid": "38400000-8cf0-11bd-b23e-10b96e40000d"}', None, ["38400000-8cf0-11bd-b23e-10b96e40000d"]),
    ],
)
def test_advertising_and_android_ids_need_a_field_named_for_them(text, column, expected):
    assert spans(AdvertisingIdDetector(), text, column) == expected


# --- geolocation -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text,column,precise,imprecise",
    [
        ("last seen at gps -33.86882, 151.20929", None, ["-33.86882, 151.20929"], []),
        ("-33.86882,151.20929", "location", ["-33.86882,151.20929"], []),
        ("geo:40.7128,-74.006", None, ["40.7128,-74.006"], []),
        ('{"type": "Point", "coordinates": [151.20929, -33.86882]}', None, ["151.20929, -33.86882"], []),
        ("-33.87, 151.21", "approx_location", [], ["-33.87, 151.21"]),
        ("SRID=4326;POINT(151.209296 -33.86882)", "geom", ["151.209296 -33.86882"], []),
        ("POINT (300.5 10.25)", None, [], []),  # longitude out of range
        ("-33.868821", "last_lat", ["-33.868821"], []),
        ("151.2", "lng", [], ["151.2"]),
        ("-33.86882, 151.20929", "warehouse_location", [], []),  # a business place, not a person's
        ("-33.868821", "store_lat", [], []),
        ("total 12.50, 3.75 paid", None, [], []),  # amounts
        ("0.0, 0.0", "location", [], []),  # null island: no place
        ("95.123, 10.5", "location", [], []),  # latitude out of range
        ("181.5", "longitude", [], []),
        ("12.5", "latency_ms", [], []),
        ('fix {"lat": -33.868821, "lng": 151.209296} ok', None, ['-33.868821, "lng": 151.209296'], []),
        ("lat=-33.87 lon=151.21 accuracy=5000", None, [], ["-33.87 lon=151.21"]),
        ("151.209296", "home_long", ["151.209296"], []),
        ("3.25", "long_term_rate", [], []),
    ],
)
def test_geolocation_by_precision(text, column, precise, imprecise):
    assert spans(PreciseLocationDetector(), text, column) == precise
    assert spans(ImpreciseLocationDetector(), text, column) == imprecise


# --- user agents and cookies -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text,expected",
    [
        (f'1.2.3.4 - - "GET / HTTP/1.1" 200 512 "-" "{CHROME}"', "Chrome 118 on Windows 10"),
        ("CorallinkApp/5.2.1 (iPhone; iOS 17.4.1; Scale/3)", "Mobile Safari UI/WKWebView on iOS 17"),  # a web view
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/17.4.1 Mobile/15E148 Safari/604.1",
            "Mobile Safari 17 on iOS 17",
        ),
    ],
)
def test_user_agent_is_reported_as_browser_and_system(text, expected):
    assert masked(UserAgentDetector(), text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",  # a crawler is no person
        '"GET /index.html HTTP/1.1" 200',
        "curl/8.4.0",
        "built with gcc/13.2 on linux",
    ],
)
def test_not_a_user_agent(text):
    assert spans(UserAgentDetector(), text) == []


def test_a_user_agents_version_is_not_an_ip_address():
    assert spans(IpAddressDetector(), CHROME) == []
    assert spans(IpAddressDetector(), "SIP/10.0.4.12-0000001a") == ["10.0.4.12"]
    assert spans(IpAddressDetector(), f"client 203.0.113.9 agent {CHROME}") == ["203.0.113.9"]


@pytest.mark.parametrize(
    "text,column,expected",
    [
        ("Cookie: _ga=GA1.2.1234567890.1700000000; sessionid=abcdef1234567890abcd", None, ["_ga=****; sessionid=****"]),
        ("Set-Cookie: PHPSESSID=9f8e7d6c5b4a39281706f5e4; Path=/; HttpOnly", None, ["PHPSESSID=****; Path=****"]),
        ("visit with _fbp=fb.1.1700000000123.1122334455 set", None, ["_fbp=****"]),
        ("_ga=GA1.2.998877665.1700000000; theme=dark", "cookies", ["_ga=****; theme=****"]),
        ("GA1.2.1234567890.1700000000", "ga_client_id", ["GA1.****"]),
        ("theme=dark", "preferences", []),  # name=value outside a cookie field
        ("a=b; c=d", None, []),
        ("sessionid=short", None, []),
        ("GET /cart?session_id=abcd0000000000000001 HTTP/1.1", None, []),  # a URL parameter, not a cookie
    ],
)
def test_cookies_keep_names_and_hide_values(text, column, expected):
    assert masked(CookieDetector(), text, column) == expected


# --- gender, usernames ------------------------------------------------------------------------------------------
def test_gender_is_decided_per_column():
    detector = GenderDetector()
    column = ("F", "M", "X", "F", "M", "F")
    assert spans(detector, "F", "gender", column) == ["F"]
    assert spans(detector, "non-binary", "sex", ("female", "male", "non-binary")) == ["non-binary"]
    assert spans(detector, "prefer not to say", "gender", ("female", "prefer not to say")) == []  # states nothing
    assert spans(detector, "M", "size", ("S", "M", "L")) == []  # size codes
    assert spans(detector, "2", "gender_code", ("1", "2", "2", "9", "1")) == ["2"]  # ISO/IEC 5218
    assert spans(detector, "9", "gender_code", ("1", "2", "2", "9", "1")) == []  # not applicable
    assert spans(detector, "2", "gender_count", ("1", "2", "7", "12", "3")) == []  # counts of something
    assert spans(detector, "M", "gender_notes", ("M", "call back after 5pm", "left voicemail", "")) == []
    assert spans(detector, "M", None) == []  # a single letter in text is no gender
    assert spans(detector, "F", "gender", ("F", "Team A", "Team B", "Team C", "Team D")) == []  # sample disagrees
    assert masked(detector, "Female", "gender") == ["********"]  # not even the length


@pytest.mark.parametrize(
    "text,column,expected",
    [
        ("jdoe42", "username", ["jdoe42"]),
        ("priya.r", "login", ["priya.r"]),
        ("jane_doe", "forum_handle", ["jane_doe"]),
        ("jdoe42", "last_login", []),  # a login's time
        ("jane@example.com", "login", []),  # left to the e-mail detector
        ("6d92078a-8246-4ba4-ae5b-76104861e7dc", "user_login_id", []),  # an id
        ("jdoe42", "twitter_handle", []),  # a screen name
        ("jdoe42", "notes", []),
        ("true", "login", []),  # a flag
        ("jdoe42", "login_enabled", []),
    ],
)
def test_username(text, column, expected):
    assert spans(UsernameDetector(), text, column) == expected


# --- credentials ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text,column,expected",
    [
        ("Tr0ub4dor&3", "password", ["Tr0ub4dor&3"]),
        ("correct horse battery staple", "user_pwd", ["correct horse battery staple"]),
        (BCRYPT, "password", []),  # hashed: another entity
        ("5f4dcc3b5aa765d61d8327deb882cf99", "password", []),  # an MD5 digest
        ("********", "password", []),  # redacted
        ("true", "password", []),
        ("2026-11-02", "password_changed_at", []),
        ("Tr0ub4dor&3", "password_hash", []),
        ("Tr0ub4dor&3", "notes", []),
    ],
)
def test_plaintext_password(text, column, expected):
    assert spans(PlaintextPasswordDetector(), text, column) == expected


def test_security_answer():
    detector = SecurityAnswerDetector()
    assert spans(detector, "Biscuit", "security_answer") == ["Biscuit"]
    assert spans(detector, "Toowoomba", "secret_answer_2") == ["Toowoomba"]
    assert spans(detector, "Smith", "mothers_maiden_name") == ["Smith"]
    assert spans(detector, "Yes", "survey_answer") == []  # not a security answer
    assert spans(detector, "What was your first car?", "security_question") == []
    assert spans(detector, BCRYPT, "security_answer") == []


@pytest.mark.parametrize(
    "text,column,algorithm",
    [
        (BCRYPT, None, "bcrypt"),
        ("$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG", None, "argon2"),
        ("pbkdf2_sha256$870000$abcdefgh12345678$Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eA=", None, "pbkdf2"),
        ("$6$saltsalt$" + "a" * 86, None, "sha512-crypt"),
        ("$1$saltsalt$" + "b" * 22, None, "md5-crypt"),
        ("5f4dcc3b5aa765d61d8327deb882cf99", "password_hash", "hex-128"),
        ("5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8", "pwd_sha1", "hex-160"),
    ],
)
def test_password_hash(text, column, algorithm):
    detector = PasswordDigestDetector() if column else PasswordHashDetector()
    (match,) = detector.find(text, FieldContext(column, column is None, (text,)))
    assert (match.start, match.end, match.detail) == (0, len(text), algorithm)
    assert detector.mask(text).endswith(":********") and text[-6:] not in detector.mask(text)


@pytest.mark.parametrize(
    "text", ["commit 5f4dcc3b5aa765d61d8327deb882cf99", "sha256 " + "ab" * 32, "price $2.50 and $12 each"]
)
def test_not_a_password_hash(text):
    assert spans(PasswordHashDetector(), text) == [] and spans(PasswordDigestDetector(), text) == []
    assert spans(PasswordDigestDetector(), "5f4dcc3b5aa765d61d8327deb882cf99", "password_salt") == []
    assert spans(PasswordDigestDetector(), "5f4dcc3b5aa765d61d8327deb882cf99", "build_sha") == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("DATABASE_URL=postgresql://app:S3cr3t!x@db.example.com:5432/crm", ["postgresql://****:****@db.example.com"]),
        ("Server=db;Database=crm;User Id=sa;Password=Tr0ub4dor9;", ["Password=********"]),
        ("GET /export?format=csv&api_key=4f9c2b7a1d8e HTTP/1.1", ["api_key=********"]),
        ("url postgresql://app:${DB_PASSWORD}@db/crm", []),  # a placeholder
        ("password=<your password>", []),
        ("env PWD=/home/jdoe SHELL=/bin/bash", []),
        ("see https://docs.example.com/setup", []),
        ("mailto:jane@example.com", []),
    ],
)
def test_credentials_never_show_the_secret(text, expected):
    assert masked(CredentialDetector(), text) == expected


def test_a_secret_in_a_url_is_not_reported_as_an_email_address():
    engine = Engine(load_detectors())
    text = "sync https://jdoe:hunter2@dav.example.com/cal"
    batch = FieldBatch("notes", (1,), (text,))
    found = engine.scan("notes.csv", batch, profile("notes", [text], True))
    assert [(o.entity, o.masked) for o in found] == [("CREDENTIAL", "https://****:****@dav.example.com")]


# --- travel and driving documents -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "detector,text,column,expected",
    [
        (PassportDetector(), "passport no PA1234567", None, ["PA1234567"]),
        (PassportDetector(), "N1234567", "passport_number", ["N1234567"]),
        (PassportDetector(), "A12345678", "passport", ["A12345678"]),
        (PassportDetector(), "912345678", "passport_no", ["912345678"]),
        (PassportDetector(), "912345678", "case_number", []),
        (PassportDetector(), "2031-04-12", "passport_expiry", []),
        (DriversLicenceDetector(), "NSW licence 12345678", None, ["12345678"]),
        (DriversLicenceDetector(), "S12345", "licence_number", ["S12345"]),
        (DriversLicenceDetector(), "A123-456-78-901-0", "drivers_license", ["A123-456-78-901-0"]),
        (DriversLicenceDetector(), "WDLAB12CD34E", "dl_number", ["WDLAB12CD34E"]),
        (DriversLicenceDetector(), "ABC123", "licence_plate", []),  # a vehicle
        (DriversLicenceDetector(), "XK4F-2Q9T-88ZZ", "software_license_key", []),
        (DriversLicenceDetector(), "12345678", "order_number", []),
    ],
)
def test_passports_and_licences_need_their_context(detector, text, column, expected):
    assert spans(detector, text, column) == expected


# --- messaging ids and profile photos ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text,column,expected",
    [
        ("live:.cid.1234567890abcdef", "skype_id", ["live:.cid.1234567890abcdef"]),
        ("@jane_doe", "telegram", ["@jane_doe"]),
        ("U024BE7LH", "slack_member_id", ["U024BE7LH"]),
        ("+61412345678", "whatsapp", ["+61412345678"]),
        ("call me on skype:jane.doe?call", None, ["jane.doe"]),
        ("chat at https://wa.me/61412345678", None, ["61412345678"]),
        ("https://t.me/jane_doe_88", None, ["jane_doe_88"]),
        ("#support", "slack_channel", []),
        ("yes", "whatsapp", []),  # whether there is one
        ("jane_doe", "notes", []),
    ],
)
def test_messaging_id(text, column, expected):
    found = {*spans(MessagingIdDetector(), text, column), *spans(MessagingLinkDetector(), text, column)}
    assert sorted(found) == expected  # where both find a value, the engine keeps one


@pytest.mark.parametrize(
    "text,column,expected",
    [
        ("https://cdn.example.com/avatars/8812.jpg", None, ["https://cdn.example.com/****.jpg"]),
        ("https://cdn.example.com/u/8812.png", "avatar_url", ["https://cdn.example.com/****.png"]),
        ("https://www.gravatar.com/avatar/0bc83cb5?d=identicon", "profile_photo", ["https://www.gravatar.com/****"]),
        ("/uploads/profile_pictures/77.webp", None, ["****.webp"]),
        ("data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD", "photo", ["****"]),
        ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB", "notes", []),
        ("https://cdn.example.com/p/8812.jpg", "product_image", []),
        ("https://cdn.example.com/logo.png", None, []),
        ("https://cdn.example.com/u/8812.png", "company_logo_photo", []),
    ],
)
def test_profile_photo(text, column, expected):
    assert masked(ProfilePhotoDetector(), text, column) == expected


# --- look-alikes of the older detectors -------------------------------------------------------------------------
def test_a_gtin_barcode_that_passes_luhn_is_not_a_card():
    detector = CreditCardDetector()
    assert spans(detector, "4007031574131", "gtin") == []  # GTIN-13 check digit and Luhn both pass
    assert spans(detector, "scanned 4007031574131 at till 3") == []
    assert spans(detector, "visa 4007031574131") == ["4007031574131"]  # with card context it may be a card
    assert spans(detector, "4111111111111111") == ["4111111111111111"]
