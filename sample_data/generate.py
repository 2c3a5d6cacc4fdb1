"""Build piiaudit's labelled sample corpus (deterministic, seeded with 2026).

Run ``python sample_data/generate.py`` to (re)write the corpus next to this
script; run it with ``--check`` to verify the files on disk instead. ``--seed N
--out DIR`` writes (or checks) a held-out corpus: the same shapes with other
values and, where a file picks one per seed, other spellings.

Files written, each with 60-150 records of a fictional Australian call-centre
business ("Corallink Communications"):

* ``cdr.csv`` - call detail records. Plants a CALLER_ID in ``clid``
  (``"Display Name" <number>`` or ``Display Name <number>``) and in ``ani``
  (bare number), PHONE_NUMBER in ``dst`` (the business's own numbers),
  PERSON in ``agent_name`` and IP_ADDRESS in ``channel`` (``SIP/<ip>-<hex>``).
  ``recording_url`` plants a VOICE_RECORDING (a ``.wav`` URL) for answered calls.
* ``crm_customers.csv`` - AU/US/GB customers. Plants PERSON, EMAIL_ADDRESS,
  PHONE_NUMBER (national and international formats), STREET_ADDRESS,
  DATE_OF_BIRTH, AU_TFN (AU rows) and US_SSN (US rows); about 20% of the
  ``notes`` mention an email and/or phone number. ``account_ref`` is a
  16-digit number that fails Luhn (a card look-alike that must not match).
* ``payments.parquet`` - card payments with optional refund bank details.
  Plants EMAIL_ADDRESS, CREDIT_CARD (Luhn-valid Visa, Mastercard, Amex and
  Discover numbers in several groupings), CARD_VERIFICATION_CODE, IBAN_CODE,
  and BANK_ACCOUNT (``bsb_account`` and ABA ``routing_number``).
  ``order_number`` is 16 digits and fails Luhn.
* ``chat_transcripts.jsonl`` - webchat/Twitter support conversations. Plants
  PERSON and EMAIL_ADDRESS/TWITTER_HANDLE in ``customer.*``, PERSON in
  ``agent.name``, and in ``messages.text`` some of: the customer's name, email,
  phone, card number, CVV, date of birth, IPv4/IPv6 address, Twitter handle.
  Other message text carries only harmless numbers (ticket ids, 16-digit
  Luhn-invalid order numbers, versions, amounts, times).
* ``app.log`` - application log lines; plants IP_ADDRESS (public and private
  IPv4, IPv6) and EMAIL_ADDRESS among user agents, versions, durations,
  epoch-millisecond timestamps and hex ids.
* ``staff.xlsx`` (sheet ``Staff``) - PERSON, work EMAIL_ADDRESS and AU mobile
  PHONE_NUMBER per employee.
* ``inventory.csv`` - the clean control file: no personal data at all.
* ``callcentre/`` - the same business's telephony and contact-centre exports in
  their native formats (docs/callcentre-formats.md), 20-40 records each:
  ``asterisk/Master.csv`` (cdr_csv, no header: CALLER_ID in ``src`` and
  ``clid``, PHONE_NUMBER in ``dst``, IP_ADDRESS in the SIP ``channel``, a
  VOICE_RECORDING MixMonitor path in ``userfield``; withheld callers are
  ``anonymous``), ``asterisk/freepbx_cdr.csv`` (FreePBX's CDR table with its
  header: ``cnum``/``cnam``, ``did``, ``recordingfile``, the agent's desk-phone
  IP in ``lastdata``, the agent in ``dst_cnam``), ``freeswitch/Master.csv``
  (mod_cdr_csv's default template, no header), ``freeswitch/json_cdr/*.cdr.json``
  (mod_json_cdr, one call per file, URL-encoded ``variables``),
  ``twilio/calls.json`` (REST API list of calls: ``from`` is the Caller ID,
  ``caller_name`` a US caller's CNAM), ``twilio/messages.csv`` (message log:
  phone numbers, e-mail addresses and numbers in ``Body``),
  ``amazon_connect/ctr.jsonl`` (contact trace records: ``CustomerEndpoint``,
  ``SystemEndpoint``, ``Agent.Username``, ``Attributes``, call recordings and
  ``.webm`` SCREEN_RECORDINGs), ``genesys/conversation_details.json``
  (``ani``/``dnis`` of every session, customer and agent ``participantName``),
  ``webchat/chats.json`` (a Zendesk Chat export: visitor, session IP, agents
  and the message history as free text) and ``twitter/data/tweets.js`` (the
  support account's Twitter archive: screen names, full names, tweet text).

* ``webapp/`` - the customer portal's and mobile app's data (devices, sessions, logins, identity
  checks, an nginx access log), built by ``generate_accounts.py`` (see its docstring).
* ``contacts.csv``, ``support_tickets.csv``, ``callcentre/asterisk/Master-newcdr.csv``,
  ``callcentre/freeswitch/Master-resaved.csv``, ``callcentre/twilio/calls-intl.json`` -
  personal data the way CRMs and phone systems store it (the "Stored shapes"
  section): one-word name columns, birth dates in one spelling per file, phone
  numbers of any country, USPS/AU/unit/PO box/military addresses, Caller IDs
  with an empty name or a SIP user, SIP_ADDRESS, ticket notes without trigger
  words, Latin filler, and unlabelled look-alikes.

``expected_findings.csv`` lists every planted occurrence as
``source,container,row,entity,start,end`` (``source`` is the path under ``sample_data``;
``container`` is the column name, ``Staff.<column>`` for the workbook, the
dotted JSON path without list indices, or empty for ``app.log``; ``row`` is the
1-based data row, JSONL line, JSON record or log line; ``start``/``end`` are the
value's character offsets in its cell, or in its item of a list). Labels are recorded by
the same call that plants each value, so they cannot drift from the data. The
labels file holds no personal values.

All values are synthetic. Phone numbers are random numbers that
``phonenumbers`` accepts as valid for their region (US exchange 555 is never
used); timestamps are fixed in 2026, so the output does not depend on the date
it is generated.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import ipaddress
import json
import random
import re
import sys
import tempfile
import uuid
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pandas as pd
import phonenumbers
import pyarrow as pa
import pyarrow.parquet as pq
from faker import Faker
from openpyxl import Workbook, load_workbook
from phonenumbers import PhoneNumber, PhoneNumberFormat
from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.au import tfn as std_tfn
from stdnum.us import rtn as std_rtn
from stdnum.us import ssn as std_ssn

try:
    from sample_data import generate_accounts as webapp
except ImportError:  # run as a script: its folder is on the path
    import generate_accounts as webapp  # type: ignore[no-redef]

HERE = Path(__file__).resolve().parent
SEED = 2026
UTC = dt.UTC
BRISBANE = dt.timezone(dt.timedelta(hours=10))
PERIOD_START = dt.datetime(2026, 10, 1, tzinfo=UTC)
PERIOD_END = dt.datetime(2026, 11, 2, tzinfo=UTC)
TODAY = dt.date(2026, 11, 2)
XLSX_TIME = dt.datetime(2026, 11, 2, 0, 0, 0)
COMPANY_DOMAIN = "corallink.com.au"

CDR, CRM, PAYMENTS, CHAT, LOG, STAFF, INVENTORY = (
    "cdr.csv",
    "crm_customers.csv",
    "payments.parquet",
    "chat_transcripts.jsonl",
    "app.log",
    "staff.xlsx",
    "inventory.csv",
)
CALLCENTRE_DIR = "callcentre/"
CC_MASTER = "callcentre/asterisk/Master.csv"
CC_FREEPBX = "callcentre/asterisk/freepbx_cdr.csv"
CC_FS_CSV = "callcentre/freeswitch/Master.csv"
CC_FS_JSON = "callcentre/freeswitch/json_cdr"  # one <uuid>.cdr.json file per call
CC_TWILIO_CALLS = "callcentre/twilio/calls.json"
CC_TWILIO_SMS = "callcentre/twilio/messages.csv"
CC_CONNECT = "callcentre/amazon_connect/ctr.jsonl"
CC_GENESYS = "callcentre/genesys/conversation_details.json"
CC_WEBCHAT = "callcentre/webchat/chats.json"
CC_TWEETS = "callcentre/twitter/data/tweets.js"
FS_JSON_FILES = 4
LABELS = "expected_findings.csv"
STAFF_SHEET = "Staff"
SOURCES = (CDR, CRM, PAYMENTS, CHAT, LOG, STAFF, INVENTORY)
COUNTS = {CDR: 120, CRM: 100, PAYMENTS: 100, CHAT: 80, LOG: 150, STAFF: 60, INVENTORY: 80}
COUNTS |= {
    CC_MASTER: 40,
    CC_FREEPBX: 30,
    CC_FS_CSV: 30,
    CC_TWILIO_CALLS: 25,
    CC_TWILIO_SMS: 30,
    CC_CONNECT: 30,
    CC_GENESYS: 20,
    CC_WEBCHAT: 25,
    CC_TWEETS: 30,
}

EMAIL, PHONE, CARD, CVV = "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "CARD_VERIFICATION_CODE"
CALLER_ID, IP, PERSON, SSN = "CALLER_ID", "IP_ADDRESS", "PERSON", "US_SSN"
TFN, IBAN, BANK, DOB = "AU_TFN", "IBAN_CODE", "BANK_ACCOUNT", "DATE_OF_BIRTH"
ADDRESS, TWITTER = "STREET_ADDRESS", "TWITTER_HANDLE"
VOICE, SCREEN = "VOICE_RECORDING", "SCREEN_RECORDING"

# --------------------------------------------------------------------------
# Reference tables
# --------------------------------------------------------------------------

# city, first postcode, last postcode, landline area code
AU_CITIES = [
    ("Sydney", 2000, 2234, "2"),
    ("Melbourne", 3000, 3207, "3"),
    ("Brisbane", 4000, 4179, "7"),
    ("Perth", 6000, 6199, "8"),
    ("Adelaide", 5000, 5199, "8"),
    ("Hobart", 7000, 7055, "3"),
    ("Canberra", 2600, 2620, "2"),
]
# city, ZIP prefix, area codes
US_CITIES = [
    ("New York", "100", ["212", "646", "718"]),
    ("San Francisco", "941", ["415", "628"]),
    ("Chicago", "606", ["312", "773"]),
    ("Austin", "787", ["512", "737"]),
    ("Seattle", "981", ["206"]),
    ("Boston", "021", ["617", "857"]),
    ("Denver", "802", ["303", "720"]),
]
# city, postcode outward codes, area code
GB_CITIES = [
    ("London", ["SW1A", "EC1A", "N1", "SE1", "W1D", "E14"], "20"),
    ("Manchester", ["M1", "M4", "M20"], "161"),
    ("Leeds", ["LS1", "LS6"], "113"),
    ("Birmingham", ["B1", "B15"], "121"),
    ("Glasgow", ["G1", "G12"], "141"),
    ("Bristol", ["BS1", "BS8"], "117"),
]
AREA_CODES = {
    "AU": sorted({area for *_, area in AU_CITIES}),
    "US": sorted({area for *_, areas in US_CITIES for area in areas}),
    "GB": sorted({area for *_, area in GB_CITIES}),
}
STREET_NAMES = {
    "AU": [
        "King",
        "George",
        "Pitt",
        "Collins",
        "Bourke",
        "Queen",
        "Elizabeth",
        "Ann",
        "Church",
        "Railway",
        "Station",
        "Victoria",
        "Albert",
        "Bridge",
        "Ocean",
    ],
    "US": [
        "Main",
        "Oak",
        "Maple",
        "Cedar",
        "Washington",
        "Lake",
        "Hill",
        "Park",
        "Amphitheatre",
        "Mission",
        "Market",
        "Sunset",
        "Elm",
        "Pine",
        "Lincoln",
    ],
    "GB": [
        "High",
        "Station",
        "Church",
        "Victoria",
        "Green",
        "Manor",
        "Park",
        "Mill",
        "Kings",
        "Queens",
        "London",
        "York",
        "Grove",
        "Albert",
        "New",
    ],
}
STREET_TYPES = {
    "AU": ["Street", "St", "Road", "Rd", "Avenue", "Ave", "Parade", "Crescent", "Tce"],
    "US": ["Street", "St", "Avenue", "Ave", "Blvd", "Road", "Dr", "Ln", "Pkwy"],
    "GB": ["Road", "Street", "Lane", "Close", "Gardens", "Avenue", "Way", "Terrace"],
}
FREE_MAIL = {
    "AU": ["gmail.com", "outlook.com", "bigpond.com", "optusnet.com.au", "yahoo.com.au"],
    "US": ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com"],
    "GB": ["gmail.com", "btinternet.com", "hotmail.co.uk", "outlook.com", "yahoo.co.uk"],
}
FAKER_LOCALE = {"AU": "en_AU", "US": "en_US", "GB": "en_GB"}
CURRENCY = {"AU": "AUD", "US": "USD", "GB": "GBP"}
AGENT_TITLES = ["Customer Service Agent", "Senior Support Agent", "Team Leader"]
OTHER_TITLES = [
    "Billing Specialist",
    "Network Engineer",
    "Account Manager",
    "Operations Manager",
    "Sales Consultant",
    "Provisioning Analyst",
]
QUEUES = ["Support", "Sales", "Billing", "Porting", "After Hours"]
VERSIONS = ["3.11.7", "10.2.3", "4.0.12", "2.8.1", "17.4.1"]
PRODUCTS = [
    ("USB-C Headset H340", "HS"),
    ("Desk Phone T54W", "DP"),
    ("Desk Phone T46U", "DP"),
    ("DECT Handset W73H", "DH"),
    ("Conference Phone CP965", "CP"),
    ("Wireless Headset WH63", "HS"),
    ("Video Bar UVC40", "VB"),
    ("Expansion Module EXP50", "EM"),
    ("Analog Gateway HT812", "GW"),
    ("SIP Door Phone A20", "DR"),
    ("Headset Adapter EHS36", "AD"),
    ("PoE Switch 8-Port", "SW"),
    ("Power Adapter 5V 2A", "PA"),
    ("Ethernet Cable Cat6 3m", "CB"),
    ("Wall Mount Kit WMB-T4", "MK"),
]
WAREHOUSES = ["Brisbane DC 2", "Sydney DC 1", "Melbourne DC 3", "Perth DC 1"]
IBAN_BANKS = {  # country: (bank/branch prefixes, digits after the prefix)
    "DE": (["37040044", "50010517", "10070000", "20041133"], 10),
    "GB": (["NWBK601613", "BARC200415", "HBUK401276", "LOYD309634"], 8),
    "NL": (["ABNA", "INGB", "RABO", "TRIO"], 10),
    "IE": (["AIBK931152", "BOFI900017", "IPBS990602"], 8),
    "AT": (["19043", "20111", "32000"], 11),
}
BSB_PREFIXES = ["062", "063", "032", "033", "082", "083", "012", "013", "484"]
ABA_PREFIXES = [f"{n:02d}" for n in [*range(1, 13), *range(21, 33)]]
USER_AGENTS = [
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/124.0.6367.91 Safari/537.36",
    "CorallinkSoftphone/3.11.7 (Linux; Android 14)",
]

# --------------------------------------------------------------------------
# Planting and labels
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Plant:
    """One planted occurrence: where it is, what it is, and its value."""

    source: str
    container: str
    row: int
    entity: str
    value: str
    region: str = ""


@dataclass
class Ctx:
    """Shared random state and the list of planted occurrences."""

    rng: random.Random
    fakers: dict[str, Faker]
    plants: list[Plant] = field(default_factory=list)

    @classmethod
    def new(cls, seed: int = SEED) -> Ctx:
        Faker.seed(seed)
        fakers = {cc: Faker(loc) for cc, loc in FAKER_LOCALE.items()}
        return cls(rng=random.Random(seed), fakers=fakers)

    def plant(self, source: str, container: str, row: int, entity: str, value: str, region: str = "") -> str:
        """Record a planted value and return it, so callers embed what they label."""
        self.plants.append(Plant(source, container, row, entity, value, region))
        return value


# --------------------------------------------------------------------------
# Value generators
# --------------------------------------------------------------------------


def new_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def random_time(rng: random.Random, start: dt.datetime = PERIOD_START, end: dt.datetime = PERIOD_END) -> dt.datetime:
    span = int((end - start).total_seconds())
    return start + dt.timedelta(seconds=rng.randrange(span), milliseconds=rng.randrange(1000))


def sorted_times(rng: random.Random, n: int) -> list[dt.datetime]:
    return sorted(random_time(rng) for _ in range(n))


def iso_z(moment: dt.datetime, millis: bool = False) -> str:
    spec = "milliseconds" if millis else "seconds"
    return moment.astimezone(UTC).isoformat(timespec=spec).replace("+00:00", "Z")


def luhn_invalid_16(rng: random.Random) -> str:
    """A 16-digit number (order/account reference) that fails the Luhn check."""
    body = str(rng.randint(1, 9)) + digits(rng, 14)
    good = luhn.calc_check_digit(body)
    return body + rng.choice([d for d in "0123456789" if d != good])


def amount(rng: random.Random, low: float, high: float) -> str:
    return f"{rng.uniform(low, high):.2f}"


CRM_START = dt.datetime(2019, 1, 1, tzinfo=UTC)  # the CRM's first signups


def signup_time(drawn: dt.datetime, born: dt.date) -> dt.datetime:
    """A signup time drawn in ``[CRM_START, PERIOD_END)``, moved (in proportion, no more draws) into the years when
    the person was an adult: the CRM's customers are adults when they sign up, not only at the scan date."""
    adult = dt.datetime(born.year + 18, born.month, min(born.day, 28), tzinfo=UTC)
    if drawn >= adult:
        return drawn
    return adult + (drawn - CRM_START) * ((PERIOD_END - adult) / (PERIOD_END - CRM_START))


