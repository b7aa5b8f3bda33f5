"""The live preview: a real server on 127.0.0.1, real file changes, real rebuilds."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from markupsafe import escape

from briefgen.cli.serve import serve_command
from briefgen.preview import BuildState, PreviewServer, check_host
from briefgen.preview.overlay import Pages
from briefgen.preview.server import EVENTS_PATH
from tests.conftest import REPO, write

DEADLINE = 15  # seconds a change may take to show
BANNER = 'id="briefgen-errors"'  # the error banner's element
CITATION_ERROR = ("briefs/weekly/2025-W42.yaml:9:38: error: unknown citation key '@gama' "
                  "(did you mean 'gamma'?)")


@pytest.fixture
def preview(project):
    """A preview server over the project, listening on a free port, stopped afterwards."""
    server = PreviewServer(project, port=0)
    server.start()
    thread = threading.Thread(target=server.run, name="test-preview", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stop()
        thread.join(10)
        assert not thread.is_alive()


def get(server: PreviewServer, path: str, method: str = "GET") -> tuple[int, dict, bytes]:
    """One request with the path sent exactly as given (no client-side normalising)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=DEADLINE)
    try:
        conn.request(method, path)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def page(server: PreviewServer, path: str) -> str:
    status, headers, body = get(server, path)
    assert status == 200, (path, status, body[:500])
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    return body.decode("utf-8")


def wait_for(condition, what: str):
    """Poll ``condition`` until it returns something true, for at most DEADLINE seconds."""
    end = time.monotonic() + DEADLINE
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def open_events(server: PreviewServer, since: int) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=DEADLINE)
    conn.request("GET", f"/_briefgen/events?since={since}")
    response = conn.getresponse()
    assert response.status == 200
    assert response.getheader("Content-Type").startswith("text/event-stream")
    return conn, response


def next_event(response: http.client.HTTPResponse) -> dict[str, str]:
    """The next Server-Sent Event (comments skipped), as its fields."""
    fields: dict[str, str] = {}
    for _ in range(100):
        line = response.readline().decode("utf-8")
        assert line, "the event stream closed"
        line = line.rstrip("\n")
        if not line:
            if "event" in fields:
                return fields
            fields = {}
        elif not line.startswith(":"):
            name, _, value = line.partition(":")
            fields[name] = value.strip()
    raise AssertionError("no event")


def test_editing_a_brief_rebuilds_the_page_and_tells_the_browser(preview, project):
    text = page(preview, "/weekly/2025-W42.html")
    generation = preview.generation
    assert "<h1 class=\"doc-title\">Sample weekly brief</h1>" in text
    assert '<a href="/weekly/2025-W42.pdf"' in text
    assert f'EventSource("/_briefgen/events?since={generation}")' in text
    assert BANNER not in text
    index = page(preview, "/")
    assert '<a href="/weekly/2025-W42.html">Sample weekly brief</a>' in index
    assert '<a href="/themes/sample-theme.html">Sample theme about drones</a>' in index
    assert '<a href="/themes/sample-theme.pdf">PDF</a>' in index

    conn, events = open_events(preview, generation)
    try:
        edit(project / "briefs/weekly/2025-W42.yaml", "title: Sample weekly brief", "title: Kyiv ends the freeze")
        event = next_event(events)
        assert event["event"] == "reload" and int(event["data"]) > generation
    finally:
        conn.close()
    text = wait_for(lambda: (t := page(preview, "/weekly/2025-W42.html")) and "Kyiv ends the freeze" in t and t,
                    "the new title")
    assert "<h1 class=\"doc-title\">Kyiv ends the freeze</h1>" in text
    assert "Sample weekly brief" not in text
    assert "Kyiv ends the freeze" in page(preview, "/")

    # A page served before the rebuild that connects only now is told to reload at once.
    conn, events = open_events(preview, generation)
    try:
        assert next_event(events)["event"] == "reload"
    finally:
        conn.close()


def test_a_content_error_is_shown_in_the_page_until_fixed(preview, project):
    brief = project / "briefs/weekly/2025-W42.yaml"
    edit(brief, "[@gamma]", "[@gama]")
    shown = str(escape(CITATION_ERROR))  # quotes as &#39;, as the pages' templates escape them
    text = wait_for(lambda: (t := page(preview, "/weekly/2025-W42.html")) and shown in t and t, "the error")
    assert '<div id="briefgen-errors" role="alert"' in text
    assert text.index(BANNER) < text.index("doc-title")  # at the top of the page
    assert "Sample weekly brief" in text  # the last good build is still served
    assert shown in page(preview, "/")
    assert shown in page(preview, "/themes/sample-theme.html")
    status = json.loads(get(preview, "/_briefgen/status")[2])
    assert status["ok"] is False and status["errors"] == [CITATION_ERROR]

    code, _, body = get(preview, "/weekly/2025-W42.pdf")  # the PDF cannot be built either
    assert code == 500 and shown in body.decode()

    edit(brief, "[@gama]", "[@gamma]")
    wait_for(lambda: BANNER not in page(preview, "/weekly/2025-W42.html"), "the error to go")
    assert BANNER not in page(preview, "/")
    assert json.loads(get(preview, "/_briefgen/status")[2])["ok"] is True


