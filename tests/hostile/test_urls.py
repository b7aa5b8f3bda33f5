"""The address policy: a source's URL, in any bibliography format, and every link in
Markdown must be an http(s) address; `check` says where one is not, the build refuses it,
and the output is guarded again should one slip through. A citation belongs in the text,
never in an attribute."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from briefgen.content.config import load_config
from briefgen.content.project import Selection, load_project
from briefgen.graphics.svg import palette_of
from briefgen.render import markdown as markup
from briefgen.render.documents import Assets, Medium, RenderContext, documents, render_html
from briefgen.render.environment import make_environment
from briefgen.render.links import guard
from briefgen.resources import builtin_stylesheet
from tests.conftest import write
from tests.hostile.support import executable_parts, payloads

THEME = "briefs/themes/sample-theme.yaml"
ONE = Selection(("sample-theme",), ())


def summary(project: Path, markdown: str) -> None:
    """The sample theme with ``markdown`` as its summary, on line 2, its text at column 10."""
    write(project / THEME, f"title: Links\nsummary: {_quoted(markdown)}\n")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def check_errors(cli) -> list[str]:
    result = cli("check")
    assert result.exit_code == 1 and "Traceback" not in result.stderr, result.stderr
    return result.stderr.strip().splitlines()


# -- sources ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd"])
def test_a_bibtex_url_is_held_to_the_policy(project, cli, url):  # fault 1
    write(project / "briefs/sources.bib", f"@misc{{x, title={{X}}, url={{{url}}}, year={{2025}}}}\n")
    errors = check_errors(cli)
    assert errors == [f"briefs/sources.bib:1:21: error: URL must be an http(s) address, not {url!r}"]


@pytest.mark.parametrize(("name", "text"), [
    ("sources.json", '[{"id": "x", "type": "webpage", "title": "X", "URL": "https:///etc/passwd"}]\n'),
    ("sources.yaml", "- id: x\n  type: webpage\n  title: X\n  URL: \"https://\\u00a0example.org/\"\n"),
    ("sources.bib", "@misc{x, title={X}, url={https://exa\\`mple.org}, year={2025}}\n"),
])
def test_every_format_gives_the_same_located_error_for_a_variant(project, cli, name, text):
    """Not listed: an address with no host, with a no-break space, with a backtick."""
    if name == "sources.yaml":
        (project / "briefs/sources.yaml").write_text((project / "briefs/sources.yaml").read_text() + "\n" + text)
    else:
        write(project / "briefs" / name, text)
    errors = check_errors(cli)
    assert len(errors) == 1 and re.match(rf"briefs/{name}:\d+:\d+: error: URL must be an http\(s\) address", errors[0])


def rendered_theme(project: Path, **changes) -> str:
    """The sample theme's HTML, with the source ``beta`` changed as given after it was read:
    what the output layer does with an address that never went through `check`."""
    loaded = load_project(project, ONE)
    loaded.sources["beta"] = dataclasses.replace(loaded.sources["beta"], **changes)
    context = RenderContext(make_environment(project / "templates", project), project, load_config(project),
                            palette_of([builtin_stylesheet()]))
    (document,) = documents(loaded, ONE, context.config)
    return render_html(context, loaded, document, Medium.SCREEN, Assets()).html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "\u3000javascript:alert(1)", "file:///etc/passwd",
                                 "data:text/html,<script>alert(1)</script>"])
def test_the_output_drops_a_source_address_that_slipped_past_check(project, url):
    html = rendered_theme(project, url=url)
    assert executable_parts(html) == []
    assert '<a class="source-url" rel="noopener">' in html  # the link is still there, without its address
    assert rendered_theme(project, url="https://example.org/ok").count('href="https://example.org/ok"') == 1


# -- links in Markdown ---------------------------------------------------------------------------


@pytest.mark.parametrize("link", payloads()["links"])
def test_a_link_in_markdown_that_is_not_http_is_a_located_error(project, cli, link):
    summary(project, f"Cited [@alpha].\n\n{link}")
    errors = check_errors(cli)
    assert len(errors) == 1 and errors[0].startswith(f"{THEME}:2:10: error: link "), errors
    assert "is not allowed" in errors[0]
    result = cli("build", "--format", "html")
    assert result.exit_code == 1 and errors[0] in result.stderr.splitlines(), result.stderr
    assert not (project / "out/themes/sample-theme.html").exists()


@pytest.mark.parametrize("link", payloads()["links"])
def test_the_sanitiser_drops_every_refused_link_on_its_own(link):
    """The output layer: Markdown's own HTML, sanitised, keeps no link the policy refuses."""
    html = markup.sanitise(markup._new_converter("en").convert(link))
    assert executable_parts(html) == [] and "href" not in html, html