def adult_dob(rng: random.Random) -> dt.date:
    oldest, youngest = TODAY.replace(year=TODAY.year - 85), TODAY.replace(year=TODAY.year - 18)
    return oldest + dt.timedelta(days=rng.randrange((youngest - oldest).days))


def slug(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


# ----- phone numbers -------------------------------------------------------


def _phone_candidate(rng: random.Random, region: str, area: str, mobile: bool) -> str:
    area = area or rng.choice(AREA_CODES[region])
    if region == "AU":
        return "04" + digits(rng, 8) if mobile else f"0{area}{rng.choice('3456789')}{digits(rng, 7)}"
    if region == "US":
        exchange = f"{rng.randint(2, 9)}{digits(rng, 2)}"
        while exchange == "555" or exchange[1:] == "11":
            exchange = f"{rng.randint(2, 9)}{digits(rng, 2)}"
        return f"{area}{exchange}{digits(rng, 4)}"
    if mobile:
        return "07" + rng.choice("4579") + digits(rng, 8)
    if area == "20":
        return "020" + rng.choice("378") + digits(rng, 7)
    return f"0{area}{rng.randint(2, 9)}{digits(rng, 6)}"


def random_phone(rng: random.Random, region: str, area: str = "", mobile: bool = True) -> PhoneNumber:
    """A random number that phonenumbers accepts as valid for its region."""
    for _ in range(10_000):
        number = phonenumbers.parse(_phone_candidate(rng, region, area, mobile), region)
        if phonenumbers.is_valid_number_for_region(number, region):
            return number
    raise RuntimeError(f"no valid {region} phone number for area {area!r}")


def _national_digits(number: PhoneNumber) -> str:
    return re.sub(r"\D", "", phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL))


def format_phone(rng: random.Random, number: PhoneNumber, region: str) -> str:
    """Render a number in one of several national/international styles."""
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    intl = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    styles = ["national", "national", "intl", "intl", "e164", "dashes", "compact", "intl_dashes"]
    if region == "US":
        styles += ["dots", "dots"]
    style = rng.choice(styles)
    renders = {
        "national": national,
        "intl": intl,
        "e164": phonenumbers.format_number(number, PhoneNumberFormat.E164),
        "dashes": re.sub(r"[\s()-]+", "-", national).strip("-"),
        "dots": re.sub(r"[\s()-]+", ".", national).strip("."),
        "compact": _national_digits(number),
        "intl_dashes": re.sub(r"\s+", "-", intl),
    }
    return renders[style]


def e164(number: PhoneNumber) -> str:
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


# ----- payment, government and bank identifiers ------------------------------


def card_number(rng: random.Random) -> str:
    """A Luhn-valid card number with a real IIN range, grouped in one of several ways."""
    brand = rng.choices(["visa", "mc", "mc2", "amex", "discover"], [40, 20, 10, 18, 12])[0]
    prefix, length = {
        "visa": ("4", 16),
        "mc": (str(rng.randint(51, 55)), 16),
        "mc2": (str(rng.randint(2221, 2720)), 16),
        "amex": (rng.choice(["34", "37"]), 15),
        "discover": (rng.choice(["6011", str(rng.randint(644, 649)), "65"]), 16),
    }[brand]
    body = prefix + digits(rng, length - len(prefix) - 1)
    number = body + luhn.calc_check_digit(body)
    groups = [4, 6, 5] if length == 15 else [4, 4, 4, 4]
    sep = rng.choice([" ", " ", "-", ""])
    parts, pos = [], 0
    for size in groups:
        parts.append(number[pos : pos + size])
        pos += size
    return sep.join(parts)


def card_digits(card: str) -> str:
    return re.sub(r"\D", "", card)


def cvv_for(rng: random.Random, card: str) -> str:
    return digits(rng, 4 if len(card_digits(card)) == 15 else 3)


def card_expiry(rng: random.Random) -> str:
    return f"{rng.randint(1, 12):02d}/{rng.randint(27, 31)}"


def au_tfn(rng: random.Random) -> str:
    while True:
        number = str(rng.randint(1, 9)) + digits(rng, 8)
        if std_tfn.is_valid(number):
            return std_tfn.format(number) if rng.random() < 0.6 else number


def us_ssn(rng: random.Random) -> str:
    while True:
        number = f"{rng.randint(1, 899):03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"
        if std_ssn.is_valid(number):
            return number


def iban(rng: random.Random, country: str) -> str:
    banks, tail = IBAN_BANKS[country]
    bban = rng.choice(banks) + digits(rng, tail)
    number = country + std_iban.calc_check_digits(country + "00" + bban) + bban
    return std_iban.format(number) if rng.random() < 0.5 else number


def bsb_account(rng: random.Random) -> str:
    bsb = rng.choice(BSB_PREFIXES) + digits(rng, 3)
    return f"{bsb[:3]}-{bsb[3:]} {digits(rng, rng.choice([6, 8, 9]))}"


def aba_routing(rng: random.Random) -> str:
    body = rng.choice(ABA_PREFIXES) + digits(rng, 6)
    return body + std_rtn.calc_check_digit(body)


# ----- network ---------------------------------------------------------------


def public_ipv4(rng: random.Random) -> str:
    while True:
        address = ipaddress.IPv4Address(rng.getrandbits(32))
        if address.is_global and not address.is_multicast and address.packed[3] not in (0, 255):
            return str(address)


def private_ipv4(rng: random.Random) -> str:
    kind = rng.choice(["10", "172", "192"])
    if kind == "10":
        return f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    if kind == "172":
        return f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    return f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def ipv6(rng: random.Random) -> str:
    """A global unicast (2000::/3) or unique-local (fd00::/8) IPv6 address."""
    while True:
        if rng.random() < 0.8:
            head = [rng.randint(0x2400, 0x2A0F), rng.getrandbits(16), rng.getrandbits(16)]
        else:
            head = [0xFD00 | rng.getrandbits(8), rng.getrandbits(16), rng.getrandbits(16)]
        groups = [*head, rng.getrandbits(16), 0, 0, rng.getrandbits(16), rng.getrandbits(16)]
        if rng.random() < 0.5:
            groups[3] = 0
        address = ipaddress.IPv6Address(":".join(f"{g:x}" for g in groups))
        if address.is_global or address.is_private:
            return address.compressed


def any_ip(rng: random.Random) -> str:
    return rng.choices([public_ipv4, private_ipv4, ipv6], [50, 30, 20])[0](rng)


# --------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------


@dataclass
class Customer:
    first: str
    last: str
    country: str
    city: str
    postcode: str
    street: str
    email: str
    phone: PhoneNumber
    phone_text: str
    dob: dt.date
    twitter: str | None
    tfn: str
    ssn: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass
class Staff:
    first: str
    last: str
    title: str
    ext: str
    start: dt.date
    mobile: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def email(self) -> str:
        return f"{slug(self.first)}.{slug(self.last)}@{COMPANY_DOMAIN}"


def personal_email(rng: random.Random, first: str, last: str, country: str) -> str:
    first_s, last_s = slug(first), slug(last)
    local = rng.choice(
        [
            f"{first_s}.{last_s}",
            f"{first_s}{last_s[0]}",
            f"{first_s[0]}{last_s}{rng.randint(60, 99)}",
            f"{first_s}_{last_s}{rng.randint(1, 30)}",
            f"{last_s}.{first_s}",
        ]
    )
    return f"{local}@{rng.choice(FREE_MAIL[country])}"


def twitter_handle(rng: random.Random, first: str, last: str) -> str:
    first_s, last_s = slug(first), slug(last)
    handle = rng.choice(
        [
            f"{first_s}{last_s[:3]}",
            f"{first_s}_{rng.randint(70, 99)}",
            f"{first_s[0]}{last_s}",
            f"the{first_s}{last_s[0]}",
        ]
    )
    return "@" + handle[:15]


def street_line(rng: random.Random, country: str) -> str:
    name = rng.choice(STREET_NAMES[country])
    kind = rng.choice(STREET_TYPES[country])
    number = rng.randint(1, 2400 if country == "US" else 240)
    if country == "AU" and rng.random() < 0.3:
        return f"{rng.randint(1, 40)}/{number} {name} {kind}"
    if country == "GB" and rng.random() < 0.2:
        return f"Flat {rng.randint(1, 24)}, {number} {name} {kind}"
    return f"{number} {name} {kind}"


def locate(rng: random.Random, country: str) -> tuple[str, str, str]:
    """Return (city, postcode, landline area code) for a country."""
    if country == "AU":
        city, low, high, area = rng.choice(AU_CITIES)
        return city, str(rng.randint(low, high)), area
    if country == "US":
        city, prefix, areas = rng.choice(US_CITIES)
        return city, prefix + digits(rng, 2), rng.choice(areas)
    city, outward, area = rng.choice(GB_CITIES)
    inward = str(rng.randint(1, 9)) + "".join(rng.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2))
    return city, f"{rng.choice(outward)} {inward}", area


def make_customer(ctx: Ctx, country: str) -> Customer:
    rng, faker = ctx.rng, ctx.fakers[country]
    first, last = faker.first_name(), faker.last_name()
    city, postcode, area = locate(rng, country)
    phone = random_phone(rng, country, area, mobile=rng.random() < 0.6)
    return Customer(
        first=first,
        last=last,
        country=country,
        city=city,
        postcode=postcode,
        street=street_line(rng, country),
        email=personal_email(rng, first, last, country),
        phone=phone,
        phone_text=format_phone(rng, phone, country),
        dob=adult_dob(rng),
        twitter=twitter_handle(rng, first, last) if rng.random() < 0.4 else None,
        tfn=au_tfn(rng) if country == "AU" else "",
        ssn=us_ssn(rng) if country == "US" else "",
    )


def make_customers(ctx: Ctx) -> list[Customer]:
    countries = ctx.rng.choices(["AU", "US", "GB"], [50, 25, 25], k=COUNTS[CRM])
    return [make_customer(ctx, country) for country in countries]


def make_staff(ctx: Ctx) -> list[Staff]:
    rng, faker = ctx.rng, ctx.fakers["AU"]
    extensions = rng.sample(range(200, 9999), COUNTS[STAFF])
    people = []
    for i, ext in enumerate(extensions):
        title = rng.choice(AGENT_TITLES) if i % 3 else rng.choice(OTHER_TITLES)
        start = dt.date(2015, 1, 5) + dt.timedelta(days=rng.randrange(4000))
        mobile = format_phone(rng, random_phone(rng, "AU"), "AU")
        people.append(Staff(faker.first_name(), faker.last_name(), title, str(ext), start, mobile))
    return people


def agents_of(staff: Sequence[Staff]) -> list[Staff]:
    return [person for person in staff if person.title in AGENT_TITLES]


# --------------------------------------------------------------------------
# cdr.csv
# --------------------------------------------------------------------------


def business_numbers(rng: random.Random) -> list[str]:
    """The call centre's own numbers as they appear in dst (national digits)."""
    numbers = [random_phone(rng, "AU", "7", mobile=False) for _ in range(2)]
    for prefix in ("1300", "1800"):
        while True:
            number = phonenumbers.parse(prefix + digits(rng, 6), "AU")
            if phonenumbers.is_valid_number(number):
                numbers.append(number)
                break
    return [_national_digits(n) for n in numbers]


def caller(ctx: Ctx, customers: Sequence[Customer]) -> tuple[str, PhoneNumber, str]:
    """Return (display name, number, region) for an inbound caller."""
    if ctx.rng.random() < 0.7:
        person = ctx.rng.choice(customers)
        return person.name, person.phone, person.country
    faker = ctx.fakers["AU"]
    name = f"{faker.first_name()} {faker.last_name()}"
    return name, random_phone(ctx.rng, "AU", mobile=True), "AU"


def clid_value(rng: random.Random, name: str, number: str) -> str:
    if rng.random() < 0.15:
        first, last = name.split(" ", 1)
        name = f"{last} {first}".upper()[:15].strip()
    if rng.random() < 0.65:
        return f'"{name}" <{number}>'
    return f"{name} <{number}>"


def cdr_timing(rng: random.Random) -> tuple[str, int, int]:
    disposition = rng.choices(["ANSWERED", "NO ANSWER", "BUSY"], [70, 20, 10])[0]
    if disposition == "ANSWERED":
        billsec = rng.randint(20, 1800)
        return disposition, billsec + rng.randint(3, 30), billsec
    if disposition == "NO ANSWER":
        return disposition, rng.randint(15, 60), 0
    return disposition, rng.randint(0, 5), 0


def cdr_row(
    ctx: Ctx,
    row: int,
    start: dt.datetime,
    customers: Sequence[Customer],
    agents: Sequence[Staff],
    dids: Sequence[str],
    trunks: Sequence[str],
) -> dict[str, Any]:
    rng = ctx.rng
    name, number, region = caller(ctx, customers)
    ani = e164(number) if region != "AU" or rng.random() < 0.5 else _national_digits(number)
    disposition, duration, billsec = cdr_timing(rng)
    agent = rng.choice(agents) if disposition != "BUSY" else None
    call_id = new_uuid(rng)
    channel_ip = rng.choice(trunks)
    return {
        "call_id": call_id,
        "start_time": start.astimezone(BRISBANE).isoformat(timespec="seconds"),
        "clid": ctx.plant(CDR, "clid", row, CALLER_ID, clid_value(rng, name, ani), region),
        "ani": ctx.plant(CDR, "ani", row, CALLER_ID, ani, region),
        "dst": ctx.plant(CDR, "dst", row, PHONE, rng.choice(dids), "AU"),
        "agent_name": ctx.plant(CDR, "agent_name", row, PERSON, agent.name) if agent else "",
        "agent_ext": agent.ext if agent else "",
        "duration_s": duration,
        "billsec": billsec,
        "disposition": disposition,
        "channel": "SIP/" + ctx.plant(CDR, "channel", row, IP, channel_ip) + f"-{rng.getrandbits(32):08x}",
        "recording_url": (
            ctx.plant(CDR, "recording_url", row, VOICE, f"https://recordings.{COMPANY_DOMAIN}/rec/{call_id}.wav")
            if disposition == "ANSWERED"
            else ""
        ),
        "queue": rng.choice(QUEUES),
    }


def build_cdr(ctx: Ctx, customers: Sequence[Customer], staff: Sequence[Staff]) -> list[dict[str, Any]]:
    rng = ctx.rng
    dids = business_numbers(rng)
    trunks = [public_ipv4(rng) for _ in range(4)] + [private_ipv4(rng) for _ in range(4)]
    agents = agents_of(staff)
    times = sorted_times(rng, COUNTS[CDR])
    return [cdr_row(ctx, i, t, customers, agents, dids, trunks) for i, t in enumerate(times, 1)]


# --------------------------------------------------------------------------
# crm_customers.csv
# --------------------------------------------------------------------------

