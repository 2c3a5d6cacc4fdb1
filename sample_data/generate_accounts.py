"""The customer portal's and mobile app's data for the sample corpus (``webapp/``), labelled like the rest.

``generate.py`` calls :func:`build` with its context and customers; this module draws its own
random values from its own seed, so the other files do not change when these do. Files:

* ``webapp/mobile_devices.csv`` - the app's device registry. Plants DEVICE_ID (IDFA/GAID in
  ``advertising_id``, 16-hex ``android_id``, IMEI in ``imei``, MAC in ``wifi_mac``),
  PRECISE_LOCATION in ``last_lat``/``last_lng`` and IMPRECISE_LOCATION in ``approx_location``
  (``lat, lon`` to two places). Look-alikes left unlabelled: ``product_uuid``, ``build_sha``, a
  ``case_size`` of S/M/L codes, ``store_lat``/``store_lng`` of the nearest store and ``gtin``
  barcodes (13 digits, some of them Luhn-valid and starting with 4).
* ``webapp/web_sessions.jsonl`` - portal sessions. Plants USER_AGENT (``user_agent``), COOKIE
  (``cookies``), IP_ADDRESS (``ip``), PRECISE_LOCATION (``geo.lat``/``geo.lon``, and both numbers
  of a GeoJSON ``position.coordinates``) and USERNAME (``login``). ``session_id`` and
  ``request_id`` are UUIDs that are no device's.
* ``webapp/accounts.csv`` - portal logins. Plants USERNAME, EMAIL_ADDRESS, PLAINTEXT_PASSWORD (a
  legacy ``password`` column, filled for some rows), PASSWORD_HASH (bcrypt, argon2id, PBKDF2,
  sha512-crypt), SECURITY_ANSWER, GENDER (``gender``: M/F/X…), PROFILE_PHOTO (``avatar_url``),
  MESSAGING_ID (``skype_id``, ``whatsapp``, ``telegram``) and CREDENTIAL (a CalDAV ``sync_url``
  with the password in it). ``password_changed_at``, ``failed_logins`` and ``security_question``
  hold nothing personal.
* ``webapp/kyc_checks.csv`` - identity checks. Plants PERSON, DATE_OF_BIRTH, GENDER (``sex``:
  female/male…), PASSPORT (US and AU numbers) and DRIVERS_LICENSE (AU and US, per state format).
  ``case_number`` (nine digits) and ``licence_state``/``passport_expiry`` are unlabelled.
* ``webapp/nginx/access.log`` - nginx's combined log format. Plants IP_ADDRESS and USER_AGENT per
  line and CREDENTIAL for ``api_key=`` in a request; crawler, health-check and ``curl`` agents
  are no person's and are left unlabelled.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
import string
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, Protocol

import pandas as pd
from stdnum import ean, imei, luhn

SEED = "2026-webapp"
MOBILE = "webapp/mobile_devices.csv"
SESSIONS = "webapp/web_sessions.jsonl"
ACCOUNTS = "webapp/accounts.csv"
KYC = "webapp/kyc_checks.csv"
NGINX = "webapp/nginx/access.log"
COUNTS = {MOBILE: 60, SESSIONS: 60, ACCOUNTS: 60, KYC: 40, NGINX: 120}
DEVICE, PRECISE, IMPRECISE = "DEVICE_ID", "PRECISE_LOCATION", "IMPRECISE_LOCATION"
UA, COOKIE, USERNAME, GENDER = "USER_AGENT", "COOKIE", "USERNAME", "GENDER"
PASSWORD, HASH, ANSWER, CREDENTIAL = "PLAINTEXT_PASSWORD", "PASSWORD_HASH", "SECURITY_ANSWER", "CREDENTIAL"
PASSPORT, LICENCE, MESSAGING, PHOTO = "PASSPORT", "DRIVERS_LICENSE", "MESSAGING_ID", "PROFILE_PHOTO"
IP, EMAIL, PERSON, DOB = "IP_ADDRESS", "EMAIL_ADDRESS", "PERSON", "DATE_OF_BIRTH"
START = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
# city centres the people live around: (latitude, longitude)
CENTRES = {
    "AU": [(-33.8688, 151.2093), (-37.8136, 144.9631), (-27.4698, 153.0251), (-31.9523, 115.8613)],
    "US": [(40.7128, -74.0060), (41.8781, -87.6298), (34.0522, -118.2437)],
    "GB": [(51.5072, -0.1276), (53.4808, -2.2426)],
}
CRYPT = string.ascii_letters + string.digits + "./"
B64 = string.ascii_letters + string.digits + "+/"
WORDS = ["harbour", "koala", "sunset", "maple", "comet", "violet", "granite", "pepper", "tiger", "willow"]
QUESTIONS = [
    ("What was the name of your first pet?", ["Biscuit", "Rex", "Mittens", "Sooty", "Pepper", "Nala"]),
    ("In what town were you born?", ["Toowoomba", "Ballarat", "Dubbo", "Leeds", "Fresno", "Geelong"]),
    ("What was your first car?", ["Corolla", "Falcon", "Civic", "Commodore", "Golf", "Mini"]),
]
GENDER_CODES = ["M", "F", "M", "F", "X"]
SEX_WORDS = ["female", "male", "female", "male", "non-binary"]
# (state, licence-number shape) as each state issues them
AU_LICENCES = [("NSW", "########"), ("VIC", "#########"), ("QLD", "#########"), ("WA", "#######"), ("SA", "S#####")]
US_LICENCES = [("CA", "@#######"), ("NY", "#########"), ("TX", "########"), ("FL", "@###-###-##-###-#")]


Address = Callable[[random.Random], str]


class Planter(Protocol):
    def plant(self, source: str, container: str, row: int, entity: str, value: str, region: str = "") -> str: ...


class Person(Protocol):
    first: str
    last: str
    country: str
    email: str
    dob: dt.date


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def shaped(rng: random.Random, shape: str) -> str:
    """``#`` a digit, ``@`` a capital letter, anything else itself."""
    return "".join(
        str(rng.randint(0, 9)) if c == "#" else rng.choice(string.ascii_uppercase) if c == "@" else c for c in shape
    )


