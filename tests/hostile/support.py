"""Helpers for the hostile-input tests (tests/hostile/, see its README); this module holds no tests.

``executable_parts`` reads HTML the way a browser would and lists anything that could run
or load something; ``pdf_scan`` walks every object of a PDF for actions and links.
"""

from __future__ import annotations

import http.server
import re
import threading
from html.parser import HTMLParser
from pathlib import Path

import yaml
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

HOSTILE = Path(__file__).parent.parent / "fixtures" / "hostile"

FRAME_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcset", "poster", "background", "xlink:href",
                  "ping", "srcdoc", "codebase", "manifest", "lowsrc", "dynsrc"}
SAFE_SCHEMES = {"http", "https", "mailto"}
DANGEROUS_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/Rendition"}


def payloads() -> dict[str, list[str]]:
    return yaml.safe_load((HOSTILE / "payloads.yaml").read_text("utf-8"))


def scheme(url: str) -> str:
    """The scheme a browser would see in ``url``: C0 controls and spaces trimmed, tabs and
    newlines removed, lower-cased; "" for a relative URL."""
    url = url.strip("".join(chr(c) for c in range(0x21)))
    url = re.sub(r"[\t\n\r]", "", url)
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", url)
    return match.group(1).lower() if match else ""


class _Scanner(HTMLParser):
    def __init__(self, allow_scripts_from: tuple[str, ...]):
        super().__init__(convert_charrefs=True)
        self.allow_scripts_from = allow_scripts_from
        self.found: list[str] = []
        self.in_style = False
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script" and values.get("src", "").endswith(self.allow_scripts_from) and \
                scheme(values.get("src", "")) == "" and self.allow_scripts_from:
            self.in_script = True  # the site's own search script: checked to be empty below
        elif tag in FRAME_TAGS:
            self.found.append(f"<{tag}> element")
        if tag == "meta" and "refresh" in (values.get("http-equiv") or "").lower():
            self.found.append("<meta http-equiv=refresh>")
        if tag == "link" and "stylesheet" not in (values.get("rel") or "") and \
                not re.fullmatch(r"(alternate|icon|canonical|preload|manifest|search)", values.get("rel") or ""):
            self.found.append(f"<link rel={values.get('rel')!r}>")
        if tag == "style":
            self.in_style = True
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…> handler")
            if name == "style" and re.search(r"url\s*\(|expression\s*\(|javascript", value, re.I):
                self.found.append(f"<{tag} style={value!r}>")
            if name in URL_ATTRIBUTES:
                kind = scheme(value)
                harmless_data = kind == "data" and ((tag == "img" and name == "src" and value.startswith("data:image/"))
                                                    or (tag == "link" and value == "data:,"))  # "no favicon"
                if kind and kind not in SAFE_SCHEMES and not harmless_data:
                    self.found.append(f"<{tag} {name}={value[:60]!r}>")
                if name == "srcdoc":
                    self.found.append(f"<{tag} srcdoc>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_style and re.search(r"url\s*\(|expression|javascript|@import", data, re.I):
            self.found.append(f"<style> with {data.strip()[:60]!r}")
        if self.in_script and data.strip():
            self.found.append("inline script content")


def executable_parts(html: str, allow_scripts_from: tuple[str, ...] = ()) -> list[str]:
    """Everything in ``html`` that could run code or load something unasked: script, frame,
    object and form elements, event handlers, refresh, non-stylesheet links, ``url()`` in
    styles, and URLs whose scheme is not http(s) or mailto (``data:image/`` only for images)."""
    scanner = _Scanner(allow_scripts_from)
    scanner.feed(html)
    scanner.close()
    return scanner.found


def pdf_scan(path: Path) -> dict:
    """Every dictionary key, action type (/S), URI and embedded file name of a PDF."""
    reader = PdfReader(path)
    keys, actions, uris, files = set(), set(), [], []
    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                keys.add(key)
                resolved = value.get_object() if isinstance(value, IndirectObject) else value
                if key == "/S" and (obj.get("/Type") == "/Action" or "/URI" in obj or "/JS" in obj
                                    or str(resolved) in DANGEROUS_ACTIONS):
                    actions.add(str(resolved))
                if key == "/URI":
                    uris.append(str(resolved))
                if key == "/Type" and str(resolved) == "/Filespec":
                    files.append(str(obj.get("/UF") or obj.get("/F")))
                stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    annotations = [annot.get_object().get("/Subtype") for page in reader.pages for annot in page.get("/Annots", [])]
    return {"keys": keys, "actions": actions, "uris": uris, "files": sorted(files), "annotations": annotations}


def assert_pdf_is_inert(path: Path, attachments: set[str]) -> None:
    """No JavaScript, launch or form action, no link but http(s)/mailto, and only ``attachments``."""
    scan = pdf_scan(path)
    for key in ("/JS", "/JavaScript", "/Launch", "/AA", "/OpenAction", "/AcroForm", "/XFA", "/SubmitForm"):
        assert key not in scan["keys"], f"{path.name} holds {key}"
    assert scan["actions"] <= {"/URI"}, scan["actions"]
    for uri in scan["uris"]:
        assert scheme(uri) in SAFE_SCHEMES, f"{path.name} links to {uri!r}"
    assert set(scan["files"]) == attachments, scan["files"]
    assert "/FileAttachment" not in scan["annotations"]


class CountingServer:
    """An HTTP server on 127.0.0.1 that counts every request (and redirects, to tempt a fetcher)."""

    def __init__(self):
        counter = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                counter.hits += 1
                self.send_response(302)
                self.send_header("Location", "file:///etc/passwd")
                self.end_headers()

            do_HEAD = do_POST = do_GET

            def log_message(self, *args):
                pass

        self.hits = 0
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self) -> CountingServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
