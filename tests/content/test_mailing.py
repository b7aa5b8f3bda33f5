"""The e-mail settings: `base_url` and the `[email]` table of briefgen.toml, with located errors."""

import pytest

from briefgen.content.config import load_config
from briefgen.content.mailing import MailConfig, is_address
from briefgen.errors import ContentError
from tests.conftest import write


def test_the_email_table_and_the_base_url(project):
    write(project / "briefgen.toml", 'base_url = "https://example.org/briefs"\n\n[email]\n'
          'from = "Desk <desk@example.org>"\nhost = "smtp.example.org"\nsecurity = "tls"\nbcc = true\n')
    config = load_config(project)
    assert config.base_url == "https://example.org/briefs/"
    assert config.email == MailConfig("Desk <desk@example.org>", "smtp.example.org", 0, "tls", True)
    assert config.email.effective_port == 465


def test_defaults_send_nowhere():
    assert MailConfig().effective_port == 587 and not MailConfig().host and not MailConfig().sender


def test_every_bad_value_is_an_error_at_the_table(project):
    write(project / "briefgen.toml", 'base_url = "ftp://example.org"\n[email]\nfrom = "not an address"\n'
          'port = 70000\nsecurity = "ssl"\nbcc = "yes"\nhots = "x"\n')
    with pytest.raises(ContentError) as info:
        load_config(project)
    assert sorted(str(d) for d in info.value.diagnostics.items) == sorted([
        "briefgen.toml:1:1: error: 'base_url': the base URL must be an absolute http(s) address such as "
        "https://example.org/briefs/, not 'ftp://example.org'",
        "briefgen.toml:2:1: error: unknown key 'hots' in [email] (did you mean 'host'?)",
        'briefgen.toml:2:1: error: email.from must be one e-mail address, such as "Desk <desk@example.org>"',
        "briefgen.toml:2:1: error: email.port must be a port number",
        "briefgen.toml:2:1: error: email.security must be one of starttls, tls, none",
        "briefgen.toml:2:1: error: email.bcc must be true or false"])


@pytest.mark.parametrize(("text", "good"), [
    ("desk@example.org", True), ("Desk <desk@example.org>", True), ("desk@localhost", False),
    ("a@b.org, c@d.org", False), ("desk", False), ("@example.org", False), ("desk@example.org\nBcc: x@y.z", False),
])
def test_an_address_is_one_address(text, good):
    assert is_address(text) is good