HARMLESS_NOTES = [
    "Upgraded to the Business plan; no further action needed.",
    "Asked about call recording retention settings.",
    "Desk phones updated to firmware {version}.",
    "Refund of ${amount} processed under ticket #{ticket}.",
    "Requested a copy of the latest invoice.",
    "Number porting submitted, expected to complete within 5 business days.",
    "Prefers morning callbacks before {time}.",
    "Reported echo on conference calls; resolved by replacing the handset.",
    "Interested in the 12-month contract discount.",
    "Account on hold pending credit check.",
    "Ordered 3 extra headsets for the front desk.",
    "Billing cycle moved to the 15th of each month.",
]


def harmless_values(rng: random.Random) -> dict[str, str]:
    """Numbers that look significant but are not personal data."""
    version, new_version = rng.sample(VERSIONS, 2)
    return {
        "version": version,
        "new_version": new_version,
        "amount": amount(rng, 9, 900),
        "ticket": str(rng.randint(10000, 99999)),
        "time": f"{rng.randint(8, 16)}:{rng.choice(['00', '15', '30', '45'])}",
        "order": luhn_invalid_16(rng),
    }


def harmless_fill(rng: random.Random, template: str) -> str:
    return template.format(**harmless_values(rng))


def crm_note(ctx: Ctx, row: int, person: Customer) -> str:
    rng = ctx.rng
    if rng.random() >= 0.2:
        return harmless_fill(rng, rng.choice(HARMLESS_NOTES))

    def email() -> str:
        address = personal_email(rng, person.first, person.last, person.country)
        return ctx.plant(CRM, "notes", row, EMAIL, address)

    def phone() -> str:
        number = random_phone(rng, person.country, mobile=True)
        return ctx.plant(CRM, "notes", row, PHONE, format_phone(rng, number, person.country), person.country)

    kind = rng.choice(["email", "email", "phone", "phone", "both", "two_emails"])
    if kind == "email":
        return f"Prefers email at {email()} after 5pm."
    if kind == "phone":
        return f"Call back on {phone()} regarding the invoice."
    if kind == "both":
        return f"New contact details: mobile {phone()}, email {email()}."
    return f"Send statements to {email()} and copy {email()}."


def crm_row(ctx: Ctx, row: int, customer_id: str, person: Customer) -> dict[str, Any]:
    rng = ctx.rng
    cc = person.country
    return {
        "customer_id": customer_id,
        "full_name": ctx.plant(CRM, "full_name", row, PERSON, person.name),
        "email": ctx.plant(CRM, "email", row, EMAIL, person.email),
        "phone": ctx.plant(CRM, "phone", row, PHONE, person.phone_text, cc),
        "street_address": ctx.plant(CRM, "street_address", row, ADDRESS, person.street),
        "city": person.city,
        "postcode": person.postcode,
        "country": cc,
        "dob": ctx.plant(CRM, "dob", row, DOB, person.dob.isoformat()),
        "created_at": iso_z(signup_time(random_time(rng, CRM_START), person.dob)),
        "account_ref": luhn_invalid_16(rng),
        "lifetime_value": amount(rng, 0, 25000),
        "tfn": ctx.plant(CRM, "tfn", row, TFN, person.tfn) if person.tfn else "",
        "ssn": ctx.plant(CRM, "ssn", row, SSN, person.ssn) if person.ssn else "",
        "notes": crm_note(ctx, row, person),
    }


def build_crm(ctx: Ctx, customers: Sequence[Customer]) -> list[dict[str, Any]]:
    next_id = ctx.rng.randint(100, 900)
    rows = []
    for row, person in enumerate(customers, 1):
        rows.append(crm_row(ctx, row, f"C{next_id:06d}", person))
        next_id += ctx.rng.randint(1, 9)
    return rows


# --------------------------------------------------------------------------
# payments.parquet
# --------------------------------------------------------------------------


def refund_account(ctx: Ctx, row: int, currency: str, result: dict[str, Any]) -> None:
    """Fill the bank column that suits the currency (refund destination)."""
    rng = ctx.rng
    if currency == "AUD":
        result["bsb_account"] = ctx.plant(PAYMENTS, "bsb_account", row, BANK, bsb_account(rng))
    elif currency == "USD":
        result["routing_number"] = ctx.plant(PAYMENTS, "routing_number", row, BANK, aba_routing(rng))
    else:
        country = "GB" if currency == "GBP" else rng.choice(["DE", "NL", "IE", "AT"])
        result["iban"] = ctx.plant(PAYMENTS, "iban", row, IBAN, iban(rng, country))


def payment_row(ctx: Ctx, row: int, paid_at: dt.datetime, person: Customer) -> dict[str, Any]:
    rng = ctx.rng
    currency = "EUR" if rng.random() < 0.15 else CURRENCY[person.country]
    has_card = rng.random() < 0.85
    result: dict[str, Any] = {
        "payment_id": new_uuid(rng),
        "order_number": luhn_invalid_16(rng),
        "customer_email": ctx.plant(PAYMENTS, "customer_email", row, EMAIL, person.email),
        "card_number": None,
        "cvv": None,
        "card_expiry": None,
        "amount": amount(rng, 15, 2500),
        "currency": currency,
        "iban": None,
        "bsb_account": None,
        "routing_number": None,
        "paid_at": paid_at,
    }
    if has_card:
        card = ctx.plant(PAYMENTS, "card_number", row, CARD, card_number(rng))
        result["card_number"] = card
        result["cvv"] = ctx.plant(PAYMENTS, "cvv", row, CVV, cvv_for(rng, card))
        result["card_expiry"] = card_expiry(rng)
    if not has_card or rng.random() < 0.4:
        refund_account(ctx, row, currency, result)
    return result


def build_payments(ctx: Ctx, customers: Sequence[Customer]) -> list[dict[str, Any]]:
    times = sorted_times(ctx.rng, COUNTS[PAYMENTS])
    return [payment_row(ctx, i, t, ctx.rng.choice(customers)) for i, t in enumerate(times, 1)]


# --------------------------------------------------------------------------
# chat_transcripts.jsonl
# --------------------------------------------------------------------------

# Each scenario: opening problem, then agent reply; personal-data slots come next,
# then the remaining lines. "{...}" fields take harmless values (see harmless_values).
SCENARIOS: list[list[tuple[str, str]]] = [
    [
        ("customer", "My desk phone keeps dropping calls since the last update."),
        ("agent", "Sorry to hear that! Which firmware version is the handset on?"),
        ("customer", "It shows firmware {version}."),
        ("agent", "Thanks. Please update to firmware {new_version} and restart the handset."),
    ],
    [
        ("customer", "I was charged ${amount} twice this month."),
        ("agent", "Let me check the billing records for you."),
        ("agent", "I can see the duplicate charge and have raised ticket #{ticket} for a refund."),
        ("agent", "Your refund of ${amount} will be processed within 3-5 business days."),
    ],
    [
        ("customer", "Order {order} still hasn't shipped."),
        ("agent", "I'll look up that order now."),
        ("agent", "Order {order} is with the courier and should arrive tomorrow before {time}."),
    ],
    [
        ("customer", "Following up on ticket #{ticket}, still no dial tone on our main line."),
        ("agent", "Thanks for following up. I'm checking the ticket history now."),
        ("agent", "Our network team found a fault at the exchange; it should be fixed by {time} today."),
    ],
    [
        ("customer", "The softphone app on version {version} won't let me log in."),
        ("agent", "Version {new_version} fixes a known login issue. Could you update and try again?"),
        ("customer", "That worked, thanks!"),
    ],
    [
        ("customer", "Calls to our main line go straight to voicemail after {time}."),
        ("agent", "That sounds like the after-hours schedule. Let me check the time settings."),
        ("agent", "I've moved the after-hours rule to start at 18:00. Please test again."),
    ],
    [
        ("customer", "How do I add a second extension to my account?"),
        ("agent", "Happy to help! Additional extensions are $12.50 per month each."),
        ("agent", "Done. The new extension is requested under ticket #{ticket}."),
    ],
]
AGENT_VERIFY = [
    "Could you please confirm the email address on the account?",
    "For security, could you confirm your date of birth?",
    "What is the best number to reach you on?",
]
CLOSINGS = [
    ("customer", "Great, thanks for your help."),
    ("agent", "Is there anything else I can help with today?"),
    ("customer", "That's all, cheers."),
    ("agent", "Thanks for chatting with us. Have a great day!"),
]


def dob_text(rng: random.Random, dob: dt.date, country: str) -> str:
    styles = [f"{dob.day} {dob:%B} {dob.year}", dob.isoformat()]
    if country != "US":
        styles.append(f"{dob:%d/%m/%Y}")
    return rng.choice(styles)


@dataclass
class Chat:
    """Accumulates the messages of one conversation and plants into them."""

    ctx: Ctx
    row: int
    person: Customer
    channel: str
    moment: dt.datetime
    messages: list[dict[str, str]] = field(default_factory=list)
    source: str = CHAT
    container: str = "messages.text"

    def plant(self, entity: str, value: str, region: str = "") -> str:
        return self.ctx.plant(self.source, self.container, self.row, entity, value, region)

    def say(self, sender: str, text: str) -> None:
        self.moment += dt.timedelta(seconds=self.ctx.rng.randint(20, 240))
        self.messages.append({"from": sender, "sent_at": iso_z(self.moment), "text": text})


def chat_slots(chat: Chat, twitter: str | None) -> None:
    """Plant personal data into some of the conversation's messages."""
    rng, person = chat.ctx.rng, chat.person
    if rng.random() < 0.35:
        chat.say("agent", AGENT_VERIFY[0])
        chat.say("customer", f"Sure, it's {chat.plant(EMAIL, person.email)}")
    if rng.random() < 0.3:
        chat.say("agent", AGENT_VERIFY[2])
        phone = chat.plant(PHONE, format_phone(rng, person.phone, person.country), person.country)
        chat.say("customer", rng.choice([f"Please call me on {phone}.", f"My mobile is {phone}"]))
    if rng.random() < 0.15:
        chat.say("agent", AGENT_VERIFY[1])
        dob = chat.plant(DOB, dob_text(rng, person.dob, person.country))
        chat.say("customer", f"I was born on {dob}" if " " in dob else f"DOB {dob}")
    if rng.random() < 0.15:
        address = chat.plant(IP, rng.choice([public_ipv4, ipv6])(rng))
        chat.say("customer", f"If it helps, my IP is {address}")
    if rng.random() < 0.1:
        chat_card(chat)
    if twitter and rng.random() < 0.5:
        chat_twitter(chat, twitter)


def chat_twitter(chat: Chat, twitter: str) -> None:
    handle = chat.plant(TWITTER, twitter)
    if chat.channel == "webchat":
        chat.say("customer", f"You can DM me on twitter {handle} if that's easier.")
    else:
        chat.say("customer", f"I also tweeted about this from {handle} yesterday.")


def chat_card(chat: Chat) -> None:
    rng = chat.ctx.rng
    card = chat.plant(CARD, card_number(rng))
    chat.say("customer", f"My card number is {card}, can you retry the payment?")
    if rng.random() < 0.6:
        cvv = chat.plant(CVV, cvv_for(rng, card))
        chat.say("customer", rng.choice([f"CVV {cvv}", f"and the security code is {cvv}"]))
    chat.say("agent", "Please never share full card details in chat. I've flagged this for removal.")


def chat_body(chat: Chat, twitter: str | None, introduce: bool = True) -> None:
    """The conversation; ``introduce``: the customer may give their name in the greeting."""
    rng = chat.ctx.rng
    values = harmless_values(rng)
    scenario = [(sender, text.format(**values)) for sender, text in rng.choice(SCENARIOS)]
    greeting = rng.choice(["Hi there.", "Hello.", "Hi!"])
    if introduce and rng.random() < 0.4:
        greeting = f"Hi, my name is {chat.plant(PERSON, chat.person.name)}."
    chat.say("customer", f"{greeting} {scenario[0][1]}")
    chat.say(*scenario[1])
    chat_slots(chat, twitter)
    for sender, text in scenario[2:] + CLOSINGS[: rng.randint(1, 4)]:
        chat.say(sender, text)


def chat_record(ctx: Ctx, row: int, started: dt.datetime, person: Customer, agent: Staff) -> dict[str, Any]:
    rng = ctx.rng
    channel = "twitter" if rng.random() < 0.3 else "webchat"
    twitter = person.twitter or (twitter_handle(rng, person.first, person.last) if channel == "twitter" else None)
    email = None if channel == "twitter" and rng.random() < 0.4 else person.email
    record: dict[str, Any] = {
        "conversation_id": new_uuid(rng),
        "started_at": iso_z(started),
        "channel": channel,
        "customer": {
            "name": ctx.plant(CHAT, "customer.name", row, PERSON, person.name),
            "email": ctx.plant(CHAT, "customer.email", row, EMAIL, email) if email else None,
            "twitter": ctx.plant(CHAT, "customer.twitter", row, TWITTER, twitter) if twitter else None,
        },
        "agent": {"name": ctx.plant(CHAT, "agent.name", row, PERSON, agent.name), "ext": agent.ext},
    }
    chat = Chat(ctx, row, person, channel, started)
    chat_body(chat, twitter)
    record["messages"] = chat.messages
    return record


def build_chat(ctx: Ctx, customers: Sequence[Customer], staff: Sequence[Staff]) -> list[dict[str, Any]]:
    agents = agents_of(staff)
    times = sorted_times(ctx.rng, COUNTS[CHAT])
    return [chat_record(ctx, i, t, ctx.rng.choice(customers), ctx.rng.choice(agents)) for i, t in enumerate(times, 1)]


# --------------------------------------------------------------------------
# app.log
# --------------------------------------------------------------------------

LogLine = Callable[[Ctx, int, Sequence[Customer]], tuple[str, str]]


def _log_ip(ctx: Ctx, row: int, address: str) -> str:
    return ctx.plant(LOG, "", row, IP, address)


def _log_email(ctx: Ctx, row: int, customers: Sequence[Customer]) -> str:
    return ctx.plant(LOG, "", row, EMAIL, ctx.rng.choice(customers).email)


def log_http(ctx: Ctx, row: int, customers: Sequence[Customer]) -> tuple[str, str]:
    rng = ctx.rng
    method, path = rng.choice(
        [
            ("GET", "/api/v2/tickets/{n}"),
            ("POST", "/api/v2/calls"),
            ("GET", "/api/v2/recordings/{n}"),
            ("PUT", "/api/v2/queues/{n}"),
        ]
    )
    address = _log_ip(ctx, row, rng.choice([public_ipv4, private_ipv4])(rng))
    path = path.format(n=rng.randint(10000, 99999))
    status, took = rng.choice([200, 200, 201, 404]), rng.randint(3, 900)
    return "INFO", f"{method} {path} {status} took {took}ms client_ip={address}"


def log_login(ctx: Ctx, row: int, customers: Sequence[Customer]) -> tuple[str, str]:
    email = _log_email(ctx, row, customers)
    address = _log_ip(ctx, row, any_ip(ctx.rng))
    return "INFO", f"login succeeded user={email} ip={address}"


def log_login_failed(ctx: Ctx, row: int, customers: Sequence[Customer]) -> tuple[str, str]:
    email = _log_email(ctx, row, customers)
    return "WARN", f"login failed for user={email}: invalid password (attempt {ctx.rng.randint(1, 5)}/5)"


def log_reset(ctx: Ctx, row: int, customers: Sequence[Customer]) -> tuple[str, str]:
    email = _log_email(ctx, row, customers)
    return "INFO", f"password reset email queued to={email} job={ctx.rng.getrandbits(64):016x}"


def log_ws(ctx: Ctx, row: int, customers: Sequence[Customer]) -> tuple[str, str]:
    address = _log_ip(ctx, row, ipv6(ctx.rng))
    return "INFO", f"websocket connected peer=[{address}]:{ctx.rng.randint(1024, 65535)}"


def log_upstream(ctx: Ctx, row: int, customers: Sequence[Customer]) -> tuple[str, str]:
    address = _log_ip(ctx, row, private_ipv4(ctx.rng))
    return "DEBUG", f"upstream {address}:5060 responded 200 OK took {ctx.rng.randint(2, 80)}ms"


def log_agent(ctx: Ctx, row: int, customers: Sequence[Customer]) -> tuple[str, str]:
    return "INFO", f'session started user agent "{ctx.plant(LOG, "", row, webapp.UA, ctx.rng.choice(USER_AGENTS))}"'


def log_build(ctx: Ctx, row: int, customers: Sequence[Customer]) -> tuple[str, str]:
    rng = ctx.rng
    commit, pid = rng.getrandbits(28), rng.randint(1000, 65000)
    return "INFO", f"worker started build=v3.11.7 commit={commit:07x} pid={pid}"


