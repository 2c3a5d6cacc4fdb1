"""What `pip install .` ships: every sub-package of scanner/, detectors/ and reports/, and only under piiaudit."""

from __future__ import annotations

import tomllib

from .conftest import ROOT


def test_every_package_directory_is_listed_for_setuptools():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    mapped = {directory: name for name, directory in setuptools["package-dir"].items()}
    found = set()
    for directory, name in mapped.items():
        for init in (ROOT / directory).rglob("__init__.py"):
            parts = init.parent.relative_to(ROOT / directory).parts
            found.add(".".join((name, *parts)))
    assert set(setuptools["packages"]) == found
    assert all(name.startswith("piiaudit.") for name in found)
