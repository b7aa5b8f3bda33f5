"""`briefgen new weekly|theme`: the next brief or a theme, as a file whose placeholders check refuses."""

import datetime as dt

import pytest

from briefgen.content.cycle import friday, parse_week, week_after
from briefgen.content.model import IsoWeek
from tests.conftest import write

TODAY = dt.date(2025, 10, 20)


@pytest.mark.parametrize(("week", "following"), [
    ("2025-W44", "2025-W45"), ("2025-W52", "2026-W01"), ("2026-W53", "2027-W01"), ("2020-W52", "2020-W53"),
])
def test_the_week_after_crosses_year_ends(week, following):
    assert str(week_after(parse_week(week))) == following


def test_a_brief_is_dated_the_friday_of_its_week():
    assert friday(IsoWeek(2026, 1)) == dt.date(2026, 1, 2)
    assert friday(IsoWeek(2025, 52)) == dt.date(2025, 12, 26)


@pytest.mark.parametrize("text", ["2025-W54", "2025-W00", "2025-44", "W44", "2026-W53x"])
def test_a_week_that_does_not_exist_is_refused(text):
    assert parse_week(text) is None


def test_new_weekly_follows_the_latest_brief(project, cli):
    result = cli("new", "weekly")
    assert result.exit_code == 0, result.output
    assert result.stdout == "briefs/weekly/2025-W43.yaml: written; replace every TODO, then run `briefgen check`\n"
    text = (project / "briefs/weekly/2025-W43.yaml").read_text()
    assert text.startswith('number: 2\nweek: "2025-W43"\ndate: "2025-10-24"\n')
    assert 'handling: "UNCLASSIFIED — FOR PUBLIC RELEASE"\nauthors:\n  - "Test Desk"\nlang: en\n' in text
    # the theme has an entry on 22 October: it is named, and needs no note
    assert "themes:\n  - id: sample-theme  # 1 timeline entry this week\nclearance:\n  state: draft\n" in text


def test_check_refuses_every_placeholder_where_it_stands(project, cli):
    cli("new", "weekly")
    result = cli("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "briefs/weekly/2025-W43.yaml:4:8: error: 'title' still holds the placeholder TODO that `briefgen new` left: "
        "write it before the document goes out",
        "briefs/weekly/2025-W43.yaml:10:3: error: 'bluf' still holds the placeholder TODO that `briefgen new` left: "
        "write it before the document goes out"]
    brief = project / "briefs/weekly/2025-W43.yaml"
    text = brief.read_text().replace('"TODO: the brief’s headline"', "A headline")
    brief.write_text(text.replace("TODO: the bottom line", "The bottom line"))
    assert cli("check").exit_code == 0


def test_a_theme_with_no_entry_that_week_gets_a_note_to_write(project, cli):
    result = cli("new", "weekly", "--week", "2025-W50")
    assert result.exit_code == 0
    text = (project / "briefs/weekly/2025-W50.yaml").read_text()
    assert 'number: 2\nweek: "2025-W50"\ndate: "2025-12-12"\n' in text
    assert "  - id: sample-theme\n    note: >-\n      TODO: no timeline entry of this theme falls in this week" in text
    assert "'note' still holds the placeholder TODO" in cli("check").stderr


def test_numbers_run_on_across_a_year_end(project, cli):
    brief = project / "briefs/weekly/2025-W42.yaml"
    write(project / "briefs/weekly/2025-W52.yaml", brief.read_text().replace('"2025-W42"', '"2025-W52"')
          .replace('"2025-10-17"', '"2025-12-26"').replace("number: 1", "number: 9"))
    assert cli("new", "weekly").exit_code == 0
    assert (project / "briefs/weekly/2026-W01.yaml").read_text().startswith(
        'number: 10\nweek: "2026-W01"\ndate: "2026-01-02"\n')


def test_new_never_overwrites(project, cli):
    brief = project / "briefs/weekly/2025-W42.yaml"
    before = brief.read_bytes()
    result = cli("new", "weekly", "--week", "2025-W42")
    assert result.exit_code == 1
    assert result.stderr == "error: briefs/weekly/2025-W42.yaml already exists: not overwritten\n"
    assert brief.read_bytes() == before
    assert cli("new", "theme", "sample-theme").stderr == \
        "error: briefs/themes/sample-theme.yaml already exists: not overwritten\n"
    assert not [p for p in (project / "briefs").rglob("*") if p.name.startswith(".briefgen")]


def test_a_brief_before_the_latest_is_refused(project, cli):
    result = cli("new", "weekly", "--week", "2025-W40")
    assert result.exit_code == 1
    assert "2025-W40 comes before the latest brief, 2025-W42 (No. 1)" in result.stderr
    assert cli("new", "weekly", "--week", "2025-W60").exit_code == 2  # no such week: a usage error


def test_a_new_theme_is_refused_by_check_until_written(project, cli):
    result = cli("new", "theme", "drone-exports", "--title", "Drone exports")
    assert result.exit_code == 0
    theme = project / "briefs/themes/drone-exports.yaml"
    assert theme.read_text().startswith('title: "Drone exports"\nsummary: >-\n')
    result = cli("check", "briefs/themes/drone-exports.yaml")
    assert result.exit_code == 1
    assert [line.split(": error: ")[0] for line in result.stderr.splitlines()] == [
        "briefs/themes/drone-exports.yaml:3:3", "briefs/themes/drone-exports.yaml:8:6",
        "briefs/themes/drone-exports.yaml:18:6"]
    text = theme.read_text().replace("TODO: a 120", "A 120").replace("TODO: five", "Five").replace("TODO: what", "What")
    theme.write_text(text)
    assert cli("check", "briefs/themes/drone-exports.yaml").exit_code == 0
    assert cli("new", "theme", "Not_An_Id").exit_code == 1


def test_the_first_brief_of_a_project_is_number_one_this_week(project):
    from briefgen.content.config import load_config
    from briefgen.output.starting import new_weekly

    (project / "briefs/weekly/2025-W42.yaml").unlink()
    path = new_weekly(project, load_config(project), None, TODAY)
    assert path.name == "2025-W43.yaml"
    assert path.read_text().startswith('number: 1\nweek: "2025-W43"\ndate: "2025-10-24"\n')