def log_cache(ctx: Ctx, row: int, customers: Sequence[Customer]) -> tuple[str, str]:
    rng = ctx.rng
    epoch_ms = int(random_time(rng).timestamp() * 1000)
    entries, took = rng.randint(10, 5000), rng.randint(5, 400)
    return "DEBUG", f"cache refresh done entries={entries} ts={epoch_ms} took {took}ms"


def log_job(ctx: Ctx, row: int, customers: Sequence[Customer]) -> tuple[str, str]:
    rng = ctx.rng
    return "INFO", f"job {rng.getrandbits(64):016x} completed in {rng.randint(10, 9000)}ms"


def log_error(ctx: Ctx, row: int, customers: Sequence[Customer]) -> tuple[str, str]:
    rng = ctx.rng
    request, retry = rng.getrandbits(48), rng.randint(1, 3)
    return "ERROR", f"request {request:012x} failed: upstream timeout after 3000ms (retry {retry})"


LOG_KINDS: list[tuple[LogLine, int]] = [
    (log_http, 22),
    (log_login, 8),
    (log_login_failed, 5),
    (log_reset, 5),
    (log_ws, 6),
    (log_upstream, 6),
    (log_agent, 10),
    (log_build, 6),
    (log_cache, 12),
    (log_job, 12),
    (log_error, 8),
]


def build_log(ctx: Ctx, customers: Sequence[Customer]) -> list[str]:
    rng = ctx.rng
    kinds, weights = zip(*LOG_KINDS, strict=True)
    lines = []
    for row, moment in enumerate(sorted_times(rng, COUNTS[LOG]), 1):
        level, message = rng.choices(kinds, weights)[0](ctx, row, customers)
        lines.append(f"{iso_z(moment, millis=True)} {level} [req={new_uuid(rng)}] {message}")
    return lines


# --------------------------------------------------------------------------
# staff.xlsx and inventory.csv
# --------------------------------------------------------------------------


def build_staff_rows(ctx: Ctx, staff: Sequence[Staff]) -> list[dict[str, Any]]:
    rows = []
    for row, person in enumerate(staff, 1):
        rows.append(
            {
                "employee_name": ctx.plant(STAFF, "employee_name", row, PERSON, person.name),
                "work_email": ctx.plant(STAFF, "work_email", row, EMAIL, person.email),
                "extension": int(person.ext),
                "job_title": person.title,
                "start_date": person.start,
                "mobile": ctx.plant(STAFF, "mobile", row, PHONE, person.mobile, "AU"),
            }
        )
    return rows


def build_inventory(ctx: Ctx) -> list[dict[str, Any]]:
    rng = ctx.rng
    rows = []
    for moment in sorted_times(rng, COUNTS[INVENTORY]):
        product, code = rng.choice(PRODUCTS)
        passive = code in {"CB", "MK", "PA"}
        rows.append(
            {
                "sku": f"{code}-{rng.randint(10000, 99999)}",
                "product_name": product,
                "firmware_version": "" if passive else rng.choice(VERSIONS),
                "unit_price": amount(rng, 4, 1400),
                "quantity": rng.randint(0, 400),
                "batch_uuid": new_uuid(rng),
                "updated_at": iso_z(moment),
                "order_number": luhn_invalid_16(rng),
                "warehouse": rng.choice(WAREHOUSES),
            }
        )
    return rows


# --------------------------------------------------------------------------
# callcentre/: telephony and contact-centre exports in their native formats
# --------------------------------------------------------------------------

ASTERISK_COLUMNS = (
    "accountcode", "src", "dst", "dcontext", "clid", "channel", "dstchannel", "lastapp", "lastdata",
    "start", "answer", "end", "duration", "billsec", "disposition", "amaflags", "uniqueid", "userfield",
)  # fmt: skip
FREESWITCH_COLUMNS = (
    "caller_id_name", "caller_id_number", "destination_number", "context", "start_stamp", "answer_stamp",
    "end_stamp", "duration", "billsec", "hangup_cause", "uuid", "bleg_uuid", "accountcode", "read_codec",
    "write_codec",
)  # fmt: skip
HANGUP_CAUSES = {"ANSWERED": "NORMAL_CLEARING", "NO ANSWER": "ORIGINATOR_CANCEL", "BUSY": "USER_BUSY"}
TWILIO_STATUS = {"ANSWERED": "completed", "NO ANSWER": "no-answer", "BUSY": "busy"}
CONNECT_INSTANCE = "arn:aws:connect:ap-southeast-2:{account}:instance/{instance}"
CONNECT_BUCKET = "corallink-connect-recordings/connect/corallink"
TWEET_SOURCE = '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>'
OUTBOUND_SMS = [
    "Corallink: your support ticket #{ticket} has been updated. Reply STOP to opt out.",
    "Corallink: a technician will call you after {time} today.",
    "Corallink: your invoice for ${amount} is now available in the customer portal.",
    "Corallink: we missed your call. Reply YES and we will call you back.",
]
INBOUND_SMS = ["YES", "Thanks, that time works.", "Still no dial tone on our main line.", "STOP"]
SUPPORT_REPLIES = [
    "Sorry to hear about the dropped calls! Please DM us your account number and we'll take a look.",
    "Thanks for letting us know. Our network team is looking into the echo on conference calls.",
    "Glad it's working again! Let us know if there's anything else we can help with.",
    "We've replied to your DM, please check your inbox when you have a moment.",
    "Firmware {version} fixes that login issue; please update the handset and restart it.",
]
ANNOUNCEMENTS = [
    "Scheduled maintenance tonight from 23:00 AEST: calls may drop for up to 5 minutes.",
    "Maintenance is complete and all services are running normally. Thanks for your patience!",
    "Firmware {version} for desk phones is rolling out this week.",
]


@dataclass
class Call:
    """One inbound call to the contact centre, as every telephony export records it."""

    uid: str
    start: dt.datetime
    name: str
    number: PhoneNumber
    region: str
    did: PhoneNumber
    agent: Staff | None
    disposition: str
    duration: int
    billsec: int
    trunk_ip: str
    anonymous: bool

    @property
    def answered(self) -> bool:
        return self.disposition == "ANSWERED"

    @property
    def answer_time(self) -> dt.datetime:
        return self.start + dt.timedelta(seconds=self.duration - self.billsec)

    @property
    def end(self) -> dt.datetime:
        return self.start + dt.timedelta(seconds=self.duration)

    def uniqueid(self, sequence: int) -> str:
        """Asterisk's uniqueid: the channel's creation time and a sequence number."""
        return f"{int(self.start.timestamp())}.{sequence}"


def make_calls(
    ctx: Ctx, count: int, customers: Sequence[Customer], staff: Sequence[Staff], anonymous: float = 0.0
) -> list[Call]:
    rng = ctx.rng
    agents = agents_of(staff)
    dids = [phonenumbers.parse(n, "AU") for n in business_numbers(rng)[:2]]
    trunks = [public_ipv4(rng) for _ in range(3)]
    calls = []
    for start in sorted_times(rng, count):
        name, number, region = caller(ctx, customers)
        disposition, duration, billsec = cdr_timing(rng)
        agent = rng.choice(agents) if disposition != "BUSY" else None
        withheld = rng.random() < anonymous
        uid = new_uuid(rng)
        calls.append(
            Call(
                uid,
                start,
                name,
                number,
                region,
                rng.choice(dids),
                agent,
                disposition,
                duration,
                billsec,
                rng.choice(trunks),
                withheld,
            )
        )
    return calls


def trunk_number(rng: random.Random, call: Call) -> str:
    """The caller's number as a trunk presents it: E.164, or national digits for AU callers half the time."""
    return e164(call.number) if call.region != "AU" or rng.random() < 0.5 else _national_digits(call.number)


def pbx_time(moment: dt.datetime) -> str:
    return moment.astimezone(BRISBANE).strftime("%Y-%m-%d %H:%M:%S")


def monitor_file(call: Call, dst: str, src: str, uniqueid: str) -> str:
    """FreePBX's MixMonitor file name for an inbound call."""
    return f"in-{dst}-{src}-{call.start.astimezone(BRISBANE):%Y%m%d-%H%M%S}-{uniqueid}.wav"


def hex_id(rng: random.Random, bits: int = 32) -> str:
    return f"{rng.getrandbits(bits):0{bits // 4}x}"


# ----- Asterisk --------------------------------------------------------------


def asterisk_row(ctx: Ctx, row: int, call: Call, sequence: int) -> list[Any]:
    """One Master.csv line (cdr_csv, no header)."""
    rng, source = ctx.rng, CC_MASTER
    uniqueid = call.uniqueid(sequence)
    dst = ctx.plant(source, "dst", row, PHONE, _national_digits(call.did), "AU")
    if call.anonymous:
        src, clid = "anonymous", '"Anonymous" <anonymous>'
    else:
        number = trunk_number(rng, call)
        src = ctx.plant(source, "src", row, CALLER_ID, number, call.region)
        clid = ctx.plant(source, "clid", row, CALLER_ID, clid_value(rng, call.name, number), call.region)
    channel = "SIP/" + ctx.plant(source, "channel", row, IP, call.trunk_ip) + f"-{hex_id(rng)}"
    recording = ""
    if call.answered:
        path = f"/var/spool/asterisk/monitor/{call.start.astimezone(BRISBANE):%Y/%m/%d}/"
        recording = ctx.plant(source, "userfield", row, VOICE, path + monitor_file(call, dst, src, uniqueid))
    return [
        "corallink", src, dst, "from-trunk", clid, channel,
        f"SIP/{call.agent.ext}-{hex_id(rng)}" if call.agent else "",
        "Queue", "support,t,,,300",
        pbx_time(call.start), pbx_time(call.answer_time) if call.answered else "", pbx_time(call.end),
        call.duration, call.billsec, call.disposition, "DOCUMENTATION", uniqueid, recording,
    ]  # fmt: skip


def freepbx_row(ctx: Ctx, row: int, call: Call, sequence: int, desk_phones: dict[str, str]) -> dict[str, Any]:
    """One row of FreePBX's asteriskcdrdb.cdr table (cdr_adaptive_odbc), exported with its header."""
    rng, source = ctx.rng, CC_FREEPBX
    uniqueid = call.uniqueid(sequence)
    did = ctx.plant(source, "did", row, PHONE, _national_digits(call.did), "AU")
    if call.anonymous:
        src, clid, cnam = "anonymous", '"Anonymous" <anonymous>', "Anonymous"
    else:
        number = trunk_number(rng, call)
        src = ctx.plant(source, "src", row, CALLER_ID, number, call.region)
        clid = ctx.plant(source, "clid", row, CALLER_ID, clid_value(rng, call.name, number), call.region)
        ctx.plant(source, "cnum", row, CALLER_ID, number, call.region)
        cnam = ctx.plant(source, "cnam", row, PERSON, call.name)
    agent = call.agent
    lastdata = ""
    if agent:
        phone_ip = ctx.plant(source, "lastdata", row, IP, desk_phones.setdefault(agent.ext, private_ipv4(rng)))
        lastdata = f"PJSIP/{agent.ext}/sip:{agent.ext}@{phone_ip}:5060,30,Ttr"
    recording = monitor_file(call, did, src, uniqueid) if call.answered else ""
    return {
        "calldate": pbx_time(call.start),
        "clid": clid,
        "src": src,
        "dst": "401",
        "dcontext": "ext-queues",
        "channel": f"PJSIP/corallink-trunk-{hex_id(rng)}",
        "dstchannel": f"PJSIP/{agent.ext}-{hex_id(rng)}" if agent else "",
        "lastapp": "Dial" if agent else "Queue",
        "lastdata": lastdata,
        "duration": call.duration,
        "billsec": call.billsec,
        "disposition": call.disposition,
        "amaflags": 3,
        "accountcode": "",
        "uniqueid": uniqueid,
        "userfield": "",
        "did": did,
        "recordingfile": ctx.plant(source, "recordingfile", row, VOICE, recording) if recording else "",
        "cnum": src,
        "cnam": cnam,
        "outbound_cnum": "",
        "outbound_cnam": "",
        "dst_cnam": ctx.plant(source, "dst_cnam", row, PERSON, agent.name) if agent else "",
        "linkedid": uniqueid,
        "peeraccount": "",
        "sequence": sequence,
    }


# ----- FreeSWITCH ------------------------------------------------------------


def freeswitch_row(ctx: Ctx, row: int, call: Call) -> list[str]:
    """One line of mod_cdr_csv's default template (no header, every field quoted)."""
    rng, source = ctx.rng, CC_FS_CSV
    if call.anonymous:
        name, number = "Anonymous", "anonymous"
    else:
        name = ctx.plant(source, "caller_id_name", row, PERSON, call.name)
        number = ctx.plant(source, "caller_id_number", row, CALLER_ID, trunk_number(rng, call), call.region)
    return [
        name, number, ctx.plant(source, "destination_number", row, PHONE, _national_digits(call.did), "AU"),
        "public", pbx_time(call.start), pbx_time(call.answer_time) if call.answered else "", pbx_time(call.end),
        str(call.duration), str(call.billsec), HANGUP_CAUSES[call.disposition], call.uid,
        new_uuid(rng) if call.agent else "", "", "PCMA", "PCMA",
    ]  # fmt: skip


def url_encoded(values: dict[str, str]) -> dict[str, str]:
    """Channel variables as mod_json_cdr writes them by default (URL-encoded)."""
    return {key: quote(value, safe="") for key, value in values.items()}


def freeswitch_json(ctx: Ctx, name: str, call: Call, core_uuid: str) -> dict[str, Any]:
    """One mod_json_cdr record (a file per call); every plant is in record 1 of its own file."""
    rng = ctx.rng

    def plant(container: str, entity: str, value: str, region: str = "") -> str:
        return ctx.plant(name, container, 1, entity, value, region)

    number = trunk_number(rng, call)
    did = _national_digits(call.did)
    start, answer, end = (int(t.timestamp() * 1_000_000) for t in (call.start, call.answer_time, call.end))
    recording = f"{call.uid}.wav"
    variables = {
        "direction": "inbound",
        "uuid": call.uid,
        "session_id": str(rng.randint(1, 9999)),
        "sip_from_user": plant("variables.sip_from_user", CALLER_ID, number, call.region),
        "sip_from_display": plant("variables.sip_from_display", PERSON, call.name),
        "sip_to_user": plant("variables.sip_to_user", PHONE, did, "AU"),
        "sip_network_ip": plant("variables.sip_network_ip", IP, call.trunk_ip),
        "sip_network_port": "5060",
        "sip_call_id": hex_id(rng, 128),
        "record_path": f"/var/lib/freeswitch/recordings/corallink/archive/{call.start.astimezone(BRISBANE):%Y/%b/%d}",
        "record_name": plant("variables.record_name", VOICE, recording),
        "start_stamp": pbx_time(call.start),
        "answer_stamp": pbx_time(call.answer_time),
        "end_stamp": pbx_time(call.end),
        "duration": str(call.duration),
        "billsec": str(call.billsec),
        "hangup_cause": HANGUP_CAUSES[call.disposition],
    }
    profile = {
        "username": "",
        "dialplan": "XML",
        "caller_id_name": plant("callflow.caller_profile.caller_id_name", PERSON, call.name),
        "ani": plant("callflow.caller_profile.ani", CALLER_ID, number, call.region),
        "aniii": "",
        "caller_id_number": plant("callflow.caller_profile.caller_id_number", CALLER_ID, number, call.region),
        "network_addr": plant("callflow.caller_profile.network_addr", IP, call.trunk_ip),
        "rdnis": "",
        "destination_number": plant("callflow.caller_profile.destination_number", PHONE, did, "AU"),
        "uuid": call.uid,
        "source": "mod_sofia",
        "context": "public",
        "chan_name": f"sofia/external/{number}@" + plant("callflow.caller_profile.chan_name", IP, call.trunk_ip),
    }
    return {
        "core-uuid": core_uuid,
        "switchname": "fs01",
        "channel_data": {"state": "CS_REPORTING", "direction": "inbound", "state_number": "11", "flags": "0=1;1=1"},
        "variables": url_encoded(variables),
        "app_log": {
            "applications": [
                {"app_name": "answer", "app_data": ""},
                {"app_name": "bridge", "app_data": f"user/{call.agent.ext}"},
            ]
        },
        "callflow": [
            {
                "dialplan": "XML",
                "profile_index": "1",
                "extension": {
                    "name": "corallink_inbound",
                    "number": plant("callflow.extension.number", PHONE, did, "AU"),
                },
                "caller_profile": profile,
                "times": {"created_time": str(start), "answered_time": str(answer), "hangup_time": str(end)},
            }
        ],
    }