def test_a_project_broken_at_start_is_served_once_fixed(project):
    brief = project / "briefs/weekly/2025-W42.yaml"
    edit(brief, "[@gamma]", "[@gama]")
    server = PreviewServer(project, port=0)
    server.start()
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        status, _, body = get(server, "/weekly/2025-W42.html")  # nothing built yet: 404, with the reason
        assert status == 404 and str(escape(CITATION_ERROR)) in body.decode()
        assert "nothing could be built yet" in page(server, "/")
        edit(brief, "[@gama]", "[@gamma]")
        wait_for(lambda: get(server, "/weekly/2025-W42.html")[0] == 200, "the first good build")
        assert BANNER not in page(server, "/weekly/2025-W42.html")

        config = write(project / "briefgen.toml", 'page_size = "A3"\n')  # a config error is shown too
        text = wait_for(lambda: (t := page(server, "/")) and BANNER in t and t, "the config error")
        assert "briefgen.toml:1:1: error: &#39;page_size&#39; must be one of" in text
        config.unlink()
        wait_for(lambda: BANNER not in page(server, "/"), "the config error to go")
    finally:
        server.stop()
        thread.join(10)
    assert not thread.is_alive()


def test_error_text_is_escaped(preview, project):
    edit(project / "briefs/weekly/2025-W42.yaml", "lang: en\n", "lang: en\n'<script>alert(1)</script>': x\n")
    text = wait_for(lambda: (t := page(preview, "/weekly/2025-W42.html")) and BANNER in t and t,
                    "the error")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script>alert(1)" not in text


def test_stylesheet_and_template_changes_show(preview, project):
    write(project / "style.css", ".masthead { border-color: rgb(1, 2, 3); }\n")
    wait_for(lambda: b"rgb(1, 2, 3)" in get(preview, "/style.css")[2], "the project's stylesheet")
    _status, headers, _ = get(preview, "/style.css")
    assert headers["Content-Type"] == "text/css; charset=utf-8"
    edit(project / "style.css", "rgb(1, 2, 3)", "rgb(4, 5, 6)")
    wait_for(lambda: b"rgb(4, 5, 6)" in get(preview, "/style.css")[2], "the edited stylesheet")

    # A templates folder that did not exist when the server started.
    template = write(project / "templates/weekly.html",
                     '{% extends "default/weekly.html" %}\n'
                     '{% block bluf %}<p class="disclaimer">Draft one</p>{{ super() }}{% endblock %}\n')
    wait_for(lambda: "Draft one" in page(preview, "/weekly/2025-W42.html"), "the new template")
    edit(template, "Draft one", "Draft two")
    wait_for(lambda: "Draft two" in page(preview, "/weekly/2025-W42.html"), "the edited template")

    edit(template, "{% endblock %}", "{% endblok %}")  # a template error is shown, not fatal
    text = wait_for(lambda: (t := page(preview, "/weekly/2025-W42.html")) and BANNER in t and t,
                    "the template error")
    assert "templates/weekly.html:2: template syntax error" in text
    edit(template, "{% endblok %}", "{% endblock %}")
    wait_for(lambda: BANNER not in page(preview, "/weekly/2025-W42.html"), "the error to go")


def test_pdf_of_the_brief_on_demand(preview):
    status, headers, body = get(preview, "/weekly/2025-W42.pdf")
    assert status == 200, body[:500]
    assert headers["Content-Type"] == "application/pdf"
    assert body.startswith(b"%PDF")
    started = time.monotonic()
    assert get(preview, "/weekly/2025-W42.pdf")[2] == body  # kept until the next build
    assert time.monotonic() - started < 0.5
    assert get(preview, "/weekly/2099-W01.pdf")[0] == 404
    assert get(preview, "/themes/Not_An_Id.pdf")[0] == 404


@pytest.mark.parametrize("path", [
    "/../../etc/passwd",
    "/weekly/../../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/weekly/..%2f..%2f..%2fetc%2fpasswd",
    "/..%5c..%5cetc%5cpasswd",
    "/%252e%252e/%252e%252e/etc/passwd",
    "//etc/passwd",
    "/etc/passwd%00.html",
    "http://127.0.0.1/../../etc/passwd",
])
def test_no_file_outside_the_build_is_served(preview, path):
    status, _, body = get(preview, path)
    assert status in (400, 403, 404)  # 403: an absolute target names port 80 in its Host
    assert b"root:" not in body


