"""Hostile content: script in Markdown and YAML text, images and url()s that reach for files.

Nothing executable may reach the HTML, the site or the PDF; WeasyPrint reads only files
under the project's assets/ folder (and the built-in templates), never the network or a
redirect; a content image must be a file under assets/, and any other is a build error
naming the YAML file, line and column. (tests/test_markup.py and tests/test_pdf.py hold the
first cases of each; these extend them.)
"""

from __future__ import annotations

import os
import re
import struct
import zlib
from pathlib import Path

import pytest
import yaml

from briefgen.content.model import Text
from briefgen.content.project import Selection
from briefgen.errors import BuildError, Location
from briefgen.output.build import BuildFailed, BuildOptions, build
from briefgen.render import markdown as markup
from tests.conftest import write
from tests.hostile.support import CountingServer, assert_pdf_is_inert, executable_parts, payloads, pdf_scan

THEME = Selection(("sample-theme",), ())
BOTH = Selection(("hostile-theme",), ("2025-W42",))
PROVENANCE_THEME = {"themes_hostile-theme.yaml", "cited-sources.yaml"}
PROVENANCE_WEEKLY = {"weekly_2025-W42.yaml", "themes_hostile-theme.yaml", "cited-sources.yaml"}


def png(width: int = 2, height: int = 2) -> bytes:
    """A valid RGB PNG of the given size, all red, made without Pillow."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xc0\x10\x10" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def hostile_project(project: Path) -> None:
    """Every text field of a theme and a weekly brief, and a source, filled with hostile text."""
    md, plain = payloads()["markdown"], payloads()["plain"]
    theme = {
        "title": "Hostile theme " + plain[0],
        "summary": "\n\n".join(md) + "\n\nCited [@alpha] and [@evil].",
        "tags": plain,
        "key_points": [f"{text} [@beta]" for text in md],
        "timeline": [{"date": "2025-10-15", "when": plain[3], "text": f"{text} [@gamma]"} for text in md[:6]],
        "figures": [{"label": label, "value": label, "cite": "[@alpha]"} for label in plain],
        "quotes": [{"text": text, "speaker": text, "role": text, "original": text, "cite": "@beta"} for text in plain],
        "assessment": "\n\n".join(md),
        "open_questions": md,
    }
    write(project / "briefs/themes/hostile-theme.yaml", yaml.safe_dump(theme, allow_unicode=True, width=1000))
    weekly = {
        "number": 1, "week": "2025-W42", "date": "2025-10-17", "title": plain[1], "handling": plain[2],
        "authors": plain, "lang": "en", "bluf": "\n\n".join(md) + " [@gamma]",
        "themes": [{"id": "hostile-theme", "note": "\n\n".join(md) + " [@beta]"}],
    }
    write(project / "briefs/weekly/2025-W42.yaml", yaml.safe_dump(weekly, allow_unicode=True, width=1000))
    (project / "briefs/themes/sample-theme.yaml").unlink()
    sources = project / "briefs/sources.yaml"
    sources.write_text(sources.read_text() + (
        "\n- id: evil\n  type: webpage\n  title: \"<script>alert('source')</script>\"\n"
        "  container-title: \"<iframe src=javascript:alert(1)></iframe>\"\n"
        "  note: \"javascript:alert('note') <style>*{display:none}</style>\"\n"
        "  URL: \"https://example.org/x?q=1&r='onmouseover=alert(1)\"\n"))


def test_hostile_markdown_and_text_reach_no_html_or_pdf_as_code(project):
    hostile_project(project)
    report = build(BuildOptions(project, project / "out"), BOTH, jobs=2)
    assert sorted(report.built) == ["themes/hostile-theme.html", "themes/hostile-theme.pdf",
                                    "weekly/2025-W42.html", "weekly/2025-W42.pdf"]
    for name in ("themes/hostile-theme.html", "weekly/2025-W42.html"):
        html = (project / "out" / name).read_text("utf-8")
        assert executable_parts(html) == [], name
        # the words around the payloads are kept, and hostile plain text is shown as text
        assert "after a script" in html and "styled paragraph" in html and "handlers" in html
    theme = (project / "out/themes/hostile-theme.html").read_text("utf-8")
    assert "Hostile theme &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in theme
    assert_pdf_is_inert(project / "out/themes/hostile-theme.pdf", PROVENANCE_THEME)
    assert_pdf_is_inert(project / "out/weekly/2025-W42.pdf", PROVENANCE_WEEKLY)
    uris = pdf_scan(project / "out/themes/hostile-theme.pdf")["uris"]
    assert "https://example.org/x?q=1&r='onmouseover=alert(1)" in uris  # the source's own link survives


def test_the_checks_catch_the_payloads_when_nothing_sanitises_them():
    """The checks above can fail: Markdown's own HTML, unsanitised, is caught for every payload
    that would be executable there."""
    missed = [text for text in payloads()["markdown"]
              if not executable_parts(markup._new_converter("en").convert(text))]
    harmless = ("autolink", "<!--")  # inert even unsanitised
    assert missed and all(any(mark in text for mark in harmless) for text in missed), missed
    assert executable_parts('<a href="jav&#x09;ascript:alert(1)">x</a>')
    assert executable_parts('<img src="data:text/html,x">')
    assert not executable_parts('<img src="data:image/png;base64,AAAA" alt="x">')


def test_the_published_site_carries_no_executable_content(project):
    from briefgen.content.config import load_config
    from briefgen.content.project import load_project
    from briefgen.graphics.svg import palette_of
    from briefgen.render.documents import RenderContext
    from briefgen.render.environment import make_environment
    from briefgen.resources import builtin_stylesheet
    from briefgen.site import pages as site
    from briefgen.site import plan

    hostile_project(project)
    loaded = load_project(project, Selection(("hostile-theme",), ("2025-W42",), complete=True))
    context = RenderContext(make_environment(project / "templates", project), project, load_config(project),
                            palette_of([builtin_stylesheet()]))
    data = plan.plan_site(loaded, context, plan.SiteOptions("", False), {})
    files = site.render_site(data).files
    pages = {path: body.decode("utf-8") for path, body in files.items() if path.endswith(".html")}
    assert any("after a script" in body for body in pages.values())
    for path, body in pages.items():
        assert executable_parts(body, allow_scripts_from=(".js",)) == [], path


def test_one_text_cannot_define_links_or_abbreviations_for_another():
    """Markdown converters are reused between texts: nothing one text defines may leak into the next."""
    first = Text("Defines [ref] here.\n\n[ref]: https://evil.example/\n\n*[BLUF]: injected title", Location("a.yaml", 1, 1))
    second = Text("Uses [ref] and BLUF.", Location("b.yaml", 1, 1))
    assert "https://evil.example/" in markup.render(first, "en", Path("."))
    html = markup.render(second, "en", Path("."))
    assert "evil.example" not in html and "injected" not in html and "<abbr" not in html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>x</script>",
                                 "https://example.org/\" onmouseover=\"alert(1)", "file:///etc/passwd",
                                 "//evil.example/x"])
def test_a_source_url_must_be_http(project, cli, url):
    sources = project / "briefs/sources.yaml"
    sources.write_text(sources.read_text().replace("URL: https://example.org/beta", f"URL: {yaml.safe_dump(url).splitlines()[0]}"))
    result = cli("check")
    assert result.exit_code == 1
    assert re.search(r"^briefs/sources\.yaml:\d+:\d+: error: URL must be an http\(s\) address", result.stderr, re.M)


# -- images in content --------------------------------------------------------------------------


def image_theme(project: Path, markdown: str) -> None:
    """The sample theme with ``markdown`` in its summary, on line 2 at column 10."""
    write(project / "briefs/themes/sample-theme.yaml",
          f"title: Images\nsummary: {yaml.safe_dump(markdown + ' [@alpha]', width=10000).splitlines()[0]}\n")


def test_an_image_under_assets_is_embedded_in_html_and_pdf(project):
    write(project / "assets/charts/red.png", "")
    (project / "assets/charts/red.png").write_bytes(png(40, 20))
    image_theme(project, "See ![A red block](assets/charts/red.png \"Red\").")
    build(BuildOptions(project, project / "out"), THEME)
    html = (project / "out/themes/sample-theme.html").read_text()
    tag = re.search(r"<img [^>]*>", html).group(0)
    assert 'alt="A red block"' in tag and 'src="data:image/png;base64,' in tag and 'title="Red"' in tag
    assert executable_parts(html) == []
    assert (40, 20) in _images(project / "out/themes/sample-theme.pdf")


def _images(path: Path) -> set[tuple[int, int]]:
    """The sizes of the images a PDF draws (looking inside form XObjects too)."""
    from pypdf import PdfReader

    found, stack = set(), list(PdfReader(path).pages)
    while stack:
        holder = stack.pop()
        for xobject in ((holder.get("/Resources") or {}).get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Image":
                found.add((int(xobject["/Width"]), int(xobject["/Height"])))
            elif xobject.get("/Subtype") == "/Form":
                stack.append(xobject)
    return found


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A secret image outside the project."""
    path = tmp_path / "outside" / "secret.png"
    path.parent.mkdir()
    path.write_bytes(png())
    return path