# ----- Twilio ----------------------------------------------------------------


def twilio_time(moment: dt.datetime) -> str:
    return moment.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")


def twilio_formatted(number: PhoneNumber) -> str:
    """Twilio's *_formatted numbers: national style for US numbers, E.164 for the rest."""
    if phonenumbers.region_code_for_number(number) == "US":
        return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return e164(number)


def twilio_call(ctx: Ctx, row: int, call: Call, account: str) -> dict[str, Any]:
    """One call resource as Twilio's REST API lists it (snake_case keys)."""
    rng, source = ctx.rng, CC_TWILIO_CALLS
    inbound = rng.random() < 0.75
    caller_number, called_number = (call.number, call.did) if inbound else (call.did, call.number)
    caller_region = phonenumbers.region_code_for_number(caller_number)
    called_region = phonenumbers.region_code_for_number(called_number)
    sid = "CA" + hex_id(rng, 128)
    uri = f"/2010-04-01/Accounts/{account}/Calls/{sid}"
    cnam = inbound and call.region == "US"
    return {
        "account_sid": account,
        "annotation": None,
        "answered_by": None,
        "api_version": "2010-04-01",
        "caller_name": ctx.plant(source, "caller_name", row, PERSON, call.name) if cnam else None,
        "date_created": twilio_time(call.start),
        "date_updated": twilio_time(call.end),
        "direction": "inbound" if inbound else "outbound-api",
        "duration": str(call.billsec),
        "end_time": twilio_time(call.end),
        "forwarded_from": None,
        "from": ctx.plant(source, "from", row, CALLER_ID, e164(caller_number), caller_region),
        "from_formatted": ctx.plant(
            source, "from_formatted", row, CALLER_ID, twilio_formatted(caller_number), caller_region
        ),
        "group_sid": None,
        "parent_call_sid": None,
        "phone_number_sid": "PN" + hex_id(rng, 128),
        "price": f"-{rng.randint(1, 90) / 1000:.5f}",
        "price_unit": "USD",
        "queue_time": "0",
        "sid": sid,
        "start_time": twilio_time(call.answer_time),
        "status": TWILIO_STATUS[call.disposition],
        "subresource_uris": {
            "notifications": f"{uri}/Notifications.json",
            "recordings": f"{uri}/Recordings.json",
        },
        "to": ctx.plant(source, "to", row, PHONE, e164(called_number), called_region),
        "to_formatted": ctx.plant(source, "to_formatted", row, PHONE, twilio_formatted(called_number), called_region),
        "trunk_sid": None,
        "uri": f"{uri}.json",
    }


def build_twilio_calls(ctx: Ctx, calls: Sequence[Call]) -> dict[str, Any]:
    account = "AC" + hex_id(ctx.rng, 128)
    records = [twilio_call(ctx, row, call, account) for row, call in enumerate(calls, 1)]
    base = f"/2010-04-01/Accounts/{account}/Calls.json?PageSize=50"
    return {
        "calls": records,
        "end": len(records) - 1,
        "first_page_uri": f"{base}&Page=0",
        "next_page_uri": None,
        "page": 0,
        "page_size": 50,
        "previous_page_uri": None,
        "start": 0,
        "uri": f"{base}&Page=0",
    }


def sms_body(ctx: Ctx, row: int, person: Customer, inbound: bool) -> str:
    rng = ctx.rng
    values = harmless_values(rng)
    if not inbound:
        return rng.choice(OUTBOUND_SMS).format(**values)
    kind = rng.choice(["plain", "plain", "phone", "email"])
    if kind == "phone":
        number = format_phone(rng, random_phone(rng, person.country), person.country)
        return f"Please call me back on {ctx.plant(CC_TWILIO_SMS, 'Body', row, PHONE, number, person.country)} instead."
    if kind == "email":
        return f"My new email is {ctx.plant(CC_TWILIO_SMS, 'Body', row, EMAIL, person.email)}"
    return rng.choice(INBOUND_SMS)


def twilio_message(
    ctx: Ctx, row: int, sent: dt.datetime, person: Customer, ours: PhoneNumber, account: str
) -> dict[str, Any]:
    """One row of Twilio's message log export."""
    rng, source = ctx.rng, CC_TWILIO_SMS
    inbound = rng.random() < 0.5
    customer = ctx.plant(source, "From" if inbound else "To", row, PHONE, e164(person.phone), person.country)
    business = ctx.plant(source, "To" if inbound else "From", row, PHONE, e164(ours), "AU")
    return {
        "From": customer if inbound else business,
        "To": business if inbound else customer,
        "Body": sms_body(ctx, row, person, inbound),
        "Status": "received" if inbound else "delivered",
        "SentDate": sent.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
        "ApiVersion": "2010-04-01",
        "NumSegments": 1,
        "ErrorCode": "",
        "AccountSid": account,
        "Sid": "SM" + hex_id(rng, 128),
        "Direction": "inbound" if inbound else "outbound-api",
        "Price": f"-{rng.choice(['0.0075', '0.0079', '0.0515'])}",
        "PriceUnit": "USD",
    }


def build_twilio_sms(ctx: Ctx, customers: Sequence[Customer]) -> list[dict[str, Any]]:
    rng = ctx.rng
    ours = random_phone(rng, "AU", mobile=True)
    account = "AC" + hex_id(rng, 128)
    times = sorted_times(rng, COUNTS[CC_TWILIO_SMS])
    return [twilio_message(ctx, row, t, rng.choice(customers), ours, account) for row, t in enumerate(times, 1)]


# ----- Amazon Connect ----------------------------------------------------------


def connect_recordings(ctx: Ctx, row: int, call: Call) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The CTR's Recording (the call) and Recordings (the call, and sometimes the agent's screen)."""
    day = f"{call.start:%Y/%m/%d}"
    audio = f"{CONNECT_BUCKET}/CallRecordings/{day}/{call.uid}_{call.start:%Y%m%dT%H:%M}_UTC.wav"
    recording = {
        "DeletionReason": None,
        "Location": ctx.plant(CC_CONNECT, "Recording.Location", row, VOICE, audio),
        "Status": "AVAILABLE",
        "Type": "AUDIO",
    }
    stream = {
        "DeletionReason": None,
        "MediaStreamType": "AUDIO",
        "ParticipantType": "AGENT",
        "Status": "AVAILABLE",
        "StorageType": "S3",
        "StartTimestamp": iso_z(call.answer_time),
        "StopTimestamp": iso_z(call.end),
    }
    recordings = [{**stream, "Location": ctx.plant(CC_CONNECT, "Recordings.Location", row, VOICE, audio)}]
    if ctx.rng.random() < 0.4:
        screen = f"{CONNECT_BUCKET}/ScreenRecordings/{day}/{call.uid}_{call.agent.ext}.webm"
        location = ctx.plant(CC_CONNECT, "Recordings.Location", row, SCREEN, screen)
        recordings.append({**stream, "Location": location, "MediaStreamType": "VIDEO"})
    return recording, recordings


def connect_agent(ctx: Ctx, row: int, call: Call, instance: str) -> dict[str, Any]:
    agent = call.agent
    return {
        "ARN": f"{instance}/agent/{new_uuid(ctx.rng)}",
        "AfterContactWorkDuration": ctx.rng.randint(5, 120),
        "AgentInteractionDuration": call.billsec,
        "ConnectedToAgentTimestamp": iso_z(call.answer_time),
        "CustomerHoldDuration": 0,
        "HierarchyGroups": None,
        "LongestHoldDuration": 0,
        "NumberOfHolds": 0,
        "RoutingProfile": {"ARN": f"{instance}/routing-profile/{new_uuid(ctx.rng)}", "Name": "Basic Routing Profile"},
        "Username": ctx.plant(CC_CONNECT, "Agent.Username", row, EMAIL, agent.email),
    }


def connect_record(ctx: Ctx, row: int, call: Call, account: str, instance: str) -> dict[str, Any]:
    """One contact trace record: a voice call, or now and then a chat with no phone endpoints."""
    rng, source = ctx.rng, CC_CONNECT
    chat = rng.random() < 0.2
    attributes: dict[str, str] = {}
    if rng.random() < 0.5:
        attributes["customerName"] = ctx.plant(source, "Attributes.customerName", row, PERSON, call.name)
        attributes["accountNumber"] = f"C{rng.randint(100, 99999):06d}"
    if not chat and rng.random() < 0.3:
        callback = ctx.plant(source, "Attributes.callbackNumber", row, PHONE, e164(call.number), call.region)
        attributes["callbackNumber"] = callback
    recording, recordings = connect_recordings(ctx, row, call) if call.answered and not chat else (None, None)
    endpoint = None if chat else {"Address": "", "Type": "TELEPHONE_NUMBER"}
    customer = system = None
    if endpoint:
        customer = {
            **endpoint,
            "Address": ctx.plant(source, "CustomerEndpoint.Address", row, CALLER_ID, e164(call.number), call.region),
        }
        system = {**endpoint, "Address": ctx.plant(source, "SystemEndpoint.Address", row, PHONE, e164(call.did), "AU")}
    return {
        "AWSAccountId": account,
        "AWSContactTraceRecordFormatVersion": "2017-03-10",
        "Agent": connect_agent(ctx, row, call, instance) if call.answered else None,
        "AgentConnectionAttempts": 1 if call.agent else 0,
        "Attributes": attributes,
        "Channel": "CHAT" if chat else "VOICE",
        "ContactId": call.uid,
        "CustomerEndpoint": customer,
        "DisconnectReason": "CUSTOMER_DISCONNECT",
        "DisconnectTimestamp": iso_z(call.end),
        "InitialContactId": None,
        "InitiationMethod": "API" if chat else "INBOUND",
        "InitiationTimestamp": iso_z(call.start),
        "InstanceARN": instance,
        "LastUpdateTimestamp": iso_z(call.end + dt.timedelta(seconds=rng.randint(30, 300))),
        "MediaStreams": [{"Type": "CHAT" if chat else "AUDIO"}],
        "NextContactId": None,
        "PreviousContactId": None,
        "Queue": {"ARN": f"{instance}/queue/{new_uuid(rng)}", "Name": rng.choice(QUEUES), "Duration": 12},
        "Recording": recording,
        "Recordings": recordings,
        "SystemEndpoint": system,
        "TransferredToEndpoint": None,
    }


def build_connect(ctx: Ctx, calls: Sequence[Call]) -> list[dict[str, Any]]:
    account = digits(ctx.rng, 12)
    instance = CONNECT_INSTANCE.format(account=account, instance=new_uuid(ctx.rng))
    return [connect_record(ctx, row, call, account, instance) for row, call in enumerate(calls, 1)]


# ----- Genesys Cloud -----------------------------------------------------------


def genesys_session(ctx: Ctx, row: int, call: Call, dnis: bool = False) -> dict[str, Any]:
    rng, source = ctx.rng, CC_GENESYS
    session = {
        "ani": "tel:" + ctx.plant(source, "participants.sessions.ani", row, CALLER_ID, e164(call.number), call.region),
        "direction": "inbound",
        "dnis": "tel:" + ctx.plant(source, "participants.sessions.dnis", row, PHONE, e164(call.did), "AU"),
        "mediaType": "voice",
        "provider": "Edge",
        "sessionId": new_uuid(rng),
        "segments": [
            {
                "segmentStart": iso_z(call.start, millis=True),
                "segmentEnd": iso_z(call.end, millis=True),
                "segmentType": "interact",
                "conference": False,
            }
        ],
    }
    if dnis:
        session["sessionDnis"] = "tel:" + ctx.plant(
            source, "participants.sessions.sessionDnis", row, PHONE, e164(call.did), "AU"
        )
    return session


def genesys_conversation(ctx: Ctx, row: int, call: Call, division: str) -> dict[str, Any]:
    """One conversation of the analytics conversation-details query: customer, IVR, queue and agent."""
    rng, source = ctx.rng, CC_GENESYS

    def participant(name: str, purpose: str, dnis: bool = False) -> dict[str, Any]:
        return {
            "participantId": new_uuid(rng),
            "participantName": name,
            "purpose": purpose,
            "sessions": [genesys_session(ctx, row, call, dnis)],
        }

    customer_name = ctx.plant(source, "participants.participantName", row, PERSON, call.name)
    participants = [
        participant(customer_name, "customer", dnis=True),
        participant("Inbound_Main", "ivr"),
        participant(rng.choice(QUEUES[:4]), "acd"),
    ]
    if call.answered:
        agent_name = ctx.plant(source, "participants.participantName", row, PERSON, call.agent.name)
        participants.append({**participant(agent_name, "agent"), "userId": new_uuid(rng)})
    return {
        "conversationEnd": iso_z(call.end, millis=True),
        "conversationId": call.uid,
        "conversationStart": iso_z(call.start, millis=True),
        "divisionIds": [division],
        "originatingDirection": "inbound",
        "participants": participants,
    }


# ----- web chat (Zendesk Chat export) -------------------------------------------


def zendesk_message(sender: str, display: str, message: dict[str, str]) -> dict[str, Any]:
    return {
        "name": display,
        "msg": message["text"],
        "options": "",
        "sender_type": sender,
        "timestamp": message["sent_at"],
        "type": "chat.msg",
    }


def webchat_record(ctx: Ctx, row: int, started: dt.datetime, person: Customer, agent: Staff) -> dict[str, Any]:
    """One chat of Zendesk Chat's export: visitor, session, agent and the message history."""
    rng, source = ctx.rng, CC_WEBCHAT
    known = rng.random() < 0.7
    visitor_id = f"{rng.randint(10_000_000, 99_999_999)}"
    display = person.name if known else f"Visitor {visitor_id}"
    chat = Chat(ctx, row, person, "webchat", started, source=source, container="history.msg")
    chat_body(chat, None, introduce=False)  # the pre-chat form already asked for the name
    history = []
    for message in chat.messages:
        if message["from"] == "customer":
            name = ctx.plant(source, "history.name", row, PERSON, display) if known else display
            history.append(zendesk_message("Visitor", name, message))
        else:
            name = ctx.plant(source, "history.name", row, PERSON, agent.name)
            history.append(zendesk_message("Agent", name, message))
    city, _, _ = locate(rng, person.country)
    return {
        "id": f"{started:%y%m}.{visitor_id}.{hex_id(rng, 48)}",
        "type": "chat",
        "timestamp": iso_z(started),
        "department_name": rng.choice(QUEUES[:4]),
        "visitor": {
            "id": f"{visitor_id}.{hex_id(rng, 40)}",
            "name": ctx.plant(source, "visitor.name", row, PERSON, display) if known else display,
            "email": ctx.plant(source, "visitor.email", row, EMAIL, person.email) if known else "",
            "phone": ctx.plant(source, "visitor.phone", row, PHONE, person.phone_text, person.country) if known else "",
            "notes": "",
        },
        "session": {
            "browser": "Chrome",
            "city": city,
            "country_code": person.country,
            "ip": ctx.plant(source, "session.ip", row, IP, public_ipv4(rng)),
            "platform": "Mac OS",
            "user_agent": ctx.plant(source, "session.user_agent", row, webapp.UA, rng.choice(USER_AGENTS)),
        },
        "agent_names": [ctx.plant(source, "agent_names", row, PERSON, agent.name)],
        "history": history,
        "count": {"total": len(history), "visitor": sum(m["sender_type"] == "Visitor" for m in history)},
        "duration": int((chat.moment - started).total_seconds()),
        "missed": False,
        "rating": rng.choice([None, "good", "bad"]),
        "tags": [],
        "webpath": [
            {
                "title": "Contact us - Corallink",
                "to": f"https://www.{COMPANY_DOMAIN}/contact",
                "timestamp": iso_z(started),
            }
        ],
    }


def build_webchat(ctx: Ctx, customers: Sequence[Customer], staff: Sequence[Staff]) -> dict[str, Any]:
    rng = ctx.rng
    agents = agents_of(staff)
    times = sorted_times(rng, COUNTS[CC_WEBCHAT])
    chats = [webchat_record(ctx, row, t, rng.choice(customers), rng.choice(agents)) for row, t in enumerate(times, 1)]
    return {"chats": chats, "count": len(chats), "next_url": None}


# ----- Twitter archive -----------------------------------------------------------


