"""`briefgen check`: one fixture per error and warning kind, each with its exact location.

Each file in tests/fixtures/check/ replaces one file of the sample project (``# target:``)
and lists the exact lines check must print (``# expect:``). ``# schema:`` says whether the
JSON Schema must accept it, reject it, or cannot judge it (``skip``: not a schema matter).
"""

import json
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES, REPO, run_briefgen, write

CASES = sorted((FIXTURES / "check").glob("*.yaml"))


def header(path: Path, key: str) -> list[str]:
    return re.findall(rf"^# {key}: (.*)$", path.read_text("utf-8"), re.M)


def install(project: Path, case: Path) -> Path:
    (target,) = header(case, "target")
    write(project / target, case.read_text("utf-8"))
    return project / target


@pytest.mark.parametrize("case", [c for c in CASES if header(c, "expect")], ids=lambda c: c.stem)
def test_each_problem_is_reported_exactly(project, cli, case):
    install(project, case)
    result = cli("check")
    expected = header(case, "expect")
    printed = [line for line in result.stderr.splitlines() if not line.startswith("ok:")]
    assert printed == expected
    is_error = any(": error: " in line for line in expected)
    assert result.exit_code == (1 if is_error else 0)
    if not is_error:
        assert cli("check", "--strict").exit_code == 1


def test_the_sample_fixture_is_clean(project, cli):
    result = cli("check", "--strict")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == "ok: 3 sources, 1 themes, 1 weekly briefs, 0 warnings"


def test_yaml_1_1_surprises_are_read_as_written(project):
    from briefgen.content.project import load_project, select
    from briefgen.errors import Diagnostics

    install(project, FIXTURES / "check/yaml11-surprises.yaml")
    theme = load_project(project, select(project, [], Diagnostics())).themes["sample-theme"]
    assert theme.title == "NO"
    assert theme.tags == ("yes", "on", "off")
    assert [f.value for f in theme.figures] == ["1.10", "12:30"]


def test_json_output_for_tools(project, cli):
    install(project, FIXTURES / "check/warning-quote.yaml")
    result = cli("check", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {"path": "briefs/themes/sample-theme.yaml", "line": 9, "column": 5, "severity": "warning",
         "message": "quote has no citation"},
        {"path": "briefs/themes/sample-theme.yaml", "line": 11, "column": 5, "severity": "warning",
         "message": "quote has no speaker"},
    ]


def test_messages_are_sorted_by_path_and_line(project, cli):
    install(project, FIXTURES / "check/error-date-outside-week.yaml")
    install(project, FIXTURES / "check/error-unknown-citation.yaml")
    result = cli("check")
    paths = [line.split(":")[0] for line in result.stderr.splitlines()]
    assert paths == sorted(paths) and len(paths) == 2


def test_stale_after_is_configurable_and_as_of_overrides(project, cli):
    install(project, FIXTURES / "check/warning-theme-stale.yaml")
    write(project / "briefgen.toml", "stale_after_weeks = 0\n")
    assert "not updated" not in cli("check").stderr
    write(project / "briefgen.toml", "stale_after_weeks = 52\n")
    assert "not updated" not in cli("check").stderr
    assert "not updated for 73 weeks" in cli("check", "--as-of", "2026-11-23").stderr


def test_check_of_the_whole_content_is_fast_and_never_loads_weasyprint():
    probe = ("import sys, time; t = time.perf_counter()\n"
             "from briefgen.cli.main import main\n"
             "try:\n    main(['check'])\nexcept SystemExit as e:\n    code = e.code\n"
             "print('weasyprint' in sys.modules, code, time.perf_counter() - t)")
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True)
    loaded, code, seconds = result.stdout.split()
    assert (loaded, code) == ("False", "None") or (loaded, code) == ("False", "0"), result.stderr
    assert float(seconds) < 5  # a generous bound; benchmarks/ holds the real figure


# -- the JSON Schema -----------------------------------------------------------------------

class Yaml12Loader(yaml.SafeLoader):
    """YAML as an editor's language server reads it: dates stay strings, only true/false are booleans."""


Yaml12Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers
          if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def validator(kind: str):
    import jsonschema

    from briefgen.content.schema import schema

    return jsonschema.Draft202012Validator(schema(kind))


def kind_of(target: str) -> str:
    return "sources" if target.endswith("sources.yaml") else target.split("/")[1].replace("themes", "theme")


def test_schema_accepts_every_content_file():
    files = [REPO / "briefs/sources.yaml", *sorted((REPO / "briefs").glob("*/*.yaml")),
             *sorted((FIXTURES / "project/briefs").rglob("*.yaml"))]
    for path in files:
        kind = kind_of(str(path.relative_to(path.parents[2] if path.parent.name != "briefs" else path.parents[1])))
        data = yaml.load(path.read_text("utf-8"), Loader=Yaml12Loader)
        errors = [e.message for e in validator(kind).iter_errors(data)]
        assert not errors, f"{path}: {errors}"


@pytest.mark.parametrize("case", [c for c in CASES if header(c, "schema") != ["skip"]], ids=lambda c: c.stem)
def test_schema_agrees_with_check(case):
    (target,) = header(case, "target")
    (verdict,) = header(case, "schema")
    data = yaml.load(case.read_text("utf-8"), Loader=Yaml12Loader)
    valid = validator(kind_of(target)).is_valid(data)
    assert valid == (verdict == "accept"), case.name


def test_schema_command_prints_each_schema(project):
    for kind in ("sources", "theme", "weekly"):
        result = run_briefgen("schema", kind, cwd=project)
        assert result.returncode == 0
        assert json.loads(result.stdout)["$schema"].startswith("https://json-schema.org/")


def test_a_source_cited_only_by_a_chart_counts_as_cited(project, cli):
    write(project / "briefs/themes/sample-theme.yaml",
          'title: T\nsummary: S [@beta; @gamma]\nupdated: "2025-10-17"\ncharts:\n'
          '  - type: bar\n    title: Drones\n    alt: Two bars.\n    cite: "[@alpha]"\n'
          '    data:\n      - {label: A, value: 1}\n      - {label: B, value: 2}\n')
    result = cli("check")
    assert result.exit_code == 0, result.stderr
    assert "not cited anywhere" not in result.stderr
