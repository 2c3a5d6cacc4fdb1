"""Runners: a scan over sources in this process or a pool of them (``local``, with checkpoints), or on Spark."""
