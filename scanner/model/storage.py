"""Writing report files safely: owner-only permissions, atomically (a temp file renamed into place), no secrets."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

PRIVATE_MODE = 0o600


def is_url(uri: str) -> bool:
    """True for a source named by a URL (a database), False for a file path relative to the scan root."""
    return "://" in uri


def display_uri(uri: str) -> str:
    """A source's URI as reports may show it: a URL keeps scheme, user, host and path; password and query go."""
    if not is_url(uri):
        return uri
    parts = urlsplit(uri)
    userinfo, _, host = parts.netloc.rpartition("@")
    user = userinfo.partition(":")[0]
    return f"{parts.scheme}://{user + '@' if user else ''}{host}{parts.path}"


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """Yield a private temp file next to ``path``; it replaces ``path`` only if the block succeeds."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or Path("."))
    try:
        os.fchmod(fd, PRIVATE_MODE)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically with mode 0600."""
    with atomic_output(path) as handle:
        handle.write(data)
