"""Reports stage: render a ``ScanResult`` for people (terminal, HTML) and machines (JSON, occurrences)."""