def tweet_id(moment: dt.datetime, rng: random.Random) -> str:
    """A snowflake id: milliseconds since Twitter's epoch, then machine and sequence bits."""
    return str((int(moment.timestamp() * 1000) - 1288834974657) << 22 | rng.getrandbits(22))


def support_tweet(ctx: Ctx, row: int, moment: dt.datetime, person: Customer) -> dict[str, Any]:
    """One tweet of the support account's archive: a reply to a customer, or an announcement."""
    rng, source = ctx.rng, CC_TWEETS
    values = harmless_values(rng)
    tid = tweet_id(moment, rng)
    tweet: dict[str, Any] = {
        "edit_info": {
            "initial": {
                "editTweetIds": [tid],
                "editableUntil": iso_z(moment + dt.timedelta(hours=1), True),
                "editsRemaining": "5",
                "isEditEligible": False,
            }
        },
        "retweeted": False,
        "source": TWEET_SOURCE,
        "entities": {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []},
        "favorite_count": str(rng.randint(0, 3)),
        "id_str": tid,
        "truncated": False,
        "retweet_count": "0",
        "id": tid,
        "created_at": moment.astimezone(UTC).strftime("%a %b %d %H:%M:%S +0000 %Y"),
        "favorited": False,
        "lang": "en",
    }
    if rng.random() < 0.3:
        text = rng.choice(ANNOUNCEMENTS).format(**values)
        return {"tweet": {**tweet, "display_text_range": ["0", str(len(text))], "full_text": text}}
    handle = (person.twitter or twitter_handle(rng, person.first, person.last)).lstrip("@")
    user_id = str(rng.randint(10**8, 10**18))
    status_id = tweet_id(moment - dt.timedelta(minutes=rng.randint(5, 600)), rng)
    reply = rng.choice(SUPPORT_REPLIES).format(**values)
    text = ctx.plant(source, "tweet.full_text", row, TWITTER, "@" + handle) + " " + reply
    mention = {
        "name": ctx.plant(source, "tweet.entities.user_mentions.name", row, PERSON, person.name),
        "screen_name": ctx.plant(source, "tweet.entities.user_mentions.screen_name", row, TWITTER, handle),
        "indices": ["0", str(len(handle) + 1)],
        "id_str": user_id,
        "id": user_id,
    }
    return {
        "tweet": {
            **tweet,
            "entities": {**tweet["entities"], "user_mentions": [mention]},
            "display_text_range": ["0", str(len(text))],
            "in_reply_to_status_id_str": status_id,
            "in_reply_to_status_id": status_id,
            "in_reply_to_user_id": user_id,
            "in_reply_to_user_id_str": user_id,
            "full_text": text,
            "in_reply_to_screen_name": ctx.plant(source, "tweet.in_reply_to_screen_name", row, TWITTER, handle),
        }
    }


def tweets_js(records: Sequence[dict[str, Any]]) -> bytes:
    """The archive's data/tweets.js: a JavaScript assignment of pretty-printed JSON."""
    return ("window.YTD.tweets.part0 = " + json.dumps(records, indent=2, separators=(",", " : "))).encode("utf-8")


# ----- all of callcentre/ -----------------------------------------------------------


def build_callcentre(ctx: Ctx, customers: Sequence[Customer], staff: Sequence[Staff]) -> dict[str, bytes]:
    """Every callcentre/ file; generated after the rest so the older files do not change."""
    rng = ctx.rng
    files: dict[str, bytes] = {}
    calls = make_calls(ctx, COUNTS[CC_MASTER], customers, staff, anonymous=0.1)
    rows = [asterisk_row(ctx, row, c, 100 + row) for row, c in enumerate(calls, 1)]
    files[CC_MASTER] = headerless_csv_bytes(rows, csv.QUOTE_NONNUMERIC)
    calls = make_calls(ctx, COUNTS[CC_FREEPBX], customers, staff, anonymous=0.1)
    desk_phones: dict[str, str] = {}
    files[CC_FREEPBX] = csv_bytes([freepbx_row(ctx, row, c, 500 + row, desk_phones) for row, c in enumerate(calls, 1)])
    calls = make_calls(ctx, COUNTS[CC_FS_CSV], customers, staff, anonymous=0.1)
    files[CC_FS_CSV] = headerless_csv_bytes(
        [freeswitch_row(ctx, row, c) for row, c in enumerate(calls, 1)], csv.QUOTE_ALL
    )
    core_uuid = new_uuid(rng)
    answered = [c for c in make_calls(ctx, 3 * FS_JSON_FILES, customers, staff) if c.answered][:FS_JSON_FILES]
    for call in answered:
        name = f"{CC_FS_JSON}/{call.uid}.cdr.json"
        files[name] = json.dumps(freeswitch_json(ctx, name, call, core_uuid)).encode("utf-8")
    calls = make_calls(ctx, COUNTS[CC_TWILIO_CALLS], customers, staff)
    files[CC_TWILIO_CALLS] = json_bytes(build_twilio_calls(ctx, calls))
    files[CC_TWILIO_SMS] = csv_bytes(build_twilio_sms(ctx, customers))
    calls = make_calls(ctx, COUNTS[CC_CONNECT], customers, staff)
    files[CC_CONNECT] = jsonl_bytes(build_connect(ctx, calls))
    calls = make_calls(ctx, COUNTS[CC_GENESYS], customers, staff)
    division = new_uuid(rng)
    conversations = [genesys_conversation(ctx, row, c, division) for row, c in enumerate(calls, 1)]
    files[CC_GENESYS] = json_bytes({"conversations": conversations, "totalHits": len(conversations)})
    files[CC_WEBCHAT] = json_bytes(build_webchat(ctx, customers, staff))
    times = sorted_times(rng, COUNTS[CC_TWEETS])
    files[CC_TWEETS] = tweets_js([support_tweet(ctx, row, t, rng.choice(customers)) for row, t in enumerate(times, 1)])
    return files


# --------------------------------------------------------------------------
# Serialisation (byte-stable)
# --------------------------------------------------------------------------


