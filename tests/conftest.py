"""Shared fixtures: a small project copied into a temporary folder, and a CLI runner."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli.main import main

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A copy of tests/fixtures/project; the working directory is set to it."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "project", root)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def cli():
    """Invoke ``briefgen`` in-process; returns click's Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


def run_briefgen(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run ``python -m briefgen`` in a real process."""
    return subprocess.run([sys.executable, "-m", "briefgen", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


INSTALL = "sudo scripts/install-system-packages"


def require_tool(command: str, package: str) -> str:
    """The path of system program ``command``. Missing, it fails the test under CI (where the
    set-up installs it) and skips it elsewhere; either way the message says how to install it."""
    path = shutil.which(command)
    if path is None:
        message = f"{command} is not installed: run {INSTALL} (Debian package {package})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def pdftotext(path: Path, *options: str) -> str:
    """The text of a PDF, as poppler's pdftotext reads it."""
    require_tool("pdftotext", "poppler-utils")
    return subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True).stdout
