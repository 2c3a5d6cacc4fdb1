"""Field meanings: what a recognised source format knows a field holds, handed to the detectors.

A reader that knows a format (an Asterisk CDR's ``clid`` column, Amazon Connect's
``CustomerEndpoint.Address``) tags the field's batches with one of these meanings. A detector
treats a meaning listed in its ``MEANINGS`` as context, the way it treats a telling column name;
any other meaning gives it no context, since the format's knowledge replaces the guess from the
column name. ``MESSAGE`` and ``TWEET`` fields are prose and are scanned as free text; a field with
any other meaning holds a value, never prose. A ``SYSTEM_ENDPOINT`` field holds the system's own
address (a PBX's media IP, its SIP host): infrastructure, not the data subject's personal data, so no
detector reports anything in it.
"""

from __future__ import annotations

CALLER_ID = "caller_id"  # the calling party: a CLID (name and number) or the caller's number (ANI, src)
PHONE_NUMBER = "phone_number"  # another party's number: dialled (dst, DNIS), SMS sender or recipient
IP_ADDRESS = "ip_address"  # a network address, or a SIP channel naming one (SIP/203.0.113.5-0000001a)
PERSON_NAME = "person_name"  # a person's name (caller name, agent name, participant name)
EMAIL = "email"
SCREEN_NAME = "screen_name"  # a social-network handle (Twitter screen name, with or without @)
RECORDING = "recording"  # a path or URL of a call or screen recording
IDENTIFIER = "identifier"  # a record's own id (uniqueid, ContactId, tweet id): not personal data by itself
TIMESTAMP = "timestamp"  # when something happened (call start, tweet created_at): not personal data by itself
MESSAGE = "message"  # message text (SMS body, chat message): free text
TWEET = "tweet"  # tweet text: free text in which every @mention is a screen name
SYSTEM_ENDPOINT = "system_endpoint"  # the system's own address (the PBX's media or SIP address): infrastructure

FREE_TEXT_MEANINGS = frozenset({MESSAGE, TWEET})
NOT_PERSONAL_MEANINGS = frozenset({SYSTEM_ENDPOINT})  # fields no detector reports: not the data subject's data
