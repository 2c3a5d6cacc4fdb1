"""Run the piiaudit benchmark from the repository root (bench/README.md explains the figures)::

.venv/bin/python bench/run.py --sizes 10MB,100MB,1GB --out bench/results [--workers 1,2]
"""

import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, not bench/, is the import root
    from bench.benchmark import main

    sys.exit(main())
