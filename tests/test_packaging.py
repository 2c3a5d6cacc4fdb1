"""What `pip install .` ships: every sub-package of scanner/, detectors/ and reports/, and only under piiaudit."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile

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


def test_the_wheel_claims_one_top_level_name_and_ships_the_package_data(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("piiaudit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")} == {"piiaudit"}
    for data in (
        "scanner/data/entity_categories.yaml",
        "reports/templates/report.html.j2",
        "detectors/data/street_suffixes.txt",
    ):
        assert f"piiaudit/{data}" in names
    assert not any(name.startswith("piiaudit/__init__") for name in names), "piiaudit is a namespace package"
