"""Every kind of PDF briefgen makes, validated by veraPDF, the reference PDF/UA and PDF/A
validator (../shared/tools/verapdf): theme notes with charts, weekly briefs cleared and
draft, a French edition, images and a long table, the archival --pdf-a file (PDF/A-3b and
PDF/UA-1 at once), the worked template overrides of docs/templates.md, and the page furniture
of its classification banner.

Under CI=true the validator is required; elsewhere the tests skip, saying how to install it."""

import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from briefgen.content.config import load_config
from briefgen.content.project import select
from briefgen.errors import Diagnostics
from briefgen.output.build import BuildOptions, build
from tests.conftest import FIXTURES, INSTALL, REPO, write
from tests.docs_examples import template_overrides, worked

VERAPDF = REPO.parent / "shared/tools/verapdf/check"
VERDICT = re.compile(r"^== (.+?) \| profile .*? \| (PASS|FAIL) \|", re.M)


def verapdf() -> Path:
    """The validator, or a failure under CI and a skip elsewhere, saying what is missing."""
    problem = ""
    if not VERAPDF.exists():
        problem = f"veraPDF is not at {VERAPDF} (briefgen's checkout sits beside ../shared)"
    elif shutil.which("java") is None:
        problem = f"veraPDF needs Java and its Debian jars: run {INSTALL}"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(problem)
        pytest.skip(problem)
    return VERAPDF


def validate(profile: str, pdfs: list[Path]) -> dict[str, str]:
    """veraPDF's verdict on each file: "PASS", or "FAIL" followed by the rules it broke."""
    result = subprocess.run([str(verapdf()), profile, *map(str, pdfs)], capture_output=True, text=True, timeout=600)
    if result.returncode == 2:
        pytest.fail(f"veraPDF could not validate ({INSTALL} installs its jars):\n{result.stdout}{result.stderr}")
    verdicts, blocks = {}, re.split(r"(?m)^(?==)", result.stdout)
    for block in blocks:
        match = VERDICT.match(block)
        if match:
            verdicts[match.group(1)] = "PASS" if match.group(2) == "PASS" else block.strip()
    assert len(verdicts) == len(pdfs), result.stdout + result.stderr
    return verdicts


def png(width: int = 40, height: int = 20) -> bytes:
    """A small real PNG image: a grey bar."""
    raw = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def build_all(root: Path, out: Path, archival: bool = False, paths: tuple[str, ...] = ()) -> list[Path]:
    selection = select(root, [root / p for p in paths], Diagnostics())
    build(BuildOptions(root, out, ("pdf",), load_config(root), pdf_archival=archival), selection, jobs=2)
    return sorted(out.rglob("*.pdf"))


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, list[Path]]:
    base = tmp_path_factory.mktemp("conformance")
    sample = base / "sample"
    sample.mkdir()
    shutil.copytree(REPO / "briefs", sample / "briefs")
    shutil.copy(REPO / "briefgen.toml", sample / "briefgen.toml")
    kinds = {"sample": build_all(sample, base / "sample-out", paths=(
        "briefs/themes/us-ukraine-drone-deal.yaml", "briefs/themes/controlled-exports.yaml",
        "briefs/themes/european-coproduction.yaml", "briefs/weekly/2025-W44.yaml", "briefs/weekly/2026-W07.yaml"))}
    kinds["archival"] = build_all(sample, base / "archival-out", archival=True,
                                  paths=("briefs/themes/controlled-exports.yaml", "briefs/weekly/2025-W44.yaml"))
    french = base / "french"
    shutil.copytree(FIXTURES / "site", french)
    kinds["french"] = build_all(french, base / "french-out", paths=("briefs/weekly/2025-W44.yaml",))
    kinds["images-and-tables"] = build_all(_with_image_and_long_table(base / "long"), base / "long-out")
    kinds["worked-overrides"] = _worked_overrides(base)
    furniture = base / "furniture"
    shutil.copytree(FIXTURES / "project", furniture)
    for path, text in worked("A classification banner at the top and bottom of every page").files.items():
        write(furniture / path, text)
    kinds["page-furniture"] = build_all(furniture, base / "furniture-out")
    return kinds


def _with_image_and_long_table(root: Path) -> Path:
    shutil.copytree(FIXTURES / "project", root)
    (root / "assets").mkdir()
    (root / "assets/bar.png").write_bytes(png())
    theme = root / "briefs/themes/sample-theme.yaml"
    rows = "".join(f'  - label: Measure {n}\n    value: "{n * 10}"\n    cite: "[@gamma]"\n' for n in range(60))
    theme.write_text(theme.read_text().replace("figures:\n", "figures:\n" + rows).replace(
        "  Facts are cited [@alpha].", "  Facts are cited [@alpha].\n\n  ![A grey bar standing for output](assets/bar.png)"))
    return root


def _worked_overrides(base: Path) -> list[Path]:
    """Each override docs/templates.md works through, applied alone to the fixture project
    with the configuration and stylesheet its section gives."""
    examples = template_overrides()
    assert len(examples) >= 7
    made = []
    for number, (name, body, files) in enumerate(examples):
        root = base / f"override-{number}"
        shutil.copytree(FIXTURES / "project", root)
        for path, text in {**files, name: body}.items():
            write(root / path, text)
        made += build_all(root, base / f"override-{number}-out", paths=("briefs/weekly/2025-W42.yaml",))
    return made


def test_every_kind_of_pdf_is_pdf_ua_1(pdfs):
    files = [pdf for kind in pdfs.values() for pdf in kind]
    assert len(pdfs["sample"]) == 5 and len(files) >= 15
    verdicts = validate("PDFUA_1", files)
    assert {path: verdict for path, verdict in verdicts.items() if verdict != "PASS"} == {}


def test_the_archival_file_is_pdf_a_3b_as_well(pdfs):
    verdicts = validate("PDFA_3_B", pdfs["archival"])
    assert {path: verdict for path, verdict in verdicts.items() if verdict != "PASS"} == {}


def test_the_validator_finds_what_is_wrong(tmp_path):
    """The same brief laid out by WeasyPrint without tags or PDF/UA identification fails:
    the tests above can fail."""
    import weasyprint

    untagged = tmp_path / "untagged.pdf"
    weasyprint.HTML(string="<html lang=en><title>T</title><p>Text</p></html>").write_pdf(untagged)
    verdict = validate("PDFUA_1", [untagged])[str(untagged)]
    assert verdict.startswith("== ") and "FAIL" in verdict
