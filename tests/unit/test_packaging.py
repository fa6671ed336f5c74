"""The design card's packages install under their own names and import from the installed copy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("agent", "tools", "graphs", "api")


def test_packages_import_from_an_installed_copy(tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import importlib, sys; "
        f"mods = [importlib.import_module(n) for n in {PACKAGES!r}]; "
        "print('\\n'.join(m.__file__ for m in mods))"
    )
    # Run from an empty directory so the repo checkout is not on sys.path: only the installed copy can answer.
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": ""},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert len(out) == len(PACKAGES)
    for name, path in zip(PACKAGES, out, strict=True):
        assert Path(path).is_relative_to(target / name), f"{name} imported from {path}, not the installed copy"
