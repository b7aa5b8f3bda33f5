"""Every file briefgen reads is held to the same two rules: a regular file (never a pipe or a
device, which would hang the run), and inside the project once symbolic links are followed
(never a file elsewhere on the machine, published by mistake)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import write


@pytest.fixture
def secret(tmp_path) -> Path:
    """A bibliography outside the project, which must never be read."""
    return write(tmp_path / "elsewhere/secret.bib",
                 "@misc{secret, title={Private notes}, year={2025}}\n")


def refused(result, line: str) -> None:
    assert result.exit_code == 1 and "Traceback" not in result.stderr, result.stderr
    assert line in result.stderr.splitlines(), result.stderr


@pytest.mark.parametrize("name", ["sources.bib", "sources.json"])
def test_a_bibliography_linking_outside_the_project_is_refused(project, cli, secret, name):  # fault 9
    target = secret if name.endswith(".bib") else write(secret.parent / "secret.json",
                                                        '[{"id": "secret", "type": "webpage", "title": "Private"}]')
    (project / "briefs" / name).symlink_to(target)
    line = f"briefs/{name}: error: is a link to {target.resolve()}, outside the project"
    refused(cli("check"), line)
    refused(cli("build", "--format", "html"), line)
    refused(cli("publish", "--no-pdf"), line)
    assert not (project / "site").exists() and not (project / "out").exists()


def test_the_config_and_the_stylesheet_linking_outside_are_refused(project, cli, tmp_path):
    """Variants not listed: briefgen.toml and style.css as links leading out of the project."""
    (project / "briefgen.toml").symlink_to(write(tmp_path / "elsewhere/briefgen.toml", 'series = "Theirs"\n'))
    refused(cli("check"), f"briefgen.toml: error: is a link to {tmp_path / 'elsewhere/briefgen.toml'}, outside the project")
    (project / "briefgen.toml").unlink()
    (project / "style.css").symlink_to(write(tmp_path / "elsewhere/x.css", "p { color: red; }\n"))
    refused(cli("build", "--format", "html"), f"style.css: error: is a link to {tmp_path / 'elsewhere/x.css'}, outside the project")
    assert not (project / "out/style.css").exists()


def test_links_that_stay_inside_the_project_are_followed(project, cli):
    write(project / "shared/extra.bib", "@misc{delta, title={Delta}, year={2025}}\n")
    (project / "briefs/sources.bib").symlink_to(project / "shared/extra.bib")
    result = cli("check")
    assert result.exit_code == 0 and "ok: 4 sources" in result.stderr, result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_bibliography_that_is_a_pipe_is_refused_not_skipped(project, cli):
    os.mkfifo(project / "briefs/sources.json")
    refused(cli("check"), "briefs/sources.json: error: cannot read file: not a regular file")


def test_a_dangling_bibliography_link_is_refused_not_skipped(project, cli):
    (project / "briefs/sources.bib").symlink_to(project / "briefs/gone.bib")
    result = cli("check")
    assert result.exit_code == 1 and "briefs/sources.bib: error: cannot read file: " in result.stderr, result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_manifest_that_is_a_pipe_does_not_hang_the_build(project):
    (project / "out/.briefgen").mkdir(parents=True)
    os.mkfifo(project / "out/.briefgen/manifest.json")
    done = subprocess.run([sys.executable, "-m", "briefgen", "build", "--format", "html", "-q"], cwd=project,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (project / "out/.briefgen/manifest.json").is_file()
