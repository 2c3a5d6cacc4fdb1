"""Sources stage: find what to scan and read it into ``FieldBatch`` runs of values per container."""

from piiaudit.scanner.sources.archives import BrokenSource, CompressedSource
from piiaudit.scanner.sources.database import DatabaseSource
from piiaudit.scanner.sources.files import READERS, SourceFile, discover

Source = SourceFile | DatabaseSource | CompressedSource | BrokenSource

__all__ = ["READERS", "DatabaseSource", "Source", "SourceFile", "discover"]
