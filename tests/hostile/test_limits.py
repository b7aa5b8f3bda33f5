"""Every text step is linear, and the content limits (docs/content.md, "Limits") bound what
is not: a file under the size cap is checked and built in seconds, and a render that still
runs out of time names the file and field, not a template."""

from __future__ import annotations

import time

import pytest
import yaml

from briefgen.content import reader
from briefgen.content.load import load_text
from briefgen.content.locate import Locator
from briefgen.content.policy import MAX_MARKDOWN_CHARS, MAX_TEXT_CHARS
from briefgen.errors import Diagnostics
from briefgen.render import environment
from tests.conftest import write

THEME = "briefs/themes/sample-theme.yaml"
# Shapes of Markdown that cost Python-Markdown time in the square of their length.
SLOW_SHAPES = ["[a](b ", "<a ", "a\n=\n", "*[A]: x\n", "![a](b ", "*a* **b** _c_ `d` ", "[[[[ "]


def theme(project, **fields) -> None:
    write(project / THEME, yaml.safe_dump({"title": "Limits", "updated": "2025-10-22", **fields}, width=10**9))


def test_locating_sixteen_thousand_citations_is_linear():  # fault 5
    """Each citation's place in the file was found by searching from the start: 27 s for 16,000."""
    value = "Lorem ipsum [@alpha]. " * 32_000
    loaded = load_text(f"assessment: |\n  {value}\n", "x.yaml", Diagnostics())
    node = loaded.root.values["assessment"]
    started = time.perf_counter()
    locator = Locator(loaded.text, node, node.value)
    places = [locator.key(index) for index in range(13, len(node.value), 22)]
    assert time.perf_counter() - started < 3
    assert (places[0].line, places[0].col) == (2, 16) and (places[-1].line, places[-1].col) == (2, 16 + 22 * 31_999)


def test_a_file_just_under_the_size_cap_is_checked_in_seconds(project, cli):  # fault 5
    entries = [{"date": "2025-10-17", "text": "Lorem ipsum [@alpha]. " * 200} for _ in range(1050)]
    theme(project, summary="S [@alpha].", timeline=entries)
    assert 4_000_000 < (project / THEME).stat().st_size < 5 * 1024 * 1024
    started = time.perf_counter()
    result = cli("check")
    assert time.perf_counter() - started < 10  # more than 120 s before
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 1 and len(lines) == 1, lines
    assert f"the Markdown of this file passes {MAX_MARKDOWN_CHARS:,} characters in all" in lines[0]


def test_a_text_over_the_limit_is_a_located_error(project, cli):
    theme(project, summary="S [@alpha].", assessment="x" * (MAX_TEXT_CHARS + 1), tags=["t" * 61])
    lines = cli("check").stderr.strip().splitlines()
    assert any(line.startswith(f"{THEME}:1:13: error: 'assessment' is {MAX_TEXT_CHARS + 1:,} characters long")
               for line in lines), lines
    assert any(": error: 'tags' is 61 characters long; it may have at most 60" in line for line in lines), lines


def test_a_file_at_every_limit_of_the_slowest_markdown_builds_in_seconds(project, cli):
    """Ten fields at the limit, each of a shape Python-Markdown is slowest on."""
    texts = [("[@alpha] " + SLOW_SHAPES[i % len(SLOW_SHAPES)] * MAX_TEXT_CHARS)[:MAX_TEXT_CHARS] for i in range(10)]
    theme(project, summary=texts[0], key_points=texts[1:6], open_questions=texts[6:9], assessment=texts[9])
    started = time.perf_counter()
    result = cli("build", "--format", "html", THEME)
    assert result.exit_code == 0, result.stderr
    assert time.perf_counter() - started < 60


def test_a_render_time_out_names_the_file_and_the_field(project, cli, monkeypatch):  # fault 13
    """With the limits lifted, a text Python-Markdown needs a minute for is stopped, and the
    error names the text, not the template that showed it."""
    monkeypatch.setattr(reader, "MAX_TEXT_CHARS", 10**6)
    monkeypatch.setattr(reader, "MAX_MARKDOWN_CHARS", 10**6)
    monkeypatch.setattr(environment, "RENDER_SECONDS", 2)
    theme(project, summary="S [@alpha].", assessment="[@beta] " + "<a " * 15_000)
    result = cli("build", "--format", "html", THEME)
    assert result.exit_code == 1
    line = result.stderr.strip().splitlines()[0]
    assert line.startswith(f"{THEME}:1:13: error: rendering the text of 'assessment' took longer than 2 s"), line
    assert "theme.html" not in line and "template" not in line


@pytest.mark.parametrize("opener", ["  - ", "* ", "1. "])
def test_markdown_nested_past_what_it_can_read_is_a_located_error(project, cli, opener):
    """Not listed: Python-Markdown recurses once per level of a nested list, and a list
    item that opens another (``- - - x``) nests it again."""
    deep = (opener * MAX_TEXT_CHARS)[:MAX_TEXT_CHARS - 1] + "x"
    theme(project, summary="S [@alpha].", assessment=deep)
    for command in (("check",), ("build", "--format", "html")):
        result = cli(*command)
        assert result.exit_code == 1 and "Traceback" not in result.stderr, result.stderr
        assert f"{THEME}:1:13: error: lists or quotes are nested too deeply for Markdown" in result.stderr, \
            result.stderr
    theme(project, summary="S [@alpha]. [A link](https://example.org/ok).")  # the converter is whole again
    assert cli("build", "--format", "html", THEME).exit_code == 0
    assert '<a href="https://example.org/ok"' in (project / "out/themes/sample-theme.html").read_text("utf-8")
