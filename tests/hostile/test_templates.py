"""Hostile templates: sandbox escapes, runaway loops, memory and recursion, paths out of
the templates folder — each refused or bounded, reported with the template and its line,
and the process goes on (the next build works).

(tests/test_templating.py covers the first escapes, range(10**9), 'x' * 10**9, a runaway
loop and macro recursion in the main thread; these extend them.)
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from briefgen.content.project import Selection
from briefgen.output.build import BuildFailed, BuildOptions, build
from briefgen.render import environment as templating
from tests.conftest import write

WEEKLY = Selection((), ("2025-W42",))
OUT = "out/weekly/2025-W42.html"


def override(project: Path, block: str, before: str = "") -> None:
    """templates/weekly.html extending the built-in one, ``block`` as its BLUF on line 2."""
    write(project / "templates/weekly.html",
          '{% extends "default/weekly.html" %}\n' + before + "{% block bluf %}" + block + "{% endblock %}\n")


def failure(project: Path) -> str:
    with pytest.raises(BuildFailed) as info:
        build(BuildOptions(project, project / "out", ("html",)), WEEKLY)
    (message,) = info.value.report.failed
    assert "\n" not in message and "Traceback" not in message
    assert not (project / OUT).exists()
    return message


def builds_again(project: Path) -> None:
    """The process survived: with the override gone, the same build succeeds."""
    (project / "templates/weekly.html").unlink()
    build(BuildOptions(project, project / "out", ("html",)), WEEKLY)
    assert "Sample weekly brief" in (project / OUT).read_text()


@pytest.mark.parametrize("expression", [
    "cycler.__init__.__globals__.os.popen('id').read()",
    "joiner.__init__.__globals__",
    "namespace.__init__.__globals__",
    "lipsum.__globals__['os'].popen('id').read()",
    "self.__init__.__globals__.__builtins__",
    "self._TemplateReference__context",
    "().__class__.__bases__[0].__subclasses__()",
    "range.__self__",
    "'{0.__class__.__init__.__globals__}'.format(brief)",
    "'{x.__class__}'.format_map({'x': 1})",
    "(labels | dictsort | first).__class__",
    "brief.bluf.__class__.__init__.__globals__",
    "brief.bluf.citer.numbering.__dict__",
    "style.marker._environment.globals",
    "labels.__setitem__('series', 'x')",
    "brief.sections.append(1)",
    "config.pop('series')",
    "brief.bluf.text.__reduce_ex__(2)",
])
def test_sandbox_escapes_are_refused_with_template_and_line(project, expression):
    override(project, "{{ " + expression + " }}")
    message = failure(project)
    assert re.search(r"templates/weekly\.html:2: template error: ", message), message
    assert re.search(r"unsafe|SecurityError|undefined|not safely callable|has no attribute|has no '", message), message
    assert "uid=" not in message
    builds_again(project)


@pytest.mark.parametrize("block", [
    "{{ 'x' | center(10**9) | length }}",
    "{{ 'x' | indent(10**9) | length }}",
    "{{ '%0999999999d' | format(1) | length }}",
    "{{ '{:>999999999}'.format(1) | length }}",
    "{{ range(99999) | join('x' * 999999) | length }}",
    "{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}{{ s | length }}{% endif %}{% endmacro %}"
    "{{ d('x' * 1024, 21) }}",
    "{% set ns = namespace(s='y' * 999999) %}{% for i in range(12) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}"
    "{{ ns.s | length }}",
])
def test_runaway_memory_is_stopped_with_template_and_line(project, monkeypatch, block):
    """Each of these would build a string of one to several gigabytes."""
    monkeypatch.setattr(templating, "TEMPLATE_MEMORY", 256 * 1024 * 1024)
    override(project, block)
    message = failure(project)
    assert re.search(r"templates/weekly\.html:\d+: template error: rendering needed more than 256 MiB of memory",
                     message), message
    builds_again(project)


def test_a_runaway_loop_in_a_thread_is_stopped_too(project, monkeypatch):
    """The preview server renders in a thread, where no timer signal can reach."""
    monkeypatch.setattr(templating, "RENDER_SECONDS", 0.5)
    override(project, "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    errors = []

    def run():
        try:
            build(BuildOptions(project, project / "out", ("html",)), WEEKLY)
        except BuildFailed as exc:
            errors.extend(exc.report.failed)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    assert not thread.is_alive()
    assert len(errors) == 1 and "took longer than 0.5 s" in errors[0], errors
    builds_again(project)


@pytest.mark.parametrize("files, block", [
    ({"loop.html": "{% include 'loop.html' %}"}, "{% include 'loop.html' %}"),
    ({"a.html": "{% import 'b.html' as b %}", "b.html": "{% import 'a.html' as a %}"}, "{% import 'a.html' as a %}"),
    ({"a.html": "{% extends 'b.html' %}", "b.html": "{% extends 'a.html' %}"}, "{% include 'a.html' %}"),
    ({}, "{{ self.bluf() }}"),
    ({}, "{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}"),
])
def test_infinite_recursion_through_includes_imports_and_blocks_is_reported(project, files, block):
    for name, text in files.items():
        write(project / "templates" / name, text + "\n")
    override(project, block)
    message = failure(project)
    assert re.search(r"templates/\S+\.html:\d+: template error: rendering recursed without end", message), message
    builds_again(project)


@pytest.mark.parametrize("block", ["{% if true %}" * 3000 + "x" + "{% endif %}" * 3000,
                                   "{{ " + "(" * 10000 + "1" + ")" * 10000 + " }}",
                                   "{{ " + "[" * 5000 + "]" * 5000 + " }}"])
def test_nesting_too_deep_to_compile_is_a_syntax_error_at_its_line(project, block):
    override(project, block)
    message = failure(project)
    assert re.search(r"templates/weekly\.html:2: template syntax error: the template nests too deeply", message), \
        message
    builds_again(project)


@pytest.mark.parametrize("statement", [
    "{% include '../secret.html' %}",
    "{% include 'default/../../secret.html' %}",
    "{% include 'citation/../../secret.html' %}",
    "{% import '../secret.html' as s %}",
    "{% from '..' import x %}",
])
def test_template_names_with_dotdot_are_refused(project, statement):
    write(project / "secret.html", "SECRET-CONTENT")
    override(project, statement)
    message = failure(project)
    assert re.search(r"templates/weekly\.html:2: template '[^']*' not found \(a template name may not contain '\.\.'\)",
                     message), message
    assert "SECRET-CONTENT" not in message
    builds_again(project)


def test_absolute_template_names_stay_inside_the_templates_folders(project):
    override(project, "{% include '/etc/passwd' %}")
    message = failure(project)
    assert re.search(r"templates/weekly\.html:2: template '/etc/passwd' not found", message), message


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "elsewhere" / "secret.html"
    path.parent.mkdir()
    path.write_text("SECRET-CONTENT {{ brief.title }}\n")
    return path


def test_a_symlink_in_templates_leading_outside_is_refused(project, secret):
    write(project / "templates/partial.html", "inside\n")
    (project / "templates/evil.html").symlink_to(secret)
    override(project, "{% include 'partial.html' %}{% include 'evil.html' %}")
    message = failure(project)
    assert message.startswith("briefs/weekly/2025-W42.yaml: templates/weekly.html:2: templates/evil.html: "
                              f"template file leads outside its folder templates (to {secret.resolve()})"), message
    assert "SECRET-CONTENT" not in message


def test_a_symlinked_folder_in_templates_leading_outside_is_refused(project, secret):
    (project / "templates").mkdir()
    (project / "templates/shared").symlink_to(secret.parent, target_is_directory=True)
    override(project, "{% include 'shared/secret.html' %}")
    message = failure(project)
    assert "templates/weekly.html:2: templates/shared/secret.html: template file leads outside" in message, message


def test_an_overriding_template_that_is_a_symlink_outside_is_refused_not_skipped(project, secret):
    """The built-in weekly.html must not silently stand in for a refused override."""
    (project / "templates").mkdir()
    (project / "templates/weekly.html").symlink_to(secret)
    message = failure(project)
    assert "templates/weekly.html: template file leads outside its folder templates" in message, message


def test_a_symlink_between_templates_inside_the_folder_is_followed(project):
    write(project / "templates/parts/bluf.html", "<p class='mine'>from a linked part</p>\n")
    (project / "templates/bluf-link.html").symlink_to(project / "templates/parts/bluf.html")
    override(project, "{% include 'bluf-link.html' %}")
    build(BuildOptions(project, project / "out", ("html",)), WEEKLY)
    assert "from a linked part" in (project / OUT).read_text()


def test_a_dangling_symlink_outside_is_refused(project, tmp_path):
    (project / "templates").mkdir()
    (project / "templates/gone.html").symlink_to(tmp_path / "nowhere.html")
    override(project, "{% include 'gone.html' %}")
    assert "templates/gone.html: template file leads outside" in failure(project)


@pytest.mark.parametrize("content, message", [
    (b"{{ 1 }}\n\xff\xfe broken\n", "templates/partial.html:2: template is not valid UTF-8"),
    (b"x" * (1024 * 1024 + 1), "templates/partial.html: template is larger than 1048576 bytes"),
])
def test_unreadable_template_files_are_clear_errors(project, content, message):
    (project / "templates").mkdir()
    (project / "templates/partial.html").write_bytes(content)
    override(project, "{% include 'partial.html' %}")
    assert f"templates/weekly.html:2: {message}" in failure(project)


def test_eject_never_writes_through_a_symlink(project, cli, tmp_path):
    (project / "templates").mkdir()
    target = tmp_path / "victim.html"
    (project / "templates/theme.html").symlink_to(target)  # dangling: eject must not create the target
    result = cli("templates", "eject", "theme.html")
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert not target.exists()
    (project / "templates/citation").symlink_to(tmp_path, target_is_directory=True)
    result = cli("templates", "eject", "citation/apa.html")
    assert result.exit_code == 1 and "leads outside the templates folder" in result.stderr
    assert not (tmp_path / "apa.html").exists()