def image_cases(project: Path, outside: Path, server_url: str) -> dict[str, tuple[str, str]]:
    """Markdown image → the message expected after 'briefs/themes/sample-theme.yaml:2:10: '."""
    (project / "assets").mkdir(exist_ok=True)
    (project / "assets/ok.png").write_bytes(png())
    (project / "assets/fake.png").write_text("GIF89a, not a PNG")
    (project / "assets/notes.txt").write_text("text")
    (project / "assets/link.png").symlink_to(outside)
    (project / "assets/noise.png").symlink_to("/dev/urandom")
    os.mkfifo(project / "assets/fifo.png")
    return {
        "file-url": ("![x](file:///etc/passwd)", "image 'file:///etc/passwd' is not allowed"),
        "absolute": ("![x](/etc/passwd.png)", "image '/etc/passwd.png' is not allowed"),
        "device": ("![x](/dev/urandom)", "image '/dev/urandom' is not allowed"),
        "dotdot": ("![x](../../outside/secret.png)", "image '../../outside/secret.png' is not allowed: it leads outside assets/"),
        "dotdot-in-assets": ("![x](assets/../../outside/secret.png)", "is not allowed: it leads outside assets/"),
        "outside-assets": ("![x](briefs/x.png)", "image 'briefs/x.png' is not allowed: it leads outside assets/"),
        "symlink-out": ("![x](assets/link.png)", "image 'assets/link.png' is not allowed: it leads outside assets/"),
        "symlink-device": ("![x](assets/noise.png)", "image 'assets/noise.png' is not allowed: it leads outside assets/"),
        "fifo": ("![x](assets/fifo.png)", "image 'assets/fifo.png' is not a file"),
        "http": (f"![x]({server_url}/x.png)", "is not allowed"),
        "protocol-relative": (f"![x]({server_url.removeprefix('http:')}/x.png)", "is not allowed"),
        "data": ("![x](data:image/png;base64,iVBORw0KGgo=)", "is not allowed"),
        "javascript": ("![x](javascript:alert(1))", "image 'javascript:alert(1)' is not allowed"),
        "raw-html": ('<img src="x" onerror="alert(1)">', "image 'x' must be one of .png"),
        "no-source": ('<img alt="nothing">', "an image needs a source"),
        "missing": ("![x](assets/missing.png)", "image 'assets/missing.png' not found"),
        "suffix": ("![x](assets/notes.txt)", "image 'assets/notes.txt' must be one of .png, .jpg"),
        "not-a-png": ("![x](assets/fake.png)", "image 'assets/fake.png' is not a PNG image"),
        "no-description": ("![](assets/ok.png)", "image 'assets/ok.png' needs a description"),
    }


