"""Incremental, parallel, fault-tolerant builds."""

import os
import time

import pytest

from briefgen.content.config import load_config
from briefgen.content.project import select
from briefgen.errors import Diagnostics
from briefgen.output import incremental
from briefgen.output.build import BuildFailed, BuildOptions, Progress, build
from tests.conftest import write


def second_theme_and_brief(project):
    """Adds a theme used by a second brief only, so a change can touch one brief and not the other."""
    write(project / "briefs/themes/other-theme.yaml", "title: Other theme\nsummary: Other [@alpha]\n")
    write(project / "briefs/weekly/2025-W43.yaml",
          'number: 2\nweek: "2025-W43"\ndate: "2025-10-24"\ntitle: Second brief\nbluf: B [@beta]\n'
          "themes: [other-theme]\n")


def run(project, formats=("html",), **kwargs):
    options = BuildOptions(project, project / "out", formats, load_config(project))
    return build(options, select(project, [], Diagnostics()), **kwargs)


def test_a_second_build_with_no_change_renders_nothing_and_parses_nothing(project, monkeypatch):
    first = run(project)
    assert sorted(first.built) == ["themes/sample-theme.html", "weekly/2025-W42.html"]

    def no_parsing(*args, **kwargs):
        raise AssertionError("an unchanged project must not be parsed")

    monkeypatch.setattr("briefgen.output.build.load_project", no_parsing)
    second = run(project)
    assert second.built == [] and sorted(second.skipped) == sorted(first.built)


def test_changing_one_theme_rebuilds_only_what_uses_it(project):
    second_theme_and_brief(project)
    run(project)
    path = project / "briefs/themes/other-theme.yaml"
    path.write_text(path.read_text().replace("Other [@alpha]", "Changed [@alpha]"))
    report = run(project)
    assert sorted(report.built) == ["themes/other-theme.html", "weekly/2025-W43.html"]
    assert sorted(report.skipped) == ["themes/sample-theme.html", "weekly/2025-W42.html"]
    assert "Changed" in (project / "out/themes/other-theme.html").read_text()


def test_templates_config_and_sources_rebuild_everything(project):
    run(project)
    for change in (lambda: write(project / "templates/weekly.html", '{% extends "default/weekly.html" %}\n'),
                   lambda: write(project / "briefgen.toml", 'series = "Changed"\n'),
                   lambda: (project / "briefs/sources.yaml").write_text(
                       (project / "briefs/sources.yaml").read_text().replace("Gamma Annual", "Gamma Yearly"))):
        change()
        assert len(run(project).built) == 2


def test_a_stylesheet_change_rebuilds_pdfs_not_html_but_updates_the_css(project):
    run(project, ("html", "pdf"))
    write(project / "style.css", "h1 { letter-spacing: .01em }\n")
    report = run(project, ("html", "pdf"))
    assert sorted(report.built) == ["themes/sample-theme.pdf", "weekly/2025-W42.pdf"]
    assert "letter-spacing: .01em" in (project / "out/style.css").read_text()


def test_nothing_else_rebuilds(project):
    """Timestamps, files the build does not read, and config text that does not change a
    setting leave every output fresh."""
    write(project / "briefgen.toml", 'series = "Weekly"\n')
    run(project, ("html", "pdf"))
    for path in project.rglob("*"):
        if path.is_file() and "out" not in path.relative_to(project).parts:
            path.touch()  # a fresh checkout, a copy that kept the bytes but not the times
    write(project / "notes.md", "Drafting notes.\n")
    write(project / "drafts/next-week.yaml", "title: Not yet\n")
    write(project / "briefgen.toml", '# the house series\nseries = "Weekly"  # as agreed\n')
    write(project / "out/README.txt", "Built by briefgen.\n")
    report = run(project, ("html", "pdf"))
    assert report.built == [] and len(report.skipped) == 4


def test_a_deleted_output_is_built_again(project):
    run(project)
    (project / "out/weekly/2025-W42.html").unlink()
    assert run(project).built == ["weekly/2025-W42.html"]


def test_one_failing_document_does_not_stop_the_others(project, cli):
    second_theme_and_brief(project)
    write(project / "templates/weekly.html",
          '{% extends "default/weekly.html" %}\n'
          '{% block bluf %}{% if brief.number == 2 %}{{ brief.nope }}{% endif %}{{ super() }}{% endblock %}\n')
    with pytest.raises(BuildFailed) as info:
        run(project)
    report = info.value.report
    assert sorted(report.built) == ["themes/other-theme.html", "themes/sample-theme.html", "weekly/2025-W42.html"]
    assert len(report.failed) == 1 and report.failed[0].startswith("briefs/weekly/2025-W43.yaml: ")
    assert "weekly.html:2: template error" in report.failed[0]
    result = cli("build", "--format", "html")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: briefs/weekly/2025-W43.yaml: ")
    assert lines[-1].startswith("built 0, skipped 3 unchanged, failed 1 in ")


