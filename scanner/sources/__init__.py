"""Sources stage: find what to scan and read it into ``FieldBatch`` runs of values per container."""

from scanner.sources.files import READERS, SourceFile, discover, read_source

__all__ = ["READERS", "SourceFile", "discover", "read_source"]
