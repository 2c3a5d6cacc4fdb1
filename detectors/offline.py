"""Keep every code path offline.

Presidio's e-mail recognizer calls ``tldextract``, whose default extractor downloads the public
suffix list on first use. piiaudit points tldextract at the snapshot bundled in the package, with
no URLs to fetch and no cache directory, before anything else can use it.
"""

from __future__ import annotations

import os
from functools import lru_cache

os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""  # read when an extractor is built: no URL to fetch

import tldextract
import tldextract.tldextract as _tld

OFFLINE_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)
_tld.TLD_EXTRACTOR = OFFLINE_EXTRACTOR  # used by tldextract.extract(), which Presidio calls


@lru_cache(maxsize=65536)
def domain_suffix(domain: str) -> str:
    """The public suffix of ``domain`` (``com``, ``com.au``) from the bundled list, or ``""``."""
    result = OFFLINE_EXTRACTOR(domain.lower())
    return result.suffix if result.domain else ""