def test_a_manifest_that_cannot_be_saved_does_not_hide_the_documents_failures(project, cli):
    second_theme_and_brief(project)
    write(project / "templates/weekly.html",
          '{% extends "default/weekly.html" %}\n'
          '{% block bluf %}{% if brief.number == 2 %}{{ brief.nope }}{% endif %}{{ super() }}{% endblock %}\n')
    (project / "out/.briefgen/manifest.json").mkdir(parents=True)  # a folder where the file must go
    with pytest.raises(BuildFailed) as info:
        run(project)
    report = info.value.report
    assert len(report.failed) == 1 and report.failed[0].startswith("briefs/weekly/2025-W43.yaml: ")
    (error,) = report.errors  # the run's own failure, not counted as a document's
    assert "manifest.json: cannot write" in error and "renders everything again" in error
    assert str(info.value).splitlines() == report.failed + report.errors
    assert (project / "out/weekly/2025-W42.html").is_file()


def test_a_manifest_that_cannot_be_saved_fails_the_run_but_no_document(project, cli):
    (project / "out/.briefgen/manifest.json").mkdir(parents=True)
    result = cli("build", "--format", "html")
    assert result.exit_code == 1
    error, summary = result.stderr.splitlines()
    assert error.startswith("error: ") and "manifest.json: cannot write" in error
    assert summary.startswith("built 2, skipped 0 unchanged, failed 0 in ")
    assert (project / "out/weekly/2025-W42.html").is_file()


def test_a_content_file_that_became_a_pipe_is_refused_not_waited_on(project, cli):
    """The manifest hashes a document's files before anything is loaded: a pipe must not stall it."""
    assert cli("build", "--format", "html").exit_code == 0
    theme = project / "briefs/themes/sample-theme.yaml"
    theme.unlink()
    os.mkfifo(theme)
    started = time.perf_counter()
    result = cli("build", "--format", "html")
    assert time.perf_counter() - started < 10
    assert result.exit_code == 1
    assert result.stderr.strip() == "briefs/themes/sample-theme.yaml: error: cannot read file: not a regular file"


def test_pdfs_from_a_worker_pool_are_identical_to_serial_ones(project):
    second_theme_and_brief(project)
    run(project, ("pdf",), jobs=1)
    serial = {p.name: p.read_bytes() for p in (project / "out").rglob("*.pdf")}
    for pdf in (project / "out").rglob("*.pdf"):
        pdf.unlink()
    report = run(project, ("pdf",), jobs=2)
    assert len(report.built) == 4
    assert {p.name: p.read_bytes() for p in (project / "out").rglob("*.pdf")} == serial


def test_progress_hears_of_every_output(project):
    events = []

    class Recorder(Progress):
        def start(self, total):
            events.append(("start", total))

        def advance(self, name, status):
            events.append((name, status))

    run(project, progress=Recorder())
    run(project, progress=Recorder())
    assert events[0] == ("start", 2) and events[3] == ("start", 2)
    assert sorted(events[1:3]) == [("themes/sample-theme.html", "built"), ("weekly/2025-W42.html", "built")]
    assert sorted(events[4:]) == [("themes/sample-theme.html", "skipped"), ("weekly/2025-W42.html", "skipped")]


def test_summary_and_quiet(project, cli):
    result = cli("build", "--format", "html")
    assert result.exit_code == 0 and result.stderr.startswith("built 2, skipped 0 unchanged, failed 0 in ")
    quiet = cli("build", "--format", "html", "--quiet")
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_a_run_hashes_each_content_file_once(project, monkeypatch):
    """A theme shown by several briefs is read for the manifest once a run, not once an output."""
    write(project / "briefs/weekly/2025-W43.yaml",
          'number: 2\nweek: "2025-W43"\ndate: "2025-10-24"\ntitle: Second brief\nbluf: B [@beta]\n'
          "themes: [sample-theme]\n")
    reads = []
    original = incremental.digest_regular
    monkeypatch.setattr(incremental, "digest_regular", lambda path: reads.append(path.name) or original(path))
    report = run(project)
    assert len(report.built) == 3
    assert reads.count("sample-theme.yaml") == 1
    reads.clear()
    assert run(project).built == [] and reads.count("sample-theme.yaml") == 1  # the no-op checks it once too
