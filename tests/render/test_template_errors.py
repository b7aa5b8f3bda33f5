"""Template errors in briefgen's words: what is wrong, where, once, with "did you mean"."""

import pytest

from briefgen.content.project import Selection
from briefgen.errors import BuildError
from briefgen.output.build import BuildOptions, build
from tests.conftest import write

ALL = Selection(("sample-theme",), ("2025-W42",))


def html_build(project):
    build(BuildOptions(project, project / "out", ("html",)), ALL)


def override(project, block: str) -> None:
    write(project / "templates/weekly.html", '{% extends "default/weekly.html" %}\n\n{% block bluf %}' + block +
          "{% endblock %}\n")


@pytest.mark.parametrize(("block", "said"), [
    ("{{ brief.tittle }}", "brief has no 'tittle' (did you mean 'title'?)"),
    ("{{ config.organisaton }}", "this mapping has no 'organisaton' (did you mean 'organisation'?)"),
    ("{{ breif.title }}", "there is no variable 'breif' (did you mean 'brief'?)"),
    ("{{ brief.title | upcase }}", "there is no filter 'upcase' (did you mean 'upper'?)"),
    ("{{ brief.date | date('%Y') }}", "the filter 'date' takes no arguments: write {{ value | date }}"),
])
def test_a_mistake_is_said_in_briefgen_words(project, block, said):
    override(project, block)
    with pytest.raises(BuildError) as info:
        html_build(project)
    message = str(info.value)
    assert "templates/weekly.html:3: template " in message and said in message, message
    assert "object" not in message and "positional" not in message and "No filter named" not in message


def test_a_template_that_extends_itself_is_named(project):
    write(project / "templates/weekly.html", '{% extends "weekly.html" %}\n')
    with pytest.raises(BuildError, match=r'weekly\.html extends itself: an override extends the built-in file as '
                                         r'\{% extends "default/weekly\.html" %\}'):
        html_build(project)


def test_each_template_error_is_reported_once(project, cli):
    override(project, "{{ brief.tittle }}")
    result = cli("build")
    lines = [line for line in result.stderr.splitlines() if "tittle" in line]
    assert result.exit_code == 1 and len(lines) == 1, result.stderr


def test_an_unclosed_block_is_named_where_it_opens(project):
    write(project / "templates/weekly.html", '{% extends "default/weekly.html" %}\n{% block bluf %}\n'
          "{% if brief.title %}Hello{% endif %}\n\n\n")
    with pytest.raises(BuildError, match=r"templates/weekly\.html:2: template syntax error: \{% block bluf %\} is "
                                         r"never closed: add \{% endblock %\}"):
        html_build(project)
