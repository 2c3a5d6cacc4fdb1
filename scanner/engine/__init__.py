"""Detection: detectors run over batches of values (``detection``); occurrences aggregate into findings (``aggregation``)."""