CASES = ["file-url", "absolute", "device", "dotdot", "dotdot-in-assets", "outside-assets", "symlink-out",
         "symlink-device", "fifo", "http", "protocol-relative", "data", "javascript", "raw-html", "no-source",
         "missing", "suffix", "not-a-png", "no-description"]


@pytest.mark.parametrize("case", CASES)
def test_a_bad_image_is_a_build_error_naming_the_yaml_line(project, outside, case):
    with CountingServer() as server:
        markdown, message = image_cases(project, outside, server.url)[case]
        image_theme(project, markdown)
        with pytest.raises(BuildFailed) as info:
            build(BuildOptions(project, project / "out", ("html",)), THEME)
    assert server.hits == 0
    (failure,) = info.value.report.failed
    assert "briefs/themes/sample-theme.yaml:2:10: " + message in failure or \
        re.search(r"briefs/themes/sample-theme\.yaml:2:10: .*" + re.escape(message), failure), failure
    assert not (project / "out/themes/sample-theme.html").exists()


@pytest.mark.parametrize("href", ["file:///etc/passwd", "{server}/x.png", "../../outside.png"])
def test_an_svg_image_cannot_reach_out_of_assets_from_the_pdf(project, href):
    """The SVG itself is allowed (browsers never load what an <img> SVG refers to); what it
    refers to is refused when the PDF is laid out, although WeasyPrint only logs errors there."""
    with CountingServer() as server:
        (project / "assets").mkdir()
        (project / "assets/evil.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><script>alert(1)</script>'
            f'<image href="{href.format(server=server.url)}" width="10" height="10"/>'
            '<rect width="40" height="40" fill="red"/></svg>')
        image_theme(project, "![An evil drawing](assets/evil.svg)")
        with pytest.raises(BuildFailed, match=r"sample-theme\.yaml: refused to (read|fetch) "):
            build(BuildOptions(project, project / "out"), THEME)
    assert server.hits == 0
    html = (project / "out/themes/sample-theme.html").read_text()  # the page shows it, as an inert image
    assert 'src="data:image/svg+xml;base64,' in html and executable_parts(html) == []
    assert not (project / "out/themes/sample-theme.pdf").exists()


