"""The command line: exit codes, located one-line errors, nothing written on error."""

import sys
from pathlib import Path

from briefgen import __version__
from tests.conftest import run_briefgen, write


def outputs(root: Path) -> list[str]:
    out = root / "out"
    return sorted(str(p.relative_to(out)) for p in out.rglob("*")) if out.exists() else []


def test_build_writes_html_and_pdf_for_every_document(project, cli):
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert {"themes/sample-theme.html", "themes/sample-theme.pdf", "weekly/2025-W42.html",
            "weekly/2025-W42.pdf", "style.css"} <= set(outputs(project))


def test_build_one_path_and_format(project, cli):
    result = cli("build", "briefs/weekly/2025-W42.yaml", "--format", "html", "--out", "site")
    assert result.exit_code == 0, result.output
    assert sorted(str(p.relative_to(project / "site")) for p in (project / "site").rglob("*.html")) == [
        "weekly/2025-W42.html"]


def test_malformed_yaml(project, cli):
    write(project / "briefs/themes/sample-theme.yaml", "title: T\nsummary: [unclosed\n")
    result = cli("build")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "briefs/themes/sample-theme.yaml:3:1: error: invalid YAML: while parsing a flow sequence (line 2), "
        "expected ',' or ']', but got '<stream end>'"]
    assert outputs(project) == []


def test_unknown_citation_key(project, cli):
    path = project / "briefs/weekly/2025-W42.yaml"
    path.write_text(path.read_text().replace("[@gamma]", "[@gama]"))
    result = cli("build")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "briefs/weekly/2025-W42.yaml:9:38: error: unknown citation key '@gama' (did you mean 'gamma'?)"]
    assert outputs(project) == []


def test_missing_required_field(project, cli):
    path = project / "briefs/weekly/2025-W42.yaml"
    path.write_text(path.read_text().replace("title: Sample weekly brief\n", ""))
    result = cli("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "briefs/weekly/2025-W42.yaml:1:1: error: a weekly brief is missing required field 'title'"]


def test_all_errors_are_reported_together_in_order(project, cli):
    path = project / "briefs/themes/sample-theme.yaml"
    path.write_text(path.read_text().replace("[@beta]", "[@nope]").replace('updated: "2025-10-22"',
                                                                          'updated: "2025-13-01"'))
    result = cli("build")
    lines = result.stderr.splitlines()
    assert result.exit_code == 1 and len(lines) == 3
    assert lines == sorted(lines, key=lambda line: [int(n) if n.isdigit() else n for n in line.split(":")[:3]])
    assert all(": error: " in line for line in lines)


def test_nothing_is_written_when_any_document_has_errors(project, cli):
    assert cli("build", "--format", "html").exit_code == 0
    before = {p: p.read_bytes() for p in (project / "out").rglob("*.html")}
    path = project / "briefs/weekly/2025-W42.yaml"
    path.write_text(path.read_text().replace("title: Sample weekly brief", "title: Changed")
                    .replace("[@gamma]", "[@nope]"))
    assert cli("build", "--format", "html").exit_code == 1
    assert {p: p.read_bytes() for p in (project / "out").rglob("*.html")} == before


def test_usage_errors_exit_2(project, cli):
    result = cli("build", "--format", "docx")
    assert result.exit_code == 2 and "choose from html, pdf" in result.stderr
    assert cli("frobnicate").exit_code == 2


def test_a_path_outside_briefs_is_a_usage_error(project, cli):
    write(project / "elsewhere.yaml", "title: x\n")
    result = cli("check", "elsewhere.yaml")
    assert result.exit_code == 2 and "not a theme or weekly brief" in result.stderr


def test_version_help_and_module_entry_point(project):
    version = run_briefgen("--version", cwd=project)
    assert version.returncode == 0 and __version__ in version.stdout
    helped = run_briefgen("build", "--help", cwd=project)
    assert helped.returncode == 0 and "--format" in helped.stdout


def test_content_errors_never_show_a_traceback(project):
    write(project / "briefs/themes/sample-theme.yaml", "- just\n- a list\n")
    result = run_briefgen("build", cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == "briefs/themes/sample-theme.yaml:1:1: error: a theme must be a mapping"


def test_check_and_html_builds_never_import_weasyprint(project):
    probe = ("import sys; from briefgen.cli.main import main\n"
             "try:\n    main(sys.argv[1:])\nexcept SystemExit as e:\n    code = e.code\n"
             "print('weasyprint' in sys.modules, code)")
    for args in (["check"], ["build", "--format", "html"]):
        import subprocess
        result = subprocess.run([sys.executable, "-c", probe, *args], cwd=project, capture_output=True, text=True)
        assert result.stdout.split() == ["False", "0"], result.stderr


def test_a_path_that_names_no_document_is_a_usage_error(project, cli):
    result = cli("build", "nonexist.yaml")
    assert result.exit_code == 2 and result.stderr.strip() == "nonexist.yaml: error: no such file or folder"


def test_an_impossible_date_is_said_to_be_one(project, cli):
    result = cli("check", "--as-of", "2025-02-30")
    assert result.exit_code == 2 and "'2025-02-30' is not a real date (day is out of range for month)" in result.stderr
    assert "is not a date written YYYY-MM-DD" in cli("check", "--as-of", "17/10/2025").stderr


def test_ctrl_c_ends_with_the_interrupt_status(project):
    import signal
    import subprocess
    import sys
    import time

    command = ("import sys, time, briefgen.cli.main as m\n"
               "m.main.command(name='sleep')(lambda: (print('ready', file=sys.stderr, flush=True), time.sleep(60)))\n"
               "m.main()")
    process = subprocess.Popen([sys.executable, "-c", command, "sleep"], cwd=project, stderr=subprocess.PIPE, text=True)
    assert process.stderr.readline().strip() == "ready"  # the command runs: interrupt it there
    time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130 and "interrupted" in stderr and "Aborted" not in stderr
