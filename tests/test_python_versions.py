"""The Python versions a newcomer may have (3.11 to 3.13: what Ubuntu 24.04 and
Debian 13 ship) are supported, and `make setup` finds one or says what it needs."""

import os
import subprocess
import sys
import tomllib

from packaging.specifiers import SpecifierSet

from tests.services import BASE_DIR


def test_pyproject_allows_python_3_11_to_3_13():
    project = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())
    allowed = SpecifierSet(project["project"]["requires-python"])

    assert [v for v in ("3.10", "3.11", "3.12", "3.13", "3.14") if v in allowed] == [
        "3.11", "3.12", "3.13"
    ]  # fmt: skip


def fake_bin(tmp_path, **scripts):
    """A PATH of its own: each named script runs the given shell code."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name, code in scripts.items():
        script = folder / name
        script.write_text(f"#!/bin/sh\n{code}\n")
        script.chmod(0o755)
    return str(folder)


def make_venv(tmp_path, path):
    return subprocess.run(  # noqa: S603
        ["/usr/bin/make", "--no-print-directory", "venv", f"VENV={tmp_path}/venv"],
        cwd=BASE_DIR,
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_setup_skips_an_interpreter_that_does_not_run_and_says_which_it_uses(
    tmp_path,
):
    path = fake_bin(
        tmp_path,
        # A pyenv shim for a version that is not selected: found, but fails.
        **{"python3.11": "echo 'pyenv: python3.11: command not found' >&2; exit 127"},
        python3=f'exec {sys.executable} "$@"',
    )

    result = make_venv(tmp_path, path)

    assert result.returncode == 0, result.stderr
    version = ".".join(map(str, sys.version_info[:3]))
    assert f"with python3 (Python {version})" in result.stdout
    assert (tmp_path / "venv" / "bin" / "python").exists()


def test_setup_names_the_versions_it_needs_when_none_is_found(tmp_path):
    path = fake_bin(tmp_path, python3="echo 'Python 3.10.12'; exit 1")

    result = make_venv(tmp_path, path)

    assert result.returncode != 0
    assert "needs Python 3.11, 3.12 or 3.13" in result.stderr
    assert "python3.11 python3.12 python3.13 python3" in result.stderr
    assert not (tmp_path / "venv").exists()
