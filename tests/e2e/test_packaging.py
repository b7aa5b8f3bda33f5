"""Installation: the wheel carries the built-in templates and the starter project, and `make build`
works from a fresh clone."""

import shutil
import subprocess
import sys
import zipfile

import pytest
from pypdf import PdfReader

from tests.conftest import REPO


def test_wheel_ships_templates_stylesheet_and_labels(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(REPO)],
                   check=True, capture_output=True, timeout=600)
    (wheel,) = tmp_path.glob("briefgen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in (REPO / "templates").glob("*.html"):
        assert f"briefgen/_defaults/templates/{template.name}" in names
    assert "briefgen/_defaults/style.css" in names
    assert {"briefgen/labels/en.yaml", "briefgen/labels/fr.yaml"} <= names
    starter = REPO / "briefgen/starter"
    assert {f"briefgen/starter/{p.relative_to(starter).as_posix()}" for p in starter.rglob("*") if p.is_file()} <= names


@pytest.mark.skipif(shutil.which("git") is None or not (REPO / ".git").exists(), reason="needs a git checkout")
def test_make_build_in_a_fresh_clone(tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True, timeout=120)
    result = subprocess.run(["make", "build"], cwd=clone, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    for kind in ("themes", "weekly"):
        for source in (clone / "briefs" / kind).glob("*.yaml"):
            html = clone / "out" / kind / f"{source.stem}.html"
            pdf = clone / "out" / kind / f"{source.stem}.pdf"
            assert html.is_file() and pdf.is_file(), source
            assert len(PdfReader(pdf).pages) >= 1
    assert (clone / "site/index.html").is_file() and (clone / "site/.briefgen-site").is_file()
