"""``python -m piiaudit.scanner.cli``: the ``piiaudit`` command."""

from piiaudit.scanner.cli import main

main()
