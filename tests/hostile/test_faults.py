"""Faults: a read-only or full output folder, a build killed half-way, and PDF layouts that
run away — never a half-written file in place of a good one, the previous output survives,
leftovers are cleaned on the next run, and a runaway is stopped by a time or memory limit
with an error naming the document while the other documents go on.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import signal
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen.content.project import Selection
from briefgen.errors import BuildError
from briefgen.output import atomic as output
from briefgen.output import pdf
from briefgen.output.build import BuildFailed, BuildOptions, build
from tests.conftest import REPO, write

BOTH = Selection(("sample-theme",), ("2025-W42",))
THEME = Selection(("sample-theme",), ())


def contents(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def temporaries(out: Path) -> list[Path]:
    return list(out.rglob(f"{output.TEMP_PREFIX}*"))


def edit_content(project: Path, word: str) -> None:
    """Change the theme and the brief, so that every output is out of date."""
    for path in (project / "briefs/themes/sample-theme.yaml", project / "briefs/weekly/2025-W42.yaml"):
        path.write_text(path.read_text().replace("cites", f"{word} cites", 1))


def complete(path: Path) -> bool:
    """A whole HTML page or a PDF that reads back to its last page."""
    data = path.read_bytes()
    if path.suffix == ".html":
        return data.rstrip().endswith(b"</html>")
    if path.suffix == ".pdf":
        return data.rstrip().endswith(b"%%EOF") and len(PdfReader(path).pages) >= 1
    return True


# -- a full disk --------------------------------------------------------------------------------


@pytest.fixture
def full_disk(monkeypatch):
    """Call it to fill the disk: ``os.write`` into briefgen's temporary files then writes a
    little and fails with ENOSPC, leaving a partial file as a full disk does."""
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to tell briefgen's files from others")
    real_write = os.write

    def write_some_then_fail(fd, data):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            target = ""
        if output.TEMP_PREFIX in target:
            real_write(fd, bytes(data[:100]))
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    return lambda: monkeypatch.setattr(os, "write", write_some_then_fail)


def test_a_full_disk_leaves_the_previous_outputs_and_no_temporaries(project, full_disk):
    build(BuildOptions(project, project / "out"), THEME)
    good = contents(project / "out")
    assert {"themes/sample-theme.html", "themes/sample-theme.pdf"} <= set(good)
    edit_content(project, "Now")
    full_disk()
    with pytest.raises(BuildError) as info:
        build(BuildOptions(project, project / "out"), THEME)
    assert "cannot write: No space left on device" in str(info.value)
    assert contents(project / "out") == good
    assert temporaries(project / "out") == []


def test_a_full_disk_through_the_command_line_is_one_line_per_problem(project, cli, full_disk):
    full_disk()
    result = cli("build", "--format", "html")
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines and all(line.startswith(("error: ", "built ")) for line in lines), lines
    assert any("cannot write: No space left on device" in line for line in lines)
    assert "Traceback" not in result.stderr
    assert temporaries(project / "out") == []
    assert not (project / "out/themes/sample-theme.html").exists()


def test_short_writes_are_completed(project, monkeypatch):
    """``os.write`` may take only part of the data: the rest is written, not lost."""
    real_write = os.write

    def trickle(fd, data):
        return real_write(fd, bytes(data[:7]))

    monkeypatch.setattr(os, "write", trickle)
    output.write_atomic(project / "out/x.bin", bytes(range(256)) * 40)
    monkeypatch.undo()
    assert (project / "out/x.bin").read_bytes() == bytes(range(256)) * 40


# -- a read-only output folder ------------------------------------------------------------------


def _without_override_capabilities():
    """In the child, before exec: drop the capabilities that let root write anywhere."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 3):  # CAP_DAC_OVERRIDE, CAP_FOWNER
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            os._exit(97)


def test_a_read_only_output_folder_is_an_error_and_keeps_the_previous_outputs(project, cli):
    assert cli("build", "--format", "html").exit_code == 0
    out = project / "out"
    good = contents(out)
    edit_content(project, "Now")
    folders = [out, *(p for p in out.rglob("*") if p.is_dir())]
    for folder in folders:
        folder.chmod(0o555)
    try:
        result = subprocess.run([sys.executable, "-m", "briefgen", "build", "--format", "html"], cwd=project,
                                capture_output=True, text=True, timeout=120,
                                env={**os.environ, "PYTHONPATH": str(REPO)},
                                preexec_fn=_without_override_capabilities if os.geteuid() == 0 else None)
    finally:
        for folder in folders:
            folder.chmod(0o755)
    if result.returncode == 97:
        pytest.skip("cannot drop root's capabilities here, so nothing is read-only to this process")
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines and all(line.startswith(("error: ", "built ")) for line in lines), lines
    assert any(re.search(r"cannot write: Permission denied", line) for line in lines), lines
    assert "Traceback" not in result.stderr
    assert contents(out) == good
    assert temporaries(out) == []


