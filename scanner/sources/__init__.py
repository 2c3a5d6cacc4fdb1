"""Sources stage: find what to scan and read it into ``FieldBatch`` runs of values per container.

Every source has one interface (``base.Source``); what piiaudit knows about each file format is in
one registry (``formats``), which the call-centre formats (``telephony``) register into.
"""

from piiaudit.scanner.sources.base import Source
from piiaudit.scanner.sources.database import DatabaseSource
from piiaudit.scanner.sources.files import SourceFile, discover

__all__ = ["DatabaseSource", "Source", "SourceFile", "discover"]
