"""Stage 2: the content model is enforced with located, helpful errors."""

import pytest

from briefgen.content.load import load_text
from briefgen.content.read import read_sources, read_theme, read_weekly
from briefgen.errors import Diagnostics

SOURCES = ["alpha", "beta"]


def errors_of(text: str, reader, *args) -> list[str]:
    diagnostics = Diagnostics()
    document = load_text(text, "doc.yaml", diagnostics)
    result = reader(document, *args[:1], diagnostics, *args[1:]) if args else reader(document, diagnostics)
    return result, [str(d) for d in diagnostics.sorted()]


def theme(text: str):
    return errors_of(text, read_theme, "t", SOURCES)


def weekly(text: str, themes=("t",)):
    return errors_of(text, read_weekly, "2025-W44", SOURCES, themes)


WEEKLY = 'number: 1\nweek: "2025-W44"\ndate: "2025-10-31"\ntitle: T\nbluf: B [@alpha]\nthemes: [t]\n'


def test_a_valid_theme_reads_into_the_model():
    value, errors = theme("title: T\nsummary: S [@alpha, p. 2]\ntimeline:\n  - date: '2025-11'\n    text: X [@beta]\n")
    assert errors == []
    assert value.summary.keys == ("alpha",)
    assert value.summary.citations[0].items[0].locator == "p. 2"
    assert value.timeline[0].date.isoformat() == "2025-11"


def test_missing_required_field_is_located_at_the_mapping():
    _, errors = theme("title: T\nstatus: active\n")
    assert errors == ["doc.yaml:1:1: error: a theme is missing required field 'summary'"]


def test_unknown_field_suggests_the_right_one():
    _, errors = theme("title: T\nsummary: S\nkey_point:\n  - x\n")
    assert errors == ["doc.yaml:3:1: error: unknown field 'key_point' in a theme (did you mean 'key_points'?)"]


def test_unknown_citation_key_names_exact_line_and_column():
    _, errors = theme("title: T\nsummary: >-\n  First line [@alpha].\n  Second [see @alpah, p. 3].\n")
    assert errors == ["doc.yaml:4:15: error: unknown citation key '@alpah' (did you mean 'alpha'?)"]


@pytest.mark.parametrize("text, place", [
    ("title: T\nsummary: Text [@alpah].\n", "2:16"),
    ('title: T\nsummary: "Quoted [@alpah]"\n', "2:19"),
    ("title: T\nsummary: |\n  One.\n  Two [@alpah].\n", "4:8"),
    ("title: T\nsummary: S\nkey_points:\n  - First\n  - Second [@alpha; @alpah]\n", "5:21"),
])
def test_a_citation_key_is_located_in_any_kind_of_scalar(text, place):
    _, errors = theme(text)
    assert [e.split(": error")[0] for e in errors] == [f"doc.yaml:{place}"]


def test_impossible_date():
    _, errors = theme("title: T\nsummary: S\nupdated: '2025-02-30'\n")
    assert errors == ["doc.yaml:3:10: error: 'updated' is not a real date: 2025-02-30"]


def test_cite_field_must_be_a_citation():
    _, errors = theme("title: T\nsummary: S\nfigures:\n  - label: L\n    value: '1'\n    cite: '[@nope]'\n")
    assert errors == ["doc.yaml:6:13: error: unknown citation key '@nope'"]


def test_weekly_brief_reads():
    value, errors = weekly(WEEKLY)
    assert errors == []
    assert str(value.week) == "2025-W44" and value.themes[0].id == "t"


def test_weekly_date_outside_its_week():
    _, errors = weekly(WEEKLY.replace("2025-10-31", "2025-11-03"))
    assert errors == ["doc.yaml:3:7: error: date 2025-11-03 lies outside week 2025-W44 (2025-10-27 to 2025-11-02)"]


def test_weekly_unknown_theme():
    _, errors = weekly(WEEKLY.replace("themes: [t]", "themes: [tt]"))
    assert errors == ["doc.yaml:6:10: error: unknown theme 'tt' (did you mean 't'?)"]


def test_weekly_week_must_match_file_name():
    _, errors = weekly(WEEKLY.replace('week: "2025-W44"', 'week: "2025-W45"').replace("2025-10-31", "2025-11-05"))
    assert errors == ["doc.yaml:2:7: error: week 2025-W45 does not match the file name 2025-W44.yaml"]


@pytest.mark.parametrize("value", ["2025-W54", "2025-44", "W44"])
def test_bad_iso_weeks(value):
    _, errors = weekly(WEEKLY.replace('"2025-W44"', f'"{value}"'))
    assert errors and errors[0].startswith("doc.yaml:2:7: error: 'week'")


def test_duplicate_source_ids():
    _, errors = errors_of("- {id: a, type: webpage, title: A}\n- {id: a, type: webpage, title: B}\n", read_sources)
    assert errors == ["doc.yaml:2:3: error: duplicate source id 'a' (first defined at line 1)"]


def test_sources_accept_a_references_mapping_and_reject_bad_urls():
    value, errors = errors_of("references:\n  - {id: a, type: webpage, title: A, URL: 'javascript:alert(1)'}\n",
                              read_sources)
    assert list(value) == ["a"]
    assert errors == ["doc.yaml:2:43: error: URL must be an http(s) address, not 'javascript:alert(1)'"]