def csv_bytes(rows: Sequence[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def headerless_csv_bytes(rows: Iterable[Sequence[Any]], quoting: int) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, quoting=quoting, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def json_bytes(document: Any) -> bytes:
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def jsonl_bytes(records: Iterable[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def parquet_bytes(rows: Sequence[dict[str, Any]]) -> bytes:
    fields = [pa.field(name, pa.string()) for name in rows[0] if name != "paid_at"]
    schema = pa.schema([*fields, pa.field("paid_at", pa.timestamp("ms", tz="UTC"))])
    table = pa.Table.from_pylist(list(rows), schema=schema)
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="snappy")
    return buffer.getvalue()


def _stable_zip(raw: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and a fixed docProps/core.xml modified time."""
    stamp = XLSX_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                pattern = rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*"
                data = re.sub(pattern, rb"\g<1>" + stamp.encode(), data)
            entry = zipfile.ZipInfo(info.filename, date_time=XLSX_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, data)
    return out.getvalue()


def xlsx_bytes(rows: Sequence[dict[str, Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = STAFF_SHEET
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    for cell in sheet["E"][1:]:
        cell.number_format = "yyyy-mm-dd"
    workbook.properties.creator = "piiaudit sample_data/generate.py"
    workbook.properties.created = XLSX_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _stable_zip(buffer.getvalue())


def label_container(plant: Plant) -> str:
    """How piiaudit names the container: workbook columns are qualified by their sheet."""
    return f"{STAFF_SHEET}.{plant.container}" if plant.source == STAFF else plant.container


def label_spans(loaded: dict[str, Cells], plants: Sequence[Plant]) -> list[tuple[int, int]]:
    """Each plant's character span in its value, the file read back (the same value planted twice in one
    cell takes its next occurrence)."""
    taken: set[tuple[str, str, int, int, int]] = set()
    spans = []
    for plant in plants:
        texts = loaded[plant.source].get((plant.container, plant.row), [])
        whole = re.compile(rf"(?<![0-9A-Za-z]){re.escape(plant.value)}(?![0-9A-Za-z])")
        found = [(i, m.start()) for finder in (whole.finditer, None) for i, t in enumerate(texts)
                 for m in (finder(t) if finder else re.finditer(re.escape(plant.value), t))]  # fmt: skip
        free = [(i, start) for i, start in found if (plant.source, plant.container, plant.row, i, start) not in taken]
        require(bool(free), f"not found in file: {plant}")
        index, start = free[0]  # a standalone occurrence first (a CVV "482" not inside an order number)
        taken.add((plant.source, plant.container, plant.row, index, start))
        spans.append((start, start + len(plant.value)))
    return spans


def labels_bytes(plants: Sequence[Plant], spans: Sequence[tuple[int, int]]) -> bytes:
    rows = [
        {"source": p.source, "container": label_container(p), "row": p.row, "entity": p.entity, "start": a, "end": b}
        for p, (a, b) in zip(plants, spans, strict=True)
    ]
    return csv_bytes(rows)


def build_corpus(seed: int = SEED) -> tuple[dict[str, bytes], list[Plant]]:
    """Generate every file in memory; returns file name -> bytes and the plants."""
    ctx = Ctx.new(seed)
    staff = make_staff(ctx)
    customers = make_customers(ctx)
    files = {
        CDR: csv_bytes(build_cdr(ctx, customers, staff)),
        CRM: csv_bytes(build_crm(ctx, customers)),
        PAYMENTS: parquet_bytes(build_payments(ctx, customers)),
        CHAT: jsonl_bytes(build_chat(ctx, customers, staff)),
        LOG: "".join(line + "\n" for line in build_log(ctx, customers)).encode("utf-8"),
        STAFF: xlsx_bytes(build_staff_rows(ctx, staff)),
        INVENTORY: csv_bytes(build_inventory(ctx)),
    }
    files |= build_callcentre(ctx, customers, staff)
    files |= webapp.build(ctx, customers, public_ipv4)
    files |= build_stored_shapes(ctx)
    with tempfile.TemporaryDirectory() as folder:
        for name, data in files.items():
            (Path(folder) / name).parent.mkdir(parents=True, exist_ok=True)
            (Path(folder) / name).write_bytes(data)
        loaded = load_cells(Path(folder), [name for name in files if name.startswith(CALLCENTRE_DIR)])
    files[LABELS] = labels_bytes(ctx.plants, label_spans(loaded, ctx.plants))
    return files, ctx.plants


def callcentre_files(folder: Path) -> list[str]:
    return [p.relative_to(folder).as_posix() for p in (folder / CALLCENTRE_DIR).rglob("*") if p.is_file()]


def write_corpus(folder: Path, seed: int = SEED) -> list[Plant]:
    files, plants = build_corpus(seed)
    for stale in set(callcentre_files(folder)) - set(files):
        (folder / stale).unlink()
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return plants


# --------------------------------------------------------------------------
# Stored shapes: personal data the way CRMs and phone systems store it
# --------------------------------------------------------------------------
# contacts.csv: one-word first/last name columns of several languages, a birth-date column in one
# spelling per file (chosen by the seed), phone numbers of any country (E.164, other countries' national
# form, NANP numbers no region assigns), postal addresses in USPS/AU/unit/lot/PO box/military forms, and
# look-alikes that must stay unlabelled: department and product words, SSN-shaped references no SSN
# rule accepts. support_tickets.csv: ticket bodies that name people, numbers, addresses and birth dates
# without "my name is"/"DOB" phrasing, and Latin filler. callcentre/: an Asterisk cdr_csv with
# newcdrcolumns (21 fields, Caller IDs with an empty name or a SIP user), a FreeSWITCH CSV re-saved by a
# spreadsheet program, and a Twilio call log with international callers and SIP/Client addresses.

CONTACTS, TICKETS = "contacts.csv", "support_tickets.csv"
CC_NEWCDR = "callcentre/asterisk/Master-newcdr.csv"
CC_FS_RESAVED = "callcentre/freeswitch/Master-resaved.csv"
CC_TWILIO_INTL = "callcentre/twilio/calls-intl.json"
SIP = "SIP_ADDRESS"
STORED_SHAPES = (CONTACTS, TICKETS, CC_NEWCDR, CC_FS_RESAVED, CC_TWILIO_INTL)
COUNTS |= {CONTACTS: 80, TICKETS: 80, CC_NEWCDR: 30, CC_FS_RESAVED: 25, CC_TWILIO_INTL: 25}
NAME_LOCALES = ["en_US", "en_GB", "en_AU", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "en_IE", "pt_BR"]
FOREIGN_REGIONS = ["RU", "DE", "FR", "BR", "IN", "JP", "MX", "ZA", "NG", "IT", "ES", "NL", "PL", "KR"]
DOB_FORMATS = ["%Y/%m/%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%d-%b-%Y", "%B %d, %Y", "%Y%m%d", "%Y-%m-%d"]
USPS_SUFFIXES = [
    "Island",
    "Run",
    "Fork",
    "Crossing",
    "Terrace",
    "Trace",
    "Pike",
    "Loop",
    "Hollow",
    "Bluff",
    "Pass",
    "Ridge",
    "Glen",
    "Commons",
    "Way",
    "St.",
    "Ave",
    "Blvd",
    "Ct",
    "Xing",
    "Hts",
    "Trl",
]
AU_STREET_TYPES = [
    "Parade",
    "Esplanade",
    "Crescent",
    "Circuit",
    "Close",
    "Grove",
    "Rise",
    "Quay",
    "Promenade",
    "Pde",
    "Cres",
    "Cct",
    "Tce",
]
DEPARTMENTS = ["Billing", "Provisioning", "Logistics", "Procurement", "Compliance"]
PRODUCT_WORDS = ["Sprocket", "Widget", "Gizmo", "Toaster", "Lantern", "Bracket", "Gadget", "Dongle"]
LOREM = [
    "lorem",
    "ipsum",
    "dolor",
    "sit",
    "amet",
    "consectetur",
    "adipiscing",
    "elit",
    "sed",
    "do",
    "eiusmod",
    "tempor",
    "incididunt",
    "ut",
    "labore",
    "et",
    "dolore",
    "magna",
    "aliqua",
    "enim",
    "minim",
    "veniam",
    "quis",
    "nostrud",
    "exercitation",
    "ullamco",
    "laboris",
]
WITHHELD_CLID = '"Anonymous" <anonymous>'
OUR_PBX = "pbx.corallink.com.au"


def name_faker(ctx: Ctx) -> Faker:
    """Names of several languages, seeded from the corpus' random state."""
    fake = Faker(NAME_LOCALES)
    fake.seed_instance(ctx.rng.randrange(2**32))
    return fake


def one_word(make: Callable[[], str]) -> str:
    """A name of one word (``Smith``, ``O'Neil``, ``Müller``), drawn until ``make`` gives one."""
    for _ in range(1000):
        name = make()
        if re.fullmatch(r"[^\W\d_][\w'-]*", name) and name[0].isupper():
            return name
    raise RuntimeError("no one-word name")


def two_words(fake: Faker) -> str:
    return f"{one_word(fake.first_name)} {one_word(fake.last_name)}"


def foreign_phone(rng: random.Random, region: str) -> PhoneNumber:
    """A random mobile number valid for ``region`` (any country)."""
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    significant = str(example.national_number)
    for _ in range(10_000):
        candidate = significant[:3] + digits(rng, len(significant) - 3)
        number = phonenumbers.parse(f"+{example.country_code}{candidate}")
        if phonenumbers.is_valid_number_for_region(number, region):
            return number
    raise RuntimeError(f"no valid {region} number")


def stored_phone(rng: random.Random) -> tuple[str, str]:
    """(number as a phone field may hold it, its region or ``NANP``): E.164 of any country, another country's
    national form, or a NANP-formatted number no NANP region assigns (exchange 1XX)."""
    kind = rng.choice(["e164", "e164", "national", "nanp_unassigned", "nanp"])
    if kind == "nanp_unassigned":
        return f"({rng.choice(AREA_CODES['US'])}) 1{digits(rng, 2)}-{digits(rng, 4)}", "NANP"
    if kind == "nanp":
        return phonenumbers.format_number(random_phone(rng, "US"), PhoneNumberFormat.NATIONAL), "US"
    region = rng.choice(FOREIGN_REGIONS)
    number = foreign_phone(rng, region)
    style = PhoneNumberFormat.E164 if kind == "e164" else PhoneNumberFormat.NATIONAL
    return phonenumbers.format_number(number, style), region


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def stored_address(rng: random.Random) -> str:
    """A postal address line in one of the forms CRMs hold: numbered streets, units, lots, PO boxes, military."""
    street = rng.choice(STREET_NAMES["US"] + STREET_NAMES["AU"])
    number = rng.randint(1, 9999)
    forms = {
        "numbered": lambda: f"{number} {ordinal(rng.randint(1, 99))} St. #{rng.randint(1, 999)}",
        "avenue": lambda: f"{number} {ordinal(rng.randint(1, 12))} Avenue Apt {rng.randint(1, 30)}{rng.choice('ABCD')}",
        "unit": lambda: f"Unit {rng.randint(1, 40)}/{rng.randint(1, 300)} {street} {rng.choice(AU_STREET_TYPES)}",
        "lot": lambda: f"Lot {rng.randint(1, 300)} {street} {rng.choice(['Rd', 'Road', 'Lane', 'Circuit'])}",
        "po_box": lambda: f"{rng.choice(['PO Box', 'P.O. Box', 'GPO Box'])} {rng.randint(1, 9999)}",
        "apo": lambda: (
            f"PSC {rng.randint(1000, 9999)}, Box {rng.randint(1000, 9999)}, APO AE {rng.randint(9000, 9999):05d}"
        ),
        "dpo": lambda: (
            f"Unit {rng.randint(1000, 9999)} Box {rng.randint(1000, 9999)}, DPO AE {rng.randint(9000, 9999):05d}"
        ),
        "usps": lambda: f"{number} {street} {rng.choice(USPS_SUFFIXES)}",
        "au": lambda: f"{rng.randint(1, 300)} {street} {rng.choice(AU_STREET_TYPES)}",
    }
    return forms[rng.choice(sorted(forms))]()


def invalid_ssn(rng: random.Random) -> str:
    """An SSN-shaped reference that no SSN rule accepts (area 000, 666 or 9XX, group 00, serial 0000)."""
    area = rng.choice(["000", "666", f"9{digits(rng, 2)}", f"{rng.randint(100, 665)}"])
    group = "00" if area.startswith(("1", "2", "3", "4", "5", "6")) and area != "666" else f"{rng.randint(1, 99):02d}"
    return f"{area}-{group}-{digits(rng, 4)}"


def build_contacts(ctx: Ctx) -> list[dict[str, Any]]:
    rng, fake, source = ctx.rng, name_faker(ctx), CONTACTS
    birth_format = rng.choice(DOB_FORMATS)
    rows = []
    for row in range(1, COUNTS[source] + 1):
        phone, region = stored_phone(rng)
        rows.append(
            {
                "contact_id": new_uuid(rng),
                "first_name": ctx.plant(source, "first_name", row, PERSON, one_word(fake.first_name)),
                "last_name": ctx.plant(source, "last_name", row, PERSON, one_word(fake.last_name)),
                "birth_date": ctx.plant(source, "birth_date", row, DOB, adult_dob(rng).strftime(birth_format)),
                "mobile": ctx.plant(source, "mobile", row, PHONE, phone, region),
                "postal_address": ctx.plant(source, "postal_address", row, ADDRESS, stored_address(rng)),
                "department": rng.choice(DEPARTMENTS),
                "product_name": rng.choice(PRODUCT_WORDS),
                "reference": invalid_ssn(rng),
            }
        )
    return rows


def ticket_body(ctx: Ctx, row: int, fake: Faker) -> str:
    """A ticket note: personal data in everyday phrasing (no "my name is", no "DOB"), or none at all."""
    rng, source = ctx.rng, TICKETS

    def plant(entity: str, value: str, region: str = "") -> str:
        return ctx.plant(source, "body", row, entity, value, region)

    kind = rng.choice(["person", "person", "phone", "email", "address", "born", "filler", "filler", "plain"])
    if kind == "person":
        template = rng.choice(["Spoke with {} about the outage; follow up Friday.", "{} rang twice about the invoice.",
                               "Escalated by {} after the second failed port."])  # fmt: skip
        return template.format(plant(PERSON, two_words(fake)))
    if kind == "phone":
        region = rng.choice(FOREIGN_REGIONS)
        number = phonenumbers.format_number(foreign_phone(rng, region), PhoneNumberFormat.INTERNATIONAL)
        return f"Reach them on {plant(PHONE, number, region)} after 5pm their time."
    if kind == "email":
        first, last = one_word(fake.first_name), one_word(fake.last_name)
        address = f"{slug(first)}.{slug(last)}@{rng.choice(FREE_MAIL['US'])}"
        return f"Forwarded the quote to {plant(EMAIL, address)} as requested."
    if kind == "address":
        lead = rng.choice(
            ["Parcel to be delivered to", "Customer now lives at", "New mailing address is", "Shipping to"]
        )
        return f"{lead} {plant(ADDRESS, stored_address(rng))} from next week."
    if kind == "born":
        lead = rng.choice(["Account holder was born", "Born", "Birthday is", "Date of birth given as"])
        return f"{lead} {plant(DOB, adult_dob(rng).strftime(rng.choice(DOB_FORMATS)))} per the ID check."
    if kind == "filler":
        words = rng.sample(LOREM, 10)
        return " ".join(w.capitalize() if i % 3 == 0 else w for i, w in enumerate(words)) + "."
    return f"Router rebooted, ticket #{rng.randint(10000, 99999)} closed after {rng.randint(2, 59)} minutes."


def build_tickets(ctx: Ctx) -> list[dict[str, Any]]:
    fake = name_faker(ctx)
    return [
        {"ticket_id": f"T-{10000 + row}", "queue": ctx.rng.choice(["T1", "T2"]), "body": ticket_body(ctx, row, fake)}
        for row in range(1, COUNTS[TICKETS] + 1)
    ]


def newcdr_caller(ctx: Ctx, row: int, fake: Faker) -> tuple[str, str]:
    """(clid, src) of an inbound call: an empty name, a SIP user, an international number, or withheld."""
    rng, source = ctx.rng, CC_NEWCDR
    kind = rng.choice(["empty_name", "sip_user", "international", "withheld"])
    if kind == "withheld":
        return WITHHELD_CLID, "anonymous"
    if kind == "sip_user":
        name = two_words(fake)
        user = slug(name.split()[0])[:1] + slug(name.split()[1])
        return ctx.plant(source, "clid", row, CALLER_ID, f'"{name}" <{user}>'), user
    if kind == "empty_name":
        number = digits(rng, 10)
        clid = ctx.plant(source, "clid", row, CALLER_ID, f'"" <{number}>')
        return clid, ctx.plant(source, "src", row, CALLER_ID, number)
    region = rng.choice(FOREIGN_REGIONS)
    number = phonenumbers.format_number(foreign_phone(rng, region), PhoneNumberFormat.E164)
    clid = ctx.plant(source, "clid", row, CALLER_ID, f'"{two_words(fake)}" <{number}>', region)
    return clid, ctx.plant(source, "src", row, CALLER_ID, number, region)


def public_ip(rng: random.Random) -> str:
    return f"{rng.choice([49, 101, 120, 144, 180])}.{rng.randint(1, 254)}.{rng.randint(1, 254)}.{rng.randint(1, 254)}"


def build_newcdr(ctx: Ctx) -> bytes:
    """Asterisk cdr_csv with ``newcdrcolumns=yes``: the 18 standard fields, then peeraccount, linkedid, sequence."""
    rng, fake, source = ctx.rng, name_faker(ctx), CC_NEWCDR
    ours = e164(random_phone(rng, "AU", mobile=False))
    rows = []
    for row, start in enumerate(sorted_times(rng, COUNTS[source]), 1):
        clid, src = newcdr_caller(ctx, row, fake)
        answer, seconds = start + dt.timedelta(seconds=rng.randint(2, 20)), rng.randint(30, 900)
        end = answer + dt.timedelta(seconds=seconds)
        unique = f"{int(start.timestamp())}.{row}"
        ip = ctx.plant(source, "channel", row, IP, public_ip(rng))
        stamp = "%Y-%m-%d %H:%M:%S"
        rows.append([
            "corallink", src, ctx.plant(source, "dst", row, PHONE, ours, "AU"), "from-trunk", clid,
            f"SIP/{ip}-{hex_id(rng)}", f"SIP/2{digits(rng, 3)}-{hex_id(rng)}", "Dial", "SIP/2041,30,tT",
            start.strftime(stamp), answer.strftime(stamp), end.strftime(stamp), seconds + 10, seconds, "ANSWERED",
            "DOCUMENTATION", unique, "", "corallink", unique, rng.randint(1, 999),
        ])  # fmt: skip
    return headerless_csv_bytes(rows, csv.QUOTE_MINIMAL)


def spreadsheet_stamp(moment: dt.datetime) -> str:
    """A date and time as a spreadsheet program writes it back: no leading zeros, no seconds."""
    return f"{moment.year}/{moment.month}/{moment.day} {moment.hour}:{moment.minute:02d}"


def build_fs_resaved(ctx: Ctx) -> bytes:
    """FreeSWITCH mod_cdr_csv's default template, opened and saved by a spreadsheet program."""
    rng, fake, source = ctx.rng, name_faker(ctx), CC_FS_RESAVED
    ours = e164(random_phone(rng, "AU", mobile=False))
    rows = []
    for row, start in enumerate(sorted_times(rng, COUNTS[source]), 1):
        region = rng.choice(FOREIGN_REGIONS)
        number = phonenumbers.format_number(foreign_phone(rng, region), PhoneNumberFormat.E164)
        seconds = rng.randint(30, 900)
        end = start + dt.timedelta(seconds=seconds + 5)
        rows.append([
            ctx.plant(source, "caller_id_name", row, PERSON, two_words(fake)),
            ctx.plant(source, "caller_id_number", row, CALLER_ID, number, region),
            ctx.plant(source, "destination_number", row, PHONE, ours, "AU"), "public", spreadsheet_stamp(start),
            spreadsheet_stamp(start + dt.timedelta(seconds=5)), spreadsheet_stamp(end), seconds + 5, seconds,
            "NORMAL_CLEARING", new_uuid(rng), "", "", "PCMU", "PCMU",
        ])  # fmt: skip
    return headerless_csv_bytes(rows, csv.QUOTE_MINIMAL)


def intl_caller(ctx: Ctx, row: int, fake: Faker) -> tuple[str, str, str]:
    """(from, from_formatted, entity) of a Twilio call: an international number, a SIP URI or a Client identity."""
    rng, source = ctx.rng, CC_TWILIO_INTL
    kind = rng.choice(["number", "number", "sip", "client"])
    if kind == "number":
        region = rng.choice(FOREIGN_REGIONS)
        number = foreign_phone(rng, region)
        plain = ctx.plant(source, "from", row, CALLER_ID, e164(number), region)
        formatted = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
        return plain, ctx.plant(source, "from_formatted", row, CALLER_ID, formatted, region), CALLER_ID
    first, last = one_word(fake.first_name), one_word(fake.last_name)
    address = (
        f"sip:{slug(first)}.{slug(last)}@{OUR_PBX}" if kind == "sip" else f"client:{slug(first)}{rng.randint(1, 99)}"
    )
    return ctx.plant(source, "from", row, SIP, address), ctx.plant(source, "from_formatted", row, SIP, address), SIP


def build_twilio_intl(ctx: Ctx) -> bytes:
    rng, fake, source = ctx.rng, name_faker(ctx), CC_TWILIO_INTL
    ours = random_phone(rng, "AU", mobile=False)
    calls = []
    for row, start in enumerate(sorted_times(rng, COUNTS[source]), 1):
        caller, formatted, _ = intl_caller(ctx, row, fake)
        calls.append({
            "sid": "CA" + hex_id(rng, 128), "from": caller, "from_formatted": formatted,
            "to": ctx.plant(source, "to", row, PHONE, e164(ours), "AU"), "status": "completed",
            "direction": "inbound", "duration": str(rng.randint(20, 900)),
            "start_time": start.strftime("%a, %d %b %Y %H:%M:%S +0000"),
        })  # fmt: skip
    return json_bytes({"calls": calls, "page": 0, "page_size": 50})


def build_stored_shapes(ctx: Ctx) -> dict[str, bytes]:
    """The files of this section, after every other file (so theirs do not change)."""
    return {
        CONTACTS: csv_bytes(build_contacts(ctx)),
        TICKETS: csv_bytes(build_tickets(ctx)),
        CC_NEWCDR: build_newcdr(ctx),
        CC_FS_RESAVED: build_fs_resaved(ctx),
        CC_TWILIO_INTL: build_twilio_intl(ctx),
    }


# --------------------------------------------------------------------------
# --check: load the files back and verify them
# --------------------------------------------------------------------------

# Containers whose every non-empty value must hold exactly one label of this entity (or of one of these).
STRUCTURED: dict[str, dict[str, str | frozenset[str]]] = {
    CDR: {
        "clid": CALLER_ID,
        "ani": CALLER_ID,
        "dst": PHONE,
        "agent_name": PERSON,
        "channel": IP,
        "recording_url": VOICE,
    },
    CRM: {
        "full_name": PERSON,
        "email": EMAIL,
        "phone": PHONE,
        "street_address": ADDRESS,
        "dob": DOB,
        "tfn": TFN,
        "ssn": SSN,
    },
    PAYMENTS: {
        "customer_email": EMAIL,
        "card_number": CARD,
        "cvv": CVV,
        "iban": IBAN,
        "bsb_account": BANK,
        "routing_number": BANK,
    },
    CHAT: {"customer.name": PERSON, "customer.email": EMAIL, "customer.twitter": TWITTER, "agent.name": PERSON},
    STAFF: {"employee_name": PERSON, "work_email": EMAIL, "mobile": PHONE},
    CC_MASTER: {"dst": PHONE, "channel": IP, "userfield": VOICE},
    CC_FREEPBX: {"did": PHONE, "lastdata": IP, "recordingfile": VOICE, "dst_cnam": PERSON},
    CC_FS_CSV: {"destination_number": PHONE},
    CC_TWILIO_CALLS: {
        "from": CALLER_ID,
        "from_formatted": CALLER_ID,
        "to": PHONE,
        "to_formatted": PHONE,
        "caller_name": PERSON,
    },
    CC_TWILIO_SMS: {"From": PHONE, "To": PHONE},
    CC_CONNECT: {
        "CustomerEndpoint.Address": CALLER_ID,
        "SystemEndpoint.Address": PHONE,
        "Agent.Username": EMAIL,
        "Attributes.customerName": PERSON,
        "Attributes.callbackNumber": PHONE,
        "Recording.Location": VOICE,
        "Recordings.Location": frozenset({VOICE, SCREEN}),
    },
    CC_GENESYS: {
        "participants.sessions.ani": CALLER_ID,
        "participants.sessions.dnis": PHONE,
        "participants.sessions.sessionDnis": PHONE,
    },
    CC_WEBCHAT: {
        "visitor.email": EMAIL,
        "visitor.phone": PHONE,
        "session.ip": IP,
        "session.user_agent": webapp.UA,
        "agent_names": PERSON,
    },
    CC_TWEETS: {
        "tweet.in_reply_to_screen_name": TWITTER,
        "tweet.entities.user_mentions.screen_name": TWITTER,
        "tweet.entities.user_mentions.name": PERSON,
    },
}
FS_JSON_STRUCTURED: dict[str, str | frozenset[str]] = {
    "variables.sip_from_user": CALLER_ID,
    "variables.sip_from_display": PERSON,
    "variables.sip_to_user": PHONE,
    "variables.sip_network_ip": IP,
    "variables.record_name": VOICE,
    "callflow.extension.number": PHONE,
    "callflow.caller_profile.caller_id_name": PERSON,
    "callflow.caller_profile.ani": CALLER_ID,
    "callflow.caller_profile.caller_id_number": CALLER_ID,
    "callflow.caller_profile.network_addr": IP,
    "callflow.caller_profile.destination_number": PHONE,
    "callflow.caller_profile.chan_name": IP,
}
# Structured containers labelled where a value is personal: withheld callers, anonymous visitors, queue names.
PARTLY_LABELLED = {
    (CC_MASTER, "src"),
    (CC_MASTER, "clid"),
    (CC_FREEPBX, "src"),
    (CC_FREEPBX, "clid"),
    (CC_FREEPBX, "cnum"),
    (CC_FREEPBX, "cnam"),
    (CC_FS_CSV, "caller_id_name"),
    (CC_FS_CSV, "caller_id_number"),
    (CC_GENESYS, "participants.participantName"),
    (CC_WEBCHAT, "visitor.name"),
    (CC_WEBCHAT, "history.name"),
}
FREE_TEXT = {
    (CRM, "notes"),
    (CHAT, "messages.text"),
    (LOG, ""),
    (CC_TWILIO_SMS, "Body"),
    (CC_WEBCHAT, "history.msg"),
    (CC_TWEETS, "tweet.full_text"),
}
LUHN_INVALID = {(CRM, "account_ref"), (PAYMENTS, "order_number"), (INVENTORY, "order_number")}
# Stored shapes (see that section): which of their containers are labelled, and how
STRUCTURED |= {
    CONTACTS: {
        "first_name": PERSON,
        "last_name": PERSON,
        "birth_date": DOB,
        "mobile": PHONE,
        "postal_address": ADDRESS,
    },
    CC_NEWCDR: {"dst": PHONE, "channel": IP},
    CC_FS_RESAVED: {"caller_id_name": PERSON, "caller_id_number": CALLER_ID, "destination_number": PHONE},
    CC_TWILIO_INTL: {"from": frozenset({CALLER_ID, SIP}), "from_formatted": frozenset({CALLER_ID, SIP}), "to": PHONE},
}
PARTLY_LABELLED |= {(CC_NEWCDR, "clid"), (CC_NEWCDR, "src")}
FREE_TEXT |= {(TICKETS, "body")}
NEWCDR_COLUMNS = (*ASTERISK_COLUMNS, "peeraccount", "linkedid", "sequence")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
IPV4_RE = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])")
CARD_RE = re.compile(r"(?<![\w-])(?:4|5[1-5]|2[2-7]|3[47]|6(?:011|4[4-9]|5))(?:[ -]?\d){11,17}(?![\w-])")
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

Cells = dict[tuple[str, int], list[str]]


class CheckError(AssertionError):
    pass


def require(condition: bool, message: str) -> None:
    if not condition:
        raise CheckError(message)


def _cells_from_records(records: Iterable[dict[str, Any]]) -> Cells:
    cells: Cells = defaultdict(list)
    for row, record in enumerate(records, 1):
        for key, value in record.items():
            if value is not None and value != "":
                cells[(key, row)].append(str(value))
    return cells


def _flatten(value: Any, path: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(inner, f"{path}.{key}" if path else key, out)
    elif isinstance(value, list):
        for inner in value:
            _flatten(inner, path, out)
    elif value is not None and value != "":
        out.setdefault(path, []).append(str(value))


def columns_of(source: str) -> dict[str, str | frozenset[str]]:
    """The fully labelled containers of a source (every FreeSWITCH JSON CDR has the same)."""
    return FS_JSON_STRUCTURED if source.startswith(CC_FS_JSON + "/") else STRUCTURED.get(source, {})


def _cells_from_documents(records: Iterable[Any]) -> Cells:
    """JSON records flattened to dotted paths (list levels dropped), numbered from 1."""
    cells: Cells = defaultdict(list)
    for row, record in enumerate(records, 1):
        flat: dict[str, list[str]] = {}
        _flatten(record, "", flat)
        for key, items in flat.items():
            cells[(key, row)].extend(items)
    return cells


def _decoded(value: Any) -> Any:
    """A FreeSWITCH JSON CDR with its URL-encoded values decoded, as piiaudit reads it."""
    if isinstance(value, dict):
        return {key: _decoded(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_decoded(inner) for inner in value]
    return unquote(value) if isinstance(value, str) else value


def load_callcentre(folder: Path, name: str) -> Cells:
    """Read one callcentre/ file back the way its format is documented."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    if name in (CC_MASTER, CC_FS_CSV, CC_NEWCDR, CC_FS_RESAVED):
        columns = {CC_MASTER: ASTERISK_COLUMNS, CC_NEWCDR: NEWCDR_COLUMNS}.get(name, FREESWITCH_COLUMNS)
        frame = pd.read_csv(path, header=None, names=list(columns), dtype=str, keep_default_na=False)
        return _cells_from_records(frame.to_dict("records"))
    if name in (CC_FREEPBX, CC_TWILIO_SMS):
        return _cells_from_records(pd.read_csv(path, dtype=str, keep_default_na=False).to_dict("records"))
    if name == CC_CONNECT:
        return _cells_from_documents(json.loads(line) for line in text.splitlines())
    if name == CC_TWEETS:
        return _cells_from_documents(json.loads(text.removeprefix("window.YTD.tweets.part0 = ")))
    if name.startswith(CC_FS_JSON + "/"):
        return _cells_from_documents([_decoded(json.loads(text))])
    wrapper = {CC_TWILIO_CALLS: "calls", CC_TWILIO_INTL: "calls", CC_GENESYS: "conversations", CC_WEBCHAT: "chats"}[
        name
    ]
    return _cells_from_documents(json.loads(text)[wrapper])


def load_cells(folder: Path, callcentre: Iterable[str]) -> dict[str, Cells]:
    """Read every file back with its usual library, keyed by (container, row)."""
    loaded: dict[str, Cells] = {name: load_callcentre(folder, name) for name in callcentre}
    for name in (CDR, CRM, INVENTORY, CONTACTS, TICKETS):
        frame = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
        require(len(frame) == COUNTS[name], f"{name}: {len(frame)} rows")
        loaded[name] = _cells_from_records(frame.to_dict("records"))
    table = pq.read_table(folder / PAYMENTS)
    loaded[PAYMENTS] = _cells_from_records(table.to_pylist())
    sheet = load_workbook(folder / STAFF, read_only=True)[STAFF_SHEET]
    values = list(sheet.iter_rows(values_only=True))
    loaded[STAFF] = _cells_from_records(dict(zip(values[0], v, strict=True)) for v in values[1:])
    lines = (folder / CHAT).read_text(encoding="utf-8").splitlines()
    loaded[CHAT] = _cells_from_documents(json.loads(line) for line in lines)
    log_lines = (folder / LOG).read_text(encoding="utf-8").splitlines()
    loaded[LOG] = {("", row): [line] for row, line in enumerate(log_lines, 1)}
    loaded |= webapp.load_cells(folder, _cells_from_records, _cells_from_documents)
    for name, cells in loaded.items():
        rows, want = {row for _, row in cells}, COUNTS.get(name, 1)
        require(len(rows) == want, f"{name}: {len(rows)} records, want {want}")
    return loaded


def _valid_phone(text: str, region: str) -> bool:
    if region == "NANP":  # written the NANP way, assigned to no NANP region: possible, not valid
        return phonenumbers.is_possible_number(phonenumbers.parse(text, "US"))
    number = phonenumbers.parse(text, region)
    return phonenumbers.is_valid_number(number) and phonenumbers.region_code_for_number(number) == region


def _valid_card(text: str) -> bool:
    number = card_digits(text)
    return bool(CARD_RE.fullmatch(text)) and luhn.is_valid(number) and len(number) in (15, 16)


def _valid_dob(text: str) -> bool:
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d/%m/%Y", *DOB_FORMATS):
        try:
            born = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return (TODAY - born).days >= 18 * 365
    return False


def _valid_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _valid_caller_id(plant: Plant) -> bool:
    if re.fullmatch(r'"" <\d{3,15}>|"[^"]+" <[a-z][\w.]*>', plant.value):  # no name, or a SIP user for a number
        return True
    if not plant.region:  # a caller's digits as the switch got them, valid or not
        return re.fullmatch(r"\d{7,15}", plant.value) is not None
    match = re.fullmatch(r'(?:"([^"]+)"|([^<"]+?)) <(\+?\d+)>', plant.value)
    number = match.group(3) if match else plant.value
    return bool(re.fullmatch(r"\+?[\d ()-]{9,20}", number)) and _valid_phone(number, plant.region)


def _valid_recording(text: str, extensions: Sequence[str]) -> bool:
    return not any(c.isspace() for c in text) and text.rpartition(".")[2].lower() in extensions


def _valid_bank(text: str) -> bool:
    if re.fullmatch(r"\d{3}-\d{3} \d{6,9}", text):
        return True
    return std_rtn.is_valid(text)


VALIDATORS: dict[str, Callable[[Plant], bool]] = {
    EMAIL: lambda p: bool(EMAIL_RE.fullmatch(p.value)),
    PHONE: lambda p: _valid_phone(p.value, p.region),
    CALLER_ID: _valid_caller_id,
    CARD: lambda p: _valid_card(p.value),
    CVV: lambda p: bool(re.fullmatch(r"\d{3,4}", p.value)),
    IP: lambda p: _valid_ip(p.value),
    PERSON: lambda p: bool(re.fullmatch(r"[^\W\d_][\w'-]+(?: [^\W\d_][\w'-]+)*", p.value)) and p.value[0].isupper(),
    SSN: lambda p: bool(re.fullmatch(r"\d{3}-\d{2}-\d{4}", p.value)) and std_ssn.is_valid(p.value),
    TFN: lambda p: std_tfn.is_valid(p.value),
    IBAN: lambda p: std_iban.is_valid(p.value),
    BANK: lambda p: _valid_bank(p.value),
    DOB: lambda p: _valid_dob(p.value),
    ADDRESS: lambda p: bool(
        re.match(r"(?:Flat \d+, )?\d+(?:/\d+)? \w|(?:Unit|Lot|PO Box|P\.O\. Box|GPO Box|PSC) ", p.value)
    ),
    SIP: lambda p: bool(re.fullmatch(r"sips?:[\w.+-]+@[\w.-]+|client:[a-z][\w.-]*", p.value)),
    TWITTER: lambda p: bool(re.fullmatch(r"@?\w{1,15}", p.value)),
    VOICE: lambda p: _valid_recording(p.value, ("wav", "mp3", "mp4")),
    SCREEN: lambda p: _valid_recording(p.value, ("mp4", "webm")),
}


COUNTS |= webapp.COUNTS
STRUCTURED |= webapp.STRUCTURED
FREE_TEXT |= webapp.FREE_TEXT
VALIDATORS |= {entity: lambda p, valid=valid: valid(p.value) for entity, valid in webapp.VALIDATORS.items()}


def check_values(plants: Sequence[Plant]) -> None:
    for plant in plants:
        require(VALIDATORS[plant.entity](plant), f"invalid {plant.entity} planted: {plant}")
    cvv_cards = [p for p in plants if p.source == PAYMENTS and p.entity in (CARD, CVV)]
    for card, cvv in zip(cvv_cards[::2], cvv_cards[1::2], strict=True):
        want = 4 if len(card_digits(card.value)) == 15 else 3
        require(len(cvv.value) == want, f"CVV length {len(cvv.value)} for {card}")


def check_placement(loaded: dict[str, Cells], plants: Sequence[Plant]) -> None:
    """Every plant sits in its cell; labelled columns are fully and singly labelled."""
    per_cell: dict[tuple[str, str, int], list[Plant]] = defaultdict(list)
    for plant in plants:
        texts = loaded[plant.source].get((plant.container, plant.row), [])
        require(any(plant.value in t for t in texts), f"not found in file: {plant}")
        per_cell[(plant.source, plant.container, plant.row)].append(plant)
    for (source, container, row), group in per_cell.items():
        joined = "\n".join(loaded[source][(container, row)])
        for value, count in Counter(p.value for p in group).items():
            require(joined.count(value) >= count, f"{source}:{container}:{row} has too few {value!r}")
    for source, cells in loaded.items():
        columns = columns_of(source)
        for (container, row), texts in cells.items():
            if container in columns:
                allowed = columns[container]
                group = per_cell.get((source, container, row), [])
                require(
                    len(group) == len(texts) and all(p.entity in allowed for p in group),
                    f"{source}:{container}:{row} labelled {[p.entity for p in group]}",
                )
    for source, container, _ in per_cell:
        known = container in columns_of(source) or (source, container) in FREE_TEXT | PARTLY_LABELLED
        require(known, f"unexpected labelled container {source}:{container}")


def _residue(text: str, plants: Iterable[Plant]) -> str:
    for plant in sorted(plants, key=lambda p: -len(p.value)):
        text = text.replace(plant.value, " ")
    return UUID_RE.sub(" ", text)


def _scan_residue(where: str, text: str, names: set[str], phones: bool) -> None:
    require(not EMAIL_RE.search(text) and "@" not in text, f"{where}: stray email/handle in {text!r}")
    require(not IPV4_RE.search(text), f"{where}: stray IPv4 in {text!r}")
    for match in CARD_RE.finditer(text):
        require(not luhn.is_valid(card_digits(match.group())), f"{where}: stray card in {text!r}")
    stray = names & set(re.findall(r"[A-Z][a-z]+", text))
    require(not stray, f"{where}: stray name {stray} in {text!r}")
    if phones:
        for region in ("AU", "US", "GB"):
            found = [m.raw_string for m in phonenumbers.PhoneNumberMatcher(text, region)]
            require(not found, f"{where}: stray phone {found} in {text!r}")


def check_residue(loaded: dict[str, Cells], plants: Sequence[Plant]) -> None:
    """Outside planted slots, free text and unlabelled cells hold no personal data."""
    names = {part for p in plants if p.entity == PERSON and p.source not in STORED_SHAPES for part in p.value.split()}
    # the stored-shape files' names (several languages: "Sales", "Post") are looked for in those files only
    stored_names = names | {part for p in plants if p.entity == PERSON for part in p.value.split()}
    by_cell: dict[tuple[str, str, int], list[Plant]] = defaultdict(list)
    for plant in plants:
        by_cell[(plant.source, plant.container, plant.row)].append(plant)
    for source, cells in loaded.items():
        labelled = columns_of(source)
        for (container, row), texts in cells.items():
            if container in labelled or (source, container) in {(CDR, "channel"), *webapp.LOOKALIKES}:
                continue
            free = (source, container) in FREE_TEXT
            for text in texts:
                rest = _residue(text, by_cell.get((source, container, row), []))
                known = stored_names if source in STORED_SHAPES else names
                _scan_residue(f"{source}:{container}:{row}", rest, known, phones=free)


def check_luhn_invalid(loaded: dict[str, Cells]) -> None:
    for source, container in LUHN_INVALID:
        values = [v for (c, _), vs in loaded[source].items() if c == container for v in vs]
        require(len(values) == COUNTS[source], f"{source}:{container} count {len(values)}")
        for value in values:
            require(re.fullmatch(r"\d{16}", value) is not None, f"{source}:{container} {value!r}")
            require(not luhn.is_valid(value), f"{source}:{container} passes Luhn: {value}")


def check_labels_file(folder: Path, plants: Sequence[Plant]) -> Counter[str]:
    frame = pd.read_csv(folder / LABELS, dtype=str, keep_default_na=False)
    require(list(frame.columns) == ["source", "container", "row", "entity", "start", "end"], "labels header")
    on_disk = Counter(frame["source"])
    planted = Counter(p.source for p in plants)
    require(on_disk == planted, f"label counts differ: file {on_disk} vs planted {planted}")
    require(planted[INVENTORY] == 0, "inventory.csv must have no labels")
    return Counter(frame["entity"])


def check_corpus(folder: Path, seed: int = SEED) -> None:
    files, plants = build_corpus(seed)
    for name, data in files.items():
        require((folder / name).read_bytes() == data, f"{name} differs from a fresh build")
    stale = set(callcentre_files(folder)) - set(files)
    require(not stale, f"files the generator does not write: {sorted(stale)}")
    loaded = load_cells(folder, [name for name in files if name.startswith(CALLCENTRE_DIR)])
    check_values(plants)
    check_placement(loaded, plants)
    check_residue(loaded, plants)
    check_luhn_invalid(loaded)
    entities = check_labels_file(folder, plants)
    print_summary(plants)
    print(f"OK: {sum(entities.values())} labels verified against {len(loaded)} files")


def print_summary(plants: Sequence[Plant]) -> None:
    by_source = Counter(p.source for p in plants)
    by_entity = Counter(p.entity for p in plants)
    for source in sorted(set(SOURCES) | set(by_source)):
        print(f"{source:56} records={COUNTS.get(source, 1):4d} labels={by_source[source]:4d}")
    for entity, count in sorted(by_entity.items()):
        print(f"  {entity:24} {count:4d}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify the files on disk instead of writing them")
    parser.add_argument("--seed", type=int, default=SEED, help="another seed: other values and spellings (held out)")
    parser.add_argument("--out", type=Path, default=HERE, help="the folder to write (or check); default: this one")
    args = parser.parse_args(argv)
    if args.check:
        try:
            check_corpus(args.out, args.seed)
        except CheckError as error:
            print(f"CHECK FAILED: {error}", file=sys.stderr)
            return 1
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    print_summary(write_corpus(args.out, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