def test_only_files_of_the_build_are_served(preview):
    assert get(preview, "/weekly/")[0] == 404
    assert get(preview, "/weekly/2025-W42.yaml")[0] == 404
    assert get(preview, "/briefs/weekly/2025-W42.yaml")[0] == 404
    status, headers, body = get(preview, "/weekly/2025-W42.html", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.org"])
def test_a_non_loopback_host_is_refused(project, host):
    result = CliRunner().invoke(serve_command, ["--host", host, "--port", "0"])
    assert result.exit_code == 2
    assert "loopback" in result.output


def test_loopback_hosts():
    assert check_host("127.0.0.1") == "127.0.0.1"
    assert check_host("localhost") == "127.0.0.1"
    assert check_host("127.0.0.2") == "127.0.0.2"
    assert check_host("::1") == "::1"


def test_decorated_page_works_without_javascript():
    page_html = '<html><head></head><body class="weekly"><h1>T</h1></body></html>'
    state = BuildState(generation=7, errors=("a.yaml:1:2: error: <b>bad</b> & worse",))
    out = Pages(EVENTS_PATH).decorate(page_html, state, pdf_href="/weekly/x.pdf")
    top = out.index('<body class="weekly">') + len('<body class="weekly">')
    assert out.index('href="/weekly/x.pdf"') > top  # plain links and text, before the content
    assert out.index("a.yaml:1:2: error: &lt;b&gt;bad&lt;/b&gt; &amp; worse") < out.index("<h1>T</h1>")
    assert out.index("<script>") > out.index("<h1>T</h1>") and out.endswith("</body></html>")
    assert 'since=7' in out


def test_the_command_serves_and_stops_cleanly_on_ctrl_c(project, tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    code = ("import sys, urllib.request\n"
            "from briefgen.cli.serve import serve_command\n"
            "serve_command(sys.argv[1:], prog_name='briefgen serve')\n")
    process = subprocess.Popen([sys.executable, "-c", code, "--port", "0"], cwd=project, stderr=subprocess.PIPE,
                               text=True, env={**os.environ, "TMPDIR": str(temp), "PYTHONPATH": str(REPO)})
    try:
        lines = []
        while not lines or not lines[-1].startswith("serving "):
            line = process.stderr.readline()
            assert line, "".join(lines)
            lines.append(line)
        url = lines[-1].split()[1]
        assert url.startswith("http://127.0.0.1:") and url.endswith("/")
        conn = http.client.HTTPConnection("127.0.0.1", int(url.rsplit(":", 1)[1].strip("/")), timeout=DEADLINE)
        conn.request("GET", "/weekly/2025-W42.html")
        assert conn.getresponse().status == 200
        conn.close()
        assert len(list(temp.iterdir())) == 1  # the private build folder
        process.send_signal(signal.SIGINT)
        assert process.wait(DEADLINE) == 0
        assert list(temp.iterdir()) == []
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()


def test_weasyprint_is_loaded_only_for_a_pdf_and_never_in_the_server_process(project):
    code = ("import os, sys, threading, urllib.request\n"
            "from briefgen.preview.server import PreviewServer\n"
            "def pdf_servers():\n"  # our children running multiprocessing's fork server (it loads WeasyPrint)
            "    found = 0\n"
            "    for pid in filter(str.isdigit, os.listdir('/proc')):\n"
            "        try:\n"
            "            stat = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()\n"
            "            command = open(f'/proc/{pid}/cmdline', 'rb').read()\n"
            "        except OSError:\n"
            "            continue\n"
            "        found += int(stat[1]) == os.getpid() and b'forkserver' in command\n"
            "    return found\n"
            "server = PreviewServer(sys.argv[1], port=0)\n"
            "server.start()\n"
            "thread = threading.Thread(target=server.run); thread.start()\n"
            "try:\n"
            "    urllib.request.urlopen(server.url + 'weekly/2025-W42.html', timeout=15).read()\n"
            "    print('weasyprint' in sys.modules, pdf_servers())\n"
            "    data = urllib.request.urlopen(server.url + 'weekly/2025-W42.pdf', timeout=60).read()\n"
            "    print(data[:5].decode(), 'weasyprint' in sys.modules, pdf_servers())\n"
            "finally:\n"
            "    server.stop(); thread.join()\n")
    result = subprocess.run([sys.executable, "-c", code, str(project)], capture_output=True, text=True,
                            timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "0", "%PDF-", "False", "1"]