def test_markup_render_raises_with_the_text_location(project):
    image_theme(project, "![x](assets/missing.png)")
    from briefgen.content.project import load_project

    theme = load_project(project, THEME).themes["sample-theme"]
    with pytest.raises(BuildError) as info:
        markup.render(theme.summary, "en", project)
    assert str(info.value).startswith("briefs/themes/sample-theme.yaml:2:10: image 'assets/missing.png' not found")
    # an explicit project folder is used as given
    (project / "elsewhere/assets").mkdir(parents=True)
    (project / "elsewhere/assets/missing.png").write_bytes(png())
    assert "data:image/png;base64," in markup.render(theme.summary, "en", project / "elsewhere")


def test_an_assets_folder_that_leads_outside_refuses_every_image(project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "ok.png").write_bytes(png())
    (project / "assets").symlink_to(elsewhere)
    image_theme(project, "![x](assets/ok.png)")
    with pytest.raises(BuildFailed, match=r"sample-theme\.yaml:2:10: the project's assets/ folder leads outside"):
        build(BuildOptions(project, project / "out", ("html",)), THEME)


def test_an_oversized_image_is_refused_before_it_is_read(project, monkeypatch):
    monkeypatch.setattr(markup, "MAX_IMAGE_BYTES", 100)
    (project / "assets").mkdir()
    (project / "assets/big.png").write_bytes(png(64, 64))
    image_theme(project, "![x](assets/big.png)")
    with pytest.raises(BuildFailed, match=r"image 'assets/big\.png' is larger than"):
        build(BuildOptions(project, project / "out", ("html",)), THEME)


# -- what WeasyPrint may read -------------------------------------------------------------------


@pytest.fixture
def fetcher(project, outside):
    """The PDF stage's URL fetcher, allowed what a build allows: assets/, the built-in templates."""
    from briefgen.output.pdf import _fetcher_class
    from briefgen.resources import builtin_templates

    (project / "assets").mkdir()
    (project / "assets/ok.png").write_bytes(png())
    (project / "assets/link.png").symlink_to(outside)
    (project / "assets/noise.png").symlink_to("/dev/urandom")
    (project / "assets/zero").symlink_to("/dev/zero")
    (project / "assets/etc").symlink_to("/etc")
    os.mkfifo(project / "assets/fifo.png")
    return _fetcher_class()([project / "assets", builtin_templates()])


@pytest.mark.parametrize("url, message", [
    ("file:///etc/passwd", "refused to read /etc/passwd"),
    ("file:///dev/urandom", "refused to read /dev/urandom"),
    ("file://localhost/etc/passwd", "refused to read /etc/passwd"),
    ("file://evil.example/etc/passwd", "refused to fetch"),
    ("{root}/assets/../../outside/secret.png", "refused to read {outside}"),
    ("{root}/assets/link.png", "refused to read {outside}"),
    ("{root}/assets/noise.png", "refused to read /dev/urandom"),
    ("{root}/assets/zero", "refused to read /dev/zero"),
    ("{root}/assets/etc/passwd", "refused to read /etc/passwd"),
    ("{root}/assets/fifo.png", "not a regular file"),
    ("{root}/briefs/sources.yaml", "refused to read {root}/briefs/sources.yaml"),
    ("{root}/style.css", "refused to read"),
    ("http://127.0.0.1:9/x.png", "refused to fetch"),
    ("https://127.0.0.1:9/x.png", "refused to fetch"),
    ("ftp://127.0.0.1/x.png", "refused to fetch"),
    ("data:text/html,<script>alert(1)</script>", "refused to fetch data:text/html"),
    ("data:application/javascript,alert(1)", "refused to fetch"),
])
def test_the_pdf_fetcher_reads_only_files_under_assets(fetcher, project, outside, url, message):
    from weasyprint.urls import FatalURLFetchingError

    root = project.resolve()
    url = url.format(root="file://" + str(root))
    with pytest.raises(FatalURLFetchingError, match=re.escape(message.format(root=root, outside=outside.resolve()))):
        fetcher.fetch(url)