def chars(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def username(rng: random.Random, person: Person) -> str:
    first, last = slug(person.first), slug(person.last)
    number = rng.randint(10, 99)
    return rng.choice([f"{first[0]}{last}{number}", f"{first}.{last}", f"{first}_{last[:3]}{number}"])


def plaintext_password(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{rng.choice(WORDS).capitalize()}{rng.randint(1970, 2026)}!",
            f"{rng.choice(WORDS)}-{rng.choice(WORDS)}-{rng.randint(10, 99)}",
            chars(rng, string.ascii_letters + string.digits + "!#%&", rng.randint(10, 16)),
        ]
    )


def password_hash(rng: random.Random) -> str:
    """A hash in one of the formats password stores use (random bytes in the right alphabet)."""
    kind = rng.choice(["bcrypt", "argon2", "pbkdf2", "sha512"])
    if kind == "bcrypt":
        return f"$2b$12${chars(rng, CRYPT, 53)}"
    if kind == "argon2":
        return f"$argon2id$v=19$m=65536,t=3,p=4${chars(rng, B64, 22)}${chars(rng, B64, 43)}"
    if kind == "pbkdf2":
        return f"pbkdf2_sha256$870000${chars(rng, string.ascii_letters + string.digits, 22)}${chars(rng, B64, 43)}="
    return f"$6${chars(rng, CRYPT, 16)}${chars(rng, CRYPT, 86)}"


def uuid4(rng: random.Random, upper: bool = False) -> str:
    text = f"{rng.getrandbits(128):032x}"
    value = f"{text[:8]}-{text[8:12]}-4{text[13:16]}-{'89ab'[rng.randint(0, 3)]}{text[17:20]}-{text[20:]}"
    return value.upper() if upper else value


def device_imei(rng: random.Random) -> str:
    body = rng.choice(["35", "86", "01"]) + "".join(str(rng.randint(0, 9)) for _ in range(12))
    return body + luhn.calc_check_digit(body)


def android_id(rng: random.Random) -> str:
    while True:
        value = f"{rng.getrandbits(64):016x}"
        if not value.isdigit():
            return value


