"""Sources stage: find what to scan and read it into ``FieldBatch`` runs of values per container."""

from scanner.sources.database import DatabaseSource
from scanner.sources.files import READERS, SourceFile, discover

Source = SourceFile | DatabaseSource

__all__ = ["READERS", "DatabaseSource", "Source", "SourceFile", "discover"]
