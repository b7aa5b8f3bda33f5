"""`briefgen serve` answers only requests addressed to it: a foreign Host (DNS rebinding)
or a foreign Origin gets 403 and nothing of the project, on every route."""

from __future__ import annotations

import http.client

import pytest

from briefgen.preview.safety import addressed_to_us
from tests.preview.test_serve import preview  # noqa: F401 (the fixture: a real server on a free port)

ROUTES = ["/", "/themes/sample-theme.html", "/_briefgen/status", "/themes/sample-theme.pdf", "/style.css",
          "/_briefgen/events", "/nope.html"]


def ask(server, path: str, headers: dict[str, str], method: str = "GET") -> tuple[int, bytes]:
    """One request with exactly these headers (``Host`` included: no default is added)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
    try:
        conn.putrequest(method, path, skip_host=True)
        for name, value in headers.items():
            conn.putheader(name, value)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read(200)
    finally:
        conn.close()


@pytest.mark.parametrize("path", ROUTES)
def test_a_foreign_host_is_refused_on_every_route(preview, path):  # noqa: F811 (fault 2)
    status, body = ask(preview, path, {"Host": "evil.attacker.example"})
    assert status == 403 and b"Sample theme" not in body and b"generation" not in body


def test_a_foreign_origin_is_refused_even_with_our_host(preview):  # noqa: F811 (fault 2)
    ours = f"127.0.0.1:{preview.port}"
    assert ask(preview, "/_briefgen/status", {"Host": ours, "Origin": "http://evil.attacker.example"})[0] == 403
    assert ask(preview, "/_briefgen/status", {"Host": ours, "Origin": "null"})[0] == 403
    assert ask(preview, "/_briefgen/status", {"Host": ours, "Origin": f"http://{ours}"})[0] == 200


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:1", "127.0.0.1.evil.example:{port}", "127.0.0.2:{port}",
                                  "localhost.:{port}", "[::1]:{port}", "user@127.0.0.1:{port}", ""])
def test_look_alike_hosts_and_a_missing_host_are_refused(preview, host):  # noqa: F811 (variants)
    headers = {"Host": host.format(port=preview.port)} if host else {}
    assert ask(preview, "/", headers)[0] == 403


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}"])
def test_the_address_we_listen_on_is_answered(preview, host):  # noqa: F811
    status, body = ask(preview, "/themes/sample-theme.html", {"Host": host.format(port=preview.port)})
    assert status == 200 and b"Sample theme" in body


def test_the_rule_for_ipv6_and_the_default_port():
    assert addressed_to_us("[::1]:8000", "http://[::1]:8000", "::1", 8000)
    assert not addressed_to_us("[::1]:8000", "https://[::1]:8000", "::1", 8000)
    assert not addressed_to_us("127.0.0.1:8000", None, "::1", 8000)
    assert addressed_to_us("127.0.0.1", None, "127.0.0.1", 80)
    assert not addressed_to_us("127.0.0.1:80", "http://127.0.0.1:80/page", "127.0.0.1", 80)