def mac(rng: random.Random) -> str:
    octets = [rng.getrandbits(8) & 0xFE | 0x02 if i == 0 else rng.getrandbits(8) for i in range(6)]
    return ":".join(f"{o:02x}" for o in octets)


def gtin(rng: random.Random, luhn_valid: bool) -> str:
    """A GTIN-13 (valid check digit); with ``luhn_valid`` one that starts with 4 and also passes Luhn."""
    while True:
        body = ("40" if luhn_valid else "93") + "".join(str(rng.randint(0, 9)) for _ in range(10))
        code = body + ean.calc_check_digit(body)
        if luhn.is_valid(code) == luhn_valid:
            return code


def near(rng: random.Random, country: str, places: int) -> tuple[str, str]:
    """A point near a city the country's people live in, written to ``places`` decimals (the last one not 0)."""
    lat, lon = rng.choice(CENTRES[country])
    return tuple(written(rng, centre, places) for centre in (lat, lon))  # type: ignore[return-value]


def written(rng: random.Random, centre: float, places: int) -> str:
    while True:
        text = f"{centre + rng.uniform(-0.2, 0.2):.{places}f}"
        if not text.endswith("0"):
            return text


WEBKIT = "AppleWebKit/537.36 (KHTML, like Gecko)"


def user_agent(rng: random.Random) -> str:
    """A current browser's or the app's user agent (Chrome's reduced form: ``Chrome/124.0.0.0``)."""
    chrome = f"Chrome/{rng.randint(116, 131)}.0.0.0"
    ios = f"{rng.randint(16, 18)}_{rng.randint(0, 6)}"
    firefox = rng.randint(115, 133)
    return rng.choice(
        [
            f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) {WEBKIT} {chrome} Safari/537.36",
            f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) {WEBKIT} {chrome} Safari/537.36",
            f"Mozilla/5.0 (Linux; Android 14; SM-S918B) {WEBKIT} {chrome} Mobile Safari/537.36",
            f"Mozilla/5.0 (iPhone; CPU iPhone OS {ios} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            f"Version/{ios.split('_')[0]}.0 Mobile/15E148 Safari/604.1",
            f"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{firefox}.0) Gecko/20100101 Firefox/{firefox}.0",
            f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) {WEBKIT} {chrome} Safari/537.36 Edg/{chrome[7:]}",
            f"CorallinkApp/5.{rng.randint(0, 9)}.{rng.randint(0, 20)} (iPhone; iOS {ios.replace('_', '.')}; Scale/3)",
        ]
    )


def cookie_header(rng: random.Random, moment: dt.datetime) -> str:
    stamp = int(moment.timestamp())
    cookies = [f"_ga=GA1.2.{rng.randint(10**8, 10**10)}.{stamp}", f"_gid=GA1.2.{rng.randint(10**8, 10**10)}.{stamp}"]
    if rng.random() < 0.6:
        cookies.append(f"_fbp=fb.1.{stamp * 1000 + rng.randint(0, 999)}.{rng.randint(10**8, 10**10)}")
    cookies.append(f"sessionid={chars(rng, string.ascii_lowercase + string.digits, 32)}")
    return "; ".join(cookies)


def mobile_row(ctx: Planter, rng: random.Random, row: int, person: Person) -> dict[str, Any]:
    android = rng.random() < 0.5
    lat, lng = near(rng, person.country, 6)
    store_lat, store_lng = near(rng, person.country, 4)
    approx = ", ".join(near(rng, person.country, 2))
    return {
        "device_ref": row + 5000,
        "platform": "android" if android else "ios",
        "os_version": rng.choice(["14", "13"]) if android else rng.choice(["17.4.1", "18.0"]),
        "advertising_id": ctx.plant(MOBILE, "advertising_id", row, DEVICE, uuid4(rng, upper=not android)),
        "android_id": ctx.plant(MOBILE, "android_id", row, DEVICE, android_id(rng)) if android else "",
        "imei": ctx.plant(MOBILE, "imei", row, DEVICE, device_imei(rng)) if rng.random() < 0.7 else "",
        "wifi_mac": ctx.plant(MOBILE, "wifi_mac", row, DEVICE, mac(rng)),
        "last_lat": ctx.plant(MOBILE, "last_lat", row, PRECISE, lat),
        "last_lng": ctx.plant(MOBILE, "last_lng", row, PRECISE, lng),
        "approx_location": ctx.plant(MOBILE, "approx_location", row, IMPRECISE, approx),
        "store_lat": store_lat,
        "store_lng": store_lng,
        "product_uuid": uuid4(rng),
        "build_sha": f"{rng.getrandbits(160):040x}",
        "case_size": rng.choice(["S", "M", "L", "XL"]),
        "gtin": gtin(rng, luhn_valid=row % 3 == 0),
        "app_version": f"5.{rng.randint(0, 9)}.{rng.randint(0, 20)}",
    }