@pytest.mark.parametrize("space", ["\u00a0", "\u1680", "\u2000", "\u2003", "\u200a", "\u200b", "\u2028",
                                   "\u205f", "\u3000"])
def test_look_alike_javascript_links_never_reach_the_html(project, cli, space):  # fault 15
    html = markup.sanitise(f'<a href="{space}javascript:alert(1)">x</a>')
    assert "href" not in html and "javascript" not in html
    summary(project, f'<a href="{space}javascript:alert(1)">x</a> [@alpha]')
    assert check_errors(cli)[0].startswith(f"{THEME}:2:10: error: link ")


def test_an_http_link_is_kept_whatever_the_case_of_its_scheme(project, cli):
    summary(project, "[one](HTTPS://example.org/a?b=1&c=2) and <https://example.org/auto> [@alpha]")
    assert cli("build", "--format", "html").exit_code == 0
    html = (project / "out/themes/sample-theme.html").read_text("utf-8")
    assert 'href="HTTPS://example.org/a?b=1&amp;c=2"' in html and 'href="https://example.org/auto"' in html


def test_a_template_cannot_write_an_executable_address_either(project, cli):
    """The output guard holds for what a project's template writes, not only for content."""
    write(project / "templates/theme.html",
          '{% extends "default/theme.html" %}{% block title %}'
          '<a href="{{ "\u2028javascript:alert(1)" }}">a</a><a href="javascript&#58;alert(2)">b</a>'
          '<img src="file:///etc/passwd" alt="c"><a href="mailto:desk@example.org">d</a>{{ super() }}{% endblock %}')
    assert cli("build", "--format", "html").exit_code == 0
    html = (project / "out/themes/sample-theme.html").read_text("utf-8")
    assert executable_parts(html) == [] and "mailto:desk@example.org" in html


def test_the_guard_keeps_what_briefgens_own_pages_use():
    page = ('<a href="../themes/x.html">a</a><a href="#ref-1">b</a><link rel="icon" href="data:,">'
            '<img src="data:image/png;base64,AAAA" alt=""><a href="">e</a>')
    assert guard(page) == page
    assert guard('<a href=" javascript:x">a</a><a href="vbscript:x">b</a>') == "<a>a</a><a>b</a>"


# -- citations belong in the text ----------------------------------------------------------------


@pytest.mark.parametrize("markdown", [
    '<abbr title="x [@alpha] y">X</abbr>',
    '[l](https://example.org/ "t [@alpha]")',
    "*[ABBR]: def [@alpha]\n\nABBR here",
    "[l](https://example.org/[@alpha])",
    "<!-- hidden [@alpha] -->",
])
def test_a_citation_inside_an_attribute_is_a_located_error(project, cli, markdown):  # fault 14
    summary(project, f"Cited [@beta].\n\n{markdown}")
    errors = check_errors(cli)
    assert len(errors) == 1 and re.match(rf"{THEME}:2:\d+: error: citation '\[@alpha\]' stands inside", errors[0]), \
        errors
    html = markup.to_html(f"{markdown}", ((markdown.index("[@"), markdown.index("[@") + 8),))
    assert 'class="citation' not in html
