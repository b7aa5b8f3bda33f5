"""`briefgen send` against a real SMTP server on loopback (aiosmtpd): what arrives is read
back with Python's `email` package; a dry run sends nothing, a draft is refused, a failure
part way names who received the brief, and a rerun sends only to the rest."""

import email
import shutil
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner

from briefgen.cli.main import main
from tests.conftest import FIXTURES, write
from tests.render.test_since import make_cycle

READERS = ("ana@example.org", "ben@example.org", "cleo@example.net")


class Inbox:
    """An SMTP server's handler: keeps every message, refuses the recipients in ``refused``."""

    def __init__(self):
        self.received: list[tuple[str, list[str], bytes]] = []
        self.refused: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller.port
    controller.stop()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The project of ``cycle``, configured to send, brief No. 2 cleared and its e-mail edition
    built once: each test copies it, and the build finds it up to date."""
    root = tmp_path_factory.mktemp("desk") / "project"
    shutil.copytree(FIXTURES / "project", root)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        make_cycle(root)
        write(root / "briefgen.toml", '[email]\nfrom = "Test Desk <desk@example.org>"\nhost = "127.0.0.1"\n'
                                      'security = "none"\n')
        runner = CliRunner()
        assert runner.invoke(main, ["clear", "2025-W43", "--by", "Desk", "--on", "2025-10-24"]).exit_code == 0
        assert runner.invoke(main, ["build", "--format", "email", "-q", "briefs/weekly/2025-W43.yaml"]).exit_code == 0
    return root


@pytest.fixture
def desk(built, inbox, tmp_path, monkeypatch):
    """A copy of ``built``, with a file of readers; the working directory is set to it."""
    root = tmp_path / "project"
    shutil.copytree(built, root)
    write(root / "readers.txt", "# the desk's readers\nana@example.org\n\nBen <ben@example.org>\ncleo@example.net\n")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def send(cli, inbox):
    """``briefgen send`` through the loopback server."""
    _, port = inbox

    def invoke(*args: str):
        return cli("send", *args, "--smtp", f"127.0.0.1:{port}")

    return invoke


def parse(data: bytes):
    return email.message_from_bytes(data, policy=policy.default)


def test_a_dry_run_says_what_would_be_sent_and_sends_nothing(desk, inbox, send):
    handler, port = inbox
    result = send("2025-W43", "--to", "readers.txt")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"would send 2025-W43 “Weekly Brief No. 2: Second brief” via 127.0.0.1:{port} (no TLS), one message each, "
        "to 3 recipients:\n  ana@example.org\n  Ben <ben@example.org>\n  cleo@example.net\n"
        "dry run: nothing sent; add --yes to send\n")
    assert handler.received == []


def test_each_reader_gets_the_brief_as_built(desk, inbox, send):
    handler, _ = inbox
    result = send("2025-W43", "--to", "readers.txt", "--yes")
    assert result.exit_code == 0, result.stderr
    assert [(sender, to) for sender, to, _ in handler.received] == [
        ("desk@example.org", [reader]) for reader in READERS]
    built = parse((desk / "out/weekly/2025-W43.eml").read_bytes())
    for (_, _, data), shown in zip(handler.received, ("ana@example.org", "Ben <ben@example.org>",
                                                              "cleo@example.net"), strict=True):
        message = parse(data)
        assert message["To"] == shown
        assert message["Subject"] == "Weekly Brief No. 2: Second brief"
        assert message["Message-ID"] == built["Message-ID"]
        assert [p.get_content_type() for p in message.walk()] == [
            "multipart/mixed", "multipart/alternative", "text/plain", "text/html", "application/pdf"]
        (pdf,) = message.iter_attachments()
        assert pdf.get_content() == (desk / "out/weekly/2025-W43.pdf").read_bytes()
        html = message.get_body(("html",)).get_content()
        assert "<script" not in html and "http://" not in html and len(html.encode()) < 102_000
    result = send("2025-W43", "--to", "readers.txt", "--yes")  # all of them have it
    assert "to 0 recipients:" in result.stdout and "already sent, skipped: ana@example.org" in result.stdout
    assert len(handler.received) == 3


def test_a_failure_part_way_names_who_got_it_and_a_rerun_sends_to_the_rest(desk, inbox, send):
    handler, _ = inbox
    handler.refused = {"ben@example.org"}
    result = send("2025-W43", "--to", "readers.txt", "--yes")
    assert result.exit_code == 1
    assert "sent: ana@example.org\nsent: cleo@example.net\n" in result.stdout
    assert result.stderr == ("not sent: Ben <ben@example.org>: 550 5.1.1 mailbox unavailable\n"
                             "error: 1 of 3 not sent; run the same command again to send to them only\n")
    handler.refused = set()
    result = send("2025-W43", "--to", "readers.txt", "--yes")
    assert result.exit_code == 0
    assert "already sent, skipped: ana@example.org, cleo@example.net" in result.stdout
    assert [to for _, to, _ in handler.received] == [["ana@example.org"], ["cleo@example.net"], ["ben@example.org"]]


def test_a_server_that_cannot_be_reached_sends_to_no_one(desk, cli):
    result = cli("send", "2025-W43", "--to", "ana@example.org", "--yes", "--smtp", f"127.0.0.1:{free_port()}")
    assert result.exit_code == 1
    assert result.stderr.startswith("not sent: ana@example.org: ")


def test_bcc_sends_one_message_with_no_reader_in_its_headers(desk, inbox, send):
    handler, _ = inbox
    config = desk / "briefgen.toml"
    config.write_text(config.read_text() + "bcc = true\n")
    result = send("2025-W43", "--to", "readers.txt", "--yes")
    assert result.exit_code == 0, result.stderr
    ((_, to, data),) = handler.received
    assert to == list(READERS)
    message = parse(data)
    assert message["To"] == "undisclosed-recipients:;"
    assert not any(reader.encode() in data for reader in READERS)


def test_a_draft_is_refused_unless_sent_as_one(desk, inbox, send):
    handler, _ = inbox
    brief = desk / "briefs/weekly/2025-W43.yaml"
    brief.write_text(brief.read_text().replace("title: Second brief", "title: Second brief, edited"))
    result = send("2025-W43", "--to", "ana@example.org", "--yes")
    assert result.exit_code == 1
    assert "error: 2025-W43 is not cleared for release" in result.stderr and handler.received == []
    assert send("2025-W43", "--to", "ana@example.org", "--yes", "--draft").exit_code == 0
    (_, _, data), = handler.received
    assert parse(data)["Subject"] == "[DRAFT — NOT CLEARED FOR RELEASE] Weekly Brief No. 2: Second brief, edited"


def test_credentials_never_travel_without_tls(desk, inbox, send, monkeypatch):
    handler, _ = inbox
    monkeypatch.setenv("BRIEFGEN_SMTP_USER", "desk")
    monkeypatch.setenv("BRIEFGEN_SMTP_PASSWORD", "secret")
    result = send("2025-W43", "--to", "ana@example.org", "--yes")
    assert result.exit_code == 1
    assert "BRIEFGEN_SMTP_USER is set but the connection to 127.0.0.1" in result.stderr and handler.received == []


def test_bad_recipients_are_located_errors(desk, send):
    write(desk / "readers.txt", "ana@example.org\nnot an address\n")
    result = send("2025-W43", "--to", "readers.txt", "--to", "bob@", "--to", "missing.txt")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "--to: error: not an e-mail address: 'bob@'",
        "--to: error: not an e-mail address: 'missing.txt'",
        "readers.txt:2:1: error: not an e-mail address: 'not an address'"]