def session_record(ctx: Planter, rng: random.Random, row: int, person: Person, public_ip: Address) -> dict[str, Any]:
    moment = START + dt.timedelta(seconds=rng.randint(0, 30 * 86400))
    lat, lon = near(rng, person.country, 5)
    point = [str(float(v)) for v in near(rng, person.country, 5)]
    return {
        "session_id": uuid4(rng),
        "started_at": moment.isoformat().replace("+00:00", "Z"),
        "login": ctx.plant(SESSIONS, "login", row, USERNAME, username(rng, person)),
        "ip": ctx.plant(SESSIONS, "ip", row, IP, public_ip(rng)),
        "user_agent": ctx.plant(SESSIONS, "user_agent", row, UA, user_agent(rng)),
        "cookies": ctx.plant(SESSIONS, "cookies", row, COOKIE, cookie_header(rng, moment)),
        "geo": {
            "lat": float(ctx.plant(SESSIONS, "geo.lat", row, PRECISE, lat)),
            "lon": float(ctx.plant(SESSIONS, "geo.lon", row, PRECISE, lon)),
            "accuracy_m": rng.randint(5, 60),
        },
        "position": {
            "type": "Point",
            "coordinates": [float(ctx.plant(SESSIONS, "position.coordinates", row, PRECISE, v)) for v in point[::-1]],
        },
        "pages": rng.randint(1, 30),
        "request_id": uuid4(rng),
    }


def account_row(ctx: Planter, rng: random.Random, row: int, person: Person) -> dict[str, Any]:
    login = username(rng, person)
    question, answers = rng.choice(QUESTIONS)
    legacy = rng.random() < 0.4
    avatar = rng.choice(
        [
            f"https://cdn.corallink.com.au/avatars/{uuid4(rng)}.jpg",
            f"https://www.gravatar.com/avatar/{hashlib.md5(person.email.encode()).hexdigest()}?d=identicon",
            f"/uploads/profile/{row + 7000}.png",
        ]
    )
    secret = plaintext_password(rng)
    return {
        "account_id": row + 10000,
        "username": ctx.plant(ACCOUNTS, "username", row, USERNAME, login),
        "email": ctx.plant(ACCOUNTS, "email", row, EMAIL, person.email),
        "password": ctx.plant(ACCOUNTS, "password", row, PASSWORD, plaintext_password(rng)) if legacy else "",
        "password_hash": ctx.plant(ACCOUNTS, "password_hash", row, HASH, password_hash(rng)),
        "password_changed_at": (START - dt.timedelta(days=rng.randint(1, 900))).date().isoformat(),
        "failed_logins": rng.randint(0, 4),
        "security_question": question,
        "security_answer": ctx.plant(ACCOUNTS, "security_answer", row, ANSWER, rng.choice(answers)),
        "gender": ctx.plant(ACCOUNTS, "gender", row, GENDER, rng.choice(GENDER_CODES)),
        "avatar_url": ctx.plant(ACCOUNTS, "avatar_url", row, PHOTO, avatar),
        "skype_id": ctx.plant(ACCOUNTS, "skype_id", row, MESSAGING, f"live:.cid.{rng.getrandbits(64):016x}")
        if rng.random() < 0.5
        else "",
        "telegram": ctx.plant(ACCOUNTS, "telegram", row, MESSAGING, f"@{login.replace('.', '_')}")
        if rng.random() < 0.4
        else "",
        "sync_url": ctx.plant(ACCOUNTS, "sync_url", row, CREDENTIAL, f"https://{login}:{secret}@dav.corallink.com.au")
        if rng.random() < 0.25
        else "",
        "plan": rng.choice(["F", "M", "P"]),
    }


