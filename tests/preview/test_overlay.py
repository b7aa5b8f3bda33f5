"""The preview's own HTML: rendered from the templates in briefgen/preview/pages, escaped, in the project's words."""

from __future__ import annotations

import string
import subprocess
import sys
import threading
import zipfile
from importlib import resources
from pathlib import Path

from briefgen.labels import available, catalogue
from briefgen.preview import BuildState, PreviewServer
from briefgen.preview.overlay import Pages
from briefgen.preview.server import EVENTS_PATH
from briefgen.preview.state import PreviewDocument
from tests.conftest import REPO, write
from tests.preview.test_serve import get, page

HOSTILE = 'briefs/weekly/x.yaml:1:1: error: </pre><script>alert("x")</script> & <img src=x onerror=alert(1)>'
BUILT = '<!DOCTYPE html><html lang="en"><head><title>T</title></head><body><h1>T</h1></body></html>'


def pages_folder():
    return resources.files("briefgen.preview") / "pages"


def test_the_overlay_escapes_hostile_error_text():
    state = BuildState(generation=3, folder=Path("/nowhere"), errors=(HOSTILE,))
    out = Pages(EVENTS_PATH).decorate(BUILT, state, pdf_href='/weekly/x".pdf')
    assert ("error: &lt;/pre&gt;&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; "
            "&lt;img src=x onerror=alert(1)&gt;") in out
    assert "<img" not in out and "alert(1)>" not in out
    assert out.count("</pre>") == 1  # the banner's own: the error text cannot close it
    assert out.count("<script>") == 1 and out.index("<script>") > out.index("<h1>T</h1>")  # the reload script only
    assert 'href="/weekly/x&#34;.pdf"' in out


def test_the_index_and_message_pages_escape_what_they_show():
    documents = (PreviewDocument("weekly", "2025-W42", "<script>alert(1)</script>"),)
    state = BuildState(generation=1, folder=Path("/nowhere"), documents=documents)
    pages = Pages(EVENTS_PATH)
    index = pages.index(state)
    assert '<a href="/weekly/2025-W42.html">&lt;script&gt;alert(1)&lt;/script&gt;</a>' in index
    assert "<script" not in index
    message = pages.message(state, "pdf_failed", [HOSTILE], document="<b>weekly/x</b>")
    assert "<title>The PDF of &lt;b&gt;weekly/x&lt;/b&gt; could not be built</title>" in message
    assert "<script" not in message and "<img" not in message and message.count("</pre>") == 1


def test_the_overlay_renders_from_its_template_and_stylesheet():
    pages = Pages(EVENTS_PATH)
    assert pages.env.autoescape is True
    assert {"overlay.html", "overlay.css", "reload.html", "page.html", "index.html", "message.html"} <= set(
        pages.env.list_templates())
    state = BuildState(generation=2, folder=Path("/nowhere"), errors=("a.yaml:1:1: error: one",))
    out = pages.decorate(BUILT, state)
    css = (pages_folder() / "overlay.css").read_text("utf-8")
    assert f"<style>\n{css}</style>" in out  # the package's stylesheet, as it is
    assert "#briefgen-errors" in css and "@media print" in css
    assert '<nav id="briefgen-preview" aria-label="Preview">' in out
    assert ('<strong>Build failed (1 problem); showing the last successful build. '
            "Fix the file and save: the page reloads.</strong>") in out
    assert 'new EventSource("/_briefgen/events?since=2")' in out
    assert "style=" not in out  # no inline styles: the stylesheet does it
    index = pages.index(BuildState())
    assert f"<style>\n{(pages_folder() / 'page.css').read_text('utf-8')}</style>" in index
    assert "<p>No documents built yet.</p>" in index


def test_the_overlay_speaks_the_project_language():
    state = BuildState(generation=2, errors=("a: error: one", "b: error: two"), lang="fr")
    out = Pages(EVENTS_PATH).decorate(BUILT, state, pdf_href="/weekly/x.pdf")
    assert 'aria-label="Aperçu"' in out and ">Tous les documents</a>" in out
    assert "La construction a échoué (2 problèmes)\N{NARROW NO-BREAK SPACE}; rien n’a encore pu être construit." in out


def test_every_catalogue_has_the_preview_words_with_the_same_fields():
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    english = catalogue("en")["preview"]
    assert len(available()) > 1
    for lang in available():
        words = catalogue(lang)["preview"]
        assert set(words) == set(english), lang
        for key, text in words.items():
            assert text and fields(text) == fields(english[key]), (lang, key)


def test_the_served_pages_follow_the_project_language(project):
    write(project / "briefgen.toml", 'lang = "fr"\n')
    server = PreviewServer(project, port=0)
    server.start()
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        index = page(server, "/")
        assert '<html lang="fr">' in index and "<title>aperçu briefgen</title>" in index
        assert "<h2>Notes hebdomadaires</h2>" in index and ">Tous les documents</a>" in index
        status, _, body = get(server, "/weekly/nothing-here.html")
        assert status == 404 and "<h1>Introuvable</h1>" in body.decode()
    finally:
        server.stop()
        thread.join(10)
    assert not thread.is_alive()


def test_the_wheel_ships_the_pages(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(REPO)],
                   check=True, capture_output=True, timeout=600)
    (wheel,) = tmp_path.glob("briefgen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"briefgen/preview/pages/{f.name}" for f in (REPO / "briefgen/preview/pages").iterdir()}
    assert len(shipped) >= 6 and shipped <= names
