"""Stage 5: the template chain, the sandbox and template errors."""

import pytest

from briefgen.build import BuildOptions, build
from briefgen.errors import BuildError
from briefgen.project import Selection
from tests.conftest import write

ALL = Selection(("sample-theme",), ("2025-W42",))


def html_build(project, **kwargs):
    build(BuildOptions(project, project / "out", ("html",), **kwargs), ALL)
    return (project / "out/weekly/2025-W42.html").read_text()


def test_override_extends_the_builtin_and_changes_one_block(project):
    write(project / "templates/weekly.html",
          '{% extends "default/weekly.html" %}\n'
          '{% block bluf %}<p class="disclaimer">Draft only</p>{{ super() }}{% endblock %}\n')
    html = html_build(project)
    assert '<p class="disclaimer">Draft only</p>' in html
    assert "Bottom line up front" in html  # the rest of the built-in block still renders
    assert "Sample theme about drones" in html


def test_autoescape_is_on(project):
    path = project / "briefs/weekly/2025-W42.yaml"
    path.write_text(path.read_text().replace("title: Sample weekly brief", "title: <b>Bold</b> & co"))
    html = html_build(project)
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in html and "<b>Bold</b>" not in html


def test_sandbox_blocks_python_internals(project):
    write(project / "templates/weekly.html",
          '{% extends "default/weekly.html" %}\n'
          "{% block bluf %}{{ ''.__class__.__mro__[1].__subclasses__() }}{% endblock %}\n")
    with pytest.raises(BuildError, match=r"weekly\.html:2: template error: .*unsafe"):
        html_build(project)


def test_misspelt_variable_names_template_line_and_brief(project):
    write(project / "templates/weekly.html",
          '{% extends "default/weekly.html" %}\n\n{% block bluf %}{{ brief.tittle }}{% endblock %}\n')
    with pytest.raises(BuildError) as info:
        html_build(project)
    message = str(info.value)
    assert "templates/weekly.html:3: template error:" in message
    assert "tittle" in message and "briefs/weekly/2025-W42.yaml" in message


def test_syntax_error_names_its_line(project):
    write(project / "templates/weekly.html", '{% extends "default/weekly.html" %}\n{% block bluf %}{% if %}\n')
    with pytest.raises(BuildError, match=r"weekly\.html:2: template syntax error"):
        html_build(project)


def test_missing_template_lists_the_paths_searched(project):
    write(project / "templates/weekly.html", '{% extends "nowhere.html" %}\n')
    with pytest.raises(BuildError, match=r"template 'nowhere.html' not found .*searched .*templates"):
        html_build(project)