def test_the_pdf_fetcher_reads_assets_and_data_images(fetcher, project):
    response = fetcher.fetch((project / "assets/ok.png").resolve().as_uri())
    assert response.read() == png()
    assert fetcher.fetch("data:image/png;base64," + __import__("base64").b64encode(png()).decode()).read() == png()


def test_the_pdf_fetcher_refuses_a_huge_file(fetcher, project, monkeypatch):
    monkeypatch.setattr("briefgen.output.pdf.MAX_FETCH_BYTES", 10)
    from weasyprint.urls import FatalURLFetchingError

    with pytest.raises(FatalURLFetchingError, match="not a regular file of at most"):
        fetcher.fetch((project / "assets/ok.png").resolve().as_uri())


def test_css_urls_to_a_local_server_are_never_requested_nor_redirected(project):
    with CountingServer() as server:
        write(project / "style.css",
              f'@import url("{server.url}/a.css");\n.bluf {{ background: url("{server.url}/x.png"); }}\n'
              f'@font-face {{ font-family: X; src: url("{server.url}/f.woff2"); }}\n')
        with pytest.raises(BuildFailed, match=r"sample-theme\.yaml: refused to fetch http://127\.0\.0\.1"):
            build(BuildOptions(project, project / "out", ("pdf",)), THEME)
    assert server.hits == 0
    assert not (project / "out/themes/sample-theme.pdf").exists()


def test_css_url_through_a_symlink_in_assets_is_refused_and_the_old_pdf_kept(project, outside):
    build(BuildOptions(project, project / "out", ("pdf",)), THEME)
    good = (project / "out/themes/sample-theme.pdf").read_bytes()
    (project / "assets").mkdir()
    (project / "assets/bg.png").symlink_to(outside)
    write(project / "style.css", '.summary { background: url("assets/bg.png"); }\n')
    with pytest.raises(BuildFailed, match=rf"refused to read {re.escape(str(outside.resolve()))}"):
        build(BuildOptions(project, project / "out", ("pdf",)), THEME)
    assert (project / "out/themes/sample-theme.pdf").read_bytes() == good
    assert not list((project / "out").rglob(".briefgen-tmp-*"))


def test_link_rel_attachment_in_a_template_embeds_nothing_outside_assets(project):
    write(project / "templates/theme.html",
          '{% extends "default/theme.html" %}\n{% block meta %}{{ super() }}'
          '<link rel="attachment" href="briefs/sources.yaml" title="sources">{% endblock %}\n')
    with pytest.raises(BuildFailed, match=r"refused to read .*briefs/sources\.yaml"):
        build(BuildOptions(project, project / "out", ("pdf",)), THEME)
    assert not (project / "out/themes/sample-theme.pdf").exists()


def test_a_javascript_link_written_by_a_template_is_dropped_from_the_pdf(project):
    write(project / "templates/theme.html",
          '{% extends "default/theme.html" %}\n{% block summary %}{{ super() }}'
          '<p><a href="javascript:app.alert(1)">js</a> <a href="file:///etc/passwd">file</a> '
          '<a href="data:text/html,x">data</a> <a href="https://example.org/ok">ok</a></p>{% endblock %}\n')
    build(BuildOptions(project, project / "out", ("pdf",)), THEME)
    uris = pdf_scan(project / "out/themes/sample-theme.pdf")["uris"]
    assert "https://example.org/ok" in uris
    assert_pdf_is_inert(project / "out/themes/sample-theme.pdf", {"themes_sample-theme.yaml", "cited-sources.yaml"})
