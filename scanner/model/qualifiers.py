"""Qualifiers a policy may put on a declaration ("your address (business)"), and the match details that tell them.

A declaration with a ``qualifier`` covers only values of that kind. Where a detector can tell a value's
kind it says so in the match's ``detail``: an e-mail address at a free-mail provider is a personal one.
Most values cannot be told apart (a telephone number, a street address or a card number looks the same
whether it is a business's or a person's); those stay covered by a qualified declaration.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

Qualifier = Literal["business", "personal"]
PERSONAL_MAILBOX = "mailbox:personal"  # an e-mail address at a free-mail provider (gmail.com, outlook.com, …)
KIND_OF_DETAIL: dict[str, Qualifier] = {PERSONAL_MAILBOX: "personal"}


def values_not(qualifier: Qualifier, details: Mapping[str, int]) -> int:
    """How many values of a finding are known to be of another kind than ``qualifier``."""
    return sum(n for detail, n in details.items() if KIND_OF_DETAIL.get(detail, qualifier) != qualifier)
