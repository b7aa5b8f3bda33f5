"""One rule for the folders `build` and `publish` write into: never the root, the home folder,
the project or a folder above them, never the project's inputs, never a folder of someone
else's files; leftover temporary files are looked for only inside the output folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefgen.output import atomic
from briefgen.output.folders import BUILD, SITE, UnsafeTarget, check_output_folder
from tests.conftest import write
from tests.hostile.test_paths import snapshot


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A decoy home folder, with a file that must survive."""
    folder = tmp_path / "home"
    write(folder / ".profile", "keep me")
    monkeypatch.setenv("HOME", str(folder))
    return folder


def refused(result, *words: str) -> None:
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and all(w in lines[0] for w in words), lines


def test_build_into_the_project_folder_is_refused_and_writes_nothing(project, cli, home):  # fault 3
    write(project / "style.css", "p { color: #123; }\n")
    before = snapshot(project.parent, project / "out")
    refused(cli("build", "--out", ".", "--format", "html"), "refusing to build into the project's folder",
            "such as out/")
    assert snapshot(project.parent, project / "out") == before
    assert (project / "style.css").read_text() == "p { color: #123; }\n"
    assert not any((project / name).exists() for name in ("themes", "weekly", ".briefgen"))


def test_build_into_the_root_is_refused_before_any_walk(project, cli, home, monkeypatch):  # fault 4
    walked = []
    monkeypatch.setattr(os, "walk", lambda *a, **k: walked.append(a) or iter(()))
    refused(cli("build", "--out", "/", "--format", "html"), "refusing to build into the root of the file system")
    assert walked == []


@pytest.mark.parametrize("where", ["home", "parent", "briefs", "templates", "assets", "foreign"])
def test_build_refuses_every_folder_of_the_rule(project, cli, home, where):
    write(project / "templates/keep.txt", "x")
    write(project / "docs/notes.txt", "precious")
    out = {"home": str(home), "parent": "..", "briefs": "briefs/out", "templates": "templates/out",
           "assets": "assets", "foreign": "docs"}[where]
    before, home_before = snapshot(project.parent, project / "out"), snapshot(home, home / "none")
    result = cli("build", "--out", out, "--format", "html")
    refused(result)
    assert snapshot(project.parent, project / "out") == before and snapshot(home, home / "none") == home_before


def test_publish_follows_the_same_rule_for_its_pdf_folder_and_its_site(project, cli, home):
    """Variants not listed: the PDF folder a publish builds into, and a site inside briefs/."""
    refused(cli("publish", "--pdfs-from", "."), "refusing to build into the project's folder")
    refused(cli("publish", "--no-pdf", "--out", "briefs/site"), "refusing to publish into the project's own briefs/")
    assert not (project / "site").exists() and not (project / "briefs/site").exists()


def test_build_writes_into_new_empty_and_its_own_folders(project, cli, home, tmp_path):
    assert cli("build", "--format", "html").exit_code == 0  # new
    assert (project / "out/.briefgen").is_dir()
    assert cli("build", "--format", "html").exit_code == 0  # its own
    (tmp_path / "empty").mkdir()
    assert cli("build", "--out", str(tmp_path / "empty"), "--format", "html").exit_code == 0
    (tmp_path / "link").symlink_to(project / "out")
    assert cli("build", "--out", str(tmp_path / "link"), "--format", "html").exit_code == 0


def test_a_build_interrupted_before_its_manifest_is_still_known_for_briefgens(project, cli, home):
    write(project / "out/themes/sample-theme.html", "half a build")
    (project / "out/.briefgen").mkdir()
    assert cli("build", "--format", "html").exit_code == 0


def test_a_mark_that_is_a_link_does_not_count(project, tmp_path):
    write(project / "docs/notes.txt", "precious")
    (project / "docs/.briefgen").symlink_to(tmp_path)
    with pytest.raises(UnsafeTarget, match="not empty and was not written by briefgen build"):
        check_output_folder(project / "docs", project, BUILD)
    write(project / "www/.briefgen-site", "")
    write(project / "www/index.html", "old site")
    assert check_output_folder(project / "www", project, SITE) == (project / "www").resolve()


def test_leftovers_are_looked_for_only_where_briefgen_writes(tmp_path):
    out = tmp_path / "out"
    dead = f"{atomic.TEMP_PREFIX}999999999-x.html"
    for folder in (out, out / "themes", out / "themes/deeper/still", tmp_path):
        write(folder / dead, "partial")
    (out / "elsewhere").symlink_to(tmp_path)
    atomic.remove_leftovers(out)
    assert not (out / dead).exists() and not (out / "themes" / dead).exists()
    assert (out / "themes/deeper/still" / dead).exists() and (tmp_path / dead).exists()
