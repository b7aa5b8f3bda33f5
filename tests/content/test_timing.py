"""What was known when: the rules that keep a weekly brief to what was known on its date."""

import datetime as dt

import pytest

from briefgen.content.config import Config, load_config
from briefgen.content.grading import Grading
from briefgen.content.lint import lint
from briefgen.content.project import load_project, select
from briefgen.content.timing import Known, known_on
from briefgen.content.values import PartialDate
from briefgen.errors import ContentError, Diagnostics
from tests.conftest import write

DAY = dt.date(2025, 10, 17)
ADMIRALTY = Config()


@pytest.mark.parametrize(("issued", "known"), [
    ((2025, 10, 17), Known.YES), ((2025, 10, 18), Known.NO), ((2025, 9, None), Known.YES),
    ((2025, 10, None), Known.UNSURE), ((2025, 11, None), Known.NO), ((2025, None, None), Known.UNSURE),
    ((2024, None, None), Known.YES), ((2026, None, None), Known.NO),
])
def test_a_date_is_known_only_when_all_it_may_stand_for_is_past(issued, known):
    year, month, day = issued
    assert known_on(PartialDate(year, month, day), DAY) is known


def test_no_date_is_never_known_for_sure():
    assert known_on(None, DAY) is Known.UNSURE


def load(project, config=ADMIRALTY):
    return load_project(project, select(project, [], Diagnostics()), config)


def brief_citing(project, key: str, compiled: str = "") -> None:
    write(project / "briefs/weekly/2025-W42.yaml",
          f'number: 1\nweek: "2025-W42"\ndate: "2025-10-17"\n{compiled}title: T\n'
          f'bluf: B [@{key}]\nthemes: [sample-theme]\n')


def later_source(project, issued: str) -> None:
    path = project / "briefs/sources.yaml"
    path.write_text(path.read_text() + f'\n- id: later\n  type: report\n  title: Later\n  issued: "{issued}"\n')


def test_a_brief_compiled_later_may_cite_what_came_out_until_then(project):
    later_source(project, "2026-02-09")
    brief_citing(project, "later")
    with pytest.raises(ContentError, match=r"2025-W42.yaml:5:10: error: '@later' was published 2026-02-09"):
        load(project)
    brief_citing(project, "later", compiled='compiled: "2026-02-10"\n')
    assert load(project).weekly["2025-W42"].compiled == dt.date(2026, 2, 10)
    brief_citing(project, "later", compiled='compiled: "2026-02-08"\n')
    with pytest.raises(ContentError, match=r"after this brief \(compiled 2026-02-08\)"):
        load(project)


def test_a_compiled_brief_still_describes_only_its_week(project):
    """Its sources may be later; the events it shows still end at its date."""
    brief_citing(project, "gamma", compiled='compiled: "2026-02-10"\n')
    project_ = load(project)
    from briefgen.content import timing

    brief, theme = project_.weekly["2025-W42"], project_.themes["sample-theme"]
    shown = [entry.text.markdown for entry in timing.earlier(theme, brief, project_.sources)]
    assert shown == ["Background from September [@gamma]."]
    assert all(f.value != "4 million" for f in timing.figures(theme, brief, project_.sources))


def test_grades_are_checked_against_the_scheme_and_required_on_request(project):
    path = project / "briefs/sources.yaml"
    path.write_text(path.read_text().replace('  issued: "2024"', '  issued: "2024"\n  grade: B2'))
    loaded = load(project)
    assert lint(loaded).items == []
    warnings = [str(d) for d in lint(loaded, require_grades=True).items]
    assert warnings == [
        "briefs/sources.yaml:2:3: warning: source 'alpha' has no grade (the project requires grades: "
        "require_grades in briefgen.toml)",
        "briefs/sources.yaml:13:3: warning: source 'beta' has no grade (the project requires grades: "
        "require_grades in briefgen.toml)",
    ]
    custom = Grading("custom", (("high", "Named outlet"), ("low", "Unnamed outlet")))
    with pytest.raises(ContentError, match=r"sources.yaml:25:10: error: grade 'B2' is not in the project's "
                                           r"grading scheme \(high, low\)"):
        load(project, Config(grading=custom))


def test_the_grading_scheme_is_read_from_the_config(project):
    write(project / "briefgen.toml", 'require_grades = true\n[grading]\nhigh = "Named outlet"\nlow = "Unnamed"\n')
    config = load_config(project)
    assert config.require_grades is True
    assert config.grading.meaning("low", {}) == "Unnamed"
    write(project / "briefgen.toml", 'grading = "nato"\n')
    with pytest.raises(ContentError, match=r"briefgen.toml:1:\d+: error: 'grading' must be \"admiralty\""):
        load_config(project)
