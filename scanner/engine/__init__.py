"""Detection: detectors run over batches of values (``detection``); occurrences become findings (``aggregation``)."""
