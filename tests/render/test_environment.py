"""Stage 5: the template chain, the sandbox and template errors."""

import os

import pytest
from jinja2 import DictLoader

from briefgen.content.project import Selection
from briefgen.errors import BuildError
from briefgen.output.build import BuildOptions, build
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


def test_project_template_takes_precedence_over_builtin(project):
    write(project / "templates/sources.html", '<p id="my-sources">{{ sources | length }} sources</p>\n')
    html = html_build(project)
    assert '<p id="my-sources">3 sources</p>' in html
    assert "doc-bibliography" not in html


@pytest.mark.parametrize("expression, message", [
    ("''.__class__.__mro__", "unsafe"),
    ("brief | attr('__class__')", "unsafe"),
    ("range(10**9) | list | length", "Range too big"),
    ("'x' * 10**9", "longer than|too large"),
    ("[1] * 10**8", "longer than|too large"),
    ("labels.update({'a': 1})", "unsafe|immutable|not safely callable"),
])
def test_sandbox_refuses_escapes_and_runaways(project, expression, message):
    write(project / "templates/weekly.html",
          '{% extends "default/weekly.html" %}\n{% block bluf %}{{ ' + expression + ' }}{% endblock %}\n')
    with pytest.raises(BuildError, match=rf"weekly\.html:2: template error: .*({message})"):
        html_build(project)


def test_runaway_loop_is_stopped(project, monkeypatch):
    monkeypatch.setattr("briefgen.render.environment.RENDER_SECONDS", 0.5)
    write(project / "templates/weekly.html",
          '{% extends "default/weekly.html" %}\n{% block bluf %}'
          "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}{% endblock %}\n")
    with pytest.raises(BuildError, match=r"longer than 0.5 s"):
        html_build(project)


def test_infinite_macro_recursion_is_reported(project):
    write(project / "templates/weekly.html",
          '{% extends "default/weekly.html" %}\n{% macro loop() %}{{ loop() }}{% endmacro %}\n'
          "{% block bluf %}{{ loop() }}{% endblock %}\n")
    with pytest.raises(BuildError, match=r"weekly\.html:\d+: template error: rendering recursed without end"):
        html_build(project)


def test_css_layers_builtin_then_project_then_config(project, cli):
    write(project / "style.css", "/* project layer */\n")
    write(project / "extra/one.css", "/* extra one */\n")
    write(project / "extra/two.css", "/* extra two */\n")
    write(project / "briefgen.toml", 'extra_css = ["extra/one.css", "extra/two.css"]\n')
    assert cli("build", "--format", "html").exit_code == 0
    css = (project / "out/style.css").read_text()
    positions = [css.index(marker) for marker in ("briefgen house style", "project layer", "extra one", "extra two")]
    assert positions == sorted(positions)


def test_templates_list_shows_the_winner(project, cli):
    write(project / "templates/weekly.html", '{% extends "default/weekly.html" %}\n')
    result = cli("templates", "list")
    assert result.exit_code == 0
    rows = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert "project" in rows["weekly.html"] and "templates/weekly.html" in rows["weekly.html"]
    assert "default/weekly.html" in rows["weekly.html"]
    assert "built-in" in rows["theme.html"]
    assert "citation/chicago-notes.html" in rows


def test_templates_eject_copies_and_refuses_to_overwrite(project, cli):
    result = cli("templates", "eject", "theme.html")
    assert result.exit_code == 0
    ejected = project / "templates/theme.html"
    assert ejected.read_text().startswith("{#- A theme's briefing note")
    ejected.write_text("edited")
    again = cli("templates", "eject", "theme.html")
    assert again.exit_code == 1 and "already exists" in again.stderr
    assert ejected.read_text() == "edited"
    assert cli("templates", "eject", "nope.html").exit_code == 1


def test_the_sandbox_remembers_each_verdict_per_type_and_name():
    from jinja2.exceptions import SecurityError

    from briefgen.render.environment import make_environment

    env = make_environment()

    class Item:
        name = "ok"
        _secret = "hidden"

    safe = env.from_string("{{ item.name }} {{ items.index(1) }}")
    for _ in range(2):
        assert safe.render(item=Item(), items=[1]) == "ok 0"
    for source in ("{{ item._secret }}", "{{ items.append(2) }}", "{{ f.__globals__ }}"):
        for _ in range(2):  # the remembered verdict refuses as the first did
            with pytest.raises(SecurityError):
                env.from_string(source).render(item=Item(), items=[1], f=lambda: None)


@pytest.mark.parametrize("make", [os.mkfifo, os.mkdir])
def test_a_style_css_that_is_not_a_regular_file_is_refused_not_skipped(project, cli, make):
    make(project / "style.css")
    result = cli("build", "--format", "html")
    assert result.exit_code == 1
    assert result.stderr.strip() == "style.css: error: cannot read file: not a regular file"
    assert not (project / "out/weekly").exists()


@pytest.mark.parametrize("name, config", [("style.css", ""), ("extra/house.css", 'extra_css = ["extra/house.css"]\n')])
def test_a_stylesheet_that_is_not_utf8_is_one_located_error_before_any_document(project, cli, name, config):
    write(project / "briefgen.toml", config)
    (project / name).parent.mkdir(parents=True, exist_ok=True)
    (project / name).write_bytes(b"body { color: #222; }\n/* Caf\xe9 */\n")  # saved as Latin-1
    for formats in ("html", "pdf"):
        result = cli("build", "--format", formats)
        assert result.exit_code == 1
        assert result.stderr.strip() == f"{name}:2:7: error: file is not valid UTF-8"
    assert not (project / "out/weekly").exists()


def test_the_time_budget_stops_a_runaway_loop_with_no_signal_timer_or_limit(monkeypatch):
    """Checked by the loops themselves: the rendering process keeps its timers, handlers and
    memory limit, whichever thread renders (the preview server's threads share them)."""
    import resource
    import signal

    from briefgen.render import environment

    monkeypatch.setattr(environment, "RENDER_SECONDS", 0.3)
    env = environment.make_environment()
    before = (signal.getitimer(signal.ITIMER_REAL), signal.getsignal(signal.SIGALRM),
              resource.getrlimit(resource.RLIMIT_AS))
    during = []

    def probe():
        during.append((signal.getitimer(signal.ITIMER_REAL), signal.getsignal(signal.SIGALRM),
                       resource.getrlimit(resource.RLIMIT_AS)))
        return ""

    runaway = "{{ probe() }}{% set xs = range(99999) %}{% for a in xs %}{% for b in xs %}{% endfor %}{% endfor %}"
    env.loader.loaders.insert(0, DictLoader({"loop.html": runaway}))
    with pytest.raises(BuildError, match=r"^loop\.html: template took longer than 0\.3 s to render"):
        environment.render(env, "loop.html", {"probe": probe}, "a document")
    assert during == [before]


def test_loops_keep_their_meaning_under_the_budget():
    from briefgen.render import environment

    env = environment.make_environment()
    template = env.from_string("{% for x in xs if x % 2 %}{{ loop.index }}/{{ loop.length }}{% if loop.last %}.{% endif %} "
                               "{% else %}none{% endfor %}|{% for a, b in pairs %}{{ a }}{{ b }}{% endfor %}")
    with environment.render_budget(5):
        assert template.render(xs=range(1000), pairs=[(1, 2)]).startswith("1/500 2/500")
        assert template.render(xs=range(1000), pairs=[]).endswith("500/500. |")
        assert template.render(xs=[], pairs=[(1, 2)]) == "none|12"