# -- a build killed half-way --------------------------------------------------------------------


def many_documents(project: Path, count: int) -> list[str]:
    theme = (project / "briefs/themes/sample-theme.yaml").read_text()
    ids = [f"theme-{n:02d}" for n in range(count)]
    for theme_id in ids:
        write(project / f"briefs/themes/{theme_id}.yaml", theme.replace("Sample theme", f"Theme {theme_id}"))
    return ids


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def processes_mentioning(marker: str, where: str = "cmdline") -> list[int]:
    """The processes whose command line (or environment: ``where="environ"``) holds ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / where).read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def signal_once_a_pdf_is_written(process, out: Path, how: signal.Signals, look=lambda: None):
    """Send ``how`` to the build ``process`` once it has written a PDF, and wait for it to end;
    what ``look()`` saw just before."""
    try:
        assert wait_for(lambda: any(out.rglob("*.pdf")), 60), "no PDF appeared"
        seen = look()
        process.send_signal(how)
        process.wait(20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return seen


def test_a_build_killed_half_way_leaves_only_whole_files_and_is_cleaned_up(project):
    many_documents(project, 8)
    out = project / "out-killed"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "briefgen", "build", "--out", str(out), "-j", "2", "-q"]
    first = subprocess.run([*command, "--format", "html"], cwd=project, env=env, capture_output=True, timeout=120)
    assert first.returncode == 0, first.stderr
    previous = contents(out)
    for path in (project / "briefs/themes").glob("*.yaml"):
        path.write_text(path.read_text().replace("cites", "now cites", 1))
    write(out / "themes" / f"{output.TEMP_PREFIX}999999999-left.html", "<html><body>half")  # a dead writer's
    process = subprocess.Popen([*command, "--format", "html,pdf"], cwd=project, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    signal_once_a_pdf_is_written(process, out, signal.SIGKILL)
    assert process.returncode == -signal.SIGKILL
    # workers orphaned by the kill end themselves promptly
    assert wait_for(lambda: not processes_mentioning(str(out)), 10), processes_mentioning(str(out))
    for path in out.rglob("*"):
        if path.is_file() and not path.name.startswith(output.TEMP_PREFIX) and path.suffix in (".html", ".pdf"):
            assert complete(path), path
            if path.suffix == ".html":  # each page is the previous one or the new one, never a mix
                text = path.read_text()
                assert ("now cites" in text) or previous[path.relative_to(out).as_posix()] == path.read_bytes()
    second = subprocess.run([*command, "--format", "html"], cwd=project, env=env, capture_output=True, timeout=120)
    assert second.returncode == 0, second.stderr
    assert temporaries(out) == []
    assert all("now cites" in (out / f"themes/{p.stem}.html").read_text()
               for p in (project / "briefs/themes").glob("*.yaml"))


def test_ctrl_c_mid_build_leaves_no_worker_and_no_partial_file(project):
    many_documents(project, 8)
    out = project / "out-interrupted"
    marker = f"BRIEFGEN_INTERRUPT_TEST_{os.getpid()}"
    env = {**os.environ, "PYTHONPATH": str(REPO), marker: "1"}  # workers inherit it, whoever forked them
    process = subprocess.Popen([sys.executable, "-m", "briefgen", "build", "--out", str(out), "-j", "2", "-q",
                                "--format", "html,pdf"], cwd=project, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    workers = signal_once_a_pdf_is_written(process, out, signal.SIGINT, lambda: processes_mentioning(marker, "environ"))
    assert len(workers) >= 3  # the build, its fork server and its PDF workers were running
    assert process.returncode != 0
    assert wait_for(lambda: not processes_mentioning(marker, "environ"), 10), processes_mentioning(marker, "environ")
    assert temporaries(out) == []
    pdfs = list(out.rglob("*.pdf"))
    assert len(pdfs) < 10 and all(complete(path) for path in pdfs)


def test_leftovers_of_a_live_writer_are_left_alone(tmp_path):
    (tmp_path / "a").mkdir()
    mine = tmp_path / "a" / f"{output.TEMP_PREFIX}{os.getpid()}-x.html"      # a write in progress here
    dead = tmp_path / "a" / f"{output.TEMP_PREFIX}999999999-x.html"
    old_style = tmp_path / f"{output.TEMP_PREFIX}abc123.pdf"
    for path in (mine, dead, old_style):
        path.write_text("partial")
    output.remove_leftovers(tmp_path)
    assert mine.exists() and not dead.exists() and not old_style.exists()


# -- PDF layouts that run away ------------------------------------------------------------------


def pages_template(project: Path, count: int) -> None:
    write(project / "templates/theme.html",
          '{% extends "default/theme.html" %}\n{% block summary %}{{ super() }}'
          '{% for i in range(' + str(count) + ') %}<p style="break-after: page">Page {{ i }}</p>{% endfor %}'
          "{% endblock %}\n")


def test_a_10000_page_document_is_stopped_by_the_time_limit_and_the_others_go_on(project, monkeypatch):
    build(BuildOptions(project, project / "out", ("pdf",)), BOTH, jobs=2)
    good = contents(project / "out")
    pages_template(project, 10_000)
    edit_content(project, "Now")
    monkeypatch.setattr(pdf, "PDF_TIME_LIMIT", 4)  # a brief takes about a second, on a busy machine three
    started = time.monotonic()
    with pytest.raises(BuildFailed) as info:
        build(BuildOptions(project, project / "out", ("pdf",)), BOTH, jobs=1)  # one worker: it must be replaced
    assert time.monotonic() - started < 30
    report = info.value.report
    assert report.failed == ["briefs/themes/sample-theme.yaml: PDF rendering exceeded the time limit of 4 s"]
    assert report.built == ["weekly/2025-W42.pdf"]
    assert (project / "out/themes/sample-theme.pdf").read_bytes() == good["themes/sample-theme.pdf"]
    assert "Now cites" in "".join(page.extract_text() for page in PdfReader(project / "out/weekly/2025-W42.pdf").pages)
    assert temporaries(project / "out") == []


def test_the_time_limit_through_the_command_line_is_one_clear_line(project, cli, monkeypatch):
    pages_template(project, 10_000)
    monkeypatch.setattr(pdf, "PDF_TIME_LIMIT", 1)
    result = cli("build", "--format", "pdf", "briefs/themes/sample-theme.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == \
        "error: briefs/themes/sample-theme.yaml: PDF rendering exceeded the time limit of 1 s"
    assert "Traceback" not in result.stderr


def bomb_png(side: int = 12_000) -> bytes:
    """A 2 MB PNG that decodes to ``side``² RGB pixels (432 MB for 12,000)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor, rows = zlib.compressobj(1), b"\x00" * ((side * 3 + 1) * 100)
    idat = b"".join(compressor.compress(rows) for _ in range(side // 100)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs /proc to size the limit")
def test_an_image_that_decodes_to_gigabytes_is_stopped_by_the_memory_limit(project, monkeypatch):
    import weasyprint  # noqa: F401  (as the build does, before forking its workers)

    build(BuildOptions(project, project / "out", ("pdf",)), BOTH, jobs=2)
    good = contents(project / "out")
    (project / "assets").mkdir()
    (project / "assets/bomb.png").write_bytes(bomb_png())
    theme = project / "briefs/themes/sample-theme.yaml"
    theme.write_text(theme.read_text().replace("summary: >-\n", "summary: >-\n  ![A harmless-looking chart](assets/bomb.png)\n"))
    edit_content(project, "Now")
    limit = address_space() + 400 * 1024 * 1024  # plenty for a brief, not for 432 MB of pixels and copies
    monkeypatch.setattr(pdf, "PDF_MEMORY_LIMIT", limit)
    with pytest.raises(BuildFailed) as info:
        build(BuildOptions(project, project / "out", ("pdf",)), BOTH, jobs=1)
    report = info.value.report
    assert len(report.failed) == 1 and report.failed[0].startswith("briefs/themes/sample-theme.yaml: PDF rendering ")
    assert f"memory limit of {limit / 1024 / 1024:g} MiB" in report.failed[0], report.failed
    assert report.built == ["weekly/2025-W42.pdf"]
    assert (project / "out/themes/sample-theme.pdf").read_bytes() == good["themes/sample-theme.pdf"]


def test_a_font_size_of_1e9px_is_an_error_naming_the_document(project):
    write(project / "style.css", ".summary, .bluf { font-size: 1e9px; }\n")
    with pytest.raises(BuildFailed) as info:
        build(BuildOptions(project, project / "out", ("pdf",)), BOTH, jobs=2)
    failed = info.value.report.failed
    assert len(failed) == 2, failed
    for message in failed:
        assert re.fullmatch(r"briefs/(themes/sample-theme|weekly/2025-W42)\.yaml: PDF rendering failed: "
                            r"ZeroDivisionError: float division by zero", message), message
    assert not any((project / "out").rglob("*.pdf"))