def kyc_row(ctx: Planter, rng: random.Random, row: int, person: Person) -> dict[str, Any]:
    us = person.country == "US"
    passport = shaped(rng, rng.choice(["#########", "@########"] if us else ["P@#######", "N#######"]))
    state, shape = rng.choice(US_LICENCES if us else AU_LICENCES)
    return {
        "case_number": rng.randint(10**8, 10**9 - 1),
        "full_name": ctx.plant(KYC, "full_name", row, PERSON, f"{person.first} {person.last}"),
        "date_of_birth": ctx.plant(KYC, "date_of_birth", row, DOB, person.dob.isoformat()),
        "sex": ctx.plant(KYC, "sex", row, GENDER, rng.choice(SEX_WORDS)),
        "passport_number": ctx.plant(KYC, "passport_number", row, PASSPORT, passport),
        "passport_country": "USA" if us else "AUS",
        "passport_expiry": dt.date(2027 + rng.randint(0, 9), rng.randint(1, 12), rng.randint(1, 28)).isoformat(),
        "licence_number": ctx.plant(KYC, "licence_number", row, LICENCE, shaped(rng, shape)),
        "licence_state": state,
        "result": rng.choice(["verified", "verified", "referred"]),
    }


def nginx_line(ctx: Planter, rng: random.Random, row: int, public_ip: Address) -> str:
    moment = START + dt.timedelta(seconds=row * 317 + rng.randint(0, 300))
    when = moment.astimezone(dt.timezone(dt.timedelta(hours=10))).strftime("%d/%b/%Y:%H:%M:%S +1000")
    address = ctx.plant(NGINX, "", row, IP, public_ip(rng))
    path = rng.choice(["/portal/login", "/portal/calls?page=2", "/api/v1/devices", "/static/app.js", "/portal/billing"])
    agent = "-"
    kind = rng.random()
    if kind < 0.75:
        agent = ctx.plant(NGINX, "", row, UA, user_agent(rng))
    elif kind < 0.85:
        agent = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
    elif kind < 0.95:
        agent = rng.choice(["curl/8.4.0", "ELB-HealthChecker/2.0", "kube-probe/1.29"])
    if rng.random() < 0.05:
        key = ctx.plant(NGINX, "", row, CREDENTIAL, f"api_key={chars(rng, string.ascii_lowercase + string.digits, 32)}")
        path = f"/api/v1/export?format=csv&{key}"
    status, size = rng.choice([200, 200, 200, 302, 404]), rng.randint(200, 90000)
    referer = rng.choice(["-", "https://www.corallink.com.au/", "https://www.google.com/"])
    return f'{address} - - [{when}] "GET {path} HTTP/1.1" {status} {size} "{referer}" "{agent}"'


def csv_bytes(rows: Sequence[dict[str, Any]]) -> bytes:
    return pd.DataFrame(rows).to_csv(index=False, lineterminator="\n").encode("utf-8")


def build(ctx: Planter, people: Sequence[Person], public_ip: Address) -> dict[str, bytes]:
    """Every ``webapp/`` file (name relative to sample_data → bytes), planting into ``ctx``; ``public_ip`` draws
    a public IPv4 address."""
    rng = random.Random(SEED)

    def rows(name: str, make: Callable[[Planter, random.Random, int, Person], dict[str, Any]]) -> list[dict[str, Any]]:
        return [make(ctx, rng, row, rng.choice(people)) for row in range(1, COUNTS[name] + 1)]

    sessions = rows(SESSIONS, partial(session_record, public_ip=public_ip))
    return {
        MOBILE: csv_bytes(rows(MOBILE, mobile_row)),
        SESSIONS: "".join(json.dumps(r) + "\n" for r in sessions).encode("utf-8"),
        ACCOUNTS: csv_bytes(rows(ACCOUNTS, account_row)),
        KYC: csv_bytes(rows(KYC, kyc_row)),
        NGINX: "".join(f"{nginx_line(ctx, rng, row, public_ip)}\n" for row in range(1, COUNTS[NGINX] + 1)).encode(),
    }


# --- what generate.py --check needs to verify these files -------------------------------------------------------

STRUCTURED: dict[str, dict[str, str | frozenset[str]]] = {
    MOBILE: {"advertising_id": DEVICE, "android_id": DEVICE, "imei": DEVICE, "wifi_mac": DEVICE,
             "last_lat": PRECISE, "last_lng": PRECISE, "approx_location": IMPRECISE},
    SESSIONS: {"login": USERNAME, "ip": IP, "user_agent": UA, "cookies": COOKIE, "geo.lat": PRECISE,
               "geo.lon": PRECISE, "position.coordinates": PRECISE},
    ACCOUNTS: {"username": USERNAME, "email": EMAIL, "password": PASSWORD, "password_hash": HASH,
               "security_answer": ANSWER, "gender": GENDER, "avatar_url": PHOTO, "skype_id": MESSAGING,
               "telegram": MESSAGING, "sync_url": CREDENTIAL},
    KYC: {"full_name": PERSON, "date_of_birth": DOB, "sex": GENDER, "passport_number": PASSPORT,
          "licence_number": LICENCE},
}  # fmt: skip
FREE_TEXT = {(NGINX, "")}
LOOKALIKES = {(MOBILE, "gtin")}  # deliberately card-like (Luhn-valid GTINs): not checked for stray cards


def _coordinate(text: str) -> bool:
    return bool(re.fullmatch(r"-?\d{1,3}\.\d+", text)) and abs(float(text)) <= 180


VALIDATORS: dict[str, Callable[[str], bool]] = {
    DEVICE: lambda v: (
        bool(re.fullmatch(r"[0-9A-Fa-f-]{16,36}|\d{15}|(?:[0-9a-f]{2}:){5}[0-9a-f]{2}", v))
        and (len(v) != 15 or imei.is_valid(v))
    ),
    PRECISE: lambda v: _coordinate(v) and len(v.partition(".")[2]) >= 3,
    IMPRECISE: lambda v: all(_coordinate(p) and len(p.partition(".")[2]) < 3 for p in v.split(", ")),
    UA: lambda v: bool(re.match(r"\w+/[\d.]+ \(", v)),
    COOKIE: lambda v: all("=" in c for c in v.split("; ")),
    USERNAME: lambda v: bool(re.fullmatch(r"[a-z0-9][\w.]+", v)),
    GENDER: lambda v: v in GENDER_CODES or v in SEX_WORDS,
    PASSWORD: lambda v: bool(v) and not v.startswith("$"),
    HASH: lambda v: v.startswith(("$2b$", "$argon2id$", "pbkdf2_sha256$", "$6$")),
    ANSWER: lambda v: any(v in answers for _, answers in QUESTIONS),
    CREDENTIAL: lambda v: v.startswith(("https://", "api_key=")),
    PASSPORT: lambda v: bool(re.fullmatch(r"\d{9}|[A-Z]{1,2}\d{7,8}", v)),
    LICENCE: lambda v: bool(re.fullmatch(r"[A-Z]?[\d-]{5,17}", v)),
    MESSAGING: lambda v: v.startswith(("live:.cid.", "@")),
    PHOTO: lambda v: v.endswith((".jpg", ".png", "identicon")),
}


def load_cells(folder: Path, records: Callable[[Any], Any], documents: Callable[[Any], Any]) -> dict[str, Any]:
    """The files read back (``records`` and ``documents`` turn rows and JSON records into cells)."""
    loaded = {name: records(pd.read_csv(folder / name, dtype=str, keep_default_na=False).to_dict("records"))
              for name in (MOBILE, ACCOUNTS, KYC)}  # fmt: skip
    lines = (folder / SESSIONS).read_text(encoding="utf-8").splitlines()
    loaded[SESSIONS] = documents(json.loads(line) for line in lines)
    log = (folder / NGINX).read_text(encoding="utf-8").splitlines()
    loaded[NGINX] = {("", row): [line] for row, line in enumerate(log, 1)}
    return loaded
